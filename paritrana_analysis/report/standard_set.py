"""The standard chart set (``paritrana charts``, ``make report``): ten charts for a region,
with titles that state the finding, computed from the data at the reference date.

    export_standard_set(out_dir=None, lang="id", region="ID-SS") -> list[Path]

Every chart that names a region's coverage names the figure we stand behind
(`standing`), at the reference date (`clock.reference_date`: today unless ``as_of``),
against the next target that is not past, with a past one reported as met or missed
(`targets.target_checks`); when that figure is flagged by the reconciliation the chart
says so in its note. Charts only draw (`paritrana_analysis.charts`); what to show, for
which region and date, with which title, is decided here.

Output: ``<out>/<REGION>_<lang>/`` (``reports/figures/ID-SS_id/``), so a Jambi run
never overwrites Sumatera Selatan's, nor an English run the Indonesian one; square and
portrait versions of the social-media charts (map, target bar, projection) are named
``<name>_1080x1080`` and ``<name>_1080x1350``. The set writes only into a folder it
may: never data/raw, and a folder that already holds files only when it wrote them
before (a marker file, ``.paritrana-charts``) or when told to (``force=True``).
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from paritrana_analysis import paths as folders
from paritrana_analysis.charts._base import SIZES, region_name
from paritrana_analysis.charts.export import FORMATS, export_chart, export_paths
from paritrana_analysis.clock import reference_date
from paritrana_analysis.formatting import (
    check_lang,
    format_about,
    format_as_of,
    format_compact,
    format_count,
    format_figure,
    format_money,
    format_month,
    format_number,
    format_percent,
    format_period,
    label,
    label_or,
)
from paritrana_analysis.regions import region_code
from paritrana_analysis.report.headlines import figure_text, flag_note
from paritrana_analysis.safe_text import printable
from paritrana_analysis.standing import RECENT_MONTHS

MARKER = ".paritrana-charts"  # left in every folder the chart set writes
SOCIAL = ("progress", "projection", "tilemap")  # art-directed for square and portrait


class NoData(ValueError):
    """The data hold nothing for this chart and region: skipped, not an error."""


@dataclass
class Spec:
    name: str
    fig: object
    title: str
    subtitle: str
    size: str = "landscape"
    note: str | None = None
    data_date: str | None = None
    source: list | None = None  # None: the plotted rows' sources
    figures: list = field(default_factory=list)  # the coverage figures the title names
    own_size: bool = False  # its size follows its rows (a long ranking), not a format


@dataclass
class Context:
    """What every chart of one run shares: data, region, language, reference date, size;
    the reconciled figures are worked out once."""

    data: dict
    region: str
    lang: str = "id"
    as_of: object = None
    size: str = "landscape"

    @cached_property
    def reference(self) -> pd.Timestamp:
        return reference_date(self.as_of)

    @cached_property
    def since(self) -> pd.Timestamp:
        return self.reference - pd.DateOffset(months=RECENT_MONTHS)

    @cached_property
    def figures(self) -> pd.DataFrame:
        from paritrana_analysis.standing import figures_by_date

        return figures_by_date(self.data["coverage"], self.data.get("workforce"),
                               as_of=self.reference)

    @cached_property
    def standing(self):
        from paritrana_analysis.standing import standing_figure

        return standing_figure(self.data["coverage"], None, self.region, figures=self.figures)

    @cached_property
    def checks(self):
        from paritrana_analysis.targets import target_checks

        mine = self.figures[self.figures["region_code"] == self.region]
        return target_checks(self.data["targets"], mine, self.region, reference=self.reference)

    def coverage(self) -> pd.DataFrame:
        cov = self.data["coverage"]
        return cov[pd.to_datetime(cov["as_of"]) <= self.reference]

    def name(self) -> str:
        return region_name(self.region, self.lang)

    def notes(self, *parts) -> str | None:
        text = " ".join(p for p in parts if p)
        return text or None


def _span(dates: pd.Series, lang: str) -> tuple[str, str]:
    d = pd.to_datetime(dates).dropna()
    return (format_month(d.min(), short=True, lang=lang),
            format_month(d.max(), short=True, lang=lang))


# --------------------------------------------------------------------------- charts


def _national(ctx: Context) -> Spec:
    from paritrana_analysis.charts import national_participants_chart

    fig = national_participants_chart(ctx.coverage(), lang=ctx.lang)
    plotted = fig._paritrana_panels[-1]["data"]
    if plotted.empty:
        raise NoData("no national participant counts")
    values = plotted["covered"].astype(float).tolist()
    change = label("rose" if len(values) < 2 or values[-1] >= values[-2] else "fell", ctx.lang)
    end = plotted["period"].iloc[-1]
    title = label("title_national", ctx.lang, change=change,
                  last=format_compact(values[-1], lang=ctx.lang), end=end)
    sub = label("sub_national", ctx.lang, start=plotted["period"].iloc[0], end=end)
    return Spec("01_peserta_aktif_nasional", fig, title, sub,
                data_date=format_as_of(plotted["as_of"].max(), lang=ctx.lang))


def _provinces(ctx: Context, recent_only: bool) -> pd.DataFrame:
    """Every province's current figure (the standing rule), ours always included."""
    from paritrana_analysis.standing import standing_figures

    rows = standing_figures(ctx.figures, level="province")
    if recent_only:
        rows = rows[(rows["as_of"] >= ctx.since) | (rows["region_code"] == ctx.region)]
    return rows


