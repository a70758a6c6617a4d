"""The loaders: workbooks and CSV files to canonical tidy tables.

`read_coverage`, `read_workforce`, `read_claims`, `read_targets`, `read_awards` read one
sheet as that kind of table (schema.py says what each holds); `read_any` first tells the
kind from the headers (`detect_kind`). Each returns every data row or raises one
`DataError` listing every problem with its file, sheet, Excel row, column and value.
How a read goes, step by step: pipeline.py.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from paritrana_analysis.load.detect import detect
from paritrana_analysis.load.engines import open_sheet, sheet_names
from paritrana_analysis.load.pipeline import build, read_table
from paritrana_analysis.load.problems import DataError, Problem
from paritrana_analysis.load.read import Options

__all__ = ["DataError", "Problem", "detect_kind", "read_any", "read_awards", "read_claims",
           "read_coverage", "read_targets", "read_workforce", "READERS", "tables"]


def _read(kind: str, path, sheet, columns, as_of, region, indicator, cache) -> pd.DataFrame:
    options = Options(sheet=sheet, columns=columns, as_of=as_of, region=region,
                      indicator=indicator)
    return read_table(kind, path, options, use_cache=cache)


def read_coverage(path, *, sheet=None, columns=None, as_of=None, region=None, indicator=None,
                  cache=True) -> pd.DataFrame:
    """Coverage recap -> region_code, region, level, segment, as_of, covered, potential,
    coverage_pct, basis, qualifier, derived, source (+ any other columns). `as_of` is used
    when the sheet has no date column and no date in its title rows."""
    return _read("coverage", path, sheet, columns, as_of, region, indicator, cache)


def read_workforce(path, *, sheet=None, columns=None, as_of=None, region=None, indicator=None,
                   cache=True) -> pd.DataFrame:
    """Working people (BPS Sakernas) -> region_code, region, level, as_of, employed
    (+ formal, informal when given). One column per period becomes one row per period."""
    return _read("workforce", path, sheet, columns, as_of, region, indicator, cache)


def read_claims(path, *, sheet=None, columns=None, region=None, cache=True) -> pd.DataFrame:
    """Claims -> region_code, region, level, period, program, cases, amount_idr, source.
    A claim-level workbook (no cases column) gets cases = 1 per row, its other columns
    kept (personal data left out). A row-level extract (parquet, a folder of parts, or a
    CSV with one row per claim) is aggregated by DuckDB without loading its rows
    (rowlevel.read_claims_extract)."""
    from paritrana_analysis.load import rowlevel

    if sheet is None and rowlevel.is_row_level(path):
        return rowlevel.read_claims_extract(path, columns=columns, region=region)
    return _read("claims", path, sheet, columns, None, region, None, cache)


def read_targets(path, *, sheet=None, columns=None, region=None, cache=True) -> pd.DataFrame:
    """Coverage targets -> region_code, region, level, year, target_pct, basis, source."""
    return _read("targets", path, sheet, columns, None, region, None, cache)


def read_awards(path, *, sheet=None, columns=None, cache=True) -> pd.DataFrame:
    """Paritrana Award winners -> year, scope, province, category, rank, winner, source."""
    return _read("awards", path, sheet, columns, None, None, None, cache)


READERS = {"coverage": read_coverage, "workforce": read_workforce, "claims": read_claims,
           "targets": read_targets, "awards": read_awards}


def detect_kind(path, sheet=None, columns=None) -> str:
    """Which table a file holds, from its headers (and the caller's `columns=`): coverage,
    workforce, claims, targets or awards. Raises DataError when no kind fits (listing the
    likely kind's problems when only its region column is missing)."""
    path = Path(path)
    try:
        sh = open_sheet(path, sheet)
        try:
            return detect(sh, columns)
        except DataError as err:
            kind = getattr(err, "kind_guess", None)
            if kind is None:
                raise
            build(sh, kind, Options(sheet=sheet, columns=columns))  # raises, listing all
            raise
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise DataError([Problem(file=path.name, reason=f"could not be read "
                                 f"({type(exc).__name__}: {str(exc)[:200]})")]) from exc


def read_any(path, **kw) -> pd.DataFrame:
    """Detect the table kind from the headers, then read it with the matching loader
    (options a kind does not take, such as as_of for claims, are left out)."""
    kind = detect_kind(path, kw.get("sheet"), kw.get("columns"))
    import inspect

    accepted = inspect.signature(READERS[kind]).parameters
    return READERS[kind](path, **{k: v for k, v in kw.items() if k in accepted})


def tables(path, kind: str | None = None) -> list[tuple[str | None, str | None, str]]:
    """Every sheet a reader of the file sees: (sheet, its kind, "") when it holds a table
    (of `kind`, when given: the workbook says what it holds), else (sheet, None, why it
    was skipped); hidden sheets are listed as skipped. One sheet per CSV file (None)."""
    path = Path(path)
    visible, hidden = sheet_names(path)
    out = []
    for sheet in visible:
        if kind is not None and len(visible) == 1:
            out.append((sheet, kind, ""))
            continue
        try:
            found = detect_kind(path, sheet)
            out.append((sheet, found, "") if kind in (None, found) else
                       (sheet, None, f"a {found} table, not {kind}"))
        except DataError as err:
            out.append((sheet, None, err.problems[0].reason if err.problems else str(err)))
    return out + [(sheet, None, "hidden sheet") for sheet in hidden]
