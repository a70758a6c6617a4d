"""Claims summaries against figures from the sources, worked by hand."""

import pandas as pd
import pytest

from paritrana_analysis.claims import (
    benefits_per_covered_worker,
    claims_by_program,
    claims_totals,
    period_span,
    year_to_date,
)


def frame(rows):
    cols = ["region_code", "region", "period", "program", "cases", "amount_idr", "source"]
    out = pd.DataFrame(rows, columns=cols)
    out["cases"] = out["cases"].astype("Int64")
    out["amount_idr"] = out["amount_idr"].astype("Float64")
    return out


SUMSEL = [  # AkselNews, 27 Aug 2025: through July 2025
    ("ID-SS", "Sumatera Selatan", "2025-01/2025-07", "all", 43_251, 718.7e9, "AkselNews"),
    ("ID-SS", "Sumatera Selatan", "2025-01/2025-07", "beasiswa", 1_582, 6.18e9, "AkselNews"),
]
PALEMBANG = [  # Tribun Sumsel, 14 Feb 2024: Palembang branch, 2023
    ("16.71", "Kota Palembang", "2023", "JHT", 35_014, 397.72e9, "Tribun Sumsel"),
    ("16.71", "Kota Palembang", "2023", "JKM", 1_523, 27.825e9, "Tribun Sumsel"),
    ("16.71", "Kota Palembang", "2023", "JKK", 4_442, 43.07e9, "Tribun Sumsel"),
    ("16.71", "Kota Palembang", "2023", "JP", 1_731, 18.21e9, "Tribun Sumsel"),
    ("16.71", "Kota Palembang", "2023", "JKP", 1_436, 1.85e9, "Tribun Sumsel"),
]
SURAKARTA = [  # Soloaja, 26 Apr 2025: JHT, Q1 2025 and Q1 2024
    ("33.72", "Kota Surakarta", "2025-01/2025-03", "JHT", 18_104, 223_723_533_350, "Soloaja"),
    ("33.72", "Kota Surakarta", "2024-01/2024-03", "JHT", 9_473, 115_958_774_340, "Soloaja"),
]


def test_period_span():
    assert period_span("2023") == (pd.Period("2023-01", "M"), pd.Period("2023-12", "M"))
    assert period_span("2025-07") == (pd.Period("2025-07", "M"),) * 2
    assert period_span("2025-01/2025-07")[1] == pd.Period("2025-07", "M")
    for bad in ("Q1 2025", "2025-07/2025-01", "2025/07"):
        with pytest.raises(ValueError):
            period_span(bad)


def test_totals_use_a_stated_total_else_the_sum():
    out = claims_totals(frame(SUMSEL + PALEMBANG)).set_index("region_code")
    ss = out.loc["ID-SS"]
    assert ss["total_from"] == "stated"
    assert ss["source"] == "AkselNews"
    assert ss["cases"] == 43_251 and ss["amount_idr"] == 718.7e9
    assert ss["avg_per_case_idr"] == pytest.approx(718.7e9 / 43_251)  # Rp16,6 juta
    plg = out.loc["16.71"]
    assert plg["total_from"] == "sum_of_programs"
    assert plg["amount_idr"] == pytest.approx(488_675e6)  # stated Rp488.676.442.119
    assert plg["cases"] == 35_014 + 1_523 + 4_442 + 1_731 + 1_436


def test_missing_part_makes_the_total_unknown():
    rows = PALEMBANG[:2] + [("16.71", "Kota Palembang", "2023", "JKK", None, 43.07e9,
                             "Tribun Sumsel")]
    out = claims_totals(frame(rows))
    assert out["cases"].isna().all()
    assert out["avg_per_case_idr"].isna().all()  # <NA>, not a made-up number
    assert out["amount_idr"].iloc[0] == pytest.approx(397.72e9 + 27.825e9 + 43.07e9)


def test_shares_by_program():
    out = claims_by_program(frame(PALEMBANG))
    assert out["program"].tolist() == ["JHT", "JKK", "JKM", "JP", "JKP"]
    jht = out.iloc[0]
    assert jht["share_of_amount_pct"] == pytest.approx(397.72 / 488.675 * 100)  # 81,4%
    assert jht["avg_per_case_idr"] == pytest.approx(397.72e9 / 35_014)  # Rp11,4 juta
    assert out["share_of_amount_pct"].sum() == pytest.approx(100)
    assert out["share_of_cases_pct"].sum() == pytest.approx(100)
    with pytest.raises(ValueError, match="only totals"):
        claims_by_program(frame(SUMSEL[:1]))


