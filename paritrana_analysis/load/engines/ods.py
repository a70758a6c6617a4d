"""ods (OpenDocument spreadsheets, LibreOffice): fastexcel/calamine."""

from __future__ import annotations

from pathlib import Path

from paritrana_analysis.load.engines.base import CalamineSheet, open_calamine


def open_ods(path: Path, sheet) -> CalamineSheet:
    sh = open_calamine(path, "ods", sheet)
    sh.head = sh.read_head()
    return sh
