"""Charts over time: the projection toward 2045 and the reconciliation of conflicting
figures for one region."""

from __future__ import annotations

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
    place_labels,
    region_name,
    result,
    source_of,
    with_pct,
)
from paritrana_analysis.charts.coverage import _pct_axis, _segment_all
from paritrana_analysis.charts.style import COLORS, get_palette, lightness, styled
from paritrana_analysis.coverage import decimal_year, newest_first_order
from paritrana_analysis.formatting import (
    check_lang,
    format_compact,
    format_month,
    format_percent,
    label,
)
from paritrana_analysis.targets import pick_targets


def _decimal_year(ts) -> np.ndarray:
    """coverage.decimal_year for each date (one time convention for analysis and charts)."""
    return np.array([decimal_year(v) for v in pd.to_datetime(pd.Series(ts))], dtype=float)


def _year_labels(ax: Axes, first: int, last: int) -> None:
    """Year names centred on their year (x is a decimal year: 2025.0 = 1 Jan 2025), so
    a figure for 31 Dec 2025 sits at the end of the "2025" span."""
    n = last - first + 1
    step = next(s for s in (1, 2, 5, 10, 20) if n / s <= 11)
    years = [y for y in range(first, last + 1) if (last - y) % step == 0]
    lo, hi = ax.get_xlim()
    years = [y for y in years if lo <= y + 0.5 <= hi]
    ax.set_xticks([y + 0.5 for y in years], [str(y) for y in years])
    bounds = [y for y in range(first, last + 2) if lo <= y <= hi]
    ax.set_xticks(bounds, minor=True)
    ax.tick_params(axis="x", which="minor", length=5, width=0.8, color="#999999")


@styled
def projection_chart(
    history: pd.DataFrame,
    projection: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    *,
    region: str | None = "ID-SS",
    long_term_pct: float | None = 99.5,
    long_term_year: int = 2045,
    projection_label: str = "projection",
    measure: str = "coverage_pct",
    track_record=None,
    size: str = "landscape",
    lang: str = "id",
    ax: Axes | None = None,
):
    """Coverage (%) or participants over time: recorded figures (solid), projection
    (dashed) with its band, target markers (diamonds, percentages only).

    ``projection_label``: the label key of the dashed line ("projection", or
    "needed_path" for `path_to_target` output). The legend names the projection's
    method and its backtest error (``track_record``, default
    ``projection.attrs["track_record"]``) and calls the band what it is: the spread of
    past backtest errors (``projections.project_coverage``).

    ``history``: coverage rows (as_of + coverage_pct, or covered and potential; segment
    "all"), filtered to ``region`` when it has region_code. Of several figures on one
    date, the one ``coverage.coverage_history`` keeps is drawn (a figure with a count,
    then the later row); whole years (a ``year`` column) are drawn at the end of the
    year. ``projection``: yearly rows with year, the ``measure`` column and optional
    lower/upper. ``targets``: targets table rows (year, target_pct) of ``region``;
    ``long_term_pct`` in ``long_term_year`` is added when the table has no target for
    that year (None: leave out). ``measure="covered"`` draws counts of participants
    (no targets).
    """
    check_lang(lang)
    if measure not in ("coverage_pct", "covered"):
        raise ValueError(f"measure must be 'coverage_pct' or 'covered', not {measure!r}")
    fig, ax, created = axes_or_new(ax, size)
    if track_record is None and projection is not None:
        track_record = projection.attrs.get("track_record")
    hdf = _history_rows(history, region, measure)
    pdf = _projection_rows(projection, region)
    tdf = _target_rows(targets if measure == "coverage_pct" else None, region,
                       long_term_pct if measure == "coverage_pct" else None, long_term_year)
    if hdf.empty and pdf.empty:
        return empty_chart(fig, ax, created, lang, ["series", "year", measure, "source"])
    fmt = _value_format(measure, lang)
    last = _draw_history(ax, hdf, measure, lang, fmt)
    _draw_projection(ax, pdf, tdf, last, measure, fmt, long_term_year)
    _draw_targets(ax, tdf, long_term_year, lang)
    _projection_axes(ax, hdf, pdf, long_term_year, measure, lang)
    _projection_legend(ax, hdf, pdf, tdf, projection_label, track_record, lang, size)
    plotted = _projection_plotted(hdf, pdf, tdf, region, measure)
    attach(ax, plotted, _projection_alt(pdf, last, region, measure, long_term_year, lang))
    return result(fig, ax, created)


