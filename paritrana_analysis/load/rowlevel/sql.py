"""How DuckDB reads a row-level extract, and Indonesian numbers and dates in SQL.

A row-level extract is a CSV (as Indonesian Excel writes it: ';', decimal comma, UTF-8
with BOM; or plain ','), a parquet file, or a folder of either. `open_source` finds the
header row the way the workbook loaders do (the row whose cells match the most header
aliases), and `Source.relation` gives the `read_csv(...)`/`read_parquet(...)` DuckDB
reads it with: every CSV cell as text, columns named c0, c1, ... so that a header
written twice or left empty never breaks the SQL, and malformed rows collected (with
their line number only) instead of stopping the scan.

`date_sql` and `number_sql` turn a text cell into a DATE or a DOUBLE in SQL, for the
forms extracts use (01/08/2025, 2025-08-01 00:00:00, 1 Agustus 2025, Agustus 2025,
08/2025, 2.789.917, Rp42.000.000,-, 43,31, 1.5E+06), following the rules of
`numbers.parse_date` / `parse_number` exactly. Any other non-empty value gives NULL and
is *deferred*: the reader passes the distinct deferred values to `numbers.parse_*`
itself, so the SQL may leave a value to Python but never reads one differently (a test
compares the two on tricky values).
"""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # DuckDB is imported when an extract is read, not with the package
    import duckdb

from paritrana_analysis.load.rowlevel.rules import (
    MONTHS_ID,
    PLACEHOLDERS,
    RECAP_COLUMNS,
    DataError,
    Problem,
    header_map,
    no_region_reason,
    norm_header,
    separator,
)

MEMORY_LIMIT = "1GB"  # DuckDB spills to a private temporary folder beyond this
HEADER_SEARCH_ROWS = 30
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
PARQUET_SUFFIXES = (".parquet", ".pq")
REJECTS_LIMIT = 100_000  # malformed rows remembered per file (their line numbers)


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


def connect(tmp: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB whose spill files go to `tmp` (a private folder the caller
    deletes), never to a `.tmp` folder beside the notebook."""
    import duckdb

    con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "temp_directory": tmp})
    # read_csv without sniffing estimates a few dozen rows, and DuckDB would then build
    # its join hash tables on the extract instead of the small lookup tables: the joins
    # keep the order they are written in (extract LEFT JOIN lookup)
    con.execute("SET enable_progress_bar = false; SET TimeZone = 'UTC'; "
                "SET preserve_insertion_order = false; "
                "SET disabled_optimizers = 'build_side_probe_side'")
    return con


def private_tmp() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="paritrana-duckdb-")


# ---------------------------------------------------------------- the files


@dataclass
class Source:
    """The files of one extract and how to read them."""

    files: list[Path]
    label: str  # the file or folder name, for messages and the default source
    fmt: str  # "csv" or "parquet"
    headers: list[str]  # as written, one per column (c0, c1, ...)
    header_row: int = 1  # data row k (1-based) is row header_row + k, as Excel shows it
    sep: str = ";"
    encoding: str = "utf-8"
    types: dict = field(default_factory=dict)  # parquet: column -> DuckDB type
    root: Path = Path()  # the folder the file names in messages are relative to

    def col(self, i: int) -> str:
        return f"c{i}" if self.fmt == "csv" else '"' + self.headers[i].replace('"', '""') + '"'

    def type_of(self, i: int) -> str:
        return "VARCHAR" if self.fmt == "csv" else self.types[self.headers[i]]

    def name(self, file: Path) -> str:
        """A file's name in messages: the file itself, or its path inside the folder."""
        if file.name == self.label:
            return self.label
        return f"{self.label}/{file.relative_to(self.root).as_posix()}"

    def relation(self, files: list[Path] | None = None) -> str:
        """The extract as DuckDB reads it; malformed CSV rows are skipped and their line
        numbers kept in the `rejects` tables (never their text)."""
        names = "[" + ", ".join(quote(str(f)) for f in (files or self.files)) + "]"
        if self.fmt == "parquet":
            return f"read_parquet({names})"
        cols = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(self.headers)))
        return (f"read_csv({names}, delim = {quote(self.sep)}, quote = '\"', escape = '\"', "
                f"header = false, skip = {self.header_row}, columns = {{{cols}}}, "
                f"auto_detect = false, encoding = {quote(self.encoding)}, store_rejects = true, "
                f"rejects_table = 'rejects', rejects_scan = 'rejects_scan', "
                f"rejects_limit = {REJECTS_LIMIT})")


