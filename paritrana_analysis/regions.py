"""Indonesia's 38 provinces and 514 kabupaten/kota: codes, display names and spellings.

Codes (see DESIGN.md): "ID" for Indonesia, the ISO 3166-2 code for a province
("ID-SS"), the Kemendagri code for a kabupaten/kota ("16.05"). Province display names,
English names, Kemendagri and BPS numbers come from `data/provinces.csv`; kabupaten/kota
from `data/regencies.csv` (an unchanged copy of the npm package idn-area-data); extra
spellings (OKU, Muba, Lamsel, ...) from `data/region_aliases.csv`.

`lookup_region` accepts names the way people type them:

- case, spaces and punctuation do not matter ("KEP. BANGKA BELITUNG", "D.I. Yogyakarta");
- "Prov."/"Provinsi", "Kab."/"Kabupaten", "Kota"/"Kotamadya", "Kep."/"Kepulauan",
  "DI"/"Daerah Istimewa", "DKI", "Adm."/"Administrasi", "Sumatra"/"Sumatera";
  English suffixes "Province", "Regency", "City";
- words written together or apart ("Pangkalpinang", "Muko Muko", "Batanghari");
- ISO codes ("ID-SS") and Kemendagri codes ("16.05"; "16.1" is read as 16.10, the way
  Excel shows a number cell holding 16.10). Bare two-digit numbers are never codes.

Ambiguity rules, in this order:

1. An explicit prefix wins: "Kota Bengkulu" is the city, "Prov. Jambi" the province.
2. A bare name that is a province is the province ("Bengkulu", "Jambi", "Gorontalo").
3. A `province=` hint keeps only the kabupaten/kota of that province ("Banjar" is a
   kabupaten in Kalimantan Selatan and a kota in Jawa Barat).
4. A bare name shared by a kabupaten and a kota of the same province is the kabupaten
   ("Bekasi" is Kab. Bekasi, "Kota Bekasi" the city): this is how BPS tables write them.
5. Anything still ambiguous gives None; `region_candidates` lists the choices.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from .paths import reference

__all__ = [
    "Region",
    "lookup_code",
    "bps_province",
    "renamed",
    "lookup_region",
    "region_code",
    "region_candidates",
    "regency_candidates",
    "suggest_region",
    "provinces",
    "regencies",
    "region_name",
    "province_of",
    "normalise_region_text",
]

NATIONAL_CODE = "ID"


@dataclass(frozen=True)
class Region:
    code: str  # "ID", "ID-SS" or "16.05"
    name: str  # display name: "Indonesia", "Sumatera Selatan", "Kab. Musi Rawas"
    level: str  # "national" | "province" | "regency"
    province_code: str  # ISO code of the province; "ID" for national


NATIONAL = Region(NATIONAL_CODE, "Indonesia", "national", NATIONAL_CODE)

# ---------------------------------------------------------------- normalisation

_PROV_WORDS = {"prov", "provinsi", "propinsi", "province", "provincie"}
_KAB_WORDS = {"kab", "kabupaten", "regency"}
_KOTA_WORDS = {"kota", "kotamadya", "kodya", "kotamadia", "city"}
_SUFFIX_MARKERS = {"province": "prov", "regency": "kab", "city": "kota"}  # English, at the end
_DROP_WORDS = {"adm", "administrasi", "administratif", "admin"}
_REPLACE = {"kep": "kepulauan", "sumatra": "sumatera", "kepl": "kepulauan"}
# leading words of a province's status ("DI Yogyakarta", "DKI Jakarta")
_STATUS_PREFIXES = (
    ("daerah", "khusus", "ibukota"),
    ("daerah", "khusus", "ibu", "kota"),
    ("daerah", "khusus"),
    ("daerah", "istimewa"),
    ("dki",),
    ("dk",),
    ("di",),
)
_NATIONAL_WORDS = {"indonesia", "nasional", "national", "republik indonesia", "id", "ri"}

_ISO_RE = re.compile(r"^ID-[A-Z]{2}$")
_KEMENDAGRI_RE = re.compile(r"^(\d{2})\.(\d{1,2})$")


def _ascii_lower(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower()


def _join_single_letters(tokens: list[str]) -> list[str]:
    """["d", "i", "yogyakarta"] -> ["di", "yogyakarta"] (from "D.I. Yogyakarta")."""
    out: list[str] = []
    run = ""
    for tok in tokens:
        if len(tok) == 1 and tok.isalpha():
            run += tok
            continue
        if run:
            out.append(run)
            run = ""
        out.append(tok)
    if run:
        out.append(run)
    return out


def normalise_region_text(text: str) -> tuple[str | None, str]:
    """Split a region name into (kind, base): kind is "prov", "kab", "kota" or None.

    >>> normalise_region_text("KAB. Musi  Rawas")
    ('kab', 'musi rawas')
    >>> normalise_region_text("D.I. Yogyakarta")
    (None, 'yogyakarta')
    """
    s = _ascii_lower(str(text)).replace("&", " dan ")
    s = re.sub(r"[^a-z0-9]+", " ", s)
    tokens = _join_single_letters(s.split())
    tokens = [_REPLACE.get(t, t) for t in tokens]
    kind = None
    if tokens:
        first = tokens[0]
        if first in _PROV_WORDS:
            kind, tokens = "prov", tokens[1:]
        elif first in _KAB_WORDS:
            kind, tokens = "kab", tokens[1:]
        elif first in _KOTA_WORDS and len(tokens) > 1:
            kind, tokens = "kota", tokens[1:]
    if kind is None and len(tokens) > 1 and tokens[-1] in _SUFFIX_MARKERS:
        kind, tokens = _SUFFIX_MARKERS[tokens[-1]], tokens[:-1]
    tokens = [t for t in tokens if t not in _DROP_WORDS]
    if kind in (None, "prov"):
        for prefix in _STATUS_PREFIXES:
            n = len(prefix)
            if len(tokens) > n and tuple(tokens[:n]) == prefix:
                tokens = tokens[n:]
                break
    return kind, " ".join(tokens)


def _key(kind: str | None, base: str) -> str:
    return f"{kind} {base}" if kind else base


# ---------------------------------------------------------------- the index


@dataclass(frozen=True)
class _Index:
    by_code: dict  # code -> Region
    province_keys: dict  # normalised base -> ISO code
    regency_keys: dict  # (kind, base) -> [codes]; kind "kab"/"kota"
    bare_keys: dict  # base -> [regency codes]
    alias_keys: dict  # base -> regency code (region_aliases.csv)
    compact: dict  # base without spaces -> same as above, for "Pangkalpinang"
    suggest_keys: dict  # normalised key -> display name
    renames: dict  # key of a former name -> (code, year, note) (region_renames.csv)
    bps: dict  # BPS code ("1608", "16") -> ISO or Kemendagri code (bps_regencies.csv)


def _read_provinces() -> pd.DataFrame:
    with reference("provinces.csv").open(encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return df


def _read_regencies_raw() -> pd.DataFrame:
    with reference("regencies.csv").open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, comment="#", keep_default_na=False)


def _read_aliases() -> pd.DataFrame:
    with reference("region_aliases.csv").open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def _read_csv(name: str) -> pd.DataFrame:
    with reference(name).open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, comment="#", keep_default_na=False)


def _renames(by_code: dict) -> dict:
    out = {}
    for row in _read_csv("region_renames.csv").itertuples(index=False):
        if row.code not in by_code:
            raise ValueError(f"region_renames.csv: unknown code {row.code!r}")
        out[_key(*normalise_region_text(row.old_name))] = (row.code, int(row.year), row.note)
    return out


def _bps_codes(prov: pd.DataFrame, by_code: dict) -> dict:
    """BPS codes to ours: two digits for a province, four for a kabupaten/kota."""
    out = dict(zip(prov["bps"], prov["code"], strict=True))
    for row in _read_csv("bps_regencies.csv").itertuples(index=False):
        if row.kemendagri_code not in by_code:
            raise ValueError(f"bps_regencies.csv: unknown code {row.kemendagri_code!r}")
        out[row.bps_code] = row.kemendagri_code
    return out


def _display_regency(raw_name: str) -> tuple[str, str, str]:
    """Split "KABUPATEN MUSI RAWAS" into ("kab", "Kab. Musi Rawas", "musi rawas")."""
    kind, base = normalise_region_text(raw_name)
    if kind not in ("kab", "kota"):
        raise ValueError(f"regencies.csv: cannot tell kabupaten from kota in {raw_name!r}")
    title = base.title()
    return kind, ("Kab. " if kind == "kab" else "Kota ") + title, base


@lru_cache(maxsize=1)
def _index() -> _Index:
    prov = _read_provinces()
    by_code: dict[str, Region] = {NATIONAL_CODE: NATIONAL}
    province_keys, suggest = _provinces_into(prov, by_code)
    regency_keys, bare_keys = _regencies_into(prov, by_code, suggest)
    alias_keys: dict[str, str] = {}
    for row in _read_aliases().itertuples(index=False):
        if row.code not in by_code:
            raise ValueError(f"region_aliases.csv: unknown code {row.code!r} for {row.alias!r}")
        if by_code[row.code].level == "province":
            _add_province_key(province_keys, row.alias, row.code)
        else:
            alias_keys[normalise_region_text(row.alias)[1]] = row.code
    for keys in (province_keys, alias_keys):
        for base, code in keys.items():
            suggest.setdefault(base, by_code[code].name)
    return _Index(by_code=by_code, province_keys=province_keys, regency_keys=regency_keys,
                  bare_keys=bare_keys, alias_keys=alias_keys,
                  compact=_compact(province_keys, bare_keys, regency_keys, alias_keys),
                  suggest_keys=suggest, renames=_renames(by_code),
                  bps=_bps_codes(prov, by_code))


def _add_province_key(keys: dict, text: str, code: str) -> None:
    _, base = normalise_region_text(text)
    if not base:
        return
    old = keys.setdefault(base, code)
    if old != code:
        raise ValueError(f"province spelling {text!r} is used for {old} and {code}")


def _provinces_into(prov: pd.DataFrame, by_code: dict) -> tuple[dict, dict]:
    """The 38 provinces into `by_code`; their spellings and suggestion keys."""
    keys: dict[str, str] = {}
    suggest: dict[str, str] = {}
    for row in prov.itertuples(index=False):
        by_code[row.code] = Region(row.code, row.name, "province", row.code)
        for text in [row.name, row.name_en, *filter(None, row.aliases.split("|"))]:
            _add_province_key(keys, text, row.code)
        suggest[normalise_region_text(row.name)[1]] = row.name
    return keys, suggest


def _regencies_into(prov: pd.DataFrame, by_code: dict, suggest: dict) -> tuple[dict, dict]:
    """The 514 kabupaten/kota into `by_code`: {(kind, base): codes}, {base: codes}."""
    kem_to_iso = dict(zip(prov["kemendagri"], prov["code"], strict=True))
    regency_keys: dict[tuple[str, str], list[str]] = {}
    bare_keys: dict[str, list[str]] = {}
    for row in _read_regencies_raw().itertuples(index=False):
        kind, display, base = _display_regency(row.name)
        by_code[row.code] = Region(row.code, display, "regency", kem_to_iso[row.province_code])
        regency_keys.setdefault((kind, base), []).append(row.code)
        bare_keys.setdefault(base, []).append(row.code)
        suggest.setdefault(_key(kind, base), display)
        suggest.setdefault(base, display)  # bare: the kabupaten comes first in the file
    return regency_keys, bare_keys


def _compact(province_keys, bare_keys, regency_keys, alias_keys) -> dict:
    """The same keys without spaces ("Pangkalpinang" for "Pangkal Pinang")."""
    compact: dict[str, dict] = {"province": {}, "bare": {}, "alias": {}}
    for base, code in province_keys.items():
        compact["province"].setdefault(base.replace(" ", ""), code)
    for base, codes in bare_keys.items():
        compact["bare"].setdefault(base.replace(" ", ""), []).extend(codes)
    for (kind, base), codes in regency_keys.items():
        compact.setdefault(kind, {}).setdefault(base.replace(" ", ""), []).extend(codes)
    for base, code in alias_keys.items():
        compact["alias"].setdefault(base.replace(" ", ""), code)
    return compact


# ---------------------------------------------------------------- lookup


def _code_lookup(text: str) -> Region | None:
    idx = _index()
    upper = text.strip().upper()
    if _ISO_RE.match(upper):
        return idx.by_code.get(upper)
    m = _KEMENDAGRI_RE.match(upper)
    if m:
        prov, reg = m.groups()
        if len(reg) == 1:  # 16.1 is how Excel shows the number 16.10
            reg += "0"
        return idx.by_code.get(f"{prov}.{reg}")
    return None


def _province_hint(province: str | None) -> str | None:
    if province is None:
        return None
    region = lookup_region(province)
    if region is None or region.level == "national":
        raise ValueError(f"the province hint {province!r} is not a province")
    return region.province_code


def _candidates(text: str, hint: str | None, regency_only: bool = False
                ) -> tuple[str, list[Region]]:
    """(how it matched, regions). how: "code", "national", "province", "regency", "".
    regency_only: a bare name is looked up among kabupaten/kota only (rule 2 skipped)."""
    idx = _index()
    if not isinstance(text, str):
        return "", []
    region = _code_lookup(text)
    if region is not None:
        return "code", [region]
    kind, base = normalise_region_text(text)
    if not base:
        return "", []
    if kind is None and base in _NATIONAL_WORDS:
        return "national", [NATIONAL]
    compact = base.replace(" ", "")

    def regions(codes):
        found = [idx.by_code[c] for c in dict.fromkeys(codes)]
        if hint is not None:
            found = [r for r in found if r.province_code == hint]
        return found

    if kind == "prov" or kind is None and not regency_only:
        code = idx.province_keys.get(base) or idx.compact["province"].get(compact)
        if code is not None:
            return "province", [idx.by_code[code]]
        if kind == "prov":
            return "", []
    if kind in ("kab", "kota"):
        codes = idx.regency_keys.get((kind, base)) or idx.compact[kind].get(compact, [])
        if not codes and base in idx.alias_keys:
            alias = idx.by_code[idx.alias_keys[base]]
            codes = [alias.code] if alias.name.lower().startswith(kind) else []
        if not codes and kind == "kota":  # "Kota Baru" is Kotabaru, "Kota Mobagu" Kotamobagu
            codes = idx.compact["bare"].get("kota" + compact, [])
        return "regency", regions(codes or _renamed(idx, kind, base))
    code = idx.alias_keys.get(base) or idx.compact["alias"].get(compact)
    if code is not None:
        return "regency", regions([code])
    codes = idx.bare_keys.get(base) or idx.compact["bare"].get(compact, [])
    return "regency", regions(codes or _renamed(idx, kind, base))


def _renamed(idx: _Index, kind: str | None, base: str) -> list[str]:
    """A former name ("Toba Samosir", "Kabupaten Pontianak"): today's code."""
    hit = idx.renames.get(_key(kind, base)) or (idx.renames.get(_key("kab", base))
                                                 if kind is None else None)
    return [hit[0]] if hit else []


