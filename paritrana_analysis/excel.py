"""Workbook files to raw cell grids: engine choice, safety checks, sheets, CSV dialects.

Engines: xlsx/xlsm/xlsb/xls/ods are read by fastexcel (Rust, calamine) into Arrow
columns; the first rows of an xlsx (the "head", where titles and headers sit) are read
by a small streaming XML reader that also reports which cells carry a percent number
format (fastexcel does not expose formats; Excel stores 31,33% as 0.3133). Columns that
fastexcel had to coerce to text because they mix numbers and text are re-read cell by
cell with python-calamine, so a number cell is never confused with text like "1.234".
Merged ranges (a region merged over its segment rows) come from a byte scan of the
sheet XML for xlsx and from python-calamine for xls/ods; they are only looked up when a
body cell is empty. CSV files are read as text, as Excel in an Indonesian locale writes
them: ';' separator, decimal comma, UTF-8 with BOM; ',' and tab separators and cp1252 are
sniffed too.

Safety: a zip-based workbook whose XML declares a DOCTYPE or entities (the
"billion laughs" expansion attack) is refused by scanning the start of every member,
reading a bounded number of bytes, before any parser sees it.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import XMLPullParser

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from paritrana_analysis.validate import DataError, Problem

HEAD_ROWS = 60  # rows read to find titles, the header and percent formats
PROLOG_LIMIT = 1 << 20  # bytes of an XML member scanned before its root element
MAX_UNCOMPRESSED = 2 << 30  # declared uncompressed size of all members together
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DATE_FMT_IDS = set(range(14, 23)) | {45, 46, 47}
_PERCENT_FMT_IDS = {9, 10}


class _NoDtypeFallbackNotice(logging.Filter):
    """Drops fastexcel's "Could not determine dtype for column N, falling back to string".

    fastexcel logs it (through Python logging, so it reaches stderr and notebooks) for
    every column whose cells are all empty. Such a column is read as text, which is what
    the loaders want; the notice is noise, not a problem with the file."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.getMessage()).startswith("Could not determine dtype")


_FASTEXCEL_LOGGERS = ("fastexcel", "fastexcel.types", "fastexcel.types.dtype")
_QUIET = _NoDtypeFallbackNotice()


@contextlib.contextmanager
def _quiet_fastexcel():
    """While reading: no dtype-fallback notices from fastexcel (other messages pass)."""
    loggers = [logging.getLogger(name) for name in _FASTEXCEL_LOGGERS]
    for lg in loggers:
        lg.addFilter(_QUIET)
    try:
        yield
    finally:
        for lg in loggers:
            lg.removeFilter(_QUIET)


def _fail(file: str, reason: str) -> DataError:
    return DataError([Problem(file=file, reason=reason)])


# ---------------------------------------------------------------- file type and safety


def sniff(path: Path) -> str:
    """The file format from its bytes: 'xlsx', 'ods', 'xls', 'csv' (DataError otherwise)."""
    name = path.name
    if not path.exists():
        raise _fail(name, "file not found")
    if path.is_dir():
        raise _fail(name, "a folder, not a spreadsheet file")
    if path.stat().st_size == 0:
        raise _fail(name, "the file is empty (0 bytes), not a spreadsheet")
    with open(path, "rb") as fh:
        start = fh.read(4096)
    if start.startswith(_ZIP_MAGIC):
        return _sniff_zip(path)
    if start.startswith(_OLE_MAGIC):
        return "xls"
    lowered = start.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")):
        raise _fail(name, "an HTML/XML file saved with a spreadsheet name, not a workbook: "
                    "open it in Excel and save it as .xlsx")
    if path.suffix.lower() in {".csv", ".txt", ".tsv"} and b"\x00" not in start:
        return "csv"
    if path.suffix.lower() in _SPREADSHEET_SUFFIXES:
        raise _fail(name, f"the file looks damaged: it is named {path.suffix} but could not "
                    f"be opened as a workbook; {_RESAVE}")
    raise _fail(name, "not a spreadsheet (expected .xlsx, .xlsm, .xls, .ods or .csv)")


_SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
_RESAVE = ("if it opens in Excel (or LibreOffice), save it again as .xlsx and load that "
           "copy; otherwise ask for the file again")


