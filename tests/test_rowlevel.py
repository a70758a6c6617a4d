"""Row-level extracts read by DuckDB: exact aggregates from every format, problems with
row numbers, and no personal data in anything written."""

import zipfile
from pathlib import Path

import pandas as pd
import pytest
from rowlevel_extracts import (
    IDENTIFIER_COLUMNS,
    claims,
    claims_sheet,
    expected_claims,
    expected_participants,
    participant_sheet,
    participants,
    write_csv_id,
)

import paritrana_analysis as pa
from paritrana_analysis import charts
from paritrana_analysis.load.rowlevel import (
    coverage_from_participants,
    is_row_level,
    read_claims_extract,
    read_participants,
)
from paritrana_analysis.report.tables import write_workbook

SINCE, AS_OF = 2024 * 12 + 8, 2025 * 12 + 7  # September 2024 .. August 2025
PEOPLE = participants()


def _written(sheet: pd.DataFrame, tmp_path: Path, fmt: str) -> Path:
    if fmt == "csv-id":
        return write_csv_id(sheet, tmp_path / "peserta.csv", title="Data peserta per 31/08/2025")
    if fmt == "csv-plain":
        sheet.to_csv(tmp_path / "peserta.csv", index=False)
        return tmp_path / "peserta.csv"
    if fmt == "parquet":
        sheet.to_parquet(tmp_path / "peserta.parquet", index=False)
        return tmp_path / "peserta.parquet"
    folder = tmp_path / "peserta"  # a folder of parts
    folder.mkdir()
    for k, part in enumerate([sheet.iloc[:250], sheet.iloc[250:400], sheet.iloc[400:]]):
        if fmt == "folder-csv":
            write_csv_id(part, folder / f"part-{k}.csv")
        else:
            (folder / f"wilayah={k}").mkdir()
            part.to_parquet(folder / f"wilayah={k}" / "data.parquet", index=False)
    return folder


STYLES = {"csv-id": "id", "csv-plain": "plain", "parquet": "typed", "folder-csv": "id",
          "folder-parquet": "plain"}


@pytest.mark.parametrize("fmt", list(STYLES))
def test_participants_exact_in_every_format(tmp_path, fmt):
    path = _written(participant_sheet(PEOPLE, STYLES[fmt]), tmp_path, fmt)
    got = read_participants(path, as_of="2025-08-01", since="2024-09-01")
    want = expected_participants(PEOPLE, SINCE, AS_OF)
    assert list(got.columns) == ["region_code", "region", "level", "segment", "month",
                                 "active", "new", "lapsed", "source"]
    pd.testing.assert_frame_equal(
        got[want.columns].astype({c: "int64" for c in ("active", "new", "lapsed")}), want,
        check_dtype=False)
    assert (got["level"] == "regency").all()
    assert got.loc[got["region_code"] == "16.71", "region"].iloc[0] == "Kota Palembang"
    assert got["month"].dtype == "datetime64[ns]" and got["active"].dtype == "Int64"
    assert got.attrs["rows"] == len(PEOPLE)


def test_participants_small_example_by_hand(tmp_path):
    sheet = pd.DataFrame({
        "NIK": ["3201010101010001", "3201010101010002", "3201010101010003", "3201010101010004"],
        "Kab/Kota": ["KOTA PALEMBANG", "Kab. Musi Rawas", "16.71", "OKU Timur"],
        "Segmen": ["PU", "BPU", "Penerima Upah", ""],
        "Tanggal Kepesertaan": ["01/08/2024", "15/01/2025", "1 Agustus 2025", "2025-06-30"],
        "Bulan Iuran Terakhir": ["08/2025", "03/2025", "Agustus 2025", "2025-07"]})
    got = read_participants(write_csv_id(sheet, tmp_path / "p.csv"), since="2025-06-01")
    assert got.attrs["as_of"] == "2025-08"  # the month most participants paid up to
    table = got.set_index(["region_code", "segment", "month"])[["active", "new", "lapsed"]]
    aug, jul = pd.Timestamp("2025-08-01"), pd.Timestamp("2025-07-01")
    assert table.loc[("16.71", "pu", aug)].tolist() == [2, 1, 0]
    assert table.loc[("16.05", "bpu", jul)].tolist() == [0, 0, 0]  # lapsed in April
    assert table.loc[("16.08", "unknown", jul)].tolist() == [1, 0, 0]  # no segment given
    assert table.loc[("16.08", "unknown", aug)].tolist() == [0, 0, 1]
    assert len(got) == 3 * 3


