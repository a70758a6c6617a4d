"""The sheet protocol every engine implements, and the fastexcel/calamine sheet that the
xlsx, xls and ods engines build on.

A Sheet gives the first rows as Python values (`head`, where titles and headers sit), the
rows below the header as typed columns (`body`: Arrow columns from fastexcel, Rust), the
merged ranges, the cells of a few columns exactly as stored (`native`, for columns that
mix numbers and text) and, where the engine can tell, which cells carry a percent format.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from paritrana_analysis.load.engines.arrow import arrow_to_series
from paritrana_analysis.load.engines.sniff import RESAVE, short
from paritrana_analysis.load.problems import fail

HEAD_ROWS = 60  # rows read to find titles, the header and percent formats


@dataclass
class Sheet:
    """One sheet of a workbook (or a CSV file), as the loading steps see it."""

    file: str
    name: str  # "" for a CSV file
    fmt: str
    sheets: list = field(default_factory=list)  # every sheet name of the workbook
    head: list = field(default_factory=list)  # head[i] is Excel row i + 1; cells by column
    percent_cells: set = field(default_factory=set)  # {(excel_row, col)} with a % format
    formats_known: bool = False  # True when percent_cells is reliable (xlsx)
    sep: str = ""  # CSV: the field separator (',' means a comma is no decimal mark)
    merges_cheap: bool = False  # merged() costs little whatever the sheet's size

    def body(self, skip: int) -> tuple[dict[int, pd.Series], np.ndarray]:
        """Columns (by absolute column index) of the rows after the first `skip` rows,
        and the Excel row number of each row."""
        raise NotImplementedError

    def merged(self) -> list[tuple[int, int, int, int]]:
        """Merged ranges as (first_row, first_col, last_row, last_col): rows as Excel
        numbers (1-based), columns 0-based. Empty when the engine cannot say."""
        return []

    def native(self, skip: int, cols: list[int], n: int) -> dict[int, list]:
        """The cells of `cols` in the n rows after `skip`, exactly as stored."""
        raise NotImplementedError

    def stored_digits(self, cols: list[int], rows: set[int]) -> dict[tuple[int, int], str]:
        """Numbers of `cols` in `rows` as the digits stored in the file, for integers a
        float64 cannot hold exactly. Empty when the engine only gives floats."""
        return {}

    def other_sheets(self, best: str | None = None) -> str:
        """"; the workbook's other sheets: 'Data', 'Rekap' (sheet='Rekap' has the headers
        that fit best)", or "". `best`: the other sheet whose headers fit the kind best."""
        others = [s for s in self.sheets if s != self.name]
        if not others:
            return ""
        names = ", ".join(f"'{s}'" for s in others[:10]) + (", ..." if len(others) > 10
                                                              else "")
        if best:
            return (f"; the workbook's other sheets: {names} (sheet={best!r} has the headers "
                    "that fit best: pass it to read that one)")
        return f"; the workbook's other sheets: {names} (pass sheet={others[0]!r} to read one)"


