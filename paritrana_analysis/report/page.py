"""reports/index.html: a one-page summary an analyst can send to a head of office.

Headline cards (figure, date, source) from the same rules as the charts, the key charts
embedded, each notebook's headline numbers under its own title with links to it, the
gallery and the workbook, the data date and the date it was made; one column on a phone
(viewport, fluid images), in the run's language. Text from the data is escaped and
cleaned (safe_text).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from paritrana_analysis.clock import today
from paritrana_analysis.formatting import format_date, label
from paritrana_analysis.safe_text import printable

KEY_CHARTS = ("03_capaian_vs_target", "06_proyeksi_2045", "07_peta_petak_provinsi")
REGENCY_CHARTS = ("12_kabupaten_kota_peringkat", "13_kabupaten_kota_kesenjangan")

STYLE = """
*{box-sizing:border-box}
body{font-family:"Source Sans 3","Source Sans Pro","Helvetica Neue",Arial,sans-serif;
 color:#222;margin:0;line-height:1.45;overflow-wrap:anywhere}
main{max-width:64rem;margin:0 auto;padding:1rem}
h1{font-size:1.7rem;margin:.4rem 0}
h2{font-size:1.25rem;margin:1.6rem 0 .5rem}
.stamp{color:#666;margin:.2rem 0 1rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.8rem}
.card{border:1px solid #ddd;border-left:4px solid #C8500A;padding:.7rem .9rem;border-radius:4px}
.card .value{font-size:1.5rem;font-weight:700;display:block}
.card .what{font-weight:600}
.card small{color:#555;display:block;margin-top:.2rem}
figure{margin:1rem 0}
img{max-width:100%;height:auto;border:1px solid #ddd}
dl{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.4fr);gap:.2rem 1rem;margin:.3rem 0}
dt{color:#555}dd{margin:0}
@media (max-width:40rem){dl{grid-template-columns:1fr}dd{margin-bottom:.4rem}}
nav a{margin-right:1rem}
"""


def _t(value) -> str:
    return html.escape(printable(str(value)))


def notebook_title(path: Path) -> str:
    """The first "# heading" of a notebook (its question), or its file name."""
    import nbformat

    try:
        cells = nbformat.read(path, as_version=4).cells
    except (OSError, ValueError):
        return path.stem
    for cell in cells:
        if cell.cell_type == "markdown":
            found = re.search(r"^#\s+(.+)$", cell.source, flags=re.M)
            if found:
                return found.group(1).strip()
    return path.stem


def _lines(text: str) -> str:
    rows = []
    for line in text.strip().splitlines():
        key, sep, value = line.partition(": ")
        rows.append(f"<dt>{_t(key)}</dt><dd>{_t(value)}</dd>" if sep else
                    f"<dt>{_t(line)}</dt><dd></dd>")
    return "<dl>" + "".join(rows) + "</dl>"


def _cards(cards: list[dict]) -> str:
    return "<div class='cards'>" + "".join(
        f"<div class='card'><span class='what'>{_t(c['what'])}</span>"
        f"<span class='value'>{_t(c['value'])}</span>"
        f"<small>{_t(c.get('date', ''))}</small><small>{_t(c.get('source', ''))}</small></div>"
        for c in cards) + "</div>"


def _figures(charts: list[tuple[str, str]], folder: Path) -> str:
    """Each chart, with its square version on a phone when there is one (the
    art-directed layout reads at 390 px; the landscape one would be a thumbnail)."""
    out = []
    for src, alt in charts:
        square = src[:-4] + "_1080x1080.png"
        phone = f"<source media='(max-width: 600px)' srcset='{_t(square)}'>" \
            if (folder / square).exists() else ""
        out.append(f"<figure><a href='{_t(src)}'><picture>{phone}<img src='{_t(src)}' "
                   f"alt='{_t(alt)}' width='1200' height='675'></picture></a></figure>")
    return "".join(out)



def _regency_section(charts: list[tuple[str, str]], skipped: dict[str, str], folder: Path,
                     lang: str) -> str:
    """The kabupaten/kota charts under their own heading, or the line saying why there
    are none (notebook 09 skipped)."""
    why = next((reason for stem, reason in skipped.items() if "kabupaten_kota" in stem), "")
    if not charts and not why:
        return ""
    body = _figures(charts, folder) if charts else f"<p>{_t(why)}</p>"
    return f"<h2>{_t(label('x_tab_regencies', lang))}</h2>{body}"


def write_page(entries: list[tuple[str, str]], region: str, folder: Path, *,
               lang: str = "id", cards: list[dict] | None = None,
               charts: list[tuple[str, str]] | None = None, data_date: str = "",
               gallery: str = "figures/index.html", workbook: str | None = None,
               titles: dict[str, str] | None = None, skipped: dict[str, str] | None = None,
               regency_charts: list[tuple[str, str]] | None = None) -> Path:
    """Write <folder>/index.html. `entries`: (notebook stem, its headline text);
    `cards`: {what, value, date, source}; `charts`: (image path, alt text) relative to
    `folder`; `titles`: notebook stem -> its title; `data_date`: what the page speaks for
    (reference date, newest figure), said before the date it was made; `skipped`: notebook
    stem -> why it was not run (said in its place); `regency_charts`: the kabupaten/kota
    section's charts (the section says why when there are none)."""
    from paritrana_analysis.regions import region_name

    name = f"{region_name(region, lang)} ({region})"
    made = label("made_on", lang, date=format_date(today(), lang=lang))
    stamp = f"{data_date} · {made}" if data_date else made
    links = [(gallery, label("page_gallery", lang))]
    if workbook:
        links.append((workbook, label("page_workbook", lang)))
    nav = "<nav>" + "".join(f"<a href='{_t(h)}'>{_t(t)}</a>" for h, t in links) + "</nav>"
    skipped = skipped or {}
    sections = "".join(
        f"<section><h2>{_t(stem)}</h2><p>{_t(skipped[stem])}</p></section>"
        if stem in skipped else
        f"<section><h2>{_t((titles or {}).get(stem, stem))}</h2>{_lines(numbers)}"
        f"<p><a href='html/{_t(stem)}.html'>{_t(label('page_notebook', lang))}</a> · "
        f"<a href='notebooks/{_t(stem)}.ipynb'>ipynb</a></p></section>"
        for stem, numbers in entries)
    regency = _regency_section(regency_charts or [], skipped, folder, lang)
    title = label("page_title", lang, region=name)
    page = (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_t(title)}</title><style>{STYLE}</style></head><body><main>"
        f"<h1>{_t(title)}</h1><p class='stamp'>{_t(stamp)}</p>{nav}"
        f"{_cards(cards or [])}{_figures(charts or [], folder)}{regency}"
        f"<h2>{_t(label('page_notebooks', lang))}</h2>{sections}</main></body></html>\n"
    )
    out = folder / "index.html"
    out.write_text(page, encoding="utf-8")
    return out
