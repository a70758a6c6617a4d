"""Kabupaten/kota within a province: who pulls the province down, by how many workers,
who is closing the gap, and whether the parts add up to the whole.

A provincial analyst's question is rarely "where is my province" but "which kabupaten/kota
are furthest from our target, and how many workers would each have to enrol". The
Paritrana Award itself ranks kabupaten/kota. Everything here takes the coverage table
(the bundled figures, or a user's own kabupaten/kota recap read by `read_coverage`) as an
argument and returns a table; nothing is loaded or drawn.

- `regency_figures`: every kabupaten/kota of a province with its newest figure, or why
  it has none (count only, no figure): nothing is silently left out.
- `regency_ranking`: ranked by coverage, each with its gap to the provincial target in
  points and in workers (where its denominator is stated or implied) and its share of
  the province's own gap in workers.
- `regency_change`: the change between two dates, only within one comparable series
  (`series.comparable_series`): a change of denominator is not a rise or a fall.
- `province_vs_regencies`: the province's figure beside the sum of its kabupaten/kota on
  the same date, and whether they disagree.
- `regency_segments`: segment figures (village officials, palm smallholders, ...) per
  kabupaten/kota.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from paritrana_analysis import clock, regions
from paritrana_analysis.coverage import (
    coverage_history,
    gap_to_target,
    latest_coverage,
    newest_first_order,
    require_columns,
    with_pct,
)
from paritrana_analysis.segments import segment_breakdown
from paritrana_analysis.series import basis_of, is_derived
from paritrana_analysis.targets import pick_targets

__all__ = ["has_regency_data", "province_of", "province_vs_regencies", "provincial_target",
           "regency_change", "regency_figures", "regency_ranking", "regency_segments"]

PCT_SLACK = 0.5  # points: published percentages are rounded; closer than this is agreement
_FIGURE = ["region_code", "region", "level", "as_of", "coverage_pct", "covered", "potential",
           "basis", "qualifier", "derived", "source", "status"]


def province_of(region_code: str) -> str:
    """The province a region code belongs to: itself for a province ("ID-SS"), its
    province for a kabupaten/kota ("16.05" -> "ID-SS"); ValueError for "ID" or an
    unknown code."""
    province = regions.province_of(region_code)
    if province in (None, "", "ID"):
        raise ValueError(f"{region_code!r} is not a province or a kabupaten/kota")
    return province


def _members(coverage: pd.DataFrame, province: str) -> pd.DataFrame:
    """The kabupaten/kota of `province` (code order) and the rows of `coverage` for them."""
    require_columns(coverage, ["region_code", "segment", "as_of"], "coverage table")
    listed = regions.regencies(province)
    if listed.empty:
        raise ValueError(f"{province!r} is not a province code such as 'ID-SS'")
    return listed


def _rows_of(coverage: pd.DataFrame, codes) -> pd.DataFrame:
    return coverage[coverage["region_code"].astype(str).isin(list(codes))]


def has_regency_data(coverage: pd.DataFrame, region_code: str) -> bool:
    """True when `coverage` holds any figure (total or segment, percentage or count) for a
    kabupaten/kota of the province of `region_code` (a province or one of its
    kabupaten/kota): the test for showing the kabupaten/kota view at all."""
    try:
        province = province_of(region_code)
    except ValueError:
        return False
    codes = _members(coverage, province)["code"]
    return not _rows_of(coverage, codes).empty


def _count_only(rows: pd.DataFrame, as_of) -> pd.Series | None:
    """The newest row stating a count of covered workers, for a region with no
    percentage (Kab. Ogan Komering Ilir: 119.940 active participants, no denominator)."""
    if "covered" not in rows.columns:
        return None
    rows = rows[rows["covered"].notna() & rows["as_of"].notna()]
    if as_of is not None:
        rows = rows[rows["as_of"] <= pd.Timestamp(as_of)]
    return None if rows.empty else newest_first_order(rows).iloc[-1]


def _figure_row(code: str, name: str, figure: pd.Series | None, status: str) -> dict:
    row = {"region_code": code, "region": name, "level": "regency", "status": status}
    if figure is not None:
        one = figure.to_frame().T
        for col in ("as_of", "coverage_pct", "covered", "potential", "qualifier", "source"):
            row[col] = figure.get(col)
        row["basis"] = basis_of(one).iloc[0]
        row["derived"] = bool(is_derived(one).iloc[0])
    return row


def _current(rows: pd.DataFrame, segment: str, as_of, workforce) -> dict[str, pd.Series]:
    """Each region's current percentage: for all workers the figure we stand behind
    (`standing`: the newest date; there an unflagged, published figure with a count
    first), for a segment `latest_coverage`'s."""
    if segment != "all":
        found = {code: latest_coverage(own, code, segment=segment, as_of=as_of)
                 for code, own in rows.groupby("region_code", sort=False)}
        return {str(code): row for code, row in found.items() if row is not None}
    from paritrana_analysis.standing import figures_by_date, standing_figures

    figures = figures_by_date(rows, workforce, as_of=as_of)
    current = standing_figures(figures, level=None)
    return {str(row["region_code"]): row for _, row in current.iterrows()}


