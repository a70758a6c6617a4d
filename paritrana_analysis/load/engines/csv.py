"""CSV files as Excel in an Indonesian locale writes them: ';' separator, decimal comma,
UTF-8 with BOM; ',', tab and '|' separators and cp1252 are sniffed too. Every cell is
text; the loading steps parse numbers and dates."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from paritrana_analysis.load.engines.arrow import text_series
from paritrana_analysis.load.engines.base import HEAD_ROWS, Sheet


@dataclass
class CsvSheet(Sheet):
    rows: list | None = None

    def body(self, skip: int) -> tuple[dict[int, pd.Series], np.ndarray]:
        body = self.rows[skip:]
        width = max((len(r) for r in body), default=0)
        out = {c: text_series(pa.array([r[c] if c < len(r) else None for r in body],
                                        type=pa.string()))
               for c in range(width)}
        return out, np.arange(skip + 1, skip + 1 + len(body), dtype=np.int64)

    def native(self, skip: int, cols: list[int], n: int) -> dict[int, list]:
        return {c: [r[c] if c < len(r) else None for r in self.rows[skip:skip + n]]
                for c in cols}


def decode(data: bytes) -> tuple[str, list[str]]:
    """The text of a CSV file, and what decoding it took (said in the frame's attrs):
    UTF-8 (with or without BOM), UTF-16 (with a BOM, or told by its NUL bytes), cp1252;
    stray NUL bytes elsewhere are dropped."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), ["read as UTF-16 text"]
    sample = data[:4096]
    if sample.count(b"\x00") * 3 > len(sample):  # every other byte: UTF-16 without a BOM
        even = sample[0::2].count(b"\x00") > sample[1::2].count(b"\x00")
        return data.decode("utf-16-be" if even else "utf-16-le", "replace"), [
            "read as UTF-16 text"]
    if b"\x00" in data:
        text, _ = decode(data.replace(b"\x00", b""))
        return text, [f"{data.count(bytes(1)):,} NUL bytes dropped (a damaged "
                      "export)".replace(",", ".")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252"), ["read as Windows-1252 text"]
        except UnicodeDecodeError:
            return data.decode("latin-1"), ["read as Latin-1 text"]


def separator(text: str) -> str:
    """The separator used most in the first 50 lines (';' on a tie or when none is)."""
    sample = "\n".join(text.splitlines()[:50])
    counts = {sep: sample.count(sep) for sep in (";", ",", "\t", "|")}
    sep = max(counts, key=lambda k: (counts[k], k == ";"))
    return sep if counts[sep] else ";"


def open_csv(path: Path) -> CsvSheet:
    text, notes = decode(path.read_bytes())
    sep = separator(text)
    rows = [[c if c.strip() != "" else None for c in r]
            for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep)]
    return CsvSheet(file=path.name, name="", fmt="csv", head=rows[:HEAD_ROWS], rows=rows,
                    sep=sep, merges_cheap=True, notes=notes)
