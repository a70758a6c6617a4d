"""Private helpers shared by the chart functions (figure creation, data lookup)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from paritrana_analysis import regions
from paritrana_analysis.charts.style import COLORS
from paritrana_analysis.coverage import (
    newest_first_order,
    require_columns,  # noqa: F401 (re-exported)
    with_pct,  # noqa: F401 (re-exported)
)
from paritrana_analysis.formatting import check_lang, format_compact, label

DPI = 100
SIZES = {"landscape": (1200, 675), "square": (1080, 1080), "portrait": (1080, 1350)}


def new_figure(size: str = "landscape", **subplots) -> tuple[Figure, object]:
    """A Figure (not managed by pyplot, so notebooks show it once) with an Agg canvas."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {sorted(SIZES)}, not {size!r}")
    w, h = SIZES[size]
    fig = Figure(figsize=(w / DPI, h / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(**subplots) if subplots else fig.add_subplot()
    return fig, axes


def axes_or_new(ax: Axes | None, size: str = "landscape") -> tuple[Figure, Axes, bool]:
    """(figure, axes, created): a new landscape figure when ax is None."""
    if ax is None:
        fig, ax = new_figure(size)
        return fig, ax, True
    return ax.figure, ax, False


def attach(ax: Axes, data: pd.DataFrame, alt: str) -> None:
    """Remember what an Axes shows, for export_chart's CSV and alt text."""
    fig = ax.figure
    panels = getattr(fig, "_paritrana_panels", None)
    if panels is None:
        panels = []
        fig._paritrana_panels = panels
    panels[:] = [p for p in panels if p["ax"] is not ax]
    panels.append({"ax": ax, "data": data.reset_index(drop=True), "alt": alt})


def panels(fig: Figure) -> list[dict]:
    return list(getattr(fig, "_paritrana_panels", []))


def result(fig: Figure, ax, created: bool):
    """Chart functions return the Figure they made, or the Axes they were given."""
    return fig if created else ax




@lru_cache(maxsize=1)
def _provinces() -> dict[str, dict[str, str]]:
    """The 38 provinces by ISO code (rows of regions.provinces(), as dicts)."""
    table = regions.provinces().astype("string").fillna("")
    return {str(r["code"]): {k: str(v) for k, v in r.items()}
            for r in table.to_dict("records")}


def region_name(code: str, lang: str = "id", fallback: str | None = None) -> str:
    """Display name of a region code (regions.region_name: provinces and kabupaten/kota,
    e.g. "16.05" -> "Kab. Musi Rawas"); in charts ``ID`` is the "national" label. An
    unknown code gives `fallback` (or the code itself)."""
    check_lang(lang)
    if code == "ID":
        return label("national", lang)
    try:
        return regions.region_name(code, lang)
    except ValueError:
        return fallback if fallback else code


def source_of(df: pd.DataFrame) -> pd.Series:
    if "source" in df.columns:
        return df["source"].astype("string").fillna("")
    return pd.Series([""] * len(df), index=df.index, dtype="string")


def latest(df: pd.DataFrame, by: str, date: str = "as_of") -> pd.DataFrame:
    """The most recent row per ``by``; on the same date a figure with a count of covered
    workers wins, then the later row of the table (coverage.newest_first_order, the
    rule of latest_coverage, so a chart shows the same current figure as a headline)."""
    if df.empty:
        return df
    return newest_first_order(df, date=date).groupby(by, sort=False).tail(1)


def labelled_bars(ax: Axes, values, labels, colors, *, width: float, fontsize: float,
                  weight: str, lang: str) -> None:
    """Vertical bars with their value printed above each, a compact y axis from 0."""
    x = np.arange(len(values))
    ax.bar(x, values, width=width, color=colors)
    for xi, v, text in zip(x, values, labels, strict=True):
        ax.annotate(text, (xi, v), xytext=(0, 5), textcoords="offset points", ha="center",
                    va="bottom", fontsize=fontsize, fontweight=weight, color=COLORS["ink"])
    ax.set_ylim(0, values.max() * 1.15 if len(values) and values.max() > 0 else 1)
    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _p: format_compact(v, decimals=2, lang=lang)))


def region_ticks(ax: Axes, y, names, ours, fontsize: float) -> None:
    """Region names as y tick labels, our region's in bold highlight colour."""
    ax.set_yticks(y, names, fontsize=fontsize)
    for tick, mine in zip(ax.get_yticklabels(), ours, strict=True):
        if mine:
            tick.set_fontweight("bold")
            tick.set_color(COLORS["highlight"])


def no_data(ax: Axes, lang: str) -> None:
    """Say so on an Axes that has nothing to draw."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, label("no_data", lang), ha="center", va="center",
            transform=ax.transAxes, fontsize=16, color="#666666")


def empty_chart(fig: Figure, ax: Axes, created: bool, lang: str, columns: list[str]):
    """Say "no data" on the Axes and record an empty table, so the export still writes a
    CSV with the chart's columns."""
    no_data(ax, lang)
    attach(ax, pd.DataFrame(columns=columns), "")
    return result(fig, ax, created)


def place_labels(ax: Axes, xs, ys, texts, *, fontsize: float = 11, color="#222222",
                 colors=None, dx_pt: float = 8) -> None:
    """Write one label right of each point, nudged up or down so none overlap another
    label or point (greedy, in the order given). The placement is redone by export_chart
    once the final size and layout are known (see :func:`relayout_labels`)."""
    state: dict = {"artists": []}

    def place() -> None:
        from matplotlib.font_manager import FontProperties

        for artist in state["artists"]:
            artist.remove()
        state["artists"] = []
        fig = ax.figure
        fig.draw_without_rendering()  # run the layout so pixel positions are final
        renderer = fig.canvas.get_renderer()
        prop = FontProperties(size=fontsize)
        pt = fig.dpi / 72
        points = [ax.transData.transform((x, y)) for x, y in zip(xs, ys, strict=True)]
        placed = [(px - 7, py - 7, px + 7, py + 7) for px, py in points]
        step = fontsize * pt * 1.1
        shades = list(colors) if colors is not None else [color] * len(texts)
        for (px, py), x, y, text, shade in zip(points, xs, ys, texts, shades, strict=True):
            w, h, _ = renderer.get_text_width_height_descent(text, prop, ismath=False)
            x0 = px + dx_pt * pt
            best = 0.0
            for k in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6):
                oy = k * step
                box = (x0 - 2, py + oy - h / 2 - 2, x0 + w + 2, py + oy + h / 2 + 2)
                if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                           for b in placed):
                    best = oy
                    break
            placed.append((x0 - 2, py + best - h / 2 - 2, x0 + w + 2, py + best + h / 2 + 2))
            state["artists"].append(ax.annotate(
                text, (x, y), xytext=(dx_pt, best / pt), textcoords="offset points",
                ha="left", va="center", fontsize=fontsize, color=shade, annotation_clip=False))

    place()
    on_relayout(ax.figure, place)


def on_relayout(fig: Figure, job) -> None:
    """Run `job` again when export_chart has fixed the figure's final size and layout
    (text placed or sized from pixel positions)."""
    jobs = getattr(fig, "_paritrana_relayout", None)
    if jobs is None:
        jobs = []
        fig._paritrana_relayout = jobs
    jobs.append(job)


def relayout_labels(fig: Figure) -> None:
    """Re-place labels drawn by :func:`place_labels` for the figure's current layout."""
    for job in getattr(fig, "_paritrana_relayout", []):
        job()
