"""Numbers, percentages, months, dates and periods as Indonesian spreadsheets write them.

Number text, the rules in order:

- Empty, None, NaN and the placeholders "-", "–", "—", ".", "..", "...", "n/a", "NA",
  "null" mean "no value" and give None (the caller decides whether empty is allowed).
- "Rp", "Rp.", "IDR" before the number and ",-" / ",00" after it are money marks;
  "%" after it is dropped (31,33% -> 31.33; see `parse_percent` for fractions).
- Scale words after the number: rb/ribu (1e3), jt/juta (1e6), M/miliar/milyar (1e9:
  in Indonesian text "M" is miliar, never million), T/triliun (1e12), and the English
  thousand/million/billion/trillion (K, mn, bn, tn).
- Approximate markers before the number are allowed and ignored: "~", "±", "≈",
  "sekitar", "kurang lebih", "kira-kira", "hampir", "lebih dari", "about", ...
- Negative: "-5", "−5" (minus sign) or "(1.234)".
- Separators: "." groups thousands and "," is the decimal mark ("2.789.917,5").
  When both appear, the last one is the decimal mark ("1,234,567.89" is English).
  Several commas must be thousand groups ("1,234,567"). A single comma is a decimal
  mark ("43,31", and also "1,234" = 1.234). A single dot followed by exactly three
  digits is a thousands separator ("1.234" = 1234, as in Indonesian files), other
  single dots are decimal points ("31.33", "0.125", "1234.567").
- Anything else raises ValueError whose message is the reason in plain words:
  "a number written in words", "a range, not one number", "not a number", ...

Dates: `parse_date` reads days first ("01/08/2025" is 1 August), Indonesian and English
month names (MONTHS_ID), Excel serial numbers (days since 1899-12-30), and a bare year
as the end of that year (2023 -> 2023-12-31). `parse_month_year` gives the first day of
the month. `parse_period` gives the claims period text: "2023", "2025-07" or
"2025-01/2025-07".
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

__all__ = [
    "parse_number",
    "parse_numbers",
    "parse_percent",
    "parse_percents",
    "MONTHS_ID",
    "parse_month_year",
    "find_month_year",
    "parse_date",
    "parse_period",
]

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

_APPROX = (
    "kurang lebih",
    "kira-kira",
    "kira kira",
    "sekitar",
    "hampir",
    "lebih dari",
    "lebih kurang",
    "approximately",
    "approx.",
    "approx",
    "about",
    "around",
    "nearly",
    "more than",
    "over",
    "+/-",
    "~",
    "±",
    "≈",
    "+-",
)

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


def _is_missing(value) -> bool:
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
    if _is_missing(value):
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
        reasons = values.map(lambda v: pd.NA if _is_missing(v) else "a yes/no value, not a number")
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


# ---------------------------------------------------------------- months and dates

MONTHS_ID: dict[str, int] = {
    # Indonesian, full and old spellings
    "januari": 1,
    "februari": 2,
    "pebruari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "nopember": 11,
    "desember": 12,
    # Indonesian abbreviations
    "jan": 1,
    "feb": 2,
    "peb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "agust": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "nop": 11,
    "des": 12,
    # English
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "aug": 8,
    "october": 10,
    "oct": 10,
    "december": 12,
    "dec": 12,
}

_WEEKDAYS = frozenset(
    "senin selasa rabu kamis jumat jum'at sabtu minggu ahad monday tuesday wednesday "
    "thursday friday saturday sunday mon tue wed thu fri sat sun".split()
)
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_MAX_SERIAL = 2958465  # 9999-12-31


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        return 2000 + year  # "Feb-24", "01/08/25"
    if len(text) != 4:
        raise ValueError("not a year")
    return year


def _month(text: str) -> int:
    key = text.lower().rstrip(".")
    if key.isdigit():
        month = int(key)
        if 1 <= month <= 12:
            return month
        raise ValueError(f"month {month} is not between 1 and 12")
    if key in MONTHS_ID:
        return MONTHS_ID[key]
    raise ValueError(f"{text!r} is not a month name")


def _timestamp(year: int, month: int, day: int = 1) -> pd.Timestamp:
    try:
        return pd.Timestamp(dt.date(year, month, day))
    except ValueError:
        raise ValueError(f"not a real date (day {day}, month {month}, year {year})") from None


_FOOTNOTE_RE = re.compile(r"\s*(?:[*\u00b9\u00b2\u00b3\u2070-\u209f]+\)?|\((?:r|p|x|\*+)\))$")
_TIME_RE = re.compile(
    r"(?:\s+|,\s*)(?:pukul\s+|jam\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:wib|wita|wit)?$"
)


def _clean(text: str) -> str:
    """Lower case, single spaces, no weekday in front, no footnote mark at the end:
    "Jumat, 1 Agustus 2025" -> "1 agustus 2025", "Agustus 2024*" -> "agustus 2024"."""
    s = text.strip().lower()
    s = re.sub(r"\s+", " ", s)
    s = _FOOTNOTE_RE.sub("", s)
    words = s.replace(",", " ").split()
    if words and words[0].rstrip(".") in _WEEKDAYS:
        s = " ".join(words[1:])
    return s.strip(" ,")


_MY_PATTERNS = (
    re.compile(r"^(?P<m>[a-z]+)\.?[\s,\-/']*(?P<y>\d{4}|\d{2})$"),  # Februari 2024, Feb-24
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})$"),  # 2024-02
    re.compile(r"^(?P<m>\d{1,2})[-/.](?P<y>\d{4})$"),  # 02/2024
    re.compile(r"^(?P<y>\d{4})\s+(?P<m>[a-z]+)$"),  # 2024 Februari
)


def _month_year_text(s: str) -> pd.Timestamp | None:
    for pattern in _MY_PATTERNS:
        m = pattern.match(s)
        if m:
            return _timestamp(_year(m.group("y")), _month(m.group("m")))
    return None


def parse_month_year(value) -> pd.Timestamp:
    """First day of the month: "Februari 2024", "Feb 2024", "Feb-24", "2024-02", "02/2024".

    Dates and datetimes give the first day of their month. Raises ValueError otherwise.
    """
    if isinstance(value, (dt.date, pd.Timestamp, np.datetime64)):
        ts = pd.Timestamp(value)
        return _timestamp(ts.year, ts.month)
    if not isinstance(value, str) or not value.strip():
        raise ValueError("not a month and year")
    found = _month_year_text(_clean(value))
    if found is None:
        raise ValueError("not a month and year (expected e.g. 'Februari 2024' or '2024-02')")
    return found


_MONTH_WORDS = "|".join(sorted(MONTHS_ID, key=len, reverse=True))
_FIND_MY_RE = re.compile(rf"\b({_MONTH_WORDS})\.?[\s,\-/']*(\d{{4}})\b")


def find_month_year(text) -> pd.Timestamp | None:
    """The first month name followed by a year inside longer text, else None.

    For headers such as "Penduduk Bekerja Februari 2024" or "Agustus 2024 *)".
    """
    if not isinstance(text, str):
        return None
    m = _FIND_MY_RE.search(text.lower())
    if m is None:
        return None
    return _timestamp(int(m.group(2)), MONTHS_ID[m.group(1)])


_DATE_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:[ t]\d{1,2}:\d{2}.*)?$"),
    re.compile(r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4}|\d{2})(?: \d{1,2}:\d{2}.*)?$"),
    re.compile(r"^(?P<d>\d{1,2})[\s\-/.]*(?P<m>[a-z]+)\.?[\s\-/.,]*(?P<y>\d{4}|\d{2})$"),
    re.compile(r"^(?P<m>[a-z]+)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})$"),  # August 1, 2025
)


def _date_text(s: str) -> pd.Timestamp | None:
    for pattern in _DATE_PATTERNS:
        m = pattern.match(s)
        if m:
            return _timestamp(_year(m.group("y")), _month(m.group("m")), int(m.group("d")))
    return None


def _from_serial(number: float) -> pd.Timestamp:
    if not 1 <= number <= _MAX_SERIAL:
        raise ValueError("a number that is neither a year nor an Excel date")
    return (_EXCEL_EPOCH + pd.Timedelta(days=math.floor(number))).normalize()


def parse_date(value) -> pd.Timestamp | None:
    """A day: "1 Agustus 2025", "Jumat, 1 Agu 2025", "01/08/2025" (day first), "2025-08-01",
    datetimes (time dropped), Excel serial numbers, "Agustus 2025" (first of the month).

    A bare year means the end of that year: 2023 and "2023" give 2023-12-31 (a figure
    "for 2023" describes the year up to its end). None for empty cells and placeholders.
    Raises ValueError with a reason for anything else.
    """
    if _is_missing(value):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date, np.datetime64)):
        ts = pd.Timestamp(value)
        if ts.tzinfo is not None:
            ts = ts.tz_localize(None)  # the local day as written
        return ts.normalize()
    if isinstance(value, (bool, np.bool_)):
        raise ValueError("a yes/no value, not a date")
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError("not a date")
        if number.is_integer() and 1000 <= number <= 9999:
            return _timestamp(int(number), 12, 31)
        return _from_serial(number)
    if not isinstance(value, str):
        raise ValueError("not a date")
    s = _clean(value)
    if s in PLACEHOLDERS:
        return None
    if re.fullmatch(r"\d{4}", s):
        return _timestamp(int(s), 12, 31)
    s = _TIME_RE.sub("", s)  # "25 Agustus 2025 14:30 WIB": the day is what counts
    found = _date_text(s) or _month_year_text(s)
    if found is None:
        raise ValueError("not a date (expected e.g. '1 Agustus 2025', '01/08/2025', '2025-08-01')")
    return found


# ---------------------------------------------------------------- periods

_RANGE_WORDS = re.compile(
    r"\s*(?:\bs\.\s*d\.?|\bs/d\b|\bsd\b|\bsampai dengan\b|\bsampai\b|\bhingga\b"
    r"|\bto\b|\buntil\b|\bthrough\b|\bthru\b|\bytd\b|–|—)\s*"
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _ym(ts: pd.Timestamp) -> str:
    return f"{ts.year:04d}-{ts.month:02d}"


def _span(start: tuple[int, int], end: tuple[int, int]) -> str:
    if start > end:
        raise ValueError("the period ends before it starts")
    a, b = f"{start[0]:04d}-{start[1]:02d}", f"{end[0]:04d}-{end[1]:02d}"
    return a if a == b else f"{a}/{b}"


def _side(text: str, *, is_start: bool, year: int | None) -> tuple[int, int]:
    """One end of a range as (year, month); a missing year is taken from `year`."""
    s = text.strip(" ,")
    if re.fullmatch(r"\d{4}", s):
        return int(s), 1 if is_start else 12
    found = _date_text(s) or _month_year_text(s)
    if found is not None:
        return found.year, found.month
    if year is not None and re.fullmatch(r"[a-z]+\.?", s):
        return year, _month(s)
    raise ValueError(f"cannot read {text.strip()!r} as a month or year")


def _quarter_or_semester(s: str) -> str | None:
    m = re.fullmatch(r"(?:triwulan|tw|kuartal|quarter|q)\s*-?\s*([1-4]|i{1,3}|iv)\s+(\d{4})", s)
    if m:
        q, year = _ROMAN[m.group(1)], int(m.group(2))
        return _span((year, 3 * q - 2), (year, 3 * q))
    m = re.fullmatch(r"(?:semester|smt|sem|s|h)\s*-?\s*([12]|i{1,2})\s+(\d{4})", s)
    if m:
        h, year = _ROMAN[m.group(1)], int(m.group(2))
        return _span((year, 6 * h - 5), (year, 6 * h))
    return None


def parse_period(value) -> str:
    """The period a claims figure covers, as text.

    "2023" (a year), "2025-07" (a month: "Juli 2025", "Jul-25", dates), or a range of
    months "2025-01/2025-07" ("Jan-Jul 2025", "Januari - Juli 2025", "s.d. Juli 2025" and
    "sampai Juli 2025" = from January of that year, "Triwulan II 2025", "Semester I 2025").
    Raises ValueError with a reason when the value is empty or cannot be read.
    """
    if _is_missing(value):
        raise ValueError("empty: a period is required")
    if isinstance(value, (pd.Timestamp, dt.date, np.datetime64)):
        return _ym(pd.Timestamp(value))
    if isinstance(value, (bool, np.bool_)):
        raise ValueError("a yes/no value, not a period")
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        if math.isfinite(number) and number.is_integer() and 1000 <= number <= 9999:
            return str(int(number))
        if not math.isfinite(number):
            raise ValueError("not a period")
        return _ym(_from_serial(number))
    if not isinstance(value, str):
        raise ValueError("not a period")
    s = _clean(value)
    s = re.sub(r"^(?:tahun|thn|th\.?|ta\.?|year|periode|period|bulan|month)\s+", "", s)
    if not s or s in PLACEHOLDERS:
        raise ValueError("empty: a period is required")
    if re.fullmatch(r"\d{4}", s):
        return s
    m = re.fullmatch(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})", s)  # already canonical
    if m:
        y1, m1, y2, m2 = (int(g) for g in m.groups())
        _timestamp(y1, m1), _timestamp(y2, m2)  # validates the months
        return _span((y1, m1), (y2, m2))
    quarter = _quarter_or_semester(s)
    if quarter is not None:
        return quarter
    single = _month_year_text(s) or _date_text(s)
    if single is not None:
        return _ym(single)
    s = _RANGE_WORDS.sub(" - ", " " + s).strip()
    if s.startswith("- "):  # "s.d. Juli 2025": the year to date
        end = _side(s[2:], is_start=False, year=None)
        return _span((end[0], 1), end)
    parts = re.split(r"\s+-\s+", s)
    if len(parts) != 2:
        parts = s.split("-")
    if len(parts) != 2:
        raise ValueError("not a period (expected e.g. '2023', 'Juli 2025' or 'Jan-Jul 2025')")
    left, right = parts
    try:
        end = _side(right, is_start=False, year=None)
        start = _side(left, is_start=True, year=end[0])
    except ValueError as exc:
        raise ValueError(f"not a period: {exc}") from None
    if re.fullmatch(r"\d{4}", left.strip()) and re.fullmatch(r"\d{4}", right.strip()):
        if start[0] == end[0]:
            return str(start[0])
    return _span(start, end)