def _value_format(measure: str, lang: str):
    if measure == "coverage_pct":
        return lambda v: format_percent(v, decimals=1, lang=lang)
    return lambda v: format_compact(v, lang=lang)


def _compact_axis(ax: Axes, lang: str) -> None:
    """Counts on y in the short Indonesian form (2,8 jt)."""
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_compact(v, lang=lang)))


def _projection_alt(pdf, last, region, measure: str, long_term_year: int, lang: str) -> str:
    """The alt text: where the region stands now and where the dashed line ends; a
    path without a band is not called a projection."""
    fmt = _value_format(measure, lang)
    end = fmt(pdf[measure].iloc[-1]) if len(pdf) else "–"
    now = "–" if last is None else format_percent(last[1], lang=lang) \
        if measure == "coverage_pct" else fmt(last[1])
    band = not pdf.empty and "lower" in pdf.columns and pdf["lower"].notna().any()
    return label("alt_projection" if band else "alt_projection_path", lang,
                 region=region_name(region, lang) if region else "", now=now, end=end,
                 year=int(pdf["year"].iloc[-1]) if len(pdf) else long_term_year)


def _history_rows(history: pd.DataFrame, region, measure: str) -> pd.DataFrame:
    """One recorded figure per date: series, as_of, year, t, the measure, source."""
    hist = history.copy()
    if region is not None and "region_code" in hist.columns:
        hist = hist[hist["region_code"] == region]
    hist = with_pct(hist[_segment_all(hist)])
    if measure not in hist.columns:
        hist[measure] = pd.NA
    hist = hist[hist[measure].notna()]
    if "as_of" in hist.columns:
        hist["as_of"] = pd.to_datetime(hist["as_of"])
        hist["t"] = _decimal_year(hist["as_of"])
    elif "year" in hist.columns:
        hist["t"] = hist["year"].astype(float) + 1.0
        hist["as_of"] = pd.to_datetime(hist["year"].astype(int).astype(str) + "-12-31")
    else:
        raise ValueError("history needs an as_of or a year column")
    if hist.empty:
        return pd.DataFrame()
    # One figure per date, the rule of coverage.coverage_history (a figure with a count,
    # then the later row), never an average of contradictory figures.
    hist = newest_first_order(hist).groupby("as_of", sort=True).tail(1)
    return pd.DataFrame({"series": "history", "as_of": hist["as_of"].to_numpy(),
                         "year": hist["as_of"].dt.year.to_numpy(),
                         "t": hist["t"].astype(float).to_numpy(),
                         measure: hist[measure].astype(float).to_numpy(),
                         "lower": np.nan, "upper": np.nan,
                         "source": source_of(hist).to_numpy()})


def _projection_rows(projection, region) -> pd.DataFrame:
    if projection is None or not len(projection):
        return pd.DataFrame()
    pdf = projection.copy()
    if region is not None and "region_code" in pdf.columns:
        pdf = pdf[pdf["region_code"].isin([region, None]) | pdf["region_code"].isna()]
    return pdf.sort_values("year")


def _target_rows(targets, region, long_term_pct, long_term_year) -> pd.DataFrame:
    """One target per year (`targets.pick_targets`), plus the long-term one."""
    tdf = pd.DataFrame(columns=["year", "target_pct", "target_source"])
    if targets is not None and len(targets):
        t = targets.copy()
        if region is not None and "region_code" in t.columns:
            t = t[t["region_code"].astype(str) == region]
        t = t[t["target_pct"].notna()]
        if "region_code" not in t.columns:
            t["region_code"] = region or ""
        picked = []
        for yr in sorted(pd.to_numeric(t["year"]).dropna().astype(int).unique()):
            one = pick_targets(t, yr)  # several targets for a year: see pick_targets
            if len(one):
                picked.append({"year": yr, "target_pct": float(one["target_pct"].iloc[0]),
                               "target_source": one["target_source"].iloc[0]})
        if picked:
            tdf = pd.DataFrame(picked)
    if long_term_pct is not None and long_term_year not in set(tdf["year"].tolist()):
        extra = pd.DataFrame({"year": [long_term_year], "target_pct": [float(long_term_pct)],
                              "target_source": [""]})
        tdf = pd.concat([tdf, extra], ignore_index=True) if len(tdf) else extra
    return tdf.sort_values("year", kind="stable").reset_index(drop=True)


