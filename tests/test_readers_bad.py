"""Bad input: one DataError listing every problem, each pointing at the cell to fix."""

import time
import zipfile

import pandas as pd
import pytest
from workbooks import billion_laughs, csv_text, xlsx, xlsx_xlsxwriter

from paritrana_analysis.load import (
    DataError,
    detect_kind,
    read_any,
    read_claims,
    read_coverage,
    read_targets,
    read_workforce,
)

# pandas' deprecations (Pandas4Warning) in the loaders fail these tests
pytestmark = pytest.mark.filterwarnings("error::pandas.errors.Pandas4Warning")

AS_OF = "2025-08-01"


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr("paritrana_analysis.paths.PROCESSED_DIR", tmp_path / "processed")


def problems_of(fn, *args, **kw):
    with pytest.raises(DataError) as info:
        fn(*args, **kw)
    assert isinstance(info.value, ValueError)
    return info.value.problems


def only(problems):
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_missing_required_column_lists_headers_found(tmp_path):
    path = xlsx(tmp_path / "m.xlsx", [["Provinsi", "Keterangan", "Tanggal Data"],
                                      ["Jambi", "x", "1 Agustus 2025"]])
    p = only(problems_of(read_coverage, path, cache=False))
    assert "missing required column" in p.reason and "covered or coverage_pct" in p.reason
    assert "Provinsi, Keterangan, Tanggal Data" in p.reason
    assert p.file == "m.xlsx" and p.sheet == "Data" and p.row == 1


def test_no_header_at_all(tmp_path):
    path = xlsx(tmp_path / "h.xlsx", [["Apa", "Ini"], [1, 2]])
    p = only(problems_of(read_coverage, path, cache=False))
    assert "the sheet starts with: row 1: Apa | Ini; row 2: 1 | 2" in p.reason
    assert "looked for headers such as Wilayah, % Coverage, Peserta Aktif" in p.reason


def test_unknown_region_with_suggestion(tmp_path):
    path = xlsx(tmp_path / "u.xlsx", [["Provinsi", "Peserta Aktif"], ["Sumatera Selatn", 5],
                                      ["Jambi", 6], ["Atlantis", 7]])
    ps = problems_of(read_coverage, path, as_of=AS_OF, cache=False)
    assert [(p.row, p.column, p.value) for p in ps] == [
        (2, "Provinsi", "Sumatera Selatn"), (4, "Provinsi", "Atlantis")]
    assert ps[0].reason == "unknown region 'Sumatera Selatn': did you mean 'Sumatera Selatan'?"
    assert ps[1].reason.startswith("unknown region 'Atlantis'")


def test_duplicate_region_date_segment(tmp_path):
    rows = [["Provinsi", "Segmen", "Tanggal Data", "Peserta Aktif"],
            ["Jambi", "PU", "1 Agustus 2025", 5],
            ["Jambi", "BPU", "1 Agustus 2025", 6],
            ["Prov. Jambi", "Penerima Upah", "01/08/2025", 7]]
    p = only(problems_of(read_coverage, xlsx(tmp_path / "d.xlsx", rows), cache=False))
    assert p.row == 4 and "same region, date and segment as row 2" in p.reason


def test_duplicate_workforce_region_and_date(tmp_path):
    rows = [["Provinsi", "Penduduk Bekerja", "Periode"], ["Jambi", 5, "Agustus 2024"],
            ["JAMBI", 6, "Agustus 2024"]]
    p = only(problems_of(read_workforce, xlsx(tmp_path / "w.xlsx", rows), cache=False))
    assert p.row == 3 and "same region and date as row 2" in p.reason


def test_duplicate_target_same_source(tmp_path):
    rows = [["Provinsi", "Tahun", "Target (%)", "Sumber"],
            ["Jambi", 2025, 40, "RPJMD"], ["Jambi", 2025, 41, "RPJMD"]]
    p = only(problems_of(read_targets, xlsx(tmp_path / "t.xlsx", rows), cache=False))
    assert p.row == 3 and "duplicate" in p.reason


