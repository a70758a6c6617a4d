"""Headline numbers for the notebooks' last cell and the report's summary page.

Each function takes canonical tables, a region and the language, and returns {label:
text}: the same figure the charts show (`standing.standing_figure`), dated and current
(`clock.reference_date`: today unless ``as_of`` is given), rounded by one rule
(`formatting.format_figure`), with a flagged figure saying so. A region without data
gets "tidak ada data" ("no data"), never an exception.
"""

from __future__ import annotations

import pandas as pd

from paritrana_analysis.backtest import (
    describe_track_record,
    series_history,
    stated_potential,
    too_short,
    yearly_points,
)
from paritrana_analysis.budget import (
    bpu_monthly_contribution,
    cost_of_closing_gap,
    rates,
    workers_covered_by_budget,
)
from paritrana_analysis.claims import claims_totals, newest_total
from paritrana_analysis.clock import reference_date
from paritrana_analysis.coverage import required_annual_pace
from paritrana_analysis.formatting import (
    format_about,
    format_as_of,
    format_compact,
    format_count,
    format_figure,
    format_money,
    format_number,
    format_percent,
    format_period,
    label,
    label_or,
)
from paritrana_analysis.projections import (
    enough_for_trend,
    history_years,
    project_coverage,
    project_participants,
    year_target_reached,
)
from paritrana_analysis.reconcile import reconcile
from paritrana_analysis.regions import region_name
from paritrana_analysis.segments import segment_breakdown
from paritrana_analysis.sources import cite
from paritrana_analysis.standing import Standing, figures_by_date, standing_figure
from paritrana_analysis.targets import TargetCheck, target_checks


def show(items: dict[str, str]) -> None:
    """Print headline numbers one per line ("label: value")."""
    for key, value in items.items():
        print(f"{key}: {value}")


def _no_data(lang: str) -> str:
    return label("no_data", lang).lower()


def figure_text(row, lang: str, *, context: str = "text") -> str:
    """``31,33%`` with its qualifier (``sekitar 42%``), by the rule of `context`."""
    return format_figure(row["coverage_pct"], context=context, qualifier=row.get("qualifier"),
                         lang=lang)


def flag_note(row, lang: str) -> str:
    """One sentence on why the reconciliation flags a figure ("" when it does not): the
    denominator above BPS's working population, a same-month disagreement, or a change
    of denominator."""
    if not bool(row.get("flagged", False)):
        return ""
    what = f"{figure_text(row, lang)} ({format_as_of(row['as_of'], lang=lang)})"
    ratio = row.get("denominator_to_employed")
    reasons = str(row.get("flag_reasons", ""))
    if ratio is not None and pd.notna(ratio) and float(ratio) > 1:
        return label("flag_denominator", lang, what=what,
                     den=format_about(row["denominator"], lang=lang),
                     ratio=format_number(ratio, decimals=2, lang=lang))
    if "same month" in reasons:
        return label("flag_same_month", lang, what=what)
    return label("flag_other", lang, what=what)


def context(coverage, workforce, targets, region: str, as_of=None):
    """(reference date, Standing or None, next TargetCheck, last past TargetCheck)."""
    reference = reference_date(as_of)
    figures = figures_by_date(coverage, workforce, as_of=reference)
    stand = standing_figure(coverage, workforce, region, figures=figures)
    mine = figures[figures["region_code"] == region]
    nxt, past = target_checks(targets, mine, region, reference=reference)
    return reference, stand, nxt, past


def overview(tables: dict[str, pd.DataFrame], *, lang: str = "id") -> dict[str, str]:
    """Rows, workbooks and distinct sources per table."""
    out = {}
    for kind, df in tables.items():
        files = df["file"].nunique() if "file" in df else 0
        sources = df["source"].nunique() if "source" in df else 0
        out[kind] = label("hl_rows", lang, rows=format_number(len(df), lang=lang), files=files,
                          sources=sources)
    return out