def _fail(label: str, reason: str) -> DataError:
    return DataError([Problem(file=label, reason=reason)])


def _files(path: Path) -> tuple[list[Path], str]:
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(
            (".", "~$", "_")) and p.suffix.lower() in CSV_SUFFIXES + PARQUET_SUFFIXES)
        kinds = {"parquet" if p.suffix.lower() in PARQUET_SUFFIXES else "csv" for p in found}
        if not found:
            raise _fail(path.name, "the folder holds no .csv or .parquet file")
        if len(kinds) > 1:
            raise _fail(path.name, "the folder mixes CSV and parquet files; keep one kind")
        return found, kinds.pop()
    if not path.exists():
        raise _fail(path.name, "file not found")
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        return [path], "parquet"
    if suffix in CSV_SUFFIXES:
        return [path], "csv"
    raise _fail(path.name, "a row-level extract must be a .csv or .parquet file, or a "
                           "folder of them")


def _encoding(start: bytes) -> tuple[str, str]:
    """(DuckDB encoding, decoded text) of a file's first bytes, as the CSV engine reads
    them (load/engines/csv.decode): UTF-8 (with or without BOM), UTF-16 with BOM, else
    cp1252 (read as latin-1, the same for every letter a region name or a header uses)."""
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", start.decode("utf-16", "ignore")
    body = start[3:] if start.startswith(codecs.BOM_UTF8) else start
    try:
        return "utf-8", body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start > len(body) - 4:  # a character cut at the end of the sample
            return "utf-8", body[:exc.start].decode("utf-8")
        return "latin-1", body.decode("latin-1")


def _csv_head(file: Path) -> tuple[str, str, list[list[str]]]:
    with open(file, "rb") as fh:
        start = fh.read(256 * 1024)
    encoding, text = _encoding(start)
    lines = text.splitlines()[:50]
    sep = separator(text)
    rows = list(csv.reader(io.StringIO("\n".join(lines[:HEADER_SEARCH_ROWS + 1])),
                           delimiter=sep))
    return encoding, sep, rows


def open_source(path, mapping: dict[str, str]) -> Source:
    """The files at `path` and their header, found with `mapping` (header normalised by
    norm_header -> canonical name). Raises DataError for a file that is
    not an extract or has no recognisable header row."""
    path = Path(path)
    files, fmt = _files(path)
    label = path.name
    if fmt == "parquet":
        import duckdb

        con = duckdb.connect()
        try:
            described = con.execute(f"DESCRIBE SELECT * FROM read_parquet("
                                    f"{quote(str(files[0]))})").fetchall()
        except duckdb.Error as exc:
            raise _fail(label, f"not a readable parquet file ({_short(exc)})") from None
        finally:
            con.close()
        headers = [row[0] for row in described]
        src = Source(files, label, fmt, headers, types={r[0]: r[1] for r in described})
    else:
        encoding, sep, rows = _csv_head(files[0])
        if not rows:
            raise _fail(label, "the file is empty")
        scores = [sum(norm_header(c) in mapping for c in row) for row in rows[:HEADER_SEARCH_ROWS]]
        best = max(range(len(scores)), key=lambda i: (scores[i], -i))
        headers = [c.strip() for c in rows[best]]
        for other in files[1:]:  # every part of a folder has the same header
            _, _, other_rows = _csv_head(other)
            if len(other_rows) <= best or [c.strip() for c in other_rows[best]] != headers:
                raise _fail(f"{label}/{other.relative_to(path).as_posix()}",
                            f"its header differs from {files[0].relative_to(path).as_posix()}'s"
                            f" ({', '.join(headers)}); every part of a folder needs the same "
                            "columns")
        src = Source(files, label, fmt, headers, header_row=best + 1, sep=sep,
                     encoding=encoding)
    src.root = path if path.is_dir() else path.parent
    return src


