"""The error type every loader raises, and the problem records it carries.

A loader returns every data row or raises one DataError listing every problem, each
naming the file, sheet, Excel row, column header, value and the reason in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

MAX_LISTED = 50  # problems shown in the message; all of them stay in .problems


def _missing(value) -> bool:
    """None, NaN, NaT or pd.NA (an empty cell has no value worth quoting)."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array is a value, not "missing"
        return False


@dataclass(frozen=True)
class Problem:
    file: str
    reason: str
    sheet: str | None = None
    row: int | None = None  # the row number as Excel shows it (1-based)
    column: str | None = None  # the header as written in the file
    value: object = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        text = ", ".join(where) + ": " + self.reason
        if not _missing(self.value):
            text += f" (value: {self.value!r})"
        return text


class DataError(ValueError):
    """Bad input data: `.problems` lists every Problem found."""

    def __init__(self, problems: list[Problem] | Problem | str, file: str = "?"):
        if isinstance(problems, str):
            problems = [Problem(file=file, reason=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        shown = [f"  - {p}" for p in self.problems[:MAX_LISTED]]
        more = len(self.problems) - MAX_LISTED
        if more > 0:
            shown.append(f"  ... and {more} more problems (see .problems)")
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found:"
        super().__init__("\n".join([head, *shown]))
