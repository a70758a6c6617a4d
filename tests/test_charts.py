"""Chart functions: canonical frames, edge cases, house style, palette and font checks."""

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont

import paritrana_analysis.charts as C
from paritrana_analysis.charts import _base, style
from paritrana_analysis.charts import examples as ex
from paritrana_analysis.charts.fonts import static_fonts

LONG_NAME = "Kabupaten Penukal Abab Lematang Ilir dan Sekitarnya yang Sangat Panjang Namanya"


@pytest.fixture(scope="module")
def cov():
    return ex.coverage_example()


@pytest.fixture(scope="module")
def tg():
    return ex.targets_example()


def _panel(fig_or_ax):
    fig = fig_or_ax if isinstance(fig_or_ax, Figure) else fig_or_ax.figure
    found = _base.panels(fig)
    assert found, "chart did not record its plotted data"
    return found[-1]["data"]


def _texts(fig):
    out = [t.get_text() for t in fig.findobj(mpl.text.Text)]
    return " ".join(out)


# --------------------------------------------------------------------------- canonical


def test_national_participants(cov):
    fig = C.national_participants_chart(cov)
    assert isinstance(fig, Figure)
    data = _panel(fig)
    assert list(data["period"])[-1] == "Mei 2025"
    assert data["covered"].iloc[-2] == 45_220_000
    assert "45,2 juta" in _texts(fig)


def test_provincial_ranked_marks_targets_and_highlights(cov, tg):
    fig = C.provincial_ranking_chart(cov, tg, region="ID-SS")
    data = _panel(fig)
    assert len(data) == 36  # two provinces have no figure
    assert data["coverage_pct"].is_monotonic_decreasing
    ss = data[data["region_code"] == "ID-SS"].iloc[0]
    assert ss["coverage_pct"] == pytest.approx(31.33)
    assert ss["target_pct"] == pytest.approx(51.0)
    assert data["target_pct"].notna().sum() == 6
    ax = fig.axes[0]
    bold = [t for t in ax.get_yticklabels() if t.get_fontweight() == "bold"]
    assert [t.get_text() for t in bold] == ["Sumatera Selatan"]
    assert "Target 2025" in _texts(fig)


def test_region_bullet(cov, tg):
    fig = C.region_progress_chart(cov, tg, region="ID-SS")
    data = _panel(fig)
    row = data.iloc[0]
    assert (row["coverage_pct"], row["target_pct"], row["long_term_pct"]) == (31.33, 51.0, 99.5)
    text = _texts(fig)
    assert "31,33%" in text and "Target 2025: 51%" in text and "Target 2045: 99,5%" in text


def test_segment_breakdown(cov):
    fig = C.segment_chart(cov, region="ID-SS")
    data = _panel(fig)
    vo = data[data["segment"] == "village_officials"].iloc[0]
    assert vo["uncovered"] == 49_997 - 44_547
    assert vo["coverage_pct"] == pytest.approx(89.1, abs=0.01)
    text = _texts(fig)
    assert "Perangkat desa" in text and "44.547 dari 49.997 pekerja" in text
    assert "potensi tidak diketahui" in text  # BPU has no potential


def test_segment_breakdown_accepts_analysis_output(cov):
    from paritrana_analysis.segments import segment_breakdown as analyse

    table = analyse(cov, region_code="ID-SS")
    fig = C.segment_chart(table)
    assert len(_panel(fig)) == len(table)


def test_claims_by_program(cov):
    fig = C.claims_chart(ex.claims_example())
    data = _panel(fig)
    assert data["program"].iloc[0] == "JHT"
    text = _texts(fig)
    assert "Rp1,9 triliun" in text and "152.300" in text


def test_projection_chart(cov, tg):
    from paritrana_analysis.projections import project_coverage

    hist = cov[(cov["region_code"] == "ID-SS") & (cov["segment"] == "all")]
    proj = project_coverage(hist, to_year=2045)
    fig = C.projection_chart(hist, proj, tg, region="ID-SS")
    data = _panel(fig)
    assert set(data["series"]) == {"history", "projection", "target"}
    assert 2045 in set(data.loc[data["series"] == "target", "year"])
    assert "99,5% (2045)" in _texts(fig)


