"""Small counts of people are never shown: the rule every export, chart and table applies.

A figure about fewer than 10 persons (1 to 9 participants, new or lapsed participants,
claims) can point at someone in a small kabupaten/kota or segment, so outputs show it as
"<10". Zero is shown (it is nobody). What would give a hidden count away is hidden with
it, shown as "–": a coverage percentage of a hidden `covered`, an amount of a hidden
number of `cases`, and, where a total row ("all") is shown beside its parts, a second
part of the same group (the smallest other one), since the total minus the shown parts
would reveal a single hidden part.

The tables themselves keep exact counts (sums and percentages need them); call
`suppress_small` on what is exported or displayed, `small_cells` where a chart needs the
mask, and put `suppression_note()` in the footer.
"""

from __future__ import annotations

import functools
import re

import pandas as pd

from paritrana_analysis.formatting import MISSING, check_lang
from paritrana_analysis.paths import reference

__all__ = ["MIN_COUNT", "PERSON_COUNTS", "PERSONAL", "is_personal", "small_cells",
           "suppress_small", "suppression_note"]

MIN_COUNT = 10
# Personal data: never read into a table, a cache, a notebook or an export
PERSONAL = frozenset({"nik", "kpj", "name", "address", "phone", "email", "birth_date"})
_PERSONAL_WORDS = re.compile(r"\b(?:nik|kpj|ktp|alamat|address|hp|handphone|telepon|telp|"
                             r"phone|whatsapp|wa|email|e mail|lahir|npwp|rekening)\b")
PERSON_COUNTS = ("active", "new", "lapsed", "covered", "cases")
# figures that reveal the count they are computed from
_DEPENDS = {"coverage_pct": "covered", "amount_idr": "cases"}
_MARGINS = ("segment", "program")  # a total row "all" beside its parts
_GROUPS = ("region_code", "month", "as_of", "period", "source")
_NOTE = {
    "id": "Angka 1-{n} orang ditampilkan sebagai \"<{m}\", dan angka yang dapat "
          "membukanya sebagai \"{x}\", untuk melindungi data pribadi.",
    "en": "Counts of 1-{n} people are shown as \"<{m}\", and figures that would reveal "
          "them as \"{x}\", to protect personal data.",
}


def small_cells(df: pd.DataFrame, *, threshold: int = MIN_COUNT) -> pd.DataFrame:
    """True where a value must not be shown (same index as `df`; one boolean column per
    person count and per figure derived from one, see the module docstring)."""
    counts = [c for c in PERSON_COUNTS if c in df.columns]
    mask = pd.DataFrame(False, index=df.index, columns=counts)
    for col in counts:
        mask[col] = _small(df[col], threshold)
        _complement(df, mask, col)
    for col, base in _DEPENDS.items():
        if col in df.columns and base in mask:
            mask[col] = mask[base]
    return mask.fillna(False).astype(bool)


def _complement(df: pd.DataFrame, mask: pd.DataFrame, col: str) -> None:
    """Hide a second part where a total row and one hidden part would reveal it."""
    margin = next((m for m in _MARGINS if m in df.columns), None)
    keys = [k for k in _GROUPS if k in df.columns]
    if margin is None or not keys or not (df[margin] == "all").any():
        return
    values = pd.to_numeric(df[col], errors="coerce")
    for _, idx in df.groupby(keys, dropna=False, sort=False).groups.items():
        is_total = (df.loc[idx, margin] == "all").to_numpy()
        parts, totals = idx[~is_total], idx[is_total]
        if not len(totals) or mask.loc[totals, col].all() or len(parts) < 2 or \
                mask.loc[parts, col].sum() != 1:
            continue  # no total shown, or nothing a subtraction would reveal
        shown = values.loc[parts][~mask.loc[parts, col].to_numpy()]
        mask.loc[shown.idxmin(), col] = True


def suppress_small(df: pd.DataFrame, *, threshold: int = MIN_COUNT) -> pd.DataFrame:
    """A copy for display or export: a count of 1-9 persons reads "<10", a value hidden
    because it would reveal one (see `small_cells`) reads "–"; the others are unchanged."""
    mask = small_cells(df, threshold=threshold)
    out = df.copy()
    for col in mask.columns:
        if mask[col].any():
            text = pd.Series(MISSING, index=df.index, dtype=object)
            if col in PERSON_COUNTS:
                text[_small(df[col], threshold)] = f"<{threshold}"
            out[col] = out[col].astype(object).where(~mask[col], text)
    return out


def _small(values: pd.Series, threshold: int) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    return ((numbers > 0) & (numbers < threshold)).fillna(False).astype(bool)


def suppression_note(lang: str = "id", *, threshold: int = MIN_COUNT) -> str:
    """The rule in words, for a chart's or table's footer."""
    return _NOTE[check_lang(lang)].format(n=threshold - 1, m=threshold, x=MISSING)


@functools.cache
def _personal_headers(kind: str) -> frozenset:
    """Headers rowlevel_columns.csv names as personal data for a kind ("Nama" is a
    person's name in an extract of people or claims, not in a recap of regions)."""
    from paritrana_analysis.load.text import norm_header

    with reference("rowlevel_columns.csv").open(encoding="utf-8") as fh:
        rows = pd.read_csv(fh, comment="#", dtype=str, keep_default_na=False)
    keep = rows["canonical"].isin(PERSONAL) & (rows["kind"].isin(["", kind]) | (
        rows["canonical"] != "name"))
    return frozenset(norm_header(a) for a in rows.loc[keep, "alias"])


def is_personal(header: str, kind: str) -> bool:
    """A column of personal data (NIK, KPJ, nama, alamat, nomor HP, e-mail, tanggal
    lahir), by its header."""
    from paritrana_analysis.load.text import norm_header

    text = norm_header(header)
    return text in _personal_headers(kind) or bool(_PERSONAL_WORDS.search(text))
