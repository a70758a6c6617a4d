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

import numpy as np
import pandas as pd

from paritrana_analysis.load.read import Read, as_str
from paritrana_analysis.regions import (
    Region,
    lookup_region,
    normalise_region_text,
    regency_candidates,
    region_candidates,
    region_name,
    suggest_region,
)


def resolve_regions(r: Read) -> None:
    """region_code, region and level for every data row (problems for the rest)."""
    name = r.layout.region().name
    s = r.body.data[name]
    hints = r.body.data.get("province") if name != "province" else None
    codes, keys = _distinct(s, hints)
    results, reasons = [], {}
    province_of: dict = {}
    for text, hint in keys:
        found, why = _resolve(text, hint, name, province_of)
        if why is not None:
            reasons[len(results)] = why
        results.append(found)
    ok = np.array([x is not None for x in results] + [False], dtype=bool)
    bad = ~ok[codes] if len(codes) else np.zeros(0, dtype=bool)
    if bad.any():
        _report(r, name, s, bad, codes, keys, reasons)
    safe = np.where(codes >= 0, codes, len(results))
    r.out.update({"region_code": _build([x.code if x else None for x in results], safe),
                  "region": _build([x.name if x else None for x in results], safe),
                  "level": _build([x.level if x else None for x in results], safe)})


def _distinct(s: pd.Series, hints: pd.Series | None) -> tuple[np.ndarray, list[tuple]]:
    """Codes per row and the distinct (text, province hint) pairs they point at."""
    n = len(s)
    if isinstance(s.dtype, pd.CategoricalDtype) and hints is None:
        return s.cat.codes.to_numpy(), [(as_str(v), None) for v in s.cat.categories]
    tc, tu = pd.factorize(s.astype(object), use_na_sentinel=True)
    if hints is not None:
        hc, hu = pd.factorize(hints.astype(object), use_na_sentinel=True)
    else:
        hc, hu = np.full(n, -1), []
    pair = (tc.astype(np.int64) + 1) * (len(hu) + 1) + (hc.astype(np.int64) + 1)
    codes, uniq = pd.factorize(pair)
    keys = []
    for p in uniq:
        t, h = divmod(int(p), len(hu) + 1)
        keys.append((as_str(tu[t - 1]) if t else None, as_str(hu[h - 1]) if h else None))
    return codes, keys


def _resolve(text, hint, column: str, province_of: dict) -> tuple[Region | None, str | None]:
    if text is None:
        return None, None
    hint_code = None
    if hint is not None:
        if hint not in province_of:
            hr = lookup_region(hint)
            province_of[hint] = hr.province_code if hr is not None and \
                hr.level != "national" else None
        hint_code = province_of[hint]
    found = lookup_region(text, province=hint_code)
    if found is None or column == "regency" and found.level == "province":
        return region_or_reason(text, hint, hint_code, found, column)
    return found, None


def _report(r: Read, name, s, bad, codes, keys, reasons) -> None:
    texts = [k[0] for k in keys]

    def why(i):
        t = texts[codes[i]] if codes[i] >= 0 else None
        if t is None:
            return "empty region cell in a data row"
        if codes[i] in reasons:
            return reasons[codes[i]]
        hint = suggest_region(t)
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
