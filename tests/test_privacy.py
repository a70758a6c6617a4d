"""Counts of fewer than 10 persons never shown, nor what would give them away."""

import pandas as pd
import pytest

from paritrana_analysis.privacy import small_cells, suppress_small, suppression_note

AUG = pd.Timestamp("2025-08-01")


def _coverage():
    return pd.DataFrame({
        "region_code": ["16.71"] * 4 + ["16.05"] * 2,
        "segment": ["pu", "bpu", "jakon", "all", "pu", "bpu"], "as_of": AUG,
        "covered": pd.array([120, 5, 30, 155, 3, 40], dtype="Int64"),
        "potential": pd.array([1000] * 6, dtype="Int64"),
        "coverage_pct": [12.0, 0.5, 3.0, 15.5, 0.3, 4.0]})


def test_small_counts_and_their_percentages_are_hidden():
    shown = suppress_small(_coverage())
    assert shown["covered"].tolist() == [120, "<10", "–", 155, "<10", 40]
    assert shown["coverage_pct"].tolist() == [12.0, "–", "–", 15.5, "–", 4.0]
    assert shown["potential"].tolist() == [1000] * 6  # public BPS figures stay


def test_a_total_row_does_not_give_a_hidden_part_away():
    """16.71: 155 - 120 - 30 would reveal bpu = 5, so the next smallest part (jakon) is
    hidden too; 16.05 has no total row, so its one small part is enough."""
    mask = small_cells(_coverage())
    assert mask["covered"].tolist() == [False, True, True, False, True, False]
    one_part = _coverage().iloc[[1, 3]]  # bpu and all: nothing else to hide
    assert small_cells(one_part)["covered"].tolist() == [True, False]


def test_participant_and_claims_counts():
    people = pd.DataFrame({"region_code": ["16.71"] * 3, "segment": ["pu", "bpu", "all"],
                           "month": AUG, "active": [9, 10, 19], "new": [0, 1, 1],
                           "lapsed": [0, 0, 0]})
    shown = suppress_small(people)
    assert shown["active"].tolist() == ["<10", "–", 19]  # 10 hidden: 19 - 10 = 9
    assert shown["lapsed"].tolist() == [0, 0, 0]  # 0 is nobody: shown
    assert shown["new"].tolist() == [0, "<10", "<10"]  # the total is hidden itself
    claims = pd.DataFrame({"region_code": ["16.71", "16.05"], "period": "2025-08",
                           "program": ["JKM", "JKM"], "cases": [3, 250],
                           "amount_idr": [126e6, 1.05e10]})
    assert suppress_small(claims)["amount_idr"].tolist() == ["–", 1.05e10]
    assert suppress_small(claims, threshold=5)["cases"].tolist() == ["<5", 250]


def test_the_note_states_the_rule():
    assert suppression_note() == ('Angka 1-9 orang ditampilkan sebagai "<10", dan angka yang '
                                  'dapat membukanya sebagai "–", untuk melindungi data '
                                  'pribadi.')
    assert "<10" in suppression_note("en")
    with pytest.raises(ValueError):
        suppression_note("fr")


def _small_claims():
    from paritrana_analysis.charts.examples import claims_example

    claims = claims_example()
    claims.loc[claims["program"] == "JKP", ["cases", "amount_idr"]] = (4, 2.6e8)
    return claims


def test_a_chart_labels_small_counts_and_states_the_rule(tmp_path):
    from paritrana_analysis import charts

    fig = charts.claims_chart(_small_claims())
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "<10" in texts and "4" not in texts
    assert not [t for t in texts if "260" in t]  # the amount of 4 cases is not drawn
    paths = charts.export_chart(fig, "klaim", title="t", subtitle="s", out_dir=tmp_path)
    svg = paths["svg"].read_text(encoding="utf-8")
    assert "melindungi data" in svg  # the footer rule, drawn as text in the SVG
    csv = paths["csv"].read_text(encoding="utf-8-sig")
    line = next(r for r in csv.splitlines() if ";JKP;" in r)
    assert ";<10;–;" in line and "260000000" not in csv


def test_no_rule_where_no_count_is_small(tmp_path):
    from paritrana_analysis import charts
    from paritrana_analysis.charts.examples import claims_example

    paths = charts.export_chart(charts.claims_chart(claims_example()), "klaim", title="t",
                                subtitle="s", out_dir=tmp_path)
    assert "melindungi data" not in paths["svg"].read_text(encoding="utf-8")


def test_report_tables_suppress_small_counts(tmp_path):
    from openpyxl import load_workbook

    from paritrana_analysis.report.tables import styled, write_workbook

    path = write_workbook(tmp_path / "t.xlsx", {"claims": (_small_claims(), "Sumber: X"),
                                                "coverage": (_coverage(), "Sumber: Y")})
    book = load_workbook(path)
    rows = list(book["claims"].iter_rows(values_only=True))
    jkp = next(r for r in rows if "JKP" in r)
    assert "<10" in jkp and "–" in jkp and 4 not in jkp and 2.6e8 not in jkp
    assert rows[-1][0] == suppression_note() and rows[-2][0] == "Sumber: X"
    cells = [c for r in book["coverage"].iter_rows(values_only=True) for c in r]
    assert cells.count("<10") == 2 and 5 not in cells
    html = styled(_coverage()).to_html()
    assert html.count("&lt;10") == 2 and ">5<" not in html


def test_format_count():
    from paritrana_analysis.formatting import format_count

    assert [format_count(v) for v in (0, 4, 9, 10, 2_789_917, None)] == \
        ["0", "<10", "<10", "10", "2.789.917", "–"]