def _flag_notes(ctx: Context, rows: pd.DataFrame, marked: bool = True) -> str | None:
    ours = rows[rows["region_code"] == ctx.region]
    mark = label("flag_mark", ctx.lang) if marked and rows["flagged"].any() else ""
    own = flag_note(ours.iloc[0], ctx.lang) if len(ours) else ""
    return ctx.notes(own, mark)


def _ranked(ctx: Context) -> Spec:
    from paritrana_analysis.charts import provincial_ranking_chart

    rows = _provinces(ctx, recent_only=True)
    if rows.empty:
        raise NoData("no provincial coverage figures")
    fig = provincial_ranking_chart(rows, ctx.data["targets"], region=ctx.region,
                                   target_year=ctx.reference.year, lang=ctx.lang)
    plotted = fig._paritrana_panels[-1]["data"]
    n = len(plotted)
    ours = plotted[plotted["region_code"] == ctx.region]
    if len(ours):
        title = label("title_ranked", ctx.lang, region=ctx.name(), rank=int(ours["rank"].iloc[0]),
                      n=n)
    else:
        title = label("title_ranked_top", ctx.lang, top=plotted["region"].iloc[0],
                      value=format_figure(plotted["coverage_pct"].iloc[0], lang=ctx.lang), n=n)
    since = format_month(ctx.since, short=True, lang=ctx.lang)
    sub = label("sub_ranked", ctx.lang, n=n, since=since, year=ctx.reference.year)
    return Spec("02_cakupan_provinsi_peringkat", fig, title, sub,
                size="landscape" if n <= 16 else "portrait", note=_flag_notes(ctx, rows),
                data_date=format_as_of(plotted["as_of"].max(), lang=ctx.lang),
                figures=[r for _, r in rows.iterrows()], own_size=True)


def _status(check, lang: str) -> str:
    return label(f"status_{check.status}", lang)


def _progress(ctx: Context) -> Spec:
    from paritrana_analysis.charts import region_progress_chart

    stand = ctx.standing
    if stand is None:
        raise NoData(f"no coverage figure for {ctx.region}")
    nxt, past = ctx.checks
    row = stand.row
    long_term = nxt if nxt is not None and nxt.basis == "RPJPN" else None
    year = nxt.year if nxt is not None else 2045
    marks = [(past.year, past.target_pct, _status(past, ctx.lang))] if past and past.figure \
        is not None else []
    fig = region_progress_chart(pd.DataFrame([row]), ctx.data["targets"], region=ctx.region,
                                year=year, past=marks, size=ctx.size, lang=ctx.lang,
                                long_term_pct=long_term.target_pct if long_term else 99.5)
    value, date = figure_text(row, ctx.lang, context="title"), format_as_of(row["as_of"],
                                                                           lang=ctx.lang)
    if past is not None and past.status in ("met", "missed"):
        title = label(f"title_bullet_{past.status}", ctx.lang, region=ctx.name(), value=value,
                      date=format_as_of(row["as_of"], short=True, lang=ctx.lang),
                      year=past.year,
                      target=format_figure(past.target_pct, lang=ctx.lang))
    elif nxt is not None and long_term is None:
        title = label("title_bullet", ctx.lang, region=ctx.name(), value=value,
                      target=format_figure(nxt.target_pct, lang=ctx.lang), year=nxt.year)
    else:
        title = label("title_bullet_nt", ctx.lang, region=ctx.name(), value=value,
                      long=format_figure(99.5, lang=ctx.lang), long_year=2045)
    sub = label("sub_bullet", ctx.lang, region=ctx.name(), date=date,
                targets=", ".join(f"{c.year} ({c.basis})" for c in (past, nxt)
                                  if c is not None))
    plotted = fig._paritrana_panels[-1]["data"]
    others = plotted["other_targets"].iloc[0] if len(plotted) else ""
    note = ctx.notes(flag_note(row, ctx.lang),
                     label("note_other_targets", ctx.lang, year=year, others=others)
                     if others else "")
    sources = [row["source"]] + [c.citation for c in (past, nxt) if c is not None]
    return Spec("03_capaian_vs_target", fig, title, sub, size=ctx.size, note=note,
                data_date=date, source=sources, figures=[row])


