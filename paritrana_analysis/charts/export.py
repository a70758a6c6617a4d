"""Finish a chart for the press and write it in every format, byte-reproducibly.

``export_chart`` adds what a chart function leaves out (the left-aligned title stating the
finding, the subtitle with measure/place/period, the footer with "Sumber: ..." built from
the data's own ``source`` column, an optional note and logo), fixes the pixel size to a
preset and writes::

    <name>.png      1x, exact preset size (1200x675, 1080x1080 or 1080x1350 px)
    <name>@2x.png   2x for retina screens and print
    <name>.svg      text kept as text, <title> holding the alt text
    <name>.pdf      fonts embedded (TrueType, Type 42), text editable
    <name>.csv      the plotted data (formula starts neutralised, see safe_text)
    <name>.txt      the alt text

Control characters are removed from every text drawn or written (safe_text.printable):
an ESC in a source cell would make the SVG invalid XML.

No timestamps, software versions or random ids go into the files, so the same input
gives the same bytes (never ``bbox_inches="tight"``: it changes the pixel size).
"""

from __future__ import annotations

import re
import struct
import textwrap
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.text import Text

from paritrana_analysis.charts._base import DPI, SIZES, panels, relayout_labels
from paritrana_analysis.charts.style import COLORS, house_style
from paritrana_analysis.formatting import check_lang, label
from paritrana_analysis.paths import refuse_raw
from paritrana_analysis.safe_text import formula_safe, printable
from paritrana_analysis.sources import cite, source_entries, source_line  # noqa: F401

FORMATS = ("png", "png2x", "svg", "pdf")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}$")

# Text sizes in points (figure dpi 100: 1 pt = 1.39 px) and the smallest they may shrink to.
TITLE_PT, TITLE_MIN_PT, TITLE_LINES = 24, 17, 2
SUBTITLE_PT, SUBTITLE_MIN_PT, SUBTITLE_LINES = 16, 12, 2
FOOTER_PT, FOOTER_MIN_PT, FOOTER_LINES = 11, 10, 2
STAMP_PT = 10
MARGIN_PX = 40  # left and right
TOP_PX, BOTTOM_PX = 30, 20
LOGO_MAX_H_PX, LOGO_MAX_W_PX = 48, 220


# --------------------------------------------------------------------------- sources


def stamp_line(data_date: str | None, lang: str = "id") -> str:
    """``Data: Agustus 2025 · dibuat 26 November 2026``: what the chart shows and when it
    was made (clock.today)."""
    from paritrana_analysis.clock import today
    from paritrana_analysis.formatting import format_date

    made = label("made_on", lang, date=format_date(today(), lang=lang))
    return f"{label('data_date', lang, date=data_date)} · {made}" if data_date else made


