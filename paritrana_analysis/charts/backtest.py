"""The backtest chart: which method would have predicted the newest figure best, had we
stood at an earlier year with only the figures known then."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from paritrana_analysis.backtest import MIN_POINTS, yearly_points
from paritrana_analysis.charts._base import (
    attach,
    axes_or_new,
    place_labels,
    require_columns,
    result,
    source_of,
)
from paritrana_analysis.charts.coverage import _pct_axis
from paritrana_analysis.charts.style import COLORS, get_palette, styled
from paritrana_analysis.extrapolation import METHODS
from paritrana_analysis.formatting import (
    check_lang,
    format_compact,
    format_number,
    format_percent,
    label,
)

__all__ = ["backtest_chart", "backtest_view"]

HORIZON = 4  # years back from the newest figure the chart stands by default


def backtest_view(table: pd.DataFrame, history=None, *, origin: int | None = None):
    """What the chart shows, as two frames: the actual yearly figures (year, value,
    source) and each method's predictions from `origin` (method, year, predicted,
    miss_pct = (predicted - actual) / actual x 100, origin). `origin` defaults to
    `HORIZON` years before the newest year ("from 2021, which method predicted 2025
    best?"), else the first year whose fit has `backtest.MIN_POINTS` figures."""
    require_columns(table, ["measure", "method", "origin", "n_fit", "target",
                            "origin_value", "actual", "predicted"], "backtest table")
    if table.empty:
        raise ValueError("the backtest table is empty")
    measure = str(table["measure"].iloc[0])
    if origin is None:
        origin = int(table["target"].max()) - HORIZON
        if origin not in set(table["origin"]):
            enough = table.loc[table["n_fit"] >= MIN_POINTS, "origin"]
            origin = int(enough.min() if len(enough) else table["origin"].min())
    chosen = table[table["origin"] == origin]
    if chosen.empty:
        raise ValueError(f"no backtest from {origin}; origins: {sorted(set(table['origin']))}")
    actual = _actual(table, history, measure)
    preds = chosen.assign(year=chosen["target"],
                          miss_pct=(chosen["predicted"] - chosen["actual"])
                          / chosen["actual"] * 100)
    start = chosen.drop_duplicates("method").assign(year=origin,
                                                    predicted=lambda d: d["origin_value"],
                                                    miss_pct=0.0)
    preds = pd.concat([start, preds], ignore_index=True)[
        ["method", "year", "predicted", "miss_pct", "origin"]]
    order = {m: i for i, m in enumerate(METHODS)}
    preds = preds.sort_values(["method", "year"], key=lambda s: s.map(order)
                              if s.name == "method" else s, kind="stable")
    return actual, preds.reset_index(drop=True)


def _actual(table: pd.DataFrame, history, measure: str) -> pd.DataFrame:
    """Yearly actual figures from `history` (rows or Series), else from the table."""
    if history is not None:
        points = yearly_points(history, measure)
        sources = [""] * len(points)
        if isinstance(history, pd.DataFrame) and "as_of" in history.columns:
            by_year = history.assign(_y=pd.to_datetime(history["as_of"]).dt.year)
            last = by_year.sort_values("as_of").groupby("_y").tail(1).set_index("_y")
            sources = [str(source_of(last).get(y, "")) for y in points["year"]]
        return pd.DataFrame({"year": points["year"], "value": points["value"],
                             "source": sources})
    seen = pd.concat([
        table[["origin", "origin_value"]].set_axis(["year", "value"], axis=1),
        table[["target", "actual"]].set_axis(["year", "value"], axis=1)])
    seen = seen.drop_duplicates("year").sort_values("year")
    return seen.assign(source="").reset_index(drop=True)


@styled
def backtest_chart(table: pd.DataFrame, *, history=None, origin: int | None = None,
                   lang: str = "id", ax: Axes | None = None):
    """The actual yearly figures (solid) and what each method, fitted only on the figures
    up to `origin` (shaded), would have predicted for the years after (dashed; the naive
    last-change baseline dotted in grey), each labelled with its miss on the last year.

    ``table``: `backtest.backtest` output of one series; ``history``: that series
    (`backtest.series_history` rows, for the sources, or a Series); see
    `backtest_view` for ``origin``.
    """
    check_lang(lang)
    fig, ax, created = axes_or_new(ax)
    actual, preds = backtest_view(table, history, origin=origin)
    measure = str(table["measure"].iloc[0])
    origin = int(preds["origin"].iloc[0])
    fmt = (lambda v: format_percent(v, decimals=1, lang=lang)) if measure == "coverage_pct" \
        else (lambda v: format_compact(v, decimals=1, lang=lang))
    first, last = int(actual["year"].min()), int(actual["year"].max())
    ax.axvspan(first - 0.4, origin + 0.05, color="#EEEEEE", lw=0, zorder=0)
    ax.text(first - 0.3, 0.97, label("backtest_fit", lang, year=origin), fontsize=11.5,
            color=COLORS["muted"], transform=ax.get_xaxis_transform(), va="top")
    ax.plot(actual["year"], actual["value"], color=COLORS["highlight"], lw=2.8, marker="o",
            markersize=6, zorder=5)
    handles = [Line2D([], [], color=COLORS["highlight"], lw=2.8, marker="o",
                      label=label("backtest_actual", lang))]
    ends = [(last, float(actual["value"].iloc[-1]),
             f"{label('backtest_actual', lang)}: {fmt(actual['value'].iloc[-1])}",
             COLORS["highlight"])]
    _draw_methods(ax, preds, handles, ends, fmt, lang)
    _axes(ax, actual, preds, first, last, measure, lang)
    place_labels(ax, [e[0] for e in ends], [e[1] for e in ends], [e[2] for e in ends],
                 colors=[e[3] for e in ends], fontsize=11.5)
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0),
              ncols=len(handles), fontsize=11.5)
    plotted = pd.concat([
        actual.assign(series="actual", predicted=np.nan, miss_pct=np.nan),
        preds.rename(columns={"method": "series"}).assign(value=np.nan, source="")],
        ignore_index=True)[["series", "year", "value", "predicted", "miss_pct", "source"]]
    plotted.insert(0, "measure", measure)
    best = preds[preds["year"] == last].sort_values("miss_pct", key=abs).iloc[0]
    attach(ax, plotted, label("alt_backtest", lang, origin=origin, target=last,
                              n=preds["method"].nunique(),
                              best=label(f"method_{best['method']}", lang),
                              miss=format_percent(abs(best["miss_pct"]), decimals=0,
                                                  lang=lang)))
    return result(fig, ax, created)


