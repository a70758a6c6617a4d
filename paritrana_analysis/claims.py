"""Claims (benefits paid) summaries: totals, averages per case, shares, comparisons.

Works on the canonical claims table: region_code, region, level, period ("2023" a year,
"2025-07" a month, "2025-01/2025-07" a range of months), program ("JHT", "JKK", "JKM",
"JP", "JKP", "beasiswa", "all" for a stated total), cases, amount_idr, source.
An average is shown only where cases are known and above 0; otherwise it is <NA> on
purpose (never a division by zero passed off as a number).
"""

from __future__ import annotations

import re

import pandas as pd

from paritrana_analysis.coverage import require_columns

__all__ = [
    "period_span",
    "claims_totals",
    "claims_by_program",
    "benefits_per_covered_worker",
    "year_to_date",
]

CLAIMS_COLUMNS = ["region_code", "period", "program", "cases", "amount_idr"]
# The five programmes a total is made of. "beasiswa" (scholarships) is paid within JKM/JKK
# and "all" is a stated total: neither is added to a sum of programmes.
CORE_PROGRAMS = ("JHT", "JKK", "JKM", "JP", "JKP")
_MONTH = r"(\d{4})-(\d{2})"


def period_span(period: str) -> tuple[pd.Period, pd.Period]:
    """First and last month of a period: "2023" -> (2023-01, 2023-12);
    "2025-07" -> (2025-07, 2025-07); "2025-01/2025-07" -> (2025-01, 2025-07)."""
    text = str(period).strip()
    if re.fullmatch(r"\d{4}", text):
        return pd.Period(f"{text}-01", "M"), pd.Period(f"{text}-12", "M")
    if re.fullmatch(_MONTH, text):
        p = pd.Period(text, "M")
        return p, p
    m = re.fullmatch(rf"{_MONTH}/{_MONTH}", text)
    if m:
        start, end = pd.Period(text[:7], "M"), pd.Period(text[8:], "M")
        if end < start:
            raise ValueError(f"period {period!r} ends before it starts")
        return start, end
    raise ValueError(f"period {period!r} is not 'YYYY', 'YYYY-MM' or 'YYYY-MM/YYYY-MM'")


def _prepare(claims: pd.DataFrame) -> pd.DataFrame:
    require_columns(claims, CLAIMS_COLUMNS, "claims table")
    table = claims.copy()
    if "region" not in table.columns:
        table["region"] = table["region_code"]
    # "string" then "": a missing value must not become the text "nan".
    table["program"] = table["program"].astype("string").fillna("").astype("str")
    table["period"] = table["period"].astype("string").fillna("").astype("str")
    table["region"] = table["region"].astype("string").fillna(table["region_code"].astype(
        "string")).astype("str")
    if "source" in table.columns:
        table["source"] = table["source"].astype("string").fillna("").astype("str")
    else:
        table["source"] = ""
    table["cases"] = pd.to_numeric(table["cases"], errors="coerce").astype("Float64")
    table["amount_idr"] = pd.to_numeric(table["amount_idr"], errors="coerce").astype("Float64")
    if (table["cases"] < 0).any() or (table["amount_idr"] < 0).any():
        raise ValueError("claims cases and amount_idr must not be negative")
    for p in table["period"].unique():
        period_span(p)  # raises on an unknown period format
    return table


def _average(amount: pd.Series, cases: pd.Series) -> pd.Series:
    avg = amount.astype("Float64") / cases.astype("Float64").where(cases > 0)
    return avg.astype("Float64")


def _sum_or_na(values: pd.Series) -> float:
    """Sum, but <NA> when any part is missing (an incomplete sum is not a total)."""
    return pd.NA if values.isna().any() else float(values.sum())


