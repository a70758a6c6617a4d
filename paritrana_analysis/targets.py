"""Which coverage targets apply to a region in a year.

Targets come from the canonical targets table (region_code, region, year, target_pct,
basis, source): national plans (RPJMN, RKP, RPJPN), the Kemendagri regional target, a
governor's statement. A region is measured against its own targets and, for a regency,
its province's; national targets (region_code "ID") apply everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from paritrana_analysis import regions
from paritrana_analysis.coverage import Gap, gap_to_target, latest_coverage, require_columns

__all__ = ["targets_for", "pick_targets", "next_target_year", "gap_for", "TargetGap",
           "TargetCheck", "target_checks", "citation",
           "BASIS_PREFERENCE"]

TARGET_COLUMNS = ["region_code", "region", "year", "target_pct", "basis", "source"]
_ORDER = {"own": 0, "province": 1, "national": 2}


def _province_of(region_code: str) -> str | None:
    """ISO code of the province of a regency code ("16.05" -> "ID-SS"), None if unknown."""
    try:
        return regions.province_of(region_code)
    except ValueError:  # a code the regions reference does not know
        return None


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


BASIS_PREFERENCE = ("Kemendagri", "Gubernur", "Pemprov", "Pemkab", "RPJMD", "RKP", "RPJMN",
                    "RPJPD", "RPJPN", "BPJS")


def pick_targets(targets: pd.DataFrame | None, year: int | None) -> pd.DataFrame:
    """One target per region for ``year``: region_code, target_pct, target_basis,
    target_source, and ``other_targets`` (the other values for that year, e.g. "48%
    (Pemprov)"). Several targets: the basis earliest in BASIS_PREFERENCE wins, then the
    later row of the table."""
    cols = ["region_code", "target_pct", "target_basis", "target_source", "other_targets"]
    if targets is None or len(targets) == 0 or year is None:
        return pd.DataFrame(columns=cols)
    require_columns(targets, ["region_code", "year", "target_pct"], "targets table")
    t = targets[(pd.to_numeric(targets["year"]) == year) & targets["target_pct"].notna()].copy()
    t["region_code"] = t["region_code"].astype(str)
    t["target_source"] = t["source"].astype("string").fillna("") if "source" in t.columns else ""
    t["target_basis"] = t["basis"].astype("string").fillna("") if "basis" in t.columns else ""
    rank = {b.casefold(): i for i, b in enumerate(BASIS_PREFERENCE)}
    t["_pref"] = [rank.get(str(b).casefold(), len(rank)) for b in t["target_basis"]]
    t["_order"] = range(len(t))
    t = t.sort_values(["region_code", "_pref", "_order"], ascending=[True, True, False],
                      kind="stable")
    rows = []
    for code, g in t.groupby("region_code", sort=False):
        best = g.iloc[0]
        others = [f"{float(v):g}% ({b})" if b else f"{float(v):g}%"
                  for v, b in zip(g["target_pct"].iloc[1:], g["target_basis"].iloc[1:],
                                  strict=True)]
        rows.append({"region_code": code, "target_pct": float(best["target_pct"]),
                     "target_basis": best["target_basis"],
                     "target_source": best["target_source"],
                     "other_targets": "; ".join(others)})
    return pd.DataFrame(rows, columns=cols)


def next_target_year(targets, code: str, year: int, long_term_year: int) -> int:
    """The figure's own year if the region has a target for it, else the nearest later
    year with a target (before the long-term year), else the figure's year."""
    if targets is None or len(targets) == 0:
        return year
    own = targets[(targets["region_code"].astype(str) == code) & targets["target_pct"].notna()]
    years = sorted(int(y) for y in pd.to_numeric(own["year"]).dropna().unique()
                   if year <= int(y) < long_term_year)
    return years[0] if years else year


@dataclass(frozen=True)
class TargetGap:
    """A region's newest coverage figure against its target.

    `figure`: the `latest_coverage` row; `year`: the target year used; `target`: the
    `pick_targets` row (target_pct, target_basis, target_source, other_targets) or None
    when the region has no target that year; `gap`: `gap_to_target` of the figure (with
    its count when it has one) or None without a target."""

    figure: pd.Series
    year: int
    target: pd.Series | None
    gap: Gap | None


def gap_for(coverage: pd.DataFrame, targets: pd.DataFrame | None, region: str,
            year: int | None = None, *, long_term_year: int = 2045) -> TargetGap | None:
    """Newest figure -> target -> gap for `region`, or None when it has no coverage figure.

    Target year rule: `year` when given (the year an analyst asks about, e.g. a
    notebook's ``target_year``); otherwise the year of the newest figure if the region
    has a target for it, else the nearest later year with a target before
    `long_term_year` (`next_target_year`). Of several targets that year `pick_targets`
    chooses one. The cost of closing the gap is ``budget.cost_of_closing_gap(gap)``.
    """
    figure = latest_coverage(coverage, region)
    if figure is None:
        return None
    if year is None:
        year = next_target_year(targets, region, int(pd.Timestamp(figure["as_of"]).year),
                                long_term_year)
    chosen = pick_targets(targets, year)
    chosen = chosen[chosen["region_code"] == region]
    if chosen.empty:
        return TargetGap(figure, int(year), None, None)
    target = chosen.iloc[0]
    covered = figure["covered"] if pd.notna(figure["covered"]) else None
    gap = gap_to_target(covered, target_pct=float(target["target_pct"]),
                        coverage_pct=float(figure["coverage_pct"]))
    return TargetGap(figure, int(year), target, gap)


# ---------------------------------------------------------------- current and past targets

LONG_TERM = {"year": 2045, "target_pct": 99.5, "basis": "RPJPN"}  # used when the table lacks it


def citation(basis, source) -> str:
    """How a target is cited: the regulation for a plan target (data/regulations.csv,
    e.g. RPJPN -> "RPJPN 2025–2045 (UU 59/2024)"), else the source that reported it."""
    from paritrana_analysis.paths import reference

    rows = [line for line in reference("regulations.csv").read_text("utf-8").splitlines()
            if line and not line.startswith("#")][1:]
    known = dict(line.split(",", 1) for line in rows)
    basis = "" if basis is None or pd.isna(basis) else str(basis)
    if basis in known:
        return known[basis]
    return "" if source is None or pd.isna(source) else str(source)


@dataclass(frozen=True)
class TargetCheck:
    """One target of a region against its figures.

    `status`: "open" (its year has not passed: `figure` is the current figure), "met" or
    "missed" (`figure` is the last figure dated by the end of the target's year), or
    "no_figure" (none by then). `gap`: `gap_to_target` of `figure` (None when met or no
    figure). `citation`: the regulation or the source."""

    year: int
    target_pct: float
    basis: str
    citation: str
    status: str
    figure: pd.Series | None
    gap: Gap | None


def _applicable(targets: pd.DataFrame | None, region: str) -> pd.DataFrame:
    """The region's own targets (a regency's: its province's too) and the national
    long-term target (RPJPN), one per year (`pick_targets` preference)."""
    rows = targets_for(region, None, targets) if targets is not None and len(targets) else \
        pd.DataFrame(columns=TARGET_COLUMNS + ["applies"])
    if region != "ID":
        rows = rows[(rows["applies"] != "national") | (rows["basis"].astype(str) == "RPJPN")]
    rows = rows[rows["target_pct"].notna()].assign(region_code=region)
    if not (pd.to_numeric(rows["year"]) == LONG_TERM["year"]).any():
        extra = pd.DataFrame([{**LONG_TERM, "region_code": region, "source": ""}])
        rows = pd.concat([rows, extra], ignore_index=True) if len(rows) else extra
    picked = [pick_targets(rows, int(y)).assign(year=int(y))
              for y in sorted(pd.to_numeric(rows["year"]).dropna().unique())]
    return pd.concat(picked, ignore_index=True) if picked else rows.iloc[0:0]


def _check(row, figures: pd.DataFrame, reference: pd.Timestamp) -> TargetCheck:
    year, goal = int(row["year"]), float(row["target_pct"])
    past = reference.year > year
    usable = figures[figures["as_of"] <= pd.Timestamp(year=year, month=12, day=31)] \
        if past else figures
    figure = usable.iloc[-1] if len(usable) else None
    gap = None
    if figure is None:
        status = "no_figure"
    else:
        pct = float(figure["coverage_pct"])
        status = "open" if not past else ("met" if pct >= goal else "missed")
        if status != "met":
            covered = figure["covered"] if pd.notna(figure.get("covered")) else None
            potential = figure["potential"] if pd.notna(figure.get("potential")) else None
            gap = gap_to_target(covered, potential, goal, coverage_pct=pct)
    return TargetCheck(year, goal, str(row["target_basis"]),
                       citation(row["target_basis"], row["target_source"]), status, figure,
                       gap)


def target_checks(targets: pd.DataFrame | None, figures: pd.DataFrame, region: str, *,
                  reference) -> tuple[TargetCheck | None, TargetCheck | None]:
    """(next, last past) target of `region` at the `reference` date (`clock.reference_date`).

    `figures`: the region's figures, one per date, oldest first (`standing.figures_by_date`
    rows of the region). Next: the earliest target whose year has not passed (a target for
    year Y is due at the end of Y), of the region's own targets or the national 2045 one.
    Last past: the latest target whose year has passed, met or missed by the last figure
    dated by the end of that year. Either is None when there is none."""
    reference = pd.Timestamp(reference)
    table = _applicable(targets, region)
    years = pd.to_numeric(table["year"])
    ahead, behind = table[years >= reference.year], table[years < reference.year]
    figures = figures.sort_values("as_of", kind="stable")
    nxt = _check(ahead.iloc[0], figures, reference) if len(ahead) else None
    last = _check(behind.iloc[-1], figures, reference) if len(behind) else None
    return nxt, last
