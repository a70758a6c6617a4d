"""Parquet cache of loaded tables, keyed by the file's bytes and the loader's options.

A successful load is written to PROCESSED_DIR/cache/<key>.parquet; the key is the sha256
of the file bytes + loader name + options + CACHE_VERSION + a digest of every reference
file the loaders read (REFERENCE_FILES, with region_aliases.csv) + a digest of the loader
modules' source (LOADER_MODULES), so an edited file, a new alias or a fixed loader never
reuses a stale table (CACHE_VERSION stays as a manual salt). dtypes (categoricals, Int64, Float64)
round-trip through pyarrow's pandas metadata, except categoricals of dates (claim_date),
which pyarrow reads back as plain dates: their categories are stored beside df.attrs in
the parquet schema metadata and restored on load. Nothing is ever written under data/raw.
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

CACHE_VERSION = "4"
_ATTRS_KEY = b"paritrana_attrs"
_DATE_CATS_KEY = b"paritrana_date_categoricals"


def cache_dir() -> Path:
    """PROCESSED_DIR/cache (read at call time, so tests can point it elsewhere)."""
    return Path(paths.PROCESSED_DIR) / "cache"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# the reference files the loaders read (headers.py, regions.py): editing one (a new
# alias, a corrected code) must never serve a table cached before the edit
REFERENCE_FILES = ("column_aliases.csv", "segment_aliases.csv", "program_aliases.csv",
                   "region_aliases.csv", "provinces.csv", "regencies.csv")
# the loader modules: a fix in any of them changes the key, whatever CACHE_VERSION says
LOADER_MODULES = ("readers", "table_body", "excel", "headers", "numbers", "regions", "cache",
                  "validate")


def _digest(names, read) -> str:
    h = hashlib.sha256()
    for name in names:
        try:
            data = read(name)
        except OSError:
            data = b"missing"
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()[:16]


@functools.cache
def _reference_digest() -> str:
    """Every reference data file the loaders read (and any other *_aliases.csv)."""
    folder = paths.reference("")
    extra = sorted(p.name for p in folder.iterdir() if p.name.endswith("_aliases.csv")) \
        if folder.is_dir() else []
    names = list(dict.fromkeys([*REFERENCE_FILES, *extra]))
    return _digest(names, lambda name: paths.reference(name).read_bytes())


@functools.cache
def _source_digest() -> str:
    """The source of the loader modules (readers, table_body, excel, headers, ...)."""
    here = Path(__file__).resolve().parent
    return _digest(LOADER_MODULES, lambda name: (here / f"{name}.py").read_bytes())


def cache_key(path: Path, loader: str, options: dict) -> str:
    """sha256 of the file bytes, loader, options, CACHE_VERSION, the reference files and
    the loader source: a loader fix or an alias edit never serves a stale table."""
    opts = json.dumps(options, sort_keys=True, default=str)
    text = "|".join([file_sha256(path), loader, opts, CACHE_VERSION, _reference_digest(),
                     _source_digest()])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


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
    table = table.replace_schema_metadata(meta)
    tmp = file.with_name(f"{file.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, file)
    return file
