"""Problems in a row-level extract, with row numbers, summarised per reason.

The reader knows from its aggregates which values are bad and why (an unknown region, a
date that is not one); `locate` reads each file once more, numbering its rows, and
lists the first FIRST_ROWS rows of each reason with their row number as Excel shows it,
then one line for the rest: "... and 1.234.567 more rows with this problem". Rows
DuckDB could not split into cells (a ';' inside an unquoted address) are listed from its
`rejects` table by line number, never by content. Values quoted in a problem that look
like an identifier (11 digits or more, an e-mail address) are masked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from paritrana_analysis.formatting import format_number
from paritrana_analysis.load.rowlevel.rules import Problem

FIRST_ROWS = 5  # rows listed for each problem before the summary line
_REJECTS = {
    "TOO MANY COLUMNS": "the row has more cells than the header (a separator inside an "
                        "unquoted name or address?)",
    "MISSING COLUMNS": "the row has fewer cells than the header",
    "UNQUOTED VALUE": "a quote character inside an unquoted cell",
    "INVALID ENCODING": "text that is not UTF-8: save the file as 'CSV UTF-8'",
    "LINE SIZE OVER MAXIMUM": "a row longer than 2 MB (a quote that is never closed?)",
}


def mask(value):
    """A value as it may be quoted in a message: numbers of 11 digits or more (NIK, KPJ,
    telephone) and e-mail addresses are not shown."""
    if not isinstance(value, str):
        return value
    if "@" in value:
        return "(an e-mail address, not shown)"
    return re.sub(r"\d{11,}", lambda m: f"({len(m.group())} digits, not shown)", value)


@dataclass
class Check:
    """A problem to locate: rows whose `key` (SQL on the columns as read, see Scan.key)
    is in `reasons` have the problem `reasons[key]`, shown under the column `header`."""

    header: str
    key: str
    reasons: dict


def reject_problems(rejects: pd.DataFrame | None, name_of, label: str) -> list[Problem]:
    """The rows DuckDB skipped: (file, line, error) -> problems by line number."""
    if rejects is None or not len(rejects):
        return []
    problems = []
    for error, rows in rejects.groupby("error", sort=True):
        reason = _REJECTS.get(error, f"the row cannot be read as CSV ({error.lower()})")
        first = [(name_of(r.file), int(r.line), None) for r in rows.itertuples()]
        problems += _listed(first, len(rows), reason, None, label)
    return problems


def locate(scan, checks: list[Check]) -> list[Problem]:
    """The first rows of every check's bad values, file by file (row_number in file
    order), with exact counts; grouped per (column, reason)."""
    for i, c in enumerate(checks):
        scan.table(f"chk_{i}", pd.DataFrame({"key": list(c.reasons)}, dtype="str"))
    keys = [f"CASE WHEN {c.key} IN (SELECT key FROM chk_{i}) THEN {c.key} END AS k{i}"
            for i, c in enumerate(checks)]
    names = [f"k{i}" for i in range(len(checks))]
    found: dict[tuple[int, str], list] = {}  # (check, key) -> [[(file, row, value)], n]
    scan.con.execute("SET preserve_insertion_order = true")
    for file in scan.src.files:
        sql = (f"SELECT {', '.join(names)}, count(*) AS n, min(rn, {FIRST_ROWS}) AS first "
               f"FROM (SELECT {', '.join(keys)}, rn FROM (SELECT row_number() OVER () AS rn, "
               f"* FROM {scan.src.relation([file])})) WHERE "
               + " OR ".join(f"{k} IS NOT NULL" for k in names)
               + " GROUP BY GROUPING SETS (" + ", ".join(f"({k})" for k in names) + ")")
        for row in scan.run(sql).itertuples(index=False):
            i = next((i for i in range(len(checks)) if pd.notna(row[i])), None)
            if i is None:
                continue
            lines = _lines(scan, file, [int(r) for r in row.first])
            entry = found.setdefault((i, row[i]), [[], 0])
            entry[0] += [(scan.src.name(file), line, row[i]) for line in lines]
            entry[1] += int(row.n)
    scan.con.execute("SET preserve_insertion_order = false")
    by_reason: dict[tuple, list] = {}
    for (i, key), (rows, n) in sorted(found.items(), key=lambda kv: kv[0][0]):
        entry = by_reason.setdefault((checks[i].header, checks[i].reasons[key]), [[], 0])
        entry[0] += rows
        entry[1] += n
    problems = []
    for (header, reason), (rows, n) in by_reason.items():
        rows = sorted(rows, key=lambda r: (r[0], r[1]))
        problems += _listed(rows, n, reason, header, scan.src.label)
    return problems


def _lines(scan, file, rns: list[int]) -> list[int]:
    """Row numbers as Excel shows them: after the header, and past the rows DuckDB
    skipped as malformed (which row_number does not count)."""
    skipped = []
    if scan.rejects is not None and len(scan.rejects):
        skipped = sorted(scan.rejects.loc[scan.rejects["file"] == str(file), "line"])
    out = []
    for rn in rns:
        line = scan.src.header_row + rn
        for s in skipped:
            if s <= line:
                line += 1
        out.append(line)
    return out


def _listed(rows, n, reason, header, label) -> list[Problem]:
    """The first FIRST_ROWS (file, row, value) as problems, then "... and N more rows"."""
    problems = [Problem(file=file, row=line, column=header, value=mask(value) or None,
                        reason=reason) for file, line, value in rows[:FIRST_ROWS]]
    if n > FIRST_ROWS:
        problems.append(Problem(file=label, column=header, reason=f"... and "
                                f"{format_number(n - FIRST_ROWS)} more rows with this "
                                f"problem ({reason})"))
    return problems
