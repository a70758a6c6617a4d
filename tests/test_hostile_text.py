"""Hostile text through every export: formula starts after a separator, control
characters, markup and quotes, a file name as a source. Each output is parsed the way the
program that opens it would: SVG with an XML parser, CSV with the csv module splitting on
`;` (Excel in Indonesia), `,` and tab, HTML checked for escaping."""

import csv
import html
import re
from html.parser import HTMLParser

import defusedxml.ElementTree as ET
import pandas as pd
import pytest
from matplotlib.text import Text

from paritrana_analysis.charts import awards_chart, export_chart
from paritrana_analysis.charts._base import attach, new_figure
from paritrana_analysis.report import build as report
from paritrana_analysis.report.standard_set import Spec, write_gallery
from paritrana_analysis.safe_text import formula_safe, printable

HOSTILE = [
    "BPJS;=1+2",
    "Kanwil,+62 811 123",
    "kolom\t-3+4",
    "x;  @SUM(A1:A9)",
    "\x1b[31mmerah\x1b[0m",
    "<script>alert('x')</script>",
    "kutip \"ganda\" & 'tunggal'",
    "bel\x07 csi\x9b del\x7f nul\x00",
    "=cmd.xlsx",
    "\uff1d1+2",
]
SOURCE = "=cmd.xlsx"  # a file name standing in for an empty Sumber cell
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
pytestmark = pytest.mark.filterwarnings("ignore:Glyph .* missing:UserWarning")  # full-width =
FORMULA = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _bars():
    """A chart whose tick labels, legend and annotation all come from the data."""
    fig, ax = new_figure()
    ax.barh(HOSTILE, range(1, len(HOSTILE) + 1), label=HOSTILE[4])
    ax.annotate(HOSTILE[7], (1, 1))
    ax.legend()
    data = pd.DataFrame({"label": HOSTILE, "value": range(-5, len(HOSTILE) - 5),
                         HOSTILE[0]: HOSTILE[::-1], "source": [SOURCE] * len(HOSTILE)})
    attach(ax, data, alt=" ".join(HOSTILE))
    return fig


def _awards():
    n = len(HOSTILE)
    awards = pd.DataFrame({"year": [2025] * n, "scope": ["province"] * n,
                           "province": ["ID-SS"] * n, "category": ["Provinsi;-1"] * n,
                           "rank": pd.array(range(1, n + 1), dtype="Int64"),
                           "winner": HOSTILE, "source": [SOURCE] * n})
    return awards_chart(awards, max_rows=n)


@pytest.fixture(scope="module", params=["bars", "awards"])
def exported(request, tmp_path_factory):
    fig = _bars() if request.param == "bars" else _awards()
    out = tmp_path_factory.mktemp(request.param)
    paths = export_chart(fig, request.param, title="Judul " + " ".join(HOSTILE),
                         subtitle=HOSTILE[4] + HOSTILE[5], note=HOSTILE[7], out_dir=out)
    return fig, paths


def _spreadsheet_cells(path, delimiter):
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return [cell for row in csv.reader(fh, delimiter=delimiter) for cell in row]


def _is_number(text):
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_no_csv_cell_starts_a_formula_whatever_the_separator(exported, delimiter):
    _, paths = exported
    cells = _spreadsheet_cells(paths["csv"], delimiter)
    assert cells
    for cell in cells:
        start = cell.lstrip(" \u00a0\t\r")
        assert _is_number(start) or not start.startswith(FORMULA), (delimiter, cell)


def test_csv_keeps_every_value_readable_behind_the_apostrophe(exported):
    fig, paths = exported
    table = pd.read_csv(paths["csv"], dtype=str, keep_default_na=False, sep=";",
                        encoding="utf-8-sig")
    assert set(table["Sumber"]) == {"'=cmd.xlsx"}
    column = "label" if "label" in table.columns else "Pemenang"
    assert sorted(table[column]) == sorted(formula_safe(h) for h in HOSTILE)
    assert "BPJS;'=1+2" in table[column].tolist()


def test_svg_parses_as_xml_and_holds_no_control_characters(exported):
    _, paths = exported
    text = paths["svg"].read_text(encoding="utf-8")
    root = ET.fromstring(text)  # an ESC made this raise before
    assert not CONTROL.search(text)
    assert not [el for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "script"]
    title = root.find("{http://www.w3.org/2000/svg}title")
    assert "<script>alert('x')</script>" in title.text  # kept as text, escaped in the file
    assert "merah" in "".join(root.itertext())


def test_every_drawn_text_and_the_pdf_title_are_clean(exported):
    fig, paths = exported
    drawn = [t.get_text() for t in fig.findobj(Text)]
    drawn += [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert any("merah" in t for t in drawn)
    assert not [t for t in drawn if CONTROL.search(t)]
    title = _pdf_title(paths["pdf"].read_bytes())
    assert title.startswith("Judul BPJS;=1+2") and not CONTROL.search(title)


def _pdf_title(pdf: bytes) -> str:
    """The /Title of the PDF's Info dictionary (a literal string, UTF-16 when not ASCII)."""
    found = re.search(rb"/Title \(((?:\\.|[^\\)])*)\)", pdf, re.S)
    raw = re.sub(rb"\\(.)", rb"\1", found.group(1), flags=re.S)
    return raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")


def test_alt_text_is_clean(exported):
    _, paths = exported
    alt = paths["txt"].read_text(encoding="utf-8")
    assert "merah" in alt and not CONTROL.search(alt)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def _check_html(page: str) -> list[str]:
    assert not CONTROL.search(page)
    assert html.escape("<script>alert('x')</script>") in page
    parser = _Tags()
    parser.feed(page)
    assert "script" not in parser.tags
    return parser.tags


def test_gallery_escapes_and_cleans(exported, tmp_path):
    _, paths = exported
    spec = Spec("bars", None, "Judul " + " ".join(HOSTILE), HOSTILE[4] + HOSTILE[5])
    page = write_gallery(paths["png"].parent, [(spec, paths)], "id").read_text("utf-8")
    tags = _check_html(page)
    assert tags.count("figure") == 1 and tags.count("img") == 1


def test_report_index_escapes_and_cleans(tmp_path):
    entries = [("01_ikhtisar", "\n".join(HOSTILE)), ("02<b>", "Cakupan \x1b[1m31,33%")]
    page = report.write_index(entries, "ID-SS", tmp_path).read_text("utf-8")
    tags = _check_html(page)
    assert "b" not in tags and "02&lt;b&gt;" in page and "31,33%" in page


def test_the_rules_themselves():
    assert formula_safe("BPJS;=1+2") == "BPJS;'=1+2"
    assert formula_safe("a, -1;\t+2") == "a, '-1;\t'+2"
    assert formula_safe("\t=1") == "\t'=1" and formula_safe("\tteks") == "\tteks"
    assert formula_safe("=cmd.xlsx") == "'=cmd.xlsx"
    assert formula_safe("Kompas, 2 Januari 2025; BPS 2024") == "Kompas, 2 Januari 2025; BPS 2024"
    assert formula_safe("Rp 1.000 - Rp 2.000") == "Rp 1.000 - Rp 2.000"
    assert printable("a\x1b[0mb\tc\nd\x85\x7f") == "a[0mb\tc\nd"