def _segments(ctx: Context) -> Spec:
    from paritrana_analysis.charts import segment_chart
    from paritrana_analysis.segments import segment_breakdown

    cov = ctx.coverage()
    if not ((cov["region_code"] == ctx.region) & (cov["segment"] != "all")).any():
        raise NoData(f"no segment figures for {ctx.region}")
    table = segment_breakdown(cov, region_code=ctx.region)
    fig = segment_chart(table, lang=ctx.lang)
    plotted = fig._paritrana_panels[-1]["data"]
    known = plotted[plotted["coverage_pct"].notna()]
    if known.empty:
        raise NoData(f"no segment percentages for {ctx.region}")
    best, worst = known.iloc[0], known.iloc[-1]
    title = label("title_segments", ctx.lang, best=best["segment_label"],
                  best_value=format_figure(best["coverage_pct"], lang=ctx.lang),
                  worst=worst["segment_label"],
                  worst_value=format_figure(worst["coverage_pct"], lang=ctx.lang))
    dates = pd.to_datetime(table["as_of"])
    when = format_as_of(dates.max(), lang=ctx.lang) if dates.nunique() == 1 else \
        "–".join(_span(dates, ctx.lang))
    note = label("note_segments_about", ctx.lang) \
        if table["potential_implied"].fillna(False).astype(bool).any() else None
    return Spec("04_segmen_terlindungi", fig, title,
                label("sub_segments", ctx.lang, region=ctx.name(), date=when), note=note,
                data_date=format_as_of(dates.max(), lang=ctx.lang))


def _complete_period(claims: pd.DataFrame, where: str) -> str | None:
    """The newest period (latest end month) for which one source gives all five core
    programmes of `where`."""
    from paritrana_analysis.claims import CORE_PROGRAMS, period_span

    rows = claims[(claims["region_code"] == where) & claims["program"].isin(CORE_PROGRAMS)]
    sets = rows.groupby(["period", "source"])["program"].nunique()
    full = [period for (period, _src), n in sets.items() if n == len(CORE_PROGRAMS)]
    return max(full, key=lambda p: (period_span(p)[1], -period_span(p)[0].ordinal)) \
        if full else None


def _claims(ctx: Context) -> Spec:
    from paritrana_analysis.charts import claims_chart
    from paritrana_analysis.claims import claims_totals, newest_total

    claims = ctx.data["claims"]
    where = ctx.region if _complete_period(claims, ctx.region) else "ID"
    period = _complete_period(claims, where)
    own = newest_total(claims_totals(claims[claims["region_code"] == ctx.region])) \
        if where != ctx.region else None
    callout = None
    if own is not None:
        callout = label("claims_own", ctx.lang, region=ctx.name(),
                        amount=format_money(own["amount_idr"], lang=ctx.lang),
                        cases=format_count(own["cases"], lang=ctx.lang),
                        period=format_period(own["period"], lang=ctx.lang))
    fig = claims_chart(claims, region=where, period=period, callout=callout, lang=ctx.lang)
    plotted = fig._paritrana_panels[-1]["data"]
    if plotted.empty:
        raise NoData("no per-programme claims")
    top = plotted.iloc[0]
    shown = format_period(plotted["period"].iloc[0], lang=ctx.lang)
    if own is not None:
        title = label("title_claims_own", ctx.lang, region=ctx.name(),
                      amount=format_money(own["amount_idr"], lang=ctx.lang),
                      period=format_period(own["period"], lang=ctx.lang))
    else:
        title = label("title_claims", ctx.lang, top=top["program"],
                      amount=format_money(top["amount_idr"], lang=ctx.lang),
                      cases=format_count(top["cases"], lang=ctx.lang))
    sub = label("sub_claims", ctx.lang, region=region_name(where, ctx.lang), period=shown)
    note = ctx.notes(label("note_claims_own", ctx.lang, region=ctx.name()) if own is not None
                     else "", label("note_beasiswa", ctx.lang)
                     if "beasiswa" in set(plotted["program"]) else "")
    sources = list(plotted["source"]) + ([own["source"]] if own is not None else [])
    dated = shown if own is None else (  # the total and the bars are two periods
        f"{format_period(own['period'], lang=ctx.lang)} ({ctx.name()}); "
        f"{shown} ({region_name(where, ctx.lang)})")
    return Spec("05_klaim_per_program", fig, title, sub, note=note, data_date=dated,
                source=sources)


def _projection(ctx: Context) -> Spec:
    """The coverage trend to 2045 by the method with the best backtest record, with the
    band of its past errors. Where the comparable series is too short to backtest: the
    participants' trend when their series is long enough, else the straight path 99,5% in
    2045 needs (a line through figures months apart, or across a change of denominator,
    is not a trend)."""
    from paritrana_analysis.backtest import series_history, too_short
    from paritrana_analysis.projections import choose_projection

    stand = ctx.standing
    if stand is None:
        raise NoData(f"no coverage percentage for {ctx.region}")
    hist = series_history(ctx.coverage(), ctx.region)
    if len(hist):
        proj = choose_projection(hist, to_year=2045)
        if proj.attrs["kind"] == "projection":
            return _projection_trend(ctx, hist, proj)
    counts = series_history(ctx.coverage(), ctx.region, measure="covered")
    if len(counts) and not too_short(counts, "covered"):
        return _projection_participants(ctx, counts)
    return _projection_needed(ctx)