def _draw_methods(ax: Axes, preds, handles: list, ends: list, fmt, lang: str) -> None:
    """Each method's predicted line (naive dotted grey), its legend entry and its end
    label (appended to `handles` and `ends`)."""
    # Trend methods in the categorical colours other than "our region"'s vermillion.
    palette = [c for c in get_palette("categorical") if c != COLORS["highlight"]]
    trend = [m for m in METHODS if m != "naive"]
    for method, rows in preds.groupby("method", sort=False):
        naive = method == "naive"
        color = COLORS["muted"] if naive else palette[trend.index(method) % len(palette)]
        style = (0, (1, 2)) if naive else (0, (5, 3))
        ax.plot(rows["year"], rows["predicted"], color=color, lw=2.2, linestyle=style,
                marker="o", markersize=4, zorder=3)
        name = label(f"method_{method}", lang)
        handles.append(Line2D([], [], color=color, lw=2.2, linestyle=style,
                              label=label("naive_baseline", lang) if naive else name))
        end = rows.iloc[-1]
        miss = format_number(end["miss_pct"], decimals=0, lang=lang)
        ends.append((int(end["year"]), float(end["predicted"]),
                     f"{name}: {fmt(end['predicted'])} ({'+' if end['miss_pct'] > 0 else ''}"
                     f"{miss}%)", color))


def _axes(ax: Axes, actual, preds, first: int, last: int, measure: str, lang: str):
    ax.set_xlim(first - 0.4, last + 2.6)  # room for the labels on the right
    ax.set_xticks(range(first, last + 1), [str(y) for y in range(first, last + 1)])
    top = max(float(actual["value"].max()), float(preds["predicted"].max()))
    ax.set_ylim(0, top * 1.15)
    if measure == "coverage_pct":
        _pct_axis(ax, lang)
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(
            lambda v, _p: format_compact(v, lang=lang)))
