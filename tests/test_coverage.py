"""Coverage gaps and required pace, checked against hand calculations."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from paritrana_analysis.coverage import decimal_year, gap_to_target, required_annual_pace


def test_sumatera_selatan_gap_to_51_percent():
    # 2.789.917 workers at 31,33% (1 Aug 2025); target 51% for 2025.
    gap = gap_to_target(2_789_917, target_pct=51, coverage_pct=31.33)
    assert gap.points == pytest.approx(19.67)
    implied = 2_789_917 / 0.3133  # 8.904.937,76 working people implied
    assert gap.potential == pytest.approx(implied)
    assert gap.potential_implied
    assert gap.workers == math.ceil(0.1967 * implied)  # 1.751.602
    assert gap.workers == 1_751_602
    assert not gap.met


def test_gap_from_counts_bali():
    # Bali, 31 Mar 2025: 935.079 of 1.873.899 penduduk bekerja; Kemendagri target 67,28%.
    gap = gap_to_target(935_079, 1_873_899, 67.28)
    assert gap.current_pct == pytest.approx(935_079 / 1_873_899 * 100)  # 49,90%
    assert gap.workers == math.ceil(0.6728 * 1_873_899 - 935_079)  # 325.681
    assert not gap.potential_implied


def test_gap_is_zero_once_target_met():
    # Sulawesi Utara 67,95% (Dec 2025) against the RPJMN 32,15%: already met.
    gap = gap_to_target(coverage_pct=67.95, target_pct=32.15)
    assert gap.points == 0 and gap.met
    assert gap.workers is None  # no count, no potential: workers unknown, not invented


def test_gap_table():
    table = pd.DataFrame(
        {
            "region_code": ["ID-SS", "ID-BA", "ID-SA"],
            "covered": pd.array([2_789_917, 935_079, None], dtype="Int64"),
            "potential": pd.array([None, 1_873_899, None], dtype="Int64"),
            "coverage_pct": pd.array([31.33, None, 67.95], dtype="Float64"),
            "target_pct": pd.array([51.0, 67.28, 32.15], dtype="Float64"),
        }
    )
    out = gap_to_target(table)
    assert list(out["gap_points"].round(2)) == [19.67, pytest.approx(67.28 - 49.90, abs=0.01), 0.0]
    assert out.loc[0, "gap_workers"] == 1_751_602
    assert out.loc[1, "gap_workers"] == 325_681
    assert out["gap_workers"].isna().tolist() == [False, False, True]
    assert out["target_met"].tolist() == [False, False, True]
    assert out["potential_implied"].tolist() == [True, False, False]


def test_gap_table_scalar_target_and_missing_columns():
    table = pd.DataFrame({"coverage_pct": [31.33]})
    assert gap_to_target(table, target_pct=51)["gap_points"].iloc[0] == pytest.approx(19.67)
    with pytest.raises(ValueError, match="target_pct"):
        gap_to_target(table)
    with pytest.raises(ValueError, match="by keyword"):
        gap_to_target(table, 51)
    with pytest.raises(ValueError, match="neither coverage_pct"):
        gap_to_target(pd.DataFrame({"covered": [5], "target_pct": [50.0]}))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(covered=10, potential=100, target_pct=120), "between 0 and 100"),
        (dict(covered=10, target_pct=50), "give coverage_pct"),
        (dict(covered=200, potential=100, target_pct=50), "exceeds potential"),
        (dict(covered=-1, potential=100, target_pct=50), "negative"),
        (dict(covered=10, potential=0, target_pct=50), "above 0"),
        (dict(covered=10, coverage_pct=0, target_pct=50), "from a coverage_pct of 0"),
        (dict(coverage_pct=31.33, target_pct=None), "missing"),
    ],
)
def test_gap_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        gap_to_target(**kwargs)


def test_decimal_year():
    assert decimal_year("2025-01-01") == 2025.0
    assert decimal_year(pd.Timestamp("2025-04-15")) == pytest.approx(2025 + 104 / 365)
    assert decimal_year(2045) == 2045.0
    with pytest.raises(ValueError):
        decimal_year("not a date")


def test_national_pace_to_2045():
    # 35,68% in April 2025 (15 Apr = 2025,285) to 99,5% by 2045.
    pace = required_annual_pace(35.68, "2025-04-15", 99.5, 2045)
    assert pace.years == pytest.approx(2045 - (2025 + 104 / 365))
    assert pace.points_per_year == pytest.approx((99.5 - 35.68) / (2045 - 2025.285), abs=1e-3)
    assert round(pace.points_per_year, 1) == 3.2  # "about 3,2 points a year"
    assert float(pace) == pace.points_per_year
    # Due on 31 December 2045 instead: (99,5 - 35,68) / 20,715 = 3,08.
    end = required_annual_pace(35.68, "2025-04-15", 99.5, 2045, deadline="end")
    assert end.points_per_year == pytest.approx(63.82 / (2046 - 2025.285), abs=1e-3)


def test_pace_with_growing_workforce():
    pace = required_annual_pace(35.68, "2025-04-15", 99.5, 2045, workforce_growth_pct=1.3)
    c = pace.workers_growth_pct / 100
    # Enrolled workers compounding at c against a workforce growing 1,3% hit the target.
    assert 35.68 * ((1 + c) / 1.013) ** pace.years == pytest.approx(99.5)
    assert pace.workers_growth_pct == pytest.approx(
        (1.013 * (99.5 / 35.68) ** (1 / pace.years) - 1) * 100
    )


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        ((60, "2025-08-01", 51, 2030), {}, "below current"),
        ((31.33, "2025-08-01", 51, 2024), {}, "not after as_of"),
        ((31.33, "2025-08-01", 51, 2025), {}, "not after as_of"),  # due 1 Jan 2025
        ((31.33, "2025-08-01", 51, 2025), {"deadline": "middle"}, "deadline"),
        ((31.33, "2025-08-01", 51, 2025.5), {}, "whole year"),
        ((31.33, "2025-08-01", 51, 2030), {"workforce_growth_pct": -100}, "above -100"),
    ],
)
def test_pace_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        required_annual_pace(*args, **kwargs)


def test_pace_for_sumatera_selatan_this_year_needs_deadline_end():
    # 31,33% on 1 Aug 2025 to 51% by 31 Dec 2025: 19,67 points in 5 months.
    pace = required_annual_pace(31.33, "2025-08-01", 51, 2025, deadline="end")
    assert pace.years == pytest.approx(1 - 212 / 365)
    assert pace.points_per_year == pytest.approx(19.67 / (1 - 212 / 365))


pcts = st.floats(min_value=0, max_value=100, allow_nan=False)


@given(current=pcts, target=pcts, potential=st.integers(min_value=1, max_value=10**9))
def test_gap_never_negative(current, target, potential):
    gap = gap_to_target(coverage_pct=current, potential=potential, target_pct=target)
    assert gap.points >= 0
    assert gap.workers >= 0
    if target <= current:
        assert gap.points == 0 and gap.workers == 0 and gap.met


@given(
    covered=st.integers(min_value=0, max_value=10**8),
    extra=st.integers(min_value=0, max_value=10**8),
    target=pcts,
)
def test_gap_workers_reach_target(covered, extra, target):
    potential = covered + extra + 1
    gap = gap_to_target(covered, potential, target)
    # Enrolling the gap reaches the target (up to the documented 1e-6-worker rounding
    # of floating-point dust); one fewer would not (when there is a gap).
    assert covered + gap.workers >= target / 100 * potential - 1e-6
    if gap.workers > 0:
        assert (covered + gap.workers - 1) / potential * 100 < target + 1e-6


def _figures():
    return pd.DataFrame({
        "region_code": ["ID-SS"] * 5 + ["ID-JA"],
        "segment": ["all"] * 6,
        "as_of": pd.to_datetime(["2024-01-01", "2025-04-29", "2025-04-29", "2025-04-29",
                                 "2025-09-01", "2025-09-01"]),
        "covered": pd.array([900_000, None, 1_100_000, None, 2_800_000, 1], dtype="Int64"),
        "potential": pd.array([None, None, 3_000_000, None, 8_000_000, 2], dtype="Int64"),
        "coverage_pct": pd.array([30.0, 26.0, 36.0, 27.0, None, 50.0], dtype="Float64"),
        "source": list("abcdef"),
    })


def test_latest_coverage_uses_counts_when_there_is_no_percentage():
    from paritrana_analysis.coverage import latest_coverage

    row = latest_coverage(_figures(), "ID-SS")
    assert row["as_of"] == pd.Timestamp("2025-09-01")  # was skipped: no coverage_pct
    assert row["coverage_pct"] == pytest.approx(35.0)  # 2.800.000 / 8.000.000


def test_coverage_history_keeps_one_figure_per_date():
    from paritrana_analysis.coverage import coverage_history

    hist = coverage_history(_figures(), "ID-SS", series="all")
    assert hist["as_of"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-01-01", "2025-04-29", "2025-09-01"]
    # 29 Apr 2025: 26%, 36% (with a count) and 27%: the one with a count, not the mean.
    assert hist["coverage_pct"].tolist() == pytest.approx([30.0, 36.0, 35.0])
    assert hist["source"].tolist() == ["a", "c", "e"]
    # no basis stated and a different source each time: three series, never one trend
    assert hist["series_id"].nunique() == 3
    assert hist["series_break"].tolist()[0] == ""
    assert all("not comparable" in why for why in hist["series_break"].tolist()[1:])
    assert coverage_history(_figures(), "ID-PE").empty


def test_coverage_history_defaults_to_the_series_of_the_newest_figure():
    from paritrana_analysis.coverage import coverage_history

    figures = _figures().assign(source="Rekap Kanwil")  # one office: comparable with itself
    # ... but 2.800.000 of 8.000.000 in Sep 2025 divides by another base than ~3 juta
    assert coverage_history(figures, "ID-SS")["coverage_pct"].tolist() == [35.0]
    figures.loc[4, ["covered", "potential"]] = [1_200_000, 3_100_000]
    assert len(coverage_history(figures, "ID-SS")) == 3
    figures["basis"] = ["potential", "unknown", "potential", "unknown", "employed", "unknown"]
    hist = coverage_history(figures, "ID-SS")  # the newest figure is on another basis
    assert hist["as_of"].dt.strftime("%Y-%m-%d").tolist() == ["2025-09-01"]
    both = coverage_history(figures, "ID-SS", series="all")
    assert both["series_id"].tolist() == [1, 1, 3]
    assert both["series_break"].iloc[2] == "basis changes from potential to employed"
    with pytest.raises(ValueError, match="'current' or 'all'"):
        coverage_history(figures, "ID-SS", series="newest")


def test_with_pct_fills_only_missing_percentages():
    from paritrana_analysis.coverage import with_pct

    out = with_pct(_figures())
    assert out["coverage_pct"].tolist()[2] == 36.0  # stated, kept
    assert out["coverage_pct"].iloc[4] == pytest.approx(35.0)
    assert out["coverage_pct"].iloc[1] == 26.0
    assert with_pct(pd.DataFrame({"covered": [1], "potential": [0]}))["coverage_pct"].isna().all()


def test_coverage_completeness_gives_every_province_its_newest_figure_or_why_not():
    from paritrana_analysis.coverage import coverage_completeness

    table = pd.DataFrame({
        "region_code": ["ID-SS", "ID-SS", "ID-JA", "ID-JA", "ID-BE", "ID-PD"],
        "segment": ["all", "all", "all", "all", "all", "bpu"],
        "as_of": pd.to_datetime(["2025-04-29", "2025-08-01", "2025-05-01", "2025-09-01",
                                 "2025-02-01", "2025-09-01"]),
        "covered": pd.array([None, 2_789_917, None, None, 212_266, 122_488], dtype="Int64"),
        "potential": pd.array([None] * 6, dtype="Int64"),
        "coverage_pct": pd.array([36.0, 31.33, 44.0, 61.0, None, 81.0], dtype="Float64"),
        "basis": ["unknown", "potential", "unknown", "target_share", "none", "target_share"],
        "qualifier": [None, None, "rounded", None, None, None],
        "source": list("abcdef"),
    })
    view = coverage_completeness(table, today="2026-01-01").set_index("region_code")
    assert len(view) == 38
    assert view.loc["ID-SS", "coverage_pct"] == 31.33
    assert view.loc["ID-SS", "basis"] == "potential"
    assert view.loc["ID-SS", "qualifier"] == "exact"  # not stated: as published
    assert view.loc["ID-SS", "days_old"] == 153
    assert view.loc["ID-SS", "figures"] == 2
    # Jambi's newest row is a percentage of a target: the figure before it counts
    assert view.loc["ID-JA", ["coverage_pct", "qualifier"]].tolist() == [44.0, "rounded"]
    assert view.loc["ID-BE", "missing"] == "count only (newest 2025-02-01)"
    assert view.loc["ID-PD", "missing"] == "segment figures only"
    assert view.loc["ID-PE", "missing"] == "no figure"
    assert pd.isna(view.loc["ID-PE", "as_of"])