def _sniff_zip(path: Path) -> str:
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED:
                raise _fail(name, f"refused: the workbook unpacks to {total:,} bytes "
                            f"(limit {MAX_UNCOMPRESSED:,}); it may be a zip bomb")
            names = {i.filename for i in infos}
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    _check_xml_member(zf, info, name)
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                return "xlsx"
            if "mimetype" in names:
                mime = zf.read("mimetype")[:100]
                if b"opendocument.spreadsheet" in mime:
                    return "ods"
            if "content.xml" in names:
                return "ods"
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - BadZipFile, zlib.error, EOFError, ...
        raise _fail(name, f"the workbook looks damaged and could not be opened "
                    f"({_short(exc)}); {_RESAVE}") from None
    raise _fail(name, "a zip file but not a workbook (no xl/workbook.xml or ODS content)")


def _check_xml_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """Refuse DOCTYPE/ENTITY declarations: scan the prolog, at most PROLOG_LIMIT bytes."""
    prolog = b""
    with zf.open(info) as fh:
        while len(prolog) < PROLOG_LIMIT:
            chunk = fh.read(16384)
            if not chunk:
                break
            prolog += chunk
            text = _as_ascii(prolog)
            if re.search(rb"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
                raise _fail(name, f"refused: the XML member '{info.filename}' declares a "
                            "DOCTYPE or entities (possible entity-expansion attack)")
            if re.search(rb"<[A-Za-z_]", text):  # the root element has started
                return
    if prolog and not re.search(rb"<[A-Za-z_]", _as_ascii(prolog)):
        raise _fail(name, f"refused: the XML member '{info.filename}' has no root element "
                    f"in its first {PROLOG_LIMIT:,} bytes")


def _as_ascii(data: bytes) -> bytes:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        cut = len(data) - len(data) % 2
        return data[:cut].decode("utf-16", "replace").encode("ascii", "replace")
    return data


# ---------------------------------------------------------------- the grid


@dataclass
class Grid:
    """A sheet's cells: the first rows as Python values, the rest as typed columns."""

    file: str
    sheet: str
    fmt: str
    head: list[list]  # head[i] is Excel row i + 1; cells by absolute column (0 = A)
    percent_cells: set = field(default_factory=set)  # {(excel_row, col)} with a % format
    formats_known: bool = False  # True when percent_cells is reliable (xlsx)
    _reader: object = None  # fastexcel reader, sheet index
    _path: Path | None = None
    _member: str | None = None  # xlsx: the sheet's XML member
    _sheet_idx: int = 0
    _csv_rows: list | None = None
    sheets: list = field(default_factory=list)  # every sheet name of the workbook
    sep: str = ""  # CSV: the field separator (',' means a comma cannot be a decimal mark)

    def body(self, skip: int) -> tuple[dict[int, pd.Series], np.ndarray]:
        """Columns (by absolute column index) of the rows after the first `skip` rows,
        and the Excel row number of each row."""
        if self._csv_rows is not None:
            return _csv_body(self._csv_rows, skip)
        return _excel_body(self, skip)

    def merged(self) -> list[tuple[int, int, int, int]]:
        """Merged ranges as (first_row, first_col, last_row, last_col); rows as Excel
        numbers (1-based), columns 0-based. Empty for CSV or when the engine cannot say."""
        if self._csv_rows is not None or self._path is None:
            return []
        if self._member is not None:
            return _xlsx_merges(self._path, self._member)
        import python_calamine

        try:
            wb = python_calamine.CalamineWorkbook.from_path(str(self._path))
            ranges = wb.get_sheet_by_index(self._sheet_idx).merged_cell_ranges or []
        except Exception:  # noqa: BLE001 - merges are a refinement, never a failure
            return []
        return [(r0 + 1, c0, r1 + 1, c1) for (r0, c0), (r1, c1) in ranges]

    def number_text(self, cols: list[int], last_row: int) -> dict[tuple[int, int], str]:
        """xlsx: numeric cells of `cols` as the digits stored in the file ({(excel_row,
        col): "9271012345678901"}), for identifiers a float64 would round. Empty for
        other formats (their engines give only the float)."""
        if self._member is None or self._path is None:
            return {}
        wanted = set(cols)
        with zipfile.ZipFile(self._path) as zf:
            cells, _ = _stream_sheet(zf, self._member, last_row)
        return {(r, c): v for (r, c), (t, _s, v) in cells.items()
                if c in wanted and t in (None, "n") and v is not None}

    def native(self, skip: int, cols: list[int], n: int) -> dict[int, list]:
        """The cell values exactly as stored (numbers stay numbers), for mixed columns."""
        if self._csv_rows is not None:
            return {c: [r[c] if c < len(r) else None for r in self._csv_rows[skip:skip + n]]
                    for c in cols}
        return _calamine_columns(self, skip, cols, n)


def open_grid(path: Path, sheet: str | int | None = None) -> Grid:
    """Open a workbook or CSV file and read the head of one sheet (None = the first)."""
    fmt = sniff(path)
    if fmt == "csv":
        return _csv_grid(path)
    return _excel_grid(path, fmt, sheet)


def _excel_grid(path: Path, fmt: str, sheet) -> Grid:
    import fastexcel

    name = path.name
    try:
        reader = fastexcel.read_excel(str(path))
        sheets = reader.sheet_names
    except Exception as exc:  # noqa: BLE001 - engine errors become DataError
        raise _fail(name, f"the workbook looks damaged and could not be opened "
                    f"({_short(exc)}); {_RESAVE}") from None
    if not sheets:
        raise _fail(name, "the workbook has no sheets")
    if sheet is None:
        idx = 0
    elif isinstance(sheet, int):
        if not 0 <= sheet < len(sheets):
            raise _fail(name, f"no sheet number {sheet}; sheets: {', '.join(sheets)}")
        idx = sheet
    elif sheet in sheets:
        idx = sheets.index(sheet)
    else:
        raise _fail(name, f"no sheet named '{sheet}'; sheets: {', '.join(sheets)}")
    grid = Grid(file=name, sheet=sheets[idx], fmt=fmt, head=[], _reader=reader, _sheet_idx=idx,
                _path=path, sheets=list(sheets))
    if fmt == "xlsx" and path.suffix.lower() != ".xlsb":
        try:
            grid.head, grid.percent_cells, grid._member = _xlsx_head(path, sheets[idx],
                                                                      HEAD_ROWS)
            grid.formats_known = True
        except DataError:
            raise
        except Exception:  # noqa: BLE001 - fall back to the engine for the head
            grid.head = []
    if not grid.formats_known:
        grid.head = _engine_head(grid, HEAD_ROWS)
    return grid


def other_sheets(grid: Grid) -> str:
    """"; the workbook's other sheets: 'Data', 'Rekap' (pass sheet='Data')", or ""."""
    others = [s for s in grid.sheets if s != grid.sheet]
    if not others:
        return ""
    names = ", ".join(f"'{s}'" for s in others[:10]) + (", ..." if len(others) > 10 else "")
    return f"; the workbook's other sheets: {names} (pass sheet={others[0]!r} to read one)"


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def _engine_head(grid: Grid, n: int) -> list[list]:
    try:
        with _quiet_fastexcel():
            sh = grid._reader.load_sheet(grid._sheet_idx, header_row=None, skip_rows=0,
                                         n_rows=n, dtypes="string")
            tb = sh.to_arrow()
        cols = [(c.absolute_index, tb.column(i).to_pylist())
                for i, c in enumerate(sh.selected_columns)]
    except Exception as exc:  # noqa: BLE001
        if "empty" in str(exc).lower() or "no rows" in str(exc).lower():
            return []
        raise _fail(grid.file, f"cannot read sheet '{grid.sheet}': {_short(exc)}") from None
    if not cols:
        return []
    width = max(c for c, _ in cols) + 1
    rows = [[None] * width for _ in range(len(cols[0][1]))]
    for c, values in cols:
        for r, v in enumerate(values):
            if v is not None and v != "":
                rows[r][c] = v
    return rows


def _excel_body(grid: Grid, skip: int) -> tuple[dict[int, pd.Series], np.ndarray]:
    try:
        with _quiet_fastexcel():
            sh = grid._reader.load_sheet(grid._sheet_idx, header_row=None, skip_rows=skip,
                                         schema_sample_rows=None)
            tb = sh.to_arrow()
        absolute = [c.absolute_index for c in sh.selected_columns]
    except Exception as exc:  # noqa: BLE001
        text = str(exc).lower()
        if "empty" in text or "no rows" in text or "out of bound" in text:
            return {}, np.array([], dtype=np.int64)
        raise _fail(grid.file, f"cannot read sheet '{grid.sheet}': {_short(exc)}") from None
    n = tb.num_rows
    rows = np.arange(skip + 1, skip + 1 + n, dtype=np.int64)
    out = {}
    for i, c in enumerate(absolute):
        out[c] = arrow_to_series(tb.column(i))
    return out, rows


def arrow_to_series(col: pa.ChunkedArray) -> pd.Series:
    """Arrow column to pandas: text as categorical when repetitive, dates at day level."""
    t = col.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return text_series(col)
    if pa.types.is_timestamp(t) or pa.types.is_date(t):
        return pd.Series(col.to_pandas()).astype("datetime64[ns]")
    if pa.types.is_duration(t):
        return pd.Series(col.to_pandas())
    if pa.types.is_null(t):
        return pd.Series([None] * len(col), dtype=object)
    return pd.Series(col.to_pandas())


def text_series(col) -> pd.Series:
    """Text column, trimmed, "" as missing: categorical when values repeat (half or fewer
    distinct; trimming then happens once per distinct value), else Arrow strings."""
    if not isinstance(col, (pa.ChunkedArray, pa.Array)):
        col = pa.array(col, type=pa.string(), from_pandas=True)
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
    if pa.types.is_large_string(col.type):
        col = col.cast(pa.string())
    if len(col) > 50:
        enc = col.dictionary_encode()
        if len(enc.dictionary) * 2 <= len(col):
            return _categorical(enc)
    col = _blank_to_null(pc.utf8_trim_whitespace(col)) if len(col) else col
    if len(col) > 50:  # mostly distinct text (claim numbers): 32-bit-offset Arrow strings
        return pd.Series(pd.arrays.ArrowExtensionArray(col))
    return pd.Series(col.to_pandas(), dtype="str")


def _blank_to_null(col: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()), col)