def _target_line(check: TargetCheck, lang: str) -> tuple[str, str]:
    key = label("hl_target", lang, year=check.year,
                target=format_figure(check.target_pct, lang=lang), basis=check.basis)
    if check.status == "no_figure":
        return key, _no_data(lang)
    when = format_as_of(check.figure["as_of"], lang=lang)
    figure = figure_text(check.figure, lang)
    if check.status in ("met", "missed"):
        return key, label(f"hl_{check.status}", lang, figure=figure, date=when,
                          year=check.year)
    if check.gap is None or not check.gap.points:
        return key, label("hl_open_above", lang, figure=figure, date=when)
    points = format_number(check.gap.points, decimals=2, lang=lang)
    return key, label("hl_open", lang, points=points, figure=figure, date=when)


def _workers(stand: Standing, check: TargetCheck, lang: str) -> str:
    """The workers a gap stands for, an approximation when its denominator is implied;
    not given when the denominator is above BPS's working population (rule 6)."""
    if not stand.workers_supported:
        return label("hl_workers_not", lang, ratio=format_number(
            stand.ratio_to_employed, decimals=2, lang=lang))
    if check.gap is None or check.gap.workers is None:
        return _no_data(lang)
    if check.gap.potential_implied:
        return format_about(check.gap.workers, lang=lang)
    return format_number(check.gap.workers, lang=lang)


def provincial(coverage, targets, workforce=None, *, region: str, as_of=None,
               lang: str = "id") -> dict[str, str]:
    """Where `region` stands at the reference date: the figure we stand behind, the last
    past target (met or missed) and the next one, the gap in points and workers."""
    name = region_name(region, lang)
    _, stand, nxt, past = context(coverage, workforce, targets, region, as_of)
    if stand is None:
        return {label("hl_coverage", lang, region=name): _no_data(lang)}
    row = stand.row
    out = {label("hl_coverage", lang, region=name):
           f"{figure_text(row, lang)} ({format_as_of(row['as_of'], lang=lang)}; "
           f"{'; '.join(cite(row['source'], lang=lang))})"}
    if flag_note(row, lang):
        out[label("note", lang)] = flag_note(row, lang)
    if pd.notna(row["covered"]):
        out[label("active_participants", lang)] = format_count(row["covered"], lang=lang)
    for check in (past, nxt):
        if check is not None:
            key, value = _target_line(check, lang)
            out[key] = value
    if nxt is not None and nxt.status == "open" and nxt.gap is not None and nxt.gap.points:
        out[label("hl_workers", lang, year=nxt.year)] = _workers(stand, nxt, lang)
    return out


def segments(coverage, *, region: str, lang: str = "id") -> dict[str, str]:
    """Covered, coverage and uncovered workers per segment of `region`; counts worked
    out from a count and a rounded percentage are given as approximations."""
    has_segments = (coverage["region_code"] == region) & (coverage["segment"] != "all")
    if not has_segments.any():
        return {label("hl_segments", lang, region=region_name(region, lang)): _no_data(lang)}
    table = segment_breakdown(coverage, region_code=region)
    out = {}
    for row in table.itertuples():
        name = label_or(f"seg_{row.segment}", row.segment.replace("_", " ").capitalize(), lang)
        about = bool(row.potential_implied) if pd.notna(row.potential_implied) else False
        count = format_about if about else format_number
        parts = []
        if pd.notna(row.covered):
            parts.append(label("hl_seg_covered", lang, n=format_count(row.covered, lang=lang)))
        if pd.notna(row.coverage_pct):
            parts.append(label("hl_seg_pct", lang, pct=format_figure(row.coverage_pct,
                                                                       lang=lang)))
        if pd.notna(row.uncovered):
            parts.append(label("hl_seg_uncovered", lang, n=count(row.uncovered, lang=lang)))
        out[name] = ", ".join(parts)
    known = table[table["uncovered"].notna()]
    if len(known):
        total = known["uncovered"].sum()
        about = known["potential_implied"].fillna(False).astype(bool).any()
        out[label("hl_seg_total", lang, n=len(known))] = \
            format_about(total, lang=lang) if about else format_number(total, lang=lang)
    return out