def renamed(text: str) -> str | None:
    """"'Toba Samosir' is Kab. Toba (renamed Kabupaten Toba in 2020)" when `text` is a
    former name of a kabupaten/kota, else None."""
    if not isinstance(text, str):
        return None
    idx = _index()
    kind, base = normalise_region_text(_ENUMERATION_RE.sub("", text))
    if idx.regency_keys.get((kind, base)) or kind is None and idx.bare_keys.get(base):
        return None
    hit = idx.renames.get(_key(kind, base)) or (idx.renames.get(_key("kab", base))
                                                 if kind is None else None)
    if hit is None:
        return None
    code, year, _note = hit
    return f"'{text}' is {idx.by_code[code].name} (renamed in {year})"


def lookup_code(text, system: str = "any") -> Region | None:
    """A region from a code cell: ISO ("ID-SS"), Kemendagri ("16.05", or "1605" when
    `system` is "kemendagri"), or BPS ("1608", "16", also as 1608.0) when `system` is
    "bps". BPS and Kemendagri four-digit codes differ for 199 of 514 kabupaten/kota, so a
    code without a dot is read only in the system its column names."""
    if text is None or isinstance(text, float) and text != text:
        return None
    s = str(text).strip()
    s = s[:-2] if s.endswith(".0") else s
    if system == "bps" and re.fullmatch(r"\d{2}|\d{4}", s):
        code = _index().bps.get(s)
        return _index().by_code.get(code) if code else None
    if system == "kemendagri" and re.fullmatch(r"\d{4}", s):
        s = f"{s[:2]}.{s[2:]}"
    if system == "kemendagri" and re.fullmatch(r"\d{2}", s):
        return next((r for r in _index().by_code.values() if r.level == "province"
                     and _kemendagri_of(r.code) == s), None)
    return _code_lookup(s)


