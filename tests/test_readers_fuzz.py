"""No exception other than DataError escapes the loaders, whatever the cells or bytes."""

import datetime as dt
import random

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workbooks import xlsx

from paritrana_analysis.load import DataError, detect_kind, read_claims, read_coverage

CELL = st.one_of(
    st.none(),
    st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["Jambi", "Sumsel", "TOTAL", "Sumber: x", "", " ", "2.789.917", "31,33%",
                     "dua juta", "-", "Atlantis", "1 Agustus 2025", "JHT", "=1+", "*)",
                     "Provinsi", "Peserta Aktif", "Rp718,7 miliar", "PU", "n/a"]),
    st.text(max_size=12),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2030, 1, 1)),
    st.booleans(),
)
ROWS = st.lists(st.lists(CELL, min_size=1, max_size=5), min_size=0, max_size=8)


def _clean(value):
    if isinstance(value, str):  # openpyxl refuses control characters
        value = "".join(ch for ch in value if ch.isprintable())
        return value[1:] if value.startswith("=") else value
    return value


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=ROWS)
def test_random_cells_give_a_table_or_a_data_error(tmp_path, monkeypatch, body):
    monkeypatch.setattr("paritrana_analysis.paths.PROCESSED_DIR", tmp_path / "processed")
    rows = [["Provinsi", "Peserta Aktif", "Cakupan (%)", "Tanggal Data", "Segmen"]]
    rows += [[_clean(v) for v in r] for r in body]
    path = xlsx(tmp_path / "fuzz.xlsx", rows)
    try:
        df = read_coverage(path, cache=False, as_of="2025-08-01")
    except DataError as err:
        assert err.problems and all(p.file == "fuzz.xlsx" for p in err.problems)
        assert not any("could not be read" in p.reason for p in err.problems), err
    else:
        assert isinstance(df, pd.DataFrame)


@pytest.mark.parametrize("seed", range(12))
def test_corrupted_bytes_give_a_data_error(tmp_path, seed):
    good = xlsx(tmp_path / "good.xlsx", [["Kabupaten/Kota", "Jumlah Kasus"],
                                         ["Kota Palembang", 3], ["Kab. Lahat", 4]])
    data = bytearray(good.read_bytes())
    rng = random.Random(seed)
    for _ in range(rng.randint(1, 30)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(bytes(data))
    for fn in (lambda p: read_claims(p, cache=False), detect_kind):
        try:
            fn(bad)
        except DataError:
            pass


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(list("ab1,.;%\n\"Rp -") + [
    "Provinsi", "Jumlah Kasus", "Jambi", "\r\n", "Kab/Kota", "Nominal (Rp)", "TOTAL",
    "Sumber: x", "2.789.917", "31,33%"]), max_size=80))
def test_random_csv_gives_a_table_or_a_data_error(tmp_path, monkeypatch, parts):
    text = "".join(parts)
    monkeypatch.setattr("paritrana_analysis.paths.PROCESSED_DIR", tmp_path / "processed")
    path = tmp_path / "fuzz.csv"
    path.write_text(text, encoding="utf-8")
    for fn in (lambda p: read_claims(p, cache=False), detect_kind):
        try:
            fn(path)
        except DataError as err:
            assert not any("could not be read" in p.reason for p in err.problems), err
