"""How wrong each projection method would have been: rolling-origin backtests, bands from
the track record, and the method chosen by evidence.

Forecasters test a method the honest way: stand at a past year t, fit on the figures up
to t only, predict t+1 .. t+h, compare with what happened, and repeat for every origin.
`backtest` does this for every method of `extrapolation` (linear, compound, logistic with
a saturation level, and the naive last-change baseline) on one comparable series: counts
of participants, or percentages on one basis (never a mix of denominators).

The series is read as one figure per calendar year, the last of the year: year-end
positions compare like with like (participant counts peak in December and dip in the
first months), and "horizon" is a whole number of years.

From the table:

- `backtest_summary`: per method and horizon, MAE, MAPE, bias and how often the
  prediction was within 5% / 10% of the actual;
- `choose_method`: the method with the lowest MAPE at the horizon in question (at the
  longest horizon with enough backtests when the question lies further out);
- `error_band`: the spread of a method's past errors at each horizon (empirical quantiles
  of actual / predicted), widened with the square root of the horizon beyond the
  horizons observed: the band a projection draws, from its track record, not a formula.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from paritrana_analysis.coverage import coverage_history, newest_first_order, require_columns
from paritrana_analysis.extrapolation import (
    METHODS,
    calendar_years,
    cannot_fit,
    check_method,
    extrapolate,
    history_times,
)
from paritrana_analysis.formatting import format_number, format_percent, label
from paritrana_analysis.series import basis_of, current_series

__all__ = ["MIN_POINTS", "MIN_ERRORS", "BAND_LEVEL", "MEASURES", "TrackRecord",
           "series_history", "yearly_points", "year_end_rows", "too_short", "short_note",
           "backtest", "backtest_all", "backtest_summary", "choose_method", "error_band",
           "describe_track_record", "stated_potential"]

MIN_POINTS = 4  # yearly figures before methods are backtested and one is chosen
MIN_ERRORS = 3  # backtests at a horizon before their errors make a band
BAND_LEVEL = 0.8  # the band spans this share of past errors (10th to 90th percentile)
MEASURES = ("coverage_pct", "covered")
DEFAULT_CEILING = 99.5  # percentages saturate at the RPJPN 2045 target


# ---------------------------------------------------------------- the series


def series_history(coverage: pd.DataFrame, region_code: str, segment: str = "all", *,
                   measure: str = "coverage_pct", as_of=None) -> pd.DataFrame:
    """The comparable series a backtest or projection of `measure` rests on: one region
    and segment's figures, one per date, oldest first, from the series the newest figure
    belongs to (`series.current_series`; rows as in the coverage table).

    Percentages: `coverage.coverage_history` (one basis and definition, no jump in the
    denominator; never a % of a target). Counts of participants: every row that states
    `covered`, whatever the denominator of its percentage (a count of people does not
    change when the denominator is redefined), kept apart only by their `series` label
    (e.g. Kemnaker's count by employer location against BPJS's count by NIK). On a date
    where sources disagree the figure `coverage.latest_coverage` would pick is kept.
    """
    _check_measure(measure)
    if measure == "coverage_pct":
        return coverage_history(coverage, region_code, segment, as_of=as_of)
    require_columns(coverage, ["region_code", "segment", "as_of"], "coverage table")
    if "covered" not in coverage.columns:
        return coverage.iloc[0:0]
    rows = coverage[(coverage["region_code"] == region_code) & (coverage["segment"] == segment)
                    & coverage["covered"].notna() & coverage["as_of"].notna()]
    if as_of is not None:
        rows = rows[rows["as_of"] <= pd.Timestamp(as_of)]
    rows = newest_first_order(rows)
    counts = rows.assign(basis="none", potential=pd.NA, coverage_pct=pd.NA)
    rows = rows.loc[current_series(counts).index]
    return rows.groupby("as_of", sort=True).tail(1).sort_values(
        "as_of", kind="stable").reset_index(drop=True)


def _check_measure(measure: str) -> str:
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
    return measure


def _as_series(points, measure: str) -> pd.Series:
    """A Series of values indexed by date or whole year, from a Series or from coverage
    rows (as_of or year, and the `measure` column)."""
    if isinstance(points, pd.DataFrame):
        when = "as_of" if "as_of" in points.columns else "year"
        require_columns(points, [when, measure], "series")
        points = pd.Series(points[measure].to_numpy(), index=points[when].to_numpy())
    if not isinstance(points, pd.Series):
        raise ValueError("points must be a Series indexed by date or year, or coverage rows, "
                         f"not {type(points).__name__}")
    values = pd.to_numeric(points, errors="coerce").astype("float64")
    if values.isna().any():
        raise ValueError(f"{int(values.isna().sum())} point(s) have no value: drop them first")
    return values


def yearly_points(points, measure: str = "coverage_pct") -> pd.DataFrame:
    """One figure per calendar year, the last of the year: columns year, t (decimal year,
    `extrapolation.history_times`), value; oldest first."""
    values = _as_series(points, measure)
    frame = pd.DataFrame({"year": calendar_years(values.index),
                          "t": history_times(values.index), "value": values.to_numpy()})
    frame = frame.sort_values("t", kind="stable").groupby("year").tail(1)
    return frame.reset_index(drop=True)


def year_end_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of `series_history` that `yearly_points` keeps: the last of each
    calendar year (what a projection is fitted on, for drawing it)."""
    require_columns(rows, ["as_of"], "series")
    year = pd.to_datetime(rows["as_of"]).dt.year
    return rows[rows.groupby(year)["as_of"].transform("max") == rows["as_of"]]