def bps_province(iso: str) -> str:
    """The BPS two-digit number of a province ("ID-PA" -> "94")."""
    return next((b for b, code in _index().bps.items() if code == iso and len(b) == 2), "")


@lru_cache(maxsize=64)
def _kemendagri_of(iso: str) -> str:
    prov = _read_provinces()
    return dict(zip(prov["code"], prov["kemendagri"], strict=True)).get(iso, "")


_ENUMERATION_RE = re.compile(r"^\s*\d{1,3}\s*[.)]\s+(?=\D)")  # "1. Aceh", "12) Jambi"
_PAREN_RE = re.compile(r"\(([^()]*)\)")


def _candidates_any(text: str, hint: str | None) -> tuple[str, list[Region]]:
    """_candidates, then without a list number ("1. Aceh"), then without a bracket:
    "Kab. Ogan Komering Ulu (OKU)", "Sumatera Selatan (Sumsel)"."""
    how, found = _candidates(text, hint)
    if found or not isinstance(text, str):
        return how, found
    stripped = _ENUMERATION_RE.sub("", text)
    if stripped != text:
        how, found = _candidates(stripped, hint)
        if found:
            return how, found
    if "(" in stripped:
        # the words outside the brackets decide ("Jumlah (Sumsel)" is not Sumsel);
        # the bracket is read only when nothing stands outside it
        outside = _PAREN_RE.sub(" ", stripped)
        if outside.strip():
            return _candidates(outside, hint)
        inside = " ".join(_PAREN_RE.findall(stripped))
        return _candidates(inside, hint)
    return "", []