def fields_of(src: Source, mapping: dict) -> dict[str, int]:
    """Canonical name -> column index (a name given twice: the first column)."""
    out: dict[str, int] = {}
    for i, header in enumerate(src.headers):
        name = mapping.get(norm_header(header))
        if name and name not in out:
            out[name] = i
    return out


def open_extract(path, kind: str, columns) -> tuple[Source, dict[str, int]]:
    mapping = header_map(kind, columns)
    src = open_source(path, mapping)
    fields = fields_of(src, mapping)
    where = {"file": src.label, "row": src.header_row if src.fmt == "csv" else None}
    recap = sorted(RECAP_COLUMNS & set(fields))
    if recap:
        one, reader = ("participant", "pa.read_coverage") if kind == "participants" else \
            ("claim", "pa.read_claims")
        raise DataError([Problem(**where, column=src.headers[fields[recap[0]]], reason=(
            f"a count column: this is a recap, not one row per {one}; read it with "
            f"{reader}"))])
    if not {"regency", "region", "province"} & set(fields):
        raise DataError([Problem(**where, reason=no_region_reason(src.headers))])
    return src, fields


def require(src: Source, fields: dict, options: list[tuple[str, ...]], what: str) -> None:
    missing = [" or ".join(o) for o in options if not set(o) & set(fields)]
    if missing:
        raise DataError([Problem(file=src.label, row=src.header_row, reason=(
            f"missing column(s) for {what}: {'; '.join(missing)}; headers found: "
            f"{', '.join(src.headers)} (pass columns={{header: canonical}} for a header "
            "the reader does not know)"))])


def grouping(sets: dict[str, list[str]]) -> tuple[str, str]:
    """(SELECT columns with a `grp` label naming each row's grouping set, GROUP BY clause)."""
    cols = list(dict.fromkeys(c for s in sets.values() for c in s))
    masks = {label: sum(1 << (len(cols) - 1 - i) for i, c in enumerate(cols) if c not in s)
             for label, s in sets.items()}
    label = " ".join(f"WHEN {m} THEN '{name}'" for name, m in masks.items())
    select = ", ".join(cols) + f", CASE GROUPING({', '.join(cols)}) {label} END AS grp"
    clause = "GROUP BY GROUPING SETS (" + ", ".join(
        "(" + ", ".join(s) + ")" for s in sets.values()) + ")"
    return select, clause


def _short(exc: Exception) -> str:
    """The first line of a DuckDB error, which never quotes a row of the file."""
    return str(exc).splitlines()[0][:200]


# ---------------------------------------------------------------- values in SQL

_MONTH_NAMES = "[" + ", ".join(quote(k) for k in MONTHS_ID) + "]"
_MONTH_NUMBERS = "[" + ", ".join(str(v) for v in MONTHS_ID.values()) + "]"
_PLACEHOLDERS = "(" + ", ".join(quote(p) for p in sorted(PLACEHOLDERS) if p) + ")"
_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
            "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL")


def is_numeric(typ: str) -> bool:
    return typ.split("(")[0] in _NUMERIC


def is_text(typ: str) -> bool:
    return typ == "VARCHAR"


def blank_sql(x: str, typ: str = "VARCHAR") -> str:
    """The cell is empty: NULL, spaces, or a placeholder ("-", "n/a", ...). Typed (parquet)
    cells: NULL or NaN."""
    if is_text(typ):
        return (f"({x} IS NULL OR trim({x}) = '' OR (length({x}) <= 8 AND "
                f"lower(trim({x})) IN {_PLACEHOLDERS}))")
    if typ.startswith(("FLOAT", "DOUBLE")):
        return f"({x} IS NULL OR isnan({x}))"
    return f"({x} IS NULL)"


