"""The figure we stand behind: one per region and date, the comparable series, and the
rule that a flagged figure never reaches a headline without the chart saying so."""

import pandas as pd
import pytest

from paritrana_analysis import load_all
from paritrana_analysis.report import standard_set as S
from paritrana_analysis.report.headlines import flag_note
from paritrana_analysis.standing import comparable, figures_by_date, standing_figure


@pytest.fixture(scope="module")
def data():
    return load_all()


def _rows(**cols):
    n = len(next(iter(cols.values())))
    base = {"region_code": ["ID-SS"] * n, "segment": ["all"] * n, "basis": ["potential"] * n,
            "source": ["Rekap Kanwil"] * n}
    return pd.DataFrame({**base, **cols})


def test_a_jump_in_the_denominator_starts_another_series():
    rows = _rows(as_of=pd.to_datetime(["2025-04-29", "2025-08-01"]),
                 covered=pd.array([1_100_000, 2_789_917], dtype="Int64"),
                 potential=pd.array([3_000_000, None], dtype="Int64"),
                 coverage_pct=pd.array([36.0, 31.33], dtype="Float64"))
    assert comparable(rows)["coverage_pct"].tolist() == [31.33]  # ~8,9 juta vs 3 juta
    same = rows.assign(potential=pd.array([8_800_000, None], dtype="Int64"),
                       coverage_pct=pd.array([12.5, 31.33], dtype="Float64"))
    assert len(comparable(same)) == 2
    other_basis = same.assign(basis=["employed", "potential"])
    assert len(comparable(other_basis)) == 1


def test_on_one_date_an_unflagged_figure_wins_over_a_flagged_one():
    rows = _rows(as_of=pd.to_datetime(["2025-06-01"] * 2),
                 covered=pd.array([None, 900_000], dtype="Int64"),
                 potential=pd.array([None, 5_000_000], dtype="Int64"),
                 coverage_pct=pd.array([40.0, 40.2], dtype="Float64"))
    workforce = pd.DataFrame({"region_code": ["ID-SS"], "as_of": pd.to_datetime(["2025-08-01"]),
                              "employed": pd.array([3_000_000], dtype="Int64"),
                              "source": ["BPS"]})
    # 900.000 of 5 juta is 18%, not 40,2%, and 5 juta is above BPS's 3 juta: flagged,
    # although it states a count; the bare 40% is not flagged and wins
    chosen = figures_by_date(rows, workforce)
    assert chosen["coverage_pct"].tolist() == [40.0] and chosen["others"].tolist() == [1]


def test_sumatera_selatan_stands_on_31_33_and_it_is_flagged(data):
    stand = standing_figure(data["coverage"], data["workforce"], "ID-SS")
    assert stand.row["coverage_pct"] == pytest.approx(31.33)
    assert stand.flagged and not stand.workers_supported
    assert stand.ratio_to_employed == pytest.approx(1.98, abs=0.01)
    # other series, not joined: 2018 (another denominator), Aug 2024 and 36% (no basis
    # said, other outlets), Sep 2024 (a denominator a fifth away)
    assert stand.apart["coverage_pct"].tolist() == [26.72, 34.0, 32.7, 36.0]


@pytest.mark.parametrize("region", ["ID-SS", "ID-JA", "ID-BA", "ID-NB", "ID-BT", "ID"])
def test_no_headline_stands_on_a_flagged_figure_without_the_chart_saying_so(data, region):
    said = 0
    for key in S.BUILDERS:
        try:
            spec = S.standard_chart(key, region=region, data=data)
        except S.NoData:
            continue
        for row in spec.figures:
            if row["region_code"] == region and bool(row["flagged"]):
                assert spec.note and flag_note(row, "id") in spec.note, (key, region)
                said += 1
        if key == "ranked" and any(bool(r["flagged"]) for r in spec.figures):
            assert "* ditandai rekonsiliasi" in spec.note
    stand = standing_figure(data["coverage"], data["workforce"], region)
    assert said > 0 if stand is not None and stand.flagged else said == 0


def test_every_chart_names_the_same_figure_as_the_headlines(data):
    progress = S.standard_chart("progress", region="ID-JA", data=data)
    ranked = S.standard_chart("ranked", region="ID-JA", data=data)
    tiles = S.standard_chart("tilemap", region="ID-JA", data=data)
    # "sekitar 580 ribu orang atau 44 persen" (17 Mar 2025): said as about 44%
    assert progress.title.startswith("Jambi sekitar 44% (17 Mar 2025)")
    ours = ranked.fig._paritrana_panels[-1]["data"].query("region_code == 'ID-JA'")
    assert ours["coverage_pct"].tolist() == [44.0]  # the same figure on every chart
    tile = tiles.fig._paritrana_panels[-1]["data"].query("region_code == 'ID-JA'")
    assert tile["coverage_pct"].tolist() == [44.0] and tile["recent"].iloc[0]