# --------------------------------------------------------------------------- CSV


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells and headers that a spreadsheet could run as a formula, at their start
    or after a separator it may split on (``BPJS;=1+2``), get an apostrophe before the
    formula (safe_text.formula_safe), so they are shown as text."""
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        if pd.api.types.is_bool_dtype(series):
            continue
        out[col] = series.map(lambda v: formula_safe(v) if isinstance(v, str) else v,
                              na_action="ignore")
    return out.rename(columns={c: formula_safe(str(c)) for c in out.columns})


def _decimal_text(value: float, lang: str) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "id" else text


def _object_text(value, lang: str):
    if isinstance(value, float) and not pd.isna(value):
        return int(value) if value.is_integer() and abs(value) < 2**53 else \
            _decimal_text(value, lang)
    return value


def csv_frame(df: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """The table as a CSV shows it: counts of 1-9 persons as "<10"
    (privacy.suppress_small), formula-safe text, ISO dates, whole-number columns as
    integers (an amount of 35.640.000.000.000 rupiah is not ``35640000000000.0``), and
    headers in `lang` (data/column_labels.csv; other columns keep their name)."""
    from paritrana_analysis.formatting import column_label
    from paritrana_analysis.privacy import suppress_small

    safe = neutralise_formulas(suppress_small(df))
    for col in safe.columns:
        series = safe[col]
        if pd.api.types.is_datetime64_any_dtype(series):
            safe[col] = series.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_float_dtype(series) and not pd.api.types.is_bool_dtype(series):
            values = pd.to_numeric(series, errors="coerce").astype("float64")
            known = values.dropna()
            if len(known) and (known == known.round()).all() and known.abs().max() < 2**53:
                safe[col] = values.round().astype("Int64")
            else:  # 66 and 67,28, not 66,0: no trailing zeros, the language's decimal mark
                safe[col] = values.map(lambda v: _decimal_text(v, lang), na_action="ignore")
        elif series.dtype == object:  # numbers beside "<10": as the numeric columns above
            safe[col] = series.map(lambda v: _object_text(v, lang), na_action="ignore")
    return safe.rename(columns={c: column_label(str(c), lang) for c in safe.columns})


def write_csv(df: pd.DataFrame, path: Path, lang: str = "id") -> None:
    """UTF-8 with a BOM (Excel on Windows reads en dashes and accents right), as Excel
    in that language opens it: ``;`` and a decimal comma in Indonesian, ``,`` and a
    decimal point in English; no index, ISO dates, formula-safe (`csv_frame`)."""
    csv_frame(df, lang).to_csv(path, index=False, lineterminator="\n", encoding="utf-8-sig",
                               sep=";" if lang == "id" else ",")


# --------------------------------------------------------------------------- text fitting


def _text_width(renderer, text: str, prop: FontProperties) -> float:
    w, _, _ = renderer.get_text_width_height_descent(text, prop, ismath=False)
    return w


def _wrap(renderer, text: str, prop: FontProperties, width: float) -> list[str]:
    """Greedy word wrap to ``width`` pixels; a single over-long word is cut.

    A line's width is the sum of its words and spaces, measured once each (2% margin
    for kerning across spaces), which keeps long source lists fast."""
    cache: dict[str, float] = {}

    def measure(s: str) -> float:
        if s not in cache:
            cache[s] = _text_width(renderer, s, prop)
        return cache[s]

    space = measure("a a") - 2 * measure("a")
    limit = width / 1.02
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current, current_w = "", 0.0
        for word in paragraph.split():
            w = measure(word)
            trial_w = current_w + space + w if current else w
            if trial_w <= limit:
                current = f"{current} {word}" if current else word
                current_w = trial_w
                continue
            if current:
                lines.append(current)
            while _text_width(renderer, word, prop) > width and len(word) > 1:
                cut = len(word)
                while cut > 1 and _text_width(renderer, word[:cut] + "-", prop) > width:
                    cut -= 1
                lines.append(word[:cut] + "-")
                word = word[cut:]
            current, current_w = word, measure(word)
        lines.append(current)
    return [ln for ln in lines if ln] or [""]


def fit_text(renderer, text: str, width: float, *, size: float, min_size: float,
             max_lines: int, weight: str = "normal") -> tuple[list[str], float]:
    """Wrap ``text`` into at most ``max_lines`` lines of ``width`` px, shrinking the font
    from ``size`` down to ``min_size`` if needed; at the smallest size, lines beyond
    ``2 * max_lines`` are cut with an ellipsis (never drawn outside the figure)."""
    step = 1.0
    s = size
    while True:
        prop = FontProperties(size=s, weight=weight)
        lines = _wrap(renderer, text, prop, width)
        if len(lines) <= max_lines or s <= min_size:
            break
        s = max(min_size, s - step)
    hard_cap = 2 * max_lines
    if len(lines) > hard_cap:
        lines = lines[:hard_cap]
        last = lines[-1]
        while last and _text_width(renderer, last + " …", prop) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + " …"
    return lines, s


# --------------------------------------------------------------------------- finishing


def _clear_finish(fig: Figure) -> None:
    for artist in getattr(fig, "_paritrana_finish", []):
        artist.remove()
    fig._paritrana_finish = []


def _load_logo(logo) -> np.ndarray:
    if isinstance(logo, np.ndarray):
        return logo
    import matplotlib.image as mpimg

    return mpimg.imread(str(logo))


def _pick_footer(renderer, choices: list[str], width: float) -> str:
    """The first footer text that fits one line at full size, else the first that fits
    FOOTER_LINES, else the last (the most compact)."""
    prop = FontProperties(size=FOOTER_PT)
    for limit in (1, FOOTER_LINES):
        for text in choices:
            if text and len(_wrap(renderer, text, prop, width)) <= limit:
                return text
    return choices[-1] if choices else ""


def footer_choices(source, lang: str) -> list[str]:
    """Source lines from the fullest to the most compact: outlets with dates, outlets
    alone, the first eight outlets and how many more (the CSV has them all)."""
    full, compact = source_line(source, lang), source_line(source, lang, dates=False)
    outlets = cite(source, dates=False)
    choices = [full, compact]
    if len(outlets) > 8:
        choices.append(f"{label('source', lang)}: " + "; ".join(outlets[:8]) + " "
                       + label("more_sources", lang, n=len(outlets) - 8))
    return [_drawable(c) for c in choices if c]


def _finish(fig: Figure, *, title: str, subtitle: str, footer_source: list[str],
            note: str | None, stamp: str, logo, size: str) -> None:
    """Draw the title, subtitle, logo and footer around the chart, outside the layout, and
    give the chart what is left (the header and footer are fitted first)."""
    px = SIZES[size]
    _clear_finish(fig)
    renderer = fig.canvas.get_renderer()
    header_bottom = _header(fig, renderer, px, title, subtitle)
    logo_w, logo_h = _logo(fig, logo, px)
    footer_top = _footer(fig, renderer, px, footer_source=footer_source, note=note,
                         stamp=stamp, logo_w=logo_w, logo_h=logo_h)
    _chart_area(fig, px, header_bottom, footer_top)


def _put(fig: Figure, renderer, px: tuple[int, int], lines: list[str], y_px: float,
         size_pt: float, weight: str, color: str, va: str = "top"):
    """Left-aligned text at ``y_px`` from the top (va "top") or the bottom (va "bottom"),
    kept out of the layout and remembered so a second export removes it; returns its
    pixel box."""
    width_px, height_px = px
    y = 1 - y_px / height_px if va == "top" else y_px / height_px
    t = fig.text(MARGIN_PX / width_px, y, "\n".join(lines), ha="left", va=va,
                 fontsize=size_pt, fontweight=weight, color=color, linespacing=1.15)
    t.set_in_layout(False)
    fig._paritrana_finish.append(t)
    return t.get_window_extent(renderer)


def _put_fitted(fig: Figure, renderer, px: tuple[int, int], text: str, width: float,
                y_px: float, *, size: float, min_size: float, max_lines: int, color: str,
                weight: str = "normal", va: str = "top") -> float:
    """`fit_text` then `_put`: the text wrapped (and shrunk) to ``width``; returns its
    height in pixels."""
    lines, s = fit_text(renderer, text, width, size=size, min_size=min_size,
                        max_lines=max_lines, weight=weight)
    return _put(fig, renderer, px, lines, y_px, s, weight, color, va).height


def _header(fig: Figure, renderer, px: tuple[int, int], title: str, subtitle: str) -> float:
    """Title and subtitle from the top down; returns where the chart may start (pixels
    from the top)."""
    text_w = px[0] - 2 * MARGIN_PX
    y = TOP_PX
    if title:
        y += _put_fitted(fig, renderer, px, title, text_w, y, size=TITLE_PT,
                         min_size=TITLE_MIN_PT, max_lines=TITLE_LINES, weight="bold",
                         color=COLORS["ink"]) + 8
    if subtitle:
        y += _put_fitted(fig, renderer, px, subtitle, text_w, y, size=SUBTITLE_PT,
                         min_size=SUBTITLE_MIN_PT, max_lines=SUBTITLE_LINES, color="#444444")
    return y + 14


def _logo(fig: Figure, logo, px: tuple[int, int]) -> tuple[float, float]:
    """The logo bottom right, scaled to fit its box without cropping; returns its width
    and height in pixels (0, 0 without a logo)."""
    if logo is None:
        return 0.0, 0.0
    width_px, height_px = px
    img = _load_logo(logo)
    ih, iw = img.shape[:2]
    scale = min(LOGO_MAX_H_PX / ih, LOGO_MAX_W_PX / iw)
    logo_w, logo_h = iw * scale, ih * scale
    lax = fig.add_axes(
        (
            (width_px - MARGIN_PX - logo_w) / width_px,
            BOTTOM_PX / height_px,
            logo_w / width_px,
            logo_h / height_px,
        )
    )
    lax.imshow(img, interpolation="antialiased")
    lax.set_axis_off()
    lax.set_in_layout(False)
    lax.set_label("paritrana-logo")
    fig._paritrana_finish.append(lax)
    return logo_w, logo_h


def _footer(fig: Figure, renderer, px: tuple[int, int], *, footer_source: list[str],
            note: str | None, stamp: str, logo_w: float, logo_h: float) -> float:
    """From the bottom up, left of the logo: the stamp (data date, date made), the source,
    the note, and a rule above them; returns the rule's height (pixels from the bottom)."""
    width_px, height_px = px
    y = BOTTOM_PX
    foot_w = width_px - 2 * MARGIN_PX - (logo_w + 16 if logo_w else 0)
    muted = COLORS["muted"]
    if stamp:
        y += _put(fig, renderer, px, [stamp], y, STAMP_PT, "normal", muted, va="bottom").height + 3
    source_text = _pick_footer(renderer, footer_source, foot_w)
    texts = [source_text] if source_text else []
    if note:
        texts.append(f"{label('note', fig._paritrana_lang)}: {note}")
    for text in texts:
        y += _put_fitted(fig, renderer, px, text, foot_w, y, size=FOOTER_PT,
                         min_size=FOOTER_MIN_PT, max_lines=FOOTER_LINES, color=muted,
                         va="bottom") + 4
    footer_top = max(y, BOTTOM_PX + logo_h + 4) + 6
    rule_y = footer_top / height_px
    rule = Line2D([MARGIN_PX / width_px, 1 - MARGIN_PX / width_px], [rule_y, rule_y],
                  transform=fig.transFigure, color=COLORS["rule"], linewidth=0.8)
    rule.set_in_layout(False)
    fig.add_artist(rule)
    fig._paritrana_finish.append(rule)
    return footer_top