def _ymd(y: str, m: str, d: str) -> str:
    """A DATE from year, month, day expressions; NULL when not a real date (year >= 1)."""
    return f"(CASE WHEN ({y}) >= 1 THEN try(make_date(({y})::INTEGER, ({m})::INTEGER, " \
           f"({d})::INTEGER)) END)"


def _month_number(name: str) -> str:
    return f"{_MONTH_NUMBERS}[list_position({_MONTH_NAMES}, lower({name}))]"


def _year(text: str) -> str:
    """A 2-digit year is 20xx (numbers._year)."""
    return f"(CASE WHEN length({text}) = 2 THEN 2000 + ({text})::INTEGER " \
           f"ELSE ({text})::INTEGER END)"


_DMY = r" *\d{1,2}[-/.]\d{1,2}[-/.]\d{4} *"
_YMD = r" *\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ Tt]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)? *"
_MY = r" *\d{1,2}[-/.]\d{4} *"
_YM = r" *\d{4}[-/.]\d{1,2} *"
_D_NAME_Y = r" *(\d{1,2})[ \-/.]*([A-Za-z]+)\.?[ \-/.,]*(\d{4}|\d{2}) *"
_NAME_Y = r" *([A-Za-z]+)\.?[ ,\-/']*(\d{4}|\d{2}) *"


def _text_date_sql(x: str) -> str:
    dmy = f"try_strptime(translate(trim({x}), '-.', '//'), '%d/%m/%Y')::DATE"
    ymd = (f"try_strptime(translate(regexp_extract({x}, '\\d{{4}}[-/.]\\d{{1,2}}[-/.]"
           f"\\d{{1,2}}'), '-.', '//'), '%Y/%m/%d')::DATE")
    my = f"try_strptime('1/' || translate(trim({x}), '-.', '//'), '%d/%m/%Y')::DATE"
    ym = f"try_strptime(translate(trim({x}), '-.', '//') || '/1', '%Y/%m/%d')::DATE"
    dny = f"regexp_extract({x}, {quote('^' + _D_NAME_Y + '$')}, ['d', 'm', 'y'])"
    ny = f"regexp_extract({x}, {quote('^' + _NAME_Y + '$')}, ['m', 'y'])"
    return f"""(CASE
      WHEN regexp_full_match({x}, {quote(_DMY)}) THEN {dmy}
      WHEN regexp_full_match({x}, {quote(_YMD)}) THEN {ymd}
      WHEN regexp_full_match({x}, {quote(_MY)}) THEN {my}
      WHEN regexp_full_match({x}, {quote(_YM)}) THEN {ym}
      WHEN regexp_full_match({x}, {quote(_D_NAME_Y)}) THEN
        {_ymd(_year(dny + '.y'), _month_number(dny + '.m'), dny + '.d')}
      WHEN regexp_full_match({x}, {quote(_NAME_Y)}) THEN
        {_ymd(_year(ny + '.y'), _month_number(ny + '.m'), '1')}
    END)"""


def date_sql(x: str, typ: str = "VARCHAR") -> str:
    """A DATE from a cell, as numbers.parse_date reads it; NULL when empty or deferred.

    Text: the forms in the module docstring (a real day; `month_sql` refuses year 0). Dates and
    timestamps: their day. Numbers (parquet): a whole number 1000-9999 is the end of
    that year, 1 to 2958465 an Excel serial date, like parse_date."""
    if is_text(typ):
        return _text_date_sql(x)
    if typ.startswith(("DATE", "TIMESTAMP")):
        return f"CAST({x} AS DATE)"
    if is_numeric(typ):
        v = f"CAST({x} AS DOUBLE)"
        return f"""(CASE WHEN isfinite({v}) THEN CASE
          WHEN {v} = floor({v}) AND {v} BETWEEN 1000 AND 9999 THEN make_date({v}::INTEGER, 12, 31)
          WHEN {v} BETWEEN 1 AND 2958465 THEN DATE '1899-12-30' + CAST(floor({v}) AS INTEGER)
        END END)"""
    return "CAST(NULL AS DATE)"


