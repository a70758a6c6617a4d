"""An explorer for JupyterLab: choose a province or kabupaten/kota, a segment, a date and a
target year, and the figure table, the target bar, the ranking, the projection and the
kabupaten/kota view update in place; one button exports the chart on screen for the press.

    from paritrana_analysis.explorer import explore
    explore()                          # bundled data and your workbooks in data/raw
    explore(region="16.05", lang="en")
    explore({"coverage": my_recap, "targets": targets})   # tables of your own

Exploring used to mean editing a parameters cell and re-running a notebook. Here every
choice is a widget and everything is computed by the library (`views` below are plain
functions, tested without widgets). A choice that cannot apply says so in words (a
projection method on a history too short for a trend, a target year without a target, a
ranking of a segment) instead of silently showing something else. The year slider runs
from this year to 2045: a past year's target is met or missed, not something to aim at.
Shown in a static page (the HTML report), the explorer is its default view, not an
empty box: its output carries that view as HTML beside the live widget.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

import pandas as pd

from paritrana_analysis import regencies, regions
from paritrana_analysis.clock import reference_date, today
from paritrana_analysis.coverage import with_pct
from paritrana_analysis.extrapolation import METHODS as EXTRAPOLATION_METHODS
from paritrana_analysis.formatting import (
    check_lang,
    format_as_of,
    format_count,
    format_date,
    format_figure,
    format_month,
    format_number,
    label,
    label_or,
)
from paritrana_analysis.privacy import small_cells
from paritrana_analysis.safe_text import printable
from paritrana_analysis.series import basis_of, comparable_series
from paritrana_analysis.standing import RECENT_MONTHS
from paritrana_analysis.targets import pick_targets

__all__ = ["Explorer", "Scene", "View", "date_options", "explore", "figure_table",
           "projection_view", "ranking_view", "region_options", "regencies_view",
           "segment_options", "target_view", "year_range"]

LONG_TERM = (99.5, 2045)  # RPJPN: UCJ 99,5% by 2045
METHODS = ("auto", *EXTRAPOLATION_METHODS)  # auto: the best backtest record
TABS = ("target", "ranking", "projection", "regencies")


@dataclass
class View:
    """What one tab shows: a chart (None when nothing can be drawn), the title stating
    the finding, subtitle and note for the export, and `message`: what could not apply,
    in the run's language ("" when everything did)."""

    name: str
    fig: object = None
    title: str = ""
    subtitle: str = ""
    note: str | None = None
    message: str = ""
    size: str = "landscape"
    data_date: str | None = None


def _segment_name(segment: str, lang: str) -> str:
    return label_or(f"seg_{segment}", segment.replace("_", " "), lang)


def _method(method: str, lang: str) -> str:
    return label_or(f"method_{method}", method, lang)


def _name(code: str, lang: str) -> str:
    return label("national", lang) if code == "ID" else regions.region_name(code, lang)


# --------------------------------------------------------------------------- choices


def region_options(coverage: pd.DataFrame, lang: str = "id") -> list[tuple[str, str]]:
    """(label, code) of every region with a figure: Indonesia, then each province
    followed by its kabupaten/kota (indented), in code order."""
    codes = set(coverage["region_code"].astype(str))
    out = [(label("national", lang), "ID")] if "ID" in codes else []
    listed = regions.regencies()
    for code in regions.provinces()["code"]:
        mine = [c for c in listed.loc[listed["province_code"] == code, "code"] if c in codes]
        if code not in codes and not mine:
            continue
        out.append((f"{regions.region_name(code, lang)} ({code})", code))
        out += [(f"\u00a0\u00a0\u00a0{regions.region_name(c, lang)} ({c})", c) for c in mine]
    return out


def segment_options(coverage: pd.DataFrame, code: str, lang: str = "id"
                    ) -> list[tuple[str, str]]:
    """(label, segment) of the segments `code` has figures for, "all" first (always)."""
    segs = coverage.loc[coverage["region_code"].astype(str) == code, "segment"].astype(str)
    others = sorted(set(segs) - {"all"})
    return [(_segment_name(s, lang), s) for s in ["all", *others]]


