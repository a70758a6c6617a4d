"""Coverage charts: national participants, provinces ranked, one region's bullet,
segments (covered vs uncovered).

Each function takes a canonical table first, options keyword-only, ``ax=None``; it
returns the new Figure (or the Axes it was given) and records the plotted rows for
``export_chart`` (CSV and footer sources). Titles and sources are added by the export.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from paritrana_analysis.charts._base import (
    attach,
    axes_or_new,
    empty_chart,
    labelled_bars,
    latest,
    new_figure,
    region_name,
    region_ticks,
    require_columns,
    result,
    source_of,
    with_pct,
)
from paritrana_analysis.charts.style import COLORS, styled, text_color_on
from paritrana_analysis.formatting import (
    check_lang,
    format_about,
    format_as_of,
    format_compact,
    format_count,
    format_figure,
    format_month,
    format_number,
    format_percent,
    label,
    label_or,
)
from paritrana_analysis.targets import next_target_year, pick_targets


def _level(df: pd.DataFrame, level: str) -> pd.Series:
    if "level" in df.columns:
        return df["level"].astype("string") == level
    if level == "national":
        return df["region_code"].astype("string") == "ID"
    if level == "province":
        return df["region_code"].astype("string").str.fullmatch(r"ID-[A-Z]{2}").fillna(False)
    return df["region_code"].astype("string").str.contains(r"\.", regex=True).fillna(False)


def _segment_all(df: pd.DataFrame) -> pd.Series:
    if "segment" not in df.columns:
        return pd.Series(True, index=df.index)
    return df["segment"].astype("string").fillna("all") == "all"


def _names(df: pd.DataFrame, lang: str) -> list[str]:
    fallback = df["region"] if "region" in df.columns else df["region_code"]
    return [region_name(c, lang, fallback=f) for c, f in zip(df["region_code"], fallback,
                                                             strict=True)]


def _pct_axis(ax: Axes, lang: str, axis: str = "y", decimals: int = 0) -> None:
    fmt = FuncFormatter(lambda v, _pos: format_percent(v, decimals=decimals, lang=lang))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def _latest_provinces(coverage: pd.DataFrame, min_date=None) -> pd.DataFrame:
    """Each province's latest total figure with a percentage (the ranking and the tile map
    show the same current figure); figures older than ``min_date`` are left out."""
    df = with_pct(coverage[_level(coverage, "province") & _segment_all(coverage)])
    df = df[df["coverage_pct"].notna()].copy()
    df["as_of"] = pd.to_datetime(df["as_of"])
    if min_date is not None:
        df = df[df["as_of"] >= pd.Timestamp(min_date)]
    df["region_code"] = df["region_code"].astype(str)
    return latest(df, "region_code")


# --------------------------------------------------------------------------- 1


@styled
def national_participants_chart(coverage: pd.DataFrame, *, lang: str = "id",
                                ax: Axes | None = None):
    """Bars of national active participants (``covered``), one per year.

    Uses rows with level "national" (or region_code "ID") and segment "all". Per year the
    latest ``as_of`` is shown; a year not ending in December is labelled with its month
    ("Mei 2025"). Several figures for one date: the last row in the table is used.
    """
    check_lang(lang)
    require_columns(coverage, ["region_code", "as_of", "covered"], "coverage table")
    fig, ax, created = axes_or_new(ax)
    df = coverage[_level(coverage, "national") & _segment_all(coverage)].copy()
    df = df[df["covered"].notna()]
    if df.empty:
        return empty_chart(fig, ax, created, lang, ["period", "as_of", "covered", "source"])
    df["as_of"] = pd.to_datetime(df["as_of"])
    df["year"] = df["as_of"].dt.year
    df = latest(df, "year").sort_values("as_of")
    periods = [
        str(d.year) if d.month == 12 else format_month(d, short=True, lang=lang)
        for d in df["as_of"]
    ]
    values = df["covered"].astype("float64").to_numpy()
    labelled_bars(ax, values, [format_compact(v, lang=lang) for v in values],
                  [COLORS["base"]] * len(values), width=0.62, fontsize=12, weight="semibold",
                  lang=lang)
    ax.set_xticks(np.arange(len(values)), periods)
    ax.spines["bottom"].set_color("#999999")
    plotted = pd.DataFrame({
        "period": periods,
        "as_of": df["as_of"].to_numpy(),
        "covered": df["covered"].astype("Int64").to_numpy(),
        "source": source_of(df).to_numpy(),
    })
    alt = label("alt_national", lang, n=len(values), first=format_compact(values[0], lang=lang),
                start=periods[0], last=format_compact(values[-1], lang=lang), end=periods[-1])
    attach(ax, plotted, alt)
    return result(fig, ax, created)


# --------------------------------------------------------------------------- 2


@styled
def provincial_ranking_chart(
    coverage: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    *,
    region: str | None = "ID-SS",
    target_year: int | None = None,
    min_date=None,
    lang: str = "id",
    ax: Axes | None = None,
):
    """Provinces ranked by their latest coverage (%), highest on top.

    ``region`` is highlighted; ``targets`` (canonical targets table) adds each province's
    target for ``target_year`` (default: the year of the latest figure) as a tick (several
    targets: see :func:`pick_targets`). Rows need coverage_pct, or covered and potential;
    figures older than ``min_date`` are left out. When the figures have different dates,
    each value carries its month; a figure the reconciliation flags (a ``flagged`` column,
    `standing.figures_by_date`) is marked "*". Values keep the precision they were
    published with (`formatting.format_figure`). Best exported "portrait" beyond ~16.
    """
    check_lang(lang)
    require_columns(coverage, ["region_code", "as_of"], "coverage table")
    fig, ax, created = axes_or_new(ax, "portrait")
    df = _latest_provinces(coverage, min_date)
    if df.empty:
        return empty_chart(fig, ax, created, lang,
                           ["rank", "region_code", "coverage_pct", "source"])
    df = df.sort_values(["coverage_pct", "region_code"], ascending=[False, True], kind="stable")
    dated = df["as_of"].nunique() > 1
    if target_year is None:
        target_year = int(df["as_of"].max().year)
    df = df.merge(pick_targets(targets, target_year), on="region_code", how="left")
    names = _names(df, lang)
    ours = (df["region_code"] == region).to_numpy()
    flags = df["flagged"].fillna(False).astype(bool).to_numpy() if "flagged" in df \
        else np.zeros(len(df), dtype=bool)
    has_targets = _ranking_bars(ax, df, names, ours, flags, dated, lang)
    _ranking_legend(ax, names, ours, has_targets, target_year, lang)
    attach(ax, _ranking_table(df, names, target_year, flags),
           _ranking_alt(names, df["coverage_pct"].astype("float64").to_numpy(), ours, lang))
    return result(fig, ax, created)


def _ranking_bars(ax: Axes, df: pd.DataFrame, names: list[str], ours, flags, dated: bool,
                  lang: str) -> bool:
    """The ranked bars with their values and target ticks; our region in the highlight
    colour. Returns whether any province has a target (for the legend)."""
    values = df["coverage_pct"].astype("float64").to_numpy()
    tvals = pd.to_numeric(df["target_pct"], errors="coerce").astype("float64").to_numpy()
    n = len(df)
    y = np.arange(n)[::-1]
    ax.barh(y, values, height=0.72, color=[COLORS["highlight"] if o else COLORS["context"]
                                           for o in ours])
    fs = 12 if n <= 15 else (11 if n <= 30 else 10.5)
    top = np.nanmax(np.concatenate([values, tvals[~np.isnan(tvals)]]))
    quals = df["qualifier"] if "qualifier" in df.columns else [None] * n
    for yi, v, t, o, when, flag, q in zip(y, values, tvals, ours, df["as_of"], flags, quals,
                                          strict=True):
        if not np.isnan(t):
            ax.plot([t, t], [yi - 0.46, yi + 0.46], color=COLORS["ink"], lw=2.2,
                    solid_capstyle="butt", zorder=3)
        # Value right of the bar; pushed past the target tick when they would touch.
        end = t if (not np.isnan(t) and 0 <= t - v < top * 0.09) else v
        text = format_figure(v, qualifier=q, lang=lang) + (" *" if flag else "")
        if dated:
            text += f" · {format_as_of(when, short=True, lang=lang)}"
        ax.text(end + top * 0.012, yi, text, va="center", ha="left", fontsize=fs,
                fontweight="bold" if o else "normal",
                color=COLORS["highlight"] if o else COLORS["ink"])
    region_ticks(ax, y, names, ours, fs)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, top * (1.22 if dated else 1.13))
    ax.grid(False)
    ax.spines["bottom"].set_visible(False)
    ax.set_xticks([])
    return bool((~np.isnan(tvals)).any())


def _ranking_legend(ax: Axes, names: list[str], ours, has_targets: bool, target_year: int,
                    lang: str) -> None:
    """Legend above the bars: our region, the others, the target tick (only what is drawn)."""
    handles = []
    if ours.any():
        handles.append(Patch(color=COLORS["highlight"], label=names[int(np.argmax(ours))]))
        handles.append(Patch(color=COLORS["context"], label=label("other_regions", lang)))
    if has_targets:
        handles.append(Line2D([], [], color=COLORS["ink"], lw=2.2, marker="|", markersize=0,
                              label=label("target_year", lang, year=target_year)))
    if handles:
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(handles),
                  fontsize=12)


def _ranking_table(df: pd.DataFrame, names: list[str], target_year: int, flags) -> pd.DataFrame:
    """The ranking as plotted, with each target's basis and source, for the CSV."""
    return pd.DataFrame({
        "rank": np.arange(1, len(df) + 1),
        "region_code": df["region_code"].to_numpy(),
        "region": names,
        "as_of": df["as_of"].to_numpy(),
        "coverage_pct": df["coverage_pct"].to_numpy(),
        "target_year": target_year,
        "target_pct": df["target_pct"].astype("Float64").to_numpy(),
        "target_basis": df["target_basis"].astype("string").to_numpy(),
        "source": source_of(df).to_numpy(),
        "target_source": df["target_source"].astype("string").to_numpy(),
        "flagged": flags,
    })


