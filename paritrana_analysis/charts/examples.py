"""Small canonical tables for chart tests and demos (not the bundled dataset).

Numbers are rounded from public figures in shared/facts for realism, but these frames are
illustrations: the source column says "contoh" (example) so an exported chart can never
pass them off as data.
"""

from __future__ import annotations

import pandas as pd

from paritrana_analysis.charts._base import _provinces

SRC = "Contoh data uji"


def _ts(s: str) -> pd.Timestamp:
    return pd.Timestamp(s)


def coverage_example() -> pd.DataFrame:
    """National series, 38 provinces (two without data), Sumatera Selatan history and
    segments, conflicting figures for one date."""
    rows = []
    national = [("2018-12-31", 30_460_000), ("2019-12-31", 34_170_000),
                ("2020-12-31", 29_980_000), ("2021-12-31", 30_660_000),
                ("2022-12-31", 35_860_000), ("2023-12-31", 41_560_000),
                ("2024-12-31", 45_220_000), ("2025-05-31", 39_050_000)]
    for d, v in national:
        rows.append(dict(region_code="ID", region="Indonesia", level="national", segment="all",
                         as_of=_ts(d), covered=v, potential=None, coverage_pct=None,
                         source=f"{SRC}, Kemnaker"))
    codes = list(_provinces())
    pct = [23.3, 49.4, 24.6, 40.1, 44.0, 31.33, 30.2, 24.5, 42.0, 48.5, 66.0, 35.2, 38.1, 45.0,
           29.8, 45.0, 50.9, 30.7, 22.1, 33.0, 46.2, 36.0, 70.9, 52.0, 67.9, 33.0, 47.0, 31.0,
           54.0, 28.0, 32.0, 31.0, 35.0, 41.0, None, 27.0, None, 38.0]
    for code, p in zip(codes, pct, strict=True):
        if p is None:
            continue
        name = _provinces()[code]["name"]
        rows.append(dict(region_code=code, region=name, level="province", segment="all",
                         as_of=_ts("2025-08-31"), covered=None, potential=None, coverage_pct=p,
                         source=f"{SRC}, Kanwil"))
    for d, p, src in [("2021-12-31", 24.8, "A"), ("2022-12-31", 26.9, "A"),
                      ("2023-12-31", 28.4, "B"), ("2024-12-31", 29.9, "B"),
                      ("2025-03-31", 30.5, "C"), ("2025-03-31", 33.1, "D")]:
        rows.append(dict(region_code="ID-SS", region="Sumatera Selatan", level="province",
                         segment="all", as_of=_ts(d), covered=None, potential=None,
                         coverage_pct=p, source=f"{SRC} {src}"))
    for seg, cov, pot in [("village_officials", 44_547, 49_997), ("non_asn", 61_200, 98_000),
                          ("rt_rw", 18_400, 52_000), ("palm_smallholders", 9_800, 210_000),
                          ("bpu", 301_000, None)]:
        rows.append(dict(region_code="ID-SS", region="Sumatera Selatan", level="province",
                         segment=seg, as_of=_ts("2025-08-01"), covered=cov, potential=pot,
                         coverage_pct=None, source=f"{SRC}, Pemprov Sumsel"))
    df = pd.DataFrame(rows)
    df["as_of"] = df["as_of"].astype("datetime64[ns]")
    for col in ("covered", "potential"):
        df[col] = pd.array(df[col].tolist(), dtype="Int64")
    df["coverage_pct"] = pd.array(df["coverage_pct"].tolist(), dtype="Float64")
    return df


def targets_example() -> pd.DataFrame:
    rows = [
        ("ID", "Indonesia", 2025, 52.15, "Kemendagri"),
        ("ID-SS", "Sumatera Selatan", 2025, 51.0, "Kemendagri"),
        ("ID-SS", "Sumatera Selatan", 2026, 56.0, "Kemendagri"),
        ("ID-SS", "Sumatera Selatan", 2029, 65.0, "RPJMD"),
        ("ID-BA", "Bali", 2025, 67.28, "Kemendagri"),
        ("ID-JK", "DKI Jakarta", 2025, 66.0, "Kemendagri"),
        ("ID-NB", "Nusa Tenggara Barat", 2025, 62.22, "Kemendagri"),
        ("ID-SN", "Sulawesi Selatan", 2025, 62.93, "Kemendagri"),
        ("ID-AC", "Aceh", 2025, 43.54, "Kemendagri"),
    ]
    df = pd.DataFrame(rows, columns=["region_code", "region", "year", "target_pct", "basis"])
    df["target_pct"] = df["target_pct"].astype("Float64")
    df["source"] = f"{SRC}, Kemendagri"
    return df


def claims_example() -> pd.DataFrame:
    rows = [("JHT", 152_300, 1.92e12), ("JKK", 21_400, 1.32e11), ("JKM", 6_900, 2.9e11),
            ("JP", 9_100, 3.1e10), ("JKP", 2_300, 1.1e10), ("beasiswa", 3_100, 2.4e10)]
    df = pd.DataFrame(rows, columns=["program", "cases", "amount_idr"])
    df.insert(0, "region_code", "ID-SS")
    df.insert(1, "region", "Sumatera Selatan")
    df.insert(2, "level", "province")
    df.insert(3, "period", "2025-01/2025-07")
    df["cases"] = df["cases"].astype("Int64")
    df["amount_idr"] = df["amount_idr"].astype("Float64")
    df["source"] = f"{SRC}, BPJS Ketenagakerjaan Palembang"
    return df


def awards_example() -> pd.DataFrame:
    rows = [
        (2025, "province", "ID-SS", "Provinsi", 2, "Pemprov Sumatera Selatan"),
        (2025, "province", "ID-JI", "Provinsi", 1, "Pemprov Jawa Timur"),
        (2025, "province", "ID-SA", "Provinsi", 3, "Pemprov Sulawesi Utara"),
        (2025, "province", "ID-SS", "Kabupaten", 1, "Pemkab Musi Banyuasin"),
        (2025, "province", "ID-JT", "Kabupaten", 2, "Pemkab Banyumas"),
        (2025, "province", "ID-BA", "Kabupaten", 3, "Pemkab Badung"),
        (2025, "province", "ID-SS", "Kota", 1, "Pemkot Palembang"),
        (2025, "national", "", "Penghargaan khusus", None, "=HYPERLINK(\"x\")"),
        (2024, "province", "ID-JI", "Provinsi", 1, "Pemprov Jawa Timur"),
    ]
    df = pd.DataFrame(rows, columns=["year", "scope", "province", "category", "rank", "winner"])
    df["rank"] = pd.array(df["rank"].tolist(), dtype="Int64")
    df["source"] = f"{SRC}, Kemnaker"
    return df


def budget_example() -> pd.DataFrame:
    budgets = [5e9, 10e9, 20e9, 40e9]
    monthly = 16_800.0
    df = pd.DataFrame({"budget_idr": budgets})
    df["workers"] = (df["budget_idr"] // (monthly * 12)).astype("Int64")
    df["monthly_contribution_idr"] = monthly
    df["months"] = 12
    df["source"] = f"{SRC}, PP 44/2015"
    return df
