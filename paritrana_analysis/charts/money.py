"""Rupiah charts: claims and benefits per programme, and the budget scenario."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from paritrana_analysis.charts._base import (
    attach,
    empty_chart,
    labelled_bars,
    new_figure,
    no_data,
    require_columns,
    result,
    source_of,
)
from paritrana_analysis.charts.style import COLORS, styled
from paritrana_analysis.claims import claims_by_program as analyse_claims_by_program
from paritrana_analysis.claims import period_span
from paritrana_analysis.formatting import (
    check_lang,
    format_count,
    format_money,
    format_number,
    format_period,
    label,
    label_or,
)
from paritrana_analysis.privacy import MIN_COUNT


def _end_month(period) -> pd.Period | None:
    try:
        return period_span(period)[1]
    except ValueError:
        return None


def _choose(df: pd.DataFrame, period: str | None) -> tuple[pd.DataFrame, str | None]:
    """One period and one source of per-programme rows (never a sum of sources): the
    given period (default: the period and source listing most programmes, latest end
    month among ties), and the source listing most programmes for it (ties: the first
    source in sort order)."""
    if df.empty:
        return df, period
    src = source_of(df)
    counts = df.assign(_src=src).groupby(["period", "_src"], sort=False)["program"].nunique()
    if period is None:
        def key(item):
            (per, source), n = item
            end = _end_month(per)
            return (-n, -(end.ordinal if end is not None else -10**9), str(per), source)

        period = sorted(counts.items(), key=key)[0][0][0]
    counts = counts[counts.index.get_level_values(0) == period]
    if counts.empty:
        return df.iloc[0:0], period
    best = sorted(counts.index.get_level_values(1), key=lambda k: (-counts[(period, k)], k))[0]
    return df[(df["period"] == period) & (src == best)], period


def _pair_or_new(ax) -> tuple[Figure, tuple[Axes, Axes], bool]:
    """(figure, (cases, rupiah) axes, created): like axes_or_new, for two panels."""
    if ax is None:
        fig, axes = new_figure("landscape", nrows=1, ncols=2, sharey=True)
        return fig, tuple(axes), True
    axes = tuple(ax)
    if len(axes) != 2:
        raise ValueError("ax must be a pair of Axes (cases, rupiah)")
    return axes[0].figure, axes, False


def _one_region(claims: pd.DataFrame, region: str | None) -> tuple[pd.DataFrame, str | None]:
    """The per-programme rows of one region (never a sum of regions) and that region:
    ``region`` when given, else national ("ID") if present, else the region with most
    rows. Claim-level extracts become one row per programme and source
    (claims.claims_by_program), two sources never added together."""
    df = claims.copy()
    if region is not None and "region_code" in df.columns:
        df = df[df["region_code"] == region]
    df["program"] = df["program"].astype("string").fillna("")
    df = df[df["program"] != "all"]
    if region is None and "region_code" in df.columns and df["region_code"].nunique() > 1:
        codes = df["region_code"].astype(str)
        region = "ID" if (codes == "ID").any() else codes.value_counts().index[0]
        df = df[codes == region]
    if len(df) and {"region_code", "cases", "amount_idr"} <= set(df.columns):
        df = analyse_claims_by_program(df)
    return df, region


def _per_program(df: pd.DataFrame) -> pd.DataFrame:
    """One row per programme (cases, amount_idr, source), largest rupiah first; a
    missing column stays missing rather than becoming zero."""
    if "cases" not in df.columns:
        df["cases"] = pd.NA
    if "amount_idr" not in df.columns:
        df["amount_idr"] = pd.NA
    df = df.groupby("program", as_index=False, sort=False).agg(
        cases=("cases", lambda s: s.sum(min_count=1)),
        amount_idr=("amount_idr", lambda s: s.sum(min_count=1)),
        source=("source", lambda s: "; ".join(sorted(set(source_of(s.to_frame())) - {""})))
        if "source" in df.columns else ("program", lambda s: ""),
    )
    return df.sort_values(["amount_idr", "cases"], ascending=False, na_position="last",
                          kind="stable")


def _claims_panels(axes, y, cases, drawn, lang: str) -> None:
    """Cases (left) and rupiah (right) as bars with their value printed beside each."""
    a_cases, a_amount = axes
    panels = ((a_cases, cases, COLORS["context"],
               lambda v: format_count(v, lang=lang), label("cases", lang)),
              (a_amount, drawn, COLORS["base"],
               lambda v: format_money(v, lang=lang), label("amount_paid", lang)))
    for a, vals, color, fmt, heading in panels:
        shown = np.nan_to_num(vals, nan=0.0)
        a.barh(y, shown, height=0.62, color=color)
        top = np.nanmax(vals) if np.isfinite(vals).any() else 1.0
        for yi, v in zip(y, vals, strict=True):
            a.text((0 if np.isnan(v) else v) + top * 0.02, yi, fmt(v), va="center",
                   ha="left", fontsize=12, color=COLORS["ink"])
        a.set_xlim(0, top * 1.42)
        a.set_title(heading, loc="left", fontsize=14, fontweight="bold", color=COLORS["ink"])
        a.grid(False)
        a.set_xticks([])
        a.spines["bottom"].set_visible(False)


def _claims_plotted(df: pd.DataFrame, names: list[str], period, region) -> pd.DataFrame:
    """What the chart shows, for the CSV: one row per programme."""
    plotted = pd.DataFrame({
        "period": period,
        "program": df["program"].to_numpy(),
        "program_label": names,
        "cases": pd.array(df["cases"].tolist(), dtype="Int64"),
        "amount_idr": pd.array(df["amount_idr"].tolist(), dtype="Float64"),
        "source": df["source"].to_numpy(),
    })
    if region is not None:
        plotted.insert(0, "region_code", region)
    return plotted


@styled
def claims_chart(
    claims: pd.DataFrame,
    *,
    region: str | None = None,
    period: str | None = None,
    callout: str | None = None,
    lang: str = "id",
    ax: tuple[Axes, Axes] | None = None,
):
    """Two bar panels side by side: cases (left) and rupiah paid (right) per programme,
    ordered by rupiah. ``claims``: canonical claims rows (or ``claims.claims_by_program``
    output); ``region`` keeps one region_code (default: national "ID" when the table has
    several regions, never a sum of regions), ``period`` one period (default: the period
    with most programmes). Programme "all" is left out; when several sources report the
    same programmes for the period, the one listing most programmes is shown (never a
    sum of both). ``callout``: a line in the highlight colour above the panels (a region's
    own total, when its per-programme split is not published). ``ax``: a pair of Axes.
    Returns the Figure (or the pair it was given)."""
    check_lang(lang)
    require_columns(claims, ["program", "period"], "claims table")
    fig, axes, created = _pair_or_new(ax)
    a_cases, a_amount = axes
    df, region = _one_region(claims, region)
    df, period = _choose(df, period)
    if df.empty:
        for a in axes:
            no_data(a, lang)
        attach(a_cases, pd.DataFrame(columns=["program", "cases", "amount_idr", "source"]), "")
        return result(fig, ax, created)
    df = _per_program(df)
    names = [label_or(f"prog_{p}", str(p), lang) for p in df["program"]]
    cases = pd.to_numeric(df["cases"], errors="coerce").astype("float64").to_numpy()
    amount = pd.to_numeric(df["amount_idr"], errors="coerce").astype("float64").to_numpy()
    # an amount paid to fewer than 10 people is not drawn: it would reveal one (privacy)
    drawn = np.where((cases > 0) & (cases < MIN_COUNT), np.nan, amount)
    n = len(df)
    y = np.arange(n)[::-1]
    _claims_panels(axes, y, cases, drawn, lang)
    if callout and created:
        fig.suptitle(callout, x=0.035, ha="left", fontsize=14, fontweight="bold",
                     color=COLORS["highlight"])
    a_cases.set_yticks(y, names, fontsize=12.5)
    a_cases.set_ylim(-0.6, n - 0.4)
    a_amount.tick_params(labelleft=False)
    alt = label("alt_claims", lang, top=names[0], amount=format_money(amount[0], lang=lang))
    alt = f"{format_period(period, lang=lang)}. {alt}"
    attach(a_cases, _claims_plotted(df, names, period, region), alt)
    return result(fig, ax, created)


_BUDGET_ALIASES = {"workers": ("workers", "workers_covered", "covered")}


@styled
def budget_chart(
    scenarios: pd.DataFrame,
    *,
    highlight: int | None = None,
    lang: str = "id",
    ax: Axes | None = None,
):
    """Workers a budget keeps covered, one bar per scenario.

    ``scenarios``: one row per budget with ``budget_idr`` and ``workers`` (e.g. from
    ``budget.workers_covered_by_budget`` for each budget); optional ``scenario`` (bar
    label; default the budget in rupiah), ``monthly_contribution_idr``, ``months``,
    ``source`` and ``*_source`` columns (all cited in the footer). ``highlight``:
    position of the bar to colour as ours (e.g. the current budget)."""
    check_lang(lang)
    df = scenarios.copy()
    for canon, names in _BUDGET_ALIASES.items():
        if canon not in df.columns:
            for alt_name in names:
                if alt_name in df.columns:
                    df[canon] = df[alt_name]
                    break
    require_columns(df, ["budget_idr", "workers"], "budget scenarios")
    if ax is None:
        fig, ax = new_figure("landscape")
        created = True
    else:
        fig, created = ax.figure, False
    df = df[df["workers"].notna()]
    if df.empty:
        return empty_chart(fig, ax, created, lang, ["budget_idr", "workers", "source"])
    budgets = df["budget_idr"].astype(float).to_numpy()
    workers = df["workers"].astype(float).to_numpy()
    names = (df["scenario"].astype(str).tolist() if "scenario" in df.columns
             else [format_money(b, lang=lang) for b in budgets])
    x = np.arange(len(df))
    colors = [COLORS["highlight"] if i == highlight else COLORS["base"] for i in x]
    labelled_bars(ax, workers, [format_number(w, lang=lang) for w in workers], colors,
                  width=0.6, fontsize=13, weight="bold", lang=lang)
    ax.set_xticks(x, names)
    ax.spines["bottom"].set_color("#999999")
    if "monthly_contribution_idr" in df.columns:
        monthly = df["monthly_contribution_idr"].dropna().unique()
        if len(monthly) == 1:
            ax.set_xlabel(label("per_worker_month", lang,
                                amount=format_money(monthly[0], compact=False, lang=lang)),
                          labelpad=10, fontsize=12, color=COLORS["muted"])
    keep = [c for c in ("scenario", "budget_idr", "workers", "monthly_contribution_idr",
                        "months", "with_jht") if c in df.columns]
    keep += [c for c in df.columns if str(c).endswith("_source")]
    plotted = df[keep].copy()
    plotted["source"] = source_of(df).to_numpy()
    alt = label("alt_budget", lang, first=format_number(workers[0], lang=lang),
                last=format_number(workers[-1], lang=lang))
    attach(ax, plotted, alt)
    return fig if created else ax
