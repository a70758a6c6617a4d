"""Header and cell text as analysts type it, reduced for matching, and the alias files.

column_aliases.csv maps header text to canonical column names (one row per alias; a kind
column limits an alias to one table kind: "Penduduk Bekerja" is `potential` in a coverage
recap and `employed` in a BPS workforce table; an optional basis column says what a
denominator header counts). segment_aliases.csv, program_aliases.csv and
value_aliases.csv map cell values to canonical segments, programs, bases and qualifiers.
Text is compared after `norm_header` (case, spaces, newlines, punctuation, "(Rp)", "%"),
so "Kab/Kota", "KAB / KOTA" and "Kab.\\nKota" are one alias.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import pandas as pd

from paritrana_analysis.paths import reference
from paritrana_analysis.schema import KINDS

# units written in a header: "(Orang)", "(Ribu Orang)", "(Rp Juta)", "(000)"
_UNIT_WORDS = {"ribu": 1e3, "rb": 1e3, "000": 1e3, "juta": 1e6, "jt": 1e6, "miliar": 1e9,
               "milyar": 1e9, "triliun": 1e12, "orang": 1, "jiwa": 1, "rp": 1, "rupiah": 1,
               "kasus": 1, "persen": 1, "pct": 1, "idr": 1, "thousand": 1e3, "thousands": 1e3,
               "million": 1e6, "persons": 1, "people": 1, "person": 1, "cases": 1}
_PAREN_RE = re.compile(r"\(([^()]*)\)")


def norm_header(text) -> str:
    """Header text reduced for matching: case, spaces, newlines, punctuation, (Rp), %."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).lower()
    s = s.replace("%", " pct ")
    s = re.sub(r"\(\s*rp\.?\s*\)|\brp\.?$|\(\s*idr\s*\)", " ", s)
    s = re.sub(r"[^0-9a-z]+", " ", s)
    return " ".join(s.split())


def snake(text) -> str:
    s = norm_header(text).replace(" pct", "_pct").replace("pct ", "pct_")
    return re.sub(r"\s+", "_", s) or "column"


def unit_factor(text) -> float | None:
    """The scale a unit says: "Ribu Orang" 1000, "Rp Juta" 1e6, "Orang" 1; None when the
    text is not a unit."""
    words = norm_header(text).split()
    if not words or not all(w in _UNIT_WORDS for w in words):
        return None
    scale = 1.0
    for w in words:
        scale *= _UNIT_WORDS[w]
    return scale


def unit_scale(text: str) -> tuple[str, float | None]:
    """(header without its unit, scale) for "Penduduk Bekerja (Ribu Orang)" ->
    ("Penduduk Bekerja", 1000.0); scale None when the header names no unit."""
    for inner in _PAREN_RE.findall(str(text)):
        scale = unit_factor(inner)
        if scale is not None:
            return str(text).replace(f"({inner})", " ").strip(), scale
    return str(text), None


def variants(text) -> list[str]:
    """The forms of a header worth looking up, most specific first: as written; each line
    of a bilingual BPS header ("Kabupaten/Kota\\nRegency/Municipality"); the Indonesian
    half of "Bekerja/Working"; without qualifiers in parentheses; without a list number."""
    s = str(text).strip()
    out = [s]
    lines = [x.strip() for x in re.split(r"[\r\n]+", s) if x.strip()]
    out += lines
    for line in lines:
        if re.search(r"[a-z]\s*/\s*[A-Za-z]", line) and " " in line.split("/")[0].strip():
            out.append(line.split("/")[0])  # "Jumlah Penduduk/Total Population"
        elif re.fullmatch(r"[^/]+/[^/]+", line) and len(line.split("/")[1].strip()) > 4:
            out.append(line.split("/")[0])  # "Bekerja/Working" (not "Kab/Kota")
        out.append(_PAREN_RE.sub(" ", line))
        out.append(re.sub(r"^\s*(?:[IVX]+|\d{1,3}|[a-z])\s*[.)]\s+", "", line))
    return [v for v in dict.fromkeys(x.strip() for x in out) if v]


@functools.cache
def _alias_rows() -> pd.DataFrame:
    with reference("column_aliases.csv").open(encoding="utf-8") as fh:
        df = pd.read_csv(fh, comment="#", dtype=str, keep_default_na=False)
    if "basis" not in df:
        df["basis"] = ""
    return df


@functools.cache
def _alias_table() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {k: {} for k in ("", *KINDS)}
    for alias, canonical, kind in _alias_rows()[["alias", "canonical", "kind"]].itertuples(
            index=False):
        out.setdefault(kind.strip(), {})[norm_header(alias)] = canonical.strip()
    return out


@functools.cache
def header_basis(kind: str) -> dict[str, str]:
    """Denominator headers that say what they count: {normalised header: basis}."""
    rows = _alias_rows()
    rows = rows[(rows["basis"] != "") & rows["kind"].isin(["", kind])]
    return {norm_header(a): b.strip() for a, b in rows[["alias", "basis"]].itertuples(
        index=False)}


def mapping(kind: str, columns: dict | None = None) -> dict[str, str]:
    """{normalised header: canonical} for a kind, with the caller's `columns=` on top."""
    table = _alias_table()
    m = dict(table[""])
    m.update(table.get(kind, {}))
    for k, v in (columns or {}).items():
        m[norm_header(k)] = v
    return m


def lookup(text, table: dict[str, str]) -> str | None:
    """The canonical name of the first variant of `text` in `table`."""
    for v in variants(text):
        hit = table.get(norm_header(v))
        if hit:
            return hit
    return None


@functools.cache
def value_aliases(name: str) -> dict[str, str]:
    with reference(name).open(encoding="utf-8") as fh:
        df = pd.read_csv(fh, comment="#", dtype=str, keep_default_na=False)
    return {norm_header(a): v.strip() for a, v in df.iloc[:, :2].itertuples(index=False)}


def _canonical(text, file: str, keep=lambda key, text: key.replace(" ", "_")) -> str:
    if text is None or (isinstance(text, float) and text != text):
        return "all"
    key = norm_header(text)
    if not key:
        return "all"
    table = value_aliases(file)
    hit = lookup(text, table) if key not in table else table[key]
    return hit or keep(key, text)


def canonical_segment(text) -> str:
    """'Kepala dan Perangkat Desa' -> 'village_officials'; unknown text -> snake case;
    'Pekebun Sawit (DBH Sawit)' is looked up without its bracket too."""
    return _canonical(text, "segment_aliases.csv")


def canonical_program(text) -> str:
    return _canonical(text, "program_aliases.csv", keep=lambda key, text: str(text).strip())