def too_short(points, measure: str = "coverage_pct") -> str | None:
    """Why a series is too short to backtest and choose a method (plain words), or None."""
    return short_note(len(yearly_points(points, measure)))


def short_note(n_years: int) -> str | None:
    """`too_short` for a series of `n_years` yearly figures."""
    if n_years >= MIN_POINTS:
        return None
    return (f"{n_years} yearly figure(s); backtesting a method needs {MIN_POINTS} "
            "(fit on the first years, check on the later ones)")


# ---------------------------------------------------------------- backtest


def backtest(points, *, measure: str = "coverage_pct", methods=METHODS,
             ceiling: float | None = None, min_fit: int = 2) -> pd.DataFrame:
    """Rolling-origin backtest of `methods` on one comparable series.

    `points`: a Series of values indexed by date (or whole year), or `series_history`
    rows. For each origin year (with at least `min_fit` figures up to it) each method is
    fitted on the figures up to that year and predicts every later year's figure.
    `ceiling`: the logistic saturation level (default 99,5 for percentages; counts need
    one stated, else logistic is left out and ``attrs["skipped"]`` says why).

    One row per origin, method and target year: measure, method, origin, n_fit, horizon
    (years), target, origin_value, actual, predicted, error (actual - predicted),
    pct_error (error / actual x 100), abs_pct_error.
    """
    _check_measure(measure)
    frame = yearly_points(points, measure)
    short = short_note(len(frame))
    if short:
        raise ValueError(f"the series is too short to backtest: {short}")
    if measure == "coverage_pct" and ceiling is None:
        ceiling = DEFAULT_CEILING
    upper = 100.0 if measure == "coverage_pct" else ceiling
    t, v, years = frame["t"].to_numpy(), frame["value"].to_numpy(), frame["year"].to_numpy()
    rows, skipped = [], {}
    for method in map(check_method, methods):
        reason = cannot_fit(v, method, ceiling)
        if reason:
            skipped[method] = reason
            continue
        for i in range(max(min_fit, 2) - 1, len(v) - 1):
            predicted = extrapolate(t[: i + 1], v[: i + 1], t[i + 1:], method=method,
                                    ceiling=ceiling, upper=upper)
            for j, pred in zip(range(i + 1, len(v)), predicted, strict=True):
                rows.append((method, years[i], i + 1, years[j] - years[i], years[j], v[i],
                             v[j], pred))
    table = pd.DataFrame(rows, columns=["method", "origin", "n_fit", "horizon", "target",
                                        "origin_value", "actual", "predicted"])
    table.insert(0, "measure", measure)
    table["error"] = table["actual"] - table["predicted"]
    with np.errstate(divide="ignore", invalid="ignore"):
        table["pct_error"] = (table["error"] / table["actual"] * 100).where(
            table["actual"] != 0)
    table["abs_pct_error"] = table["pct_error"].abs()
    table.attrs.update(skipped=skipped, ceiling=ceiling, n_points=len(frame),
                       years=(int(years[0]), int(years[-1])))
    return table


