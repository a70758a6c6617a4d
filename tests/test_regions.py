"""Region names and codes: provinces, kabupaten/kota, spellings, suggestions."""

import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from paritrana_analysis import regions
from paritrana_analysis.paths import reference
from paritrana_analysis.regions import (
    Region,
    lookup_region,
    province_of,
    provinces,
    regencies,
    regency_candidates,
    region_candidates,
    region_name,
    suggest_region,
)

PROVINCES = pd.read_csv(reference("provinces.csv"), dtype=str, keep_default_na=False)
REGENCIES = pd.read_csv(reference("regencies.csv"), dtype=str, comment="#")

# the five provinces the issue names, with their Kemendagri numbers and sizes
FOCUS = {"ID-JA": ("15", 11), "ID-SS": ("16", 17), "ID-BE": ("17", 10), "ID-BB": ("19", 7),
         "ID-LA": ("18", 15)}  # fmt: skip


def code_of(text, **kw):
    found = lookup_region(text, **kw)
    return None if found is None else found.code


# ---------------------------------------------------------------- provinces


def test_reference_tables_have_38_provinces_and_514_regencies():
    assert len(provinces()) == 38
    assert list(provinces().columns) == ["code", "name", "name_en", "kemendagri", "bps"]
    assert provinces()["code"].is_unique and provinces()["name"].is_unique
    assert len(regencies()) == 514
    assert regencies()["code"].is_unique
    assert set(regencies()["province_code"]) == set(provinces()["code"])


@pytest.mark.parametrize("row", PROVINCES.to_dict("records"), ids=lambda r: r["code"])
def test_every_province_by_name_code_and_english_name(row):
    expected = Region(row["code"], row["name"], "province", row["code"])
    assert lookup_region(row["name"]) == expected
    assert lookup_region(row["name"].upper()) == expected
    assert lookup_region(f"Provinsi {row['name']}") == expected
    assert lookup_region(f"  prov. {row['name'].lower()}  ") == expected
    assert lookup_region(row["code"]) == expected
    assert lookup_region(row["code"].lower()) == expected
    assert lookup_region(row["name_en"]) == expected
    for alias in filter(None, row["aliases"].split("|")):
        assert lookup_region(alias) == expected, alias


@pytest.mark.parametrize(
    "text, code",
    [
        ("Papua Selatan", "ID-PS"),
        ("Papua Tengah", "ID-PT"),
        ("Papua Pegunungan", "ID-PE"),
        ("Papua Pengunungan", "ID-PE"),  # pycountry's spelling
        ("Papua Barat Daya", "ID-PD"),
        ("Papua Barat", "ID-PB"),
        ("Papua", "ID-PA"),
        ("PAPUA BARAT DAYA", "ID-PD"),
    ],
)
def test_papua_provinces_are_not_confused(text, code):
    assert code_of(text) == code


def test_papua_numbers_differ_between_bps_and_kemendagri():
    table = provinces().set_index("code")
    assert table.loc["ID-PA", ["kemendagri", "bps"]].tolist() == ["91", "94"]
    assert table.loc["ID-PD", ["kemendagri", "bps"]].tolist() == ["96", "92"]
    assert table.loc["ID-SS", ["kemendagri", "bps"]].tolist() == ["16", "16"]
    # bare two-digit numbers are never read as codes
    assert lookup_region("16") is None
    assert lookup_region("94") is None


