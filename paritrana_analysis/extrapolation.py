"""The four ways to continue a series beyond its last figure, shared by `projections`
(what we draw to 2045) and `backtest` (how wrong each would have been), so that what is
backtested is exactly what is projected.

Each method is a straight line in a transformed scale z, its slope b fitted by least
squares to the points, continued from the last observed point:
``z(t) = z_last + b (t - t_last)``.

- ``"linear"``: z = value: the same amount every year (points or workers);
- ``"compound"``: z = log(value): the same percentage every year;
- ``"logistic"``: z = log(value / (ceiling - value)): an S-curve that slows down as it
  nears a stated saturation level (`ceiling`: 99,5% for coverage, a number of workers for
  participants);
- ``"naive"``: the baseline forecasters beat or not: the change between the last two
  points, continued (a line through them).

Time is a decimal year (`coverage.decimal_year`); a history given by whole years
(2022, 2023: no dates) is read as the end of each year, t = year + 1.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from paritrana_analysis.coverage import decimal_year

__all__ = ["METHODS", "TREND_METHODS", "history_times", "calendar_years", "year_of",
           "cannot_fit", "extrapolate", "slope"]

TREND_METHODS = ("linear", "compound", "logistic")
METHODS = (*TREND_METHODS, "naive")


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


def slope(t: np.ndarray, z: np.ndarray) -> float:
    """Least-squares slope of z on t."""
    tm = t.mean()
    return float(((t - tm) * (z - z.mean())).sum() / ((t - tm) ** 2).sum())


def check_method(method: str) -> str:
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    return method


def cannot_fit(values: np.ndarray, method: str, ceiling: float | None) -> str | None:
    """Why `method` cannot be fitted to `values`, in plain words; None when it can."""
    check_method(method)
    if method == "compound" and (values <= 0).any():
        return "compound growth needs values above 0 at every date"
    if method == "logistic":
        if ceiling is None:
            return "a logistic curve needs a saturation level (ceiling)"
        if (values <= 0).any() or (values >= ceiling).any():
            return (f"a logistic curve needs every value between 0 and its saturation "
                    f"level, the ceiling ({ceiling:g})")
    return None


def _scale(method: str, ceiling: float | None):
    """(to z, back from z) for a method."""
    if method == "compound":
        return np.log, lambda z: np.exp(np.minimum(z, 700.0))  # no overflow
    if method == "logistic":
        return (lambda v: np.log(v / (ceiling - v)),
                lambda z: ceiling / (1 + np.exp(-np.clip(z, -700.0, 700.0))))
    return (lambda v: v), (lambda z: z)


def extrapolate(t, values, at, *, method: str, ceiling: float | None = None,
                upper: float | None = None) -> np.ndarray:
    """Values at times `at` from `method` fitted on the points (t, values): sorted by t,
    2 or more distinct times. Results are clipped to 0..`upper` (100 for percentages;
    None: no upper limit). Raises ValueError when the method cannot fit (`cannot_fit`)."""
    t = np.asarray(t, dtype=float)
    v = np.asarray(values, dtype=float)
    if len(t) < 2 or t[-1] <= t[0]:
        raise ValueError("a trend needs values at 2 or more different dates")
    reason = cannot_fit(v, method, ceiling)
    if reason:
        raise ValueError(reason)
    forward, back = _scale(method, ceiling)
    z = forward(v)
    if method == "naive":
        b = float((z[-1] - z[-2]) / (t[-1] - t[-2])) if t[-1] > t[-2] else 0.0
    else:
        b = slope(t, z)
    out = back(z[-1] + b * (np.asarray(at, dtype=float) - t[-1]))
    out = np.maximum(out, 0.0)
    return out if upper is None else np.minimum(out, upper)


def year_of(t: float) -> int:
    """The year whose value a decimal time gives: t = Y + 1 is the end of Y (15 Apr 2025
    is in 2025, 1 Jan 2025 is the end of 2024)."""
    return int(math.ceil(round(t, 9))) - 1


def calendar_years(values) -> np.ndarray:
    """The calendar year of each date; a bare whole year is itself (2024 -> 2024)."""
    values = list(values)
    if values and all(isinstance(v, int | float | np.integer | np.floating)
                      and not isinstance(v, bool) for v in values):
        return np.array([int(v) for v in values])
    return np.array([pd.Timestamp(v).year for v in values])
