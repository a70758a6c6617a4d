"""Resolve the region column to region_code, region and level (regions.lookup_region),
once per distinct (name, province) pair, so a million-row extract costs a few hundred
lookups.

A "Wilayah"/"Provinsi" cell follows regions.lookup_region ("Jambi" is the province). In a
Kabupaten/Kota column a bare name that is also a province's ("Jambi", "Bengkulu") is the
kota only when the row's Provinsi cell names the same province; otherwise it is a problem
asking for "Kota Jambi" or "Provinsi Jambi" (written out, a province is accepted: a
province total row). An ambiguous name lists its candidates; a kabupaten/kota outside the
row's Provinsi says which province it belongs to.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from paritrana_analysis.load.problems import DataError, Problem
from paritrana_analysis.load.read import Read, as_str, constant
from paritrana_analysis.load.text import norm_header
from paritrana_analysis.regions import (
    Region,
    bps_province,
    lookup_code,
    lookup_region,
    normalise_region_text,
    regency_candidates,
    region_candidates,
    region_name,
    renamed,
    suggest_region,
)

_TITLE_REGION_RE = re.compile(
    r"\b(provinsi|propinsi|province|kabupaten|kab\.|kota|kotamadya)\s*:?\s*"
    r"([A-Za-z][A-Za-z .'-]*?)\s*(?=[,;(]|\s+(?:tahun|keadaan|posisi|per|bulan|menurut|"
    r"dan|\d)|\d|$)", re.IGNORECASE)
_LEVEL_WORDS = {"nasional": "", "national": "", "indonesia": "", "provinsi": "Provinsi ",
                "propinsi": "Provinsi ", "province": "Provinsi ", "prov": "Provinsi ",
                "kabupaten": "Kabupaten ", "kab": "Kabupaten ", "regency": "Kabupaten ",
                "kota": "Kota ", "city": "Kota ", "kotamadya": "Kota "}


def title_region(title: list) -> Region | None:
    """A region named in the title rows: 'Provinsi: Sumatera Selatan', 'Kabupaten Musi
    Banyuasin', '... menurut Kabupaten/Kota di Provinsi Jawa Timur, 2024'."""
    for text in (v for row in title for v in row if isinstance(v, str)):
        for m in _TITLE_REGION_RE.finditer(text):
            word = m.group(1).rstrip(".").lower()
            if m.group(2).strip().lower() in ("", "kota", "kab", "kabupaten"):
                continue
            found = lookup_region(f"{word} {m.group(2).strip()}")
            if found is not None:
                return found
    return None


def fixed_region(r: Read) -> Region | None:
    """The region of every row of a sheet without a region column: `region=`, else the
    region its title names."""
    if r.options.region is not None:
        found = lookup_code(r.options.region) or lookup_region(str(r.options.region))
        if found is None:
            hint = suggest_region(str(r.options.region))
            raise DataError([Problem(file=r.sheet.file, sheet=r.sheet.name or None,
                                     reason=f"unknown region={r.options.region!r}" + (
                                         f": did you mean '{hint}'?" if hint else ""))])
        return found
    return title_region(r.layout.header.title) if r.layout is not None else None


def resolve_regions(r: Read) -> None:
    """region_code, region and level for every data row (problems for the rest)."""
    name_col, code_col = r.layout.region(), r.layout.by_name("regency_code") or \
        r.layout.by_name("province_code")
    if name_col is None and code_col is None:
        return _constant_region(r, fixed_region(r))
    given = {"name": r.body.data[name_col.name] if name_col else None,
             "code": r.body.data[code_col.name] if code_col else None,
             "hint": r.body.data.get("province") if name_col and name_col.name != "province"
             else None,
             "level": r.body.data.get("region_level")}
    codes, keys = _distinct(given)
    system = _code_system(code_col)
    column = name_col.name if name_col else "regency"
    province = _province_hint(r)
    results, reasons, cache = [], {}, {}
    for key in keys:
        found, why = _resolve(key, column, system, province, cache)
        if why is not None:
            reasons[len(results)] = why
        if found is not None and (note := renamed(key["name"] or "")):
            r.notes.append(note)
        results.append(found)
    shown = given["name"] if name_col else given["code"]
    _finish(r, name_col or code_col, shown, results, codes, keys, reasons)


