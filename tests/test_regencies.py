"""Kabupaten/kota within a province: figures, ranking and gap, change within one series,
province beside the sum of its parts; from generated recaps and the bundled figures."""

import pandas as pd
import pytest

import paritrana_analysis as pa
from paritrana_analysis import regencies as R

JAMBI = ["15.01", "15.02", "15.03", "15.04", "15.05", "15.06", "15.07", "15.08", "15.09",
         "15.71", "15.72"]


def _row(code, as_of, *, covered=None, potential=None, pct=None, segment="all",
         basis="potential", source="Rekap Kanwil", level="regency", **extra):
    return {"region_code": code, "region": pa.region_name(code), "level": level,
            "segment": segment, "as_of": pd.Timestamp(as_of), "covered": covered,
            "potential": potential, "coverage_pct": pct, "basis": basis, "source": source,
            **extra}


def _table(rows) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    return df.astype({"covered": "Int64", "potential": "Int64", "coverage_pct": "Float64"})


def _recap(as_of="2025-09-30", province_covered=None):
    """A full Jambi recap: every kabupaten/kota with count and denominator."""
    rows = [_row(code, as_of, covered=10_000 * (i + 1), potential=40_000 + 1_000 * i)
            for i, code in enumerate(JAMBI)]
    total_cov = sum(r["covered"] for r in rows)
    total_pot = sum(r["potential"] for r in rows)
    rows.append(_row("ID-JA", as_of, level="province",
                     covered=province_covered if province_covered else total_cov,
                     potential=total_pot))
    return _table(rows)


@pytest.fixture(scope="module")
def bundled():
    return pa.load_dataset("coverage"), pa.load_dataset("targets")


# --------------------------------------------------------------------------- figures


def test_every_regency_is_listed_with_its_figure_or_why_not():
    rows = [_row("15.04", "2025-01-01", covered=49_803, potential=98_206),
            _row("15.04", "2025-06-01", covered=50_000, pct=51.0, basis="unknown",
                 source="Berita"),
            _row("15.02", "2025-06-01", covered=1_937, basis="none", segment="all")]
    table = R.regency_figures(_table(rows), "ID-JA")
    assert list(table["region_code"]) == JAMBI  # all eleven, code order
    by = table.set_index("region_code")
    assert by.loc["15.04", "status"] == "figure"
    assert by.loc["15.04", "coverage_pct"] == 51.0  # the newest
    assert by.loc["15.02", "status"] == "count_only" and by.loc["15.02", "covered"] == 1_937
    assert (table["status"] == "no_figure").sum() == 9
    assert by.loc["15.04", "basis"] == "unknown"


def test_as_of_leaves_out_later_figures():
    rows = [_row("15.04", "2025-01-01", covered=49_803, potential=98_206),
            _row("15.04", "2025-06-01", covered=60_000, potential=98_206)]
    table = R.regency_figures(_table(rows), "ID-JA", as_of="2025-03-01")
    assert table.set_index("region_code").loc["15.04", "covered"] == 49_803


def test_a_percentage_of_a_target_is_not_a_figure():
    rows = [_row("15.04", "2025-01-01", covered=1_616, potential=1_800, basis="target_share")]
    table = R.regency_figures(_table(rows), "ID-JA")
    assert table.set_index("region_code").loc["15.04", "status"] == "count_only"


def test_province_of_and_unknown_codes():
    assert R.province_of("16.05") == "ID-SS" and R.province_of("ID-LA") == "ID-LA"
    with pytest.raises(ValueError):
        R.province_of("ID")
    with pytest.raises(ValueError, match="not a province"):
        R.regency_figures(_recap(), "XX")


def test_has_regency_data():
    recap = _recap()
    assert R.has_regency_data(recap, "ID-JA") and R.has_regency_data(recap, "15.71")
    assert not R.has_regency_data(recap, "ID-SS")
    assert not R.has_regency_data(recap, "ID")


# --------------------------------------------------------------------------- ranking


def test_ranking_gap_in_points_and_workers_and_share_of_the_province_gap():
    rows = [_row("15.04", "2025-06-01", covered=49_803, potential=98_206),   # 50,71%
            _row("15.09", "2025-06-01", pct=31.49, basis="unknown"),        # no denominator
            _row("15.71", "2025-06-01", covered=60_000, pct=60.0),           # above target
            _row("ID-JA", "2025-06-01", level="province", covered=580_000, pct=44.0,
                 basis="unknown")]
    ranking = R.regency_ranking(_table(rows), "ID-JA", target_pct=55, target_year=2025)
    assert len(ranking) == 11
    ranked = ranking[ranking["rank"].notna()].set_index("region_code")
    assert list(ranked.index) == ["15.71", "15.04", "15.09"]
    bat = ranked.loc["15.04"]
    assert bat["gap_points"] == pytest.approx(55 - 49_803 / 98_206 * 100)
    # 55% of 98.206 is 54.013,3 workers: 4.210,3 more than 49.803, rounded up
    assert bat["gap_workers"] == 4_211
    # the province: 580.000 at 44% -> potential 1.318.182 -> 11 points = 145.000 workers
    assert bat["province_gap_workers"] == 145_000
    assert bat["share_of_province_gap"] == pytest.approx(4_211 / 145_000 * 100, abs=0.01)
    assert pd.isna(ranked.loc["15.09", "gap_workers"])
    assert ranked.loc["15.09", "gap_points"] == pytest.approx(23.51)
    assert ranked.loc["15.71", "target_met"] and ranked.loc["15.71", "gap_workers"] == 0
    assert ranked.loc["15.71", "potential_implied"]
    assert ranking["province_pct"].iloc[0] == 44.0


