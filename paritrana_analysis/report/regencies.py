"""The kabupaten/kota charts of the standard set: which kabupaten/kota, against which
target, with titles that state the finding.

Every builder takes the run's `standard_set.Context` like the other standard charts;
the region may be a province or one of its kabupaten/kota (highlighted). Figures are
those dated up to the reference date (today unless ``as_of``). A region whose province
has no kabupaten/kota figure raises NoData, and `export_standard_set` says so in one line.
"""

from __future__ import annotations

import pandas as pd

from paritrana_analysis import regencies
from paritrana_analysis.charts._base import region_name
from paritrana_analysis.formatting import format_as_of, format_figure, format_month, label
from paritrana_analysis.report.standard_set import Context, NoData, Spec

LONG_TERM = (99.5, 2045)  # RPJPN, when the province has no target of its own
CHARTS = {"regency_ranking": "12_kabupaten_kota_peringkat",
          "regency_gap": "13_kabupaten_kota_kesenjangan",
          "regency_tiles": "14_kabupaten_kota_peta_petak",
          "regency_segments": "15_kabupaten_kota_segmen"}


def period(dates, lang: str) -> str:
    """"Agu 2024–Mar 2025", or "Sep 2024" when every date is in one month."""
    d = pd.to_datetime(pd.Series(dates)).dropna()
    if d.empty:
        return "–"
    start, end = (format_month(x, short=True, lang=lang) for x in (d.min(), d.max()))
    return start if start == end else f"{start}–{end}"


def province_and_target(coverage: pd.DataFrame, targets, region: str, reference
                        ) -> tuple[str, pd.Series]:
    """(province, target): the province of `region` and the target its kabupaten/kota are
    set against at the `reference` date (`regencies.provincial_target`: the next one not
    past, else the last one, which was met or missed; else 99,5% in 2045, RPJPN). NoData
    when the province has no kabupaten/kota figure."""
    if not regencies.has_regency_data(coverage, region):
        raise NoData(f"no kabupaten/kota figures for {region}")
    province = regencies.province_of(region)
    target = regencies.provincial_target(targets, province, today=reference)
    if target is None:
        pct, year = LONG_TERM
        target = pd.Series({"year": year, "target_pct": pct, "target_basis": "RPJPN",
                            "target_source": "", "other_targets": "", "status": "open"})
    return province, target


def ranking_for(coverage: pd.DataFrame, targets, region: str, reference, workforce=None
                ) -> tuple[str, pd.Series, pd.DataFrame]:
    """(province, target, `regencies.regency_ranking`) at the reference date."""
    province, target = province_and_target(coverage, targets, region, reference)
    ranking = regencies.regency_ranking(coverage, province,
                                        target_pct=float(target["target_pct"]),
                                        target_year=int(target["year"]), as_of=reference,
                                        workforce=workforce)
    return province, target, ranking


def _ranking(ctx: Context):
    return ranking_for(ctx.coverage(), ctx.data.get("targets"), ctx.region, ctx.reference,
                       ctx.data.get("workforce"))


def _target_note(target: pd.Series, lang: str) -> str | None:
    return label("note_regency_target_past", lang, year=int(target["year"])) \
        if target["status"] == "past" else None


def _highlight(region: str) -> str | None:
    return None if region.startswith("ID") else region


def _value(row, lang: str) -> str:
    return format_figure(row["coverage_pct"], context="title", qualifier=row.get("qualifier"),
                         lang=lang)


def _regency_ranking(ctx: Context) -> Spec:
    from paritrana_analysis.charts.regency import regency_ranking_chart

    province, target, ranking = _ranking(ctx)
    ranked = ranking[ranking["rank"].notna()]
    if ranked.empty:
        raise NoData(f"no kabupaten/kota percentage for {province}")
    lang = ctx.lang
    fig = regency_ranking_chart(ranking, region=_highlight(ctx.region), lang=lang)
    pname = region_name(province, lang)
    top, bottom = ranked.iloc[0], ranked.iloc[-1]
    values = dict(province=pname, top=region_name(top["region_code"], lang),
                  top_value=_value(top, lang), bottom=region_name(bottom["region_code"], lang),
                  bottom_value=_value(bottom, lang))
    title = label("title_regency_ranked", lang, **values) if len(ranked) > 2 else label(
        "title_regency_one", lang, n=len(ranked), total=len(ranking), **values)
    sub = label("sub_regency_ranked", lang, province=pname, year=int(target["year"]),
                period=period(ranked["as_of"], lang))
    return Spec(CHARTS["regency_ranking"], fig, title, sub,
                size="portrait" if len(ranked) > 16 else "landscape", own_size=True,
                note=_target_note(target, lang),
                data_date=format_as_of(ranked["as_of"].max(), lang=lang),
                source=list(ranked["source"]) + [ranked["province_source"].iloc[0],
                                                 target["target_source"]])


