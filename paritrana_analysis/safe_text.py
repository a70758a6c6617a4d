"""Text written into files other programs open: no control characters, no formula starts.

A source cell or file name can hold anything. An ESC character makes an SVG invalid XML
and shows as garbage in a PDF or a web page, so ``printable`` removes control characters
(C0 and C1, DEL, and what XML forbids) and keeps newline and tab. A spreadsheet opening
a CSV runs a cell starting with ``=`` ``+`` ``-`` ``@`` as a formula, also after a
separator it splits on: Excel set to Indonesian splits on ``;``, so ``BPJS;=1+2`` becomes
the formula ``=1+2``. ``formula_safe`` puts an apostrophe before every such start (at
the beginning and after ``;`` ``,`` tab or a line break, blanks allowed in between), so
the cell is shown as text wherever the spreadsheet splits.
"""

from __future__ import annotations

import re

# C0 except tab and newline, DEL, C1, UTF-16 surrogates, and the two non-characters
# XML 1.0 forbids.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# = + - @ and their full-width forms (which some spreadsheets also read as formulas), at
# the start or after a separator, behind any blanks a spreadsheet may trim.
_FORMULA = re.compile("(^|[;,\t\r\n])([ \u00a0\t\r]*)(?=[=+\\-@\uff1d\uff0b\uff0d\uff20])")


def printable(text: str) -> str:
    """``text`` without control characters (newline and tab kept)."""
    return _CONTROL.sub("", text)


def formula_safe(text: str) -> str:
    """``text`` with an apostrophe before every formula start: ``BPJS;=1+2`` ->
    ``BPJS;'=1+2``, ``=cmd.xlsx`` -> ``'=cmd.xlsx``. Text with none is returned as is."""
    return _FORMULA.sub(lambda m: f"{m.group(1)}{m.group(2)}'", text)
