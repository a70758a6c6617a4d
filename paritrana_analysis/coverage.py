"""How far a region is from a coverage target, and the pace needed to get there.

Coverage (UCJ) is ``covered / potential x 100``: active participants over working people
(the "potential"). Percentages are 0-100, counts are people. When a source gives a count
and a percentage but no denominator, the denominator is implied: ``covered / pct x 100``.

Time convention (used here and in `projections`): a date is a decimal year,
``year + (day_of_year - 1) / days_in_year`` (15 April 2025 -> 2025,285). A target for
year Y is due on 1 January of Y (``deadline="start"``, the stricter reading of "by 2045")
or on 31 December of Y (``deadline="end"``, i.e. at Y + 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from paritrana_analysis.series import basis_of, comparable_series, is_derived

__all__ = ["Gap", "Pace", "gap_to_target", "required_annual_pace", "decimal_year",
           "latest_coverage", "coverage_history", "coverage_completeness", "with_pct"]


# ---------------------------------------------------------------- shared helpers


def decimal_year(when) -> float:
    """A date as a decimal year: ``year + (day_of_year - 1) / days_in_year``.

    An int (or a float) is taken as already being a (decimal) year: 2025 -> 2025,0.
    """
    if isinstance(when, bool):
        raise ValueError(f"not a date: {when!r}")
    if isinstance(when, int | float | np.integer | np.floating):
        value = float(when)
        if not math.isfinite(value):
            raise ValueError(f"not a date: {when!r}")
        return value
    try:
        ts = pd.Timestamp(when)
    except (TypeError, ValueError) as err:
        raise ValueError(f"not a date: {when!r}") from err
    if ts is pd.NaT:
        raise ValueError("date is missing (NaT)")
    days = 366 if ts.is_leap_year else 365
    return ts.year + (ts.day_of_year - 1) / days


def deadline_year(target_year: int, deadline: str = "start") -> float:
    """The decimal year a target for `target_year` is due (see module docstring)."""
    if deadline not in ("start", "end"):
        raise ValueError(f"deadline must be 'start' or 'end', not {deadline!r}")
    if isinstance(target_year, bool) or not float(target_year).is_integer():
        raise ValueError(f"target_year must be a whole year, not {target_year!r}")
    return float(target_year) + (0.0 if deadline == "start" else 1.0)


def require_columns(df: pd.DataFrame, columns, what: str) -> None:
    """Raise a ValueError naming every missing column (and the ones that are there);
    a TypeError when `df` is not a DataFrame at all."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, not {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what} lacks column(s) {missing}; it has {list(df.columns)}")


