"""Comparable series: a change of basis or denominator splits a history, never a trend."""

import numpy as np
import pandas as pd
import pytest

from paritrana_analysis.coverage import coverage_history
from paritrana_analysis.dataset import load_dataset
from paritrana_analysis.projections import enough_for_trend, history_years
from paritrana_analysis.regions import provinces
from paritrana_analysis.series import (
    basis_of,
    comparable_series,
    current_series,
    is_derived,
    series_breaks,
)


def _history(rows):
    """rows: (as_of, covered, potential, pct, basis, source[, series])."""
    cols = ["as_of", "covered", "potential", "coverage_pct", "basis", "source", "series"]
    df = pd.DataFrame([r + (None,) * (7 - len(r)) for r in rows], columns=cols)
    df["as_of"] = pd.to_datetime(df["as_of"])
    for col in ("covered", "potential"):
        df[col] = pd.array(df[col], dtype="Int64")
    df["coverage_pct"] = pd.array(df["coverage_pct"], dtype="Float64")
    return df.assign(region_code="ID-SS", segment="all")


def test_a_change_of_basis_is_a_break():
    h = _history([
        ("2023-08-01", 1_000_000, 3_000_000, None, "potential", "Kanwil"),
        ("2024-08-01", 1_100_000, 3_050_000, None, "potential", "Kanwil"),
        ("2025-02-01", 1_150_000, 4_490_000, None, "employed", "Kanwil"),
    ])
    out = comparable_series(h)
    assert out["series_id"].tolist() == [1, 1, 2]
    assert out["series_break"].tolist() == ["", "", "basis changes from potential to employed"]
    assert series_breaks(h)["as_of"].tolist() == [pd.Timestamp("2025-02-01")]
    assert current_series(h)["basis"].tolist() == ["employed"]


def test_sumatera_selatan_36_to_31_33_is_two_series_not_a_decline():
    # 36% of "3 juta" (29 Apr 2025) and 31,33% with 2.789.917 workers (1 Aug 2025): the
    # second implies ~8,9 juta potential workers. Same stated basis, another denominator.
    h = _history([
        ("2025-04-29", 1_100_000, 3_000_000, 36.0, "potential", "Warta In"),
        ("2025-08-01", 2_789_917, None, 31.33, "potential", "RimauNews"),
    ])
    out = comparable_series(h)
    assert out["series_id"].tolist() == [1, 2]
    assert "denominator changes from 3.000.000 to 8.904.938" in out["series_break"].iloc[1]
    assert current_series(h)["coverage_pct"].tolist() == [31.33]  # no trend to fit


def test_a_denominator_that_grows_like_the_workforce_stays_one_series():
    h = _history([
        ("2023-12-01", None, 2_810_000, 26.72, "potential", "Republika"),
        ("2024-09-01", 982_000, 3_000_000, 32.7, "potential", "Harian Banyuasin"),
        ("2025-01-01", None, None, 33.0, "potential", "Kanwil"),  # no denominator: joins
    ])
    assert comparable_series(h)["series_id"].tolist() == [1, 1, 1]
    assert series_breaks(h).empty
    assert comparable_series(h, denominator_tolerance_pct=5)["series_id"].tolist() == [1, 2, 2]


def test_counts_only_rows_are_their_own_series_and_do_not_break_percentages():
    h = _history([
        ("2023-12-01", 915_142, None, None, "none", "SPN", "satudata_kemnaker"),
        ("2024-09-01", 982_000, 3_000_000, 32.7, "potential", "Harian Banyuasin"),
        ("2025-02-01", 950_000, None, None, "none", "Databoks", "satudata_kemnaker"),
        ("2025-04-29", 1_100_000, 3_050_000, None, "potential", "Warta In"),
        ("2025-08-01", 2_789_917, None, None, "none", "RimauNews"),
    ])
    out = comparable_series(h)
    assert out["series_id"].tolist() == [1, 2, 1, 2, 3]
    assert out["series"].tolist()[0] == "satudata_kemnaker"  # the label is kept
    # the percentages continue; the count of another series (no label) starts a new one
    assert out["series_break"].tolist()[:4] == ["", "", "", ""]
    assert out["series_break"].iloc[4] == (
        "basis changes from none (satudata_kemnaker) to none")


def test_unknown_basis_is_comparable_only_within_one_source_or_labelled_series():
    h = _history([
        ("2024-10-01", None, None, 41.38, "unknown", "DialogNews"),
        ("2024-12-02", 592_806, None, 45.17, "unknown", "DialogNews"),
        ("2025-03-17", 580_000, None, 44.0, "unknown", "InfoEkonomi"),
        ("2025-06-01", None, None, 45.0, "unknown", "Kanwil", "ucj_nik"),
        ("2025-09-01", None, None, 47.0, "unknown", "Pemprov", "ucj_nik"),
    ])
    out = comparable_series(h)
    assert out["series_id"].tolist() == [1, 1, 2, 3, 3]
    assert "not comparable" in out["series_break"].iloc[2]


