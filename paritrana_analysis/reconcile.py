"""Put every reported coverage figure side by side and say, in plain words, which disagree.

Officials quote coverage against different denominators (BPS working people, the labour
force, BPJS's own "potential" base), so one province can be 26%, 36% and 31,33% within
four months. `reconcile` works out each figure's denominator and compares it with BPS.
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np
import pandas as pd

from paritrana_analysis.coverage import require_columns, with_pct
from paritrana_analysis.formatting import format_number, format_percent
from paritrana_analysis.series import basis_of, is_derived, series_of_regions

__all__ = ["reconcile"]


_num = format_number  # 2789917 -> "2.789.917"
_pct = partial(format_percent, trim=True)  # 31.33 -> "31,33%", 36.0 -> "36%"
_ratio = partial(format_number, decimals=2)  # 1.98 -> "1,98"


def _day(ts) -> str:
    return pd.Timestamp(ts).strftime("%Y-%m-%d")


def _src(row) -> str:
    source = row.get("source")
    return "source unknown" if source is None or source is pd.NA else str(source)


def reconcile(
    coverage: pd.DataFrame,
    workforce: pd.DataFrame | None = None,
    *,
    pct_tolerance: float = 0.5,
    denominator_tolerance_pct: float = 10.0,
    window_days: int = 366,
) -> pd.DataFrame:
    """Every total-coverage figure per region and date, with its denominator and flags.

    For each coverage row (segment "all"): the stated figures and source; the
    denominator, stated (`potential`) or implied: ``covered / coverage_pct x 100``;
    ``pct_from_counts = covered / potential x 100``; BPS working people (`employed`) at
    the workforce date nearest to `as_of` for that region, and
    ``denominator_to_employed = denominator / employed``.

    Flags, in plain words (column `flag_reasons`, joined by "; "; `flagged` True if any):

    - the denominator is above the number of working people BPS counts (ratio > 1);
    - another figure for the same region and month gives a percentage more than
      `pct_tolerance` points different;
    - count, potential and percentage disagree: ``covered / potential x 100`` is more
      than `pct_tolerance` points from the stated percentage;
    - another figure for the region within `window_days` uses a denominator more than
      `denominator_tolerance_pct` % different;
    - the figure starts a new comparable series (`series.comparable_series`: another
      basis, another source that does not say what it divides by, or a jump in the
      denominator), so the change from the figure before is not a trend.

    Columns `basis`, `qualifier`, `derived` come from the rows (`unknown`, `exact`, False
    where missing); `series_id` numbers the comparable series within each region and
    `series_break` says why one starts. Assumes the figures are for the same population
    (segment "all"). Sorted by region_code, as_of, source.
    """
    if pct_tolerance < 0 or denominator_tolerance_pct < 0 or window_days < 0:
        raise ValueError("tolerances and window_days must not be negative")
    table = _totals(coverage)
    out, denominator, kind = _figures(table, workforce)
    flags = _flags(out.assign(_den=denominator), kind, pct_tolerance,
                   denominator_tolerance_pct, window_days)
    out["flag_reasons"] = pd.array(["; ".join(f) for f in flags], dtype="str")
    out["flagged"] = pd.array([bool(f) for f in flags], dtype="boolean")
    out = out.sort_values(["region_code", "as_of", "source"], kind="stable", na_position="last")
    return out.reset_index(drop=True)


def _figures(table: pd.DataFrame, workforce: pd.DataFrame | None):
    """reconcile's columns before the flags, with the unrounded denominators and their
    kind ("stated", "implied" or "") the flags compare."""
    chained = series_of_regions(table)
    cov, pot, pct = (pd.to_numeric(table[c], errors="coerce").astype("float64").to_numpy()
                     for c in ("covered", "potential", "coverage_pct"))
    # covered / potential x 100 whatever the stated percentage (coverage.with_pct on the
    # counts alone), to compare with it.
    from_counts = with_pct(table[["covered", "potential"]])["coverage_pct"]
    from_counts = from_counts.astype("float64").to_numpy(na_value=np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        implied = np.where(pct > 0, cov / pct * 100, np.nan)
    denominator = np.where(~np.isnan(pot), pot, implied)
    kind = np.where(~np.isnan(pot), "stated", np.where(~np.isnan(implied), "implied", ""))
    employed, employed_as_of, employed_source = _nearest_employed(table, workforce)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = denominator / employed

    out = pd.DataFrame(
        {
            "region_code": table["region_code"].astype("str").to_numpy(),
            "region": table["region"].to_numpy(),
            "as_of": table["as_of"].astype("datetime64[ns]").to_numpy(),
            "source": table["source"].to_numpy(),
            "covered": pd.array(cov, dtype="Float64").astype("Int64"),
            "potential": pd.array(pot, dtype="Float64").astype("Int64"),
            "coverage_pct": pd.array(pct, dtype="Float64"),
            "pct_from_counts": pd.array(from_counts, dtype="Float64"),
            "denominator": pd.array(np.round(denominator), dtype="Float64").astype("Int64"),
            "denominator_kind": pd.array(kind, dtype="str"),
            "employed": pd.array(employed, dtype="Float64").astype("Int64"),
            "employed_as_of": pd.to_datetime(pd.Series(employed_as_of))
            .astype("datetime64[ns]")
            .to_numpy(),
            "employed_source": pd.array(employed_source, dtype="str"),
            "denominator_to_employed": pd.array(ratio, dtype="Float64"),
            "basis": pd.array(basis_of(table), dtype="str"),
            "qualifier": pd.array(table["qualifier"].fillna("exact") if "qualifier" in table
                                  else ["exact"] * len(table), dtype="str"),
            "derived": pd.array(is_derived(table), dtype="boolean"),
            "series_id": chained["series_id"].to_numpy(),
            "series_break": pd.array(chained["series_break"], dtype="str"),
        }
    )
    for col in ("pct_from_counts", "denominator_to_employed"):
        out[col] = out[col].where(~out[col].isna(), pd.NA)  # NaN -> <NA>
    return out, denominator, kind


def _totals(coverage: pd.DataFrame) -> pd.DataFrame:
    """The segment "all" rows, with every column reconcile reads (missing ones empty)."""
    require_columns(coverage, ["region_code", "as_of"], "coverage table")
    table = coverage.copy()
    if "segment" in table.columns:
        table = table[table["segment"].astype(str) == "all"]
    for col in ("region", "covered", "potential", "coverage_pct", "source"):
        if col not in table.columns:
            table[col] = pd.NA
    if table.empty:
        raise ValueError("no total (segment 'all') coverage rows to reconcile")
    table["as_of"] = pd.to_datetime(table["as_of"])
    if table["as_of"].isna().any():
        raise ValueError("every coverage row needs an as_of date to be reconciled")
    return table


def _nearest_employed(table: pd.DataFrame, workforce: pd.DataFrame | None):
    """BPS working people of each row's region at the workforce date nearest its as_of:
    (counts, dates, sources), NaN / NaT / NA where the region has none."""
    employed = np.full(len(table), np.nan)
    employed_as_of = [pd.NaT] * len(table)
    employed_source = [pd.NA] * len(table)
    if workforce is None:
        return employed, employed_as_of, employed_source
    require_columns(workforce, ["region_code", "as_of", "employed"], "workforce table")
    wf = workforce.copy()
    wf["employed"] = pd.to_numeric(wf["employed"], errors="coerce").astype("float64")
    wf = wf[wf["employed"].notna() & (wf["employed"] > 0)]
    wf["as_of"] = pd.to_datetime(wf["as_of"])
    by_region = dict(list(wf.groupby(wf["region_code"].astype(str), sort=False)))
    for i, (code, when) in enumerate(zip(table["region_code"], table["as_of"], strict=True)):
        mine = by_region.get(str(code))
        if mine is None:
            continue
        best = mine.loc[(mine["as_of"] - when).abs().idxmin()]
        employed[i] = best["employed"]
        employed_as_of[i] = best["as_of"]
        employed_source[i] = best["source"] if "source" in mine.columns else pd.NA
    return employed, employed_as_of, employed_source


def _num_or_nan(value) -> float:
    return float("nan") if pd.isna(value) else float(value)


def _denominator(row: dict) -> float:
    return float(row["_den"])  # unrounded: stated, or implied by count and percentage


def _flags(table: pd.DataFrame, kind, pct_tolerance: float, denominator_tolerance_pct: float,
           window_days: int) -> list[list[str]]:
    """The reasons each figure is flagged, in the order reconcile's docstring gives."""
    rows = table.to_dict("records")
    flags: list[list[str]] = [[] for _ in rows]
    same_region: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        same_region.setdefault(row["region_code"], []).append(i)
    for i, row in enumerate(rows):
        flags[i] += _own_flags(row, kind[i], pct_tolerance)
        for j in same_region[row["region_code"]]:
            if j != i:
                flags[i] += _pair_flags(row, rows[j], pct_tolerance,
                                        denominator_tolerance_pct, window_days)
        if row["series_break"]:
            flags[i].append(f"not comparable with the figure before: {row['series_break']}")
    return flags


