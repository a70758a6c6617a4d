"""Loader problems a reviewer found: each test failed before its fix."""

import pandas as pd
import pytest
from workbooks import csv_text, xlsx

from paritrana_analysis.load import DataError, read_claims, read_coverage

pytestmark = pytest.mark.filterwarnings("error::pandas.errors.Pandas4Warning")


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr("paritrana_analysis.paths.PROCESSED_DIR", tmp_path / "processed")


def problems_of(fn, *args, **kw):
    with pytest.raises(DataError) as info:
        fn(*args, **kw)
    return info.value.problems


# 1. counts with a comma are never silently rounded


def test_comma_csv_reads_comma_groups_as_thousands(tmp_path):
    path = csv_text(tmp_path / "en.csv", [
        "Wilayah,Tanggal Data,Peserta Aktif,Tenaga Kerja Potensial",
        'Sumatera Selatan,2025-08-01,"500,000","1,500,000"',
        'Jambi,2025-08-01,"1,500",2000',
        'TOTAL,,"501,500","1,502,000"',
    ])
    df = read_coverage(path)
    assert df["covered"].tolist() == [500_000, 1_500]
    assert df["potential"].tolist() == [1_500_000, 2_000]


def test_count_with_decimals_is_a_problem(tmp_path):
    path = csv_text(tmp_path / "id.csv", [
        "Wilayah;Tanggal Data;Peserta Aktif",
        "Sumatera Selatan;2025-08-01;1,5",
    ])
    (p,) = problems_of(read_coverage, path)
    assert "a count with decimals" in p.reason and "1.500 or 1500" in p.reason
    assert (p.row, p.column, p.value) == (2, "Peserta Aktif", "1,5")


def test_numeric_count_with_decimals_is_a_problem(tmp_path):
    path = xlsx(tmp_path / "c.xlsx", [["Wilayah", "Tanggal Data", "Peserta Aktif"],
                                      ["Jambi", "2025-08-01", 1234.5]])
    (p,) = problems_of(read_coverage, path)
    assert "a count with decimals" in p.reason


def test_amounts_keep_their_decimals(tmp_path):
    path = csv_text(tmp_path / "k.csv", [
        "Wilayah;Periode;Program;Jumlah Kasus;Nominal (Rp)",
        "Jambi;2025-07;JHT;12;1.234,5",
    ])
    df = read_claims(path)
    assert df["amount_idr"].tolist() == [1234.5]
    assert pd.api.types.is_integer_dtype(df["cases"].dtype)


# 2. regions from a Kabupaten/Kota column


def _regency_sheet(tmp_path, rows, province=False):
    head = (["Provinsi"] if province else []) + ["Kabupaten/Kota", "Tanggal Data",
                                                   "Peserta Aktif"]
    body = [[*r, "2025-08-01", 5 + i] for i, r in enumerate(rows)]
    return xlsx(tmp_path / "kab.xlsx", [head, *body])


@pytest.mark.parametrize("name", ["Jambi", "Bengkulu"])
def test_bare_province_name_in_a_regency_column_is_ambiguous(tmp_path, name):
    (p,) = problems_of(read_coverage, _regency_sheet(tmp_path, [[name]]))
    assert "ambiguous" in p.reason
    assert f"'Kota {name}'" in p.reason and f"'Provinsi {name}'" in p.reason
    assert (p.row, p.column) == (2, "Kabupaten/Kota")


def test_bare_province_name_with_the_same_province_is_the_kota(tmp_path):
    path = _regency_sheet(tmp_path, [["Jambi", "Jambi"], ["Bengkulu", "Bengkulu"],
                                     ["Jambi", "Provinsi Jambi"]], province=True)
    df = read_coverage(path)
    assert df["region_code"].tolist() == ["15.71", "17.71", "ID-JA"]
    assert df["level"].tolist() == ["regency", "regency", "province"]


def test_ambiguous_name_lists_the_candidates(tmp_path):
    (p,) = problems_of(read_coverage, _regency_sheet(tmp_path, [["Banjar"]]))
    assert "'Kota Banjar' (Jawa Barat)" in p.reason
    assert "'Kab. Banjar' (Kalimantan Selatan)" in p.reason
    assert "did you mean" not in p.reason


def test_regency_outside_the_rows_province_names_its_province(tmp_path):
    path = _regency_sheet(tmp_path, [["Jambi", "Musi Rawas"]], province=True)
    (p,) = problems_of(read_coverage, path)
    assert "not in Jambi" in p.reason
    assert "'Kab. Musi Rawas' in Sumatera Selatan" in p.reason


# 3. identifier numbers stay text exactly as written


def _replace_in_sheet(path, old: bytes, new: bytes):
    import zipfile

    with zipfile.ZipFile(path) as zf:
        items = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in items:
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(old, new)
            zf.writestr(info, data)
    return path


def test_claim_level_csv_is_aggregated_and_keeps_no_identifiers(tmp_path):
    path = csv_text(tmp_path / "k.csv", [
        "Kabupaten/Kota;Periode;Program;NIK;Nomor KPJ;Nominal (Rp)",
        "Kota Jambi;2025-07;JHT;9271012345678901;00123;1000",
        "Kota Jambi;2025-07;JHT;1671012345678903;45678;2000",
    ])
    df = read_claims(path)  # one row per claim: the row-level reader counts them
    assert df[["region_code", "period", "program", "cases", "amount_idr"]].values.tolist() \
        == [["15.71", "2025-07", "JHT", 2, 3000.0]]
    assert not {"nik", "kpj", "nomor_kpj", "claim_id"} & set(df.columns)