def claims(claims_table, *, region: str, lang: str = "id") -> dict[str, str]:
    """The newest claims total of `region` (`claims.newest_total`) and the benefit
    constants a family sees."""
    benefits = rates()["benefits"]
    out = {}
    last = newest_total(claims_totals(claims_table[claims_table["region_code"] == region]))
    key = label("hl_claims", lang, region=region_name(region, lang))
    if last is None:
        out[key] = _no_data(lang)
    else:
        only = label("hl_claims_only", lang, programs=last["programs"]) \
            if last["total_from"] == "partial" else ""
        cases = format_count(last["cases"], lang=lang)
        out[key] = label("hl_claims_value", lang, cases=cases,
                         amount=format_money(last["amount_idr"], lang=lang),
                         period=format_period(last["period"], lang=lang)) + only
        if pd.notna(last["avg_per_case_idr"]):
            out[label("hl_avg_case", lang)] = format_money(last["avg_per_case_idr"], lang=lang)
    out[label("hl_jkm", lang)] = format_money(benefits["jkm_death_idr"], compact=False,
                                              lang=lang)
    out[label("hl_scholarship", lang)] = format_money(
        benefits["scholarship"]["max_total_idr"], compact=False, lang=lang)
    return out


def _pace(current: float, as_of, check: TargetCheck, lang: str) -> tuple[str, str] | None:
    """Pace needed for an open target above the figure: points a year, or points and
    months when less than a year is left."""
    if check is None or check.status != "open" or check.target_pct <= current:
        return None
    deadline = "start" if check.basis == "RPJPN" else "end"
    pace = required_annual_pace(current, as_of, check.target_pct, check.year, deadline=deadline)
    goal = format_figure(check.target_pct, lang=lang)
    if pace.years < 1:
        return (label("hl_pace_rest", lang, target=goal, year=check.year),
                label("hl_pace_months", lang, points=format_number(
                    check.target_pct - current, decimals=2, lang=lang),
                    months=f"{pace.years * 12:.0f}"))
    return (label("hl_pace", lang, target=goal, year=check.year),
            label("hl_per_year", lang, points=format_number(pace.points_per_year, decimals=1,
                                                            lang=lang)))


def projection(coverage, targets, workforce=None, *, region: str, as_of=None,
               method: str = "auto", lang: str = "id") -> dict[str, str]:
    """The pace the next target needs from the figure we stand behind, and where the
    trend of its comparable series leads: by the method with the best backtest record
    (``method="auto"``) or the one named, with its record, its band and the years 99,5%
    is reached; participants too where their series is long enough."""
    reference, stand, nxt, _past = context(coverage, workforce, targets, region, as_of)
    if stand is None:
        return {label("hl_projection", lang, region=region_name(region, lang)): _no_data(lang)}
    coverage = coverage[pd.to_datetime(coverage["as_of"]) <= reference]  # what was known then
    row = stand.row
    out = {label("hl_latest", lang): f"{figure_text(row, lang)} "
           f"({format_as_of(row['as_of'], lang=lang)})"}
    pace = _pace(float(row["coverage_pct"]), row["as_of"], nxt, lang)
    if pace:
        out[pace[0]] = pace[1]
    out.update(_trend(series_history(coverage, region), method, nxt, lang))
    out.update(_participants(coverage, region, lang))
    return out


