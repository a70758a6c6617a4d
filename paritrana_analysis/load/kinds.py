"""What one kind of table needs beyond its columns' types: the date of a row (a date
column, the title, or `as_of=`), the claims period, the award fields, text mapped to
canonical values (segments, programs), and the source of each row. `HOOKS` names the
step each kind adds; the pipeline calls it without knowing the kind.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from paritrana_analysis.load.dates import MONTHS_ID, parse_date, parse_period
from paritrana_analysis.load.numbers import qualifier
from paritrana_analysis.load.read import Read, as_str, constant, map_unique
from paritrana_analysis.load.text import (
    canonical_program,
    canonical_segment,
    lookup,
    norm_header,
    value_aliases,
)
from paritrana_analysis.regions import lookup_region, suggest_region
from paritrana_analysis.schema import BASES, QUALIFIERS

_MONTHS = "|".join(sorted(MONTHS_ID, key=len, reverse=True))
_TITLE_DATE_RE = re.compile(
    rf"(\d{{1,2}}\s+(?:{_MONTHS})\.?\s+\d{{4}}|(?:{_MONTHS})\.?\s+\d{{4}}|"
    r"\d{1,2}[/-]\d{1,2}[/-]\d{4}|\d{4}-\d{2}-\d{2})", re.IGNORECASE)
_CANONICAL_TEXT = {"segment": canonical_segment, "program": canonical_program}


def title_date(title: list) -> pd.Timestamp | None:
    """A date in the title rows: 'Posisi 1 Agustus 2025', 'per 31 Juli 2025', 'Juli 2025'."""
    for text in (v for row in title for v in row):
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


def text_columns(r: Read) -> None:
    """Segments and programs to canonical names; absent text columns take their default."""
    for col in r.spec.columns:
        if col.type not in ("text",) or col.name in r.out or col.name == "source":
            continue
        if col.name in r.body.data and col.name in _CANONICAL_TEXT:
            r.out[col.name] = map_unique(r.body.data[col.name], _CANONICAL_TEXT[col.name])
        elif col.name in r.body.data and col.default is not None:
            r.out[col.name] = map_unique(r.body.data[col.name],
                                         lambda v, d=col.default: as_str(v) or d)
        elif col.name not in r.body.data and col.default is not None and not col.optional:
            r.out[col.name] = constant(col.default, r.n)


def as_of(r: Read) -> None:
    """A sheet without a date column: the caller's `as_of`, else a date in the title.
    Year-only dates (a 'tahun' column, a year in a header) are 31 December of the year;
    `as_of=` replaces that: one year takes as_of's date, several years as_of's month and
    day in each year (as_of='2021-08-01' dates a Sakernas series at August)."""
    if "as_of" in r.out:
        if r.options.as_of is not None and _year_only(r):
            r.out["as_of"] = _with_month(r, r.out["as_of"], pd.Timestamp(r.options.as_of))
        return
    when = r.options.as_of if r.options.as_of is not None else title_date(r.layout.header.title)
    if when is None:
        r.problems.add("no date: the sheet has no date column (e.g. 'Tanggal Data') and no "
                       "date in its title; pass as_of=", r.layout.header_row)
        r.problems.raise_if_any()
    r.out["as_of"] = pd.Series(pd.Timestamp(when).normalize(), index=range(r.n)).astype(
        "datetime64[ns]")


def _year_only(r: Read) -> bool:
    wide = [c for c in r.layout.cols if c.as_of is not None]
    if wide:
        return all(c.year_only for c in wide)
    raw = r.body.data.get("as_of")
    if raw is None:
        return False
    values = pd.unique(raw.dropna().astype(object)) if not isinstance(
        raw.dtype, pd.CategoricalDtype) else raw.cat.categories
    return len(values) > 0 and all(re.fullmatch(r"\s*\d{4}(?:\.0)?\s*", as_str(v) or "")
                                   for v in values)


def _with_month(r: Read, dates: pd.Series, when: pd.Timestamp) -> pd.Series:
    years = dates.dt.year
    if years.nunique() <= 1:
        r.notes.append(f"year-only dates read as {when.date()} (as_of=)")
        return pd.Series(when.normalize(), index=dates.index).astype("datetime64[ns]")
    r.notes.append(f"year-only dates read as {when.day} {when.month_name()} of each year "
                   "(as_of=)")
    return pd.to_datetime(pd.DataFrame({"year": years, "month": when.month, "day": when.day}))


def source(r: Read) -> None:
    """The row's Sumber cell; empty cells (and sheets without one) take the sheet's
    "Sumber: ..." note, else the file name."""
    fallback = r.sheet.file
    for note in r.body.notes:
        m = re.match(r"^\s*(sumber|source)\s*(data)?\s*[:.]\s*(.+)$", note, re.IGNORECASE)
        if m:
            fallback = m.group(3).strip()
            break
    if "source" in r.body.data:
        r.out["source"] = map_unique(r.body.data["source"], lambda v: as_str(v) or fallback)
    else:
        r.out["source"] = constant(fallback, r.n)


def claims_period(r: Read) -> None:
    """The period of a claims row: a period column (with a separate month column), the
    month of a claim date, or a month in the title."""
    data, heads = r.body.data, r.body.headers
    month_col = next((k for k in ("bulan", "month") if k in data), None)
    if "period" in data and month_col is not None:  # "Tahun" and "Bulan" columns
        year = data["period"].astype(object).map(as_str)
        month = data[month_col].astype(object).map(as_str)
        data["period"] = pd.Series([f"{m} {y}" if m and y else (y or m) for y, m in
                                    zip(year, month, strict=True)], dtype=object)
        heads["period"] = f"{heads['period']} + {heads[month_col]}"
    if "period" in data:
        r.out["period"] = _periods(r, data["period"])
    elif "claim_date" in r.out:
        r.out["period"] = month_codes(r, r.out["claim_date"], heads["claim_date"])
    elif (when := title_date(r.layout.header.title)) is not None:
        r.out["period"] = constant(when.strftime("%Y-%m"), r.n)
    else:
        r.problems.add("no period: the sheet has no period/month/year or claim date column "
                       "and no month in its title", r.layout.header_row)


def _periods(r: Read, s: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return month_codes(r, s, r.body.headers["period"])
    errors: dict = {}

    def fn(v):
        try:
            return parse_period(v)
        except (ValueError, TypeError) as exc:
            errors[as_str(v)] = str(exc)
            return None

    period = map_unique(s, fn)
    vals = s.astype(object)
    r.problems.cells(period.isna().to_numpy(bool), r.body.rows, r.body.headers["period"], vals,
                     lambda i: errors.get(as_str(vals.iloc[i]), "not a period"))
    return period


def month_codes(r: Read, s: pd.Series, header) -> pd.Series:
    """'YYYY-MM' periods from dates, vectorised (categorical, in time order)."""
    d = s.astype("datetime64[ns]")
    missing = d.isna().to_numpy(bool)
    r.problems.cells(missing, r.body.rows, header, None, "empty date cell")
    ym = (d.dt.year.fillna(0).astype(np.int64) * 12 + d.dt.month.fillna(1).astype(np.int64) - 1)
    codes = np.full(len(d), -1, dtype=np.int64)
    found, uniq = pd.factorize(ym.to_numpy()[~missing], sort=True)
    codes[~missing] = found
    return pd.Series(pd.Categorical.from_codes(codes, categories=[
        f"{u // 12:04d}-{u % 12 + 1:02d}" for u in uniq]))


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10}
_SCOPES = {"nasional": "national", "national": "national", "provinsi": "province",
           "province": "province", "": ""}


def rank(v):
    """'Juara I', 'Peringkat 2', 3 -> 1, 2, 3; a special award has no rank (NA)."""
    if v is None or v != v:
        return pd.NA
    if isinstance(v, (int, float)):
        return int(v)
    s = norm_header(v)
    m = re.search(r"\b(\d+)\b", s)
    if m:
        return int(m.group(1))
    return next((_ROMAN[w] for w in s.split() if w in _ROMAN), pd.NA)


def awards(r: Read) -> None:
    data, n = r.body.data, r.n
    prov = map_unique(data["province"], _award_province) if "province" in data else \
        constant("", n)
    bad = prov.isna().to_numpy(bool)
    if bad.any():
        vals = data["province"].astype(object)
        r.problems.cells(bad, r.body.rows, r.body.headers["province"], vals, lambda i: (
            f"unknown province '{vals.iloc[i]}'" + (f": did you mean "
                                                   f"'{suggest_region(str(vals.iloc[i]))}'?"
                                                   if suggest_region(str(vals.iloc[i])) else "")))
    r.out["province"] = prov
    # no scope (column or cell): a row naming a province is a provincial award
    implied = np.where(prov.astype(object).fillna("").to_numpy() == "", "national", "province")
    sc = implied
    if "scope" in data:
        given = map_unique(data["scope"], lambda v: _SCOPES.get(
            norm_header(v) if v is not None and v == v else "",
            norm_header(v).replace(" ", "_"))).astype(object).fillna("").to_numpy()
        sc = np.where(given == "", implied, given)
    r.out["scope"] = pd.Series(pd.Categorical(pd.Series(sc, dtype=object).astype("str")))
    r.out["rank"] = data["rank"].astype(object).map(rank).astype("Int64") if "rank" in data \
        else pd.Series(pd.NA, index=range(n), dtype="Int64")
    for name in ("category", "winner"):
        r.out[name] = data[name].astype(object).map(as_str).astype("str")
        r.problems.cells(r.out[name].isna().to_numpy(bool), r.body.rows,
                         r.body.headers[name], None, f"empty {name} cell")


def _award_province(v):
    t = as_str(v)
    if t is None:
        return ""
    found = lookup_region(t)
    return found.province_code if found is not None else None


_YES = {"ya", "y", "yes", "true", "benar", "1", "turunan", "dihitung", "derived"}
_NO = {"tidak", "t", "no", "n", "false", "salah", "0", "bukan", ""}


def _choice(r: Read, name: str, aliases: str, allowed: tuple) -> pd.Series:
    """A vocabulary column: cells mapped through its alias file; empty cells NA; an
    unknown word is a problem listing the words allowed."""
    table = value_aliases(aliases)

    def fn(v):
        text = as_str(v)
        if text is None:
            return None
        hit = lookup(text, table) or norm_header(text).replace(" ", "_")
        return hit if hit in allowed else f"?{text}"

    s = map_unique(r.body.data[name], fn).astype(object)
    bad = s.map(lambda v: isinstance(v, str) and v.startswith("?")).to_numpy(bool)
    r.problems.cells(bad, r.body.rows, r.header_of(name), r.body.data[name].astype(object),
                     f"not a {name}: use one of {', '.join(allowed)}")
    return s.where(~bad, None)


def coverage_fields(r: Read) -> None:
    """basis, qualifier and derived: from their columns where the sheet has them; else
    the basis a denominator header names ("Penduduk Bekerja": employed), `unknown` for a
    percentage of an unnamed base, `none` for a count alone; the qualifier a marker in the
    number cell says ("sekitar 42%": rounded); derived False."""
    pot = r.layout.by_name("potential")
    implied = np.where(_filled(r, "coverage_pct") | _filled(r, "potential"),
                       pot.basis if pot and pot.basis else "unknown", "none")
    given = _given(r, "basis", "basis_aliases.csv", BASES)
    r.out["basis"] = _categorical(given.where(given.notna(), pd.Series(implied)))
    given = _given(r, "qualifier", "qualifier_aliases.csv", QUALIFIERS)
    r.out["qualifier"] = _categorical(given.where(given.notna(), _inferred_qualifier(r)))
    if "derived" in r.body.data:
        r.out["derived"] = _flag(r, "derived")


def _filled(r: Read, name: str) -> np.ndarray:
    s = r.out.get(name)
    return np.zeros(r.n, dtype=bool) if s is None else s.notna().to_numpy(bool)


def _given(r: Read, name: str, aliases: str, allowed: tuple) -> pd.Series:
    if name in r.body.data:
        return _choice(r, name, aliases, allowed)
    return pd.Series([None] * r.n, dtype=object)


def _inferred_qualifier(r: Read) -> pd.Series:
    out = pd.Series(["exact"] * r.n, dtype=object)
    for name in ("potential", "covered", "coverage_pct"):  # the percentage has the last word
        raw = r.body.data.get(name)
        if raw is not None and (raw.dtype == object or isinstance(
                raw.dtype, (pd.CategoricalDtype, pd.StringDtype))):
            q = map_unique(raw, qualifier).astype(object).fillna("exact")
            out = out.where(q == "exact", q)
    return out


def _flag(r: Read, name: str) -> pd.Series:
    def fn(v):
        if isinstance(v, bool):
            return "1" if v else "0"
        key = norm_header(as_str(v) or "")
        return "1" if key in _YES else "0" if key in _NO else f"?{v}"

    s = map_unique(r.body.data[name], fn).astype(object).fillna("0")
    bad = s.str.startswith("?").to_numpy(bool)
    r.problems.cells(bad, r.body.rows, r.header_of(name), r.body.data[name].astype(object),
                     "not a yes/no value: write 'ya' or 'tidak'")
    return (s == "1").astype("boolean")


def _categorical(s: pd.Series) -> pd.Series:
    return pd.Series(pd.Categorical(s.astype(object)))


HOOKS = {"claims": (claims_period,), "awards": (awards,), "coverage": (as_of, coverage_fields),
         "workforce": (as_of,)}