def _categorical(enc: pa.DictionaryArray) -> pd.Series:
    """Dictionary-encoded text to a Categorical, cleaning only the distinct values."""
    values = _blank_to_null(pc.utf8_trim_whitespace(enc.dictionary))
    inverse, uniques = pd.factorize(values.to_pandas(), use_na_sentinel=True)
    lut = np.append(inverse.astype(np.int32), np.int32(-1))
    indices = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False)
    codes = lut[indices]  # index -1 (a missing cell) picks the trailing -1
    return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(uniques,
                                                                          dtype="str")))


def _calamine_columns(grid: Grid, skip: int, cols: list[int], n: int) -> dict[int, list]:
    import python_calamine

    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(grid._path))
        sh = wb.get_sheet_by_index(grid._sheet_idx)
        start_row, start_col = sh.start or (0, 0)
        data = sh.to_python(skip_empty_area=False)
    except Exception as exc:  # noqa: BLE001
        raise _fail(grid.file, f"cannot read sheet '{grid.sheet}': {_short(exc)}") from None
    out = {c: [None] * n for c in cols}
    for i in range(n):
        r = skip + i - start_row
        if not 0 <= r < len(data):
            continue
        row = data[r]
        for c in cols:
            j = c - start_col
            if 0 <= j < len(row):
                v = row[j]
                out[c][i] = None if v == "" else v
    return out