def _ranking_alt(names: list[str], values, ours, lang: str) -> str:
    """Alt text: the top and bottom province, and where ours ranks."""
    our_text = ""
    if ours.any():
        i = int(np.argmax(ours))
        our_text = label("alt_rank_ours", lang, region=names[i], rank=i + 1, n=len(names),
                         value=format_figure(values[i], lang=lang))
    alt = label("alt_ranked", lang, n=len(names), top=names[0],
                top_value=format_figure(values[0], lang=lang), bottom=names[-1],
                bottom_value=format_figure(values[-1], lang=lang))
    return f"{alt} {our_text}".strip()


# --------------------------------------------------------------------------- 3


@styled
def region_progress_chart(
    coverage: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    *,
    region: str | Sequence[str] = "ID-SS",
    year: int | None = None,
    long_term_pct: float = 99.5,
    long_term_year: int = 2045,
    past: Sequence[tuple[int, float, str]] = (),
    size: str = "landscape",
    lang: str = "id",
    ax: Axes | None = None,
):
    """Bullet chart: current coverage vs this year's target vs ``long_term_pct`` in
    ``long_term_year`` (99,5% in 2045, RPJPN), one row per region in ``region``.

    The current value is the latest total (segment "all") figure of each region; the
    target is the targets-table row for that region and ``year`` (default: the year of
    the current figure, or the next year the region has a target for; several targets:
    see :func:`pick_targets`). The first region is highlighted. ``past``: targets whose
    year has passed, (year, target_pct, status text), drawn as thin grey ticks.
    ``size``: "square" or "portrait" lays it out for social media (larger text).
    """
    check_lang(lang)
    require_columns(coverage, ["region_code", "as_of"], "coverage table")
    codes = [region] if isinstance(region, str) else list(region)
    fig, ax, created = axes_or_new(ax, size)
    big = 1.25 if size != "landscape" else 1.0
    rows = _progress_rows(coverage, targets, codes, year=year, long_term_pct=long_term_pct,
                          long_term_year=long_term_year, lang=lang)
    if not rows:
        return empty_chart(fig, ax, created, lang, ["region_code", "coverage_pct", "source"])
    plotted = pd.DataFrame(rows)
    y = np.arange(len(plotted))[::-1] * 1.0
    social = size != "landscape" and len(plotted) == 1
    for i, (yi, row) in enumerate(zip(y, plotted.itertuples(), strict=True)):
        _bullet_row(ax, yi, row, COLORS["highlight"] if i == 0 else COLORS["base"],
                    past if i == 0 else (), long_term_year, big, social, lang)
    _progress_axes(ax, y, plotted["region"], big, social, lang)
    first = plotted.iloc[0]
    alt = label("alt_bullet", lang, region=first["region"],
                value=format_figure(first["coverage_pct"], lang=lang),
                target=format_figure(first["target_pct"], lang=lang),
                year=first["target_year"], long=format_figure(long_term_pct, lang=lang),
                long_year=long_term_year)
    attach(ax, plotted, alt)
    return result(fig, ax, created)


