"""Hostile and tricky files, generated small (issue 10): each reproduces a case that
aborted the process, exhausted memory or lost data silently."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path


def rewrite_member(path: Path, member: str, edit) -> Path:
    """Rewrite one member of a zip package through `edit(text) -> text`."""
    tmp = path.with_suffix(".tmp" + path.suffix)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == member:
                data = edit(data.decode("utf-8")).encode("utf-8")
            zo.writestr(info, data)
    tmp.replace(path)
    return path


def far_cell_xlsx(path: Path) -> Path:
    """A header, one row, and one stray cell at XFD1048576: a few KB that make the engine
    allocate 1.048.576 x 16.384 cells."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Provinsi", "Peserta Aktif", "Tanggal Data"])
    ws.append(["Jambi", 580000, "2025-03-01"])
    ws["XFD1048576"] = 1
    wb.save(path)
    return path


def padded_xlsx(path: Path, mib: int) -> Path:
    """A valid workbook whose sheet XML carries `mib` MiB of blanks: it packs to almost
    nothing (a zip bomb's compression ratio)."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Provinsi", "Peserta Aktif"])
    wb.save(path)
    pad = " " * (mib << 20)
    return rewrite_member(path, "xl/worksheets/sheet1.xml",
                          lambda x: x.replace("<sheetData>", "<sheetData>" + pad, 1))


def lying_size_xlsx(path: Path) -> Path:
    """A workbook whose zip headers say its sheet unpacks to fewer bytes than it does."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for i in range(2000):
        ws.append(["Jambi", i, "2025-03-01"])
    wb.save(path)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for sig, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):  # central, local
        at = 0
        while (at := data.find(sig, at)) >= 0:
            name_at = at + (46 if sig == b"PK\x01\x02" else 30)
            if data[name_at:name_at + len(name)] == name:
                data[at + size_at:at + size_at + 4] = struct.pack("<I", 1000)
            at += 4
    path.write_bytes(bytes(data))
    return path


def repeated_ods(path: Path, rows: int = 1_000_000, cols: int = 1000) -> Path:
    """An ODS of under a KB whose one cell with a value is repeated rows x cols times."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Data">'
        f'<table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{cols}" office:value-type="float"'
        ' office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
        '</table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '</manifest:manifest>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"),
                    "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content)
    return path


def error_cells_xlsx(path: Path, errors: dict[str, str]) -> Path:
    """A small coverage sheet with Excel error values put into the given cells."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Provinsi", "Peserta Aktif", "Cakupan (%)", "Sumber", "Tanggal Data"])
    ws.append(["Jambi", 100, 10, "BPJS", "2025-03-01"])
    ws.append(["Bengkulu", 200, 20, "BPJS", "2025-03-01"])
    wb.save(path)

    def edit(xml: str) -> str:
        import re

        for ref, code in errors.items():
            xml = re.sub(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)',
                         f'<c r="{ref}" t="e"><f>X()</f><v>{code}</v></c>', xml, count=1)
        return xml

    return rewrite_member(path, "xl/worksheets/sheet1.xml", edit)


def hidden_first_sheet_xlsx(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    hidden = wb.active
    hidden.title = "Lama"
    hidden.append(["Provinsi", "Peserta Aktif", "Tanggal Data"])
    hidden.append(["Jambi", 1, "2020-01-01"])
    hidden.sheet_state = "hidden"
    ws = wb.create_sheet("Rekap")
    ws.append(["Provinsi", "Peserta Aktif", "Tanggal Data"])
    ws.append(["Jambi", 580000, "2025-03-01"])
    wb.save(path)
    return path
