"""Kabupaten/kota charts: ranked against the province and its target, who closes the gap,
a tile grid of one province, segments per kabupaten/kota.

Each function takes the table `paritrana_analysis.regencies` made (the analysis chooses
the figures; these only draw), options keyword-only and ``ax=None``, and returns the new
Figure (or the Axes it was given) with the plotted rows recorded for ``export_chart``.
The tile positions are data: ``paritrana_analysis/data/tilegrid_regencies.csv``.
"""

from __future__ import annotations

import csv
import math
import textwrap
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from paritrana_analysis.charts._base import (
    attach,
    axes_or_new,
    empty_chart,
    on_relayout,
    region_name,
    region_ticks,
    require_columns,
    result,
    source_of,
)
from paritrana_analysis.charts.coverage import _pct_axis
from paritrana_analysis.charts.style import COLORS, get_palette, styled, text_color_on
from paritrana_analysis.charts.tilemap import DEFAULT_BINS, _bin_labels
from paritrana_analysis.formatting import (
    check_lang,
    format_count,
    format_figure,
    format_month,
    format_number,
    format_percent,
    label,
    label_or,
)
from paritrana_analysis.paths import reference

__all__ = ["regency_gap_chart", "regency_grid", "regency_ranking_chart",
           "regency_segments_chart", "regency_tile_chart"]


def _pct(value, lang, qualifier=None):
    """A coverage percentage as published (`formatting.format_figure`, label rule)."""
    return format_figure(value, qualifier=qualifier, lang=lang)


def _ranked(ranking: pd.DataFrame) -> pd.DataFrame:
    require_columns(ranking, ["region_code", "coverage_pct", "status"], "regency ranking")
    rows = ranking[ranking["status"] == "figure"]
    return rows.sort_values(["coverage_pct", "region_code"], ascending=[False, True],
                            kind="stable").reset_index(drop=True)


def _names(codes, lang) -> list[str]:
    return [region_name(str(c), lang) for c in codes]


def _first(table: pd.DataFrame, column: str):
    if column not in table.columns or table.empty:
        return None
    value = table[column].iloc[0]
    return None if pd.isna(value) else value


def _missing_line(ranking: pd.DataFrame, lang: str, limit: int = 6) -> str:
    """"Tanpa angka persentase: 14 dari 17 kabupaten/kota (A, B, ... dan 8 lainnya)"."""
    missing = ranking[ranking["status"] != "figure"]
    if missing.empty:
        return ""
    names = [region_name(str(c), lang).replace("Kab. ", "") for c in missing["region_code"]]
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += " " + label("more_rows", lang, n=len(names) - limit)
    return label("without_pct", lang, n=len(missing), total=len(ranking), names=shown)


# --------------------------------------------------------------------------- ranking


def _reference_lines(ax: Axes, ranking: pd.DataFrame, lang: str) -> list:
    """The province's figure (dashed) and the target (solid) across the ranking."""
    handles = []
    prov_pct, target = _first(ranking, "province_pct"), _first(ranking, "target_pct")
    if prov_pct is not None:
        province = region_name(_province_code(ranking), lang)
        when = _first(ranking, "province_as_of")
        text = label("province_figure", lang, region=province,
                     value=_pct(prov_pct, lang, _first(ranking, "province_qualifier")),
                     date=format_month(when, short=True, lang=lang) if when is not None else "")
        ax.axvline(float(prov_pct), color=COLORS["muted"], lw=1.8, ls=(0, (4, 3)), zorder=1)
        handles.append(Line2D([], [], color=COLORS["muted"], lw=1.8, ls=(0, (4, 3)),
                              label=text))
    if target is not None:
        year = _first(ranking, "target_year")
        text = label("long_term_target", lang, year=int(year) if year is not None else "",
                     value=_pct(target, lang))
        ax.axvline(float(target), color=COLORS["ink"], lw=2.2, zorder=1)
        handles.append(Line2D([], [], color=COLORS["ink"], lw=2.2, label=text))
    return handles


def _province_code(ranking: pd.DataFrame) -> str:
    from paritrana_analysis.regions import province_of

    return province_of(str(ranking["region_code"].iloc[0]))


def _row_font(n: int) -> float:
    """Label size for n rows: smaller as the list grows, so names never overlap."""
    return 13 if n <= 12 else (12 if n <= 20 else 10.5)