def _regency_gap(ctx: Context) -> Spec:
    from paritrana_analysis.charts.regency import regency_gap_chart

    province, target, ranking = _ranking(ctx)
    lang = ctx.lang
    fig = regency_gap_chart(ranking, region=_highlight(ctx.region), lang=lang)
    plotted = fig._paritrana_panels[-1]["data"]
    if plotted.empty:
        raise NoData(f"no kabupaten/kota percentage for {province}")
    first = plotted.iloc[0]
    goal = format_figure(target["target_pct"], lang=lang)
    past = "_past" if target["status"] == "past" else ""  # a passed target was missed
    common = dict(top=first["region"], target=goal, year=int(target["year"]))
    if first["unit"] == "workers" and pd.notna(first["gap_workers"]):
        title = label(f"title_regency_gap{past}", lang, **common,
                      workers=_number(first["gap_workers"], lang))
    else:
        title = label(f"title_regency_gap_points{past}", lang, **common,
                      points=_number(first["gap_points"], lang, 1))
    sub = label("sub_regency_gap", lang, province=region_name(province, lang),
                year=int(target["year"]), target=goal)
    no_share = plotted["gap_workers"].notna().any() and \
        ranking["province_gap_workers"].isna().all()
    note = ctx.notes(_target_note(target, lang),
                     label("note_regency_no_share", lang) if no_share else "")
    return Spec(CHARTS["regency_gap"], fig, title, sub,
                size="portrait" if len(plotted) > 16 else "landscape", own_size=True,
                note=note,
                data_date=format_as_of(plotted["as_of"].max(), lang=lang))


def _number(value, lang: str, decimals: int = 0) -> str:
    from paritrana_analysis.formatting import format_number

    return format_number(value, decimals=decimals, lang=lang)


def _regency_tiles(ctx: Context) -> Spec:
    from paritrana_analysis.charts.regency import regency_tile_chart

    coverage = ctx.coverage()
    province, _ = province_and_target(coverage, ctx.data.get("targets"), ctx.region,
                                      ctx.reference)
    figures = regencies.regency_figures(coverage, province, as_of=ctx.reference,
                                        workforce=ctx.data.get("workforce"))
    fig = regency_tile_chart(figures, province=province, region=_highlight(ctx.region),
                             size=ctx.size, lang=ctx.lang)
    known = figures[figures["status"] == "figure"]
    pname = region_name(province, ctx.lang)
    title = label("title_regency_tiles", ctx.lang, n=len(known), total=len(figures),
                  province=pname)
    sub = label("sub_regency_tiles", ctx.lang, province=pname,
                period=period(known["as_of"], ctx.lang))
    return Spec(CHARTS["regency_tiles"], fig, title, sub, size=ctx.size,
                data_date=format_as_of(figures["as_of"].max(), lang=ctx.lang))


def _regency_segments(ctx: Context) -> Spec:
    from paritrana_analysis.charts.regency import regency_segments_chart

    coverage = ctx.coverage()
    province, _ = province_and_target(coverage, ctx.data.get("targets"), ctx.region,
                                      ctx.reference)
    table = regencies.regency_segments(coverage, province)
    if table.empty:
        raise NoData(f"no kabupaten/kota segment figures for {province}")
    fig = regency_segments_chart(table, lang=ctx.lang)
    pname = region_name(province, ctx.lang)
    k = table["region_code"].nunique()
    title = label("title_regency_segments", ctx.lang, k=k, n=len(table), province=pname)
    sub = label("sub_regency_segments", ctx.lang, province=pname,
                period=period(table["as_of"], ctx.lang))
    return Spec(CHARTS["regency_segments"], fig, title, sub,
                size="portrait" if k > 8 else "landscape", own_size=True,
                data_date=format_as_of(table["as_of"].max(), lang=ctx.lang))


BUILDERS = {"regency_ranking": _regency_ranking, "regency_gap": _regency_gap,
            "regency_tiles": _regency_tiles, "regency_segments": _regency_segments}
SOCIAL = ("regency_tiles",)  # art-directed for square and portrait too

__all__ = ["BUILDERS", "CHARTS", "SOCIAL", "period", "province_and_target", "ranking_for"]
