"""load_dataset: every figure of the five articles (shared/facts/README.md) comes back with
its value, date and region code; contradictions stay separate rows; a selection of the
public figures (national series, provinces, targets) is there too."""

import datetime
import math
import os
import shutil

import openpyxl
import pandas as pd
import pytest

from paritrana_analysis import DataError, paths
from paritrana_analysis.dataset import KINDS, export_tables, load_dataset, raw_files

# pandas' deprecations (Pandas4Warning) in the loaders fail these tests
pytestmark = pytest.mark.filterwarnings("error::pandas.errors.Pandas4Warning")

NA = None  # an empty cell in the workbook


@pytest.fixture(scope="module")
def data():
    return {kind: load_dataset(kind) for kind in KINDS}


def _eq(value, expected) -> bool:
    if expected is NA:
        return pd.isna(value)
    if pd.isna(value):
        return False
    if isinstance(expected, float):
        return math.isclose(float(value), expected, rel_tol=1e-9, abs_tol=1e-9)
    return value == expected


def _find(table, **where):
    mask = pd.Series(True, index=table.index)
    for column, expected in where.items():
        if column in ("as_of",):
            expected = pd.Timestamp(expected)
        mask &= table[column].map(lambda v, e=expected: _eq(v, e)).astype(bool)
    return table[mask]


# ------------------------------------------------------------------ the articles' table
# (region_code, segment, as_of, covered, potential, coverage_pct)
ARTICLE_COVERAGE = [
    ("ID-SS", "all", "2025-08-01", 2_789_917, NA, 31.33),  # 000, 001, 004
    ("ID-SS", "all", "2025-04-29", NA, NA, 26.0),  # 003 "selama ini"
    ("ID-SS", "all", "2025-04-29", 1_100_000, 3_000_000, 36.0),  # 003 "pada saat ini"
    ("ID-SS", "village_officials", "2025-08-01", 44_547, NA, 89.1),  # 001
    ("ID-SS", "non_asn", "2025-08-01", 86_007, NA, 46.7),
    ("ID-SS", "rt_rw", "2025-08-01", 13_117, NA, 15.1),
    ("ID-SS", "palm_smallholders", "2025-08-01", 40_011, NA, 80.6),
    ("16.06", "vulnerable_workers", "2024-12-31", 45_000, NA, NA),  # special award, Muba
    ("16.08", "cross_faith_workers", "2024-12-31", 8_082, NA, NA),  # OKU Timur
    ("16.09", "extreme_poor", "2024-12-31", 4_914, NA, NA),  # OKU Selatan
    ("ID-JA", "all", "2024-06-10", 568_373, NA, 43.31),  # 002
    ("ID-JA", "formal", "2024-06-10", NA, NA, 52.0),
    ("ID-JA", "informal", "2024-06-10", NA, NA, 24.0),
    ("ID-JA", "extreme_poor", "2024-06-10", 117_000, NA, NA),
]


@pytest.mark.parametrize("code,segment,as_of,covered,potential,pct", ARTICLE_COVERAGE)
def test_article_coverage_figure(data, code, segment, as_of, covered, potential, pct):
    rows = _find(
        data["coverage"],
        region_code=code,
        segment=segment,
        as_of=as_of,
        covered=covered,
        potential=potential,
        coverage_pct=pct,
    )
    assert len(rows) == 1, f"{code} {segment} {as_of}: {len(rows)} matching rows"
    row = rows.iloc[0]
    assert str(row["source"]).strip()
    assert "Artikel: articles/" in str(row["note"])


# (region_code, year, target_pct, basis)
ARTICLE_TARGETS = [
    ("ID-SS", 2025, 51.0, "Gubernur"),  # 000, 004
    ("ID-SS", 2025, 48.0, "Pemprov"),  # 003 "minimal 48 persen"
    ("ID-JA", 2025, 55.0, "Gubernur"),  # 002 "tahun depan"
]


@pytest.mark.parametrize("code,year,pct,basis", ARTICLE_TARGETS)
def test_article_target(data, code, year, pct, basis):
    rows = _find(data["targets"], region_code=code, year=year, target_pct=pct, basis=basis)
    assert len(rows) == 1


