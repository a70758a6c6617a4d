"""Kabupaten/kota charts: what they plot, the tile grids as data, every size and both
languages, the "no grid" fallback, reproducible exports."""

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest

import paritrana_analysis as pa
from paritrana_analysis import regencies as R
from paritrana_analysis import regions
from paritrana_analysis.charts import _base, export_chart
from paritrana_analysis.charts import regency as RC
from paritrana_analysis.charts._base import SIZES


def _row(code, as_of, *, covered=None, potential=None, pct=None, segment="all",
         basis="potential", level="regency", source="Rekap uji"):
    return {"region_code": code, "region": pa.region_name(code), "level": level,
            "segment": segment, "as_of": pd.Timestamp(as_of), "covered": covered,
            "potential": potential, "coverage_pct": pct, "basis": basis, "source": source}


@pytest.fixture(scope="module")
def jambi():
    rows = [_row("15.04", "2025-06-01", covered=49_803, potential=98_206),
            _row("15.09", "2025-06-01", pct=31.49, basis="unknown"),
            _row("15.71", "2025-03-01", covered=60_000, pct=60.0),
            _row("15.02", "2025-06-01", covered=1_937, basis="none"),
            _row("15.02", "2025-10-01", covered=1_937, segment="village_officials",
                 basis="none"),
            _row("15.05", "2025-10-01", covered=829, pct=41.0, segment="palm_smallholders"),
            _row("ID-JA", "2025-06-01", level="province", covered=580_000, pct=44.0,
                 basis="unknown")]
    table = pd.DataFrame(rows).astype({"covered": "Int64", "potential": "Int64",
                                       "coverage_pct": "Float64"})
    return table, R.regency_ranking(table, "ID-JA", target_pct=55, target_year=2025)


def _panel(fig):
    return _base.panels(fig)[-1]["data"]


def _texts(fig):
    return " ".join(t.get_text() for t in fig.findobj(mpl.text.Text))


# --------------------------------------------------------------------------- grids


@pytest.mark.parametrize("province", ["ID-SS", "ID-JA", "ID-LA"])
def test_hand_laid_grids_hold_every_regency_once(province):
    layout, hand_laid = RC.regency_grid(province)
    assert hand_laid
    assert sorted(layout["code"]) == sorted(regions.regencies(province)["code"])
    assert not layout.duplicated(["row", "col"]).any()
    assert (layout["abbr"].str.len() > 0).all()


def test_every_grid_in_the_file_is_complete():
    grids = RC._grids()
    for province, laid in grids.groupby("province"):
        assert sorted(laid["code"]) == sorted(regions.regencies(province)["code"]), province
        assert not laid.duplicated(["row", "col"]).any(), province


def test_a_province_without_a_grid_gets_code_order_and_says_so():
    layout, hand_laid = RC.regency_grid("ID-SB")
    assert not hand_laid
    assert list(layout["code"]) == list(regions.regencies("ID-SB")["code"])
    assert not layout.duplicated(["row", "col"]).any()
    table = R.regency_figures(pd.DataFrame(columns=["region_code", "segment", "as_of"]),
                              "ID-SB")
    fig = RC.regency_tile_chart(table, province="ID-SB")
    assert "Bukan peta: urutan kode Kemendagri" in _texts(fig)
    assert not _panel(fig)["hand_laid"].any()
    english = RC.regency_tile_chart(table, province="ID-SB", lang="en")
    assert "Not a map" in _texts(english) and "West Sumatra" in _texts(english)


# --------------------------------------------------------------------------- charts


def test_ranking_chart_plots_ranked_regencies_against_province_and_target(jambi):
    _, ranking = jambi
    fig = RC.regency_ranking_chart(ranking, region="15.04")
    data = _panel(fig)
    assert list(data["region_code"]) == ["15.71", "15.04", "15.09"]
    text = _texts(fig)
    assert "Jambi 44% (Jun 2025)" in text and "Target 2025: 55%" in text
    assert "Tanpa angka persentase: 8 dari 11 kabupaten/kota" in text
    assert "Dasar perhitungan tidak disebut" in text  # Tebo's source does not say
    hollow = [line for line in fig.axes[0].get_lines()
              if line.get_marker() == "o" and line.get_markerfacecolor() == "white"]
    assert len(hollow) == 1
    assert "Mar 2025" in text  # figures of different dates carry their month
    english = _texts(RC.regency_ranking_chart(ranking, lang="en"))
    assert "2025 target: 55%" in english and "Batanghari Regency" in english


def test_gap_chart_counts_workers_where_a_denominator_is_known(jambi):
    _, ranking = jambi
    fig = RC.regency_gap_chart(ranking)
    data = _panel(fig)
    assert list(data["region_code"]) == ["15.04", "15.09", "15.71"]
    assert set(data["unit"]) == {"workers"}
    text = _texts(fig)
    assert "4.211 pekerja" in text and "2,9% dari kesenjangan provinsi" in text
    assert "penyebut tidak diketahui; 23,5 poin di bawah target" in text
    assert "target tercapai" in text
    assert len(fig.axes[0].patches) == 1  # one bar: Batanghari


