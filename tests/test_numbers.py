"""Indonesian numbers, percentages, months, dates and periods."""

import datetime as dt
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from paritrana_analysis.load.dates import (
    MONTHS_ID,
    find_month_year,
    parse_date,
    parse_month_year,
    parse_period,
)
from paritrana_analysis.load.numbers import (
    parse_number,
    parse_numbers,
    parse_percent,
    parse_percents,
)

# ---------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2.789.917", 2789917),
        ("43,31", 43.31),
        ("31,33%", 31.33),
        ("31,33 %", 31.33),
        ("Rp42.000.000", 42e6),
        ("Rp 42.000.000,00", 42e6),
        ("Rp. 42.000.000", 42e6),
        ("IDR 42.000.000", 42e6),
        ("Rp 42.000.000,-", 42e6),
        ("Rp718,7 miliar", 718.7e9),
        ("Rp 718,7 Miliar", 718.7e9),
        ("718,7 milyar", 718.7e9),
        ("1,1 juta", 1.1e6),
        ("1,1juta", 1.1e6),
        ("2 jt", 2e6),
        ("6,18 M", 6.18e9),  # M is miliar in Indonesian text
        ("Rp6,18 M", 6.18e9),
        ("500 rb", 500e3),
        ("500 ribu", 500e3),
        ("1,2 triliun", 1.2e12),
        ("3 T", 3e12),
        ("2,5 million", 2.5e6),
        ("~1,1 juta", 1.1e6),
        ("sekitar 3 juta", 3e6),
        ("Sekitar 3 juta", 3e6),
        ("kurang lebih 2.000", 2000),
        ("± 12", 12),
        ("(1.234)", -1234),
        ("-5", -5),
        ("\u22125", -5),  # minus sign
        ("-Rp5.000", -5000),
        ("1,234,567", 1234567),  # several commas: English thousands
        ("1,234,567.89", 1234567.89),
        ("2.789.917,50", 2789917.5),
        ("31.33", 31.33),  # a single dot not followed by three digits: decimal
        ("1.234", 1234),  # a single dot followed by three digits: Indonesian thousands
        ("-1.234", -1234),
        ("0.123", 0.123),  # ... but not after a lone zero
        ("1234.567", 1234.567),  # ... nor after four digits
        ("1,234", 1.234),  # a single comma is always a decimal mark
        (",5", 0.5),
        ("1 234 567", 1234567),
        ("1\u00a0234\u00a0567", 1234567),
        ("  2.789.917  ", 2789917),
        ("0", 0),
        ("007", 7),
        ("1.5E+06", 1.5e6),
        ("+12", 12),
    ],
)
def test_parse_number_text(text, expected):
    result = parse_number(text)
    assert isinstance(result, float)
    assert result == pytest.approx(expected, rel=1e-12, abs=0)


def test_scaled_money_is_exact():
    assert parse_number("Rp718,7 miliar") == 718_700_000_000.0
    assert parse_number("1,1 juta") == 1_100_000.0


@pytest.mark.parametrize(
    "value, expected",
    [(12, 12.0), (3.5, 3.5), (np.int64(7), 7.0), (np.float32(0.5), 0.5), (Decimal("1.25"), 1.25),
     (-4, -4.0)],
)  # fmt: skip
def test_parse_number_passes_numbers_through(value, expected):
    assert parse_number(value) == expected


@pytest.mark.parametrize(
    "value", [None, "", "   ", "-", "–", "—", ".", "..", "...", "n/a", "N/A", "NA", "null",
              float("nan"), np.nan, pd.NA, pd.NaT]
)  # fmt: skip
def test_placeholders_are_empty(value):
    assert parse_number(value) is None


@pytest.mark.parametrize(
    "value, reason",
    [
        ("dua ribu", "a number written in words"),
        ("Dua Juta", "a number written in words"),
        ("seratus", "a number written in words"),
        ("two thousand", "a number written in words"),
        ("abc", "^not a number$"),
        ("Rp", "^not a number$"),
        ("10-20", "a range"),
        ("10 s.d. 20", "a range"),
        ("01/08/2025", "a date"),
        ("1.23.4", "3 digits"),
        ("1,2,3", "3 digits"),
        ("1.234,5.6", "mixed up"),
        ("12 abc", "text mixed with digits"),
        ("--5", "more than one sign"),
        ("(-5)", "more than one sign"),
        ("-Rp-5", "more than one sign"),
        ("-+5", "more than one sign"),
        ("5 kg", "text mixed with digits"),
        ("1 23", "text mixed with digits"),
        (True, "yes/no"),
        (float("inf"), "finite"),
        (dt.date(2025, 1, 1), "a date"),
        ([1, 2], "not a number"),
    ],
)
def test_parse_number_errors_say_why(value, reason):
    with pytest.raises(ValueError, match=reason):
        parse_number(value)