def _finish(r: Read, col, shown, results, codes, keys, reasons) -> None:
    ok = np.array([x is not None for x in results] + [False], dtype=bool)
    bad = ~ok[codes] if len(codes) else np.zeros(0, dtype=bool)
    if bad.any():
        _report(r, col.name, shown, bad, codes, keys, reasons)
    safe = np.where(codes >= 0, codes, len(results))
    r.out.update({"region_code": _build([x.code if x else None for x in results], safe),
                  "region": _build([x.name if x else None for x in results], safe),
                  "level": _build([x.level if x else None for x in results], safe)})


def _constant_region(r: Read, found: Region | None) -> None:
    if found is None:
        return  # step_columns has already said there is no region column
    r.notes.append(f"every row is {found.name} ({found.code}): "
                   + ("region=" if r.options.region is not None else "named in the title"))
    for name, value in (("region_code", found.code), ("region", found.name),
                        ("level", found.level)):
        r.out[name] = constant(value, r.n)


def _province_hint(r: Read) -> str | None:
    """A province the sheet is about (region= or its title), for kabupaten/kota names."""
    found = fixed_region(r)
    return found.province_code if found is not None and found.level != "national" else None


def _code_system(col) -> str:
    """Which code system a code column uses: its header says (BPS, Kemendagri/dagri);
    else codes with a dot are Kemendagri's and four digits without one BPS's (open-data
    portals publish BPS codes)."""
    if col is None:
        return "any"
    text = col.header.lower()
    if "dagri" in text or "kemendagri" in text or "permendagri" in text:
        return "kemendagri"
    return "bps"


def _distinct(given: dict) -> tuple[np.ndarray, list[dict]]:
    """Codes per row and the distinct combinations of the given columns they point at."""
    series = {k: v for k, v in given.items() if v is not None}
    n = len(next(iter(series.values())))
    combined = np.zeros(n, dtype=np.int64)
    uniques = {}
    for k, s in series.items():
        c, u = pd.factorize(s.astype(object), use_na_sentinel=True)
        combined = combined * (len(u) + 1) + (c.astype(np.int64) + 1)
        uniques[k] = u
    codes, uniq = pd.factorize(combined)
    keys = []
    for p in uniq:
        key, p = {}, int(p)
        for k in reversed(list(series)):
            p, i = divmod(p, len(uniques[k]) + 1)
            key[k] = as_str(uniques[k][i - 1]) if i else None
        keys.append({k: key.get(k) for k in ("name", "code", "hint", "level")})
    return codes, keys


def _resolve(key: dict, column: str, system: str, province, cache: dict):
    """(region, None) or (None, why) for one combination of name, code, province, level."""
    if key["name"] is not None and re.fullmatch(r"\d{4}(?:\.0)?|\d{2}\.\d{1,2}", key["name"]):
        key = {**key, "code": key["name"], "name": None}  # codes in a name column
    by_code = lookup_code(key["code"], system) if key["code"] is not None else None
    if key["name"] is None:
        if key["code"] is not None and by_code is None:
            return None, f"unknown {system.upper() if system == 'bps' else system} code " \
                         f"'{key['code']}'"
        return by_code, None
    text = _with_level(key["name"], key["level"])
    found, why = _by_name(text, key["hint"], column, province, cache)
    if found is None and by_code is not None:
        return by_code, None
    if found is not None and by_code is not None and found.code != by_code.code:
        return None, (f"the code {key['code']} is {by_code.name} but the name says "
                      f"{found.name}")
    return found, why


def _with_level(name: str, level: str | None) -> str:
    """"Jambi" with the level "Kota" is "Kota Jambi", with "Provinsi" the province, with
    "Kabupaten/Kota" the one kabupaten or kota of that name."""
    if level is None:
        return name
    if norm_header(level) in ("kabupaten kota", "kab kota", "kota kabupaten", "regency city"):
        regs = regency_candidates(name)
        return regs[0].name if len(regs) == 1 else name
    prefix = _LEVEL_WORDS.get(norm_header(level).split(" ")[0] if norm_header(level) else "")
    if prefix is None or "/" in level or prefix == "" and lookup_region(name) is None:
        return name
    return "Indonesia" if prefix == "" else prefix + name