def test_gap_chart_in_points_when_no_regency_has_a_denominator():
    rows = [_row(code, "2024-09-24", pct=pct, basis="unknown")
            for code, pct in [("18.13", 1.9), ("18.72", 32.9), ("18.07", 17.4)]]
    table = pd.DataFrame(rows).astype({"covered": "Int64", "potential": "Int64",
                                       "coverage_pct": "Float64"})
    ranking = R.regency_ranking(table, "ID-LA", target_pct=38.39)
    fig = RC.regency_gap_chart(ranking, lang="en")
    data = _panel(fig)
    assert list(data["region_code"]) == ["18.13", "18.07", "18.72"]
    assert set(data["unit"]) == {"points"} and len(fig.axes[0].patches) == 3
    assert "36.5 pts" in _texts(fig) and "number of workers unknown" in _texts(fig)


def test_tile_chart_colours_by_class_and_marks_counts_and_gaps(jambi):
    _, ranking = jambi
    fig = RC.regency_tile_chart(ranking, province="ID-JA", region="15.04")
    data = _panel(fig).set_index("region_code")
    assert len(data) == 11 and data["hand_laid"].all()
    assert data.loc["15.71", "class"] == "≥ 55%" and data.loc["15.09", "class"] == "25–35%"
    assert pd.isna(data.loc["15.01", "coverage_pct"])
    text = _texts(fig)
    assert "jumlah saja" in text  # Merangin: a count without a denominator
    assert "KOTA\nJAMBI" in text and "Kab. Batanghari" in text  # outline in the legend


def test_segments_chart_cells(jambi):
    table, _ = jambi
    seg = R.regency_segments(table, "ID-JA")
    fig = RC.regency_segments_chart(seg)
    data = _panel(fig)
    assert sorted(data["segment"]) == ["palm_smallholders", "village_officials"]
    text = _texts(fig)
    assert "1.937" in text and "829\n41%" in text and "Perangkat desa" in text


def test_every_chart_says_no_data_on_an_empty_table():
    empty = R.regency_ranking(pd.DataFrame(columns=["region_code", "segment", "as_of"]),
                              "ID-JA", target_pct=55)
    for chart in (RC.regency_ranking_chart, RC.regency_gap_chart):
        assert "Tidak ada data" in _texts(chart(empty))
    seg = R.regency_segments(pd.DataFrame(columns=["region_code", "segment", "as_of"]),
                             "ID-JA")
    assert "No data" in _texts(RC.regency_segments_chart(seg, lang="en"))


# --------------------------------------------------------------------------- export


def _charts(table, ranking, size):
    return {"rank": RC.regency_ranking_chart(ranking),
            "gap": RC.regency_gap_chart(ranking),
            "tiles": RC.regency_tile_chart(ranking, province="ID-JA", size=size),
            "seg": RC.regency_segments_chart(R.regency_segments(table, "ID-JA"))}


@pytest.mark.parametrize("size", sorted(SIZES))
def test_every_chart_exports_at_every_size(jambi, tmp_path, size):
    table, ranking = jambi
    for key, fig in _charts(table, ranking, size).items():
        paths = export_chart(fig, key, title="Judul", subtitle="Sub", size=size,
                             out_dir=tmp_path, formats=("png",))
        from PIL import Image

        assert Image.open(paths["png"]).size == SIZES[size]
        assert len(pd.read_csv(paths["csv"], sep=";", encoding="utf-8-sig")) > 0, key


def test_tile_text_grows_with_the_tiles(jambi, tmp_path):
    _, ranking = jambi
    sizes = {}
    for size in ("landscape", "portrait"):
        fig = RC.regency_tile_chart(ranking, province="ID-JA", size=size)
        export_chart(fig, f"t_{size}", title="Judul", subtitle="Sub", size=size,
                     out_dir=tmp_path, formats=("png",))
        texts = [t for t in fig.axes[0].texts if t.get_text() == "BATANGHARI"]
        sizes[size] = texts[0].get_fontsize()
    assert sizes["portrait"] > sizes["landscape"] * 1.2


def test_same_input_same_bytes(jambi, tmp_path):
    _, ranking = jambi
    first = export_chart(RC.regency_tile_chart(ranking, province="ID-JA"), "a", title="T",
                         subtitle="S", out_dir=tmp_path / "1")
    second = export_chart(RC.regency_tile_chart(ranking, province="ID-JA"), "a", title="T",
                          subtitle="S", out_dir=tmp_path / "2")
    for key in ("png", "svg", "pdf", "csv"):
        assert first[key].read_bytes() == second[key].read_bytes(), key


@pytest.mark.parametrize("province,n", [("ID-SS", 3), ("ID-JA", 5), ("ID-LA", 15)])
def test_bundled_provinces(province, n):
    coverage = pa.load_dataset("coverage")
    ranking = R.regency_ranking(coverage, province, target_pct=55)
    assert len(_panel(RC.regency_ranking_chart(ranking))) == n
    tiles = _panel(RC.regency_tile_chart(ranking, province=province))
    assert tiles["coverage_pct"].notna().sum() == n
    assert np.isfinite(tiles["coverage_pct"].astype(float)).sum() == n


def test_segment_cells_of_fewer_than_ten_people_say_so_without_their_percentage():
    rows = [_row("15.02", "2025-10-01", covered=7, pct=70.0, segment="bpd"),
            _row("15.02", "2025-10-01", covered=1_937, segment="village_officials",
                 basis="none")]
    table = pd.DataFrame(rows).astype({"covered": "Int64", "potential": "Int64",
                                       "coverage_pct": "Float64"})
    fig = RC.regency_segments_chart(R.regency_segments(table, "ID-JA"))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "<10" in texts and "1.937" in texts and not any("70%" in t for t in texts)