def _progress_rows(coverage: pd.DataFrame, targets: pd.DataFrame | None, codes: list[str], *,
                   year: int | None, long_term_pct: float, long_term_year: int,
                   lang: str) -> list[dict]:
    """One row per region in ``codes`` that has a figure (in the order asked), each with its
    latest total figure and its target; a region without a figure is left out."""
    df = with_pct(coverage[_segment_all(coverage)])
    df = df[df["coverage_pct"].notna() & df["region_code"].astype(str).isin(codes)].copy()
    df["region_code"] = df["region_code"].astype(str)
    df["as_of"] = pd.to_datetime(df["as_of"])
    df = latest(df, "region_code")
    rows = []
    for code in codes:
        hit = df[df["region_code"] == code]
        if not hit.empty:
            rows.append(_progress_row(hit.iloc[0], targets, code, year=year,
                                      long_term_pct=long_term_pct,
                                      long_term_year=long_term_year, lang=lang))
    return rows


def _progress_row(r: pd.Series, targets: pd.DataFrame | None, code: str, *, year: int | None,
                  long_term_pct: float, long_term_year: int, lang: str) -> dict:
    """A region's current figure beside the target for ``year`` (default: the next year
    the region has a target for, from the figure's year on) and the long-term target."""
    yr = int(year) if year is not None else next_target_year(targets, code,
                                                              int(r["as_of"].year),
                                                              long_term_year)
    tg = pick_targets(targets, yr)
    tg = tg[tg["region_code"] == code]
    return {
        "region_code": code,
        "region": region_name(code, lang,
                              fallback=r["region"] if "region" in r.index else None),
        "as_of": r["as_of"],
        "coverage_pct": float(r["coverage_pct"]),
        "target_year": yr,
        "target_pct": float(tg["target_pct"].iloc[0]) if len(tg) else np.nan,
        "target_basis": tg["target_basis"].iloc[0] if len(tg) else "",
        "other_targets": tg["other_targets"].iloc[0] if len(tg) else "",
        "long_term_year": long_term_year,
        "long_term_pct": float(long_term_pct),
        "source": r["source"] if "source" in r.index else "",
        "target_source": tg["target_source"].iloc[0] if len(tg) else "",
    }