# (region_code, period, program, cases, amount_idr)
ARTICLE_CLAIMS = [
    ("ID-SS", "2025-01/2025-07", "all", 43_251, 718.7e9),  # 001
    ("ID-SS", "2025-01/2025-07", "beasiswa", 1_582, 6.18e9),  # 001
    ("16.71", "2025-08", "JKM", 4, 168e6),  # 4 heirs x Rp42 juta, Palembang
    ("ID-JA", "2024-09", "BKBK", NA, 7_699_476_000.0),  # garbled "Rp 7.699.476 Miliar"
]


@pytest.mark.parametrize("code,period,program,cases,amount", ARTICLE_CLAIMS)
def test_article_claims(data, code, period, program, cases, amount):
    rows = _find(
        data["claims"],
        region_code=code,
        period=period,
        program=program,
        cases=cases,
        amount_idr=amount,
    )
    assert len(rows) == 1


def test_jkm_is_42_juta_per_heir(data):
    row = _find(data["claims"], region_code="16.71", period="2025-08", program="JKM").iloc[0]
    assert row["amount_idr"] / row["cases"] == 42_000_000


def test_garbled_bkbk_amount_keeps_the_source_text(data):
    row = _find(data["claims"], region_code="ID-JA", program="BKBK").iloc[0]
    assert "Rp 7.699.476 Miliar" in row["note"]
    assert "September 2024" in row["note"]


def test_scholarship_ceiling_in_the_rates_reference():
    text = paths.reference("rates.yaml").read_text(encoding="utf-8")
    assert "174000000" in text.replace("_", "")


def test_village_fund_and_policy_basis_are_recorded(data):
    t = data["targets"]
    sumsel_48 = _find(t, region_code="ID-SS", year=2025, target_pct=48.0).iloc[0]
    assert "20 juta" in sumsel_48["note"]
    rpjpn = _find(t, region_code="ID", year=2045, target_pct=99.5).iloc[0]
    assert "Inpres 2/2021" in rpjpn["note"] and "Inpres 8/2025" in rpjpn["note"]


SUMSEL_2024 = {
    "Pemerintah Kabupaten/Kota": ["Kabupaten Musi Rawas", "Kota Prabumulih", "Kabupaten Lahat"],
    "Desa/Kelurahan": [
        "Desa Pangkul, Kota Prabumulih",
        "Desa Biaro Baru Karang Dapo, Musi Rawas Utara",
        "Desa Bintuhan, Kabupaten Lahat",
    ],
    "Badan Usaha Sektor Keuangan": [
        "Bank Sumsel Babel",
        "BPR Muara Enim (Perseroda)",
        "PT BPR Puskopat",
    ],
    "Sektor Perdagangan & Jasa": [
        "PT MedikaLoka Palembang",
        "PT Bukit Energy Servis Terpadu",
        "PT Musi Hijau Lestari",
    ],
    "Sektor Pertambangan, Manufaktur & Konstruksi": [
        "PT OKI Pulp & Paper Mills",
        "PT Sumatera Prima Fibreboard",
        "PT Tanjung Enim Lestari Pulp & Paper",
    ],
    "Sektor Pertanian, Peternakan, Perkebunan & Perikanan": [
        "PT Bumi Sawindo Permai",
        "PT Mitra Muratara Sejahtera",
        "PT Perkebunan Hasil Musi Lestari",
    ],
    "Sektor Pendidikan": [
        "Institut Teknologi & Bisnis Palcomtech",
        "Yayasan Indo Global Mandiri",
        "Yayasan Perguruan Serasan Muara Enim",
    ],
}


def _awards(data, province, year):
    a = data["awards"]
    return a[(a["province"] == province) & (a["year"] == year) & (a["scope"] == "province")]


@pytest.mark.parametrize("category", sorted(SUMSEL_2024))
def test_paritrana_sumsel_2024_ranks(data, category):
    rows = _awards(data, "ID-SS", 2024)
    rows = rows[rows["category"] == category].sort_values("rank")
    assert list(rows["rank"]) == [1, 2, 3]
    assert list(rows["winner"]) == SUMSEL_2024[category]


