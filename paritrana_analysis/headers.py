"""Header rows: alias files, header normalisation, title/header/two-row header layout.

column_aliases.csv maps header text as analysts type it to canonical column names (one
row per alias; a kind column limits an alias to one table kind, e.g. "Penduduk Bekerja"
is `potential` in a coverage recap and `employed` in a BPS workforce table).
segment_aliases.csv and program_aliases.csv map cell values to canonical segments and
programs. Headers are compared after `norm_header` (case, spaces, newlines, punctuation,
"(Rp)", "%"), so "Kab/Kota", "KAB / KOTA" and "Kab.\nKota" are one alias.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from paritrana_analysis.excel import Grid, other_sheets
from paritrana_analysis.numbers import parse_month_year
from paritrana_analysis.paths import reference
from paritrana_analysis.validate import DataError, Problem

KINDS = ("coverage", "workforce", "claims", "targets", "awards")
HEADER_SEARCH_ROWS = 30  # the header row is looked for in this many top rows
REGION_COLUMNS = ("region", "regency", "province")


# ---------------------------------------------------------------- aliases and headers


def norm_header(text) -> str:
    """Header text reduced for matching: case, spaces, newlines, punctuation, (Rp), %."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).lower()
    s = s.replace("%", " pct ")
    s = re.sub(r"\(\s*rp\.?\s*\)|\brp\.?$|\(\s*idr\s*\)", " ", s)
    s = re.sub(r"[^0-9a-z]+", " ", s)
    return " ".join(s.split())


def snake(text) -> str:
    s = norm_header(text).replace(" pct", "_pct").replace("pct ", "pct_")
    return re.sub(r"\s+", "_", s) or "column"


@functools.cache
def _alias_table() -> dict[str, dict[str, str]]:
    with reference("column_aliases.csv").open(encoding="utf-8") as fh:
        df = pd.read_csv(fh, comment="#", dtype=str, keep_default_na=False)
    out: dict[str, dict[str, str]] = {k: {} for k in ("", *KINDS)}
    for alias, canonical, kind in df[["alias", "canonical", "kind"]].itertuples(index=False):
        out[kind.strip()][norm_header(alias)] = canonical.strip()
    return out


@functools.cache
def _value_aliases(name: str) -> dict[str, str]:
    with reference(name).open(encoding="utf-8") as fh:
        df = pd.read_csv(fh, comment="#", dtype=str, keep_default_na=False)
    return {norm_header(a): v.strip() for a, v in df.iloc[:, :2].itertuples(index=False)}


def _mapping(kind: str, columns: dict | None) -> dict[str, str]:
    table = _alias_table()
    m = dict(table[""])
    m.update(table[kind])
    for k, v in (columns or {}).items():
        m[norm_header(k)] = v
    return m


def canonical_segment(text) -> str:
    if text is None or (isinstance(text, float) and text != text):
        return "all"
    key = norm_header(text)
    if not key:
        return "all"
    return _value_aliases("segment_aliases.csv").get(key) or key.replace(" ", "_")


def canonical_program(text) -> str:
    if text is None or (isinstance(text, float) and text != text):
        return "all"
    key = norm_header(text)
    if not key:
        return "all"
    return _value_aliases("program_aliases.csv").get(key) or str(text).strip()


