"""reconcile: the Sumatera Selatan 2025 figures must come out flagged, with reasons."""

import pandas as pd
import pytest

from paritrana_analysis.reconcile import reconcile


@pytest.fixture
def sumsel():
    # Warta In (29 Apr 2025 meeting): 26% "selama ini", and 36% = ~1,1 juta of ~3 juta;
    # RimauNews (1 Aug 2025): 2.789.917 workers, 31,33%. BPS: ~4,4 juta working people.
    coverage = pd.DataFrame(
        {
            "region_code": ["ID-SS"] * 4,
            "region": ["Sumatera Selatan"] * 4,
            "level": ["province"] * 4,
            "segment": ["all", "all", "all", "village_officials"],
            "as_of": pd.to_datetime(["2025-04-29", "2025-04-29", "2025-08-01", "2025-08-01"]),
            "covered": pd.array([None, 1_100_000, 2_789_917, 44_547], dtype="Int64"),
            "potential": pd.array([None, 3_000_000, None, None], dtype="Int64"),
            "coverage_pct": pd.array([26.0, 36.0, 31.33, 89.1], dtype="Float64"),
            "source": ["Warta In (Asisten I)", "Warta In (Kakanwil)", "RimauNews", "AkselNews"],
        }
    )
    workforce = pd.DataFrame(
        {
            "region_code": ["ID-SS", "ID-SS"],
            "region": ["Sumatera Selatan"] * 2,
            "as_of": pd.to_datetime(["2024-08-01", "2025-02-01"]),
            "employed": pd.array([4_300_000, 4_400_000], dtype="Int64"),
            "source": ["BPS Aug 2024 (test)", "BPS Feb 2025 (test)"],
        }
    )
    return coverage, workforce


def test_sumatera_selatan_2025_is_flagged(sumsel):
    out = reconcile(*sumsel)
    assert len(out) == 3  # the segment row is not a total
    assert out["flagged"].all()
    rows = out.set_index("source")

    rimau = rows.loc["RimauNews"]
    assert rimau["denominator"] == round(2_789_917 / 0.3133) == 8_904_938
    assert rimau["denominator_kind"] == "implied"
    assert rimau["employed"] == 4_400_000  # nearest workforce date (Feb 2025)
    assert rimau["denominator_to_employed"] == pytest.approx(2_789_917 / 0.3133 / 4_400_000)
    assert "is 2,02 times the 4.400.000 working people BPS counts" in rimau["flag_reasons"]
    assert "different populations" in rimau["flag_reasons"]

    kakanwil = rows.loc["Warta In (Kakanwil)"]
    assert kakanwil["denominator_kind"] == "stated"
    assert kakanwil["pct_from_counts"] == pytest.approx(110 / 3)  # 36,67%
    assert kakanwil["denominator_to_employed"] == pytest.approx(3 / 4.4)
    reasons = kakanwil["flag_reasons"]
    assert "same month, different percentage: 36% here but 26%" in reasons
    assert "1.100.000 of 3.000.000 is 36,67%, not the stated 36%" in reasons
    assert "denominator 3.000.000 here but 8.904.938 from RimauNews" in reasons

    asisten = rows.loc["Warta In (Asisten I)"]
    assert "26% here but 36% from Warta In (Kakanwil)" in asisten["flag_reasons"]
    assert asisten["denominator"] is pd.NA


def test_consistent_figure_is_not_flagged():
    # Bali, 31 Mar 2025: 935.079 of 1.873.899 penduduk bekerja is 49,90%, stated 50,88%.
    coverage = pd.DataFrame(
        {
            "region_code": ["ID-BA"],
            "as_of": pd.to_datetime(["2025-03-31"]),
            "covered": [935_079],
            "potential": [1_873_899],
            "coverage_pct": [50.88],
            "source": ["ANTARA Bali"],
        }
    )
    workforce = pd.DataFrame(
        {
            "region_code": ["ID-BA"],
            "as_of": pd.to_datetime(["2025-03-31"]),
            "employed": [1_873_899],
            "source": ["ANTARA Bali"],
        }
    )
    strict = reconcile(coverage, workforce)
    assert strict["flagged"].iloc[0]  # 49,90% vs 50,88%: 0,98 points apart
    assert "is 49,9%, not the stated 50,88%" in strict["flag_reasons"].iloc[0]
    lenient = reconcile(coverage, workforce, pct_tolerance=1.0)
    assert not lenient["flagged"].iloc[0] and lenient["flag_reasons"].iloc[0] == ""
    assert lenient["denominator_to_employed"].iloc[0] == 1.0


def test_without_workforce(sumsel):
    out = reconcile(sumsel[0])
    assert out["employed"].isna().all()
    assert out["flagged"].all()  # date and denominator disagreements remain


def test_bad_input(sumsel):
    with pytest.raises(ValueError, match="lacks column"):
        reconcile(sumsel[0].drop(columns="as_of"))
    with pytest.raises(ValueError, match="no total"):
        reconcile(sumsel[0][sumsel[0]["segment"] != "all"])
    with pytest.raises(ValueError, match="lacks column"):
        reconcile(sumsel[0], sumsel[1].drop(columns="employed"))
    with pytest.raises(ValueError, match="negative"):
        reconcile(sumsel[0], pct_tolerance=-1)


def test_a_change_of_basis_is_flagged_and_numbered(sumsel):
    coverage, workforce = sumsel
    coverage = coverage.assign(basis=["unknown", "unknown", "potential", "unknown"],
                               qualifier=[None, "rounded", None, None],
                               derived=["tidak", "tidak", "tidak", "tidak"])
    out = reconcile(coverage, workforce).set_index("source")
    assert out["basis"].tolist() == ["unknown", "unknown", "potential"]  # by date
    assert out.loc["Warta In (Kakanwil)", "qualifier"] == "rounded"
    assert out.loc["RimauNews", "qualifier"] == "exact"
    assert not out["derived"].any()
    assert out["series_id"].nunique() == 3  # two sources that do not say, then potential
    assert "not comparable with the figure before: basis changes from unknown" in \
        out.loc["RimauNews", "flag_reasons"]
    assert "which divides by unknown, not potential" not in out.loc["RimauNews", "flag_reasons"]
    assert out.loc["Warta In (Kakanwil)", "series_break"].startswith("basis not stated")
