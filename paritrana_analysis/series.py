"""Comparable series: which of a region's coverage figures may be joined into a trend.

A percentage is only comparable with another that divides by the same kind of
denominator (the `basis`: BPJS potential workers, BPS employed, labour force, wage
earners, ...) counted the same way. When the denominator changes, the percentage jumps
although no worker joined or left: Sumatera Selatan's 36% of "3 juta pekerja" (April
2025) and 31,33% of the potential workers (August 2025, ~8,9 juta implied) are two
series, not a fall of 4,7 points. So a trend is fitted, and a line drawn, only within
one comparable series, and a break is shown as a break.

Figures belong to one series when all of these hold:

- the same `basis` (and `series`, the statistical series a source family publishes, such
  as Kemnaker's Satu Data counts by employer location against BPJS's count by NIK);
- for `unknown` basis (the source does not say), the same `series` label or, without one,
  the same `source`: one office repeating its own figure is comparable with itself, two
  outlets that do not say what they divide by are not comparable with each other;
- a denominator (stated `potential`, or implied ``covered / coverage_pct x 100``) within
  `denominator_tolerance_pct` of the series' previous denominator. The workforce grows a
  few percent a year; a base that moves by a fifth is another definition (Gorontalo
  466.368 in 2024, ~582 ribu in 2025).

Rows without a basis column (or an empty cell) count as `unknown`. Count-only rows
(`none`) form series of counts by the same rules. `target_share` (a percentage *of a
target*) is never a coverage figure; it forms its own series.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from paritrana_analysis.formatting import format_number
from paritrana_analysis.schema import BASES

__all__ = ["BASES", "DENOMINATOR_TOLERANCE_PCT", "basis_of", "comparable_series",
           "current_series", "is_derived", "series_breaks"]

DENOMINATOR_TOLERANCE_PCT = 20.0
_YES = {"ya", "y", "yes", "true", "1", "benar"}


def basis_of(table: pd.DataFrame) -> pd.Series:
    """The `basis` column as text, `unknown` where the column or the cell is missing."""
    if "basis" not in table.columns:
        return pd.Series("unknown", index=table.index, dtype="str")
    text = table["basis"].astype("string").str.strip().str.lower()
    return text.mask(text.isna() | (text == ""), "unknown").astype("str")


def is_derived(table: pd.DataFrame) -> pd.Series:
    """Boolean: the row's figure was computed, not published (`derived` True or 'ya')."""
    if "derived" not in table.columns:
        return pd.Series(False, index=table.index)
    return table["derived"].map(
        lambda v: v is True or (isinstance(v, str) and v.strip().lower() in _YES)
        or (isinstance(v, int | float | np.bool_) and not isinstance(v, bool) and v == 1)
    ).astype(bool)


def _text(table: pd.DataFrame, column: str) -> list[str]:
    if column not in table.columns:
        return [""] * len(table)
    return ["" if pd.isna(v) else str(v).strip() for v in table[column]]


def _denominators(table: pd.DataFrame) -> np.ndarray:
    def num(col):
        if col not in table.columns:
            return np.full(len(table), np.nan)
        return pd.to_numeric(table[col], errors="coerce").astype("float64").to_numpy(
            na_value=np.nan)

    pot, cov, pct = num("potential"), num("covered"), num("coverage_pct")
    with np.errstate(divide="ignore", invalid="ignore"):
        implied = np.where(pct > 0, cov / pct * 100, np.nan)
    return np.where(np.isnan(pot), implied, pot)


def _keys(table: pd.DataFrame) -> list[tuple[str, str]]:
    """(basis, what makes rows of that basis comparable) for every row."""
    labels, sources = _text(table, "series"), _text(table, "source")
    keys = []
    for basis, label, source in zip(basis_of(table), labels, sources, strict=True):
        if basis == "unknown" and not label:
            keys.append((basis, f"source {source}" if source else "no source"))
        else:
            keys.append((basis, label))
    return keys


def _describe(key: tuple[str, str]) -> str:
    basis, label = key
    return f"{basis} ({label})" if label else basis


def _why_new(key, previous_key, den, same_key_den, tolerance) -> str:
    """Plain words for a row that does not join an earlier series."""
    if same_key_den is not None and not math.isnan(den):
        change = (den - same_key_den) / same_key_den * 100
        return (f"denominator changes from {format_number(same_key_den)} to "
                f"{format_number(den)} ({change:+.0f}%, more than {tolerance:g}%)")
    if key[0] == "unknown" == previous_key[0]:
        return ("basis not stated, and not the same source or series as the figure "
                "before: not comparable")
    return f"basis changes from {_describe(previous_key)} to {_describe(key)}"


