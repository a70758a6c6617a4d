"""`paritrana check FILE...`: what each workbook holds, or every problem in it."""

from __future__ import annotations

import inspect
from pathlib import Path

import pandas as pd

from paritrana_analysis.formatting import format_number, format_percent
from paritrana_analysis.load import READERS, DataError, detect_kind, tables

_TOTALS = {
    "coverage": [("covered", "participants"), ("potential", "potential workers")],
    "workforce": [("employed", "working people")],
    "claims": [("cases", "cases"), ("amount_idr", "amount (Rp)")],
    "targets": [],
    "awards": [],
}


def describe(df: pd.DataFrame, kind: str) -> list[str]:
    """Lines saying what a loaded table holds."""
    lines = [f"  kind: {kind}", f"  rows: {format_number(len(df))}"]
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
        lines.append("  awards: " + ", ".join(f"{format_number(n)} {scope}" for scope, n in
                                              sorted(counts.items())))
    if "program" in df:
        progs = [str(s) for s in pd.unique(df["program"].dropna())]
        lines.append(f"  programs: {', '.join(progs)}")
    lines.extend(_totals(df, kind))
    if "coverage_pct" in df and df["coverage_pct"].notna().any():
        pct = df["coverage_pct"].dropna()
        lines.append(f"  coverage: {format_percent(pct.min())} to "
                     f"{format_percent(pct.max())}")
    notes = df.attrs.get("notes") or []
    for note in notes[:3]:
        lines.append(f"  note: {note}")
    for total in df.attrs.get("totals") or []:
        lines.append(f"  total row {total['row']} ('{total['label']}') matches the rows above")
    return lines


def _period_end(period: str) -> str:
    """'2023' -> '2023-12', '2025-01/2025-07' -> '2025-07' (sortable)."""
    end = str(period).split("/")[-1]
    return f"{end}-12" if len(end) == 4 else end


def _totals(df: pd.DataFrame, kind: str) -> list[str]:
    """Totals that mean something: the newest date (or period) only, the segment "all"
    (program "all" when given), one line per level. A sum over every year, segment and
    level would count the same people many times."""
    cols = [(col, label) for col, label in _TOTALS[kind] if col in df]
    if not cols or df.empty:
        return []
    rows, what = df, []
    if "as_of" in df and df["as_of"].notna().any():
        newest = df["as_of"].max()
        rows = rows[rows["as_of"] == newest]
        what.append(f"at {newest.strftime('%Y-%m-%d')}")
    elif "period" in df and df["period"].notna().any():
        periods = [str(p) for p in pd.unique(df["period"].dropna())]
        newest = max(periods, key=lambda p: (_period_end(p), p))
        rows = rows[rows["period"].astype("str") == newest]
        what.append(f"for period {newest}")
    for col in ("segment", "program"):
        if col in rows and (rows[col].astype("str") == "all").any():
            rows = rows[rows[col].astype("str") == "all"]
            what.append(f"{col} all")
        elif col in rows:
            what.append(f"{col}s summed")
    lines = []
    levels = [str(v) for v in pd.unique(rows["level"].dropna())] if "level" in rows else [""]
    for level in sorted(levels, key=lambda v: ("national", "province", "regency").index(v)
                        if v in ("national", "province", "regency") else 3):
        part = rows[rows["level"].astype("str") == level] if level else rows
        parts = [f"{label} {format_number(part[col].sum())}" for col, label in cols
                 if part[col].notna().any()]
        if parts:
            n = len(part)
            lines.append(f"    {level or 'all'} ({format_number(n)} row{'s' if n != 1 else ''}): "
                         f"{'; '.join(parts)}")
    if not lines:
        return []
    return [f"  totals {', '.join(what)}:", *lines]


def check_files(paths: list[str], *, kind: str | None = None, **options) -> int:
    """Print what each file holds and return 0, or print every problem and return 1.
    `kind` and `options` (sheet, columns, as_of, region, indicator) are the readers'.
    Without `sheet`, every sheet of a workbook that holds a table is checked and the
    others are named with the reason they were skipped."""
    status = 0
    for p in paths:
        print(f"{p}:")
        for sheet, found, why in _sheets(Path(p), kind, options):
            if sheet is not None and found is None and why:
                print(f"  sheet '{sheet}' skipped: {why}")
                continue
            status |= _check_one(Path(p), found, {**options, "sheet": sheet},
                                 f"sheet '{sheet}': " if sheet is not None else "")
    return status


def _sheets(path: Path, kind: str | None, options: dict) -> list[tuple]:
    """The sheets to check: the one asked for, or every sheet holding a table (the first
    sheet alone when none does, so its problems are shown)."""
    if options.get("sheet") is not None:
        return [(options["sheet"], kind, "")]  # kind None: told by its headers
    try:
        found = tables(path, kind)
    except DataError:
        return [(None, kind, "")]
    if not any(k for _, k, _ in found):
        return [(None, kind, "")]
    several = len([1 for _, k, _ in found if k]) > 1 or any(
        why for _, k, why in found if not k and why != "hidden sheet")
    return found if several else [(None if k else s, k, why) for s, k, why in found
                                  if k or why == "hidden sheet"]


def _check_one(path: Path, kind: str | None, options: dict, label: str) -> int:
    try:
        found = kind or detect_kind(path, options.get("sheet"), options.get("columns"))
        df = read(found, path, options)
    except DataError as err:
        n = len(err.problems)
        print(f"  {label}{n} problem{'s' if n != 1 else ''}:")
        for problem in err.problems:
            print(f"  - {problem}")
        return 1
    if label:
        print(f"  {label.rstrip(': ')}")
    for line in [*describe(df, found), *_decisions(df)]:
        print(line)
    return 0


def read(kind: str, path: Path, options: dict) -> pd.DataFrame:
    """One file through its reader with the options that reader takes."""
    reader = READERS[kind]
    accepted = inspect.signature(reader).parameters
    given = {k: v for k, v in options.items() if v is not None and k in accepted}
    return reader(path, cache=False, **given)


def _decisions(df: pd.DataFrame) -> list[str]:
    """The header row taken, what the loader decided and its warnings."""
    lines = []
    header = df.attrs.get("columns") or {}
    if df.attrs.get("header_row"):
        shown = ", ".join(f"{h} -> {n}" for n, h in list(header.items())[:12])
        lines.append(f"  header: row {df.attrs['header_row']} ({shown})")
    lines += [f"  read: {d}" for d in df.attrs.get("decisions") or []]
    lines += [f"  warning: {w}" for w in df.attrs.get("warnings") or []]
    return lines
