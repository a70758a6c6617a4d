"""`make report`: load the raw workbooks, run every notebook, export every chart.

Writes the canonical tables to data/processed/, executed notebooks to
reports/notebooks/, their HTML to reports/html/, charts to reports/figures/ and an
index page to reports/index.html with each notebook's headline numbers on top.
"""

from __future__ import annotations

import contextlib
import html
import io
import shutil
import time
from pathlib import Path

from paritrana_analysis import paths
from paritrana_analysis.load import DataError


def _say(text: str) -> None:
    print(text, flush=True)


def load_raw() -> None:
    """Load every workbook in data/raw through the loaders into data/processed/<kind>.parquet."""
    from paritrana_analysis.dataset import export_tables, load_dataset, raw_files

    for kind, path in export_tables().items():
        files = ", ".join(p.name for p in raw_files(kind))
        _say(f"  {kind:<10} {len(load_dataset(kind)):>6} rows -> {path.name}  (from {files})")


def notebooks() -> list[Path]:
    return sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


class NotebookFailed(RuntimeError):
    pass


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
            f"{nb.name} failed in cell {err.exec_count} ({err.ename}: {err.evalue}); "
            f"the executed copy with the error is {out}"
        ) from None


def to_html(executed: Path, out: Path) -> None:
    import nbformat
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nbformat.read(executed, as_version=4))
    out.write_text(body, encoding="utf-8")


def headline(executed: Path) -> str:
    """The printed text of the notebook's last cell (its headline numbers)."""
    import nbformat

    cells = [c for c in nbformat.read(executed, as_version=4).cells if c.cell_type == "code"]
    if not cells:
        return ""
    outputs = cells[-1].get("outputs", [])
    return "".join(o.get("text", "") for o in outputs if o.get("name") == "stdout")


def write_index(entries: list[tuple[str, str, str]], region: str) -> Path:
    """reports/index.html: headline numbers on top, then links to every notebook and chart."""
    rows = "\n".join(
        f"<section><h2><a href='html/{html.escape(stem)}.html'>{html.escape(stem)}</a> "
        f"<small>(<a href='notebooks/{html.escape(stem)}.ipynb'>ipynb</a>)</small></h2>"
        f"<pre>{html.escape(text)}</pre></section>"
        for stem, text, _ in entries
    )
    from paritrana_analysis.regions import region_name

    region = f"{region_name(region)} ({region})"
    page = (
        "<!doctype html><html lang='id'><meta charset='utf-8'>"
        f"<title>Laporan UCJ {html.escape(region)}</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        "pre{background:#f4f4f4;padding:.6em}</style>"
        f"<h1>Laporan Universal Coverage Jamsostek: {html.escape(region)}</h1>"
        "<p><a href='figures/index.html'>Semua grafik (figures)</a></p>"
        f"{rows}</html>\n"
    )
    out = paths.REPORTS_DIR / "index.html"
    out.write_text(page, encoding="utf-8")
    return out


def build_report(region: str = "ID-SS", lang: str = "id", as_of: str = "") -> int:
    start = time.perf_counter()
    _say("1/3 Loading data/raw ...")
    try:
        load_raw()
    except DataError as err:
        _say(str(err))
        return 1
    nb_dir, html_dir = paths.REPORTS_DIR / "notebooks", paths.REPORTS_DIR / "html"
    for d in (nb_dir, html_dir, paths.FIGURES_DIR):  # generated: start clean, no stale files
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    books = notebooks()
    cut = f", figures up to {as_of}" if as_of else ""
    _say(f"2/3 Running {len(books)} notebooks for {region}{cut} ...")
    entries = []
    for i, nb in enumerate(books, 1):
        t0 = time.perf_counter()
        out = nb_dir / nb.name
        params = {"region": region, "lang": lang, "as_of": as_of,
                  "out_dir": str(paths.FIGURES_DIR)}
        try:
            run_notebook(nb, out, params)
        except NotebookFailed as err:
            _say(f"  FAILED: {err}")
            return 1
        to_html(out, html_dir / f"{nb.stem}.html")
        entries.append((nb.stem, headline(out), ""))
        _say(f"  [{i}/{len(books)}] {nb.name} ({time.perf_counter() - t0:.1f} s)")
    _say("3/3 Exporting charts ...")
    from paritrana_analysis.charts.export_all import export_standard_set, load_chart_data

    data = load_chart_data()
    if as_of:  # the same cut-off as the notebooks
        data["coverage"] = data["coverage"][data["coverage"]["as_of"] <= as_of]
    with contextlib.redirect_stdout(io.StringIO()):  # one line here instead of every path
        written = export_standard_set(out_dir=paths.FIGURES_DIR, lang=lang, region=region,
                                      data=data, reuse=True)  # the notebooks' exports
    _say(f"  {len(written)} files in {paths.FIGURES_DIR} (gallery: index.html)")
    index = write_index(entries, region)
    _say(f"Done in {time.perf_counter() - start:.0f} s: {index}")
    return 0