def test_paritrana_sumsel_2024_small_business_and_special_awards(data):
    rows = _awards(data, "ID-SS", 2024)
    assert rows["category"].nunique() == 9  # 8 categories + special awards
    umk = rows[rows["category"] == "Usaha Skala Kecil & Mikro"]
    assert list(umk["winner"]) == ["Mie Pangsit ATADC, Kota Prabumulih"]
    special = rows[rows["category"] == "Penghargaan Khusus"]
    assert special["rank"].isna().all()
    assert sorted(special["winner"]) == [
        "Kabupaten Musi Banyuasin",
        "Kabupaten Ogan Komering Ulu Selatan",
        "Kabupaten Ogan Komering Ulu Timur",
    ]
    assert any("45.000" in n for n in special["note"])


def test_paritrana_jambi_2024(data):
    rows = _awards(data, "ID-JA", 2024)
    assert rows["category"].nunique() == 8
    kabkota = rows[rows["category"] == "Pemerintah Kabupaten/Kota"].sort_values("rank")
    assert list(kabkota["winner"]) == ["Kabupaten Bungo", "Kabupaten Muaro Jambi", "Kota Jambi"]
    assert {"Bobby Racing Shop", "Bank 9 Jambi", "Sumber Alfaria Trijaya"} <= set(rows["winner"])


# ------------------------------------------------------------------ contradictions
def test_sumsel_2025_contradictions_are_separate_rows(data):
    c = data["coverage"]
    rows = c[
        (c["region_code"] == "ID-SS")
        & (c["segment"] == "all")
        & (c["as_of"] >= pd.Timestamp("2025-01-01"))
    ]
    assert {26.0, 36.0, 31.33} <= set(rows["coverage_pct"].dropna().astype(float))
    assert rows["source"].notna().all()
    assert len(rows) >= 3


@pytest.mark.parametrize(
    "code,as_of,pcts",
    [
        ("ID", "2025-10-31", {37.01, 42.0}),  # C1, same day
        ("ID-NB", "2025-06-01", {30.7, 32.0}),  # C3
        ("ID-BT", "2025-11-03", {42.9, 44.0}),  # C8
    ],
)
def test_same_day_contradictions_kept(data, code, as_of, pcts):
    rows = _find(data["coverage"], region_code=code, as_of=as_of, segment="all")
    assert set(rows["coverage_pct"].dropna().astype(float)) == pcts
    assert rows["source"].nunique() == len(pcts)


def test_claims_c10_both_versions_kept(data):
    rows = _find(data["claims"], region_code="ID", period="2024-01/2024-06", program="JKK")
    assert set(rows["cases"].astype(int)) == {89_178, 177_727}


def test_jatim_2023_both_counts_kept(data):
    c = data["coverage"]
    rows = c[(c["region_code"] == "ID-JI") & (c["segment"] == "all") & (c["as_of"].dt.year == 2023)]
    assert {4_583_246, 4_336_959} <= set(rows["covered"].dropna().astype(int))


# ------------------------------------------------------------------ public figures
NATIONAL_ACTIVE = [
    ("2018-12-01", 30_460_000),
    ("2019-12-01", 34_170_000),
    ("2020-12-01", 29_980_000),
    ("2021-12-01", 30_660_000),
    ("2022-12-01", 35_860_000),
    ("2023-12-01", 41_560_000),
    ("2024-12-01", 45_220_000),
    ("2025-02-01", 41_380_000),
    ("2025-05-01", 39_050_000),
    ("2025-12-01", 48_640_000),
]


@pytest.mark.parametrize("as_of,covered", NATIONAL_ACTIVE)
def test_national_active_series(data, as_of, covered):
    rows = _find(data["coverage"], region_code="ID", segment="all", as_of=as_of, covered=covered)
    assert len(rows) == 1
    assert (rows["level"] == "national").all()


def test_national_segments_2025_02(data):
    rows = _find(data["coverage"], region_code="ID", as_of="2025-02-01")
    got = dict(zip(rows["segment"], rows["covered"].astype(int), strict=True))
    assert got == {"all": 41_380_000, "pu": 26_260_000, "bpu": 9_580_000, "jakon": 5_530_000}


