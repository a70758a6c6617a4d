"""Projections toward UCJ 2045 with a track record, and the scenario paths analysts
compare them with.

A projection continues one comparable series (coverage percentages on one basis, or
counts of participants) by one of the methods of `extrapolation` (linear, compound,
logistic saturating at `ceiling`, naive last change), fitted on one figure per calendar
year (the last of the year), exactly as `backtest` tests it. ``method="auto"`` takes the
method whose backtests erred least at the horizon in question.

The band (`lower`, `upper`) is the method's track record, not a formula: the spread of
its past errors at each horizon (the middle `level` share, 80% by default), widened with
the square root of the horizon beyond the horizons the history lets us test
(`backtest.error_band`). A history too short for that gets no band and a note saying why.

Time: dates are decimal years (see `coverage.decimal_year`); the value for year Y is the
value at the end of Y (t = Y + 1).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from paritrana_analysis.backtest import (
    BAND_LEVEL,
    backtest,
    choose_method,
    error_band,
    short_note,
    too_short,
    yearly_points,
)
from paritrana_analysis.coverage import (
    check_pct,
    deadline_year,
    decimal_year,
    newest_first_order,
    require_columns,
    required_annual_pace,
    with_pct,
)
from paritrana_analysis.extrapolation import (
    METHODS,
    cannot_fit,
    check_method,
    extrapolate,
    history_times,
    year_of,
)
from paritrana_analysis.formatting import format_month, format_number, label

__all__ = [
    "METHODS",
    "Reached",
    "project_coverage",
    "project_participants",
    "participants_to_coverage",
    "workforce_growth",
    "choose_projection",
    "year_target_reached",
    "business_as_usual",
    "rpjmn_path",
    "path_to_target",
]

DEFAULT_CEILING = 99.5
MIN_HISTORY_YEARS = 1.0  # a trend from figures months apart is noise between sources
# RPJMN 2025-2029 national UCJ targets (Kemendagri Bina Bangda via Kabaran and Ayonusa,
# 15 Mei 2025). No source gives 2026-2028 on the RPJMN path (RKP 2026 says 34,99%).
RPJMN_TARGETS = {2025: 32.15, 2029: 43.92}
RPJMN_SOURCE = "RPJMN 2025-2029 (Kemendagri Bina Bangda via Kabaran, Ayonusa, 15 Mei 2025)"


# ---------------------------------------------------------------- history


def _history_frame(history, measure: str, min_dates: int = 2
                   ) -> tuple[pd.DataFrame, str | None]:
    """(rows when, t, value, covered; one per date, sorted), region_code or None."""
    what = "percentages" if measure == "coverage_pct" else "participant counts"
    if isinstance(history, pd.Series):
        if history.empty:
            raise ValueError("the history is empty: a projection needs at least 2 dates")
        frame = pd.DataFrame({"when": list(history.index), "value": pd.to_numeric(
            history, errors="coerce").to_numpy(dtype=float, na_value=np.nan)})
        frame["covered"] = frame["value"] if measure == "covered" else np.nan
        region_code = None
    elif isinstance(history, pd.DataFrame):
        frame, region_code = _table_rows(history, measure)
    else:
        raise ValueError(
            f"history must be a coverage DataFrame (as_of, {measure}) or a Series of "
            f"{what} indexed by date or year, not {type(history).__name__}")
    missing = int(frame["value"].isna().sum())
    if missing:
        detail = " (nor covered and potential)" if measure == "coverage_pct" else ""
        raise ValueError(f"{missing} history row(s) have no {measure}{detail}: drop them or "
                         "fill them before projecting")
    if measure == "coverage_pct" and ((frame["value"] < 0) | (frame["value"] > 100)).any():
        raise ValueError("history percentages must be between 0 and 100")
    if measure == "covered" and (frame["value"] < 0).any():
        raise ValueError("participant counts must not be negative")
    # One point per date, the rule of coverage.coverage_history: on a date where sources
    # disagree, a figure that states a count wins, then the later row (never an average).
    frame["t"] = history_times(frame["when"])
    frame = newest_first_order(frame, date="t").groupby("t").tail(1).sort_values("t")
    if len(frame) < min_dates:
        raise ValueError("a projection needs figures at 2 or more different dates; the "
                         f"history has {len(frame)}")
    return frame.reset_index(drop=True), region_code


def _table_rows(history: pd.DataFrame, measure: str) -> tuple[pd.DataFrame, str | None]:
    if history.empty:
        raise ValueError("the history is empty: a projection needs at least 2 dates")
    when = "as_of" if "as_of" in history.columns else "year"
    require_columns(history, [when], "history")
    for col in ("region_code", "segment"):
        if col in history.columns and history[col].nunique(dropna=True) > 1:
            values = sorted(map(str, history[col].dropna().unique()))
            raise ValueError(f"the history mixes several {col}s {values}: project one at a time")
    region_code = None
    if "region_code" in history.columns and history["region_code"].notna().any():
        region_code = str(history["region_code"].dropna().iloc[0])
    rows = with_pct(history)
    counts = (pd.to_numeric(rows["covered"], errors="coerce").to_numpy(dtype=float,
                                                                       na_value=np.nan)
              if "covered" in rows.columns else np.full(len(rows), np.nan))
    value = counts if measure == "covered" else pd.to_numeric(
        rows["coverage_pct"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return pd.DataFrame({"when": list(rows[when]), "value": value, "covered": counts}), \
        region_code


def history_years(history) -> float:
    """How many years the history spans (0 for fewer than 2 dates)."""
    try:
        t = _history_frame(history, "coverage_pct")[0]["t"]
    except ValueError:
        return 0.0
    return float(t.iloc[-1] - t.iloc[0])


def enough_for_trend(years: float) -> bool:
    """A trend needs MIN_HISTORY_YEARS of history (a day's slack for leap years)."""
    return years >= MIN_HISTORY_YEARS - 0.01


# ---------------------------------------------------------------- projections


def project_coverage(
    history,
    *,
    to_year: int = 2045,
    method: str = "linear",
    ceiling: float = DEFAULT_CEILING,
    workforce_growth_pct: float | None = None,
    level: float = BAND_LEVEL,
) -> pd.DataFrame:
    """Yearly projected coverage (%) with the band of the method's track record, from the
    year of the last history point to `to_year`.

    `history`: coverage rows of one region, segment and basis (as_of or year,
    coverage_pct, or covered and potential), or a Series of percentages indexed by date
    or year. Needs 2 or more dates a year or more apart; of several figures on one date,
    the one `coverage.coverage_history` keeps is used (never an average).

    `method`: one of `METHODS` (see `extrapolation`), or ``"auto"``: the method whose
    backtests on this history erred least at the horizon `to_year` is (needs
    `backtest.MIN_POINTS` yearly figures; raises otherwise, use `choose_projection` for
    the fallback to the pace a target needs). `ceiling`: where the logistic curve
    saturates (default 99,5%, the RPJPN 2045 target).

    `workforce_growth_pct` (g): project the participants instead (`covered` at every
    date) and divide by a workforce growing g% a year from the last figure's implied
    denominator (`participants_to_coverage`; column `assumption` says so).

    Columns: region_code, year, coverage_pct, lower, upper, method; ``attrs``: method,
    track_record (`backtest.TrackRecord`, or None), n_history (yearly figures), last_pct,
    last_as_of, note (how the band was made, or why there is none).
    """
    ceiling = check_pct(ceiling, "ceiling")
    if ceiling <= 0:
        raise ValueError("ceiling must be above 0")
    frame, region_code = _history_frame(history, "coverage_pct")
    _check_span(frame)
    if workforce_growth_pct is not None:
        return _project_through_counts(frame, region_code, to_year=to_year, method=method,
                                       growth_pct=workforce_growth_pct, level=level)
    out = _project(frame, "coverage_pct", region_code, to_year=to_year, method=method,
                   ceiling=ceiling, level=level)
    out.attrs["last_pct"] = out.attrs["last_value"]
    return out


def project_participants(history, *, to_year: int = 2045, method: str = "linear",
                         ceiling: float | None = None, level: float = BAND_LEVEL):
    """Yearly projected active participants (a count) with the band of the method's track
    record; as `project_coverage`, for counts. `history`: coverage rows with `covered`
    (one region and segment), or a Series of counts indexed by date or year. `ceiling`:
    the number of workers where the logistic curve saturates (e.g. the potential workers
    a source states); without one the logistic method is not available. Counts are not
    capped otherwise. Columns: region_code, year, covered, lower, upper, method."""
    if ceiling is not None and not ceiling > 0:
        raise ValueError(f"ceiling must be a number of workers above 0, not {ceiling!r}")
    frame, region_code = _history_frame(history, "covered")
    _check_span(frame)
    return _project(frame, "covered", region_code, to_year=to_year, method=method,
                    ceiling=ceiling, level=level)


def _check_span(frame: pd.DataFrame) -> None:
    span = float(frame["t"].iloc[-1] - frame["t"].iloc[0])
    if not enough_for_trend(span):
        raise ValueError(
            f"the history spans only {span * 12:.0f} months ({len(frame)} dates): a trend "
            f"needs figures at least {MIN_HISTORY_YEARS:g} year apart; use path_to_target "
            "for the pace a target needs")


def _years(t_last: float, to_year) -> np.ndarray:
    """The projection's years: the year the last figure belongs to, to `to_year`."""
    first_year = year_of(t_last)
    if isinstance(to_year, bool) or not float(to_year).is_integer():
        raise ValueError(f"to_year must be a whole year, not {to_year!r}")
    if int(to_year) < first_year:
        raise ValueError(f"to_year {to_year} is before the last history point ({t_last:.2f})")
    return np.arange(first_year, int(to_year) + 1)


def _project(frame, measure, region_code, *, to_year, method, ceiling, level):
    """Central line, band and attrs of a projection of `measure` (yearly figures)."""
    series = pd.Series(frame["value"].to_numpy(), index=frame["when"].to_numpy())
    points = yearly_points(series, measure)
    t, v = points["t"].to_numpy(), points["value"].to_numpy()
    years = _years(t[-1], to_year)
    horizons = np.maximum(years - int(points["year"].iloc[-1]), 0)
    short = short_note(len(points))
    method, table, record = _track_record(series, measure, method, ceiling,
                                          int(horizons[-1]), short)
    upper = 100.0 if measure == "coverage_pct" else ceiling
    central = extrapolate(t, v, years + 1.0, method=method, ceiling=ceiling, upper=upper)
    band = None if short else error_band(table, method, horizons, level=level)
    if band is None:
        lower = hi = np.full(len(years), np.nan)
        note = f"no band: {short or 'fewer than 3 backtests at every horizon'}"
    else:
        lower = np.minimum(central * band["lower_ratio"].to_numpy(), central)
        hi = np.maximum(central * band["upper_ratio"].to_numpy(), central)
        hi = hi if upper is None else np.minimum(hi, upper)
        seen = int(band.loc[band["observed"], "horizon"].max())
        note = (f"band: the middle {level:.0%} of the {method} method's backtest errors at "
                f"each horizon ({len(points)} yearly figures), widened with the square root "
                f"of the horizon beyond {seen} year(s)")
    out = pd.DataFrame({
        "region_code": pd.array([region_code] * len(years), dtype="str"),
        "year": pd.array(years, dtype="Int64"),
        measure: pd.array(central, dtype="Float64"),
        "lower": pd.array(lower, dtype="Float64"),
        "upper": pd.array(hi, dtype="Float64"),
        "method": pd.array([method] * len(years), dtype="str"),
    })
    out.attrs.update(method=method, track_record=record, n_history=len(points),
                     last_value=float(frame["value"].iloc[-1]),
                     last_as_of=float(frame["t"].iloc[-1]), band_level=level, note=note)
    return out


def _track_record(series, measure, method, ceiling, horizon, short):
    """(method, backtest table, TrackRecord): the method chosen by its backtests for
    ``"auto"``, else the named method's own record (None and None for a short series)."""
    if method == "auto":
        if short:
            raise ValueError(f"cannot choose a method by its track record: {short}; name a "
                             "method, or use choose_projection / path_to_target")
        table = backtest(series, measure=measure, ceiling=ceiling)
        record = choose_method(table, horizon)
        return record.method, table, record
    reason = cannot_fit(series.to_numpy(dtype=float), check_method(method), ceiling)
    if reason:
        raise ValueError(reason)
    if short:
        return method, None, None
    table = backtest(series, measure=measure, ceiling=ceiling,
                     methods=sorted({method, "naive"}))
    return method, table, choose_method(table, horizon, methods=(method,))


def _project_through_counts(frame, region_code, *, to_year, method, growth_pct, level):
    counts = frame["covered"].to_numpy()
    if np.isnan(counts).any() or (counts <= 0).any():
        raise ValueError("workforce_growth_pct needs covered counts (above 0) at every "
                         "history date")
    last = frame.iloc[-1]
    potential = last["covered"] / last["value"] * 100 if last["value"] > 0 else np.nan
    if not potential > 0:
        raise ValueError("the last figure's coverage must be above 0 to imply its "
                         "denominator")
    counted = frame.assign(value=frame["covered"])
    people = _project(counted, "covered", region_code, to_year=to_year, method=method,
                      ceiling=None, level=level)
    out = participants_to_coverage(people, potential=potential, as_of=_when_of(last),
                                   growth_pct=growth_pct)
    out.attrs.update(last_pct=float(last["value"]))
    return out


def _when_of(point: pd.Series):
    """A history point's date, or its decimal year where the history gives whole years
    (a year stands for its end; a row of the frame turns an int year into a float)."""
    numeric = isinstance(point["when"], int | float | np.integer | np.floating)
    return float(point["t"]) if numeric else point["when"]


def participants_to_coverage(projection: pd.DataFrame, *, potential: float, as_of,
                             growth_pct: float, source: str = "",
                             lang: str = "id") -> pd.DataFrame:
    """Coverage (%) from a participants projection (`project_participants`), against a
    denominator whose own projection is stated: `potential` workers at `as_of`, growing
    `growth_pct`% a year (e.g. BPS penduduk bekerja growth, `workforce_growth`).

    The result is only as good as that assumption, so it says so: column `assumption`
    (and ``attrs["assumption"]``) names the denominator, its date, growth and `source`.
    Columns: region_code, year, coverage_pct, lower, upper, method, assumption."""
    require_columns(projection, ["year", "covered"], "participants projection")
    growth = float(growth_pct)
    if not math.isfinite(growth) or growth <= -100:
        raise ValueError(f"growth_pct must be above -100, not {growth_pct!r}")
    if not float(potential) > 0:
        raise ValueError(f"potential must be a number of workers above 0, not {potential!r}")
    start = decimal_year(as_of)
    t = projection["year"].astype(float).to_numpy() + 1.0
    denominator = float(potential) * (1 + growth / 100) ** (t - start)

    def share(col):
        values = pd.to_numeric(projection[col], errors="coerce").to_numpy(dtype=float,
                                                                            na_value=np.nan)
        return pd.array(np.clip(values / denominator * 100, 0, 100), dtype="Float64")

    when = format_month(_as_date(as_of), lang=lang)
    text = label("assumption_denominator", lang, potential=format_number(potential, lang=lang),
                 when=when, growth=format_number(growth, decimals=1, lang=lang),
                 source=f" ({source})" if source else "")
    out = projection.drop(columns=["covered", "lower", "upper"], errors="ignore").copy()
    out.insert(out.columns.get_loc("year") + 1, "coverage_pct", share("covered"))
    for col in ("lower", "upper"):
        if col in projection.columns:
            out.insert(out.columns.get_loc("coverage_pct") + (1 if col == "lower" else 2),
                       col, share(col))
    out["assumption"] = pd.array([text] * len(out), dtype="str")
    out.attrs = {**projection.attrs, "assumption": text,
                 "denominator": {"potential": float(potential), "as_of": as_of,
                                 "growth_pct": growth, "source": source}}
    return out


def _as_date(when) -> pd.Timestamp:
    """A date, or a decimal year (2025.5) as the day it falls on."""
    if isinstance(when, float | np.floating):
        year = int(math.floor(when))
        return pd.Timestamp(year=year, month=1, day=1) + pd.Timedelta(
            days=round((when - year) * 365))
    return pd.Timestamp(when)


class Growth(NamedTuple):
    """Compound yearly growth of BPS penduduk bekerja between two Sakernas rounds."""

    pct: float
    start: pd.Timestamp
    end: pd.Timestamp
    source: str


def workforce_growth(workforce: pd.DataFrame, region_code: str = "ID") -> Growth:
    """Compound yearly growth (%) of `employed` for `region_code` between the oldest and
    newest Sakernas rounds of the same month (August to August: February and August
    differ by season). The denominator's projection `participants_to_coverage` needs,
    taken from the data, to be stated as an assumption."""
    require_columns(workforce, ["region_code", "as_of", "employed"], "workforce table")
    rows = workforce[(workforce["region_code"] == region_code) & workforce["employed"].notna()]
    rows = rows.sort_values("as_of")
    if rows.empty:
        raise ValueError(f"no employed figures for {region_code}")
    last = rows.iloc[-1]
    same = rows[pd.to_datetime(rows["as_of"]).dt.month == pd.Timestamp(last["as_of"]).month]
    first = same.iloc[0]
    years = (pd.Timestamp(last["as_of"]) - pd.Timestamp(first["as_of"])).days / 365.25
    if years < 0.99:
        raise ValueError(f"{region_code} needs employed figures of the same month a year or "
                         "more apart to give a growth rate")
    pct = ((float(last["employed"]) / float(first["employed"])) ** (1 / years) - 1) * 100
    sources = "; ".join(dict.fromkeys(str(s) for s in (first.get("source"), last.get("source"))
                                      if s is not None and str(s) != "nan"))
    return Growth(pct, pd.Timestamp(first["as_of"]), pd.Timestamp(last["as_of"]), sources)


def choose_projection(history, *, to_year: int = 2045, target_pct: float = DEFAULT_CEILING,
                      ceiling: float = DEFAULT_CEILING, level: float = BAND_LEVEL):
    """The default projection of a coverage series: the method with the best track record
    (``project_coverage(method="auto")``); when the series is too short to backtest, the
    straight path `target_pct` by `to_year` needs (`path_to_target`, from the newest
    figure), with ``attrs["kind"]`` ("projection" or "needed_path") and ``attrs["note"]``
    saying why."""
    frame, _ = _history_frame(history, "coverage_pct", min_dates=1)
    series = pd.Series(frame["value"].to_numpy(), index=frame["when"].to_numpy())
    short = too_short(series)
    span = float(frame["t"].iloc[-1] - frame["t"].iloc[0])
    if short is None and enough_for_trend(span):
        out = project_coverage(history, to_year=to_year, method="auto", ceiling=ceiling,
                               level=level)
        out.attrs["kind"] = "projection"
        return out
    last = frame.iloc[-1]
    out = path_to_target(float(last["value"]), _when_of(last), target_pct, to_year)
    out.attrs.update(kind="needed_path", note=f"no projection: {short or 'history under a year'}"
                     "; the dashed line is the pace the target needs", track_record=None)
    return out


class Reached(NamedTuple):
    """The year a target is reached: `central` on the projection's line, `earliest` on the
    upper edge of its band, `latest` on the lower edge; None where never (by the end of
    the projection). `banded` is False when the projection has no band (then `earliest`
    and `latest` are None: unknown, not never)."""

    earliest: int | None
    central: int | None
    latest: int | None
    banded: bool


def _first_year(projection: pd.DataFrame, column: str, target: float) -> int | None:
    values = pd.to_numeric(projection[column], errors="coerce").astype("float64")
    reached = projection.loc[values.to_numpy() >= target - 1e-9, "year"]
    return None if reached.empty else int(reached.min())


def year_target_reached(projection: pd.DataFrame, target, *,
                        measure: str = "coverage_pct") -> Reached:
    """The range of years `projection` reaches `target` in (a percentage, or a count of
    participants with ``measure="covered"``): earliest (band's upper edge), central,
    latest (band's lower edge)."""
    if measure == "coverage_pct":
        target = check_pct(target, "target_pct")
    else:
        target = float(target)
    require_columns(projection, ["year", measure], "projection")
    if projection.empty:
        raise ValueError("the projection is empty")
    banded = {"lower", "upper"} <= set(projection.columns) and \
        projection[["lower", "upper"]].notna().all().all()
    central = _first_year(projection, measure, target)
    if not banded:
        return Reached(None, central, None, False)
    return Reached(_first_year(projection, "upper", target), central,
                   _first_year(projection, "lower", target), True)


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