class _NoDtypeFallbackNotice(logging.Filter):
    """Drops fastexcel's "Could not determine dtype for column N, falling back to string",
    logged for every all-empty column (read as text, which is what the loaders want)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.getMessage()).startswith("Could not determine dtype")


_QUIET = _NoDtypeFallbackNotice()


@contextlib.contextmanager
def quiet_fastexcel():
    loggers = [logging.getLogger(n) for n in ("fastexcel", "fastexcel.types",
                                               "fastexcel.types.dtype")]
    for lg in loggers:
        lg.addFilter(_QUIET)
    try:
        yield
    finally:
        for lg in loggers:
            lg.removeFilter(_QUIET)


@dataclass
class CalamineSheet(Sheet):
    """A workbook sheet read through fastexcel (body) and python-calamine (cells)."""

    path: Path | None = None
    index: int = 0
    reader: object = None

    def body(self, skip: int) -> tuple[dict[int, pd.Series], np.ndarray]:
        try:
            with quiet_fastexcel():
                sh = self.reader.load_sheet(self.index, header_row=None, skip_rows=skip,
                                            schema_sample_rows=None)
                tb = sh.to_arrow()
            absolute = [c.absolute_index for c in sh.selected_columns]
        except Exception as exc:  # noqa: BLE001
            text = str(exc).lower()
            if "empty" in text or "no rows" in text or "out of bound" in text:
                return {}, np.array([], dtype=np.int64)
            raise fail(self.file, f"cannot read sheet '{self.name}': {short(exc)}") from None
        rows = np.arange(skip + 1, skip + 1 + tb.num_rows, dtype=np.int64)
        return {c: arrow_to_series(tb.column(i)) for i, c in enumerate(absolute)}, rows

    def read_head(self, n: int = HEAD_ROWS) -> list[list]:
        """The first n rows as text cells, from the engine."""
        try:
            with quiet_fastexcel():
                sh = self.reader.load_sheet(self.index, header_row=None, skip_rows=0,
                                            n_rows=n, dtypes="string")
                tb = sh.to_arrow()
            cols = [(c.absolute_index, tb.column(i).to_pylist())
                    for i, c in enumerate(sh.selected_columns)]
        except Exception as exc:  # noqa: BLE001
            if "empty" in str(exc).lower() or "no rows" in str(exc).lower():
                return []
            raise fail(self.file, f"cannot read sheet '{self.name}': {short(exc)}") from None
        return _rows_from_columns(cols)

    def _calamine(self):
        import python_calamine

        wb = python_calamine.CalamineWorkbook.from_path(str(self.path))
        return wb.get_sheet_by_index(self.index)

    def merged(self) -> list[tuple[int, int, int, int]]:
        try:
            ranges = self._calamine().merged_cell_ranges or []
        except Exception:  # noqa: BLE001 - merges are a refinement, never a failure
            return []
        return [(r0 + 1, c0, r1 + 1, c1) for (r0, c0), (r1, c1) in ranges]

    def native(self, skip: int, cols: list[int], n: int) -> dict[int, list]:
        try:
            sh = self._calamine()
            start_row, start_col = sh.start or (0, 0)
            data = sh.to_python(skip_empty_area=False)
        except Exception as exc:  # noqa: BLE001
            raise fail(self.file, f"cannot read sheet '{self.name}': {short(exc)}") from None
        out = {c: [None] * n for c in cols}
        for i in range(n):
            r = skip + i - start_row
            if not 0 <= r < len(data):
                continue
            row = data[r]
            for c in cols:
                j = c - start_col
                if 0 <= j < len(row):
                    out[c][i] = None if row[j] == "" else row[j]
        return out


def _rows_from_columns(cols: list[tuple[int, list]]) -> list[list]:
    if not cols:
        return []
    width = max(c for c, _ in cols) + 1
    rows = [[None] * width for _ in range(len(cols[0][1]))]
    for c, values in cols:
        for r, v in enumerate(values):
            if v is not None and v != "":
                rows[r][c] = v
    return rows


def open_calamine(path: Path, fmt: str, sheet, cls=CalamineSheet) -> CalamineSheet:
    """Open a workbook with fastexcel and pick the sheet (None = the first)."""
    import fastexcel

    try:
        reader = fastexcel.read_excel(str(path))
        sheets = list(reader.sheet_names)
    except Exception as exc:  # noqa: BLE001 - engine errors become DataError
        raise fail(path.name, f"the workbook looks damaged and could not be opened "
                   f"({short(exc)}); {RESAVE}") from None
    if not sheets:
        raise fail(path.name, "the workbook has no sheets")
    idx = _sheet_index(path.name, sheets, sheet)
    return cls(file=path.name, name=sheets[idx], fmt=fmt, sheets=sheets, path=path, index=idx,
               reader=reader)


def _sheet_index(file: str, sheets: list[str], sheet) -> int:
    if sheet is None:
        return 0
    if isinstance(sheet, int):
        if not 0 <= sheet < len(sheets):
            raise fail(file, f"no sheet number {sheet}; sheets: {', '.join(sheets)}")
        return sheet
    if sheet in sheets:
        return sheets.index(sheet)
    raise fail(file, f"no sheet named '{sheet}'; sheets: {', '.join(sheets)}")
