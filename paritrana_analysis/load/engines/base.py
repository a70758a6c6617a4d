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
from paritrana_analysis.load.problems import DataError, Problem, fail

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
    notes: list = field(default_factory=list)  # what opening it took (said in df.attrs)
    errors: dict = field(default_factory=dict)  # {(excel_row, col): '#DIV/0!'} error cells

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


ERROR_REASON = ("an Excel error value ({code}) in the cell: fix the formula (or type the "
                "value) in Excel and save")
_ERROR_CODES = {"Div0": "#DIV/0!", "NA": "#N/A", "Name": "#NAME?", "Null": "#NULL!",
                "Num": "#NUM!", "Ref": "#REF!", "Value": "#VALUE!",
                "GettingData": "#GETTING_DATA"}


def letter(c: int) -> str:
    """0 -> 'A', 27 -> 'AB'."""
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def _failing_column(message: str) -> int | None:
    """The column an engine error names ("could not determine dtype for column
    __UNNAMED__3"), as the index fastexcel wants in dtypes=."""
    import re

    m = re.search(r"column __UNNAMED__(\d+)", message)
    return int(m.group(1)) if m else None


@contextlib.contextmanager
def engine(file: str, sheet: str | None = None):
    """Any failure of the Rust engine, a panic included (pyo3's PanicException is a
    BaseException: a loop over files would otherwise die), as one DataError."""
    try:
        yield
    except (KeyboardInterrupt, SystemExit, GeneratorExit, DataError):
        raise
    except BaseException as exc:  # noqa: BLE001 - PanicException, CalamineError, ...
        where = f"sheet '{sheet}' of " if sheet else ""
        err = DataError([Problem(file=file, sheet=sheet or None, reason=(
            f"{where}the workbook could not be read ({short(exc)}); {RESAVE}"))])
        err.engine_message = str(exc)
        raise err from None


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
        as_text: dict = {}  # columns whose error cells stop the engine's type guess
        for _ in range(64):
            try:
                with quiet_fastexcel(), engine(self.file, self.name):
                    sh = self.reader.load_sheet(self.index, header_row=None, skip_rows=skip,
                                                schema_sample_rows=None,
                                                dtypes=as_text or None)
                    tb, errors = sh.to_arrow_with_errors()
                break
            except DataError as err:
                col = _failing_column(getattr(err, "engine_message", ""))
                if col is None or col in as_text:
                    return self._unreadable(err)
                as_text[col] = "string"
        absolute = [c.absolute_index for c in sh.selected_columns]
        del sh  # the engine's copy of every cell: freed before the columns are converted
        self._note_errors(errors, skip, absolute)
        rows = np.arange(skip + 1, skip + 1 + tb.num_rows, dtype=np.int64)
        columns = tb.columns
        del tb
        out = {}
        for c in absolute:  # one Arrow column at a time, each freed once converted
            out[c] = arrow_to_series(columns.pop(0))
        return out, rows

    def _unreadable(self, err: DataError):
        text = str(err).lower()
        if "empty" in text or "no rows" in text or "out of bound" in text:
            return {}, np.array([], dtype=np.int64)
        if self.errors:  # the engine cannot hold some error cells (#SPILL!): name them
            raise self.error_cells()
        raise err

    def error_cells(self, rows=None) -> DataError:
        """One problem per Excel error cell (in `rows` when given)."""
        return DataError([Problem(file=self.file, sheet=self.name or None, row=r,
                                  column=letter(c), value=code,
                                  reason=ERROR_REASON.format(code=code))
                          for (r, c), code in sorted(self.errors.items())
                          if rows is None or r in rows])

    def _note_errors(self, errors, skip: int, absolute: list[int]) -> None:
        """Excel error cells the engine read as empty: kept to be reported by cell."""
        for e in getattr(errors, "errors", []) or []:
            if "Error(" not in str(e.detail):  # a cell of another type, not an error value
                continue
            row, col = e.offset_position
            code = _ERROR_CODES.get(str(e.detail).split("Error(")[-1].rstrip(")'"), "#ERROR")
            self.errors.setdefault((skip + 1 + row, absolute[col] if col < len(absolute)
                                    else col), code)

    def read_head(self, n: int = HEAD_ROWS) -> list[list]:
        """The first n rows as text cells, from the engine."""
        try:
            with quiet_fastexcel(), engine(self.file, self.name):
                sh = self.reader.load_sheet(self.index, header_row=None, skip_rows=0,
                                            n_rows=n, dtypes="string")
                tb = sh.to_arrow()
            cols = [(c.absolute_index, tb.column(i).to_pylist())
                    for i, c in enumerate(sh.selected_columns)]
        except DataError as exc:
            if "empty" in str(exc).lower() or "no rows" in str(exc).lower():
                return []
            raise
        return _rows_from_columns(cols)

    def _calamine(self):
        import python_calamine

        wb = python_calamine.CalamineWorkbook.from_path(str(self.path))
        return wb.get_sheet_by_index(self.index)

    def merged(self) -> list[tuple[int, int, int, int]]:
        try:
            with engine(self.file, self.name):
                ranges = self._calamine().merged_cell_ranges or []
        except DataError:  # merges are a refinement, never a failure
            return []
        return [(r0 + 1, c0, r1 + 1, c1) for (r0, c0), (r1, c1) in ranges]

    def native(self, skip: int, cols: list[int], n: int) -> dict[int, list]:
        with engine(self.file, self.name):
            sh = self._calamine()
            start_row, start_col = sh.start or (0, 0)
            data = sh.to_python(skip_empty_area=False)
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

    with engine(path.name):
        reader = fastexcel.read_excel(str(path))
        sheets = list(reader.sheet_names)
    if not sheets:
        raise fail(path.name, "the workbook has no sheets")
    hidden = _hidden_sheets(path)
    idx = _sheet_index(path.name, sheets, sheet, hidden)
    notes = [f"sheet '{sheets[idx]}' read: the first visible sheet (hidden, not read: "
             + ", ".join(f"'{h}'" for h in hidden) + ")"] if hidden and sheet is None else []
    return cls(file=path.name, name=sheets[idx], fmt=fmt, sheets=sheets, path=path, index=idx,
               reader=reader, notes=notes)


def _hidden_sheets(path: Path) -> list[str]:
    """Sheets a reader of the workbook does not see: hidden, very hidden, or charts."""
    import python_calamine

    try:
        with engine(path.name):
            meta = python_calamine.CalamineWorkbook.from_path(str(path)).sheets_metadata
    except DataError:
        return []
    return [m.name for m in meta if m.visible != python_calamine.SheetVisibleEnum.Visible
            or m.typ != python_calamine.SheetTypeEnum.WorkSheet]


def _sheet_index(file: str, sheets: list[str], sheet, hidden: list[str]) -> int:
    if sheet is None:  # the first sheet a reader of the workbook sees
        return next((i for i, s in enumerate(sheets) if s not in hidden), 0)
    if isinstance(sheet, int):
        if not 0 <= sheet < len(sheets):
            raise fail(file, f"no sheet number {sheet}; sheets: {', '.join(sheets)}")
        return sheet
    if sheet in sheets:
        return sheets.index(sheet)
    raise fail(file, f"no sheet named '{sheet}'; sheets: {', '.join(sheets)}")