def _yearly(values, start=2016):
    years = range(start, start + len(values))
    return pd.DataFrame({"region_code": "ID-JA", "segment": "all",
                         "as_of": pd.to_datetime([f"{y}-12-01" for y in years]),
                         "coverage_pct": pd.array(values, dtype="Float64"),
                         "source": [f"Sumber {y}" for y in years]})


def test_projection_chart_names_the_method_its_backtest_error_and_the_band():
    from paritrana_analysis.projections import project_coverage

    hist = _yearly([20.0, 22.5, 23.9, 26.2, 28.0, 30.4, 31.8, 34.1])
    proj = project_coverage(hist, method="auto")
    record = proj.attrs["track_record"]
    fig = C.projection_chart(hist, proj, region="ID-JA", lang="en")
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    method = {"linear": "linear", "compound": "compound", "logistic": "logistic",
              "naive": "naive"}[record.method]
    mape = f"{record.mape:.1f}%"
    assert f"Projection, {method} (backtest error {mape} at {record.horizon} years)" in legend
    assert "Range: 80% of backtest errors" in legend
    data = _panel(fig)
    band = data[data["series"] == "projection"]
    assert band["lower"].notna().all() and set(band["method"]) == {record.method}
    # Without a track record (3 years), no band and no band in the legend.
    short = project_coverage(hist.iloc[-3:], method="linear")
    fig = C.projection_chart(hist.iloc[-3:], short, region="ID-JA")
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["Capaian", "Proyeksi linear", "Target"]


def test_projection_chart_of_participants_draws_counts_without_targets(tg):
    from paritrana_analysis.projections import project_participants

    hist = _yearly([30.0] * 8).assign(covered=pd.array(
        [1_000_000 + 80_000 * i for i in range(8)], dtype="Int64"))
    proj = project_participants(hist, method="auto")
    fig = C.projection_chart(hist, proj, tg, region="ID-JA", measure="covered")
    data = _panel(fig)
    assert set(data["series"]) == {"history", "projection"}  # no % targets on a count axis
    assert data["covered"].iloc[7] == 1_560_000
    # 1,56 million in Dec 2023, + 80.000 a year for 22,1 years to the end of 2045.
    assert "3,3 juta" in _texts(fig)
    with pytest.raises(ValueError, match="measure"):
        C.projection_chart(hist, proj, measure="potential")


def test_backtest_chart_from_2021_to_2025():
    from paritrana_analysis.backtest import backtest

    # 2018-2021 flat, then +4 a year: every method fitted to 2021 misses 2025.
    hist = _yearly([30.0, 31.0, 30.0, 31.0, 35.0, 39.0, 43.0, 47.0], start=2018)
    fig = C.backtest_chart(backtest(hist), history=hist, lang="en")
    data = _panel(fig)
    actual = data[data["series"] == "actual"]
    assert actual["year"].tolist() == list(range(2018, 2026))
    assert actual["source"].iloc[-1] == "Sumber 2025"
    naive = data[data["series"] == "naive"].set_index("year")
    # Naive from 2021: +1 a year (30 -> 31), 35 in 2025: (35 - 47) / 47 = -25,5%.
    assert naive.loc[2025, "predicted"] == pytest.approx(35, rel=1e-3)
    assert naive.loc[2025, "miss_pct"] == pytest.approx(-25.5, abs=0.1)
    assert naive.loc[2021, "predicted"] == 31.0  # every line starts at 2021's figure
    assert set(data["series"]) == {"actual", "linear", "compound", "logistic", "naive"}
    text = _texts(fig)
    assert "naive: 35.0% (-26%)" in text and "Fitted on data up to 2021" in text
    assert "naive: the last change continued" in text
    fig = C.backtest_chart(backtest(hist), origin=2023)
    assert _panel(fig).query("series == 'linear'")["year"].min() == 2023
    with pytest.raises(ValueError, match="no backtest from 2030"):
        C.backtest_chart(backtest(hist), origin=2030)


def test_tile_map_shows_no_data_with_legend(cov):
    fig = C.tile_map_chart(cov, region="ID-SS")
    data = _panel(fig)
    assert len(data) == 38
    missing = data[data["coverage_pct"].isna()]["region_code"].tolist()
    assert sorted(missing) == ["ID-PE", "ID-PS"]
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Tidak ada data" in legend and "Sumatera Selatan" in legend
    assert "< 25%" in legend and "≥ 55%" in legend
    assert "SUMSEL" in _texts(fig)


