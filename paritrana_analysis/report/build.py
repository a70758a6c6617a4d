"""`make report`: load the raw workbooks, run every notebook, export every chart.

Writes the canonical tables to data/processed/, executed notebooks to
reports/notebooks/, their HTML to reports/html/, charts to reports/figures/ and an
index page to reports/index.html with each notebook's headline numbers on top.

A typo must not cost the last good report, so: the arguments are checked before anything
is touched; the new report is built in `.reports-new/` beside `reports/` and swapped in
only when every step succeeded (a failing notebook, a chart error or Ctrl-C leave the
previous report as it was); one run at a time (a lock file, `.reports.lock`).
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from paritrana_analysis import paths
from paritrana_analysis.load import DataError

LOCK_WAIT_S = 120  # a second run waits this long for the first to finish, then gives up
NOTEBOOK_WORKERS = 2  # notebooks executed at once (one kernel each)


class ReportError(RuntimeError):
    """A reason to stop, in one line; the previous report is kept."""


def _say(text: str) -> None:
    print(text, flush=True)


def _warn(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- arguments


def check_arguments(region: str, lang: str, as_of: str) -> tuple[str, str, str]:
    """(region, lang, as_of) as the notebooks expect them: "id-ss" -> "ID-SS", "EN" ->
    "en", " 2025-08-01" -> "2025-08-01", "" -> "". ValueError in one line otherwise."""
    from paritrana_analysis.formatting import LANGS
    from paritrana_analysis.regions import region_code

    region = region_code(region)
    if (lang or "").strip().lower() not in LANGS:
        raise ValueError(f"label language {lang!r}: use {' or '.join(LANGS)}")
    lang = lang.strip().lower()
    as_of = (as_of or "").strip()
    if as_of:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of):
            raise ValueError(f"as-of date {as_of!r} is not a date: write YYYY-MM-DD, "
                             "e.g. 2025-08-01")
        try:
            date.fromisoformat(as_of)
        except ValueError as err:
            raise ValueError(f"as-of date {as_of!r} does not exist ({err})") from None
    return region, lang, as_of


def require_figures(coverage, region: str, as_of: str = "") -> int:
    """The number of coverage figures for `region` (up to `as_of`); ReportError when there
    are none, since every notebook would only say "tidak ada data"."""
    from paritrana_analysis.regions import region_name

    rows = coverage[coverage["region_code"] == region]
    if as_of:
        rows = rows[rows["as_of"] <= as_of]
    if rows.empty:
        cut = f" dated up to {as_of}" if as_of else ""
        raise ReportError(f"no coverage figures for {region} ({region_name(region)}){cut} "
                          "in data/raw; choose another region or add its workbook")
    return len(rows)


# --------------------------------------------------------------------------- steps


def load_raw() -> None:
    """Load every workbook in data/raw and write data/processed/<kind>.parquet. An
    unwritable data/processed costs only those files (one warning), not the report."""
    from paritrana_analysis.dataset import KINDS, export_tables, load_dataset, raw_files

    kinds = [k for k in KINDS if raw_files(k)]
    rows = {kind: len(load_dataset(kind)) for kind in kinds}  # loading errors surface here
    failed: dict = {}
    written = export_tables(failed=failed)
    if failed:
        err = next(iter(failed.values()))
        _warn(f"warning: could not write {', '.join(failed)} to {paths.PROCESSED_DIR} "
              f"({type(err).__name__}: {err}); the report is built without them")
    for kind in kinds:
        files = ", ".join(p.name for p in raw_files(kind))
        target = written[kind].name if kind in written else "(not written)"
        _say(f"  {kind:<10} {rows[kind]:>6} rows -> {target}  (from {files})")


def notebooks() -> list[Path]:
    return sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


class NotebookFailed(RuntimeError):
    """A notebook raised; `executed` is the copy holding the error."""

    def __init__(self, message: str, executed: Path):
        super().__init__(message)
        self.executed = executed


def run_notebook(nb: Path, out: Path, parameters: dict) -> None:
    """Execute one notebook with papermill; a failure names the notebook and the cell."""
    import papermill as pm

    try:
        pm.execute_notebook(
            str(nb), str(out), parameters=parameters, kernel_name="python3",
            cwd=str(paths.NOTEBOOKS_DIR), progress_bar=False, log_output=False,
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],  # no kernel chatter
        )
    except pm.PapermillExecutionError as err:
        raise NotebookFailed(
            f"{nb.name} failed in cell {err.exec_count} ({err.ename}: {err.evalue})", out
        ) from None


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def static_outputs(nb) -> None:
    """An output that carries its own HTML beside a live widget (the explorer's default
    view) shows that HTML in the report: a static page runs no widgets, and the widget
    would be an empty box there."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and "text/html" in data:
                del data[WIDGET_VIEW]


