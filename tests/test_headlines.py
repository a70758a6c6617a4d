"""Headline numbers the notebooks print, checked on the bundled data by hand."""

import pandas as pd
import pytest

from paritrana_analysis import latest_coverage, load_dataset
from paritrana_analysis.report import headlines as h


@pytest.fixture(scope="module")
def t():
    return {k: load_dataset(k) for k in ("coverage", "workforce", "claims", "targets", "awards")}


def test_latest_coverage_prefers_the_newest_figure_with_a_count(t):
    row = latest_coverage(t["coverage"], "ID-SS")
    assert row["as_of"] == pd.Timestamp("2025-08-01")
    assert row["coverage_pct"] == pytest.approx(31.33)
    assert row["covered"] == 2_789_917
    # On 29 Apr 2025 two figures (26% and 36% with 1,1 juta): the one with a count wins.
    assert latest_coverage(t["coverage"], "ID-SS", as_of="2025-05-01")["coverage_pct"] == 36


def test_latest_coverage_of_a_region_without_figures_is_none(t):
    assert latest_coverage(t["coverage"], "ID-PE") is None


def test_provincial_gap_for_sumatera_selatan(t):
    out = h.provincial(t["coverage"], t["targets"], region="ID-SS", target_year=2025)
    assert out["Cakupan Sumatera Selatan"].startswith("31,33% per 1 Agustus 2025")
    assert out["Target 2025"] == "51% (Gubernur)"
    assert out["Selisih ke target"] == "19,67 poin"  # 51 - 31,33
    assert out["Pekerja yang perlu didaftarkan"] == "1.751.602"  # 19,67% of 2.789.917/0,3133


def test_segments_and_budget_for_sumatera_selatan(t):
    seg = h.segments(t["coverage"], region="ID-SS")
    assert seg["Perangkat desa"] == "44.547 terlindungi, cakupan 89,1%, belum terlindungi 5.450"
    assert seg["Belum terlindungi (4 segmen)"] == "186.993"
    money = h.budget(20e6, coverage=t["coverage"], targets=t["targets"], region="ID-SS",
                     target_year=2025)
    assert money["Pekerja terlindungi dengan Rp20 juta (12 bulan)"] == "99"  # 20 jt / 201.600


def test_segments_with_only_a_percentage_or_only_a_count_read_as_sentences(t):
    seg = h.segments(t["coverage"], region="ID-JA")
    assert seg["Pekerja formal"] == "cakupan 52%"  # Jambi 2024: a percentage, no count
    assert seg["Pekerja miskin ekstrem"] == "117.000 terlindungi"


def test_pace_for_the_rest_of_this_year_is_points_and_months_not_a_yearly_rate(t):
    out = h.projection(t["coverage"], t["targets"], region="ID-SS", target_year=2025)
    assert out["Perlu naik ke 51% (akhir 2025)"] == "19,67 poin dalam 5 bulan"
    assert out["Laju perlu ke 99,5% (2045)"] == "3,5 poin/tahun"


def test_claims_and_reconciliation_for_sumatera_selatan(t):
    claims = h.claims(t["claims"], region="ID-SS")
    assert claims["Klaim Sumatera Selatan"].startswith("43.251 kasus, Rp718,7 miliar")
    rec = h.reconciliation(t["coverage"], t["workforce"], region="ID-SS")
    assert rec["Ditandai tidak konsisten"] == "3 dari 3"


@pytest.mark.parametrize("region", ["ID-PE", "16.06", "ID"])
def test_regions_with_little_data_say_so_instead_of_failing(t, region):
    for items in (
        h.provincial(t["coverage"], t["targets"], region=region, target_year=2025),
        h.segments(t["coverage"], region=region),
        h.claims(t["claims"], region=region),
        h.projection(t["coverage"], t["targets"], region=region, target_year=2025),
        h.awards(t["awards"], region=region),
        h.reconciliation(t["coverage"], t["workforce"], region=region),
    ):
        assert items and all(isinstance(v, str) and v for v in items.values())


def test_claims_headline_takes_the_latest_end_month_and_a_complete_total():
    rows = [("2024", "all", 4_200_000, 57e12, "JPNN"),
            ("2024-01/2024-08", "JHT", 2_070_000, 31.17e12, "Kontan")]
    table = pd.DataFrame(rows, columns=["period", "program", "cases", "amount_idr", "source"])
    table.insert(0, "region_code", "ID")
    table.insert(1, "region", "Indonesia")
    out = h.claims(table, region="ID")
    assert out["Klaim Indonesia"] == "4.200.000 kasus, Rp57 triliun (2024)"
    partial = h.claims(table[table["program"] == "JHT"], region="ID")
    assert partial["Klaim Indonesia"].endswith("hanya JHT)")


def test_projection_rests_on_one_figure_per_date():
    cov = pd.DataFrame({
        "region_code": ["ID-SS"] * 3, "segment": ["all"] * 3,
        "as_of": pd.to_datetime(["2024-12-31", "2025-12-31", "2025-12-31"]),
        "covered": pd.array([3_000, 3_200, None], dtype="Int64"),
        "coverage_pct": pd.array([30.0, 32.0, 40.0], dtype="Float64"),
        "source": ["a", "b", "c"],
    })
    out = h.projection(cov, cov.iloc[0:0].assign(year=[], target_pct=[]), region="ID-SS",
                       target_year=2025)
    # 30% -> 32% (the figure with a count), 2 points a year: about 72% at the end of 2045
    # (the average of 32% and 40% would give 36% and 150% capped at 100%).
    assert out["Proyeksi 2045 (linear)"].startswith("72%")
    assert out["Dasar proyeksi"] == "angka pada 2 tanggal"
