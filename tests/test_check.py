"""`paritrana check`: a summary and exit 0, or every problem (cell by cell) and exit 1."""

import subprocess
import sys
from pathlib import Path

import pytest
from workbooks import xlsx

from paritrana_analysis.check import check_files

# pandas' deprecations (Pandas4Warning) in the loaders fail these tests
pytestmark = pytest.mark.filterwarnings("error::pandas.errors.Pandas4Warning")

GOOD = [["Rekap cakupan, posisi 1 Agustus 2025"],
        ["Provinsi", "Segmen", "Peserta Aktif", "Tenaga Kerja Potensial", "Cakupan (%)"],
        ["Sumatera Selatan", "Total", 2_789_917, 8_904_000, 31.33],
        ["Jambi", "Total", 512_000, 1_800_000, 28.44],
        ["Sumber: BPJS Ketenagakerjaan"]]
BROKEN = [GOOD[0], GOOD[1],
          ["Sumatera Selatn", "Total", 2_789_917, 8_904_000, 31.33],
          ["Jambi", "Total", "dua juta", 1_800_000, 128.44]]


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr("paritrana_analysis.paths.PROCESSED_DIR", tmp_path / "processed")


def test_check_good_file(tmp_path, capsys):
    path = xlsx(tmp_path / "good.xlsx", GOOD)
    assert check_files([str(path)]) == 0
    out = capsys.readouterr().out
    assert "kind: coverage" in out and "rows: 2" in out
    assert "regions: 2 (Sumatera Selatan, Jambi)" in out
    assert "dates: 2025-08-01" in out
    assert "participants 3.301.917" in out and "potential workers 10.704.000" in out
    assert "coverage: 28,44% to 31,33%" in out


