"""Indonesian (and English) number, money, percent and date formatting through Babel."""

import datetime as dt
import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from paritrana_analysis import formatting as F
from paritrana_analysis.formatting import (
    format_compact,
    format_date,
    format_money,
    format_month,
    format_number,
    format_percent,
    format_period,
    format_points,
    label,
)


def test_style_md_examples_indonesian():
    assert format_number(2789917) == "2.789.917"
    assert format_percent(31.33) == "31,33%"
    assert format_percent(31.33, decimals=1) == "31,3%"
    assert format_compact(2789917) == "2,8 juta"
    assert format_money(718.7e9) == "Rp718,7 miliar"


def test_english_on_request():
    assert format_number(2789917, lang="en") == "2,789,917"
    assert format_percent(31.33, lang="en") == "31.33%"
    assert format_compact(2789917, lang="en") == "2.8 million"
    assert format_money(718.7e9, lang="en") == "IDR 718.7 billion"


def test_rounding_moves_up_a_unit_instead_of_1000():
    assert format_compact(999_950) == "1 juta"
    assert format_money(999_950) == "Rp1 juta"
    assert format_money(999_960_000_000) == "Rp1 triliun"
    assert format_compact(999_940) == "999,9 ribu"
    assert "1000" not in format_compact(999_999_999)


def test_compact_small_and_whole_values():
    assert format_compact(950) == "950"
    assert format_compact(3_000_000) == "3 juta"
    assert format_compact(45_220_000) == "45,2 juta"
    assert format_compact(1.92e12) == "1,9 triliun"
    assert format_money(16_800, compact=False) == "Rp16.800"
    assert format_money(-2.5e9) == "-Rp2,5 miliar"


def test_half_up_rounding_and_decimals():
    assert format_percent(0.125, decimals=2) == "0,13%"
    assert format_number(1234.5, decimals=1) == "1.234,5"
    assert format_number(-1234.56, decimals=1) == "-1.234,6"
    assert format_number(2.675, decimals=2) == "2,68"


def test_percent_trim():
    assert format_percent(51, decimals=2, trim=True) == "51%"
    assert format_percent(99.5, decimals=2, trim=True) == "99,5%"
    assert format_percent(100, decimals=1, trim=True) == "100%"
    assert format_percent(0, decimals=1, trim=True) == "0%"


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, pd.NaT])
def test_missing_values_are_a_dash(missing):
    assert format_number(missing) == "–"
    assert format_percent(missing) == "–"
    assert format_money(missing) == "–"
    assert format_month(missing) == "–"


def test_pandas_nullable_scalars():
    assert format_number(pd.array([2789917], dtype="Int64")[0]) == "2.789.917"
    assert format_percent(pd.array([31.33], dtype="Float64")[0]) == "31,33%"


def test_indonesian_month_names():
    names = [format_month(dt.date(2025, m, 1), year=False) for m in range(1, 13)]
    assert names == ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
                     "Agustus", "September", "Oktober", "November", "Desember"]
    assert format_month("2025-08-27", short=True) == "Agu 2025"
    assert format_month(pd.Timestamp("2025-05-31")) == "Mei 2025"
    assert format_month("2025-08", lang="en") == "August 2025"
    assert format_date("2025-08-27") == "27 Agustus 2025"
    assert format_date("2025-08-27", short=True) == "27 Agu 2025"


def test_periods():
    assert format_period("2023") == "2023"
    assert format_period("2025-07") == "Juli 2025"
    assert format_period("2025-01/2025-07") == "Jan–Jul 2025"
    assert format_period("2024-12/2025-07") == "Des 2024–Jul 2025"
    assert format_period("2022/2024") == "2022–2024"


def test_points():
    assert format_points(2.5) == "+2,5 poin"
    assert format_points(-1, lang="en") == "-1.0 pts"


def test_unknown_language_refused():
    with pytest.raises(ValueError):
        format_number(1, lang="fr")
    with pytest.raises(ValueError):
        label("source", "de")


def test_labels_in_both_languages():
    texts = F._labels()
    assert len(texts) > 40
    for key, by_lang in texts.items():
        assert by_lang["id"] and by_lang["en"], key
    assert label("source") == "Sumber"
    assert label("source", "en") == "Source"
    assert label("target_year", "id", year=2025) == "Target 2025"
    assert F.label_or("seg_unknown_thing", "unknown thing") == "unknown thing"
    with pytest.raises(KeyError):
        label("no_such_key")


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_format_number_roundtrip(n):
    text = format_number(n)
    assert int(text.replace(".", "")) == n
    assert "," not in text


@given(st.floats(min_value=1000, max_value=9.99e14, allow_nan=False))
def test_compact_never_shows_1000_of_a_unit(v):
    number = format_compact(v).split(" ")[0]
    assert float(number.replace(".", "").replace(",", ".")) < 1000
    assert not math.isnan(float(number.replace(".", "").replace(",", ".")))
