"""`paritrana check FILE...`: what each workbook holds, or every problem in it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from babel.numbers import format_decimal

from paritrana_analysis.readers import _READERS, detect_kind
from paritrana_analysis.validate import DataError

_TOTALS = {
    "coverage": [("covered", "participants"), ("potential", "potential workers")],
    "workforce": [("employed", "working people")],
    "claims": [("cases", "cases"), ("amount_idr", "amount (Rp)")],
    "targets": [],
    "awards": [],
}


def _num(x) -> str:
    return format_decimal(round(float(x)), locale="id")


def describe(df: pd.DataFrame, kind: str) -> list[str]:
    """Lines saying what a loaded table holds."""
    lines = [f"  kind: {kind}", f"  rows: {_num(len(df))}"]
    if "region" in df:
        names = [str(v) for v in pd.unique(df["region"].dropna())]
        more = f", ... (+{len(names) - 5})" if len(names) > 5 else ""
        lines.append(f"  regions: {len(names)} ({', '.join(names[:5])}{more})")
    elif "province" in df:
        provs = sorted({str(v) for v in df["province"].dropna() if v})
        more = f", ... (+{len(provs) - 5})" if len(provs) > 5 else ""
        lines.append(f"  provinces: {len(provs)} ({', '.join(provs[:5])}{more})")
    for col in ("as_of", "period", "year"):
        if col in df and df[col].notna().any():
            vals = df[col].dropna()
            if col == "as_of":
                lo, hi = vals.min().strftime("%Y-%m-%d"), vals.max().strftime("%Y-%m-%d")
            else:
                texts = sorted(str(v) for v in pd.unique(vals))
                lo, hi = texts[0], texts[-1]
            label = {"as_of": "dates", "period": "periods", "year": "years"}[col]
            lines.append(f"  {label}: {lo} to {hi}" if lo != hi else f"  {label}: {lo}")
    if "segment" in df:
        segs = [str(s) for s in pd.unique(df["segment"].dropna())]
        lines.append(f"  segments: {', '.join(segs)}")
    if "scope" in df:  # awards: how many national and provincial winners
        counts = df["scope"].astype("str").value_counts()
        lines.append("  awards: " + ", ".join(f"{_num(n)} {scope}" for scope, n in
                                              sorted(counts.items())))
    if "program" in df:
        progs = [str(s) for s in pd.unique(df["program"].dropna())]
        lines.append(f"  programs: {', '.join(progs)}")
    totals = [f"{label} {_num(df[col].sum())}" for col, label in _TOTALS[kind]
              if col in df and df[col].notna().any()]
    if totals:
        lines.append(f"  totals: {'; '.join(totals)}")
    if "coverage_pct" in df and df["coverage_pct"].notna().any():
        pct = df["coverage_pct"].dropna()
        lines.append(f"  coverage: {format_decimal(pct.min(), '#,##0.00', locale='id')}% to "
                     f"{format_decimal(pct.max(), '#,##0.00', locale='id')}%")
    notes = df.attrs.get("notes") or []
    for note in notes[:3]:
        lines.append(f"  note: {note}")
    for total in df.attrs.get("totals") or []:
        lines.append(f"  total row {total['row']} ('{total['label']}') matches the rows above")
    return lines


def check_files(paths: list[str]) -> int:
    """Print what each file holds and return 0, or print every problem and return 1."""
    status = 0
    for p in paths:
        print(f"{p}:")
        try:
            kind = detect_kind(p)
            df = _READERS[kind](Path(p), cache=False)
        except DataError as err:
            status = 1
            print(f"  {len(err.problems)} problem{'s' if len(err.problems) != 1 else ''}:")
            for problem in err.problems:
                print(f"  - {problem}")
            continue
        for line in describe(df, kind):
            print(line)
    return status
