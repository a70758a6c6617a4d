"""Tile-grid map of the 38 provinces, each a square coloured by coverage class.

The layout is data: ``paritrana_analysis/data/tilemap.csv`` (code, row, col, abbr).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch, Rectangle

from paritrana_analysis.charts._base import (
    attach,
    axes_or_new,
    region_name,
    require_columns,
    result,
    source_of,
)
from paritrana_analysis.charts.coverage import _latest_provinces
from paritrana_analysis.charts.style import COLORS, get_palette, styled, text_color_on
from paritrana_analysis.formatting import (
    check_lang,
    format_figure,
    format_month,
    format_percent,
    label,
)
from paritrana_analysis.paths import reference

DEFAULT_BINS = (0, 25, 35, 45, 55, 100)


@lru_cache(maxsize=1)
def tile_layout() -> pd.DataFrame:
    """The tile positions: code, row, col, abbr (one row per province)."""
    with reference("tilemap.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    df = pd.DataFrame(rows)
    df["row"] = df["row"].astype(int)
    df["col"] = df["col"].astype(int)
    return df


def _bin_labels(bins: Sequence[float], lang: str) -> list[str]:
    out = []
    last = len(bins) - 2
    for i, (lo, hi) in enumerate(zip(bins[:-1], bins[1:], strict=True)):
        lo_t = format_percent(lo, decimals=1, trim=True, lang=lang)
        hi_t = format_percent(hi, decimals=1, trim=True, lang=lang)
        if i == 0 and lo <= 0:
            out.append(f"< {hi_t}")
        elif i == last and hi >= 100:
            out.append(f"≥ {lo_t}")
        else:
            out.append(f"{lo_t.rstrip('%')}–{hi_t}")
    return out


TILE_MARKS = {"rounded": "±", "lower_bound": ">", "upper_bound": "<"}  # no room for words


def marked_figure(value, qualifier, lang: str) -> str:
    """``±21,06%``: a figure with its source's precision as a mark (the map's note says
    what the marks mean), where a tile or a one-line title has no room for "sekitar"."""
    return TILE_MARKS.get(str(qualifier), "") + format_figure(value, lang=lang)


def _tile(ax: Axes, x: float, y: float, abbr: str, value: float, face, old_day, *,
          ours: bool, scale: float, lang: str, qualifier: str = "exact") -> None:
    """One province: coloured by class (`face`), grey with its year when the figure is old
    (`old_day`), white and hatched without a figure; our region outlined."""
    size, gap = 1.0, 0.08
    corner, side = (x + gap / 2, y + gap / 2), size - gap
    missing = np.isnan(value)
    if missing:
        ink = COLORS["muted"]
        ax.add_patch(Rectangle(corner, side, side, facecolor=COLORS["nodata_face"],
                               edgecolor=COLORS["nodata_edge"], hatch="////", linewidth=0.8))
    elif old_day is not None:
        ink = COLORS["muted"]
        ax.add_patch(Rectangle(corner, side, side, facecolor="#F2F2F2", edgecolor="#C8C8C8",
                               linewidth=0.8))
        ax.text(x + 0.5, y + 0.13, str(old_day.year), ha="center", va="center",
                fontsize=7.5 * scale, color=ink, zorder=5)
    else:
        ink = text_color_on(face)
        ax.add_patch(Rectangle(corner, side, side, facecolor=face, edgecolor="none"))
    if ours:
        ax.add_patch(Rectangle(corner, side, side, facecolor="none",
                               edgecolor=COLORS["highlight"], linewidth=3.5, zorder=4))
    box = dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none") \
        if missing else None
    ax.text(x + 0.5, y + 0.68, abbr, ha="center", va="center",
            fontsize=(8.5 if len(abbr) > 5 else 9.5) * scale, fontweight="bold",
            color=ink, bbox=box, zorder=5)
    text = "–" if missing else marked_figure(value, qualifier, lang)
    ax.text(x + 0.5, y + (0.36 if old_day is not None else 0.3), text, ha="center",
            va="center", fontsize=(9 if old_day is not None else 10) * scale, color=ink,
            zorder=5, bbox=box)


@styled
def tile_map_chart(
    coverage: pd.DataFrame,
    *,
    region: str | None = "ID-SS",
    bins: Sequence[float] = DEFAULT_BINS,
    min_date=None,
    size: str = "landscape",
    lang: str = "id",
    ax: Axes | None = None,
):
    """The 38 provinces as tiles coloured by their latest coverage (%), in ``bins``
    classes (light = low, dark = high); provinces with no figure are white, hatched and
    listed in the legend as "Tidak ada data". A figure older than ``min_date`` is not
    hidden: its tile is grey, hatched, with the value and its year ("angka lama").
    ``region`` gets a thick outline. Each tile shows the short name and the value (as
    published, `formatting.format_figure`). ``size`` "square"/"portrait": the legend goes
    under the map and the tiles fill the width (for social media)."""
    check_lang(lang)
    require_columns(coverage, ["region_code", "as_of"], "coverage table")
    bins = list(bins)
    if len(bins) < 2 or any(b >= a for a, b in zip(bins[1:], bins[:-1], strict=True)):
        raise ValueError(f"bins must be increasing, got {bins}")
    colors = get_palette("sequential", len(bins) - 1)
    fig, ax, created = axes_or_new(ax, size)
    wide = size == "landscape"
    scale = 1.0 if wide else 1.2
    layout = tile_layout()
    merged = _tile_figures(coverage, layout)
    values = merged["coverage_pct"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    when = pd.to_datetime(merged["as_of"])
    old = (when < pd.Timestamp(min_date)).to_numpy() if min_date is not None else \
        np.zeros(len(merged), dtype=bool)
    classes = np.digitize(values, bins[1:-1], right=False)
    nrows = int(layout["row"].max()) + 1
    for (code, row, col, abbr, qual), v, k, stale, day in zip(
        merged[["code", "row", "col", "abbr", "qualifier"]].itertuples(index=False), values,
        classes, old, when, strict=True,
    ):
        face = None if np.isnan(v) or stale else colors[int(k)]
        _tile(ax, col, nrows - 1 - row, abbr, v, face, day if stale else None,
              ours=code == region, scale=scale, lang=lang, qualifier=qual)
    ncols = int(layout["col"].max()) + 1
    ax.set_xlim(-0.05, ncols + 0.05)
    ax.set_ylim(-0.05 if wide else -2.9, nrows + 0.05)  # square/portrait: legend below
    ax.set_aspect("equal")
    ax.set_axis_off()
    _tile_legend(ax, colors, _bin_labels(bins, lang), old=old.any(), min_date=min_date,
                 region=region if region in set(layout["code"]) else None, wide=wide,
                 scale=scale, lang=lang)
    classes = [None if np.isnan(v) else _bin_labels(bins, lang)[int(k)]
               for v, k in zip(values, classes, strict=True)]
    missing = int(np.isnan(values).sum())
    stale = int((old & ~np.isnan(values)).sum())
    alt = label("alt_tilemap", lang, n=len(values) - missing - stale, missing=missing,
                old=stale)
    attach(ax, _tile_table(merged, classes, old, lang), alt)
    return result(fig, ax, created)


def _tile_figures(coverage: pd.DataFrame, layout: pd.DataFrame) -> pd.DataFrame:
    """Every tile of the layout with its province's latest figure (empty when none), so a
    province without data still gets its tile."""
    df = _latest_provinces(coverage)
    if "qualifier" not in df.columns:
        df["qualifier"] = "exact"
    return layout.merge(df[["region_code", "as_of", "coverage_pct", "qualifier"]].assign(
        source=source_of(df)), left_on="code", right_on="region_code", how="left")


def _tile_legend(ax: Axes, colors: list[str], classes: list[str], *, old: bool, min_date,
                 region: str | None, wide: bool, scale: float, lang: str) -> None:
    """The classes, then the keys for old figures (when shown), no data and our region.
    Landscape: a column on the right (the map is limited by height); square and portrait:
    under the map, in three columns, so the tiles fill the width."""
    handles = [Patch(facecolor=c, label=t) for c, t in zip(colors, classes, strict=True)]
    if old:
        handles.append(Patch(facecolor="#F2F2F2", edgecolor="#C8C8C8",
                             label=label("old_figure", lang,
                                         date=format_month(min_date, short=True, lang=lang))))
    handles.append(Patch(facecolor="white", edgecolor=COLORS["nodata_edge"], hatch="////",
                         label=label("no_data", lang)))
    if region is not None:
        handles.append(Patch(facecolor="white", edgecolor=COLORS["highlight"], linewidth=2.5,
                             label=region_name(region, lang)))
    where = dict(loc="center left", bbox_to_anchor=(1.01, 0.5), ncols=1) if wide else \
        dict(loc="lower center", bbox_to_anchor=(0.5, 0.0), ncols=3, frameon=False)
    ax.legend(handles=handles, fontsize=12 * scale, handlelength=1.4, handleheight=1.1,
              labelspacing=0.7, title=label("coverage_pct", lang), title_fontsize=12 * scale,
              alignment="left", **where)


def _tile_table(merged: pd.DataFrame, classes: list[str | None], old, lang: str) -> pd.DataFrame:
    """One row per tile as drawn (class label, whether the figure is recent), for the CSV."""
    return pd.DataFrame({
        "region_code": merged["code"].to_numpy(),
        "region": [region_name(c, lang) for c in merged["code"]],
        "abbr": merged["abbr"].to_numpy(),
        "as_of": merged["as_of"].to_numpy(),
        "coverage_pct": merged["coverage_pct"].astype("Float64").to_numpy(),
        "qualifier": merged["qualifier"].to_numpy(),
        "class": classes,
        "recent": ~old,
        "source": merged["source"].astype("string").to_numpy(),
    })