def test_benefits_per_covered_worker():
    coverage = pd.DataFrame(
        {
            "region_code": ["ID-SS", "ID-SS", "ID-SS"],
            "segment": ["all", "all", "village_officials"],
            "as_of": pd.to_datetime(["2025-08-01", "2024-01-01", "2025-08-01"]),
            "covered": pd.array([2_789_917, 2_000_000, 44_547], dtype="Int64"),
        }
    )
    out = benefits_per_covered_worker(frame(SUMSEL + PALEMBANG), coverage)
    ss = out.set_index("region_code").loc["ID-SS"]
    assert ss["covered"] == 2_789_917
    assert ss["amount_per_worker_idr"] == pytest.approx(718.7e9 / 2_789_917)  # Rp257.606
    assert out.set_index("region_code").loc["16.71", "amount_per_worker_idr"] is pd.NA
    assert ss["total_from"] == "stated" and ss["source"] == "AkselNews"


def test_year_to_date_from_stated_ranges():
    out = year_to_date(frame(SURAKARTA), 2025, 3).iloc[0]
    assert out["cases_change_pct"] == pytest.approx((18_104 / 9_473 - 1) * 100)  # +91,1%
    assert out["amount_change_pct"] == pytest.approx((223_723_533_350 / 115_958_774_340 - 1) * 100)
    assert (out["period_current"], out["period_previous"]) == ("2025-01/2025-03", "2024-01/2024-03")


def test_year_to_date_from_months():
    rows = [
        ("ID", "Indonesia", f"{y}-{m:02d}", "JKP", 10 * y - 20_000 + m, 1e9, "x")
        for y in (2024, 2025)
        for m in (1, 2, 3)
    ]
    rows += [("ID", "Indonesia", "2024-04", "JKP", 99, 1e9, "x")]  # outside Jan-Mar
    out = year_to_date(frame(rows), 2025, 3).iloc[0]
    assert out["cases_current"] == 250 + 251 + 252 + 3  # 10*2025-20000 = 250
    assert out["cases_previous"] == 240 + 241 + 242 + 3
    assert out["period_current"] == "2025-01/2025-03"
    # A missing month: the previous year is unknown, not a partial sum.
    gap = year_to_date(frame([r for r in rows if r[2] != "2024-02"]), 2025, 3).iloc[0]
    assert gap["cases_previous"] is pd.NA and gap["cases_change_pct"] is pd.NA


def test_bad_input():
    with pytest.raises(ValueError, match="through_month"):
        year_to_date(frame(SURAKARTA), 2025, 13)
    with pytest.raises(ValueError, match="no claims cover"):
        year_to_date(frame(SURAKARTA), 2020, 3)
    with pytest.raises(ValueError, match="lacks column"):
        claims_totals(frame(SURAKARTA).drop(columns="cases"))
    with pytest.raises(ValueError, match="negative"):
        claims_totals(frame([("ID", "Indonesia", "2023", "JHT", -1, 1.0, "x")]))
    with pytest.raises(ValueError, match="not 'YYYY'"):
        claims_totals(frame([("ID", "Indonesia", "Q1 2025", "JHT", 1, 1.0, "x")]))


def test_totals_of_a_region_without_claims_is_an_empty_table():
    empty = pd.DataFrame(
        {"region_code": pd.Series([], dtype="str"), "region": pd.Series([], dtype="str"),
         "period": pd.Series([], dtype="str"), "program": pd.Series([], dtype="str"),
         "cases": pd.Series([], dtype="Int64"), "amount_idr": pd.Series([], dtype="Float64")})
    out = claims_totals(empty)
    assert out.empty
    assert {"cases", "amount_idr", "avg_per_case_idr"} <= set(out.columns)


# National, Jan-Jun 2024: two sources give the same five programmes (Databoks, 3 Jul 2024
# and Kontan, 2 Jul 2024, which also states the total). JHT is Rp21,12 T of Rp25,42 T.
NATIONAL_H1 = [
    ("ID", "Indonesia", "2024-01/2024-06", p, c, a, src)
    for src, counts in (("Databoks", (3_620_000, 177_727, 69_029, 53_726, 106_687)),
                        ("Kontan", (1_400_000, 89_178, 38_214, 24_618, 54_860)))
    for p, c, a in zip(("JHT", "JKK", "JKM", "JKP", "JP"), counts,
                       (21.12e12, 1.57e12, 1.79e12, 184.69e9, 751.92e9), strict=True)
] + [("ID", "Indonesia", "2024-01/2024-06", "all", 1_600_000, 25.43e12, "Kontan")]
H1_SUM = 21.12e12 + 1.57e12 + 1.79e12 + 184.69e9 + 751.92e9


def test_shares_are_per_source_never_two_sources_added():
    out = claims_by_program(frame(NATIONAL_H1))
    jht = out[out["program"] == "JHT"]
    assert len(jht) == 2 and set(jht["source"]) == {"Databoks", "Kontan"}
    assert jht["share_of_amount_pct"].tolist() == pytest.approx([21.12e12 / H1_SUM * 100] * 2)
    assert jht["share_of_amount_pct"].iloc[0] == pytest.approx(83.1, abs=0.05)  # not 41,5%
    for _, one in out.groupby("source"):
        assert one["share_of_amount_pct"].sum() == pytest.approx(100)


