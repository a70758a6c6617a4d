"""Headline numbers for the notebooks' last cell and the report's index page.

Each function takes canonical tables and a region and returns {label: formatted text},
in Indonesian number formats, so the notebooks stay short and nbval compares the same
text every run. A region without data gets "tidak ada data", never an exception.
"""

from __future__ import annotations

import pandas as pd

from paritrana_analysis.budget import (
    bpu_monthly_contribution,
    cost_of_closing_gap,
    rates,
    workers_covered_by_budget,
)
from paritrana_analysis.claims import claims_totals, newest_total
from paritrana_analysis.coverage import (
    coverage_history,
    required_annual_pace,
)
from paritrana_analysis.formatting import (
    format_date,
    format_money,
    format_number,
    format_percent,
    format_period,
    label_or,
)
from paritrana_analysis.projections import (
    enough_for_trend,
    history_years,
    project_coverage,
    year_target_reached,
)
from paritrana_analysis.reconcile import reconcile
from paritrana_analysis.regions import region_name
from paritrana_analysis.segments import segment_breakdown
from paritrana_analysis.targets import gap_for

NO_DATA = "tidak ada data"
LONG_TERM = (99.5, 2045)  # RPJPN: UCJ 99,5% by 2045


def pct(value, decimals: int = 2) -> str:
    return format_percent(value, decimals=decimals, trim=True) if pd.notna(value) else NO_DATA


def count(value) -> str:
    return format_number(value) if pd.notna(value) else NO_DATA


def show(items: dict[str, str]) -> None:
    """Print headline numbers one per line ("label: value")."""
    for key, value in items.items():
        print(f"{key}: {value}")


