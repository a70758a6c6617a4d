"""xlsx/xlsm: fastexcel for the body, plus what fastexcel does not expose.

The first rows (the "head", where titles and headers sit) come from a small streaming XML
reader that also reports which cells carry a percent number format (Excel stores 31,33%
as 0.3133). Merged ranges come from a byte scan of the sheet XML. Integers above 2^53
(16-digit NIKs of the Papua provinces), which a float64 cannot hold, are read back as the
digits stored in the file by a byte scan of only those cells.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import XMLPullParser

from paritrana_analysis.load.engines.base import HEAD_ROWS, CalamineSheet, open_calamine
from paritrana_analysis.load.engines.safety import Scan, check_extent
from paritrana_analysis.load.problems import DataError

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DATE_FMT_IDS = set(range(14, 23)) | {45, 46, 47}
_PERCENT_FMT_IDS = {9, 10}
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+):([A-Z]+\d+)"')
_BIG_RE = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>'
                     rb'(?:<(?:\w+:)?f[^>]*>[^<]*</(?:\w+:)?f>)?<(?:\w+:)?v>(-?\d{16,})<')


@dataclass
class XlsxSheet(CalamineSheet):
    member: str = ""  # the sheet's XML member inside the zip
    merges_cheap: bool = True

    def merged(self) -> list[tuple[int, int, int, int]]:
        """Merged ranges: a byte scan of the sheet XML (no XML parsing)."""
        out = {(*cell_ref(m.group(1).decode()), *cell_ref(m.group(2).decode()))
               for m in self._scan(_MERGE_RE, b"mergeCell")}
        return sorted((r0, c0, r1, c1) for r0, c0, r1, c1 in out)

    def stored_digits(self, cols: list[int], rows: set[int]) -> dict[tuple[int, int], str]:
        wanted = set(cols)
        out = {}
        for m in self._scan(_BIG_RE, b"<"):
            r, c = cell_ref(m.group(1).decode() + m.group(2).decode())
            if c in wanted and r in rows:
                out[(r, c)] = m.group(3).decode()
        return out

    def _scan(self, pattern: re.Pattern, marker: bytes):
        """Matches of `pattern` in the sheet XML, read in 1 MiB chunks."""
        tail = b""
        with zipfile.ZipFile(self.path) as zf, zf.open(self.member) as fh:
            while chunk := fh.read(1 << 20):
                data = tail + chunk
                tail = data[-400:]  # a match cut by the chunk edge (repeats are harmless)
                if data.find(marker) >= 0:
                    yield from pattern.finditer(data)


def open_xlsx(path: Path, sheet, scan: Scan | None = None) -> XlsxSheet:
    sh = open_calamine(path, "xlsx", sheet, cls=XlsxSheet)
    try:
        sh.head, sh.percent_cells, sh.member = _head(path, sh.name, HEAD_ROWS)
        sh.formats_known = True
    except DataError:
        raise
    except Exception:  # noqa: BLE001 - an unusual package: the engine reads the head
        sh.member = ""
    if scan is not None:  # the used range, before the engine allocates it
        extent = scan.extents.get(sh.member) if sh.member else None
        check_extent(sh.file, sh.name, extent)
        sh.errors = {cell_ref(ref): code for ref, code in (
            extent.errors.items() if extent else ())}
        if extent is None:  # sheet not found by name: check every one
            for ext in scan.extents.values():
                check_extent(sh.file, sh.name, ext)
    if not sh.formats_known:
        sh.head = sh.read_head()
    return sh


def cell_ref(ref: str) -> tuple[int, int]:
    """'B12' -> (12, 1): Excel row number, 0-based column."""
    m = re.match(r"([A-Z]+)(\d+)", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col - 1


def _sheet_member(zf: zipfile.ZipFile, sheet_name: str) -> str:
    from defusedxml.ElementTree import fromstring

    wb = fromstring(zf.read("xl/workbook.xml"))
    rels = fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{_PKG_REL_NS}Relationship")}
    for s in wb.iter(f"{_MAIN_NS}sheet"):
        if s.get("name") == sheet_name:
            target = targets.get(s.get(f"{_REL_NS}id"))
            if target:
                return target.lstrip("/") if target.startswith("/") else "xl/" + target
    raise ValueError("sheet not found")


def _head(path: Path, sheet_name: str, nrows: int) -> tuple[list[list], set, str]:
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        member = _sheet_member(zf, sheet_name)
        percent_styles, date_styles = _styles(zf, names)
        cells, shared_needed = stream_cells(zf, member, nrows)
        shared = _shared_strings(zf, names, max(shared_needed, default=-1))
    width = max((c for (_, c) in cells), default=-1) + 1
    height = max((r for (r, _) in cells), default=0)
    rows = [[None] * width for _ in range(height)]
    percent = set()
    for (r, c), (t, s, v) in cells.items():
        value = _value(t, s, v, shared, date_styles)
        if value is not None and value != "":
            rows[r - 1][c] = value
        if s in percent_styles and t in (None, "n"):
            percent.add((r, c))
    return rows, percent, member


def _styles(zf: zipfile.ZipFile, names: set) -> tuple[set, set]:
    from defusedxml.ElementTree import fromstring

    if "xl/styles.xml" not in names:
        return set(), set()
    root = fromstring(zf.read("xl/styles.xml"))
    codes = {int(nf.get("numFmtId", "0")): nf.get("formatCode", "")
             for nf in root.iter(f"{_MAIN_NS}numFmt")}
    percent, dates = set(), set()
    xfs = root.find(f"{_MAIN_NS}cellXfs")
    for i, xf in enumerate(xfs if xfs is not None else []):
        fid = int(xf.get("numFmtId", "0"))
        code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", codes.get(fid, ""))
        if fid in _PERCENT_FMT_IDS or "%" in code:
            percent.add(i)
        elif fid in _DATE_FMT_IDS or re.search(r"[dy]", code):
            dates.add(i)
    return percent, dates


def stream_cells(zf: zipfile.ZipFile, member: str, nrows: int):
    """Cells of the first nrows rows: {(row, col): (type, style, value)}, and the shared
    string indices they use."""
    cells, shared = {}, set()
    parser = XMLPullParser(events=("end",))
    row_no, col_no = 0, -1
    with zf.open(member) as fh:
        while chunk := fh.read(65536):
            parser.feed(chunk)
            for _, el in parser.read_events():
                tag = el.tag.rsplit("}", 1)[-1]
                if tag == "c":
                    ref = el.get("r")
                    r, c = cell_ref(ref) if ref else (row_no + 1, col_no + 1)
                    col_no = c
                    t, v = el.get("t"), _cell_text(el)
                    if r <= nrows:
                        cells[(r, c)] = (t, int(el.get("s", "0")), v)
                        if t == "s" and v is not None:
                            shared.add(int(v))
                elif tag == "row":
                    row_no, col_no = int(el.get("r", row_no + 1)), -1
                    el.clear()
                    if row_no >= nrows:
                        return cells, shared
    return cells, shared


def _cell_text(el) -> str | None:
    if el.get("t") == "inlineStr":
        return "".join(x.text or "" for x in el.iter() if x.tag.endswith("}t"))
    ve = el.find(f"{_MAIN_NS}v")
    return ve.text if ve is not None else None


def _shared_strings(zf: zipfile.ZipFile, names: set, upto: int) -> list[str]:
    out: list[str] = []
    if upto < 0 or "xl/sharedStrings.xml" not in names:
        return out
    parser = XMLPullParser(events=("end",))
    with zf.open("xl/sharedStrings.xml") as fh:
        while len(out) <= upto and (chunk := fh.read(65536)):
            parser.feed(chunk)
            for _, el in parser.read_events():
                if el.tag.endswith("}si"):
                    out.append(_si_text(el))
                    el.clear()
    return out


def _si_text(el) -> str:
    parts = []
    for x in el.iter():
        if x.tag.endswith("}rPh"):  # phonetic runs are not part of the text
            break
        if x.tag.endswith("}t"):
            parts.append(x.text or "")
    return "".join(parts)


def _value(t, s, v, shared, date_styles):
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
