"""Months, dates and periods as Indonesian spreadsheets write them.

`parse_date` reads days first ("01/08/2025" is 1 August), Indonesian and English month
names (MONTHS_ID), Excel serial numbers (days since 1899-12-30), and a bare year as the
end of that year (2023 -> 2023-12-31). `parse_month_year` gives the first day of the
month. `parse_period` gives the claims period text: "2023", "2025-07" or
"2025-01/2025-07".
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd

from paritrana_analysis.load.numbers import PLACEHOLDERS, is_missing

__all__ = ["MONTHS_ID", "parse_month_year", "find_month_year", "parse_date", "parse_period"]

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
    if is_missing(value):
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
    if re.fullmatch(r"\d{4}(?:\.0)?", s):  # "2019", or "2019.0" from an export
        return _timestamp(int(s[:4]), 12, 31)
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
    if is_missing(value):
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
    if re.fullmatch(r"\d{4}(?:\.0)?", s):
        return s[:4]
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