@pytest.mark.parametrize(
    "code,as_of,covered,potential,pct",
    [
        ("ID", "2025-04-01", NA, NA, 35.68),
        ("ID-BA", "2025-03-31", 935_079, 1_873_899, 50.88),
        ("ID-NB", "2025-06-01", 555_276, 1_808_432, 30.7),
        ("ID-SN", "2025-06-01", 1_327_000, 2_801_936, 47.0),
        ("ID-GO", "2024-09-03", 254_675, 466_368, 54.61),
        ("ID-AC", "2025-08-01", 407_773, 1_601_559, 25.46),
        ("ID-LA", "2025-08-01", 687_000, 2_800_000, 24.5),
        ("ID-KI", "2023-03-01", 962_711, 1_350_000, 70.86),
        ("ID-SS", "2023-12-01", 915_142, NA, NA),
        ("ID-JA", "2023-12-01", 658_038, NA, NA),
        ("ID-JK", "2025-02-01", 8_010_000, NA, NA),
        ("12.10", "2025-08-01", 66_510, 181_567, 36.63),  # Kab. Labuhanbatu
    ],
)
def test_public_coverage_figures(data, code, as_of, covered, potential, pct):
    rows = _find(
        data["coverage"],
        region_code=code,
        segment="all",
        as_of=as_of,
        covered=covered,
        potential=potential,
        coverage_pct=pct,
    )
    assert len(rows) == 1


@pytest.mark.parametrize(
    "code,year,pct,basis",
    [
        ("ID", 2025, 32.15, "RPJMN"),
        ("ID", 2029, 43.92, "RPJMN"),
        ("ID", 2026, 34.99, "RKP"),
        ("ID", 2045, 99.5, "RPJPN"),
        ("ID", 2025, 52.15, "Kemendagri"),
        ("ID-BA", 2025, 67.28, "Kemendagri"),
        ("ID-NB", 2025, 62.22, "Kemendagri"),
        ("ID-SN", 2025, 62.93, "Kemendagri"),
        ("ID-RI", 2025, 55.05, "Kemendagri"),
        ("ID-AC", 2025, 43.54, "Kemendagri"),
        ("ID-KB", 2030, 65.77, "Pemprov"),
    ],
)
def test_public_targets(data, code, year, pct, basis):
    assert (
        len(_find(data["targets"], region_code=code, year=year, target_pct=pct, basis=basis)) == 1
    )


@pytest.mark.parametrize(
    "code,as_of,employed",
    [
        ("ID", "2024-08-01", 144_640_000),
        ("ID", "2025-02-01", 145_770_000),
        ("ID-JB", "2025-02-01", 24_994_586),
        ("ID-SS", "2025-02-01", 4_490_000),
        ("ID-JA", "2025-02-01", 1_800_000),
    ],
)
def test_public_workforce(data, code, as_of, employed):
    assert len(_find(data["workforce"], region_code=code, as_of=as_of, employed=employed)) == 1


@pytest.mark.parametrize(
    "code,period,program,cases,amount",
    [
        ("ID", "2023", "all", 4_020_000, 52.72e12),
        ("ID", "2023", "JHT", 3_600_000, 44.85e12),
        ("ID", "2023", "JKP", 53_726, 366.57e9),
        ("ID", "2025-01/2025-03", "JKP", 35_493, 161.005e9),
        ("16.71", "2023", "JHT", 35_014, 397.72e9),
    ],
)
def test_public_claims(data, code, period, program, cases, amount):
    assert (
        len(
            _find(
                data["claims"],
                region_code=code,
                period=period,
                program=program,
                cases=cases,
                amount_idr=amount,
            )
        )
        == 1
    )


# ------------------------------------------------------------------ the function itself
def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match="coverage, workforce, claims, targets, awards"):
        load_dataset("coverages")


