"""Loaders on messy but valid workbooks: layout, headers, numbers, regions, kinds."""

import datetime as dt

import pandas as pd
import pytest
from workbooks import xlsx

from paritrana_analysis.load import (
    detect_kind,
    read_any,
    read_awards,
    read_claims,
    read_coverage,
    read_targets,
    read_workforce,
)
from paritrana_analysis.load.text import canonical_program, canonical_segment, norm_header

# pandas' deprecations (Pandas4Warning) in the loaders fail these tests
pytestmark = pytest.mark.filterwarnings("error::pandas.errors.Pandas4Warning")

HEADER = ["Wilayah", "Segmen", "Tanggal Data", "Peserta Aktif", "Tenaga Kerja Potensial",
          "Cakupan (%)", "Sumber"]


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr("paritrana_analysis.paths.PROCESSED_DIR", tmp_path / "processed")


def test_title_blank_rows_notes_and_date_from_title(tmp_path):
    rows = [
        ["REKAP CAKUPAN UCJ PROVINSI SUMATERA SELATAN"],
        ["Posisi 1 Agustus 2025"],
        [],
        [None, "Provinsi", "Peserta Aktif", "Tenaga Kerja Potensial", "% Coverage"],
        [None, "SUMATERA SELATAN", 1_212_345, 3_900_000, 31.09],
        [],
        [None, "Jambi", "512.000", "1.800.000", "28,44"],
        [],
        ["Sumber: BPJS Ketenagakerjaan Kanwil Sumbagsel"],
        ["Catatan: data sementara"],
        ["*) termasuk peserta BPU"],
    ]
    df = read_coverage(xlsx(tmp_path / "recap.xlsx", rows), cache=False)
    assert len(df) == 2
    assert list(df["region_code"]) == ["ID-SS", "ID-JA"]
    assert (df["as_of"] == pd.Timestamp("2025-08-01")).all()
    assert list(df["covered"]) == [1_212_345, 512_000]
    assert list(df["coverage_pct"]) == [31.09, 28.44]
    assert df.attrs["notes"] == ["Sumber: BPJS Ketenagakerjaan Kanwil Sumbagsel",
                                 "Catatan: data sementara", "*) termasuk peserta BPU"]
    assert set(df["source"]) == {"BPJS Ketenagakerjaan Kanwil Sumbagsel"}
    assert df.attrs["header_row"] == 4
    assert list(df.columns[:12]) == ["region_code", "region", "level", "segment", "as_of",
                                     "covered", "potential", "coverage_pct", "basis",
                                     "qualifier", "derived", "source"]


def test_bundled_style_headers_and_provenance_columns(tmp_path):
    rows = [
        ["Cakupan UCJ per provinsi"],
        HEADER + ["URL", "Tanggal Terbit", "Catatan"],
        ["Sumatera Selatan", "Total", "1 Agustus 2025", "2.789.917", None, "31,33%",
         "RimauNews, 27 Agu 2025", "https://example.org/a", dt.datetime(2025, 8, 27), "x"],
        ["Sumatera Selatan", "BPU", dt.datetime(2025, 8, 1), 400_000, None, None,
         "RimauNews, 27 Agu 2025", None, None, None],
    ]
    df = read_coverage(xlsx(tmp_path / "c.xlsx", rows), cache=False)
    assert len(df) == 2
    assert list(df["segment"]) == ["all", "bpu"]
    assert df["covered"].tolist() == [2_789_917, 400_000]
    assert df.loc[0, "coverage_pct"] == 31.33 and pd.isna(df.loc[1, "coverage_pct"])
    assert df["potential"].isna().all()
    assert df["source"].astype(str).tolist() == ["RimauNews, 27 Agu 2025"] * 2
    assert df.loc[0, "source_url"] == "https://example.org/a"
    assert df.loc[0, "published"] == pd.Timestamp("2025-08-27")
    assert "note" in df.columns
    assert df["as_of"].dt.day.tolist() == [1, 1]


def test_percent_formatted_cells_become_0_to_100(tmp_path):
    rows = [["Provinsi", "Peserta Aktif", "Cakupan"],
            ["Sumsel", 100, 0.3133], ["Jambi", 200, 0.25]]
    path = xlsx(tmp_path / "p.xlsx", rows, formats={"C2": "0.00%", "C3": "0.00%"})
    df = read_coverage(path, as_of="2025-08-01", cache=False)
    assert df["coverage_pct"].tolist() == [31.33, 25.0]
    # the same numbers without a percent format are read as written
    plain = read_coverage(xlsx(tmp_path / "q.xlsx", [["Provinsi", "Cakupan (%)"],
                                                      ["Sumsel", 31.33]]),
                          as_of="2025-08-01", cache=False)
    assert plain["coverage_pct"].tolist() == [31.33]