def check_pct(value, name: str) -> float:
    """A percentage 0-100 as a float, or a ValueError saying what is wrong."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        raise ValueError(f"{name} is missing")
    try:
        pct = float(value)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be a number, not {value!r}") from err
    if not 0 <= pct <= 100:
        raise ValueError(f"{name} must be a percentage between 0 and 100, not {pct}")
    return pct


def _is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _workers_up(value: float) -> int:
    """Whole workers needed: round up, ignoring floating-point dust."""
    return max(0, math.ceil(round(value, 6)))


# ---------------------------------------------------------------- gap to target


@dataclass(frozen=True)
class Gap:
    """Distance to a target: `points` (percentage points) and `workers` still to enrol."""

    current_pct: float
    target_pct: float
    points: float
    workers: int | None
    potential: float | None
    potential_implied: bool

    @property
    def met(self) -> bool:
        return self.points == 0


def gap_to_target(covered=None, potential=None, target_pct=None, *, coverage_pct=None):
    """Percentage points and workers between current coverage and `target_pct`.

    Formula: ``points = max(0, target_pct - current_pct)`` and
    ``workers = ceil(points / 100 x potential)`` (whole people, rounded up; 0 once the
    target is met, never negative). ``current_pct = covered / potential x 100`` unless
    `coverage_pct` is given. When `potential` is missing it is implied from the count
    and the percentage: ``potential = covered / coverage_pct x 100`` (assumes both
    figures refer to the same denominator and date).

    Scalars: give any two of `covered`, `potential`, `coverage_pct`, plus `target_pct`;
    returns a `Gap`. Sumatera Selatan, 2.789.917 workers at 31,33% toward 51%:
    ``gap_to_target(2_789_917, target_pct=51, coverage_pct=31.33)`` -> 19,67 points,
    1.751.602 workers (implied potential 8.904.938).

    Table: pass a coverage DataFrame as `covered` (columns covered, potential,
    coverage_pct, and target_pct unless `target_pct` is given as a number); returns a copy
    with current_pct, potential_used, potential_implied, gap_points, gap_workers,
    target_met. Rows lacking what the formula needs raise a ValueError listing them.
    """
    if isinstance(covered, pd.DataFrame):
        if potential is not None or coverage_pct is not None:
            raise ValueError(
                "with a table, give only target_pct (by keyword); potential and "
                "coverage_pct come from its columns"
            )
        return _gap_table(covered, target_pct)
    target = check_pct(target_pct, "target_pct")
    if not _is_missing(covered):
        covered = float(covered)
        if covered < 0:
            raise ValueError(f"covered must not be negative, not {covered}")
    else:
        covered = None
    if not _is_missing(potential):
        potential = float(potential)
        if potential <= 0:
            raise ValueError(f"potential must be above 0, not {potential}")
    else:
        potential = None
    pct = None if _is_missing(coverage_pct) else check_pct(coverage_pct, "coverage_pct")

    implied = False
    if pct is None:
        if covered is None or potential is None:
            raise ValueError(
                "give coverage_pct, or both covered and potential, to know current coverage"
            )
        pct = covered / potential * 100
        if pct > 100:
            raise ValueError(f"covered ({covered:,.0f}) exceeds potential ({potential:,.0f})")
    elif potential is None and covered is not None:
        if pct == 0:
            raise ValueError("cannot imply the potential from a coverage_pct of 0")
        potential = covered / pct * 100
        implied = True
    points = round(max(0.0, target - pct), 10)
    workers = None if potential is None else _workers_up(points / 100 * potential)
    return Gap(pct, target, points, workers, potential, implied)


def _gap_table(table: pd.DataFrame, target_pct) -> pd.DataFrame:
    out = table.copy()
    for col in ("covered", "potential", "coverage_pct"):
        if col not in out.columns:
            out[col] = pd.NA
    if target_pct is not None:
        out["target_pct"] = check_pct(target_pct, "target_pct")
    require_columns(out, ["target_pct"], "coverage table (join the targets, or pass target_pct)")
    cov = pd.to_numeric(out["covered"], errors="coerce").astype("float64")
    pot = pd.to_numeric(out["potential"], errors="coerce").astype("float64")
    pct = pd.to_numeric(out["coverage_pct"], errors="coerce").astype("float64")
    tgt = pd.to_numeric(out["target_pct"], errors="coerce").astype("float64")

    current = pct.where(pct.notna(), cov / pot * 100)
    implied = pot.isna() & cov.notna() & pct.notna() & (pct > 0)
    pot_used = pot.where(pot.notna(), cov / pct * 100)
    problems = []
    bad_current = current.isna()
    if bad_current.any():
        problems.append(
            f"rows {list(out.index[bad_current])} have neither coverage_pct nor covered"
            " and potential"
        )
    if tgt.isna().any():
        problems.append(f"rows {list(out.index[tgt.isna()])} have no target_pct")
    if (cov < 0).any() or (pot <= 0).any():
        problems.append("covered must be >= 0 and potential > 0")
    if problems:
        raise ValueError("cannot compute the gap: " + "; ".join(problems))

    points = (tgt - current).clip(lower=0).round(10)
    workers = (points / 100 * pot_used).round(6)
    out["current_pct"] = pd.array(current, dtype="Float64")
    out["potential_used"] = pd.array(pot_used.round(0), dtype="Float64")
    out["potential_implied"] = pd.array(implied, dtype="boolean")
    out["gap_points"] = pd.array(points, dtype="Float64")
    out["gap_workers"] = pd.array(np.ceil(workers), dtype="Float64").astype("Int64")
    out["target_met"] = pd.array(points == 0, dtype="boolean")
    return out


# ---------------------------------------------------------------- pace


@dataclass(frozen=True)
class Pace:
    """Pace needed to reach a target.

    `points_per_year`: percentage points a year; `years`: time left (decimal years);
    `workers_growth_pct`: the yearly growth of enrolled workers needed when the workforce
    grows at `workforce_growth_pct` a year (None unless that rate was given).
    """

    points_per_year: float
    years: float
    current_pct: float
    target_pct: float
    workforce_growth_pct: float | None = None
    workers_growth_pct: float | None = None

    def __float__(self) -> float:
        return self.points_per_year


def required_annual_pace(
    current_pct,
    as_of,
    target_pct,
    target_year: int,
    *,
    workforce_growth_pct: float | None = None,
    deadline: str = "start",
) -> Pace:
    """Percentage points a year needed to go from `current_pct` at `as_of` to `target_pct`.

    Formula: ``points_per_year = (target_pct - current_pct) / years`` with
    ``years = deadline - decimal_year(as_of)``; the deadline is 1 January of
    `target_year` (``deadline="start"``, default) or 31 December (``"end"``).
    National 35,68% in April 2025 to 99,5% by 2045:
    ``(99,5 - 35,68) / (2045 - 2025,29)`` = about 3,24 points a year
    (3,08 with ``deadline="end"``).

    With `workforce_growth_pct` (g, % a year) it also gives `workers_growth_pct`, the
    compound yearly growth c of enrolled workers that reaches the target on time while
    the workforce grows at g: ``current x ((1+c)/(1+g))^years = target``, i.e.
    ``c = (1+g) x (target/current)^(1/years) - 1``.

    Raises ValueError when the target is below current coverage, the deadline is not after
    `as_of`, or a percentage is outside 0-100.
    """
    current = check_pct(current_pct, "current_pct")
    target = check_pct(target_pct, "target_pct")
    start = decimal_year(as_of)
    end = deadline_year(target_year, deadline)
    years = end - start
    if years <= 0:
        raise ValueError(
            f"target year {target_year} is not after as_of ({start:.2f}); a pace needs time left"
        )
    if target < current:
        raise ValueError(
            f"target {target}% is below current coverage {current}%: no pace is needed"
        )
    points = (target - current) / years
    growth = None
    workers_growth = None
    if workforce_growth_pct is not None:
        growth = float(workforce_growth_pct)
        if not math.isfinite(growth) or growth <= -100:
            raise ValueError(f"workforce_growth_pct must be above -100, not {growth}")
        if current == 0:
            raise ValueError("cannot express growth of enrolled workers from 0% coverage")
        workers_growth = ((1 + growth / 100) * (target / current) ** (1 / years) - 1) * 100
    return Pace(points, years, current, target, growth, workers_growth)


# ---------------------------------------------------------------- newest figure


def with_pct(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with coverage_pct filled from ``covered / potential x 100`` where it is
    missing (and both counts are there, potential above 0). Stated percentages are kept
    as they are, even when the counts say otherwise (`reconcile` flags those)."""
    out = df.copy()
    if "coverage_pct" not in out.columns:
        out["coverage_pct"] = pd.NA
    pct = pd.to_numeric(out["coverage_pct"], errors="coerce").astype("Float64")
    if "covered" in out.columns and "potential" in out.columns:
        cov = pd.to_numeric(out["covered"], errors="coerce").astype("Float64")
        pot = pd.to_numeric(out["potential"], errors="coerce").astype("Float64")
        pct = pct.fillna((cov / pot.where(pot > 0)) * 100)
    out["coverage_pct"] = pct
    return out