def _year_cell(value) -> int | None:
    """A header cell holding only a year (2024 or "2024"), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        year = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*(?:tahun\s+)?\d{4}\s*", value, re.I):
        year = int(re.search(r"\d{4}", value).group())
    else:
        return None
    return year if 1990 <= year <= 2100 else None


def _as_period_header(value) -> pd.Timestamp | None:
    """A header cell naming a month ('Februari 2024', a date cell) or a year (2024: the
    end of that year, as numbers.parse_date reads a bare year), else None."""
    if isinstance(value, (pd.Timestamp,)) or hasattr(value, "year") and hasattr(value, "month"):
        return pd.Timestamp(value).normalize()
    year = _year_cell(value)
    if year is not None:
        return pd.Timestamp(year, 12, 31)
    if not isinstance(value, str) or not re.search(r"\d{4}", value):
        return None
    try:
        return parse_month_year(value)
    except (ValueError, TypeError):
        return None


@dataclass
class Col:
    col: int  # absolute column index (0 = A)
    header: str  # as written (two-row headers joined with " / ")
    canonical: str | None
    as_of: pd.Timestamp | None = None  # set for one-column-per-period (wide) tables


@dataclass
class Layout:
    header_row: int  # Excel row number of the (last) header row
    cols: list[Col]
    title: list[str]
    first_row: int = 0  # Excel row number of the first header row (two-row headers)


_DEFAULT_MEASURE = {"workforce": "employed", "coverage": "coverage_pct"}


def _score(row: list, mapping: dict, kind: str | None) -> int:
    n = 0
    for v in row:
        if v is None:
            continue
        if isinstance(v, str) and norm_header(v) in mapping:
            n += 1
        elif kind in ("workforce",) and _as_period_header(v) is not None:
            n += 1
    return n


def find_layout(grid: Grid, kind: str, columns: dict | None) -> Layout:
    mapping = _mapping(kind, columns)
    head = grid.head
    if not any(any(v is not None for v in r) for r in head):
        raise DataError([Problem(file=grid.file, sheet=grid.sheet or None,
                                 reason="the sheet is empty" + other_sheets(grid))])
    scores = [_score(r, mapping, kind) for r in head[:HEADER_SEARCH_ROWS]]
    best = max(range(len(scores)), key=lambda i: (scores[i], -i)) if scores else 0
    if not scores or scores[best] < 2 and not _has_region(head[best], mapping):
        found = next((r for r in head if any(v is not None for v in r)), [])
        headers = [str(v) for v in found if v is not None]
        raise DataError([Problem(
            file=grid.file, sheet=grid.sheet or None,
            reason=f"no header row with the columns a {kind} table needs; headers found: "
                   f"{', '.join(headers) or '(none)'}" + other_sheets(grid))])
    top = list(head[best])
    bottom = list(head[best + 1]) if best + 1 < len(head) else []
    two = _is_second_header(top, bottom, mapping)
    width = max(len(top), len(bottom) if two else 0)
    top += [None] * (width - len(top))
    bottom = (bottom + [None] * (width - len(bottom))) if two else [None] * width
    if two and _is_numbering_row(bottom):
        bottom = [None] * width  # column numbers, not header text
    cols: list[Col] = []
    carried = None
    for c in range(width):
        t, b = top[c], bottom[c]
        if t is not None:
            carried = t
        elif b is not None:
            t = carried  # a merged header spans this column
        if t is None and b is None:
            continue
        cols.append(_resolve(c, t, b, mapping, kind))
    seen: set[str] = set()
    for col in cols:  # a canonical name used twice: the later one stays as an extra
        if col.canonical and col.as_of is None:
            if col.canonical in seen:
                col.canonical = None
            seen.add(col.canonical)
    title = [str(v) for r in head[:best] for v in r if v is not None]
    return Layout(header_row=best + (2 if two else 1), cols=cols, title=title,
                  first_row=best + 1)


def _has_region(row: list, mapping: dict) -> bool:
    return any(isinstance(v, str) and mapping.get(norm_header(v)) in REGION_COLUMNS
               for v in row)


def _is_second_header(top: list, bottom: list, mapping: dict) -> bool:
    if not bottom or not any(v is not None for v in bottom):
        return False
    if _is_numbering_row(bottom):
        return True
    region_cols = [c for c, v in enumerate(top)
                   if isinstance(v, str) and mapping.get(norm_header(v)) in REGION_COLUMNS]
    if any(c < len(bottom) and bottom[c] is not None for c in region_cols):
        return False
    for v in bottom:
        if v is None:
            continue
        if isinstance(v, bool) or isinstance(v, (int, float)) and _year_cell(v) is None:
            return False
    return True


def _is_numbering_row(row: list) -> bool:
    """A row that numbers the columns, as BPS tables do: 1 2 3 ... or (1) (2) (3) ..."""
    values = [v for v in row if v is not None]
    if len(values) < 2:
        return False
    numbers = []
    for v in values:
        text = str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
        m = re.fullmatch(r"\(?\s*(\d{1,2})\s*\)?", text.strip())
        if not m:
            return False
        numbers.append(int(m.group(1)))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _resolve(c: int, t, b, mapping: dict, kind: str) -> Col:
    ts, bs = (str(t).strip() if t is not None else ""), (str(b).strip() if b is not None else "")
    header = f"{ts} / {bs}" if ts and bs else (ts or bs)
    if b is None:
        canon = mapping.get(norm_header(ts))
        if canon:
            return Col(c, header, canon)
        when = _as_period_header(t)
        if when is not None and kind in _DEFAULT_MEASURE:
            return Col(c, header, _DEFAULT_MEASURE[kind], when)
        return Col(c, header, None)
    canon_b = mapping.get(norm_header(bs))
    if canon_b:
        return Col(c, header, canon_b)
    when = _as_period_header(b)
    if when is not None:
        canon_t = mapping.get(norm_header(ts)) if ts else _DEFAULT_MEASURE.get(kind)
        if canon_t and canon_t not in REGION_COLUMNS:
            return Col(c, header, canon_t, when)
    canon = mapping.get(norm_header(f"{ts} {bs}")) or (mapping.get(norm_header(ts)) if ts else None)
    return Col(c, header, canon)


REGION_HEADERS_HINT = "expected a header such as Provinsi, Kab/Kota or Wilayah"
# the columns that tell a table's kind apart, when its region column is missing
_MEASURES = (("claims", {"cases", "amount_idr"}), ("targets", {"target_pct"}),
             ("coverage", {"covered", "coverage_pct"}), ("workforce", {"employed"}))


def no_region_reason(headers: list[str]) -> str:
    return (f"no region column: {REGION_HEADERS_HINT}; headers found: "
            f"{', '.join(headers) or '(none)'}")


def detect(grid: Grid) -> str:
    """The kind whose headers the top-most matching row has (headers sit above data).

    A header row with a table's measures (Peserta Aktif, Jumlah Kasus, ...) but no
    region column raises a DataError saying so, with the row; the error's `kind_guess`
    attribute holds the kind those measures belong to."""
    best = None
    no_region = None  # (kind, excel row, headers) of the first row lacking only a region
    maps = {kind: _mapping(kind, None) for kind in KINDS}
    for i, row in enumerate(grid.head[:HEADER_SEARCH_ROWS]):
        texts = [v for v in row if isinstance(v, str)]
        if not texts:
            continue
        if no_region is None:
            for kind, measures in _MEASURES:
                names = {maps[kind].get(norm_header(v)) for v in texts}
                if names & measures and not names & set(REGION_COLUMNS):
                    no_region = (kind, i + 1, [str(v) for v in row if v is not None])
                    break
        for kind in ("awards", "targets", "claims", "coverage", "workforce"):
            names = {maps[kind].get(norm_header(v)) for v in texts} - {None}
            periods = sum(_as_period_header(v) is not None for v in texts)
            ok = {
                "awards": "winner" in names and bool(names & {"rank", "category"}),
                "targets": "target_pct" in names and bool(names & set(REGION_COLUMNS)),
                "claims": bool(names & {"cases", "amount_idr"}) and bool(
                    names & set(REGION_COLUMNS)),
                "coverage": bool(names & {"covered", "coverage_pct"}) and bool(
                    names & set(REGION_COLUMNS)),
                "workforce": bool(names & set(REGION_COLUMNS)) and (
                    "employed" in names or periods >= 1),
            }[kind]
            if ok:
                return kind
            if best is None or len(names) > best[0]:
                best = (len(names), row)
    if no_region is not None:
        kind, excel_row, headers = no_region
        err = DataError([Problem(file=grid.file, sheet=grid.sheet or None, row=excel_row,
                                 reason=no_region_reason(headers) + other_sheets(grid))])
        err.kind_guess = kind
        raise err
    headers = [str(v) for v in (best[1] if best else []) if v is not None]
    raise DataError([Problem(file=grid.file, sheet=grid.sheet or None,
                             reason="cannot tell which table this is (coverage, workforce, "
                                    "claims, targets, awards) from its headers; headers "
                                    f"found: {', '.join(headers) or '(none)'}"
                                    + other_sheets(grid))])