def _dots(ax: Axes, y, values, ours, stated) -> None:
    """A thin stem and a dot per kabupaten/kota; hollow when the basis is not stated."""
    for yi, v, o, s in zip(y, values, ours, stated, strict=True):
        color = COLORS["highlight"] if o else COLORS["base"]
        ax.plot([0, v], [yi, yi], color=COLORS["grid"], lw=1.2, zorder=0)
        ax.plot(v, yi, "o", ms=11, mew=2.2, mec=color, mfc=color if s else "white", zorder=3)


def _dot_labels(ax: Axes, rows: pd.DataFrame, y, ours, dated: bool, fs: float,
                lang: str) -> None:
    """Each value as published beside its dot, with its month when dates differ."""
    values = rows["coverage_pct"].astype("float64").to_numpy()
    qualifiers = rows["qualifier"] if "qualifier" in rows else [None] * len(rows)
    for yi, v, o, when, q in zip(y, values, ours, rows["as_of"], qualifiers, strict=True):
        text = _pct(v, lang, q)
        if dated:
            text += f" · {format_month(when, short=True, lang=lang)}"
        ax.annotate(text, (v, yi), xytext=(12, 0), textcoords="offset points", va="center",
                    ha="left", fontsize=fs, fontweight="bold" if o else "normal",
                    color=COLORS["highlight"] if o else COLORS["ink"], zorder=4,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none",
                          "alpha": 0.85})


def _basis_handles(stated, lang: str) -> list:
    """Legend entries for the filled and hollow dots that the chart actually shows."""
    handles = []
    if stated.any():
        handles.append(Line2D([], [], ls="", marker="o", ms=10, mew=2, mec=COLORS["base"],
                              mfc=COLORS["base"], label=label("basis_stated", lang)))
    if not stated.all():
        handles.append(Line2D([], [], ls="", marker="o", ms=10, mew=2, mec=COLORS["base"],
                              mfc="white", label=label("basis_not_stated", lang)))
    return handles


def _ranking_alt(rows: pd.DataFrame, names: list[str], lang: str) -> str:
    """The alt text: top and bottom beside the province's figure and its target."""
    values = rows["coverage_pct"].astype("float64").to_numpy()
    return label("alt_regency_ranked", lang, n=len(rows),
                 province=region_name(_province_code(rows), lang), top=names[0],
                 top_value=_pct(values[0], lang), bottom=names[-1],
                 bottom_value=_pct(values[-1], lang),
                 province_value=_pct(_first(rows, "province_pct"), lang),
                 target=_pct(_first(rows, "target_pct"), lang))


@styled
def regency_ranking_chart(ranking: pd.DataFrame, *, region: str | None = None,
                          lang: str = "id", ax: Axes | None = None):
    """Kabupaten/kota ranked by their newest coverage (dots, highest on top) against the
    province's own figure (dashed line) and the provincial target (solid line).

    ``ranking``: `regencies.regency_ranking` output. A filled dot: the source states what
    the percentage divides by; a hollow dot: it does not (basis ``unknown``). Each value
    carries its month when the figures have different dates. ``region`` (a kabupaten/kota
    code) is highlighted. Those without a percentage are named below the dots."""
    check_lang(lang)
    fig, ax, created = axes_or_new(ax)
    rows = _ranked(ranking)
    if rows.empty:
        return empty_chart(fig, ax, created, lang,
                           ["rank", "region_code", "coverage_pct", "source"])
    names = _names(rows["region_code"], lang)
    values = rows["coverage_pct"].astype("float64").to_numpy()
    n = len(rows)
    y = np.arange(n)[::-1]
    ours = (rows["region_code"] == region).to_numpy()
    stated = (rows["basis"].astype(str) != "unknown").to_numpy()
    dated = rows["as_of"].nunique() > 1
    fs = _row_font(n)
    _dots(ax, y, values, ours, stated)
    handles = _reference_lines(ax, rows, lang)
    marks = [values.max()] + [float(x) for x in (_first(rows, "province_pct"),
                                                  _first(rows, "target_pct")) if x is not None]
    _dot_labels(ax, rows, y, ours, dated, fs, lang)
    region_ticks(ax, y, names, ours, fs)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlim(0, max(marks) * (1.3 if dated else 1.18))
    _pct_axis(ax, lang, axis="x")
    ax.grid(False)
    ax.legend(handles=handles + _basis_handles(stated, lang), loc="lower left",
              bbox_to_anchor=(0, 1.0), ncols=2, fontsize=12)
    missing = _missing_line(ranking, lang)
    if missing:
        ax.set_xlabel("\n".join(textwrap.wrap(missing, 100)), loc="left", fontsize=11,
                      color=COLORS["muted"], labelpad=8)
    attach(ax, _plotted(rows, names), _ranking_alt(rows, names, lang))
    return result(fig, ax, created)