def test_status_snapshot_and_region_filter(tmp_path):
    sheet = participant_sheet(PEOPLE, "id").drop(columns="Bulan Iuran Terakhir")
    path = write_csv_id(sheet, tmp_path / "p.csv")
    with pytest.raises(pa.DataError, match="pass as_of="):
        read_participants(path)
    got = read_participants(path, as_of="2025-08-01", since="2025-07-01",
                            region="Kota Palembang")
    mine = PEOPLE[PEOPLE["code"] == "16.71"]
    active = sheet.loc[mine.index, "Status"].eq("Aktif").groupby(mine["segment"]).sum()
    aug = got[got["month"] == "2025-08-01"].set_index("segment")["active"]
    assert aug.to_dict() == active.to_dict()
    assert got.loc[got["month"] == "2025-07-01", "active"].isna().all()
    assert set(got["region_code"]) == {"16.71"}


@pytest.mark.parametrize("fmt", ["csv-id", "csv-plain", "parquet", "folder-csv"])
def test_claims_exact_in_every_format(tmp_path, fmt):
    rows = claims()
    sheet = claims_sheet(rows, {"csv-id": "id", "folder-csv": "id", "csv-plain": "plain",
                                "parquet": "typed"}[fmt])
    path = _written(sheet, tmp_path, fmt)
    got = read_claims_extract(path)
    assert list(got.columns) == ["region_code", "region", "level", "period", "program",
                                 "cases", "amount_idr", "source"]
    want = expected_claims(rows)
    pd.testing.assert_frame_equal(got[want.columns].astype({"cases": "int64",
                                                           "amount_idr": "float64"}), want,
                                  check_dtype=False)
    assert got["cases"].dtype == "Int64" and got["amount_idr"].dtype == "Float64"
    assert got["source"].iloc[0] == path.name


def test_claims_same_table_as_read_claims_on_a_small_extract(tmp_path):
    rows = claims(n=60)
    path = write_csv_id(claims_sheet(rows, "id"), tmp_path / "klaim.csv")
    ours = pa.read_claims(path)  # a row-level CSV goes to the DuckDB reader
    pd.testing.assert_frame_equal(ours, read_claims_extract(path))
    workbook = tmp_path / "klaim.xlsx"  # the same claims as a workbook: one row per claim
    claims_sheet(rows, "id").to_excel(workbook, index=False)
    theirs = pa.read_claims(workbook, cache=False)
    keys = ["region_code", "period", "program"]
    summed = theirs.astype({k: "str" for k in keys}).groupby(keys).agg(
        cases=("cases", "sum"), amount_idr=("amount_idr", "sum")).reset_index()
    assert len(theirs) == 60 and "claim_id" in theirs  # the workbook loader keeps each claim
    pd.testing.assert_frame_equal(
        ours[summed.columns].astype({"cases": "int64", "amount_idr": "float64"}),
        summed.astype({"cases": "int64", "amount_idr": "float64"}), check_dtype=False)


def test_values_the_sql_leaves_to_python_are_read_the_same(tmp_path):
    sheet = pd.DataFrame({"Nomor Klaim": ["A", "B", "C", "D"],
                          "Kab/Kota": ["Kota Palembang"] * 4, "Program": ["JHT"] * 4,
                          "Tanggal Klaim": ["Jumat, 1 Agustus 2025", "August 2, 2025",
                                            "01/08/2025", "3 Agustus 2025 14.30 WIB"],
                          "Nominal (Rp)": ["Rp1,5 juta", "sekitar 2.000.000", "1.000.000",
                                           "(500.000)"]})
    got = read_claims_extract(write_csv_id(sheet, tmp_path / "k.csv"))
    assert got[["period", "cases", "amount_idr"]].values.tolist() == [["2025-08", 4, 4_000_000]]


def _problems(path, reader=read_claims_extract, **kw):
    with pytest.raises(pa.DataError) as err:
        reader(path, **kw)
    return err.value


