"""Long indicator tables: `tahun | indikator | satuan | nilai`, or BPS's "Jenis Kegiatan"
rows (Angkatan Kerja, Bekerja, Pengangguran, TPAK) against period columns.

Such a table holds many measures in rows. The rows of one indicator are read as the
kind's measure: the one the caller names (`indicator=`), else the only one whose name is
a header of that measure ("Bekerja/Working" is `employed`). Its numbers come from the
`nilai`/`value` column, the period columns, or the one total column ("Laki-laki +
Perempuan", "Jumlah"). The other indicators' rows are left out, and the frame says so.
Without a region column, the region comes from `region=` or the title.
"""

from __future__ import annotations

import numpy as np

from paritrana_analysis.load.header import best_sheet
from paritrana_analysis.load.problems import DataError, Problem
from paritrana_analysis.load.read import Read, as_str
from paritrana_analysis.load.text import lookup, norm_header, variants

_TOTAL_WORDS = {"jumlah", "total", "laki laki perempuan", "l p", "lk pr", "jumlah total"}


def indicator_column(r: Read):
    return r.layout.by_name("indicator")


def has_values(r: Read) -> bool:
    """The table gives its numbers in a value column, period columns or a total column."""
    return _value_column(r) is not None or any(c.as_of is not None and c.canonical
                                               for c in r.layout.cols)


def _value_column(r: Read):
    col = r.layout.by_name("value")
    if col is not None:
        return col
    totals = [c for c in r.layout.cols if not c.canonical and c.as_of is None and
              norm_header(c.header.split(" - ")[-1].split(" / ")[-1]) in _TOTAL_WORDS]
    return totals[0] if len(totals) == 1 else None


def distinct(r: Read, col) -> list[str]:
    return [t for t in dict.fromkeys(as_str(v) for v in r.body.data[col.name].astype(object))
            if t]


def refuse_without_region(r: Read, col) -> Problem:
    values = distinct(r, col)
    shown = ", ".join(f"'{v.strip()}'" for v in values[:12]) + (", ..." if len(values) > 12
                                                               else "")
    return Problem(file=r.sheet.file, sheet=r.sheet.name or None, row=r.layout.header_row,
                   column=col.header,
                   reason=f"an indicator table without a region column: column "
                          f"'{col.header}' holds {shown}; pass region= (e.g. region='ID-JI' "
                          f"or 'Kab. Musi Rawas') and indicator= (one of those)"
                          + r.sheet.other_sheets(best_sheet(r.sheet, (r.spec.kind,))))


def step_indicator(r: Read) -> None:
    """Keep the rows of the chosen indicator; its numbers become the kind's measure."""
    col = indicator_column(r)
    if col is None or r.spec.measure in r.layout.names() and r.options.indicator is None \
            and not any(c.as_of is not None for c in r.layout.cols):
        return
    chosen = _choose(r, col)
    keep = (r.body.data[col.name].astype(object).map(lambda v: norm_header(v or "")) ==
            norm_header(chosen)).to_numpy(bool)
    others = [v.strip() for v in distinct(r, col) if norm_header(v) != norm_header(chosen)]
    r.body.data = {k: v[keep].reset_index(drop=True) for k, v in r.body.data.items()}
    r.body.headers = {k: (v[keep] if isinstance(v, np.ndarray) else v)
                      for k, v in r.body.headers.items()}
    r.body.rows = r.body.rows[keep]
    value = _value_column(r)
    if value is not None and r.spec.measure not in r.body.data:
        r.body.data[r.spec.measure] = r.body.data.pop(value.name)
        r.body.headers[r.spec.measure] = r.body.headers.pop(value.name)
    r.notes.append(f"rows with {col.header} = '{chosen.strip()}' read as {r.spec.measure}"
                   + (f"; other indicators left out: {', '.join(others[:12])}" if others
                      else ""))


def _choose(r: Read, col) -> str:
    values = distinct(r, col)
    if r.options.indicator is not None:
        wanted = norm_header(r.options.indicator)
        hits = [v for v in values if wanted in {norm_header(x) for x in variants(v)}]
        if len(hits) == 1:
            return hits[0]
        raise DataError([_problem(r, col, f"indicator={r.options.indicator!r} is not one "
                                  f"of the values of column '{col.header}'")])
    hits = [v for v in values if lookup(v, r.table) == r.spec.measure]
    if len(hits) == 1:
        return hits[0]
    raise DataError([_problem(r, col, f"several indicators in column '{col.header}' "
                              "could be the measure; pass indicator= (one of them)"
                              if hits else f"no indicator in column '{col.header}' is "
                              f"{r.spec.measure}; pass indicator= (one of them)")])


def _problem(r: Read, col, reason: str) -> Problem:
    values = distinct(r, col)
    shown = ", ".join(f"'{v.strip()}'" for v in values[:12])
    return Problem(file=r.sheet.file, sheet=r.sheet.name or None, row=r.layout.header_row,
                   column=col.header, reason=f"{reason}: {shown}")