def _progress_axes(ax: Axes, y, names, big: float, social: bool, lang: str) -> None:
    """Percent axis 0-100 and the region names (the first in bold); `social`: no names,
    room above the bar for the figure in large type."""
    ax.tick_params(axis="x", labelsize=12 * big)
    ax.set_xlim(0, 101)
    if social:  # the region and its figure in large type above a full-width bar
        ax.set_yticks([])
        ax.set_ylim(-0.8, 1.95)
    else:
        ax.set_yticks(y, names, fontsize=14 * big)
        for tick in ax.get_yticklabels()[:1]:
            tick.set_fontweight("bold")
        span = max(len(y), 1.4)  # one region alone should not fill the whole height
        mid = (y.min() - 0.95 + y.max() + 0.8) / 2
        ax.set_ylim(mid - span * 0.75, mid + span * 0.75)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    _pct_axis(ax, lang, axis="x")
    ax.grid(False)
    ax.spines["bottom"].set_visible(False)


def _bullet_row(ax: Axes, yi: float, row, color: str, past, long_term_year: int, big: float,
                social: bool, lang: str) -> None:
    """One region's bar: background to 100%, target zone, coverage, past targets (grey),
    the next and the long-term target ticks; `social`: the figure in large type above."""
    ax.barh(yi, 100, height=0.62, color="#EEEEEE", zorder=1)
    if not np.isnan(row.target_pct):
        ax.barh(yi, row.target_pct, height=0.62, color="#DDDDDD", zorder=1)
    ax.barh(yi, row.coverage_pct, height=0.28, color=color, zorder=2)
    when = label("as_of", lang, date=format_as_of(row.as_of, short=True, lang=lang))
    if social:
        ax.text(0, yi + 0.9, format_figure(row.coverage_pct, lang=lang), ha="left",
                va="bottom", fontsize=64, fontweight="bold", color=color)
        ax.text(0, yi + 0.62, f"{row.region} · {when}", ha="left", va="bottom", fontsize=20,
                color=COLORS["ink"])
    else:
        ax.text(row.coverage_pct, yi - 0.24,
                f"{format_figure(row.coverage_pct, lang=lang)}\n{when}", ha="center",
                va="top", fontsize=13 * big, fontweight="bold", color=color, linespacing=1.1)
    for k, (p_year, p_value, p_text) in enumerate(past):
        ax.plot([p_value, p_value], [yi - 0.31, yi + 0.31], color="#888888", lw=1.6,
                zorder=3, solid_capstyle="butt")
        ax.text(p_value, yi - 0.36 - 0.2 * k,
                f"{p_year}: {format_figure(p_value, lang=lang)} ({p_text})",
                ha="left" if p_value < 60 else "right", va="top", fontsize=11 * big,
                color="#666666")
    gap = row.target_pct - row.coverage_pct
    if not np.isnan(gap) and gap > 0:
        ax.text((row.coverage_pct + row.target_pct) / 2, yi,
                label("gap_to_target", lang, points=format_figure(gap, lang=lang).rstrip("%")),
                ha="center", va="center", fontsize=12 * big, color="#555555", zorder=3)
    for value, yr, style in ((row.target_pct, row.target_year, "-"),
                             (row.long_term_pct, long_term_year, "--")):
        if np.isnan(value):
            continue
        ax.plot([value, value], [yi - 0.4, yi + 0.4], color=COLORS["ink"], lw=2.5,
                linestyle=style, zorder=3, solid_capstyle="butt")
        ax.text(value, yi + 0.44, label("long_term_target", lang, year=yr,
                                        value=format_figure(value, lang=lang)),
                ha="right" if value > 85 else "center", va="bottom", fontsize=12 * big,
                color=COLORS["ink"])