@pytest.mark.parametrize(
    "text, code",
    [
        ("SUMATERA SELATAN", "ID-SS"),
        ("Sumsel", "ID-SS"),
        ("SUMSEL", "ID-SS"),
        ("Sumatra Selatan", "ID-SS"),
        ("Prov. Sumatera Selatan", "ID-SS"),
        ("South Sumatra", "ID-SS"),
        ("Prov. Jambi", "ID-JA"),
        ("Provinsi Jambi", "ID-JA"),
        ("KEP. BANGKA BELITUNG", "ID-BB"),
        ("Kep Bangka Belitung", "ID-BB"),
        ("Kepulauan Bangka Belitung", "ID-BB"),
        ("Babel", "ID-BB"),
        ("Bangka Belitung", "ID-BB"),
        ("DI YOGYAKARTA", "ID-YO"),
        ("D.I. Yogyakarta", "ID-YO"),
        ("Daerah Istimewa Yogyakarta", "ID-YO"),
        ("DIY", "ID-YO"),
        ("DKI", "ID-JK"),
        ("D.K.I. Jakarta", "ID-JK"),
        ("DKI Jakarta", "ID-JK"),
        ("NTB", "ID-NB"),
        ("N.T.B.", "ID-NB"),
        ("Kep. Riau", "ID-KR"),
        ("Kepri", "ID-KR"),
        ("Riau", "ID-RI"),
        ("Sumatera Selatan Province", "ID-SS"),
        ("Special Region of Yogyakarta", "ID-YO"),
        ("Kota Prabumulih", "16.74"),
        ("KOTA PRABUMULIH", "16.74"),
        ("Prabumulih", "16.74"),
        ("Kab. Musi Rawas", "16.05"),
        ("Kabupaten Musi Rawas", "16.05"),
        ("KAB MUSI RAWAS", "16.05"),
        ("MUSI RAWAS", "16.05"),
        ("Musi Rawas Regency", "16.05"),
        ("Musi Rawas Utara", "16.13"),
        ("Palembang City", "16.71"),
        ("16.05", "16.05"),
        ("16.1", "16.10"),  # a number cell 16.10 shown by Excel
        (" 16.74 ", "16.74"),
        ("Pangkalpinang", "19.71"),  # written together
        ("Lubuklinggau", "16.73"),
        ("Mukomuko", "17.06"),
        ("Batang Hari", "15.04"),
        ("Kota Adm. Jakarta Pusat", "31.71"),
        ("Jakarta Pusat", "31.71"),
        ("Kab. Kepulauan Seribu", "31.01"),
        ("Kab. Kep. Seribu", "31.01"),
        ("OKU", "16.01"),
        ("Kab. OKU Timur", "16.08"),
        ("Muba", "16.06"),
        ("PALI", "16.12"),
        ("Lima Puluh Kota", "13.07"),  # "Kota" at the end is part of the name
        ("Kab. Lima Puluh Kota", "13.07"),
        ("Kota Lubuklinggau", "16.73"),
        ("KOTA PAGARALAM", "16.72"),
        ("Kab. Ogan Komering Ulu (OKU)", "16.01"),  # a bracket after the name
        ("OKU (Ogan Komering Ulu)", "16.01"),
        ("Sumatera Selatan (Sumsel)", "ID-SS"),
        ("1. Aceh", "ID-AC"),  # a list number before the name
        ("12) Jambi", "ID-JA"),
        ("Sumatera\u00a0Selatan", "ID-SS"),  # non-breaking space
        ("Sumatera  Selatan\n", "ID-SS"),
    ],
)
def test_spellings_from_real_files(text, code):
    assert code_of(text) == code


@pytest.mark.parametrize(
    "text", ["INDONESIA", "Indonesia", "Nasional", "NASIONAL", "National", "ID"]
)
def test_national(text):
    assert lookup_region(text) == Region("ID", "Indonesia", "national", "ID")


# ---------------------------------------------------------------- kabupaten/kota


def _focus_rows():
    for iso, (kem, _) in FOCUS.items():
        for row in REGENCIES[REGENCIES["province_code"] == kem].itertuples(index=False):
            yield pytest.param(iso, row.code, row.name, id=f"{row.code} {row.name}")


@pytest.mark.parametrize("iso, kem", [(k, v[0]) for k, v in FOCUS.items()])
def test_focus_provinces_have_the_expected_number_of_regencies(iso, kem):
    assert len(regencies(iso)) == FOCUS[iso][1]
    assert regencies(iso)["code"].str.startswith(kem + ".").all()
    assert len(regencies(region_name(iso))) == FOCUS[iso][1]  # a name works too


@pytest.mark.parametrize("iso, code, raw", list(_focus_rows()))
def test_every_regency_of_the_focus_provinces_round_trips(iso, code, raw):
    region = lookup_region(raw)
    assert region is not None and region.code == code
    assert region.level == "regency" and region.province_code == iso
    assert province_of(code) == iso
    # display name -> code, with and without a province hint
    assert code_of(region.name) == code
    assert code_of(region.name, province=iso) == code
    assert code_of(region.name.upper()) == code
    # long form: "Kabupaten Musi Rawas" / "Kota Palembang"
    long_form = region.name.replace("Kab. ", "Kabupaten ")
    assert code_of(long_form) == code
    # bare name: the kabupaten/kota, unless it is also a province name (Jambi, Bengkulu)
    bare = region.name.split(" ", 1)[1]
    if lookup_region(bare).level == "province":
        assert bare in ("Jambi", "Bengkulu")
        assert lookup_region(bare).code == iso
    else:
        assert code_of(bare, province=iso) == code
    # a hint naming another province excludes it
    assert lookup_region(region.name, province="ID-AC") is None
    # code -> region
    assert lookup_region(code) == region
    assert region_name(code) == region.name


