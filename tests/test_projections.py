"""Projections, scenario paths and the year a target is reached."""


import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paritrana_analysis.projections import (
    METHODS,
    business_as_usual,
    path_to_target,
    project_coverage,
    rpjmn_path,
    year_target_reached,
)


def two_points():
    # 30% on 1 Jan 2024, 32% on 1 Jan 2025: 2 points a year.
    return pd.Series({"2024-01-01": 30.0, "2025-01-01": 32.0})


def test_linear_two_points_by_hand():
    p = project_coverage(two_points(), to_year=2040)
    # 1 Jan 2025 (t 2025,0) is the end of 2024: the first row is 2024, the figure itself.
    assert p.iloc[0]["year"] == 2024 and p.iloc[0]["coverage_pct"] == pytest.approx(32)
    first = p.iloc[1]
    assert first["year"] == 2025
    # End of 2025 = t 2026,0: 32 + 2 x 1 = 34; band = slope +/-50%: 33 and 35.
    # End of 2025 = t 2026,0: 32 + 2 x 1 = 34.
    assert first["coverage_pct"] == pytest.approx(34)
    assert p.set_index("year").loc[2030, "coverage_pct"] == pytest.approx(32 + 2 * 6)
    # Two figures have no track record: no band, and the note says why.
    assert p["lower"].isna().all() and p["upper"].isna().all()
    assert p.attrs["note"].startswith("no band: 2 yearly figure(s)")
    assert p.attrs["n_history"] == 2 and p.attrs["track_record"] is None
    # 51% at t = 2025 + 19/2 = 2034,5: first end-of-year value at or above it is 2034.
    assert year_target_reached(p, 51) == (None, 2034, None, False)
    assert year_target_reached(p, 99.5).central is None  # 62% by end of 2040
    assert list(p.columns) == ["region_code", "year", "coverage_pct", "lower", "upper", "method"]


def test_compound_by_hand():
    # Coverage +10% a year: 30 (2024) -> 33 (2025); 2026 = 33 x 1,1 = 36,3.
    p = project_coverage(pd.Series({2024: 30.0, 2025: 33.0}), method="compound", to_year=2030)
    assert p.iloc[0]["year"] == 2025 and p.iloc[0]["coverage_pct"] == pytest.approx(33)
    assert p.iloc[1]["coverage_pct"] == pytest.approx(36.3)
    assert p.iloc[2]["coverage_pct"] == pytest.approx(33 * 1.1**2)
    assert p["coverage_pct"].max() <= 100


def test_compound_workers_against_growing_workforce():
    # Workers +10% a year, workforce +5% a year: coverage x 1,10/1,05 a year.
    history = pd.DataFrame(
        {
            "as_of": pd.to_datetime(["2024-01-01", "2025-01-01"]),
            "covered": pd.array([1_000_000, 1_100_000], dtype="Int64"),
            "potential": pd.array([4_000_000, 4_200_000], dtype="Int64"),
        }
    )
    p = project_coverage(history, method="compound", workforce_growth_pct=5, to_year=2026)
    last = 1_100_000 / 4_200_000 * 100
    assert p.set_index("year").loc[2025, "coverage_pct"] == pytest.approx(last * 1.10 / 1.05)
    # The workforce's growth is an assumption, and the output says so.
    assert p["assumption"].iloc[0] == (
        "asumsi: penyebut 4.200.000 pekerja pada Januari 2025, tumbuh 5,0% per tahun")
    with pytest.raises(ValueError, match="covered counts"):
        project_coverage(two_points(), method="compound", workforce_growth_pct=5)


def test_logistic_saturates_below_the_ceiling():
    p = project_coverage(pd.Series({2020: 20.0, 2022: 30.0, 2025: 45.0}), method="logistic")
    assert (p["coverage_pct"] < 99.5).all()
    assert (np.diff(p["coverage_pct"].to_numpy(dtype=float)) > 0).all()
    assert year_target_reached(p, 99.5).central is None
    assert year_target_reached(p, 90).central is not None
    with pytest.raises(ValueError, match="ceiling"):
        project_coverage(pd.Series({2024: 50.0, 2025: 99.6}), method="logistic")


def test_history_table_and_one_figure_per_date():
    history = pd.DataFrame(
        {
            "region_code": "ID",
            "segment": "all",
            "as_of": pd.to_datetime(["2024-04-30", "2025-10-31", "2025-10-31"]),
            "coverage_pct": pd.array([35.68, 37.01, 42.0], dtype="Float64"),
        }
    )
    p = project_coverage(history, to_year=2030)
    assert p["region_code"].iloc[0] == "ID"
    # Two figures on one date: the later row (no counts), never their average.
    assert p.attrs["last_pct"] == pytest.approx(42)
    with_count = history.assign(covered=pd.array([None, 1_000, None], dtype="Int64"))
    assert project_coverage(with_count).attrs["last_pct"] == pytest.approx(37.01)


