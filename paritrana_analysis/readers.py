"""Workbooks to canonical tidy tables: read_coverage, read_workforce, read_claims, ...

Each loader: open the sheet (see excel.py), find the header row by matching header
aliases (column_aliases.csv, headers.py), map headers to canonical names, recognise title
rows, blank rows, notes ("Sumber: ...") and total rows (table_body.py), parse Indonesian
numbers and dates (numbers.py), turn region names into codes (regions.py), validate, and
either return every data row or raise one DataError listing every problem with its cell.
Results are cached as parquet (cache.py) keyed by the file's checksum and the options.

dtypes: counts (covered, potential, employed, formal, informal, cases, year, rank) are
Int64, amounts and percentages Float64, dates datetime64[ns]; repeated text (region,
segment, program, period, source, ...) is categorical, mostly distinct text is an Arrow
string. Two exceptions keep a million-row claim-level extract (one claim per row, no count
column) within a third of the memory of pandas.read_excel's frame:
- `cases` there is 1 on every row, as int8 (1 byte a row; sums and groupby sums give int64);
- `claim_date` is an ordered categorical of days (2 bytes a row instead of 8): `.dt`,
  sorting, min/max and groupby work; compare dates after
  `.astype("datetime64[ns]")`, or use `period`, which already holds the month.
Other integer columns a sheet brings (a running "No") take the smallest integer dtype that
holds them. `load_dataset` concatenates loader output as it is (no casts of its own).
A claims row needs a number of cases or an amount; the other may be empty. Duplicates are
the same region, date (year) and segment (basis) from the same source: contradictory
figures from different sources stay as separate rows.

Regions: a "Wilayah"/"Provinsi" cell follows regions.lookup_region ("Jambi" is the
province). In a Kabupaten/Kota column a bare name that is also a province's ("Jambi",
"Bengkulu") is the kota only when the row's Provinsi cell names the same province;
otherwise it is a problem asking for "Kota Jambi" or "Provinsi Jambi" (written out, a
province is accepted: a province total row). An ambiguous name lists its candidates; a
kabupaten/kota outside the row's Provinsi says which province it belongs to.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from paritrana_analysis import cache as _cache
from paritrana_analysis.excel import Grid, open_grid, other_sheets
from paritrana_analysis.formatting import format_number
from paritrana_analysis.headers import (
    REGION_COLUMNS,
    Layout,
    canonical_program,
    canonical_segment,
    detect,
    find_layout,
    no_region_reason,
    norm_header,
    snake,
)
from paritrana_analysis.numbers import (
    MONTHS_ID,
    parse_date,
    parse_number,
    parse_numbers,
    parse_percents,
    parse_period,
)
from paritrana_analysis.regions import (
    lookup_region,
    normalise_region_text,
    regency_candidates,
    region_candidates,
    region_name,
    suggest_region,
)
from paritrana_analysis.table_body import Body, is_text_series, read_body, region_col
from paritrana_analysis.validate import DataError, Problem

MAX_PER_REASON = 200  # problems listed per column and reason; the rest are summarised
COUNT_COLUMNS = ("covered", "potential", "employed", "formal", "informal", "cases")
PERCENT_COLUMNS = ("coverage_pct", "target_pct")
DATE_COLUMNS = ("as_of", "published", "claim_date")
EMPTY_REASON = ("empty cell where a number is required (a formula that was never "
                "calculated, or an error such as #DIV/0!, also reads as empty: open the "
                "file in Excel, fix the cell and save it)")
_COLUMN_ORDER = {
    "coverage": ["region_code", "region", "level", "segment", "as_of", "covered", "potential",
                 "coverage_pct", "source"],
    "workforce": ["region_code", "region", "level", "as_of", "employed", "formal", "informal",
                  "source"],
    "claims": ["region_code", "region", "level", "period", "program", "cases", "amount_idr",
               "source"],
    "targets": ["region_code", "region", "level", "year", "target_pct", "basis", "source"],
    "awards": ["year", "scope", "province", "category", "rank", "winner", "source"],
}


def detect_kind(path, sheet=None) -> str:
    """Which table a workbook holds, from its headers: coverage, workforce, claims,
    targets or awards. Raises DataError when no kind fits."""
    try:
        grid = open_grid(Path(path), sheet)
        try:
            return detect(grid)
        except DataError as err:
            kind = getattr(err, "kind_guess", None)
            if kind is None:
                raise
            try:  # no region column: the loader of the likely kind lists every problem
                _build(kind, grid)
            except DataError as full:
                raise full from None
            raise
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise DataError([Problem(file=Path(path).name, reason=f"could not be read "
                                 f"({type(exc).__name__}: {str(exc)[:200]})")]) from exc


# ---------------------------------------------------------------- problems


class _Problems:
    def __init__(self, grid: Grid):
        self.grid = grid
        self.items: list[Problem] = []

    def add(self, reason: str, row=None, column=None, value=None):
        self.items.append(Problem(file=self.grid.file, sheet=self.grid.sheet or None,
                                  row=None if row is None else int(row), column=column,
                                  value=_plain(value), reason=reason))

    def cells(self, mask, rows, header, values, reason):
        """One problem per True in mask (at most MAX_PER_REASON, then a summary)."""
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not len(idx):
            return
        vals = values.iloc[idx[:MAX_PER_REASON]] if isinstance(values, pd.Series) else None
        heads = header if isinstance(header, np.ndarray) else None
        for k, i in enumerate(idx[:MAX_PER_REASON]):
            r = reason(i) if callable(reason) else reason
            h = heads[i] if heads is not None else header
            self.add(r, rows[i], h, None if vals is None else vals.iloc[k])
        if len(idx) > MAX_PER_REASON:
            h = heads[idx[0]] if heads is not None else header
            self.add(f"... and {len(idx) - MAX_PER_REASON:,} more rows with this problem "
                     f"({reason if isinstance(reason, str) else 'see above'})", None, h)

    def raise_if_any(self):
        if self.items:
            raise DataError(self.items)


def _plain(v):
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return v


# ---------------------------------------------------------------- value parsing


def _native(grid: Grid, layout: Layout, body: Body, names: list[str]) -> None:
    """Re-read mixed number/text columns cell by cell so numbers stay numbers."""
    if grid.fmt == "csv" or not names:
        return
    cols = {}
    for name in names:
        if isinstance(body.headers.get(name), np.ndarray):
            continue  # wide tables are small; their columns are already objects
        c = next((c.col for c in layout.cols
                  if (c.canonical or snake(c.header)) == name and c.as_of is None), None)
        if c is not None:
            cols[name] = c
    if not cols:
        return
    first = layout.header_row
    last = int(body.rows.max()) if len(body.rows) else first
    n = last - first
    native = grid.native(first, list(cols.values()), n)
    for name, c in cols.items():
        values = native[c]
        body.data[name] = pd.Series([values[r - first - 1] for r in body.rows], dtype=object)


_COMMA_GROUPS = r"^\s*-?\d{1,3}(?:,\d{3})+\s*$"  # 500,000 / 1,500 (thousands, in a ','-CSV)


def _numbers(s: pd.Series, grid: Grid | None = None) -> tuple[pd.Series, pd.Series]:
    if isinstance(s.dtype, pd.CategoricalDtype):
        s = s.astype(object)
    if grid is not None and grid.fmt == "csv" and grid.sep == ",":
        # a ','-separated CSV is written in an English locale: "1,500" groups thousands
        text = s.astype("str")
        grouped = text.str.match(_COMMA_GROUPS).fillna(False).to_numpy(bool)
        if grouped.any():
            s = s.astype(object).copy()
            s[grouped] = text[grouped].str.replace(",", "", regex=False).to_numpy(object)
    return parse_numbers(s)


def _ungroup(v, grid: Grid):
    """One cell: '1,500' in a ','-separated CSV is 1500 (see _numbers)."""
    if grid.fmt == "csv" and grid.sep == "," and isinstance(v, str) and re.match(
            _COMMA_GROUPS, v):
        return v.replace(",", "")
    return v


def _fractional(nums: pd.Series) -> np.ndarray:
    """True where a parsed count has a fractional part (beyond float noise)."""
    v = nums.to_numpy("float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        return np.abs(v - np.round(v)) > 1e-6


def _percent_fraction(grid: Grid, layout: Layout, name: str, body: Body, nums) -> bool:
    """True when the cells of a percent column have a percent number format (xlsx):
    Excel stores 0.3133 for what it shows as 31,33%."""
    raw = body.data[name]
    if is_text_series(raw) and raw.dtype != object:
        return False  # text is read as written
    col = next((c.col for c in layout.cols if c.canonical == name), None)
    if grid.formats_known:
        return any((r, col) in grid.percent_cells
                   for r in range(layout.header_row + 1, layout.header_row + 40))
    return False  # xls/ods/csv: no formats exposed (see _looks_like_fractions)


def _looks_like_fractions(raw: pd.Series, nums: pd.Series) -> bool:
    """Every value of a percent column (numbers, or text without '%') is at most 1 and
    one is not 0: 0.3133 typed for 31,33%. Read as written it would be 0,31%."""
    values = raw.astype(object)
    plain = values.map(lambda v: not (isinstance(v, str) and "%" in v)).to_numpy(bool)
    picked = nums[plain & nums.notna().to_numpy(bool)]
    return len(picked) > 0 and bool((picked.abs() <= 1).all()) and bool((picked != 0).any())


def _dates(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(datetime64[ns] day, reasons) for a date column."""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return s.dt.normalize().astype("datetime64[ns]"), pd.Series(pd.NA, index=s.index,
                                                                   dtype="string")
    values = s.astype(object)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed, why = [], []
    for u in uniques:
        try:
            found = parse_date(u)
        except (ValueError, TypeError, OverflowError) as exc:
            parsed.append(None)
            why.append(str(exc))
            continue
        if found is not None and not 1900 <= found.year <= 2100:
            parsed.append(None)
            why.append(f"implausible year {found.year}")
        else:
            parsed.append(found)
            why.append(None)
    out = pd.Series(pd.array(parsed + [None], dtype="datetime64[ns]")[codes],
                    index=s.index) if len(uniques) else pd.Series(
        pd.NaT, index=s.index, dtype="datetime64[ns]")
    reasons = pd.Series(pd.array(why + [None], dtype="string")[codes], index=s.index) \
        if len(uniques) else pd.Series(pd.NA, index=s.index, dtype="string")
    return out, reasons