def test_problems_name_rows_and_summarise_per_reason(tmp_path):
    rows = claims(n=1250)
    sheet = claims_sheet(rows, "id")
    sheet.loc[10:1249, "Kab/Kota"] = "Kab. Antah Berantah"  # 1.240 rows
    sheet.loc[3, "Tanggal Klaim"] = "31/02/2025"
    sheet.loc[4, "Nominal (Rp)"] = "dua juta"
    sheet.loc[5, "Kab/Kota"] = "Sumatera Selatn"
    err = _problems(write_csv_id(sheet, tmp_path / "k.csv", title="Klaim 2025"))
    text = [str(p) for p in err.problems]
    unknown = [p for p in err.problems if "Antah" in p.reason]
    assert [p.row for p in unknown[:5]] == [13, 14, 15, 16, 17]  # title row, header row 2
    assert unknown[5].reason.startswith("... and 1.235 more rows with this problem")
    assert any("row 6, column 'Tanggal Klaim': not a real date (day 31, month 2" in t
               for t in text)
    assert any("row 7, column 'Nominal (Rp)': a number written in words" in t for t in text)
    assert any("did you mean 'Sumatera Selatan'?" in t and "row 8" in t for t in text)
    assert len(err.problems) == 6 + 3


def test_malformed_rows_are_listed_without_their_content(tmp_path):
    sheet = participant_sheet(PEOPLE.iloc[:20], "id")
    path = write_csv_id(sheet, tmp_path / "p.csv")
    lines = path.read_bytes().split(b"\r\n")
    lines[5] = lines[5].replace(b";Jl.", b";Jl. Mawar; Blok;")  # a ';' in an unquoted address
    path.write_bytes(b"\r\n".join(lines))
    err = _problems(path, read_participants)
    assert [(p.row, p.reason) for p in err.problems] == [
        (6, "the row has more cells than the header (a separator inside an unquoted name or "
            "address?)")]
    assert PEOPLE["NIK"].iloc[4] not in str(err) and "Mawar" not in str(err)


def test_header_problems(tmp_path):
    recap = pd.DataFrame({"Kab/Kota": ["Kota Palembang"], "Program": ["JHT"],
                          "Jumlah Kasus": [12], "Bulan": ["Agustus 2025"]})
    recap.to_csv(tmp_path / "recap.csv", sep=";", index=False)
    assert "read it with pa.read_claims" in str(_problems(tmp_path / "recap.csv"))
    assert not is_row_level(tmp_path / "recap.csv")
    no_date = pd.DataFrame({"NIK": ["1"], "Kab/Kota": ["Kota Palembang"]})
    no_date.to_csv(tmp_path / "nodate.csv", index=False)
    assert "Tanggal Klaim or Periode" in str(_problems(tmp_path / "nodate.csv"))
    folder = tmp_path / "parts"
    folder.mkdir()
    no_date.to_csv(folder / "a.csv", index=False)
    no_date.rename(columns={"NIK": "KTP"}).to_csv(folder / "b.csv", index=False)
    assert "every part of a folder needs the same columns" in str(_problems(folder))


def test_an_extract_without_rows(tmp_path):
    sheet = participant_sheet(PEOPLE.iloc[:0], "id")
    err = _problems(write_csv_id(sheet, tmp_path / "p.csv"), read_participants)
    assert [(p.row, p.reason) for p in err.problems] == [(1, "no data rows below the header")]


def test_is_row_level(tmp_path):
    sheet = participant_sheet(PEOPLE.iloc[:5], "id")
    assert is_row_level(write_csv_id(sheet, tmp_path / "p.csv"))
    assert is_row_level(tmp_path)  # a folder
    sheet.to_parquet(tmp_path / "p.parquet")
    assert is_row_level(tmp_path / "p.parquet")
    assert not is_row_level(Path(pa.raw_files("claims")[0]))  # a recap workbook
    recap = pd.DataFrame({"id": [1], "kode_provinsi": [32], "nama_provinsi": ["JAWA BARAT"],
                          "nama_kabupaten_kota": ["KABUPATEN BOGOR"],
                          "jumlah_penduduk": [1852165], "tahun": [2011]})
    recap.to_csv(tmp_path / "opendata.csv", index=False)  # "nama": not a person's name
    assert not is_row_level(tmp_path / "opendata.csv")