def test_every_kind_loads_with_file_column_and_canonical_columns(data):
    required = {
        "coverage": [
            "region_code",
            "region",
            "level",
            "segment",
            "as_of",
            "covered",
            "potential",
            "coverage_pct",
            "source",
        ],
        "workforce": ["region_code", "region", "level", "as_of", "employed", "source"],
        "claims": [
            "region_code",
            "region",
            "level",
            "period",
            "program",
            "cases",
            "amount_idr",
            "source",
        ],
        "targets": ["region_code", "region", "year", "target_pct", "source"],
        "awards": ["year", "scope", "province", "category", "rank", "winner", "source"],
    }
    for kind, table in data.items():
        assert set(required[kind]) <= set(table.columns), kind
        assert table["file"].notna().all()
        assert set(table["file"]) == {p.name for p in raw_files(kind)}


def test_returns_a_copy_and_is_deterministic():
    first = load_dataset("targets")
    first.loc[0, "target_pct"] = -1
    second = load_dataset("targets")
    assert second.loc[0, "target_pct"] != -1
    pd.testing.assert_frame_equal(second, load_dataset("targets"))


def _analyst_workbook(path, palembang_pct=51.54):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["REKAP CAKUPAN UCJ KAB/KOTA SUMATERA SELATAN"])
    ws.append(["Kab/Kota", "Tanggal Data", "Peserta Aktif", "Cakupan (%)", "Sumber"])
    ws.append(["Kota Palembang", datetime.date(2025, 8, 1), 412_345, palembang_pct, "Rekap Kanwil"])
    ws.append(["Kab. Musi Banyuasin", datetime.date(2025, 8, 1), 98_765, 32.92, "Rekap Kanwil"])
    wb.save(path)


