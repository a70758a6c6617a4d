"""Small test workbooks built on the fly: xlsx (openpyxl, xlsxwriter), xls, ods, csv."""

from __future__ import annotations

import zipfile
from pathlib import Path


def xlsx(path: Path, rows: list[list], *, formats: dict | None = None, merges=(),
         sheet: str = "Data", extra_sheets: dict | None = None) -> Path:
    """rows[i] is Excel row i+1 (None = empty cell); formats {"E5": "0.00%"}."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    for rng in merges:
        ws.merge_cells(rng)
    for name, more in (extra_sheets or {}).items():
        ws2 = wb.create_sheet(name)
        for row in more:
            ws2.append(row)
    wb.save(path)
    return path


def xlsx_xlsxwriter(path: Path, rows: list[list], *, formulas: dict | None = None) -> Path:
    """Written by xlsxwriter; formulas {(row, col): "=A1*2"} are stored with no value
    (as scripts save them: Excel would calculate them on opening)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Data")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    for (r, c), formula in (formulas or {}).items():
        ws.write_formula(r, c, formula, None, "")
    wb.close()
    return path


def xls(path: Path, rows: list[list]) -> Path:
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("Data")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    wb.save(str(path))
    return path


def ods(path: Path, rows: list[list]) -> Path:
    import pandas as pd

    width = max(len(r) for r in rows)
    frame = pd.DataFrame([list(r) + [None] * (width - len(r)) for r in rows], dtype=object)
    frame.to_excel(path, engine="odf", header=False, index=False, sheet_name="Data")
    return path


def csv_text(path: Path, lines: list[str], *, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


LAUGHS_DTD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE worksheet [\n'
    ' <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">\n' for i in range(2, 10))
    .replace("&lol1;", "&lol;")
    + "]>\n"
)


def billion_laughs(path: Path, good: Path) -> Path:
    """A copy of the workbook `good` whose sheet XML declares nested entities (1e9 'lol's)."""
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode()
                text = text[text.index("?>") + 2:] if text.startswith("<?xml") else text
                data = (LAUGHS_DTD + text.lstrip()).encode()
            dst.writestr(item, data)
    return path