def test_awards_table(cov):
    fig = C.awards_chart(ex.awards_example(), region="ID-SS")
    data = _panel(fig)
    assert set(data["year"]) == {2025}
    text = _texts(fig)
    assert "Pemkab Musi Banyuasin" in text and "–" in text


def test_budget_scenario():
    fig = C.budget_chart(ex.budget_example(), highlight=1)
    text = _texts(fig)
    assert "49.603" in text and "Rp10 miliar" in text and "Rp16.800" in text


def test_reconciliation_chart(cov):
    fig = C.reconciliation_chart(cov, region="ID-SS")
    data = _panel(fig)
    march = data[data["as_of"] == pd.Timestamp("2025-03-31")]
    assert sorted(march["coverage_pct"].astype(float)) == [30.5, 33.1]
    assert "33,1% · Mar 2025" in _texts(fig)


def test_english_labels(cov, tg):
    fig = C.provincial_ranking_chart(cov, tg, lang="en")
    text = _texts(fig)
    assert "South Sumatra" in text and "31.33%" in text and "2025 target" in text
    fig = C.national_participants_chart(cov, lang="en")
    assert "45.2 million" in _texts(fig)


def test_returns_axes_when_given_one(cov):
    fig, ax = _base.new_figure()
    out = C.tile_map_chart(cov, ax=ax)
    assert out is ax and isinstance(out, Axes)
    fig, axes = _base.new_figure(nrows=1, ncols=2)
    out = C.claims_chart(ex.claims_example(), ax=axes)
    assert out is axes


# --------------------------------------------------------------------------- edge cases


def test_one_region_only(cov, tg):
    one = cov[cov["region_code"] == "ID-JA"]
    for fig in (C.provincial_ranking_chart(one, tg), C.tile_map_chart(one),
                C.region_progress_chart(one, tg, region="ID-JA"),
                C.reconciliation_chart(one, region="ID-JA")):
        assert isinstance(fig, Figure)
    assert len(_panel(C.provincial_ranking_chart(one, tg))) == 1


def test_missing_targets(cov):
    empty = ex.targets_example().iloc[0:0]
    for targets in (None, empty):
        fig = C.provincial_ranking_chart(cov, targets)
        assert _panel(fig)["target_pct"].isna().all()
        fig = C.region_progress_chart(cov, targets)
        assert "Target 2045" in _texts(fig)
        hist = cov[cov["region_code"] == "ID-SS"]
        C.projection_chart(hist, None, targets)


def test_region_with_no_data(cov, tg):
    for fig in (C.region_progress_chart(cov, tg, region="ID-PE"),
                C.reconciliation_chart(cov, region="ID-PE"),
                C.segment_chart(cov, region="ID-PE"),
                C.projection_chart(cov, None, tg, region="ID-PE"),
                C.claims_chart(ex.claims_example(), region="ID-PE"),
                C.national_participants_chart(cov[cov["level"] == "province"]),
                C.awards_chart(ex.awards_example(), year=1999)):
        assert "Tidak ada data" in _texts(fig)


def test_very_long_names(cov, tg):
    long = cov[cov["region_code"] == "ID-SS"].copy()
    long["region_code"] = "16.99"  # not in the reference: the data's own name is shown
    long["region"] = LONG_NAME
    long["level"] = "regency"
    long["source"] = "Sumber yang sangat panjang " * 6
    fig = C.region_progress_chart(long, tg, region="16.99")
    assert LONG_NAME in _texts(fig)
    fig = C.reconciliation_chart(long, region="16.99")
    seg = cov[cov["segment"] == "rt_rw"].copy()
    seg["segment"] = "pekerja_rentan_sektor_informal_perkebunan_dan_perikanan_rakyat"
    C.segment_chart(seg)
    awards = ex.awards_example()
    awards.loc[0, "winner"] = LONG_NAME + " " + LONG_NAME
    C.awards_chart(awards)


def test_bad_input_is_refused(cov):
    with pytest.raises(ValueError):
        C.national_participants_chart(cov.drop(columns=["covered"]))
    with pytest.raises(TypeError):
        C.tile_map_chart([1, 2, 3])
    with pytest.raises(ValueError):
        C.tile_map_chart(cov, bins=(0, 50, 40, 100))
    with pytest.raises(ValueError):
        C.national_participants_chart(cov, lang="fr")


# --------------------------------------------------------------------------- style