def test_indonesian_number_text(tmp_path):
    rows = [["Provinsi", "Program", "Bulan", "Jumlah Kasus", "Nominal (Rp)"],
            ["Sumsel", "JHT", "Juli 2025", "2.789", "Rp42.000.000"],
            ["Sumsel", "JKK", "Juli 2025", "1,1 juta", "Rp718,7 miliar"],
            ["Sumsel", "JKM", "Juli 2025", 12, 43.31]]
    df = read_claims(xlsx(tmp_path / "n.xlsx", rows), cache=False)
    assert df["cases"].tolist() == [2789, 1_100_000, 12]
    assert df["amount_idr"].tolist() == [42_000_000.0, 718_700_000_000.0, 43.31]
    assert df["period"].astype(str).tolist() == ["2025-07"] * 3
    assert df["program"].astype(str).tolist() == ["JHT", "JKK", "JKM"]


def test_mixed_number_and_text_cells_keep_numbers_exact(tmp_path):
    # 1.234 as a number cell is one point two; "1.234" as text is 1234 (Indonesian)
    rows = [["Provinsi", "Jumlah Kasus", "Nominal"],
            ["Sumsel", 5, 1.234], ["Jambi", "1.234", "1.234"], ["Bengkulu", 7, 2.5]]
    df = read_claims(xlsx(tmp_path / "m.xlsx", rows + [["Periode: 2025"]]), cache=False) \
        if False else read_claims(xlsx(tmp_path / "m.xlsx", [["Klaim Juli 2025"], *rows]),
                                  cache=False)
    assert df["cases"].tolist() == [5, 1234, 7]
    assert df["amount_idr"].tolist() == [1.234, 1234.0, 2.5]
    assert df["period"].astype(str).tolist() == ["2025-07"] * 3


def test_region_spellings(tmp_path):
    names = ["SUMATERA SELATAN", "Sumsel", "Sumatra Selatan", "Prov. Jambi",
             "KEP. BANGKA BELITUNG", "DI YOGYAKARTA", "DKI", "Kota Prabumulih",
             "Kab. Musi Rawas", "Papua Pegunungan", "Papua Selatan", "Papua Tengah",
             "Papua Barat Daya", "INDONESIA"]
    segs = ["pu", "bpu", "jakon", "all", "all", "all", "all", "all", "all", "all", "all", "all",
            "all", "all"]
    rows = [["Wilayah", "Segmen", "Peserta Aktif"]] + [[n, s, 10 + i] for i, (n, s) in
                                                        enumerate(zip(names, segs, strict=True))]
    df = read_coverage(xlsx(tmp_path / "r.xlsx", rows), as_of="2025-08-01", cache=False)
    assert len(df) == len(names)
    assert df["region_code"].astype(str).tolist() == [
        "ID-SS", "ID-SS", "ID-SS", "ID-JA", "ID-BB", "ID-YO", "ID-JK", "16.74", "16.05",
        "ID-PE", "ID-PS", "ID-PT", "ID-PD", "ID"]
    assert df["level"].astype(str).tolist()[-3:] == ["province", "province", "national"]
    assert df.loc[7, "level"] == "regency" and df.loc[7, "region"] == "Kota Prabumulih"


def test_regency_column_uses_province_column_as_hint(tmp_path):
    rows = [["Provinsi", "Kab/Kota", "Peserta Aktif"],
            ["Sumatera Selatan", "Musi Rawas", 10],
            ["Sumatera Selatan", "Kota Palembang", 20],
            ["Jambi", "Kab. Muaro Jambi", 5]]
    df = read_coverage(xlsx(tmp_path / "k.xlsx", rows), as_of="2025-08-01", cache=False)
    assert df["region_code"].astype(str).tolist() == ["16.05", "16.71", "15.05"]
    assert (df["level"] == "regency").all()
    assert df["province_as_written"].tolist() == ["Sumatera Selatan"] * 2 + ["Jambi"]


