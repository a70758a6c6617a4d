"""A read is a sequence of named steps, each short and testable on its own:

    open -> header -> columns -> body -> indicator -> regions -> values -> errors -> kind
    -> checks -> assemble

`read_table` runs them for one kind (with the parquet cache around them); `detect_kind`
tells the kind of a sheet from its headers. Every step adds what it finds to one `Read`
(read.py) and its problems to one list, so a sheet with ten bad cells gives one DataError
naming all ten.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from paritrana_analysis.load import cache
from paritrana_analysis.load.assemble import assemble, claim_level
from paritrana_analysis.load.body import read_body
from paritrana_analysis.load.checks import CHECKS, totals
from paritrana_analysis.load.columns import resolve
from paritrana_analysis.load.engines import Sheet, open_sheet
from paritrana_analysis.load.engines.base import ERROR_REASON, letter
from paritrana_analysis.load.header import best_sheet, find_header
from paritrana_analysis.load.indicator import (
    has_values,
    indicator_column,
    refuse_without_region,
    step_indicator,
)
from paritrana_analysis.load.kinds import HOOKS, source, text_columns
from paritrana_analysis.load.problems import DataError, Problem, Problems
from paritrana_analysis.load.read import Options, Read
from paritrana_analysis.load.region_column import fixed_region, resolve_regions
from paritrana_analysis.load.text import mapping
from paritrana_analysis.load.values import identifiers, native_numbers, parse_values
from paritrana_analysis.privacy import is_personal
from paritrana_analysis.regions import lookup_region
from paritrana_analysis.schema import KINDS, REGION_ROLES, TableSpec, spec

REGION_HINT = "expected a header such as Provinsi, Kab/Kota or Wilayah"
_PERCENT = {"percent"}
_TEXTISH = {"text", "period", "date"}


def step_header(r: Read) -> None:
    r.notes.extend(r.sheet.notes)
    r.layout = resolve(find_header(r.sheet, r.spec, r.table), r.spec, r.table,
                       r.options.columns)
    r.notes.extend(r.layout.warnings)


def step_columns(r: Read) -> None:
    """Every required column is there (region, the kind's measures), or one DataError.
    A sheet about one region may name it in its title or take it from `region=`; a
    kabupaten/kota code column is a region column too."""
    names = r.layout.names()
    if names & {"regency_code", "province_code"} or fixed_region(r) is not None:
        names |= set(REGION_ROLES)
    indicator = indicator_column(r)
    if indicator is not None and has_values(r):
        names.add(r.spec.measure)
    missing = [g for g in r.spec.required if not names & set(g)]
    if not missing:
        return
    found = [c.header for c in r.layout.cols]
    items = []
    if any(set(g) & set(REGION_ROLES) for g in missing) and indicator is not None:
        r.body = read_body(r.sheet, r.layout)
        items.append(refuse_without_region(r, indicator))
    elif any(set(g) & set(REGION_ROLES) for g in missing):
        items.append(_problem(r, no_region_reason(found) + r.sheet.other_sheets(
            best_sheet(r.sheet, (r.spec.kind,)))))
    rest = [" or ".join(g) for g in missing if not set(g) & set(REGION_ROLES)]
    if rest:
        items.append(_problem(r, f"missing required column(s) for a {r.spec.kind} table: "
                              f"{', '.join(rest)}; headers found: {', '.join(found)} (pass "
                              "columns={header: canonical} for a header the loader does not "
                              "know)" + r.sheet.other_sheets(
                                  best_sheet(r.sheet, (r.spec.kind,)))))
    try:  # values under an empty header cell: likely the missing column
        r.body = read_body(r.sheet, r.layout)
        headless(r)
    except Exception:  # noqa: BLE001 - the missing column is the problem to report
        pass
    raise DataError(items + r.problems.items)


def _problem(r: Read, reason: str) -> Problem:
    return Problem(file=r.sheet.file, sheet=r.sheet.name or None, row=r.layout.header_row,
                   reason=reason)


def no_region_reason(headers: list[str]) -> str:
    return f"no region column: {REGION_HINT}; headers found: {', '.join(headers) or '(none)'}"


def step_personal(r: Read) -> None:
    """Personal data never reaches the table (nor its cache): columns of NIK, KPJ, nama,
    alamat, nomor HP, e-mail or birth dates are left out, and the frame says which."""
    kind = r.spec.kind
    personal = [c for c in r.layout.cols if not c.canonical and is_personal(c.header, kind)]
    if personal:
        r.layout.cols = [c for c in r.layout.cols if c not in personal]
        r.layout.skipped |= {c.col for c in personal}
        r.notes.append("personal data not read: " + ", ".join(c.header for c in personal))


def step_body(r: Read) -> None:
    r.body = read_body(r.sheet, r.layout)
    headless(r)
    if r.n == 0:
        raise DataError([_problem(r, "no data rows below the header")])


def headless(r: Read) -> None:
    """A problem for each column with values in data rows but an empty header cell (and
    no merged header above it); the reason suggests a header the table is missing."""
    if not r.body.unnamed:
        return
    have = r.layout.names()
    wanted = [c for c in _typical(r.spec) if c.name not in have]
    region_missing = r.spec.needs_region and not have & set(REGION_ROLES)
    for _col, column, count, _row, value in r.body.unnamed:
        hint = None
        if isinstance(value, str) and region_missing:
            found = lookup_region(value)
            hint = {"regency": "Kabupaten/Kota", "province": "Provinsi"}.get(
                getattr(found, "level", None), "Wilayah")
            region_missing = False
        else:
            text = isinstance(value, str) and not re.search(r"\d", value)
            pct = isinstance(value, str) and "%" in value
            pick = [c for c in wanted if (c.type in _PERCENT) == pct
                    and (c.type in _TEXTISH) == text] or \
                [c for c in wanted if (c.type in _TEXTISH) == text]
            if pick:
                hint = pick[0].header
                wanted.remove(pick[0])
        example = f" (e.g. '{hint}')" if hint else ""
        what = f"{count:,} value{'s' if count != 1 else ''}".replace(",", ".")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        r.problems.add(f"column {column} has {what} but no header: type a header{example} "
                       "or delete the values", r.layout.header_row, column, value)


def _typical(s: TableSpec) -> list:
    """Headers to suggest, measures first, then the time column, then other text."""
    cols = [c for c in s.columns if c.header and not c.optional and c.type not in (
        "region", "choice", "flag") and c.name != "source"]
    order = {"count": 0, "amount": 0, "percent": 0, "date": 1, "year": 1, "period": 1}
    return sorted(cols, key=lambda c: order.get(c.type, 2))


def step_values(r: Read) -> None:
    native_numbers(r)
    identifiers(r)
    parse_values(r)


def step_errors(r: Read) -> None:
    """Excel error cells (#N/A, #REF!, #DIV/0!) in the table: a problem each, with its
    cell and code, whatever the column (the engine reads them as empty cells)."""
    if not r.sheet.errors:
        return
    rows = {int(x) for x in r.body.rows} | set(r.body.total_excel.tolist())
    headers = {c.col: c.header for c in r.layout.cols}
    for (row, col), code in sorted(r.sheet.errors.items()):
        if row in rows:
            r.problems.add(ERROR_REASON.format(code=code), row, headers.get(col, letter(col)),
                           code)
            for name, c in ((c.name, c.col) for c in r.layout.cols):
                if c == col and name in r.why:  # not also reported as an empty cell
                    at = np.flatnonzero(r.body.rows == row)
                    r.why[name] = r.why[name].copy()
                    r.why[name].iloc[at] = "error value"


def step_regions(r: Read) -> None:
    if r.spec.needs_region:
        resolve_regions(r)


def step_kind(r: Read) -> None:
    totals(r)
    for hook in HOOKS.get(r.spec.kind, ()):
        hook(r)
    text_columns(r)
    source(r)


def step_checks(r: Read) -> None:
    for check in CHECKS:
        check(r)
    r.problems.raise_if_any()


STEPS = (step_header, step_columns, step_personal, step_body, step_indicator, step_regions,
         step_values, step_errors, step_kind, step_checks)


def build(sheet: Sheet, kind: str, options: Options) -> pd.DataFrame:
    """Run the steps on an open sheet: the canonical table, or one DataError."""
    r = Read(sheet=sheet, spec=spec(kind), options=options,
             problems=Problems(sheet.file, sheet.name), table=mapping(kind, options.columns))
    for step in STEPS:
        step(r)
    df = assemble(r)
    df.attrs.update(_attrs(r))
    return df


def _attrs(r: Read) -> dict:
    return {
        "kind": r.spec.kind, "file": r.sheet.file, "sheet": r.sheet.name,
        "header_row": r.layout.header_row,
        "title": [str(v) for row in r.layout.header.title for v in row],
        "notes": r.body.notes, "totals": list(r.body.totals),
        "claim_level": claim_level(r), "cells_filled_from_merged": r.body.filled,
        "columns": {n: (h if isinstance(h, str) else " | ".join(dict.fromkeys(h)))
                    for n, h in r.body.headers.items() if not (n == "as_of" and h == n)},
        "decisions": list(r.notes), "warnings": [str(w) for w in r.problems.warnings],
    }


def read_table(kind: str, path, options: Options, use_cache: bool = True) -> pd.DataFrame:
    """One sheet of a file as the canonical `kind` table (cached as parquet)."""
    path = Path(path)
    key = cache.key_for(path, kind, options.key()) if use_cache else None
    if key is not None and (hit := cache.load(key)) is not None:
        return hit
    try:
        df = build(open_sheet(path, options.sheet), kind, options)
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - bad input never escapes as another type
        raise DataError([Problem(
            file=path.name, sheet=None if options.sheet is None else str(options.sheet),
            reason=f"could not be read ({type(exc).__name__}: {str(exc)[:200]}); if the "
                   "file opens in Excel, please report this")]) from exc
    if key is not None:
        cache.save_quietly(key, df)
    return df


__all__ = ["KINDS", "build", "read_table"]