def _plotted(rows: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """The ranking's columns a reader of the CSV needs, with display names."""
    keep = ["rank", "region_code", "as_of", "coverage_pct", "basis", "qualifier",
            "potential_used", "target_year", "target_pct", "gap_points", "gap_workers",
            "share_of_province_gap", "province_pct", "province_as_of", "source"]
    out = rows.reindex(columns=keep).copy()
    out.insert(2, "region", names)
    out["source"] = source_of(rows).to_numpy()
    if "province_source" in rows.columns:
        out["province_source"] = rows["province_source"].astype("string").to_numpy()
    return out


# --------------------------------------------------------------------------- gap


def _gap_rows(ranking: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The kabupaten/kota to draw and the unit: "workers" when any has a count of
    workers needed, else "points"."""
    rows = _ranked(ranking)
    workers = rows["gap_workers"].astype("Float64")
    unit = "workers" if workers.notna().any() else "points"
    points = rows["gap_points"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    # largest gap in workers first, then those without a denominator, then those met
    key = workers.fillna(-1).to_numpy(dtype="float64") if unit == "workers" else points.copy()
    key[points <= 0] = -2
    rows = rows.assign(_key=key, _pts=points)
    rows = rows.sort_values(["_key", "_pts"], ascending=[False, False], kind="stable")
    return rows.drop(columns="_key").reset_index(drop=True), unit


def _gap_text(row, unit: str, lang: str) -> str:
    points = format_number(row["_pts"], decimals=1, lang=lang)
    if row["_pts"] <= 0:
        return label("target_met_label", lang)
    if unit == "points":
        return f"{points} {label('points', lang)}"
    if pd.isna(row["gap_workers"]):
        return f"{label('denominator_unknown', lang)}; {label('points_below', lang, points=points)}"
    text = label("workers_needed", lang, workers=format_number(row["gap_workers"], lang=lang))
    if pd.notna(row.get("share_of_province_gap")):
        share = format_percent(row["share_of_province_gap"], decimals=2, trim=True, lang=lang)
        text += "\n" + label("share_of_gap", lang, share=share)
    return text


@styled
def regency_gap_chart(ranking: pd.DataFrame, *, region: str | None = None,
                      lang: str = "id", ax: Axes | None = None):
    """Who closes the gap: per kabupaten/kota, the workers it must enrol to reach the
    provincial target (`gap_workers` of `regencies.regency_ranking`), largest first, with
    its share of the province's own gap.

    A kabupaten/kota whose source gives a percentage without a denominator has no bar
    but says so, with its gap in points; when none has a denominator the bars are the
    gap in percentage points. Those at or above the target say "target tercapai"."""
    check_lang(lang)
    fig, ax, created = axes_or_new(ax)
    rows, unit = _gap_rows(ranking)
    if rows.empty:
        return empty_chart(fig, ax, created, lang, ["region_code", "gap_points", "gap_workers"])
    names = _names(rows["region_code"], lang)
    n = len(rows)
    y = np.arange(n)[::-1]
    bars = rows["gap_workers"].astype("Float64") if unit == "workers" else rows["_pts"]
    bars = pd.to_numeric(pd.Series(bars), errors="coerce").astype("float64").to_numpy(
        na_value=np.nan)
    top = np.nanmax(bars) if np.isfinite(bars).any() and np.nanmax(bars) > 0 else 1.0
    ours = (rows["region_code"] == region).to_numpy()
    fs = _row_font(n)
    for yi, v, o, (_, row) in zip(y, bars, ours, rows.iterrows(), strict=True):
        color = COLORS["highlight"] if o else COLORS["base"]
        if np.isfinite(v) and v > 0:
            ax.barh(yi, v, height=0.62, color=color)
        x = v if np.isfinite(v) and v > 0 else 0
        ax.text(x + top * 0.012, yi, _gap_text(row, unit, lang), va="center", ha="left",
                fontsize=fs, color=COLORS["ink"] if np.isfinite(v) else COLORS["muted"],
                fontweight="bold" if o else "normal", linespacing=1.15)
    region_ticks(ax, y, names, ours, fs)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, top * (1.6 if unit == "workers" else 1.2))
    ax.set_xticks([])
    ax.grid(False)
    ax.spines["bottom"].set_visible(False)
    ax.set_title(label("workers_to_target" if unit == "workers" else "points_to_target",
                       lang), loc="left", fontsize=13, color=COLORS["muted"])
    plotted = _plotted(rows, names)
    plotted.insert(3, "unit", unit)
    target = _pct(_first(rows, "target_pct"), lang)
    first = _gap_text(rows.iloc[0], unit, lang)
    alt = label("alt_regency_gap", lang, target=target, top=names[0], value=first,
                province=region_name(_province_code(rows), lang))
    attach(ax, plotted, alt)
    return result(fig, ax, created)


# --------------------------------------------------------------------------- tiles


@lru_cache(maxsize=1)
def _grids() -> pd.DataFrame:
    with reference("tilegrid_regencies.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    table = pd.DataFrame(rows)
    return table.astype({"row": int, "col": int})


def regency_grid(province: str) -> tuple[pd.DataFrame, bool]:
    """(layout, hand_laid): the tile positions (code, row, col, abbr) of the
    kabupaten/kota of `province`. Provinces without a hand-laid grid in
    tilegrid_regencies.csv get one in Kemendagri code order (`hand_laid` False), which
    the chart says is not a map."""
    from paritrana_analysis.regions import regencies

    laid = _grids()[_grids()["province"] == province]
    if len(laid):
        return laid[["code", "row", "col", "abbr"]].reset_index(drop=True), True
    listed = regencies(province)
    if listed.empty:
        raise ValueError(f"{province!r} is not a province code such as 'ID-SS'")
    ncols = max(1, math.ceil(math.sqrt(len(listed) * 16 / 9)))
    abbr = [name.replace("Kab. ", "").upper() for name in listed["name"]]
    return pd.DataFrame({"code": listed["code"], "row": np.arange(len(listed)) // ncols,
                         "col": np.arange(len(listed)) % ncols, "abbr": abbr}), False


def _tile(ax, x, y, abbr, value_text, face, ink, hatch, ours, wrap) -> list:
    """One square; returns its texts with their size as a share of the tile's side."""
    gap = 0.08
    ax.add_patch(Rectangle((x + gap / 2, y + gap / 2), 1 - gap, 1 - gap, facecolor=face,
                           edgecolor=COLORS["nodata_edge"] if hatch else "none",
                           hatch="////" if hatch else None, linewidth=0.8))
    if ours:
        ax.add_patch(Rectangle((x + gap / 2, y + gap / 2), 1 - gap, 1 - gap, facecolor="none",
                               edgecolor=COLORS["highlight"], linewidth=3.5, zorder=4))
    box = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"} \
        if hatch else None
    lines = textwrap.wrap(abbr, wrap, break_long_words=False)
    two = len(lines) > 1
    name = ax.text(x + 0.5, y + (0.67 if two else 0.64), "\n".join(lines), ha="center",
                   va="center", fontweight="bold", color=ink, bbox=box, zorder=5, linespacing=1.0)
    value = ax.text(x + 0.5, y + (0.22 if two else 0.27), value_text, ha="center",
                    va="center", color=ink,
                    bbox=box if value_text != "–" else None, zorder=5)
    longest = max(len(line) for line in lines)
    # bold capitals are about 0.68 em wide; a line may take 85% of the tile's width and
    # the name about half its height
    share = min(0.17, 1.2 / longest, 0.45 / len(lines))
    return [(name, share), (value, 0.2 if "%" in value_text else 0.14)]


def _fit_to_tiles(ax: Axes, texts: list) -> None:
    """Text in proportion to the tiles on the page (a five-column grid is larger in a
    portrait export than in a landscape one), redone once export_chart fixed the size."""
    def fit() -> None:
        fig = ax.figure
        fig.draw_without_rendering()
        side = abs(ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0])
        points = side * 72 / fig.dpi
        for text, share in texts:
            text.set_fontsize(max(7.0, min(20.0, points * share)))

    fit()
    on_relayout(ax.figure, fit)


def _draw_tiles(ax: Axes, merged: pd.DataFrame, values, classes, colors, *, region,
                hand_laid: bool, lang: str) -> list:
    """A tile per kabupaten/kota, row 0 on top: the class colour and the figure as
    published, or hatched white with "–" (or "count only"). Returns the tile texts."""
    nrows = int(merged["row"].max()) + 1
    status = merged["status"] if "status" in merged.columns else pd.Series("", index=merged.index)
    qualifiers = merged["qualifier"] if "qualifier" in merged.columns else \
        pd.Series(None, index=merged.index)
    texts = []
    for i, (code, row, col, abbr) in enumerate(
            merged[["code", "row", "col", "abbr"]].itertuples(index=False)):
        v = values[i]
        if np.isnan(v):
            face, ink, hatch = COLORS["nodata_face"], COLORS["muted"], True
            text = label("count_only", lang) if status.iloc[i] == "count_only" else "–"
        else:
            face, hatch = colors[int(classes[i])], False
            ink = text_color_on(face)
            text = _pct(v, lang, qualifiers.iloc[i])
        texts += _tile(ax, col, nrows - 1 - row, abbr, text, face, ink, hatch, code == region,
                       8 if hand_laid else 10)
    return texts


def _tiles_plotted(merged: pd.DataFrame, values, classes, classes_text, hand_laid: bool,
                   lang: str) -> pd.DataFrame:
    """What the tiles show, for the CSV: position, figure and class of each."""
    return pd.DataFrame({
        "region_code": merged["code"].to_numpy(),
        "region": _names(merged["code"], lang),
        "abbr": merged["abbr"].to_numpy(),
        "row": merged["row"].to_numpy(), "col": merged["col"].to_numpy(),
        "as_of": merged["as_of"].to_numpy() if "as_of" in merged else pd.NaT,
        "coverage_pct": pd.array(values, dtype="Float64"),
        "class": [None if np.isnan(v) else classes_text[int(k)]
                  for v, k in zip(values, classes, strict=True)],
        "hand_laid": hand_laid,
        "source": source_of(merged).to_numpy(),
    })


@styled
def regency_tile_chart(figures: pd.DataFrame, *, province: str, region: str | None = None,
                       bins: Sequence[float] = DEFAULT_BINS,
                       size: str = "landscape", lang: str = "id", ax: Axes | None = None):
    """The kabupaten/kota of `province` as tiles coloured by their newest coverage, in
    ``bins`` classes; those without a percentage are white and hatched ("count only"
    when the source gives a count of participants alone). ``figures``:
    `regencies.regency_figures` (or `regency_ranking`) output. ``region`` gets a thick
    outline. A province without a hand-laid grid is drawn in code order and says so.
    ``size`` "square"/"portrait": the legend goes under the tiles."""
    check_lang(lang)
    require_columns(figures, ["region_code", "coverage_pct"], "regency figures")
    fig, ax, created = axes_or_new(ax, size)
    layout, hand_laid = regency_grid(province)
    colors = get_palette("sequential", len(bins) - 1)
    classes_text = _bin_labels(list(bins), lang)
    table = figures.assign(region_code=figures["region_code"].astype(str))
    merged = layout.merge(table, left_on="code", right_on="region_code", how="left")
    values = pd.to_numeric(merged["coverage_pct"], errors="coerce").astype("float64").to_numpy()
    classes = np.digitize(values, list(bins)[1:-1], right=False)
    nrows, ncols = int(layout["row"].max()) + 1, int(layout["col"].max()) + 1
    texts = _draw_tiles(ax, merged, values, classes, colors, region=region,
                        hand_laid=hand_laid, lang=lang)
    ax.set_xlim(-0.05, ncols + 0.05)
    # square/portrait: a band under the tiles for the legend (an Axes with equal aspect
    # keeps a legend outside it out of the layout)
    ax.set_ylim(-0.05 if size == "landscape" else -1.1, nrows + 0.05)
    ax.set_aspect("equal")
    ax.set_axis_off()
    _tile_legend(ax, colors, classes_text, region, layout, size, lang)
    if not hand_laid:
        ax.set_title(label("no_grid", lang, region=region_name(province, lang)), loc="left",
                     fontsize=13, color=COLORS["highlight"], fontweight="bold")
    _fit_to_tiles(ax, texts)
    plotted = _tiles_plotted(merged, values, classes, classes_text, hand_laid, lang)
    missing = int(np.isnan(values).sum())
    alt = label("alt_regency_tiles", lang, total=len(values), n=len(values) - missing,
                missing=missing, province=region_name(province, lang))
    attach(ax, plotted, alt)
    return result(fig, ax, created)


def _tile_legend(ax, colors, classes_text, region, layout, size, lang) -> None:
    """Classes, no data and our kabupaten/kota: right of the tiles in a landscape chart
    (limited by height), under them in a square or portrait one (limited by width)."""
    handles = [Patch(facecolor=c, label=t) for c, t in zip(colors, classes_text, strict=True)]
    handles.append(Patch(facecolor="white", edgecolor=COLORS["nodata_edge"], hatch="////",
                         label=label("no_data", lang)))
    if region is not None and region in set(layout["code"]):
        handles.append(Patch(facecolor="white", edgecolor=COLORS["highlight"], linewidth=2.5,
                             label=region_name(region, lang)))
    where = {"loc": "center left", "bbox_to_anchor": (1.01, 0.5), "ncols": 1} \
        if size == "landscape" else \
        {"loc": "lower center", "bbox_to_anchor": (0.5, 0.0), "ncols": 3, "frameon": False}
    scale = 1.0 if size == "landscape" else 1.25
    ax.legend(handles=handles, fontsize=12 * scale, handlelength=1.4, handleheight=1.1,
              labelspacing=0.7, title=label("coverage_pct", lang), title_fontsize=12 * scale,
              alignment="left", **where)


# --------------------------------------------------------------------------- segments


def _cell_text(covered, pct, lang) -> str:
    """The count ("<10" for 1-9 persons, and then no percentage: it would give the count
    away, `privacy`) and the percentage where the source gives a denominator."""
    text = format_count(covered, lang=lang)
    return text if np.isnan(pct) or text.startswith("<") else f"{text}\n{_pct(pct, lang)}"


@styled
def regency_segments_chart(segments: pd.DataFrame, *, lang: str = "id",
                           ax: Axes | None = None):
    """Segment figures per kabupaten/kota as a table: a row per kabupaten/kota, a column
    per segment, each cell the workers covered (and the percentage where the source
    gives a denominator, the cell shaded by it). ``segments``:
    `regencies.regency_segments` output (the newest figure per kabupaten/kota and
    segment). Empty cells: no figure."""
    check_lang(lang)
    require_columns(segments, ["region_code", "segment", "covered"], "segment table")
    fig, ax, created = axes_or_new(ax)
    rows = segments[segments["covered"].notna()]
    if rows.empty:
        return empty_chart(fig, ax, created, lang, ["region_code", "segment", "covered", "source"])
    codes = sorted(rows["region_code"].astype(str).unique())
    segs = list(rows.groupby("segment", sort=False)["covered"].size()
                .sort_values(ascending=False, kind="stable").index)
    seg_names = [label_or(f"seg_{s}", str(s).replace("_", " "), lang) for s in segs]
    palette = get_palette("sequential")
    ncols, nrows = len(segs), len(codes)
    wrap = max(8, int(110 / max(ncols, 1)))
    for (_, row) in rows.iterrows():
        c = segs.index(row["segment"])
        r = nrows - 1 - codes.index(str(row["region_code"]))
        pct = float(row["coverage_pct"]) if pd.notna(row.get("coverage_pct")) else np.nan
        face = COLORS["uncovered"] if np.isnan(pct) else palette[
            min(4, int(np.digitize(pct, DEFAULT_BINS[1:-1])))]
        ax.add_patch(Rectangle((c + 0.04, r + 0.06), 0.92, 0.88, facecolor=face,
                               edgecolor="none"))
        ax.text(c + 0.5, r + 0.5, _cell_text(float(row["covered"]), pct, lang), ha="center",
                va="center", fontsize=12 if ncols <= 6 else 10.5,
                color=text_color_on(face), linespacing=1.1)
    ax.set_xlim(0, ncols)
    ax.set_ylim(0, nrows)
    ax.set_xticks(np.arange(ncols) + 0.5, ["\n".join(textwrap.wrap(s, wrap)) for s in seg_names],
                  fontsize=11 if ncols <= 6 else 9.5)
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(nrows)[::-1] + 0.5, _names(codes, lang), fontsize=12)
    ax.tick_params(length=0)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel(label("segment_count_pct", lang), loc="left", fontsize=11,
                  color=COLORS["muted"])
    plotted = rows.assign(region=_names(rows["region_code"], lang),
                          segment_label=[label_or(f"seg_{s}", str(s), lang)
                                         for s in rows["segment"]])
    plotted = plotted.reindex(columns=["region_code", "region", "segment", "segment_label",
                                       "as_of", "covered", "potential", "coverage_pct",
                                       "source"])
    province = region_name(_province_code(rows), lang)
    alt = label("alt_regency_segments", lang, province=province, n=len(rows), k=nrows)
    attach(ax, plotted.reset_index(drop=True), alt)
    return result(fig, ax, created)