def _id_format(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_round_trip_thousands_separators(n):
    text = _id_format(n)
    assert parse_number(text) == n
    assert parse_number("Rp" + text) == n
    assert parse_number(f"Rp {text},00") == n


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_round_trip_decimal_comma(whole, cents):
    text = f"{_id_format(whole)},{cents:02d}"
    assert parse_number(text) == pytest.approx(whole + cents / 100, rel=1e-15)


@given(st.integers(min_value=0, max_value=10**12))
def test_round_trip_english_grouping(n):
    text = f"{n:,}"
    if text.count(",") == 1:  # a single comma is a decimal mark by design
        return
    assert parse_number(text) == n


# ---------------------------------------------------------------- parse_numbers


def test_parse_numbers_values_and_reasons():
    s = pd.Series(["2.789.917", "43,31", None, "abc", "-", "Rp5 jt", "dua ribu", ""], name="x",
                  index=range(10, 18))  # fmt: skip
    numbers, reasons = parse_numbers(s)
    assert str(numbers.dtype) == "Float64"
    assert isinstance(reasons.dtype, pd.StringDtype)
    assert numbers.name == reasons.name == "x"
    assert list(numbers.index) == list(s.index) == list(reasons.index)
    assert numbers.tolist()[:2] == [2789917.0, 43.31]
    assert numbers[15] == 5e6
    assert numbers.isna().tolist() == [False, False, True, True, True, False, True, True]
    assert reasons.isna().tolist() == [True, True, True, False, True, True, False, True]
    assert reasons[13] == "not a number"
    assert "words" in reasons[16]


def test_parse_numbers_numeric_columns():
    numbers, reasons = parse_numbers(pd.Series([1, 2, 3], dtype="int64"))
    assert numbers.tolist() == [1.0, 2.0, 3.0] and str(numbers.dtype) == "Float64"
    assert reasons.isna().all()
    numbers, reasons = parse_numbers(pd.Series([1.5, np.nan, np.inf]))
    assert numbers.isna().tolist() == [False, True, True]
    assert reasons.isna().tolist() == [True, True, False]
    assert reasons.iloc[2] == "not a finite number"
    numbers, _ = parse_numbers(pd.Series([1, None], dtype="Int64"))
    assert numbers.isna().tolist() == [False, True]


def test_parse_numbers_other_dtypes():
    numbers, reasons = parse_numbers(pd.Series([True, False]))
    assert numbers.isna().all() and reasons.str.contains("yes/no").all()
    numbers, reasons = parse_numbers(pd.Series(pd.to_datetime(["2025-01-01", None])))
    assert numbers.isna().all()
    assert reasons.iloc[0] == "a date, not a number" and pd.isna(reasons.iloc[1])
    # pandas' default str dtype and object columns mixing numbers and text
    numbers, _ = parse_numbers(pd.Series(["1.000", None], dtype="str"))
    assert numbers.iloc[0] == 1000 and pd.isna(numbers.iloc[1])
    numbers, reasons = parse_numbers(pd.Series([1, "2.000", None, 3.5, "x"], dtype=object))
    assert numbers.iloc[:4].tolist()[:2] == [1.0, 2000.0] and numbers.iloc[3] == 3.5
    assert reasons.notna().tolist() == [False, False, False, False, True]
    numbers, reasons = parse_numbers(pd.Series([], dtype=object))
    assert len(numbers) == len(reasons) == 0


@pytest.mark.parametrize("dtype", ["category", "string", "string[python]", "str", object])
def test_parse_numbers_text_dtypes(dtype):
    s = pd.Series(["1.000", "x", None, "1.000", "31,5%"] * 300, dtype=dtype, index=range(1, 1501))
    numbers, reasons = parse_numbers(s)
    assert list(numbers.index) == list(s.index)
    assert numbers.iloc[:5].tolist()[:1] == [1000.0] and numbers.iloc[4] == 31.5
    assert numbers.isna().sum() == 600
    assert (reasons == "not a number").sum() == 300 and reasons.isna().sum() == 1200


def _random_texts(rng, n):
    """Number-like text in every shape the fast paths and the slow path see."""
    out = []
    for _ in range(n):
        k = rng.integers(0, 16)
        v = int(rng.integers(0, 10**9))
        if k == 0:
            out.append(_id_format(v))
        elif k == 1:
            out.append(f"{_id_format(v)},{rng.integers(0, 100)}")
        elif k == 2:
            out.append(str(v))
        elif k == 3:
            out.append(f"{v / 1000:.{rng.integers(1, 5)}f}")
        elif k == 4:
            out.append(f"{rng.integers(0, 1000)}.{rng.integers(0, 1000):03d}")
        elif k == 5:
            out.append(f"0{rng.integers(0, 100)}.{rng.integers(0, 1000):03d}")
        elif k == 6:
            out.append("-" + _id_format(v))
        elif k == 7:
            out.append(f"{v:,}")
        elif k == 8:
            out.append(f"Rp{_id_format(v)}")
        elif k == 9:
            out.append(f"{rng.integers(0, 100)}.{rng.integers(0, 100)}")
        elif k == 10:
            out.append(f"{rng.integers(0, 10)}.{rng.integers(0, 10)}.{rng.integers(0, 10)}")
        elif k == 11:
            out.append(f"{rng.integers(0, 100)},{rng.integers(0, 100)}%")
        elif k == 12:
            out.append(f"Rp {_id_format(v)},-")
        elif k == 13:
            out.append(f"rp.{v}")
        elif k == 14:
            out.append(str(rng.choice(["", "-", "abc", "1 2", "Rp", "%", "dua", "1,2,3", "IDR"])))
        else:
            out.append(f" {_id_format(v)} ")
    return out


@pytest.mark.parametrize("repeat", [1, 5])
@pytest.mark.parametrize("dtype", ["str", object])
def test_fast_paths_agree_with_parse_number(repeat, dtype):
    rng = np.random.default_rng(1)
    texts = _random_texts(rng, 3000) + ["0.123", "1.234", "012.345", "-0.5", "1.234,5"]
    texts = [t for t in texts for _ in range(repeat)] + [None]
    numbers, reasons = parse_numbers(pd.Series(texts, dtype=dtype))
    for text, number, reason in zip(texts[:-1], numbers, reasons, strict=False):
        try:
            expected = parse_number(text)
        except ValueError as exc:
            assert reason == str(exc), text
            assert pd.isna(number)
        else:
            assert pd.isna(reason), text
            if expected is None:
                assert pd.isna(number), text
            else:
                assert number == expected, text
    assert pd.isna(numbers.iloc[-1]) and pd.isna(reasons.iloc[-1])


def test_parse_numbers_on_a_million_repetitive_rows():
    s = pd.Series(["2.789.917", "43,31", None, "Rp5 jt", "abc"] * 200_000, dtype="str")
    numbers, reasons = parse_numbers(s)
    assert len(numbers) == 1_000_000
    assert numbers.sum() == pytest.approx(200_000 * (2789917 + 43.31 + 5e6))
    assert (reasons == "not a number").sum() == 200_000


# ---------------------------------------------------------------- percentages


def test_parse_percent():
    assert parse_percent("31,33%") == 31.33
    assert parse_percent("31,33") == 31.33
    assert parse_percent(31.33) == 31.33
    assert parse_percent(0.3133, fraction=True) == 31.33
    assert parse_percent("31,33%", fraction=True) == 31.33  # text is read as written
    assert parse_percent(1, fraction=True) == 100.0
    assert parse_percent("-") is None
    with pytest.raises(ValueError, match="words"):
        parse_percent("tiga puluh persen")


def test_parse_percents():
    numbers, _ = parse_percents(pd.Series([0.3133, 0.995, None]), fraction=True)
    assert numbers.tolist()[:2] == [31.33, 99.5] and pd.isna(numbers.iloc[2])
    numbers, _ = parse_percents(pd.Series([0.3133, "31,33%"], dtype=object), fraction=True)
    assert numbers.tolist() == [31.33, 31.33]
    numbers, _ = parse_percents(pd.Series(["31,33%", "51"], dtype="str"), fraction=True)
    assert numbers.tolist() == [31.33, 51.0]
    numbers, reasons = parse_percents(pd.Series(["31,33%", "x"]))
    assert numbers.iloc[0] == 31.33 and reasons.iloc[1] == "not a number"


# ---------------------------------------------------------------- months and dates

FULL_MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
               "September", "Oktober", "November", "Desember"]  # fmt: skip


