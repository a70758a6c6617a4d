"""The kabupaten/kota charts of the standard set and the headline numbers of notebook 09:
which kabupaten/kota, against which target, with titles that state the finding.

Every builder takes (data, lang, region) like the other standard charts; `region` may be
a province or one of its kabupaten/kota (highlighted). A region whose province has no
kabupaten/kota figure raises NoData: the chart is skipped with one line saying so.
"""

from __future__ import annotations

import pandas as pd

from paritrana_analysis import regencies
from paritrana_analysis.charts._base import region_name
from paritrana_analysis.charts.export_all import NoData, Spec
from paritrana_analysis.formatting import (
    format_date,
    format_month,
    format_number,
    format_percent,
    format_points,
    label,
    label_or,
)

LONG_TERM = (99.5, 2045)
CHARTS = {"regency_ranking": "12_kabupaten_kota_peringkat",
          "regency_gap": "13_kabupaten_kota_kesenjangan",
          "regency_tiles": "14_kabupaten_kota_peta_petak",
          "regency_segments": "15_kabupaten_kota_segmen"}


def _pct(value, lang: str, decimals: int = 2) -> str:
    return format_percent(value, decimals=decimals, trim=True, lang=lang)


def period(dates, lang: str) -> str:
    """"Agu 2024–Mar 2025", or "Sep 2024" when every date is in one month."""
    d = pd.to_datetime(pd.Series(dates)).dropna()
    if d.empty:
        return "–"
    start, end = (format_month(x, short=True, lang=lang) for x in (d.min(), d.max()))
    return start if start == end else f"{start}–{end}"


def province_and_target(data: dict, region: str, today=None) -> tuple[str, pd.Series]:
    """(province, target): the province of `region` and the target its kabupaten/kota are
    set against (`regencies.provincial_target`: open, else the last one; else 99,5% in
    2045, RPJPN). NoData when the province has no kabupaten/kota figure."""
    if not regencies.has_regency_data(data["coverage"], region):
        raise NoData(f"no kabupaten/kota figures for {region}")
    province = regencies.province_of(region)
    target = regencies.provincial_target(data.get("targets"), province, today=today)
    if target is None:
        pct, year = LONG_TERM
        target = pd.Series({"year": year, "target_pct": pct, "target_basis": "RPJPN",
                            "target_source": "", "other_targets": "", "status": "open"})
    return province, target


def ranking_for(data: dict, region: str, today=None) -> tuple[str, pd.Series, pd.DataFrame]:
    """(province, target, `regencies.regency_ranking`) for the standard charts."""
    province, target = province_and_target(data, region, today)
    ranking = regencies.regency_ranking(data["coverage"], province,
                                        target_pct=float(target["target_pct"]),
                                        target_year=int(target["year"]))
    if ranking["rank"].isna().all() and not (ranking["status"] == "count_only").any():
        raise NoData(f"no kabupaten/kota percentage for {province}")
    return province, target, ranking


def _target_note(target: pd.Series, lang: str) -> str | None:
    return label("note_regency_target_past", lang, year=int(target["year"])) \
        if target["status"] == "past" else None


def _highlight(region: str) -> str | None:
    return None if region.startswith("ID") else region


def _regency_ranking(data, lang, region):
    from paritrana_analysis.charts.regency import regency_ranking_chart

    province, target, ranking = ranking_for(data, region)
    ranked = ranking[ranking["rank"].notna()]
    if ranked.empty:
        raise NoData(f"no kabupaten/kota percentage for {province}")
    fig = regency_ranking_chart(ranking, region=_highlight(region), lang=lang)
    pname = region_name(province, lang)
    top, bottom = ranked.iloc[0], ranked.iloc[-1]
    values = dict(province=pname, top=region_name(top["region_code"], lang),
                  top_value=_pct(top["coverage_pct"], lang, 1),
                  bottom=region_name(bottom["region_code"], lang),
                  bottom_value=_pct(bottom["coverage_pct"], lang, 1))
    title = label("title_regency_ranked", lang, **values) if len(ranked) > 2 else label(
        "title_regency_one", lang, n=len(ranked), total=len(ranking), **values)
    sub = label("sub_regency_ranked", lang, province=pname, period=period(ranked["as_of"], lang),
                year=int(target["year"]))
    size = "portrait" if len(ranked) > 16 else "landscape"
    return Spec(CHARTS["regency_ranking"], fig, title, sub, size=size,
                note=_target_note(target, lang))


def _regency_gap(data, lang, region):
    from paritrana_analysis.charts.regency import regency_gap_chart

    province, target, ranking = ranking_for(data, region)
    fig = regency_gap_chart(ranking, region=_highlight(region), lang=lang)
    plotted = fig._paritrana_panels[-1]["data"]
    if plotted.empty:
        raise NoData(f"no kabupaten/kota percentage for {province}")
    first = plotted.iloc[0]
    name, goal = first["region"], _pct(target["target_pct"], lang)
    past = "_past" if target["status"] == "past" else ""  # a passed target was missed
    if first["unit"] == "workers" and pd.notna(first["gap_workers"]):
        title = label(f"title_regency_gap{past}", lang, top=name, target=goal,
                      year=int(target["year"]),
                      workers=format_number(first["gap_workers"], lang=lang))
    else:
        title = label(f"title_regency_gap_points{past}", lang, top=name, target=goal,
                      year=int(target["year"]),
                      points=format_number(first["gap_points"], decimals=1, lang=lang))
    sub = label("sub_regency_gap", lang, province=region_name(province, lang),
                year=int(target["year"]), target=goal)
    size = "portrait" if len(plotted) > 16 else "landscape"
    return Spec(CHARTS["regency_gap"], fig, title, sub, size=size,
                note=_target_note(target, lang))


