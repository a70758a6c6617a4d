"""The layouts of the tables analysts really receive (issue 9), as generated workbooks of
the same shapes as the real BPS and open-data tables in ../shared/real-tables: each test
asserts values, not only row counts."""

import pandas as pd
import pytest
from workbooks import csv_text, xlsx

import paritrana_analysis as pa
from paritrana_analysis import DataError

# ---------------------------------------------------------------- open-data portal exports

JABAR_HEAD = ("id,kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,"
              "jumlah_penduduk,satuan,tahun")


def test_open_data_export_as_published(tmp_path):
    path = csv_text(tmp_path / "od.csv", [
        JABAR_HEAD,
        "1,32,JAWA BARAT,3201,KABUPATEN BOGOR,1852165,ORANG,2011",
        "2,32,JAWA BARAT,3273,KOTA BANDUNG,1100000,ORANG,2011",
        "3,32,JAWA BARAT,3201,KABUPATEN BOGOR,1900000,ORANG,2012",
        "4,32,JAWA BARAT,3273,KOTA BANDUNG,0,ORANG,2012",
    ], encoding="utf-8")
    df = pa.read_workforce(path, cache=False)
    assert df["region_code"].tolist() == ["32.01", "32.73", "32.01", "32.73"]
    assert set(df["level"]) == {"regency"}
    assert df["employed"].tolist() == [1852165, 1100000, 1900000, 0]
    assert df["as_of"].dt.year.tolist() == [2011, 2011, 2012, 2012]
    assert (df["as_of"].dt.strftime("%m-%d") == "12-31").all()  # the year-only convention
    assert any("jumlah_penduduk" in d and "employed" in d for d in df.attrs["decisions"])
    # Kota Bandung 2012 = 0 among non-zero counts: a warning, not a refusal
    assert any("zero employed" in w and "row 5" in w for w in df.attrs["warnings"])


def test_open_data_codes_and_years_written_as_floats(tmp_path):
    path = csv_text(tmp_path / "od.csv", [
        "kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,jumlah_penduduk,"
        "satuan,tahun",
        "32.0,JAWA BARAT,3201.0,KABUPATEN BOGOR,1852165,ORANG,2019.0",
    ], encoding="utf-8")
    df = pa.read_workforce(path, cache=False)
    assert df["region_code"].tolist() == ["32.01"]
    assert df["as_of"].tolist() == [pd.Timestamp("2019-12-31")]


def test_as_of_applied_to_year_only_data(tmp_path):
    rows = [JABAR_HEAD, "1,32,JAWA BARAT,3201,KABUPATEN BOGOR,10,ORANG,2011",
            "2,32,JAWA BARAT,3201,KABUPATEN BOGOR,11,ORANG,2012"]
    path = csv_text(tmp_path / "od.csv", rows, encoding="utf-8")
    df = pa.read_workforce(path, as_of="2021-08-01", cache=False)
    assert df["as_of"].tolist() == [pd.Timestamp("2011-08-01"), pd.Timestamp("2012-08-01")]
    one = csv_text(tmp_path / "one.csv", rows[:2], encoding="utf-8")
    assert pa.read_workforce(one, as_of="2011-08-15", cache=False)["as_of"].tolist() == [
        pd.Timestamp("2011-08-15")]


def test_bps_code_column_alone_goes_through_the_bps_table(tmp_path):
    # BPS 1608 is Kab. OKU Selatan, whose Kemendagri code is 16.09 (16.08 is OKU Timur)
    path = csv_text(tmp_path / "codes.csv", [
        "kode_kabupaten_kota,jumlah_penduduk_bekerja,tahun",
        "1608,180000,2024", "1609,300000,2024", "3171,1200000,2024"], encoding="utf-8")
    df = pa.read_workforce(path, cache=False)
    assert df["region_code"].tolist() == ["16.09", "16.08", "31.74"]
    assert df["region"].tolist()[0] == "Kab. Ogan Komering Ulu Selatan"


def test_code_and_name_that_disagree_are_a_problem(tmp_path):
    path = csv_text(tmp_path / "codes.csv", [
        "kode_kabupaten_kota,nama_kabupaten_kota,jumlah_penduduk_bekerja,tahun",
        "1608,KABUPATEN OGAN KOMERING ULU TIMUR,180000,2024"], encoding="utf-8")
    with pytest.raises(DataError) as err:
        pa.read_workforce(path, cache=False)
    (p,) = err.value.problems
    assert "1608 is Kab. Ogan Komering Ulu Selatan but the name says" in p.reason
    assert p.row == 2