def _projection_needed(ctx: Context) -> Spec:
    from paritrana_analysis.projections import DEFAULT_CEILING, path_to_target

    stand, lang, name = ctx.standing, ctx.lang, ctx.name()
    first, last = _span(stand.history["as_of"], lang)
    now = stand.row
    proj = path_to_target(float(now["coverage_pct"]), now["as_of"], DEFAULT_CEILING, 2045)
    proj = proj[proj["year"] < 2045]  # due 1 January 2045: the line ends there
    title = label("title_projection_needed", lang, region=name, year=2045,
                  pace=format_number(proj["points_per_year"].iloc[0], decimals=1, lang=lang),
                  target=format_figure(DEFAULT_CEILING, lang=lang))
    sub = label("sub_projection_needed", lang, region=name, year=2045)
    note = label("note_projection_short", lang, n=len(stand.history),
                 span=first if first == last else f"{first}–{last}")
    return _projection_spec(ctx, stand.history, proj, title, sub, note, "needed_path")


def _projection_trend(ctx: Context, hist, proj) -> Spec:
    from paritrana_analysis.backtest import year_end_rows

    lang, name = ctx.lang, ctx.name()
    method = label(f"method_{proj.attrs['method']}", lang)
    title = label("title_projection", lang, region=name, year=2045,
                  end=format_figure(float(proj["coverage_pct"].iloc[-1]), context="estimate",
                                    lang=lang))
    sub = label("sub_projection", lang, region=name, year=2045, method=method)
    return _projection_spec(ctx, year_end_rows(hist), proj, title, sub,
                            _method_note(proj, lang), "projection")


def _projection_participants(ctx: Context, counts) -> Spec:
    """Participants to 2045, saturating at the potential the region's rows state."""
    from paritrana_analysis.backtest import stated_potential, year_end_rows
    from paritrana_analysis.charts import projection_chart
    from paritrana_analysis.projections import project_participants

    lang = ctx.lang
    ceiling = stated_potential(ctx.coverage(), ctx.region)
    proj = project_participants(counts, to_year=2045, method="auto", ceiling=ceiling)
    shown = year_end_rows(counts)
    years = pd.to_datetime(shown["as_of"]).dt.year
    title = label("title_projection_count", lang, year=2045, first=int(years.iloc[0]),
                  last=int(years.iloc[-1]),
                  end=format_compact(float(proj["covered"].iloc[-1]), lang=lang))
    cap = "" if ceiling is None else label("projection_cap", lang,
                                           value=format_compact(ceiling, lang=lang))
    sub = label("sub_projection_count", lang, region=ctx.name(), year=2045,
                method=label(f"method_{proj.attrs['method']}", lang), cap=cap)
    fig = projection_chart(shown, proj, region=ctx.region, measure="covered", size=ctx.size,
                           lang=lang)
    return Spec("06_proyeksi_2045", fig, title, sub, size=ctx.size,
                note=ctx.notes(_method_note(proj, lang)),
                data_date=format_as_of(shown["as_of"].max(), lang=lang))


def _projection_spec(ctx: Context, hist, proj, title, sub, note, key) -> Spec:
    """The coverage projection chart with its targets (every one drawn, cited), the
    figures kept apart from the series and the flag of the figure it starts from."""
    from paritrana_analysis.charts import projection_chart

    stand, lang = ctx.standing, ctx.lang
    apart = "; ".join(f"{figure_text(r, lang)} ({format_as_of(r['as_of'], lang=lang)})"
                      for _, r in stand.apart.iterrows())
    targets = ctx.data["targets"]
    fig = projection_chart(hist, proj, targets[targets["region_code"] == ctx.region],
                           region=ctx.region, projection_label=key, size=ctx.size, lang=lang)
    note = ctx.notes(note, label("apart", lang, figures=apart) if apart else "",
                     flag_note(stand.row, lang))
    cited = [c.citation for c in ctx.checks if c is not None]
    plotted = fig._paritrana_panels[-1]["data"]
    return Spec("06_proyeksi_2045", fig, title, sub, size=ctx.size, note=note,
                data_date=format_as_of(stand.row["as_of"], lang=lang), figures=[stand.row],
                source=list(plotted["source"].dropna()) + cited)


def _method_note(proj, lang: str) -> str:
    """What the method's backtests say, and how the band was made."""
    from paritrana_analysis.backtest import describe_track_record

    record = proj.attrs["track_record"]
    text = describe_track_record(record, lang)
    if proj["lower"].isna().all():
        return label("note_projection_noband", lang, record=text)
    return label("note_projection_backtest", lang, record=text, h=record.horizon,
                 level=format_percent(proj.attrs["band_level"] * 100, decimals=0, lang=lang))


