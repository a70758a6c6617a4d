"""The rows below the header: data rows, notes, total rows, merged cells, wide tables.

`read_body` sorts the rows below the header into data rows, blank rows, notes ("Sumber:
...", "Catatan: ...", footnotes), and TOTAL/JUMLAH rows (kept aside to be checked against
the rows above). Cells inside a merged range take the merged value; a table with one
column per period becomes one row per period (every measure of that period on the row).
Values stay as read (raw cells); values.py parses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from paritrana_analysis.load.columns import Col, Layout
from paritrana_analysis.load.engines import Sheet
from paritrana_analysis.load.engines.arrow import text_series
from paritrana_analysis.load.engines.base import letter
from paritrana_analysis.load.header import cell_text
from paritrana_analysis.load.text import norm_header

MERGE_FILL_MAX_ROWS = 200_000  # xls/ods: merged ranges looked up up to this many rows
_NOTE_RE = re.compile(
    r"^\s*(sumber|source|catatan|keterangan|ket\s*[.:]|note|notes|disclaimer|diolah|"
    r"data diolah|\*+\s*\)|\*|\d\s*\)|[a-z]\s*\))",
    re.IGNORECASE,
)
_NOTE_LABEL_RE = (r"^\s*(?:sumber|source|catatan|keterangan|ket|note|notes|disclaimer)"
                  r"(?:\s+data)?\s*:")
TOTAL_WORDS = {"total", "jumlah", "grand total", "total keseluruhan", "jumlah total",
               "jumlah keseluruhan", "sub total", "subtotal", "total umum"}


@dataclass
class Body:
    """The rows below the header, sorted out (raw cell values, not parsed yet)."""

    data: dict  # name -> Series (raw cell values, data rows only, wide tables melted)
    headers: dict  # name -> header text (str) or per-row array (melted wide tables)
    rows: np.ndarray  # Excel row number per data row
    notes: list
    total_rows: dict  # name -> Series of raw values of the total rows
    total_pos: np.ndarray  # position in data rows before which each total row sits
    total_excel: np.ndarray
    total_labels: list
    filled: int = 0  # cells filled from a merged range above them
    # columns with values in data rows but an empty header cell (no merged header above):
    # (column index, column letter, number of values, Excel row and value of the first)
    unnamed: list = field(default_factory=list)
    scales: dict = field(default_factory=dict)  # name -> unit scale from the header
    totals: list = field(default_factory=list)  # checked total rows (checks.py)


def is_text_series(s: pd.Series) -> bool:
    """Text cells: categorical, string or object dtype."""
    return isinstance(s.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(s.dtype) \
        or s.dtype == object


def read_body(sheet: Sheet, layout: Layout) -> Body:
    """Data rows (blank, note and total rows left out, merged cells filled, wide tables
    melted), notes and total rows of the sheet below `layout`'s header."""
    raw, rows = sheet.body(layout.header_row)
    n = len(rows)
    filled = fill_merged(sheet, raw, rows) if n and (sheet.merges_cheap or
                                                      n <= MERGE_FILL_MAX_ROWS) else 0
    by_col = {c.col: c for c in layout.cols}
    headless = [c for c in raw if c not in by_col and c not in layout.skipped
                and raw[c].notna().any()]
    for c in headless:  # values without a header: named after their letter (see _unnamed)
        by_col[c] = Col(c, f"column {letter(c)}", f"column_{letter(c).lower()}")
    count = np.zeros(n, dtype=np.int16)
    for s in raw.values():
        count += s.notna().to_numpy(dtype=bool).astype(np.int16)
    blank = count == 0
    note, notes = _notes(raw, count, blank)
    total = _totals(raw, layout, ~blank & ~note)
    keep = ~blank & ~note & ~total
    body = _columns(raw, rows, by_col, keep, total)
    body.notes, body.filled = notes, filled
    body.unnamed = _unnamed(sheet, layout, raw, rows, keep, headless) if headless else []
    total_idx = np.flatnonzero(total)
    body.total_labels = _first_values(raw, total_idx)
    body.total_pos = (np.cumsum(keep) - keep)[total_idx]
    body.total_excel = rows[total_idx]
    return body