def test_negative_counts_and_more_participants_than_workers(tmp_path):
    rows = [["Provinsi", "Peserta Aktif", "Tenaga Kerja Potensial"],
            ["Jambi", -5, 100], ["Sumsel", 500, 400]]
    ps = problems_of(read_coverage, xlsx(tmp_path / "n.xlsx", rows), as_of=AS_OF, cache=False)
    assert [(p.row, p.column, p.value) for p in ps] == [
        (2, "Peserta Aktif", -5), (3, "Peserta Aktif", 500)]
    assert ps[0].reason == "negative number"
    assert ps[1].reason == "more participants (500) than potential workers (400)"


def test_coverage_outside_0_100(tmp_path):
    rows = [["Provinsi", "Cakupan (%)"], ["Jambi", 131.3], ["Sumsel", "-2%"], ["Bengkulu", 50]]
    ps = problems_of(read_coverage, xlsx(tmp_path / "c.xlsx", rows), as_of=AS_OF, cache=False)
    assert [(p.row, p.column, p.reason) for p in ps] == [
        (2, "Cakupan (%)", "coverage outside 0-100%"), (3, "Cakupan (%)",
                                                        "coverage outside 0-100%")]


def test_number_written_in_words(tmp_path):
    rows = [["Provinsi", "Peserta Aktif"], ["Jambi", "dua juta"], ["Sumsel", 5]]
    p = only(problems_of(read_coverage, xlsx(tmp_path / "w.xlsx", rows), as_of=AS_OF,
                         cache=False))
    assert (p.row, p.column, p.value) == (2, "Peserta Aktif", "dua juta")
    assert "words" in p.reason


def test_empty_cell_where_number_required(tmp_path):
    rows = [["Provinsi", "Peserta Aktif", "Cakupan (%)"], ["Jambi", None, None],
            ["Sumsel", 5, None], ["Bengkulu", None, 31]]
    p = only(problems_of(read_coverage, xlsx(tmp_path / "e.xlsx", rows), as_of=AS_OF,
                         cache=False))
    assert (p.row, p.column) == (2, "Peserta Aktif")
    assert "empty cell where a number is required" in p.reason


def test_formula_never_calculated_reads_as_empty(tmp_path):
    rows = [["Provinsi", "Penduduk Bekerja", "Periode"], ["Jambi", 100, "Agustus 2024"],
            ["Sumsel", None, "Agustus 2024"]]
    path = xlsx_xlsxwriter(tmp_path / "f.xlsx", rows, formulas={(2, 1): "=B2*2"})
    p = only(problems_of(read_workforce, path, cache=False))
    assert (p.row, p.column) == (3, "Penduduk Bekerja")
    assert "formula" in p.reason and "empty" in p.reason


def test_unparseable_date(tmp_path):
    rows = [["Provinsi", "Tanggal Data", "Peserta Aktif"], ["Jambi", "kemarin", 5],
            ["Sumsel", "1 Agustus 2025", 6]]
    p = only(problems_of(read_coverage, xlsx(tmp_path / "d.xlsx", rows), cache=False))
    assert (p.row, p.column, p.value) == (2, "Tanggal Data", "kemarin")
    assert p.reason.startswith("unparseable date")


def test_no_date_anywhere(tmp_path):
    rows = [["Provinsi", "Peserta Aktif"], ["Jambi", 5]]
    p = only(problems_of(read_coverage, xlsx(tmp_path / "x.xlsx", rows), cache=False))
    assert "no date" in p.reason and "as_of" in p.reason


def test_total_row_that_disagrees_is_reported(tmp_path):
    rows = [["Provinsi", "Peserta Aktif"], ["Jambi", 100], ["Sumsel", 50], ["TOTAL", 160]]
    p = only(problems_of(read_coverage, xlsx(tmp_path / "t.xlsx", rows), as_of=AS_OF,
                         cache=False))
    assert (p.row, p.column, p.value) == (4, "Peserta Aktif", 160)
    assert "does not match the sum of the 2 rows above" in p.reason
    assert "160" in p.reason and "150" in p.reason


def test_every_problem_in_one_error(tmp_path):
    rows = [["Provinsi", "Peserta Aktif", "Tenaga Kerja Potensial", "Cakupan (%)"],
            ["Atlantis", 5, 10, 50], ["Jambi", "lima", 10, 50], ["Sumsel", -1, 10, 150]]
    ps = problems_of(read_coverage, xlsx(tmp_path / "all.xlsx", rows), as_of=AS_OF,
                     cache=False)
    assert sorted(p.row for p in ps) == [2, 3, 4, 4]
    text = str(DataError(ps))
    assert text.startswith("4 problems found:")