def test_a_table_without_a_basis_column_counts_as_unknown():
    h = _history([("2025-01-01", None, None, 30.0, None, "a"),
                  ("2025-06-01", None, None, 31.0, None, "a")]).drop(columns="basis")
    assert basis_of(h).tolist() == ["unknown", "unknown"]
    assert comparable_series(h)["series_id"].tolist() == [1, 1]  # one source: one series
    assert comparable_series(h.assign(source=["a", "b"]))["series_id"].tolist() == [1, 2]


def test_is_derived_reads_the_workbook_cells_and_booleans():
    df = pd.DataFrame({"derived": ["ya", "tidak", None, True, False, "YA "]})
    assert is_derived(df).tolist() == [True, False, False, True, False, True]
    assert not is_derived(pd.DataFrame({"x": [1]})).any()


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="as_of"):
        comparable_series(pd.DataFrame({"coverage_pct": [1.0]}))
    with pytest.raises(ValueError, match="negative"):
        comparable_series(_history([("2025-01-01", 1, 2, None, "potential", "a")]),
                          denominator_tolerance_pct=-1)
    assert current_series(_history([])).empty


# ------------------------------------------------------------------ the bundled data
@pytest.fixture(scope="module")
def coverage():
    return load_dataset("coverage")


@pytest.mark.parametrize("code", ["ID", *provinces()["code"]])
def test_no_projection_history_joins_two_bases_or_series(coverage, code):
    """coverage_history feeds the projection headline and chart: one comparable series."""
    hist = coverage_history(coverage, code)
    if hist.empty:
        return
    assert hist["series_id"].nunique() == 1, hist[["as_of", "basis", "source", "series_id"]]
    assert basis_of(hist).nunique() == 1
    assert not (basis_of(hist) == "target_share").any()


def test_sumatera_selatan_bundled_history_breaks_before_31_33(coverage):
    every = coverage_history(coverage, "ID-SS", series="all")
    last = every.iloc[-1]
    assert last["coverage_pct"] == 31.33 and last["basis"] == "potential"
    assert "8.904.938" in last["series_break"]
    april = every[every["as_of"] == pd.Timestamp("2025-04-29")].iloc[0]
    assert april["series_id"] != last["series_id"]
    now = coverage_history(coverage, "ID-SS")
    assert now["coverage_pct"].tolist() == [31.33]
    assert not enough_for_trend(history_years(now))  # a single point: the pace needed


def test_kalimantan_timur_70_86_to_over_50_is_not_a_decline(coverage):
    every = coverage_history(coverage, "ID-KI", series="all")
    assert every["series_id"].nunique() == len(every)  # labour force, then not stated
    assert coverage_history(coverage, "ID-KI")["qualifier"].tolist() == ["lower_bound"]


@pytest.fixture(scope="module")
def chart_data():
    from paritrana_analysis.report.standard_set import load_chart_data

    return load_chart_data()


def _drawn_figures(chart_data, kind, code):
    """The points a standard chart draws, each joined to the data row it shows (None when
    the region has no such chart)."""
    from paritrana_analysis.report.standard_set import NoData, standard_chart

    try:
        spec = standard_chart(kind, region=code, data=chart_data, as_of="2026-11-26")
    except NoData:
        return None, None
    drawn = pd.concat([p["data"] for p in spec.fig._paritrana_panels])
    history = drawn[drawn.get("series", pd.Series("history", index=drawn.index)) == "history"]
    cov = chart_data["coverage"]
    cov = cov[(cov["region_code"] == code) & (cov["segment"] == "all")]
    value = "coverage_pct" if "coverage_pct" in history else "covered"
    cov = cov.assign(  # a published percentage, or one computed from its own denominator
        coverage_pct=cov["coverage_pct"].fillna(100 * cov["covered"] / cov["potential"]))
    points = history[["as_of", "source", value]].reset_index(drop=True)
    rows = points.reset_index(names="point").merge(
        cov, on=["as_of", "source"], how="left", suffixes=("", "_data"))
    rows = rows[np.isclose(rows[value].astype(float), rows[f"{value}_data"].astype(float))]
    assert set(rows["point"]) == set(range(len(points))), rows  # each point is a data figure
    return rows, value


@pytest.mark.parametrize("code", ["ID", *provinces()["code"]])
def test_no_projection_chart_draws_two_bases(chart_data, code):
    """The percentages the projection chart draws as history share one basis (a chart of
    participant counts joins counts, whatever percentage was published beside them)."""
    rows, value = _drawn_figures(chart_data, "projection", code)
    if rows is not None and value == "coverage_pct":
        assert rows["basis"].nunique() == 1, rows[["as_of", value, "basis", "source"]]


@pytest.mark.parametrize("code", ["ID", *provinces()["code"]])
def test_reconciliation_lines_join_one_basis(chart_data, code):
    """The reconciliation chart shows figures of every basis side by side, but the line it
    draws through one source's points never crosses a change of basis or series."""
    rows, value = _drawn_figures(chart_data, "reconciliation", code)
    if rows is None:
        return
    for source, line in rows.groupby("source"):
        assert line["basis"].nunique() == 1, (source, line[["as_of", value, "basis"]])
        assert line["series"].nunique(dropna=False) == 1, (source, line[["as_of", "series"]])