def _draw_history(ax: Axes, hdf: pd.DataFrame, measure: str, lang: str, fmt):
    """The recorded line and its last value; returns (t, value) of the last figure."""
    if hdf.empty:
        return None
    ax.plot(hdf["t"], hdf[measure], color=COLORS["highlight"], lw=2.8, marker="o",
            markersize=6, zorder=4)
    last = hdf.iloc[-1]
    text = format_percent(last[measure], lang=lang) if measure == "coverage_pct" \
        else fmt(last[measure])
    ax.annotate(f"{text}\n{format_month(last['as_of'], short=True, lang=lang)}",
                (last["t"], last[measure]), xytext=(6, -12), textcoords="offset points",
                ha="left", va="top", fontsize=12, fontweight="bold",
                color=COLORS["highlight"], zorder=6, linespacing=1.1)
    return float(last["t"]), float(last[measure])


def _draw_projection(ax: Axes, pdf, tdf, last, measure: str, fmt, long_term_year: int
                     ) -> None:
    if pdf.empty:
        return
    px = pdf["year"].astype(float).to_numpy() + 1.0  # a year's value at its end
    py = pdf[measure].astype(float).to_numpy()
    if "lower" in pdf.columns and "upper" in pdf.columns:
        lo = pdf["lower"].astype(float).to_numpy()
        hi = pdf["upper"].astype(float).to_numpy()
        ax.fill_between(px, lo, hi, color=COLORS["band"], alpha=0.55, lw=0, zorder=1)
    xs, ys = px, py
    if last is not None and px[0] > last[0]:
        xs, ys = np.r_[last[0], px], np.r_[last[1], py]
    ax.plot(xs, ys, color=COLORS["base"], lw=2.4, linestyle=(0, (5, 3)), zorder=3)
    due = tdf["year"].astype(float) + (tdf["year"].astype(int) != long_term_year) \
        if len(tdf) else pd.Series(dtype=float)
    on_target = len(tdf) and ((due == px[-1])
                              & ((tdf["target_pct"].astype(float) - py[-1]).abs() < 3)).any()
    if not on_target:  # the target's own label already says it
        ax.annotate(fmt(py[-1]), (px[-1], py[-1]), xytext=(6, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=12, fontweight="bold",
                    color=COLORS["base"])


def _draw_targets(ax: Axes, tdf: pd.DataFrame, long_term_year: int, lang: str) -> None:
    """A diamond on each target's deadline, where a path to it arrives: the long-term
    target on 1 January of its year ("by 2045"), a yearly target at the end of its year."""
    for i, row in tdf.iterrows():
        long_term = int(row["year"]) == long_term_year
        x = float(row["year"]) + (0.0 if long_term else 1.0)
        v = float(row["target_pct"])
        ax.plot([x], [v], marker="D", markersize=9, color=COLORS["ink"], zorder=5,
                linestyle="none")
        text = f"{format_percent(v, decimals=2, trim=True, lang=lang)} ({int(row['year'])})"
        if long_term:  # above the diamond, clear of the line arriving from below left
            ax.annotate(text, (x, v), xytext=(0, 9), textcoords="offset points", ha="right",
                        va="bottom", fontsize=11.5, color=COLORS["ink"], zorder=6)
            continue
        nxt = tdf.iloc[i + 1] if i + 1 < len(tdf) else None
        crowded = nxt is not None and nxt["year"] - row["year"] < 2.5 and \
            abs(float(nxt["target_pct"]) - v) < 12
        right = not crowded and row["year"] < long_term_year - 3
        ax.annotate(text, (x, v), xytext=(9 if right else -9, 0), textcoords="offset points",
                    ha="left" if right else "right", va="center", fontsize=11.5,
                    color=COLORS["ink"], zorder=6,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})


def _projection_axes(ax: Axes, hdf, pdf, long_term_year: int, measure: str, lang: str):
    """Years on x (a tick at the start of each labelled year); 0-100% or counts on y."""
    xmin = float(hdf["t"].min()) if not hdf.empty else float(pdf["year"].min())
    xmax = max(float(long_term_year) + 1.0,
               float(pdf["year"].max()) + 1.0 if not pdf.empty else 0.0)
    ax.set_xlim(np.floor(xmin) - 0.2, xmax + 1.2)
    _year_labels(ax, int(np.floor(xmin)), int(np.ceil(xmax)) - 1)
    if measure == "coverage_pct":
        ax.set_ylim(0, 114)
        ax.set_yticks([0, 20, 40, 60, 80, 100])
        _pct_axis(ax, lang)
        return
    values = [hdf[measure]] if not hdf.empty else []
    values += [pdf[c] for c in (measure, "upper") if c in pdf.columns]
    top = max(float(pd.to_numeric(v, errors="coerce").max()) for v in values)
    ax.set_ylim(0, top * 1.12)
    _compact_axis(ax, lang)


