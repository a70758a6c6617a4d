"""Find the header: which of the top rows hold the column headers, and what each column's
header says from top to bottom.

A header is one to three rows (BPS tables stack "Penduduk Bekerja" over "Februari 2024 |
Agustus 2024", with "Provinsi" merged vertically beside them), optionally followed by a
row numbering the columns ("(1) (2) (3)", stored as text, or as -1, -2, -3 when Excel read
"(1)" as a negative number). Rows above it are the title. The header row is the top-most
row among the first HEADER_SEARCH_ROWS with the most cells naming a column of the kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paritrana_analysis.load.dates import find_month_year, parse_month_year
from paritrana_analysis.load.engines import Sheet
from paritrana_analysis.load.problems import DataError, Problem
from paritrana_analysis.load.text import lookup, norm_header
from paritrana_analysis.schema import REGION_ROLES, TableSpec

HEADER_SEARCH_ROWS = 30  # the header row is looked for in this many top rows
MAX_HEADER_ROWS = 3


@dataclass
class Header:
    """The header block: Excel rows first..last (plus a numbering row, if any), and per
    column the header texts from top to bottom."""

    first_row: int  # Excel row of the top header row
    header_row: int  # Excel row of the last header row (or of the numbering row)
    stacks: dict[int, list[str]]  # column -> texts, top to bottom (merged text carried)
    title: list  # cells above the header, row by row (text as written)


def year_cell(value) -> int | None:
    """A header cell holding only a year (2024, 2024.0, "2024", "Tahun 2024"), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        year = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*(?:tahun\s+)?\d{4}(?:\.0)?\s*", value,
                                                 re.I):
        year = int(re.search(r"\d{4}", value).group())
    else:
        return None
    return year if 1990 <= year <= 2100 else None


def period_header(value):
    """A header cell naming a month ('Februari 2024', a date cell) or a year (2024: the end
    of that year, as parse_date reads a bare year), else None."""
    import pandas as pd

    if isinstance(value, pd.Timestamp) or hasattr(value, "year") and hasattr(value, "month"):
        return pd.Timestamp(value).normalize()
    year = year_cell(value)
    if year is not None:
        return pd.Timestamp(year, 12, 31)
    if not isinstance(value, str) or not re.search(r"\d{4}", value):
        return None
    try:
        return parse_month_year(value)
    except (ValueError, TypeError):
        return None


def split_period(text: str):
    """("Bekerja", 2023-12-31) for "Bekerja 2023"; ("Penduduk Bekerja", 2024-02-01) for
    "Penduduk Bekerja Februari 2024"; (text, None) when no period ends or starts it."""
    import pandas as pd

    s = str(text).strip()
    m = re.fullmatch(r"(.*?\D)\s*[(\[]?((?:19|20)\d{2})[)\]]?\s*(?:\*+\)?)?", s) or \
        re.fullmatch(r"((?:19|20)\d{2})\s+(\D.*)", s)
    when = find_month_year(s)
    if when is not None:
        rest = re.sub(r"\b[a-zA-Z]+\.?[\s,\-/']*\d{4}\b", " ", s).strip(" -/,")
        return rest, when
    if m:
        year, rest = (m.group(2), m.group(1)) if not s[:4].isdigit() else (m.group(1),
                                                                           m.group(2))
        if 1990 <= int(year) <= 2100 and re.search(r"[A-Za-z]", rest):
            return rest.strip(" -/,"), pd.Timestamp(int(year), 12, 31)
    return s, None


def is_numbering_row(row: list) -> bool:
    """A row that numbers the columns, as BPS tables do: 1 2 3, (1) (2) (3), or -1 -2 -3
    (Excel reads "(1)" typed into a cell as the number -1)."""
    values = [v for v in row if v is not None]
    if len(values) < 2:
        return False
    numbers = []
    for v in values:
        if isinstance(v, bool):
            return False
        text = str(int(abs(v))) if isinstance(v, (int, float)) and float(v).is_integer() \
            else str(v)
        m = re.fullmatch(r"\(?\s*(\d{1,2})\s*\)?", text.strip())
        if not m:
            return False
        numbers.append(int(m.group(1)))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def score(row: list, table: dict[str, str], spec: TableSpec) -> int:
    """How many cells of a row name a column of the kind (or a period, for a kind whose
    tables come one column per period)."""
    n = 0
    for v in row:
        if v is None:
            continue
        if isinstance(v, str) and lookup(v, table):
            n += 1
        elif isinstance(v, str) and spec.wide_measure and lookup(split_period(v)[0], table):
            n += 1
        elif spec.kind == "workforce" and period_header(v) is not None:
            n += 1
    return n


def has_region(row: list, table: dict[str, str]) -> bool:
    """A region column, or the indicator column of a long table (whose region is given
    by `region=` or the title)."""
    return any(isinstance(v, str) and lookup(v, table) in (*REGION_ROLES, "indicator")
               for v in row)


def find_header(sheet: Sheet, spec: TableSpec, table: dict[str, str]) -> Header:
    head = sheet.head
    if not any(any(v is not None for v in r) for r in head):
        if sheet.errors:  # nothing but Excel error values
            raise sheet.error_cells()
        raise DataError([Problem(file=sheet.file, sheet=sheet.name or None,
                                 reason="the sheet is empty" + sheet.other_sheets(
                                     best_sheet(sheet, (spec.kind,))))])
    scores = [score(r, table, spec) for r in head[:HEADER_SEARCH_ROWS]]
    best = max(range(len(scores)), key=lambda i: (scores[i], -i)) if scores else 0
    if not scores or scores[best] < 2 and not has_region(head[best], table):
        raise DataError([Problem(file=sheet.file, sheet=sheet.name or None,
                                 reason=not_found_reason(sheet, spec))])
    last = best
    while last + 1 < len(head) and last - best + 1 < MAX_HEADER_ROWS and \
            is_sub_header(head[best:last + 1], head[last + 1], table):
        last += 1
    numbering = last + 1 < len(head) and is_numbering_row(head[last + 1])
    merges = [m for m in (sheet.merged() if last > best else [])
              if best + 1 <= m[0] <= last]  # ranges that start inside the header rows
    return Header(first_row=best + 1, header_row=last + 1 + numbering,
                  stacks=stacks(head[best:last + 1], best + 1, merges),
                  title=[[v for v in r if v is not None] for r in head[:best]])


