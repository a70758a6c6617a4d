"""The explorer: its views as plain functions, its widgets driven in-process and in a real
kernel (change region, segment, year; press export), and its static fallback."""

import base64
import json
import os
import textwrap

import pandas as pd
import pytest

import paritrana_analysis as pa
from paritrana_analysis import explorer as X

TODAY = "2026-11-26"


@pytest.fixture(scope="module")
def data():
    return pa.load_all()


def _scene(data, code, segment="all", year=2030, method="auto", lang="id"):
    return X.Scene(data, code, segment, year, method, lang, TODAY)


# --------------------------------------------------------------------------- views


def test_choices(data):
    options = X.region_options(data["coverage"])
    codes = [c for _, c in options]
    assert codes[0] == "ID"
    ss = codes.index("ID-SS")
    assert codes[ss + 1:ss + 5] == ["16.02", "16.03", "16.05", "16.06"]  # its own, indented
    first = options[ss + 1][0]
    assert first.startswith("\u00a0") and "Kab. Ogan Komering Ilir" in first
    assert X.segment_options(data["coverage"], "ID-SS")[0] == ("Semua pekerja", "all")
    dates = X.date_options(data["coverage"], "ID-SS", "all")
    assert dates[0] == ("Angka terbaru", "") and dates[1] == ("Agu 2025", "2025-08-01")
    assert X.year_range(TODAY) == (2026, 2045)  # never a year already past
    assert X.year_range("2050-01-01") == (2050, 2050)


def test_figure_table_newest_first_in_indonesian(data):
    table = X.figure_table(data["coverage"], "ID-SS")
    assert list(table.columns) == ["Tanggal", "Cakupan", "Peserta aktif", "Penyebut",
                                   "Dasar perhitungan", "Seri", "Sumber"]
    first = table.iloc[0]
    assert (first["Tanggal"], first["Cakupan"], first["Peserta aktif"]) == \
        ("Agu 2025", "31,33%", "2.789.917")
    assert "sekitar 36%" in set(table["Cakupan"])  # "sekitar 36 persen" as published
    english = X.figure_table(data["coverage"], "ID-SS", lang="en")
    assert english.iloc[0]["Coverage"] == "31.33%"


def test_a_method_on_a_history_too_short_says_so(data):
    names = {"auto": "otomatis (uji balik)", "linear": "linear", "compound": "majemuk",
             "logistic": "logistik", "naive": "naif"}
    assert set(names) == set(X.METHODS)
    for method in X.METHODS:
        view = X.projection_view(_scene(data, "ID-SS", method=method))
        assert f"Metode {names[method]} tidak dapat dipakai" in view.message
        assert "hanya 1 angka" in view.message and "sama untuk setiap metode" in view.message
        assert view.fig is not None  # the path needed, drawn whatever the method
    english = X.projection_view(_scene(data, "ID-SS", method="logistic", lang="en"))
    assert english.message.startswith("The logistic method cannot apply")


def test_a_method_changes_a_projection_that_has_a_trend(data):
    linear = X.projection_view(_scene(data, "ID-SN", method="linear"))
    logistic = X.projection_view(_scene(data, "ID-SN", method="logistic"))
    assert "(linear)" in linear.message and "(logistik)" in logistic.message
    assert "akhir 2030" in linear.message and "proyeksi logistik" in logistic.subtitle
    assert linear.message.split("mencapai")[1] != logistic.message.split("mencapai")[1]
    # auto chooses by backtests, which need 4 yearly figures: said, then linear is shown
    auto = X.projection_view(_scene(data, "ID-SN"))
    assert auto.message.startswith("Metode otomatis (uji balik) tidak dapat dipakai: metode"
                                   " dipilih dari uji balik, yang perlu 4 angka tahunan")
    assert "(linear)" in auto.message