def test_semicolon_export_of_another_measure_is_refused_naming_its_columns(tmp_path):
    path = csv_text(tmp_path / "pengangguran.csv", [
        "id;kode_provinsi;nama_provinsi;pendidikan;jumlah_pengangguran_terbuka;satuan;tahun",
        "1;32;JAWA BARAT;SD;395126;ORANG;2011"], encoding="utf-8")
    with pytest.raises(DataError) as err:
        pa.read_any(path, cache=False)
    assert "jumlah_pengangguran_terbuka" in str(err.value)
    assert "id;kode_provinsi" not in str(err.value)
    with pytest.raises(DataError):  # unemployment is never read as employed
        pa.read_workforce(path, cache=False)


def test_unit_column_scales_each_row(tmp_path):
    path = csv_text(tmp_path / "units.csv", [
        "nama_kabupaten_kota;jumlah_penduduk_bekerja;satuan;tahun",
        "Kota Jambi;300;RIBU ORANG;2024", "Kab. Kerinci;120000;ORANG;2024",
        "Kab. Bungo;5,1;PERSEN;2024"])
    with pytest.raises(DataError) as err:
        pa.read_workforce(path, cache=False)
    (p,) = err.value.problems
    assert p.row == 4 and p.column == "satuan" and p.value == "PERSEN"
    path = csv_text(tmp_path / "units.csv", [
        "nama_kabupaten_kota;jumlah_penduduk_bekerja;satuan;tahun",
        "Kota Jambi;300;RIBU ORANG;2024", "Kab. Kerinci;120000;ORANG;2024"])
    assert pa.read_workforce(path, cache=False)["employed"].tolist() == [300000, 120000]


def test_abbreviated_open_data_headers(tmp_path):
    path = csv_text(tmp_path / "abbr.csv", [
        "thn,kd_prov,nm_prov,kd_kabkot,nm_kabkot,jumlah_peserta_aktif",
        "2024,16,SUMATERA SELATAN,1671,KOTA PALEMBANG,400000"], encoding="utf-8")
    df = pa.read_coverage(path, cache=False)
    assert df["region_code"].tolist() == ["16.71"] and df["covered"].tolist() == [400000]


# ---------------------------------------------------------------- BPS publication tables


def bps_table(tmp_path, *, numbering, name="bps.xlsx"):
    rows = [
        ["Tabel 3.2 Penduduk Berumur 15 Tahun ke Atas yang Bekerja menurut Kabupaten/Kota "
         "di Provinsi Jawa Timur (Ribu Orang)"],
        [],
        ["Kabupaten/Kota\nRegency/Municipality", "Penduduk Bekerja\nEmployed", None],
        [None, "Februari 2024", "Agustus 2024"],
        numbering,
        ["06. Kediri", 900.5, 910.25],
        ["71. Kota Kediri", 150, 151.75],
        ["Provinsi Jawa Timur", 1050.5, 1062],
        [],
        ["Sumber/Source: BPS, Sakernas"],
        ["*) angka sementara"],
    ]
    return xlsx(tmp_path / name, rows, merges=["A3:A4", "B3:C3"])


@pytest.mark.parametrize("numbering", [["(1)", "(2)", "(3)"], [-1, -2, -3]])
def test_bps_table_stacked_bilingual_headers(tmp_path, numbering):
    df = pa.read_workforce(bps_table(tmp_path, numbering=numbering), cache=False)
    assert df.attrs["header_row"] == 5
    got = df.set_index(["region_code", "as_of"])["employed"]
    assert got[("35.06", pd.Timestamp("2024-02-01"))] == 900500  # thousands, scaled
    assert got[("35.71", pd.Timestamp("2024-08-01"))] == 151750
    assert got[("ID-JI", pd.Timestamp("2024-08-01"))] == 1062000  # the province row
    assert df.attrs["notes"][0].startswith("Sumber/Source: BPS")
    assert any("multiplied by 1.000" in d for d in df.attrs["decisions"])


def test_bps_numbered_names_use_the_province_of_the_title(tmp_path):
    rows = [["Provinsi: Jambi"], ["Kabupaten/Kota", "Peserta Aktif", "Tanggal Data"],
            ["71. Jambi", 100, "2025-07-31"], ["01. Kerinci", 50, "2025-07-31"]]
    df = pa.read_coverage(xlsx(tmp_path / "t.xlsx", rows), cache=False)
    assert df["region_code"].tolist() == ["15.71", "15.01"]