_NEUTRAL = {"jumlah", "total", "jumlah total", "laki laki", "perempuan", "l", "p",
            "laki laki perempuan", "l p", "lk", "pr", "male", "female", "persen", "pct"}


_NUMBER_TEXT = re.compile(r"\s*-?[\d.,]+\s*%?\s*")
_NOT_OVER = (*REGION_ROLES, "regency_code", "province_code", "as_of", "year", "period",
             "indicator", "unit", "region_level")


def is_sub_header(above: list[list], row: list, table: dict[str, str]) -> bool:
    """True when `row` continues the header rows `above` rather than starting the data:
    it has cells, none under a region or date header, no number that is not a year, and
    a cell that reads as a header (a period, a known header, "Jumlah", "Laki-laki") under
    a measure's header or under a header merged across several columns."""
    if not row or not any(v is not None for v in row) or is_numbering_row(row):
        return False
    roles = {c: lookup(v, table) for r in above for c, v in enumerate(r) if isinstance(v, str)}
    cells = [(c, v) for c, v in enumerate(row) if v is not None]
    if any(roles.get(c) in _NOT_OVER for c, _ in cells):
        return False
    if any(isinstance(v, bool) or isinstance(v, (int, float)) and year_cell(v) is None
           or isinstance(v, str) and _NUMBER_TEXT.fullmatch(v) and year_cell(v) is None
           for _, v in cells):
        return False
    last = above[-1]
    return any(period_header(v) is not None or isinstance(v, str) and (
        lookup(v, table) or norm_header(v) in _NEUTRAL)
        or c >= len(last) or last[c] is None for c, v in cells)


def stacks(rows: list[list], first_row: int, merges: list) -> dict[int, list[str]]:
    """Per column, the texts of the header rows top to bottom. A header merged across
    columns counts for each of them: from the merged ranges when the engine gives them,
    else a cell left empty beside a text in an upper row takes that text when the rows
    below it have a header there."""
    width = max(len(r) for r in rows)
    grid = [list(r) + [None] * (width - len(r)) for r in rows]
    for r0, c0, _r1, c1 in merges:
        k0 = r0 - first_row
        if 0 <= k0 < len(grid) - 1 and c1 > c0 and grid[k0][c0] is not None:
            for c in range(c0 + 1, min(c1 + 1, width)):
                grid[k0][c] = grid[k0][c] if grid[k0][c] is not None else grid[k0][c0]
    for k in range(len(grid) - 1):
        carried = None
        for c in range(width):
            if grid[k][c] is not None:
                carried = grid[k][c]
            elif carried is not None and not merges and any(
                    grid[j][c] is not None for j in range(k + 1, len(grid))):
                grid[k][c] = carried
    out = {}
    for c in range(width):
        texts = [str(grid[k][c]).strip() if not hasattr(grid[k][c], "strftime")
                 else grid[k][c] for k in range(len(grid)) if grid[k][c] is not None]
        if texts:
            out[c] = texts
    return out


def best_sheet(sheet: Sheet, kinds: tuple[str, ...]) -> str | None:
    """The other sheet of the workbook whose header row fits one of `kinds` best (at least
    two known headers), for the message that says which sheet to pass."""
    from paritrana_analysis.load.engines import open_sheet
    from paritrana_analysis.load.text import mapping
    from paritrana_analysis.schema import spec

    path = getattr(sheet, "path", None)
    best = (1, None)
    for name in sheet.sheets if path is not None else []:
        if name == sheet.name:
            continue
        try:
            head = open_sheet(path, name).head[:HEADER_SEARCH_ROWS]
        except DataError:
            continue
        for kind in kinds:
            top = max((score(r, mapping(kind), spec(kind)) for r in head), default=0)
            best = max(best, (top, name), key=lambda b: b[0])
    return best[1]


def cell_text(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if hasattr(v, "strftime"):
        return v.strftime("%Y-%m-%d")
    return str(v).strip()


def not_found_reason(sheet: Sheet, spec: TableSpec) -> str:
    """No header row: the first rows as they are, and the headers looked for."""
    shown = []
    for i, row in enumerate(sheet.head[:HEADER_SEARCH_ROWS]):
        cells = [cell_text(v).replace("\n", " ") for v in row if v is not None]
        if cells:
            shown.append(f"row {i + 1}: " + " | ".join(c[:40] for c in cells[:8]))
        if len(shown) == 3:
            break
    first = [spec.column(n) for n in (*spec.detect, spec.time) if n and spec.column(n)]
    wanted = list(dict.fromkeys([*(["Wilayah"] if spec.needs_region else []),
                                 *(c.header for c in first if c.header),
                                 *(c.header for c in spec.columns if c.header and
                                   not c.optional and c.name != "source")]))[:6]
    return (f"no header row with the columns a {spec.kind} table needs (looked for headers "
            f"such as {', '.join(wanted)}); the sheet starts with: "
            + ("; ".join(shown) or "(nothing)") + sheet.other_sheets(
                best_sheet(sheet, (spec.kind,))))

