"""Checks on a zip-based workbook (xlsx, xlsm, xlsb, ods) before any reader sees it.

The Rust readers behind fastexcel allocate a sheet's whole extent at once and unpack
members as the zip headers describe them, so a file of a few KB can ask for hundreds of
GB (one cell at XFD1048576; an ODS cell repeated a million times) and abort the process.
This module inflates every member itself, counting the bytes that actually come out (not
the sizes the headers declare), and refuses, with the cell or member named:

- a package that unpacks to more than MAX_UNPACKED bytes, a member inflating more than
  MAX_RATIO times its compressed size (past RATIO_FLOOR bytes), or a member whose headers
  declare another size than it has (a crafted or damaged zip);
- an XML member that declares a DOCTYPE or entities (the "billion laughs" attack), found
  in its prolog before any parser runs;
- a worksheet whose used range (its last row and column actually used) covers more than
  MAX_EXTENT_CELLS cells but holds far fewer (a stray cell far away), or an ODS sheet whose
  repeated non-empty cells would fill that many.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import XMLPullParser

from paritrana_analysis.load.problems import fail

MAX_UNPACKED = 1 << 30  # bytes of all members together, as they come out of inflate
MAX_RATIO = 100  # a member may inflate to this many times its compressed size ...
RATIO_FLOOR = 16 << 20  # ... once past this many bytes (small members compress well)
MAX_EXTENT_CELLS = (1 << 30) // 32  # cells of a sheet's range (calamine: ~32 bytes each)
PROLOG_LIMIT = 1 << 20  # bytes of an XML member scanned before its root element
_CHUNK = 1 << 20
_ROW_RE = re.compile(rb"row\b[^>]*?\br=\"(\d+)\"")
_ERROR_CELL_RE = re.compile(rb"<(?:\w+:)?c\b([^>]*\bt=\"e\"[^>]*)>(.*?)</(?:\w+:)?c>", re.S)
_REF_RE = re.compile(rb"\br=\"([A-Z]{1,3}\d+)\"")
_VALUE_RE = re.compile(rb"<(?:\w+:)?v>([^<]*)</")
MAX_ERRORS = 1000  # error cells remembered per sheet
_WIDE_CELL_RE = re.compile(rb"r=\"([A-Z]{2,3})(\d+)\"")  # a literal start: a fast scan


@dataclass
class Extent:
    rows: int = 0  # the last row used
    cols: int = 0  # the last column used (1 = A)
    ref: str = ""  # the cell at the far corner, as Excel names it
    bytes: int = 0  # the member's size unpacked
    errors: dict = field(default_factory=dict)  # {"C7": "#DIV/0!"}: Excel error cells

    def cells(self) -> int:
        return self.rows * self.cols


@dataclass
class Scan:
    extents: dict = field(default_factory=dict)  # worksheet member -> Extent


def column_letters(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _letters_to_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _members(path: Path):
    """(name, compressed size, declared size, raw compressed chunks) for every member,
    read from the local headers the central directory points at."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    with open(path, "rb") as fh:
        for info in infos:
            fh.seek(info.header_offset)
            head = fh.read(30)
            if len(head) < 30 or head[:4] != b"PK\x03\x04":
                raise ValueError(f"member {info.filename} has no local header")
            name_len, extra_len = struct.unpack("<HH", head[26:30])
            fh.seek(info.header_offset + 30 + name_len + extra_len)
            yield info, _chunks(fh, info.compress_size)


def _chunks(fh, size: int):
    left = size
    while left > 0:
        data = fh.read(min(_CHUNK, left))
        if not data:
            break
        left -= len(data)
        yield data


def _inflate(info, chunks):
    """The member's bytes as they come out, in chunks."""
    if info.compress_type == 0:  # stored
        yield from chunks
        return
    if info.compress_type != 8:
        raise ValueError(f"member {info.filename} uses compression {info.compress_type}")
    z = zlib.decompressobj(-zlib.MAX_WBITS)
    for data in chunks:
        while data:
            yield z.decompress(data, _CHUNK)
            data = z.unconsumed_tail
    yield z.flush()


def scan_package(path: Path) -> Scan:
    """Inflate every member once, counting and checking (see the module docstring)."""
    file, scan, total = path.name, Scan(), 0
    for info, chunks in _members(path):
        watch = _Watch(info, file)
        for piece in _inflate(info, chunks):
            total += len(piece)
            watch.feed(piece, total)
        watch.done(scan)
    return scan


