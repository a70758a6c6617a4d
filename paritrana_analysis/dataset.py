"""The dataset in data/raw: every workbook of one kind, loaded through the loaders, as one table.

`load_dataset("coverage")` reads each coverage workbook in `paths.RAW_DIR` (the bundled,
source-cited workbooks and any an analyst dropped beside them) with the matching reader
(`read_coverage`, ...; parquet-cached by the loaders), concatenates them with a `file`
column naming the workbook each row came from, and sorts the rows deterministically.
Text columns are `str` however many workbooks there are (the loaders' categoricals are
converted); dates are datetime64[ns], counts Int64, percentages and amounts Float64.
A workbook's kind comes from its sidecar `<file>.meta.yml`, else from `detect_kind`.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import pandas as pd
import yaml

from paritrana_analysis import paths
from paritrana_analysis.load.cache import file_sha256
from paritrana_analysis.schema import KINDS, spec

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


def _check_kind(name: str) -> None:
    if name not in KINDS:
        raise ValueError(f"unknown dataset {name!r}: choose one of {', '.join(KINDS)}")


def sidecar(path: Path) -> Path:
    """The provenance sidecar of a raw file: `<file>.meta.yml` beside it."""
    path = Path(path)
    return path.with_name(path.name + ".meta.yml")


def provenance(path) -> dict:
    """The sidecar of a raw workbook as a dict ({} when it has none); a bare file name
    (`provenance("targets.xlsx")`, the `file` column) is looked up in data/raw."""
    path = Path(path)
    if not path.exists() and len(path.parts) == 1:
        path = Path(paths.RAW_DIR) / path
    meta = sidecar(path)
    if not meta.exists():
        return {}
    return yaml.safe_load(meta.read_text(encoding="utf-8")) or {}


def _digest(path: Path) -> str:
    side = sidecar(path)
    return file_sha256(path) + (file_sha256(side) if side.exists() else "")


@functools.lru_cache(maxsize=256)
def _tables(path: str, digest: str) -> tuple:
    """The sheets of a raw file and their kinds (load.tables), once per content. A file
    that cannot be read raises its DataError: left out, its figures would be lost
    without a word (and nobody can tell which table it was meant for)."""
    from paritrana_analysis.load import tables

    return tuple(tables(Path(path), provenance(Path(path)).get("kind")))


def sheets_of(path: Path, kind: str | None = None) -> list[tuple]:
    """(sheet, kind, why skipped) for every sheet of a raw file (of `kind`, if given)."""
    rows = _tables(str(path), _digest(path))
    return [t for t in rows if kind is None or t[1] == kind]


def raw_files(kind: str | None = None) -> list[Path]:
    """Workbooks in data/raw (sorted by name), optionally only those of one kind.

    With the environment variable PARITRANA_BUNDLED_ONLY=1 (set by `make test` for the
    notebooks), only the bundled workbooks, those with a sidecar: an analyst's own files
    never change what the notebook checks expect.
    """
    if kind is not None:
        _check_kind(kind)
    raw = Path(paths.RAW_DIR)
    files = (
        sorted(
            p
            for p in raw.iterdir()
            if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", "."))
        )
        if raw.is_dir()
        else []
    )
    if os.environ.get("PARITRANA_BUNDLED_ONLY") == "1":
        files = [p for p in files if sidecar(p).exists()]
    return files if kind is None else [p for p in files if sheets_of(p, kind)]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verify_checksums() -> list[str]:
    """Problems with the sidecars in data/raw: a checksum that does not match its file,
    a sidecar whose file is missing, a sidecar without kind or sha256. [] when all is well."""
    problems = []
    for meta in sorted(Path(paths.RAW_DIR).glob("*.meta.yml")):
        data = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
        target = meta.with_name(meta.name[: -len(".meta.yml")])
        if not target.exists():
            problems.append(f"{meta.name}: describes {target.name}, which is not in data/raw")
            continue
        for key in ("kind", "sha256"):
            if not data.get(key):
                problems.append(f"{meta.name}: no {key!r}")
        if data.get("kind") and data["kind"] not in KINDS:
            problems.append(f"{meta.name}: kind {data['kind']!r} is not one of {', '.join(KINDS)}")
        if data.get("sha256") and data["sha256"] != _sha256(target):
            problems.append(f"{meta.name}: sha256 does not match {target.name} (file changed?)")
    return problems


def load_dataset(name: str) -> pd.DataFrame:
    """The canonical `name` table (coverage, workforce, claims, targets or awards) of every
    sheet of that kind in data/raw's workbooks, with `file` and `sheet` columns. Memoised
    per process on the files' contents (not their dates); each call returns a fresh copy.
    Sheets that hold no table of the kind are named in `attrs["skipped_sheets"]`."""
    _check_kind(name)
    files = raw_files(name)
    if not files:
        raise FileNotFoundError(f"no {name} workbook in {paths.RAW_DIR}")
    return _load(name, tuple((str(p), _digest(p)) for p in files)).copy()


def _read(name: str, path: Path, sheet) -> pd.DataFrame:
    """One sheet through its loader, with `file` and `sheet` columns naming it. The loader
    gives each row its own "Sumber" cell as `source`, `cases` empty on a claims sheet
    without a count column unless it lists one claim per row, and the canonical dtypes."""
    from paritrana_analysis.load import READERS

    return READERS[name](path, sheet=sheet).assign(file=path.name, sheet=sheet or "")


def _plain_text(table: pd.DataFrame) -> pd.DataFrame:
    """Text columns as `str` whatever the number of workbooks: a loader gives repeated
    text as categoricals, and pd.concat keeps a categorical only when every file has the
    same categories (so one file gave category, several gave str or object). Categoricals
    of dates (a claim-level `claim_date`) and integer dtypes (int8 `cases`) are kept: they
    are the compact dtypes documented in data/README.md."""
    out = {}
    for col, s in table.items():
        if isinstance(s.dtype, pd.CategoricalDtype):
            if not isinstance(s.cat.categories, pd.DatetimeIndex):
                out[col] = s.astype("str")
        elif s.dtype == object and all(isinstance(v, str) for v in s.dropna()):
            out[col] = s.astype("str")
    return table.assign(**out) if out else table


@functools.lru_cache(maxsize=32)
def _load(name: str, stamp: tuple) -> pd.DataFrame:
    frames, skipped = [], []
    for p, digest in stamp:
        for sheet, kind, why in _tables(p, digest):
            if kind == name:
                frames.append(_read(name, Path(p), sheet))
            elif kind is None and sheet is not None:
                skipped.append({"file": Path(p).name, "sheet": sheet, "why": why})
    table = _plain_text(pd.concat(frames, ignore_index=True))
    keys = [c for c in spec(name).sort if c in table.columns] + ["file", "sheet"]
    table = table.sort_values(keys, kind="stable", na_position="last").reset_index(drop=True)
    table.attrs = {"skipped_sheets": skipped}
    return table


def export_tables(out_dir=None, failed: dict | None = None) -> dict[str, Path]:
    """Write every kind's table as parquet to `out_dir` (default data/processed) and
    return {kind: path}; kinds with no workbook are skipped. A table that cannot be
    written (a read-only folder or file) does not stop the others: its error goes into
    `failed` ({kind: OSError}) when given, else it is raised after the rest are written."""
    out = Path(out_dir or paths.PROCESSED_DIR)
    written, errors = {}, {}
    for kind in KINDS:
        if not raw_files(kind):
            continue
        table = load_dataset(kind)  # a loading error is the caller's to see
        try:
            out.mkdir(parents=True, exist_ok=True)
            table.to_parquet(out / f"{kind}.parquet", index=False)
            written[kind] = out / f"{kind}.parquet"
        except OSError as err:
            errors[kind] = err
    if failed is not None:
        failed.update(errors)
    elif errors:
        raise next(iter(errors.values()))
    return written


def load_all() -> dict[str, pd.DataFrame]:
    """Every canonical table of the bundled data (and your workbooks), by name."""
    return {name: load_dataset(name) for name in KINDS}