def _regency_tiles(data, lang, region):
    from paritrana_analysis.charts.regency import regency_tile_chart

    province, _ = province_and_target(data, region)
    figures = regencies.regency_figures(data["coverage"], province)
    fig = regency_tile_chart(figures, province=province, region=_highlight(region),
                             lang=lang)
    known = figures[figures["status"] == "figure"]
    pname = region_name(province, lang)
    title = label("title_regency_tiles", lang, n=len(known), total=len(figures),
                  province=pname)
    sub = label("sub_regency_tiles", lang, province=pname, period=period(known["as_of"], lang))
    return Spec(CHARTS["regency_tiles"], fig, title, sub)


def _regency_segments(data, lang, region):
    from paritrana_analysis.charts.regency import regency_segments_chart

    province, _ = province_and_target(data, region)
    table = regencies.regency_segments(data["coverage"], province)
    if table.empty:
        raise NoData(f"no kabupaten/kota segment figures for {province}")
    fig = regency_segments_chart(table, lang=lang)
    pname = region_name(province, lang)
    k = table["region_code"].nunique()
    title = label("title_regency_segments", lang, k=k, n=len(table), province=pname)
    sub = label("sub_regency_segments", lang, province=pname,
                period=period(table["as_of"], lang))
    return Spec(CHARTS["regency_segments"], fig, title, sub,
                size="portrait" if k > 8 else "landscape")


BUILDERS = {"regency_ranking": _regency_ranking, "regency_gap": _regency_gap,
            "regency_tiles": _regency_tiles, "regency_segments": _regency_segments}


# --------------------------------------------------------------------------- headlines


def headlines(coverage, targets, *, region: str, lang: str = "id", today=None
              ) -> dict[str, str]:
    """Notebook 09's headline numbers: how many kabupaten/kota have a figure, the
    highest and lowest, the target, the largest gap in workers, the change within one
    series, and whether the province's figure and its parts agree."""
    data = {"coverage": coverage, "targets": targets}
    try:
        province, target, ranking = ranking_for(data, region, today)
    except NoData:
        return {label("hl_reg_regencies", lang): label("no_regency_data", lang,
                                                       region=region_name(region, lang))}
    ranked = ranking[ranking["rank"].notna()]
    out = {label("hl_reg_regencies", lang): label(
        "hl_reg_with_figure", lang, n=len(ranked), total=len(ranking))}
    if len(ranked):
        for key, row in (("hl_reg_top", ranked.iloc[0]), ("hl_reg_bottom", ranked.iloc[-1])):
            out[label(key, lang)] = (f"{region_name(row['region_code'], lang)} "
                                     f"{_pct(row['coverage_pct'], lang)} "
                                     f"({format_month(row['as_of'], short=True, lang=lang)})")
    status = label(f"target_{target['status']}", lang)
    out[label("hl_reg_target", lang)] = (f"{_pct(target['target_pct'], lang)} "
                                         f"({int(target['year'])}, {target['target_basis']}; "
                                         f"{status})")
    gaps = ranked[ranked["gap_workers"].notna() & (ranked["gap_workers"] > 0)]
    if len(gaps):
        row = gaps.sort_values("gap_workers", ascending=False).iloc[0]
        out[label("hl_reg_gap", lang)] = label(
            "hl_reg_gap_text", lang, region=region_name(row["region_code"], lang),
            workers=format_number(row["gap_workers"], lang=lang))
    out[label("hl_reg_change", lang)] = _change_text(coverage, province, lang)
    out[label("hl_reg_parts", lang)] = _parts_text(coverage, province, lang)
    return out


def _change_text(coverage, province: str, lang: str) -> str:
    change = regencies.regency_change(coverage, province)
    moved = change[change["comparable"].fillna(False).astype(bool)
                   & (change["level"] == "regency")]
    if moved.empty:
        return label("hl_reg_no_change", lang)
    return "; ".join(
        f"{region_name(r['region_code'], lang)} "
        f"{format_points(r['change_points'], decimals=2, lang=lang)} "
        f"({format_month(r['from_as_of'], short=True, lang=lang)}–"
        f"{format_month(r['to_as_of'], short=True, lang=lang)})" for _, r in moved.iterrows())


def _parts_text(coverage, province: str, lang: str) -> str:
    parts = regencies.province_vs_regencies(coverage, province)
    complete = parts["with_count"] == parts["regencies"]
    useful = parts[(parts["status"] != "no_province") | complete]
    if useful.empty:
        return label("hl_reg_parts_none", lang)
    row = useful.iloc[0]
    return label(f"hl_reg_parts_{row['status']}", lang, date=format_date(
        row["as_of"], short=True, lang=lang), n=row["with_pct"] if row["status"] ==
        "consistent" else max(row["with_count"], row["with_pct"]), total=row["regencies"],
        province=_pct(row["province_pct"], lang), low=_pct(row["pct_low"], lang),
        high=_pct(row["pct_high"], lang), covered=format_number(row["sum_covered"], lang=lang),
        potential=format_number(row["sum_potential"], lang=lang),
        pct=_pct(row["pct_of_sums"], lang))


__all__ = ["BUILDERS", "CHARTS", "headlines", "label_or", "province_and_target",
           "ranking_for"]