def _aggregate(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per `keys`: cases and amount_idr summed (a claim-level extract has one row
    per claim), <NA> when any summed part is missing; `region` of the first row."""
    work = table.assign(_order=range(len(table)), _cases_na=table["cases"].isna(),
                        _amount_na=table["amount_idr"].isna())
    grouped = work.groupby(keys, sort=False, observed=True, dropna=False)
    out = grouped.agg(region=("region", "first"), cases=("cases", "sum"),
                      amount_idr=("amount_idr", "sum"), _cases_na=("_cases_na", "any"),
                      _amount_na=("_amount_na", "any"), _order=("_order", "min"))
    out = out.reset_index().sort_values("_order", kind="stable")
    out["cases"] = out["cases"].astype("Float64").mask(out["_cases_na"].astype(bool))
    out["amount_idr"] = out["amount_idr"].astype("Float64").mask(
        out["_amount_na"].astype(bool))
    return out.drop(columns=["_cases_na", "_amount_na"]).reset_index(drop=True)


def claims_totals(claims: pd.DataFrame) -> pd.DataFrame:
    """Total cases and rupiah per region, period and source, and the average per case.

    Sources are never added together: each source's figures give their own row. Where a
    source states a total (program "all") it is used (``total_from = "stated"``);
    otherwise the core programmes JHT, JKK, JKM, JP and JKP are summed:
    ``total_from = "sum_of_programs"`` when all five are there, ``"partial"`` when only
    some are (then it is not a total of all benefits; `programs` says what was summed).
    "beasiswa" is paid within JKM/JKK and is never added. A sum with a missing part is
    <NA>. Several rows of one programme (a claim-level extract) are summed first.
    Formula: ``avg_per_case_idr = amount_idr / cases``.
    Sumatera Selatan through Jul 2025: 43.251 claims, Rp718,7 miliar -> Rp16,6 juta a case.
    Columns: region_code, region, period, cases, amount_idr, avg_per_case_idr, total_from,
    programs, source.
    """
    table = _prepare(claims)
    per_program = _aggregate(table, ["region_code", "period", "source", "program"])
    rows = []
    for (code, period, source), group in per_program.groupby(
            ["region_code", "period", "source"], sort=True):
        stated = group[group["program"] == "all"]
        if len(stated):
            part, origin, programs = stated.iloc[[0]], "stated", "all"
        else:
            part = group[group["program"].isin(CORE_PROGRAMS)]
            if part.empty:
                continue  # only beasiswa or other programmes: no total to give
            present = [p for p in CORE_PROGRAMS if p in set(part["program"])]
            origin = "sum_of_programs" if len(present) == len(CORE_PROGRAMS) else "partial"
            programs = ", ".join(present)
        rows.append(
            {
                "region_code": code,
                "region": group["region"].iloc[0],
                "period": period,
                "cases": _sum_or_na(part["cases"]),
                "amount_idr": _sum_or_na(part["amount_idr"]),
                "total_from": origin,
                "programs": programs,
                "source": source,
            }
        )
    cols = [
        "region_code",
        "region",
        "period",
        "cases",
        "amount_idr",
        "avg_per_case_idr",
        "total_from",
        "programs",
        "source",
    ]
    out = pd.DataFrame(rows, columns=[c for c in cols if c != "avg_per_case_idr"])
    out["cases"] = pd.array(out["cases"], dtype="Float64").astype("Int64")
    out["amount_idr"] = pd.array(out["amount_idr"], dtype="Float64")
    out["avg_per_case_idr"] = _average(out["amount_idr"], out["cases"])
    return out[cols]


def newest_total(totals: pd.DataFrame) -> pd.Series | None:
    """The row of `claims_totals` output to headline: a stated or complete total
    (``total_from`` "stated" or "sum_of_programs") if there is one, else a partial one;
    among those the latest end month (`period_span`, not text order), then a stated
    total over a sum, then the longer period, then the later row. None when empty."""
    if totals is None or totals.empty:
        return None
    rank = {"stated": 2, "sum_of_programs": 1, "partial": 0}
    spans = totals["period"].map(period_span)
    keyed = totals.assign(
        _complete=totals["total_from"].map(lambda v: v != "partial"),
        _end=[s[1].ordinal for s in spans],
        _from=totals["total_from"].map(lambda v: rank.get(v, 0)),
        _length=[s[1].ordinal - s[0].ordinal for s in spans],
        _order=range(len(totals)),
    )
    best = keyed.sort_values(["_complete", "_end", "_from", "_length", "_order"],
                             kind="stable").iloc[-1]
    return best.drop(["_complete", "_end", "_from", "_length", "_order"])


def claims_by_program(claims: pd.DataFrame) -> pd.DataFrame:
    """Per region, period, source and program: cases, rupiah, average per case, shares.

    Rows of one programme from one source are summed first (a claim-level extract has
    one row per claim), so the result has one row per (region_code, period, program,
    source); two sources are never added together.
    Formulas: ``avg_per_case_idr = amount_idr / cases``;
    ``share_of_amount_pct = amount_idr / sum of the programmes' amounts x 100`` within
    the same region, period and source (likewise `share_of_cases_pct`). Rows with
    program "all" are left out; "beasiswa" is paid within JKM/JKK, so it is left out of
    the sum (its own share says how much of the total it is, and the other shares still
    add up to 100). Sorted by region_code, period, source, then share of amount, largest
    first.
    """
    table = _prepare(claims)
    table = table[table["program"] != "all"]
    if table.empty:
        raise ValueError("no per-program claims rows (only totals, program 'all')")
    out = _aggregate(table, ["region_code", "period", "source", "program"])
    within = ["region_code", "period", "source"]
    counted = out.assign(
        _amount=out["amount_idr"].where(out["program"] != "beasiswa", 0.0),
        _cases=out["cases"].where(out["program"] != "beasiswa", 0.0),
    )
    amount_total = counted.groupby(within)["_amount"].transform(_sum_or_na)
    cases_total = counted.groupby(within)["_cases"].transform(_sum_or_na)
    amount_total = pd.Series(pd.array(amount_total, dtype="Float64"), index=out.index)
    cases_total = pd.Series(pd.array(cases_total, dtype="Float64"), index=out.index)
    out["avg_per_case_idr"] = _average(out["amount_idr"], out["cases"])
    out["share_of_amount_pct"] = (
        out["amount_idr"] / amount_total.where(amount_total > 0) * 100).astype("Float64")
    out["share_of_cases_pct"] = (
        out["cases"] / cases_total.where(cases_total > 0) * 100).astype("Float64")
    out["cases"] = out["cases"].astype("Int64")
    out = out.sort_values(
        ["region_code", "period", "source", "share_of_amount_pct"],
        ascending=[True, True, True, False],
        kind="stable",
        na_position="last",
    )
    cols = ["region_code", "region", "period", "program", "cases", "amount_idr", "source",
            "avg_per_case_idr", "share_of_amount_pct", "share_of_cases_pct"]
    return out[cols].reset_index(drop=True)


def benefits_per_covered_worker(claims: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """Rupiah paid per covered worker, per region, period and source of the claims.

    Formula: ``amount_idr / covered``, with the total from `claims_totals` and `covered`
    from the coverage table (segment "all") at the date nearest the end of the period.
    `total_from` says whether the amount is a stated, complete or partial total.
    Assumes claims and participants count the same region; the payout reaches only the
    claimants, so this is a per-member average, not what a worker receives.
    Sumatera Selatan, Jan-Jul 2025: Rp718,7 miliar / 2.789.917 = Rp257.606 per worker.
    """
    totals = claims_totals(claims)
    require_columns(coverage, ["region_code", "as_of", "covered"], "coverage table")
    cov = coverage
    if "segment" in cov.columns:
        cov = cov[cov["segment"].astype(str) == "all"]
    cov = cov[pd.to_numeric(cov["covered"], errors="coerce").notna()]
    rows = []
    for rec in totals.itertuples(index=False):
        mine = cov[cov["region_code"].astype(str) == str(rec.region_code)]
        covered, when = pd.NA, pd.NaT
        if len(mine):
            end = period_span(rec.period)[1].to_timestamp(how="end").normalize()
            distance = (pd.to_datetime(mine["as_of"]) - end).abs()
            best = mine.loc[distance.idxmin()]
            covered, when = int(best["covered"]), pd.Timestamp(best["as_of"])
        rows.append({**rec._asdict(), "covered": covered, "covered_as_of": when})
    out = pd.DataFrame(rows)
    out["covered"] = pd.array(out["covered"], dtype="Int64")
    out["covered_as_of"] = pd.to_datetime(out["covered_as_of"])
    out["amount_per_worker_idr"] = (
        out["amount_idr"].astype("Float64")
        / out["covered"].astype("Float64").where(lambda s: s > 0)
    ).astype("Float64")
    return out[
        [
            "region_code",
            "region",
            "period",
            "amount_idr",
            "covered",
            "covered_as_of",
            "amount_per_worker_idr",
            "total_from",
            "source",
        ]
    ]


def _ytd_value(group: pd.DataFrame, year: int, month: int) -> tuple[float, float, str]:
    """(cases, amount, period used) for January..month of year, or <NA> if not covered."""
    start, end = pd.Period(f"{year}-01", "M"), pd.Period(f"{year}-{month:02d}", "M")
    spans = group["period"].map(period_span)
    exact = group[spans.map(lambda s: s == (start, end))]
    if len(exact):
        row = exact.iloc[0]
        return row["cases"], row["amount_idr"], str(row["period"])
    monthly = group[spans.map(lambda s: s[0] == s[1] and start <= s[0] <= end)]
    months = {period_span(p)[0] for p in monthly["period"]}
    if len(months) == month and len(monthly) == month:
        label = f"{start}/{end}"
        return _sum_or_na(monthly["cases"]), _sum_or_na(monthly["amount_idr"]), label
    return pd.NA, pd.NA, ""


def year_to_date(claims: pd.DataFrame, year: int, through_month: int) -> pd.DataFrame:
    """January to `through_month` of `year` against the same months a year earlier.

    Uses a row whose period is exactly that range ("2025-01/2025-03"), else the sum of
    the twelve-or-fewer monthly rows when every month is there; otherwise <NA>. Rows of
    one month from one source are summed first (claim-level extracts: one row per
    claim); when two sources give the same period, the first one in the table is used.
    Formula: ``change_pct = (current - previous) / previous x 100``.
    Columns: region_code, region, program, period_current, period_previous,
    cases_current, cases_previous, cases_change_pct, amount_current_idr,
    amount_previous_idr, amount_change_pct.
    """
    if isinstance(year, bool) or not float(year).is_integer():
        raise ValueError(f"year must be a whole year, not {year!r}")
    if isinstance(through_month, bool) or through_month not in range(1, 13):
        raise ValueError(f"through_month must be 1-12, not {through_month!r}")
    year = int(year)
    table = _prepare(claims)
    # One row per region, programme, period and source (a claim-level extract has one
    # row per claim), then one source per period (the first in the table): two sources
    # for the same months are alternatives, never added together.
    table = _aggregate(table, ["region_code", "program", "period", "source"])
    table = table.drop_duplicates(["region_code", "program", "period"], keep="first")
    rows = []
    for (code, program), group in table.groupby(["region_code", "program"], sort=True):
        cur = _ytd_value(group, year, through_month)
        prev = _ytd_value(group, year - 1, through_month)
        if not cur[2] and not prev[2]:
            continue
        rows.append(
            {
                "region_code": code,
                "region": group["region"].iloc[0],
                "program": program,
                "period_current": cur[2],
                "period_previous": prev[2],
                "cases_current": cur[0],
                "cases_previous": prev[0],
                "amount_current_idr": cur[1],
                "amount_previous_idr": prev[1],
            }
        )
    if not rows:
        raise ValueError(f"no claims cover January-{through_month:02d} of {year} or {year - 1}")
    out = pd.DataFrame(rows)
    for col in ("cases_current", "cases_previous"):
        out[col] = pd.array(out[col], dtype="Float64").astype("Int64")
    for col in ("amount_current_idr", "amount_previous_idr"):
        out[col] = pd.array(out[col], dtype="Float64")
    out["cases_change_pct"] = _change_pct(out["cases_current"], out["cases_previous"])
    out["amount_change_pct"] = _change_pct(out["amount_current_idr"],
                                           out["amount_previous_idr"])
    return out[_YTD_COLUMNS]


_YTD_COLUMNS = ["region_code", "region", "program", "period_current", "period_previous",
                "cases_current", "cases_previous", "cases_change_pct", "amount_current_idr",
                "amount_previous_idr", "amount_change_pct"]


def _change_pct(current: pd.Series, previous: pd.Series) -> pd.Series:
    """(current - previous) / previous x 100; <NA> where there is no previous figure."""
    previous = previous.astype("Float64")
    return ((current.astype("Float64") - previous) / previous.where(previous > 0) * 100
            ).astype("Float64")