def test_months_id_covers_every_month_in_every_spelling():
    for i, name in enumerate(FULL_MONTHS, start=1):
        assert MONTHS_ID[name.lower()] == i
    for abbr, i in [("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("mei", 5), ("jun", 6),
                    ("jul", 7), ("agu", 8), ("agt", 8), ("ags", 8), ("sep", 9), ("okt", 10),
                    ("nov", 11), ("des", 12), ("may", 5), ("aug", 8), ("oct", 10), ("dec", 12),
                    ("august", 8), ("nopember", 11), ("pebruari", 2)]:  # fmt: skip
        assert MONTHS_ID[abbr] == i
    assert set(MONTHS_ID.values()) == set(range(1, 13))


@pytest.mark.parametrize("month", range(1, 13))
def test_parse_month_year_every_month(month):
    expected = pd.Timestamp(2024, month, 1)
    name = FULL_MONTHS[month - 1]
    assert parse_month_year(f"{name} 2024") == expected
    assert parse_month_year(f"{name.upper()} 2024") == expected
    assert parse_month_year(f"2024-{month:02d}") == expected
    assert parse_month_year(f"{month:02d}/2024") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Februari 2024", "2024-02-01"),
        ("Agustus 2024", "2024-08-01"),
        ("Feb 2024", "2024-02-01"),
        ("Feb-24", "2024-02-01"),
        ("Agt 2024", "2024-08-01"),
        ("2024-02", "2024-02-01"),
        ("August 2024", "2024-08-01"),
        (dt.date(2024, 2, 17), "2024-02-01"),
        (pd.Timestamp("2024-08-31 10:00"), "2024-08-01"),
    ],
)
def test_parse_month_year(text, expected):
    assert parse_month_year(text) == pd.Timestamp(expected)