def month_sql(date: str) -> str:
    """A month as one integer (year * 12 + month - 1), for month arithmetic; NULL before
    year 1 (strptime reads '0000' as 1 BC, numbers.parse_date refuses it). `date` is a
    column name (it is used three times)."""
    return f"(CASE WHEN year({date}) >= 1 THEN year({date}) * 12 + month({date}) - 1 END)"


_SIGN = r"(?i) *(?:-? *(?:(?:rp\.?|idr) *)?|(?:rp\.?|idr) *(?:- *)?)"
_AMOUNT = _SIGN + r"(\d[\d.,]*)(?:,-|\.-|,=|\.=)? *"
_SCIENTIFIC = r" *-?\d+(?:\.\d+)?[eE][+-]?\d+ *"
_COMMA_GROUPS = r" *-?\d{1,3}(?:,\d{3})+ *"


def amount_core_sql(x: str) -> str:
    """The digits and separators of an amount ("Rp42.000.000,-" -> "42.000.000"); '' when
    the cell is not of that form. A column of its own, so `number_sql` reads it once."""
    return f"regexp_extract({x}, {quote('^' + _AMOUNT + '$')}, 1)"


def number_sql(x: str, typ: str = "VARCHAR", *, comma_groups: bool = False,
               core: str | None = None) -> str:
    """A DOUBLE from a cell, as numbers.parse_number reads it; NULL when empty or deferred.

    Text: an optional minus and Rp/IDR mark, then digits with Indonesian or English
    separators (the rules in numbers.py), then an optional ",-" tail; or a number in
    scientific notation. `comma_groups`: in a ','-separated CSV, 1,234 and 1,234,567 are
    thousands (as readers._ungroup reads them). `core`: a column holding
    amount_core_sql(x) (computed once instead of once per test). Typed (parquet) numbers
    are cast; NaN and infinities give NULL (NaN is empty, infinity is deferred)."""
    if is_numeric(typ):
        v = f"CAST({x} AS DOUBLE)"
        return f"(CASE WHEN isfinite({v}) THEN {v} END)"
    if not is_text(typ):
        return "CAST(NULL AS DOUBLE)"
    c = core or amount_core_sql(x)
    sign = f"(CASE WHEN regexp_full_match({x}, {quote(r'[^0-9]*-.*')}) THEN -1 ELSE 1 END)"
    grouped = (f"WHEN regexp_full_match({x}, {quote(_COMMA_GROUPS)}) THEN "
               f"replace(trim({x}), ',', '')::DOUBLE" if comma_groups else "")
    return f"""(CASE
      {grouped}
      WHEN {c} <> '' THEN {sign} * (CASE
        WHEN regexp_full_match({c}, '\\d+') THEN {c}::DOUBLE
        WHEN regexp_full_match({c}, '[1-9]\\d{{0,2}}(?:\\.\\d{{3}})+(?:,\\d+)?')
          THEN replace(replace({c}, '.', ''), ',', '.')::DOUBLE
        WHEN regexp_full_match({c}, '\\d+,\\d+') THEN replace({c}, ',', '.')::DOUBLE
        WHEN regexp_full_match({c}, '\\d+\\.\\d+') THEN {c}::DOUBLE
        WHEN regexp_full_match({c}, '\\d{{1,3}}(?:,\\d{{3}})+\\.\\d+|\\d{{1,3}}(?:,\\d{{3}}){{2,}}')
          THEN replace({c}, ',', '')::DOUBLE
      END)
      WHEN regexp_full_match({x}, {quote(_SCIENTIFIC)}) THEN trim({x})::DOUBLE
    END)"""