def test_ranking_without_any_figure_keeps_every_regency():
    ranking = R.regency_ranking(_recap().iloc[0:0], "ID-JA", target_pct=55)
    assert len(ranking) == 11 and ranking["rank"].isna().all()
    assert set(ranking["status"]) == {"no_figure"}


def test_provincial_target_open_then_past():
    targets = pd.DataFrame({"region_code": ["ID-SS", "ID-SS", "ID-SS", "ID"],
                            "year": [2025, 2025, 2027, 2026],
                            "target_pct": [51.0, 48.0, 60.0, 34.99],
                            "basis": ["Gubernur", "Pemprov", "Gubernur", "RKP"],
                            "source": ["a", "b", "c", "d"]})
    now = R.provincial_target(targets, "ID-SS", today="2025-03-01")
    assert (now["year"], now["target_pct"], now["status"]) == (2025, 51.0, "open")
    assert now["other_targets"] == "48% (Pemprov)"
    later = R.provincial_target(targets, "ID-SS", today="2026-11-26")
    assert (later["year"], later["status"]) == (2027, "open")
    gone = R.provincial_target(targets, "ID-SS", today="2028-01-01")
    assert (gone["year"], gone["status"]) == (2027, "past")
    assert R.provincial_target(targets, "ID-JA", today="2026-11-26") is None


# --------------------------------------------------------------------------- change


def test_change_within_one_series_and_not_across_a_change_of_basis():
    rows = [_row("15.04", "2024-08-01", covered=45_000, potential=98_000),
            _row("15.04", "2025-08-01", covered=49_803, potential=98_206),
            _row("15.03", "2024-09-01", covered=18_092, potential=106_590, basis="labour_force"),
            _row("15.03", "2025-10-01", covered=18_788, potential=61_794),
            _row("15.09", "2025-01-01", pct=31.49, basis="unknown")]
    change = R.regency_change(_table(rows), "ID-JA").set_index("region_code")
    bat = change.loc["15.04"]
    assert bool(bat["comparable"]) and bat["change_covered"] == 4_803
    assert bat["change_points"] == pytest.approx(49_803 / 98_206 * 100 - 45_000 / 98_000 * 100,
                                                 abs=0.01)
    # Solok Selatan's case: labour force, then potential workers: no change is given
    sar = change.loc["15.03"]
    assert sar["from_as_of"] == pd.Timestamp("2025-10-01")  # the current series starts here
    assert not bool(sar["comparable"]) and "one figure only" in sar["why"]
    asked = R.regency_change(_table(rows), "ID-JA", start="2024-12-31").set_index(
        "region_code").loc["15.03"]
    assert not bool(asked["comparable"]) and pd.isna(asked["change_points"])
    assert "basis changes from labour_force to potential" in asked["why"]
    assert "ID-JA" not in change.index  # the province has no figure here
    assert "15.01" not in change.index  # nor has Kerinci


def test_change_with_a_start_before_any_figure_says_so():
    rows = [_row("15.04", "2025-08-01", covered=49_803, potential=98_206)]
    change = R.regency_change(_table(rows), "ID-JA", start="2020-01-01")
    assert "no figure on or before 2020-01-01" in change["why"].iloc[0]


# --------------------------------------------------------------------------- sums


def test_a_complete_recap_agrees_with_its_province_row():
    table = R.province_vs_regencies(_recap(), "ID-JA")
    row = table.iloc[0]
    assert row["status"] == "agree" and row["with_count"] == 11 == row["regencies"]
    assert row["sum_covered"] == row["province_covered"]
    assert row["sums_pct"] == pytest.approx(row["sum_covered"] / row["sum_potential"] * 100,
                                               abs=0.01)


def test_a_recap_whose_parts_do_not_add_up_disagrees_and_says_by_how_much():
    recap = _recap(province_covered=700_000)  # the eleven add up to 660.000
    row = R.province_vs_regencies(recap, "ID-JA").iloc[0]
    assert row["status"] == "disagree"
    assert "add up to 660,000" in row["reason"] and "-5.7%" in row["reason"]


