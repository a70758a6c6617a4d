"""Problems print where to look and what was found, whatever the empty value looks like."""

import math

import pandas as pd
import pytest

from paritrana_analysis.load.problems import MAX_LISTED, DataError, Problem


def test_problem_names_file_sheet_row_column_and_value():
    text = str(Problem("rekap.xlsx", "coverage outside 0-100%", sheet="Sheet1", row=4,
                       column="Cakupan (%)", value=143.31))
    assert text == ("rekap.xlsx, sheet 'Sheet1', row 4, column 'Cakupan (%)': "
                    "coverage outside 0-100% (value: 143.31)")


@pytest.mark.parametrize("empty", [None, math.nan, pd.NA, pd.NaT])
def test_empty_values_are_not_quoted(empty):
    assert str(Problem("a.csv", "a number is required", row=2, value=empty)).endswith(
        "a number is required")


def test_data_error_is_a_value_error_listing_every_problem_up_to_a_limit():
    problems = [Problem("a.xlsx", f"problem {i}", row=i + 2) for i in range(MAX_LISTED + 5)]
    err = DataError(problems)
    assert isinstance(err, ValueError) and err.problems == problems
    assert f"{MAX_LISTED + 5} problems found" in str(err)
    assert "... and 5 more problems" in str(err)