def backtest_all(coverage: pd.DataFrame, *, measure: str = "covered", segment: str = "all",
                 levels=("national", "province"), **kwargs) -> pd.DataFrame:
    """`backtest` of every region (of `levels`) whose comparable series of `measure` has
    enough yearly figures, one table with region_code, region, basis and ceiling in front.
    For counts, the logistic saturation is the newest potential the region's own rows
    state (column ceiling; left out where none is stated)."""
    require_columns(coverage, ["region_code", "segment", "level"], "coverage table")
    parts = []
    rows = coverage[coverage["level"].isin(levels) & (coverage["segment"] == segment)]
    for code in sorted(rows["region_code"].dropna().unique()):
        series = series_history(rows, code, segment, measure=measure)
        if series.empty or too_short(series, measure):
            continue
        ceiling = kwargs.get("ceiling")
        if measure == "covered" and ceiling is None:
            ceiling = stated_potential(rows, code, segment)
        table = backtest(series, measure=measure, ceiling=ceiling,
                         **{k: v for k, v in kwargs.items() if k != "ceiling"})
        region = series["region"].iloc[-1] if "region" in series.columns else code
        basis = series["basis"].iloc[-1] if measure == "coverage_pct" and \
            "basis" in series.columns else None
        parts.append(table.assign(region_code=code, region=region, basis=basis,
                                  ceiling=ceiling))
    if not parts:
        return pd.DataFrame()
    out = pd.concat(parts, ignore_index=True)
    front = ["region_code", "region", "basis", "ceiling"]
    return out[front + [c for c in out.columns if c not in front]]


def stated_potential(coverage: pd.DataFrame, region_code: str,
                     segment: str = "all") -> float | None:
    """The newest potential (denominator of workers) a region and segment's rows state,
    or None: the saturation level a logistic curve of participants can take as stated.
    A % of a target (basis `target_share`) states no workforce."""
    require_columns(coverage, ["region_code", "segment", "as_of"], "coverage table")
    if "potential" not in coverage.columns:
        return None
    rows = coverage[(coverage["region_code"] == region_code)
                    & (coverage["segment"] == segment) & coverage["potential"].notna()]
    rows = rows[basis_of(rows) != "target_share"]
    if rows.empty:
        return None
    return float(newest_first_order(rows).iloc[-1]["potential"])


# ---------------------------------------------------------------- summary and choice