def test_personal_data_never_reaches_a_workbook_table_or_its_cache(tmp_path, monkeypatch):
    monkeypatch.setattr("paritrana_analysis.paths.PROCESSED_DIR", tmp_path / "processed")
    path = xlsx(tmp_path / "p.xlsx", [
        ["Kabupaten/Kota", "Tanggal Klaim", "Program", "NIK", "Nama", "No HP", "Nominal (Rp)"],
        ["Kota Jambi", "2025-07-01", "JHT", "9271012345678901", "Siti Aminah", "0812999",
         1000]])
    df = read_claims(path)
    assert not {"nik", "nama", "no_hp"} & set(df.columns)
    assert any("personal data not read: NIK, Nama, No HP" in d for d in df.attrs["decisions"])
    cached = b"".join(p.read_bytes() for p in (tmp_path / "processed").rglob("*.parquet"))
    assert cached and b"Siti" not in cached and b"9271012345678901" not in cached


def test_long_identifier_numbers_in_xlsx_keep_the_stored_digits(tmp_path):
    path = xlsx(tmp_path / "k.xlsx", [
        ["Kabupaten/Kota", "Periode", "Program", "Nomor Klaim", "Nominal (Rp)", "No"],
        ["Kota Jambi", "2025-07", "JHT", 1111, 1000, 1],
        ["Kota Jambi", "2025-07", "JKK", 2222, 2000, 2],
    ])
    _replace_in_sheet(path, b"<v>1111</v>", b"<v>9271012345678901</v>")
    df = read_claims(path)
    # numbers stay exact integers; 9271012345678901 > 2^53 is read from the stored digits
    assert df["claim_id"].tolist() == [9271012345678901, 2222]
    assert pd.api.types.is_integer_dtype(df["claim_id"].dtype)
    assert pd.api.types.is_integer_dtype(df["no"].dtype)  # a running number stays a number
    # a column mixing numbers and text is text, the numbers as their digits
    path = xlsx(tmp_path / "m.xlsx", [
        ["Kabupaten/Kota", "Periode", "Program", "Nomor Klaim", "Nominal (Rp)"],
        ["Kota Jambi", "2025-07", "JHT", 1111, 1000],
        ["Kota Jambi", "2025-07", "JKK", "0012", 2000]])
    _replace_in_sheet(path, b"<v>1111</v>", b"<v>9471012345678901</v>")
    assert read_claims(path)["claim_id"].tolist() == ["9471012345678901", "0012"]


# 6. duplicates in aggregated claims sheets


def test_aggregated_claims_duplicate_is_reported(tmp_path):
    path = xlsx(tmp_path / "d.xlsx", [
        ["Wilayah", "Periode", "Program", "Jumlah Kasus", "Nominal (Rp)"],
        ["Jambi", "2025-07", "JHT", 5, 100], ["Jambi", "2025-07", "JKK", 5, 100],
        ["Jambi", "2025-07", "JHT", 5, 100]])
    (p,) = problems_of(read_claims, path)
    assert "same region, period and program as row 2 (duplicate)" in p.reason
    assert p.row == 4


def test_aggregated_claims_rows_told_apart_by_another_column_are_kept(tmp_path):
    path = xlsx(tmp_path / "d.xlsx", [
        ["Wilayah", "Periode", "Program", "Kantor Cabang", "Jumlah Kasus"],
        ["Jambi", "2025-07", "JHT", "KC Jambi", 5],
        ["Jambi", "2025-07", "JHT", "KC Muara Bungo", 5]])
    assert len(read_claims(path)) == 2


def test_claim_level_rows_are_not_duplicates(tmp_path):
    path = xlsx(tmp_path / "k.xlsx", [
        ["Tanggal Klaim", "Kabupaten/Kota", "Program", "Nominal (Rp)"],
        ["2025-07-01", "Kota Palembang", "JHT", 100],
        ["2025-07-01", "Kota Palembang", "JHT", 100]])
    assert read_claims(path)["cases"].sum() == 2


# 8. a note spread over two cells


def test_two_cell_note_row_is_a_note(tmp_path):
    path = xlsx(tmp_path / "n.xlsx", [
        ["Provinsi", "Tanggal Data", "Peserta Aktif"],
        ["Jambi", "2025-08-01", 512_000],
        ["Sumber:", "BPJS Ketenagakerjaan"],
        ["Catatan:", "data sementara", "angka bulanan"]])
    df = read_coverage(path)
    assert len(df) == 1
    assert df.attrs["notes"] == ["Sumber: BPJS Ketenagakerjaan",
                                 "Catatan: data sementara angka bulanan"]
    assert df["source"].astype(str).tolist() == ["BPJS Ketenagakerjaan"]


# 9. a first sheet without a header names the other sheets


def test_info_sheet_first_names_the_other_sheets(tmp_path):
    from paritrana_analysis.load import detect_kind

    data = [["Provinsi", "Tanggal Data", "Peserta Aktif"], ["Jambi", "2025-08-01", 512_000]]
    path = xlsx(tmp_path / "info.xlsx", [["Info"], ["Dibuat oleh Kanwil Sumbagsel"]],
                sheet="Info", extra_sheets={"Rekap": data})
    (p,) = problems_of(read_coverage, path)
    assert "the workbook's other sheets: 'Rekap'" in p.reason
    assert "sheet='Rekap'" in p.reason
    (p,) = problems_of(detect_kind, path)
    assert "sheet='Rekap'" in p.reason
    assert read_coverage(path, sheet="Rekap")["covered"].tolist() == [512_000]
