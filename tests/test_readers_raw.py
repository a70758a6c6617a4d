"""The bundled workbooks in data/raw load, and no data row goes missing on the way."""

import openpyxl
import pytest

from paritrana_analysis.load import read_any
from paritrana_analysis.paths import RAW_DIR

# pandas' deprecations (Pandas4Warning) in the loaders fail these tests
pytestmark = pytest.mark.filterwarnings("error::pandas.errors.Pandas4Warning")

# The bundled workbooks (those with a provenance sidecar), not an analyst's own files.
RAW = sorted(p.with_name(p.name[: -len(".meta.yml")]) for p in RAW_DIR.glob("*.meta.yml"))


def _rows_below_header(path, header_row):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for row in wb.worksheets[0].iter_rows(min_row=header_row + 1,
                                                             values_only=True)
                   if any(v is not None and str(v).strip() != "" for v in row))
    finally:
        wb.close()


@pytest.mark.skipif(not RAW, reason="no bundled workbooks")
@pytest.mark.parametrize("path", RAW, ids=[p.name for p in RAW])
def test_bundled_workbook_loads_every_row(path, tmp_path, monkeypatch):
    monkeypatch.setattr("paritrana_analysis.paths.PROCESSED_DIR", tmp_path)
    df = read_any(path, cache=False)
    assert len(df) > 0
    attrs = df.attrs
    accounted = len(attrs["notes"]) + len(attrs["totals"])
    rows = _rows_below_header(path, attrs["header_row"]) - accounted
    wide = "(one column per period)" in attrs["columns"].values()
    if wide:
        assert len(df) % rows == 0 and len(df) >= rows
    else:
        assert len(df) == rows
