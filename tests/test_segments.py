"""Segment breakdown: implied potentials and uncovered workers, by hand."""

import pandas as pd
import pytest

from paritrana_analysis.segments import segment_breakdown


@pytest.fixture
def coverage():
    # AkselNews, 1 Aug 2025 (Sumatera Selatan); APJN, ~Jun 2025 (Aceh, with potentials).
    rows = [
        ("ID-SS", "Sumatera Selatan", "all", "2025-08-01", 2_789_917, None, 31.33),
        ("ID-SS", "Sumatera Selatan", "village_officials", "2025-08-01", 44_547, None, 89.1),
        ("ID-SS", "Sumatera Selatan", "non_asn", "2025-08-01", 86_007, None, 46.7),
        ("ID-SS", "Sumatera Selatan", "rt_rw", "2025-08-01", 13_117, None, 15.1),
        ("ID-SS", "Sumatera Selatan", "palm_smallholders", "2025-08-01", 40_011, None, 80.6),
        ("ID-SS", "Sumatera Selatan", "palm_smallholders", "2024-09-09", 19_023, 29_000, None),
        ("ID-AC", "Aceh", "village_officials", "2025-06-03", 81_622, 253_305, None),
        ("ID-AC", "Aceh", "non_asn", "2025-06-03", 30_277, 44_834, None),
    ]
    out = pd.DataFrame(
        rows,
        columns=[
            "region_code",
            "region",
            "segment",
            "as_of",
            "covered",
            "potential",
            "coverage_pct",
        ],
    )
    out["as_of"] = pd.to_datetime(out["as_of"])
    out["covered"] = out["covered"].astype("Int64")
    out["potential"] = out["potential"].astype("Int64")
    out["coverage_pct"] = out["coverage_pct"].astype("Float64")
    out["source"] = "test"
    return out


def test_sumatera_selatan_segments(coverage):
    out = segment_breakdown(coverage, region_code="ID-SS")
    assert out["segment"].tolist() == [
        "village_officials",
        "palm_smallholders",
        "non_asn",
        "rt_rw",
    ]  # highest coverage first
    v = out.iloc[0]
    assert v["potential"] == round(44_547 / 0.891) == 49_997
    assert v["uncovered"] == 49_997 - 44_547 == 5_450
    assert v["potential_implied"]
    rt = out.set_index("segment").loc["rt_rw"]
    assert rt["potential"] == round(13_117 / 0.151)  # 86.868
    assert rt["uncovered"] == 86_868 - 13_117
    # Only the latest palm smallholder figure is kept (2025, not 2024).
    assert out.set_index("segment").loc["palm_smallholders", "covered"] == 40_011


def test_stated_potential_gives_the_percentage(coverage):
    out = segment_breakdown(coverage, region_code="ID-AC", ascending=True)
    assert out["segment"].tolist() == ["village_officials", "non_asn"]  # lowest first
    v = out.iloc[0]
    assert v["coverage_pct"] == pytest.approx(81_622 / 253_305 * 100)  # 32,2%
    assert v["uncovered"] == 253_305 - 81_622
    assert not v["potential_implied"]


def test_all_regions_total_and_history(coverage):
    out = segment_breakdown(coverage)
    assert set(out["region_code"]) == {"ID-SS", "ID-AC"} and "all" not in set(out["segment"])
    assert "all" in set(segment_breakdown(coverage, include_total=True)["segment"])
    assert len(segment_breakdown(coverage, region_code="ID-SS", latest=False)) == 5


def test_count_or_percentage_only_is_kept_with_unknowns(coverage):
    extra = pd.DataFrame(
        {
            "region_code": ["ID-JA", "16.06"],
            "region": ["Jambi", "Kab. Musi Banyuasin"],
            "segment": ["informal", "vulnerable_workers"],
            "as_of": pd.to_datetime(["2024-06-10", "2024-12-31"]),
            "covered": pd.array([None, 45_000], dtype="Int64"),
            "potential": pd.array([None, None], dtype="Int64"),
            "coverage_pct": pd.array([24.0, None], dtype="Float64"),
            "source": "test",
        }
    )
    out = segment_breakdown(pd.concat([coverage, extra], ignore_index=True))
    ja = out.set_index("region_code").loc["ID-JA"]
    assert ja["coverage_pct"] == 24 and ja["potential"] is pd.NA and ja["uncovered"] is pd.NA
    muba = out.set_index("region_code").loc["16.06"]
    assert muba["covered"] == 45_000 and muba["coverage_pct"] is pd.NA
    assert muba["potential_implied"] is pd.NA


def test_bad_input(coverage):
    with pytest.raises(ValueError, match="no segment rows"):
        segment_breakdown(coverage, region_code="ID-JA")
    bad = coverage.copy()
    bad.loc[1, "coverage_pct"] = 120
    with pytest.raises(ValueError, match="0-100"):
        segment_breakdown(bad)
    with pytest.raises(ValueError, match="lacks column"):
        segment_breakdown(coverage.drop(columns="segment"))


def test_two_sources_on_the_latest_date_give_one_row():
    rows = pd.DataFrame({
        "region_code": ["ID-SS"] * 3,
        "region": ["Sumatera Selatan"] * 3,
        "segment": ["village_officials"] * 3,
        "as_of": pd.to_datetime(["2025-08-01", "2025-08-01", "2024-01-01"]),
        "covered": pd.array([None, 44_547, 40_000], dtype="Int64"),
        "potential": pd.array([None, None, 50_000], dtype="Int64"),
        "coverage_pct": pd.array([90.0, 89.1, None], dtype="Float64"),
        "source": ["percentage only", "count and percentage", "old"],
    })
    out = segment_breakdown(rows)
    assert len(out) == 1  # not one row per source
    one = out.iloc[0]
    assert one["source"] == "count and percentage"
    assert one["uncovered"] == 5_450  # counted once
    older = segment_breakdown(rows.iloc[[2]])
    assert older["coverage_pct"].iloc[0] == pytest.approx(80.0)  # from the counts
