"""The state one read carries through its steps (pipeline.py): the sheet, the spec of the
kind, the caller's options, and what each step found."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from paritrana_analysis.load.body import Body
from paritrana_analysis.load.columns import Layout
from paritrana_analysis.load.engines import Sheet
from paritrana_analysis.load.problems import Problems
from paritrana_analysis.schema import TableSpec


@dataclass(frozen=True)
class Options:
    """What the caller may say about a sheet (every reader and `paritrana check`)."""

    sheet: str | int | None = None
    columns: dict | None = None  # {header as written: canonical name}
    as_of: object = None  # the date of a sheet without one (or the month of year-only data)
    region: str | None = None  # the region of a sheet without a region column
    indicator: str | None = None  # the row to read from a long indicator table

    def key(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class Read:
    sheet: Sheet
    spec: TableSpec
    options: Options
    problems: Problems
    table: dict = field(default_factory=dict)  # normalised header -> canonical name
    layout: Layout | None = None
    body: Body | None = None
    out: dict = field(default_factory=dict)  # canonical name -> parsed Series
    why: dict = field(default_factory=dict)  # name -> why each cell did not parse
    notes: list = field(default_factory=list)  # what the loader decided, for df.attrs

    @property
    def n(self) -> int:
        return len(self.body.rows)

    def header_of(self, name: str):
        return self.body.headers.get(name, name)

    def parsed_ok(self, name: str) -> np.ndarray:
        """True where the cell parsed (or was empty): an unparseable cell already has its
        own problem and is not reported again as empty."""
        why = self.why.get(name)
        return np.ones(self.n, dtype=bool) if why is None else ~why.notna().to_numpy(bool)


def constant(value, n: int) -> pd.Series:
    """The same text on every row, as a one-category categorical (no Python list)."""
    return pd.Series(pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), [value]))


def as_str(v) -> str | None:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    s = str(v).strip()
    return s or None


def map_unique(s: pd.Series, fn) -> pd.Series:
    """Apply fn once per distinct value (categorical result; fn -> None gives NaN)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy()
        mapped = [fn(v) for v in s.cat.categories]
    else:
        codes, uniques = pd.factorize(s.astype(object), use_na_sentinel=True)
        mapped = [fn(u) for u in uniques]
    mapped.append(fn(None) if (codes < 0).any() else None)
    uniq = list(dict.fromkeys(v for v in mapped if v is not None))
    pos = {v: i for i, v in enumerate(uniq)}
    lut = np.array([pos[v] if v is not None else -1 for v in mapped], dtype=np.int32)
    return pd.Series(pd.Categorical.from_codes(lut[codes], categories=uniq))