def test_choices_that_cannot_apply(data):
    view = X.target_view(_scene(data, "ID-SS", year=2026))
    assert "tidak punya target untuk 2026" in view.message and view.fig is not None
    view = X.target_view(_scene(data, "ID-JA", year=2026))
    assert view.title.startswith("Jambi baru sekitar 44%")  # "sekitar 44 persen"
    assert "bukan segmen Perangkat desa" in X.target_view(
        _scene(data, "ID-SS", "village_officials", 2026)).message
    ranked = X.ranking_view(_scene(data, "ID-SS", "non_asn", 2026))
    assert ranked.fig is None and "tidak diperingkat" in ranked.message
    assert "tidak ada angka kabupaten/kota" in X.regencies_view(_scene(data, "ID-AC")).message


def test_regencies_against_the_provincial_target(data):
    view = X.regencies_view(_scene(data, "16.05", year=2026))
    assert "target Sumatera Selatan 2025: 51% (sudah lewat)" in view.message
    assert view.title.startswith("Kab. Musi Banyuasin tertinggi (48,26%)")
    assert X.ranking_view(_scene(data, "16.05", year=2026)).title == view.title


# --------------------------------------------------------------------------- widgets


def _html(pane) -> str:
    return "".join(o["data"].get("text/html", "") for o in pane.outputs)


def _image(pane) -> str:
    return "".join(o["data"].get("image/png", "") for o in pane.outputs)


def test_widgets_update_in_place_and_export(data, tmp_path):
    ex = X.explore(data, region="ID-SS", out_dir=tmp_path, today=TODAY)
    assert (ex.year.min, ex.year.max, ex.year.value) == (2026, 2045, 2026)
    assert "RimauNews" in ex.table_out.outputs[0]["data"]["text/html"]
    before = _image(ex.panes["target"])
    assert base64.b64decode(before)[:8] == b"\x89PNG\r\n\x1a\n"
    ex.region.value = "ID-JA"
    assert "InfoEkonomi" in ex.table_out.outputs[0]["data"]["text/html"]
    assert "Jambi baru sekitar 44%" in _html(ex.panes["target"])
    assert _image(ex.panes["target"]) != before
    assert [s for _, s in ex.segment.options][0] == "all" and ex.date.value == ""
    ex.segment.value = "informal"
    assert "bukan segmen Pekerja informal" in _html(ex.panes["target"])
    assert "tidak diperingkat" in _html(ex.panes["ranking"])
    ex.segment.value = "all"
    ex.year.value = 2030
    assert "ke 99,5% pada 2045" in ex.views["projection"].message
    ex.tabs.selected_index = 2  # projection
    assert ex.status == ex.views["projection"].message
    ex.export_button.click()
    assert sorted(p.suffix for p in ex.exported.values()) == \
        [".csv", ".pdf", ".png", ".png", ".svg", ".txt"]
    assert all(p.exists() and p.parent == tmp_path for p in ex.exported.values())
    assert ex.exported["png"].name == "jelajah_projection_ID-JA_all_2030_id.png"
    assert ex.status.startswith("Diekspor (6 berkas)")
    ex.segment.value = "informal"  # the projection tab has no chart for a segment
    assert ex.export() == {} and "tidak punya grafik" in ex.status


def test_a_date_cuts_the_figures(data, tmp_path):
    ex = X.explore(data, region="ID-SS", out_dir=tmp_path, today=TODAY)
    ex.date.value = "2024-09-01"
    assert "RimauNews" not in ex.table_out.outputs[0]["data"]["text/html"]
    assert ex.views["target"].title.startswith("Sumatera Selatan baru sekitar 32,7%")


def test_a_users_own_recap(tmp_path):
    recap = pd.DataFrame({
        "region_code": ["16.71", "16.05", "ID-SS"], "region": ["", "", ""],
        "level": ["regency", "regency", "province"], "segment": ["all"] * 3,
        "as_of": pd.to_datetime(["2026-06-30"] * 3), "covered": [300_000, 70_000, 2_900_000],
        "potential": [600_000, 150_000, 8_000_000], "coverage_pct": [50.0, 46.67, 36.25],
        "source": ["Rekap Kanwil"] * 3})
    ex = X.explore({"coverage": recap, "targets": None}, region="16.71", today=TODAY,
                   out_dir=tmp_path)
    assert [c for _, c in ex.region.options] == ["ID-SS", "16.05", "16.71"]
    assert "Kota Palembang tertinggi (50%)" in ex.views["regencies"].title
    assert "Rekap Kanwil" in ex.table_out.outputs[0]["data"]["text/html"]


