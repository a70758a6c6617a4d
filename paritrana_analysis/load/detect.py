"""Which kind of table a sheet holds, from its headers.

The kind whose headers the top-most matching row has (headers sit above data): a row
with a kind's measures (Peserta Aktif, Jumlah Kasus, ...) and a region column (awards:
a winner and a rank or category). A header row with measures but no region column
raises a DataError saying so; its `kind_guess` holds the kind those measures belong to.
"""

from __future__ import annotations

from paritrana_analysis.load.engines import Sheet
from paritrana_analysis.load.header import (
    HEADER_SEARCH_ROWS,
    best_sheet,
    period_header,
    split_period,
)
from paritrana_analysis.load.problems import DataError, Problem
from paritrana_analysis.load.text import lookup, mapping
from paritrana_analysis.schema import DETECT_ORDER, KINDS, REGION_ROLES, spec


def _names(texts: list[str], kind: str, table: dict) -> set[str]:
    wide = spec(kind).wide_measure is not None
    return {lookup(v, table) or (lookup(split_period(v)[0], table) if wide else None)
            for v in texts} - {None}


def _fits(kind: str, names: set[str], periods: int) -> bool:
    s = spec(kind)
    measure = bool(names & set(s.detect)) or s.detect_periods and periods >= 1
    return measure and bool(names & set(s.detect_with))


def detect(sheet: Sheet, columns: dict | None = None) -> str:
    tables = {kind: mapping(kind, columns) for kind in KINDS}
    best, no_region = None, None
    for i, row in enumerate(sheet.head[:HEADER_SEARCH_ROWS]):
        texts = [v for v in row if isinstance(v, str)]
        if not texts:
            continue
        periods = sum(period_header(v) is not None for v in row if v is not None)
        for kind in DETECT_ORDER:
            names = _names(texts, kind, tables[kind])
            if _fits(kind, names, periods):
                return kind
            if no_region is None and spec(kind).needs_region and names & set(
                    spec(kind).detect) and not names & set(REGION_ROLES):
                no_region = (kind, i + 1, [str(v) for v in row if v is not None])
            if best is None or len(names) > best[0]:
                best = (len(names), row)
    if no_region is not None:
        raise _no_region(sheet, *no_region)
    headers = [str(v) for v in (best[1] if best else []) if v is not None]
    raise DataError([Problem(file=sheet.file, sheet=sheet.name or None,
                             reason="cannot tell which table this is (coverage, workforce, "
                                    "claims, targets, awards) from its headers; headers "
                                    f"found: {', '.join(headers) or '(none)'}"
                                    + sheet.other_sheets(best_sheet(sheet, KINDS)))])


def _no_region(sheet: Sheet, kind: str, row: int, headers: list[str]) -> DataError:
    from paritrana_analysis.load.pipeline import no_region_reason

    err = DataError([Problem(file=sheet.file, sheet=sheet.name or None, row=row,
                             reason=no_region_reason(headers) + sheet.other_sheets(
                                 best_sheet(sheet, (kind,))))])
    err.kind_guess = kind
    return err