def test_two_row_merged_header_wide_workforce(tmp_path):
    rows = [
        ["Penduduk Berumur 15 Tahun ke Atas yang Bekerja Menurut Provinsi"],
        ["Provinsi", "Penduduk Bekerja", None],
        [None, "Februari 2024", "Agustus 2024"],
        ["SUMATERA SELATAN", "4.420.012", "4.383.611"],
        ["JAMBI", 1_842_000, 1_850_100],
        ["INDONESIA", 142_180_000, 144_640_000],
        ["Sumber: BPS, Sakernas"],
    ]
    path = xlsx(tmp_path / "bps.xlsx", rows, merges=["B2:C2", "A2:A3"])
    df = read_workforce(path, cache=False)
    assert len(df) == 6  # 3 regions x 2 periods
    feb = df[df["as_of"] == pd.Timestamp("2024-02-01")]
    aug = df[df["as_of"] == pd.Timestamp("2024-08-01")]
    assert feb["employed"].tolist() == [4_420_012, 1_842_000, 142_180_000]
    assert aug["employed"].tolist() == [4_383_611, 1_850_100, 144_640_000]
    assert df["level"].astype(str).tolist().count("national") == 2
    assert set(df["source"]) == {"BPS, Sakernas"}


def test_single_row_period_headers_workforce(tmp_path):
    rows = [["Provinsi", "Agustus 2023", "Agustus 2024"], ["Jambi", 1_800_000, 1_850_100]]
    df = read_workforce(xlsx(tmp_path / "w.xlsx", rows), cache=False)
    assert df["as_of"].tolist() == [pd.Timestamp("2023-08-01"), pd.Timestamp("2024-08-01")]
    assert df["employed"].tolist() == [1_800_000, 1_850_100]


def test_total_row_that_agrees_is_left_out_and_recorded(tmp_path):
    rows = [["Provinsi", "Peserta Aktif", "Tenaga Kerja Potensial"],
            ["Sumsel", 100, 300], ["Jambi", 50, 200], ["JUMLAH", 150, 500],
            ["Sumber: contoh"]]
    df = read_coverage(xlsx(tmp_path / "t.xlsx", rows), as_of="2025-08-01", cache=False)
    assert len(df) == 2
    assert df.attrs["totals"] == [{"row": 4, "label": "JUMLAH", "rows_summed": 2,
                                   "covered": 150.0, "potential": 500.0}]


def test_grand_total_label_in_first_column(tmp_path):
    rows = [["No", "Provinsi", "Peserta Aktif"], [1, "Sumsel", 100], [2, "Jambi", 50],
            ["Grand Total", None, 150]]
    df = read_coverage(xlsx(tmp_path / "g.xlsx", rows), as_of="2025-08-01", cache=False)
    assert len(df) == 2 and df.attrs["totals"][0]["label"] == "Grand Total"
    assert df["no"].tolist() == [1, 2]


def test_national_row_is_kept(tmp_path):
    rows = [["Provinsi", "Peserta Aktif"], ["INDONESIA", 43_000_000], ["Jambi", 50]]
    df = read_coverage(xlsx(tmp_path / "i.xlsx", rows), as_of="2025-08-01", cache=False)
    assert df["region_code"].astype(str).tolist() == ["ID", "ID-JA"]
    assert df["level"].astype(str).tolist() == ["national", "province"]


def test_english_headers_and_columns_mapping(tmp_path):
    rows = [["Province", "As of", "Active Participants", "Working People", "Coverage (%)",
             "Kolom Aneh"],
            ["South Sumatra", "2025-08-01", 10, 100, 10, "a"]]
    path = xlsx(tmp_path / "e.xlsx", rows)
    df = read_coverage(path, cache=False)
    assert df["region_code"].tolist() == ["ID-SS"]
    assert df["potential"].tolist() == [100]
    assert df["kolom_aneh"].tolist() == ["a"]
    rows2 = [["Daerah Kerja", "Anggota Aktif"], ["Jambi", 7]]
    df2 = read_coverage(xlsx(tmp_path / "f.xlsx", rows2), as_of="2025-08-01", cache=False,
                        columns={"Daerah Kerja": "region", "Anggota Aktif": "covered"})
    assert df2["covered"].tolist() == [7]


@pytest.mark.parametrize("header", ["Kab/Kota", "Kabupaten/Kota", "KAB / KOTA", "Kab.\nKota"])
def test_header_normalisation(header):
    assert norm_header(header) in {"kab kota", "kabupaten kota"}