def _backtest(ctx: Context) -> Spec:
    """Which method would have predicted the newest year best from an earlier year: on
    the region's comparable series (coverage, else participants) when it is long enough,
    else on the national participants."""
    from paritrana_analysis.backtest import (
        backtest,
        choose_method,
        describe_track_record,
        series_history,
        stated_potential,
        too_short,
    )
    from paritrana_analysis.charts import backtest_chart

    cov, lang = ctx.coverage(), ctx.lang
    for code, measure in ((ctx.region, "coverage_pct"), (ctx.region, "covered"),
                          ("ID", "covered")):
        series = series_history(cov, code, measure=measure)
        if len(series) and not too_short(series, measure):
            break
    else:
        raise NoData(f"no series of {ctx.region} or Indonesia has 4 yearly figures")
    ceiling = stated_potential(cov, code) if measure == "covered" else None
    table = backtest(series, measure=measure, ceiling=ceiling)
    fig = backtest_chart(table, history=series, lang=lang)
    plotted = fig._paritrana_panels[-1]["data"]
    preds = plotted[plotted["series"] != "actual"]
    origin, last = int(preds["year"].min()), int(plotted["year"].max())
    best = preds[preds["year"] == last].sort_values("miss_pct", key=abs).iloc[0]
    title = label("title_backtest", lang, origin=origin, target=last,
                  best=label(f"method_{best['series']}", lang),
                  miss=format_percent(abs(best["miss_pct"]), decimals=0, lang=lang))
    sub = label(f"sub_backtest_{'covered' if measure == 'covered' else 'pct'}", lang,
                region=region_name(code, lang), first=int(plotted["year"].min()), last=last,
                origin=origin)
    record = choose_method(table, last - origin)
    note = label("note_backtest", lang, h=record.horizon,
                 record=describe_track_record(record, lang))
    return Spec("11_uji_balik_metode", fig, title, sub, note=ctx.notes(note),
                data_date=str(last))


def _tilemap(ctx: Context) -> Spec:
    from paritrana_analysis.charts import tile_map_chart
    from paritrana_analysis.charts.tilemap import marked_figure

    rows = _provinces(ctx, recent_only=False)
    fig = tile_map_chart(rows, region=ctx.region, min_date=ctx.since, size=ctx.size,
                         lang=ctx.lang)
    plotted = fig._paritrana_panels[-1]["data"]
    recent = plotted[plotted["coverage_pct"].notna() & plotted["recent"]]
    if recent.empty:
        raise NoData("no recent provincial coverage figures")
    ranked = recent.sort_values("coverage_pct", ascending=False)
    top, bottom = ranked.iloc[0], ranked.iloc[-1]
    since = format_month(ctx.since, short=True, lang=ctx.lang)
    title = label("title_tilemap", ctx.lang, top=top["region"], bottom=bottom["region"],
                  value=marked_figure(top["coverage_pct"], top.get("qualifier"), ctx.lang),
                  low=marked_figure(bottom["coverage_pct"], bottom.get("qualifier"), ctx.lang))
    sub = label("sub_tilemap", ctx.lang, since=since, n=len(recent))
    note = ctx.notes(_flag_notes(ctx, rows, marked=False), label("note_tile_marks", ctx.lang)
                     if plotted.get("qualifier", pd.Series(dtype=str)).isin(
                         ["rounded", "lower_bound", "upper_bound"]).any() else "")
    return Spec("07_peta_petak_provinsi", fig, title, sub, size=ctx.size, note=note,
                data_date=format_as_of(recent["as_of"].max(), lang=ctx.lang),
                figures=[r for _, r in rows.iterrows()])


def _awards(ctx: Context) -> Spec:
    from paritrana_analysis.charts import awards_chart

    awards = ctx.data["awards"]
    ours = awards[awards["province"] == ctx.region]
    pool = ours if len(ours) else awards
    year = int(pool["year"].max())
    table = pool[pool["year"] == year]
    where = ctx.name() if len(ours) else label("national", ctx.lang)
    size = "portrait" if len(table) > 10 else "landscape"
    fig = awards_chart(table, year=year, region=ctx.region, lang=ctx.lang,
                       max_rows=30 if size == "portrait" else 10)
    title = label("title_awards", ctx.lang, year=year, region=where, n=len(table),
                  k=table["category"].nunique())
    return Spec("08_paritrana_award", fig, title, label("sub_awards", ctx.lang), size=size,
                data_date=str(year), own_size=True)


def _bpu_rate_source() -> str:
    """The regulation behind the BPU contribution (rates.yaml), cited as the regulation."""
    from paritrana_analysis.budget import rates

    bpu = rates()["bpu"]
    regs = dict.fromkeys(bpu.get(f"{k}_regulation") for k in ("jkk", "jkm"))
    return "; ".join(r for r in regs if r)