def backtest_summary(table: pd.DataFrame, *, within=(5, 10)) -> pd.DataFrame:
    """Per method and horizon: n backtests, MAE (in the measure's unit: points or workers),
    MAPE (mean absolute % error), bias (mean % error; above 0: the method predicted too
    low) and, for each x in `within`, how many predictions were within x% of the actual
    (columns within_5, within_10)."""
    require_columns(table, ["method", "horizon", "error", "abs_pct_error", "pct_error"],
                    "backtest table")
    keys = [k for k in ("region_code", "method", "horizon") if k in table.columns]
    grouped = table.groupby(keys, sort=True)
    out = grouped.agg(n=("error", "size"), mae=("error", lambda e: e.abs().mean()),
                      mape=("abs_pct_error", "mean"), bias=("pct_error", "mean"))
    for x in within:
        out[f"within_{x:g}"] = grouped["abs_pct_error"].apply(lambda e, x=x: int((e <= x).sum()))
    order = {m: i for i, m in enumerate(METHODS)}
    out = out.reset_index()
    return out.sort_values([*keys[:-2], "horizon", "method"],
                           key=lambda s: s.map(order) if s.name == "method" else s,
                           kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class TrackRecord:
    """The method chosen by its backtests and how it fared.

    `horizon`: the horizon (years) the choice was made at (the one asked, or the longest
    with enough backtests); `n`: backtests at it; `mape`: mean absolute % error;
    `within`: how many were within `within_pct`% of the actual; `baseline_mape`: the
    naive last-change baseline's MAPE at the same horizon; `ranking`: (method, MAPE),
    best first."""

    method: str
    horizon: int
    n: int
    mape: float
    within: int
    within_pct: float
    baseline_mape: float | None
    ranking: tuple


def _choice_horizon(table: pd.DataFrame, horizon: int) -> int:
    """`horizon`, or the longest with MIN_ERRORS backtests of every method (else with
    one) when the backtests do not reach it."""
    counts = table.groupby(["method", "horizon"]).size().unstack("method").fillna(0).min(
        axis=1)
    for need in (MIN_ERRORS, 1):
        enough = counts[counts >= need]
        if len(enough):
            reachable = enough.index[enough.index <= horizon]
            return int(reachable.max() if len(reachable) else enough.index.min())
    raise ValueError("the backtest table is empty")


def choose_method(table: pd.DataFrame, horizon: int, *, within_pct: float = 5,
                  methods=METHODS) -> TrackRecord:
    """The method of `methods` with the lowest MAPE at `horizon` (capped at the longest
    horizon with enough backtests; MAPEs within 0,01 points of each other are a tie, won
    by the simpler method, in `METHODS` order).
    With one method, that method's track record; the naive baseline's MAPE comes from
    the table whenever it holds the baseline."""
    require_columns(table, ["method", "horizon", "abs_pct_error"], "backtest table")
    table = table[table["abs_pct_error"].notna()]
    candidates = table[table["method"].isin(methods)]
    if candidates.empty:
        raise ValueError("no backtest of these methods to choose from")
    h = _choice_horizon(candidates, max(1, int(horizon)))
    at = table[table["horizon"] == h]
    mape = at.groupby("method")["abs_pct_error"].mean()
    ranking = sorted(((m, e) for m, e in mape.items() if m in methods),
                     key=lambda kv: (round(kv[1], 2), METHODS.index(kv[0])))
    best = ranking[0][0]
    errors = at.loc[at["method"] == best, "abs_pct_error"]
    return TrackRecord(best, h, len(errors), float(mape[best]),
                       int((errors <= within_pct).sum()), within_pct,
                       float(mape["naive"]) if "naive" in mape else None,
                       tuple((m, float(e)) for m, e in ranking))


def describe_track_record(record: TrackRecord, lang: str = "id") -> str:
    """"linear, mean error 3.1% at 4 years, within 5% in 3 of 4 backtests" (and the
    naive baseline's error beside it)."""
    text = label("track_record", lang, method=label(f"method_{record.method}", lang),
                 mape=format_percent(record.mape, decimals=1, lang=lang), h=record.horizon,
                 x=format_number(record.within_pct, lang=lang), k=record.within, n=record.n)
    if record.baseline_mape is not None and record.method != "naive":
        text += label("track_record_baseline", lang,
                      mape=format_percent(record.baseline_mape, decimals=1, lang=lang))
    return text


# ---------------------------------------------------------------- bands


def error_band(table: pd.DataFrame, method: str, horizons, *,
               level: float = BAND_LEVEL) -> pd.DataFrame | None:
    """The band a projection by `method` draws at each of `horizons` (years ahead), as
    ratios to the central value: the (1-level)/2 and (1+level)/2 quantiles of
    actual / predicted among the method's backtests at that horizon, never narrower than
    at a shorter horizon and always containing the central value. A horizon with fewer
    than MIN_ERRORS backtests (beyond those observed, H) takes the band of the longest
    observed horizon, widened with the square root of the distance: ratio ** sqrt(h / H)
    (errors that add up year by year; the ratios stay above 0, so a band never reaches
    zero participants or explodes). None when no horizon has MIN_ERRORS backtests."""
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level}")
    rows = table[(table["method"] == method) & (table["predicted"] > 0)]
    ratio = (rows["actual"] / rows["predicted"]).to_numpy(dtype=float)
    horizon = rows["horizon"].to_numpy()
    observed, n, lo, hi = [], [], [], []
    for h in np.unique(horizon):
        r = ratio[horizon == h]
        if len(r) >= MIN_ERRORS:
            q_lo, q_hi = np.quantile(r, [(1 - level) / 2, (1 + level) / 2])
            observed.append(int(h))
            n.append(len(r))
            lo.append(min(q_lo, 1.0, *lo[-1:]))  # never narrower than a shorter horizon
            hi.append(max(q_hi, 1.0, *hi[-1:]))
    if not observed:
        return None
    out = []
    for h in horizons:
        h = max(int(h), 0)
        k = max(int(np.searchsorted(observed, h, side="right")) - 1, 0)
        seen = h == observed[k]
        scale = 1.0 if seen else np.sqrt(h / observed[k])
        out.append((h, lo[k] ** scale, hi[k] ** scale, n[k] if seen else 0, seen))
    return pd.DataFrame(out, columns=["horizon", "lower_ratio", "upper_ratio", "n_errors",
                                      "observed"])