def _trend(history: pd.DataFrame, method: str, nxt, lang: str) -> dict[str, str]:
    """Where the comparable series leads by 2045, or why there is no trend."""
    year = 2045
    if len(history) < 2 or not enough_for_trend(history_years(history)) or (
            method == "auto" and too_short(history)):
        return {label("hl_trend", lang): label("hl_trend_short", lang, n=len(history))}
    proj = project_coverage(history, to_year=year, method=method)
    name = label(f"method_{proj.attrs['method']}", lang)
    fmt = lambda v: format_percent(v, decimals=1, lang=lang)  # noqa: E731
    out = {}
    at = proj[proj["year"] == nxt.year] if nxt is not None and nxt.year < year else proj[:0]
    if len(at):
        out[label("hl_projected", lang, year=nxt.year, method=name)] = fmt(
            at["coverage_pct"].iloc[0])
    out[label("hl_projected", lang, year=year, method=name)] = _with_band(
        proj, "coverage_pct", fmt, lang)
    if proj.attrs.get("track_record") is not None:
        out[label("hl_track_record", lang)] = describe_track_record(
            proj.attrs["track_record"], lang)
    out[label("hl_reached", lang, target=fmt(99.5))] = _reached(
        year_target_reached(proj, 99.5), year, lang)
    out[label("hl_trend", lang)] = label("hl_trend_from", lang,
                                         n=len(yearly_points(history)))
    return out


def _participants(coverage, region: str, lang: str) -> dict[str, str]:
    """Active participants by 2045 by the method with the best record, where the count
    series is long enough to backtest (saturating at the potential the rows state)."""
    history = series_history(coverage, region, measure="covered")
    if not len(history) or too_short(history, "covered"):
        return {}
    proj = project_participants(history, to_year=2045, method="auto",
                                ceiling=stated_potential(coverage, region))
    name = label(f"method_{proj.attrs['method']}", lang)
    fmt = lambda v: format_compact(v, lang=lang)  # noqa: E731
    return {label("hl_participants_projected", lang, year=2045, method=name):
            _with_band(proj, "covered", fmt, lang),
            label("hl_participants_record", lang):
            describe_track_record(proj.attrs["track_record"], lang)}


def _with_band(proj: pd.DataFrame, column: str, fmt, lang: str) -> str:
    end = proj.iloc[-1]
    if pd.isna(end["lower"]):
        return label("hl_no_band", lang, value=fmt(end[column]))
    return label("hl_range", lang, value=fmt(end[column]), low=fmt(end["lower"]),
                 high=fmt(end["upper"]))


def _reached(reached, year: int, lang: str) -> str:
    """"2038 (paling cepat 2035, paling lambat 2042)"; "belum sampai 2045" where never."""
    central = str(reached.central) if reached.central else label("hl_not_by", lang, year=year)
    if not reached.banded or reached.earliest is None:
        return central
    latest = str(reached.latest) if reached.latest else label("hl_after", lang, year=year)
    return label("hl_reached_range", lang, central=central, earliest=reached.earliest,
                 latest=latest)


def budget(budget_idr: float, *, months: int = 12, coverage=None, targets=None,
           workforce=None, region: str | None = None, as_of=None,
           lang: str = "id") -> dict[str, str]:
    """What a budget buys at the BPU minimum, and the yearly cost of closing `region`'s
    gap to its next target when the figure's denominator supports a count of workers."""
    out = {
        label("hl_bpu_min", lang): format_money(bpu_monthly_contribution(), compact=False,
                                                lang=lang),
        label("hl_budget_buys", lang, budget=format_money(budget_idr, lang=lang),
              months=months): format_number(workers_covered_by_budget(budget_idr, months),
                                            lang=lang),
        label("hl_with_jht", lang): format_number(
            workers_covered_by_budget(budget_idr, months, with_jht=True), lang=lang),
    }
    if coverage is None or region is None:
        return out
    _, stand, nxt, _past = context(coverage, workforce, targets, region, as_of)
    if stand is None or nxt is None or nxt.gap is None or not nxt.gap.points:
        return out
    key = label("hl_gap_cost", lang, region=region_name(region, lang), year=nxt.year)
    if not stand.workers_supported or nxt.gap.workers is None:
        out[key] = _workers(stand, nxt, lang) if not stand.workers_supported \
            else _no_data(lang)
        return out
    out[key] = label("hl_gap_cost_value", lang,
                     cost=format_money(cost_of_closing_gap(nxt.gap), lang=lang),
                     workers=_workers(stand, nxt, lang))
    return out


