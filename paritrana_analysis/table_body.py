"""The rows below a sheet's header: data rows, notes, total rows, merged cells.

`read_body` takes a sheet (excel.Grid) and its header layout (headers.Layout) and sorts
the rows below the header into data rows, blank rows, notes ("Sumber: ...", "Catatan:
..."), and TOTAL/JUMLAH rows (kept aside to be checked against the rows above). Cells
inside a merged range take the merged value; a table with one column per period becomes
one row per period. Values stay as read (raw cells); readers.py parses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from paritrana_analysis.excel import Grid, text_series
from paritrana_analysis.headers import REGION_COLUMNS, Col, Layout, norm_header, snake

MERGE_FILL_MAX_ROWS = 200_000  # xls/ods: merged ranges looked up up to this many rows
_NOTE_RE = re.compile(
    r"^\s*(sumber|source|catatan|keterangan|ket\s*[.:]|note|notes|disclaimer|diolah|"
    r"data diolah|\*+\s*\)|\*|\d\s*\)|[a-z]\s*\))",
    re.IGNORECASE,
)
_TOTAL_WORDS = {"total", "jumlah", "grand total", "total keseluruhan", "jumlah total",
                "jumlah keseluruhan", "sub total", "subtotal", "total umum"}


@dataclass
class Body:
    """The rows below the header, sorted out (raw cell values, not parsed yet)."""

    data: dict  # name -> Series (raw cell values, data rows only, wide tables melted)
    headers: dict  # name -> header text (str) or per-row array
    rows: np.ndarray  # Excel row number per data row
    notes: list
    totals: list  # (excel_row, label, {name: raw value Series index})
    total_rows: dict  # name -> Series of raw values for total rows
    total_pos: np.ndarray  # position in data rows before which each total row sits
    total_excel: np.ndarray
    total_labels: list
    filled: int = 0  # cells filled from a merged range above them
    # columns with values in data rows but an empty header cell (no merged header above):
    # (column index, column letter, number of values, Excel row and value of the first)
    unnamed: list = field(default_factory=list)


def is_text_series(s: pd.Series) -> bool:
    """Text cells: categorical, string or object dtype."""
    return isinstance(s.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(s.dtype) \
        or s.dtype == object


def read_body(grid: Grid, layout: Layout) -> Body:
    """Data rows (blank, note and total rows left out, merged cells filled, wide tables
    melted), notes and total rows of the sheet below `layout`'s header."""
    raw, rows = grid.body(layout.header_row)
    n = len(rows)
    cheap = grid._member is not None or n <= MERGE_FILL_MAX_ROWS  # xlsx: a byte scan
    filled = _fill_merged(grid, raw, rows) if n and cheap else 0
    by_col = {c.col: c for c in layout.cols}
    # columns with no header but data: named after their letter (a problem when the
    # values sit in data rows and no merged header covers the column, see below)
    headless = []
    for c in raw:
        if c not in by_col and raw[c].notna().any():
            by_col[c] = Col(c, _letter(c), None)
            headless.append(c)
    count = np.zeros(n, dtype=np.int16)
    for s in raw.values():
        count += s.notna().to_numpy(dtype=bool).astype(np.int16)
    blank = count == 0
    reg = region_col(layout)
    # single-cell rows: notes below the data ("Sumber: ..."), and total labels
    note = np.zeros(n, dtype=bool)
    notes: list[str] = []
    single = np.flatnonzero(count == 1)
    if len(single):
        firsts = _first_values(raw, single)
        after_note = False
        for pos, v in zip(single, firsts, strict=True):
            if isinstance(v, str) and (after_note or _NOTE_RE.match(v)):
                if _NOTE_RE.match(v) or after_note and pos > 0 and (note[pos - 1] or
                                                                   blank[pos - 1]):
                    note[pos] = True
                    notes.append(v.strip())
                    after_note = True
    # notes spread over several cells: "Sumber:" in column A, the source in column B
    multi = _note_label_rows(raw, n) & (count >= 2)
    if multi.any():
        found = [(pos, text) for pos, text in zip(np.flatnonzero(note), notes, strict=True)]
        for pos in np.flatnonzero(multi):
            cells = [raw[c].iloc[pos] for c in sorted(raw)]
            found.append((pos, " ".join(_cell_text(v) for v in cells
                                        if v is not None and v == v)))
        note |= multi
        notes = [text for _, text in sorted(found, key=lambda t: t[0])]
    # total rows: the region cell (or the first cell) says TOTAL/JUMLAH
    total = np.zeros(n, dtype=bool)
    total_labels: list[str] = []
    cand = ~blank & ~note
    if reg is not None and reg.col in raw:
        rs = raw[reg.col]
        label = _total_mask(rs)
        missing = rs.isna().to_numpy(dtype=bool) & cand
        if missing.any():
            idx = np.flatnonzero(missing)
            firsts = _first_values(raw, idx)
            for i, v in zip(idx, firsts, strict=True):
                if isinstance(v, str) and norm_header(v) in _TOTAL_WORDS:
                    label[i] = True
        total = label & cand
    if reg is None and cand.any():  # no region column: TOTAL in the first filled cell
        idx = np.flatnonzero(cand)
        for i, v in zip(idx, _first_values(raw, idx), strict=True):
            if isinstance(v, str) and norm_header(v) in _TOTAL_WORDS:
                total[i] = True
    keep = ~blank & ~note & ~total
    unnamed = _unnamed(grid, layout, raw, rows, keep, headless) if headless else []
    total_idx = np.flatnonzero(total)
    for i in total_idx:
        total_labels.append(_first_values(raw, np.array([i]))[0])
    data, headers = {}, {}
    total_rows = {}
    wide: dict[str, list[Col]] = {}
    for c, col in sorted(by_col.items()):
        if col.as_of is not None and col.canonical:
            wide.setdefault(col.canonical, []).append(col)
            continue
        name = col.canonical or snake(col.header)
        while name in data:
            name += "_2"
        s = raw.get(c, pd.Series([None] * n, dtype=object))
        data[name] = s[keep].reset_index(drop=True) if not keep.all() else s
        total_rows[name] = s[total].reset_index(drop=True)
        headers[name] = col.header
    data_rows = rows[keep]
    # position (in kept rows) before which each total row sits
    kept_before = np.cumsum(keep) - keep
    total_pos = kept_before[total_idx]
    if wide:
        data, headers, data_rows = _melt(raw, keep, data, headers, data_rows, wide)
    for name, cols in wide.items():  # totals of wide tables: first period only
        s = raw.get(cols[0].col)
        if s is not None:
            total_rows[name] = s[total].reset_index(drop=True)
    return Body(data=data, headers=headers, rows=data_rows, notes=notes, totals=[],
                 filled=filled, unnamed=unnamed,
                 total_rows=total_rows, total_pos=total_pos, total_excel=rows[total_idx],
                 total_labels=total_labels)