def to_html(executed: Path, out: Path) -> None:
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    static_outputs(nb)
    body, _ = HTMLExporter().from_notebook_node(nb)
    out.write_text(body, encoding="utf-8")


def skip_reason(nb: Path, region: str, coverage, lang: str = "id") -> str:
    """Why a notebook does not apply to `region` ("" when it does): the kabupaten/kota
    notebook needs kabupaten/kota figures in the region's province."""
    if not nb.stem.startswith("09_kabupaten_kota"):
        return ""
    from paritrana_analysis.formatting import label
    from paritrana_analysis.regencies import has_regency_data
    from paritrana_analysis.regions import region_name

    if has_regency_data(coverage, region):
        return ""
    return label("no_regency_data", lang, region=f"{region_name(region, lang)} ({region})")


def headline(executed: Path) -> str:
    """The printed text of the notebook's last cell (its headline numbers)."""
    import nbformat

    cells = [c for c in nbformat.read(executed, as_version=4).cells if c.cell_type == "code"]
    if not cells:
        return ""
    outputs = cells[-1].get("outputs", [])
    return "".join(o.get("text", "") for o in outputs if o.get("name") == "stdout")


def write_index(entries: list[tuple[str, str]], region: str, folder: Path, *,
                lang: str = "id", as_of: str = "", data: dict | None = None,
                skipped: dict[str, str] | None = None) -> Path:
    """<folder>/index.html, the one-page summary (`page.write_page`): with `data`, the
    headline cards, key charts and the xlsx workbook of the report's tables too; a
    notebook in `skipped` ({stem: reason}) gets its reason instead of numbers and links."""
    from paritrana_analysis.report import page
    from paritrana_analysis.report.standard_set import chart_folder

    skipped = skipped or {}
    titles = {stem: page.notebook_title(folder / "notebooks" / f"{stem}.ipynb")
              for stem, _ in entries if stem not in skipped}
    gallery = chart_folder(folder / "figures", region, lang)
    extra: dict = {"gallery": gallery.relative_to(folder).as_posix() + "/index.html",
                   "skipped": skipped,
                   "regency_charts": [(p.relative_to(folder).as_posix(),
                                       p.with_suffix(".txt").read_text(encoding="utf-8").strip())
                                      for p in (gallery / f"{k}.png" for k in page.REGENCY_CHARTS)
                                      if p.exists()]}
    if data is not None:
        from paritrana_analysis.clock import reference_date
        from paritrana_analysis.formatting import format_as_of, format_date
        from paritrana_analysis.report.headlines import summary_cards
        from paritrana_analysis.report.tables import report_tables, write_workbook

        book = folder / f"{label_of('workbook_name', lang)}_{region}_{lang}.xlsx"
        write_workbook(book, report_tables(data, region=region, as_of=as_of or None,
                                           lang=lang), lang=lang)
        charts = [(p.relative_to(folder).as_posix(),
                   p.with_suffix(".txt").read_text(encoding="utf-8").strip())
                  for p in (gallery / f"{k}.png" for k in page.KEY_CHARTS) if p.exists()]
        from paritrana_analysis.standing import standing_figure

        reference = reference_date(as_of or None)
        stand = standing_figure(data["coverage"], data["workforce"], region, as_of=reference)
        newest = format_as_of(stand.row["as_of"], lang=lang) if stand is not None else "–"
        extra.update(cards=summary_cards(data, region=region, as_of=as_of or None, lang=lang),
                     charts=charts, workbook=book.name,
                     data_date=label_of("page_dates", lang).format(
                         reference=format_date(reference, lang=lang), newest=newest))
    return page.write_page(entries, region, folder, lang=lang, titles=titles, **extra)


def label_of(key: str, lang: str) -> str:
    from paritrana_analysis.formatting import label

    return label(key, lang)


