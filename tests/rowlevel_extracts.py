"""Generated row-level extracts for the tests: participants and claims with personal data
(NIK, KPJ, nama, alamat, nomor HP, e-mail), written as Indonesian Excel CSV, plain CSV,
parquet and folders of parts, with the aggregates worked out row by row in plain Python
(the oracle the DuckDB reader is compared with)."""

from __future__ import annotations

import numpy as np
import pandas as pd

# kabupaten/kota as people write them -> Kemendagri code (the expected answer)
REGENCIES = [("KOTA PALEMBANG", "16.71"), ("Kab. Musi Rawas", "16.05"), ("OKU Timur", "16.08"),
             ("16.74", "16.74"), ("Muara Enim", "16.03"), ("KABUPATEN LAHAT", "16.04"),
             ("Kota Palembang", "16.71"), ("Kab. Banyuasin", "16.07")]
SEGMENTS = [("PU", "pu"), ("Penerima Upah", "pu"), ("BPU", "bpu"), ("Jasa Konstruksi", "jakon")]
PROGRAMS = [("JHT", "JHT"), ("Jaminan Hari Tua", "JHT"), ("JKK", "JKK"), ("JKM", "JKM"),
            ("Beasiswa", "beasiswa")]
MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember"]
IDENTIFIER_COLUMNS = ["NIK", "No KPJ", "Nama", "Alamat", "No HP", "Email"]


def _month(m: int) -> tuple[int, int]:
    return m // 12, m % 12 + 1


def participants(n: int = 600, seed: int = 1) -> pd.DataFrame:
    """One row per participant: identifiers, the kabupaten/kota and segment as written,
    and the true region code, segment, registration month and last month paid (month
    numbers: year * 12 + month - 1; last paid None = never paid)."""
    rng = np.random.default_rng(seed)
    reg_m = rng.integers(2023 * 12, 2025 * 12 + 8, n)  # Jan 2023 .. Aug 2025
    last_m = reg_m + rng.integers(-3, 30, n)
    last_m = np.minimum(last_m, 2025 * 12 + 7)  # the extract is of August 2025
    never = rng.random(n) < 0.05
    region = rng.integers(0, len(REGENCIES), n)
    segment = rng.integers(0, len(SEGMENTS), n)
    days = rng.integers(1, 29, n)
    return pd.DataFrame({
        "NIK": [f"{3201000000000000 + 7919 * i:016d}" for i in range(n)],
        "No KPJ": [f"{10000000000 + 104729 * i:011d}" for i in range(n)],
        "Nama": [f"Peserta Uji{i:05d} Santoso" for i in range(n)],
        "Alamat": [f"Jl. Mawar Uji No. {i}, RT 0{i % 9}" for i in range(n)],
        "No HP": [f"0812{i:08d}" for i in range(n)],
        "Email": [f"peserta{i:05d}@contoh.id" for i in range(n)],
        "kabkota": [REGENCIES[r][0] for r in region],
        "segmen": [SEGMENTS[s][0] for s in segment],
        "code": [REGENCIES[r][1] for r in region],
        "segment": [SEGMENTS[s][1] for s in segment],
        "reg_m": reg_m, "day": days,
        "last_m": pd.Series([None if x else int(v) for x, v in zip(never, last_m, strict=True)],
                            dtype=object),
    })


def expected_participants(people: pd.DataFrame, since: int, as_of: int) -> pd.DataFrame:
    """Active, new, lapsed per code, segment and month, row by row (the oracle)."""
    cells = people[["code", "segment"]].drop_duplicates()
    counts = {}
    for r in people.itertuples():
        last = r.last_m if r.last_m is not None and r.last_m >= r.reg_m else None
        for m in range(since, as_of + 1):
            key = (r.code, r.segment, m)
            a, nw, lp = counts.get(key, (0, 0, 0))
            counts[key] = (a + (last is not None and r.reg_m <= m <= last),
                           nw + (r.reg_m == m), lp + (last is not None and last == m - 1))
    rows = [(c.code, c.segment, m, *counts.get((c.code, c.segment, m), (0, 0, 0)))
            for c in cells.itertuples() for m in range(since, as_of + 1)]
    out = pd.DataFrame(rows, columns=["region_code", "segment", "m", "active", "new", "lapsed"])
    out["month"] = [pd.Timestamp(*_month(m), 1) for m in out["m"]]
    return out.drop(columns="m").sort_values(["region_code", "segment", "month"]).reset_index(
        drop=True)