def test_header_variants_map():
    assert norm_header("Cakupan (%)") == "cakupan pct"
    assert norm_header("Nominal (Rp)") == "nominal"
    assert norm_header("  Peserta\nAktif ") == "peserta aktif"


@pytest.mark.parametrize(("text", "segment"), [
    ("Penerima Upah", "pu"), ("PU", "pu"), ("Bukan Penerima Upah", "bpu"), ("BPU", "bpu"),
    ("Jasa Konstruksi", "jakon"), ("Jakon", "jakon"),
    ("Kepala dan Perangkat Desa", "village_officials"),
    ("Pegawai Pemerintah Non ASN", "non_asn"), ("Non-ASN", "non_asn"), ("RT/RW", "rt_rw"),
    ("Ketua RT/RW", "rt_rw"), ("Pekebun Sawit", "palm_smallholders"), ("Total", "all"),
    ("Semua", "all"), (None, "all"), ("", "all"), ("Nelayan Tradisional", "nelayan_tradisional"),
])
def test_segments(text, segment):
    assert canonical_segment(text) == segment


@pytest.mark.parametrize(("text", "program"), [
    ("JHT", "JHT"), ("Jaminan Hari Tua", "JHT"), ("jkk", "JKK"),
    ("Jaminan Kecelakaan Kerja", "JKK"), ("Jaminan Kematian", "JKM"), ("JP", "JP"),
    ("Jaminan Pensiun", "JP"), ("Jaminan Kehilangan Pekerjaan", "JKP"),
    ("Beasiswa", "beasiswa"), ("Total", "all"), ("Semua", "all"), ("Lainnya", "Lainnya"),
])
def test_programs(text, program):
    assert canonical_program(text) == program


def test_claim_level_extract(tmp_path):
    rows = [["No", "Tanggal Klaim", "Kantor Cabang", "Kabupaten/Kota", "Program",
             "Nominal (Rp)", "Nomor Klaim/KPJ"]]
    for i in range(120):
        rows.append([i + 1, dt.datetime(2025, 1 + i % 7, 1 + i % 28), "Palembang Kenten",
                     ["Kota Palembang", "Kab. Banyuasin", "Kab. Ogan Ilir"][i % 3],
                     ["JHT", "JKK", "JKM", "Beasiswa"][i % 4], 1_000_000 + i,
                     f"KLM{i:08d}"])
    df = read_claims(xlsx(tmp_path / "claims.xlsx", rows), cache=False)
    assert len(df) == 120
    assert (df["cases"] == 1).all() and df.attrs["claim_level"]
    assert df["period"].astype(str).iloc[:3].tolist() == ["2025-01", "2025-02", "2025-03"]
    assert set(df["program"].astype(str)) == {"JHT", "JKK", "JKM", "beasiswa"}
    assert df["amount_idr"].sum() == sum(1_000_000 + i for i in range(120))
    for col in ("region_code", "region", "level", "period", "program", "kantor_cabang"):
        assert isinstance(df[col].dtype, pd.CategoricalDtype), col
    assert {"claim_date", "no", "kantor_cabang", "claim_id"} <= set(df.columns)
    assert df["claim_id"].iloc[5] == "KLM00000005"


def test_aggregated_claims_keep_counts(tmp_path):
    rows = [["Wilayah", "Periode", "Jenis Program", "Kasus", "Jumlah Manfaat"],
            ["Sumatera Selatan", "Jan-Jul 2025", "Jaminan Hari Tua", 41_000, "Rp718,7 miliar"],
            ["Sumatera Selatan", 2023, "Beasiswa", 1_200, 5_400_000_000]]
    df = read_claims(xlsx(tmp_path / "agg.xlsx", rows), cache=False)
    assert df["cases"].tolist() == [41_000, 1_200]
    assert df["period"].astype(str).tolist() == ["2025-01/2025-07", "2023"]
    assert not df.attrs["claim_level"]


def test_targets_contradictions_are_kept(tmp_path):
    rows = [["Provinsi", "Tahun Target", "Target (%)", "Dasar", "Sumber"],
            ["Sumatera Selatan", 2025, "51%", "Gubernur", "Pidato Gubernur 2025"],
            ["Sumatera Selatan", 2025, 45, "RPJMN", "Lampiran RPJMN 2025-2029"],
            ["INDONESIA", 2045, "99,5", "RPJPN", "UU 59/2024"]]
    df = read_targets(xlsx(tmp_path / "tg.xlsx", rows), cache=False)
    assert len(df) == 3
    assert df["target_pct"].tolist() == [51.0, 45.0, 99.5]
    assert df["year"].tolist() == [2025, 2025, 2045]
    assert df["basis"].astype(str).tolist() == ["Gubernur", "RPJMN", "RPJPN"]
    assert df["source"].astype(str).tolist()[:2] == ["Pidato Gubernur 2025",
                                                     "Lampiran RPJMN 2025-2029"]


