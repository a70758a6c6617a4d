"""Row-level extracts (one row per participant or per claim, any size) -> canonical tables.

A participant or claims extract from BPJS Ketenagakerjaan's systems has tens of millions
of rows with NIK and KPJ numbers: beyond Excel, and several times the data's size in
pandas. An embedded DuckDB query (see rowlevel_scan) reads it as CSV (as Indonesian
Excel writes it, or plain), parquet, or a folder of either, and aggregates the rows into
the canonical tables without loading them into Python:

- `read_participants`: region x segment x month -> active, new, lapsed participants;
- `read_claims_extract`: region x period x program -> cases, amount_idr (the table
  `read_claims` gives for a recap workbook);
- `coverage_from_participants`: those participants over BPS working people, per
  kabupaten/kota and segment, as canonical coverage rows (basis "employed").

Headers, regions, segments, programs, numbers and dates follow the workbook loaders'
rules (imported in one place, rowlevel_rules); bad rows raise one DataError listing the
first rows of each problem with their row number and summarising the rest. The modules:
rowlevel_sql (reading the files, numbers and dates in SQL), rowlevel_scan (the two
passes), rowlevel_problems (row numbers), rowlevel_participants; privacy (small counts).

Personal data stays in: only the columns the tables need (region, segment, status,
dates, program, amount) are ever read; identifier columns (NIK, KPJ, nama, alamat,
nomor HP, e-mail, tanggal lahir, nomor klaim) are not, so they never reach the returned
frame, a cache, a notebook or an export. Counts stay exact in the returned tables (sums
need them); every output shows counts under 10 persons as "<10" (privacy.suppress_small).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from paritrana_analysis.formatting import format_month
from paritrana_analysis.load.rowlevel.participants import read_participants
from paritrana_analysis.load.rowlevel.rules import (
    IDENTIFIERS,
    RECAP_COLUMNS,
    DataError,
    extract_attrs,
    header_map,
    is_identifier,
    norm_header,
    parse_period,
    region_columns,
    region_fields,
    row_level_program,
)
from paritrana_analysis.load.rowlevel.scan import Scan
from paritrana_analysis.load.rowlevel.sql import (
    CSV_SUFFIXES,
    PARQUET_SUFFIXES,
    Source,
    connect,
    grouping,
    open_extract,
    open_source,
    private_tmp,
    require,
)

__all__ = ["read_participants", "read_claims_extract", "is_row_level",
           "coverage_from_participants", "IDENTIFIERS"]


def is_row_level(path) -> bool:
    """True for an extract `read_participants` / `read_claims_extract` should read: a
    parquet file, a folder, or a CSV whose header has a personal or claim identifier
    (NIK, KPJ, nomor klaim, nama) or a date per row and no count column (Jumlah Kasus,
    Peserta Aktif): one row per person or claim. Spreadsheets give False."""
    path = Path(path)
    if path.is_dir() or path.suffix.lower() in PARQUET_SUFFIXES:
        return True
    if path.suffix.lower() not in CSV_SUFFIXES or not path.is_file():
        return False
    mapping = {**header_map("claims", None), **header_map("participants", None)}
    try:
        src = open_source(path, mapping)
    except DataError:
        return False
    names = {mapping.get(norm_header(h)) for h in src.headers}
    per_row = any(is_identifier(h, mapping.get(norm_header(h))) for h in src.headers) or \
        bool(names & {"claim_date", "registered", "last_paid"})
    return per_row and not names & RECAP_COLUMNS


def _claims_query(scan: Scan):
    keys = ["region_id", *[f for f in ("program", "period") if f in scan.fields]]
    if "claim_date" in scan.fields:
        keys.append("m_claim_date")
    sets = {"claims": keys, **{f"l_{f}": [f"l_{f}"] for f in scan.deferrable}}
    select, clause = grouping(sets)
    amount = "sum(v_amount_idr)" if "amount_idr" in scan.fields else "CAST(NULL AS DOUBLE)"

    def query(rows: str) -> str:
        return f"SELECT {select}, count(*) AS n, {amount} AS amount FROM ({rows}) {clause}"
    return query


def read_claims_extract(path, *, columns=None, region=None, source=None) -> pd.DataFrame:
    """A claims extract (one row per claim: Nomor Klaim, KPJ, Tanggal Klaim, Program,
    Nominal, Kab/Kota) -> region_code, region, level, period ('YYYY-MM' from the claim
    date, or the Periode column as `read_claims` reads it), program, cases (claims
    counted), amount_idr (their sum), source: the table `read_claims` gives for a recap.

    `region` (a province or kabupaten/kota) keeps its rows only and tells which
    province a bare kabupaten/kota name belongs to. An empty Program cell is program
    "unknown". Raises DataError listing every problem (first rows of each, row numbers).
    """
    src, fields = open_extract(path, "claims", columns)
    require(src, fields, [("claim_date", "period")], "a claims extract (Tanggal Klaim or "
             "Periode)")
    main, hint = region_fields(fields)
    used = [main, *([hint] if hint else []), *[f for f in ("program", "period", "amount_idr")
                                                 if f in fields]]
    if "period" not in fields:
        used.append("claim_date")
    kinds = {f: {"claim_date": "date", "amount_idr": "number"}.get(f, "text") for f in used}
    with private_tmp() as tmp:
        con = connect(tmp)
        try:
            scan = Scan(src, con, {f: fields[f] for f in used}, kinds)
            regions, checks = _claim_lookups(scan, main, hint, region)
            df = scan.aggregate(_claims_query(scan))
            scan.raise_problems(checks)
        finally:
            con.close()
    df = region_columns(df[df["grp"] == "claims"], regions)
    if "m_claim_date" in df:
        df = df.assign(period=[f"{m // 12:04d}-{m % 12 + 1:02d}" for m in
                               df["m_claim_date"].astype(int)])
    return _claims_table(df if "program" in df else df.assign(program="all"), src, fields,
                         source)


def _claim_lookups(scan: Scan, main: str, hint: str | None, region) -> tuple[list, list]:
    """Pass 1: regions, programs and periods of the distinct texts, as lookups; the
    problems found (with the dates' and amounts' ones, raised after pass 2)."""
    distinct, regions, check = scan.distinct_with_regions(main, hint, region, ("program", "period"))
    checks = [check]
    if "program" in scan.fields:
        scan.map_texts("program", distinct["program"]["k_program"], row_level_program)
    if "period" in scan.fields:
        checks.append(scan.map_texts("period", distinct["period"]["k_period"],
                                     lambda text: parse_period(text or None)))
    if "claim_date" in scan.fields:
        checks.append(scan.empty_check("claim_date", "empty date cell"))
    return regions, checks


def _claims_table(df: pd.DataFrame, src: Source, fields: dict, source) -> pd.DataFrame:
    keys = ["region_code", "region", "level", "period", "program"]
    table = df.groupby(keys, sort=True)[["n", "amount"]].sum(min_count=1).reset_index()
    table = table.rename(columns={"n": "cases", "amount": "amount_idr"})
    table = table.astype({"cases": "Int64", "amount_idr": "Float64",
                          **{k: "str" for k in keys}})
    table["source"] = source or src.label
    table.attrs.update(extract_attrs(src, fields, "claims", int(df["n"].sum()), claim_level=True))
    return table


def coverage_from_participants(participants: pd.DataFrame, workforce: pd.DataFrame
                               ) -> pd.DataFrame:
    """Coverage per region, segment and month from `read_participants` and a workforce
    table (`read_workforce`: BPS working people per kabupaten/kota or province), as
    canonical coverage rows: covered = active participants, potential = the region's
    working people in the latest Sakernas round on or before the month, coverage_pct =
    covered / potential x 100, basis "employed", derived True (computed here).

    Segment "all" (every segment together) is added when the extract has segments. A
    segment's percentage is its share of *all* working people in the region (the segments
    add up to "all"): BPS does not count the workers of each segment per kabupaten/kota.
    Months without an active count are left out; a region with no workforce figure on or
    before the month gets potential and coverage_pct <NA> and basis "none".
    """
    need = ["region_code", "region", "level", "segment", "month", "active", "source"]
    missing = [c for c in need if c not in participants.columns]
    if missing:
        raise ValueError(f"participants lacks column(s) {missing}: pass read_participants' "
                         "table")
    rows = participants[participants["active"].notna()]
    if not (rows["segment"] == "all").any():
        total = rows.groupby(["region_code", "region", "level", "month", "source"],
                             as_index=False)["active"].sum().assign(segment="all")
        rows = pd.concat([rows, total], ignore_index=True)
    rows = rows.rename(columns={"month": "as_of", "active": "covered"})
    work = (workforce.dropna(subset=["employed"])
            .sort_values(["region_code", "as_of", "source"], kind="stable")
            .drop_duplicates(["region_code", "as_of"], keep="first")
            .rename(columns={"as_of": "workforce_as_of", "source": "workforce_source"}))
    merged = pd.merge_asof(
        rows.astype({"as_of": "datetime64[ns]"}).sort_values("as_of"),
        work[["region_code", "workforce_as_of", "employed", "workforce_source"]]
        .astype({"workforce_as_of": "datetime64[ns]"}).sort_values("workforce_as_of"),
        left_on="as_of", right_on="workforce_as_of", by="region_code", direction="backward")
    potential = merged["employed"].astype("Int64")
    known = potential.notna() & (potential > 0)
    pct = (merged["covered"].astype("Float64") / potential.astype("Float64") * 100).where(
        known, pd.NA)
    rounds = merged["workforce_as_of"].map(  # Babel once per Sakernas round
        {d: format_month(d) for d in merged["workforce_as_of"].dropna().unique()})
    source = merged["source"].where(~known, merged["source"] + "; " + merged[
        "workforce_source"].astype(str) + " (penduduk bekerja " + rounds + ")")
    out = pd.DataFrame({
        "region_code": merged["region_code"], "region": merged["region"],
        "level": merged["level"], "segment": merged["segment"], "as_of": merged["as_of"],
        "covered": merged["covered"].astype("Int64"), "potential": potential,
        "coverage_pct": pct.astype("Float64"), "source": source,
        "basis": np.where(known, "employed", "none"), "qualifier": "exact", "derived": True})
    out = out.sort_values(["region_code", "segment", "as_of"], kind="stable")
    return out.astype({c: "str" for c in ("region_code", "region", "level", "segment",
                                          "source", "basis", "qualifier")}).reset_index(
        drop=True)