def _budget(ctx: Context) -> Spec:
    from paritrana_analysis.budget import (
        bpu_monthly_contribution,
        cost_of_closing_gap,
        workers_covered_by_budget,
    )
    from paritrana_analysis.charts import budget_chart

    lang = ctx.lang
    rows = [{"scenario": format_money(b, lang=lang), "budget_idr": b}
            for b in (10e9, 25e9, 50e9, 100e9)]
    stand, (nxt, _past) = ctx.standing, ctx.checks
    gap = nxt.gap if nxt is not None and nxt.status == "open" else None
    usable = stand is not None and gap is not None and gap.points > 0 and \
        gap.workers is not None and stand.workers_supported
    if usable:
        cost = cost_of_closing_gap(gap)
        target = format_figure(nxt.target_pct, lang=lang)
        rows.append({"scenario": label("scenario_gap", lang, budget=format_money(cost,
                                                                                 lang=lang),
                                       target=target, year=nxt.year), "budget_idr": cost})
    table = pd.DataFrame(rows)
    table["workers"] = [workers_covered_by_budget(b, 12) for b in table["budget_idr"]]
    table["monthly_contribution_idr"] = bpu_monthly_contribution()
    table["months"] = 12
    fig = budget_chart(table, highlight=len(rows) - 1 if usable else None, lang=lang)
    sources = [_bpu_rate_source()]
    if usable:
        title = label("title_budget_gap", lang, budget=format_money(cost, lang=lang),
                      target=target, year=nxt.year)
        note = ctx.notes(label("note_budget_gap", lang,
                               workers=(format_about if gap.potential_implied
                                        else format_number)(gap.workers, lang=lang),
                               value=figure_text(stand.row, lang), target=target),
                         flag_note(stand.row, lang))
        sources += [stand.row["source"], nxt.citation]
    else:
        pick = table.iloc[2]
        title = label("title_budget", lang, budget=format_money(pick["budget_idr"], lang=lang),
                      workers=format_number(pick["workers"], lang=lang))
        note = flag_note(stand.row, lang) if stand is not None and not \
            stand.workers_supported else None
        note = label("note_budget_no_gap", lang, region=ctx.name(), why=note) if note else None
    return Spec("09_skenario_anggaran", fig, title, label("sub_budget", lang), note=note,
                source=sources, figures=[stand.row] if usable else [],
                data_date=format_as_of(stand.row["as_of"], lang=lang) if usable else None)


def _reconcile(ctx: Context) -> Spec:
    from paritrana_analysis.charts import reconciliation_chart
    from paritrana_analysis.reconcile import reconcile

    table = reconcile(ctx.coverage(), ctx.data["workforce"])
    fig = reconciliation_chart(table, region=ctx.region, lang=ctx.lang)
    plotted = fig._paritrana_panels[-1]["data"]
    if plotted.empty:
        raise NoData(f"no coverage percentages for {ctx.region}")
    vals = plotted["coverage_pct"].astype(float)
    name = ctx.name()
    if len(plotted) == 1:
        title = label("title_reconcile_one", ctx.lang, region=name,
                      value=format_figure(vals.iloc[0], lang=ctx.lang))
    else:
        title = label("title_reconcile", ctx.lang, k=len(plotted), region=name,
                      low=format_figure(vals.min(), lang=ctx.lang),
                      high=format_figure(vals.max(), lang=ctx.lang))
    start, end = _span(plotted["as_of"], ctx.lang)
    stand = ctx.standing
    note = label("note_reconcile_stood", ctx.lang, figure=figure_text(stand.row, ctx.lang),
                 date=format_as_of(stand.row["as_of"], lang=ctx.lang)) if stand else None
    span = start if start == end else f"{start}–{end}"
    return Spec("10_rekonsiliasi_angka", fig, title,
                label("sub_reconcile", ctx.lang, region=name, span=span),
                note=note, data_date=format_as_of(plotted["as_of"].max(), lang=ctx.lang))


BUILDERS: dict[str, Callable[[Context], Spec]] = {
    "national": _national, "ranked": _ranked, "progress": _progress, "segments": _segments,
    "claims": _claims, "projection": _projection, "tilemap": _tilemap, "awards": _awards,
    "budget": _budget, "reconciliation": _reconcile, "backtest": _backtest,
}
CHARTS: list[Callable] = list(BUILDERS.values())


def load_chart_data() -> dict[str, pd.DataFrame]:
    """Every table the standard charts draw from (dataset.load_all: data/raw)."""
    from paritrana_analysis.dataset import load_all

    return load_all()


def claim_folder(out: Path, force: bool = False) -> Path:
    """Make ``out`` ready for the chart set and leave the marker in it. ValueError for
    data/raw (or inside it), a file, or a folder holding files the set did not write
    (no marker), unless ``force``."""
    out = Path(out)
    folders.refuse_raw(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out} is a file, not a folder")
    if out.is_dir() and not force and not (out / MARKER).exists() and any(out.iterdir()):
        raise ValueError(f"{out} already holds files that paritrana charts did not write; "
                         "choose a new or empty folder, or --force to write into it anyway")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Written by paritrana charts: the next export may overwrite "
                              "the files in this folder.\n", encoding="utf-8")
    return out