def _unnamed(grid: Grid, layout: Layout, raw: dict, rows: np.ndarray, keep: np.ndarray,
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
    top = layout.first_row or layout.header_row
    head = grid.head
    merges = [(c0, c1) for r0, c0, r1, c1 in grid.merged()
              if r0 <= layout.header_row and r1 >= top and c1 > c0
              and r0 - 1 < len(head) and c0 < len(head[r0 - 1])
              and head[r0 - 1][c0] is not None]  # a merged header with text
    return [(c, _letter(c).removeprefix("column "), n, row, value)
            for c, n, row, value in found
            if not any(c0 <= c <= c1 for c0, c1 in merges)]


def _fill_merged(grid: Grid, raw: dict, rows: np.ndarray) -> int:
    """Cells inside a merged range take the merged value (a region merged over its
    segment rows, for example). Only runs when some body cell is empty."""
    if not any(s.isna().any() for s in raw.values()):
        return 0
    first_row = int(rows[0])
    n = len(rows)
    filled = 0
    for r0, c0, r1, c1 in grid.merged():
        if r0 < first_row or r0 == r1 and c0 == c1 or c0 not in raw:
            continue  # merges in the header are handled by the header logic
        top = raw[c0].iloc[r0 - first_row] if r0 - first_row < n else None
        if top is None or top != top:
            continue
        for c in range(c0, c1 + 1):
            if c not in raw:
                continue
            lo, hi = r0 - first_row, min(r1 - first_row, n - 1)
            s = raw[c]
            block = s.iloc[lo:hi + 1]
            gaps = block.isna().to_numpy(bool)
            if not gaps.any():
                continue
            s = s.astype(object)
            idx = np.arange(lo, hi + 1)[gaps]
            s.iloc[idx] = top
            is_text = all(isinstance(v, str) for v in s.dropna())
            raw[c] = text_series(s.to_numpy()) if is_text else s
            filled += int(gaps.sum())
    return filled


def _letter(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return f"column {s}"


_NOTE_LABEL_RE = (r"^\s*(?:sumber|source|catatan|keterangan|ket|note|notes|disclaimer)"
                  r"(?:\s+data)?\s*:")


def _note_label_rows(raw: dict, n: int) -> np.ndarray:
    """Rows whose first filled cell starts with a note word and ':' ("Sumber:")."""
    out = np.zeros(n, dtype=bool)
    earlier = np.zeros(n, dtype=bool)
    for c in sorted(raw):
        s = raw[c]
        filled = s.notna().to_numpy(dtype=bool)
        if is_text_series(s) and filled.any():
            if isinstance(s.dtype, pd.CategoricalDtype):
                cats = s.cat.categories.astype("str").str.match(_NOTE_LABEL_RE, case=False)
                lut = np.append(np.asarray(cats, dtype=bool), False)
                match = lut[s.cat.codes.to_numpy()]
            elif s.dtype != object:  # Arrow or str strings
                match = s.str.match(_NOTE_LABEL_RE, case=False).fillna(False) \
                    .to_numpy(dtype=bool)
            else:
                text = s.astype(object).map(lambda v: v if isinstance(v, str) else "")
                match = text.astype("str").str.match(_NOTE_LABEL_RE, case=False) \
                    .fillna(False).to_numpy(dtype=bool)
            out |= match & ~earlier & filled
        earlier |= filled
    return out


def _cell_text(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if hasattr(v, "strftime"):
        return v.strftime("%Y-%m-%d")
    return str(v).strip()


def _first_values(raw: dict, idx: np.ndarray) -> list:
    out = [None] * len(idx)
    for c in sorted(raw):
        vals = raw[c].iloc[idx]
        for k, v in enumerate(vals.tolist()):
            if out[k] is None and v is not None and v == v:
                out[k] = v
    return out


def _total_mask(s: pd.Series) -> np.ndarray:
    if not is_text_series(s):
        return np.zeros(len(s), dtype=bool)
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = np.array([norm_header(v) in _TOTAL_WORDS for v in s.cat.categories], dtype=bool)
        codes = s.cat.codes.to_numpy()
        return np.where(codes >= 0, cats[np.maximum(codes, 0)] if len(cats) else False, False)
    codes, uniques = pd.factorize(s.astype(object), use_na_sentinel=True)
    hit = np.array([isinstance(v, str) and norm_header(v) in _TOTAL_WORDS for v in uniques]
                   + [False], dtype=bool)
    return hit[codes]


def region_col(layout: Layout) -> Col | None:
    """The column that names the region: kabupaten/kota before region before province."""
    by = {c.canonical: c for c in layout.cols if c.canonical in REGION_COLUMNS}
    return by.get("regency") or by.get("region") or by.get("province")


def _melt(raw, keep, data, headers, data_rows, wide):
    """One column per period -> one row per region and period."""
    pieces, rows_out, head_out = [], [], {}
    periods = sorted({c.as_of for cols in wide.values() for c in cols})
    for when in periods:
        piece = dict(data)
        piece["as_of"] = pd.Series([when] * len(data_rows), dtype="datetime64[ns]")
        for name, cols in wide.items():
            match = [c for c in cols if c.as_of == when]
            if match:
                s = raw.get(match[0].col, pd.Series([None] * len(keep), dtype=object))
                piece[name] = s[keep].reset_index(drop=True).astype(object)
                head_out.setdefault(name, []).append(
                    np.full(len(data_rows), match[0].header, dtype=object))
            else:
                piece[name] = pd.Series([None] * len(data_rows), dtype=object)
                head_out.setdefault(name, []).append(np.full(len(data_rows), name, dtype=object))
        pieces.append(piece)
        rows_out.append(data_rows)
    out = {k: pd.concat([p[k].astype(object) for p in pieces], ignore_index=True)
           for k in pieces[0]}
    headers = dict(headers)
    headers["as_of"] = "as_of"
    for name, arrs in head_out.items():
        headers[name] = np.concatenate(arrs)
    return out, headers, np.concatenate(rows_out)