def test_history_of_a_few_months_is_refused_not_extrapolated():
    # Sumatera Selatan: 36% (29 Apr 2025) and 31,33% (1 Aug 2025), different sources: a
    # line through them says 0% in 2045, which is noise, not a trend.
    short = pd.Series({pd.Timestamp("2025-04-29"): 36.0, pd.Timestamp("2025-08-01"): 31.33})
    with pytest.raises(ValueError, match="spans only 3 months"):
        project_coverage(short)


def test_whole_years_are_the_end_of_the_year():
    years = pd.Series({2022: 28.0, 2023: 30.0, 2024: 32.0})
    p = project_coverage(years, to_year=2030).set_index("year")
    assert p.loc[2024, "coverage_pct"] == pytest.approx(32)  # not a year early
    assert p.loc[2025, "coverage_pct"] == pytest.approx(34)
    table = pd.DataFrame({"year": [2022, 2023, 2024], "coverage_pct": [28.0, 30.0, 32.0]})
    assert project_coverage(table, to_year=2030).set_index("year").loc[
        2024, "coverage_pct"] == pytest.approx(32)
    # The same as dates on 31 December, as the loaders read a bare year.
    dates = pd.Series([28.0, 30.0, 32.0], index=pd.to_datetime(
        ["2022-12-31", "2023-12-31", "2024-12-31"]))
    by_date = project_coverage(dates, to_year=2030).set_index("year")
    assert by_date.loc[2024, "coverage_pct"] == pytest.approx(32, abs=0.01)
    assert by_date.loc[2030, "coverage_pct"] == pytest.approx(
        p.loc[2030, "coverage_pct"], abs=0.05)


@pytest.mark.parametrize(
    "history, kwargs, message",
    [
        (pd.Series(dtype=float), {}, "empty"),
        (pd.DataFrame({"as_of": [], "coverage_pct": []}), {}, "empty"),
        (pd.Series({2025: 31.33}), {}, "2 or more different dates"),
        (two_points(), {"method": "auto"}, "cannot choose a method by its track record"),
        (pd.Series({"2025-08-01": 31.33, "2025-08-01 ": 30.0}), {}, "2 or more"),
        (two_points(), {"method": "cubic"}, "method"),
        (two_points(), {"to_year": 2020}, "before the last"),
        (two_points(), {"ceiling": 120}, "between 0 and 100"),
        (
            pd.DataFrame(
                {
                    "region_code": ["ID-SS", "ID-JA"],
                    "as_of": ["2024", "2025"],
                    "coverage_pct": [30, 40],
                }
            ),
            {},
            "several region_codes",
        ),
        (
            pd.DataFrame({"as_of": ["2024-01-01", "2025-01-01"], "covered": [5, 6]}),
            {},
            "no coverage_pct",
        ),
        ([30, 32], {}, "must be a coverage DataFrame"),
    ],
)
def test_bad_history(history, kwargs, message):
    with pytest.raises(ValueError, match=message):
        project_coverage(history, **kwargs)


def test_year_target_reached_checks_input():
    with pytest.raises(ValueError, match="lacks column"):
        year_target_reached(pd.DataFrame({"year": [2025]}), 50)
    with pytest.raises(ValueError, match="between 0 and 100"):
        year_target_reached(project_coverage(two_points()), 150)


def test_business_as_usual_is_labelled():
    p = business_as_usual(two_points(), to_year=2030)
    assert set(p["scenario"]) == {"business_as_usual"}


def test_rpjmn_path():
    path = rpjmn_path()
    assert path["year"].tolist() == [2025, 2026, 2027, 2028, 2029]
    assert path["coverage_pct"].iloc[0] == pytest.approx(32.15)
    assert path["coverage_pct"].iloc[-1] == pytest.approx(43.92)
    assert path["coverage_pct"].iloc[2] == pytest.approx((32.15 + 43.92) / 2)  # 2027
    assert path["stated"].tolist() == [True, False, False, False, True]
    targets = pd.DataFrame(
        {
            "region_code": ["ID", "ID", "ID", "ID-SS"],
            "year": [2025, 2026, 2029, 2025],
            "target_pct": [32.15, 34.99, 43.92, 51.0],
            "basis": ["RPJMN", "RPJMN", "RPJMN", "Gubernur"],
            "source": ["a", "b", "a", "c"],
        }
    )
    with_rkp = rpjmn_path(targets)
    assert with_rkp["coverage_pct"].iloc[1] == pytest.approx(34.99)
    assert with_rkp["stated"].tolist() == [True, True, False, False, True]
    with pytest.raises(ValueError, match="2 or more years"):
        rpjmn_path(targets[targets["year"] == 2025])


