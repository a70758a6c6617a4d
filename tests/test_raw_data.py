"""The bundled workbooks in data/raw: sidecars, checksums, and a source on every row."""

import hashlib

import pandas as pd
import pytest
import yaml

from paritrana_analysis import paths
from paritrana_analysis.dataset import (
    KINDS,
    load_dataset,
    provenance,
    raw_files,
    sidecar,
    verify_checksums,
)

BUNDLED = {
    "coverage_national.xlsx": "coverage",
    "coverage_provinces.xlsx": "coverage",
    "coverage_regencies.xlsx": "coverage",
    "coverage_segments.xlsx": "coverage",
    "coverage_other_reports.xlsx": "coverage",
    "workforce_bps.xlsx": "workforce",
    "claims.xlsx": "claims",
    "claims_cases_only.xlsx": "claims",
    "claims_amounts_only.xlsx": "claims",
    "targets.xlsx": "targets",
    "awards.xlsx": "awards",
}
SIDECAR_KEYS = (
    "kind",
    "title",
    "producer",
    "description",
    "urls",
    "accessed",
    "published",
    "licence",
    "sha256",
    "rows",
)
ARTICLE_NOTE = "Artikel: articles/"


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_bundled_workbook_has_a_complete_sidecar(name):
    path = paths.RAW_DIR / name
    assert path.exists(), f"{name} is missing from data/raw"
    assert sidecar(path).exists(), f"{name} has no sidecar {sidecar(path).name}"
    meta = provenance(path)
    missing = [k for k in SIDECAR_KEYS if k not in meta or meta[k] in (None, "", [])]
    assert not missing, f"{sidecar(path).name} lacks {missing}"
    assert meta["kind"] == BUNDLED[name]
    assert meta["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert str(meta["published"]["from"]) <= str(meta["published"]["to"])
    assert "copyright" in meta["licence"].lower() or "not copyrightable" in meta["licence"]


def test_checksums_match_and_no_orphan_sidecars():
    assert verify_checksums() == []


def test_every_sidecar_in_raw_describes_a_workbook_we_list():
    described = {m.name[: -len(".meta.yml")] for m in paths.RAW_DIR.glob("*.meta.yml")}
    assert set(BUNDLED) <= described
    assert set(BUNDLED) <= {p.name for p in raw_files()}


def test_verify_checksums_reports_a_changed_file(tmp_path, monkeypatch):
    (tmp_path / "x.xlsx").write_bytes(b"abc")
    bad = {"kind": "coverage", "sha256": "0" * 64}
    (tmp_path / "x.xlsx.meta.yml").write_text(yaml.safe_dump(bad))
    (tmp_path / "gone.xlsx.meta.yml").write_text(yaml.safe_dump(bad))
    monkeypatch.setattr(paths, "RAW_DIR", tmp_path)
    problems = verify_checksums()
    assert any("x.xlsx.meta.yml" in p and "sha256" in p for p in problems)
    assert any("gone.xlsx" in p and "not in data/raw" in p for p in problems)


@pytest.fixture(scope="module")
def tables():
    return {kind: load_dataset(kind) for kind in KINDS}


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_loaders_keep_every_row(tables, name):
    """The sidecar records how many data rows were typed; the loaders must return them all."""
    table = tables[BUNDLED[name]]
    assert (table["file"] == name).sum() == provenance(paths.RAW_DIR / name)["rows"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_bundled_row_names_its_source(tables, kind):
    table = tables[kind]
    rows = table[table["file"].isin(list(BUNDLED))]
    assert len(rows) > 0
    source = rows["source"].astype("string").fillna("").str.strip()
    assert (source != "").all(), rows.loc[source == "", ["file"]]
    url = rows["source_url"].astype("string").fillna("").str.strip()
    note = rows["note"].astype("string").fillna("")
    cited = url.str.startswith("http") | note.str.contains(ARTICLE_NOTE, regex=False)
    assert cited.all(), rows.loc[~cited, ["file", "source"]].to_string()


@pytest.mark.parametrize("kind", KINDS)
def test_every_url_of_the_rows_is_listed_in_the_sidecar(tables, kind):
    table = tables[kind]
    for name in [n for n, k in BUNDLED.items() if k == kind]:
        urls = set(table.loc[table["file"] == name, "source_url"].dropna().astype(str))
        assert urls <= set(provenance(paths.RAW_DIR / name)["urls"])


def test_every_row_carries_its_dates(tables):
    assert tables["coverage"]["as_of"].notna().all()
    assert tables["workforce"]["as_of"].notna().all()
    assert tables["claims"]["period"].notna().all()
    assert tables["targets"]["year"].notna().all()
    assert tables["awards"]["year"].notna().all()
    for kind, table in tables.items():
        rows = table[table["file"].isin(list(BUNDLED))]
        published = pd.to_datetime(rows["published"])
        assert published.notna().mean() > 0.6, kind  # n/s in a few sources only
        assert (published.dropna() >= pd.Timestamp("2017-01-01")).all(), kind


def test_loading_never_writes_into_raw():
    before = {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in paths.RAW_DIR.iterdir()}
    for kind in KINDS:
        load_dataset(kind)
    after = {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in paths.RAW_DIR.iterdir()}
    assert before == after


def test_provenance_of_a_file_column_value():
    assert provenance("targets.xlsx")["kind"] == "targets"
    assert provenance("no_such_workbook.xlsx") == {}


# ------------------------------------------------------------------ coverage row metadata
def test_every_coverage_row_has_a_basis_a_precision_and_a_derived_flag(tables):
    from paritrana_analysis.series import BASES

    cov = tables["coverage"]
    rows = cov[cov["file"].isin(list(BUNDLED))]
    assert set(rows["basis"]) <= set(BASES), set(rows["basis"]) - set(BASES)
    assert rows["basis"].notna().all()
    assert set(rows["qualifier"]) <= {"exact", "rounded", "lower_bound", "upper_bound"}
    # Turunan is typed ya/tidak; a loader may read it as a boolean
    assert rows["derived"].map(lambda v: v in ("ya", "tidak") or v is True or v is False
                               or type(v).__name__ == "bool_").all()
    # a count-only row has no percentage and no denominator; a percentage always has a basis
    counts = rows[rows["basis"] == "none"]
    assert counts["coverage_pct"].isna().all() and counts["potential"].isna().all()
    assert counts["covered"].notna().all()


def test_derived_rows_say_so_and_how(tables):
    from paritrana_analysis.series import is_derived

    cov = tables["coverage"]
    derived = cov[is_derived(cov)]
    assert len(derived) >= 3
    assert derived["note"].str.startswith("TURUNAN").all()


def test_kabupaten_kota_rows_carry_their_kemendagri_code(tables):
    cov = tables["coverage"]
    typed = "kode_kemendagri" if "kode_kemendagri" in cov.columns else "regency_code"
    coded = cov[cov[typed].notna()]
    assert len(coded) > 100
    assert (coded["region_code"] == coded[typed]).all(), \
        coded.loc[coded["region_code"] != coded[typed], ["region", typed]]
    regencies = cov[cov["file"] == "coverage_regencies.xlsx"]
    assert (regencies["level"] == "regency").all()
    assert regencies[typed].notna().all()
    assert regencies["region_code"].str.fullmatch(r"\d{2}\.\d{2}").all()
