"""Numbers, money, percentages and dates the way Indonesian (or English) readers expect.

Everything goes through Babel with an explicit locale, never the system locale
(``locale.setlocale``), so the result is the same on every machine::

    >>> format_number(2789917)
    '2.789.917'
    >>> format_percent(31.33), format_percent(31.33, decimals=1)
    ('31,33%', '31,3%')
    >>> format_compact(2789917)
    '2,8 juta'
    >>> format_money(718.7e9)
    'Rp718,7 miliar'
    >>> format_money(718.7e9, lang="en")
    'IDR 718.7 billion'

Percentages are on the 0-100 scale used by the canonical tables (31.33 means 31,33%).
English money uses the ISO code ``IDR`` followed by a space (``IDR 718.7 billion``), the
form international wire services use; Indonesian uses ``Rp`` with no space (press style).
Missing values (None, NaN, pd.NA) format as an en dash.

Fixed interface texts (axis labels, legends, "Sumber") live in ``data/labels.yaml`` in
both languages; :func:`label` looks them up.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal as _babel_decimal

from paritrana_analysis.paths import reference

LANGS = ("id", "en")
MISSING = "–"

_COMPACT_STEPS = (10**12, 10**9, 10**6, 10**3)


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported language ("id" or "en"), else raise ValueError."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return lang


def is_missing(value: Any) -> bool:
    """True for None, NaN, pd.NA and NaT."""
    if value is None:
        return True
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return True
    except ImportError:  # pragma: no cover
        pass
    try:
        return bool(math.isnan(value))
    except (TypeError, ValueError):
        return False


def _decimal(value: Any) -> Decimal:
    # str() first: 0.1 + 0.2 style float noise must not decide a rounding.
    return Decimal(repr(float(value))) if not isinstance(value, Decimal | int) else Decimal(value)


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _round(value: Decimal, decimals: int) -> Decimal:
    # Half-up, as people round by hand (Babel would use half-even: 0,125 -> 0,12).
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: Any, *, decimals: int = 0, lang: str = "id") -> str:
    """Thousands separators and decimals: ``2.789.917`` (id), ``2,789,917`` (en)."""
    check_lang(lang)
    if is_missing(value):
        return MISSING
    d = _round(_decimal(value), decimals)
    return _babel_decimal(d, format=_pattern(decimals), locale=lang)


def format_count(value: Any, *, lang: str = "id") -> str:
    """A count of persons as an output may show it: ``2.789.917``, but 1 to 9 as ``<10``
    (privacy.MIN_COUNT: a small count can point at someone)."""
    from paritrana_analysis.privacy import MIN_COUNT

    if not is_missing(value) and 0 < float(value) < MIN_COUNT:
        check_lang(lang)
        return f"<{MIN_COUNT}"
    return format_number(value, lang=lang)


def format_percent(value: Any, *, decimals: int = 2, trim: bool = False, lang: str = "id") -> str:
    """A 0-100 percentage: ``31,33%`` (id), ``31.33%`` (en); ``decimals=1`` gives ``31,3%``.
    ``trim=True`` drops trailing zeros: 51 -> ``51%``, 99.5 -> ``99,5%``."""
    check_lang(lang)
    if is_missing(value):
        return MISSING
    text = format_number(value, decimals=decimals, lang=lang)
    if trim and decimals > 0:
        text = text.rstrip("0").rstrip(",.")
    return text + "%"


def format_points(value: Any, *, decimals: int = 1, lang: str = "id") -> str:
    """A difference of percentages: ``+2,5 poin`` / ``-1.0 pts``."""
    check_lang(lang)
    if is_missing(value):
        return MISSING
    sign = "+" if float(value) > 0 else ("-" if float(value) < 0 else "")
    unit = label("points", lang)
    return f"{sign}{format_number(abs(float(value)), decimals=decimals, lang=lang)} {unit}"


@lru_cache(maxsize=4)
def _compact_units(lang: str) -> dict[int, str]:
    """The long compact unit words from CLDR: {1000: 'ribu', 10**6: 'juta', ...}."""
    formats = Locale.parse(lang).compact_decimal_formats["long"]
    plural = formats["other"]
    return {step: plural[str(step)].pattern.replace("0", "").strip() for step in _COMPACT_STEPS}


def _compact_parts(value: float, decimals: int, lang: str) -> tuple[str, str]:
    """(number text, unit word) with the unit chosen after rounding (999.950 -> 1 juta)."""
    units = _compact_units(lang)
    magnitude = abs(float(value))
    steps = [s for s in _COMPACT_STEPS if magnitude >= s]
    if not steps:
        return format_number(value, decimals=0, lang=lang), ""
    step = steps[0]
    scaled = _round(_decimal(magnitude) / step, decimals)
    if scaled >= 1000 and step != _COMPACT_STEPS[0]:
        step *= 1000
        scaled = _round(_decimal(magnitude) / step, decimals)
    text = _babel_decimal(scaled, format=_pattern(decimals), locale=lang)
    dec_sep = Locale.parse(lang).number_symbols["latn"]["decimal"]
    if dec_sep in text:  # 3,0 juta -> 3 juta
        text = text.rstrip("0").rstrip(dec_sep)
    if float(value) < 0:
        text = "-" + text
    return text, units[step]


def format_compact(value: Any, *, decimals: int = 1, lang: str = "id") -> str:
    """Large counts in words: ``2,8 juta`` (id), ``2.8 million`` (en), ``950`` below a thousand."""
    check_lang(lang)
    if is_missing(value):
        return MISSING
    text, unit = _compact_parts(value, decimals, lang)
    return f"{text} {unit}".strip()


def format_money(value: Any, *, decimals: int = 1, compact: bool = True, lang: str = "id") -> str:
    """Rupiah: ``Rp718,7 miliar`` / ``IDR 718.7 billion``; ``compact=False``: ``Rp718.700.000``."""
    check_lang(lang)
    if is_missing(value):
        return MISSING
    prefix = "Rp" if lang == "id" else "IDR "
    sign = "-" if float(value) < 0 else ""
    if compact:
        text, unit = _compact_parts(abs(float(value)), decimals, lang)
        return f"{sign}{prefix}{text}" + (f" {unit}" if unit else "")
    return f"{sign}{prefix}{format_number(abs(float(value)), decimals=0, lang=lang)}"


def _as_date(value: Any) -> dt.date:
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10] if len(value) >= 10 else value + "-01")
    raise TypeError(f"not a date: {value!r}")


def format_month(value: Any, *, short: bool = False, year: bool = True, lang: str = "id") -> str:
    """``Agustus 2025`` (``short=True``: ``Agu 2025``; en: ``August 2025``)."""
    check_lang(lang)
    if is_missing(value):
        return MISSING
    pattern = ("MMM" if short else "MMMM") + (" y" if year else "")
    return _babel_date(_as_date(value), pattern, locale=lang)


def format_date(value: Any, *, short: bool = False, lang: str = "id") -> str:
    """``27 Agustus 2025`` (``short=True``: ``27 Agu 2025``; en: ``27 August 2025``)."""
    check_lang(lang)
    if is_missing(value):
        return MISSING
    return _babel_date(_as_date(value), "d MMM y" if short else "d MMMM y", locale=lang)


def format_period(period: str, *, lang: str = "id") -> str:
    """A claims period: ``2023`` -> ``2023``; ``2025-07`` -> ``Juli 2025``;
    ``2025-01/2025-07`` -> ``Jan–Jul 2025`` (``Des 2024–Jul 2025`` across years)."""
    check_lang(lang)
    if is_missing(period):
        return MISSING
    text = str(period).strip()
    if "/" in text:
        start, end = (p.strip() for p in text.split("/", 1))
        if len(start) == 4 and len(end) == 4:
            return f"{start}–{end}"
        s, e = _as_date(start), _as_date(end)
        if s.year == e.year:
            return f"{format_month(s, short=True, year=False, lang=lang)}–" + format_month(
                e, short=True, lang=lang
            )
        return f"{format_month(s, short=True, lang=lang)}–{format_month(e, short=True, lang=lang)}"
    if len(text) == 7:
        return format_month(text, lang=lang)
    return text


@lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, str]]:
    data = yaml.safe_load(reference("labels.yaml").read_text(encoding="utf-8"))
    for key, texts in data.items():
        missing = [lang for lang in LANGS if lang not in texts]
        if missing:
            raise ValueError(f"labels.yaml: {key!r} has no text for {missing}")
    return data


def label(key: str, lang: str = "id", **values: Any) -> str:
    """The fixed interface text ``key`` in ``lang`` (from data/labels.yaml), with
    ``{placeholders}`` filled from ``values``. Unknown keys raise KeyError."""
    check_lang(lang)
    texts = _labels()
    if key not in texts:
        raise KeyError(f"no label {key!r} in labels.yaml")
    text = texts[key][lang]
    return text.format(**values) if values else text


def has_label(key: str) -> bool:
    """True when labels.yaml defines ``key``."""
    return key in _labels()


def label_or(key: str, default: str, lang: str = "id") -> str:
    """The label for ``key`` if labels.yaml has one, else ``default`` (e.g. a raw segment name)."""
    return label(key, lang) if has_label(key) else default


# ---------------------------------------------------------------- one rule per context

# Decimals of a percentage by where it is shown. A published figure keeps the precision
# it was published with (31,33% stays 31,33%, 68 stays 68%: trailing zeros dropped) in a
# title, a chart label and running text alike, so no two charts round it differently;
# a table column has fixed decimals so values line up; an estimate we computed (a
# projection, a pace) gets one decimal, never more precision than it has.
PCT_RULES = {"title": (2, True), "label": (2, True), "text": (2, True), "table": (2, False),
             "estimate": (1, True)}
QUALIFIER_WORDS = {"rounded": "about", "lower_bound": "more_than", "upper_bound": "less_than"}


def format_figure(value: Any, *, context: str = "label", qualifier: str | None = None,
                  lang: str = "id") -> str:
    """A coverage percentage by the rule of its `context` (PCT_RULES), with the source's
    precision said in words: ``qualifier`` "rounded" -> ``sekitar 42%``, "lower_bound" ->
    ``lebih dari 50%``, "upper_bound" -> ``kurang dari 50%`` (en: about, more than, less
    than); "exact" or None -> the number alone."""
    if context not in PCT_RULES:
        raise ValueError(f"context must be one of {sorted(PCT_RULES)}, not {context!r}")
    decimals, trim = PCT_RULES[context]
    text = format_percent(value, decimals=decimals, trim=trim, lang=lang)
    word = QUALIFIER_WORDS.get(str(qualifier or "exact").lower())
    return f"{label(word, lang)} {text}" if word and text != MISSING else text


def format_about(value: Any, *, lang: str = "id") -> str:
    """A count we derived (a denominator implied by a count and a rounded percentage, the
    workers a gap stands for) as the approximation it is: three significant digits, in
    words, after ``sekitar``: 86.868 -> ``sekitar 86,9 ribu`` (en ``about 86.9 thousand``)."""
    check_lang(lang)
    if is_missing(value):
        return MISSING
    number = float(value)
    if number == 0:
        return format_number(0, lang=lang)
    digits = 3 - int(math.floor(math.log10(abs(number)))) - 1
    rounded = round(number, digits)
    text = format_compact(rounded, decimals=max(0, 2 - int(math.log10(max(abs(rounded), 1))) % 3),
                          lang=lang) if abs(rounded) >= 1000 else format_number(rounded, lang=lang)
    return f"{label('about', lang)} {text}"


def format_as_of(value: Any, *, short: bool = False, lang: str = "id") -> str:
    """The date a figure refers to, no more precise than sources give it: the loaders
    store a month as its first day and a year as 31 December, so the 1st of a month is
    shown as the month (``Agustus 2025``), 31 December as the year's end (``akhir
    2024``), any other day as the day (``27 Agustus 2025``)."""
    check_lang(lang)
    if is_missing(value):
        return MISSING
    day = _as_date(value)
    if day.day == 1:
        return format_month(day, short=short, lang=lang)
    if day.month == 12 and day.day == 31:
        return label("year_end", lang, year=day.year)
    return format_date(day, short=short, lang=lang)


@lru_cache(maxsize=1)
def _column_labels() -> dict[str, dict[str, str]]:
    import csv

    with reference("column_labels.csv").open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {row["name"]: {lang: row[lang] for lang in LANGS} for row in rows}


def column_label(name: str, lang: str = "id") -> str:
    """The header of canonical column `name` in `lang` (data/column_labels.csv):
    ``coverage_pct`` -> ``Cakupan (%)``; a column not listed keeps its name."""
    check_lang(lang)
    return _column_labels().get(name, {}).get(lang, name)