def _chart_area(fig: Figure, px: tuple[int, int], header_bottom: float,
                footer_top: float) -> None:
    """Lay the chart out between header and footer (a layout engine on that rectangle);
    refuse when they leave it less than a fifth of the height."""
    width_px, height_px = px
    bottom = (footer_top + 12) / height_px
    top = 1 - header_bottom / height_px
    if top - bottom < 0.2:
        raise ValueError("title, subtitle and footer leave no room for the chart; shorten them")
    engine = ConstrainedLayoutEngine(
        rect=(MARGIN_PX / width_px, bottom, 1 - 2 * MARGIN_PX / width_px, top - bottom),
        h_pad=4 / 72, w_pad=4 / 72, hspace=0.06, wspace=0.06,
    )
    fig.set_layout_engine(engine)


# --------------------------------------------------------------------------- writing


def _png_size(path: Path) -> tuple[int, int]:
    with open(path, "rb") as fh:
        head = fh.read(24)
    return struct.unpack(">II", head[16:24])


def _freeze_layout(fig: Figure, width_px: int, height_px: int) -> None:
    """Run the layout once, snap every chart Axes to whole pixels and switch the layout
    engine off: the saved files then depend only on the chart, not on float noise left
    by earlier sizes of the same figure."""
    fig.draw_without_rendering()
    logo = set(getattr(fig, "_paritrana_finish", []))
    for ax in fig.axes:
        if ax in logo:
            continue
        box = ax.get_position()
        x0, x1 = round(box.x0 * width_px), round(box.x1 * width_px)
        y0, y1 = round(box.y0 * height_px), round(box.y1 * height_px)
        ax.set_position((x0 / width_px, y0 / height_px, (x1 - x0) / width_px,
                         (y1 - y0) / height_px))
        ax.set_in_layout(True)  # set_position takes it out; a later export lays out again
    fig.set_layout_engine("none")


