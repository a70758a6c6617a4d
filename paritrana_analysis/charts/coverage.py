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
    labelled_bars,
    latest,
    new_figure,
    no_data,
    region_name,
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
        no_data(ax, lang)
        attach(ax, pd.DataFrame(columns=["period", "as_of", "covered", "source"]), "")
        return result(fig, ax, created)
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


# When a region has several targets for one year, the first basis in this list is shown
# (the official Kemendagri target for regional governments, then the governor's own).


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
    df = with_pct(coverage[_level(coverage, "province") & _segment_all(coverage)])
    df = df[df["coverage_pct"].notna()].copy()
    if df.empty:
        no_data(ax, lang)
        attach(ax, pd.DataFrame(columns=["rank", "region_code", "coverage_pct", "source"]), "")
        return result(fig, ax, created)
    df["as_of"] = pd.to_datetime(df["as_of"])
    if min_date is not None:
        df = df[df["as_of"] >= pd.Timestamp(min_date)]
    df["region_code"] = df["region_code"].astype(str)
    df = latest(df, "region_code")
    if df.empty:
        no_data(ax, lang)
        attach(ax, pd.DataFrame(columns=["rank", "region_code", "coverage_pct", "source"]), "")
        return result(fig, ax, created)
    df = df.sort_values(["coverage_pct", "region_code"], ascending=[False, True], kind="stable")
    dated = df["as_of"].nunique() > 1
    if target_year is None:
        target_year = int(df["as_of"].max().year)
    tg = pick_targets(targets, target_year)
    df = df.merge(tg, on="region_code", how="left")
    names = _names(df, lang)
    values = df["coverage_pct"].astype("float64").to_numpy()
    tvals = pd.to_numeric(df["target_pct"], errors="coerce").astype("float64").to_numpy()
    n = len(df)
    y = np.arange(n)[::-1]
    ours = (df["region_code"] == region).to_numpy()
    colors = [COLORS["highlight"] if o else COLORS["context"] for o in ours]
    ax.barh(y, values, height=0.72, color=colors)
    fs = 12 if n <= 15 else (11 if n <= 30 else 10.5)
    top = np.nanmax(np.concatenate([values, tvals[~np.isnan(tvals)]])) if n else 100
    flags = df["flagged"].fillna(False).astype(bool).to_numpy() if "flagged" in df \
        else np.zeros(n, dtype=bool)
    for yi, v, t, o, when, flag in zip(y, values, tvals, ours, df["as_of"], flags,
                                       strict=True):
        if not np.isnan(t):
            ax.plot([t, t], [yi - 0.46, yi + 0.46], color=COLORS["ink"], lw=2.2,
                    solid_capstyle="butt", zorder=3)
        # Value right of the bar; pushed past the target tick when they would touch.
        end = t if (not np.isnan(t) and 0 <= t - v < top * 0.09) else v
        text = format_figure(v, lang=lang) + (" *" if flag else "")
        if dated:
            text += f" · {format_as_of(when, short=True, lang=lang)}"
        ax.text(end + top * 0.012, yi, text,
                va="center", ha="left", fontsize=fs,
                fontweight="bold" if o else "normal",
                color=COLORS["highlight"] if o else COLORS["ink"])
    ax.set_yticks(y, names, fontsize=fs)
    for tick, o in zip(ax.get_yticklabels(), ours, strict=True):
        if o:
            tick.set_fontweight("bold")
            tick.set_color(COLORS["highlight"])
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, top * (1.22 if dated else 1.13))
    ax.grid(False)
    ax.spines["bottom"].set_visible(False)
    ax.set_xticks([])
    handles = []
    if ours.any():
        handles.append(Patch(color=COLORS["highlight"], label=names[int(np.argmax(ours))]))
        handles.append(Patch(color=COLORS["context"], label=label("other_regions", lang)))
    if (~np.isnan(tvals)).any():
        handles.append(Line2D([], [], color=COLORS["ink"], lw=2.2, marker="|", markersize=0,
                              label=label("target_year", lang, year=target_year)))
    if handles:
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(handles),
                  fontsize=12)
    rank = np.arange(1, n + 1)
    plotted = pd.DataFrame({
        "rank": rank,
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
    our_text = ""
    if ours.any():
        i = int(np.argmax(ours))
        our_text = label("alt_rank_ours", lang, region=names[i], rank=i + 1, n=n,
                         value=format_figure(values[i], lang=lang))
    alt = label("alt_ranked", lang, n=n, top=names[0],
                top_value=format_figure(values[0], lang=lang), bottom=names[-1],
                bottom_value=format_figure(values[-1], lang=lang))
    attach(ax, plotted, f"{alt} {our_text}".strip())
    return result(fig, ax, created)


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
    df = with_pct(coverage[_segment_all(coverage)])
    df = df[df["coverage_pct"].notna() & df["region_code"].astype(str).isin(codes)].copy()
    df["region_code"] = df["region_code"].astype(str)
    df["as_of"] = pd.to_datetime(df["as_of"])
    df = latest(df, "region_code")
    rows = []
    for code in codes:
        hit = df[df["region_code"] == code]
        if hit.empty:
            continue
        r = hit.iloc[0]
        yr = int(year) if year is not None else next_target_year(targets, code,
                                                                  int(r["as_of"].year),
                                                                  long_term_year)
        tg = pick_targets(targets, yr)
        tg = tg[tg["region_code"] == code]
        rows.append({
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
        })
    if not rows:
        no_data(ax, lang)
        attach(ax, pd.DataFrame(columns=["region_code", "coverage_pct", "source"]), "")
        return result(fig, ax, created)
    plotted = pd.DataFrame(rows)
    n = len(plotted)
    y = np.arange(n)[::-1] * 1.0
    social = size != "landscape" and n == 1
    for i, (yi, row) in enumerate(zip(y, plotted.itertuples(), strict=True)):
        _bullet_row(ax, yi, row, COLORS["highlight"] if i == 0 else COLORS["base"],
                    past if i == 0 else (), long_term_year, big, social, lang)
    ax.tick_params(axis="x", labelsize=12 * big)
    ax.set_xlim(0, 101)
    if social:  # the region and its figure in large type above a full-width bar
        ax.set_yticks([])
        ax.set_ylim(-0.8, 1.95)
    else:
        ax.set_yticks(y, plotted["region"], fontsize=14 * big)
        for tick in ax.get_yticklabels()[:1]:
            tick.set_fontweight("bold")
        span = max(n, 1.4)  # one region alone should not fill the whole height
        mid = (y.min() - 0.95 + y.max() + 0.8) / 2
        ax.set_ylim(mid - span * 0.75, mid + span * 0.75)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    _pct_axis(ax, lang, axis="x")
    ax.grid(False)
    ax.spines["bottom"].set_visible(False)
    first = plotted.iloc[0]
    alt = label("alt_bullet", lang, region=first["region"],
                value=format_figure(first["coverage_pct"], lang=lang),
                target=format_figure(first["target_pct"], lang=lang),
                year=first["target_year"], long=format_figure(long_term_pct, lang=lang),
                long_year=long_term_year)
    attach(ax, plotted, alt)
    return result(fig, ax, created)


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
    if df.empty:
        no_data(ax, lang)
        attach(ax, pd.DataFrame(columns=["segment", "covered", "potential", "source"]), "")
        return result(fig, ax, created)
    pot = pd.to_numeric(df["potential"], errors="coerce").astype("Float64")
    df["_about"] = pot.isna().to_numpy(dtype=bool) if "potential_implied" not in df else \
        df["potential_implied"].fillna(False).astype(bool).to_numpy()
    derived = pd.to_numeric(df["covered"], errors="coerce") / (df["coverage_pct"] / 100)
    df["potential"] = pot.fillna(derived.round()).astype("Float64")
    df = df.sort_values("coverage_pct", ascending=False, na_position="last", kind="stable")
    names = [label_or(f"seg_{s}", str(s).replace("_", " "), lang) for s in df["segment"]]
    covered = df["covered"].astype("float64").to_numpy()
    potential = df["potential"].astype("float64").to_numpy()
    pct = df["coverage_pct"].astype("float64").to_numpy()
    n = len(df)
    y = np.arange(n)[::-1]
    about = df["_about"].to_numpy(dtype=bool)
    for yi, c, p, s, approx in zip(y, covered, potential, pct, about, strict=True):
        if np.isnan(s):
            ax.text(0, yi, f"{format_count(c, lang=lang)} "
                    f"{label('covered', lang).lower()}; {label('potential_unknown', lang)}",
                    va="center", ha="left", fontsize=12, color=COLORS["muted"])
            continue
        share = min(max(s, 0), 100)
        ax.barh(yi, share, height=0.6, color=COLORS["base"])
        ax.barh(yi, 100 - share, left=share, height=0.6, color=COLORS["uncovered"])
        inside = share >= 12
        ax.text(share - 1.2 if inside else share + 1.2, yi,
                format_figure(s, lang=lang),
                ha="right" if inside else "left", va="center", fontsize=13, fontweight="bold",
                color=text_color_on(COLORS["base"]) if inside else COLORS["ink"])
        total = format_about(p, lang=lang) if approx else format_number(p, lang=lang)
        ax.text(101.5, yi, label("of_workers", lang, covered=format_count(c, lang=lang),
                                 potential=total),
                ha="left", va="center", fontsize=12, color=COLORS["ink"])
    ax.set_yticks(y, names, fontsize=13)
    ax.set_ylim(-0.6, n - 0.4)
    ax.grid(False)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.legend(handles=[Patch(color=COLORS["base"], label=label("covered", lang)),
                       Patch(color=COLORS["uncovered"], label=label("uncovered", lang))],
              loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2)
    ax.set_xlim(0, 145)  # room on the right for "12.345 dari 50.000 pekerja"
    plotted = pd.DataFrame({
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
    best = int(np.nanargmax(np.where(np.isnan(pct), -1, pct)))
    alt = label("alt_segments", lang, n=n, best=names[best],
                best_value=format_figure(pct[best], lang=lang))
    attach(ax, plotted, alt)
    return result(fig, ax, created)


__all__ = [
    "national_participants_chart",
    "provincial_ranking_chart",
    "region_progress_chart",
    "segment_chart",
    "new_figure",
]
