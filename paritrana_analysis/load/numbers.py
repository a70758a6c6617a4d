"""Numbers and percentages as Indonesian spreadsheets write them.

Number text, the rules in order:

- Empty, None, NaN and the placeholders "-", "–", "—", ".", "..", "...", "n/a", "NA",
  "null" mean "no value" and give None (the caller decides whether empty is allowed).
- "Rp", "Rp.", "IDR" before the number and ",-" / ",00" after it are money marks;
  "%" after it is dropped (31,33% -> 31.33; see `parse_percent` for fractions).
- Scale words after the number: rb/ribu (1e3), jt/juta (1e6), M/miliar/milyar (1e9:
  in Indonesian text "M" is miliar, never million), T/triliun (1e12), and the English
  thousand/million/billion/trillion (K, mn, bn, tn).
- Markers before the number are allowed and read by `qualifier`: "sekitar", "~", "±"
  (rounded), "lebih dari", ">" (a lower bound), "kurang dari", "hampir", "<" (an upper
  bound).
- Negative: "-5", "−5" (minus sign) or "(1.234)".
- Separators: "." groups thousands and "," is the decimal mark ("2.789.917,5").
  When both appear, the last one is the decimal mark ("1,234,567.89" is English).
  Several commas must be thousand groups ("1,234,567"). A single comma is a decimal
  mark ("43,31", and also "1,234" = 1.234). A single dot followed by exactly three
  digits is a thousands separator ("1.234" = 1234, as in Indonesian files), other
  single dots are decimal points ("31.33", "0.125", "1234.567").
- Anything else raises ValueError whose message is the reason in plain words:
  "a number written in words", "a range, not one number", "not a number", ...

Dates and periods are in dates.py.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["parse_number", "parse_numbers", "parse_percent", "parse_percents", "is_missing",
           "qualifier"]

# ---------------------------------------------------------------- numbers

PLACEHOLDERS = frozenset(
    {"", "-", "–", "—", "--", ".", "..", "...", "…", "n/a", "na", "n.a.", "null", "none", "nan"}
)

_SCALES = {
    "rb": 1e3,
    "rbu": 1e3,
    "ribu": 1e3,
    "k": 1e3,
    "thousand": 1e3,
    "jt": 1e6,
    "jta": 1e6,
    "juta": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "m": 1e9,  # Indonesian press: "Rp6,18 M" is 6,18 miliar
    "miliar": 1e9,
    "milyar": 1e9,
    "milliar": 1e9,
    "mlr": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "tn": 1e12,
    "triliun": 1e12,
    "trilyun": 1e12,
    "trillion": 1e12,
}

# Markers before a number and what they say about it (see `qualifier`): the number is
# read without them, and the coverage loader keeps what they say as the row's qualifier.
QUALIFIER_MARKERS = {
    "rounded": ("kurang lebih", "kira-kira", "kira kira", "sekitar", "lebih kurang",
                "approximately", "approx.", "approx", "about", "around", "+/-", "~", "±",
                "≈", "+-"),
    "lower_bound": ("lebih dari", "di atas", "diatas", "minimal", "sedikitnya", "paling "
                    "sedikit", "more than", "over", "at least", ">=", "≥", ">"),
    "upper_bound": ("kurang dari", "di bawah", "dibawah", "hampir", "maksimal", "nearly",
                    "almost", "under", "less than", "<=", "≤", "<"),
}
_APPROX = sorted((m for ms in QUALIFIER_MARKERS.values() for m in ms), key=len, reverse=True)

_NUMBER_WORDS = frozenset(
    """nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas belas
    puluh ratus seratus seribu sejuta semiliar ribu juta miliar milyar triliun setengah
    zero one two three four five six seven eight nine ten eleven twelve twenty thirty
    forty fifty hundred thousand million billion""".split()
)

_SPACES = "\u00a0\u202f\u2009\u2007 '’"
_CURRENCY_RE = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_TAIL_RE = re.compile(r"(?:,-|\.-|,=|\.=)$")
_SCALE_RE = re.compile(r"^(.*?\d)\s*([a-z]+)\.?$", re.IGNORECASE)
_DIGITS_RE = re.compile(r"^[\d.,]+$")
_GROUPED_RE = {
    ".": re.compile(r"^\d{1,3}(?:\.\d{3})+$"),
    ",": re.compile(r"^\d{1,3}(?:,\d{3})+$"),
    " ": re.compile(r"^\d{1,3}(?: \d{3})+$"),
}
_SCIENTIFIC_RE = re.compile(r"^\d+(?:\.\d+)?[eE][+-]?\d+$")
_RANGE_RE = re.compile(r"^\d[\d.,]*\s*(?:-|–|—|s\.?d\.?|s/d|sampai|hingga|to)\s*\d[\d.,]*$")


class _Reason(ValueError):
    pass


def is_missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, np.datetime64) and np.isnat(value):
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, np.floating) and np.isnan(value):
        return True
    return False


def _digits_to_float(text: str) -> float:
    """'2.789.917,5' -> 2789917.5 following the separator rules in the module docstring."""
    if not _DIGITS_RE.match(text) or not any(c.isdigit() for c in text):
        raise _Reason("not a number")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        whole, _, frac = text.rpartition(decimal)
        if thousands in frac or decimal in whole:
            raise _Reason("not a number: the thousands and decimal separators are mixed up")
        if not _GROUPED_RE[thousands].match(whole):
            raise _Reason("not a number: digit groups between separators must have 3 digits")
        if not frac.isdigit():
            raise _Reason("not a number")
        return float(whole.replace(thousands, "") + "." + frac)
    if commas > 1:
        if not _GROUPED_RE[","].match(text):
            raise _Reason("not a number: digit groups between separators must have 3 digits")
        return float(text.replace(",", ""))
    if dots > 1:
        if not _GROUPED_RE["."].match(text):
            raise _Reason("not a number: digit groups between separators must have 3 digits")
        return float(text.replace(".", ""))
    if commas == 1:
        whole, frac = text.split(",")
        if not frac:
            return float(whole)  # "42,"
        return float((whole or "0") + "." + frac)
    if dots == 1:
        whole, frac = text.split(".")
        if not frac:
            return float(whole)
        if len(frac) == 3 and whole and 1 <= len(whole) <= 3 and whole[0] != "0":
            return float(whole + frac)  # "1.234": Indonesian thousands
        return float((whole or "0") + "." + frac)
    return float(text)


def _parse_text(text: str) -> float | None:
    s = text.strip().strip(_SPACES)
    if s.lower() in PLACEHOLDERS:
        return None
    s = s.replace("\u2212", "-")  # minus sign
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    lower = s.lower()
    for marker in _APPROX:
        if lower.startswith(marker):
            s = s[len(marker) :].strip()
            lower = s.lower()
            break
    signs = 0
    if s.startswith("-"):
        negative, s, signs = True, s[1:].strip(), 1
    elif s.startswith("+"):
        s, signs = s[1:].strip(), 1
    s = _CURRENCY_RE.sub("", s)
    if s.startswith("-") and not signs:  # "Rp-5.000"
        negative, s, signs = True, s[1:].strip(), 1
    if signs and text.strip().startswith("(") or s.startswith(("-", "+")):
        raise _Reason("not a number: more than one sign")
    if s.endswith("%"):
        s = s[:-1].strip()
    s = _TAIL_RE.sub("", s)
    scale = 1.0
    m = _SCALE_RE.match(s)
    if m:
        word = m.group(2).lower()
        if word not in _SCALES:
            raise _Reason(_reason_for_words(text))
        s, scale = m.group(1).strip(), _SCALES[word]
    # thousands grouped with spaces: "1 234 567"
    for ch in _SPACES:
        if ch in s:
            s = s.replace(ch, " ")
    if " " in s:
        if not re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?", s):
            raise _Reason(_reason_for_words(text))
        s = s.replace(" ", "")
    if _SCIENTIFIC_RE.match(s):  # 1.5E+06 from a CSV written by a script
        return -float(s) * scale if negative else float(s) * scale
    try:
        number = _digits_to_float(s)
    except _Reason:
        if _DIGITS_RE.match(s):  # only digits and separators: the separator reason
            raise
        raise _Reason(_reason_for_words(text)) from None
    number *= scale
    if scale != 1.0:
        number = float(round(number, 6))  # 718,7 miliar -> exactly 718700000000
    return -number if negative else number


def _reason_for_words(text: str) -> str:
    lower = text.strip().lower()
    words = re.findall(r"[a-z]+", lower)
    if words and any(w in _NUMBER_WORDS for w in words) and not re.search(r"\d", lower):
        return "a number written in words; type it in digits"
    if _RANGE_RE.match(lower):
        return "a range, not one number"
    if re.fullmatch(r"\d{1,4}[/-]\d{1,2}[/-]\d{1,4}", lower):
        return "a date, not a number"
    if re.search(r"\d", lower):
        return "not a number: text mixed with digits"
    return "not a number"


def parse_number(value) -> float | None:
    """A number from a cell value: Indonesian text, int, float. None for empty/placeholder.

    >>> parse_number("2.789.917"), parse_number("Rp718,7 miliar"), parse_number("31,33%")
    (2789917.0, 718700000000.0, 31.33)

    Raises ValueError with the reason in plain words for anything else.
    """
    if is_missing(value):
        return None
    if isinstance(value, (bool, np.bool_)):
        raise ValueError("a yes/no value, not a number")
    if isinstance(value, (int, float, np.integer, np.floating, Decimal)):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError("not a finite number")
        return number
    if isinstance(value, (dt.date, dt.datetime, np.datetime64, pd.Timestamp)):
        raise ValueError("a date, not a number")
    if not isinstance(value, str):
        raise ValueError("not a number")
    try:
        return _parse_text(value)
    except _Reason as exc:
        raise ValueError(str(exc)) from None


# Fast paths; they must agree with _parse_text (a test checks this on random values).
_FAST_ID_RE = r"^-?(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?$"  # 2.789.917 / 43,31 / 12
# 2789917 / 31.33 / 0.125 / 1234.5 (but never 1.234, which is 1234: see the rules)
_FAST_PLAIN_RE = r"^-?(?:\d+\.\d{1,2}|\d+\.\d{4,}|0\.\d+|\d{4,}\.\d+)$"


# money and percent marks the fast path may drop (the same as _parse_text does)
_FAST_MARKS_RE = r"^(?:[Rr][Pp]\.?|IDR|idr)\s*|\s*%$|,-$"


def _python_parse(values: list) -> tuple[np.ndarray, np.ndarray]:
    out = np.full(len(values), np.nan)
    reasons = np.full(len(values), None, dtype=object)
    for i, value in enumerate(values):
        try:
            number = parse_number(value)
        except ValueError as exc:
            reasons[i] = str(exc)
        else:
            if number is not None:
                out[i] = number
    return out, reasons


def _fast(trimmed: pa.Array, todo: np.ndarray, out: np.ndarray, where: np.ndarray) -> None:
    """Parse the rows of `trimmed` the fast regexes accept; update out[where], todo."""
    for pattern, is_id in ((_FAST_ID_RE, True), (_FAST_PLAIN_RE, False)):
        left = todo[where]
        if not left.any():
            return
        if not left.all():  # look only at the rows still to do
            trimmed, where = trimmed.filter(pa.array(left)), where[left]
        mask = pc.fill_null(pc.match_substring_regex(trimmed, pattern), False)
        mask = mask.to_numpy(zero_copy_only=False)
        if not mask.any():
            continue
        chosen = trimmed.filter(pa.array(mask))
        if is_id:
            chosen = pc.replace_substring(chosen, ".", "")
            chosen = pc.replace_substring(chosen, ",", ".")
        rows = where[mask]
        out[rows] = pc.cast(chosen, pa.float64()).to_numpy(zero_copy_only=False)
        todo[rows] = False


def _parse_arrow(text: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Parse every row of a string array: (floats, NaN where missing; reasons or None).

    The common forms go through pyarrow kernels; the distinct leftovers through
    `parse_number`, so both give the same answers (a test checks this).
    """
    n = len(text)
    out = np.full(n, np.nan)
    reasons = np.full(n, None, dtype=object)
    todo = pc.is_valid(text).to_numpy(zero_copy_only=False).copy()
    if n > 100:
        trimmed = pc.utf8_trim_whitespace(text)
        _fast(trimmed, todo, out, np.arange(n))
        if todo.sum() > 100:  # "Rp42.000.000", "31,33%", "42.000,-"
            rows = np.flatnonzero(todo)
            marked = pc.replace_substring_regex(trimmed.take(pa.array(rows)), _FAST_MARKS_RE, "")
            _fast(pc.utf8_trim_whitespace(marked), todo, out, rows)
    rest = np.flatnonzero(todo)
    if len(rest):
        encoded = pc.dictionary_encode(text.take(pa.array(rest)))
        parsed, why = _python_parse(encoded.dictionary.to_pylist())
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        out[rest], reasons[rest] = parsed[codes], why[codes]
    return out, reasons