def chart_folder(out, region: str, lang: str) -> Path:
    """Where a region's charts in one language go: ``<out>/<REGION>_<lang>``."""
    return Path(out) / f"{region}_{lang}"


def file_name(spec: Spec) -> str:
    """``03_capaian_vs_target`` (landscape, or the chart's own size), else with the pixel
    size: ``03_capaian_vs_target_1080x1080``."""
    if spec.size == "landscape" or spec.own_size:
        return spec.name
    w, h = SIZES[spec.size]
    return f"{spec.name}_{w}x{h}"


def standard_chart(key: str, *, region: str = "ID-SS", lang: str = "id",
                   data: dict[str, pd.DataFrame] | None = None, as_of=None,
                   size: str = "landscape") -> Spec:
    """One chart of the standard set (keys: BUILDERS) with its computed title, subtitle,
    note and data date, at the reference date (`as_of`, default today); raises NoData
    when the data hold nothing for it and ``region`` (a code, any case), ValueError for
    an unknown region code. ``size`` other than landscape: the social-media charts
    (SOCIAL) only."""
    builders, social = all_builders()
    if key not in builders:
        raise ValueError(f"unknown chart {key!r}; choose one of {sorted(builders)}")
    if size not in SIZES or (size != "landscape" and key not in social):
        raise ValueError(f"size {size!r}: {key} comes in landscape only; square and portrait "
                         f"are made for {', '.join(social)}")
    ctx = Context(data if data is not None else load_chart_data(), region_code(region),
                  check_lang(lang), as_of, size)
    return builders[key](ctx)


def all_builders() -> tuple[dict[str, Callable[[Context], Spec]], tuple[str, ...]]:
    """(builders, social keys): the standard charts and the kabupaten/kota ones
    (`report.regencies`)."""
    from paritrana_analysis.report import regencies

    return {**BUILDERS, **regencies.BUILDERS}, SOCIAL + regencies.SOCIAL


def _regency_keys(data: dict, region: str, wanted: bool) -> list[str]:
    """The kabupaten/kota charts when `region`'s province has kabupaten/kota figures;
    else none, said in one line (`wanted` False: already said by the caller)."""
    from paritrana_analysis.regencies import has_regency_data
    from paritrana_analysis.report import regencies

    if not wanted:
        return []
    if not has_regency_data(data["coverage"], region):
        print(f"SKIPPED kabupaten/kota charts: no kabupaten/kota figures for {region}",
              file=sys.stderr)
        return []
    return list(regencies.BUILDERS)


def _export(spec: Spec, out: Path, lang: str, formats) -> dict:
    return export_chart(spec.fig, file_name(spec), title=spec.title, subtitle=spec.subtitle,
                        note=spec.note, size=spec.size, out_dir=out, lang=lang,
                        formats=formats, source=spec.source, data_date=spec.data_date)


def show_chart(key: str, *, region: str = "ID-SS", lang: str = "id", out_dir=None,
               data: dict[str, pd.DataFrame] | None = None, as_of=None,
               formats: tuple[str, ...] = FORMATS):
    """For notebooks: build one standard chart, export it press-ready (into
    ``<out_dir>/<REGION>_<lang>``, default reports/figures) and return the finished PNG
    to display. When the data hold nothing for this chart and region, say so and return
    None."""
    from IPython.display import Image

    try:
        spec = standard_chart(key, region=region, lang=lang, data=data, as_of=as_of or None)
    except NoData as err:  # the reason (English, for the log) after the plain sentence
        print(label("no_data_chart", lang, region=region_name(region, lang)) + f" ({err})")
        return None
    top = Path(out_dir or folders.FIGURES_DIR)
    if not top.is_dir() or not any(top.iterdir()):  # a new folder: the set may write it
        claim_folder(top)
    out = chart_folder(top, region_code(region), lang)
    out.mkdir(parents=True, exist_ok=True)
    paths = _export(spec, out, lang, formats)
    import matplotlib.pyplot as plt

    plt.close(spec.fig)
    return Image(filename=str(paths["png"]), width=600) if "png" in paths else None


# --------------------------------------------------------------------------- gallery


def write_gallery(out_dir: Path, exported: list[tuple[Spec, dict]], lang: str) -> Path:
    """index.html: one thumbnail per chart linking the full PNG, plus its other files."""
    cards = []
    for spec, paths in exported:
        links = " · ".join(
            f'<a href="{html.escape(p.name)}">{text}</a>'
            for key, text in (("png2x", "PNG 2x"), ("svg", "SVG"), ("pdf", "PDF"),
                              ("csv", "CSV"), ("txt", "alt"))
            if (p := paths.get(key)) is not None
        )
        alt = printable(paths["txt"].read_text(encoding="utf-8")).replace("\n", " ").strip()
        picture = paths.get("png") or paths.get("svg") or paths["png2x"]
        cards.append(
            f'<figure>\n<a href="{html.escape(picture.name)}">'
            f'<img src="{html.escape(picture.name)}" alt="{html.escape(alt)}" '
            f'loading="lazy"></a>\n<figcaption><strong>{html.escape(printable(spec.title))}'
            f"</strong><br>{html.escape(printable(spec.subtitle))}<br>{links}</figcaption>"
            "\n</figure>"
        )
    title = label("gallery_title", lang)
    page = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: "Source Sans 3", "Source Sans Pro", sans-serif; margin: 2rem;
       color: #222; }}
