"""Parquet cache of loaded tables, keyed by the file's bytes and the loader's options.

A successful load is written to PROCESSED_DIR/cache/<key>.parquet; the key is the sha256
of the file bytes + kind + options + CACHE_VERSION + a digest of every reference file the
loaders read (the data/*.csv files) + a digest of the loader's source (every module of
load/, regions.py and schema.py), so an edited file, a new alias or a fixed loader never
reuses a stale table (CACHE_VERSION stays as a manual salt). dtypes (categoricals, Int64,
Float64) round-trip through pyarrow's pandas metadata, except categoricals of dates
(claim_date), which pyarrow reads back as plain dates: their categories are stored beside
df.attrs in the parquet schema metadata and restored on load. Nothing is ever written
under data/raw; a cache folder that cannot be written means no cache, not a failure.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from paritrana_analysis import paths

CACHE_VERSION = "6"
_ATTRS_KEY = b"paritrana_attrs"
_DATE_CATS_KEY = b"paritrana_date_categoricals"
_ENTRY_KEY = b"paritrana_cache_key"  # the key an entry was written for
STALE_TMP_SECONDS = 600  # a temp file this old was left by a writer that died
_warned = False
_PACKAGE = Path(__file__).resolve().parent.parent


def cache_dir() -> Path:
    """PROCESSED_DIR/cache (read at call time, so tests can point it elsewhere)."""
    return Path(paths.PROCESSED_DIR) / "cache"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _digest(files) -> str:
    h = hashlib.sha256()
    for f in files:
        try:
            data = f.read_bytes()
        except OSError:
            data = b"missing"
        h.update(f.name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()[:16]


def reference_files() -> list[Path]:
    """The reference data the loaders read (aliases, regions, BPS codes, renames)."""
    folder = Path(str(paths.reference("")))
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


@functools.cache
def _reference_digest() -> str:
    return _digest(reference_files())


@functools.cache
def _source_digest() -> str:
    load = _PACKAGE / "load"
    return _digest([*sorted(load.rglob("*.py")), _PACKAGE / "regions.py",
                    _PACKAGE / "schema.py"])


def cache_key(path: Path, kind: str, options: dict) -> str:
    opts = json.dumps(options, sort_keys=True, default=str)
    text = "|".join([file_sha256(path), kind, opts, CACHE_VERSION, _reference_digest(),
                     _source_digest()])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def key_for(path: Path, kind: str, options: dict) -> str | None:
    """The cache key, or None when the file cannot be read (the load then says why)."""
    try:
        return cache_key(path, kind, options)
    except OSError:
        return None


def _cache_file(key: str) -> Path:
    folder = cache_dir()
    raw = Path(paths.RAW_DIR).resolve()
    resolved = folder.resolve()
    if resolved == raw or raw in resolved.parents:
        raise RuntimeError(f"refusing to write the cache inside data/raw ({folder})")
    return folder / f"{key}.parquet"


def load(key: str) -> pd.DataFrame | None:
    """The cached table, or None when absent or unreadable (it is then rebuilt)."""
    file = _cache_file(key)
    if not file.exists():
        return None
    try:
        table = pq.read_table(file)
        if (table.schema.metadata or {}).get(_ENTRY_KEY) != key.encode():
            return None  # another table put in its place: rebuilt, never served
        # 32-bit-offset strings (mostly distinct text) come back as they were saved
        df = table.to_pandas(types_mapper={pa.string(): pd.ArrowDtype(pa.string())}.get)
        meta = table.schema.metadata or {}
        for name, spec in json.loads(meta.get(_DATE_CATS_KEY, b"{}")).items():
            days = pd.DatetimeIndex(spec["categories"]).as_unit(spec["unit"])
            df[name] = pd.Categorical.from_codes(df[name].to_numpy(), categories=days,
                                                 ordered=spec["ordered"])
        df.attrs = json.loads(meta.get(_ATTRS_KEY, b"{}"))
    except Exception:  # noqa: BLE001 - a damaged cache entry is just rebuilt
        return None
    return df


def save(key: str, df: pd.DataFrame) -> Path:
    """Write the table atomically (temp file, then rename)."""
    file = _cache_file(key)
    file.parent.mkdir(parents=True, exist_ok=True)
    date_cats = {  # stored as their integer codes, the categories in the metadata
        name: {"categories": [d.isoformat() for d in s.cat.categories],
               "unit": s.cat.categories.unit, "ordered": bool(s.cat.ordered)}
        for name, s in df.items()
        if isinstance(s.dtype, pd.CategoricalDtype)
        and isinstance(s.cat.categories, pd.DatetimeIndex)
    }
    plain = df.assign(**{name: df[name].cat.codes for name in date_cats}) if date_cats else df
    table = pa.Table.from_pandas(plain, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[_ATTRS_KEY] = json.dumps(df.attrs, default=str).encode()
    meta[_DATE_CATS_KEY] = json.dumps(date_cats).encode()
    meta[_ENTRY_KEY] = key.encode()
    table = table.replace_schema_metadata(meta)
    _clean_stale(file.parent)
    tmp = file.with_name(f"{file.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, file)
    finally:
        tmp.unlink(missing_ok=True)
    return file


def _clean_stale(folder: Path) -> None:
    """Temp files of writers killed mid-save (older than STALE_TMP_SECONDS)."""
    import time

    for tmp in folder.glob("*.parquet.*.tmp"):
        try:
            if time.time() - tmp.stat().st_mtime > STALE_TMP_SECONDS:
                tmp.unlink()
        except OSError:
            pass


def save_quietly(key: str, df: pd.DataFrame) -> None:
    """Save, or warn once that the cache folder cannot be written (the load goes on)."""
    global _warned
    try:
        save(key, df)
    except OSError as err:
        if not _warned:
            import warnings

            _warned = True
            warnings.warn(f"{cache_dir()} cannot be written ({type(err).__name__}); "
                          "workbooks are loaded without the parquet cache", stacklevel=3)