def test_an_analysts_workbook_without_sidecar_joins_the_bundled_rows(tmp_path, monkeypatch):
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    for p in paths.RAW_DIR.glob("coverage_*"):
        shutil.copy2(p, raw / p.name)
    _analyst_workbook(raw / "rekap_ucj_sumsel_2025.xlsx")
    monkeypatch.setattr(paths, "RAW_DIR", raw)
    monkeypatch.setattr(paths, "PROCESSED_DIR", tmp_path / "data" / "processed")
    assert [p.name for p in raw_files("coverage")][-1] == "rekap_ucj_sumsel_2025.xlsx"
    cov = load_dataset("coverage")
    mine = cov[cov["file"] == "rekap_ucj_sumsel_2025.xlsx"]
    assert list(mine["region_code"]) == ["16.06", "16.71"]  # sorted
    assert list(mine["source"]) == ["Rekap Kanwil", "Rekap Kanwil"]
    assert (cov["file"] == "coverage_provinces.xlsx").sum() > 100
    # an edited workbook is read again (memoised on modification time)
    _analyst_workbook(raw / "rekap_ucj_sumsel_2025.xlsx", palembang_pct=52.0)
    st = (raw / "rekap_ucj_sumsel_2025.xlsx").stat()
    os.utime(raw / "rekap_ucj_sumsel_2025.xlsx", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    again = load_dataset("coverage")
    row = again[(again["file"] == "rekap_ucj_sumsel_2025.xlsx") & (again["region_code"] == "16.71")]
    assert float(row["coverage_pct"].iloc[0]) == 52.0


def test_an_unreadable_workbook_in_raw_is_an_error_not_a_silent_gap(tmp_path, monkeypatch):
    """A damaged file beside the bundled ones: nobody can tell which table it holds, so
    leaving it out would lose its figures without a word."""
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    for p in paths.RAW_DIR.glob("targets.xlsx*"):
        shutil.copy2(p, raw / p.name)
    (raw / "rekap_rusak.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    monkeypatch.setattr(paths, "RAW_DIR", raw)
    monkeypatch.setattr(paths, "PROCESSED_DIR", tmp_path / "data" / "processed")
    with pytest.raises(DataError) as caught:
        load_dataset("targets")
    assert "rekap_rusak.xlsx" in str(caught.value)


def test_export_tables_writes_parquet(tmp_path):
    written = export_tables(tmp_path)
    assert set(written) == set(KINDS)
    back = pd.read_parquet(written["targets"])
    assert len(back) == len(load_dataset("targets"))


@pytest.mark.parametrize("kind", ["workforce", "targets", "awards"])
def test_text_dtypes_do_not_depend_on_the_number_of_workbooks(tmp_path, monkeypatch, kind):
    (source,) = [p for p in paths.RAW_DIR.glob(f"{kind}*.xlsx")][:1]
    dtypes = []
    for copies in (1, 2):
        raw = tmp_path / f"raw{copies}" / "data" / "raw"
        raw.mkdir(parents=True)
        for i in range(copies):
            shutil.copy2(source, raw / f"{i}_{source.name}")
        monkeypatch.setattr(paths, "RAW_DIR", raw)
        monkeypatch.setattr(paths, "PROCESSED_DIR", tmp_path / "processed")
        dtypes.append({c: str(t) for c, t in load_dataset(kind).dtypes.items()})
    assert dtypes[0] == dtypes[1]
    assert not [c for c, t in dtypes[0].items() if t in ("category", "object")]
    assert dtypes[0]["region_code" if kind != "awards" else "scope"] == "str"


def test_bundled_only_leaves_out_workbooks_without_a_sidecar(tmp_path, monkeypatch):
    import shutil

    from paritrana_analysis import dataset

    for meta in paths.RAW_DIR.glob("targets.xlsx*"):
        shutil.copy2(meta, tmp_path)
    shutil.copy2(paths.RAW_DIR / "targets.xlsx", tmp_path / "my_targets.xlsx")  # no sidecar
    monkeypatch.setattr(paths, "RAW_DIR", tmp_path)
    assert [p.name for p in dataset.raw_files()] == ["my_targets.xlsx", "targets.xlsx"]
    monkeypatch.setenv("PARITRANA_BUNDLED_ONLY", "1")
    assert [p.name for p in dataset.raw_files()] == ["targets.xlsx"]


# ------------------------------------------------------------------ coverage-2025.md
def test_at_least_31_provinces_have_a_2024_or_later_percentage_traceable_to_its_url(data):
    c = data["coverage"]
    rows = c[(c["level"] == "province") & (c["segment"] == "all") & c["coverage_pct"].notna()
             & (c["as_of"] >= pd.Timestamp("2024-01-01")) & (c["basis"] != "target_share")]
    cited = rows["source_url"].fillna("").str.startswith("http") | \
        rows["note"].str.contains("Artikel: articles/", regex=False)
    assert cited.all(), rows.loc[~cited, ["region", "source"]]
    assert rows["region_code"].nunique() >= 31, sorted(rows["region"].unique())


def test_the_completeness_view_lists_what_is_missing_and_the_unknown_bases(data):
    from paritrana_analysis import coverage_completeness

    view = coverage_completeness(data["coverage"], today="2026-11-26")
    assert len(view) == 38 and view["region_code"].is_unique
    recent = view[view["as_of"] >= pd.Timestamp("2024-01-01")]
    assert len(recent) >= 31
    missing = dict(zip(view["region"], view["missing"], strict=True))
    assert missing["Papua Pegunungan"] == "no figure"
    assert missing["Sulawesi Barat"] == "count only (newest 2025-02-01)"
    assert missing["Papua Barat Daya"] == "segment figures only"
    ss = view[view["region_code"] == "ID-SS"].iloc[0]
    assert (ss["coverage_pct"], ss["basis"], ss["qualifier"]) == (31.33, "potential", "exact")
    assert ss["days_old"] == (pd.Timestamp("2026-11-26") - pd.Timestamp("2025-08-01")).days
    ki = view[view["region_code"] == "ID-KI"].iloc[0]
    assert (ki["coverage_pct"], ki["qualifier"]) == (50.0, "lower_bound")  # "lebih dari 50%"
    assert (view["basis"] == "unknown").sum() >= 10  # counted, not hidden
    assert view.loc[view["missing"] == "", "basis"].isin(
        ["potential", "employed", "labour_force", "wage_earners", "unknown"]).all()


NATIONAL_DECEMBERS = {2018: 30_460_000, 2019: 34_170_000, 2020: 29_980_000, 2021: 30_660_000,
                      2022: 35_860_000, 2023: 41_560_000, 2024: 45_220_000, 2025: 48_640_000}


def test_the_national_series_has_all_eight_decembers_and_2025_by_month(data):
    c = data["coverage"]
    national = c[(c["region_code"] == "ID") & (c["segment"] == "all") & c["covered"].notna()
                 & (c["basis"] == "none")]
    december = national[national["as_of"].dt.month == 12]
    got = december.groupby(december["as_of"].dt.year)["covered"].apply(set).to_dict()
    for year, covered in NATIONAL_DECEMBERS.items():
        assert covered in got.get(year, set()), year
    months_2025 = set(national.loc[national["as_of"].dt.year == 2025, "as_of"].dt.month)
    assert {1, 2, 3, 4, 5, 12} <= months_2025
    dec_2025 = _find(c, region_code="ID", segment="all", as_of="2025-12-01").iloc[0]
    assert "C17" in dec_2025["note"]  # the disputed jump keeps its contradiction


def test_derived_national_coverage_only_where_a_denominator_is_stated(data):
    from paritrana_analysis.series import is_derived

    c = data["coverage"]
    derived = c[(c["region_code"] == "ID") & is_derived(c)]
    assert len(derived) >= 2
    assert derived["potential"].notna().all()  # the stated denominator
    assert (derived["basis"] == "potential").all()
    row = _find(c, region_code="ID", as_of="2017-06-01", segment="all").iloc[0]
    assert (row["covered"], row["potential"], row["coverage_pct"]) == (22_800_000, 86_000_000,
                                                                       26.51)


# (region_code, segment, as_of, covered, potential, coverage_pct, basis, qualifier)
COVERAGE_2025 = [
    ("ID-JA", "all", "2024-08-12", 518_632, 1_312_370, 39.52, "potential", "exact"),
    ("ID-BE", "all", "2025-12-11", 251_000, 708_000, 35.0, "unknown", "rounded"),
    ("ID-BB", "all", "2025-06-01", 144_070, NA, 27.24, "unknown", "exact"),
    ("ID-JB", "all", "2024-08-24", 5_900_000, 18_900_000, 31.4, "potential", "rounded"),
    ("ID-JT", "all", "2025-07-30", 4_500_000, 12_800_000, 35.41, "labour_force", "exact"),
    ("ID-YO", "all", "2024-10-08", 614_371, NA, 34.0, "labour_force", "exact"),
    ("ID-KS", "all", "2025-12-31", NA, NA, 42.0, "unknown", "rounded"),
    ("ID-KI", "all", "2025-12-31", NA, NA, 50.0, "unknown", "lower_bound"),
    ("ID-ST", "all", "2025-05-28", NA, NA, 50.0, "unknown", "upper_bound"),
    ("ID-SG", "all", "2025-09-22", 330_000, 1_200_000, 32.37, "potential", "exact"),
    ("ID-MU", "all", "2025-05-31", 176_604, 424_131, 41.64, "unknown", "exact"),
    ("ID-PA", "all", "2024-08-26", 141_984, 240_009, 59.16, "unknown", "exact"),
    ("ID-PT", "all", "2025-07-31", 72_146, 263_264, 27.4, "potential", "exact"),
    ("ID-PS", "all", "2025-11-01", NA, NA, 24.24, "unknown", "exact"),
    ("ID-SS", "all", "2018-10-31", 753_088, 2_810_000, 26.72, "potential", "exact"),
    ("ID", "all", "2023-07-01", 37_400_000, 138_630_000, 26.97, "employed", "exact"),
    ("ID", "pu", "2024-03-01", 26_640_000, 53_040_000, 50.23, "wage_earners", "exact"),
    ("16.06", "all", "2025-07-01", 103_079, 213_582, 48.26, "potential", "exact"),  # Muba
    ("16.05", "all", "2025-08-01", 70_337, 153_103, 45.94, "potential", "exact"),  # Musi Rawas
    ("15.04", "all", "2024-08-12", 49_803, 98_206, 50.71, "potential", "exact"),  # Batanghari
    ("18.72", "all", "2024-09-24", NA, NA, 32.9, "unknown", "exact"),  # Kota Metro
    ("92.02", "all", "2023-08-01", 51_495, 59_824, 86.08, "labour_force", "exact"),  # Manokwari
    ("ID", "ojol_drivers", "2025-10-01", 351_097, 2_500_000, 12.3, "potential", "exact"),
    ("ID-SR", "fishers", "2025-05-27", 14_000, NA, NA, "none", "exact"),
    ("ID-PD", "bpu", "2025-09-01", 122_488, NA, 81.0, "target_share", "exact"),  # D20
]


@pytest.mark.parametrize("code,segment,as_of,covered,potential,pct,basis,qualifier",
                         COVERAGE_2025)
def test_coverage_2025_figure(data, code, segment, as_of, covered, potential, pct, basis,
                              qualifier):
    rows = _find(data["coverage"], region_code=code, segment=segment, as_of=as_of,
                 covered=covered, potential=potential, coverage_pct=pct)
    assert len(rows) == 1, f"{code} {segment} {as_of}: {len(rows)} rows"
    row = rows.iloc[0]
    assert (row["basis"], row["qualifier"]) == (basis, qualifier)
    assert str(row["source_url"]).startswith("http")


# D-id: (region_code, first as_of, last as_of, percentages that must all be there)
CONTRADICTIONS = {
    "D1": ("ID-JA", "2024-06-01", "2024-12-31", {43.31, 39.52, 40.0, 41.38, 45.17}),
    "D3": ("ID-BE", "2024-12-01", "2025-12-31", {41.84, 27.16, 28.0, 35.0}),
    "D7": ("ID-JT", "2025-04-01", "2025-07-31", {31.0, 35.41}),
    "D8": ("ID-JI", "2023-12-01", "2023-12-31", {29.84, 31.7}),
    "D10": ("ID-KU", "2024-09-01", "2025-12-31", {77.23, 46.0}),
    "D13": ("ID-PT", "2025-07-31", "2025-07-31", {27.4, 33.85}),
    "D15": ("ID-SN", "2025-06-01", "2025-07-31", {52.89, 47.0, 47.38}),
    "D16": ("ID-SS", "2024-08-01", "2024-09-30", {34.0, 32.7}),
    "D20": ("ID-MU", "2025-05-01", "2025-08-31", {41.64, 61.0}),
}


@pytest.mark.parametrize("d_id", sorted(CONTRADICTIONS))
def test_contradictions_of_coverage_2025_are_kept_as_separate_rows(data, d_id):
    code, first, last, pcts = CONTRADICTIONS[d_id]
    c = data["coverage"]
    rows = c[(c["region_code"] == code) & (c["segment"] == "all")
             & c["as_of"].between(pd.Timestamp(first), pd.Timestamp(last))]
    assert pcts <= set(rows["coverage_pct"].dropna().astype(float)), d_id
    assert rows.loc[rows["coverage_pct"].isin(pcts), "source"].notna().all()


def test_d4_the_swapped_babel_counts_are_read_once_with_the_text_kept(data):
    row = _find(data["coverage"], region_code="ID-BB", segment="all", as_of="2024-06-30").iloc[0]
    assert (row["covered"], row["potential"], row["coverage_pct"]) == (179_842, 563_133, 31.93)
    assert "383.271" in row["note"] and "D4" in row["note"]


def test_d6_dki_counts_by_nik_and_by_office_are_separate_series(data):
    c = data["coverage"]
    dki = c[(c["region_code"] == "ID-JK") & (c["segment"] == "all")]
    nik = dki[dki["series"] == "ucj_nik"]
    office = dki[dki["series"] == "satudata_kemnaker"]
    assert set(nik["covered"].dropna()) == {2_291_409, 2_123_056}
    assert {7_498_532, 8_010_000} <= set(office["covered"].dropna())


def test_lampung_kabupaten_kota_list_is_complete(data):
    c = data["coverage"]
    rows = c[c["region_code"].str.startswith("18.") & (c["as_of"] == pd.Timestamp("2024-09-24"))]
    assert rows["region_code"].nunique() == 15
    pesawaran = rows[rows["region_code"] == "18.09"].iloc[0]
    assert "Lampung Utara 26,6" in pesawaran["note"]  # the source's double entry, read once
