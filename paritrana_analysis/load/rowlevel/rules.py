"""What row-level extracts share with the workbook loaders: headers, regions, segments.

The loaders' rules are imported here, in one place (repoint these imports when the
loaders move to paritrana_analysis/load/): header aliases (column_aliases.csv, normalised
by `norm_header`, plus rowlevel_columns.csv for participant and identifier columns),
segment and program names, Indonesian periods, and the region rules of
`readers._region_or_reason` and `regions.lookup_region`, applied to the distinct region
values of an extract (a few hundred), never to its rows.
"""

from __future__ import annotations

import functools
import re

import pandas as pd

# The loaders' rules (headers, numbers, dates, regions, problems), shared with the
# workbook loaders; the other rowlevel modules, their tests and benchmark import them here.
from paritrana_analysis.load.dates import MONTHS_ID, parse_date, parse_period
from paritrana_analysis.load.engines.csv import separator
from paritrana_analysis.load.numbers import PLACEHOLDERS, parse_number, parse_numbers
from paritrana_analysis.load.pipeline import no_region_reason
from paritrana_analysis.load.problems import DataError, Problem
from paritrana_analysis.load.region_column import region_or_reason as _region_or_reason
from paritrana_analysis.load.text import canonical_program, canonical_segment, norm_header
from paritrana_analysis.load.text import mapping as _mapping
from paritrana_analysis.load.values import ungroup
from paritrana_analysis.paths import reference
from paritrana_analysis.regions import lookup_region, suggest_region

__all__ = ["IDENTIFIERS", "MONTHS_ID", "PLACEHOLDERS", "RECAP_COLUMNS", "SEP", "DataError",
           "Problem", "canonical_program", "canonical_segment", "extract_attrs",
           "lookup_region", "parse_numbers",
           "header_map", "is_identifier", "month_index", "month_ts",
           "no_region_reason", "norm_header", "parse_date", "parse_number", "parse_period",
           "region_columns", "region_fields", "region_lookup", "resolve_regions",
           "row_level_program", "row_level_segment", "separator", "status_words", "ungroup"]

IDENTIFIERS = frozenset({"nik", "kpj", "name", "address", "phone", "email", "birth_date",
                         "claim_id"})
# header words that name personal data, for headers no alias lists ("Nama" alone is an
# alias: "Nama Provinsi" and "Nama Perusahaan" are not personal)
_IDENTIFIER_WORDS = re.compile(r"\b(?:nik|kpj|ktp|alamat|address|hp|telepon|telp|phone|"
                               r"email|e mail|lahir|npwp|rekening)\b")
RECAP_COLUMNS = frozenset({"covered", "potential", "employed", "cases", "coverage_pct"})
SEP = "\x1f"  # between a kabupaten/kota and its Provinsi cell in a region key


@functools.cache
def _extra_aliases(kind: str) -> dict[str, str]:
    with reference("rowlevel_columns.csv").open(encoding="utf-8") as fh:
        df = pd.read_csv(fh, comment="#", dtype=str, keep_default_na=False)
    return {norm_header(a): c.strip() for a, c, k in df.itertuples(index=False)
            if k.strip() in ("", kind)}


@functools.cache
def status_words() -> dict[str, bool]:
    with reference("participant_status.csv").open(encoding="utf-8") as fh:
        df = pd.read_csv(fh, comment="#", dtype=str, keep_default_na=False)
    return {norm_header(a): v.strip() == "1" for a, v in df.itertuples(index=False)}


def header_map(kind: str, columns: dict | None) -> dict[str, str]:
    """Normalised header -> canonical name: the loaders' aliases (a participant extract
    shares coverage's), then rowlevel_columns.csv, then `columns`."""
    mapping = dict(_mapping("coverage" if kind == "participants" else "claims", None))
    mapping.update(_extra_aliases(kind))
    mapping.update({norm_header(k): v for k, v in (columns or {}).items()})
    return mapping


def is_identifier(header: str, name: str | None) -> bool:
    """A column of personal data: an identifier alias (rowlevel_columns.csv), or an
    unknown header with a word such as NIK, KTP, alamat, HP, e-mail, lahir."""
    return name in IDENTIFIERS or name is None and bool(
        _IDENTIFIER_WORDS.search(norm_header(header)))