# ---------------------------------------------------------------- xlsx head (streaming)


def _xlsx_head(path: Path, sheet_name: str, nrows: int) -> tuple[list[list], set, str]:
    from defusedxml.ElementTree import fromstring

    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        wb = fromstring(zf.read("xl/workbook.xml"))
        rels = fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{_PKG_REL_NS}Relationship")}
        target = None
        for s in wb.iter(f"{_MAIN_NS}sheet"):
            if s.get("name") == sheet_name:
                target = targets.get(s.get(f"{_REL_NS}id"))
        if target is None:
            raise ValueError("sheet not found")
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        percent_styles, date_styles = _xlsx_styles(zf, names)
        cells, shared_needed = _stream_sheet(zf, member, nrows)
        shared = _shared_strings(zf, names, max(shared_needed, default=-1))
    width = max((c for (_, c) in cells), default=-1) + 1
    height = max((r for (r, _) in cells), default=0)
    rows = [[None] * width for _ in range(height)]
    percent = set()
    for (r, c), (t, s, v) in cells.items():
        value = _xlsx_value(t, s, v, shared, date_styles)
        if value is not None and value != "":
            rows[r - 1][c] = value
        if s in percent_styles and t in (None, "n"):
            percent.add((r, c))
    return rows, percent, member


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+):([A-Z]+\d+)"')


