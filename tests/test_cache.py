"""The parquet cache: hits keep dtypes and attrs, edits and options change the key."""

import pandas as pd
import pytest
from workbooks import xlsx

from paritrana_analysis import paths
from paritrana_analysis.load import cache, read_claims, read_coverage

# pandas' deprecations (Pandas4Warning) in the loaders fail these tests
pytestmark = pytest.mark.filterwarnings("error::pandas.errors.Pandas4Warning")

ROWS = [["Klaim per bulan, Juli 2025"],
        ["Kabupaten/Kota", "Program", "Jumlah Kasus", "Nominal (Rp)", "Kantor Cabang"],
        ["Kota Palembang", "JHT", 10, 1_000_000, "Kenten"],
        ["Kab. Banyuasin", "JKM", 2, 84_000_000, "Kenten"],
        ["JUMLAH", None, 12, 85_000_000, None],
        ["Sumber: BPJS Ketenagakerjaan"]]


@pytest.fixture
def processed(tmp_path, monkeypatch):
    folder = tmp_path / "processed"
    monkeypatch.setattr(paths, "PROCESSED_DIR", folder)
    return folder


def test_cache_round_trip_keeps_dtypes_and_attrs(tmp_path, processed):
    path = xlsx(tmp_path / "claims.xlsx", ROWS)
    first = read_claims(path)
    files = list((processed / "cache").glob("*.parquet"))
    assert len(files) == 1
    second = read_claims(path)
    pd.testing.assert_frame_equal(first, second)
    assert second.attrs == first.attrs
    assert second.attrs["notes"] == ["Sumber: BPJS Ketenagakerjaan"]
    assert isinstance(second["program"].dtype, pd.CategoricalDtype)
    assert str(second["cases"].dtype) == str(first["cases"].dtype)


def test_cache_is_used(tmp_path, processed, monkeypatch):
    path = xlsx(tmp_path / "claims.xlsx", ROWS)
    read_claims(path)
    monkeypatch.setattr("paritrana_analysis.load.pipeline.open_sheet",
                        lambda *a, **k: (_ for _ in ()).throw(AssertionError("not cached")))
    assert len(read_claims(path)) == 2


def test_cache_false_bypasses(tmp_path, processed):
    path = xlsx(tmp_path / "claims.xlsx", ROWS)
    read_claims(path, cache=False)
    assert not (processed / "cache").exists()


def test_edited_file_and_other_options_get_new_entries(tmp_path, processed):
    path = xlsx(tmp_path / "c.xlsx", [["Provinsi", "Peserta Aktif"], ["Jambi", 5]])
    assert read_coverage(path, as_of="2025-08-01")["covered"].tolist() == [5]
    assert read_coverage(path, as_of="2025-07-01")["as_of"].tolist() == [
        pd.Timestamp("2025-07-01")]
    xlsx(path, [["Provinsi", "Peserta Aktif"], ["Jambi", 6]])
    assert read_coverage(path, as_of="2025-08-01")["covered"].tolist() == [6]
    assert len(list((processed / "cache").glob("*.parquet"))) == 3


def test_failed_load_is_not_cached(tmp_path, processed):
    path = xlsx(tmp_path / "bad.xlsx", [["Provinsi", "Peserta Aktif"], ["Atlantis", 5]])
    with pytest.raises(ValueError):
        read_coverage(path, as_of="2025-08-01")
    assert not list((processed / "cache").glob("*.parquet")) if (processed / "cache").exists() \
        else True


def test_damaged_cache_entry_is_rebuilt(tmp_path, processed):
    path = xlsx(tmp_path / "claims.xlsx", ROWS)
    read_claims(path)
    (entry,) = (processed / "cache").glob("*.parquet")
    entry.write_bytes(b"garbage")
    assert len(read_claims(path)) == 2


def test_never_writes_into_raw(tmp_path, monkeypatch):
    raw = tmp_path / "data" / "raw"
    monkeypatch.setattr(paths, "RAW_DIR", raw)
    monkeypatch.setattr(paths, "PROCESSED_DIR", raw)
    with pytest.raises(RuntimeError):
        cache.save("k", pd.DataFrame({"a": [1]}))


def test_key_depends_on_bytes_loader_and_options(tmp_path):
    a = tmp_path / "a.bin"
    a.write_bytes(b"one")
    k1 = cache.cache_key(a, "claims", {"sheet": None})
    assert k1 == cache.cache_key(a, "claims", {"sheet": None})
    assert k1 != cache.cache_key(a, "coverage", {"sheet": None})
    assert k1 != cache.cache_key(a, "claims", {"sheet": "Data"})
    a.write_bytes(b"two")
    assert k1 != cache.cache_key(a, "claims", {"sheet": None})


def test_cache_round_trip_of_a_claim_level_extract(tmp_path, processed):
    """claim_date (an ordered categorical of days) and int8 cases come back unchanged."""
    import datetime as dt

    rows = [["No", "Tanggal Klaim", "Kabupaten/Kota", "Program", "Nominal (Rp)",
             "Nomor Klaim"]]
    for i in range(80):
        rows.append([i + 1, dt.datetime(2025, 1 + i % 6, 1 + i % 27) if i != 7 else None,
                     "Kota Palembang", "JHT", 1_000_000 + i, f"KLM{i:06d}"])
    path = xlsx(tmp_path / "claims.xlsx", rows)
    with pytest.raises(Exception, match="empty date cell"):
        read_claims(path)
    rows[8][1] = dt.datetime(2025, 3, 3)
    path = xlsx(tmp_path / "claims.xlsx", rows)
    first = read_claims(path)
    second = read_claims(path)
    pd.testing.assert_frame_equal(first, second)
    assert second["claim_date"].cat.ordered and second["cases"].dtype == "int8"
    assert second.attrs == first.attrs


def test_key_depends_on_version_salt_aliases_and_loader_source(tmp_path, monkeypatch):
    a = tmp_path / "a.bin"
    a.write_bytes(b"one")
    k1 = cache.cache_key(a, "claims", {"sheet": None})
    monkeypatch.setattr(cache, "CACHE_VERSION", cache.CACHE_VERSION + "-next")
    assert cache.cache_key(a, "claims", {"sheet": None}) != k1
    monkeypatch.undo()
    assert cache.cache_key(a, "claims", {"sheet": None}) == k1
    assert "region_aliases.csv" in [f.name for f in cache.reference_files()]
    # an edited region alias file gives another key
    data = tmp_path / "data"
    data.mkdir()
    for f in cache.reference_files():
        (data / f.name).write_bytes(f.read_bytes())
    monkeypatch.setattr(paths, "reference", lambda name: data / name)
    cache._reference_digest.cache_clear()
    try:
        assert cache.cache_key(a, "claims", {"sheet": None}) == k1
        with open(data / "region_aliases.csv", "a", encoding="utf-8") as fh:
            fh.write("Bumi Sriwijaya,ID-SS\n")
        cache._reference_digest.cache_clear()
        assert cache.cache_key(a, "claims", {"sheet": None}) != k1
    finally:
        cache._reference_digest.cache_clear()
    # the loader modules' source is part of the key
    monkeypatch.undo()
    assert cache.cache_key(a, "claims", {"sheet": None}) == k1
    monkeypatch.setattr(cache, "_source_digest", lambda: "a loader fix")
    assert cache.cache_key(a, "claims", {"sheet": None}) != k1