def regency_candidates(text: str, *, province: str | None = None) -> list[Region]:
    """The kabupaten/kota a bare name could mean, even when it is also a province's name
    ("Jambi" -> [Kota Jambi]; "Gorontalo" -> [Kab. Gorontalo, Kota Gorontalo])."""
    if not isinstance(text, str):
        return []
    found = _candidates(text, _province_hint(province), regency_only=True)[1]
    return [r for r in found if r.level == "regency"]


def region_candidates(text: str, *, province: str | None = None) -> list[Region]:
    """Every region the text could mean (empty when none): explains an ambiguous None."""
    return _candidates_any(text, _province_hint(province))[1]


@lru_cache(maxsize=8192)
def _lookup(text: str, province: str | None) -> Region | None:
    how, found = _candidates_any(text, _province_hint(province))
    if len(found) == 1:
        return found[0]
    if how == "regency" and len(found) > 1:
        # rule 4: "Bekasi" in a BPS table is the kabupaten, "Kota Bekasi" the city
        provs = {r.province_code for r in found}
        kabs = [r for r in found if r.name.startswith("Kab. ")]
        if len(provs) == 1 and len(kabs) == 1:
            return kabs[0]
    return None


def lookup_region(text: str, *, province: str | None = None) -> Region | None:
    """The region a name or code means, or None when unknown or ambiguous.

    `province` (a name or ISO code) narrows kabupaten/kota names to that province.
    Raises ValueError when `province` itself is not a province.

    >>> lookup_region("Kab. Musi Rawas").code
    '16.05'
    >>> lookup_region("SUMSEL").name
    'Sumatera Selatan'
    """
    if text is None or not isinstance(text, str):
        return None
    return _lookup(text, province)


