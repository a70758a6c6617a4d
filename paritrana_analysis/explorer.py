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

from paritrana_analysis import regencies, regency_set, regions
from paritrana_analysis.coverage import coverage_history, with_pct
from paritrana_analysis.formatting import (
    check_lang,
    format_date,
    format_month,
    format_number,
    format_percent,
    label,
    label_or,
)
from paritrana_analysis.safe_text import printable
from paritrana_analysis.series import basis_of, comparable_series
from paritrana_analysis.targets import pick_targets

__all__ = ["Explorer", "View", "date_options", "explore", "figure_table", "projection_view",
           "ranking_view", "region_options", "regencies_view", "segment_options",
           "target_view", "year_range"]

LONG_TERM = (99.5, 2045)  # RPJPN: UCJ 99,5% by 2045
METHODS = ("auto", "linear", "compound", "logistic", "naive")  # auto: best backtest record
RECENT_MONTHS = 18  # provinces ranked on figures at most this old
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


def _pct(value, lang: str, decimals: int = 2) -> str:
    return format_percent(value, decimals=decimals, trim=True, lang=lang)


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
        (format_date(d, short=True, lang=lang), f"{pd.Timestamp(d):%Y-%m-%d}") for d in dates]


def year_range(today=None) -> tuple[int, int]:
    """Target years to choose from: this year to 2045 (never a year already past)."""
    year = pd.Timestamp(today if today is not None else pd.Timestamp.now()).year
    return year, max(year, LONG_TERM[1])


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
    return pd.DataFrame({
        label("col_date", lang): [format_date(d, short=True, lang=lang) for d in rows["as_of"]],
        label("col_coverage", lang): [_pct(v, lang) for v in rows["coverage_pct"]],
        label("col_covered", lang): [format_number(v, lang=lang) for v in rows["covered"]],
        label("col_potential", lang): [format_number(v, lang=lang) for v in pot],
        label("col_basis", lang): list(basis_of(rows)),
        label("col_series", lang): [int(v) for v in rows["series_id"]],
        label("col_source", lang): [printable(str(s)) for s in
                                    (rows["source"] if "source" in rows else [""] * len(rows))],
    })


# --------------------------------------------------------------------------- views


def _own_target(targets: pd.DataFrame | None, code: str, year: int) -> pd.Series | None:
    """The region's own target for `year` (`pick_targets`), or None."""
    chosen = pick_targets(targets, year)
    chosen = chosen[chosen["region_code"] == code]
    return None if chosen.empty else chosen.iloc[0]


def target_view(coverage, targets, code: str, segment: str, year: int, lang: str = "id"
                ) -> View:
    """The target bar: the newest figure against the target for `year` and 99,5% in 2045.
    For a segment (targets are for all workers) the region's segments instead."""
    from paritrana_analysis.charts import region_progress_bullet, segment_breakdown

    name = _name(code, lang)
    if segment != "all":
        fig = segment_breakdown(coverage[coverage["segment"].astype(str) != "all"],
                                region=code, lang=lang)
        return View("target", fig, name, label("sub_segments", lang, region=name, date=""),
                    message=label("msg_target_segment", lang, region=name,
                                  segment=_segment_name(segment, lang)))
    fig = region_progress_bullet(coverage, targets, region=code, year=year, lang=lang)
    plotted = fig._paritrana_panels[-1]["data"]
    if plotted.empty:
        return View("target", None, message=_no_figure(code, segment, lang))
    row = plotted.iloc[0]
    long_pct, long_year = LONG_TERM
    message = "" if pd.notna(row["target_pct"]) else label(
        "msg_no_target", lang, region=name, year=year, long_year=long_year,
        long=_pct(long_pct, lang))
    if pd.notna(row["target_pct"]):
        title = label("title_bullet", lang, region=name, value=_pct(row["coverage_pct"], lang),
                      target=_pct(row["target_pct"], lang), year=year)
    else:
        title = label("title_bullet_nt", lang, region=name, value=_pct(row["coverage_pct"], lang),
                      long=_pct(long_pct, lang), long_year=long_year)
    when = format_date(row["as_of"], lang=lang)
    sub = label("sub_bullet", lang, region=name, date=when, year=year,
                basis=row["target_basis"], long_year=long_year) if pd.notna(
        row["target_pct"]) else label("sub_bullet_nt", lang, region=name, date=when,
                                      long_year=long_year)
    return View("target", fig, title, sub, message=message)