def awards(awards_table, *, region: str, lang: str = "id") -> dict[str, str]:
    """Categories and winners of `region`'s newest Paritrana Award."""
    ours = awards_table[awards_table["province"] == region]
    if ours.empty:
        return {f"Paritrana Award {region_name(region, lang)}": _no_data(lang)}
    year = int(ours["year"].max())
    ours = ours[ours["year"] == year]
    out = {f"Paritrana Award {region_name(region, lang)} {year}":
           label("hl_awards", lang, k=ours["category"].nunique(), n=len(ours))}
    for row in ours[ours["rank"] == 1].itertuples():
        out[label("hl_first", lang, category=row.category)] = row.winner
    return out


def reconciliation(coverage, workforce, *, region: str, as_of=None,
                   lang: str = "id") -> dict[str, str]:
    """How many figures `region` has, how far apart, how many are flagged, and which one
    the charts and headlines stand behind."""
    table = reconcile(coverage, workforce)
    ours = table[(table["region_code"] == region) & table["coverage_pct"].notna()]
    if as_of:
        ours = ours[ours["as_of"] <= pd.Timestamp(as_of)]
    key = label("hl_figures", lang, region=region_name(region, lang))
    if ours.empty:
        return {key: _no_data(lang)}
    values = ours["coverage_pct"].astype(float)
    out = {key: label("hl_figures_one", lang, value=format_figure(values.iloc[0], lang=lang))
           if len(ours) == 1 else label("hl_figures_range", lang, n=len(ours),
                                        low=format_figure(values.min(), lang=lang),
                                        high=format_figure(values.max(), lang=lang)),
           label("hl_flagged", lang): label("hl_of", lang, k=int(ours["flagged"].sum()),
                                            n=len(ours))}
    ratio = ours["denominator_to_employed"].dropna()
    if len(ratio):
        out[label("hl_ratio", lang)] = format_number(ratio.max(), decimals=2, lang=lang)
    stand = standing_figure(coverage, workforce, region, as_of=reference_date(as_of))
    if stand is not None:
        out[label("hl_stood", lang)] = \
            f"{figure_text(stand.row, lang)} ({format_as_of(stand.row['as_of'], lang=lang)})"
    return out


def summary_cards(data: dict, *, region: str, as_of=None, lang: str = "id") -> list[dict]:
    """The summary page's headline cards, each {what, value, date, source}: the figure
    we stand behind, the last past target (met or missed), the next target, the newest
    claims total."""
    _, stand, nxt, past = context(data["coverage"], data.get("workforce"), data["targets"],
                                  region, as_of)
    name = region_name(region, lang)
    if stand is None:
        return [{"what": label("hl_coverage", lang, region=name), "value": _no_data(lang)}]
    row = stand.row
    cards = [{"what": label("hl_coverage", lang, region=name),
              "value": figure_text(row, lang),
              "date": format_as_of(row["as_of"], lang=lang) + (
                  f" · {flag_note(row, lang)}" if row["flagged"] else ""),
              "source": "; ".join(cite(row["source"], lang=lang))}]
    for check in (past, nxt):
        if check is not None:
            what, value = _target_line(check, lang)
            cards.append({"what": what, "value": label(f"status_{check.status}", lang),
                          "date": value,
                          "source": "; ".join(cite(check.citation, lang=lang))})
    last = newest_total(claims_totals(data["claims"][data["claims"]["region_code"] == region]))
    if last is not None:
        cards.append({"what": label("hl_claims", lang, region=name),
                      "value": format_money(last["amount_idr"], lang=lang),
                      "date": format_period(last["period"], lang=lang),
                      "source": "; ".join(cite(last["source"], lang=lang))})
    return cards


# ---------------------------------------------------------------- kabupaten/kota


