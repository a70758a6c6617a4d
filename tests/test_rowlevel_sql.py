"""DuckDB reads Indonesian numbers and dates by the rules of paritrana_analysis.numbers:
the SQL either gives parse_number's / parse_date's answer or leaves the value to them
(NULL), never a different number or day."""

import duckdb
import pandas as pd
import pytest

from paritrana_analysis.load.rowlevel.rules import parse_date, parse_number  # numbers.py's
from paritrana_analysis.load.rowlevel.sql import blank_sql, date_sql, month_sql, number_sql

# what extracts write: the SQL must read these itself (no detour through Python)
DATES_IN_SQL = ["01/08/2025", "1/8/2025", " 01/08/2025 ", "29/02/2024", "01-08-2025",
                "01.08.2025", "2025-08-01", "2025-8-1", "2025-08-01 00:00:00",
                "2025-08-01T10:30:00", "2025-08-01 10:30:00.123", "08/2025", "8/2025",
                "2025-08", "2025/8", "1 Agustus 2025", "01 agustus 2025", "1-Agu-2025",
                "1 Agu. 2025", "12 mar 25", "Agustus 2025", "agu-25", "Des 2023", "Mei 2025",
                "Sept. 2025", "AGUSTUS 2025", "1 Nopember 2024", "Pebruari 2024"]
# tricky: invalid days and months, other forms, placeholders, digits that are not dates
DATES_TRICKY = ["31/02/2025", "29/02/2023", "0/08/2025", "13/2025", "2025-13", "0000-01-01",
                "1/1/0000", "01/08-2025", "1 Foo 2025", "31 Februari 2025", "Jumat 2025",
                "Jumat, 1 Agustus 2025", "August 1, 2025", "2025", "45870", "-", "n/a",
                "1/8/25", "01/08/20251", "1/008/2025", "2025-08-01 25:99",
                "1 agustus 2025 14.30 WIB", "Agustus 2025*", "1 8 2025", "٠١/٠٨/٢٠٢٥",
                "99/99/9999", "1/1/0001", "Q3 2025", "2025 Agustus", "8 2025", "Ags 2025",
                "\u00a001/08/2025", "01/08/2025\t", "1.8.25"]
NUMBERS_IN_SQL = ["2.789.917", "2789917", "1.234", "0.234", "1234.567", "31.33", "43,31",
                  "1,234", "1,234,567", "1,234.5", "1.234,5", "1.234.567,89", "1,234,567.89",
                  "Rp42.000.000", "Rp 42.000.000,-", "Rp. 42.000.000,00", "RP.5.000", "IDR5",
                  "rp5", "-5", "- 5", "-Rp5.000", "Rp-5.000", "Rp -5.000", "1.5E+06",
                  "-1.5e-3", "0005", "012.345", "42.000.-", "-0", "00,5", "Rp5.0"]
NUMBERS_TRICKY = ["-Rp-5", "(1.234)", "42,", "5.", ".5", "1_000", "0x10", "12,345,6", "1.2.3",
                  "1.234,", "Rp718,7 miliar", "1,1 juta", "31,33%", "sekitar 5", "1 234 567",
                  "+5", "5 ,-", "'1234", "dua juta", "1-2", "01/08/2025", "Rp", "--5", "½",
                  "1.234.56", "1,23,456", "\u22125", "5\u00a0000", "inf", "nan", "1e400"]


@pytest.fixture(scope="module")
def con():
    with duckdb.connect() as c:
        yield c


def _python(fn, value):
    try:
        return fn(value)
    except ValueError:
        return "problem"


def _sql_dates(con, values):
    return con.execute(
        f"SELECT x, d, {month_sql('d')} AS m FROM (SELECT x, {date_sql('x')} AS d "
        "FROM (SELECT unnest(?::VARCHAR[]) AS x))", [values]).fetchall()


@pytest.mark.parametrize("values", [DATES_IN_SQL, DATES_TRICKY])
def test_dates_as_parse_date_reads_them(con, values):
    for text, day, month in _sql_dates(con, values):
        want = _python(parse_date, text)
        if month is None:  # left to parse_date (the reader then asks it)
            assert text not in DATES_IN_SQL, text
            continue
        assert want != "problem" and want is not None, text
        assert month == want.year * 12 + want.month - 1, text
        assert pd.Timestamp(day) == want, text


@pytest.mark.parametrize("values", [NUMBERS_IN_SQL, NUMBERS_TRICKY])
def test_numbers_as_parse_number_reads_them(con, values):
    got = con.execute(f"SELECT x, {number_sql('x')} FROM (SELECT unnest(?::VARCHAR[]) AS x)",
                      [values]).fetchall()
    for text, number in got:
        want = _python(parse_number, text)
        if number is None:
            assert text not in NUMBERS_IN_SQL, text
            continue
        assert number == want, text


def test_a_comma_csv_reads_comma_groups_as_thousands(con):
    values = ["1,234", "1,234,567", " -12,500 ", "Rp1,234", "12,5"]
    got = con.execute(f"SELECT {number_sql('x', comma_groups=True)} FROM "
                      "(SELECT unnest(?::VARCHAR[]) AS x)", [values]).fetchall()
    assert [g[0] for g in got] == [1234.0, 1234567.0, -12500.0, 1.234, 12.5]


def test_empty_cells(con):
    values = [None, "", "  ", "-", "N/A", "null", "...", "0", "x"]
    got = con.execute(f"SELECT {blank_sql('x')} FROM (SELECT unnest(?::VARCHAR[]) AS x)",
                      [values]).fetchall()
    assert [g[0] for g in got] == [True] * 7 + [False, False]
    for v in values[1:7]:
        assert parse_number(v) is None and parse_date(v) is None


def test_typed_parquet_cells(con):
    """Numbers in a date column: a whole year is its last day, else an Excel serial date,
    like parse_date; NaN is empty."""
    for value in [2023.0, 45870.0, 45870.75, 1000.5, 0.5, 3e6, float("nan")]:
        day = con.execute(f"SELECT {date_sql('x', 'DOUBLE')} FROM (SELECT ?::DOUBLE AS x)",
                          [value]).fetchone()[0]
        want = _python(parse_date, value)
        assert (pd.Timestamp(day) if day is not None else None) == (
            None if want == "problem" else want), value
    for value in [12.5, -3.0, float("inf")]:
        got = con.execute(f"SELECT {number_sql('x', 'DOUBLE')} FROM (SELECT ?::DOUBLE AS x)",
                          [value]).fetchone()[0]
        assert got == (None if value == float("inf") else parse_number(value))