def test_every_regency_in_the_country_resolves_from_its_official_name():
    for row in REGENCIES.itertuples(index=False):
        assert code_of(row.name) == row.code, row.name


def test_display_names():
    assert region_name("16.05") == "Kab. Musi Rawas"
    assert region_name("16.71") == "Kota Palembang"
    assert region_name("16.01") == "Kab. Ogan Komering Ulu"
    assert region_name("ID-SS") == "Sumatera Selatan"
    assert region_name("ID-SS", lang="en") == "South Sumatra"
    assert region_name("16.05", lang="en") == "Musi Rawas Regency"
    assert region_name("16.71", lang="en") == "Palembang City"
    assert region_name("ID") == "Indonesia"
    names = regencies()["name"]
    assert (names.str.startswith("Kab. ") | names.str.startswith("Kota ")).all()
    assert not names.str.contains("Administrasi|Adm", regex=True).any()


def test_regency_table_columns():
    table = regencies("ID-SS")
    assert list(table.columns) == ["code", "province_code", "name"]
    assert table.iloc[0].tolist() == ["16.01", "ID-SS", "Kab. Ogan Komering Ulu"]
    assert "Kota Prabumulih" in set(table["name"])


# ---------------------------------------------------------------- ambiguity


def test_bare_province_name_prefers_the_province():
    assert code_of("Bengkulu") == "ID-BE"
    assert code_of("Kota Bengkulu") == "17.71"
    assert code_of("Jambi") == "ID-JA"
    assert code_of("JAMBI", province="ID-JA") == "ID-JA"
    assert code_of("Kota Jambi") == "15.71"
    assert code_of("Gorontalo") == "ID-GO"
    assert code_of("Kab. Gorontalo") == "75.01"
    assert code_of("Kota Gorontalo") == "75.71"


def test_province_hint_disambiguates_a_name_used_in_two_provinces():
    assert lookup_region("Banjar") is None
    assert {r.code for r in region_candidates("Banjar")} == {"32.79", "63.03"}
    assert code_of("Banjar", province="Kalimantan Selatan") == "63.03"
    assert code_of("Banjar", province="ID-JB") == "32.79"
    assert code_of("Kota Banjar") == "32.79"
    assert code_of("Kab. Banjar") == "63.03"


def test_bare_name_of_a_kabupaten_and_a_kota_is_the_kabupaten_as_in_bps_tables():
    assert code_of("Bekasi") == "32.16"
    assert code_of("Kota Bekasi") == "32.75"
    assert code_of("Kabupaten Bekasi") == "32.16"
    assert len(region_candidates("Bekasi")) == 2


def test_words_outside_a_bracket_decide():
    assert lookup_region("Jumlah (Sumsel)") is None
    assert lookup_region("Lainnya (Jambi)") is None
    assert code_of("(Sumsel)") == "ID-SS"


def test_explicit_prefix_is_respected():
    assert lookup_region("Kab. Palembang") is None  # Palembang is a kota
    assert lookup_region("Kota Musi Rawas") is None
    assert lookup_region("Provinsi Palembang") is None
    assert lookup_region("Kota OKU") is None


def test_bad_province_hint_raises():
    with pytest.raises(ValueError, match="not a province"):
        lookup_region("Musi Rawas", province="Atlantis")
    with pytest.raises(ValueError, match="not a province"):
        lookup_region("Musi Rawas", province="Indonesia")


# ---------------------------------------------------------------- unknown and suggestions


@pytest.mark.parametrize(
    "text", ["Atlantis", "", "   ", "Kab.", "Kota", "ID-XX", "99.99", "16.5x", "Sumatera Selatn"]
)
def test_unknown_is_none(text):
    assert lookup_region(text) is None


@pytest.mark.parametrize("value", [None, 16, 16.05, float("nan"), pd.NA])
def test_non_text_is_none(value):
    assert lookup_region(value) is None
    assert suggest_region(value) is None