def region_code(text: str) -> str:
    """A region code as typed on a command line, checked: "id-ss" -> "ID-SS", "id" -> "ID",
    "16.05" stays. Anything else (a name, a typo, an unknown code) raises ValueError with
    one line saying which code was probably meant."""
    text = text.strip() if isinstance(text, str) else ""
    if text.upper() == NATIONAL_CODE:
        return NATIONAL_CODE
    found = _code_lookup(text) if text else None
    if found is not None:
        return found.code
    if not text:
        raise ValueError("no region code given: use e.g. ID-SS (Sumatera Selatan)")
    meant = lookup_region(text)
    if meant is None and (name := suggest_region(text)) is not None:
        meant = lookup_region(name)
    hint = (f"did you mean {meant.code} ({meant.name})?" if meant is not None
            else "use an ISO code such as ID-SS (Sumatera Selatan), ID-JA (Jambi) or "
                 "ID (Indonesia)")
    raise ValueError(f"unknown region code {text!r}: {hint}")


def suggest_region(text: str, *, province: str | None = None) -> str | None:
    """The closest display name ("did you mean ...?"), or None when nothing is close;
    with `province` (an ISO code), its own kabupaten/kota are tried first."""
    if text is None or not isinstance(text, str):
        return None
    found = lookup_region(text)
    if found is not None:
        return found.name
    kind, base = normalise_region_text(text)
    if not base:
        return None
    if province is not None:
        inside = _suggest_keys_of(province)
        match = _close(kind, base, inside)
        if match:
            return inside[match]
    keys = _index().suggest_keys
    match = _close(kind, base, keys)
    return keys[match] if match else None


