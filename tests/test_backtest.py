"""Backtests, bands from the track record and the method chosen by evidence, on synthetic
series whose truth we know, and on the bundled national participant series."""

import numpy as np
import pandas as pd
import pytest

from paritrana_analysis.backtest import (
    MIN_POINTS,
    backtest,
    backtest_all,
    backtest_summary,
    choose_method,
    describe_track_record,
    error_band,
    series_history,
    too_short,
    yearly_points,
)
from paritrana_analysis.extrapolation import METHODS, extrapolate
from paritrana_analysis.projections import (
    choose_projection,
    participants_to_coverage,
    project_coverage,
    project_participants,
    workforce_growth,
    year_target_reached,
)

YEARS = np.arange(2014, 2026)


def line(years=YEARS):
    return pd.Series(20.0 + 1.5 * (years - years[0]), index=years)


def logistic_curve(years=YEARS, ceiling=99.5):
    t = years + 1.0  # a whole year's value is its end
    return pd.Series(ceiling / (1 + np.exp(-0.35 * (t - 2030))), index=years)


def test_a_straight_line_is_predicted_exactly_by_linear():
    table = backtest(line())
    linear = table[table["method"] == "linear"]
    assert np.allclose(linear["error"], 0, atol=1e-9)
    # 12 yearly figures, origins 2015..2024 (2 figures or more): 10 + 9 + ... + 1 targets.
    assert len(linear) == sum(range(1, 11))
    assert set(table["method"]) == set(METHODS)
    assert (table.loc[table["method"] == "compound", "abs_pct_error"] > 0.1).any()
    for h in (1, 4, 20):
        record = choose_method(table, h)
        assert record.method == "linear" and record.mape == pytest.approx(0, abs=1e-9)
        assert record.within == record.n
    summary = backtest_summary(table).set_index(["method", "horizon"])
    assert summary.loc[("linear", 3), "n"] == 8  # origins 2015..2022
    assert summary.loc[("linear", 3), "within_5"] == 8


def test_a_logistic_curve_is_predicted_best_by_logistic():
    table = backtest(logistic_curve())
    record = choose_method(table, 4)
    assert record.method == "logistic" and record.mape == pytest.approx(0, abs=1e-6)
    others = dict(record.ranking[1:])
    assert min(others.values()) > 1  # every other method errs by more than 1% at 4 years
    # Counts need their saturation level stated; without one, logistic is left out.
    counts = logistic_curve(ceiling=1_000_000)
    assert choose_method(backtest(counts, measure="covered", ceiling=1_000_000),
                         4).method == "logistic"
    plain = backtest(counts, measure="covered")
    assert "logistic" not in set(plain["method"])
    assert "saturation level" in plain.attrs["skipped"]["logistic"]


def test_noise_gives_bands_that_cover_about_the_stated_share_of_held_out_points():
    rng = np.random.default_rng(20261126)
    years = np.arange(2010, 2021)  # 8 yearly figures to fit, 3 held out
    inside = total = 0
    for _ in range(80):
        values = 20 + 1.5 * (years - 2010) + rng.normal(0, 1.0, len(years))
        p = project_coverage(pd.Series(values[:8], index=years[:8]), method="linear",
                             to_year=2020).set_index("year")
        for year, actual in zip(years[8:], values[8:], strict=True):
            inside += p.loc[year, "lower"] <= actual <= p.loc[year, "upper"]
            total += 1
    assert p.attrs["band_level"] == 0.8
    assert 0.72 <= inside / total <= 0.9


def test_band_widens_with_the_square_root_beyond_the_horizons_observed():
    table = pd.DataFrame({"method": "linear", "horizon": [1, 1, 1, 2, 2, 2, 3],
                          "actual": [100.0] * 7,
                          "predicted": [100, 95, 105, 90, 100, 110, 200.0]})
    band = error_band(table, "linear", [0, 1, 2, 3, 4], level=0.5).set_index("horizon")
    # Horizon 1: ratios 1, 1.053, 0.952 -> quartiles 0.976, 1.026.
    assert band.loc[1, "lower_ratio"] == pytest.approx((100 / 105 + 1) / 2)
    assert band.loc[1, "upper_ratio"] == pytest.approx((1 + 100 / 95) / 2)
    assert band.loc[0, ["lower_ratio", "upper_ratio"]].tolist() == [1.0, 1.0]
    # Horizon 3 has one backtest: horizon 2's band, ratios to the power sqrt(3/2); 4: sqrt 2.
    lo2, hi2 = band.loc[2, "lower_ratio"], band.loc[2, "upper_ratio"]
    assert not band.loc[3, "observed"] and band.loc[2, "observed"]
    assert band.loc[3, "upper_ratio"] == pytest.approx(hi2 ** (1.5 ** 0.5))
    assert band.loc[4, "lower_ratio"] == pytest.approx(lo2 ** (2 ** 0.5))
    assert 0 < band.loc[4, "lower_ratio"] < lo2 < 1 < hi2 < band.loc[3, "upper_ratio"]
    assert error_band(table[table["horizon"] == 3], "linear", [1]) is None