def test_claims_problems(tmp_path):
    rows = [["Provinsi", "Tahun", "Jumlah Kasus", "Nominal (Rp)"],
            ["Jambi", 2024, -3, 100], ["Jambi", "tahun lalu", 3, None]]
    ps = problems_of(read_claims, xlsx(tmp_path / "c.xlsx", rows), cache=False)
    got = {(p.row, p.column) for p in ps}
    assert got == {(2, "Jumlah Kasus"), (3, "Tahun")}  # a count without an amount is fine


def test_empty_workbook(tmp_path):
    path = xlsx(tmp_path / "empty.xlsx", [])
    p = only(problems_of(read_coverage, path, cache=False))
    assert "empty" in p.reason and p.file == "empty.xlsx"


def test_header_but_no_rows(tmp_path):
    path = xlsx(tmp_path / "h.xlsx", [["Provinsi", "Peserta Aktif"]])
    p = only(problems_of(read_coverage, path, as_of=AS_OF, cache=False))
    assert "no data rows" in p.reason


@pytest.mark.parametrize(("name", "content"), [
    ("notes.xlsx", b"just some text, not a workbook\n"),
    ("random.xlsx", bytes(range(256)) * 10),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
    ("page.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>"),
    ("zero.xlsx", b""),
    ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 200),
    ("ole.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
])
def test_not_a_spreadsheet(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    for fn in (read_coverage, read_claims, detect_kind, read_any):
        p = only(problems_of(fn, path) if fn in (detect_kind, read_any)
                 else problems_of(fn, path, cache=False))
        assert p.file == name and p.reason


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    p = only(problems_of(read_coverage, path, cache=False))
    assert "not a workbook" in p.reason


def test_truncated_workbook(tmp_path):
    good = xlsx(tmp_path / "good.xlsx", [["Provinsi", "Peserta Aktif"], ["Jambi", 1]])
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[:700])
    only(problems_of(read_coverage, cut, cache=False))


def test_missing_file(tmp_path):
    p = only(problems_of(read_coverage, tmp_path / "nope.xlsx", cache=False))
    assert "not found" in p.reason


def test_entity_expansion_refused_quickly(tmp_path):
    good = xlsx(tmp_path / "good.xlsx", [["Provinsi", "Peserta Aktif"], ["Jambi", 1]])
    bad = billion_laughs(tmp_path / "laughs.xlsx", good)
    t0 = time.perf_counter()
    p = only(problems_of(read_coverage, bad, as_of=AS_OF, cache=False))
    assert time.perf_counter() - t0 < 2
    assert "DOCTYPE or entities" in p.reason and p.file == "laughs.xlsx"


def test_unknown_sheet(tmp_path):
    path = xlsx(tmp_path / "s.xlsx", [["Provinsi", "Peserta Aktif"], ["Jambi", 1]])
    p = only(problems_of(read_coverage, path, sheet="Rekap", cache=False))
    assert "no sheet named 'Rekap'" in p.reason and "Data" in p.reason


def test_detect_kind_unknown(tmp_path):
    path = xlsx(tmp_path / "k.xlsx", [["Nama", "Alamat"], ["Budi", "Palembang"]])
    p = only(problems_of(detect_kind, path))
    assert "cannot tell which table" in p.reason and "Nama, Alamat" in p.reason


def test_problem_list_is_capped_but_complete_in_count(tmp_path):
    rows = [["Provinsi", "Peserta Aktif"]] + [["Atlantis", 1]] * 300
    ps = problems_of(read_coverage, xlsx(tmp_path / "many.xlsx", rows), as_of=AS_OF,
                     cache=False)
    assert len(ps) == 201 and "100 more rows" in ps[-1].reason


def test_contradictory_coverage_from_different_sources_is_kept(tmp_path):
    rows = [["Provinsi", "Segmen", "Tanggal Data", "Cakupan (%)", "Sumber"],
            ["Jambi", "Total", "1 Agustus 2025", 28.4, "ANTARA Jambi"],
            ["Jambi", "Total", "1 Agustus 2025", 30.1, "Jambi Independent"]]
    df = read_coverage(xlsx(tmp_path / "c.xlsx", rows), cache=False)
    assert df["coverage_pct"].tolist() == [28.4, 30.1]
    assert df["source"].astype(str).tolist() == ["ANTARA Jambi", "Jambi Independent"]


