"""Counts of fewer than 10 persons never shown, nor what would give them away."""

import pandas as pd
import pytest

from paritrana_analysis.privacy import small_cells, suppress_small, suppression_note

AUG = pd.Timestamp("2025-08-01")


def _coverage():
    return pd.DataFrame({
        "region_code": ["16.71"] * 4 + ["16.05"] * 2,
        "segment": ["pu", "bpu", "jakon", "all", "pu", "bpu"], "as_of": AUG,
        "covered": pd.array([120, 5, 30, 155, 3, 40], dtype="Int64"),
        "potential": pd.array([1000] * 6, dtype="Int64"),
        "coverage_pct": [12.0, 0.5, 3.0, 15.5, 0.3, 4.0]})


def test_small_counts_and_their_percentages_are_hidden():
    shown = suppress_small(_coverage())
    assert shown["covered"].tolist() == [120, "<10", "–", 155, "<10", 40]
    assert shown["coverage_pct"].tolist() == [12.0, "–", "–", 15.5, "–", 4.0]
    assert shown["potential"].tolist() == [1000] * 6  # public BPS figures stay


def test_a_total_row_does_not_give_a_hidden_part_away():
    """16.71: 155 - 120 - 30 would reveal bpu = 5, so the next smallest part (jakon) is
    hidden too; 16.05 has no total row, so its one small part is enough."""
    mask = small_cells(_coverage())
    assert mask["covered"].tolist() == [False, True, True, False, True, False]
    one_part = _coverage().iloc[[1, 3]]  # bpu and all: nothing else to hide
    assert small_cells(one_part)["covered"].tolist() == [True, False]


def test_participant_and_claims_counts():
    people = pd.DataFrame({"region_code": ["16.71"] * 3, "segment": ["pu", "bpu", "all"],
                           "month": AUG, "active": [9, 10, 19], "new": [0, 1, 1],
                           "lapsed": [0, 0, 0]})
    shown = suppress_small(people)
    assert shown["active"].tolist() == ["<10", "–", 19]  # 10 hidden: 19 - 10 = 9
    assert shown["lapsed"].tolist() == [0, 0, 0]  # 0 is nobody: shown
    assert shown["new"].tolist() == [0, "<10", "<10"]  # the total is hidden itself
    claims = pd.DataFrame({"region_code": ["16.71", "16.05"], "period": "2025-08",
                           "program": ["JKM", "JKM"], "cases": [3, 250],
                           "amount_idr": [126e6, 1.05e10]})
    assert suppress_small(claims)["amount_idr"].tolist() == ["–", 1.05e10]
    assert suppress_small(claims, threshold=5)["cases"].tolist() == ["<5", 250]


def test_the_note_states_the_rule():
    assert suppression_note() == ('Angka 1-9 orang ditampilkan sebagai "<10", dan angka yang '
                                  'dapat membukanya sebagai "–", untuk melindungi data '
                                  'pribadi.')
    assert "<10" in suppression_note("en")
    with pytest.raises(ValueError):
        suppression_note("fr")