# ---------------------------------------------------------------- wide tables


def test_wide_table_per_measure_and_year(tmp_path):
    rows = [["Kabupaten/Kota", "Bekerja 2023", "Pengangguran 2023", "TPT 2023",
             "Bekerja 2024", "Pengangguran 2024", "TPT 2024"],
            ["Kabupaten Pacitan", 387501, 7207, 1.83, 413187, 6534, 1.56],
            ["Kota Surabaya", 1463594, 90000, 5.8, 1500000, 85000, 5.4]]
    df = pa.read_workforce(xlsx(tmp_path / "w.xlsx", rows), cache=False)
    assert len(df) == 4
    pacitan = df[df["region_code"] == "35.01"]
    pacitan = pacitan.set_index(pacitan["as_of"].dt.year)
    assert pacitan.loc[2024, "employed"] == 413187
    assert pacitan.loc[2023, "pengangguran"] == 7207  # the other measures are kept
    assert pacitan.loc[2024, "tpt"] == 1.56


def test_one_year_of_a_wide_table_named_by_the_caller(tmp_path):
    rows = [["Kabupaten/Kota", "Bekerja 2023", "Bekerja 2024"],
            ["Kabupaten Pacitan", 387501, 413187]]
    df = pa.read_workforce(xlsx(tmp_path / "w.xlsx", rows), cache=False,
                           columns={"Bekerja 2024": "employed"}, as_of="2024-08-01")
    assert df["employed"].tolist() == [413187]
    assert df["bekerja_2023"].tolist() == [387501]
    assert df["as_of"].tolist() == [pd.Timestamp("2024-08-01")]


# ---------------------------------------------------------------- long indicator tables


def test_long_indicator_table_with_region_and_indicator(tmp_path):
    path = csv_text(tmp_path / "ind.csv", [
        "tahun;indikator;satuan;nilai", "2023;Penduduk Bekerja;Orang;22703177",
        "2023;TPT;Persen;4,88", "2024;Penduduk Bekerja;Orang;23361110",
        "2024;TPT;Persen;4,19"])
    with pytest.raises(DataError) as err:
        pa.read_workforce(path, cache=False)
    (p,) = err.value.problems
    assert "'Penduduk Bekerja', 'TPT'" in p.reason and "region=" in p.reason
    assert "2023" not in p.reason.split("holds")[0]  # no data row quoted as a header
    df = pa.read_workforce(path, region="Jawa Timur", cache=False)
    assert df["employed"].tolist() == [22703177, 23361110]
    assert df["region_code"].unique().tolist() == ["ID-JI"]
    assert "other indicators left out: TPT" in df.attrs["decisions"][0]
    with pytest.raises(DataError, match="not one of the values"):
        pa.read_workforce(path, region="ID-JI", indicator="Bekerja Penuh", cache=False)


def test_bps_transposed_national_table(tmp_path):
    path = csv_text(tmp_path / "nas.csv", [
        "Kegiatan Utama,Penduduk 15+ - Laki-Laki,Penduduk 15+ - Perempuan,"
        "Penduduk 15+ - Laki-Laki + Perempuan",
        "I. Angkatan Kerja/Economically Active,84023390,54198548,138221938",
        "    Bekerja/Working,77755026,50699158,128454184",
        "    Pengangguran Terbuka/Unemployment,6268364,3499390,9767754",
        "Jumlah/Total,101957262,102015198,203972460"], encoding="utf-8-sig")
    df = pa.read_workforce(path, as_of="2020-08-01", region="ID", cache=False)
    assert df["employed"].tolist() == [128454184] and df["level"].tolist() == ["national"]


# ---------------------------------------------------------------- one region per sheet


def test_region_in_the_title_and_region_argument(tmp_path):
    rows = [["Provinsi: Sumatera Selatan"], ["Klaim JHT per bulan"],
            ["Bulan", "Jumlah Kasus", "Nominal (Rp)"], ["Juli 2025", 10, 1_000_000]]
    df = pa.read_claims(xlsx(tmp_path / "c.xlsx", rows), cache=False)
    assert df["region_code"].tolist() == ["ID-SS"]
    rows = [["Klaim per bulan"], ["Bulan", "Jumlah Kasus"], ["Juli 2025", 10]]
    path = xlsx(tmp_path / "d.xlsx", rows)
    assert pa.read_claims(path, region="Kab. Musi Banyuasin", cache=False)[
        "region_code"].tolist() == ["16.06"]
    with pytest.raises(DataError, match="did you mean 'Kab. Musi Banyuasin'"):
        pa.read_claims(path, region="Kab. Musi Banyuasn", cache=False)