def test_awards(tmp_path):
    rows = [["Tahun", "Cakupan Penghargaan", "Provinsi", "Kategori", "Peringkat", "Pemenang",
             "Sumber"],
            [2024, "Nasional", None, "Provinsi", 1, "Jawa Tengah", "Kemenko PMK"],
            [2024, "Provinsi", "Sumatera Selatan", "Kabupaten/Kota", "Juara 2",
             "Kab. Musi Banyuasin", "Pemprov Sumsel"],
            [2024, "Nasional", None, "Kabupaten/Kota", "Penghargaan Khusus", "Kota Palembang",
             "Kemenko PMK"]]
    df = read_awards(xlsx(tmp_path / "aw.xlsx", rows), cache=False)
    assert df["scope"].astype(str).tolist() == ["national", "province", "national"]
    assert df["province"].astype(str).tolist() == ["", "ID-SS", ""]
    assert df["rank"].tolist()[:2] == [1, 2] and pd.isna(df["rank"].iloc[2])
    assert df["winner"].tolist()[1] == "Kab. Musi Banyuasin"
    assert df["year"].tolist() == [2024] * 3
    assert df["source"].astype(str).tolist() == ["Kemenko PMK", "Pemprov Sumsel",
                                                 "Kemenko PMK"]


def test_detect_kind_and_read_any(tmp_path):
    cov = xlsx(tmp_path / "a.xlsx", [["Provinsi", "Peserta Aktif"], ["Jambi", 1]])
    wf = xlsx(tmp_path / "b.xlsx", [["Provinsi", "Penduduk Bekerja", "Tanggal Data"],
                                     ["Jambi", 1, "Agustus 2024"]])
    cl = xlsx(tmp_path / "c.xlsx", [["Provinsi", "Jumlah Kasus", "Tahun"], ["Jambi", 1, 2024]])
    tg = xlsx(tmp_path / "d.xlsx", [["Provinsi", "Tahun", "Target (%)"], ["Jambi", 2025, 50]])
    aw = xlsx(tmp_path / "e.xlsx", [["Tahun", "Kategori", "Peringkat", "Pemenang"],
                                     [2024, "Provinsi", 1, "Jambi"]])
    assert [detect_kind(p) for p in (cov, wf, cl, tg, aw)] == [
        "coverage", "workforce", "claims", "targets", "awards"]
    assert read_any(wf, cache=False)["employed"].tolist() == [1]
    assert read_any(cov, as_of="2025-08-01", cache=False)["covered"].tolist() == [1]


def test_sheet_by_name_and_number(tmp_path):
    path = xlsx(tmp_path / "s.xlsx", [["Catatan awal"]],
                extra_sheets={"Rekap": [["Provinsi", "Peserta Aktif"], ["Jambi", 3]]})
    assert read_coverage(path, sheet="Rekap", as_of="2025-08-01", cache=False)["covered"] \
        .tolist() == [3]
    assert read_coverage(path, sheet=1, as_of="2025-08-01", cache=False)["covered"] \
        .tolist() == [3]


def test_as_of_argument_when_no_date(tmp_path):
    rows = [["Provinsi", "Peserta Aktif"], ["Jambi", 3]]
    df = read_coverage(xlsx(tmp_path / "x.xlsx", rows), as_of="2025-08-01", cache=False)
    assert df["as_of"].tolist() == [pd.Timestamp("2025-08-01")]
    assert str(df["as_of"].dtype) == "datetime64[ns]"


def test_region_merged_over_segment_rows(tmp_path):
    rows = [["Cakupan per segmen, posisi 31 Juli 2025"],
            ["Provinsi", "Segmen", "Peserta Aktif"],
            ["Sumatera Selatan", "Penerima Upah", 100], [None, "BPU", 50],
            [None, "Jasa Konstruksi", 7], ["Jambi", "PU", 30], [None, "BPU", 20]]
    path = xlsx(tmp_path / "merged.xlsx", rows, merges=["A3:A5", "A6:A7"])
    df = read_coverage(path, cache=False)
    assert df["region_code"].astype(str).tolist() == ["ID-SS"] * 3 + ["ID-JA"] * 2
    assert df["segment"].astype(str).tolist() == ["pu", "bpu", "jakon", "pu", "bpu"]
    assert df.attrs["cells_filled_from_merged"] == 3


