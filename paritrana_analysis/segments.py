"""Coverage per segment (village officials, non-ASN staff, RT/RW, palm smallholders ...).

Segment figures are usually reported as a count and a percentage ("44.547 kepala dan
perangkat desa, 89,1%"); the segment's potential is then implied by the two.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from paritrana_analysis.coverage import newest_first_order, require_columns, with_pct

__all__ = ["segment_breakdown"]


def segment_breakdown(
    coverage: pd.DataFrame,
    *,
    region_code: str | None = None,
    include_total: bool = False,
    latest: bool = True,
    ascending: bool = False,
) -> pd.DataFrame:
    """Per segment: covered, potential (stated or implied), uncovered, coverage %.

    Formulas: ``potential = covered / coverage_pct x 100`` when no potential is stated
    (rounded to whole people; assumes count and percentage share one denominator),
    ``coverage_pct = covered / potential x 100`` when no percentage is stated,
    ``uncovered = potential - covered`` (never below 0).
    Sumatera Selatan, 1 Aug 2025: kepala dan perangkat desa 44.547 at 89,1% -> potential
    49.997, uncovered 5.450.

    `region_code` keeps one region; `include_total` keeps segment "all"; `latest` keeps
    one row per region and segment: the latest as_of, and on that date the figure with a
    count, then the later row (the rule of `coverage.latest_coverage`). Sorted by
    coverage_pct (highest first, or `ascending`) within each region, ready for a bar chart.
    Columns: region_code, region, segment, as_of, covered, potential, potential_implied,
    coverage_pct, uncovered, source. Where a source gives only a count, or only a
    percentage, what cannot be worked out is <NA> (never guessed); such rows sort last.
    """
    table = _segment_rows(coverage, region_code, include_total)
    if latest:
        # One row per region and segment: the newest date; on that date a figure with a
        # count wins, then the later row (coverage.newest_first_order, the rule of
        # latest_coverage). Two sources on one date are never both kept (nor added).
        table = newest_first_order(table).groupby(
            ["region_code", "segment"], sort=False, observed=True, dropna=False).tail(1)
    table = with_pct(table)  # coverage_pct from covered / potential where missing

    cov = pd.to_numeric(table["covered"], errors="coerce").astype("float64")
    pot = pd.to_numeric(table["potential"], errors="coerce").astype("float64")
    pct = pd.to_numeric(table["coverage_pct"], errors="coerce").astype("float64")
    if (cov < 0).any() or (pot <= 0).any() or ((pct < 0) | (pct > 100)).any():
        raise ValueError("segments need covered >= 0, potential > 0 and percentages 0-100")
    can_imply = pot.isna() & cov.notna() & (pct > 0)
    implied = pd.array(can_imply, dtype="boolean")
    implied[(pot.isna() & ~can_imply).to_numpy()] = pd.NA  # nothing to imply it from
    pot = pot.where(~can_imply, np.round(cov / pct * 100))

    out = _breakdown_frame(table, cov, pot, pct, implied)
    out = out.sort_values(
        ["region_code", "coverage_pct"],
        ascending=[True, ascending],
        kind="stable",
        na_position="last",
    )
    return out.reset_index(drop=True)


def _segment_rows(coverage: pd.DataFrame, region_code: str | None,
                  include_total: bool) -> pd.DataFrame:
    """The rows segment_breakdown reads, with every column it needs (missing ones empty)."""
    require_columns(coverage, ["region_code", "segment"], "coverage table")
    table = coverage.copy()
    for col in ("region", "as_of", "covered", "potential", "coverage_pct", "source"):
        if col not in table.columns:
            table[col] = pd.NA
    if region_code is not None:
        table = table[table["region_code"].astype(str) == region_code]
    if not include_total:
        table = table[table["segment"].astype(str) != "all"]
    if table.empty:
        raise ValueError(
            "no segment rows" + (f" for region {region_code!r}" if region_code else ""))
    return table


def _breakdown_frame(table, cov, pot, pct, implied) -> pd.DataFrame:
    """segment_breakdown's columns, in their order and dtypes."""
    return pd.DataFrame(
        {
            "region_code": table["region_code"].astype("str"),
            "region": table["region"],
            "segment": table["segment"].astype("str"),
            "as_of": table["as_of"],
            "covered": pd.array(cov, dtype="Float64").astype("Int64"),
            "potential": pd.array(pot, dtype="Float64").astype("Int64"),
            "potential_implied": pd.array(implied, dtype="boolean"),
            "coverage_pct": pd.array(pct, dtype="Float64"),
            "uncovered": pd.array((pot - cov).clip(lower=0), dtype="Float64").astype("Int64"),
            "source": table["source"],
        }
    )