# --------------------------------------------------------------------------- 4


@styled
def segment_chart(
    data: pd.DataFrame,
    *,
    region: str | None = None,
    lang: str = "id",
    ax: Axes | None = None,
):
    """Covered and uncovered workers per segment, as 100% bars with the counts.

    ``data``: coverage rows (segment other than "all", with covered and potential or
    coverage_pct), or ``segments.segment_breakdown`` output (segment, covered,
    potential, uncovered, coverage_pct). ``region`` keeps one region_code. The latest
    figure per segment is used. Segments without a potential show the count only; a
    potential worked out from a count and a percentage is written as the approximation
    it is ("13.117 dari sekitar 86,9 ribu pekerja").
    """
    check_lang(lang)
    require_columns(data, ["segment", "covered"], "segment table")
    fig, ax, created = axes_or_new(ax)
    df = _segment_rows(data, region)
    if df.empty:
        return empty_chart(fig, ax, created, lang, ["segment", "covered", "potential", "source"])
    df = _with_potential(df)
    names = [label_or(f"seg_{s}", str(s).replace("_", " "), lang) for s in df["segment"]]
    pct = df["coverage_pct"].astype("float64").to_numpy()
    n = len(df)
    y = np.arange(n)[::-1]
    for yi, c, p, s, approx in zip(y, df["covered"].astype("float64").to_numpy(),
                                   df["potential"].astype("float64").to_numpy(), pct,
                                   df["_about"].to_numpy(dtype=bool), strict=True):
        _segment_bar(ax, yi, c, p, s, approx, lang)
    ax.set_yticks(y, names, fontsize=13)
    ax.set_ylim(-0.6, n - 0.4)
    ax.grid(False)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.legend(handles=[Patch(color=COLORS["base"], label=label("covered", lang)),
                       Patch(color=COLORS["uncovered"], label=label("uncovered", lang))],
              loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2)
    ax.set_xlim(0, 145)  # room on the right for "12.345 dari 50.000 pekerja"
    best = int(np.nanargmax(np.where(np.isnan(pct), -1, pct)))
    alt = label("alt_segments", lang, n=n, best=names[best],
                best_value=format_figure(pct[best], lang=lang))
    attach(ax, _segment_table(df, names), alt)
    return result(fig, ax, created)