def test_empty_region_without_merge_is_a_problem(tmp_path):
    from paritrana_analysis.load import DataError

    rows = [["Provinsi", "Segmen", "Peserta Aktif"], ["Jambi", "PU", 3], [None, "BPU", 2]]
    with pytest.raises(DataError) as info:
        read_coverage(xlsx(tmp_path / "e.xlsx", rows), as_of="2025-08-01", cache=False)
    (p,) = info.value.problems
    assert (p.row, p.column, p.reason) == (3, "Provinsi", "empty region cell in a data row")


def test_column_numbering_row_below_header(tmp_path):
    rows = [["Provinsi", "Penduduk Bekerja", "Tanggal Data"], [1, 2, 3],
            ["Jambi", 1_850_100, "Agustus 2024"], ["Sumsel", "(1)", None]]
    rows = rows[:3]
    df = read_workforce(xlsx(tmp_path / "num.xlsx", rows), cache=False)
    assert df["employed"].tolist() == [1_850_100]
    rows2 = [["Provinsi", "Penduduk Bekerja"], ["(1)", "(2)"], ["Jambi", 5]]
    df2 = read_workforce(xlsx(tmp_path / "num2.xlsx", rows2), as_of="2024-08-01", cache=False)
    assert len(df2) == 1 and df2.attrs["header_row"] == 2
    assert df2.attrs["columns"]["province"] == "Provinsi"


def test_claims_year_and_month_columns(tmp_path):
    rows = [["Provinsi", "Tahun", "Bulan", "Program", "Jumlah Kasus"],
            ["Jambi", 2025, "Juli", "JHT", 10], ["Jambi", 2025, "Agustus", "JHT", 12]]
    df = read_claims(xlsx(tmp_path / "ym.xlsx", rows), cache=False)
    assert df["period"].astype(str).tolist() == ["2025-07", "2025-08"]


def test_coverage_year_column_is_end_of_year(tmp_path):
    rows = [["Provinsi", "Tahun", "Cakupan (%)"], ["Jambi", 2023, 20.5], ["Jambi", 2024, 22]]
    df = read_coverage(xlsx(tmp_path / "y.xlsx", rows), cache=False)
    assert df["as_of"].tolist() == [pd.Timestamp("2023-12-31"), pd.Timestamp("2024-12-31")]


def test_targets_same_year_and_basis_from_two_sources_are_both_kept(tmp_path):
    rows = [["Provinsi", "Tahun", "Target (%)", "Dasar", "Sumber"],
            ["Jambi", 2025, 40, "RPJMD", "Bappeda Jambi"],
            ["Jambi", 2025, 42, "RPJMD", "Dinas Tenaga Kerja Jambi"]]
    df = read_targets(xlsx(tmp_path / "two.xlsx", rows), cache=False)
    assert df["target_pct"].tolist() == [40.0, 42.0]


def test_period_headers_as_date_cells(tmp_path):
    rows = [["Provinsi", dt.datetime(2024, 2, 1), dt.datetime(2024, 8, 1)],
            ["Jambi", 1_842_000, 1_850_100]]
    path = xlsx(tmp_path / "d.xlsx", rows, formats={"B1": "mmm yyyy", "C1": "mmm yyyy"})
    df = read_workforce(path, cache=False)
    assert df["as_of"].tolist() == [pd.Timestamp("2024-02-01"), pd.Timestamp("2024-08-01")]
    assert df["employed"].tolist() == [1_842_000, 1_850_100]


def test_two_row_header_formal_informal(tmp_path):
    rows = [["Provinsi", "Tanggal Data", "Penduduk Bekerja", None, None],
            [None, None, "Formal", "Informal", "Total"],
            ["Jambi", "Agustus 2024", 700_000, 1_150_100, 1_850_100]]
    path = xlsx(tmp_path / "fi.xlsx", rows, merges=["C1:E1", "A1:A2", "B1:B2"])
    df = read_workforce(path, cache=False)
    assert df[["formal", "informal", "employed"]].iloc[0].tolist() == [700_000, 1_150_100,
                                                                       1_850_100]
    assert df.attrs["columns"]["formal"] == "Penduduk Bekerja / Formal"