def _matching(chains: list[dict], key, den: float, tolerance: float) -> dict | None:
    """The most recent series with `key` whose latest denominator is close to `den`."""
    for chain in reversed(chains):
        if chain["key"] != key:
            continue
        last = chain["den"]
        if math.isnan(den) or last is None or abs(den - last) / last * 100 <= tolerance:
            return chain
    return None


def comparable_series(history: pd.DataFrame, *,
                      denominator_tolerance_pct: float = DENOMINATOR_TOLERANCE_PCT
                      ) -> pd.DataFrame:
    """`history` (one region and segment) sorted by date, with two columns added:

    - `series_id`: 1, 2, ... numbered in order of first appearance; rows with the same
      number may be joined into a trend, rows with different numbers never (`series`,
      when there, stays the source family's label);
    - `series_break`: why a row starts a new series after an earlier one ("" when it
      continues one, and on the first row; count-only rows are compared with count-only
      rows, percentages with percentages).

    A row joins the most recent series with the same comparability key whose latest
    denominator is within the tolerance (a row without a denominator joins on the key
    alone). See the module docstring for the rules.
    """
    if "as_of" not in history.columns:
        raise ValueError(f"history lacks column 'as_of'; it has {list(history.columns)}")
    if denominator_tolerance_pct < 0:
        raise ValueError("denominator_tolerance_pct must not be negative")
    out = history.sort_values("as_of", kind="stable").copy()
    ids, reasons = chain(_keys(out), _denominators(out), denominator_tolerance_pct)
    out["series_id"] = pd.array(ids, dtype="Int64")
    out["series_break"] = pd.array(reasons, dtype="str")
    return out


def series_of_regions(table: pd.DataFrame, *,
                      denominator_tolerance_pct: float = DENOMINATOR_TOLERANCE_PCT
                      ) -> pd.DataFrame:
    """`series_id` and `series_break` (comparable_series) of every row of a table of many
    regions, indexed like `table`: the keys and denominators are worked out once for the
    whole table, not once per region (a national table has some 200 regions)."""
    order = table.sort_values(["region_code", "as_of"], kind="stable")
    keys, dens = _keys(order), _denominators(order)
    codes = order["region_code"].astype("str").to_numpy()
    ids, reasons = [0] * len(order), [""] * len(order)
    starts = [0] + [i for i in range(1, len(codes)) if codes[i] != codes[i - 1]] + [len(codes)]
    for a, b in zip(starts[:-1], starts[1:], strict=True):
        ids[a:b], reasons[a:b] = chain(keys[a:b], dens[a:b], denominator_tolerance_pct)
    out = pd.DataFrame({"series_id": pd.array(ids, dtype="Int64"),
                        "series_break": pd.array(reasons, dtype="str")}, index=order.index)
    return out.loc[table.index]


def chain(keys: list[tuple[str, str]], dens: np.ndarray, tolerance: float
          ) -> tuple[list[int], list[str]]:
    """The series number and break reason of each figure of one region, oldest first
    (comparable_series's rule on its keys and denominators)."""
    chains: list[dict] = []  # key, id, latest denominator
    ids, reasons = [], []
    before: dict[bool, dict] = {}  # the series of the last count-only / percentage row
    for key, den in zip(keys, dens, strict=True):
        counts = key[0] == "none"  # counts are compared with counts, percentages with %
        chosen = _matching(chains, key, den, tolerance)
        reason = ""
        if chosen is None:
            if counts in before:
                same = [c["den"] for c in chains if c["key"] == key]
                reason = _why_new(key, before[counts]["key"], den,
                                  same[-1] if same else None, tolerance)
            chosen = {"key": key, "id": len(chains) + 1, "den": None}
            chains.append(chosen)
        before[counts] = chosen
        if not math.isnan(den):
            chosen["den"] = float(den)
        ids.append(chosen["id"])
        reasons.append(reason)
    return ids, reasons


def series_breaks(history: pd.DataFrame, **kw) -> pd.DataFrame:
    """The rows of `history` that start a new comparable series, with the reason
    (`series_break`); empty when every figure can be joined into one trend."""
    out = comparable_series(history, **kw)
    return out[out["series_break"] != ""]


def current_series(history: pd.DataFrame, **kw) -> pd.DataFrame:
    """The rows of the series the newest figure belongs to: what a trend to date may be
    fitted on. The newest figure is the last row after `comparable_series` (sorted by
    date; on one date the last row given, so pass the history in the order of
    `coverage.newest_first_order` to get the figure `latest_coverage` picks)."""
    out = comparable_series(history, **kw)
    if out.empty:
        return out
    return out[out["series_id"] == out["series_id"].iloc[-1]]