def test_static_fallback_is_the_default_view(data, tmp_path):
    ex = X.explore(data, region="ID-LA", out_dir=tmp_path, today=TODAY)
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    page = bundle["text/html"]
    assert page.count("data:image/png;base64,") == 4  # target, ranking, projection, regencies
    assert "Berdikari" in page and "Kota Metro tertinggi (32,9%)" in page
    assert "<script" not in page


# --------------------------------------------------------------------------- kernel

KERNEL_CODE = textwrap.dedent("""
    import json
    from paritrana_analysis.explorer import explore
    ex = explore(region="ID-SS", out_dir={out!r}, today="2026-11-26")

    def shown():
        return {{"table": ex.table_out.outputs[0]["data"]["text/html"],
                 "target": "".join(o["data"].get("text/html", "")
                                   for o in ex.panes["target"].outputs),
                 "image": "".join(o["data"].get("image/png", "")[:4000]
                                  for o in ex.panes["target"].outputs),
                 "status": ex.status, "year": [ex.year.min, ex.year.max, ex.year.value]}}

    steps = {{"start": shown()}}
    ex.region.value = "ID-JA"; steps["region"] = shown()
    ex.segment.value = "formal"; steps["segment"] = shown()
    ex.segment.value = "all"; ex.year.value = 2031; steps["year"] = shown()
    ex.tabs.selected_index = 1; ex.export_button.click(); steps["export"] = shown()
    steps["files"] = sorted(p.name for p in ex.exported.values())
    print("STEPS" + json.dumps(steps))
""")


def test_explorer_driven_in_a_kernel(tmp_path):
    from jupyter_client.manager import start_new_kernel

    env = {**os.environ, "PARITRANA_BUNDLED_ONLY": "1", "MPLBACKEND": "Agg"}
    km, kc = start_new_kernel(kernel_name="python3", env=env)
    printed = []
    try:
        reply = kc.execute_interactive(
            KERNEL_CODE.format(out=str(tmp_path)), timeout=240,
            output_hook=lambda msg: printed.append(msg["content"].get("text", "")))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert reply["content"]["status"] == "ok", reply["content"]
    steps = json.loads("".join(printed).split("STEPS", 1)[1])
    start, region = steps["start"], steps["region"]
    assert start["year"] == [2026, 2045, 2026]
    assert "Sumatera Selatan baru 31,33%" in start["target"] and "RimauNews" in start["table"]
    assert "Jambi baru sekitar 44%" in region["target"] and "InfoEkonomi" in region["table"]
    assert region["image"] != start["image"]
    assert "bukan segmen Pekerja formal" in steps["segment"]["target"]
    assert steps["year"]["year"][2] == 2031 and "2031" in steps["year"]["target"]
    assert steps["export"]["status"].startswith("Diekspor (6 berkas)")
    assert steps["files"] == [f"jelajah_ranking_ID-JA_all_2031_id{ext}" for ext in
                              (".csv", ".pdf", ".png", ".svg", ".txt", "@2x.png")]
    assert sorted(p.name for p in tmp_path.iterdir()) == steps["files"]


def test_a_count_of_fewer_than_ten_people_is_not_shown(tmp_path):
    rows = pd.DataFrame({
        "region_code": ["16.05"] * 2, "region": [""] * 2, "level": ["regency"] * 2,
        "segment": ["bpd"] * 2, "as_of": pd.to_datetime(["2026-06-30", "2026-03-31"]),
        "covered": [7, 120], "potential": [9, 200], "coverage_pct": [77.78, 60.0],
        "source": ["Rekap desa"] * 2}).astype({"covered": "Int64", "potential": "Int64"})
    table = X.figure_table(rows, "16.05", "bpd")
    assert list(table["Peserta aktif"]) == ["<10", "120"]
    assert list(table["Cakupan"]) == ["–", "60%"]  # 7 of 9 would give the 7 away