def test_coverage_by_regency_and_segment(tmp_path):
    path = _written(participant_sheet(PEOPLE, "plain"), tmp_path, "parquet")
    people = read_participants(path, as_of="2025-08-01", since="2025-08-01")
    workforce = pd.DataFrame({
        "region_code": ["16.71", "16.71", "16.05"], "region": ["Kota Palembang"] * 2 + [
            "Kab. Musi Rawas"], "level": "regency",
        "as_of": pd.to_datetime(["2024-08-01", "2025-09-01", "2024-08-01"]),
        "employed": pd.array([820_000, 830_000, 190_000], dtype="Int64"),
        "source": "BPS, Sakernas"})
    cov = coverage_from_participants(people, workforce)
    pal = cov[(cov["region_code"] == "16.71")].set_index("segment")
    active = people[people["region_code"] == "16.71"].set_index("segment")["active"]
    assert pal.loc["all", "covered"] == active.sum()
    assert pal.loc["pu", "potential"] == 820_000  # the round before August 2025
    assert pal.loc["pu", "coverage_pct"] == pytest.approx(active["pu"] / 820_000 * 100)
    assert (pal["basis"] == "employed").all() and pal["derived"].all()
    assert pal.loc["pu", "source"] == "peserta.parquet; BPS, Sakernas (penduduk bekerja " \
                                      "Agustus 2024)"
    lahat = cov[cov["region_code"] == "16.04"]
    assert lahat["potential"].isna().all() and (lahat["basis"] == "none").all()


def test_no_identifier_reaches_any_file_written(tmp_path, monkeypatch):
    """Through the writers the product uses: the parquet cache, chart exports (PNG, SVG,
    PDF, CSV, alt text) and the report workbook."""
    monkeypatch.chdir(tmp_path)  # DuckDB must not leave a .tmp folder here
    sheet = participant_sheet(PEOPLE, "id")
    (tmp_path / "raw").mkdir()
    people = read_participants(write_csv_id(sheet, tmp_path / "raw" / "peserta.csv"),
                               as_of="2025-08-01")
    rows = claims()
    claims_path = write_csv_id(claims_sheet(rows, "id"), tmp_path / "raw" / "klaim.csv")
    paid = read_claims_extract(claims_path)
    processed, reports = tmp_path / "processed", tmp_path / "reports"
    processed.mkdir(), reports.mkdir()
    people.to_parquet(processed / "participants.parquet", compression=None)
    paid.to_parquet(processed / "claims.parquet", compression=None)
    workforce = pd.DataFrame({"region_code": ["16.71"], "as_of": [pd.Timestamp("2024-08-01")],
                              "employed": [820_000], "source": ["BPS"]})
    coverage = coverage_from_participants(people, workforce)
    for name, fig in (("segments", charts.segment_chart(coverage, region="16.71")),
                      ("claims", charts.claims_chart(paid))):
        charts.export_chart(fig, name, title="t", subtitle="s", out_dir=reports)
    write_workbook(reports / "tables.xlsx", {"participants": (people, "s"),
                                             "claims": (paid, "s"), "coverage": (coverage, "s")})
    secrets = {str(v) for c in IDENTIFIER_COLUMNS for v in sheet[c]} | set(rows["Nomor Klaim"])
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.parent.name != "raw"]
    assert {p.suffix for p in written} == {".parquet", ".png", ".svg", ".pdf", ".csv", ".txt",
                                           ".xlsx"}
    for file in written:
        data = file.read_bytes()
        if file.suffix == ".xlsx":  # zipped: look inside
            with zipfile.ZipFile(file) as book:
                data = b"".join(book.read(n) for n in book.namelist())
        assert not [s for s in secrets if s.encode() in data], file.name
    for frame in (people, paid):
        cells = {str(v) for c in frame.columns for v in frame[c]} | set(frame.columns)
        assert not cells & secrets
        assert frame.attrs["identifiers_not_read"][:2] in (["NIK", "No KPJ"],
                                                           ["Nomor Klaim", "NIK"])


def test_status_and_registration_problems(tmp_path):
    sheet = participant_sheet(PEOPLE.iloc[:40], "id").drop(columns="Bulan Iuran Terakhir")
    sheet.loc[2, "Status"] = "Pensiun"
    sheet.loc[3, "Status"] = ""
    sheet.loc[4, "Tanggal Kepesertaan"] = ""
    sheet.loc[5, "Tanggal Kepesertaan"] = "Jumat 2025"  # a weekday, not a month: the year
    sheet.loc[6, "Tanggal Kepesertaan"] = "2025-13-01"
    err = _problems(write_csv_id(sheet, tmp_path / "p.csv"), read_participants,
                    as_of="2025-08-01")
    assert sorted((p.row, p.column, p.reason) for p in err.problems) == [
        (4, "Status", "unknown status 'Pensiun': expected Aktif or Non Aktif (the words "
                      "participant_status.csv lists)"),
        (5, "Status", "empty status cell"),
        (6, "Tanggal Kepesertaan", "empty registration date"),
        (8, "Tanggal Kepesertaan", "month 13 is not between 1 and 12")]
