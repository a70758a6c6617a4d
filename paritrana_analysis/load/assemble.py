"""Put the parsed columns together in the schema's order and dtypes, then every other
column of the sheet (nothing is dropped).

dtypes: counts Int64, amounts and percentages Float64, dates datetime64[ns]; repeated text
is categorical, mostly distinct text an Arrow string. Two exceptions keep a million-row
claim-level extract (one claim per row, no count column) within a third of the memory of
pandas.read_excel's frame: `cases` there is 1 on every row as int8, and `claim_date` is an
ordered categorical of days (2 bytes a row instead of 8): `.dt`, sorting, min/max and
groupby work; compare dates after `.astype("datetime64[ns]")`, or use `period`. Other
integer columns a sheet brings (a running "No") take the smallest integer dtype.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from paritrana_analysis.load.body import is_text_series
from paritrana_analysis.load.read import Read
from paritrana_analysis.load.text import snake
from paritrana_analysis.load.values import is_identifier
from paritrana_analysis.schema import REGION_ROLES

_INT_TEXT = r"-?(?:0|[1-9]\d{0,15})(?:\.0)?"
# roles that help read a sheet but are no column of the table (kept under their header)
INPUT_ROLES = {"regency_code", "province_code", "region_level", "unit", "indicator", "value"}
_DTYPES = {"count": "Int64", "amount": "Float64", "percent": "Float64", "year": "Int64",
           "rank": "Int64", "flag": "boolean"}


def claim_level(r: Read) -> bool:
    """A claims sheet without a cases column lists one claim per row when it has a claim
    date or a claim/participant number per row."""
    return r.spec.kind == "claims" and "cases" not in r.body.data and bool(
        {"claim_date", "claim_id"} & set(r.body.data))


def _absent(r: Read, col) -> pd.Series | None:
    """The column a sheet does not have: its default, or empty (None: leave it out)."""
    if col.optional:
        return None
    if col.name == "cases" and claim_level(r):  # one row per claim: each row is one case
        return pd.Series(np.ones(r.n, dtype=np.int8))
    if col.default is not None:
        return pd.Series([col.default] * r.n, dtype=_DTYPES.get(col.type, "str"))
    if col.type in _DTYPES:
        return pd.Series(pd.NA, index=range(r.n), dtype=_DTYPES[col.type])
    return None


def assemble(r: Read) -> pd.DataFrame:
    cols: dict[str, pd.Series] = {}
    for col in r.spec.columns:
        s = r.out.get(col.name)
        s = _absent(r, col) if s is None else s
        if s is None:
            continue
        if col.type in _DTYPES and s.dtype != np.int8:
            s = s.round().astype("Int64") if _DTYPES[col.type] == "Int64" else s.astype(
                _DTYPES[col.type])
        cols[col.name] = _day_categories(s) if col.name == "claim_date" else s
    for name, s in r.out.items():  # parsed columns outside the spec
        if name not in cols and name not in REGION_ROLES:
            cols[name] = s
    region = r.layout.region()
    for name, s in r.body.data.items():  # every other column is kept
        if name in cols or region is not None and name == region.name:
            continue
        if name in REGION_ROLES:  # a province column next to the kabupaten/kota column
            cols[f"{name}_as_written"] = s
            continue
        if name in INPUT_ROLES:  # a code or unit column: kept under its own header
            name = snake(r.body.headers.get(name, name))
        s = s.reset_index(drop=True)
        cols[name] = s if is_identifier(name) else compact(s)
    return pd.DataFrame({k: v.reset_index(drop=True) for k, v in cols.items()})


def compact(s: pd.Series) -> pd.Series:
    """Extra columns: integral floats to the smallest integer dtype."""
    if pd.api.types.is_float_dtype(s.dtype) and not isinstance(
            s.dtype, pd.api.extensions.ExtensionDtype):
        v = s.to_numpy()
        if len(v) and not np.isnan(v).any() and np.all(np.mod(v, 1) == 0):
            return pd.Series(pd.to_numeric(v.astype(np.int64), downcast="integer"))
    if is_text_series(s) and len(s) and s.notna().all():  # "1", "2" left by a "Total" row
        values = s.cat.categories if isinstance(s.dtype, pd.CategoricalDtype) else s
        if not re.fullmatch(_INT_TEXT, str(values[0])):
            return s
        if pd.Series(values).astype("str").str.fullmatch(_INT_TEXT).all():
            return compact(s.astype(object).astype(str).astype("float64"))
    return s


def _day_categories(s: pd.Series) -> pd.Series:
    """Dates as an ordered categorical of the distinct days (2-byte codes for the ~1,000
    days of a multi-year claim extract, instead of 8 bytes per row)."""
    codes, days = pd.factorize(s, sort=True)  # NaT -> -1 (missing)
    categories = pd.DatetimeIndex(days).as_unit("ns")
    return pd.Series(pd.Categorical.from_codes(codes, categories=categories, ordered=True))
