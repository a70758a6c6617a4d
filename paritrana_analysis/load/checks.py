"""Checks on the parsed rows, driven by the schema: a required measure left empty, more
participants than potential workers, duplicate rows, TOTAL/JUMLAH rows that disagree with
the rows above them; and warnings that do not stop a load (a zero count among non-zero
counts: Kota Bandung 2013 = 0 in a real export)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from paritrana_analysis.formatting import format_number
from paritrana_analysis.load.body import is_text_series
from paritrana_analysis.load.numbers import parse_number
from paritrana_analysis.load.read import Read, as_str
from paritrana_analysis.load.values import ungroup
from paritrana_analysis.schema import REGION_ROLES

EMPTY_REASON = ("empty cell where a number is required (a formula that was never "
                "calculated, or an error such as #DIV/0!, also reads as empty: open the "
                "file in Excel, fix the cell and save it)")
# columns that never tell two rows apart (a running number, notes, the month of a period)
NOT_KEYS = {"note", "source_url", "published", "no", "bulan", "month", "unit"}
_NOUN = {"covered": "participants", "coverage_pct": "coverage %", "cases": "a number of cases",
         "amount_idr": "an amount"}


def fmt(x: float) -> str:
    """Indonesian digits for messages: 2.789.917, or 1.234,56 when not whole."""
    return format_number(x, decimals=0 if float(x).is_integer() else 2)


def required_values(r: Read) -> None:
    """Each required measure (or one of a group: participants or coverage %) is filled."""
    for group in r.spec.required:
        given = [g for g in group if g in r.out and g not in REGION_ROLES
                 and r.spec.column(g) is not None and r.spec.column(g).type in (
                     "count", "amount", "percent")]
        if not given:
            continue
        empty = np.ones(r.n, dtype=bool)
        for name in given:
            empty &= r.out[name].isna().to_numpy(bool) & r.parsed_ok(name)
        reason = EMPTY_REASON
        if len(group) > 1 and (len(given) == 2 or r.spec.kind == "coverage"):
            reason += f": a {r.spec.kind} row needs " + " or ".join(_NOUN[g] for g in group)
        r.problems.cells(empty, r.body.rows, r.header_of(given[0]), None, reason)


def covered_within_potential(r: Read) -> None:
    cov, pot = r.out.get("covered"), r.out.get("potential")
    if cov is None or pot is None:
        return
    more = (cov > pot).fillna(False).to_numpy(bool)
    r.problems.cells(more, r.body.rows, r.header_of("covered"), r.body.data["covered"],
                     lambda i: f"more participants ({fmt(cov.iloc[i])}) than potential "
                               f"workers ({fmt(pot.iloc[i])})")


def duplicates(r: Read) -> None:
    """Contradictory figures from different sources are data (separate rows); a duplicate
    is the same key from the same source. Other text columns (a branch office, a category)
    tell rows apart; a claim-level extract has many rows per key."""
    if not r.spec.keys or {"claim_date", "claim_id"} & set(r.body.data) or r.n < 2:
        return
    keys = [k for k in r.spec.keys if k != "source" or "source" in r.body.data]
    extra = [n for n, v in r.body.data.items() if n not in r.out and n not in REGION_ROLES
             and n not in NOT_KEYS and not n.endswith("_code") and is_text_series(v)]
    frame = pd.DataFrame({k: r.out[k] for k in keys if k in r.out})
    for name in extra:
        frame[f"__{name}"] = r.body.data[name].astype(object).map(as_str)
    if len(frame.columns) < len(keys) or frame["region_code"].isna().all():
        return
    dup = frame.duplicated(keep="first").to_numpy(bool) & frame["region_code"].notna() \
        .to_numpy(bool)
    if not dup.any():
        return
    group = frame.reset_index(drop=True).groupby(list(frame.columns), observed=True,
                                                 dropna=False).ngroup()
    first_row = pd.Series(r.body.rows).groupby(group.to_numpy()).transform("min").to_numpy()
    what = ", ".join(k.replace("region_code", "region").replace("as_of", "date")
                     for k in keys[:-1]) + f" and {keys[-1].replace('as_of', 'date')}"
    if extra:
        what += f" (and {', '.join(r.header_of(n) for n in extra)})"
    region = r.layout.region()
    r.problems.cells(dup, r.body.rows, region.header if region else "region",
                     r.out["region"].astype(object) if "region" in r.out else None,
                     lambda i: f"same {what} as row {first_row[i]} (duplicate)")


def totals(r: Read) -> None:
    """TOTAL/JUMLAH rows: compare with the sum of the data rows above (per block)."""
    b = r.body
    start = 0
    for k, (pos, excel_row) in enumerate(zip(b.total_pos, b.total_excel, strict=True)):
        label = b.total_labels[k]
        record = {"row": int(excel_row), "label": str(label), "rows_summed": int(pos - start)}
        for name in r.spec.of_type("count", "amount"):
            if name in r.out and name in b.total_rows and name in b.data:
                raw = b.total_rows[name].iloc[k]
                value = _total_value(r, name, raw, excel_row)
                if value is not None:
                    record[name] = value
                    _compare(r, name, value, raw, r.out[name].iloc[start:pos], label,
                             excel_row, pos - start)
        b.totals.append(record)
        start = pos


def _total_value(r: Read, name: str, raw, excel_row) -> float | None:
    try:
        value = parse_number(ungroup(raw, r.sheet))
    except ValueError as exc:
        r.problems.add(f"total row: {exc}", excel_row, r.body.headers.get(name), raw)
        return None
    scale = r.body.scales.get(name)
    return value * scale if value is not None and scale else value


def _compare(r: Read, name, value, raw, block, label, excel_row, n) -> None:
    total = float(block.sum(skipna=True))
    if abs(total - value) > max(1.0, abs(value) * 1e-6):
        header = r.body.headers.get(name)
        r.problems.add(f"the {label} row does not match the sum of the {n} rows above: row "
                       f"says {fmt(value)}, rows sum to {fmt(total)}", excel_row,
                       header if isinstance(header, str) else name, raw)


def zero_counts(r: Read) -> None:
    """A zero among non-zero counts is worth a look, not a refusal."""
    for name in r.spec.of_type("count"):
        s = r.out.get(name)
        if s is None or (s > 0).sum() < 2:
            continue
        zero = (s == 0).fillna(False).to_numpy(bool)
        for i in np.flatnonzero(zero)[:20]:
            region = r.out["region"].iloc[i] if "region" in r.out else None
            r.problems.warn(f"zero {name} among non-zero values: check the cell"
                            + (f" ({region})" if region else ""), r.body.rows[i],
                            r.header_of(name) if isinstance(r.header_of(name), str)
                            else r.header_of(name)[i], 0)


CHECKS = (required_values, covered_within_potential, duplicates, zero_counts)