def test_year_sub_headers_wide_workforce(tmp_path):
    rows = [["Provinsi", "Penduduk Bekerja", None], [None, 2023, 2024],
            ["Jambi", 1_800_000, 1_850_100], ["Bengkulu", 1_000_000, 1_010_000]]
    df = read_workforce(xlsx(tmp_path / "y.xlsx", rows, merges=["B1:C1"]), cache=False)
    assert len(df) == 4
    assert sorted(set(df["as_of"])) == [pd.Timestamp("2023-12-31"), pd.Timestamp("2024-12-31")]
    assert df.loc[df["as_of"].dt.year == 2024, "employed"].tolist() == [1_850_100, 1_010_000]


def test_awards_without_scope_column_take_scope_from_province(tmp_path):
    rows = [["Tahun", "Provinsi", "Kategori", "Peringkat", "Pemenang"],
            [2024, "Sumatera Selatan", "Kabupaten/Kota", 1, "Kab. Musi Rawas"],
            [2024, None, "Provinsi", 1, "Jawa Tengah"],
            [2024, "Jambi", "Perusahaan Besar", 2, "PT Contoh"]]
    df = read_awards(xlsx(tmp_path / "aw.xlsx", rows), cache=False)
    assert df["scope"].astype(str).tolist() == ["province", "national", "province"]
    assert df["province"].astype(str).tolist() == ["ID-SS", "", "ID-JA"]


def test_awards_empty_scope_cell_takes_scope_from_province(tmp_path):
    rows = [["Tahun", "Tingkat", "Provinsi", "Kategori", "Pemenang"],
            [2024, None, "Jambi", "Kabupaten/Kota", "Kab. Muaro Jambi"],
            [2024, "Nasional", None, "Provinsi", "Jawa Tengah"]]
    df = read_awards(xlsx(tmp_path / "aw.xlsx", rows), cache=False)
    assert df["scope"].astype(str).tolist() == ["province", "national"]


def test_all_empty_column_reads_without_engine_notices(tmp_path, capfd, caplog):
    """fastexcel logs 'Could not determine dtype ... falling back to string' for a column
    with no values; the loaders keep such notices out of notebooks and terminals."""
    rows = [["Provinsi", "Peserta Aktif", "Catatan", "URL"],
            ["Jambi", 100, None, None], ["Bali", 200, None, None]]
    path = xlsx(tmp_path / "empty_cols.xlsx", rows)
    with caplog.at_level("DEBUG"):
        df = read_coverage(path, as_of="2025-08-01", cache=False)
        detect_kind(path)
    assert df["note"].isna().all() and df["source_url"].isna().all()
    assert not [r for r in caplog.records if "dtype" in r.getMessage()]
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_claim_level_dtypes_are_compact_and_usable(tmp_path):
    rows = [["No", "Tanggal Klaim", "Kabupaten/Kota", "Program", "Nominal (Rp)"]]
    for i in range(200):
        rows.append([i + 1, dt.datetime(2024, 1 + i % 12, 1 + i % 28),
                     ["Kota Palembang", "Kab. Banyuasin"][i % 2], ["JHT", "JKM"][i % 2],
                     1_000_000])
    df = read_claims(xlsx(tmp_path / "claims.xlsx", rows), cache=False)
    assert df["cases"].dtype == "int8" and df["no"].dtype == "int16"
    assert df["cases"].sum() == 200
    by_program = df.groupby("program", observed=True)["cases"].sum()
    assert by_program.tolist() == [100, 100]
    assert df.groupby("level", observed=True)["cases"].sum().tolist() == [200]  # > 127
    assert df["cases"].cumsum().iloc[-1] == 200
    date = df["claim_date"]
    assert isinstance(date.dtype, pd.CategoricalDtype) and date.cat.ordered
    assert date.cat.codes.dtype.itemsize <= 2
    assert date.iloc[0] == pd.Timestamp("2024-01-01") and date.min() == date.iloc[0]
    assert date.dt.month.iloc[13] == 2
    later = (date.astype("datetime64[ns]") >= pd.Timestamp("2024-07-01")).sum()
    assert later == sum(1 for i in range(200) if i % 12 >= 6)
    assert df["period"].astype(str).iloc[13] == "2024-02"