def participant_sheet(people: pd.DataFrame, style: str) -> pd.DataFrame:
    """The extract as a file holds it: "id" (Indonesian Excel: 01/08/2025, Agustus 2025),
    "plain" (ISO dates) or "typed" (a parquet with a date column)."""
    reg = [(*_month(m), d) for m, d in zip(people["reg_m"], people["day"], strict=True)]
    if style == "id":
        reg_text = [f"{d:02d}/{mo:02d}/{y}" for y, mo, d in reg]
        last = ["" if m is None else (f"{MONTHS_ID[_month(m)[1] - 1]} {_month(m)[0]}"
                                      if m % 3 else f"{_month(m)[1]:02d}/{_month(m)[0]}")
                for m in people["last_m"]]
    else:
        reg_text = [f"{y}-{mo:02d}-{d:02d}" for y, mo, d in reg]
        last = [None if m is None else f"{_month(m)[0]}-{_month(m)[1]:02d}"
                for m in people["last_m"]]
    sheet = people[IDENTIFIER_COLUMNS].copy()
    sheet["Kab/Kota"] = people["kabkota"]
    sheet["Segmen"] = people["segmen"]
    sheet["Status"] = ["Aktif" if m is not None and m >= 2025 * 12 + 7 else "Non Aktif"
                       for m in people["last_m"]]
    sheet["Tanggal Kepesertaan"] = pd.to_datetime(reg_text) if style == "typed" else reg_text
    sheet["Bulan Iuran Terakhir"] = last
    sheet["Upah"] = [f"{(3_000_000 + 1_000 * i):,}".replace(",", ".") for i in range(len(people))]
    return sheet


def write_csv_id(sheet: pd.DataFrame, path, title: str | None = None):
    """As Excel in Indonesia saves "CSV UTF-8": ';', BOM, CRLF, a title row maybe."""
    text = sheet.to_csv(sep=";", index=False, lineterminator="\r\n")
    if title:
        text = title + ";" * (sheet.shape[1] - 1) + "\r\n" + text
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def claims(n: int = 500, seed: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    region = rng.integers(0, len(REGENCIES), n)
    program = rng.integers(0, len(PROGRAMS), n)
    day = pd.Timestamp("2024-11-01") + pd.to_timedelta(rng.integers(0, 300, n), unit="D")
    amount = rng.integers(1, 400, n) * 125_000
    return pd.DataFrame({
        "Nomor Klaim": [f"KLM-{i:07d}" for i in range(n)],
        "NIK": [f"{3201000000000000 + 7919 * i:016d}" for i in range(n)],
        "Nama": [f"Penerima Uji{i:05d}" for i in range(n)],
        "Kab/Kota": [REGENCIES[r][0] for r in region],
        "Program": [PROGRAMS[p][0] for p in program],
        "Tanggal Klaim": day, "Nominal (Rp)": amount.astype(float),
        "code": [REGENCIES[r][1] for r in region], "program": [PROGRAMS[p][1] for p in program],
    })


def expected_claims(rows: pd.DataFrame) -> pd.DataFrame:
    out: dict = {}
    for r in rows.itertuples():
        key = (r.code, f"{r[6]:%Y-%m}", r.program)
        cases, amount = out.get(key, (0, 0.0))
        out[key] = (cases + 1, amount + r[7])
    table = pd.DataFrame([(*k, *v) for k, v in out.items()],
                         columns=["region_code", "period", "program", "cases", "amount_idr"])
    return table.sort_values(["region_code", "period", "program"]).reset_index(drop=True)


def claims_sheet(rows: pd.DataFrame, style: str) -> pd.DataFrame:
    sheet = rows.drop(columns=["code", "program"]).copy()
    if style == "id":
        sheet["Tanggal Klaim"] = sheet["Tanggal Klaim"].dt.strftime("%d/%m/%Y")
        sheet["Nominal (Rp)"] = ["Rp" + f"{int(v):,}".replace(",", ".") + ",-"
                                 for v in sheet["Nominal (Rp)"]]
    elif style == "plain":
        sheet["Tanggal Klaim"] = sheet["Tanggal Klaim"].dt.strftime("%Y-%m-%d")
    return sheet