def _projection_legend(ax: Axes, hdf, pdf, tdf, key: str, record, lang: str,
                       size: str = "landscape") -> None:
    handles = []
    if not hdf.empty:
        handles.append(Line2D([], [], color=COLORS["highlight"], lw=2.8, marker="o",
                              label=label("history", lang)))
    if not pdf.empty:
        text = label(key, lang)
        if key == "projection" and "method" in pdf.columns:
            method = label(f"method_{pdf['method'].iloc[0]}", lang)
            text = label("projection_method", lang, method=method)
            if record is not None:
                text += label("backtest_error", lang, h=record.horizon,
                              mape=format_percent(record.mape, decimals=1, lang=lang))
        handles.append(Line2D([], [], color=COLORS["base"], lw=2.4, linestyle=(0, (5, 3)),
                              label=text))
        if "lower" in pdf.columns and pdf["lower"].notna().any():
            level = pdf.attrs.get("band_level")
            band = label("band_backtest", lang, level=format_percent(level * 100, decimals=0,
                                                                     lang=lang)) \
                if level is not None else label("projection_band", lang)
            handles.append(Patch(color=COLORS["band"], alpha=0.55, label=band))
    if len(tdf):
        handles.append(Line2D([], [], color=COLORS["ink"], marker="D", linestyle="none",
                              label=label("target", lang)))
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0),
              ncols=len(handles) if size == "landscape" else 2)


def _projection_plotted(hdf, pdf, tdf, region, measure: str) -> pd.DataFrame:
    """What the chart shows, for the CSV: history, projection (with band and method),
    targets."""
    parts = []
    if not hdf.empty:
        parts.append(hdf.drop(columns="t"))
    if not pdf.empty:
        p = pd.DataFrame({"series": "projection", "year": pdf["year"].astype(int).to_numpy(),
                          measure: pdf[measure].astype(float).to_numpy()})
        for col in ("lower", "upper", "method", "assumption"):
            if col in pdf.columns:
                p[col] = pdf[col].to_numpy()
        p["source"] = ""
        parts.append(p)
    if len(tdf):
        parts.append(pd.DataFrame({"series": "target", "year": tdf["year"].to_numpy(),
                                   measure: tdf["target_pct"].astype(float).to_numpy(),
                                   "source": tdf["target_source"].to_numpy()}))
    plotted = pd.concat(parts, ignore_index=True)
    plotted.insert(0, "region_code", region if region else "")
    return plotted


_MARKERS = ["o", "s", "D", "^", "v", "P", "X", "h", "<", ">"]


@styled
def reconciliation_chart(
    data: pd.DataFrame,
    *,
    region: str | None = "ID-SS",
    value: str = "coverage_pct",
    lang: str = "id",
    ax: Axes | None = None,
):
    """Every figure reported for one region over time, one colour and marker per source,
    so conflicting numbers for the same date stand side by side.

    ``data``: coverage rows or ``reconcile.reconcile`` output with as_of, source and the
    ``value`` column ("coverage_pct" or "covered"); filtered to ``region`` and segment
    "all" when those columns exist.
    """
    check_lang(lang)
    if value not in ("coverage_pct", "covered"):
        raise ValueError(f"value must be 'coverage_pct' or 'covered', not {value!r}")
    fig, ax, created = axes_or_new(ax)
    df = _reconcile_rows(data, region, value)
    if df.empty:
        return empty_chart(fig, ax, created, lang, ["as_of", value, "source"])
    df["as_of"] = pd.to_datetime(df["as_of"])
    df["source"] = source_of(df).replace("", label("no_data", lang))
    df["t"] = _decimal_year(df["as_of"])
    sources = sorted(df["source"].unique(), key=lambda s: (s.casefold(), s))
    colors = _source_colors(sources)
    fmt = (lambda v: format_percent(v, decimals=2, trim=True, lang=lang)) \
        if value == "coverage_pct" else (lambda v: format_compact(v, lang=lang))
    handles = _draw_sources(ax, df, colors, value)
    vals = df[value].astype(float)
    _reconcile_y(ax, vals, value, lang)
    _time_axis(ax, df["t"].to_numpy(), lang)
    order = df.sort_values(["t", value], kind="stable")
    shade = {src: c if lightness(c) < 60 else COLORS["ink"] for src, (c, _m) in colors.items()}
    place_labels(ax, order["t"].tolist(), order[value].astype(float).tolist(),
                 [f"{fmt(v)} · {format_month(d, short=True, lang=lang)}"
                  for v, d in zip(order[value].astype(float), order["as_of"], strict=True)],
                 colors=[shade[s] for s in order["source"]], fontsize=11)
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0),
              ncols=min(len(handles), 3), fontsize=11.5)
    alt = label("alt_reconcile", lang, n=len(df), k=len(sources),
                region=region_name(region, lang) if region else "",
                low=fmt(vals.min()), high=fmt(vals.max()))
    attach(ax, _reconcile_plotted(df, region, value), alt)
    return result(fig, ax, created)