def test_duplicate_coverage_same_source(tmp_path):
    rows = [["Provinsi", "Segmen", "Tanggal Data", "Cakupan (%)", "Sumber"],
            ["Jambi", "Total", "1 Agustus 2025", 28.4, "ANTARA Jambi"],
            ["Jambi", "BPU", "1 Agustus 2025", 10.0, "ANTARA Jambi"],
            ["Prov. Jambi", "Semua", "01/08/2025", 30.1, "ANTARA Jambi"]]
    p = only(problems_of(read_coverage, xlsx(tmp_path / "d.xlsx", rows), cache=False))
    assert p.row == 4 and "same region, date, segment and source as row 2" in p.reason


def test_workforce_from_different_sources_is_kept(tmp_path):
    rows = [["Provinsi", "Penduduk Bekerja", "Periode", "Sumber"],
            ["Jambi", 5, "Agustus 2024", "BPS"], ["JAMBI", 6, "Agustus 2024", "Kompas"],
            ["Jambi", 7, "Agustus 2024", "BPS"]]
    p = only(problems_of(read_workforce, xlsx(tmp_path / "w.xlsx", rows), cache=False))
    assert p.row == 4 and "same region, date and source as row 2" in p.reason
    df = read_workforce(xlsx(tmp_path / "w2.xlsx", rows[:3]), cache=False)
    assert df["employed"].tolist() == [5, 6]


def test_targets_from_different_sources_are_kept(tmp_path):
    rows = [["Provinsi", "Tahun", "Target (%)", "Sumber"],
            ["Jambi", 2025, 40, "RPJMD"], ["Jambi", 2025, 41, "Gubernur Jambi"]]
    df = read_targets(xlsx(tmp_path / "t.xlsx", rows), cache=False)
    assert df["target_pct"].tolist() == [40.0, 41.0]


def test_claims_row_needs_cases_or_amount(tmp_path):
    rows = [["Wilayah", "Periode", "Program", "Jumlah Kasus", "Nominal (Rp)"],
            ["Jambi", "2024", "JHT", 10, 1_000_000],
            ["Jambi", "2024", "JKM", None, 42_000_000],  # an amount only
            ["Gorontalo", "2024", "JKK", 190, None],  # a count only
            ["Bengkulu", "2024", "JP", None, None]]  # neither: a problem
    p = only(problems_of(read_claims, xlsx(tmp_path / "c.xlsx", rows), cache=False))
    assert p.row == 5 and p.column == "Jumlah Kasus"
    assert "needs a number of cases or an amount" in p.reason
    df = read_claims(xlsx(tmp_path / "ok.xlsx", rows[:4]), cache=False)
    assert df["cases"].tolist()[0] == 10 and pd.isna(df["cases"].iloc[1])
    assert df["cases"].iloc[2] == 190 and pd.isna(df["amount_idr"].iloc[2])
    assert str(df["cases"].dtype) == "Int64" and str(df["amount_idr"].dtype) == "Float64"


def test_claims_without_cases_column_or_claim_date_have_empty_cases(tmp_path):
    rows = [["Wilayah", "Periode", "Program", "Nominal (Rp)"],
            ["Jambi", "2024", "JHT", 1_000_000], ["Jambi", "2024", "JKM", 42_000_000]]
    df = read_claims(xlsx(tmp_path / "a.xlsx", rows), cache=False)
    assert df["cases"].isna().all() and str(df["cases"].dtype) == "Int64"
    assert not df.attrs["claim_level"]


# ---------------------------------------------------------------- empty header cells

RECAP_HEADER = ["No", "Kabupaten/Kota", "Peserta Aktif", "Tenaga Kerja Potensial",
                "% Coverage"]


def recap(path, header, *, merges=()):
    """A coverage recap as analysts send it: title, header, data, TOTAL, source note."""
    return xlsx(path, [["Rekap Coverage BPJS Ketenagakerjaan Sumsel per 31 Juli 2025"],
                       header,
                       [1, "Kota Palembang", 300, 1000, "30%"],
                       [2, "Kab. Musi Banyuasin", 200, 800, "25%"],
                       [3, "Kota Prabumulih", 100, 400, "25%"],
                       [None, "TOTAL", 600, 2200, None],
                       [],
                       ["Sumber: BPJS Ketenagakerjaan Kanwil Sumbagsel"]], merges=merges)


