"""The report runner: a failing notebook names itself and the cell; the index shows
headlines; the report is built aside and swapped in, so a bad argument, a failure, Ctrl-C
or a second run at the same time never cost the previous report."""

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
from filelock import FileLock
from nbformat.v4 import new_code_cell, new_notebook, new_output

from paritrana_analysis import cli, paths
from paritrana_analysis.report import build as report
from paritrana_analysis.report import standard_set as export_all


def _notebook(path, *sources):
    nb = new_notebook(cells=[new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def test_failing_notebook_names_notebook_and_cell(tmp_path):
    nb = _notebook(tmp_path / "09_broken.ipynb", "x = 1", "raise ValueError('kolom hilang')")
    with pytest.raises(report.NotebookFailed) as err:
        report.run_notebook(nb, tmp_path / "out.ipynb", {})
    text = str(err.value)
    assert "09_broken.ipynb" in text and "cell 2" in text and "kolom hilang" in text


def test_headline_is_the_last_cells_printed_text_and_lands_in_the_index(tmp_path):
    nb = _notebook(tmp_path / "01_ok.ipynb", "region = 'ID-SS'",
                   "print('Cakupan: 31,33%')")
    out = tmp_path / "01_ok.out.ipynb"
    report.run_notebook(nb, out, {"region": "ID-JA"})
    assert report.headline(out) == "Cakupan: 31,33%\n"
    index = report.write_index([("01_ok", report.headline(out))], "ID-SS", tmp_path).read_text()
    assert "<dt>Cakupan</dt><dd>31,33%</dd>" in index and "html/01_ok.html" in index


# --------------------------------------------------------------- built aside, swapped in

OLD = {"index.html": b"<a href='html/01_a.html'>old</a>\n", "html/01_a.html": b"old page",
       "figures/01_x.png": b"\x89PNG old", "notebooks/01_a.ipynb": b"{}"}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _write_tree(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def _fake_run(nb, out, params):
    """What papermill leaves: the executed copy (headline printed) and a chart."""
    executed = nbformat.read(nb, as_version=4)
    executed.cells[-1].outputs = [new_output("stream", name="stdout",
                                             text=f"{nb.stem} {params['region']}\n"
                                                  f"Grafik: {params['out_dir']}\n")]
    nbformat.write(executed, out)
    (Path(params["out_dir"]) / f"{nb.stem}.png").write_bytes(b"png")


def _fake_charts(out_dir, lang, region, data, reuse, as_of, sizes, regencies=True,
                 quiet=False):
    folder = Path(out_dir) / f"{region}_{lang}"
    folder.mkdir(exist_ok=True)
    index = folder / "index.html"
    index.write_text("<img src='01_nb.png'>", encoding="utf-8")
    return [index]


def _must_not_run(*args, **kwargs):
    raise AssertionError("ran although the arguments were refused")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A previous report in tmp_path/reports, data/processed in tmp_path, two quick fake
    notebooks and chart set (the real ones take a minute)."""
    reports = tmp_path / "reports"
    _write_tree(reports, OLD)
    monkeypatch.setattr(paths, "REPORTS_DIR", reports)
    monkeypatch.setattr(paths, "PROCESSED_DIR", tmp_path / "processed")
    books = [_notebook(tmp_path / f"0{i}_nb.ipynb", f"print({i})") for i in (1, 2)]
    monkeypatch.setattr(report, "notebooks", lambda: books)
    monkeypatch.setattr(report, "run_notebook", _fake_run)
    monkeypatch.setattr(export_all, "export_standard_set", _fake_charts)
    return reports


@pytest.mark.parametrize("args, said", [
    ({"region": "XX-YY"}, "unknown region code 'XX-YY'"),
    ({"region": "Sumsel"}, "did you mean ID-SS (Sumatera Selatan)?"),
    ({"region": ""}, "no region code given"),
    ({"as_of": "kemarin"}, "as-of date 'kemarin' is not a date"),
    ({"as_of": "2025-02-30"}, "as-of date '2025-02-30' does not exist"),
    ({"lang": "fr"}, "label language 'fr'"),
])
def test_a_bad_argument_is_one_line_and_touches_nothing(project, monkeypatch, capsys, args,
                                                        said):
    before = _tree(project.parent)
    monkeypatch.setattr(report, "load_raw", _must_not_run)
    assert report.build_report(**args) == 2
    err = capsys.readouterr().err
    assert err.startswith("paritrana report: ") and said in err and err.count("\n") == 1
    assert _tree(project.parent) == before  # no lock, no folder, not a byte changed


def test_arguments_are_normalised_as_the_notebooks_expect():
    assert report.check_arguments("id-ss", " EN ", " 2025-08-01 ") == ("ID-SS", "en",
                                                                      "2025-08-01")
    assert report.check_arguments(" id ", "id", "") == ("ID", "id", "")
    assert report.check_arguments("16.05", "id", "") == ("16.05", "id", "")


def test_a_successful_run_replaces_the_whole_report(project, capsys):
    assert report.build_report(region="id-ss") == 0
    new = _tree(project)
    assert set(OLD) & set(new) == {"index.html"}  # nothing stale from the previous report
    assert new["index.html"] != OLD["index.html"]
    assert {"index.html", "html/01_nb.html", "html/02_nb.html", "notebooks/02_nb.ipynb",
            "figures/01_nb.png", "figures/ID-SS_id/index.html", "figures/.paritrana-charts",
            "tabel_ID-SS_id.xlsx"} <= set(new)
    index = new["index.html"].decode()
    assert "01_nb ID-SS" in index  # the notebooks got the code in capitals
    assert "name='viewport'" in index and "<pre>" not in index and "lang='id'" in index
    assert ("Tanggal acuan 26 November 2026 · angka cakupan terbaru Agustus 2025 · dibuat "
            "26 November 2026") in index  # the fixed clock
    links = re.findall(r"href='([^']+)'", index)
    assert len(links) == 6 and all((project / link).exists() for link in links)
    assert str(project.with_name(".reports-new")) not in new["notebooks/01_nb.ipynb"].decode()
    left = sorted(p.name for p in project.parent.iterdir() if "report" in p.name)
    assert left == [".reports.lock", "reports"]


def test_a_failing_notebook_keeps_the_previous_report_byte_identical(project, monkeypatch,
                                                                     capsys):
    def fail_second(nb, out, params):
        _fake_run(nb, out, params)
        if nb.stem == "02_nb":
            raise report.NotebookFailed("02_nb.ipynb failed in cell 1 (KeyError: 'x')", out)

    monkeypatch.setattr(report, "run_notebook", fail_second)
    assert report.build_report() == 1
    err = capsys.readouterr().err
    assert "02_nb.ipynb failed in cell 1 (KeyError: 'x')" in err and err.count("\n") == 1
    assert _tree(project) == OLD
    kept = project.parent / "reports-failed" / "02_nb.ipynb"
    assert kept.exists() and str(kept) in err  # the copy with the error is still there
    assert not (project.parent / ".reports-new").exists()


def test_notebooks_run_two_at_a_time_and_the_index_keeps_their_order(project, tmp_path,
                                                                    monkeypatch):
    books = [_notebook(tmp_path / f"0{i}_nb.ipynb", f"print({i})") for i in range(1, 6)]
    monkeypatch.setattr(report, "notebooks", lambda: books)
    running, most, lock = [], [0], threading.Lock()

    def slow(nb, out, params):
        with lock:
            running.append(nb.stem)
            most[0] = max(most[0], len(running))
        time.sleep(0.3 if nb.stem == "01_nb" else 0.05)  # the first one finishes last
        _fake_run(nb, out, params)
        with lock:
            running.remove(nb.stem)

    monkeypatch.setattr(report, "run_notebook", slow)
    assert report.build_report() == 0
    assert most[0] == report.NOTEBOOK_WORKERS == 2
    index = (project / "index.html").read_text(encoding="utf-8")
    places = [index.index(f"0{i}_nb ID-SS") for i in range(1, 6)]
    assert places == sorted(places)


def test_a_failing_chart_keeps_the_previous_report(project, monkeypatch, capsys):
    def broken(**kwargs):
        raise RuntimeError("some charts could not be made:\nbudget: KeyError: 'bpu'")

    monkeypatch.setattr(export_all, "export_standard_set", broken)
    assert report.build_report() == 1
    assert "budget: KeyError" in capsys.readouterr().err
    assert _tree(project) == OLD


def test_ctrl_c_keeps_the_previous_report_and_frees_the_lock(project, monkeypatch, capsys):
    def interrupted(nb, out, params):
        _fake_run(nb, out, params)
        if nb.stem == "02_nb":
            raise KeyboardInterrupt

    monkeypatch.setattr(report, "run_notebook", interrupted)
    assert cli.main(["report"]) == 130
    assert "interrupted" in capsys.readouterr().err
    assert _tree(project) == OLD
    assert not (project.parent / ".reports-new").exists()
    with FileLock(project.with_name(".reports.lock"), timeout=0):
        pass


def test_what_a_killed_run_left_is_tidied_by_the_next(project, capsys):
    _write_tree(project.with_name(".reports-new"), {"index.html": b"half"})
    project.rename(project.with_name(".reports-old"))  # killed between the two renames
    report._tidy()
    assert _tree(project) == OLD
    assert not project.with_name(".reports-new").exists()


def test_a_second_run_waits_a_bounded_time_then_says_another_is_running(project,
                                                                        monkeypatch, capsys):
    monkeypatch.setattr(report, "LOCK_WAIT_S", 0.3)
    with FileLock(project.with_name(".reports.lock")):
        t0 = time.perf_counter()
        assert report.build_report() == 1
        assert time.perf_counter() - t0 < 10
    assert "another report is still being built" in capsys.readouterr().err
    assert _tree(project) == OLD


def test_a_second_run_builds_once_the_first_has_finished(project, capsys):
    first = FileLock(project.with_name(".reports.lock"), thread_local=False)
    first.acquire()
    threading.Timer(0.5, first.release).start()
    assert report.build_report() == 0
    assert "waiting" in capsys.readouterr().err
    assert "figures/.paritrana-charts" in _tree(project)


def test_a_region_without_figures_says_so_and_fails(project, capsys):
    assert report.build_report(region="ID-PE") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("paritrana report: no coverage figures for ID-PE "
                              "(Papua Pegunungan)")
    assert _tree(project) == OLD
    assert report.build_report(region="ID-SS", as_of="2001-01-01") == 1
    assert "dated up to 2001-01-01" in capsys.readouterr().err


def _blocked_by_a_file(tmp_path):
    blocker = tmp_path / "processed"
    blocker.write_text("a file where data/processed should be")
    return blocker


def _read_only_folder(tmp_path):
    folder = tmp_path / "processed"
    folder.mkdir()
    folder.chmod(0o555)
    if (folder / "probe").exists() or _writable(folder):
        pytest.skip("this user writes into read-only folders (root)")
    return folder


def _writable(folder):
    try:
        (folder / "probe").write_text("x")
    except OSError:
        return False
    return True


@pytest.mark.parametrize("make_processed", [_blocked_by_a_file, _read_only_folder])
def test_an_unwritable_processed_folder_warns_once(tmp_path, monkeypatch, capsys,
                                                   make_processed):
    folder = make_processed(tmp_path)
    monkeypatch.setattr(paths, "PROCESSED_DIR", folder)
    report.load_raw()
    out = capsys.readouterr()
    assert out.err.count("warning:") == 1 and str(folder) in out.err
    assert "coverage" in out.out and "(not written)" in out.out


def test_make_report_with_an_unknown_region_keeps_the_report(tmp_path):
    """The issue's done-when, through make itself (PARITRANA_HOME: a throwaway project)."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    home = tmp_path / "home"
    _write_tree(home / "reports", OLD)
    before = _tree(home)
    run = subprocess.run(
        [make, "-C", str(paths.PACKAGE_DIR.parent), "-o", ".venv/.installed", "report",
         "REGION=XX-YY", f"BIN={Path(sys.executable).parent}"],
        env={**os.environ, "PARITRANA_HOME": str(home)},
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode != 0
    ours = [line for line in run.stderr.splitlines() if not line.startswith("make")]
    assert ours == ["paritrana report: unknown region code 'XX-YY': use an ISO code such as "
                    "ID-SS (Sumatera Selatan), ID-JA (Jambi) or ID (Indonesia)"]
    assert _tree(home) == before


# --------------------------------------------------------------- kabupaten/kota, explorer


@pytest.mark.parametrize("region, runs", [("ID-AC", False), ("ID-SS", True), ("ID-LA", True),
                                          ("16.05", True)])
def test_the_regency_notebook_runs_only_where_there_are_regency_figures(
        project, monkeypatch, capsys, tmp_path, region, runs):
    books = [_notebook(tmp_path / name, "print(1)")
             for name in ("01_nb.ipynb", "09_kabupaten_kota.ipynb")]
    monkeypatch.setattr(report, "notebooks", lambda: books)
    seen = {}

    def charts(**kw):
        seen.update(kw)
        return _fake_charts(**kw)

    monkeypatch.setattr(export_all, "export_standard_set", charts)
    assert report.build_report(region=region) == 0
    out = capsys.readouterr().out
    said = [line for line in out.splitlines() if "kabupaten/kota" in line]
    index = (project / "index.html").read_text(encoding="utf-8")
    assert seen["regencies"] is runs
    if runs:
        assert said == [] and (project / "html" / "09_kabupaten_kota.html").exists()
        assert "html/09_kabupaten_kota.html" in index
    else:
        assert len(said) == 1 and "09_kabupaten_kota.ipynb skipped: Aceh (ID-AC): tidak ada" \
            " angka kabupaten/kota; bagian kabupaten/kota dilewati." in said[0]
        assert not (project / "html" / "09_kabupaten_kota.html").exists()
        assert "<h2>09_kabupaten_kota</h2><p>Aceh (ID-AC): tidak ada angka" in index
        assert index.count("tidak ada angka kabupaten/kota") == 2  # and the section says why


def test_the_html_report_shows_the_explorers_default_view(tmp_path):
    nb = new_notebook(cells=[new_code_cell("explorer")])
    nb.cells[0].outputs = [new_output(
        "execute_result", execution_count=1,
        data={"text/plain": "Explorer", "text/html": "<p class='static'>Tampilan bawaan</p>",
              report.WIDGET_VIEW: {"version_major": 2, "version_minor": 0,
                                   "model_id": "abc"}})]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(nb, tmp_path / "00.ipynb")
    report.to_html(tmp_path / "00.ipynb", tmp_path / "00.html")
    page = (tmp_path / "00.html").read_text(encoding="utf-8")
    assert 'class="static">Tampilan bawaan</p>' in page
    assert 'type="application/vnd.jupyter.widget-view+json"' not in page
