"""A user's kabupaten/kota recap, named by Kemendagri codes or by names as people write
them, end to end: `paritrana check`, the analysis, and notebook 09 run on a project
folder (PARITRANA_HOME) holding it beside the bundled workbooks. Nothing is written to
the project's own data/raw."""

import shutil

import nbformat
import openpyxl
import pandas as pd
import pytest

import paritrana_analysis as pa
from paritrana_analysis import cli, paths
from paritrana_analysis import regencies as R
from paritrana_analysis.report import headlines

# As people write them: abbreviations, with and without Kab./Kota, one word or two.
NAMES = [("16.01", "Kab. OKU"), ("16.02", "Kab. OKI"), ("16.03", "Muara Enim"),
         ("16.04", "Kabupaten Lahat"), ("16.05", "Musi Rawas"), ("16.06", "Muba"),
         ("16.07", "Banyuasin"), ("16.08", "OKU Timur"), ("16.09", "OKU Selatan"),
         ("16.10", "Ogan Ilir"), ("16.11", "Empat Lawang"), ("16.12", "PALI"),
         ("16.13", "Muratara"), ("16.71", "Kota Palembang"), ("16.72", "Kota Pagaralam"),
         ("16.73", "Lubuklinggau"), ("16.74", "Prabumulih")]


def _recap(path, *, by_code: bool):
    """Rekap UCJ per kabupaten/kota with a title, a numbered header and a JUMLAH row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Rekap"
    ws.append(["Rekap UCJ Kabupaten/Kota Provinsi Sumatera Selatan per 30 September 2026"])
    ws.append([])
    ws.append(["No", "Kabupaten/Kota"] + (["Kode Kemendagri"] if by_code else [])
              + ["Peserta Aktif", "Potensi Tenaga Kerja", "% Coverage"])
    total_cov = total_pot = 0
    for i, (code, name) in enumerate(NAMES, 1):
        pot = 100_000 + 20_000 * i
        cov = int(pot * (0.20 + 0.02 * i))
        total_cov, total_pot = total_cov + cov, total_pot + pot
        ws.append([i, code if by_code and i % 2 else name] + ([code] if by_code else [])
                  + [cov, pot, round(cov / pot * 100, 2)])
    ws.append([None, "JUMLAH"] + ([None] if by_code else [])
              + [total_cov, total_pot, round(total_cov / total_pot * 100, 2)])
    wb.save(path)
    return path


@pytest.mark.parametrize("by_code", [True, False], ids=["codes", "names"])
def test_check_reads_every_regency(tmp_path, capsys, by_code):
    path = _recap(tmp_path / "rekap.xlsx", by_code=by_code)
    assert cli.main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "rows: 17" in out and "regions: 17" in out and "'JUMLAH') matches" in out
    recap = pa.read_coverage(path)
    assert sorted(recap["region_code"]) == [code for code, _ in NAMES]


def test_the_recap_in_the_analysis_and_headlines(tmp_path):
    recap = pa.read_coverage(_recap(tmp_path / "rekap.xlsx", by_code=False))
    coverage = pa.load_dataset("coverage")
    both = pd.concat([coverage, recap], ignore_index=True)
    ranking = R.regency_ranking(both, "ID-SS", target_pct=51, target_year=2025)
    assert ranking["rank"].notna().sum() == 17
    assert ranking.iloc[0]["region_code"] == "16.74"  # 54%: the highest of the recap
    parts = R.province_vs_regencies(both, "ID-SS").iloc[0]
    assert (parts["status"], parts["with_count"], parts["sum_covered"]) == \
        ("no_province", 17, 1_972_000)
    lines = headlines.regencies(both, pa.load_dataset("targets"), region="ID-SS",
                                as_of="2026-11-26")
    assert lines["Kabupaten/kota dengan angka cakupan"] == "17 dari 17"
    assert "1.972.000 peserta dari 4.760.000" in lines["Provinsi dan kabupaten/kotanya"]


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A project folder: the bundled workbooks, the user's recap, the notebooks."""
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    for meta in paths.RAW_DIR.glob("*.meta.yml"):
        shutil.copy2(meta, raw / meta.name)
        shutil.copy2(meta.with_name(meta.name[: -len(".meta.yml")]), raw)
    _recap(raw / "rekap_kabkota_sumsel.xlsx", by_code=True)
    shutil.copytree(paths.NOTEBOOKS_DIR, tmp_path / "notebooks")
    monkeypatch.setenv("PARITRANA_HOME", str(tmp_path))
    monkeypatch.delenv("PARITRANA_BUNDLED_ONLY", raising=False)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("PARITRANA_TODAY", "2026-11-26")
    return tmp_path


def test_notebook_09_shows_the_users_recap(home):
    import papermill as pm

    out = home / "09.ipynb"
    pm.execute_notebook(str(home / "notebooks" / "09_kabupaten_kota.ipynb"), str(out),
                        parameters={"region": "ID-SS", "out_dir": str(home / "figures")},
                        kernel_name="python3", cwd=str(home / "notebooks"),
                        progress_bar=False)
    cells = [c for c in nbformat.read(out, as_version=4).cells if c.cell_type == "code"]
    headline = "".join(o.get("text", "") for o in cells[-1].outputs)
    assert "Kabupaten/kota dengan angka cakupan: 17 dari 17" in headline
    assert "Tertinggi: Kota Prabumulih 54% (30 Sep 2026)" in headline
    figures = home / "figures" / "ID-SS_id"
    written = sorted(p.name for p in figures.glob("*.png"))
    assert "12_kabupaten_kota_peringkat.png" in written
    assert "14_kabupaten_kota_peta_petak.png" in written
    csv = (figures / "12_kabupaten_kota_peringkat.csv").read_text(encoding="utf-8-sig")
    # a recap without a source column is cited by its file name
    assert "Kota Prabumulih" in csv and "rekap_kabkota_sumsel.xlsx" in csv