def _no_figure(code: str, segment: str, lang: str, as_of=None) -> str:
    when = format_date(as_of, short=True, lang=lang) if as_of is not None else \
        label("x_newest", lang).lower()
    return label("msg_no_figure", lang, segment=_segment_name(segment, lang),
                 region=_name(code, lang), date=when)


def ranking_view(coverage, targets, code: str, segment: str, year: int, lang: str = "id"
                 ) -> View:
    """A province among the provinces (Indonesia: all of them); a kabupaten/kota among
    those of its province (`regencies_view`). Segments are not ranked."""
    from paritrana_analysis.charts import provincial_coverage_ranked

    if segment != "all":
        return View("ranking", message=label("msg_ranking_segment", lang,
                                             segment=_segment_name(segment, lang)))
    if code != "ID" and not code.startswith("ID-"):
        view = regencies_view(coverage, targets, code, year, lang)
        view.name = "ranking"
        return view
    provinces = coverage[coverage["level"].astype(str) == "province"] \
        if "level" in coverage.columns else coverage
    newest = pd.to_datetime(provinces["as_of"]).max()
    since = newest - pd.DateOffset(months=RECENT_MONTHS) if pd.notna(newest) else None
    fig = provincial_coverage_ranked(coverage, targets, region=code, target_year=year,
                                     min_date=since, lang=lang)
    plotted = fig._paritrana_panels[-1]["data"]
    if plotted.empty:
        return View("ranking", None, message=_no_figure(code, segment, lang))
    ours = plotted[plotted["region_code"] == code]
    n = len(plotted)
    title = label("title_ranked", lang, region=_name(code, lang),
                  rank=int(ours["rank"].iloc[0]), n=n) if len(ours) else label(
        "title_ranked_top", lang, top=plotted["region"].iloc[0],
        value=_pct(plotted["coverage_pct"].iloc[0], lang, 1), n=n)
    start, end = (format_month(d, short=True, lang=lang)
                  for d in (plotted["as_of"].min(), plotted["as_of"].max()))
    sub = label("sub_ranked", lang, n=n, start=start, end=end, year=year)
    return View("ranking", fig, title, sub, size="portrait" if n > 16 else "landscape")


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


def projection_view(coverage, targets, code: str, segment: str, year: int,
                    method: str = "auto", lang: str = "id") -> View:
    """Where the current comparable series leads with `method`, and its value at the end
    of `year`; a history under a year long has no trend: the straight path the target
    needs is drawn instead, and the message says the method changes nothing."""
    from paritrana_analysis.charts import projection_chart
    from paritrana_analysis.projections import enough_for_trend, history_years, path_to_target

    name = _name(code, lang)
    if segment != "all":
        return View("projection", message=label("msg_projection_segment", lang,
                                                segment=_segment_name(segment, lang)))
    history = coverage_history(coverage, code)
    if history.empty:
        return View("projection", message=_no_figure(code, segment, lang))
    now = history.iloc[-1]
    current = float(now["coverage_pct"])
    own = targets[targets["region_code"].astype(str) == code] if targets is not None else None
    span = history_years(history)
    if enough_for_trend(span):
        proj, used, message = _trend(history, method, lang)
        at = proj[proj["year"] == year]
        value = float(at["coverage_pct"].iloc[0]) if len(at) else float(
            proj["coverage_pct"].iloc[-1])
        message = " ".join(m for m in (message, label(
            "msg_projection_at", lang, method=_method(used, lang), region=name,
            value=_pct(value, lang, 1), year=year)) if m)
        fig = projection_chart(history, proj, own, region=code, lang=lang)
        title = label("title_projection", lang, region=name, year=LONG_TERM[1],
                      end=_pct(float(proj["coverage_pct"].iloc[-1]), lang, 1))
        sub = label("sub_projection", lang, region=name, year=LONG_TERM[1],
                    method=_method(used, lang))
        return View("projection", fig, title, sub, message=message)
    goal, goal_year, deadline = _goal(targets, code, year, current)
    path = path_to_target(current, now["as_of"], goal, goal_year, deadline=deadline)
    what = label("x_one_figure", lang) if len(history) == 1 else label(
        "x_figures_within", lang, n=len(history), months=round(span * 12))
    message = label("msg_method_short", lang, method=_method(method, lang), region=name,
                    what=what,
                    target=_pct(goal, lang), year=goal_year)
    fig = projection_chart(history, path, own, region=code, projection_label="needed_path",
                           lang=lang)
    pace = format_number(path["points_per_year"].iloc[0], decimals=1, lang=lang)
    title = label("title_projection_needed", lang, region=name, year=goal_year, pace=pace,
                  target=_pct(goal, lang))
    return View("projection", fig, title, label("sub_projection_needed", lang, region=name,
                                                year=goal_year), message=message)


