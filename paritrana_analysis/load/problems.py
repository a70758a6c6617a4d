"""The error every loader raises, the problem records it carries, and the collector the
loading steps add problems to.

A loader returns every data row or raises one DataError listing every problem, each
naming the file, sheet, Excel row, column header, value and the reason in plain words.
A column with the same problem on many rows lists MAX_PER_REASON of them and then one
summary line, so a million-row extract never produces a million-line message.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_LISTED = 50  # problems shown in the message; all of them stay in .problems
MAX_PER_REASON = 200  # problems recorded per column and reason; the rest are summarised


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


def fail(file: str, reason: str, sheet: str | None = None, row: int | None = None
         ) -> DataError:
    return DataError([Problem(file=file, sheet=sheet or None, row=row, reason=reason)])


def plain(v):
    """A cell value as a plain Python value for a message (None when empty)."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return v


class Problems:
    """The problems found while reading one sheet, and the warnings (which do not stop
    the load: they go into the frame's attrs and `paritrana check` prints them)."""

    def __init__(self, file: str, sheet: str | None):
        self.file, self.sheet = file, sheet or None
        self.items: list[Problem] = []
        self.warnings: list[Problem] = []

    def _problem(self, reason, row, column, value) -> Problem:
        return Problem(file=self.file, sheet=self.sheet, row=None if row is None else int(row),
                       column=column, value=plain(value), reason=reason)

    def add(self, reason: str, row=None, column=None, value=None) -> None:
        self.items.append(self._problem(reason, row, column, value))

    def warn(self, reason: str, row=None, column=None, value=None) -> None:
        self.warnings.append(self._problem(reason, row, column, value))

    def cells(self, mask, rows, header, values, reason) -> None:
        """One problem per True in mask (at most MAX_PER_REASON, then a summary).
        `header` is one header text or an array of one per row (melted wide tables);
        `reason` a text or a function of the row position."""
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not len(idx):
            return
        vals = values.iloc[idx[:MAX_PER_REASON]] if isinstance(values, pd.Series) else None
        heads = header if isinstance(header, np.ndarray) else None
        for k, i in enumerate(idx[:MAX_PER_REASON]):
            text = reason(i) if callable(reason) else reason
            head = heads[i] if heads is not None else header
            self.add(text, rows[i], head, None if vals is None else vals.iloc[k])
        if len(idx) > MAX_PER_REASON:
            head = heads[idx[0]] if heads is not None else header
            more = f"{len(idx) - MAX_PER_REASON:,}".replace(",", ".")
            self.add(f"... and {more} more rows with this problem "
                     f"({reason if isinstance(reason, str) else 'see above'})", None, head)

    def raise_if_any(self) -> None:
        if self.items:
            raise DataError(self.items)
