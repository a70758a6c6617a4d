"""One DuckDB pass over a row-level extract, and its problems with row numbers.

A `Scan` knows which column of the extract holds each field it reads and how to read it
(text kept as written, a date reduced to its month, a number). `aggregate` runs one
GROUPING SETS query over the rows; values the SQL fast path defers (see rowlevel_sql)
come back as distinct raw values, are read by `numbers.parse_date` / `parse_number`, and
when some of them are readable the pass runs once more with those values looked up in a
small table. Text fields come back distinct, for the caller to map (regions, segments)
a few hundred values at a time, never row by row.

Problems are found from the aggregates (which values are bad, how many rows); `locate`
then reads each file once more, numbering its rows, to list the first rows of each
problem with their row number as Excel shows them, and summarises the rest:
"... and 1.234.567 more rows with this problem". Identifier columns are never part of
any of these queries; values quoted in a problem that look like an identifier (11 digits
or more, an e-mail address) are masked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from paritrana_analysis.formatting import format_number
from paritrana_analysis.rowlevel_rules import parse_date, parse_number
from paritrana_analysis.rowlevel_sql import (
    Source,
    blank_sql,
    date_sql,
    is_numeric,
    is_text,
    month_sql,
    number_sql,
)
from paritrana_analysis.validate import DataError, Problem

FIRST_ROWS = 5  # rows listed for each problem before the summary line
_COMMA_GROUPS_RE = re.compile(r"^\s*-?\d{1,3}(?:,\d{3})+\s*$")
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
    """A problem to locate: rows whose `key` (SQL on the raw columns, see Scan.raw) is in
    `reasons` have the problem `reasons[key]`, shown under the column `header`."""

    header: str
    key: str
    reasons: dict


@dataclass
class Scan:
    src: Source
    con: duckdb.DuckDBPyConnection
    fields: dict  # field -> column index in the extract
    kinds: dict  # field -> "text" | "date" | "number"
    fixes: dict = field(default_factory=dict)  # field -> name of its lookup table
    bad: dict = field(default_factory=dict)  # field -> {raw value: reason}
    rejects: pd.DataFrame | None = None  # CSV rows DuckDB could not split into cells

    def header(self, name: str) -> str:
        return self.src.headers[self.fields[name]]

    def raw(self, name: str) -> str:
        """The cell as text, on the relation as read (for Check keys)."""
        return f"CAST({self.src.col(self.fields[name])} AS VARCHAR)"

    def region_key(self, main: str, hint: str | None) -> str:
        """The region key (rowlevel_rules.region_keys) in SQL, for a Check."""
        key = f"coalesce({self.raw(main)}, '')"
        return key if hint is None else f"{key} || chr(31) || coalesce({self.raw(hint)}, '')"

    def blank(self, name: str) -> str:
        i = self.fields[name]
        return blank_sql(self.src.col(i), self.src.type_of(i))

    @property
    def parsed(self) -> list[str]:
        return [f for f in self.fields if self.kinds[f] != "text"]

    # ------------------------------------------------------------ the rows

    def rows_sql(self, relation: str) -> str:
        """Per row: t_<f> (text as written), m_<f> (a date's month as year * 12 +
        month - 1), v_<f> (a number), b_<f> (empty cell), l_<f> (the raw value when it
        is neither empty nor read: deferred)."""
        cells, rows, joins = [], [], []
        for f, i in self.fields.items():
            col, typ = self.src.col(i), self.src.type_of(i)
            if self.kinds[f] == "text":
                cells.append(f"CAST({col} AS VARCHAR) AS t_{f}")
                rows.append(f"t_{f}")
                continue
            comma = self.src.fmt == "csv" and self.src.sep == ","
            fast = date_sql(col, typ) if self.kinds[f] == "date" else number_sql(
                col, typ, comma_groups=comma)
            cells += [f"CAST({col} AS VARCHAR) AS r_{f}", f"{fast} AS p_{f}",
                      f"{blank_sql(col, typ)} AS b0_{f}"]
            value = month_sql(f"p_{f}") if self.kinds[f] == "date" else f"p_{f}"
            name = "m" if self.kinds[f] == "date" else "v"
            if f in self.fixes:
                joins.append(f"LEFT JOIN {self.fixes[f]} x_{f} ON x_{f}.raw = cells.r_{f}")
                value = f"coalesce({value}, x_{f}.v)"
                blank = f"(b0_{f} OR coalesce(x_{f}.blank, false))"
            else:
                blank = f"b0_{f}"
            rows += [f"{value} AS {name}_{f}", f"{blank} AS b_{f}",
                     f"CASE WHEN {name}_{f} IS NULL AND NOT b_{f} THEN r_{f} END AS l_{f}"]
        return (f"SELECT {', '.join(rows)} FROM (SELECT {', '.join(cells)} FROM {relation}) "
                f"cells {' '.join(joins)}")

    # ------------------------------------------------------------ the pass

    def aggregate(self, query) -> pd.DataFrame:
        """`query(rows_sql)` -> the aggregate (a DataFrame), with deferred values read
        by numbers.parse_* (their problems in self.bad) and folded in."""
        df = self._run(query(self.rows_sql(self.src.relation(rejects=True))))
        self._read_rejects()
        readable = False
        for f in self.parsed:
            raws = df[f"l_{f}"].dropna().unique().tolist() if f"l_{f}" in df else []
            table, self.bad[f] = self._parse_deferred(f, raws)
            if len(table):
                self.fixes[f] = f"fix_{f}"
                self.con.register(f"fix_{f}", table)
                readable = True
        if readable and not self.has_problems():
            df = self._run(query(self.rows_sql(self.src.relation())))
        return df

    def has_problems(self) -> bool:
        return any(self.bad.values()) or self.rejects is not None and len(self.rejects) > 0

    def _run(self, sql: str) -> pd.DataFrame:
        try:
            return self.con.execute(sql).df()
        except (duckdb.IOException, duckdb.InvalidInputException,
                duckdb.ConversionException) as exc:  # the file, not the SQL
            # the first line only: DuckDB's CSV errors go on to quote the row itself
            raise DataError([Problem(file=self.src.label, reason=f"could not be read "
                                     f"({mask(str(exc).splitlines()[0][:200])})")]) from None

    def _read_rejects(self) -> None:
        if self.src.fmt != "csv":
            return
        self.rejects = self.con.execute(
            "SELECT DISTINCT s.file_path AS file, e.line, e.error_type::VARCHAR AS error "
            "FROM rejects e JOIN rejects_scan s USING (scan_id, file_id) "
            "ORDER BY s.file_path, e.line").df()

    def _parse_deferred(self, f: str, raws: list) -> tuple[pd.DataFrame, dict]:
        """Deferred raw values through numbers.parse_date / parse_number:
        (table raw, v, blank of the readable ones, {raw: reason} of the others)."""
        typ = self.src.type_of(self.fields[f])
        comma = self.src.fmt == "csv" and self.src.sep == ","
        good, bad = [], {}
        for raw in raws:
            value = _typed(raw, typ)
            if comma and isinstance(value, str) and _COMMA_GROUPS_RE.match(value):
                value = value.replace(",", "")  # as readers._ungroup reads a ','-CSV
            try:
                if self.kinds[f] == "date":
                    day = parse_date(value)
                    v = None if day is None else day.year * 12 + day.month - 1
                else:
                    v = parse_number(value)
            except ValueError as exc:
                bad[raw] = str(exc)
                continue
            good.append((raw, v, v is None))
        table = pd.DataFrame(good, columns=["raw", "v", "blank"]).astype(
            {"raw": "str", "v": "Int64" if self.kinds[f] == "date" else "Float64",
             "blank": "bool"})
        return table, bad

    # ------------------------------------------------------------ problems

    def raise_problems(self, checks: list[Check]) -> None:
        """Raise one DataError with every problem: the CSV rows that could not be split
        into cells, then each check's first rows (row numbers as Excel shows them) and a
        summary of the rest. Returns when there is nothing to report."""
        checks = [c for c in checks if c.reasons]
        problems = self._reject_problems()
        if checks:
            problems += self._locate(checks)
        if problems:
            raise DataError(problems)

    def _reject_problems(self) -> list[Problem]:
        if self.rejects is None or not len(self.rejects):
            return []
        problems = []
        for error, rows in self.rejects.groupby("error", sort=True):
            reason = _REJECTS.get(error, f"the row cannot be read as CSV ({error.lower()})")
            first = [(self._file_name(r.file), int(r.line), None) for r in rows.itertuples()]
            problems += _listed(first, len(rows), reason, None, self.src.label)
        return problems

    def _file_name(self, path: str) -> str:
        return self.src.name(next(f for f in self.src.files if str(f) == path))

    def _locate(self, checks: list[Check]) -> list[Problem]:
        for i, c in enumerate(checks):
            self.con.register(f"chk_{i}", pd.DataFrame({"key": list(c.reasons)}, dtype="str"))
        keys = [f"CASE WHEN {c.key} IN (SELECT key FROM chk_{i}) THEN {c.key} END AS k{i}"
                for i, c in enumerate(checks)]
        found: dict[tuple[int, str], list] = {}  # (check, key) -> [(file, rows...), n]
        self.con.execute("SET preserve_insertion_order = true")  # row_number in file order
        for file in self.src.files:
            sql = (f"SELECT {', '.join(f'k{i}' for i in range(len(checks)))}, count(*) AS n, "
                   f"min(rn, {FIRST_ROWS}) AS first FROM (SELECT {', '.join(keys)}, rn FROM "
                   f"(SELECT row_number() OVER () AS rn, * FROM "
                   f"{self.src.relation([file])})) WHERE "
                   + " OR ".join(f"k{i} IS NOT NULL" for i in range(len(checks)))
                   + " GROUP BY GROUPING SETS ("
                   + ", ".join(f"(k{i})" for i in range(len(checks))) + ")")
            for row in self._run(sql).itertuples(index=False):
                i = next((i for i in range(len(checks)) if pd.notna(row[i])), None)
                if i is None:
                    continue
                lines = self._lines(file, [int(r) for r in row.first])
                entry = found.setdefault((i, row[i]), [[], 0])
                entry[0] += [(self.src.name(file), line, row[i]) for line in lines]
                entry[1] += int(row.n)
        self.con.execute("SET preserve_insertion_order = false")
        return self._grouped(checks, found)

    def _lines(self, file, rns: list[int]) -> list[int]:
        """Row numbers as Excel shows them: after the header, and past the rows DuckDB
        skipped as malformed (which row_number does not count)."""
        skipped = []
        if self.rejects is not None and len(self.rejects):
            skipped = sorted(self.rejects.loc[self.rejects["file"] == str(file), "line"])
        out = []
        for rn in rns:
            line = self.src.header_row + rn
            for s in skipped:
                if s <= line:
                    line += 1
            out.append(line)
        return out

    def _grouped(self, checks, found) -> list[Problem]:
        """One problem per row listed, per (column, reason), then the summary line."""
        by_reason: dict[tuple, list] = {}
        for (i, key), (rows, n) in sorted(found.items(), key=lambda kv: kv[0][0]):
            entry = by_reason.setdefault((checks[i].header, checks[i].reasons[key]), [[], 0])
            entry[0] += rows
            entry[1] += n
        problems = []
        for (header, reason), (rows, n) in by_reason.items():
            rows = sorted(rows, key=lambda r: (r[0], r[1]))
            problems += _listed(rows, n, reason, header, self.src.label)
        return problems


def _listed(rows, n, reason, header, label) -> list[Problem]:
    """The first FIRST_ROWS (file, row, value) as problems, then "... and N more rows"."""
    problems = [Problem(file=file, row=line, column=header, value=mask(value) or None,
                        reason=reason) for file, line, value in rows[:FIRST_ROWS]]
    if n > FIRST_ROWS:
        problems.append(Problem(file=label, column=header, reason=f"... and "
                                f"{format_number(n - FIRST_ROWS)} more rows with this "
                                f"problem ({reason})"))
    return problems


def _typed(raw: str, typ: str):
    """A deferred value back as parse_date / parse_number would have received it."""
    if is_text(typ):
        return raw
    if typ == "BOOLEAN":
        return raw == "true"
    if is_numeric(typ):
        return float(raw)
    return raw


def value_check(scan: Scan, name: str, reasons: dict) -> Check:
    """A Check on one column's text as written (an empty cell is the key '')."""
    return Check(scan.header(name), f"coalesce({scan.raw(name)}, '')", reasons)


def empty_check(scan: Scan, name: str, reason: str) -> Check:
    return Check(scan.header(name), f"CASE WHEN {scan.blank(name)} THEN '' END", {"": reason})

