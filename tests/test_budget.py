"""BPU contributions and budgets, checked against the stated packages and hand sums."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from paritrana_analysis import budget
from paritrana_analysis.budget import (
    bpu_monthly_contribution,
    budget_needed,
    cost_of_closing_gap,
    rates,
    workers_covered_by_budget,
)
from paritrana_analysis.coverage import gap_to_target


def test_minimum_packages():
    assert bpu_monthly_contribution() == 16_800  # 10.000 JKK + 6.800 JKM
    assert bpu_monthly_contribution(with_jht=True) == 36_800  # + 20.000 JHT


def test_declared_income():
    # Rp5 juta: JKK 50.000 + JKM 6.800 (+ JHT 100.000).
    assert bpu_monthly_contribution(5_000_000) == 56_800
    assert bpu_monthly_contribution(5_000_000, with_jht=True) == 156_800
    # JKK capped at Rp207.000 (1% of Rp20,7 juta).
    assert bpu_monthly_contribution(50_000_000) == 207_000 + 6_800
    # Below the lowest declared income the floor applies.
    assert bpu_monthly_contribution(500_000) == 16_800
    with pytest.raises(ValueError, match="0 or more"):
        bpu_monthly_contribution(-1)
    with pytest.raises(ValueError, match="rupiah"):
        bpu_monthly_contribution("lots")


def test_village_budget_of_20_juta():
    # Rp20 juta for 12 months at Rp16.800: 20.000.000 / 201.600 = 99,2 -> 99 workers.
    assert workers_covered_by_budget(20_000_000) == 99
    assert workers_covered_by_budget(20_000_000, with_jht=True) == 45  # / 441.600
    assert workers_covered_by_budget(20_000_000, months=6) == 198
    assert budget_needed(99) == 99 * 16_800 * 12 == 19_958_400
    assert budget_needed(100) > 20_000_000


def test_cost_of_closing_sumatera_selatan_gap():
    gap = gap_to_target(2_789_917, target_pct=51, coverage_pct=31.33)
    assert cost_of_closing_gap(gap) == 1_751_602 * 201_600  # Rp353,1 miliar
    assert cost_of_closing_gap(1_751_602, 12) == cost_of_closing_gap(gap)
    frame = pd.DataFrame({"covered": [2_789_917], "coverage_pct": [31.33], "target_pct": [51.0]})
    table = cost_of_closing_gap(gap_to_target(frame))
    assert table["cost_idr"].iloc[0] == 1_751_602 * 201_600
    assert table["monthly_contribution_idr"].iloc[0] == 16_800
    with pytest.raises(ValueError, match="potential unknown"):
        cost_of_closing_gap(gap_to_target(coverage_pct=30, target_pct=51))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: workers_covered_by_budget(-1), "0 or more"),
        (lambda: workers_covered_by_budget(float("nan")), "0 or more"),
        (lambda: workers_covered_by_budget(1e6, months=0), "at least 1"),
        (lambda: workers_covered_by_budget(1e6, months=1.5), "whole number"),
        (lambda: budget_needed(-3), "0 or more"),
        (lambda: budget_needed(2.5), "whole number"),
        (lambda: budget_needed("many"), "whole number"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_rates_reference_names_its_sources():
    r = rates()
    assert r["pu"]["jkk_pct_by_risk"] == {
        "very_low": 0.24,
        "low": 0.54,
        "medium": 0.89,
        "high": 1.27,
        "very_high": 1.74,
    }
    assert r["pu"]["jkm_pct"] == 0.30
    assert r["pu"]["jht_employer_pct"] + r["pu"]["jht_worker_pct"] == pytest.approx(5.7)
    assert r["pu"]["jp_employer_pct"] + r["pu"]["jp_worker_pct"] == 3.0
    assert r["bpu"]["jkk_regulation"] == "PP 44/2015"
    assert r["bpu"]["jkm_idr"] == 6_800
    assert r["benefits"]["jkm_death_idr"] == 42_000_000
    assert r["benefits"]["scholarship"]["max_total_idr"] == 174_000_000
    assert r["benefits"]["scholarship"]["max_children"] == 2
    assert "Permenaker 5/2021" in r["benefits"]["scholarship"]["regulation"]
    # The stated packages agree with the rates.
    assert r["bpu"]["minimum_package_idr"] == bpu_monthly_contribution()
    assert r["bpu"]["minimum_package_with_jht_idr"] == bpu_monthly_contribution(with_jht=True)
    r["bpu"]["jkm_idr"] = 0  # a copy: the cached reference is untouched
    assert bpu_monthly_contribution() == 16_800
    assert budget._load_rates.cache_info().currsize == 1


incomes = st.one_of(st.none(), st.integers(min_value=0, max_value=50_000_000))


@given(
    n=st.integers(min_value=0, max_value=5_000_000),
    months=st.integers(min_value=1, max_value=24),
    income=incomes,
    jht=st.booleans(),
)
def test_budget_and_workers_round_trip(n, months, income, jht):
    kw = dict(declared_income_idr=income, with_jht=jht)
    money = budget_needed(n, months, **kw)
    assert workers_covered_by_budget(money, months, **kw) == n
    if n > 0:  # one rupiah short buys one worker fewer
        assert workers_covered_by_budget(money - 1, months, **kw) == n - 1


@given(budget_idr=st.floats(min_value=0, max_value=1e13), jht=st.booleans())
def test_workers_never_overspend(budget_idr, jht):
    n = workers_covered_by_budget(budget_idr, with_jht=jht)
    assert budget_needed(n, with_jht=jht) <= budget_idr + 1e-3
    assert budget_needed(n + 1, with_jht=jht) > budget_idr