def regency_figures(coverage: pd.DataFrame, province: str, *, segment: str = "all",
                    as_of=None, workforce: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every kabupaten/kota of `province` (Kemendagri code order) with its newest figure
    for `segment`, up to `as_of`.

    The figure is the one we stand behind (`standing`: a percentage stated or worked out
    from the counts, never a percentage of a target; on one date an unflagged figure,
    then a published one, then one with a count; `workforce` lets the reconciliation
    flag a denominator above BPS's working population) and, for a segment,
    `latest_coverage`'s.
    `status`: "figure" (a percentage), "count_only" (active participants without a
    denominator: `covered` holds the newest count) or "no_figure". Columns: region_code,
    region, level, as_of, coverage_pct, covered, potential (stated, else <NA>), basis,
    qualifier, derived, source, status.
    """
    listed = _members(coverage, province)
    mine = _rows_of(coverage, listed["code"])
    mine = mine[mine["segment"].astype(str) == segment]
    current = _current(mine, segment, as_of, workforce) if len(mine) else {}
    rows = []
    for code, name in listed[["code", "name"]].itertuples(index=False):
        own = mine[mine["region_code"].astype(str) == code]
        figure = current.get(code)
        if figure is not None:
            rows.append(_figure_row(code, name, figure, "figure"))
            continue
        count = _count_only(own, as_of)
        rows.append(_figure_row(code, name, count, "count_only" if count is not None
                                else "no_figure"))
    out = pd.DataFrame(rows).reindex(columns=_FIGURE)
    return out.astype({"region_code": "str", "region": "str", "level": "str",
                       "as_of": "datetime64[ns]", "coverage_pct": "Float64",
                       "covered": "Int64", "potential": "Int64", "basis": "str",
                       "qualifier": "str", "derived": "boolean", "source": "str",
                       "status": "str"})


# ---------------------------------------------------------------- the target


def provincial_target(targets: pd.DataFrame | None, province: str, *, today=None
                      ) -> pd.Series | None:
    """The province's own target the kabupaten/kota are measured against: the earliest
    one whose year has not passed at `today` (default: `clock.today()`), else the
    latest past one (met or missed, never pending: `status` says "open" or "past"), else
    None. A Series with year, target_pct, target_basis, target_source, other_targets,
    status."""
    if targets is None or len(targets) == 0:
        return None
    require_columns(targets, ["region_code", "year", "target_pct"], "targets table")
    own = targets[(targets["region_code"].astype(str) == province)
                  & targets["target_pct"].notna()]
    years = sorted(int(y) for y in pd.to_numeric(own["year"]).dropna().unique())
    if not years:
        return None
    year_now = pd.Timestamp(today if today is not None else clock.today()).year
    ahead = [y for y in years if y >= year_now]
    year = ahead[0] if ahead else years[-1]
    chosen = pick_targets(own, year).iloc[0].copy()
    chosen["year"] = year
    chosen["status"] = "open" if ahead else "past"
    return chosen


# ---------------------------------------------------------------- ranking and gap


def _province_gap(coverage, province, target_pct, as_of, workforce) -> dict:
    """The province's figure we stand behind (`standing`) and its gap in workers, for the
    shares: none when its denominator is above the working population BPS counts
    (Sumatera Selatan's 31,33% implies ~8,9 juta against ~4,5 juta working people)."""
    from paritrana_analysis.standing import standing_figure

    stand = standing_figure(coverage, workforce, province, as_of=as_of)
    if stand is None:
        return {"province_pct": pd.NA, "province_qualifier": "", "province_as_of": pd.NaT,
                "province_source": "", "province_gap_workers": pd.NA}
    figure = stand.row
    covered = figure["covered"] if pd.notna(figure["covered"]) else None
    pot = figure["potential"] if pd.notna(figure.get("potential")) else None
    gap = gap_to_target(covered, pot, target_pct, coverage_pct=float(figure["coverage_pct"]))
    supported = gap.workers is not None and stand.workers_supported
    return {"province_pct": float(figure["coverage_pct"]),
            "province_qualifier": str(figure.get("qualifier") or "exact"),
            "province_as_of": pd.Timestamp(figure["as_of"]),
            "province_source": str(figure.get("source", "")),
            "province_gap_workers": gap.workers if supported else pd.NA}


def regency_ranking(coverage: pd.DataFrame, province: str, *, target_pct: float,
                    target_year: int | None = None, segment: str = "all", as_of=None,
                    workforce: pd.DataFrame | None = None) -> pd.DataFrame:
    """The kabupaten/kota of `province` ranked by their newest coverage (highest first),
    each against the provincial target `target_pct` (for `target_year`).

    Per kabupaten/kota: `gap_points` = target - coverage (0 when met); `gap_workers` =
    gap_points / 100 x its denominator (the stated `potential`, else implied by
    ``covered / coverage_pct x 100``; <NA> when the source gives a percentage alone);
    `share_of_province_gap` = gap_workers / the province's own gap in workers (from the
    province's figure we stand behind, `province_gap_workers`; <NA> when its denominator
    is above BPS's working population, given `workforce`): what closing this
    kabupaten/kota's gap would do for the province. Figures of different dates and
    bases are ranked as published; `as_of` and `basis` say which is which.

    Every kabupaten/kota of the province is a row: those without a percentage follow the
    ranked ones (`rank` <NA>, `status` "count_only" or "no_figure"). Province columns
    (`province_pct`, `province_qualifier`, `province_as_of`, `province_source`,
    `province_gap_workers`) repeat
    on every row, ready for a chart.
    """
    figures = regency_figures(coverage, province, segment=segment, as_of=as_of,
                              workforce=workforce)
    known = figures[figures["status"] == "figure"]
    gaps = gap_to_target(known, target_pct=target_pct) if len(known) else known.assign(
        potential_used=pd.NA, potential_implied=pd.NA, gap_points=pd.NA, gap_workers=pd.NA,
        target_met=pd.NA)
    gaps = gaps.sort_values(["coverage_pct", "region_code"], ascending=[False, True],
                            kind="stable")
    gaps["rank"] = pd.array(np.arange(1, len(gaps) + 1), dtype="Int64")
    rest = figures[figures["status"] != "figure"]
    out = pd.concat([gaps, rest], ignore_index=True) if len(rest) else gaps.reset_index(
        drop=True)
    out["target_pct"] = pd.array([float(target_pct)] * len(out), dtype="Float64")
    out["target_year"] = pd.array([target_year] * len(out), dtype="Int64")
    province_gap = _province_gap(coverage, province, target_pct, as_of, workforce)
    for key, value in province_gap.items():
        out[key] = value
    share = out["gap_workers"].astype("Float64") / out["province_gap_workers"].astype(
        "Float64") * 100
    out["share_of_province_gap"] = share.round(2)
    columns = ["rank", "region_code", "region", "as_of", "coverage_pct", "covered",
               "potential_used", "potential_implied", "basis", "qualifier", "derived",
               "source", "status", "target_year", "target_pct", "gap_points", "gap_workers",
               "target_met", "share_of_province_gap", "province_pct", "province_qualifier",
               "province_as_of", "province_source", "province_gap_workers"]
    out = out.reindex(columns=columns)
    return out.astype({"potential_used": "Float64", "potential_implied": "boolean",
                       "gap_points": "Float64", "gap_workers": "Int64",
                       "target_met": "boolean", "province_pct": "Float64",
                       "province_qualifier": "str",
                       "province_as_of": "datetime64[ns]", "province_source": "str",
                       "province_gap_workers": "Int64"})


# ---------------------------------------------------------------- change over time


def _at_or_before(history: pd.DataFrame, when) -> pd.Series | None:
    rows = history if when is None else history[history["as_of"] <= pd.Timestamp(when)]
    return None if rows.empty else rows.iloc[-1]


def _change_row(coverage, code, level, start, end, segment) -> dict | None:
    history = coverage_history(coverage, code, segment, as_of=end, series="all")
    if history.empty:
        return None
    last = history.iloc[-1]
    mine = history[history["series_id"] == last["series_id"]]
    first = mine.iloc[0] if start is None else _at_or_before(history, start)
    row = {"region_code": code, "level": level, "to_as_of": last["as_of"],
           "to_pct": last["coverage_pct"], "to_covered": last.get("covered")}
    if first is None:
        return row | {"comparable": False, "why": f"no figure on or before {start}"}
    row |= {"from_as_of": first["as_of"], "from_pct": first["coverage_pct"],
            "from_covered": first.get("covered")}
    if first["as_of"] >= last["as_of"]:
        return row | {"comparable": False, "why": "one figure only: no change to measure"}
    if first["series_id"] != last["series_id"]:
        why = mine["series_break"].iloc[0] or "another comparable series"
        return row | {"comparable": False, "why": f"not comparable: {why}"}
    return row | {"comparable": True, "why": ""}


def regency_change(coverage: pd.DataFrame, province: str, *, start=None, end=None,
                   segment: str = "all") -> pd.DataFrame:
    """The change of coverage from `start` to `end` for the province and each of its
    kabupaten/kota with a figure, within one comparable series only.

    `end` (default: the newest figure): the figure on or before that date; `start`
    (default: the first figure of the same comparable series): the figure on or before
    that date. When the two are of different series (a change of basis, source or
    denominator, `series.comparable_series`), `comparable` is False, the change is <NA>
    and `why` says what changed: Solok Selatan's 16,97% of the labour force and 30,40%
    of the potential workers are not a rise of 13 points.

    Columns: region_code, region, level, from_as_of, from_pct, to_as_of, to_pct,
    change_points, from_covered, to_covered, change_covered, comparable, why. The
    province first, then its kabupaten/kota in code order.
    """
    listed = _members(coverage, province)
    codes = [(province, "province")] + [(c, "regency") for c in listed["code"]]
    rows = [r for code, level in codes
            if (r := _change_row(coverage, code, level, start, end, segment)) is not None]
    columns = ["region_code", "region", "level", "from_as_of", "from_pct", "to_as_of",
               "to_pct", "change_points", "from_covered", "to_covered", "change_covered",
               "comparable", "why"]
    out = pd.DataFrame(rows).reindex(columns=columns)
    out["region"] = [regions.region_name(c) for c in out["region_code"]]
    out = out.astype({"region_code": "str", "region": "str", "level": "str",
                      "from_as_of": "datetime64[ns]", "to_as_of": "datetime64[ns]",
                      "from_pct": "Float64", "to_pct": "Float64", "from_covered": "Int64",
                      "to_covered": "Int64", "comparable": "boolean", "why": "str"})
    ok = out["comparable"].fillna(False).astype(bool)
    out["change_points"] = (out["to_pct"] - out["from_pct"]).where(ok).round(2)
    out["change_covered"] = (out["to_covered"] - out["from_covered"]).where(ok)
    return out


# ---------------------------------------------------------------- parts and whole


def _on_date(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per region on one date (a count first, then the later row)."""
    return newest_first_order(with_pct(rows)).groupby("region_code", sort=False).tail(1)


def _compare(prov: pd.Series | None, parts: pd.DataFrame, n: int, tolerance_pct: float
             ) -> tuple[str, list[str]]:
    """(status, reasons) for one date: "agree", "disagree", "partial" or "no_province"."""
    def num(col):
        return pd.to_numeric(parts[col], errors="coerce").astype("float64")

    cov, pot, pct = num("covered"), num("potential"), num("coverage_pct")
    reasons = []
    if prov is None:
        return "no_province", ["no figure for the province on this date: the sum stands "
                               "alone (a figure of another date or source is not compared)"]
    p_cov, p_pct = prov.get("covered"), prov.get("coverage_pct")
    p_pot = prov.get("potential")
    checks = [("covered", cov, p_cov, "active participants"),
              ("potential", pot, p_pot, "denominators")]
    for _name, values, whole, what in checks:
        if pd.isna(whole) or values.notna().sum() == 0:
            continue
        total, whole = values.sum(), float(whole)
        diff = (total - whole) / whole * 100
        if values.notna().sum() == n and abs(diff) > tolerance_pct:
            reasons.append(f"the {what} of the {n} kabupaten/kota add up to {total:,.0f}, "
                           f"{diff:+.1f}% from the province's {whole:,.0f}")
        elif values.notna().sum() < n and diff > tolerance_pct:
            reasons.append(f"the {what} of {values.notna().sum()} of {n} kabupaten/kota "
                           f"already add up to {total:,.0f}, more than the province's "
                           f"{whole:,.0f}")
    if pct.notna().sum() == n and pd.notna(p_pct):
        low, high = pct.min(), pct.max()
        if not low - PCT_SLACK <= float(p_pct) <= high + PCT_SLACK:
            reasons.append(f"the province's {float(p_pct):g}% lies outside the range of its "
                           f"kabupaten/kota ({low:g}%-{high:g}%), which a weighted average "
                           "cannot")
    if reasons:
        return "disagree", reasons
    counted = int(cov.notna().sum())
    if counted == n and pd.notna(p_cov):
        return "agree", []
    if pct.notna().sum() == n and pd.notna(p_pct):
        return "consistent", [f"the province's {float(p_pct):g}% lies within the range of its "
                              f"kabupaten/kota ({pct.min():g}%-{pct.max():g}%); without "
                              "their counts the sum cannot be checked"]
    if counted == n:
        return "partial", ["the province's figure states no count to set beside the sum"]
    return "partial", [f"only {max(counted, int(pct.notna().sum()))} of {n} kabupaten/kota "
                       "have a figure on this date: the sum is not the province's"]


def _sums_row(when, parts: pd.DataFrame, prov: pd.Series | None, n: int) -> dict:
    """What the kabupaten/kota state on one date, summed (the percentage of the sums only
    when all n have count and denominator), beside the province's own figure."""
    cov = pd.to_numeric(parts["covered"], errors="coerce")
    pot = pd.to_numeric(parts["potential"], errors="coerce")
    both = cov.notna() & pot.notna()
    pct = pd.to_numeric(parts["coverage_pct"], errors="coerce")
    return {
        "as_of": when, "regencies": n, "with_pct": int(pct.notna().sum()),
        "with_count": int(cov.notna().sum()), "with_potential": int(pot.notna().sum()),
        "sum_covered": cov.sum() if cov.notna().any() else pd.NA,
        "sum_potential": pot.sum() if pot.notna().any() else pd.NA,
        "sums_pct": round(cov[both].sum() / pot[both].sum() * 100, 2)
        if both.sum() == n else pd.NA,
        "low_pct": pct.min() if pct.notna().any() else pd.NA,
        "high_pct": pct.max() if pct.notna().any() else pd.NA,
        "province_pct": prov.get("coverage_pct") if prov is not None else pd.NA,
        "province_covered": prov.get("covered") if prov is not None else pd.NA,
        "province_potential": prov.get("potential") if prov is not None else pd.NA,
        "province_source": str(prov.get("source", "")) if prov is not None else "",
    }


def province_vs_regencies(coverage: pd.DataFrame, province: str, *, as_of=None,
                          segment: str = "all", tolerance_pct: float = 1.0) -> pd.DataFrame:
    """The province's figure beside the sum of its kabupaten/kota, per date on which any
    of them has a figure (newest first; `as_of`: that date only).

    Sums are of what the kabupaten/kota state on the same date (a user's recap, one
    publication's table). `status`: "agree" (every kabupaten/kota has a count and they
    add up to the province's), "consistent" (every one has a percentage only, and the
    province's lies within their range), "disagree" (`reason` says what:
    counts that add up to more or less than the province's by over `tolerance_pct`
    percent, or a province percentage outside the range of its kabupaten/kota, which a
    weighted average cannot be), "partial" (only some kabupaten/kota have a figure) or
    "no_province" (no province figure that day).

    Columns: as_of, regencies (how many the province has), with_pct, with_count,
    with_potential, sum_covered, sum_potential, sums_pct, low_pct, high_pct,
    province_pct, province_covered, province_potential, province_source, status, reason.
    """
    listed = _members(coverage, province)
    n = len(listed)
    rows_all = coverage[coverage["segment"].astype(str) == segment]
    parts_all = _rows_of(rows_all, listed["code"])
    parts_all = parts_all[parts_all["as_of"].notna()]
    whole_all = rows_all[rows_all["region_code"].astype(str) == province]
    dates = sorted(parts_all["as_of"].unique(), reverse=True)
    if as_of is not None:
        dates = [d for d in dates if d == pd.Timestamp(as_of)]
    out = []
    for when in dates:
        parts = _on_date(parts_all[parts_all["as_of"] == when])
        parts = parts[basis_of(parts) != "target_share"]
        whole = whole_all[whole_all["as_of"] == when]
        prov = _on_date(whole).iloc[-1] if len(whole) else None
        status, reasons = _compare(prov, parts, n, tolerance_pct)
        out.append(_sums_row(when, parts, prov, n) | {"status": status,
                                                      "reason": "; ".join(reasons)})
    columns = ["as_of", "regencies", "with_pct", "with_count", "with_potential",
               "sum_covered", "sum_potential", "sums_pct", "low_pct", "high_pct",
               "province_pct", "province_covered", "province_potential", "province_source",
               "status", "reason"]
    table = pd.DataFrame(out).reindex(columns=columns)
    return table.astype({"as_of": "datetime64[ns]", "sum_covered": "Int64",
                         "sum_potential": "Int64", "sums_pct": "Float64",
                         "low_pct": "Float64", "high_pct": "Float64", "province_pct": "Float64",
                         "province_covered": "Int64", "province_potential": "Int64",
                         "province_source": "str", "status": "str", "reason": "str"})


# ---------------------------------------------------------------- segments


def regency_segments(coverage: pd.DataFrame, province: str, *, as_of=None) -> pd.DataFrame:
    """Segment figures (not "all") of the kabupaten/kota of `province`: the newest per
    kabupaten/kota and segment (`segments.segment_breakdown`, potential implied from count
    and percentage where it can be), up to `as_of`. Empty (same columns) when the data
    hold none."""
    listed = _members(coverage, province)
    rows = _rows_of(coverage, listed["code"])
    rows = rows[rows["segment"].astype(str) != "all"]
    if as_of is not None:
        rows = rows[rows["as_of"] <= pd.Timestamp(as_of)]
    share = (basis_of(rows) == "target_share").to_numpy()
    if share.any():  # "1.616 of a target of 1.800": the count stands, the % is not coverage
        rows = rows.copy()
        for col in ("potential", "coverage_pct"):
            if col in rows.columns:
                rows[col] = rows[col].mask(share)
    if rows.empty:
        return pd.DataFrame(columns=["region_code", "region", "segment", "as_of", "covered",
                                     "potential", "potential_implied", "coverage_pct",
                                     "uncovered", "source"])
    out = segment_breakdown(rows)
    out["region"] = [regions.region_name(c) for c in out["region_code"]]
    return out