def test_values_under_a_cleared_header_cell_are_a_problem(tmp_path, capsys):
    from paritrana_analysis.check import check_files

    header = [None if h == "Peserta Aktif" else h for h in RECAP_HEADER]
    path = recap(tmp_path / "cleared.xlsx", header)
    for fn in (read_coverage, read_any):
        p = only(problems_of(fn, path, cache=False))
        assert (p.file, p.sheet, p.row, p.column, p.value) == ("cleared.xlsx", "Data", 2, "C",
                                                               300)
        assert p.reason == ("column C has 3 values but no header: type a header "
                            "(e.g. 'Peserta Aktif') or delete the values")
    assert check_files([str(path)]) == 1
    assert "column C has 3 values but no header" in capsys.readouterr().out


def test_cleared_header_suggests_the_missing_column(tmp_path):
    header = [None if h == "Tenaga Kerja Potensial" else h for h in RECAP_HEADER]
    p = only(problems_of(read_coverage, recap(tmp_path / "pot.xlsx", header), cache=False))
    assert (p.row, p.column, p.value) == (2, "D", 1000)
    assert "(e.g. 'Tenaga Kerja Potensial')" in p.reason


def test_cleared_header_in_a_csv(tmp_path):
    path = csv_text(tmp_path / "c.csv", ["Provinsi;;Tanggal Data", "Jambi;512.000;01/08/2025",
                                         "Bengkulu;310.000;01/08/2025"])
    missing, p = problems_of(read_coverage, path, cache=False)
    assert "missing required column(s) for a coverage table: covered or coverage_pct" in \
        missing.reason and missing.row == 1
    assert (p.file, p.row, p.column, p.value) == ("c.csv", 1, "B", "512.000")
    assert p.reason.startswith("column B has 2 values but no header") and \
        "(e.g. 'Peserta Aktif')" in p.reason


def test_unknown_header_stays_an_extra_column(tmp_path):
    header = ["Apa Ini" if h == "Tenaga Kerja Potensial" else h for h in RECAP_HEADER]
    df = read_coverage(recap(tmp_path / "unknown.xlsx", header), cache=False)
    assert df["apa_ini"].tolist() == [1000, 800, 400]
    assert df["covered"].tolist() == [300, 200, 100]


def test_values_under_a_merged_header_are_kept(tmp_path):
    header = ["No", "Kabupaten/Kota", "Peserta Aktif", None, "% Coverage"]
    df = read_coverage(recap(tmp_path / "merged.xlsx", header, merges=["C2:D2"]),
                       cache=False)
    assert df["covered"].tolist() == [300, 200, 100]
    assert df["column_d"].tolist() == [1000, 800, 400]


def test_value_only_in_a_note_or_total_row_is_no_problem(tmp_path):
    rows = [["Provinsi", "Peserta Aktif", "Tanggal Data"],
            ["Jambi", 5, "1 Agustus 2025"], ["Bengkulu", 6, "1 Agustus 2025"],
            ["TOTAL", 11, None, "dicek"], ["Sumber:", "BPJS Ketenagakerjaan"]]
    df = read_coverage(xlsx(tmp_path / "n.xlsx", rows), cache=False)
    assert df["covered"].tolist() == [5, 6]


def test_cleared_region_header_names_the_missing_region_column(tmp_path):
    header = [None if h == "Kabupaten/Kota" else h for h in RECAP_HEADER]
    path = recap(tmp_path / "noregion.xlsx", header)
    for fn in (read_coverage, read_any, detect_kind):
        ps = problems_of(fn, path) if fn is not read_coverage else problems_of(
            fn, path, cache=False)
        assert [(p.row, p.column) for p in ps] == [(2, None), (2, "B")]
        assert ps[0].reason == (
            "no region column: expected a header such as Provinsi, Kab/Kota or Wilayah; "
            "headers found: No, Peserta Aktif, Tenaga Kerja Potensial, % Coverage")
        assert ps[1].value == "Kota Palembang" and ps[1].reason == (
            "column B has 3 values but no header: type a header (e.g. 'Kabupaten/Kota') "
            "or delete the values")