def test_path_to_target_national():
    path = path_to_target(35.68, "2025-04-15", 99.5, 2045)
    pace = (99.5 - 35.68) / (2045 - (2025 + 104 / 365))
    assert path["points_per_year"].iloc[0] == pytest.approx(pace)
    assert path["year"].iloc[0] == 2025 and path["year"].iloc[-1] == 2045
    assert path["coverage_pct"].iloc[0] == pytest.approx(35.68 + pace * (2026 - 2025.285), abs=0.01)
    # Due on 1 January 2045 = the end-of-2044 value.
    assert year_target_reached(path, 99.5) == (None, 2044, None, False)  # a path, no band
    end = path_to_target(35.68, "2025-04-15", 99.5, 2045, deadline="end")
    assert year_target_reached(end, 99.5).central == 2045
    with pytest.raises(ValueError, match="below current"):
        path_to_target(60, "2025-04-15", 51, 2030)


@st.composite
def rising_histories(draw):
    n = draw(st.integers(min_value=2, max_value=6))
    start = draw(st.integers(min_value=2010, max_value=2024))
    gaps = draw(st.lists(st.integers(min_value=30, max_value=800), min_size=n - 1, max_size=n - 1))
    gaps[-1] = max(gaps[-1], 367 - sum(gaps[:-1]))  # a trend needs a year of history
    steps = draw(st.lists(st.floats(min_value=0.05, max_value=15), min_size=n - 1, max_size=n - 1))
    first = draw(st.floats(min_value=0.5, max_value=60))
    values = [first]
    for s in steps:
        values.append(values[-1] + s)
    if values[-1] >= 99:
        values = [v * 98 / values[-1] for v in values]
    dates = [pd.Timestamp(f"{start}-01-01")]
    for g in gaps:
        dates.append(dates[-1] + pd.Timedelta(days=g))
    return pd.Series(values, index=dates)


@settings(max_examples=60, deadline=None)
@given(history=rising_histories(), method=st.sampled_from(METHODS))
def test_projection_of_rising_history_is_monotone_and_within_0_100(history, method):
    p = project_coverage(history, method=method, to_year=2045)
    central = p["coverage_pct"].to_numpy(dtype=float)
    assert not np.isnan(central).any()
    assert (central >= 0).all() and (central <= 100).all()
    assert (np.diff(central) >= -1e-9).all()
    banded = p["lower"].notna().all()
    assert banded == p["upper"].notna().all()
    if banded:  # inside 0-100, around the line, never narrowing
        lower, upper = p["lower"].to_numpy(dtype=float), p["upper"].to_numpy(dtype=float)
        assert (lower >= 0).all() and (upper <= 100).all()
        assert (lower <= central + 1e-9).all() and (central <= upper + 1e-9).all()
        with np.errstate(divide="ignore", invalid="ignore"):
            below = np.where(central > 0, lower / central, 1.0)
        assert (np.diff(below) <= 1e-9).all()
    reached = year_target_reached(p, 51)
    assert reached.central is None or 2010 <= reached.central <= 2045
    if reached.banded and reached.central is not None:
        assert reached.earliest <= reached.central
        assert reached.latest is None or reached.central <= reached.latest


def test_the_needed_path_from_a_whole_year_starts_at_its_end():
    """A figure for 2023 stands for the end of 2023: 22% to 99,5% by the start of 2030
    is 77,5 points in 6 years, as a dated figure of 31 December 2023 gives."""
    from paritrana_analysis.projections import choose_projection

    by_year = choose_projection(pd.DataFrame({"as_of": [2023], "coverage_pct": [22.0]}),
                                to_year=2030)
    dated = choose_projection(pd.DataFrame({"as_of": [pd.Timestamp("2023-12-31")],
                                            "coverage_pct": [22.0]}), to_year=2030)
    assert by_year.attrs["kind"] == "needed_path"
    assert by_year["points_per_year"].iloc[0] == pytest.approx(77.5 / 6)
    assert by_year["points_per_year"].iloc[0] == pytest.approx(
        dated["points_per_year"].iloc[0], rel=1e-3)