def test_check_broken_file_lists_each_cell(tmp_path, capsys):
    good = xlsx(tmp_path / "good.xlsx", GOOD)
    bad = xlsx(tmp_path / "broken.xlsx", BROKEN)
    assert check_files([str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "kind: coverage" in out  # the good file is still described
    assert "3 problems:" in out
    assert ("broken.xlsx, sheet 'Data', row 3, column 'Provinsi': unknown region "
            "'Sumatera Selatn': did you mean 'Sumatera Selatan'?") in out
    assert "row 4, column 'Peserta Aktif': a number written in words" in out
    assert "row 4, column 'Cakupan (%)': coverage outside 0-100%" in out


def test_check_not_a_spreadsheet(tmp_path, capsys):
    path = tmp_path / "x.xlsx"
    path.write_text("hello")
    assert check_files([str(path)]) == 1
    assert "the file looks damaged" in capsys.readouterr().out  # named .xlsx
    path = tmp_path / "notes.txt.bak"
    path.write_text("hello")
    assert check_files([str(path)]) == 1
    assert "not a spreadsheet" in capsys.readouterr().out


def test_check_damaged_workbook_says_so_and_suggests_resaving(tmp_path, capsys):
    good = xlsx(tmp_path / "good.xlsx", GOOD).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good[: len(good) // 2])
    bad_start = tmp_path / "bad_start.xlsx"
    bad_start.write_bytes(b"\x00" * 8 + good[8:])
    assert check_files([str(cut), str(bad_start)]) == 1
    out = capsys.readouterr().out
    assert out.count("looks damaged") == 2 and out.count("save it again as .xlsx") == 2
    assert "not a spreadsheet" not in out


def test_cli_subprocess(tmp_path):
    exe = Path(sys.executable).with_name("paritrana")
    if not exe.exists():
        pytest.skip("console script not installed")
    good = xlsx(tmp_path / "good.xlsx", GOOD)
    bad = xlsx(tmp_path / "broken.xlsx", BROKEN)
    env = {"PARITRANA_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    ok = subprocess.run([str(exe), "check", str(good)], capture_output=True, text=True,
                        env=env, check=False)
    assert ok.returncode == 0, ok.stderr
    assert "participants 3.301.917" in ok.stdout
    fail = subprocess.run([str(exe), "check", str(bad)], capture_output=True, text=True,
                          env=env, check=False)
    assert fail.returncode == 1
    assert "row 3, column 'Provinsi'" in fail.stdout


# The bundled workbooks (with a provenance sidecar), not an analyst's own files beside them.
BUNDLED = sorted(p.with_name(p.name[: -len(".meta.yml")]) for p in
                 Path(__file__).resolve().parents[1].joinpath("data", "raw").glob("*.meta.yml"))


@pytest.mark.skipif(not BUNDLED, reason="no bundled workbooks")
@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_check_every_bundled_workbook(path, capsys):
    """Each bundled workbook passes `check` and is described as the kind its sidecar says."""
    import yaml

    kind = yaml.safe_load(path.with_name(path.name + ".meta.yml").read_text())["kind"]
    status = check_files([str(path)])
    out = capsys.readouterr().out
    assert status == 0, out
    assert f"  kind: {kind}\n" in out
    assert "rows: " in out and "problem" not in out
    if kind == "awards":
        assert "national" in out and "province" in out


def test_check_totals_are_for_the_newest_date_segment_all_per_level(tmp_path, capsys):
    rows = [["Wilayah", "Segmen", "Tanggal Data", "Peserta Aktif"],
            ["Indonesia", "Total", "2024-12-31", 40_000_000],
            ["Indonesia", "Total", "2025-08-01", 42_000_000],
            ["Indonesia", "PU", "2025-08-01", 30_000_000],
            ["Sumatera Selatan", "Total", "2025-08-01", 2_000_000],
            ["Jambi", "Total", "2025-08-01", 500_000],
            ["Jambi", "Total", "2024-12-31", 400_000]]
    path = xlsx(tmp_path / "national.xlsx", rows)
    assert check_files([str(path)]) == 0
    out = capsys.readouterr().out
    assert "totals at 2025-08-01, segment all:" in out
    assert "national (1 row): participants 42.000.000" in out
    assert "province (2 rows): participants 2.500.000" in out
    assert "114.900.000" not in out  # not everything summed


def test_check_takes_the_readers_options(tmp_path):
    path = xlsx(tmp_path / "wide.xlsx", [["Jenis Kegiatan", "Agustus 2024", "Agustus 2025"],
                                         ["Bekerja", 23361110, 23801034],
                                         ["TPT", 4.19, 4.03]])
    cli = [sys.executable, "-m", "paritrana_analysis.cli", "check", str(path)]
    refused = subprocess.run(cli, capture_output=True, text=True)
    assert refused.returncode == 1 and "pass region=" in refused.stdout
    ok = subprocess.run([*cli, "--kind", "workforce", "--region", "ID-JI"],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout
    assert "rows: 2" in ok.stdout and "working people 23.801.034" in ok.stdout
    assert "read: rows with Jenis Kegiatan = 'Bekerja' read as employed" in ok.stdout
    assert "header: row 1" in ok.stdout


def test_check_column_option_and_bad_column_option(tmp_path):
    path = xlsx(tmp_path / "c.xlsx", [["Daerah Kerja", "Jumlah TK Terdaftar", "Tanggal Data"],
                                      ["Jambi", 580_000, "2025-03-01"]])
    cli = [sys.executable, "-m", "paritrana_analysis.cli", "check", str(path)]
    ok = subprocess.run([*cli, "--column", "Daerah Kerja=region", "--column",
                         "Jumlah TK Terdaftar=covered"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout
    assert "participants 580.000" in ok.stdout
    bad = subprocess.run([*cli, "--column", "Daerah Kerja"], capture_output=True, text=True)
    assert bad.returncode == 2 and "HEADER=canonical" in bad.stderr


def test_check_suggests_the_sheet_that_fits_best(tmp_path):
    path = xlsx(tmp_path / "s.xlsx", [["Catatan"], ["isi lembar ini bukan tabel"]],
                sheet="Catatan", extra_sheets={
                    "Lain": [["Apa", "Ini"]],
                    "Rekap": [["Provinsi", "Peserta Aktif", "Tanggal Data"],
                              ["Jambi", 580000, "2025-03-01"]]})
    cli = [sys.executable, "-m", "paritrana_analysis.cli", "check", str(path)]
    result = subprocess.run([*cli, "--sheet", "Catatan", "--kind", "coverage"],
                            capture_output=True, text=True)
    assert "sheet='Rekap' has the headers that fit best" in result.stdout
    assert "the sheet starts with: row 1: Catatan" in result.stdout
    # without --sheet, every sheet holding a table is read and the others are named
    result = subprocess.run(cli, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "sheet 'Rekap'" in result.stdout and "participants 580.000" in result.stdout
    assert "sheet 'Catatan' skipped: cannot tell which table" in result.stdout
    assert "sheet 'Lain' skipped" in result.stdout


def test_check_warns_about_a_zero_among_counts(tmp_path, capsys):
    path = xlsx(tmp_path / "z.xlsx", [["Kabupaten/Kota", "Penduduk Bekerja", "Tahun"],
                                      ["Kota Bandung", 0, 2013], ["Kab. Bogor", 1800000, 2013],
                                      ["Kab. Garut", 1100000, 2013]])
    assert check_files([str(path)]) == 0
    out = capsys.readouterr().out
    assert "warning:" in out and "zero employed among non-zero values" in out