def _xlsx_merges(path: Path, member: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges of an xlsx sheet: a byte scan of the sheet XML (no XML parsing)."""
    out, tail = [], b""
    with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            data = tail + chunk
            tail = data[-200:]  # a match cut by the chunk edge; repeats are removed below
            if data.find(b"mergeCell") < 0:
                continue
            for m in _MERGE_RE.finditer(data):
                (r0, c0), (r1, c1) = _cell_ref(m.group(1).decode()), _cell_ref(
                    m.group(2).decode())
                out.append((r0, c0, r1, c1))
    return sorted(set(out))


def _xlsx_styles(zf: zipfile.ZipFile, names: set) -> tuple[set, set]:
    from defusedxml.ElementTree import fromstring

    if "xl/styles.xml" not in names:
        return set(), set()
    root = fromstring(zf.read("xl/styles.xml"))
    codes = {}
    for nf in root.iter(f"{_MAIN_NS}numFmt"):
        codes[int(nf.get("numFmtId", "0"))] = nf.get("formatCode", "")
    percent, dates = set(), set()
    xfs = root.find(f"{_MAIN_NS}cellXfs")
    for i, xf in enumerate(xfs if xfs is not None else []):
        fid = int(xf.get("numFmtId", "0"))
        code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", codes.get(fid, ""))
        if fid in _PERCENT_FMT_IDS or "%" in code:
            percent.add(i)
        elif fid in _DATE_FMT_IDS or (fid not in _PERCENT_FMT_IDS and re.search(r"[dy]", code)):
            dates.add(i)
    return percent, dates


def _cell_ref(ref: str) -> tuple[int, int]:
    m = re.match(r"([A-Z]+)(\d+)", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col - 1


def _stream_sheet(zf: zipfile.ZipFile, member: str, nrows: int):
    """Cells of the first nrows rows: {(row, col): (type, style, value)}, shared indices."""
    cells, shared = {}, set()
    parser = XMLPullParser(events=("end",))
    row_no, col_no = 0, -1
    done = False
    with zf.open(member) as fh:
        while not done:
            chunk = fh.read(65536)
            if not chunk:
                break
            parser.feed(chunk)
            for _, el in parser.read_events():
                tag = el.tag.rsplit("}", 1)[-1]
                if tag == "c":
                    ref = el.get("r")
                    if ref:
                        r, c = _cell_ref(ref)
                    else:
                        r, c = row_no + 1, col_no + 1
                    col_no = c
                    t = el.get("t")
                    s = int(el.get("s", "0"))
                    if t == "inlineStr":
                        v = "".join(x.text or "" for x in el.iter() if x.tag.endswith("}t"))
                    else:
                        ve = el.find(f"{_MAIN_NS}v")
                        v = ve.text if ve is not None else None
                    if r <= nrows:
                        cells[(r, c)] = (t, s, v)
                        if t == "s" and v is not None:
                            shared.add(int(v))
                elif tag == "row":
                    row_no = int(el.get("r", row_no + 1))
                    col_no = -1
                    el.clear()
                    if row_no >= nrows:
                        done = True
                        break
    return cells, shared


def _shared_strings(zf: zipfile.ZipFile, names: set, upto: int) -> list[str]:
    out: list[str] = []
    if upto < 0 or "xl/sharedStrings.xml" not in names:
        return out
    parser = XMLPullParser(events=("end",))
    with zf.open("xl/sharedStrings.xml") as fh:
        while len(out) <= upto:
            chunk = fh.read(65536)
            if not chunk:
                break
            parser.feed(chunk)
            for _, el in parser.read_events():
                if el.tag.endswith("}si"):
                    parts = []
                    for x in el.iter():
                        if x.tag.endswith("}rPh"):
                            break
                        if x.tag.endswith("}t"):
                            parts.append(x.text or "")
                    out.append("".join(parts))
                    el.clear()
    return out


def _xlsx_value(t, s, v, shared, date_styles):
    if v is None:
        return None
    if t == "s":
        i = int(v)
        return shared[i] if i < len(shared) else None
    if t in ("str", "inlineStr"):
        return v
    if t == "b":
        return v == "1"
    if t == "e":
        return None
    try:
        number = float(v)
    except ValueError:
        return v
    if s in date_styles and 0 < number < 2958466:
        return dt.datetime(1899, 12, 30) + dt.timedelta(days=number)
    return number


# ---------------------------------------------------------------- CSV


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _csv_grid(path: Path) -> Grid:
    text = _decode(path.read_bytes())
    sample = "\n".join(text.splitlines()[:50])
    counts = {sep: sample.count(sep) for sep in (";", ",", "\t", "|")}
    sep = max(counts, key=lambda k: (counts[k], k == ";"))
    if counts[sep] == 0:
        sep = ";"
    rows = [[c if c.strip() != "" else None for c in r]
            for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep)]
    head = rows[:HEAD_ROWS]
    return Grid(file=path.name, sheet="", fmt="csv", head=head, _csv_rows=rows, sep=sep)


def _csv_body(rows: list, skip: int) -> tuple[dict[int, pd.Series], np.ndarray]:
    body = rows[skip:]
    n = len(body)
    width = max((len(r) for r in body), default=0)
    out = {}
    for c in range(width):
        values = [r[c] if c < len(r) else None for r in body]
        out[c] = text_series(pa.array(values, type=pa.string()))
    return out, np.arange(skip + 1, skip + 1 + n, dtype=np.int64)