def final_paths(executed: Path, building: Path, final: Path) -> None:
    """Replace the build folder's path in an executed notebook (its parameters, printed
    paths) with the folder it ends up in, so no temporary path is recorded."""
    text = executed.read_text(encoding="utf-8")
    for old in {str(building), building.as_posix()}:
        text = text.replace(old, str(final))
    executed.write_text(text, encoding="utf-8")


def _run_notebooks(folder: Path, params: dict, skipped: dict[str, str]
                   ) -> list[tuple[str, str]]:
    """Execute the notebooks, two at a time (each runs in its own kernel, so a 2-core
    machine does twice the work in the same time); the entries come back in notebook
    order, and the first notebook (in that order) that failed stops the report."""
    nb_dir, html_dir = folder / "notebooks", folder / "html"
    nb_dir.mkdir()
    html_dir.mkdir()
    books = notebooks()
    for i, nb in enumerate(books, 1):
        if nb.stem in skipped:
            _say(f"  [{i}/{len(books)}] {nb.name} skipped: {skipped[nb.stem]}")

    def one(i: int, nb: Path) -> str:
        t0 = time.perf_counter()
        out = nb_dir / nb.name
        run_notebook(nb, out, params)
        final_paths(out, folder, paths.REPORTS_DIR)
        to_html(out, html_dir / f"{nb.stem}.html")
        _say(f"  [{i}/{len(books)}] {nb.name} ({time.perf_counter() - t0:.1f} s)")
        return headline(out)

    with ThreadPoolExecutor(max_workers=NOTEBOOK_WORKERS) as pool:
        runs = {nb.stem: pool.submit(one, i, nb)
                for i, nb in enumerate(books, 1) if nb.stem not in skipped}
        entries = []
        for nb in books:
            if nb.stem in skipped:
                entries.append((nb.stem, ""))
                continue
            try:
                entries.append((nb.stem, runs[nb.stem].result()))
            except NotebookFailed as err:
                pool.shutdown(cancel_futures=True)
                kept = _keep_failed(err.executed)
                raise ReportError(f"FAILED: {err}; the executed copy with the error is "
                                  f"{kept}; the previous report is unchanged") from None
            except BaseException:  # Ctrl-C: the notebook running beside ends first
                pool.shutdown(cancel_futures=True)  # (still under the lock)
                raise
    return entries


def _chart_set(figures: Path, region: str, lang: str, as_of: str, data: dict,
               regencies: bool, sizes=("landscape", "square", "portrait"),
               quiet: bool = False) -> list[Path]:
    """The standard chart set into `figures`, reusing what the notebooks exported."""
    from paritrana_analysis.report.standard_set import export_standard_set

    return export_standard_set(out_dir=figures, lang=lang, region=region, data=data,
                               reuse=True, as_of=as_of or None, sizes=sizes,
                               regencies=regencies, quiet=quiet)


def _export_charts(figures: Path, region: str, lang: str, as_of: str, data: dict,
                   regencies: bool = True) -> None:
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # one line here, not every path
            written = _chart_set(figures, region, lang, as_of, data, regencies)
    except RuntimeError as err:
        raise ReportError(f"FAILED: {err}; the previous report is unchanged") from None
    _say(f"  {len(written)} files (gallery: figures/{region}_{lang}/index.html)")


def _look(folder: Path, pages: dict[str, Path]) -> None:
    """Open the pages in the system Chromium when it is installed: screenshots into
    screenshots/, a warning per image that does not load or element wider than a
    phone (the report is still swapped in: it is readable, just not perfect)."""
    from paritrana_analysis.report import browser

    if not browser.available():
        return
    for problem in browser.check_pages(pages, folder / "screenshots"):
        _warn(f"warning: {problem}")
    _say("  screenshots/ (390 px and 1280 px wide)")


# --------------------------------------------------------------------------- the folder


def _building() -> Path:
    return paths.REPORTS_DIR.with_name(".reports-new")


def _aside() -> Path:
    return paths.REPORTS_DIR.with_name(".reports-old")


def _failed_dir() -> Path:
    return paths.REPORTS_DIR.with_name("reports-failed")


def _keep_failed(executed: Path) -> Path:
    """Move a failed notebook's executed copy to reports-failed/, out of the folder that
    is about to be deleted."""
    keep = _failed_dir()
    keep.mkdir(exist_ok=True)
    target = keep / executed.name
    if executed.exists():
        shutil.move(executed, target)
    return target