def _parse_unique(uniques: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Parse distinct values of any type (an object column), strings in one batch."""
    n = len(uniques)
    out = np.full(n, np.nan)
    reasons = np.full(n, None, dtype=object)
    is_str = np.fromiter((isinstance(v, str) for v in uniques), dtype=bool, count=n)
    if is_str.any():
        pos = np.flatnonzero(is_str)
        out[pos], reasons[pos] = _parse_arrow(pa.array(uniques[pos].tolist(), pa.string()))
    other = np.flatnonzero(~is_str)
    if len(other):
        out[other], reasons[other] = _python_parse(uniques[other].tolist())
    return out, reasons


def _arrow_strings(values: pd.Series) -> pa.Array | None:
    """The column as one pyarrow string array, or None when it holds more than text."""
    try:
        if values.dtype == object:
            arr = pa.array(values.to_numpy(), type=pa.large_string(), from_pandas=True)
        elif pd.api.types.is_string_dtype(values.dtype):
            arr = pa.array(values.array)
        else:
            return None
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None  # an object column mixing numbers and text
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return None
    return arr


def _series_pair(parsed, why, codes, index, name) -> tuple[pd.Series, pd.Series]:
    """Series from per-distinct-value results; codes None means one result per row."""
    numbers = pd.array(parsed, dtype="Float64")
    if codes is not None:
        numbers = numbers.take(codes, allow_fill=True)
    if not any(w is not None for w in why):  # the usual case: nothing wrong
        reasons = pd.Series(pd.NA, index=index, name=name, dtype="string")
    else:
        reasons = pd.array(why, dtype="string")
        if codes is not None:
            reasons = reasons.take(codes, allow_fill=True)
        reasons = pd.Series(reasons, index=index, name=name, copy=False)
    return pd.Series(numbers, index=index, name=name, copy=False), reasons


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a whole column: (Float64 numbers, reasons).

    Each reason is the plain-words reason a value is not a number, <NA> where the value
    parsed or was empty. Empty cells stay <NA> in both (the caller decides whether empty
    is allowed). Distinct values are parsed once, so repetitive columns are fast; a
    column that is already numeric is converted directly.
    """
    values = pd.Series(values) if not isinstance(values, pd.Series) else values
    index, name = values.index, values.name
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):  # parse each category once
        numbers, reasons = parse_numbers(pd.Series(dtype.categories.to_numpy(object)))
        codes = values.cat.codes.to_numpy()
        return _series_pair(
            numbers.to_numpy(float, na_value=np.nan),
            reasons.to_numpy(object, na_value=None),
            codes,
            index,
            name,
        )
    if pd.api.types.is_bool_dtype(dtype):
        numbers = pd.Series(pd.NA, index=index, dtype="Float64", name=name)
        reasons = values.map(lambda v: pd.NA if is_missing(v) else "a yes/no value, not a number")
        return numbers, reasons.astype("string").rename(name)
    if pd.api.types.is_numeric_dtype(dtype):
        numbers = values.astype("Float64")
        infinite = np.isinf(numbers.fillna(0).to_numpy("float64"))
        reasons = pd.Series(pd.NA, index=index, dtype="string", name=name)
        if infinite.any():
            numbers[infinite] = pd.NA
            reasons[infinite] = "not a finite number"
        return numbers.rename(name), reasons
    if pd.api.types.is_datetime64_any_dtype(dtype):
        missing = values.isna().to_numpy()
        reasons = pd.Series("a date, not a number", index=index, dtype="string", name=name)
        reasons[missing] = pd.NA
        return pd.Series(pd.NA, index=index, dtype="Float64", name=name), reasons
    arrow = _arrow_strings(values)
    if arrow is not None:
        head = arrow.slice(0, 20_000)
        if len(head) > 1000 and pc.count_distinct(head).as_py() > 0.3 * len(head):
            # mostly distinct values: parse every row with the kernels, no hashing
            parsed, why = _parse_arrow(arrow)
            codes = None
        else:
            encoded = pc.dictionary_encode(arrow)
            codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
            parsed, why = _parse_arrow(encoded.dictionary)
        return _series_pair(parsed, why, codes, index, name)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed, why = _parse_unique(np.asarray(uniques, dtype=object))
    return _series_pair(parsed, why, codes, index, name)