def _drawable(text: str) -> str:
    """Text as a chart can draw it: no control characters, a tab as a space (no glyph)."""
    return printable(text).replace("\t", " ")


def _printable_texts(fig: Figure) -> None:
    """Clean every text the chart drew (labels, legends, tables, and tick labels, which
    the axis formatter writes again at each draw, so they are fixed to the cleaned text).
    Text that needs nothing is left alone, so output bytes do not change."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for minor in (False, True):
                texts = [t.get_text() for t in axis.get_ticklabels(minor=minor)]
                clean = [_drawable(t) for t in texts]
                if clean != texts:
                    axis.set_ticks(axis.get_ticklocs(minor=minor), labels=clean, minor=minor)
    for text in fig.findobj(Text):
        clean = _drawable(text.get_text())
        if clean != text.get_text():
            text.set_text(clean)


_SVG_ID = re.compile(r'(?<=id=")([pm][0-9a-f]{10})(?=")')


FONT_STACK = "'Source Sans 3', 'Source Sans Pro', 'Helvetica Neue', Arial, sans-serif"


def _svg_finish(path: Path, title: str, alt: str) -> None:
    """One <title> (the chart's title) and a <desc> (the alt text) read by screen readers,
    a font stack so a browser without Source Sans 3 falls back to a sans-serif (not
    Times), and ids numbered in order (matplotlib hashes float coordinates)."""
    text = path.read_text(encoding="utf-8")
    ids = {}
    for found in _SVG_ID.findall(text):
        ids.setdefault(found, f"{found[0]}{len(ids) + 1:04d}")
    for old, new in ids.items():
        text = text.replace(f'id="{old}"', f'id="{new}"').replace(f"#{old})", f"#{new})")
        text = text.replace(f'xlink:href="#{old}"', f'xlink:href="#{new}"')
    text = text.replace("font-family: 'Source Sans 3'", f"font-family: {FONT_STACK}")
    # matplotlib's own <title> and RDF metadata (which name its version) give way to ours
    text = re.sub(r"\s*<title>.*?</title>", "", text, count=1, flags=re.S)
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.S)
    start = text.index("<svg")
    end = text.index(">", start) + 1
    opening = text[start:end]
    if "role=" not in opening:
        opening = opening[:-1] + ' role="img" aria-labelledby="chart-title chart-desc">'
    head = (f'\n <title id="chart-title">{escape(title)}</title>'
            f'\n <desc id="chart-desc">{escape(alt)}</desc>')
    path.write_text(text[:start] + opening + head + text[end:], encoding="utf-8")


def _plotted_data(fig: Figure, data) -> pd.DataFrame:
    if data is not None:
        return pd.DataFrame(data)
    found = panels(fig)
    if not found:
        return pd.DataFrame()
    if len(found) == 1:
        return found[0]["data"]
    frames = [p["data"].assign(panel=i + 1) for i, p in enumerate(found)]
    return pd.concat(frames, ignore_index=True)


def default_alt(fig: Figure, title: str, subtitle: str) -> str:
    parts = [title.rstrip(".") + "." if title else "",
             subtitle.rstrip(".") + "." if subtitle else ""]
    parts += [p["alt"] for p in panels(fig) if p.get("alt")]
    return " ".join(p for p in parts if p)


def _with_privacy_rule(note: str | None, plotted: pd.DataFrame, lang: str) -> str | None:
    """The note, and the rule for small counts when the data shows one (the chart's own
    labels say "<10" through formatting.format_count; the CSV through csv_frame)."""
    from paritrana_analysis.privacy import small_cells, suppression_note

    if not len(plotted) or not small_cells(plotted).to_numpy().any():
        return note
    return f"{note} {suppression_note(lang)}" if note else suppression_note(lang)


def export_paths(out: Path, name: str, formats: tuple[str, ...] = FORMATS) -> dict[str, Path]:
    """The files export_chart writes for `name` in `out`: {"png", "png2x", "svg", "pdf"}
    as asked in `formats`, and always "csv" and "txt"."""
    files = {"png": f"{name}.png", "png2x": f"{name}@2x.png", "svg": f"{name}.svg",
             "pdf": f"{name}.pdf", "csv": f"{name}.csv", "txt": f"{name}.txt"}
    return {k: out / f for k, f in files.items() if k in formats or k in ("csv", "txt")}


def export_chart(
    fig: Figure | Axes,
    name: str,
    *,
    title: str,
    subtitle: str,
    source=None,
    note: str | None = None,
    size: str = "landscape",
    out_dir: str | Path | None = None,
    data: pd.DataFrame | None = None,
    alt: str | None = None,
    logo=None,
    lang: str = "id",
    formats: tuple[str, ...] = FORMATS,
    data_date: str | None = None,
) -> dict[str, Path]:
    """Finish ``fig`` for the press and write PNG (1x, 2x), SVG, PDF, CSV and alt text.

    ``source``: a DataFrame (its ``source`` column), a list of citations or one string;
    None uses the ``source`` column of the data the chart function plotted. The footer
    reads "Sumber: A; B" (sorted, deduplicated, wrapped). ``data``: the table for the CSV
    (default: what the chart function plotted; counts of 1-9 persons read "<10" and the
    footer states the rule, see privacy). ``alt``: alt text (default: title,
    subtitle and the chart's own description). ``logo``: an image path or array, drawn
    bottom-right. ``size``: "landscape" (1200x675 px), "square" (1080x1080) or "portrait"
    (1080x1350). ``formats``: a subset of ("png", "png2x", "svg", "pdf") for a quick
    look (the CSV and alt text are always written). ``data_date``: the date of the data
    shown, as the footer says it ("Agustus 2025"; default: the newest ``as_of`` plotted);
    the footer also says when the chart was made (``clock.today``).
    Returns {"png", "png2x", "svg", "pdf", "csv", "txt"} -> path (the formats written).
    """
    check_lang(lang)
    fig = _check_request(fig, name, size, formats)
    out = _out_folder(out_dir)
    plotted = _plotted_data(fig, data)
    note = _with_privacy_rule(note, plotted, lang)
    footer = footer_choices(source if source is not None else plotted, lang)
    newest = data_date if data_date is not None else _newest_date(plotted, lang)
    stamp = _drawable(stamp_line(newest, lang))
    title, subtitle = _drawable(title), _drawable(subtitle)
    note = _drawable(note) if note else note
    with house_style():
        _finish_at_size(fig, size, lang, title=title, subtitle=subtitle, footer_source=footer,
                        note=note, stamp=stamp, logo=logo)
        alt_text = printable(alt if alt else default_alt(fig, title, subtitle))
        paths = export_paths(out, name, formats)
        _save(fig, paths, title or name)
    _check_png_sizes(paths, *SIZES[size])
    if "svg" in paths:
        _svg_finish(paths["svg"], title or name, alt_text)
    write_csv(plotted, paths["csv"], lang)
    paths["txt"].write_text(textwrap.fill(alt_text, 100) + "\n", encoding="utf-8")
    return paths


def _check_request(fig: Figure | Axes, name: str, size: str,
                   formats: tuple[str, ...]) -> Figure:
    """The Figure to export (an Axes gives its figure); ValueError or TypeError before
    anything is drawn or written when the size, a format, the name or ``fig`` is wrong."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {sorted(SIZES)}, not {size!r}")
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s) {sorted(unknown)}; known: {FORMATS}")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"name must be a plain file name (letters, digits, _ . -), not {name!r}")
    if isinstance(fig, Axes):
        fig = fig.figure
    if not isinstance(fig, Figure):
        raise TypeError(f"expected a matplotlib Figure or Axes, got {type(fig).__name__}")
    return fig