def test_too_short_series_fall_back_to_the_pace_needed_with_a_note():
    short = pd.Series({2023: 30.0, 2024: 31.0, 2025: 33.0})
    assert too_short(short).startswith("3 yearly figure(s); backtesting a method needs 4")
    with pytest.raises(ValueError, match="too short to backtest"):
        backtest(short)
    with pytest.raises(ValueError, match="cannot choose a method"):
        project_coverage(short, method="auto")
    path = choose_projection(short)
    assert path.attrs["kind"] == "needed_path" and "3 yearly figure(s)" in path.attrs["note"]
    assert set(path["scenario"]) == {"path_to_target"}
    assert path["coverage_pct"].iloc[-1] == pytest.approx(99.5)
    # One figure only: still the pace needed, never an error.
    assert choose_projection(short.iloc[-1:]).attrs["kind"] == "needed_path"
    # Long enough: the method with the best record, named with its record.
    chosen = choose_projection(line())
    assert chosen.attrs["kind"] == "projection" and chosen.attrs["method"] == "linear"


def test_year_target_reached_gives_a_range_from_the_band():
    rng = np.random.default_rng(7)
    noisy = line() + rng.normal(0, 1.0, len(YEARS))
    p = project_coverage(noisy, method="auto", to_year=2045)
    reached = year_target_reached(p, 51)
    assert reached.banded
    assert reached.earliest <= reached.central <= reached.latest
    assert reached.earliest < reached.latest  # an honest range, not one year
    upper = p.set_index("year")["upper"]
    assert upper[reached.earliest] >= 51 and upper[reached.earliest - 1] < 51
    never = year_target_reached(p, 99.5)
    assert never.central is None and never.latest is None


def test_track_record_in_words_both_languages():
    record = choose_method(backtest(line()), 4)
    assert describe_track_record(record) == (
        "linear, galat rata-rata 0,0% pada 4 tahun, dalam 5% pada 7 dari 7 backtest "
        "(naif: 0,0%)")
    assert describe_track_record(record, "en") == (
        "linear, mean error 0.0% at 4 years, within 5% in 7 of 7 backtests (naive: 0.0%)")
    naive = choose_method(backtest(line()), 4, methods=("naive",))
    assert describe_track_record(naive).startswith("naif, galat rata-rata 0,0%")
    assert "(naif:" not in describe_track_record(naive)


def test_yearly_points_keep_the_last_figure_of_each_calendar_year():
    s = pd.Series([10.0, 8.0, 12.0, 9.0],
                  index=pd.to_datetime(["2024-12-01", "2025-01-01", "2025-12-01", "2026-04-01"]))
    points = yearly_points(s)
    assert points["year"].tolist() == [2024, 2025, 2026]
    assert points["value"].tolist() == [10.0, 12.0, 9.0]  # January 2025 is not year-end 2024


# ---------------------------------------------------------------- real series


@pytest.fixture(scope="module")
def coverage():
    from paritrana_analysis.dataset import load_dataset

    return load_dataset("coverage")


def test_national_participants_fit_to_2021_predict_2022_2025(coverage):
    series = series_history(coverage, "ID", measure="covered")
    points = yearly_points(series, "covered")
    # The last figure of each year: June 2017 (Kompas), then every December 2018-2025.
    assert points["year"].tolist() == list(range(2017, 2026))
    assert points["value"].iloc[-1] == 48_640_000  # December 2025
    assert points["value"].iloc[-5] == 30_660_000  # December 2021, not March/June/August
    table = backtest(series, measure="covered", ceiling=99_000_000)
    from_2021 = table[(table["origin"] == 2021)]
    assert set(from_2021["n_fit"]) == {5}
    assert from_2021.groupby("method")["target"].apply(list).to_dict() == {
        m: [2022, 2023, 2024, 2025] for m in METHODS}
    # Naive from 2021: the change of 2021 (30,66 - 29,98 million) continued 4 years.
    naive = from_2021[(from_2021["method"] == "naive") & (from_2021["target"] == 2025)]
    assert naive["predicted"].iloc[0] == pytest.approx(30.66e6 + 4 * 0.68e6, rel=1e-3)
    assert naive["abs_pct_error"].iloc[0] == pytest.approx(
        (48.64 - 33.38) / 48.64 * 100, abs=0.1)
    assert set(table["origin"]) == set(range(2018, 2025))  # every other origin too