def test_palettes_readable_in_greyscale_and_deuteranopia():
    for name, colors in style.PALETTES.items():
        assert style.palette_problems(colors) == [], name
    lightness = [style.lightness(c) for c in style.PALETTES["sequential"]]
    assert lightness == sorted(lightness, reverse=True)  # light to dark
    hi, ctx = style.COLORS["highlight"], style.COLORS["context"]
    assert abs(style.lightness(hi) - style.lightness(ctx)) >= 20


def test_palette_validation_catches_bad_palettes():
    with pytest.raises(ValueError, match="greyscale"):
        style.validate_palette(["#777777", "#7A7A7A"])
    # Red and green of equal lightness: the classic deuteranopia trap.
    with pytest.raises(ValueError, match="deuteranopia"):
        style.validate_palette(["#D44A3A", "#5E8A20"], min_lightness_step=0)
    with pytest.raises(ValueError):
        style.get_palette("rainbow")
    with pytest.raises(ValueError):
        style.get_palette("categorical", 6)
    assert style.get_palette("categorical", 2) == style.PALETTES["categorical"][:2]


def test_deuteranopia_simulation_keeps_greys():
    assert style.simulate_deuteranopia("#808080").upper() == "#808080"


def test_house_style_restores_rcparams():
    before = dict(mpl.rcParams)
    with style.house_style():
        assert mpl.rcParams["font.family"] == ["Source Sans 3"]
        assert mpl.rcParams["svg.fonttype"] == "none"
    assert mpl.rcParams["font.family"] == before["font.family"]
    assert mpl.rcParams["axes.grid"] == before["axes.grid"]


def test_bold_is_a_real_bold_font():
    from fontTools.ttLib import TTFont

    paths = static_fonts()
    assert TTFont(paths["Bold"])["OS/2"].usWeightClass == 700
    assert TTFont(paths["Regular"])["OS/2"].usWeightClass == 400
    with style.house_style():
        bold = findfont(FontProperties(family="Source Sans 3", weight="bold"))
        regular = findfont(FontProperties(family="Source Sans 3"))
    assert bold.endswith(paths["Bold"].name)
    assert regular.endswith(paths["Regular"].name)


def test_tile_layout_covers_38_provinces_once():
    layout = C.tile_layout()
    assert sorted(layout["code"]) == sorted(_base._provinces())
    assert len(layout) == 38
    assert not layout.duplicated(["row", "col"]).any()
    assert layout["abbr"].str.len().max() <= 8


def test_chart_does_not_leak_style(cov):
    before = mpl.rcParams["font.family"]
    C.national_participants_chart(cov)
    assert mpl.rcParams["font.family"] == before
    assert np.isfinite(1.0)


def test_claims_never_add_up_regions_or_sources():
    base = ex.claims_example()
    other_region = base.assign(region_code="ID-JA", region="Jambi")
    national = base.assign(region_code="ID", region="Indonesia", cases=base["cases"] * 10)
    second_source = national.assign(source="Another outlet", cases=national["cases"] + 1)
    table = pd.concat([base, other_region, national, second_source], ignore_index=True)
    data = _panel(C.claims_chart(table))
    assert set(data["region_code"]) == {"ID"}
    jht = data[data["program"] == "JHT"].iloc[0]
    assert jht["cases"] in (1_523_000, 1_523_001)  # one source, never their sum
    data = _panel(C.claims_chart(table, region="ID-JA"))
    assert data["cases"].tolist() == base.sort_values("amount_idr", ascending=False)[
        "cases"].tolist()


def test_standard_set_exports_all_from_package():
    from paritrana_analysis.report.standard_set import CHARTS, export_standard_set

    assert callable(export_standard_set) and len(CHARTS) == 11


