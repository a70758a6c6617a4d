"""Participants from a row-level extract: active, new and lapsed per region, segment, month.

One DuckDB pass (rowlevel_scan) counts, per region and segment, when participants
started (registration month) and when they stopped being active (the last month paid
for); active(M) = started by M minus stopped before M, so the rows are never expanded
month by month. Months before the window read are counted together with its first
month's predecessor (exact for every month returned), months after it likewise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from paritrana_analysis.load.rowlevel.rules import (
    DataError,
    Problem,
    extract_attrs,
    month_index,
    month_ts,
    norm_header,
    region_columns,
    region_fields,
    row_level_segment,
    status_words,
)
from paritrana_analysis.load.rowlevel.scan import Scan
from paritrana_analysis.load.rowlevel.sql import (
    connect,
    grouping,
    open_extract,
    private_tmp,
    require,
)
from paritrana_analysis.schema import spec

HISTORY_MONTHS = 24  # months read_participants returns by default, ending at as_of
WINDOW_MONTHS = 240  # months before the newest read one by one (earlier ones are summed)


def _participants_query(scan: Scan, lo: int, hi: int):
    has_reg, has_last = "registered" in scan.fields, "last_paid" in scan.fields

    def clip(x: str) -> str:
        return f"(CASE WHEN {x} < {lo} THEN {lo - 1} WHEN {x} > {hi} THEN {hi + 1} ELSE {x} END)"

    cell = ["region_id", *(["segment"] if "segment" in scan.fields else [])]
    derived = f"{clip('m_registered') if has_reg else lo - 1} AS start_m"
    sets = {"start": [*cell, *(["active"] if "status" in scan.fields else []), "start_m"]}
    if has_last:  # stop_m: the last month active (the month before registering if never)
        ever = "m_last_paid IS NOT NULL" + (" AND m_last_paid >= m_registered" if has_reg
                                            else "")
        gone = "m_registered - 1" if has_reg else str(lo - 1)
        derived += (f", {ever} AS ever, "
                    f"{clip(f'CASE WHEN ever THEN m_last_paid ELSE {gone} END')} AS stop_m")
        sets["stop"] = [*cell, "stop_m", "ever"]
    select, clause = grouping(sets)

    def query(rows: str) -> str:
        return f"SELECT {select}, count(*) AS n FROM (SELECT *, {derived} FROM ({rows})) {clause}"
    return query


def read_participants(path, *, columns=None, region=None, as_of=None, since=None,
                      source=None) -> pd.DataFrame:
    """A participant extract (one row per participant) -> region_code, region, level,
    segment, month (first day), active, new, lapsed, source: one row per kabupaten/kota
    (a Kab/Kota column; a Provinsi column alone gives provinces), segment and month.

    - `active`: registered by the month (Tanggal Kepesertaan) and paid for it (Bulan
      Iuran Terakhir on or after the month). Without a registration date, or without a
      last contribution month (then the Status column decides), only the `as_of` month
      has `active`; the other months are <NA>.
    - `new`: registered in the month; `lapsed`: paid for the month before, not for this
      one (last contribution month = the month before).
    - `as_of`: the extract's month (default: the last contribution month most
      participants have, i.e. the month the extract was taken); `since`: the first month
      (default: 23 months before `as_of`).
    - `region`: a province or kabupaten/kota: only its rows are returned; it also tells
      which province a bare kabupaten/kota name belongs to.
    - An empty segment cell is segment "unknown". Each row counts as one participant.

    Raises DataError listing every problem (first rows of each, with row numbers).
    """
    src, fields = open_extract(path, "participants", columns)
    require(src, fields, [("last_paid", "status")], "a participant extract (the last "
             "contribution month, Bulan Iuran Terakhir, or the participant's Status)")
    main, hint = region_fields(fields)
    used = [main, *([hint] if hint else []), *[f for f in ("segment", "registered",
                                                           "last_paid") if f in fields]]
    snapshot_status = "last_paid" not in fields
    if snapshot_status:
        used.append("status")
        if as_of is None:
            raise DataError([Problem(file=src.label, reason=(
                "no last contribution month (Bulan Iuran Terakhir): the Status column says "
                "who is active on one day only; pass as_of= (the day the extract was "
                "taken)"))])
    kinds = {f: "date" if f in ("registered", "last_paid") else "text" for f in used}
    hi = month_index(as_of) if as_of is not None else \
        month_index(pd.Timestamp.today()) + 12
    first = month_index(since) if since is not None else hi - HISTORY_MONTHS + 1
    lo = min(first, hi - WINDOW_MONTHS if as_of is None else first) - 1
    with private_tmp() as tmp:
        con = connect(tmp)
        try:
            scan = Scan(src, con, {f: fields[f] for f in used}, kinds)
            regions = _lookups(scan, main, hint, region)
            df = scan.aggregate(_participants_query(scan, lo, hi))
        finally:
            con.close()
    tables = {name: region_columns(df[df["grp"] == name], regions) for name in ("start",
                                                                                "stop")}
    if "segment" not in fields:
        tables = {name: part.assign(segment="all") for name, part in tables.items()}
    return _participants_table(tables, src, fields, lo, hi, as_of, since, source)


def _lookups(scan: Scan, main: str, hint: str | None, region: str | None) -> list:
    """Pass 1: regions, segments and status of the distinct texts, registered as lookups;
    every problem found so far raised (with the rows of each)."""
    distinct, regions, check = scan.distinct_with_regions(main, hint, region, ("segment", "status"))
    checks = [check]
    if "segment" in scan.fields:
        scan.map_texts("segment", distinct["segment"]["k_segment"], row_level_segment)
    if "status" in scan.fields:
        checks.append(scan.map_texts("status", distinct["status"]["k_status"], _status,
                                     column="active"))
    if "registered" in scan.fields:
        checks.append(scan.empty_check("registered", "empty registration date"))
    scan.raise_problems(checks)
    return regions


def _status(text: str) -> bool:
    """Active or not, from participant_status.csv; ValueError (a problem) for other words."""
    active = status_words().get(norm_header(text))
    if active is None:
        raise ValueError("empty status cell" if not text.strip() else
                         f"unknown status '{text}': expected Aktif or Non Aktif (the words "
                         "participant_status.csv lists)")
    return active


def _counts(frame: pd.DataFrame, col: str, cells: pd.MultiIndex, lo: int, hi: int):
    """cells x months (lo - 1 .. hi + 1) matrix of participants counted at `col`."""
    if frame.empty:
        return np.zeros((len(cells), hi - lo + 3), dtype=np.int64)
    piv = frame.pivot_table(index=["region_code", "segment"], columns=col, values="n",
                            aggfunc="sum", fill_value=0, observed=True)
    piv = piv.reindex(index=cells, columns=range(lo - 1, hi + 2), fill_value=0)
    return piv.to_numpy(dtype=np.int64)


def _participants_table(tables, src, fields, lo, hi, as_of, since, source):
    start, stop = tables["start"], tables.get("stop", pd.DataFrame())
    has_reg, has_last = "registered" in fields, "last_paid" in fields
    if as_of is None:  # the month most participants have paid up to
        paid = stop[stop["ever"] & stop["stop_m"].between(lo, hi)]
        if paid.empty:
            raise DataError([Problem(file=src.label, reason="no participant has paid a "
                                     "contribution: pass as_of= (the extract's month)")])
        by_month = paid.groupby("stop_m")["n"].sum()
        end = int(by_month[by_month == by_month.max()].index.max())
    else:
        end = month_index(as_of)
    begin = month_index(since) if since is not None else end - HISTORY_MONTHS + 1
    if not lo < begin <= end <= hi:
        raise ValueError(f"months {month_ts(begin):%Y-%m} to {month_ts(end):%Y-%m} are not "
                         f"within the months read ({month_ts(lo + 1):%Y-%m} to "
                         f"{month_ts(hi):%Y-%m}): pass since= on or before as_of=")
    regions = start[["region_code", "region", "level"]].drop_duplicates("region_code")
    cells = pd.MultiIndex.from_frame(start[["region_code", "segment"]].drop_duplicates()
                                     .sort_values(["region_code", "segment"]))
    starts = _counts(start, "start_m", cells, lo, hi)
    stops = _counts(stop, "stop_m", cells, lo, hi) if has_last else None
    lapses = _counts(stop[stop["ever"]], "stop_m", cells, lo, hi) if has_last else None
    if not has_last:
        now = _counts(start[start["active"].astype(bool)], "start_m", cells, lo,
                      hi).cumsum(axis=1)
    history = has_reg and has_last
    months = range(begin, end + 1) if has_reg or has_last else range(end, end + 1)
    parts = []
    for m in months:
        j = m - lo + 1
        active = (starts[:, :j + 1].sum(axis=1) - stops[:, :j].sum(axis=1)) if has_last \
            else now[:, j]
        parts.append(pd.DataFrame({
            "region_code": cells.get_level_values(0), "segment": cells.get_level_values(1),
            "month": month_ts(m),
            "active": pd.array(active if history or m == end else [pd.NA] * len(cells),
                               dtype="Int64"),
            "new": pd.array(starts[:, j] if has_reg else [pd.NA] * len(cells), dtype="Int64"),
            "lapsed": pd.array(lapses[:, j - 1] if has_last else [pd.NA] * len(cells),
                               dtype="Int64")}))
    table = pd.concat(parts, ignore_index=True).merge(regions, on="region_code", how="left")
    table["month"] = table["month"].astype("datetime64[ns]")
    table["source"] = source or src.label
    contract = spec("participants")  # schema.py: the columns, their order and sort
    order = [c.name for c in contract.columns if not c.optional]
    table = table[order].sort_values(list(contract.sort[:-1]), kind="stable")
    table = table.astype({c: "str" for c in ("region_code", "region", "level", "segment",
                                              "source")}).reset_index(drop=True)
    table.attrs.update(extract_attrs(src, fields, "participants", int(start["n"].sum()),
                              as_of=f"{month_ts(end):%Y-%m}"))
    return table