@pytest.mark.parametrize(
    "text, suggestion",
    [
        ("Sumatera Selatn", "Sumatera Selatan"),
        ("SUMATRA SELATN", "Sumatera Selatan"),
        ("Musi Banyuasn", "Kab. Musi Banyuasin"),
        ("Kab. Musi Banyuasn", "Kab. Musi Banyuasin"),
        ("Palembng", "Kota Palembang"),
        ("Kota Prabumulh", "Kota Prabumulih"),
        ("Bangka Belitng", "Kepulauan Bangka Belitung"),
        ("Papua Pegunugan", "Papua Pegunungan"),
        ("Sumsel", "Sumatera Selatan"),  # a known name suggests itself
    ],
)
def test_misspelling_gets_a_suggestion(text, suggestion):
    assert suggest_region(text) == suggestion


@pytest.mark.parametrize("text", ["Atlantis", "qqqq", "", "Total"])
def test_nothing_close_gives_no_suggestion(text):
    assert suggest_region(text) is None


# ---------------------------------------------------------------- codes and speed


def test_province_of_and_unknown_codes():
    assert province_of("16.05") == "ID-SS"
    assert province_of("ID-SS") == "ID-SS"
    assert province_of("ID") == "ID"
    assert province_of("96.71") == "ID-PD"  # Kota Sorong: Papua Barat Daya
    with pytest.raises(ValueError, match="unknown region code"):
        province_of("99.99")
    with pytest.raises(ValueError, match="unknown region code"):
        region_name("Sumatera Selatan")
    with pytest.raises(ValueError, match="unknown language"):
        region_name("ID-SS", lang="fr")


def test_tables_are_copies():
    table = provinces()
    table.loc[0, "name"] = "changed"
    assert provinces().loc[0, "name"] == "Aceh"
    reg = regencies()
    reg.loc[0, "name"] = "changed"
    assert regencies().loc[0, "name"] != "changed"


def test_index_is_built_lazily_not_at_import():
    code = (
        "from paritrana_analysis import regions;"
        "assert regions._index.cache_info().currsize == 0;"
        "regions.lookup_region('Sumsel');"
        "assert regions._index.cache_info().currsize == 1"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_lookup_is_cached():
    regions._lookup.cache_clear()
    lookup_region("Kab. Musi Rawas")
    lookup_region("Kab. Musi Rawas")
    assert regions._lookup.cache_info().hits >= 1


REGENCY_ROWS = REGENCIES.to_dict("records")


@given(
    row=st.sampled_from(REGENCY_ROWS),
    upper=st.lists(st.booleans(), min_size=60, max_size=60),
    sep=st.sampled_from([" ", "  ", " \u00a0", "\t", " - "]),
    prefix=st.sampled_from(["", "Kab. ", "KAB ", "Kabupaten ", "kab.", "Kota ", "KOTA "]),
)
@example(row=next(r for r in REGENCY_ROWS if r["code"] == "32.79"), upper=[False] * 60,
         sep=" ", prefix="")  # Kota Banjar: a Kab. Banjar exists, but in another province
def test_any_case_spacing_and_prefix_round_trips(row, upper, sep, prefix):
    region = regions.region_name(row["code"])
    kind, base = region.split(" ", 1)
    if prefix and (prefix.lower().startswith("kab") != (kind == "Kab.")):
        return  # the other kind: tested in test_explicit_prefix_is_respected
    text = prefix + sep.join(base.split())
    flags = (upper + [False] * len(text))[: len(text)]
    text = "".join(c.upper() if u else c.lower() for c, u in zip(text, flags, strict=True))
    found = lookup_region(text, province=province_of(row["code"]))
    if not prefix and lookup_region(base) is not None and lookup_region(base).level == "province":
        assert found.level == "province"  # "Jambi", "Bengkulu", "Gorontalo"
    elif not prefix and kind == "Kota" and \
            len(region_candidates(base, province=province_of(row["code"]))) > 1:
        # "Bekasi" alone is the kabupaten; "Banjar" within Jawa Barat is only the kota
        assert found.name.startswith("Kab. ")
    else:
        assert found is not None and found.code == row["code"], text


def test_regency_candidates_skip_the_province_of_the_same_name():
    assert [r.name for r in regency_candidates("Jambi")] == ["Kota Jambi"]
    assert [r.name for r in regency_candidates("Bengkulu")] == ["Kota Bengkulu"]
    assert sorted(r.name for r in regency_candidates("Gorontalo")) == [
        "Kab. Gorontalo", "Kota Gorontalo"]
    assert [r.name for r in regency_candidates("Banjar", province="Kalimantan Selatan")] == [
        "Kab. Banjar"]
    assert regency_candidates("Sumatera Selatan") == []
    assert lookup_region("Jambi").level == "province"  # lookup_region is unchanged