def _segment_rows(data: pd.DataFrame, region: str | None) -> pd.DataFrame:
    """The latest figure of each segment (not "all") with a count of covered workers, for
    ``region`` when the table has several; a potential column even when none is known."""
    df = data.copy()
    if region is not None and "region_code" in df.columns:
        df = df[df["region_code"] == region]
    df = df[df["segment"].astype("string") != "all"]
    df = df[df["covered"].notna()]
    if "potential" not in df.columns:
        df["potential"] = pd.NA
    df = with_pct(df)
    if "as_of" in df.columns:
        df["as_of"] = pd.to_datetime(df["as_of"])
        df = latest(df, "segment")
    return df


def _with_potential(df: pd.DataFrame) -> pd.DataFrame:
    """Potential workers filled in from covered / coverage_pct where not published, marked
    in ``_about`` so the label says "sekitar"; sorted best covered first."""
    pot = pd.to_numeric(df["potential"], errors="coerce").astype("Float64")
    df["_about"] = pot.isna().to_numpy(dtype=bool) if "potential_implied" not in df else \
        df["potential_implied"].fillna(False).astype(bool).to_numpy()
    derived = pd.to_numeric(df["covered"], errors="coerce") / (df["coverage_pct"] / 100)
    df["potential"] = pot.fillna(derived.round()).astype("Float64")
    return df.sort_values("coverage_pct", ascending=False, na_position="last", kind="stable")


def _segment_bar(ax: Axes, yi: float, covered: float, potential: float, pct: float,
                 approx: bool, lang: str) -> None:
    """One segment: a 100% bar split covered/uncovered with the share, and "covered of
    potential workers" to its right; without a percentage, the count alone."""
    if np.isnan(pct):
        ax.text(0, yi, f"{format_count(covered, lang=lang)} "
                f"{label('covered', lang).lower()}; {label('potential_unknown', lang)}",
                va="center", ha="left", fontsize=12, color=COLORS["muted"])
        return
    share = min(max(pct, 0), 100)
    ax.barh(yi, share, height=0.6, color=COLORS["base"])
    ax.barh(yi, 100 - share, left=share, height=0.6, color=COLORS["uncovered"])
    inside = share >= 12
    ax.text(share - 1.2 if inside else share + 1.2, yi,
            format_figure(pct, lang=lang),
            ha="right" if inside else "left", va="center", fontsize=13, fontweight="bold",
            color=text_color_on(COLORS["base"]) if inside else COLORS["ink"])
    total = format_about(potential, lang=lang) if approx else format_number(potential, lang=lang)
    ax.text(101.5, yi, label("of_workers", lang, covered=format_count(covered, lang=lang),
                             potential=total),
            ha="left", va="center", fontsize=12, color=COLORS["ink"])


def _segment_table(df: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """The segments as plotted, counts as whole numbers, for the CSV."""
    return pd.DataFrame({
        "segment": df["segment"].to_numpy(),
        "segment_label": names,
        "region_code": df["region_code"].to_numpy() if "region_code" in df else "",
        "covered": df["covered"].astype("Int64").to_numpy(),
        "potential": df["potential"].round().astype("Int64").to_numpy(),
        "uncovered": (df["potential"] - df["covered"].astype("Float64")).clip(lower=0)
        .round().astype("Int64").to_numpy(),
        "coverage_pct": df["coverage_pct"].to_numpy(),
        "source": source_of(df).to_numpy(),
    })


__all__ = [
    "national_participants_chart",
    "provincial_ranking_chart",
    "region_progress_chart",
    "segment_chart",
    "new_figure",
]
