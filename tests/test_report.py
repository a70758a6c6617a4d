"""The report runner: a failing notebook names itself and the cell; the index shows headlines."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from paritrana_analysis import report


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


def test_headline_is_the_last_cells_printed_text_and_lands_in_the_index(tmp_path, monkeypatch):
    nb = _notebook(tmp_path / "01_ok.ipynb", "region = 'ID-SS'",
                   "print('Cakupan: 31,33%')")
    out = tmp_path / "01_ok.out.ipynb"
    report.run_notebook(nb, out, {"region": "ID-JA"})
    assert report.headline(out) == "Cakupan: 31,33%\n"
    monkeypatch.setattr(report.paths, "REPORTS_DIR", tmp_path)
    index = report.write_index([("01_ok", report.headline(out), "")], "ID-SS").read_text()
    assert "Cakupan: 31,33%" in index and "html/01_ok.html" in index