class _Watch:
    """What one member's bytes are checked for as they come out."""

    def __init__(self, info, file: str):
        self.info, self.file, self.size = info, file, 0
        name = info.filename
        self.xml = name.endswith((".xml", ".rels", ".vml"))
        self.prolog, self.prolog_done = b"", not self.xml
        self.sheet = re.fullmatch(r"xl/worksheets/[^/]+\.xml", name) is not None
        self.ods = name == "content.xml"
        self.extent, self.tail = Extent(), b""
        self.ods_scan = _OdsScan(file) if self.ods else None

    def feed(self, piece: bytes, total: int) -> None:
        self.size += len(piece)
        if total > MAX_UNPACKED:
            raise fail(self.file, f"refused: the workbook unpacks to more than "
                       f"{MAX_UNPACKED >> 20:,} MiB; it may be a zip bomb".replace(",", "."))
        if self.size > RATIO_FLOOR and self.size > MAX_RATIO * max(self.info.compress_size, 1):
            raise fail(self.file, f"refused: the member '{self.info.filename}' unpacks to more "
                       f"than {MAX_RATIO} times its packed size; it may be a zip bomb")
        if not self.prolog_done:
            self._prolog(piece)
        if self.sheet:
            self._extent(piece)
        if self.ods_scan is not None:
            self.ods_scan.feed(piece)

    def _prolog(self, piece: bytes) -> None:
        self.prolog += piece
        text = _as_ascii(self.prolog)
        if re.search(rb"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
            raise fail(self.file, f"refused: the XML member '{self.info.filename}' declares a "
                       "DOCTYPE or entities (possible entity-expansion attack)")
        if re.search(rb"<[A-Za-z_]", text):  # the root element has started
            self.prolog_done, self.prolog = True, b""
        elif len(self.prolog) > PROLOG_LIMIT:
            raise fail(self.file, f"refused: the XML member '{self.info.filename}' has no "
                       f"root element in its first {PROLOG_LIMIT:,} bytes")

    def _extent(self, piece: bytes) -> None:
        """The last row and the widest column used, and Excel error cells; a match cut
        by a chunk's edge is found again in the few KB around the edge."""
        for data in (self.tail + piece[:4096], piece):
            self._cells(data)
        for tag in (b"<row ", b":row "):  # rows come in order: the chunk's last one
            at = piece.rfind(tag, max(0, len(piece) - 65536))
            m = _ROW_RE.match(piece, at + 1) if at >= 0 else None
            if m:
                self.extent.rows = max(self.extent.rows, int(m.group(1)))
        self.tail = piece[-4096:]

    def _cells(self, data: bytes) -> None:
        for letters, row in _WIDE_CELL_RE.findall(data):
            self.extent.cols = max(self.extent.cols, _letters_to_number(letters))
            self.extent.rows = max(self.extent.rows, int(row))
        if b't="e"' in data and len(self.extent.errors) < MAX_ERRORS:
            for attrs, inner in _ERROR_CELL_RE.findall(data):
                ref, value = _REF_RE.search(attrs), _VALUE_RE.search(inner)
                if ref:
                    self.extent.errors[ref.group(1).decode()] = (
                        value.group(1).decode() if value else "#ERROR")

    def done(self, scan: Scan) -> None:
        if self.info.file_size != self.size:
            raise fail(self.file, f"refused: the member '{self.info.filename}' unpacks to "
                       f"{self.size:,} bytes but its header says {self.info.file_size:,}: a "
                       "damaged or crafted file".replace(",", "."))
        if self.xml and not self.prolog_done and self.prolog and not re.search(
                rb"<[A-Za-z_]", _as_ascii(self.prolog)):
            raise fail(self.file, f"refused: the XML member '{self.info.filename}' has no "
                       "root element")
        if self.sheet:
            self.extent.cols = max(self.extent.cols, 26 if self.extent.rows else 0)
            self.extent.bytes = self.size
            self.extent.ref = f"{column_letters(self.extent.cols)}{self.extent.rows}"
            scan.extents[self.info.filename] = self.extent
        if self.ods_scan is not None:
            self.ods_scan.close()


class _OdsScan:
    """Non-empty cells an ODS sheet would expand to (rows and columns repeated)."""

    def __init__(self, file: str):
        self.file = file
        self.parser = XMLPullParser(events=("start", "end"))
        self.table, self.row, self.row_rep, self.col, self.cells = "", 0, 1, 0, 0

    def feed(self, piece: bytes) -> None:
        self.parser.feed(piece)
        for event, el in self.parser.read_events():
            tag = el.tag.rsplit("}", 1)[-1]
            if event == "start":
                self._start(tag, el.attrib)
            elif tag in ("table-row", "table-cell", "covered-table-cell"):
                el.clear()

    def _start(self, tag: str, attrib: dict) -> None:
        rep = _repeat(attrib, "number-rows-repeated" if tag == "table-row"
                      else "number-columns-repeated")
        if tag == "table":
            self.table = next((v for k, v in attrib.items() if k.endswith("}name")), "")
            self.row, self.cells = 0, 0
        elif tag == "table-row":
            self.row, self.row_rep, self.col = self.row + self.row_rep, rep, 0
        elif tag in ("table-cell", "covered-table-cell"):
            if any(k.endswith("}value-type") for k in attrib):
                self.cells += rep * self.row_rep
                self._check(self.row + self.row_rep, self.col + rep)
            self.col += rep

    def _check(self, rows: int, cols: int) -> None:
        if self.cells > MAX_EXTENT_CELLS or rows * cols > MAX_EXTENT_CELLS * 4:
            raise fail(self.file, f"refused: sheet '{self.table}' repeats its cells out to "
                       f"{column_letters(cols)}{rows} ({self.cells:,} cells with a value); "
                       "it may be crafted to exhaust memory".replace(",", "."))

    def close(self) -> None:
        self.parser.close()


def _repeat(attrib: dict, name: str) -> int:
    for k, v in attrib.items():
        if k.endswith("}" + name):
            try:
                return max(1, int(v))
            except ValueError:
                return 1
    return 1


def check_extent(file: str, sheet: str, extent: Extent | None) -> None:
    """Refuse a sheet whose used range is far larger than what it holds."""
    if extent is None or extent.cells() <= MAX_EXTENT_CELLS or extent.cells() <= extent.bytes:
        return
    raise fail(file, f"refused: the used range of sheet '{sheet}' reaches cell {extent.ref} "
               f"({extent.rows:,} rows x {extent.cols:,} columns) but the sheet holds little; "
               "a stray cell far from the table (Ctrl+End in Excel shows it): delete the "
               "empty rows and columns after the table and save".replace(",", "."), sheet)


def _as_ascii(data: bytes) -> bytes:
    import codecs

    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        cut = len(data) - len(data) % 2
        return data[:cut].decode("utf-16", "replace").encode("ascii", "replace")
    return data