main {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr));
       gap: 1.5rem; }}
figure {{ margin: 0; }}
img {{ width: 100%; height: auto; border: 1px solid #ddd; }}
figcaption {{ font-size: 0.9rem; line-height: 1.35; margin-top: 0.4rem; }}
</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p>{html.escape(label("gallery_intro", lang))}</p>
<main>
{chr(10).join(cards)}
</main>
</body>
</html>
"""
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def _set_folder(out_dir, region: str, lang: str, sizes, force: bool) -> Path:
    """The set's folder <out_dir>/<REGION>_<lang>, made once the sizes are known ones and
    out_dir may be written (claim_folder), so nothing is written for a bad call."""
    unknown = set(sizes) - set(SIZES)
    if unknown:
        raise ValueError(f"unknown size(s) {sorted(unknown)}; known: {sorted(SIZES)}")
    top = claim_folder(Path(out_dir or folders.FIGURES_DIR), force=force)
    out = chart_folder(top, region, lang)
    out.mkdir(parents=True, exist_ok=True)
    return out


def _render(build, ctx: Context, out: Path, lang: str, formats, reuse: bool
            ) -> tuple[Spec, dict]:
    """Build one chart and export it; with ``reuse``, files a notebook already exported
    for it are kept (the figure is closed, not drawn again)."""
    import matplotlib.pyplot as plt

    spec = build(ctx)
    paths = export_paths(out, file_name(spec), formats)
    if reuse and all(p.exists() for p in paths.values()):
        plt.close(spec.fig)
    else:
        paths = _export(spec, out, lang, formats)
    return spec, paths


def export_standard_set(out_dir=None, lang: str = "id", region: str = "ID-SS",
                        data: dict[str, pd.DataFrame] | None = None,
                        formats: tuple[str, ...] = FORMATS, reuse: bool = False,
                        force: bool = False, as_of=None,
                        sizes: tuple[str, ...] = ("landscape",),
                        regencies: bool = True, quiet: bool = False) -> list[Path]:
    """Export the ten standard charts for ``region`` at the reference date (``as_of``,
    default today) into ``<out_dir>/<REGION>_<lang>`` (default reports/figures) and write
    its index.html. ``sizes``: "landscape" (every chart at its own size), "square" and
    "portrait" (the social-media charts, art-directed, 1080x1080 and 1080x1350).
    ``formats``: as for export_chart. Prints each file written; returns their paths. A
    chart the data hold nothing for is skipped with a message on stderr; any other
    failure is reported and, after the rest are written, raised as RuntimeError naming
    them. ``reuse=True`` (make report, after the notebooks exported their charts into
    the same fresh folder): a chart whose files are all there is not rendered again.
    ``out_dir`` must be new, empty or written by this function before (claim_folder),
    unless ``force``; ``region`` is a known code in any case, else ValueError. The four
    kabupaten/kota charts come where the region's province has kabupaten/kota figures
    (one line says when it has none; ``regencies=False`` leaves them out silently).
    ``quiet``: no line printed (make report draws the social sizes beside the notebooks)."""
    check_lang(lang)
    say = (lambda *args, **kwargs: None) if quiet else print
    region = region_code(region)
    out = _set_folder(out_dir, region, lang, sizes, force)
    data = data if data is not None else load_chart_data()
    written: list[Path] = []
    exported: list[tuple[Spec, dict]] = []
    failed: list[str] = []
    builders, social = all_builders()
    keys = list(BUILDERS) + _regency_keys(data, region, regencies)
    for size in sizes:
        ctx = Context(data, region, lang, as_of, size)
        for key in keys:
            build = builders[key]
            if size != "landscape" and key not in social:
                continue
            try:
                spec, paths = _render(build, ctx, out, lang, formats, reuse)
            except NoData as err:
                say(f"SKIPPED {key}: {err}", file=sys.stderr)
                continue
            except Exception as err:  # one broken chart must not hide the others
                failed.append(f"{key} ({size}): {type(err).__name__}: {err}")
                say(f"FAILED {key} ({size}): {err}", file=sys.stderr)
                continue
            exported.append((spec, paths))
            for path in paths.values():
                say(path)
                written.append(path)
    index = write_gallery(out, exported, lang)
    say(index)
    written.append(index)
    if failed:
        raise RuntimeError("some charts could not be made:\n" + "\n".join(failed))
    return written


__all__ = ["export_standard_set", "write_gallery", "standard_chart", "show_chart",
           "load_chart_data", "chart_folder", "file_name", "BUILDERS", "CHARTS", "SOCIAL",
           "NoData", "Spec", "Context", "label_or"]