def date_options(coverage: pd.DataFrame, code: str, segment: str, lang: str = "id"
                 ) -> list[tuple[str, object]]:
    """(label, date) to cut the data at: the newest figures ("") first, then each date
    `code` has a `segment` figure on, newest first ("YYYY-MM-DD")."""
    rows = coverage[(coverage["region_code"].astype(str) == code)
                    & (coverage["segment"].astype(str) == segment)]
    dates = sorted(pd.to_datetime(rows["as_of"]).dropna().unique(), reverse=True)
    return [(label("x_newest", lang), "")] + [
        (format_as_of(d, short=True, lang=lang), f"{pd.Timestamp(d):%Y-%m-%d}") for d in dates]


def year_range(now=None) -> tuple[int, int]:
    """Target years to choose from: this year (`clock.today`) to 2045, never a year
    already past."""
    year = pd.Timestamp(now if now is not None else today()).year
    return year, max(year, LONG_TERM[1])


def _qualifiers(rows: pd.DataFrame) -> list:
    return list(rows["qualifier"]) if "qualifier" in rows.columns else [None] * len(rows)


def figure_table(coverage: pd.DataFrame, code: str, segment: str = "all",
                 lang: str = "id") -> pd.DataFrame:
    """Every figure of `code` and `segment`, newest first, as a reader wants it: date,
    coverage, active participants, denominator, basis, comparable series number, source
    (numbers in Indonesian or English conventions)."""
    rows = coverage[(coverage["region_code"].astype(str) == code)
                    & (coverage["segment"].astype(str) == segment)]
    rows = rows[rows["as_of"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=[label(f"col_{c}", lang) for c in
                                     ("date", "coverage", "covered", "potential", "basis",
                                      "series", "source")])
    rows = comparable_series(with_pct(rows)).iloc[::-1]
    pot = rows["potential"] if "potential" in rows.columns else pd.Series(pd.NA, rows.index)
    hidden = small_cells(rows)  # a percentage of 1-9 persons would give them away
    if "coverage_pct" in hidden:
        rows = rows.assign(coverage_pct=rows["coverage_pct"].mask(hidden["coverage_pct"]))
    return pd.DataFrame({
        label("col_date", lang): [format_as_of(d, short=True, lang=lang) for d in rows["as_of"]],
        label("col_coverage", lang): [format_figure(v, qualifier=q, lang=lang)
                                      for v, q in zip(rows["coverage_pct"], _qualifiers(rows),
                                                      strict=True)],
        label("col_covered", lang): [format_count(v, lang=lang) for v in rows["covered"]],
        label("col_potential", lang): [format_number(v, lang=lang) for v in pot],
        label("col_basis", lang): list(basis_of(rows)),
        label("col_series", lang): [int(v) for v in rows["series_id"]],
        label("col_source", lang): [printable(str(s)) for s in
                                    (rows["source"] if "source" in rows else [""] * len(rows))],
    })


# --------------------------------------------------------------------------- views


@dataclass
class Scene:
    """The choices every view is computed for: the tables ({"coverage", "targets",
    "workforce"}, coverage cut at the chosen date), region, segment, target year, method,
    language, and the reference date (the chosen date, else today)."""

    data: dict
    code: str
    segment: str = "all"
    year: int = LONG_TERM[1]
    method: str = "auto"
    lang: str = "id"
    reference: object = None

    def __post_init__(self):
        self.reference = reference_date(self.reference)

    @property
    def coverage(self) -> pd.DataFrame:
        return self.data["coverage"]

    @property
    def targets(self):
        return self.data.get("targets")

    @property
    def name(self) -> str:
        return _name(self.code, self.lang)

    def figures(self) -> pd.DataFrame:
        """One figure per region and date, the standing rule (`standing.figures_by_date`)."""
        from paritrana_analysis.standing import figures_by_date

        return figures_by_date(self.coverage, self.data.get("workforce"), as_of=self.reference)

    def no_figure(self) -> str:
        return label("msg_no_figure", self.lang, segment=_segment_name(self.segment, self.lang),
                     region=self.name, date=format_date(self.reference, short=True,
                                                        lang=self.lang))


def _own_target(targets: pd.DataFrame | None, code: str, year: int) -> pd.Series | None:
    """The region's own target for `year` (`pick_targets`), or None."""
    chosen = pick_targets(targets, year)
    chosen = chosen[chosen["region_code"] == code]
    return None if chosen.empty else chosen.iloc[0]


def target_view(scene: Scene) -> View:
    """The target bar: the figure we stand behind (`standing`) against the region's target
    for the chosen year and 99,5% in 2045; a year without a target says so. For a
    segment (targets are for all workers) the region's segments instead."""
    from paritrana_analysis.charts import region_progress_chart, segment_chart
    from paritrana_analysis.report.headlines import figure_text
    from paritrana_analysis.standing import standing_figure

    lang, name = scene.lang, scene.name
    if scene.segment != "all":
        rows = scene.coverage[scene.coverage["segment"].astype(str) != "all"]
        return View("target", segment_chart(rows, region=scene.code, lang=lang), name,
                    message=label("msg_target_segment", lang, region=name,
                                  segment=_segment_name(scene.segment, lang)))
    stand = standing_figure(scene.coverage, None, scene.code, figures=scene.figures())
    if stand is None:
        return View("target", message=scene.no_figure())
    row, own = stand.row, _own_target(scene.targets, scene.code, scene.year)
    fig = region_progress_chart(pd.DataFrame([row]), scene.targets, region=scene.code,
                                year=scene.year, lang=lang)
    value, when = figure_text(row, lang, context="title"), format_as_of(row["as_of"], lang=lang)
    long_pct, long_year = LONG_TERM
    if own is not None:
        title = label("title_bullet", lang, region=name, value=value, year=scene.year,
                      target=format_figure(own["target_pct"], lang=lang))
        sub = label("sub_bullet", lang, region=name, date=when,
                    targets=f"{scene.year} ({own['target_basis']}), {long_year} (RPJPN)")
        message = ""
    else:
        title = label("title_bullet_nt", lang, region=name, value=value, long_year=long_year,
                      long=format_figure(long_pct, lang=lang))
        sub = label("sub_bullet_nt", lang, region=name, date=when, long_year=long_year)
        message = label("msg_no_target", lang, region=name, year=scene.year,
                        long_year=long_year, long=format_figure(long_pct, lang=lang))
    return View("target", fig, title, sub, message=message,
                data_date=format_as_of(row["as_of"], lang=lang))


def ranking_view(scene: Scene) -> View:
    """A province among the provinces (each by the standing rule, figures of the last
    two years before the reference date; Indonesia: all of them, none highlighted); a
    kabupaten/kota among those of its province (`regencies_view`). Segments are not
    ranked."""
    from paritrana_analysis.charts import provincial_ranking_chart
    from paritrana_analysis.standing import standing_figures

    lang = scene.lang
    if scene.segment != "all":
        return View("ranking", message=label("msg_ranking_segment", lang,
                                             segment=_segment_name(scene.segment, lang)))
    if scene.code != "ID" and not scene.code.startswith("ID-"):
        view = regencies_view(scene)
        view.name = "ranking"
        return view
    since = scene.reference - pd.DateOffset(months=RECENT_MONTHS)
    rows = standing_figures(scene.figures(), level="province")
    rows = rows[(rows["as_of"] >= since) | (rows["region_code"] == scene.code)]
    if rows.empty:
        return View("ranking", message=scene.no_figure())
    fig = provincial_ranking_chart(rows, scene.targets, region=scene.code,
                                   target_year=scene.year, lang=lang)
    plotted = fig._paritrana_panels[-1]["data"]
    ours, n = plotted[plotted["region_code"] == scene.code], len(plotted)
    title = label("title_ranked", lang, region=scene.name, rank=int(ours["rank"].iloc[0]),
                  n=n) if len(ours) else label(
        "title_ranked_top", lang, top=plotted["region"].iloc[0], n=n,
        value=format_figure(plotted["coverage_pct"].iloc[0], lang=lang))
    sub = label("sub_ranked", lang, n=n, since=format_month(since, short=True, lang=lang),
                year=scene.year)
    return View("ranking", fig, title, sub, size="portrait" if n > 16 else "landscape",
                data_date=format_as_of(plotted["as_of"].max(), lang=lang))


def _goal(targets, code: str, year: int, current: float) -> tuple[float, int, str]:
    """(target %, year, deadline) a path aims at: the region's own target for `year` when
    it is above the current figure (due at the end of that year), else 99,5% in 2045."""
    own = _own_target(targets, code, year)
    if own is not None and float(own["target_pct"]) > current:
        return float(own["target_pct"]), year, "end"
    return LONG_TERM[0], LONG_TERM[1], "start"


def _trend(history, method: str, lang: str):
    """(projection, method used, message): "auto" takes the method with the best backtest
    record, which needs `backtest.MIN_POINTS` yearly figures; a method that cannot fit
    this history (too few years to choose, a logistic curve at its ceiling, ...) falls
    back to linear, and says so."""
    from paritrana_analysis.backtest import MIN_POINTS, too_short, yearly_points
    from paritrana_analysis.projections import project_coverage

    if method == "auto" and too_short(history):
        reason = label("x_auto_short", lang, n=len(yearly_points(history, "coverage_pct")),
                       min=MIN_POINTS)
    else:
        try:
            proj = project_coverage(history, to_year=LONG_TERM[1], method=method)
            return proj, proj.attrs.get("method", method), ""
        except ValueError as err:
            reason = str(err)
    message = label("msg_method_failed", lang, method=_method(method, lang), reason=reason)
    return project_coverage(history, to_year=LONG_TERM[1]), "linear", message


def projection_view(scene: Scene) -> View:
    """Where the current comparable series leads with the chosen method, and its value at
    the end of the chosen year; a history under a year long has no trend: the straight
    path the target needs is drawn instead, and the message says the method changes
    nothing."""
    from paritrana_analysis.backtest import series_history
    from paritrana_analysis.charts import projection_chart
    from paritrana_analysis.projections import enough_for_trend, history_years, path_to_target

    lang, name, year = scene.lang, scene.name, scene.year
    if scene.segment != "all":
        return View("projection", message=label("msg_projection_segment", lang,
                                                segment=_segment_name(scene.segment, lang)))
    history = series_history(scene.coverage, scene.code, as_of=scene.reference)
    if history.empty:
        return View("projection", message=scene.no_figure())
    now, targets = history.iloc[-1], scene.targets
    own = targets[targets["region_code"].astype(str) == scene.code] \
        if targets is not None else None
    span = history_years(history)
    if enough_for_trend(span):
        proj, used, message = _trend(history, scene.method, lang)
        at = proj[proj["year"] == year]
        value = float((at if len(at) else proj)["coverage_pct"].iloc[-1])
        message = " ".join(m for m in (message, label(
            "msg_projection_at", lang, method=_method(used, lang), region=name, year=year,
            value=format_figure(value, context="estimate", lang=lang))) if m)
        title = label("title_projection", lang, region=name, year=LONG_TERM[1],
                      end=format_figure(float(proj["coverage_pct"].iloc[-1]),
                                        context="estimate", lang=lang))
        sub = label("sub_projection", lang, region=name, year=LONG_TERM[1],
                    method=_method(used, lang))
        return View("projection", projection_chart(history, proj, own, region=scene.code,
                                                   lang=lang), title, sub, message=message)
    goal, goal_year, deadline = _goal(targets, scene.code, year, float(now["coverage_pct"]))
    path = path_to_target(float(now["coverage_pct"]), now["as_of"], goal, goal_year,
                          deadline=deadline)
    what = label("x_one_figure", lang) if len(history) == 1 else label(
        "x_figures_within", lang, n=len(history), months=round(span * 12))
    message = label("msg_method_short", lang, method=_method(scene.method, lang), region=name,
                    what=what, target=format_figure(goal, lang=lang), year=goal_year)
    pace = format_number(path["points_per_year"].iloc[0], decimals=1, lang=lang)
    title = label("title_projection_needed", lang, region=name, year=goal_year, pace=pace,
                  target=format_figure(goal, lang=lang))
    sub = label("sub_projection_needed", lang, region=name, year=goal_year)
    fig = projection_chart(history, path, own, region=scene.code,
                           projection_label="needed_path", lang=lang)
    return View("projection", fig, title, sub, message=message)


def _regency_target(scene: Scene, province: str) -> tuple[float, int, str]:
    """(target %, year, message) the kabupaten/kota are set against: the province's own
    target for the chosen year, else its next or last one (`regencies.provincial_target`),
    else 99,5% in 2045."""
    lang = scene.lang
    pname = regions.region_name(province, lang)
    own = _own_target(scene.targets, province, scene.year)
    chosen = own if own is not None else regencies.provincial_target(
        scene.targets, province, today=scene.reference)
    if chosen is None:
        pct, when = LONG_TERM
        return pct, when, label("msg_no_province_target", lang, province=pname,
                                target=format_figure(pct, lang=lang), year=when)
    when = scene.year if own is not None else int(chosen["year"])
    status = "open" if own is not None else chosen["status"]
    return float(chosen["target_pct"]), when, label(
        "msg_regency_target", lang, province=pname, year=when,
        target=format_figure(chosen["target_pct"], lang=lang),
        status=label(f"target_{status}", lang))


def regencies_view(scene: Scene) -> View:
    """The kabupaten/kota of the province of the region ranked against the provincial
    target (the region highlighted when it is one of them); one line when there are
    none."""
    from paritrana_analysis.charts.regency import regency_ranking_chart
    from paritrana_analysis.report.regencies import period

    lang, code = scene.lang, scene.code
    if code == "ID" or not regencies.has_regency_data(scene.coverage, code):
        return View("regencies", message=label("no_regency_data", lang, region=scene.name))
    province = regencies.province_of(code)
    pct, when, message = _regency_target(scene, province)
    ranking = regencies.regency_ranking(scene.coverage, province, target_pct=pct,
                                        target_year=when, as_of=scene.reference,
                                        workforce=scene.data.get("workforce"))
    ranked = ranking[ranking["rank"].notna()]
    pname = regions.region_name(province, lang)
    if ranked.empty:
        return View("regencies", message=label("no_regency_data", lang, region=pname))
    fig = regency_ranking_chart(ranking, region=code, lang=lang)
    top, bottom = ranked.iloc[0], ranked.iloc[-1]
    title = label("title_regency_ranked", lang, province=pname,
                  top=regions.region_name(top["region_code"], lang),
                  top_value=figure_of(top, lang),
                  bottom=regions.region_name(bottom["region_code"], lang),
                  bottom_value=figure_of(bottom, lang))
    sub = label("sub_regency_ranked", lang, province=pname, year=when,
                period=period(ranked["as_of"], lang))
    return View("regencies", fig, title, sub, message=message,
                data_date=format_as_of(ranked["as_of"].max(), lang=lang))


def figure_of(row, lang: str) -> str:
    """A row's coverage as published (`formatting.format_figure`, with its qualifier)."""
    return format_figure(row["coverage_pct"], context="title", qualifier=row.get("qualifier"),
                         lang=lang)


# --------------------------------------------------------------------------- widgets


def _png(fig) -> bytes:
    """The chart as drawn (not yet finished for the press), for the screen."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80, metadata={"Software": None})
    return buffer.getvalue()


def _outputs(view: View | None, png: bytes | None) -> tuple[dict, ...]:
    """Output-widget entries for a view: title and message as HTML, then the chart."""
    parts = []
    if view is not None and view.title:
        parts.append(f"<h4 style='margin:.3em 0'>{html.escape(printable(view.title))}</h4>"
                     f"<div style='color:#555'>{html.escape(printable(view.subtitle))}</div>")
    if view is not None and view.message:
        parts.append(f"<p class='paritrana-message' style='color:#C8500A'>"
                     f"{html.escape(printable(view.message))}</p>")
    out = []
    if parts:
        text = "\n".join(p for p in (view.title, view.message) if p)
        out.append({"output_type": "display_data", "metadata": {},
                    "data": {"text/html": "".join(parts), "text/plain": text}})
    if png is not None:
        out.append({"output_type": "display_data", "metadata": {"image/png": {"width": 720}},
                    "data": {"image/png": base64.b64encode(png).decode("ascii"),
                             "text/plain": view.title if view else ""}})
    return tuple(out)


def _table_html(table: pd.DataFrame) -> str:
    return table.to_html(index=False, escape=True, border=0, classes="paritrana-figures")


class Explorer:
    """The widgets of `explore` and what they show. Attributes a script or a test may
    drive: `region`, `segment`, `date`, `year`, `method` (widgets: set `.value`), `tabs`
    (`.selected_index`), `export_button` (`.click()`); `views` holds the View of each
    tab, `table` the figure table, `status` the last message, `exported` the files of
    the last export."""

    def __init__(self, data: dict, *, region: str = "ID-SS", lang: str = "id",
                 out_dir=None, today=None):
        import ipywidgets as w

        self.data, self.lang, self.today = data, check_lang(lang), today
        self.out_dir = out_dir
        self.views: dict[str, View] = {}
        self._png: dict[str, bytes | None] = {}
        self.exported: dict = {}
        self._quiet = False
        coverage = data["coverage"]
        options = region_options(coverage, lang)
        codes = [c for _, c in options]
        first = regions.region_code(region) if region else codes[0]
        low, high = year_range(today)
        self.region = w.Dropdown(options=options, value=first if first in codes else codes[0],
                                 description=label("x_region", lang))
        self.segment = w.Dropdown(description=label("x_segment", lang))
        self.date = w.Dropdown(description=label("x_date", lang))
        self.year = w.IntSlider(value=low, min=low, max=high,
                                description=label("x_year", lang), continuous_update=False)
        self.method = w.Dropdown(options=[(_method(m, lang), m) for m in METHODS], value="auto",
                                 description=label("x_method", lang))
        self.export_button = w.Button(description=label("x_export", lang), icon="download")
        self.status_widget = w.HTML()
        self.table_out = w.Output()
        self.panes = {key: w.Output() for key in TABS}
        self.tabs = w.Tab(children=[self.panes[k] for k in TABS],
                          titles=[label(f"x_tab_{k}", lang) for k in TABS])
        for widget in (self.region, self.segment, self.date, self.year, self.method):
            widget.style.description_width = "initial"
        self.box = w.VBox([w.HBox([self.region, self.segment, self.date]),
                           w.HBox([self.year, self.method, self.export_button]),
                           self.status_widget, self.table_out, self.tabs])
        self._choices_for_region()
        self.region.observe(self._region_changed, names="value")
        for widget in (self.segment, self.date, self.year, self.method):
            widget.observe(self._refresh, names="value")
        self.export_button.on_click(self.export)
        self.tabs.observe(lambda _c: self._say(self.current.message), names="selected_index")
        self.refresh()

    # ------------------------------------------------------------------ choices

    def _choices_for_region(self) -> None:
        """Segments, dates and the default target year of the chosen region (without
        redrawing: the caller refreshes once)."""
        self._quiet = True
        try:
            code, coverage = self.region.value, self.data["coverage"]
            self.segment.options = segment_options(coverage, code, self.lang)
            self.segment.value = "all"
            self._choices_for_segment()
            targets = self.data.get("targets")
            own = [] if targets is None else sorted(
                int(y) for y in pd.to_numeric(targets.loc[
                    targets["region_code"].astype(str) == code, "year"]).dropna()
                if self.year.min <= int(y) <= self.year.max)
            self.year.value = own[0] if own else self.year.min
        finally:
            self._quiet = False

    def _choices_for_segment(self) -> None:
        self.date.options = date_options(self.data["coverage"], self.region.value,
                                         self.segment.value, self.lang)
        self.date.value = ""

    def _region_changed(self, _change=None) -> None:
        self._choices_for_region()
        self.refresh()

    def _refresh(self, change=None) -> None:
        if self._quiet:
            return
        if change is not None and change["owner"] is self.segment:
            self._quiet = True
            try:
                self._choices_for_segment()
            finally:
                self._quiet = False
        self.refresh()

    # ------------------------------------------------------------------ drawing

    def coverage(self) -> pd.DataFrame:
        """The coverage table cut at the chosen date (all figures for "newest")."""
        coverage = self.data["coverage"]
        if self.date.value:
            coverage = coverage[coverage["as_of"] <= pd.Timestamp(self.date.value)]
        return coverage

    def scene(self) -> Scene:
        """The current choices, for the views."""
        return Scene({**self.data, "coverage": self.coverage()}, self.region.value,
                     self.segment.value, self.year.value, self.method.value, self.lang,
                     self.date.value or self.today)

    def build_views(self) -> dict[str, View]:
        """Every tab's View for the current choices (library calls only)."""
        import matplotlib.pyplot as plt

        for view in self.views.values():
            if view.fig is not None:
                plt.close(view.fig)
        scene = self.scene()
        return {"target": target_view(scene), "ranking": ranking_view(scene),
                "projection": projection_view(scene), "regencies": regencies_view(scene)}

    def refresh(self) -> None:
        """Recompute the table and every tab, and show them in place."""
        self.table = figure_table(self.coverage(), self.region.value, self.segment.value,
                                  self.lang)
        self.table_out.outputs = ({"output_type": "display_data", "metadata": {},
                                   "data": {"text/html": _table_html(self.table),
                                            "text/plain": self.table.to_string()}},)
        self.views = self.build_views()
        self._png = {k: _png(v.fig) if v.fig is not None else None
                     for k, v in self.views.items()}
        for key, view in self.views.items():
            self.panes[key].outputs = _outputs(view, self._png[key])
        self._say(self.current.message)

    @property
    def current(self) -> View:
        """The View of the tab on screen."""
        return self.views[TABS[self.tabs.selected_index or 0]]

    def _say(self, text: str) -> None:
        self.status = text
        self.status_widget.value = f"<b>{html.escape(printable(text))}</b>" if text else ""

    # ------------------------------------------------------------------ export

    def export(self, _button=None) -> dict:
        """Export the chart of the tab on screen in the press bundle (PNG 1x and 2x, SVG,
        PDF, CSV, alt text) into `out_dir` (default: exports/ in the project, which
        `make report` leaves alone). Returns the paths written ({} when the tab has no
        chart, and says so)."""
        from paritrana_analysis import paths
        from paritrana_analysis.charts import export_chart

        view = self.current
        if view.fig is None:
            self._say(label("x_nothing_to_export", self.lang))
            self.exported = {}
            return {}
        folder = self.out_dir or paths.EXPORTS_DIR
        name = "_".join(["jelajah", view.name, self.region.value, self.segment.value,
                         str(self.year.value), self.lang])
        self.exported = export_chart(view.fig, name, title=view.title, subtitle=view.subtitle,
                                     note=view.note, size=view.size, out_dir=folder,
                                     lang=self.lang)
        self._say(label("x_exported", self.lang, n=len(self.exported), folder=folder,
                        name=name))
        return self.exported

    # ------------------------------------------------------------------ display

    def static_html(self) -> str:
        """The default view as plain HTML (table, each tab's title, message and chart),
        for pages where widgets do not run, such as the HTML report."""
        parts = [f"<p><em>{html.escape(label('x_static', self.lang))}</em></p>",
                 f"<p><b>{html.escape(printable(self.region.label.strip()))}</b> · "
                 f"{html.escape(self.segment.label)} · {html.escape(self.date.label)} · "
                 f"{label('x_year', self.lang)} {self.year.value}</p>",
                 _table_html(self.table)]
        for key in TABS:
            parts.append(f"<h3>{html.escape(label(f'x_tab_{key}', self.lang))}</h3>")
            for entry in _outputs(self.views[key], self._png[key]):
                data = entry["data"]
                parts.append(data["text/html"] if "text/html" in data else
                             f"<img src='data:image/png;base64,{data['image/png']}' "
                             f"style='max-width:100%' alt='{html.escape(data['text/plain'])}'>")
        return "<div class='paritrana-explorer-static'>" + "\n".join(parts) + "</div>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.box._repr_mimebundle_(include=include, exclude=exclude) or {}
        return {**bundle, "text/html": self.static_html()}


def explore(data: dict | None = None, *, region: str = "ID-SS", lang: str = "id",
            out_dir=None, today=None) -> Explorer:
    """The explorer (display it as a cell's result). `data`: canonical tables by name
    ({"coverage", "targets"}; default `load_all()`: the bundled data and your workbooks in
    data/raw); `region`: the region shown first; `out_dir`: where the export button
    writes (default exports/); `today`: the date the year slider starts from."""
    if data is None:
        from paritrana_analysis.dataset import load_all

        data = load_all()
    return Explorer(data, region=region, lang=lang, out_dir=out_dir, today=today)