def _reconcile_rows(data: pd.DataFrame, region, value: str) -> pd.DataFrame:
    """The region's segment-"all" rows that have the value (percentages derived from
    count and denominator where the source gives only those)."""
    df = data.copy()
    if region is not None and "region_code" in df.columns:
        df = df[df["region_code"] == region]
    df = df[_segment_all(df)]
    if value == "coverage_pct":
        df = with_pct(df)
    if value not in df.columns or "as_of" not in df.columns:
        raise ValueError(f"data needs as_of and {value} columns")
    return df[df[value].notna()].copy()


def _source_colors(sources: list[str]) -> dict[str, tuple[str, str]]:
    """(colour, marker) per source, in the order given, so a source keeps its look."""
    palette = get_palette("categorical")
    return {src: (palette[i % len(palette)], _MARKERS[i % len(_MARKERS)])
            for i, src in enumerate(sources)}


def _draw_sources(ax: Axes, df: pd.DataFrame, colors: dict, value: str) -> list:
    """A thin line and markers per source; returns the legend handles."""
    handles = []
    for src, (color, marker) in colors.items():
        g = df[df["source"] == src].sort_values("as_of")
        ax.plot(g["t"], g[value].astype(float), color=color, lw=1.2, alpha=0.6, zorder=2)
        ax.plot(g["t"], g[value].astype(float), color=color, marker=marker, markersize=9,
                linestyle="none", zorder=3, markeredgecolor="white", markeredgewidth=0.8)
        handles.append(Line2D([], [], color=color, marker=marker, markersize=8,
                              linestyle="none", label=src))
    return handles


def _reconcile_y(ax: Axes, vals: pd.Series, value: str, lang: str) -> None:
    """From 0 with room above the highest figure; percentages stop at 105% unless a
    figure is above 100% (shown, not clipped)."""
    if value == "coverage_pct":
        top = max(10.0, float(vals.max()) * 1.3)
        ax.set_ylim(0, min(105.0, top) if vals.max() <= 100 else top)
        _pct_axis(ax, lang)
    else:
        ax.set_ylim(0, float(vals.max()) * 1.2)
        _compact_axis(ax, lang)


def _time_axis(ax: Axes, t: np.ndarray, lang: str) -> None:
    """x from the first to the last figure with room right for their labels; months
    ("Jan 2025", each month or quarter) over a short span, years over a long one."""
    lo, hi = float(np.min(t)), float(np.max(t))
    pad = max(0.12, (hi - lo) * 0.08)
    right = hi + pad + (hi - lo + 2 * pad) * 0.22  # room for the last labels
    ax.set_xlim(lo - pad, right)
    span = hi - lo
    if span < 2.5:
        start = pd.Timestamp(year=int(lo - pad), month=1, day=1)
        freq = "MS" if span < 0.75 else "QS"
        ticks = pd.date_range(start, periods=int((span + 2 * pad) * 12) + 30, freq=freq)
        tt = _decimal_year(pd.Series(ticks))
        keep = (tt >= lo - pad) & (tt <= right)
        ax.set_xticks(tt[keep], [format_month(d, short=True, lang=lang) for d in ticks[keep]])
    else:
        _year_labels(ax, int(np.floor(lo - pad)), int(np.floor(hi + pad)))


def _reconcile_plotted(df: pd.DataFrame, region, value: str) -> pd.DataFrame:
    """What the chart shows, for the CSV: every figure with its counts and flags."""
    cols = ["as_of", value, "source"] + [c for c in ("covered", "potential", "coverage_pct",
                                                     "flagged", "flag_reasons")
                                         if c in df.columns and c != value]
    plotted = df[cols].sort_values(["as_of", "source"], kind="stable")
    plotted.insert(0, "region_code", region if region else "")
    return plotted
