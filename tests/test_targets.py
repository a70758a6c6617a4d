"""targets_for: own, province and national targets, labelled."""

import math
import sys
import types

import pandas as pd
import pytest

from paritrana_analysis.targets import targets_for


@pytest.fixture
def targets():
    return pd.DataFrame(
        {
            "region_code": ["ID", "ID", "ID", "ID", "ID-SS", "ID-SS", "ID-JA"],
            "region": ["Indonesia"] * 4 + ["Sumatera Selatan"] * 2 + ["Jambi"],
            "year": [2025, 2025, 2029, 2045, 2025, 2025, 2025],
            "target_pct": pd.array([32.15, 52.15, 43.92, 99.5, 51, 48, 55], dtype="Float64"),
            "basis": ["RPJMN", "Kemendagri", "RPJMN", "RPJPN", "Gubernur", "Gubernur", "Gubernur"],
            "source": [
                "Kabaran",
                "Kabaran",
                "Kabaran",
                "Kabaran",
                "RimauNews",
                "Warta In",
                "Jambi article",
            ],
        }
    )


def test_province_gets_its_own_and_national_targets(targets):
    out = targets_for("ID-SS", 2025, targets)
    assert out["applies"].tolist() == ["own", "own", "national", "national"]
    assert sorted(out.loc[out["applies"] == "own", "target_pct"]) == [48, 51]
    national = out[out["applies"] == "national"].set_index("basis")["target_pct"]
    assert national["RPJMN"] == 32.15 and national["Kemendagri"] == 52.15
    assert list(out.columns[:7]) == [
        "region_code",
        "region",
        "year",
        "target_pct",
        "basis",
        "source",
        "applies",
    ]


def test_regency_gets_province_and_national(targets):
    out = targets_for("16.05", 2025, targets)  # Kab. Musi Banyuasin, Sumatera Selatan
    assert set(out["applies"]) == {"province", "national"}
    assert set(out.loc[out["applies"] == "province", "region_code"]) == {"ID-SS"}


def test_national_and_all_years(targets):
    out = targets_for("ID", 2045, targets)
    assert out["target_pct"].tolist() == [99.5]
    assert out["applies"].tolist() == ["own"]
    assert len(targets_for("ID-SS", None, targets)) == 6  # every year: 2 own + 4 national


def test_no_target_is_an_empty_table(targets):
    out = targets_for("ID-AC", 2030, targets)
    assert out.empty and "target_pct" in out.columns


def test_bad_input(targets):
    with pytest.raises(ValueError, match="region_code"):
        targets_for("", 2025, targets)
    with pytest.raises(ValueError, match="whole year"):
        targets_for("ID-SS", 2025.5, targets)
    with pytest.raises(ValueError, match="lacks column"):
        targets_for("ID-SS", 2025, targets.drop(columns="target_pct"))


def test_loads_the_bundled_targets_when_none_given(targets, monkeypatch):
    calls = []
    fake = types.ModuleType("paritrana_analysis.dataset")

    def load_dataset(name):
        calls.append(name)
        return targets

    fake.load_dataset = load_dataset
    monkeypatch.setitem(sys.modules, "paritrana_analysis.dataset", fake)
    monkeypatch.delattr("paritrana_analysis.dataset", raising=False)
    out = targets_for("ID-JA", 2025)
    assert calls == ["targets"]
    assert out.loc[out["applies"] == "own", "target_pct"].tolist() == [55]


def test_a_missing_basis_is_not_the_text_nan(targets):
    from paritrana_analysis.targets import pick_targets

    t = targets.copy()
    t["basis"] = t["basis"].astype("object")
    t.loc[5, "basis"] = None  # ID-SS 48%, basis unknown
    out = pick_targets(t, 2025).set_index("region_code")
    assert out.loc["ID-SS", "other_targets"] == "48%"  # not "48% (nan)"
    t.loc[4, "basis"] = None
    assert pick_targets(t, 2025).set_index("region_code").loc["ID-SS", "target_basis"] == ""


def test_unknown_regency_code_gets_no_province_target(targets):
    out = targets_for("99.99", 2025, targets)
    assert set(out["applies"]) == {"national"}


def test_gap_for_newest_figure_target_and_gap(targets):
    from paritrana_analysis.targets import gap_for

    coverage = pd.DataFrame({
        "region_code": ["ID-SS", "ID-SS"], "segment": ["all", "all"],
        "as_of": pd.to_datetime(["2024-01-01", "2025-08-01"]),
        "covered": pd.array([None, 2_789_917], dtype="Int64"),
        "coverage_pct": pd.array([25.0, 31.33], dtype="Float64"),
        "source": ["old", "RimauNews"],
    })
    found = gap_for(coverage, targets, "ID-SS", 2025)
    assert found.figure["coverage_pct"] == 31.33 and found.year == 2025
    assert found.target["target_pct"] == 48  # two Gubernur targets: the later row
    assert found.gap.points == pytest.approx(48 - 31.33)
    assert found.gap.workers == math.ceil((48 - 31.33) / 100 * 2_789_917 / 0.3133 - 1e-6)
    # Without a year: the figure's own year when the region has a target for it.
    assert gap_for(coverage, targets, "ID-SS").year == 2025
    none = gap_for(coverage, targets, "ID-SS", 2030)
    assert none.target is None and none.gap is None
    assert gap_for(coverage, targets, "ID-JA") is None
