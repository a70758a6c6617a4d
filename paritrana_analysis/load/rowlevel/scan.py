"""The DuckDB passes over a row-level extract.

A `Scan` knows which column of the extract holds each field and how to read it: text
(regions, segments, programs: mapped through a lookup), a date (reduced to its month),
a number. Reading takes two passes over the rows:

1. `distinct`: one GROUPING SETS query gives the distinct texts of the text columns and
   of the text date columns, with their row counts (a few thousand values however many
   rows). The caller maps the texts (regions, segments) and registers them with
   `lookup`; the dates are read here, each distinct text once: the SQL fast path
   (rowlevel_sql), then numbers.parse_date for what it leaves.
2. `aggregate`: the caller's GROUPING SETS query over `rows_sql`, where every row
   carries its looked-up values (small integers and codes), its months and numbers.
   Numbers are read row by row in SQL; the values the SQL leaves come back distinct,
   are read by numbers.parse_number, and the pass runs once more with them when some
   are readable (an extract whose amounts are written "Rp1,5 juta").

Identifier columns are never part of any of these queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # DuckDB is imported when an extract is read, not with the package
    import duckdb

from paritrana_analysis.load.rowlevel.problems import Check, locate, mask, reject_problems
from paritrana_analysis.load.rowlevel.rules import (
    DataError,
    Problem,
    parse_date,
    parse_number,
    region_lookup,
    ungroup,
)
from paritrana_analysis.load.rowlevel.sql import (
    Source,
    amount_core_sql,
    blank_sql,
    date_sql,
    grouping,
    is_numeric,
    is_text,
    month_sql,
    number_sql,
)


@dataclass
class Scan:
    src: Source
    con: duckdb.DuckDBPyConnection
    fields: dict  # field -> column index in the extract
    kinds: dict  # field -> "text" | "date" | "number"
    lookups: dict = field(default_factory=dict)  # name -> (key fields, value columns)
    fixes: dict = field(default_factory=dict)  # field -> table of deferred numbers read
    bad: dict = field(default_factory=dict)  # field -> {text as written: reason}
    blanks: dict = field(default_factory=dict)  # date field -> its texts that are empty
    rejects: pd.DataFrame | None = None  # CSV rows DuckDB could not split into cells

    def header(self, name: str) -> str:
        return self.src.headers[self.fields[name]]

    def key(self, name: str) -> str:
        """The cell as text, '' when empty: the key of lookups and Checks."""
        return f"coalesce(CAST({self.src.col(self.fields[name])} AS VARCHAR), '')"

    @property
    def mapped(self) -> list[str]:
        """Text date columns, read once per distinct text."""
        return [f for f, k in self.kinds.items() if k == "date"
                and is_text(self.src.type_of(self.fields[f]))]

    @property
    def deferrable(self) -> list[str]:
        """Fields read row by row, whose unread values come back as l_<f>."""
        return [f for f, k in self.kinds.items() if k != "text" and f not in self.mapped]

    def run(self, sql: str) -> pd.DataFrame:
        import duckdb

        try:
            return self.con.execute(sql).df()
        except (duckdb.IOException, duckdb.InvalidInputException,
                duckdb.ConversionException) as exc:  # the file, not the SQL
            # the first line only: DuckDB's CSV errors go on to quote the row itself
            raise DataError([Problem(file=self.src.label, reason=f"could not be read "
                                     f"({mask(str(exc).splitlines()[0][:200])})")]) from None

    def table(self, name: str, df: pd.DataFrame) -> None:
        """A small table in DuckDB (lookups, dates read, checks)."""
        self.con.register("_frame", df)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _frame")
        self.con.unregister("_frame")

    # ------------------------------------------------------------ pass 1

    def distinct(self, groups: dict[str, list[str]]) -> dict[str, pd.DataFrame]:
        """For each group (text fields read together, e.g. a Kab/Kota and its Provinsi
        cell) its distinct texts as k_<field> columns ('' for an empty cell) and n, the
        rows that have them. Text dates are read in the same pass."""
        typed = [f for f, k in self.kinds.items() if k == "date" and f not in self.mapped]
        sets = {**groups, **{f"date {f}": [f] for f in self.mapped + typed}}
        cols = list(dict.fromkeys(f for fs in sets.values() for f in fs))
        select, clause = grouping({name: [f"k_{f}" for f in fs] for name, fs in sets.items()})
        keys = ", ".join(f"{self.blank(f) if f in typed else self.key(f)} AS k_{f}"
                         for f in cols)  # a typed date: only whether it is empty
        df = self.run(f"SELECT {select}, count(*) AS n FROM (SELECT {keys} FROM "
                      f"{self.src.relation()}) {clause}")
        out = {name: df.loc[df["grp"] == name, [f"k_{f}" for f in fs] + ["n"]]
               .reset_index(drop=True) for name, fs in sets.items()}
        for f in self.mapped:
            self._read_dates(f, out[f"date {f}"][f"k_{f}"].tolist())
        for f in typed:
            self.blanks[f] = [""] if out[f"date {f}"][f"k_{f}"].astype(bool).any() else []
        self._read_rejects()
        return out

    def blank(self, name: str) -> str:
        i = self.fields[name]
        return blank_sql(self.src.col(i), self.src.type_of(i))

    def empty_check(self, name: str, reason: str) -> Check:
        """The rows whose date cell `name` is empty (known from pass 1)."""
        if name in self.mapped:
            return Check(self.header(name), self.key(name),
                         {v: reason for v in self.blanks[name]})
        return Check(self.header(name), f"CASE WHEN {self.blank(name)} THEN '' END",
                     {v: reason for v in self.blanks[name]})

    def _read_dates(self, f: str, texts: list[str]) -> None:
        """map_<f> (raw, m, blank): each distinct text's month, the SQL fast path first."""
        self.table("distinct_values", pd.DataFrame({"raw": texts}, dtype="str"))
        read = self.run(f"SELECT raw, {month_sql('d')} AS m, blank FROM (SELECT raw, "
                        f"{date_sql('raw')} AS d, {blank_sql('raw')} AS blank FROM "
                        "distinct_values)")
        done = read["m"].notna() | read["blank"]
        fixed, self.bad[f] = self._read_deferred(f, read.loc[~done, "raw"].tolist())
        table = pd.concat([read[done], fixed.rename(columns={"v": "m"})], ignore_index=True)
        self.blanks[f] = table.loc[table["blank"], "raw"].tolist()
        self.table(f"map_{f}", table.astype({"raw": "str", "m": "Int64", "blank": "bool"}))

    def distinct_with_regions(self, main: str, hint: str | None, region: str | None,
                              others: tuple[str, ...]) -> tuple[dict, list, Check]:
        """Pass 1 with the region lookup registered (rowlevel_rules.region_lookup):
        (the distinct texts of `others`, the regions a region_id indexes, the Check of
        the texts that are no region)."""
        groups = {"region": [main, *([hint] if hint else [])]}
        groups.update({f: [f] for f in others if f in self.fields})
        distinct = self.distinct(groups)
        if not distinct["region"]["n"].sum() and (self.rejects is None or
                                                  not len(self.rejects)):
            raise DataError([Problem(file=self.src.label, row=self.src.header_row,
                                     reason="no data rows below the header")])
        table, regions, bad = region_lookup(distinct["region"], main, hint, region)
        self.lookup("region", groups["region"], table)
        key = self.key(main) + (f" || chr(31) || {self.key(hint)}" if hint else "")
        return distinct, regions, Check(self.header(main), key, bad)

    def map_texts(self, name: str, texts, fn, column: str | None = None) -> Check:
        """The lookup `column` (default `name`) = fn(text) for each distinct text of the
        field `name`; a text for which fn raises ValueError is left out, and is in the
        Check returned, its words the reason."""
        good, bad = {}, {}
        for text in texts:
            try:
                good[text] = fn(text)
            except ValueError as exc:
                bad[text] = str(exc)
        self.lookup(name, [name], pd.DataFrame(
            {f"k_{name}": pd.array(list(good), dtype="str"), column or name: list(good.values())}))
        return Check(self.header(name), self.key(name), bad)

    def lookup(self, name: str, keys: list[str], table: pd.DataFrame) -> None:
        """Register `table` (k_<field> columns for `keys`, then value columns): each row
        of the extract gets the values of its texts (NULL when not in the table)."""
        self.lookups[name] = (keys, [c for c in table.columns if not c.startswith("k_")])
        self.table(f"lut_{name}", table)

    # ------------------------------------------------------------ pass 2

    def rows_sql(self) -> str:
        """Per row: the lookups' value columns, t_<f> (other text as written), m_<f> (a
        date's month as year * 12 + month - 1), v_<f> (a number), b_<f> (empty number
        cell), l_<f> (a number's text when neither empty nor read: deferred)."""
        looked = {f for keys, _ in self.lookups.values() for f in keys}
        cells, rows, joins = [], [], []
        for f, i in self.fields.items():
            col, typ = self.src.col(i), self.src.type_of(i)
            if f in looked or f in self.mapped:
                cells.append(f"{self.key(f)} AS k_{f}")
            elif self.kinds[f] == "text":
                cells.append(f"CAST({col} AS VARCHAR) AS t_{f}")
                rows.append(f"t_{f}")
            if f in self.mapped:
                joins.append(f"LEFT JOIN map_{f} ON map_{f}.raw = cells.k_{f}")
                rows.append(f"map_{f}.m AS m_{f}")
            elif self.kinds[f] != "text":
                cells += self._parsed_cells(f, col, typ)
                rows += self._parsed_rows(f, joins)
        for name, (keys, values) in self.lookups.items():
            on = " AND ".join(f"lut_{name}.k_{f} = cells.k_{f}" for f in keys)
            joins.append(f"LEFT JOIN lut_{name} ON {on}")
            rows += [f"lut_{name}.{v} AS {v}" for v in values]
        return (f"SELECT {', '.join(rows)} FROM (SELECT {', '.join(cells)} FROM "
                f"{self.src.relation()}) cells {' '.join(joins)}")

    def _parsed_cells(self, f: str, col: str, typ: str) -> list[str]:
        cells = [f"CAST({col} AS VARCHAR) AS r_{f}", f"{blank_sql(col, typ)} AS b0_{f}"]
        if self.kinds[f] == "number" and is_text(typ):  # read in _parsed_rows
            return [*cells, f"{amount_core_sql(col)} AS c_{f}"]
        fast = date_sql(col, typ) if self.kinds[f] == "date" else number_sql(col, typ)
        return [*cells, f"{fast} AS p_{f}"]

    def _parsed_rows(self, f: str, joins: list[str]) -> list[str]:
        if self.kinds[f] == "date":
            value = month_sql(f"p_{f}")
        elif is_text(self.src.type_of(self.fields[f])):
            value = number_sql(f"r_{f}", comma_groups=self._comma, core=f"c_{f}")
        else:
            value = f"p_{f}"
        name = "m" if self.kinds[f] == "date" else "v"
        blank = f"b0_{f}"
        if f in self.fixes:
            joins.append(f"LEFT JOIN fix_{f} ON fix_{f}.raw = cells.r_{f}")
            value = f"coalesce({value}, fix_{f}.v)"
            blank = f"(b0_{f} OR coalesce(fix_{f}.blank, false))"
        return [f"{value} AS {name}_{f}", f"{blank} AS b_{f}",
                f"CASE WHEN {name}_{f} IS NULL AND NOT b_{f} THEN r_{f} END AS l_{f}"]

    @property
    def _comma(self) -> bool:
        return self.src.fmt == "csv" and self.src.sep == ","

    def aggregate(self, query) -> pd.DataFrame:
        """`query(rows_sql)` -> the aggregate. Values left by the row-by-row SQL (the
        query groups by each l_<f> of `deferrable`) are read by numbers.parse_*, and the
        pass repeated with them when some are readable; the others go to self.bad."""
        df = self.run(query(self.rows_sql()))
        self._read_rejects()
        readable = False
        for f in self.deferrable:
            raws = df[f"l_{f}"].dropna().unique().tolist() if f"l_{f}" in df else []
            table, self.bad[f] = self._read_deferred(f, raws)
            if len(table):
                self.fixes[f] = True
                self.table(f"fix_{f}", table)
                readable = True
        if readable and not self.has_problems():
            df = self.run(query(self.rows_sql()))
        return df

    def has_problems(self) -> bool:
        return any(self.bad.values()) or self.rejects is not None and len(self.rejects) > 0

    def _read_rejects(self) -> None:
        if self.src.fmt == "csv":
            self.rejects = self.run(
                "SELECT DISTINCT s.file_path AS file, e.line, e.error_type::VARCHAR AS error "
                "FROM rejects e JOIN rejects_scan s USING (scan_id, file_id) "
                "ORDER BY s.file_path, e.line")

    def _read_deferred(self, f: str, raws: list) -> tuple[pd.DataFrame, dict]:
        """Texts through numbers.parse_date / parse_number: (table raw, v, blank of the
        readable ones, {raw: reason} of the others)."""
        typ = self.src.type_of(self.fields[f])
        good, bad = [], {}
        for raw in raws:
            value = _typed(raw, typ)
            value = ungroup(value, self.src)  # '1,500' in a ','-CSV, as the loaders read it
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
        into cells, each check's first rows and a summary of the rest, and the values no
        rule reads (self.bad). Returns when there is nothing to report."""
        checks = [*checks, *(Check(self.header(f), self.key(f), bad)
                             for f, bad in self.bad.items())]
        checks = [c for c in checks if c.reasons]
        problems = reject_problems(self.rejects, self._file_name, self.src.label)
        if checks:
            problems += locate(self, checks)
        if problems:
            raise DataError(problems)

    def _file_name(self, path: str) -> str:
        return self.src.name(next(f for f in self.src.files if str(f) == path))


def _typed(raw: str, typ: str):
    """A text back as parse_date / parse_number would have received the cell."""
    if is_text(typ):
        return raw
    if typ == "BOOLEAN":
        return raw == "true"
    if is_numeric(typ):
        return float(raw)
    return raw