def test_some_parts_already_more_than_the_whole():
    rows = [_row("15.04", "2025-06-01", covered=400_000, potential=600_000),
            _row("15.71", "2025-06-01", covered=300_000, potential=500_000),
            _row("ID-JA", "2025-06-01", level="province", covered=580_000, potential=1_300_000)]
    row = R.province_vs_regencies(_table(rows), "ID-JA").iloc[0]
    assert row["status"] == "disagree" and "2 of 11" in row["reason"]


def test_percentages_alone_a_province_outside_its_range_disagrees():
    rows = [_row(code, "2024-09-24", pct=20 + i, basis="unknown")
            for i, code in enumerate(JAMBI)]
    rows.append(_row("ID-JA", "2024-09-24", level="province", pct=45.0, basis="unknown"))
    row = R.province_vs_regencies(_table(rows), "ID-JA").iloc[0]
    assert row["status"] == "disagree" and "outside the range" in row["reason"]
    rows[-1] = _row("ID-JA", "2024-09-24", level="province", pct=25.0, basis="unknown")
    row = R.province_vs_regencies(_table(rows), "ID-JA").iloc[0]
    assert row["status"] == "consistent" and "cannot be checked" in row["reason"]


def test_dates_without_a_province_figure_are_shown_too():
    rows = [_row("15.04", "2025-06-01", covered=49_803, potential=98_206)]
    table = R.province_vs_regencies(_table(rows), "ID-JA")
    assert list(table["status"]) == ["no_province"] and table["sum_covered"].iloc[0] == 49_803


# --------------------------------------------------------------------------- segments


def test_segments_of_the_regencies_only_with_target_shares_as_counts():
    rows = [_row("15.02", "2025-10-01", covered=1_937, segment="village_officials",
                 basis="none"),
            _row("15.02", "2025-10-01", covered=800, potential=1_000,
                 segment="palm_smallholders", basis="target_share"),
            _row("16.02", "2025-08-01", covered=5_302, pct=100.0, segment="village_officials")]
    seg = R.regency_segments(_table(rows), "ID-JA").set_index("segment")
    assert list(seg["region_code"].unique()) == ["15.02"]
    assert seg.loc["palm_smallholders", "covered"] == 800
    assert pd.isna(seg.loc["palm_smallholders", "coverage_pct"])  # 80% of a target: not coverage
    assert R.regency_segments(_table(rows), "ID-LA").empty


# --------------------------------------------------------------------------- bundled


def test_bundled_sumatera_selatan(bundled):
    coverage, targets = bundled
    target = R.provincial_target(targets, "ID-SS", today="2026-11-26")
    assert (target["year"], target["target_pct"], target["status"]) == (2025, 51.0, "past")
    ranking = R.regency_ranking(coverage, "ID-SS", target_pct=51, target_year=2025)
    assert len(ranking) == 17
    ranked = ranking[ranking["rank"].notna()]
    assert list(ranked["region"]) == ["Kab. Musi Banyuasin", "Kab. Musi Rawas",
                                      "Kab. Ogan Komering Ulu Selatan"]
    # Musi Rawas: 45,94% of 153.103 -> 5,06 points = 7.748 workers to 51%
    assert ranked.set_index("region_code").loc["16.05", "gap_workers"] == 7_748
    parts = R.province_vs_regencies(coverage, "ID-SS")
    aug = parts[parts["as_of"] == pd.Timestamp("2025-08-01")].iloc[0]
    assert aug["status"] == "partial" and aug["with_count"] == 2


def test_bundled_lampung_all_fifteen_from_one_publication(bundled):
    coverage, _ = bundled
    parts = R.province_vs_regencies(coverage, "ID-LA", as_of="2024-09-24").iloc[0]
    assert parts["with_pct"] == 15 == parts["regencies"]
    assert parts["status"] == "consistent"
    assert (parts["low_pct"], parts["high_pct"]) == (1.9, 32.9)


def test_no_share_of_a_province_gap_whose_denominator_exceeds_the_working_population(bundled):
    coverage, _ = bundled
    workforce = pa.load_dataset("workforce")
    alone = R.regency_ranking(coverage, "ID-SS", target_pct=51, target_year=2025)
    # 31,33% of ~8,9 juta implied: 1.751.602 workers to 51%
    assert alone["province_gap_workers"].iloc[0] == 1_751_602
    checked = R.regency_ranking(coverage, "ID-SS", target_pct=51, target_year=2025,
                                workforce=workforce)
    # BPS counts ~4,5 juta working people: a gap in workers on that base does not stand
    assert checked["province_gap_workers"].isna().all()
    assert checked["share_of_province_gap"].isna().all()
    assert checked.set_index("region_code").loc["16.05", "gap_workers"] == 7_748
