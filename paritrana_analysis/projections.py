"""Coverage projections toward UCJ 2045, and the scenario paths analysts compare them with.

Three projections, each a straight line in a transformed scale, fitted by least squares
to the history and continued from the last observed value:

- ``"linear"``: coverage grows by the same points each year (clipped to 0-100);
- ``"compound"``: enrolled workers grow by the same percentage each year against a
  workforce that grows at its own rate (log scale; clipped at 100);
- ``"logistic"``: an S-curve that slows down as it nears `ceiling` (default 99,5%,
  the RPJPN 2045 target; logit scale).

Time: dates are decimal years (see `coverage.decimal_year`); the value for year Y is the
value at the end of Y (t = Y + 1). The band (`lower`, `upper`) shows how little the
history says: it uses the range of slopes from leave-one-out refits (at least +/- 1/n of
the slope for n points, so +/-50% with only 2 points) plus the residual spread. It is a
range of plausible trends, not a statistical confidence interval.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from paritrana_analysis.coverage import (
    check_pct,
    deadline_year,
    decimal_year,
    newest_first_order,
    require_columns,
    required_annual_pace,
    with_pct,
)

__all__ = [
    "METHODS",
    "project_coverage",
    "year_target_reached",
    "business_as_usual",
    "rpjmn_path",
    "path_to_target",
]

METHODS = ("linear", "compound", "logistic")
DEFAULT_CEILING = 99.5
MIN_HISTORY_YEARS = 1.0  # a trend from figures months apart is noise between sources
# RPJMN 2025-2029 national UCJ targets (Kemendagri Bina Bangda via Kabaran and Ayonusa,
# 15 Mei 2025). No source gives 2026-2028 on the RPJMN path (RKP 2026 says 34,99%).
RPJMN_TARGETS = {2025: 32.15, 2029: 43.92}
RPJMN_SOURCE = "RPJMN 2025-2029 (Kemendagri Bina Bangda via Kabaran, Ayonusa, 15 Mei 2025)"


# ---------------------------------------------------------------- history


def history_times(values) -> np.ndarray:
    """Decimal years of history dates (`coverage.decimal_year`). A history given by whole
    years (2022, 2023, 2024: every value a whole number, no dates) is read as the end of
    each year, t = year + 1, as the loaders read a bare year as 31 December and as
    `charts.trends` draws it."""
    values = list(values)
    numeric = [isinstance(v, int | float | np.integer | np.floating)
               and not isinstance(v, bool) for v in values]
    if values and all(numeric) and all(float(v).is_integer() for v in values):
        return np.array([float(v) + 1.0 for v in values], dtype=float)
    return np.array([decimal_year(v) for v in values], dtype=float)


def _history_points(history) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, str | None]:
    """(t, pct, covered or None, region_code or None), one point per date, sorted."""
    region_code = None
    covered = None
    if isinstance(history, pd.Series):
        if history.empty:
            raise ValueError("the history is empty: a projection needs at least 2 dates")
        t = history_times(history.index)
        pct = pd.to_numeric(history, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    elif isinstance(history, pd.DataFrame):
        if history.empty:
            raise ValueError("the history is empty: a projection needs at least 2 dates")
        when = "as_of" if "as_of" in history.columns else "year"
        require_columns(history, [when], "history")
        for col in ("region_code", "segment"):
            if col in history.columns and history[col].nunique(dropna=True) > 1:
                values = sorted(map(str, history[col].dropna().unique()))
                raise ValueError(
                    f"the history mixes several {col}s {values}: project one at a time"
                )
        if "region_code" in history.columns and history["region_code"].notna().any():
            region_code = str(history["region_code"].dropna().iloc[0])
        t = history_times(history[when])
        pct = pd.to_numeric(with_pct(history)["coverage_pct"], errors="coerce").to_numpy(
            dtype=float, na_value=np.nan)
        if "covered" in history.columns:
            covered = pd.to_numeric(history["covered"], errors="coerce").to_numpy(
                dtype=float, na_value=np.nan
            )
    else:
        raise ValueError(
            "history must be a coverage DataFrame (as_of, coverage_pct) or a Series of "
            f"percentages indexed by date or year, not {type(history).__name__}"
        )
    missing = np.isnan(pct)
    if missing.any():
        raise ValueError(
            f"{int(missing.sum())} history row(s) have no coverage_pct (nor covered and "
            "potential): drop them or fill them before projecting"
        )
    if ((pct < 0) | (pct > 100)).any():
        raise ValueError("history percentages must be between 0 and 100")
    # One point per date, the rule of coverage.coverage_history: on a date where sources
    # disagree, a figure that states a count wins, then the later row (never an average).
    counts = covered if covered is not None else np.full(len(t), np.nan)
    frame = pd.DataFrame({"t": t, "pct": pct, "covered": counts})
    frame = newest_first_order(frame, date="t").groupby("t").tail(1).sort_values("t")
    if len(frame) < 2:
        raise ValueError(
            "a projection needs coverage at 2 or more different dates; the history has "
            f"{len(frame)}"
        )
    cov = frame["covered"].to_numpy()
    cov = None if np.isnan(cov).any() else cov
    return frame["t"].to_numpy(), frame["pct"].to_numpy(), cov, region_code


def _slope(t: np.ndarray, z: np.ndarray) -> tuple[float, float]:
    """Least-squares slope and intercept of z on t."""
    tm, zm = t.mean(), z.mean()
    denom = ((t - tm) ** 2).sum()
    b = float(((t - tm) * (z - zm)).sum() / denom)
    return b, float(zm - b * tm)


def _fit(t: np.ndarray, z: np.ndarray) -> dict:
    """Slope, slope range (leave-one-out, at least +/- 1/n) and residual spread."""
    n = len(t)
    b, a = _slope(t, z)
    spread = 0.0
    slopes = [b * (1 - 1 / n), b * (1 + 1 / n)]
    if n >= 3:
        resid = z - (a + b * t)
        spread = float(math.sqrt((resid**2).sum() / (n - 2)))
        for i in range(n):
            keep = np.arange(n) != i
            if np.ptp(t[keep]) > 0:
                slopes.append(_slope(t[keep], z[keep])[0])
    lo, hi = min(slopes), max(slopes)
    if b >= 0:  # a rising (or flat) history: the band never projects a fall
        lo = max(lo, 0.0)
    else:
        hi = min(hi, 0.0)
    return {"slope": b, "lo": lo, "hi": hi, "spread": spread, "n": n}


def history_years(history) -> float:
    """How many years the history spans (0 for fewer than 2 dates)."""
    try:
        t = _history_points(history)[0]
    except ValueError:
        return 0.0
    return float(t[-1] - t[0])


def enough_for_trend(years: float) -> bool:
    """A trend needs MIN_HISTORY_YEARS of history (a day's slack for leap years)."""
    return years >= MIN_HISTORY_YEARS - 0.01


def project_coverage(
    history,
    *,
    to_year: int = 2045,
    method: str = "linear",
    ceiling: float = DEFAULT_CEILING,
    workforce_growth_pct: float | None = None,
) -> pd.DataFrame:
    """Yearly projected coverage (%) with a lower/upper band, from the year of the last
    history point to `to_year`.

    `history`: coverage rows of one region and segment (as_of or year, coverage_pct, or
    covered and potential), or a Series of percentages indexed by date or year. Needs 2
    or more dates; figures from several sources on one date are averaged (use
    `reconcile` to see them side by side).

    Methods (z is the transformed coverage, b the fitted slope of z per year, the line
    continues from the last observed point: ``z(t) = z_last + b (t - t_last)``):

    - ``linear``: z = pct; monotone, clipped to 0-100.
    - ``compound``: z = log(pct): coverage changes by a constant percentage a year. With
      `workforce_growth_pct` (g) and counts in the history, the slope is the growth of
      enrolled workers, b = slope of log(covered), less log(1 + g/100): workers
      compounding against a workforce growing at g. Clipped at 100.
    - ``logistic``: z = log(pct / (ceiling - pct)): an S-curve saturating at `ceiling`.

    Returns columns: region_code, year, coverage_pct, lower, upper, method (and `attrs`
    with n_history, slope and a plain-words note on the band).
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    ceiling = check_pct(ceiling, "ceiling")
    if ceiling <= 0:
        raise ValueError("ceiling must be above 0")
    t, pct, covered, region_code = _history_points(history)
    t_last, p_last = t[-1], pct[-1]
    if not enough_for_trend(t_last - t[0]):
        raise ValueError(
            f"the history spans only {(t_last - t[0]) * 12:.0f} months ({len(t)} dates): a "
            f"trend needs figures at least {MIN_HISTORY_YEARS:g} year apart; use "
            "path_to_target for the pace a target needs")
    # The first row is the year the last figure belongs to: a figure at t is the value
    # of year ceil(t) - 1 (t = Y + 1 is the end of Y; 15 Apr 2025 is in 2025).
    first_year = int(math.ceil(round(t_last, 9))) - 1
    if isinstance(to_year, bool) or not float(to_year).is_integer():
        raise ValueError(f"to_year must be a whole year, not {to_year!r}")
    to_year = int(to_year)
    if to_year < first_year:
        raise ValueError(f"to_year {to_year} is before the last history point ({t_last:.2f})")

    if method == "linear":
        z = pct

        def back(v):
            return np.clip(v, 0, 100)
    elif method == "compound":
        if (pct <= 0).any():
            raise ValueError("compound growth needs coverage above 0% at every date")
        z = np.log(pct)

        def back(v):
            return np.clip(np.exp(np.minimum(v, np.log(100.0))), 0, 100)  # no overflow
    else:
        if (pct <= 0).any() or (pct >= ceiling).any():
            raise ValueError(
                f"a logistic curve needs every history value between 0 and the ceiling ({ceiling}%)"
            )
        z = np.log(pct / (ceiling - pct))

        def back(v):
            return ceiling / (1 + np.exp(-v))

    fit = _fit(t, z)
    if method == "compound" and workforce_growth_pct is not None:
        growth = float(workforce_growth_pct)
        if not math.isfinite(growth) or growth <= -100:
            raise ValueError(f"workforce_growth_pct must be above -100, not {growth}")
        if covered is None or (covered <= 0).any():
            raise ValueError(
                "workforce_growth_pct needs covered counts (above 0) at every history date"
            )
        fit = _fit(t, np.log(covered))
        shift = math.log(1 + growth / 100)
        fit = {
            **fit,
            "slope": fit["slope"] - shift,
            "lo": fit["lo"] - shift,
            "hi": fit["hi"] - shift,
        }
        lo, hi = sorted((fit["lo"], fit["hi"]))
        if fit["slope"] >= 0:
            lo = max(lo, 0.0)
        else:
            hi = min(hi, 0.0)
        fit.update(lo=lo, hi=hi)

    years = np.arange(first_year, to_year + 1)
    dt = years + 1.0 - t_last  # end of each year
    z_last = z[-1]
    central = back(z_last + fit["slope"] * dt)
    lower = back(z_last - fit["spread"] + fit["lo"] * dt)
    upper = back(z_last + fit["spread"] + fit["hi"] * dt)
    lower = np.minimum(lower, central)
    upper = np.maximum(upper, central)

    out = pd.DataFrame(
        {
            "region_code": pd.array([region_code] * len(years), dtype="str"),
            "year": pd.array(years, dtype="Int64"),
            "coverage_pct": pd.array(central, dtype="Float64"),
            "lower": pd.array(lower, dtype="Float64"),
            "upper": pd.array(upper, dtype="Float64"),
            "method": pd.array([method] * len(years), dtype="str"),
        }
    )
    if fit["n"] == 2:
        note = (
            "only 2 history points: the trend is a straight line through them and the "
            "band is an assumed +/-50% of its slope, not an estimate"
        )
    else:
        note = (
            f"{fit['n']} history points: band from leave-one-out slopes "
            f"(at least +/-{100 / fit['n']:.0f}% of the slope) plus the residual spread"
        )
    out.attrs.update(
        n_history=fit["n"],
        slope=fit["slope"],
        last_as_of=float(t_last),
        last_pct=float(p_last),
        note=note,
    )
    return out


def year_target_reached(projection: pd.DataFrame, target_pct, *, column: str = "coverage_pct"):
    """First year whose value in `column` reaches `target_pct`, or None if none does.

    Use ``column="lower"`` / ``"upper"`` for the slow / fast end of the band.
    """
    target = check_pct(target_pct, "target_pct")
    require_columns(projection, ["year", column], "projection")
    if projection.empty:
        raise ValueError("the projection is empty")
    values = pd.to_numeric(projection[column], errors="coerce").astype("float64")
    reached = projection.loc[values.to_numpy() >= target - 1e-9, "year"]
    return None if reached.empty else int(reached.min())


# ---------------------------------------------------------------- scenarios


def business_as_usual(history, *, to_year: int = 2045, method: str = "linear", **kwargs):
    """The projection if the historical trend simply continues (`project_coverage`),
    labelled ``scenario = "business_as_usual"``."""
    out = project_coverage(history, to_year=to_year, method=method, **kwargs)
    out["scenario"] = "business_as_usual"
    return out


def rpjmn_path(targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """The national RPJMN 2025-2029 target path, one row per year.

    Stated: 32,15% for 2025 and 43,92% for 2029; years between are interpolated in a
    straight line (no source gives them), flagged ``stated = False``. `targets`: a
    canonical targets table whose national (region_code "ID") RPJMN rows replace these
    built-in figures. Columns: year, coverage_pct, stated, scenario, source.
    """
    points = dict(RPJMN_TARGETS)
    source = RPJMN_SOURCE
    if targets is not None:
        require_columns(targets, ["region_code", "year", "target_pct", "basis"], "targets")
        rows = targets[
            (targets["region_code"].astype(str) == "ID")
            & (targets["basis"].astype(str).str.upper() == "RPJMN")
        ]
        if rows["year"].nunique() < 2:
            raise ValueError("the targets table needs national RPJMN targets for 2 or more years")
        points = {int(y): float(p) for y, p in zip(rows["year"], rows["target_pct"], strict=True)}
        if "source" in rows.columns:
            source = "; ".join(sorted(set(map(str, rows["source"].dropna()))))
    years = np.arange(min(points), max(points) + 1)
    known = sorted(points)
    values = np.interp(years, known, [points[y] for y in known])
    return pd.DataFrame(
        {
            "year": pd.array(years, dtype="Int64"),
            "coverage_pct": pd.array(values, dtype="Float64"),
            "stated": pd.array([int(y) in points for y in years], dtype="boolean"),
            "scenario": pd.array(["rpjmn"] * len(years), dtype="str"),
            "source": pd.array([source] * len(years), dtype="str"),
        }
    )


def path_to_target(
    current_pct, as_of, target_pct, target_year: int, *, deadline: str = "start"
) -> pd.DataFrame:
    """The straight-line path from `current_pct` at `as_of` that reaches `target_pct` on
    time, at `required_annual_pace` (same `deadline` convention: "start" = due 1 January
    of `target_year`, i.e. the end-of-year value of the year before already shows it).

    Yearly end-of-year values from the year of `as_of` to `target_year`, capped at the
    target. Columns: year, coverage_pct, scenario ("path_to_target"), points_per_year.
    """
    pace = required_annual_pace(current_pct, as_of, target_pct, target_year, deadline=deadline)
    start = decimal_year(as_of)
    deadline_year(target_year, deadline)  # validates
    years = np.arange(int(math.floor(start)), int(target_year) + 1)
    values = np.minimum(
        pace.current_pct + pace.points_per_year * (years + 1.0 - start), pace.target_pct
    )
    return pd.DataFrame(
        {
            "year": pd.array(years, dtype="Int64"),
            "coverage_pct": pd.array(values, dtype="Float64"),
            "scenario": pd.array(["path_to_target"] * len(years), dtype="str"),
            "points_per_year": pd.array([pace.points_per_year] * len(years), dtype="Float64"),
        }
    )