def _regency_target(targets, province: str, year: int, today, lang: str):
    """(target %, year, message) the kabupaten/kota are set against: the province's own
    target for `year`, else its current or last one (`regencies.provincial_target`),
    else 99,5% in 2045."""
    pname = regions.region_name(province, lang)
    own = _own_target(targets, province, year)
    chosen = own if own is not None else regencies.provincial_target(targets, province,
                                                                     today=today)
    if chosen is None:
        pct, when = LONG_TERM
        return pct, when, label("msg_no_province_target", lang, province=pname,
                                target=_pct(pct, lang), year=when)
    when = year if own is not None else int(chosen["year"])
    status = "open" if own is not None else chosen["status"]
    return float(chosen["target_pct"]), when, label(
        "msg_regency_target", lang, province=pname, year=when,
        target=_pct(chosen["target_pct"], lang), status=label(f"target_{status}", lang))


def regencies_view(coverage, targets, code: str, year: int, lang: str = "id",
                   today=None) -> View:
    """The kabupaten/kota of the province of `code` ranked against the provincial target
    (`code` highlighted when it is one of them); one line when there are none."""
    from paritrana_analysis.charts.regency import regency_ranking_chart

    try:
        province = regencies.province_of(code)
    except ValueError:
        province = None
    if province is None or not regencies.has_regency_data(coverage, code):
        return View("regencies", message=label("no_regency_data", lang,
                                               region=_name(code, lang)))
    pct, when, message = _regency_target(targets, province, year, today, lang)
    ranking = regencies.regency_ranking(coverage, province, target_pct=pct, target_year=when)
    fig = regency_ranking_chart(ranking, region=code, lang=lang)
    ranked = ranking[ranking["rank"].notna()]
    pname = regions.region_name(province, lang)
    if ranked.empty:
        return View("regencies", None, message=f"{message} " + label(
            "no_regency_data", lang, region=pname))
    top, bottom = ranked.iloc[0], ranked.iloc[-1]
    names = [regions.region_name(c, lang) for c in (top["region_code"], bottom["region_code"])]
    title = label("title_regency_ranked", lang, province=pname, top=names[0],
                  top_value=_pct(top["coverage_pct"], lang, 1), bottom=names[1],
                  bottom_value=_pct(bottom["coverage_pct"], lang, 1))
    sub = label("sub_regency_ranked", lang, province=pname, year=when,
                period=regency_set.period(ranked["as_of"], lang))
    return View("regencies", fig, title, sub, message=message)


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

    def build_views(self) -> dict[str, View]:
        """Every tab's View for the current choices (library calls only)."""
        import matplotlib.pyplot as plt

        for view in self.views.values():
            if view.fig is not None:
                plt.close(view.fig)
        coverage, targets = self.coverage(), self.data.get("targets")
        code, seg, year, lang = self.region.value, self.segment.value, self.year.value, \
            self.lang
        return {"target": target_view(coverage, targets, code, seg, year, lang),
                "ranking": ranking_view(coverage, targets, code, seg, year, lang),
                "projection": projection_view(coverage, targets, code, seg, year,
                                              self.method.value, lang),
                "regencies": regencies_view(coverage, targets, code, year, lang,
                                            today=self.today)}

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
