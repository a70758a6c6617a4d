"""Hostile and tricky input (issue 10): bounded time and memory, never silently wrong.

Files that once aborted the process are read in a child process with a cap on its
address space, so a regression fails this test instead of killing the test run; the
child reports its peak memory, which must stay under 1 GiB."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile import (
    error_cells_xlsx,
    far_cell_xlsx,
    hidden_first_sheet_xlsx,
    lying_size_xlsx,
    padded_xlsx,
    repeated_ods,
)
from workbooks import xlsx

import paritrana_analysis as pa
from paritrana_analysis import DataError

CORPUS = Path(__file__).resolve().parent.parent / ".." / "shared" / "workbook-corpus" / \
    "calamine-tests"
CHILD = r"""
import json, sys
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    def peak(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
except ImportError:  # Windows: no address-space limit; psutil reads the peak working set
    import psutil
    def peak(): return psutil.Process().memory_info().peak_wset
import paritrana_analysis as pa
out = []
for path in sys.argv[1:]:
    for call in ("detect_kind", "read_any", "check"):
        try:
            if call == "check":
                from paritrana_analysis.check import check_files
                import contextlib, io
                text = io.StringIO()
                with contextlib.redirect_stdout(text):
                    rc = check_files([path])
                result = f"check rc {rc}: " + text.getvalue()
            else:
                result = str(getattr(pa, call)(path, cache=False)
                             if call == "read_any" else pa.detect_kind(path))[:60]
        except pa.DataError as err:
            result = "DataError: " + str(err.problems[0])
        except BaseException as err:
            result = f"OTHER {type(err).__name__}: {err}"
        out.append([path, call, result])
print(json.dumps({"results": out, "peak": peak()}))
"""


def in_child(*paths: Path) -> dict:
    t0 = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", CHILD, *map(str, paths)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"the child died (rc {run.returncode}): {run.stderr[-800:]}"
    out = json.loads(run.stdout.strip().splitlines()[-1])
    out["seconds"] = time.perf_counter() - t0
    return out


def test_a_stray_far_cell_is_refused_naming_the_cell(tmp_path):
    path = far_cell_xlsx(tmp_path / "far.xlsx")
    assert path.stat().st_size < 10_000
    out = in_child(path)
    for _path, _call, result in out["results"]:
        assert "XFD1048576" in result and "stray cell" in result, result
    assert out["peak"] < 1 << 30


def test_an_ods_of_repeated_cells_is_refused(tmp_path):
    path = repeated_ods(tmp_path / "rep.ods")
    assert path.stat().st_size < 2_000
    out = in_child(path)
    for _path, _call, result in out["results"]:
        assert "repeats its cells" in result, result
    assert out["peak"] < 1 << 30


def test_a_zip_bomb_is_refused_by_bytes_actually_unpacked(tmp_path):
    path = padded_xlsx(tmp_path / "bomb.xlsx", mib=40)
    assert path.stat().st_size < 1 << 20
    out = in_child(path)
    for _path, _call, result in out["results"]:
        assert "zip bomb" in result, result
    assert out["seconds"] < 60 and out["peak"] < 1 << 30


def test_a_lying_size_header_is_refused(tmp_path):
    path = lying_size_xlsx(tmp_path / "liar.xlsx")
    with pytest.raises(DataError, match="its header says 1.000"):
        pa.read_coverage(path, cache=False)


def test_excel_error_cells_are_problems_with_cell_and_code(tmp_path):
    path = error_cells_xlsx(tmp_path / "err.xlsx", {"B3": "#DIV/0!", "D2": "#N/A"})
    with pytest.raises(DataError) as err:
        pa.read_coverage(path, cache=False)
    got = {(p.row, p.column, p.value) for p in err.value.problems}
    assert got == {(3, "Peserta Aktif", "#DIV/0!"), (2, "Sumber", "#N/A")}


@pytest.mark.parametrize("code", ["#SPILL!", "#NAME?", "#REF!"])
def test_error_values_the_engine_cannot_hold_name_their_cell(tmp_path, code):
    path = error_cells_xlsx(tmp_path / "err.xlsx", {"C2": code})
    with pytest.raises(DataError) as err:
        pa.read_coverage(path, cache=False)
    (p,) = err.value.problems
    assert p.row == 2 and p.value == code and "Excel error value" in p.reason


def test_the_first_visible_sheet_is_read_and_hidden_ones_are_named(tmp_path):
    df = pa.read_coverage(hidden_first_sheet_xlsx(tmp_path / "h.xlsx"), cache=False)
    assert df["covered"].tolist() == [580000]
    assert any("hidden, not read: 'Lama'" in d for d in df.attrs["decisions"])


def test_a_merged_number_keeps_its_value_on_every_row(tmp_path):
    rows = [["Wilayah", "Segmen", "Peserta Aktif", "Tenaga Kerja Potensial", "Tanggal Data"],
            ["Sumatera Selatan", "PU", 100, 1000, "2025-08-01"],
            [None, "BPU", 200, None, "2025-08-01"], [None, "Jakon", 300, None, "2025-08-01"]]
    df = pa.read_coverage(xlsx(tmp_path / "m.xlsx", rows, merges=["A2:A4", "D2:D4"]),
                          cache=False)
    assert df["potential"].tolist() == [1000, 1000, 1000]
    assert df.attrs["cells_filled_from_merged"] == 4


def test_a_fraction_among_percentages_is_a_problem(tmp_path):
    rows = [["Provinsi", "Cakupan (%)", "Tanggal Data"], ["Jambi", 25, "2025-08-01"],
            ["Bengkulu", 0.4331, "2025-08-01"], ["Riau", "0,5%", "2025-08-01"]]
    with pytest.raises(DataError) as err:
        pa.read_coverage(xlsx(tmp_path / "f.xlsx", rows), cache=False)
    (p,) = err.value.problems  # "0,5%" written with its sign is read as written
    assert p.row == 3 and p.value == 0.4331 and "fraction among percentages" in p.reason


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_csv(tmp_path, encoding):
    path = tmp_path / "u.csv"
    path.write_bytes("Provinsi;Peserta Aktif;Tanggal Data\r\nJambi;580.000;2025-03-01\r\n"
                     .encode(encoding))
    assert pa.read_coverage(path, cache=False)["covered"].tolist() == [580000]


def test_csv_with_nul_bytes(tmp_path):
    path = tmp_path / "n.csv"
    path.write_bytes(b"Provinsi;Peserta Aktif;Tanggal Data\r\nJam\x00bi;580.000;2025-03-01\r\n")
    df = pa.read_coverage(path, cache=False)
    assert df["region_code"].tolist() == ["ID-JA"]
    assert any("NUL bytes dropped" in d for d in df.attrs["decisions"])


def test_every_sheet_with_a_table_is_loaded(tmp_path, monkeypatch):
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    xlsx(raw / "dua.xlsx", [["Provinsi", "Peserta Aktif", "Tanggal Data"],
                            ["Jambi", 580000, "2025-03-01"]], sheet="Jambi",
         extra_sheets={"Bengkulu": [["Provinsi", "Peserta Aktif", "Tanggal Data"],
                                    ["Bengkulu", 261814, "2024-12-31"]],
                       "Catatan": [["dibuat oleh bidang data"]]})
    monkeypatch.setattr(pa.paths, "RAW_DIR", raw)
    monkeypatch.setattr(pa.paths, "PROCESSED_DIR", tmp_path / "data" / "processed")
    monkeypatch.delenv("PARITRANA_BUNDLED_ONLY", raising=False)
    df = pa.load_dataset("coverage")
    assert sorted(zip(df["sheet"], df["covered"], strict=True)) == [("Bengkulu", 261814),
                                                                    ("Jambi", 580000)]
    assert df.attrs["skipped_sheets"][0]["sheet"] == "Catatan"


def test_memo_follows_the_content_not_the_date(tmp_path, monkeypatch):
    import os

    raw = tmp_path / "raw"
    raw.mkdir()
    path = xlsx(raw / "c.xlsx", [["Provinsi", "Peserta Aktif", "Tanggal Data"],
                                 ["Jambi", 5, "2025-03-01"]])
    monkeypatch.setattr(pa.paths, "RAW_DIR", raw)
    monkeypatch.setattr(pa.paths, "PROCESSED_DIR", tmp_path / "processed")
    monkeypatch.delenv("PARITRANA_BUNDLED_ONLY", raising=False)
    assert pa.load_dataset("coverage")["covered"].tolist() == [5]
    stat = path.stat()
    xlsx(path, [["Provinsi", "Peserta Aktif", "Tanggal Data"], ["Jambi", 6, "2025-03-01"]])
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same date, other content
    assert pa.load_dataset("coverage")["covered"].tolist() == [6]


def test_a_cache_entry_replaced_by_another_table_is_not_served(tmp_path, monkeypatch):
    from paritrana_analysis.load import cache

    monkeypatch.setattr(pa.paths, "PROCESSED_DIR", tmp_path / "processed")
    a = xlsx(tmp_path / "a.xlsx", [["Provinsi", "Peserta Aktif", "Tanggal Data"],
                                   ["Jambi", 5, "2025-03-01"]])
    b = xlsx(tmp_path / "b.xlsx", [["Provinsi", "Peserta Aktif", "Tanggal Data"],
                                   ["Riau", 7, "2025-03-01"]])
    pa.read_coverage(a)
    pa.read_coverage(b)
    entry_a = cache._cache_file(cache.cache_key(a, "coverage", {}))
    entry_b = cache._cache_file(cache.cache_key(b, "coverage", {}))
    entry_a.write_bytes(entry_b.read_bytes())  # another valid parquet in its place
    assert pa.read_coverage(a)["covered"].tolist() == [5]


def test_stale_temp_files_are_removed(tmp_path, monkeypatch):
    import os

    from paritrana_analysis.load import cache

    monkeypatch.setattr(pa.paths, "PROCESSED_DIR", tmp_path / "processed")
    folder = tmp_path / "processed" / "cache"
    folder.mkdir(parents=True)
    stale = folder / "abc.parquet.4242.tmp"
    stale.write_bytes(b"half written")
    os.utime(stale, (0, time.time() - cache.STALE_TMP_SECONDS - 60))
    pa.read_coverage(xlsx(tmp_path / "a.xlsx", [["Provinsi", "Peserta Aktif", "Tanggal Data"],
                                                ["Jambi", 5, "2025-03-01"]]))
    assert not stale.exists() and list(folder.glob("*.parquet"))


def test_an_unwritable_cache_folder_warns_once(tmp_path, monkeypatch):
    from paritrana_analysis.load import cache

    blocked = tmp_path / "processed"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setattr(pa.paths, "PROCESSED_DIR", blocked)
    monkeypatch.setattr(cache, "_warned", False)
    rows = [["Provinsi", "Peserta Aktif", "Tanggal Data"], ["Jambi", 5, "2025-03-01"]]
    with pytest.warns(UserWarning, match="loaded without the parquet cache") as caught:
        pa.read_coverage(xlsx(tmp_path / "a.xlsx", rows))
        pa.read_coverage(xlsx(tmp_path / "b.xlsx", rows))
    assert len([w for w in caught if "parquet cache" in str(w.message)]) == 1


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/workbook-corpus is not here")
def test_every_workbook_of_the_corpus_gives_a_frame_or_a_data_error():
    files = sorted(p for p in CORPUS.iterdir() if p.suffix != ".md")
    out = in_child(*files)
    bad = [r for r in out["results"] if r[2].startswith("OTHER")]
    assert not bad, bad
    assert len(out["results"]) == 3 * len(files)
    assert out["peak"] < 1 << 30 and out["seconds"] < 300


def test_a_workbook_of_the_corpus_kind_loads(tmp_path):
    """Not every corpus answer is a refusal: a plain table of ours loads in the child."""
    path = xlsx(tmp_path / "ok.xlsx", [["Provinsi", "Peserta Aktif", "Tanggal Data"],
                                       ["Jambi", 5, "2025-03-01"]])
    (_p, _c, kind), (_p2, _c2, frame), (_p3, _c3, check) = in_child(path)["results"]
    assert kind == "coverage" and not frame.startswith(("DataError", "OTHER"))
    assert check.startswith("check rc 0") and "participants 5" in check