def test_shares_leave_beasiswa_out_of_the_denominator():
    rows = PALEMBANG + [("16.71", "Kota Palembang", "2023", "beasiswa", 100, 8.0e9,
                         "Tribun Sumsel")]
    out = claims_by_program(frame(rows)).set_index("program")
    assert out.loc["JHT", "share_of_amount_pct"] == pytest.approx(397.72 / 488.675 * 100)
    assert out.loc["beasiswa", "share_of_amount_pct"] == pytest.approx(8.0 / 488.675 * 100)
    core = out.drop(index="beasiswa")
    assert core["share_of_amount_pct"].sum() == pytest.approx(100)


def test_claim_level_rows_are_summed_per_program():
    rows = [("16.71", "Kota Palembang", "2023", "JHT", 1, 10e6, "BPJS extract")] * 3
    rows += [("16.71", "Kota Palembang", "2023", "JKM", 1, 42e6, "BPJS extract")]
    out = claims_by_program(frame(rows)).set_index("program")
    assert len(out) == 2
    assert out.loc["JHT", "cases"] == 3 and out.loc["JHT", "amount_idr"] == 30e6
    assert out.loc["JHT", "share_of_amount_pct"] == pytest.approx(30 / 72 * 100)
    assert out.loc["JHT", "avg_per_case_idr"] == pytest.approx(10e6)


def test_totals_per_source_partial_and_without_beasiswa():
    partial = [("ID", "Indonesia", "2022-01/2022-09", "JHT", 2_500_000, 26e12, "Fortune")]
    rows = NATIONAL_H1 + partial + PALEMBANG + [
        ("16.71", "Kota Palembang", "2023", "beasiswa", 100, 8.0e9, "Tribun Sumsel")]
    out = claims_totals(frame(rows))
    nat = out[out["region_code"] == "ID"].set_index(["period", "source"])
    assert nat.loc[("2024-01/2024-06", "Kontan"), "total_from"] == "stated"
    assert nat.loc[("2024-01/2024-06", "Kontan"), "amount_idr"] == 25.43e12
    databoks = nat.loc[("2024-01/2024-06", "Databoks")]
    assert databoks["total_from"] == "sum_of_programs"
    assert databoks["amount_idr"] == pytest.approx(H1_SUM)  # not both sources added
    assert databoks["programs"] == "JHT, JKK, JKM, JP, JKP"
    jht_only = nat.loc[("2022-01/2022-09", "Fortune")]
    assert (jht_only["total_from"], jht_only["programs"]) == ("partial", "JHT")
    plg = out[out["region_code"] == "16.71"].iloc[0]
    assert plg["amount_idr"] == pytest.approx(488_675e6)  # beasiswa not added again
    assert plg["total_from"] == "sum_of_programs"


def test_newest_total_uses_the_end_month_and_prefers_complete_totals():
    from paritrana_analysis.claims import newest_total

    rows = NATIONAL_H1 + [
        ("ID", "Indonesia", "2024-01/2024-08", "JHT", 2_070_000, 31.17e12, "Kontan Sep"),
        ("ID", "Indonesia", "2024", "all", 4_200_000, 57e12, "JPNN"),
        ("ID", "Indonesia", "2024-09", "JKP", 5_000, 30e9, "x"),
    ]
    best = newest_total(claims_totals(frame(rows)))
    # "2024-09" (partial) and "2024-01/2024-08" (partial) sort after "2024" as text, but
    # the stated total of 2024 ends in December and is complete.
    assert (best["period"], best["source"]) == ("2024", "JPNN")
    only_partial = newest_total(claims_totals(frame(rows[-1:] + rows[-3:-2])))
    assert only_partial["period"] == "2024-09"


def test_year_to_date_from_claim_level_rows():
    rows = [("ID", "Indonesia", f"{y}-{m:02d}", "JKP", 1, 2e6, "extract")
            for y in (2024, 2025) for m in (1, 2, 3) for _ in range(y - 2022)]
    out = year_to_date(frame(rows), 2025, 3).iloc[0]
    assert out["cases_current"] == 9 and out["cases_previous"] == 6
    assert out["amount_current_idr"] == pytest.approx(18e6)
    assert out["cases_change_pct"] == pytest.approx(50)


def test_missing_program_or_source_is_not_the_text_nan():
    rows = frame(PALEMBANG)
    rows["source"] = pd.array([None] * len(rows), dtype="object")
    out = claims_totals(rows)
    assert out["source"].iloc[0] == ""
    assert "nan" not in set(claims_by_program(rows)["source"])
