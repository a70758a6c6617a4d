"""Headline numbers the notebooks print, checked on the bundled data by hand."""

import re

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


def test_provincial_reports_the_past_target_as_missed_and_the_next_one(t):
    # the clock is fixed at 26 Nov 2026 (conftest): the 2025 target has passed
    out = h.provincial(t["coverage"], t["targets"], t["workforce"], region="ID-SS")
    assert out["Cakupan Sumatera Selatan"].startswith("31,33% (Agustus 2025;")
    assert out["Target 2025 (51%, Gubernur)"].startswith("tidak tercapai: 31,33% (Agustus 2025)")
    assert out["Target 2045 (99,5%, RPJPN)"] == "kurang 68,17 poin dari 31,33% (Agustus 2025)"
    # 2.789.917 / 31,33% = ~8,9 juta, 1,98 x BPS's working people: no count of workers
    assert out["Catatan"].startswith("31,33% (Agustus 2025) ditandai rekonsiliasi")
    assert out["Pekerja yang perlu didaftarkan (target 2045)"].startswith("tidak dihitung")


def test_before_the_deadline_the_same_target_is_open(t, monkeypatch):
    from paritrana_analysis import clock

    monkeypatch.setattr(clock, "today", lambda: __import__("datetime").date(2025, 9, 1))
    out = h.provincial(t["coverage"], t["targets"], t["workforce"], region="ID-SS")
    assert out["Target 2025 (51%, Gubernur)"] == "kurang 19,67 poin dari 31,33% (Agustus 2025)"
    assert "Target 2045 (99,5%, RPJPN)" not in out  # the next target is 2025's
    pace = h.projection(t["coverage"], t["targets"], t["workforce"], region="ID-SS")
    assert pace["Perlu naik ke 51% (akhir 2025)"] == "19,67 poin dalam 5 bulan"
    # as_of (AS_OF, --as-of) overrides today: in May 2025 the figure was April's 36%
    may = h.provincial(t["coverage"], t["targets"], t["workforce"], region="ID-SS",
                       as_of="2025-05-01")
    assert may["Cakupan Sumatera Selatan"].startswith("sekitar 36% (29 April 2025;")


def test_headlines_speak_the_runs_language(t):
    out = h.provincial(t["coverage"], t["targets"], t["workforce"], region="ID-SS", lang="en")
    assert out["Coverage, South Sumatra"].startswith("31.33% (August 2025;")
    assert out["2025 target (51%, Gubernur)"].startswith("missed: 31.33%")


def test_segments_and_budget_for_sumatera_selatan(t):
    seg = h.segments(t["coverage"], region="ID-SS")
    # the potential 49.997 is worked out from 44.547 and 89,1%: an approximation
    assert seg["Perangkat desa"] == ("44.547 terlindungi, cakupan 89,1%, belum terlindungi "
                                     "sekitar 5,45 ribu")
    assert seg["Belum terlindungi (4 segmen)"] == "sekitar 187 ribu"
    money = h.budget(20e6, coverage=t["coverage"], targets=t["targets"],
                     workforce=t["workforce"], region="ID-SS")
    assert money["Pekerja terlindungi dengan Rp20 juta (12 bulan)"] == "99"  # 20 jt / 201.600
    # no cost from a denominator twice the working population
    assert money["Biaya setahun menutup selisih Sumatera Selatan (target 2045)"].startswith(
        "tidak dihitung")


def test_segments_with_only_a_percentage_or_only_a_count_read_as_sentences(t):
    seg = h.segments(t["coverage"], region="ID-JA")
    assert seg["Pekerja formal"] == "cakupan 52%"  # Jambi 2024: a percentage, no count
    assert seg["Pekerja miskin ekstrem"] == "117.000 terlindungi"


def test_pace_to_2045_from_the_figure_we_stand_behind(t):
    out = h.projection(t["coverage"], t["targets"], t["workforce"], region="ID-SS")
    assert out["Laju perlu ke 99,5% (2045)"] == "3,5 poin/tahun"
    # 36% (3 juta) and 31,33% (~8,9 juta) are not one series: no trend through them
    assert out["Tren"].startswith("riwayat sebanding terlalu pendek (1 angka)")


def test_claims_and_reconciliation_for_sumatera_selatan(t):
    claims = h.claims(t["claims"], region="ID-SS")
    assert claims["Klaim Sumatera Selatan"].startswith("43.251 kasus, Rp718,7 miliar")
    rec = h.reconciliation(t["coverage"], t["workforce"], region="ID-SS")
    # 2018, Aug and Sep 2024, 26% and 36% (29 Apr 2025), 31,33%: all but the 2018 figure
    # disagree with another or start a new comparable series
    assert rec["Ditandai tidak konsisten"] == "5 dari 6"
    assert rec["Angka yang dipakai grafik dan ringkasan"] == "31,33% (Agustus 2025)"