def region_fields(fields: dict) -> tuple[str, str | None]:
    main = next(f for f in ("regency", "region", "province") if f in fields)
    hint = "province" if main != "province" and "province" in fields else None
    return main, hint


def resolve_regions(keys, main: str, region_hint: str | None) -> tuple[dict, dict]:
    """Distinct region keys -> Region, or -> the reason they are not one (the loaders'
    rules: readers._region_or_reason, regions.lookup_region, suggest_region)."""
    found, bad = {}, {}
    default_hint = lookup_region(region_hint) if region_hint else None
    for key in keys:
        text, _, hint = key.partition(SEP)
        if not text.strip():
            bad[key] = "empty region cell in a data row"
            continue
        hint_region = lookup_region(hint) if hint.strip() else default_hint
        hint_code = hint_region.province_code if hint_region is not None and \
            hint_region.level != "national" else None
        hint_text = hint if hint.strip() else region_hint
        region = lookup_region(text, province=hint_code)
        if region is None or main == "regency" and region.level == "province":
            region, why = _region_or_reason(text, hint_text, hint_code, region, main)
            if region is None:
                close = suggest_region(text)
                bad[key] = why or f"unknown region '{text}'" + (
                    f": did you mean '{close}'?" if close else "")
                continue
        found[key] = region
    return found, bad


def region_lookup(distinct: pd.DataFrame, main: str, hint: str | None,
                  region: str | None) -> tuple[pd.DataFrame, list, dict]:
    """From the distinct (k_<main>[, k_<hint>]) texts of an extract: the lookup table
    (those texts and a region_id), the regions (region_id indexes this list) and the
    reasons of the texts that are not a region, keyed "text<SEP>hint". `region` (a
    province or kabupaten/kota) narrows bare names and keeps only its own regions:
    texts of other regions get region_id <NA> (rows left out, no problem)."""
    keys = distinct[f"k_{main}"] if hint is None else \
        distinct[f"k_{main}"] + SEP + distinct[f"k_{hint}"]
    found, bad = resolve_regions(keys.tolist(), main, region)
    if region is not None:
        want = lookup_region(region)
        if want is None or want.level == "national":
            raise ValueError(f"region={region!r} is not a province or kabupaten/kota")
        found = {k: r for k, r in found.items() if r.code == want.code or
                 want.level == "province" and r.province_code == want.province_code}
    regions = sorted({r.code: r for r in found.values()}.values(), key=lambda r: r.code)
    ids = {r.code: i for i, r in enumerate(regions)}
    table = distinct.drop(columns="n").assign(
        region_id=pd.array([ids[found[k].code] if k in found else None for k in keys],
                           dtype="Int32"))
    return table, regions, bad


def region_columns(df: pd.DataFrame, regions: list) -> pd.DataFrame:
    """region_code, region, level for the aggregate's region_id (rows of no region, i.e.
    outside `region=`, dropped)."""
    df = df[df["region_id"].notna()]
    ids = df["region_id"].astype(int).to_numpy()
    pick = {attr: pd.array([getattr(r, attr) for r in regions], dtype="str")
            for attr in ("code", "name", "level")}
    return df.assign(region_code=pick["code"][ids], region=pick["name"][ids],
                     level=pick["level"][ids])


def row_level_segment(text) -> str:
    """A participant's segment (segment_aliases.csv); an empty cell is "unknown" (a
    participant of no stated segment), never "all" as in a recap's total row."""
    return "unknown" if _empty(text) else canonical_segment(text)


def row_level_program(text) -> str:
    """A claim's program (program_aliases.csv); an empty cell is "unknown"."""
    return "unknown" if _empty(text) else canonical_program(text)


def _empty(text) -> bool:
    return not isinstance(text, str) or not text.strip()


def month_index(when) -> int:
    ts = pd.Timestamp(when)
    return ts.year * 12 + ts.month - 1


def month_ts(index: int) -> pd.Timestamp:
    return pd.Timestamp(index // 12, index % 12 + 1, 1)


def extract_attrs(src, fields: dict, kind: str, rows: int, **extra) -> dict:
    left_out = [h for h in src.headers if is_identifier(h, None) or
                any(src.headers[i] == h and f in IDENTIFIERS for f, i in fields.items())]
    return {"kind": kind, "file": src.label, "rows": rows, "row_level": True,
            "identifiers_not_read": left_out, **extra}