def _close(kind: str | None, base: str, keys: dict) -> str | None:
    match = difflib.get_close_matches(_key(kind, base), keys.keys(), n=1, cutoff=0.75)
    if not match and kind:
        match = difflib.get_close_matches(base, keys.keys(), n=1, cutoff=0.75)
    return match[0] if match else None


@lru_cache(maxsize=64)
def _suggest_keys_of(province: str) -> dict:
    """Suggestion keys of one province's kabupaten/kota."""
    idx = _index()
    return {k: name for k, name in idx.suggest_keys.items()
            if any(r.name == name and r.level == "regency" and r.province_code == province
                   for r in (idx.by_code[c] for c in idx.bare_keys.get(
                       normalise_region_text(name)[1], [])))}


# ---------------------------------------------------------------- tables and names


def provinces() -> pd.DataFrame:
    """The 38 provinces: code (ISO), name, name_en, kemendagri, bps (two-digit text)."""
    return _read_provinces()[["code", "name", "name_en", "kemendagri", "bps"]].copy()


@lru_cache(maxsize=1)
def _regency_table() -> pd.DataFrame:
    idx = _index()
    rows = [(r.code, r.province_code, r.name) for r in idx.by_code.values() if r.level == "regency"]
    return pd.DataFrame(rows, columns=["code", "province_code", "name"])


def regencies(province_code: str | None = None) -> pd.DataFrame:
    """Kabupaten/kota: code (Kemendagri), province_code (ISO), name (display).

    `province_code` may be an ISO code or anything `lookup_region` reads as a province.
    """
    table = _regency_table()
    if province_code is not None:
        table = table[table["province_code"] == _province_hint(province_code)]
    return table.reset_index(drop=True).copy()


def _region_by_code(code: str) -> Region:
    region = _code_lookup(code) if isinstance(code, str) else None
    if region is None and code == NATIONAL_CODE:
        region = NATIONAL
    if region is None:
        raise ValueError(f"unknown region code {code!r}")
    return region


@lru_cache(maxsize=1)
def _english_province_names() -> dict[str, str]:
    return dict(zip(provinces()["code"], provinces()["name_en"], strict=True))


def region_name(code: str, lang: str = "id") -> str:
    """Display name for a code: "ID-SS" -> "Sumatera Selatan" ("South Sumatra" in "en")."""
    region = _region_by_code(code)
    if lang == "id":
        return region.name
    if lang != "en":
        raise ValueError(f"unknown language {lang!r}: use 'id' or 'en'")
    if region.level == "province":
        return _english_province_names()[region.code]
    if region.level == "regency":
        kind, rest = region.name.split(" ", 1)
        return f"{rest} {'Regency' if kind == 'Kab.' else 'City'}"
    return region.name


def province_of(code: str) -> str:
    """ISO code of the province a region belongs to ("16.05" -> "ID-SS"; "ID" -> "ID")."""
    return _region_by_code(code).province_code