def _finish_at_size(fig: Figure, size: str, lang: str, **finish) -> None:
    """Give the figure the preset's pixel size, draw header and footer (`_finish`), fix
    the layout to whole pixels and clean every text; refuse a figure that ends up at
    another size."""
    width_px, height_px = SIZES[size]
    FigureCanvasAgg(fig)
    fig.set_dpi(DPI)
    fig.set_size_inches(width_px / DPI, height_px / DPI)
    fig._paritrana_lang = lang
    _finish(fig, size=size, **finish)
    _freeze_layout(fig, width_px, height_px)
    _printable_texts(fig)
    relayout_labels(fig)
    got = fig.canvas.get_width_height()
    if tuple(got) != (width_px, height_px):
        raise ValueError(
            f"figure is {got[0]}x{got[1]} px, preset {size} is {width_px}x{height_px}"
        )


def _out_folder(out_dir: str | Path | None) -> Path:
    """The folder to write into (default paths.FIGURES_DIR), created; never data/raw."""
    if out_dir is None:
        from paritrana_analysis.paths import FIGURES_DIR

        out_dir = FIGURES_DIR
    out = Path(out_dir)
    refuse_raw(out)
    out.mkdir(parents=True, exist_ok=True)
    return out


def _newest_date(plotted: pd.DataFrame, lang: str) -> str | None:
    """The newest ``as_of`` plotted, as the footer says it ("Agustus 2025"); None when the
    data has no dates."""
    if "as_of" not in plotted.columns or not plotted["as_of"].notna().any():
        return None
    from paritrana_analysis.formatting import format_as_of

    return format_as_of(pd.to_datetime(plotted["as_of"]).max(), lang=lang)


