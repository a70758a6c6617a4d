"""Which engine a file needs, from its bytes, and the checks made before any parser runs.

A zip-based workbook whose XML declares a DOCTYPE or entities (the "billion laughs"
expansion attack) is refused by scanning the start of every XML member, reading a
bounded number of bytes, before any parser sees it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from paritrana_analysis.load.engines.safety import Scan, scan_package
from paritrana_analysis.load.problems import DataError, fail

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
RESAVE = ("if it opens in Excel (or LibreOffice), save it again as .xlsx and load that "
          "copy; otherwise ask for the file again")


def short(exc: BaseException) -> str:
    """The first line of an engine's error message."""
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def sniff(path: Path) -> tuple[str, Scan | None]:
    """The file format from its bytes ('xlsx', 'xlsb', 'ods', 'xls', 'csv'; DataError
    otherwise) and, for a zip package, what its checks found (the sheets' extents)."""
    name = path.name
    if not path.exists():
        raise fail(name, "file not found")
    if path.is_dir():
        raise fail(name, "a folder, not a spreadsheet file")
    if path.stat().st_size == 0:
        raise fail(name, "the file is empty (0 bytes), not a spreadsheet")
    with open(path, "rb") as fh:
        start = fh.read(4096)
    if start.startswith(ZIP_MAGIC):
        return _sniff_zip(path)
    if start.startswith(OLE_MAGIC):
        return "xls", None
    lowered = start.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")):
        raise fail(name, "an HTML/XML file saved with a spreadsheet name, not a workbook: "
                   "open it in Excel and save it as .xlsx")
    if path.suffix.lower() in TEXT_SUFFIXES:  # UTF-16 and stray NUL bytes: csv.py decodes
        return "csv", None
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        raise fail(name, f"the file looks damaged: it is named {path.suffix} but could not "
                   f"be opened as a workbook; {RESAVE}")
    raise fail(name, "not a spreadsheet (expected .xlsx, .xlsm, .xls, .ods or .csv)")


def _sniff_zip(path: Path) -> tuple[str, Scan]:
    name = path.name
    try:
        scan = scan_package(path)  # every member inflated and checked (safety.py)
        with zipfile.ZipFile(path) as zf:
            kind = _zip_kind(zf, set(zf.namelist()), name)
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - BadZipFile, zlib.error, EOFError, ...
        raise fail(name, f"the workbook looks damaged and could not be opened "
                   f"({short(exc)}); {RESAVE}") from None
    return kind, scan


def _zip_kind(zf: zipfile.ZipFile, names: set, file: str) -> str:
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "mimetype" in names and b"opendocument.spreadsheet" in zf.read("mimetype")[:100]:
        return "ods"
    if "content.xml" in names:
        return "ods"
    raise fail(file, "a zip file but not a workbook (no xl/workbook.xml or ODS content)")
