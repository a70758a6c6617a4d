"""Tables as an analyst reads them: a pandas Styler for the notebooks, and the report's
tables as one xlsx workbook to forward.

Numbers in Indonesian (or English) conventions through `formatting`: counts
``2.789.917``, money ``Rp1,42 triliun``, percentages as published ``31,33%``, dates without
a midnight ``00:00:00`` (a month as the month), a missing value as an en dash, never
``<NA>`` or ``1420000000000.0``; headers in the language of the run.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from paritrana_analysis.formatting import (
    MISSING,
    column_label,
    format_as_of,
    format_figure,
    format_money,
    format_number,
    is_missing,
)

__all__ = ["styled", "write_workbook", "column_kind"]

_PCT = ("coverage_pct", "target_pct", "pct_from_counts", "lower", "upper", "long_term_pct")


def column_kind(name: str, series: pd.Series) -> str:
    """How a column is shown: "date", "pct", "money", "ratio", "count", "bool" or "text"."""
    if pd.api.types.is_datetime64_any_dtype(series) or name in ("as_of", "published"):
        return "date"
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if not pd.api.types.is_numeric_dtype(series):
        return "text"
    if name in _PCT or name.endswith("_pct"):
        return "pct"
    if name.endswith("_idr"):
        return "money"
    if name in ("denominator_to_employed",) or name.startswith("ratio"):
        return "ratio"
    if name == "year" or name.endswith("_year"):
        return "year"
    return "count"


def _formatter(kind: str, lang: str):
    def fmt(value):
        if is_missing(value):
            return MISSING
        if isinstance(value, str):  # "<10" or "–" from privacy.suppress_small
            return value
        if kind == "date":
            return format_as_of(value, lang=lang)
        if kind == "pct":
            return format_figure(value, lang=lang)
        if kind == "money":
            return format_money(value, lang=lang)
        if kind == "ratio":
            return format_number(value, decimals=2, lang=lang)
        if kind == "year":
            return str(int(value))
        if kind == "bool":
            return {"id": ("ya", "tidak"), "en": ("yes", "no")}[lang][0 if value else 1]
        if kind == "count":
            return format_number(value, decimals=0 if float(value).is_integer() else 2,
                                 lang=lang)
        return str(value)
    return fmt


def styled(df: pd.DataFrame, *, lang: str = "id", hide_index: bool = True):
    """`df` as a notebook shows it: numbers, money, percentages and dates formatted,
    missing values as "–", headers in `lang`, counts of 1-9 persons as "<10"
    (privacy.suppress_small). Returns a pandas Styler (display it)."""
    from paritrana_analysis.privacy import suppress_small

    shown = suppress_small(df).rename(columns={c: column_label(str(c), lang) for c in df.columns})
    formats = {column_label(str(c), lang): _formatter(column_kind(str(c), df[c]), lang)
               for c in df.columns}
    styler = shown.style.format(formats, na_rep=MISSING, escape="html")
    styler = styler.set_table_styles([{"selector": "th", "props": "text-align: left;"}])
    return styler.hide(axis="index") if hide_index else styler


_EXCEL = {"date": "[$-421]d mmmm yyyy", "pct": '0.00"%"', "money": '"Rp"#,##0',
          "ratio": "0.00", "count": "#,##0", "year": "0"}
_EXCEL_EN = {**_EXCEL, "date": "d mmmm yyyy", "money": '"IDR "#,##0'}


def write_workbook(path: Path, sheets: dict[str, tuple[pd.DataFrame, str]], *,
                   lang: str = "id") -> Path:
    """One xlsx workbook, a sheet per table: headers in `lang`, frozen header row,
    number formats (thousands, ``Rp``, percentages, dates with Indonesian month names via
    the 421 locale code), column widths, and the table's source line under it. Counts of
    1-9 persons read "<10", with the rule under the source line (privacy.suppress_small).
    `sheets`: {sheet name: (table, source line)}."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from paritrana_analysis.privacy import small_cells, suppress_small, suppression_note
    from paritrana_analysis.safe_text import printable

    book = Workbook()
    book.remove(book.active)
    formats = _EXCEL if lang == "id" else _EXCEL_EN
    for name, (df, source) in sheets.items():
        sheet = book.create_sheet(name[:31])
        kinds = [column_kind(str(c), df[c]) for c in df.columns]
        hidden = small_cells(df).to_numpy().any()
        df = suppress_small(df)
        sheet.append([column_label(str(c), lang) for c in df.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in df.itertuples(index=False):
            sheet.append([_cell(v, kind) for v, kind in zip(row, kinds, strict=True)])
        for j, kind in enumerate(kinds, start=1):
            letter = sheet.cell(row=1, column=j).column_letter
            width = max([len(str(sheet.cell(row=1, column=j).value))]
                        + [min(len(str(v)), 60) for v in df.iloc[:, j - 1].tolist()] + [8])
            sheet.column_dimensions[letter].width = min(width + 2, 62)
            if kind in formats:
                for cell in sheet[letter][1:]:
                    cell.number_format = formats[kind]
        sheet.freeze_panes = "A2"
        sheet.append([])
        for line in [source] + ([suppression_note(lang)] if hidden else []):
            sheet.append([printable(line)])
            sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True)
    book.save(path)
    return path


def _cell(value, kind: str):
    from paritrana_analysis.safe_text import formula_safe, printable

    if is_missing(value):
        return None
    if isinstance(value, str) and kind != "text":  # "<10" or "–" (privacy.suppress_small)
        return value
    if kind == "date":
        return pd.Timestamp(value).to_pydatetime()
    if kind in ("pct", "money", "ratio", "count", "year"):
        number = float(value)
        return int(number) if number.is_integer() else number
    if kind == "bool":
        return bool(value)
    return formula_safe(printable(str(value)))


def report_tables(data: dict, *, region: str, as_of=None, lang: str = "id"
                  ) -> dict[str, tuple[pd.DataFrame, str]]:
    """The report's tables for the workbook: {sheet: (table, source line)}."""
    from paritrana_analysis.claims import claims_totals
    from paritrana_analysis.clock import reference_date
    from paritrana_analysis.formatting import label
    from paritrana_analysis.reconcile import reconcile
    from paritrana_analysis.segments import segment_breakdown
    from paritrana_analysis.sources import source_line
    from paritrana_analysis.standing import figures_by_date, standing_figures
    from paritrana_analysis.targets import targets_for

    reference = reference_date(as_of)
    cov = data["coverage"][data["coverage"]["as_of"] <= reference]
    ours = cov[cov["region_code"] == region]
    keep = [c for c in ("region", "segment", "as_of", "covered", "potential", "coverage_pct",
                        "basis", "qualifier", "source") if c in cov.columns]
    sheets = {"coverage": ours[keep]}
    sheets["reconciliation"] = reconcile(cov, data["workforce"]).query(
        "region_code == @region")[["as_of", "coverage_pct", "covered", "denominator",
                                   "employed", "denominator_to_employed", "flagged",
                                   "flag_reasons", "source"]]
    provinces = standing_figures(figures_by_date(cov, data["workforce"]), level="province")
    sheets["provinces"] = provinces[["region_code", "region", "as_of", "coverage_pct",
                                     "basis", "flagged", "source"]]
    if (ours["segment"] != "all").any():
        sheets["segments"] = segment_breakdown(cov, region_code=region).drop(
            columns=["region_code"])
    claims = claims_totals(data["claims"])
    sheets["claims"] = claims[claims["region_code"].isin([region, "ID"])]
    sheets["targets"] = targets_for(region, None, data["targets"])[
        ["region", "year", "target_pct", "basis", "source"]]
    return {label(f"sheet_{k}", lang): (v.reset_index(drop=True), source_line(v, lang))
            for k, v in sheets.items()}