def test_every_chart_on_the_bundled_tables_as_loaded():
    """load_dataset output as is (categorical text columns, nullable numbers)."""
    from paritrana_analysis.backtest import backtest, series_history
    from paritrana_analysis.dataset import load_dataset
    from paritrana_analysis.projections import path_to_target
    from paritrana_analysis.reconcile import reconcile
    from paritrana_analysis.segments import segment_breakdown

    cov, tg, claims, awards, wf = (load_dataset(k) for k in
                                   ("coverage", "targets", "claims", "awards", "workforce"))
    hist = cov[(cov["region_code"] == "ID-SS") & (cov["segment"] == "all")
               & cov["coverage_pct"].notna()]
    figs = [
        C.national_participants_chart(cov),
        C.provincial_ranking_chart(cov, tg),
        C.region_progress_chart(cov, tg),
        C.segment_chart(segment_breakdown(cov, region_code="ID-SS")),
        C.claims_chart(claims),
        C.projection_chart(hist, path_to_target(31.33, "2025-08-01", 99.5, 2045), tg,
                           projection_label="needed_path"),
        C.tile_map_chart(cov),
        C.awards_chart(awards, year=2024, region="ID-SS"),
        C.budget_chart(ex.budget_example()),
        C.reconciliation_chart(reconcile(cov, wf)),
        C.backtest_chart(backtest(series_history(cov, "ID", measure="covered"),
                                  measure="covered")),
    ]
    for fig in figs:
        assert isinstance(fig, Figure) and len(_panel(fig))
    assert _panel(figs[2])["coverage_pct"].iloc[0] == pytest.approx(31.33)


def test_claims_chart_sums_claim_level_rows_through_the_analysis():
    rows = [("JHT", 1, 10e6)] * 3 + [("JKM", 1, 42e6)] + [(None, 1, 1e6)]
    table = pd.DataFrame(rows, columns=["program", "cases", "amount_idr"])
    table.insert(0, "region_code", "16.71")
    table.insert(1, "region", "Kota Palembang")
    table.insert(2, "period", "2025-07")
    table["cases"] = table["cases"].astype("Int64")
    table["source"] = pd.array(["BPJS extract"] * 4 + [None], dtype="object")
    data = _panel(C.claims_chart(table)).set_index("program")
    assert data.loc["JHT", "cases"] == 3 and data.loc["JHT", "amount_idr"] == 30e6
    assert "nan" not in set(data.index) and "nan" not in set(data["source"])


def test_chart_region_names_come_from_the_regions_reference():
    assert _base.region_name("16.05") == "Kab. Musi Rawas"  # was "16.05"
    assert _base.region_name("16.71", "en") == "Palembang City"
    assert _base.region_name("ID-SS") == "Sumatera Selatan"
    assert _base.region_name("99.99", fallback="Somewhere") == "Somewhere"
    assert _base.region_name("ID") == _base.label("national", "id")


def test_chart_latest_uses_the_headline_tie_break():
    from paritrana_analysis.coverage import latest_coverage

    rows = pd.DataFrame({
        "region_code": ["ID-SS"] * 3,
        "segment": ["all"] * 3,
        "as_of": pd.to_datetime(["2025-04-29", "2025-04-29", "2024-01-01"]),
        "covered": pd.array([1_100_000, None, 900_000], dtype="Int64"),
        "coverage_pct": pd.array([36.0, 26.0, 30.0], dtype="Float64"),
        "source": ["a", "b", "c"],
    })
    assert _base.latest(rows, "region_code")["coverage_pct"].iloc[0] == 36
    assert latest_coverage(rows, "ID-SS")["coverage_pct"] == 36
    fig = C.region_progress_chart(rows, None, region="ID-SS")
    assert _panel(fig)["coverage_pct"].iloc[0] == 36


def test_projection_path_meets_the_2045_diamond_and_alt_text_says_what_is_drawn():
    from paritrana_analysis.projections import path_to_target

    hist = pd.DataFrame({"region_code": ["ID-SS"], "as_of": pd.to_datetime(["2025-08-01"]),
                         "coverage_pct": [31.33]})
    path = path_to_target(31.33, "2025-08-01", 99.5, 2045)
    path = path[path["year"] < 2045]
    fig = C.projection_chart(hist, path, None, region="ID-SS", projection_label="needed_path")
    ax = fig.axes[0]
    diamonds = [line for line in ax.get_lines() if line.get_marker() == "D"]
    assert [float(d.get_xdata()[0]) for d in diamonds] == [2045.0]  # 1 Jan 2045, "by 2045"
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"][0]
    assert float(dashed.get_xdata()[-1]) == 2045.0 and float(dashed.get_ydata()[-1]) == 99.5
    label = [t for t in ax.texts if t.get_text() == "99,5% (2045)"][0]
    assert label.get_va() == "bottom" and label.get_bbox_patch() is None  # above, no box
    alt = fig._paritrana_panels[-1]["alt"]
    assert "rentang" not in alt  # no band is drawn, so none is described