@pytest.mark.parametrize("region", ["ID-PE", "16.06", "ID"])
def test_regions_with_little_data_say_so_instead_of_failing(t, region):
    for items in (
        h.provincial(t["coverage"], t["targets"], t["workforce"], region=region),
        h.segments(t["coverage"], region=region),
        h.claims(t["claims"], region=region),
        h.projection(t["coverage"], t["targets"], t["workforce"], region=region),
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
    assert partial["Klaim Indonesia"].endswith(", hanya JHT")


def test_projection_rests_on_one_figure_per_date():
    cov = pd.DataFrame({
        "region_code": ["ID-SS"] * 3, "segment": ["all"] * 3,
        "as_of": pd.to_datetime(["2024-12-31", "2025-12-31", "2025-12-31"]),
        "covered": pd.array([3_000, 3_200, None], dtype="Int64"),
        "coverage_pct": pd.array([30.0, 32.0, 40.0], dtype="Float64"),
        "source": ["Rekap Kanwil", "Rekap Kanwil", "c"],  # one office: one comparable series
    })
    out = h.projection(cov, cov.iloc[0:0].assign(year=[], target_pct=[]), region="ID-SS",
                       method="linear")
    # 30% -> 32% (the figure with a count), 2 points a year: about 72% at the end of 2045
    # (the average of 32% and 40% would give 36% and 150% capped at 100%).
    assert out["Proyeksi 2045 (linear)"].startswith("72,0% (tanpa rentang")
    assert out["Tren"] == "dari 2 angka sebanding"
    # two yearly figures are no track record: the default (chosen by backtest) says so
    auto = h.projection(cov, cov.iloc[0:0].assign(year=[], target_pct=[]), region="ID-SS")
    assert auto["Tren"] == "riwayat sebanding terlalu pendek (2 angka); pakai laju yang dibutuhkan"


def test_projection_names_the_method_its_record_and_the_range():
    years = list(range(2016, 2026))
    noise = [0.4, -0.3, 0.2, -0.5, 0.1, 0.3, -0.2, 0.4, -0.1, 0.0]
    cov = pd.DataFrame({
        "region_code": "ID-JA", "segment": "all",
        "as_of": pd.to_datetime([f"{y}-12-31" for y in years]),
        "coverage_pct": pd.array([30 + 3.5 * i + e for i, e in enumerate(noise)],
                                 dtype="Float64"),
        "covered": pd.array([1_000_000 + 50_000 * i for i in range(10)], dtype="Int64"),
        "source": "uji",
    })
    out = h.projection(cov, cov.iloc[0:0].assign(year=[], target_pct=[]), region="ID-JA")
    method = next(k for k in out if k.startswith("Proyeksi 2045"))[15:-1]
    assert method in {"linear", "majemuk", "logistik", "naif"}
    assert re.fullmatch(r"\d+(,\d)?% \(rentang \d+(,\d)?%–\d+(,\d)?%\)",
                        out[f"Proyeksi 2045 ({method})"])
    assert re.fullmatch(method + r", galat rata-rata \d+,\d% pada 6 tahun, dalam 5% pada "
                        r"\d dari 3 backtest \(naif: \d+,\d%\)", out["Rekam jejak metode"])
    assert out["Tren"] == "dari 10 angka sebanding"
    assert re.fullmatch(r"(\d{4}|belum sampai 2045) \(paling cepat \d{4}, paling lambat "
                        r"(\d{4}|setelah 2045)\)", out["Tahun 99,5% tercapai"])
    # Participants grew by exactly 50.000 a year: linear, no error, 2,45 million by 2045.
    assert out["Peserta aktif 2045 (linear)"] == "2,5 juta (rentang 2,5 juta–2,5 juta)"
    assert out["Rekam jejak metode (peserta)"] == (
        "linear, galat rata-rata 0,0% pada 6 tahun, dalam 5% pada 3 dari 3 backtest "
        "(naif: 0,0%)")


def test_summary_cards_cite_each_outlet_once_in_the_runs_language(t):
    """Every card cites as the chart footers do: outlets once with their date, a plan
    target as its regulation, months in the run's language."""
    cards = h.summary_cards(t, region="ID-SS")
    assert [c["source"] for c in cards] == [
        "AkselNews, Koranlapos, RimauNews (27 Agu 2025)",
        "Koranlapos, RimauNews (27 Agu 2025)",  # the 51% target, as the news reported it
        "RPJPN 2025–2045 (UU 59/2024)",
        "AkselNews (27 Agu 2025)",
    ]
    english = h.summary_cards(t, region="ID-SS", lang="en")
    assert english[1]["source"] == "Koranlapos, RimauNews (27 Aug 2025)"


def test_projection_headline_uses_only_what_was_known_at_the_reference_date(t):
    """At the end of 2023 the participants' projection runs 22 years to 2045 from
    Decembers up to 2023, so its record is taken at 3 years (the longest horizon those
    figures can test), not at the 5 years the 2024-2025 figures allow today."""
    record = "Method's track record (participants)"
    out = h.projection(t["coverage"], t["targets"], t["workforce"], region="ID",
                       as_of="2023-12-31", lang="en")
    assert out["Latest figure"] == "26.97% (July 2023)"
    assert out[record].startswith("linear, mean error 31.2% at 3 years")
    now = h.projection(t["coverage"], t["targets"], t["workforce"], region="ID", lang="en")
    assert now[record].startswith("linear, mean error 25.0% at 5 years")