def newest_first_order(rows: pd.DataFrame, date: str = "as_of") -> pd.DataFrame:
    """`rows` sorted so the figure to use for each date comes last: by date, then a
    published figure before one we or the source computed (`derived`), then a figure
    that states a count of covered workers, then the later row of the table.
    The one tie-break rule of `latest_coverage`, `coverage_history`, the segments and
    the charts."""
    has_count = rows["covered"].notna() if "covered" in rows.columns else False
    keyed = rows.assign(_published=~is_derived(rows), _has_count=has_count,
                        _order=range(len(rows)))
    return keyed.sort_values([date, "_published", "_has_count", "_order"], kind="stable",
                             na_position="first").drop(
        columns=["_published", "_has_count", "_order"])


def _figures(coverage: pd.DataFrame, region_code: str, segment: str, as_of) -> pd.DataFrame:
    require_columns(coverage, ["region_code", "segment", "as_of"], "coverage table")
    rows = coverage[(coverage["region_code"] == region_code) & (coverage["segment"] == segment)]
    rows = with_pct(rows[basis_of(rows) != "target_share"])  # a % of a target is not coverage
    if "covered" not in rows.columns:
        rows["covered"] = pd.array([pd.NA] * len(rows), dtype="Int64")
    rows = rows[rows["coverage_pct"].notna() & rows["as_of"].notna()]
    if as_of is not None:
        rows = rows[rows["as_of"] <= pd.Timestamp(as_of)]
    return newest_first_order(rows)


def latest_coverage(coverage: pd.DataFrame, region_code: str, *, segment: str = "all",
                    as_of=None) -> pd.Series | None:
    """The newest coverage percentage of a region (up to `as_of` when given), or None.

    A row with covered and potential but no percentage counts too (its percentage is
    worked out by `with_pct`); a percentage *of a target* (basis `target_share`) does not.
    Sources often disagree on the same day; then a published figure wins over a derived
    one, then the figure that also states a count of covered workers, then the later row
    of the table (`newest_first_order`). `reconcile` shows them all.
    """
    rows = _figures(coverage, region_code, segment, as_of)
    if rows.empty:
        return None
    return rows.iloc[-1]


