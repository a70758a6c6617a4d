"""xls (Excel 97-2003, OLE2): fastexcel/calamine."""

from __future__ import annotations

from pathlib import Path

from paritrana_analysis.load.engines.base import CalamineSheet, open_calamine


def open_xls(path: Path, sheet) -> CalamineSheet:
    sh = open_calamine(path, "xls", sheet)
    sh.head = sh.read_head()
    return sh
