"""Which coverage targets apply to a region in a year.

Targets come from the canonical targets table (region_code, region, year, target_pct,
basis, source): national plans (RPJMN, RKP, RPJPN), the Kemendagri regional target, a
governor's statement. A region is measured against its own targets and, for a regency,
its province's; national targets (region_code "ID") apply everywhere.
"""

from __future__ import annotations

import pandas as pd

from paritrana_analysis.coverage import require_columns

__all__ = ["targets_for"]

TARGET_COLUMNS = ["region_code", "region", "year", "target_pct", "basis", "source"]
_ORDER = {"own": 0, "province": 1, "national": 2}


def _province_of(region_code: str) -> str | None:
    """ISO code of the province of a Kemendagri regency code ("16.05" -> "ID-SS")."""
    prefix = region_code.split(".")[0]
    try:
        from paritrana_analysis import regions

        table = regions.provinces()
    except Exception:  # regions helper unavailable: no province-level targets
        return None
    match = table.loc[table["kemendagri"].astype(str) == prefix, "code"]
    return str(match.iloc[0]) if len(match) else None


def targets_for(region_code: str, year: int | None = None, targets=None) -> pd.DataFrame:
    """Every target that applies to `region_code` in `year` (all years when None).

    Returns the matching rows of the targets table with a column `applies`: "own" (the
    region's own target), "province" (a regency's province target) or "national"
    (region_code "ID", e.g. RPJMN 32,15% for 2025 and the Kemendagri 52,15%), sorted in
    that order, then by basis. Several rows for one region and year are all kept: they
    are different targets (or different sources), not duplicates to pick from.
    An empty table (with the columns) means no target was found.

    `targets`: the canonical targets DataFrame; None loads the bundled dataset via
    ``paritrana_analysis.dataset.load_dataset("targets")``.
    """
    if not isinstance(region_code, str) or not region_code.strip():
        raise ValueError(f"region_code must be a code such as 'ID-SS', not {region_code!r}")
    region_code = region_code.strip()
    if year is not None:
        if isinstance(year, bool) or not float(year).is_integer():
            raise ValueError(f"year must be a whole year such as 2025, not {year!r}")
        year = int(year)
    if targets is None:
        from paritrana_analysis.dataset import load_dataset

        targets = load_dataset("targets")
    require_columns(targets, ["region_code", "year", "target_pct"], "targets table")

    scope = {region_code: "own"}
    if region_code != "ID":
        scope["ID"] = "national"
        if not region_code.startswith("ID-"):
            province = _province_of(region_code)
            if province:
                scope[province] = "province"

    codes = targets["region_code"].astype(str)
    chosen = targets[codes.isin(list(scope))]
    if year is not None:
        years = pd.to_numeric(chosen["year"], errors="coerce")
        chosen = chosen[years == year]
    out = chosen.copy()
    out["applies"] = out["region_code"].astype(str).map(scope).astype("str")
    for col in TARGET_COLUMNS:
        if col not in out.columns:
            out[col] = pd.NA
    out["_order"] = out["applies"].map(_ORDER)
    out = out.sort_values(["_order", "year", "basis"], kind="stable").drop(columns="_order")
    front = TARGET_COLUMNS + ["applies"]
    return out[front + [c for c in out.columns if c not in front]].reset_index(drop=True)
