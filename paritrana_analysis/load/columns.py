"""Map each header column to a canonical name (or keep it under its own name).

A column's header is the stack of its header rows' texts (header.py). Its name comes
from the most specific text that is a known header (column_aliases.csv, or the caller's
`columns=`); a unit in brackets scales it ("(Ribu Orang)": thousands). A period in the
stack ("Februari 2024" under "Penduduk Bekerja", or "Bekerja 2023" in one cell) makes it
one of a one-column-per-period table; a bare period is the kind's wide measure. A name
used twice keeps the first column (or the "Jumlah"/"Total" one of a breakdown); the others
stay under their own header. When the kind's single measure has no header, a lone
"jumlah_*"/"nilai" column (open-data exports) is taken as the measure, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from paritrana_analysis.load.dates import find_month_year
from paritrana_analysis.load.header import Header, period_header, split_period
from paritrana_analysis.load.text import header_basis, lookup, norm_header, snake, unit_scale
from paritrana_analysis.schema import REGION_ROLES, TableSpec

NEUTRAL = {"jumlah", "total", "jumlah total", "laki laki perempuan", "l p", "lk pr",
           "male female", "semua", "all"}
_GENERIC_MEASURE = re.compile(r"^(?:jumlah|total|nilai|value|jml)(?: .*)?$")


@dataclass
class Col:
    col: int  # absolute column index (0 = A)
    header: str  # as written (stacked headers joined with " / ")
    name: str  # canonical name, or the header in snake case
    canonical: bool = False
    as_of: pd.Timestamp | None = None  # one column per period (wide tables)
    scale: float | None = None  # a unit in the header: 1000 for "(Ribu Orang)"
    basis: str | None = None  # what a denominator header counts ("Penduduk Bekerja")
    total: bool = False  # the "Jumlah"/"Total" column of a breakdown
    explicit: bool = False  # named by the caller's columns= (as written)
    year_only: bool = False  # its period is a year ("Bekerja 2023"), not a month


@dataclass
class Layout:
    header: Header
    cols: list[Col]
    warnings: list[str]
    skipped: set = field(default_factory=set)  # columns left out on purpose (personal data)

    @property
    def header_row(self) -> int:
        return self.header.header_row

    @property
    def first_row(self) -> int:
        return self.header.first_row

    def names(self) -> set[str]:
        return {c.name for c in self.cols if c.canonical}

    def by_name(self, name: str) -> Col | None:
        return next((c for c in self.cols if c.name == name and c.as_of is None), None)

    def region(self) -> Col | None:
        """The column that names the region: kabupaten/kota before region before province."""
        for role in REGION_ROLES:
            col = self.by_name(role)
            if col is not None:
                return col
        return None


def resolve(header: Header, spec: TableSpec, table: dict[str, str],
            columns: dict | None = None) -> Layout:
    given = {norm_header(k): v for k, v in (columns or {}).items()}
    cols = [_given(c, texts, given) or resolve_column(c, texts, spec, table)
            for c, texts in sorted(header.stacks.items())]
    warnings = _fallback_measure(cols, spec) + _title_unit(header, cols, spec)
    _one_per_name(cols)
    _unmelt(cols)
    return Layout(header=header, cols=cols, warnings=warnings)


def _title_unit(header: Header, cols: list[Col], spec: TableSpec) -> list[str]:
    """A unit in the title ("... (Ribu Orang)") applies to the counts without their own."""
    counts = [c for c in cols if c.canonical and c.scale is None and spec.column(c.name)
              is not None and spec.column(c.name).type == "count"]
    for text in (v for row in header.title for v in row if isinstance(v, str)):
        _, scale = unit_scale(text)
        if scale is not None and counts:
            for c in counts:
                c.scale = scale
            names = ", ".join(dict.fromkeys(c.name for c in counts))
            return [f"the title gives the unit of {names}: '{text.strip()[:80]}'"] \
                if scale != 1 else []
    return []


def _given(c: int, texts: list, given: dict) -> Col | None:
    """A column the caller named in columns= (its whole header), taken as said."""
    header = " / ".join(str(t) for t in texts)
    for key in (header, str(texts[-1])):
        name = given.get(norm_header(key))
        if name:
            return Col(c, header, name, True, explicit=True)
    return None


def _unmelt(cols: list[Col]) -> None:
    """Period columns become one row per period only when a column of the kind comes
    one per period; otherwise each keeps its own header ("Pengangguran 2023")."""
    if any(c.canonical and c.as_of is not None for c in cols):
        return
    for col in cols:
        if col.as_of is not None:
            col.as_of, col.name = None, snake(col.header)


def resolve_column(c: int, texts: list, spec: TableSpec, table: dict[str, str]) -> Col:
    header = " / ".join(str(t) for t in texts)
    when, words = _periods(texts) if spec.wide_measure else (None, [str(t) for t in texts])
    year_only = when is not None and not any(find_month_year(str(t)) or hasattr(t, "month")
                                             and not isinstance(t, str) for t in texts)
    scale, named = None, []
    for w in words:
        w, s = unit_scale(w)
        scale = s if s is not None else scale
        if norm_header(w):
            named.append(w)
    meaningful = [w for w in named if norm_header(w) not in NEUTRAL]
    total = len(named) > len(meaningful) and len(meaningful) == 1 and len(named) > 1
    name = _canonical_name(meaningful, table)
    if name is None and not meaningful and when is not None:
        name = spec.wide_measure
    if name is None:
        return Col(c, header, snake(" ".join(meaningful or named) or header), False, when,
                   scale, year_only=year_only)
    basis = header_basis(spec.kind).get(norm_header(meaningful[-1])) if meaningful else None
    return Col(c, header, name, True, when, scale, basis, total, year_only=year_only)


def _periods(texts: list) -> tuple[pd.Timestamp | None, list[str]]:
    """(the period a stack of header texts names, the texts without it)."""
    when, words = None, []
    for t in texts:
        p = period_header(t)
        if p is not None:
            when = p
            continue
        rest, p = split_period(str(t))
        when = p if p is not None else when
        words.append(rest)
    return when, words


def _canonical_name(texts: list[str], table: dict[str, str]) -> str | None:
    """The canonical name of a stack of header texts: the joined text, else the bottom-
    most text that is known, provided no text below it names something else (then the
    column is a breakdown of it: "Penduduk Bekerja / Laki-laki" is not `employed`)."""
    if not texts:
        return None
    joined = lookup(" ".join(texts), table)
    if joined:
        return joined
    for k in range(len(texts) - 1, -1, -1):
        hit = lookup(texts[k], table)
        if hit:
            return hit if k == len(texts) - 1 else None
    return None


def _one_per_name(cols: list[Col]) -> None:
    """A canonical name (for one period) used twice: the "Jumlah"/"Total" column of a
    breakdown keeps it, else the first; the others keep their own header."""
    seen: dict[tuple, Col] = {}
    explicit = {c.name for c in cols if c.explicit}
    for col in sorted(cols, key=lambda c: (not c.explicit, not c.total, c.col)):
        if not col.canonical:
            continue
        key = (col.name, col.as_of)
        if key in seen or col.name in explicit and not col.explicit:
            col.canonical, col.name, col.as_of = False, snake(col.header), None
        else:
            seen[key] = col


def _fallback_measure(cols: list[Col], spec: TableSpec) -> list[str]:
    """An open-data export names its one count `jumlah_penduduk` or `nilai`: when the kind
    needs a single measure and no header names it, such a lone column is that measure
    (unless its words name something else: pengangguran, angkatan kerja, ...)."""
    single = [g for g in spec.required if len(g) == 1 and g[0] in spec.detect]
    if not single or any(c.canonical and c.name == single[0][0] for c in cols):
        return []
    found = [c for c in cols if not c.canonical and _GENERIC_MEASURE.match(
        norm_header(c.header)) and not any(w in norm_header(c.header) for w in
                                            spec.not_measure)]
    if len(found) != 1:
        return []
    col, measure = found[0], single[0][0]
    col.name, col.canonical = measure, True
    return [f"column '{col.header}' read as {measure}: the only count column of the sheet "
            f"(pass columns={{'{col.header}': ...}} to read another)"]