def regencies(coverage, targets, workforce=None, *, region: str, as_of=None,
              lang: str = "id") -> dict[str, str]:
    """Notebook 09: how many kabupaten/kota of the region's province have a figure, the
    highest and lowest, the provincial target (open, or passed), the largest gap in
    workers, the change within one comparable series, and whether the province's figure
    and its parts agree; figures dated up to the reference date."""
    from paritrana_analysis.report.regencies import ranking_for
    from paritrana_analysis.report.standard_set import NoData

    reference = reference_date(as_of)
    coverage = coverage[pd.to_datetime(coverage["as_of"]) <= reference]
    try:
        province, target, ranking = ranking_for(coverage, targets, region, reference,
                                                workforce)
    except NoData:
        return {label("hl_reg_regencies", lang): label(
            "no_regency_data", lang, region=region_name(region, lang))}
    ranked = ranking[ranking["rank"].notna()]
    out = {label("hl_reg_regencies", lang): label("hl_reg_with_figure", lang,
                                                  n=len(ranked), total=len(ranking))}
    for key, row in (("hl_reg_top", ranked.head(1)), ("hl_reg_bottom", ranked.tail(1))):
        for _, r in row.iterrows():
            out[label(key, lang)] = (f"{region_name(r['region_code'], lang)} "
                                     f"{figure_text(r, lang)} "
                                     f"({format_as_of(r['as_of'], short=True, lang=lang)})")
    status = label("target_" + str(target["status"]), lang)
    out[label("hl_reg_target", lang)] = (
        f"{format_figure(target['target_pct'], lang=lang)} ({int(target['year'])}, "
        f"{target['target_basis']}; {status})")
    gaps = ranked[ranked["gap_workers"].notna() & (ranked["gap_workers"] > 0)]
    if len(gaps):
        row = gaps.sort_values("gap_workers", ascending=False).iloc[0]
        out[label("hl_reg_gap", lang)] = label(
            "hl_reg_gap_text", lang, region=region_name(row["region_code"], lang),
            workers=format_number(row["gap_workers"], lang=lang))
    out[label("hl_reg_change", lang)] = _regency_change(coverage, province, lang)
    out[label("hl_reg_parts", lang)] = _regency_parts(coverage, province, lang)
    return out


def _regency_change(coverage, province: str, lang: str) -> str:
    from paritrana_analysis.formatting import format_points
    from paritrana_analysis.regencies import regency_change

    change = regency_change(coverage, province)
    moved = change[change["comparable"].fillna(False).astype(bool)
                   & (change["level"] == "regency")]
    if moved.empty:
        return label("hl_reg_no_change", lang)
    return "; ".join(
        f"{region_name(r['region_code'], lang)} "
        f"{format_points(r['change_points'], decimals=2, lang=lang)} "
        f"({format_as_of(r['from_as_of'], short=True, lang=lang)}–"
        f"{format_as_of(r['to_as_of'], short=True, lang=lang)})" for _, r in moved.iterrows())


def _regency_parts(coverage, province: str, lang: str) -> str:
    """The newest date on which the parts say something about the whole: the province
    has a figure that day, or every kabupaten/kota has a count."""
    from paritrana_analysis.regencies import province_vs_regencies

    parts = province_vs_regencies(coverage, province)
    complete = parts["with_count"] == parts["regencies"]
    useful = parts[(parts["status"] != "no_province") | complete]
    if useful.empty:
        return label("hl_reg_parts_none", lang)
    row = useful.iloc[0]
    n = row["with_pct"] if row["status"] == "consistent" else max(row["with_count"],
                                                                   row["with_pct"])
    return label(f"hl_reg_parts_{row['status']}", lang,
                 date=format_as_of(row["as_of"], short=True, lang=lang), n=n,
                 total=row["regencies"], province=format_figure(row["province_pct"], lang=lang),
                 low=format_figure(row["low_pct"], lang=lang),
                 high=format_figure(row["high_pct"], lang=lang),
                 covered=format_count(row["sum_covered"], lang=lang),
                 potential=format_number(row["sum_potential"], lang=lang),
                 pct=format_figure(row["sums_pct"], lang=lang))