def _bps_numbered(text: str, province: str | None) -> Region | None:
    """'71. Kota Kediri' in a table of one province: BPS numbers its kabupaten/kota
    (01-69) and kota (71-99) within the province; with the province known, the number
    and the name must agree."""
    m = re.match(r"^\s*(\d{2})\s*[.)]\s+(\S.*)$", text)
    if m is None or province is None:
        return None
    found = lookup_code(bps_province(province) + m.group(1), "bps")
    name = lookup_region(m.group(2), province=province)
    return found if found is not None and (name is None or name.code == found.code or
                                           name.level == "province") else None


def _by_name(text, hint, column: str, province, cache: dict):
    hint_code = province
    if hint is not None:
        if hint not in cache:
            hr = lookup_region(hint)
            cache[hint] = hr.province_code if hr is not None and \
                hr.level != "national" else None
        hint_code = cache[hint] or province
    numbered = _bps_numbered(text, hint_code)
    if numbered is not None:
        return numbered, None
    found = lookup_region(text, province=hint_code)
    if found is None and hint_code is not None and hint is None:
        found = lookup_region(text)  # a title's province is a hint, not a filter
    if found is None or column == "regency" and found.level == "province":
        return region_or_reason(text, hint or (region_name(hint_code) if hint_code else None),
                                hint_code, found, column)
    return found, None


def _report(r: Read, name, s, bad, codes, keys, reasons) -> None:
    texts = [k["name"] or k["code"] for k in keys]
    fixed = _province_hint(r)

    def why(i):
        t = texts[codes[i]] if codes[i] >= 0 else None
        if t is None:
            return "empty region cell in a data row"
        if codes[i] in reasons:
            return reasons[codes[i]]
        row_province = lookup_region(keys[codes[i]]["hint"] or "")
        province = row_province.province_code if row_province is not None and \
            row_province.level == "province" else fixed
        hint = suggest_region(t, province=province)
        return f"unknown region '{t}'" + (f": did you mean '{hint}'?" if hint else "")

    r.problems.cells(bad, r.body.rows, r.header_of(name), s.astype(object), why)


def _build(values: list, safe: np.ndarray) -> pd.Series:
    values = [*values, None]
    uniq = list(dict.fromkeys(v for v in values if v is not None))
    pos = {v: i for i, v in enumerate(uniq)}
    lut = np.array([pos.get(v, -1) if v is not None else -1 for v in values], dtype=np.int32)
    return pd.Series(pd.Categorical.from_codes(lut[safe], categories=uniq))


def _quoted(regions) -> str:
    names = [f"'{x.name}'" + (f" ({region_name(x.province_code)})" if x.level == "regency"
                              else "") for x in regions]
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]


def region_or_reason(text: str, hint: str | None, hint_code: str | None, found,
                     column: str) -> tuple[Region | None, str | None]:
    """(region, None) or (None, why) for a name lookup_region could not settle alone
    (the rules in the module docstring)."""
    if found is not None:  # a province's name in a kabupaten/kota column
        return _province_in_regency_column(text, hint_code, found)
    candidates = region_candidates(text)
    if hint_code is not None:
        inside = [x for x in candidates if x.province_code == hint_code]
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


def _province_in_regency_column(text: str, hint_code, found) -> tuple:
    text = re.sub(r"^\s*\d{1,3}\s*[.)]\s+", "", text)  # "71. Jambi"
    if normalise_region_text(text)[0] is not None:
        return found, None  # "Provinsi Jambi" written out: the province row
    regs = regency_candidates(text)
    if not regs:
        return found, None  # "Sumatera Selatan": only a province has that name
    if hint_code == found.province_code:
        inside = [x for x in regs if x.province_code == hint_code]
        kabs = [x for x in inside if x.name.startswith("Kab. ")]
        same = inside[0] if len(inside) == 1 else kabs[0] if len(kabs) == 1 else None
        if same is not None:
            return same, None
    names = [f"'{x.name}'" for x in regs] + [f"'Provinsi {found.name}'"]
    return None, (f"ambiguous in a kabupaten/kota column: '{text}' is both a province "
                  f"and a kabupaten/kota; write {', '.join(names[:-1])} or {names[-1]}")
