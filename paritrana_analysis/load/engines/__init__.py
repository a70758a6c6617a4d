"""Engines: one module per file format behind one Sheet protocol (base.py).

`open_sheet(path, sheet)` picks the engine from the file's bytes (sniff.py): xlsx/xlsm
(xlsx.py), xls (xls.py), ods (ods.py), xlsb (fastexcel as it is) and CSV (csv.py).
"""

from __future__ import annotations

from pathlib import Path

from paritrana_analysis.load.engines.base import Sheet, open_calamine
from paritrana_analysis.load.engines.csv import open_csv
from paritrana_analysis.load.engines.ods import open_ods
from paritrana_analysis.load.engines.sniff import sniff
from paritrana_analysis.load.engines.xls import open_xls
from paritrana_analysis.load.engines.xlsx import open_xlsx

__all__ = ["Sheet", "open_sheet", "sheet_names"]


def open_sheet(path: Path, sheet: str | int | None = None) -> Sheet:
    """Open one sheet of a workbook or CSV file (sheet None = the first)."""
    fmt, scan = sniff(path)
    if fmt == "csv":
        return open_csv(path)
    if fmt == "xlsx":
        return open_xlsx(path, sheet, scan)
    if fmt == "xls":
        return open_xls(path, sheet)
    if fmt == "ods":
        return open_ods(path, sheet)
    sh = open_calamine(path, fmt, sheet)
    sh.head = sh.read_head()
    return sh


def sheet_names(path: Path) -> tuple[list, list]:
    """(the sheets a reader of the file sees, the hidden ones); [None] for a CSV file."""
    fmt, _ = sniff(path)
    if fmt == "csv":
        return [None], []
    import fastexcel

    from paritrana_analysis.load.engines.base import _hidden_sheets, engine

    with engine(path.name):
        names = list(fastexcel.read_excel(str(path)).sheet_names)
    hidden = _hidden_sheets(path)
    return [n for n in names if n not in hidden], [n for n in names if n in hidden]
