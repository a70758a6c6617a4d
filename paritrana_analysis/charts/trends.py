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
    no_data,
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
    size: str = "landscape",
    lang: str = "id",
    ax: Axes | None = None,
):
    """Coverage (%) over time: recorded figures (solid), projection (dashed) with its
    band, target markers (diamonds). ``projection_label``: the label key of the dashed
    line ("projection", or "needed_path" for `path_to_target` output).

    ``history``: coverage rows (as_of + coverage_pct, or covered and potential; segment
    "all"), filtered to ``region`` when it has region_code. Of several figures on one
    date, the one ``coverage.coverage_history`` keeps is drawn (a figure with a count,
    then the later row); whole years (a ``year`` column) are drawn at the end of the
    year. ``projection``: yearly rows with year, coverage_pct and optional lower/upper
    (``projections.project_coverage`` output). ``targets``: targets table
    rows (year, target_pct) of ``region``; ``long_term_pct`` in ``long_term_year`` is
    added when the table has no target for that year (None: leave out). A target's
    diamond sits on its deadline, where a path to it arrives: the long-term target on
    1 January of ``long_term_year`` ("by 2045", `path_to_target`'s default), a yearly
    target at the end of its year. ``size``: "square"/"portrait" for social media.
    """
    check_lang(lang)
    fig, ax, created = axes_or_new(ax, size)
    hist = history.copy()
    if region is not None and "region_code" in hist.columns:
        hist = hist[hist["region_code"] == region]
    hist = with_pct(hist[_segment_all(hist)])
    hist = hist[hist["coverage_pct"].notna()]
    if "as_of" in hist.columns:
        hist["as_of"] = pd.to_datetime(hist["as_of"])
        hist["t"] = _decimal_year(hist["as_of"])
    elif "year" in hist.columns:
        hist["t"] = hist["year"].astype(float) + 1.0
        hist["as_of"] = pd.to_datetime(hist["year"].astype(int).astype(str) + "-12-31")
    else:
        raise ValueError("history needs an as_of or a year column")
    rows = []
    if not hist.empty:
        # One figure per date, the rule of coverage.coverage_history (a figure with a
        # count, then the later row), never an average of contradictory figures.
        hist = newest_first_order(hist).groupby("as_of", sort=True).tail(1)
        for when, g in hist.groupby("as_of", sort=True):
            rows.append({"series": "history", "as_of": when, "year": when.year,
                         "t": float(g["t"].iloc[0]),
                         "coverage_pct": float(g["coverage_pct"].astype(float).iloc[0]),
                         "lower": np.nan, "upper": np.nan,
                         "source": source_of(g).iloc[0]})
    hdf = pd.DataFrame(rows)
    pdf = pd.DataFrame()
    if projection is not None and len(projection):
        pdf = projection.copy()
        if region is not None and "region_code" in pdf.columns:
            pdf = pdf[pdf["region_code"].isin([region, None]) | pdf["region_code"].isna()]
        pdf = pdf.sort_values("year")
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
    if hdf.empty and pdf.empty:
        no_data(ax, lang)
        attach(ax, pd.DataFrame(columns=["series", "year", "coverage_pct", "source"]), "")
        return result(fig, ax, created)
    last_t = last_v = None
    if not hdf.empty:
        ax.plot(hdf["t"], hdf["coverage_pct"], color=COLORS["highlight"], lw=2.8, marker="o",
                markersize=6, zorder=4)
        last = hdf.iloc[-1]
        last_t, last_v = last["t"], last["coverage_pct"]
        ax.annotate(
            f"{format_percent(last_v, lang=lang)}\n"
            f"{format_month(last['as_of'], short=True, lang=lang)}",
            (last_t, last_v), xytext=(6, -12), textcoords="offset points", ha="left",
            va="top", fontsize=12, fontweight="bold", color=COLORS["highlight"], zorder=6,
            linespacing=1.1)
    if not pdf.empty:
        px = pdf["year"].astype(float).to_numpy() + 1.0  # a year's value at its end
        py = pdf["coverage_pct"].astype(float).to_numpy()
        if "lower" in pdf.columns and "upper" in pdf.columns:
            lo = pdf["lower"].astype(float).to_numpy()
            hi = pdf["upper"].astype(float).to_numpy()
            ax.fill_between(px, lo, hi, color=COLORS["band"], alpha=0.55, lw=0, zorder=1)
        xs, ys = px, py
        if last_t is not None and px[0] > last_t:
            xs, ys = np.r_[last_t, px], np.r_[last_v, py]
        ax.plot(xs, ys, color=COLORS["base"], lw=2.4, linestyle=(0, (5, 3)), zorder=3)
        due = tdf["year"].astype(float) + (tdf["year"].astype(int) != long_term_year)
        on_target = len(tdf) and ((due == px[-1])
                                  & ((tdf["target_pct"].astype(float) - py[-1]).abs() < 3)).any()
        if not on_target:  # the target's own label already says it
            ax.annotate(format_percent(py[-1], decimals=1, lang=lang), (px[-1], py[-1]),
                        xytext=(6, 0), textcoords="offset points", ha="left", va="center",
                        fontsize=12, fontweight="bold", color=COLORS["base"])
    tdf = tdf.sort_values("year", kind="stable").reset_index(drop=True)
    for i, row in tdf.iterrows():
        long_term = int(row["year"]) == long_term_year
        x = float(row["year"]) + (0.0 if long_term else 1.0)  # on the target's deadline
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
    # x axis: years, tick at the start of each labelled year
    xmin = float(hdf["t"].min()) if not hdf.empty else float(pdf["year"].min())
    xmax = max(float(long_term_year) + 1.0,
               float(pdf["year"].max()) + 1.0 if not pdf.empty else 0.0)
    ax.set_xlim(np.floor(xmin) - 0.2, xmax + 1.2)
    _year_labels(ax, int(np.floor(xmin)), int(np.ceil(xmax)) - 1)
    ax.set_ylim(0, 114)
    ax.set_yticks([0, 20, 40, 60, 80, 100])
    _pct_axis(ax, lang)
    handles = []
    if not hdf.empty:
        handles.append(Line2D([], [], color=COLORS["highlight"], lw=2.8, marker="o",
                              label=label("history", lang)))
    if not pdf.empty:
        handles.append(Line2D([], [], color=COLORS["base"], lw=2.4, linestyle=(0, (5, 3)),
                              label=label(projection_label, lang)))
        if "lower" in pdf.columns:
            handles.append(Patch(color=COLORS["band"], alpha=0.55,
                                 label=label("projection_band", lang)))
    if len(tdf):
        handles.append(Line2D([], [], color=COLORS["ink"], marker="D", linestyle="none",
                              label=label("target", lang)))
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0),
              ncols=len(handles) if size == "landscape" else 2)
    parts = []
    if not hdf.empty:
        parts.append(hdf.drop(columns="t"))
    if not pdf.empty:
        p = pd.DataFrame({"series": "projection", "year": pdf["year"].astype(int).to_numpy(),
                          "coverage_pct": pdf["coverage_pct"].astype(float).to_numpy()})
        for col in ("lower", "upper", "method"):
            if col in pdf.columns:
                p[col] = pdf[col].to_numpy()
        p["source"] = ""
        parts.append(p)
    if len(tdf):
        parts.append(pd.DataFrame({"series": "target", "year": tdf["year"].to_numpy(),
                                   "coverage_pct": tdf["target_pct"].astype(float).to_numpy(),
                                   "source": tdf["target_source"].to_numpy()}))
    plotted = pd.concat(parts, ignore_index=True)
    plotted.insert(0, "region_code", region if region else "")
    name = region_name(region, lang) if region else ""
    end = format_percent(pdf["coverage_pct"].iloc[-1], decimals=1, lang=lang) if len(pdf) else "–"
    band = not pdf.empty and "lower" in pdf.columns and "upper" in pdf.columns
    alt = label("alt_projection" if band else "alt_projection_path", lang, region=name,
                now=format_percent(last_v, lang=lang) if last_v is not None else "–",
                end=end, year=int(pdf["year"].iloc[-1]) if len(pdf) else long_term_year)
    attach(ax, plotted, alt)
    return result(fig, ax, created)


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
    df = data.copy()
    if region is not None and "region_code" in df.columns:
        df = df[df["region_code"] == region]
    df = df[_segment_all(df)]
    if value == "coverage_pct":
        df = with_pct(df)
    if value not in df.columns or "as_of" not in df.columns:
        raise ValueError(f"data needs as_of and {value} columns")
    df = df[df[value].notna()].copy()
    if df.empty:
        no_data(ax, lang)
        attach(ax, pd.DataFrame(columns=["as_of", value, "source"]), "")
        return result(fig, ax, created)
    df["as_of"] = pd.to_datetime(df["as_of"])
    df["source"] = source_of(df).replace("", label("no_data", lang))
    sources = sorted(df["source"].unique(), key=lambda s: (s.casefold(), s))
    palette = get_palette("categorical")
    fmt = (lambda v: format_percent(v, decimals=2, trim=True, lang=lang)) \
        if value == "coverage_pct" else (lambda v: format_compact(v, lang=lang))
    t = _decimal_year(df["as_of"])
    df["t"] = t
    handles = []
    for i, src in enumerate(sources):
        g = df[df["source"] == src].sort_values("as_of")
        color = palette[i % len(palette)]
        marker = _MARKERS[i % len(_MARKERS)]
        ax.plot(g["t"], g[value].astype(float), color=color, lw=1.2, alpha=0.6, zorder=2)
        ax.plot(g["t"], g[value].astype(float), color=color, marker=marker, markersize=9,
                linestyle="none", zorder=3, markeredgecolor="white", markeredgewidth=0.8)
        handles.append(Line2D([], [], color=color, marker=marker, markersize=8,
                              linestyle="none", label=src))
    vals = df[value].astype(float)
    if value == "coverage_pct":
        top = max(10.0, float(vals.max()) * 1.3)
        ax.set_ylim(0, min(105.0, top) if vals.max() <= 100 else top)
        _pct_axis(ax, lang)
    else:
        ax.set_ylim(0, float(vals.max()) * 1.2)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_compact(v, lang=lang)))
    lo, hi = float(np.min(t)), float(np.max(t))
    pad = max(0.12, (hi - lo) * 0.08)
    right = hi + pad + (hi - lo + 2 * pad) * 0.22  # room for the last labels
    ax.set_xlim(lo - pad, right)
    span = hi - lo
    if span < 2.5:
        # Months: tick at the first of each quarter, labelled "Jan 2025".
        start = pd.Timestamp(year=int(lo - pad), month=1, day=1)
        freq = "MS" if span < 0.75 else "QS"
        ticks = pd.date_range(start, periods=int((span + 2 * pad) * 12) + 30, freq=freq)
        tt = _decimal_year(pd.Series(ticks))
        keep = (tt >= lo - pad) & (tt <= right)
        ax.set_xticks(tt[keep], [format_month(d, short=True, lang=lang)
                                 for d in ticks[keep]])
    else:
        _year_labels(ax, int(np.floor(lo - pad)), int(np.floor(hi + pad)))
    order = df.sort_values(["t", value], kind="stable")
    shade = {src: (palette[i % len(palette)] if lightness(palette[i % len(palette)]) < 60
                   else COLORS["ink"]) for i, src in enumerate(sources)}
    place_labels(ax, order["t"].tolist(), order[value].astype(float).tolist(),
                 [f"{fmt(v)} · {format_month(d, short=True, lang=lang)}"
                  for v, d in zip(order[value].astype(float), order["as_of"], strict=True)],
                 colors=[shade[s] for s in order["source"]], fontsize=11)
    ncol = min(len(handles), 3)
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=ncol,
              fontsize=11.5)
    cols = ["as_of", value, "source"] + [c for c in ("covered", "potential", "coverage_pct",
                                                     "flagged", "flag_reasons")
                                         if c in df.columns and c != value]
    plotted = df[cols].sort_values(["as_of", "source"], kind="stable")
    plotted.insert(0, "region_code", region if region else "")
    alt = label("alt_reconcile", lang, n=len(df), k=len(sources),
                region=region_name(region, lang) if region else "",
                low=fmt(vals.min()), high=fmt(vals.max()))
    attach(ax, plotted, alt)
    return result(fig, ax, created)