def _round_percent(number: float) -> float:
    return float(round(number * 100, 10))


def parse_percent(value, *, fraction: bool = False) -> float | None:
    """A percentage on the 0-100 scale ("31,33%", "31,33" and 31.33 all give 31.33).

    Set `fraction=True` when the cell's number format was a percent format: Excel then
    stores 0.3133 for what it shows as 31,33%, so numbers (not text) are multiplied by 100.
    Text is always read as written ("31,33%" is 31.33 with or without the flag).
    """
    number = parse_number(value)
    if number is not None and fraction and not isinstance(value, str):
        number = _round_percent(number)
    return number


def parse_percents(values: pd.Series, *, fraction: bool = False) -> tuple[pd.Series, pd.Series]:
    """`parse_percent` for a whole column; returns (Float64, reasons) like `parse_numbers`."""
    numbers, reasons = parse_numbers(values)
    if not fraction or pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        return numbers, reasons  # text is read as written
    scaled = (numbers * 100).round(10)
    if values.dtype == object:
        is_text = values.map(lambda v: isinstance(v, str)).to_numpy(bool)
        scaled = scaled.where(~is_text, numbers)
    return scaled, reasons


def qualifier(value) -> str:
    """What a marker before a number says about it: 'rounded' ("sekitar 42%"),
    'lower_bound' ("lebih dari 50%", ">50%"), 'upper_bound' ("hampir 50%"), else 'exact'."""
    if not isinstance(value, str):
        return "exact"
    lower = value.strip().lower()
    for marker in _APPROX:
        if lower.startswith(marker):
            return next(k for k, ms in QUALIFIER_MARKERS.items() if marker in ms)
    return "exact"
