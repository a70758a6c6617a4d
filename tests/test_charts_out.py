"""`paritrana charts --out`: never data/raw, never over files it did not write (unless
--force), a non-zero exit for an unknown region or one without figures."""

from pathlib import Path

import pytest

from paritrana_analysis import cli, paths
from paritrana_analysis.report import standard_set as export_all
from paritrana_analysis.report.standard_set import MARKER


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def exported(monkeypatch):
    """The chart set replaced by a quick stand-in that records its calls."""
    calls = []

    def fake(out_dir, lang, region, data, as_of=None, sizes=("landscape",)):
        calls.append({"out": Path(out_dir), "lang": lang, "region": region, "as_of": as_of,
                      "sizes": sizes})
        (Path(out_dir) / "01_chart.png").write_bytes(b"png")
        return []

    monkeypatch.setattr(export_all, "export_standard_set", fake)
    return calls


def _charts(*args):
    return cli.main(["charts", *args])


@pytest.mark.parametrize("where", ["", "charts", "sub/../deeper/x"])
def test_data_raw_and_folders_inside_it_are_refused(exported, capsys, where):
    before = _tree(paths.RAW_DIR)
    assert _charts("--out", str(paths.RAW_DIR / where)) == 2
    err = capsys.readouterr().err
    assert err.startswith("paritrana charts: ") and "inside data/raw" in err
    assert err.count("\n") == 1
    assert _tree(paths.RAW_DIR) == before and not (paths.RAW_DIR / "charts").exists()
    assert exported == []


def test_the_projects_own_data_raw_is_refused_even_when_raw_dir_points_elsewhere():
    with pytest.raises(ValueError, match="inside data/raw"):
        paths.refuse_raw(paths.PROJECT_DIR / "data" / "raw" / "grafik")


def test_a_folder_with_someone_elses_files_needs_force(tmp_path, exported, capsys):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("catatan saya")
    assert _charts("--out", str(mine)) == 2
    assert "--force" in capsys.readouterr().err
    assert _tree(mine) == {"notes.txt": b"catatan saya"} and exported == []
    assert _charts("--out", str(mine), "--force") == 0
    assert (mine / "notes.txt").read_text() == "catatan saya"
    assert (mine / MARKER).exists() and exported[0]["out"] == mine


def test_a_folder_it_wrote_before_is_written_again(tmp_path, exported):
    out = tmp_path / "grafik" / "baru"
    assert _charts("--out", str(out)) == 0
    assert sorted(_tree(out)) == [MARKER, "01_chart.png"]
    assert _charts("--out", str(out)) == 0 and len(exported) == 2


def test_a_file_as_out_is_refused(tmp_path, exported, capsys):
    target = tmp_path / "grafik.png"
    target.write_bytes(b"png")
    assert _charts("--out", str(target)) == 2
    assert "not a folder" in capsys.readouterr().err and target.read_bytes() == b"png"


def test_an_unknown_region_fails_before_anything_is_written(tmp_path, exported, capsys):
    out = tmp_path / "out"
    assert _charts("--region", "XX-YY", "--out", str(out)) == 2
    assert "unknown region code 'XX-YY'" in capsys.readouterr().err
    assert not out.exists() and exported == []


def test_region_and_language_in_any_case(tmp_path, exported):
    assert _charts("--region", "id-ja", "--lang", "EN", "--out", str(tmp_path / "o")) == 0
    assert exported[0]["region"] == "ID-JA" and exported[0]["lang"] == "en"


def test_a_region_without_figures_fails(tmp_path, exported, capsys):
    assert _charts("--region", "ID-PE", "--out", str(tmp_path / "o")) == 1
    assert "no coverage figures for ID-PE" in capsys.readouterr().err
    assert exported == []


def test_the_library_call_keeps_the_same_rules(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("x")
    with pytest.raises(ValueError, match="did not write"):
        export_all.export_standard_set(out_dir=mine)
    with pytest.raises(ValueError, match="inside data/raw"):
        export_all.export_standard_set(out_dir=paths.RAW_DIR)
    with pytest.raises(ValueError, match="unknown region code"):
        export_all.export_standard_set(out_dir=tmp_path / "new", region="XX-YY")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_a_single_chart_never_goes_into_data_raw():
    from paritrana_analysis.charts import examples as ex
    from paritrana_analysis.charts import export_chart, region_progress_chart

    fig = region_progress_chart(ex.coverage_example(), ex.targets_example(), region="ID-SS")
    with pytest.raises(ValueError, match="inside data/raw"):
        export_chart(fig, "x", title="t", subtitle="s", out_dir=paths.RAW_DIR)


def test_show_chart_marks_the_new_folder_it_writes(tmp_path):
    export_all.show_chart("progress", region="id-ss", out_dir=tmp_path / "nb", formats=("png",))
    assert (tmp_path / "nb" / MARKER).exists()  # so `paritrana charts` may write there later
    assert (tmp_path / "nb" / "ID-SS_id" / "03_capaian_vs_target.png").exists()


def test_charts_into_reports_wait_for_a_running_report(tmp_path, monkeypatch, exported,
                                                       capsys):
    from filelock import FileLock

    from paritrana_analysis.report import build as report

    monkeypatch.setattr(paths, "REPORTS_DIR", tmp_path / "reports")
    monkeypatch.setattr(report, "LOCK_WAIT_S", 0.2)
    with FileLock(tmp_path / ".reports.lock"):  # `make report` is swapping reports/
        assert _charts("--out", str(tmp_path / "reports" / "figures")) == 1
    assert "another report is still being built" in capsys.readouterr().err
    assert exported == [] and not (tmp_path / "reports").exists()


def test_size_and_as_of_reach_the_chart_set(tmp_path, exported):
    assert _charts("--out", str(tmp_path / "a"), "--size", "all", "--as-of", "2025-06-01") == 0
    assert exported[-1]["sizes"] == ("landscape", "square", "portrait")
    assert exported[-1]["as_of"] == "2025-06-01"
    assert _charts("--out", str(tmp_path / "b"), "--size", "square") == 0
    assert exported[-1]["sizes"] == ("square",) and exported[-1]["as_of"] is None
