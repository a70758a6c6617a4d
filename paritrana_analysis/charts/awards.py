"""Paritrana Award winners as a table figure."""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from paritrana_analysis.charts._base import (
    attach,
    axes_or_new,
    empty_chart,
    require_columns,
    result,
    source_of,
)
from paritrana_analysis.charts.style import COLORS, styled
from paritrana_analysis.formatting import check_lang, format_number, label

# Column starts (axes fraction) and wrap widths (characters) of the three columns.
_COLS = ((0.0, 34), (0.36, 10), (0.50, 60))
_EMPTY = ["year", "category", "rank", "winner", "source"]  # the CSV's columns, no award


@styled
def awards_chart(
    awards: pd.DataFrame,
    *,
    year: int | None = None,
    scope: str | None = None,
    region: str | None = "ID-SS",
    max_rows: int = 12,
    lang: str = "id",
    ax: Axes | None = None,
):
    """The winners of one year (default: the latest) as a table: category, rank, winner.

    Categories in the order they first appear, winners by rank (no rank, e.g. special
    awards: last within the category, shown as "–"). Winners from ``region`` (their
    ``province`` code) are bold in the highlight colour, unless every winner is. More
    than ``max_rows`` rows: the rest are counted in a last line. ``scope`` keeps
    "national" or "province" awards only."""
    check_lang(lang)
    require_columns(awards, ["year", "category", "rank", "winner"], "awards table")
    fig, ax, created = axes_or_new(ax)
    df = awards.copy()
    if scope is not None and "scope" in df.columns:
        df = df[df["scope"] == scope]
    if df.empty:
        return empty_chart(fig, ax, created, lang, _EMPTY)
    year = int(year) if year is not None else int(pd.to_numeric(df["year"]).max())
    df = df[pd.to_numeric(df["year"]) == year].copy()
    ax.set_axis_off()
    ax.grid(False)
    if df.empty:
        return empty_chart(fig, ax, created, lang, _EMPTY)
    df = _in_order(df)
    total = len(df)
    if region is not None and "province" in df.columns and (df["province"] == region).all():
        region = None  # every winner is ours: nothing to pick out
    shown = df if total <= max_rows else df.iloc[: max_rows - 1]
    _draw_table(ax, _cells(shown, region, lang), total - len(shown), lang)
    cols = [c for c in ("year", "scope", "province", "category", "rank", "winner")
            if c in df.columns]
    plotted = df[cols].copy()
    plotted["source"] = source_of(df).to_numpy()
    attach(ax, plotted, label("alt_awards", lang, year=year, n=total))
    return result(fig, ax, created)


def _in_order(df: pd.DataFrame) -> pd.DataFrame:
    """Categories in the order they first appear, winners by rank, unranked last."""
    df["_rank"] = pd.to_numeric(df["rank"], errors="coerce").astype("Float64").fillna(1e9)
    order = {c: i for i, c in enumerate(dict.fromkeys(df["category"].astype(str)))}
    df["_cat"] = df["category"].astype(str).map(order)
    return df.sort_values(["_cat", "_rank"], kind="stable").drop(columns=["_rank", "_cat"])


def _cells(shown: pd.DataFrame, region: str | None, lang: str) -> list[tuple[list[str], bool]]:
    """Each row's wrapped texts (category only where it changes, "–" for no rank) and
    whether the winner is from ``region``."""
    cells = []
    last_cat = None
    for row in shown.itertuples(index=False):
        cat = str(row.category)
        cat_text = cat if cat != last_cat else ""
        last_cat = cat
        rank = "–" if pd.isna(row.rank) else format_number(row.rank, lang=lang)
        texts = [textwrap.fill(cat_text, _COLS[0][1]), rank,
                 textwrap.fill(str(row.winner), _COLS[2][1])]
        cells.append((texts, getattr(row, "province", "") == region and region is not None))
    return cells


def _draw_table(ax: Axes, cells: list[tuple[list[str], bool]], extra: int, lang: str) -> None:
    """Header, a rule between categories, our winners on a tinted band, and a last line
    counting the rows left out. Rows are as tall as their wrapped text; a short table
    sits at the top (at least 15 line units high)."""
    line_h = 1.0
    lines_per_row = [max(t.count("\n") + 1 for t in texts) for texts, _ in cells]
    units = 1.4 + sum(n * line_h + 0.5 for n in lines_per_row) + (1.2 if extra else 0)
    units = max(units, 15.0)
    ax.set_xlim(0, 1)
    ax.set_ylim(units, 0)
    y = 0.0
    headers = (label("category", lang), label("rank", lang), label("winner", lang))
    for x, text in zip((c[0] for c in _COLS), headers, strict=True):
        ax.text(x + 0.01, y + 0.6, text, ha="left", va="center", fontsize=13,
                fontweight="bold", color=COLORS["muted"])
    y += 1.3
    ax.plot([0, 1], [y - 0.1, y - 0.1], color=COLORS["ink"], lw=1.2)
    for i, ((texts, ours), n) in enumerate(zip(cells, lines_per_row, strict=True)):
        h = n * line_h + 0.5
        if texts[0] and i > 0:
            ax.plot([0, 1], [y, y], color="#CCCCCC", lw=0.8)
        if ours:
            ax.add_patch(Rectangle((0, y), 1, h, facecolor="#FBE9DD", edgecolor="none",
                                   zorder=0))
        for j, (x, text) in enumerate(zip((c[0] for c in _COLS), texts, strict=True)):
            bold = (j == 0) or (ours and j == 2)
            color = COLORS["highlight"] if ours and j == 2 else COLORS["ink"]
            ax.text(x + 0.01, y + h / 2, text, ha="left", va="center", fontsize=13,
                    fontweight="bold" if bold else "normal", color=color, linespacing=1.15)
        y += h
    if extra:
        ax.text(0.01, y + 0.6, label("more_rows", lang, n=extra), ha="left", va="center",
                fontsize=12, style="italic", color=COLORS["muted"])
