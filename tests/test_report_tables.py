"""Notebook tables (a Styler in the run's conventions) and the xlsx workbook to forward."""

import pandas as pd
import pytest
from openpyxl import load_workbook

from paritrana_analysis import load_all
from paritrana_analysis.report.tables import report_tables, styled, write_workbook


def test_notebook_tables_read_as_an_analyst_writes_them():
    df = pd.DataFrame({
        "as_of": pd.to_datetime(["2025-08-01", "2025-04-29"]),
        "coverage_pct": pd.array([31.33, None], dtype="Float64"),
        "amount_idr": [1_420_000_000_000.0, 6.18e9],
        "covered": pd.array([2_789_917, None], dtype="Int64"),
        "denominator_to_employed": [3.329269, 1.0],
        "flagged": [True, False],
    })
    html = styled(df).to_html()
    for text in ("Agustus 2025", "29 April 2025", "31,33%", "Rp1,4 triliun", "2.789.917",
                 "3,33", "ya", "Tanggal data", "Cakupan (%)"):
        assert text in html, text
    for raw in ("1420000000000", "3.329269", "&lt;NA&gt;", "<NA>", "00:00:00", "nan"):
        assert raw not in html, raw
    assert "Coverage (%)" in styled(df, lang="en").to_html()


def test_workbook_has_a_sheet_per_table_with_formats_frozen_headers_and_sources(tmp_path):
    data = load_all()
    sheets = report_tables(data, region="ID-SS")
    path = write_workbook(tmp_path / "tabel.xlsx", sheets)
    book = load_workbook(path)
    assert book.sheetnames == ["Cakupan", "Rekonsiliasi", "Provinsi", "Segmen", "Klaim",
                               "Target"]
    sheet = book["Cakupan"]
    assert sheet.freeze_panes == "A2"
    headers = [c.value for c in sheet[1]]
    assert "Cakupan (%)" in headers and "Tanggal data" in headers
    pct = sheet.cell(row=2, column=headers.index("Cakupan (%)") + 1)
    date = sheet.cell(row=2, column=headers.index("Tanggal data") + 1)
    assert pct.number_format == '0.00"%"' and date.number_format.startswith("[$-421]")
    last = [c.value for c in sheet[sheet.max_row] if c.value]
    assert last and last[0].startswith("Sumber: ")
    claims = book["Klaim"]
    amounts = [c for c in claims[2] if c.number_format == '"Rp"#,##0']
    assert amounts and all(isinstance(c.value, int | float) for c in amounts)
    assert "Coverage" in load_workbook(write_workbook(
        tmp_path / "en.xlsx", report_tables(data, region="ID-SS", lang="en"),
        lang="en")).sheetnames


@pytest.mark.parametrize("bad", ["=HYPERLINK(\"x\")", "+62 811"])
def test_workbook_text_never_runs_as_a_formula(tmp_path, bad):
    path = write_workbook(tmp_path / "x.xlsx", {"t": (pd.DataFrame({"source": [bad]}), "")})
    assert load_workbook(path)["t"]["A2"].value.startswith("'")