def overview(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Rows, workbooks and distinct sources per table."""
    out = {}
    for kind, df in tables.items():
        files = df["file"].nunique() if "file" in df else 0
        sources = df["source"].nunique() if "source" in df else 0
        out[kind] = f"{format_number(len(df))} baris, {files} workbook, {sources} sumber"
    return out


def provincial(coverage, targets, *, region: str, target_year: int) -> dict[str, str]:
    """Where `region` stands: its newest figure, the target for `target_year`, the gap."""
    name = region_name(region)
    found = gap_for(coverage, targets, region, target_year)
    if found is None:
        return {f"Cakupan {name}": NO_DATA}
    row = found.figure
    out = {f"Cakupan {name}": f"{pct(row['coverage_pct'])} per {format_date(row['as_of'])}"
                              f" ({row['source']})"}
    if pd.notna(row["covered"]):
        out["Peserta aktif"] = format_number(row["covered"])
    if found.target is None:
        out[f"Target {target_year}"] = NO_DATA
        return out
    goal = float(found.target["target_pct"])
    out[f"Target {target_year}"] = f"{pct(goal)} ({found.target['target_basis']})"
    out["Selisih ke target"] = f"{format_number(found.gap.points, decimals=2)} poin"
    if found.gap.workers is not None:
        out["Pekerja yang perlu didaftarkan"] = format_number(found.gap.workers)
    return out


def segments(coverage, *, region: str) -> dict[str, str]:
    """Covered, coverage and uncovered workers per segment of `region`."""
    has_segments = (coverage["region_code"] == region) & (coverage["segment"] != "all")
    if not has_segments.any():
        return {f"Segmen {region_name(region)}": NO_DATA}
    table = segment_breakdown(coverage, region_code=region)
    out = {}
    for row in table.itertuples():
        name = label_or(f"seg_{row.segment}", row.segment.replace("_", " ").capitalize())
        parts = []
        if pd.notna(row.covered):
            parts.append(f"{format_number(row.covered)} terlindungi")
        if pd.notna(row.coverage_pct):
            parts.append(f"cakupan {pct(row.coverage_pct, 1)}")
        if pd.notna(row.uncovered):
            parts.append(f"belum terlindungi {format_number(row.uncovered)}")
        out[name] = ", ".join(parts)
    known = table["uncovered"].dropna()
    if len(known):
        out[f"Belum terlindungi ({len(known)} segmen)"] = format_number(known.sum())
    return out


def claims(claims_table, *, region: str) -> dict[str, str]:
    """The newest claims total of `region` (`claims.newest_total`: latest end month,
    stated or complete totals first) and the benefit constants a family sees."""
    benefits = rates()["benefits"]
    out = {}
    last = newest_total(claims_totals(claims_table[claims_table["region_code"] == region]))
    if last is None:
        out[f"Klaim {region_name(region)}"] = NO_DATA
    else:
        only = f", hanya {last['programs']}" if last["total_from"] == "partial" else ""
        out[f"Klaim {region_name(region)}"] = (
            f"{count(last['cases'])} kasus, {format_money(last['amount_idr'])} "
            f"({format_period(last['period'])}{only})")
        if pd.notna(last["avg_per_case_idr"]):
            out["Rata-rata per kasus"] = format_money(last["avg_per_case_idr"])
    out["Santunan kematian JKM"] = format_money(benefits["jkm_death_idr"], compact=False)
    out["Beasiswa maksimal (2 anak)"] = format_money(benefits["scholarship"]["max_total_idr"],
                                                      compact=False)
    return out


def projection(coverage, targets, *, region: str, target_year: int,
               method: str = "linear") -> dict[str, str]:
    """Pace needed for the target and for 99,5% in 2045, and where the trend leads."""
    found = gap_for(coverage, targets, region, target_year)
    if found is None:
        return {f"Proyeksi {region_name(region)}": NO_DATA}
    row = found.figure
    current, as_of = float(row["coverage_pct"]), row["as_of"]
    out = {"Capaian terakhir": f"{pct(current)} per {format_date(as_of)}"}
    if found.target is not None and float(found.target["target_pct"]) > current \
            and as_of.year <= target_year:
        goal = float(found.target["target_pct"])
        pace = required_annual_pace(current, as_of, goal, target_year, deadline="end")
        if pace.years < 1:  # the rest of this year: say points and months, not a yearly rate
            points = format_number(goal - current, decimals=2)
            out[f"Perlu naik ke {pct(goal)} (akhir {target_year})"] = \
                f"{points} poin dalam {pace.years * 12:.0f} bulan"
        else:
            out[f"Laju perlu ke {pct(goal)} ({target_year})"] = \
                f"{format_number(pace.points_per_year, decimals=1)} poin/tahun"
    goal, year = LONG_TERM
    pace = required_annual_pace(current, as_of, goal, year)
    out[f"Laju perlu ke {pct(goal)} ({year})"] = \
        f"{format_number(pace.points_per_year, decimals=1)} poin/tahun"
    history = coverage_history(coverage, region)  # one figure per date
    span = history_years(history)
    if not enough_for_trend(span):
        what = f"{len(history)} tanggal dalam {span * 12:.0f} bulan" if len(history) > 1 \
            else "hanya 1 angka"
        out[f"Proyeksi {year}"] = \
            f"riwayat terlalu pendek untuk tren ({what}); pakai laju yang dibutuhkan"
        return out
    proj = project_coverage(history, to_year=year, method=method)
    at = proj[proj["year"] == target_year]
    if len(at) and target_year < year:
        out[f"Proyeksi {target_year} ({method})"] = pct(at["coverage_pct"].iloc[0], 1)
    end = proj.iloc[-1]
    out[f"Proyeksi {year} ({method})"] = \
        f"{pct(end['coverage_pct'], 1)} (rentang {pct(end['lower'], 1)}-{pct(end['upper'], 1)})"
    out["Dasar proyeksi"] = f"angka pada {len(history)} tanggal"
    reached = year_target_reached(proj, goal)
    out[f"Tahun {pct(goal)} tercapai"] = str(reached) if reached else f"belum sampai {year}"
    return out


def budget(budget_idr: float, *, months: int = 12, coverage=None, targets=None,
           region: str | None = None, target_year: int | None = None) -> dict[str, str]:
    """What a budget buys at the BPU minimum, and the cost of closing `region`'s gap."""
    out = {
        "Iuran BPU minimum per bulan": format_money(bpu_monthly_contribution(), compact=False),
        f"Pekerja terlindungi dengan {format_money(budget_idr)} ({months} bulan)":
            format_number(workers_covered_by_budget(budget_idr, months)),
        "Dengan JHT": format_number(workers_covered_by_budget(budget_idr, months,
                                                              with_jht=True)),
    }
    if coverage is None or region is None or target_year is None:
        return out
    found = gap_for(coverage, targets, region, target_year)
    if found is None or found.gap is None or found.gap.workers is None:
        return out  # no figure, no target, or no count of workers to cost
    gap = found.gap
    out[f"Biaya setahun menutup selisih {region_name(region)}"] = \
        f"{format_money(cost_of_closing_gap(gap))} ({format_number(gap.workers)} pekerja)"
    return out


def awards(awards_table, *, region: str) -> dict[str, str]:
    """Categories and winners of `region`'s newest Paritrana Award."""
    ours = awards_table[awards_table["province"] == region]
    if ours.empty:
        return {f"Paritrana Award {region_name(region)}": NO_DATA}
    year = int(ours["year"].max())
    ours = ours[ours["year"] == year]
    out = {f"Paritrana Award {region_name(region)} {year}":
           f"{ours['category'].nunique()} kategori, {len(ours)} penerima"}
    for row in ours[ours["rank"] == 1].itertuples():
        out[f"Juara 1 {row.category}"] = row.winner
    return out


def reconciliation(coverage, workforce, *, region: str) -> dict[str, str]:
    """How many figures `region` has, how far apart they are, and how many are flagged."""
    table = reconcile(coverage, workforce)
    ours = table[(table["region_code"] == region) & table["coverage_pct"].notna()]
    if ours.empty:
        return {f"Angka cakupan {region_name(region)}": NO_DATA}
    out = {
        f"Angka cakupan {region_name(region)}":
            f"1 angka: {pct(ours['coverage_pct'].iloc[0])}" if len(ours) == 1 else
            f"{len(ours)} angka, {pct(ours['coverage_pct'].min())} hingga "
            f"{pct(ours['coverage_pct'].max())}",
        "Ditandai tidak konsisten": f"{int(ours['flagged'].sum())} dari {len(ours)}",
    }
    ratio = ours["denominator_to_employed"].dropna()
    if len(ratio):
        out["Penyebut tersirat / penduduk bekerja BPS (maks.)"] = \
            f"{format_number(ratio.max(), decimals=2)} kali"
    return out