def coverage_history(coverage: pd.DataFrame, region_code: str, segment: str = "all", *,
                     as_of=None, series: str = "current") -> pd.DataFrame:
    """One coverage figure per date for a region and segment, oldest first: the history
    a projection rests on.

    `series="current"` (default) keeps only the comparable series of the newest figure
    (`series.comparable_series`: same basis and definition, no jump in the denominator),
    so a trend is never fitted across a change of denominator; `series="all"` keeps every
    series, numbered in column `series_id` (with `series_break` saying why one starts),
    for a chart that draws each series as its own line. On a date where sources disagree
    the same figure as `latest_coverage` is kept, never an average of contradictory
    figures. Percentages missing but computable from the counts are filled (`with_pct`).
    Empty (same columns) when there is no figure."""
    if series not in ("current", "all"):
        raise ValueError(f"series must be 'current' or 'all', not {series!r}")
    rows = comparable_series(_figures(coverage, region_code, segment, as_of))
    if series == "current" and len(rows):
        rows = rows[rows["series_id"] == rows["series_id"].iloc[-1]]
    # why each series starts, from its first figure (which may not be the one kept)
    why = rows.groupby("series_id").head(1).set_index("series_id")["series_break"]
    out = rows.groupby("as_of", sort=True).tail(1).sort_values(
        "as_of", kind="stable").reset_index(drop=True)
    first = ~out["series_id"].duplicated() & (out.index > 0)
    out["series_break"] = out["series_id"].map(why).where(first, "").astype("str")
    return out


_COMPLETENESS = ["region_code", "region", "as_of", "coverage_pct", "basis", "qualifier",
                 "derived", "source", "source_url", "days_old", "figures", "missing"]


def _why_missing(rows: pd.DataFrame) -> str:
    """Why a province has no total-coverage percentage, from its rows (any segment)."""
    totals = rows[rows["segment"].astype(str) == "all"]
    if "covered" in totals.columns and totals["covered"].notna().any():
        newest = totals.loc[totals["covered"].notna(), "as_of"].max()
        return f"count only (newest {newest:%Y-%m-%d})"
    return "segment figures only" if len(rows) else "no figure"


def coverage_completeness(coverage: pd.DataFrame, *, today=None) -> pd.DataFrame:
    """Per province (all 38, in code order): its newest total-coverage figure and what
    kind of figure it is, or why there is none: what the dataset lacks, at a glance.

    Columns: region_code, region, as_of, coverage_pct, basis, qualifier, derived, source,
    source_url, days_old (from `today`, default the current date), figures (how many
    dated total-coverage percentages the province has, on any basis), and `missing`:
    "" when there is a percentage, else "count only (newest YYYY-MM-DD)", "segment
    figures only" or "no figure". The newest figure is `latest_coverage`'s (a % of a
    target never counts); `basis` is `unknown` where the source does not say what it
    divides by, and `qualifier` `exact` where the row does not say otherwise.
    """
    require_columns(coverage, ["region_code", "segment", "as_of"], "coverage table")
    from paritrana_analysis.regions import provinces

    when = pd.Timestamp(today if today is not None else pd.Timestamp.now()).normalize()
    codes = coverage["region_code"].astype(str)
    rows = []
    for code, name in provinces()[["code", "name"]].itertuples(index=False):
        mine = coverage[codes == code]
        row = {"region_code": code, "region": name,
               "figures": len(_figures(mine, code, "all", None))}
        figure = latest_coverage(mine, code)
        if figure is None:
            row["missing"] = _why_missing(mine)
        else:
            one = figure.to_frame().T
            row.update(as_of=figure["as_of"], coverage_pct=figure["coverage_pct"],
                       basis=basis_of(one).iloc[0], derived=bool(is_derived(one).iloc[0]),
                       qualifier=figure.get("qualifier"), source=figure.get("source"),
                       source_url=figure.get("source_url"), missing="",
                       days_old=(when - pd.Timestamp(figure["as_of"])).days)
        rows.append(row)
    out = pd.DataFrame(rows).reindex(columns=_COMPLETENESS)
    known = out["as_of"].notna()
    out["qualifier"] = out["qualifier"].where(out["qualifier"].notna() | ~known, "exact")
    return out.astype({"region_code": "str", "region": "str", "as_of": "datetime64[ns]",
                       "coverage_pct": "Float64", "basis": "str", "qualifier": "str",
                       "derived": "boolean", "source": "str", "source_url": "str",
                       "days_old": "Int64", "figures": "int64", "missing": "str"})