@pytest.mark.parametrize(
    "text", ["Agustus 2024*", "Agustus 2024 *)", "Agustus 2024\u00b9", "Agustus 2024 (r)"]
)
def test_parse_month_year_ignores_footnote_marks(text):
    assert parse_month_year(text) == pd.Timestamp("2024-08-01")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Penduduk Bekerja Februari 2024", "2024-02-01"),
        ("Penduduk Bekerja / Agustus 2024 *)", "2024-08-01"),
        ("Maret 2023", "2023-03-01"),
        ("Mei-2024", "2024-05-01"),
        ("total 2024", None),
        ("Semester Mei", None),
        ("Desain 2024", None),  # "des" only as a whole word
        (None, None),
    ],
)
def test_find_month_year(text, expected):
    found = find_month_year(text)
    assert found == (None if expected is None else pd.Timestamp(expected))


@pytest.mark.parametrize("text", ["", "2024", "Bulan 2024", "13/2024", "Februari", None, 2024])
def test_parse_month_year_errors(text):
    with pytest.raises(ValueError):
        parse_month_year(text)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1 Agustus 2025", "2025-08-01"),
        ("01 agustus 2025", "2025-08-01"),
        ("Jumat, 1 Agustus 2025", "2025-08-01"),
        ("27 Agu 2025", "2025-08-27"),
        ("01-Agu-2025", "2025-08-01"),
        ("1 Aug 2025", "2025-08-01"),
        ("August 1, 2025", "2025-08-01"),
        ("01/08/2025", "2025-08-01"),  # day first
        ("1/8/2025", "2025-08-01"),
        ("01-08-2025", "2025-08-01"),
        ("01.08.2025", "2025-08-01"),
        ("01/08/25", "2025-08-01"),
        ("2025-08-01", "2025-08-01"),
        ("2025/08/01", "2025-08-01"),
        ("2025-08-01 13:45:00", "2025-08-01"),
        ("Agustus 2025", "2025-08-01"),
        ("2023", "2023-12-31"),  # a bare year is the end of the year
        (2023, "2023-12-31"),
        (2023.0, "2023-12-31"),
        (45870, "2025-08-01"),  # Excel serial
        (45870.75, "2025-08-01"),
        (dt.datetime(2025, 8, 1, 13, 45), "2025-08-01"),
        (dt.date(2025, 8, 1), "2025-08-01"),
        (pd.Timestamp("2025-08-01 13:45"), "2025-08-01"),
        (np.datetime64("2025-08-01"), "2025-08-01"),
        (pd.Timestamp("2025-08-01 23:00", tz="Asia/Jakarta"), "2025-08-01"),
        ("Senin, 25 Agustus 2025 14:30 WIB", "2025-08-25"),
        ("25 Agustus 2025 pukul 10.00", "2025-08-25"),
        ("2025-08-01T10:00", "2025-08-01"),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == pd.Timestamp(expected)


