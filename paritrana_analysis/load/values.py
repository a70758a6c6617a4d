"""Parse the raw cells of each column by its type in the schema: counts, amounts,
percentages, dates, years, identifiers and text from a fixed vocabulary.

Counts are never rounded silently (1,500 read as 1.5 is wrong), never negative; a unit in
the header scales them ("(Ribu Orang)": thousands). A percent column whose cells carry a
percent format (xlsx) holds fractions (Excel stores 31,33% as 0.3133); a percent column
of numbers that are all at most 1 without that format is a problem. Identifier columns
(NIK, KPJ, claim numbers) keep every digit: a column of numbers becomes exact integers,
and the few above 2^53 (which a float64 cannot hold: 16-digit NIKs of the Papua
provinces) are read from the digits stored in the file; a column with text keeps its text
(leading zeros included) and the numbers in it as their digits.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa

from paritrana_analysis.formatting import format_number
from paritrana_analysis.load.body import is_text_series
from paritrana_analysis.load.dates import parse_date
from paritrana_analysis.load.engines.arrow import text_series
from paritrana_analysis.load.numbers import parse_numbers, parse_percents
from paritrana_analysis.load.read import Read, as_str, map_unique
from paritrana_analysis.load.text import norm_header, unit_factor

_COMMA_GROUPS = r"^\s*-?\d{1,3}(?:,\d{3})+\s*$"  # 500,000 / 1,500 (thousands, in a ','-CSV)
_IDENTIFIER_RE = re.compile(r"(?:^|_)(?:nik|kpj|nomor|no_klaim|id)(?:_|$)")
_EXACT = 2 ** 53  # integers up to here are exact in float64
NUMERIC_TYPES = ("count", "amount", "percent", "year", "rank")


def is_identifier(name: str, known: tuple[str, ...] = ()) -> bool:
    """Identifier-like columns (NIK, KPJ, nomor klaim, id) are text exactly as written."""
    return name == "claim_id" or bool(_IDENTIFIER_RE.search(name)) and name not in known


def ungroup(v, sheet):
    """One cell: '1,500' in a ','-separated CSV is 1500 (an English-locale export)."""
    if sheet.fmt == "csv" and sheet.sep == "," and isinstance(v, str) and re.match(
            _COMMA_GROUPS, v):
        return v.replace(",", "")
    return v


def numbers(s: pd.Series, sheet=None) -> tuple[pd.Series, pd.Series]:
    if isinstance(s.dtype, pd.CategoricalDtype):
        s = s.astype(object)
    if sheet is not None and sheet.fmt == "csv" and sheet.sep == ",":
        text = s.astype("str")
        grouped = text.str.match(_COMMA_GROUPS).fillna(False).to_numpy(bool)
        if grouped.any():
            s = s.astype(object).copy()
            s[grouped] = text[grouped].str.replace(",", "", regex=False).to_numpy(object)
    return parse_numbers(s)


def reason_mask(reasons: pd.Series) -> np.ndarray:
    return reasons.notna().to_numpy(dtype=bool)


def native_numbers(r: Read) -> None:
    """Re-read columns that mix number and text cells one cell at a time (the engine gave
    them as text), so a number cell is never confused with text like "1.234"."""
    if r.sheet.fmt == "csv":
        return
    numeric = r.spec.of_type(*NUMERIC_TYPES)
    cols = {c.name: c.col for c in r.layout.cols if c.as_of is None and c.name in numeric
            and c.name != "rank" and c.name in r.body.data
            and is_text_series(r.body.data[c.name]) and r.body.data[c.name].dtype != object}
    if not cols:
        return
    first = r.layout.header_row
    last = int(r.body.rows.max()) if r.n else first
    native = r.sheet.native(first, list(cols.values()), last - first)
    for name, c in cols.items():
        values = native[c]
        r.body.data[name] = pd.Series([values[row - first - 1] for row in r.body.rows],
                                      dtype=object)


def identifiers(r: Read) -> None:
    """Identifier columns kept exact (see the module docstring)."""
    known = (*r.spec.of_type(*NUMERIC_TYPES), "region_code")
    for c in r.layout.cols:
        s = r.body.data.get(c.name)
        if c.as_of is None and s is not None and is_identifier(c.name, known):
            r.body.data[c.name] = _identifier_text(r, c.col, s) if not (
                is_text_series(s) and s.dtype != object) else _long_digits(r, c.col, s)


def _long_digits(r: Read, col: int, s: pd.Series) -> pd.Series:
    """A text column the engine made of numbers and text: 16-digit numbers in it went
    through a float, so their stored digits are read back from the file."""
    text = s.astype("str")
    long = text.str.fullmatch(r"-?\d{16,}(?:\.0)?").fillna(False).to_numpy(bool)
    if not long.any():
        return s
    rows = r.body.rows[long]
    stored = r.sheet.stored_digits([col], {int(x) for x in rows})
    if not stored:
        return s
    out = text.astype(object).where(s.notna(), None).to_numpy().copy()
    for i, row in zip(np.flatnonzero(long), rows, strict=True):
        out[i] = stored.get((int(row), col), out[i])
    return text_series(pa.array(out.tolist(), type=pa.string()))


def _identifier_text(r: Read, col: int, s: pd.Series) -> pd.Series:
    """Numbers only: exact integers (int64, the stored digits above 2^53); numbers mixed
    with text: text, the numbers as their digits."""
    if pd.api.types.is_float_dtype(s.dtype) or pd.api.types.is_integer_dtype(s.dtype):
        nums, missing = s.to_numpy(dtype=float, na_value=np.nan), s.isna().to_numpy()
        if not missing.all() and np.all(np.mod(nums[~missing], 1) == 0):
            ints = np.where(missing, 0, nums).astype(np.int64)
            for i, digits in _big(r, col, nums).items():
                ints[i] = int(digits)
            return pd.Series(pd.arrays.ArrowExtensionArray(pa.array(ints, mask=missing)))
    values = s.to_numpy(dtype=object)
    is_num = np.fromiter((isinstance(v, (int, float, np.integer, np.floating))
                          and not isinstance(v, (bool, np.bool_)) for v in values),
                         dtype=bool, count=len(values))
    nums = np.where(is_num, values, np.nan).astype(float)
    whole = is_num & np.isfinite(nums) & (np.mod(nums, 1) == 0)
    text = pa.array(np.where(whole, nums, 0).astype(np.int64)).cast(pa.string())
    out = np.asarray(text.to_numpy(zero_copy_only=False), dtype=object)
    out[~whole] = [as_str(v) for v in values[~whole]]
    for i, digits in _big(r, col, np.where(whole, nums, np.nan)).items():
        out[i] = digits
    return text_series(pa.array(out.tolist(), type=pa.string()))


def _big(r: Read, col: int, nums: np.ndarray) -> dict[int, str]:
    """{row position: digits stored in the file} for integers a float64 cannot hold."""
    with np.errstate(invalid="ignore"):
        big = np.flatnonzero(np.abs(nums) >= _EXACT)
    if not len(big):
        return {}
    rows = r.body.rows[big]
    stored = r.sheet.stored_digits([col], {int(x) for x in rows})
    return {int(i): stored[(int(row), col)] for i, row in zip(big, rows, strict=True)
            if (int(row), col) in stored}


def counts(r: Read, name: str, kind: str) -> None:
    """A count or amount column: parsed, scaled by a unit in its header, checked."""
    s, head = r.body.data[name], r.header_of(name)
    nums, why = numbers(s, r.sheet)
    r.problems.cells(reason_mask(why), r.body.rows, head, s, lambda i, w=why: f"{w.iloc[i]}")
    scale = r.body.scales.get(name)
    if scale and scale != 1:
        nums = (nums * scale).round(6)
        r.notes.append(f"{head}: values multiplied by {format_number(scale)} (the header "
                       "gives the unit)")
    nums, bad_unit = _row_units(r, name, nums)
    if kind == "count":
        with np.errstate(invalid="ignore"):
            v = nums.to_numpy("float64", na_value=np.nan)
            frac = (np.abs(v - np.round(v)) > 1e-6) & ~bad_unit
        r.problems.cells(frac, r.body.rows, head, s, "a count with decimals: if the comma "
                         "groups thousands, write 1.500 or 1500")
    r.problems.cells((nums < 0).fillna(False).to_numpy(bool), r.body.rows, head, s,
                     "negative number")
    r.out[name], r.why[name] = nums, why


def _row_units(r: Read, name: str, nums: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """A unit column (satuan: ORANG, RIBU ORANG, JUTA RUPIAH) scales each row's number;
    a unit that is not a count ('PERSEN') or not a unit at all is a problem."""
    unit = r.body.data.get("unit")
    if unit is None:
        return nums, np.zeros(len(nums), dtype=bool)
    factors = map_unique(unit, lambda v: unit_factor(v) if as_str(v) else 1.0).astype(
        "Float64")
    words = unit.astype(object).map(lambda v: norm_header(v or ""))
    bad = (factors.isna() | words.isin(["persen", "pct"])).to_numpy(bool) & \
        nums.notna().to_numpy(bool)
    r.problems.cells(bad, r.body.rows, r.header_of("unit"), unit.astype(object),
                     f"not a unit of a count for '{r.header_of(name)}' (expected e.g. "
                     "'Orang', 'Ribu Orang', 'Rupiah')")
    if (factors.fillna(1) != 1).any():
        r.notes.append(f"{r.header_of(name)}: multiplied by the unit in "
                       f"'{r.header_of('unit')}' on each row")
    return (nums * factors.fillna(1)).round(6), bad


def percents(r: Read, name: str) -> None:
    raw, head = r.body.data[name], r.header_of(name)
    nums, _ = numbers(raw)
    fraction = _percent_format(r, name)
    pct, why = parse_percents(raw.astype(object) if isinstance(
        raw.dtype, pd.CategoricalDtype) else raw, fraction=fraction)
    if not fraction and _looks_like_fractions(raw, nums):
        first = int(np.flatnonzero(nums.notna().to_numpy(bool))[0])
        r.problems.add("looks like fractions (every value is at most 1, e.g. 0.3133 for "
                       "31,33%): format the column as % in Excel or multiply by 100",
                       r.body.rows[first], head, raw.iloc[first])
    elif not fraction:
        r.problems.cells(_fractions_among_percentages(raw, nums), r.body.rows, head, raw,
                         "a fraction among percentages (0.4331 beside 25 is 0,43% or 43,31%?)"
                         ": write it as a percentage, with % if it really is below 1%")
    r.problems.cells(reason_mask(why), r.body.rows, head, raw, lambda i, w=why: f"{w.iloc[i]}")
    label = "coverage" if name == "coverage_pct" else "target"
    r.problems.cells(((pct < 0) | (pct > 100)).fillna(False).to_numpy(bool), r.body.rows,
                     head, raw, f"{label} outside 0-100%")
    r.out[name], r.why[name] = pct, why


def _percent_format(r: Read, name: str) -> bool:
    """True when the cells of a percent column have a percent number format (xlsx)."""
    raw = r.body.data[name]
    if is_text_series(raw) and raw.dtype != object or not r.sheet.formats_known:
        return False  # text is read as written; xls/ods/csv expose no formats
    col = next((c.col for c in r.layout.cols if c.name == name), None)
    first = r.layout.header_row
    return any((row, col) in r.sheet.percent_cells for row in range(first + 1, first + 40))


def _looks_like_fractions(raw: pd.Series, nums: pd.Series) -> bool:
    """Every value of a percent column (numbers, or text without '%') is at most 1 and
    one is not 0: 0.3133 typed for 31,33%. Read as written it would be 0,31%."""
    plain = raw.astype(object).map(lambda v: not (isinstance(v, str) and "%" in v)).to_numpy(
        bool)
    picked = nums[plain & nums.notna().to_numpy(bool)]
    return len(picked) > 0 and bool((picked.abs() <= 1).all()) and bool((picked != 0).any())


def _fractions_among_percentages(raw: pd.Series, nums: pd.Series) -> np.ndarray:
    """Numbers in (0, 1], typed without '%', in a column whose other values are above 1."""
    plain = raw.astype(object).map(lambda v: not (isinstance(v, str) and "%" in v)).to_numpy(
        bool)
    v = nums.to_numpy("float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        small = plain & (v > 0) & (v <= 1)
        return small if (v > 1).any() else np.zeros(len(v), dtype=bool)


def dates(r: Read, name: str) -> None:
    s, head = r.body.data[name], r.header_of(name)
    when, why = parse_dates(s)
    r.problems.cells(reason_mask(why), r.body.rows, head, s,
                     lambda i, w=why: f"unparseable date: {w.iloc[i]}")
    if name == r.spec.time:
        empty = when.isna().to_numpy(bool) & ~reason_mask(why)
        r.problems.cells(empty, r.body.rows, head, s, "empty date cell")
    r.out[name], r.why[name] = when, why


def parse_dates(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(datetime64[ns] day, reasons) for a date column; each distinct value parsed once."""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return (s.dt.normalize().astype("datetime64[ns]"),
                pd.Series(pd.NA, index=s.index, dtype="string"))
    codes, uniques = pd.factorize(s.astype(object), use_na_sentinel=True)
    parsed, why = [], []
    for u in uniques:
        try:
            found = parse_date(u)
        except (ValueError, TypeError, OverflowError) as exc:
            found, reason = None, str(exc)
        else:
            reason = None
            if found is not None and not 1900 <= found.year <= 2100:
                found, reason = None, f"implausible year {found.year}"
        parsed.append(found)
        why.append(reason)
    out = pd.Series(pd.array(parsed + [None], dtype="datetime64[ns]")[codes], index=s.index)
    reasons = pd.Series(pd.array(why + [None], dtype="string")[codes], index=s.index)
    return out, reasons


def years(r: Read, name: str) -> None:
    s = r.body.data[name]
    nums, why = numbers(s)
    bad = reason_mask(why) | nums.isna().to_numpy(bool) | \
        ~nums.between(1900, 2100).fillna(False).to_numpy(bool)
    r.problems.cells(bad, r.body.rows, r.header_of(name), s, "not a year (e.g. 2025)")
    r.out[name] = nums.round().astype("Int64")


PARSERS = {
    "count": lambda r, name: counts(r, name, "count"),
    "amount": lambda r, name: counts(r, name, "amount"),
    "percent": percents,
    "date": dates,
    "year": years,
}


def parse_values(r: Read) -> None:
    """Every column of the spec the sheet has, parsed by its type."""
    for col in r.spec.columns:
        parse = PARSERS.get(col.type)
        if parse is not None and col.name in r.body.data and col.name not in r.out:
            parse(r, col.name)