def _columns(raw: dict, rows: np.ndarray, by_col: dict, keep: np.ndarray,
             total: np.ndarray) -> Body:
    data, headers, total_rows, scales = {}, {}, {}, {}
    wide: dict[str, list[Col]] = {}
    n = len(rows)
    for c, col in sorted(by_col.items()):
        if col.scale is not None:
            scales[col.name] = col.scale
        s = raw.get(c, pd.Series([None] * n, dtype=object))
        if col.as_of is not None:
            wide.setdefault(col.name, []).append(col)
            total_rows.setdefault(col.name, s[total].reset_index(drop=True))
            continue
        name = col.name
        while name in data:
            name += "_2"
        data[name] = s[keep].reset_index(drop=True) if not keep.all() else s
        total_rows[name] = s[total].reset_index(drop=True)
        headers[name] = col.header
    data_rows = rows[keep]
    if wide:
        data, headers, data_rows = _melt(raw, keep, data, headers, data_rows, wide)
    return Body(data=data, headers=headers, rows=data_rows, notes=[], total_rows=total_rows,
                total_pos=np.array([], dtype=np.int64),
                total_excel=np.array([], dtype=np.int64), total_labels=[], scales=scales)


def _notes(raw: dict, count: np.ndarray, blank: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Rows of one cell that are notes below the data ("Sumber: ...", footnotes and the
    lines that follow them), and notes spread over cells ("Sumber:" | "BPS")."""
    n = len(count)
    note = np.zeros(n, dtype=bool)
    found: list[tuple[int, str]] = []
    single = np.flatnonzero(count == 1)
    after_note = False
    for pos, v in zip(single, _first_values(raw, single), strict=True):
        if isinstance(v, str) and (_NOTE_RE.match(v) or after_note and pos > 0 and (
                note[pos - 1] or blank[pos - 1])):
            note[pos] = True
            found.append((pos, v.strip()))
            after_note = True
    multi = _note_label_rows(raw, n) & (count >= 2)
    for pos in np.flatnonzero(multi):
        cells = [raw[c].iloc[pos] for c in sorted(raw)]
        found.append((pos, " ".join(cell_text(v) for v in cells if v is not None and v == v)))
    note |= multi
    return note, [text for _, text in sorted(found, key=lambda t: t[0])]


def _totals(raw: dict, layout: Layout, cand: np.ndarray) -> np.ndarray:
    """Total rows: the region cell (or, when it is empty or there is no region column,
    the first filled cell) says TOTAL/JUMLAH."""
    n = len(cand)
    total = np.zeros(n, dtype=bool)
    reg = layout.region()
    if reg is not None and reg.col in raw:
        rs = raw[reg.col]
        total = total_mask(rs)
        look = rs.isna().to_numpy(dtype=bool) & cand
    else:
        look = cand
    idx = np.flatnonzero(look)
    for i, v in zip(idx, _first_values(raw, idx), strict=True):
        if isinstance(v, str) and norm_header(v) in TOTAL_WORDS:
            total[i] = True
    return total & cand


def _unnamed(sheet: Sheet, layout: Layout, raw: dict, rows: np.ndarray, keep: np.ndarray,
             headless: list[int]) -> list[tuple]:
    """Columns among `headless` with values in data rows and no merged header cell
    spanning them: (column, letter, count, first Excel row, first value)."""
    found = []
    for c in sorted(headless):
        filled = raw[c].notna().to_numpy(dtype=bool) & keep
        if filled.any():
            first = int(np.flatnonzero(filled)[0])
            found.append((c, int(filled.sum()), int(rows[first]), raw[c].iloc[first]))
    if not found:
        return []
    head = sheet.head
    merges = [(c0, c1) for r0, c0, r1, c1 in sheet.merged()
              if r0 <= layout.header_row and r1 >= layout.first_row and c1 > c0
              and r0 - 1 < len(head) and c0 < len(head[r0 - 1])
              and head[r0 - 1][c0] is not None]  # a merged header with text
    return [(c, letter(c), n, row, value) for c, n, row, value in found
            if not any(c0 <= c <= c1 for c0, c1 in merges)]


def fill_merged(sheet: Sheet, raw: dict, rows: np.ndarray) -> int:
    """Cells inside a merged range take the merged value (a region merged over its
    segment rows, for example). Only runs when some body cell is empty."""
    if not any(s.isna().any() for s in raw.values()):
        return 0
    first_row, n, filled = int(rows[0]), len(rows), 0
    for r0, c0, r1, c1 in sheet.merged():
        if r0 < first_row or r0 == r1 and c0 == c1 or c0 not in raw:
            continue  # merges in the header are the header's business
        top = raw[c0].iloc[r0 - first_row] if r0 - first_row < n else None
        if top is None or top != top:
            continue
        for c in range(c0, c1 + 1):
            if c in raw:
                filled += _fill(raw, c, r0 - first_row, min(r1 - first_row, n - 1), top)
    return filled


def _fill(raw: dict, c: int, lo: int, hi: int, top) -> int:
    s = raw[c]
    gaps = s.iloc[lo:hi + 1].isna().to_numpy(bool)
    if not gaps.any():
        return 0
    s = s.astype(object)
    s.iloc[np.arange(lo, hi + 1)[gaps]] = top
    is_text = all(isinstance(v, str) for v in s.dropna())
    raw[c] = text_series(s.to_numpy()) if is_text else s
    return int(gaps.sum())


def _note_label_rows(raw: dict, n: int) -> np.ndarray:
    """Rows whose first filled cell starts with a note word and ':' ("Sumber:")."""
    out = np.zeros(n, dtype=bool)
    earlier = np.zeros(n, dtype=bool)
    for c in sorted(raw):
        s = raw[c]
        filled = s.notna().to_numpy(dtype=bool)
        if is_text_series(s) and filled.any():
            out |= _matches(s, _NOTE_LABEL_RE) & ~earlier & filled
        earlier |= filled
    return out


def _matches(s: pd.Series, pattern: str) -> np.ndarray:
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = s.cat.categories.astype("str").str.match(pattern, case=False)
        return np.append(np.asarray(cats, dtype=bool), False)[s.cat.codes.to_numpy()]
    if s.dtype != object:  # Arrow or str strings
        return s.str.match(pattern, case=False).fillna(False).to_numpy(dtype=bool)
    text = s.astype(object).map(lambda v: v if isinstance(v, str) else "")
    return text.astype("str").str.match(pattern, case=False).fillna(False).to_numpy(dtype=bool)


def _first_values(raw: dict, idx: np.ndarray) -> list:
    out = [None] * len(idx)
    for c in sorted(raw):
        for k, v in enumerate(raw[c].iloc[idx].tolist()):
            if out[k] is None and v is not None and v == v:
                out[k] = v
    return out


def total_mask(s: pd.Series) -> np.ndarray:
    if not is_text_series(s):
        return np.zeros(len(s), dtype=bool)
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = np.array([norm_header(v) in TOTAL_WORDS for v in s.cat.categories], dtype=bool)
        codes = s.cat.codes.to_numpy()
        return np.where(codes >= 0, cats[np.maximum(codes, 0)] if len(cats) else False, False)
    codes, uniques = pd.factorize(s.astype(object), use_na_sentinel=True)
    hit = np.array([isinstance(v, str) and norm_header(v) in TOTAL_WORDS for v in uniques]
                   + [False], dtype=bool)
    return hit[codes]


def _melt(raw, keep, data, headers, data_rows, wide):
    """One column per period -> one row per region and period, with every measure of
    that period (a measure a period lacks is empty on that period's rows)."""
    pieces, head_out = [], {}
    periods = sorted({c.as_of for cols in wide.values() for c in cols})
    n = len(data_rows)
    for when in periods:
        piece = dict(data)
        piece["as_of"] = pd.Series([when] * n, dtype="datetime64[ns]")
        for name, cols in wide.items():
            match = next((c for c in cols if c.as_of == when), None)
            if match is not None:
                s = raw.get(match.col, pd.Series([None] * len(keep), dtype=object))
                piece[name] = s[keep].reset_index(drop=True).astype(object)
            else:
                piece[name] = pd.Series([None] * n, dtype=object)
            head_out.setdefault(name, []).append(
                np.full(n, match.header if match is not None else name, dtype=object))
        pieces.append(piece)
    out = {k: pd.concat([p[k].astype(object) for p in pieces], ignore_index=True)
           for k in pieces[0]}
    headers = {**headers, "as_of": "as_of"}
    for name, arrs in head_out.items():
        headers[name] = np.concatenate(arrs)
    return out, headers, np.concatenate([data_rows] * len(periods))