@pytest.mark.parametrize("value", [None, "", "-", float("nan"), pd.NaT, np.datetime64("NaT")])
def test_parse_date_empty(value):
    assert parse_date(value) is None


@pytest.mark.parametrize(
    "value, reason",
    [
        ("31 Februari 2025", "not a real date"),
        ("30/02/2025", "not a real date"),
        ("1/13/2025", "month 13"),  # US order is not accepted
        ("kemarin", "not a date"),
        ("1 Bulan 2025", "not a month"),
        (True, "yes/no"),
        (-5, "neither a year nor an Excel date"),
        (float("inf"), "not a date"),
    ],
)
def test_parse_date_errors(value, reason):
    with pytest.raises(ValueError, match=reason):
        parse_date(value)


# ---------------------------------------------------------------- periods


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2023", "2023"),
        ("Tahun 2023", "2023"),
        (2023, "2023"),
        ("Juli 2025", "2025-07"),
        ("JULI 2025", "2025-07"),
        ("Jul-25", "2025-07"),
        ("2025-07", "2025-07"),
        ("1 Agustus 2025", "2025-08"),
        (dt.date(2025, 7, 3), "2025-07"),
        (pd.Timestamp("2025-07-31"), "2025-07"),
        (45870, "2025-08"),
        ("Jan-Jul 2025", "2025-01/2025-07"),
        ("Januari - Juli 2025", "2025-01/2025-07"),
        ("Januari–Juli 2025", "2025-01/2025-07"),
        ("Januari s.d. Juli 2025", "2025-01/2025-07"),
        ("Jan s/d Jul 2025", "2025-01/2025-07"),
        ("s.d. Juli 2025", "2025-01/2025-07"),
        ("sd Juli 2025", "2025-01/2025-07"),
        ("sampai Juli 2025", "2025-01/2025-07"),
        ("hingga Juli 2025", "2025-01/2025-07"),
        ("YTD Juli 2025", "2025-01/2025-07"),
        ("Jan 2024 - Mar 2025", "2024-01/2025-03"),
        ("2023-2024", "2023-01/2024-12"),
        ("Juli - Juli 2025", "2025-07"),
        ("Triwulan II 2025", "2025-04/2025-06"),
        ("TW 1 2025", "2025-01/2025-03"),
        ("Q4 2025", "2025-10/2025-12"),
        ("Semester II 2025", "2025-07/2025-12"),
        ("2025-01/2025-07", "2025-01/2025-07"),  # already canonical
    ],
)
def test_parse_period(value, expected):
    assert parse_period(value) == expected


@pytest.mark.parametrize(
    "value, reason",
    [
        ("Jul-Jan 2025", "ends before it starts"),
        ("abc", "not a period"),
        ("", "empty"),
        (None, "empty"),
        ("2025-13", "month 13"),
        ("foo - bar", "not a period"),
        ("2025-07/2025-01", "ends before it starts"),
        (True, "yes/no"),
    ],
)
def test_parse_period_errors(value, reason):
    with pytest.raises(ValueError, match=reason):
        parse_period(value)


def test_parsers_never_raise_other_exceptions():
    """Bad input gives ValueError only (the loaders catch that and report it)."""
    junk = ["", "x", "1..2", ",", ",,", "Rp,", "(", "()", "-(1)", "1e", "e5", "..5", "5..",
            "%", "1%%", "juta", "1 juta juta", "--5", "١٢٣", "½", "1/2", "s.d.", "-", " - ",
            "Jan-", "-Jan 2025", "Q5 2025", "2025-00", "00/00/0000", "9999999999"]  # fmt: skip
    for text in junk:
        for fn in (parse_number, parse_date, parse_period):
            try:
                fn(text)
            except ValueError:
                pass
    assert math.isnan(float("nan"))  # the loop above is the test: no other exception