def _own_flags(row: dict, kind: str, pct_tolerance: float) -> list[str]:
    """A denominator above BPS working people; counts that disagree with the percentage."""
    out = []
    cov, pot, pct = (_num_or_nan(row[c]) for c in ("covered", "potential", "coverage_pct"))
    den, emp = _denominator(row), _num_or_nan(row["employed"])
    from_counts = _num_or_nan(row["pct_from_counts"])
    if not math.isnan(den) and not math.isnan(emp) and den > emp:
        how = f"{_num(cov)} / {_pct(pct)}" if kind == "implied" else "stated"
        out.append(
            f"{kind} denominator {_num(den)} ({how}) is {_ratio(den / emp)} times "
            f"the {_num(emp)} working people BPS counts ({_day(row['employed_as_of'])}): "
            "it is not the working population"
        )
    if not math.isnan(from_counts) and not math.isnan(pct) and \
            abs(from_counts - pct) > pct_tolerance:
        out.append(f"{_num(cov)} of {_num(pot)} is {_pct(from_counts)}, "
                   f"not the stated {_pct(pct)}")
    return out


def _pair_flags(row: dict, other: dict, pct_tolerance: float,
                denominator_tolerance_pct: float, window_days: int) -> list[str]:
    """Another figure of the same region: same month with another percentage, or a
    denominator of another size within the window."""
    out = []
    mine, theirs = _num_or_nan(row["coverage_pct"]), _num_or_nan(other["coverage_pct"])
    same_month = (row["as_of"].year, row["as_of"].month) == \
        (other["as_of"].year, other["as_of"].month)
    if same_month and abs(mine - theirs) > pct_tolerance:  # False where either is NaN
        other_basis = "" if other["basis"] == row["basis"] else \
            f", which divides by {other['basis']}, not {row['basis']}"
        out.append(f"same month, different percentage: {_pct(mine)} here but "
                   f"{_pct(theirs)} from {_src(other)} ({_day(other['as_of'])}{other_basis})")
    den_i, den_j = _denominator(row), _denominator(other)
    close = abs((row["as_of"] - other["as_of"]).days) <= window_days
    if close and not math.isnan(den_i) and not math.isnan(den_j) and \
            abs(den_i - den_j) / min(den_i, den_j) * 100 > denominator_tolerance_pct:
        out.append(f"denominator {_num(den_i)} here but {_num(den_j)} from {_src(other)} "
                   f"({_day(other['as_of'])}): they count different populations")
    return out
