"""Citations: the sources of a table's figures, each outlet once, as a footer or a page
says them ("Sumber: AkselNews, Koranlapos, RimauNews (27 Agu 2025); Warta In (29 Apr
2025)"). Targets set by a regulation are cited as the regulation (`targets.citation`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from paritrana_analysis.formatting import label

__all__ = ["source_entries", "cite", "source_line"]


def source_entries(source) -> list[str]:
    """Unique source citations, sorted (case-insensitively): from a DataFrame's ``source``
    column (and columns named ``*_source``, e.g. ``target_source``), a list of strings, or
    one string. Empty values are dropped."""
    if source is None:
        return []
    if isinstance(source, pd.DataFrame):
        cols = [c for c in source.columns if c == "source" or str(c).endswith("_source")]
        values = [v for c in cols for v in source[c].dropna().astype(str).tolist()]
    elif isinstance(source, pd.Series):
        values = source.dropna().astype(str).tolist()
    elif isinstance(source, str):
        values = [source]
    elif isinstance(source, Iterable):
        values = [str(s) for s in source if s is not None and not pd.isna(s)]
    else:
        raise TypeError(
            f"source must be a DataFrame, a list of strings or a string, not {source!r}"
        )
    unique = {v.strip() for v in values if v and v.strip()}
    return sorted(unique, key=lambda s: (s.casefold(), s))


# "RimauNews; AkselNews; Koranlapos, 27 Agu 2025": outlets, then the date they share.
_DATED = re.compile(r"^(?P<who>.+?),\s*(?P<when>(?:~?\d{1,2}\s+)?(?:[A-Za-z]{3,9}\.?\s+)?"
                    r"~?\d{4})$")


def _outlets(entry: str) -> list[tuple[str, str]]:
    found = _DATED.match(entry)
    who, when = (found["who"], found["when"]) if found else (entry, "")
    return [(outlet.strip(), when) for outlet in who.split(";") if outlet.strip()]


# Indonesian month abbreviations in a Sumber cell that English spells otherwise.
_EN_MONTHS = {"Mei": "May", "Agu": "Aug", "Agt": "Aug", "Agus": "Aug", "Okt": "Oct",
              "Des": "Dec", "Peb": "Feb"}
_MONTH_WORD = re.compile(r"\b(" + "|".join(_EN_MONTHS) + r")\b")


def _in_lang(date: str, lang: str) -> str:
    """A publication date as the run's language writes it ("27 Agu 2025": "27 Aug 2025")."""
    return _MONTH_WORD.sub(lambda m: _EN_MONTHS[m[1]], date) if lang == "en" else date


def cite(source, *, dates: bool = True, lang: str = "id") -> list[str]:
    """Citations with each outlet once: ``RimauNews; AkselNews; Koranlapos, 27 Agu 2025``
    and ``RimauNews; Koranlapos, 27 Agu 2025`` become ``RimauNews, AkselNews, Koranlapos
    (27 Agu 2025)``; outlets sharing the same dates are grouped. ``dates=False``: the
    outlets alone (the compact form for a long list; each figure's date is in the CSV).
    ``lang="en"`` writes the dates' Indonesian month names in English."""
    when: dict[str, list[str]] = {}
    for entry in source_entries(source):
        for outlet, date in _outlets(entry):
            date = _in_lang(date, lang)
            seen = when.setdefault(outlet, [])
            if date and date not in seen:
                seen.append(date)
    if not dates:
        return sorted(when, key=str.casefold)
    groups: dict[tuple[str, ...] | str, list[str]] = {}
    for outlet in sorted(when, key=str.casefold):  # an undated outlet stands alone
        groups.setdefault(tuple(when[outlet]) or outlet, []).append(outlet)
    return [", ".join(outlets) + (f" ({', '.join(days)})" if isinstance(days, tuple) else "")
            for days, outlets in groups.items()]


def source_line(source, lang: str = "id", *, dates: bool = True) -> str:
    """``Sumber: A, B (27 Agu 2025); C`` (``Source: ...`` in English; `cite`), or ""."""
    entries = cite(source, dates=dates, lang=lang)
    return f"{label('source', lang)}: " + "; ".join(entries) if entries else ""