def _tidy() -> None:
    """What a killed run left (called under the lock): a half-built folder is deleted; a
    report set aside but never replaced is put back."""
    reports, aside = paths.REPORTS_DIR, _aside()
    if aside.exists() and not reports.exists():
        aside.rename(reports)
    for leftover in (aside, _building()):
        shutil.rmtree(leftover, ignore_errors=True)


def _swap(new: Path) -> None:
    """Put the finished report in place of reports/: the old one is renamed aside first and
    deleted last; if the new one cannot be moved in, the old one is put back."""
    reports, aside = paths.REPORTS_DIR, _aside()
    if reports.exists():
        reports.rename(aside)
    try:
        new.rename(reports)
    except OSError as err:
        if aside.exists():
            aside.rename(reports)
        raise ReportError(f"could not put the new report in place of {reports} ({err}); "
                          "is a file in it open in another program?") from None
    shutil.rmtree(aside, ignore_errors=True)
    shutil.rmtree(_failed_dir(), ignore_errors=True)


@contextlib.contextmanager
def report_lock():
    """Hold `.reports.lock` beside reports/ (filelock: Windows too) while building; a
    second run waits up to LOCK_WAIT_S seconds, then raises ReportError."""
    from filelock import FileLock, Timeout

    lock = FileLock(paths.REPORTS_DIR.with_name(".reports.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        _warn(f"another report is being built; waiting up to {LOCK_WAIT_S} s ...")
        try:
            lock.acquire(timeout=LOCK_WAIT_S)
        except Timeout:
            raise ReportError(f"another report is still being built (lock: {lock.lock_file}); "
                              "try again when it has finished") from None
    try:
        yield
    finally:
        lock.release()


# --------------------------------------------------------------------------- the command


def build_report(region: str = "ID-SS", lang: str = "id", as_of: str = "") -> int:
    """`paritrana report`: 0 when the new report is in place; otherwise one line on stderr,
    exit 2 for a bad argument and 1 for anything else, and reports/ as it was."""
    try:
        region, lang, as_of = check_arguments(region, lang, as_of)
    except ValueError as err:
        _warn(f"paritrana report: {err}")
        return 2
    try:
        with report_lock():
            _build(region, lang, as_of)
    except (ReportError, DataError) as err:
        _warn(f"paritrana report: {err}")
        return 1
    return 0


def _build(region: str, lang: str, as_of: str) -> None:
    from paritrana_analysis.dataset import load_dataset
    from paritrana_analysis.regencies import has_regency_data
    from paritrana_analysis.report.standard_set import claim_folder, load_chart_data

    start = time.perf_counter()
    _tidy()
    _say("1/3 Loading data/raw ...")
    load_raw()
    coverage = load_dataset("coverage")
    require_figures(coverage, region, as_of)
    if as_of:
        coverage = coverage[coverage["as_of"] <= as_of]
    skipped = {nb.stem: why for nb in notebooks()
               if (why := skip_reason(nb, region, coverage, lang))}
    regency = has_regency_data(coverage, region)  # else step 2 said why, in one line
    folder = _building()
    folder.mkdir(parents=True)
    try:
        figures = folder / "figures"
        claim_folder(figures)
        cut = f", figures up to {as_of}" if as_of else ""
        _say(f"2/3 Running {len(notebooks())} notebooks for {region}{cut} ...")
        params = {"region": region, "lang": lang, "as_of": as_of, "out_dir": str(figures)}
        data = load_chart_data()
        with ThreadPoolExecutor(max_workers=1) as side:
            # The square and portrait layouts are drawn here while the notebooks run (the
            # only drawing in this process then: notebooks draw in their kernels); step 3
            # reuses them, and draws or reports whatever failed here.
            early = side.submit(_chart_set, figures, region, lang, as_of, data,
                                regency, ("square", "portrait"), True)
            entries = _run_notebooks(folder, params, skipped)
            early.exception()
        _say("3/3 Exporting charts ...")
        _export_charts(figures, region, lang, as_of, data, regencies=regency)
        index = write_index(entries, region, folder, lang=lang, as_of=as_of, data=data,
                            skipped=skipped)
        _look(folder, {"summary": index,
                       f"gallery-{region}_{lang}": figures / f"{region}_{lang}" / "index.html"})
        _swap(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # gone after the swap; else half-built
    _say(f"Done in {time.perf_counter() - start:.0f} s: {paths.REPORTS_DIR / 'index.html'}")