# ---------------------------------------------------------------- words as people write them


def test_header_and_segment_words(tmp_path):
    rows = [["Wilayah", "Segmen", "Jumlah Terlindungi", "Potensi (Orang)", "Posisi"],
            ["Sumsel", "Pekebun Sawit (DBH Sawit)", 40011, 49640, "1 Agustus 2025"],
            ["Sumsel", "Kepala dan Perangkat Desa", 44547, 50000, "1 Agustus 2025"]]
    df = pa.read_coverage(xlsx(tmp_path / "s.xlsx", rows), cache=False)
    assert df["segment"].tolist() == ["palm_smallholders", "village_officials"]
    assert df["covered"].tolist() == [40011, 44547]
    assert df["basis"].tolist() == ["potential", "potential"]


def test_qualifier_and_basis_from_the_cells(tmp_path):
    rows = [["Provinsi", "Cakupan", "Dasar Perhitungan", "Tanggal Data"],
            ["Kalimantan Selatan", "sekitar 42%", "", "2025-03-01"],
            ["Kalimantan Timur", "lebih dari 50%", "angkatan kerja", "2025-03-01"],
            ["Jambi", "44,0", "potensi", "2025-03-01"]]
    df = pa.read_coverage(xlsx(tmp_path / "q.xlsx", rows), cache=False)
    assert df["coverage_pct"].tolist() == [42.0, 50.0, 44.0]
    assert df["qualifier"].tolist() == ["rounded", "lower_bound", "exact"]
    assert df["basis"].tolist() == ["unknown", "labour_force", "potential"]
    rows[2][2] = "penduduk miskin"
    with pytest.raises(DataError, match="not a basis: use one of potential"):
        pa.read_coverage(xlsx(tmp_path / "q.xlsx", rows), cache=False)


# ---------------------------------------------------------------- regions over time


def test_level_column_decides_the_level(tmp_path):
    rows = [["lvl_wil", "nama_wilayah", "Peserta Aktif", "Tanggal Data"],
            ["Provinsi", "Jambi", 580000, "2025-03-01"],
            ["Kota", "Jambi", 150000, "2025-03-01"],
            ["Kabupaten", "Bekasi", 300000, "2025-03-01"],
            ["Nasional", "Indonesia", 41000000, "2025-03-01"],
            ["Kabupaten/Kota", "Bengkulu", 120000, "2025-03-01"],
            ["Provinsi", "DI Yogyakarta", 900000, "2025-03-01"]]
    df = pa.read_coverage(xlsx(tmp_path / "l.xlsx", rows), cache=False)
    assert df["region_code"].tolist() == ["ID-JA", "15.71", "32.16", "ID", "17.71", "ID-YO"]


def test_former_names_and_spelling_variants(tmp_path):
    rows = [["Kabupaten/Kota", "Peserta Aktif", "Tanggal Data"],
            ["Toba Samosir", 10, "2019-12-31"], ["Mamuju Utara", 20, "2016-12-31"],
            ["Maluku Tenggara Barat", 30, "2018-12-31"], ["Kota Baru", 40, "2024-12-31"]]
    df = pa.read_coverage(xlsx(tmp_path / "r.xlsx", rows), cache=False)
    assert df["region_code"].tolist() == ["12.12", "76.01", "81.03", "63.02"]
    assert any("'Toba Samosir' is Kab. Toba (renamed in 2020)" in d
               for d in df.attrs["decisions"])


def test_misspelling_suggests_from_the_same_province(tmp_path):
    rows = [["Provinsi", "Kabupaten/Kota", "Peserta Aktif", "Tanggal Data"],
            ["Jambi", "Tanjung Jabung Tmur", 10, "2025-03-01"],
            ["Kalimantan Barat", "Kabupaten Sangau", 10, "2025-03-01"],
            ["Sulawesi Tengah", "Kabupaten Sangau", 10, "2025-03-01"]]
    with pytest.raises(DataError) as err:
        pa.read_coverage(xlsx(tmp_path / "m.xlsx", rows), cache=False)
    reasons = [p.reason for p in err.value.problems]
    assert "did you mean 'Kab. Tanjung Jabung Timur'" in reasons[0]
    # the same misspelling, another province: the nearest name inside each province
    assert "did you mean 'Kab. Sanggau'" in reasons[1]  # Kalimantan Barat
    assert "did you mean 'Kab. Banggai'" in reasons[2]  # Sulawesi Tengah
