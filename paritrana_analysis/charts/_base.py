"""Private helpers shared by the chart functions (figure creation, data lookup)."""

from __future__ import annotations

import csv
from functools import lru_cache

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from paritrana_analysis.coverage import require_columns  # noqa: F401 (re-exported)
from paritrana_analysis.formatting import check_lang, label
from paritrana_analysis.paths import reference

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
    with reference("provinces.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(line for line in fh if not line.startswith("#"))]
    return {r["code"]: r for r in rows}


def province_codes() -> list[str]:
    return list(_provinces())


def region_name(code: str, lang: str = "id", fallback: str | None = None) -> str:
    """Display name of a region code: provinces from provinces.csv, ``ID`` = Indonesia."""
    check_lang(lang)
    if code == "ID":
        return label("national", lang)
    row = _provinces().get(code)
    if row:
        return row["name"] if lang == "id" else (row["name_en"] or row["name"])
    return fallback if fallback else code


def with_pct(df: pd.DataFrame) -> pd.DataFrame:
    """coverage_pct filled from covered / potential where it is missing."""
    out = df.copy()
    if "coverage_pct" not in out.columns:
        out["coverage_pct"] = pd.NA
    pct = pd.to_numeric(out["coverage_pct"], errors="coerce").astype("Float64")
    if "covered" in out.columns and "potential" in out.columns:
        cov = pd.to_numeric(out["covered"], errors="coerce").astype("Float64")
        pot = pd.to_numeric(out["potential"], errors="coerce").astype("Float64")
        derived = (cov / pot.where(pot > 0)) * 100
        pct = pct.fillna(derived)
    out["coverage_pct"] = pct
    return out


def source_of(df: pd.DataFrame) -> pd.Series:
    if "source" in df.columns:
        return df["source"].astype("string").fillna("")
    return pd.Series([""] * len(df), index=df.index, dtype="string")


def latest(df: pd.DataFrame, by: str, date: str = "as_of") -> pd.DataFrame:
    """The most recent row per ``by`` (ties: the later row in the table wins)."""
    if df.empty:
        return df
    ordered = df.assign(_order=range(len(df))).sort_values([date, "_order"], kind="stable")
    return ordered.groupby(by, sort=False).tail(1).drop(columns="_order")


def no_data(ax: Axes, lang: str) -> None:
    """Say so on an Axes that has nothing to draw."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, label("no_data", lang), ha="center", va="center",
            transform=ax.transAxes, fontsize=16, color="#666666")


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
    jobs = getattr(ax.figure, "_paritrana_relayout", None)
    if jobs is None:
        jobs = []
        ax.figure._paritrana_relayout = jobs
    jobs.append(place)


def relayout_labels(fig: Figure) -> None:
    """Re-place labels drawn by :func:`place_labels` for the figure's current layout."""
    for job in getattr(fig, "_paritrana_relayout", []):
        job()
