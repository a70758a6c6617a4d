"""The same table from xlsx, xlsm, xls, ods and the CSV dialects Excel writes."""

import datetime as dt

import pandas as pd
import pytest
from workbooks import csv_text, ods, xls, xlsx, xlsx_xlsxwriter

from paritrana_analysis.load import detect_kind, read_claims, read_coverage, read_workforce

# pandas' deprecations (Pandas4Warning) in the loaders fail these tests
pytestmark = pytest.mark.filterwarnings("error::pandas.errors.Pandas4Warning")

ROWS = [
    ["Rekap cakupan, posisi 1 Agustus 2025"],
    [],
    ["Provinsi", "Segmen", "Peserta Aktif", "Tenaga Kerja Potensial", "Cakupan (%)"],
    ["SUMATERA SELATAN", "Penerima Upah", 1_212_345, 3_900_000, 31.09],
    ["Jambi", "BPU", 512_000, 1_800_000, 28.44],
    ["JUMLAH", None, 1_724_345, 5_700_000, None],
    ["Sumber: BPJS Ketenagakerjaan"],
]


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr("paritrana_analysis.paths.PROCESSED_DIR", tmp_path / "processed")


def check(df):
    assert len(df) == 2
    assert df["region_code"].astype(str).tolist() == ["ID-SS", "ID-JA"]
    assert df["segment"].astype(str).tolist() == ["pu", "bpu"]
    assert df["covered"].tolist() == [1_212_345, 512_000]
    assert df["potential"].tolist() == [3_900_000, 1_800_000]
    assert df["coverage_pct"].tolist() == [31.09, 28.44]
    assert (df["as_of"] == pd.Timestamp("2025-08-01")).all()
    assert df.attrs["totals"][0]["row"] == 6
    assert df.attrs["notes"] == ["Sumber: BPJS Ketenagakerjaan"]


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter", "xls", "ods"])
def test_workbook_formats(tmp_path, writer):
    make = {"openpyxl": lambda p: xlsx(p, ROWS),
            "xlsxwriter": lambda p: xlsx_xlsxwriter(p, ROWS),
            "xls": lambda p: xls(p, ROWS), "ods": lambda p: ods(p, ROWS)}[writer]
    suffix = {"xls": ".xls", "ods": ".ods"}.get(writer, ".xlsx")
    path = make(tmp_path / f"recap{suffix}")
    assert detect_kind(path) == "coverage"
    check(read_coverage(path, cache=False))


def test_xlsm_name(tmp_path):
    path = xlsx(tmp_path / "recap.xlsm", ROWS)
    check(read_coverage(path, cache=False))


def test_percent_fractions_without_a_percent_format_are_a_problem_in_every_format(
        tmp_path):
    # the same in xlsx (no % format), xls, ods and csv: never 0,31% in one format and
    # 31,33% in another
    from paritrana_analysis.load import DataError

    rows = [["Provinsi", "Cakupan (%)"], ["Sumsel", 0.3133], ["Jambi", 0.2844]]
    paths = [xlsx(tmp_path / "p.xlsx", rows), xls(tmp_path / "p.xls", rows),
             ods(tmp_path / "p.ods", rows),
             csv_text(tmp_path / "p.csv", ["Provinsi;Cakupan (%)", "Sumsel;0,3133",
                                           "Jambi;0,2844"])]
    for path in paths:
        with pytest.raises(DataError) as info:
            read_coverage(path, as_of="2025-08-01", cache=False)
        (p,) = info.value.problems
        assert "looks like fractions" in p.reason and "multiply by 100" in p.reason
        assert (p.row, p.column) == (2, "Cakupan (%)")
    # a % number format (xlsx) says they are fractions: 0.3133 is 31,33%
    fmt = xlsx(tmp_path / "f.xlsx", rows, formats={"B2": "0.00%", "B3": "0.00%"})
    assert read_coverage(fmt, as_of="2025-08-01", cache=False)["coverage_pct"].tolist() == [
        31.33, 28.44]


INDONESIAN_CSV = [
    "Rekap cakupan, posisi 1 Agustus 2025",
    "",
    "Provinsi;Segmen;Peserta Aktif;Tenaga Kerja Potensial;Cakupan (%)",
    "SUMATERA SELATAN;Penerima Upah;1.212.345;3.900.000;31,09",
    'Jambi;BPU;512.000;"1.800.000";28,44%',
    "JUMLAH;;1.724.345;5.700.000;",
    "Sumber: BPJS Ketenagakerjaan;;;;",
]


def test_csv_excel_indonesian_locale(tmp_path):
    path = csv_text(tmp_path / "recap.csv", INDONESIAN_CSV, encoding="utf-8-sig")
    assert detect_kind(path) == "coverage"
    check(read_coverage(path, cache=False))


def test_csv_comma_separated_without_bom(tmp_path):
    lines = [line.replace(";", ",").replace("31,09", '"31,09"').replace("28,44%", '"28,44%"')
             for line in INDONESIAN_CSV]
    path = csv_text(tmp_path / "recap.csv", lines, encoding="utf-8")
    check(read_coverage(path, cache=False))


def test_csv_cp1252_fallback(tmp_path):
    lines = ["Provinsi;Tanggal Data;Peserta Aktif;Catatan",
             "Jambi;1 Agustus 2025;5;\u00e9t\u00e9 \u2013 sementara"]
    path = csv_text(tmp_path / "old.csv", lines, encoding="cp1252")
    df = read_coverage(path, cache=False)
    assert df["note"].tolist() == ["\u00e9t\u00e9 \u2013 sementara"]


def test_csv_claims_dates(tmp_path):
    lines = ["Tanggal Klaim;Kabupaten/Kota;Program;Nominal (Rp)",
             "05/07/2025;Kota Palembang;JHT;Rp42.000.000",
             "31/07/2025;Kab. Banyuasin;JKM;42.000.000,00"]
    df = read_claims(csv_text(tmp_path / "claims.csv", lines), cache=False)
    assert df["period"].astype(str).tolist() == ["2025-07", "2025-07"]
    assert df["amount_idr"].tolist() == [42_000_000.0, 42_000_000.0]
    assert df["cases"].tolist() == [1, 1]


def test_ods_workforce_date_column(tmp_path):
    rows = [["Provinsi", "Tanggal Data", "Penduduk Bekerja", "Formal", "Informal"],
            ["Jambi", dt.datetime(2024, 8, 1), 1_850_100, 700_000, 1_150_100]]
    df = read_workforce(ods(tmp_path / "w.ods", rows), cache=False)
    assert df["as_of"].tolist() == [pd.Timestamp("2024-08-01")]
    assert df[["employed", "formal", "informal"]].iloc[0].tolist() == [1_850_100, 700_000,
                                                                       1_150_100]