def test_backtest_all_holds_every_long_enough_series(coverage):
    table = backtest_all(coverage)
    assert set(table["region_code"]) == {"ID"}  # no province has 4 comparable years yet
    assert table["ceiling"].iloc[0] == 99_000_000  # the potential the national rows state
    assert list(table.columns[:4]) == ["region_code", "region", "basis", "ceiling"]
    assert backtest_all(coverage, measure="coverage_pct").empty  # no % series that long


def test_a_series_never_joins_two_denominators():
    rows = pd.DataFrame({
        "region_code": "ID-XX", "segment": "all",
        "as_of": pd.to_datetime(["2021-12-31", "2022-12-31", "2023-06-30", "2023-12-31",
                                 "2024-12-31"]),
        "coverage_pct": [20.0, 22.0, 60.0, 24.0, 26.0],
        "covered": pd.array([100, 110, 150, 120, 130], dtype="Int64"),
        "basis": ["potential", "potential", "employed", "potential", "potential"],
        "source": "a",
    })
    assert series_history(rows, "ID-XX")["coverage_pct"].tolist() == [20, 22, 24, 26]
    # The count of participants is one series whatever the percentage divided by.
    assert series_history(rows, "ID-XX", measure="covered")["covered"].tolist() == [
        100, 110, 150, 120, 130]
    # A percentage of a target is never a coverage series.
    assert series_history(rows.assign(basis="target_share"), "ID-XX").empty
    # Another count (Kemnaker's by employer location) is kept apart from BPJS's.
    other = rows.assign(series=["", "", "satudata_kemnaker", "", ""])
    assert 150 not in series_history(other, "ID-XX", measure="covered")["covered"].tolist()


def test_participants_projection_and_the_stated_denominator():
    counts = pd.Series(1_000_000 + 100_000 * (YEARS - YEARS[0]), index=YEARS, dtype=float)
    people = project_participants(counts, to_year=2027, method="auto")
    assert people.attrs["method"] == "linear"
    assert people.set_index("year").loc[2027, "covered"] == pytest.approx(2_300_000)
    assert year_target_reached(people, 2_200_000, measure="covered").central == 2026
    # 2,3 million of 10 million workers growing 10% a year from the end of 2025.
    share = participants_to_coverage(people, potential=10_000_000, as_of="2025-12-31",
                                     growth_pct=10, source="BPS")
    at_2027 = share.set_index("year").loc[2027]
    assert at_2027["coverage_pct"] == pytest.approx(
        2_300_000 / (10_000_000 * 1.1 ** (2028 - (2025 + 364 / 365))) * 100)
    assert at_2027["assumption"] == ("asumsi: penyebut 10.000.000 pekerja pada Desember 2025, "
                                     "tumbuh 10,0% per tahun (BPS)")
    assert share.attrs["denominator"]["growth_pct"] == 10
    with pytest.raises(ValueError, match="growth_pct"):
        participants_to_coverage(people, potential=1e6, as_of="2025-12-31", growth_pct=-100)


def test_workforce_growth_compares_the_same_sakernas_month():
    wf = pd.DataFrame({"region_code": "ID", "as_of": pd.to_datetime(
        ["2023-08-01", "2024-02-01", "2024-08-01", "2025-02-01", "2025-08-01"]),
        "employed": [100.0, 90.0, 102.0, 95.0, 104.04], "source": list("abcde")})
    growth = workforce_growth(wf)
    assert growth.pct == pytest.approx(2.0, abs=0.01)  # 100 -> 104,04 in two Augusts
    assert (growth.start.month, growth.end.month) == (8, 8) and growth.source == "a; e"
    with pytest.raises(ValueError, match="a year or more apart"):
        workforce_growth(wf.iloc[[3, 4]])


def test_extrapolate_refuses_what_a_method_cannot_fit():
    with pytest.raises(ValueError, match="above 0"):
        extrapolate([2020, 2021], [0.0, 1.0], [2022], method="compound")
    with pytest.raises(ValueError, match="method must be one of"):
        extrapolate([2020, 2021], [1.0, 2.0], [2022], method="cubic")
    assert MIN_POINTS == 4