def _save(fig: Figure, paths: dict[str, Path], title: str) -> None:
    """Write the image formats asked for, without the metadata that would change the bytes
    from one run to the next (dates, software versions); the PDF's title is ``title``."""
    if "png" in paths:
        fig.savefig(paths["png"], format="png", dpi=DPI, metadata={"Software": None})
    if "png2x" in paths:
        fig.savefig(paths["png2x"], format="png", dpi=2 * DPI, metadata={"Software": None})
    if "svg" in paths:
        fig.savefig(paths["svg"], format="svg", dpi=DPI,
                    metadata={"Date": None, "Creator": None})
    if "pdf" in paths:
        fig.savefig(paths["pdf"], format="pdf", dpi=DPI,
                    metadata={"CreationDate": None, "ModDate": None, "Creator": None,
                              "Producer": None, "Title": title})


def _check_png_sizes(paths: dict[str, Path], width_px: int, height_px: int) -> None:
    """Refuse PNGs whose pixel size is not the preset's (1x and 2x), read from the files."""
    for key, factor in (("png", 1), ("png2x", 2)):
        if key not in paths:
            continue
        got = _png_size(paths[key])
        if got != (width_px * factor, height_px * factor):
            raise ValueError(
                f"{paths[key].name} is {got}, expected {width_px * factor}x{height_px * factor}"
            )