def _reason_mask(reasons: pd.Series) -> np.ndarray:
    return reasons.notna().to_numpy(dtype=bool)


def _map_unique(s: pd.Series, fn) -> pd.Series:
    """Apply fn once per distinct value (categorical result; fn -> None gives NaN)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy()
        mapped = [fn(v) for v in s.cat.categories]
    else:
        codes, uniques = pd.factorize(s.astype(object), use_na_sentinel=True)
        mapped = [fn(u) for u in uniques]
    mapped.append(fn(None) if (codes < 0).any() else None)
    uniq = list(dict.fromkeys(v for v in mapped if v is not None))
    pos = {v: i for i, v in enumerate(uniq)}
    lut = np.array([pos[v] if v is not None else -1 for v in mapped], dtype=np.int32)
    return pd.Series(pd.Categorical.from_codes(lut[codes], categories=uniq))


def _constant(value: str, n: int) -> pd.Series:
    """The same text on every row, as a one-category categorical (no Python list)."""
    return pd.Series(pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), [value]))


def _as_str(v) -> str | None:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    s = str(v).strip()
    return s or None


# ---------------------------------------------------------------- regions


def _regions(body: Body, layout: Layout, problems: _Problems) -> dict[str, pd.Series]:
    reg = region_col(layout)
    name = reg.canonical
    s = body.data[name]
    n = len(s)
    hint_s = body.data.get("province") if name != "province" else None
    if isinstance(s.dtype, pd.CategoricalDtype) and hint_s is None:
        cats = list(s.cat.categories)
        codes = s.cat.codes.to_numpy()
        keys = [(_as_str(v), None) for v in cats]
    else:  # distinct (text, province hint) pairs, factorized without a Python loop
        tc, tu = pd.factorize(s.astype(object), use_na_sentinel=True)
        if hint_s is not None:
            hc, hu = pd.factorize(hint_s.astype(object), use_na_sentinel=True)
        else:
            hc, hu = np.full(n, -1), []
        pair = (tc.astype(np.int64) + 1) * (len(hu) + 1) + (hc.astype(np.int64) + 1)
        codes, uniq = pd.factorize(pair)
        keys = []
        for p in uniq:
            t, h = divmod(int(p), len(hu) + 1)
            keys.append((_as_str(tu[t - 1]) if t else None, _as_str(hu[h - 1]) if h else None))
    results = []
    reasons: dict[int, str] = {}  # key position -> why it is not a region
    hint_cache: dict = {}
    for text, hint in keys:
        if text is None:
            results.append(None)
            continue
        hint_code = None
        if hint is not None:
            if hint not in hint_cache:
                hr = lookup_region(hint)
                hint_cache[hint] = hr.province_code if hr is not None and \
                    hr.level != "national" else None
            hint_code = hint_cache[hint]
        found = lookup_region(text, province=hint_code)
        if found is None or name == "regency" and found.level == "province":
            found, why = _region_or_reason(text, hint, hint_code, found, name)
            if why is not None:
                reasons[len(results)] = why
        results.append(found)
    ok = np.array([r is not None for r in results] + [False], dtype=bool)
    bad = ~ok[codes] if len(codes) else np.zeros(0, dtype=bool)
    raw_vals = s.astype(object) if bad.any() else None
    if bad.any():
        texts = [k[0] for k in keys]

        def why(i):
            t = texts[codes[i]] if codes[i] >= 0 else None
            if t is None:
                return "empty region cell in a data row"
            if codes[i] in reasons:
                return reasons[codes[i]]
            hint = suggest_region(t)
            return f"unknown region '{t}'" + (f": did you mean '{hint}'?" if hint else "")

        problems.cells(bad, body.rows, body.headers[name], raw_vals, why)
    cat_code = [r.code if r else None for r in results]
    cat_name = [r.name if r else None for r in results]
    cat_level = [r.level if r else None for r in results]
    safe = np.where(codes >= 0, codes, len(results))

    def build(values):
        values = [*values, None]
        uniq = list(dict.fromkeys(v for v in values if v is not None))
        pos = {v: i for i, v in enumerate(uniq)}
        lut = np.array([pos.get(v, -1) if v is not None else -1 for v in values], dtype=np.int32)
        return pd.Series(pd.Categorical.from_codes(lut[safe], categories=uniq))

    return {"region_code": build(cat_code), "region": build(cat_name),
            "level": build(cat_level)}


def _quoted(regions) -> str:
    names = [f"'{r.name}'" + (f" ({region_name(r.province_code)})" if r.level == "regency"
                              else "") for r in regions]
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]


def _region_or_reason(text: str, hint: str | None, hint_code: str | None, found, column: str):
    """(region, None) or (None, why) for a name lookup_region could not settle alone.

    From a Kabupaten/Kota column, a bare name that is also a province's ("Jambi",
    "Bengkulu") is the kabupaten/kota when the row's Provinsi cell names that same
    province, and otherwise ambiguous (never silently the province row). An ambiguous
    name lists its candidates; a kabupaten/kota of another province than the row's
    Provinsi cell says which province it belongs to."""
    if found is not None:  # a province's name in a kabupaten/kota column
        if normalise_region_text(text)[0] is not None:
            return found, None  # "Provinsi Jambi" written out: the province row
        regs = regency_candidates(text)
        if not regs:
            return found, None  # "Sumatera Selatan": only a province has that name
        if hint_code == found.province_code:
            inside = [r for r in regs if r.province_code == hint_code]
            kabs = [r for r in inside if r.name.startswith("Kab. ")]
            same = inside[0] if len(inside) == 1 else kabs[0] if len(kabs) == 1 else None
            if same is not None:
                return same, None
        names = [f"'{r.name}'" for r in regs] + [f"'Provinsi {found.name}'"]
        return None, (f"ambiguous in a kabupaten/kota column: '{text}' is both a province "
                      f"and a kabupaten/kota; write {', '.join(names[:-1])} or {names[-1]}")
    candidates = region_candidates(text)
    if hint_code is not None:
        inside = [r for r in candidates if r.province_code == hint_code]
        if not inside and candidates:
            one = candidates[0]
            what = (f"it is '{one.name}' in {region_name(one.province_code)}"
                    if len(candidates) == 1 else f"it could be {_quoted(candidates)}")
            return None, f"'{text}' is not in {hint} (the row's province): {what}"
        candidates = inside
    if len(candidates) > 1:
        return None, (f"ambiguous region '{text}': it could be {_quoted(candidates)}; "
                      "write the full name (Kab./Kota) or add a Provinsi column")
    return None, None


# ---------------------------------------------------------------- the loaders


def _load(kind: str, path, *, sheet=None, columns=None, as_of=None, cache=True):
    path = Path(path)
    options = {"sheet": sheet, "columns": columns, "as_of": as_of}
    key = None
    if cache:
        try:
            key = _cache.cache_key(path, kind, options)
        except OSError:
            key = None
        if key is not None:
            hit = _cache.load(key)
            if hit is not None:
                return hit
    try:
        grid = open_grid(path, sheet)
        df = _build(kind, grid, columns=columns, as_of=as_of)
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - bad input never escapes as another type
        raise DataError([Problem(
            file=path.name, sheet=None if sheet is None else str(sheet),
            reason=f"could not be read ({type(exc).__name__}: {str(exc)[:200]}); if the "
                   "file opens in Excel, please report this")]) from exc
    if key is not None:
        try:
            _cache.save(key, df)
        except OSError:
            pass  # a read-only project folder still loads, just without the cache
    return df


def _build(kind: str, grid: Grid, *, columns=None, as_of=None) -> pd.DataFrame:
    problems = _Problems(grid)
    layout = find_layout(grid, kind, columns)
    names = {c.canonical for c in layout.cols if c.canonical}
    required = {
        "coverage": [("region", REGION_COLUMNS), ("covered or coverage_pct",
                                                 ("covered", "coverage_pct"))],
        "workforce": [("region", REGION_COLUMNS), ("employed", ("employed",))],
        "claims": [("region", REGION_COLUMNS), ("cases or amount_idr", ("cases", "amount_idr"))],
        "targets": [("region", REGION_COLUMNS), ("year", ("year",)),
                    ("target_pct", ("target_pct",))],
        "awards": [("year", ("year",)), ("category", ("category",)), ("winner", ("winner",))],
    }[kind]
    missing = [label for label, options in required if not names & set(options)]
    if missing:
        found = [c.header for c in layout.cols]
        where = {"file": grid.file, "sheet": grid.sheet or None, "row": layout.header_row}
        items = []
        if "region" in missing:
            items.append(Problem(**where, reason=no_region_reason(found) + other_sheets(grid)))
        rest = [m for m in missing if m != "region"]
        if rest:
            items.append(Problem(
                **where,
                reason=f"missing required column(s) for a {kind} table: {', '.join(rest)}; "
                       f"headers found: {', '.join(found)} (pass columns={{header: canonical}} "
                       "for a header the loader does not know)" + other_sheets(grid)))
        try:  # values under an empty header cell: likely the missing column
            _headless(kind, layout, read_body(grid, layout), problems)
        except Exception:  # noqa: BLE001 - the missing column is the problem to report
            pass
        raise DataError(items + problems.items)
    body = read_body(grid, layout)
    _headless(kind, layout, body, problems)
    n = len(body.rows)
    if n == 0:
        raise DataError([Problem(file=grid.file, sheet=grid.sheet or None,
                                 row=layout.header_row,
                                 reason="no data rows below the header")])
    numeric = [c for c in (*COUNT_COLUMNS, "amount_idr", *PERCENT_COLUMNS, "year", "rank")
               if c in body.data]
    mixed = [c for c in numeric if is_text_series(body.data[c]) and c not in ("rank",)]
    _native(grid, layout, body, mixed)
    _identifiers(grid, layout, body)
    out: dict[str, pd.Series] = {}
    if kind != "awards":
        out.update(_regions(body, layout, problems))
    parsed = _parse_values(grid, layout, body, kind, problems, out)
    out.update(parsed)
    _check_totals(body, out, problems)
    title_date = _title_date(layout.title)
    # dates / periods
    if kind in ("coverage", "workforce"):
        if "as_of" not in out:
            when = as_of if as_of is not None else title_date
            if when is None:
                problems.add("no date: the sheet has no date column (e.g. 'Tanggal Data') "
                             "and no date in its title; pass as_of=", layout.header_row)
                problems.raise_if_any()
            out["as_of"] = pd.Series(pd.Timestamp(when).normalize(), index=range(n)).astype(
                "datetime64[ns]")
    if kind == "claims":
        _claims_period(body, out, problems, title_date, layout)
    fallback = _source(body, grid)  # the "Sumber: ..." note, else the file name
    if "source" in body.data:  # a source per row; empty cells take the fallback
        out["source"] = _map_unique(body.data["source"], lambda v: _as_str(v) or fallback)
    else:
        out["source"] = _constant(fallback, n)
    _checks(kind, body, out, problems)
    problems.raise_if_any()
    df = _assemble(kind, body, out)
    df.attrs.update({
        "kind": kind, "file": grid.file, "sheet": grid.sheet, "header_row": layout.header_row,
        "title": layout.title, "notes": body.notes,
        "totals": [t for t in body.totals],
        "claim_level": bool(kind == "claims" and _claim_level(body)),
        "cells_filled_from_merged": body.filled,
        "columns": {name: (h if isinstance(h, str) else "(one column per period)")
                    for name, h in body.headers.items()},
    })
    return df


# header text to suggest for a column holding values under an empty header cell
_TYPICAL_HEADERS = {
    "coverage": [("covered", "Peserta Aktif"), ("potential", "Tenaga Kerja Potensial"),
                 ("coverage_pct", "% Coverage"), ("as_of", "Tanggal Data"),
                 ("segment", "Segmen")],
    "workforce": [("employed", "Penduduk Bekerja"), ("as_of", "Periode")],
    "claims": [("cases", "Jumlah Kasus"), ("amount_idr", "Nominal (Rp)"),
               ("program", "Program"), ("period", "Periode")],
    "targets": [("year", "Tahun"), ("target_pct", "Target (%)"), ("basis", "Dasar")],
    "awards": [("year", "Tahun"), ("category", "Kategori"), ("winner", "Pemenang"),
               ("rank", "Peringkat")],
}
_PERCENT_NAMES = {"coverage_pct", "target_pct"}
_TEXT_NAMES = {"segment", "program", "basis", "category", "winner", "period", "as_of"}


def _headless(kind: str, layout: Layout, body: Body, problems: _Problems) -> None:
    """A problem for each column with values in data rows but an empty header cell (and
    no merged header above it): its values would otherwise be kept under a made-up name
    or read as nothing. The reason suggests a header the table is missing."""
    if not body.unnamed:
        return
    have = {c.canonical for c in layout.cols if c.canonical}
    wanted = [(name, text) for name, text in _TYPICAL_HEADERS.get(kind, [])
              if name not in have]
    region_missing = kind != "awards" and not have & set(REGION_COLUMNS)
    for _col, letter, count, _row, value in body.unnamed:
        hint = None
        if isinstance(value, str) and region_missing:
            found = lookup_region(value)
            hint = ("Kabupaten/Kota" if found is not None and found.level == "regency"
                    else "Provinsi" if found is not None and found.level == "province"
                    else "Wilayah")
            region_missing = False
        else:
            text = isinstance(value, str) and not re.search(r"\d", value)
            pct = isinstance(value, str) and "%" in value
            pick = [w for w in wanted if (w[0] in _PERCENT_NAMES) == pct
                    and (w[0] in _TEXT_NAMES) == text] or \
                [w for w in wanted if (w[0] in _TEXT_NAMES) == text]
            if pick:
                hint = pick[0][1]
                wanted.remove(pick[0])
        example = f" (e.g. '{hint}')" if hint else ""
        what = f"{count:,} value{'s' if count != 1 else ''}".replace(",", ".")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        problems.add(f"column {letter} has {what} but no header: type a header{example} "
                     "or delete the values", layout.header_row, letter, value)


def _parse_values(grid, layout, body, kind, problems, out) -> dict[str, pd.Series]:
    res: dict[str, pd.Series] = {}
    data, rows, heads = body.data, body.rows, body.headers
    for name in COUNT_COLUMNS + ("amount_idr",):
        if name not in data:
            continue
        nums, why = _numbers(data[name], grid)
        problems.cells(_reason_mask(why), rows, heads[name], data[name],
                       lambda i, w=why: f"{w.iloc[i]}")
        if name in COUNT_COLUMNS:  # never rounded silently: 1,500 read as 1.5 is wrong
            problems.cells(_fractional(nums), rows, heads[name], data[name],
                           "a count with decimals: if the comma groups thousands, write "
                           "1.500 or 1500")
        neg = (nums < 0).fillna(False).to_numpy(bool)
        problems.cells(neg, rows, heads[name], data[name], "negative number")
        res[name] = nums
        body.data[f"__why_{name}"] = why
    for name in PERCENT_COLUMNS:
        if name not in data:
            continue
        nums, _ = _numbers(data[name])
        fraction = _percent_fraction(grid, layout, name, body, nums)
        pct, why = parse_percents(data[name].astype(object) if isinstance(
            data[name].dtype, pd.CategoricalDtype) else data[name], fraction=fraction)
        if not fraction and _looks_like_fractions(data[name], nums):
            first = int(np.flatnonzero(nums.notna().to_numpy(bool))[0])
            problems.add("looks like fractions (every value is at most 1, e.g. 0.3133 for "
                         "31,33%): format the column as % in Excel or multiply by 100",
                         rows[first], heads[name], data[name].iloc[first])
        problems.cells(_reason_mask(why), rows, heads[name], data[name],
                       lambda i, w=why: f"{w.iloc[i]}")
        out_of = ((pct < 0) | (pct > 100)).fillna(False).to_numpy(bool)
        label = "coverage" if name == "coverage_pct" else "target"
        problems.cells(out_of, rows, heads[name], data[name],
                       f"{label} outside 0-100%")
        res[name] = pct
        body.data[f"__why_{name}"] = why
    for name in DATE_COLUMNS:
        if name not in data:
            continue
        when, why = _dates(data[name])
        problems.cells(_reason_mask(why), rows, heads[name], data[name],
                       lambda i, w=why: f"unparseable date: {w.iloc[i]}")
        if name == "as_of":
            empty = when.isna().to_numpy(bool) & ~_reason_mask(why)
            problems.cells(empty, rows, heads[name], data[name], "empty date cell")
        res[name] = when
    if "year" in data:
        nums, why = _numbers(data["year"])
        bad = _reason_mask(why) | nums.isna().to_numpy(bool) | \
            ~nums.between(1900, 2100).fillna(False).to_numpy(bool)
        problems.cells(bad, rows, heads["year"], data["year"], "not a year (e.g. 2025)")
        res["year"] = nums.round().astype("Int64")
    if "segment" in data:
        res["segment"] = _map_unique(data["segment"], canonical_segment)
    elif kind == "coverage":
        res["segment"] = _constant("all", len(rows))
    if "program" in data:
        res["program"] = _map_unique(data["program"], canonical_program)
    elif kind == "claims":
        res["program"] = _constant("all", len(rows))
    if kind == "targets":
        res["basis"] = _map_unique(data["basis"], lambda v: _as_str(v) or "") \
            if "basis" in data else _constant("", len(rows))
    if kind == "awards":
        _awards(body, res, problems)
    return res


def _awards(body: Body, res: dict, problems: _Problems) -> None:
    data = body.data
    n = len(body.rows)

    def scope(v):
        k = norm_header(v) if v is not None and v == v else ""
        return {"nasional": "national", "national": "national", "provinsi": "province",
                "province": "province", "": ""}.get(k, k.replace(" ", "_"))

    def province(v):
        t = _as_str(v)
        if t is None:
            return ""
        r = lookup_region(t)
        return r.province_code if r is not None else None

    prov = _map_unique(data["province"], province) if "province" in data else \
        _constant("", n)
    bad = prov.isna().to_numpy(bool)
    if bad.any():
        vals = data["province"].astype(object)
        problems.cells(bad, body.rows, body.headers["province"], vals,
                       lambda i: f"unknown province '{vals.iloc[i]}'" + (
                           f": did you mean '{suggest_region(str(vals.iloc[i]))}'?"
                           if suggest_region(str(vals.iloc[i])) else ""))
    res["province"] = prov
    # no scope column, or an empty scope cell: a row naming a province is a provincial
    # award, a row without one a national award
    implied = np.where(prov.astype(object).fillna("").to_numpy() == "", "national", "province")
    if "scope" in data:
        sc = _map_unique(data["scope"], scope).astype(object).fillna("")
        sc = pd.Series(np.where(sc.to_numpy() == "", implied, sc.to_numpy()), dtype=object)
    else:
        sc = pd.Series(implied, dtype=object)
    res["scope"] = pd.Series(pd.Categorical(sc.astype("str")))
    if "rank" in data:
        res["rank"] = data["rank"].astype(object).map(_rank).astype("Int64")
    else:
        res["rank"] = pd.Series(pd.NA, index=range(n), dtype="Int64")
    for name in ("category", "winner"):
        res[name] = data[name].astype(object).map(_as_str).astype("str")
        empty = res[name].isna().to_numpy(bool)
        problems.cells(empty, body.rows, body.headers[name], None, f"empty {name} cell")


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10}


def _rank(v):
    if v is None or v != v:
        return pd.NA
    if isinstance(v, (int, float)):
        return int(v)
    s = norm_header(v)
    m = re.search(r"\b(\d+)\b", s)
    if m:
        return int(m.group(1))
    for word in s.split():
        if word in _ROMAN:
            return _ROMAN[word]
    return pd.NA  # a special award without a rank


def _claims_period(body, out, problems, title_date, layout) -> None:
    n = len(body.rows)
    data = body.data
    month_col = next((k for k in ("bulan", "month") if k in data), None)
    if "period" in data and month_col is not None:  # "Tahun" and "Bulan" columns
        year = data["period"].astype(object).map(_as_str)
        month = data[month_col].astype(object).map(_as_str)
        data["period"] = pd.Series([f"{m} {y}" if m and y else (y or m) for y, m in
                                    zip(year, month, strict=True)], dtype=object)
        body.headers["period"] = f"{body.headers['period']} + {body.headers[month_col]}"
    if "period" in data:
        s = data["period"]
        if pd.api.types.is_datetime64_any_dtype(s.dtype):
            out["period"] = _month_codes(s, body, problems, body.headers["period"])
            return
        errors: dict = {}

        def fn(v):
            try:
                return parse_period(v)
            except (ValueError, TypeError) as exc:
                errors[_as_str(v)] = str(exc)
                return None

        period = _map_unique(s, fn)
        bad = period.isna().to_numpy(bool)
        vals = s.astype(object)
        problems.cells(bad, body.rows, body.headers["period"], vals,
                       lambda i: errors.get(_as_str(vals.iloc[i]), "not a period"))
        out["period"] = period
    elif "claim_date" in out:
        out["period"] = _month_codes(out["claim_date"], body, problems,
                                     body.headers["claim_date"])
    elif title_date is not None:
        out["period"] = _constant(title_date.strftime("%Y-%m"), n)
    else:
        problems.add("no period: the sheet has no period/month/year or claim date column "
                     "and no month in its title", layout.header_row)


def _month_codes(s: pd.Series, body, problems, header) -> pd.Series:
    """'YYYY-MM' periods from dates, vectorised (categorical)."""
    d = s.astype("datetime64[ns]")
    missing = d.isna().to_numpy(bool)
    problems.cells(missing, body.rows, header, None, "empty date cell")
    ym = (d.dt.year.fillna(0).astype(np.int64) * 12 + d.dt.month.fillna(1).astype(np.int64) - 1)
    codes = np.full(len(d), -1, dtype=np.int64)
    found, uniq = pd.factorize(ym.to_numpy()[~missing], sort=True)  # time order
    codes[~missing] = found
    cats = [f"{u // 12:04d}-{u % 12 + 1:02d}" for u in uniq]
    return pd.Series(pd.Categorical.from_codes(codes, categories=cats))


_TITLE_DATE_RE = None


def _title_date(title: list[str]) -> pd.Timestamp | None:
    """A date in the title rows: 'Posisi 1 Agustus 2025', 'per 31 Juli 2025', 'Juli 2025'."""
    global _TITLE_DATE_RE
    if _TITLE_DATE_RE is None:
        months = "|".join(sorted(MONTHS_ID, key=len, reverse=True))
        _TITLE_DATE_RE = re.compile(
            rf"(\d{{1,2}}\s+(?:{months})\.?\s+\d{{4}}|(?:{months})\.?\s+\d{{4}}|"
            r"\d{1,2}[/-]\d{1,2}[/-]\d{4}|\d{4}-\d{2}-\d{2})", re.IGNORECASE)
    for text in title:
        if hasattr(text, "year") and not isinstance(text, str):
            return pd.Timestamp(text).normalize()
        m = _TITLE_DATE_RE.search(str(text))
        if m:
            try:
                found = parse_date(m.group(1))
            except (ValueError, TypeError):
                continue
            if found is not None:
                return found
    return None


def _source(body: Body, grid: Grid) -> str:
    for note in body.notes:
        m = re.match(r"^\s*(sumber|source)\s*(data)?\s*[:.]\s*(.+)$", note, re.IGNORECASE)
        if m:
            return m.group(3).strip()
    return grid.file


def _check_totals(body: Body, out: dict, problems: _Problems) -> None:
    """TOTAL/JUMLAH rows: compare with the sum of the data rows above (per block)."""
    if not len(body.total_excel):
        return
    start = 0
    for k, (pos, excel_row) in enumerate(zip(body.total_pos, body.total_excel, strict=True)):
        label = body.total_labels[k]
        record = {"row": int(excel_row), "label": str(label), "rows_summed": int(pos - start)}
        for name in (*COUNT_COLUMNS, "amount_idr"):
            if name not in out or name not in body.total_rows or name == "cases" and \
                    name not in body.data:
                continue
            raw = body.total_rows[name].iloc[[k]]
            try:
                value = parse_number(_ungroup(raw.iloc[0], problems.grid))
            except ValueError as exc:
                problems.add(f"total row: {exc}", excel_row, body.headers.get(name),
                             raw.iloc[0])
                continue
            if value is None:
                continue
            block = out[name].iloc[start:pos]
            total = float(block.sum(skipna=True))
            record[name] = value
            if abs(total - value) > max(1.0, abs(value) * 1e-6):
                header = body.headers.get(name)
                problems.add(
                    f"the {label} row does not match the sum of the {pos - start} rows above: "
                    f"row says {_fmt(value)}, rows sum to {_fmt(total)}", excel_row,
                    header if isinstance(header, str) else name, raw.iloc[0])
        body.totals.append(record)
        start = pos


def _fmt(x: float) -> str:
    """Indonesian digits for messages: 2.789.917, or 1.234,56 when not whole."""
    return format_number(x, decimals=0 if float(x).is_integer() else 2)


def _checks(kind: str, body: Body, out: dict, problems: _Problems) -> None:
    rows, heads, data = body.rows, body.headers, body.data

    def parsed_ok(name):
        why = data.get(f"__why_{name}")
        return ~_reason_mask(why) if why is not None else np.ones(len(rows), dtype=bool)

    def need(name):
        if name in out:
            empty = out[name].isna().to_numpy(bool) & parsed_ok(name)
            problems.cells(empty, rows, heads[name], None, EMPTY_REASON)

    if kind == "coverage":
        cov = out.get("covered")
        empty = np.ones(len(rows), dtype=bool)
        for name in ("covered", "coverage_pct"):
            if name in out:
                empty &= out[name].isna().to_numpy(bool) & parsed_ok(name)
        first = "covered" if "covered" in out else "coverage_pct"
        problems.cells(empty, rows, heads[first], None,
                       EMPTY_REASON + ": a coverage row needs participants or coverage %")
        pot = out.get("potential")
        if cov is not None and pot is not None:
            more = (cov > pot).fillna(False).to_numpy(bool)
            problems.cells(more, rows, heads["covered"], data["covered"],
                           lambda i: f"more participants ({_fmt(cov.iloc[i])}) than potential "
                                     f"workers ({_fmt(pot.iloc[i])})")
        # contradictory figures from different sources are data (kept as separate rows);
        # a duplicate is the same region, date and segment from the same source
        if "source" in data:
            _duplicates(out, ["region_code", "as_of", "segment", "source"], body, problems,
                        "same region, date, segment and source")
        else:
            _duplicates(out, ["region_code", "as_of", "segment"], body, problems,
                        "same region, date and segment")
    elif kind == "workforce":
        need("employed")
        if "source" in data:
            _duplicates(out, ["region_code", "as_of", "source"], body, problems,
                        "same region, date and source")
        else:
            _duplicates(out, ["region_code", "as_of"], body, problems, "same region and date")
    elif kind == "claims":  # a row needs cases or an amount (a source may give one only)
        given = [name for name in ("cases", "amount_idr") if name in out]
        empty = np.ones(len(rows), dtype=bool)
        for name in given:
            empty &= out[name].isna().to_numpy(bool) & parsed_ok(name)
        if given:
            problems.cells(empty, rows, heads[given[0]], None, EMPTY_REASON + (
                ": a claims row needs a number of cases or an amount" if len(given) == 2
                else ""))
        if not {"claim_date", "claim_id"} & set(data):  # aggregated: one row per key
            # (claim-level extracts have many rows per region, period and program);
            # other text columns (a branch office, ...) tell rows apart
            extra = [name for name, v in data.items() if not name.startswith("__")
                     and name not in out and name not in REGION_COLUMNS
                     and name not in _NOT_KEYS and is_text_series(v)]
            for name in extra:
                out[f"__key_{name}"] = data[name].astype(object).map(_as_str)
            keys = ["region_code", "period", "program", "source", *(f"__key_{n}" for n in
                                                                    extra)]
            _duplicates(out, keys, body, problems, "same region, period, program and "
                        "source" + (f" (and {', '.join(heads[n] for n in extra)})"
                                    if extra else ""))
            for name in extra:
                out.pop(f"__key_{name}")
    elif kind == "targets":
        need("target_pct")
        _duplicates(out, ["region_code", "year", "basis", "source"], body, problems,
                    "same region, year, basis and source")


_NOT_KEYS = {"note", "source_url", "published", "no", "bulan", "month"}


def _duplicates(out: dict, keys: list[str], body: Body, problems: _Problems, what: str):
    if not all(k in out for k in keys) or len(body.rows) < 2:
        return
    frame = pd.DataFrame({k: out[k] for k in keys})
    if "region_code" in frame and frame["region_code"].isna().all():
        return
    dup = frame.duplicated(keep="first").to_numpy(bool) & frame["region_code"].notna().to_numpy(
        bool)
    if not dup.any():
        return
    first = frame.reset_index(drop=True).groupby(keys, observed=True, dropna=False).ngroup()
    first_row = pd.Series(body.rows).groupby(first.to_numpy()).transform("min").to_numpy()
    region = body.headers.get(_first_region_name(body))
    vals = out["region"].astype(object) if "region" in out else None
    problems.cells(dup, body.rows, region if isinstance(region, str) else "region", vals,
                   lambda i: f"{what} as row {first_row[i]} (duplicate)")


def _first_region_name(body: Body) -> str:
    for name in ("regency", "region", "province"):
        if name in body.headers:
            return name
    return "region"


_INT_TEXT = r"-?(?:0|[1-9]\d{0,15})(?:\.0)?"


_IDENTIFIER_RE = re.compile(r"(?:^|_)(?:nik|kpj|nomor|no_klaim|id)(?:_|$)")


def _is_identifier(name: str) -> bool:
    """Identifier-like columns (NIK, KPJ, nomor klaim, id) are text exactly as written."""
    return bool(_IDENTIFIER_RE.search(name)) and name not in _KEEP_NUMERIC


_KEEP_NUMERIC = {*COUNT_COLUMNS, "amount_idr", *PERCENT_COLUMNS, "year", "rank",
                 "region_code"}


def _identifiers(grid: Grid, layout: Layout, body: Body) -> None:
    """Numbers typed into identifier columns back to their digits, as text: a 16-digit
    NIK or KPJ number through float64 loses its last digit (xlsx: the digits stored in
    the file; xls/ods/csv: the integer the engine read)."""
    names = [name for name, s in body.data.items()
             if not name.startswith("__") and _is_identifier(name)
             and not isinstance(body.headers.get(name), np.ndarray)
             and not (is_text_series(s) and s.dtype != object)]
    if not names:
        return
    cols = {}
    for name in names:
        c = next((c.col for c in layout.cols if (c.canonical or snake(c.header)) == name
                  and c.as_of is None), None)
        if c is not None:
            cols[name] = c
    last = int(body.rows.max()) if len(body.rows) else 0
    stored = grid.number_text(list(cols.values()), last) if cols else {}
    for name in names:
        col = cols.get(name)

        def text(v, row, col=col):
            if v is None or v is pd.NA or isinstance(v, float) and v != v:
                return None
            if isinstance(v, str):
                return v.strip() or None
            if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(
                    v, bool):
                digits = stored.get((row, col))
                if digits is not None and re.fullmatch(r"-?\d+", digits):
                    return digits
                if float(v).is_integer():
                    return str(int(v))
            return str(v)

        s = body.data[name]
        values = s.astype(object).tolist()
        body.data[name] = pd.Series([text(v, int(r)) for v, r in zip(values, body.rows,
                                                                     strict=True)],
                                    dtype="str")


def _claim_level(body: Body) -> bool:
    """A claims sheet without a cases column lists one claim per row when it has a claim
    date or a claim/participant number per row."""
    return "cases" not in body.data and bool({"claim_date", "claim_id"} & set(body.data))


def _compact(s: pd.Series) -> pd.Series:
    """Extra columns: integral floats to the smallest integer dtype."""
    if pd.api.types.is_float_dtype(s.dtype) and not isinstance(s.dtype, pd.api.extensions.
                                                                ExtensionDtype):
        v = s.to_numpy()
        if len(v) and not np.isnan(v).any() and np.all(np.mod(v, 1) == 0):
            return pd.Series(pd.to_numeric(v.astype(np.int64), downcast="integer"))
    if is_text_series(s) and len(s) and s.notna().all():  # "1", "2" left by a "Total" row
        values = s.cat.categories if isinstance(s.dtype, pd.CategoricalDtype) else s
        if not re.fullmatch(_INT_TEXT, str(values[0])):
            return s
        if pd.Series(values).astype("str").str.fullmatch(_INT_TEXT).all():
            return _compact(s.astype(object).astype(str).astype("float64"))
    return s


def _day_categories(s: pd.Series) -> pd.Series:
    """Dates as an ordered categorical of the distinct days (2-byte codes for the ~1,000
    days of a multi-year claim extract, instead of 8 bytes per row)."""
    codes, days = pd.factorize(s, sort=True)  # NaT -> -1 (missing)
    categories = pd.DatetimeIndex(days).as_unit("ns")
    return pd.Series(pd.Categorical.from_codes(codes, categories=categories, ordered=True))


def _assemble(kind: str, body: Body, out: dict) -> pd.DataFrame:
    n = len(body.rows)
    cols: dict[str, pd.Series] = {}
    order = _COLUMN_ORDER[kind]
    for name in order:
        if name in out:
            cols[name] = out[name]
    if kind == "claims" and "cases" not in out:
        if _claim_level(body):  # one row per claim: each row is one case (int8: see
            cols["cases"] = pd.Series(np.ones(n, dtype=np.int8))  # the module docstring)
        else:  # an aggregate with amounts only: the number of cases is not known
            cols["cases"] = pd.Series(pd.NA, index=range(n), dtype="Int64")
    if kind == "claims" and "amount_idr" not in cols:
        cols["amount_idr"] = pd.Series(pd.NA, index=range(n), dtype="Float64")
    for name in COUNT_COLUMNS:
        if name in cols and cols[name].dtype != np.int8:
            cols[name] = cols[name].round().astype("Int64")
    if "amount_idr" in cols:
        cols["amount_idr"] = cols["amount_idr"].astype("Float64")
    for name in ("coverage_pct", "target_pct"):
        if name in cols:
            cols[name] = cols[name].astype("Float64")
    if kind == "coverage":
        for name in ("covered", "potential", "coverage_pct"):
            if name not in cols:
                cols[name] = pd.Series(pd.NA, index=range(n),
                                       dtype="Float64" if name == "coverage_pct" else "Int64")
    ordered = {k: cols[k] for k in order if k in cols}
    for name, s in out.items():  # parsed optional columns (published, claim_date, ...)
        if name not in ordered and name not in REGION_COLUMNS and not name.startswith("__"):
            ordered[name] = _day_categories(s) if name == "claim_date" else s
    region_name = _region_col_name(body) if kind != "awards" else None
    for name, s in body.data.items():  # every other column is kept
        if name in ordered or name.startswith("__") or name == region_name:
            continue
        if name in REGION_COLUMNS:  # a province column next to the kabupaten/kota column
            ordered[f"{name}_as_written"] = s
            continue
        s = s.reset_index(drop=True)
        ordered[name] = s if _is_identifier(name) else _compact(s)
    return pd.DataFrame({k: v.reset_index(drop=True) for k, v in ordered.items()})


def _region_col_name(body: Body) -> str | None:
    for name in ("regency", "region", "province"):
        if name in body.data:
            return name
    return None


def read_coverage(path, *, sheet=None, columns=None, as_of=None, cache=True) -> pd.DataFrame:
    """Coverage recap -> region_code, region, level, segment, as_of, covered, potential,
    coverage_pct, source (+ any other columns). `as_of` is used when the sheet has no date
    column and no date in its title rows."""
    return _load("coverage", path, sheet=sheet, columns=columns, as_of=as_of, cache=cache)


def read_workforce(path, *, sheet=None, columns=None, as_of=None, cache=True) -> pd.DataFrame:
    """Working people (BPS Sakernas) -> region_code, region, level, as_of, employed
    (+ formal, informal when given). One column per period becomes one row per period."""
    return _load("workforce", path, sheet=sheet, columns=columns, as_of=as_of, cache=cache)


def read_claims(path, *, sheet=None, columns=None, cache=True) -> pd.DataFrame:
    """Claims -> region_code, region, level, period, program, cases, amount_idr, source.
    A claim-level extract (no cases column) gets cases = 1; other columns are kept."""
    return _load("claims", path, sheet=sheet, columns=columns, cache=cache)


def read_targets(path, *, sheet=None, columns=None, cache=True) -> pd.DataFrame:
    """Coverage targets -> region_code, region, level, year, target_pct, basis, source."""
    return _load("targets", path, sheet=sheet, columns=columns, cache=cache)


def read_awards(path, *, sheet=None, columns=None, cache=True) -> pd.DataFrame:
    """Paritrana Award winners -> year, scope, province, category, rank, winner, source."""
    return _load("awards", path, sheet=sheet, columns=columns, cache=cache)


_READERS = {"coverage": read_coverage, "workforce": read_workforce, "claims": read_claims,
            "targets": read_targets, "awards": read_awards}


def read_any(path, **kw) -> pd.DataFrame:
    """Detect the table kind from the headers, then read it with the matching loader."""
    kind = detect_kind(path, kw.get("sheet"))
    if kind not in ("coverage", "workforce"):
        kw.pop("as_of", None)
    return _READERS[kind](path, **kw)


__all__ = ["read_coverage", "read_workforce", "read_claims", "read_targets", "read_awards",
           "read_any", "detect_kind"]
