"""Row-level extracts: DuckDB (paritrana_analysis.load.rowlevel) against pandas read_csv + groupby.

Generates a participant extract (CSV as Indonesian Excel writes it, and parquet) and a
claims extract (CSV), then measures, each in its own subprocess so that peak memory
(ru_maxrss) is not shared, side by side in one run:

- duckdb-*: read_participants + coverage_from_participants (coverage by kabupaten/kota x
  segment x month), read_claims_extract;
- pandas-*: pandas.read_csv / read_parquet of the same columns + groupby, the same
  algorithm and the same lookups of distinct values (regions, segments, months), as a
  careful analyst would write it;

and checks that both give the same table (on a sample of `--sample` rows always, and at
full size when pandas finishes). The files go to benchmarks/out/rowlevel/ (git-ignored)
and are deleted at the end unless --keep.

Usage:
    .venv/bin/python benchmarks/bench_rowlevel.py          # 20,000,000 + 5,000,000 rows
    .venv/bin/python benchmarks/bench_rowlevel.py --participants 2000000 --claims 500000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "rowlevel"
AS_OF, SINCE = "2025-08-01", "2024-09-01"
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]
SEGMENTS = ["PU", "Penerima Upah", "BPU", "Bukan Penerima Upah", "Jakon", "Jasa Konstruksi",
            "PMI"]
PROGRAMS = ["JHT", "Jaminan Hari Tua", "JKK", "JKM", "Jaminan Kematian", "JP", "JKP",
            "Beasiswa"]
P_COLS = ["Kab/Kota", "Segmen", "Tanggal Kepesertaan", "Bulan Iuran Terakhir"]
C_COLS = ["Kab/Kota", "Program", "Tanggal Klaim", "Nominal (Rp)"]


# ---------------------------------------------------------------- the extracts


def _spellings() -> list[str]:
    """Every kabupaten/kota as national extracts and people write it: the official
    upper-case name (KABUPATEN MUSI RAWAS), the display name (Kab. Musi Rawas), lower
    case, and the Kemendagri code (16.05)."""
    import pandas as pd

    from paritrana_analysis.paths import reference

    with reference("regencies.csv").open(encoding="utf-8") as fh:
        official = pd.read_csv(fh, comment="#", dtype=str)
    from paritrana_analysis.regions import regencies

    shown = regencies()
    return [*official["name"], *shown["name"], *shown["name"].str.lower(), *shown["code"]]


def _sql_list(values) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _pick(values, salt: int) -> str:
    return f"{_sql_list(values)}[1 + (hash(i * {salt}) % {len(values)})::INTEGER]"


def _participants_sql(rows: int) -> str:
    """One row per participant. Registered 2010 .. Aug 2025; 60% paid up to August 2025
    (the extract's month), the others stopped some month after registering; 4% never
    paid. Months written as 08/2025 or Agustus 2025; wages as 3.250.000."""
    reg = "(DATE '2010-01-01' + (hash(i * 7) % 5691)::INTEGER)"
    reg_m = f"(year({reg}) * 12 + month({reg}) - 1)"
    end = 2025 * 12 + 7
    last_m = (f"(CASE WHEN hash(i * 11) % 25 = 0 THEN NULL WHEN hash(i * 11) % 10 < 6 "
              f"THEN {end} ELSE {reg_m} + (hash(i * 13) % ({end} - {reg_m} + 1))::INTEGER END)")
    month_text = (f"CASE WHEN lm IS NULL THEN NULL WHEN hash(i * 17) % 2 = 0 THEN "
                  f"lpad((lm % 12 + 1)::VARCHAR, 2, '0') || '/' || (lm // 12)::VARCHAR "
                  f"ELSE {_sql_list(MONTHS)}[(lm % 12 + 1)::INTEGER] || ' ' || "
                  f"(lm // 12)::VARCHAR END")
    return f"""
      SELECT lpad((1000000000000000 + hash(i) % 8999999999999999)::VARCHAR, 16, '0') AS "NIK",
        (10000000000 + i)::VARCHAR AS "No KPJ",
        {_pick(_spellings(), 3)} AS "Kab/Kota", {_pick(SEGMENTS, 5)} AS "Segmen",
        CASE WHEN lm = {end} THEN 'Aktif' ELSE 'Non Aktif' END AS "Status",
        strftime(reg, '%d/%m/%Y') AS "Tanggal Kepesertaan", reg AS reg_date,
        {month_text} AS "Bulan Iuran Terakhir",
        replace(format('{{:,}}', 2500000 + (hash(i * 19) % 9000) * 1000), ',', '.') AS "Upah"
      FROM (SELECT i, {reg} AS reg, {last_m} AS lm FROM range({rows}) t(i))"""


def _claims_sql(rows: int) -> str:
    day = "(DATE '2023-01-01' + (hash(i * 7) % 973)::INTEGER)"
    return f"""
      SELECT 'KLM' || lpad(i::VARCHAR, 10, '0') AS "Nomor Klaim",
        lpad((1000000000000000 + hash(i) % 8999999999999999)::VARCHAR, 16, '0') AS "NIK",
        {_pick(_spellings(), 3)} AS "Kab/Kota", {_pick(PROGRAMS, 5)} AS "Program",
        strftime({day}, '%d/%m/%Y') AS "Tanggal Klaim",
        'Rp' || replace(format('{{:,}}', (1 + hash(i * 11) % 400) * 125000), ',', '.') || ',-'
          AS "Nominal (Rp)"
      FROM range({rows}) t(i)"""


def _write_csv(con, select: str, path: Path) -> None:
    """As Excel in Indonesia saves "CSV UTF-8": ';' and a byte order mark."""
    body = path.with_suffix(".body")
    con.execute(f"COPY ({select}) TO '{body}' (HEADER true, DELIMITER ';')")
    with open(path, "wb") as out, open(body, "rb") as fh:
        out.write(b"\xef\xbb\xbf")
        shutil.copyfileobj(fh, out, 16 << 20)
    body.unlink()


def generate(participants: int, claims: int, sample: int) -> dict[str, Path]:
    import duckdb
    import numpy as np
    import pandas as pd

    from paritrana_analysis.regions import regencies

    OUT.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    files = {}
    for name, rows in (("participants", participants), ("sample", sample)):
        select = _participants_sql(rows).replace(", reg AS reg_date", "")
        files[name] = OUT / f"{name}_{rows}.csv"
        if not files[name].exists():
            _write_csv(con, select, files[name])
    files["parquet"] = OUT / f"participants_{participants}.parquet"
    if not files["parquet"].exists():  # typed, as a database export: the date is a DATE
        con.execute(f"""COPY (SELECT * EXCLUDE ("Tanggal Kepesertaan", reg_date),
            reg_date AS "Tanggal Kepesertaan" FROM ({_participants_sql(participants)}))
            TO '{files['parquet']}' (FORMAT parquet)""")
    files["claims"] = OUT / f"claims_{claims}.csv"
    if not files["claims"].exists():
        _write_csv(con, _claims_sql(claims), files["claims"])
    files["workforce"] = OUT / "workforce.parquet"
    rng = np.random.default_rng(8)
    work = regencies().rename(columns={"code": "region_code", "name": "region"})
    work = work.assign(level="regency", as_of=pd.Timestamp("2024-08-01"),
                       employed=rng.integers(40_000, 1_500_000, len(work)),
                       source="BPS, Sakernas Agustus 2024 (synthetic)")
    work.drop(columns="province_code").to_parquet(files["workforce"], index=False)
    return files


# ---------------------------------------------------------------- the two ways


def _month(ts) -> int:
    return ts.year * 12 + ts.month - 1


def pandas_participants(path: Path):
    """pandas.read_csv + groupby, the same algorithm as rowlevel_participants."""
    import numpy as np
    import pandas as pd

    from paritrana_analysis.load.rowlevel.rules import canonical_segment, lookup_region, parse_date

    if path.suffix == ".parquet":
        df = pd.read_parquet(path, columns=P_COLS)
        reg = pd.to_datetime(df["Tanggal Kepesertaan"])
    else:
        df = pd.read_csv(path, sep=";", usecols=P_COLS, dtype=str, encoding="utf-8-sig")
        reg = pd.to_datetime(df["Tanggal Kepesertaan"], format="%d/%m/%Y")
    reg_m = (reg.dt.year * 12 + reg.dt.month - 1).to_numpy()
    months = {v: _month(parse_date(v)) for v in df["Bulan Iuran Terakhir"].dropna().unique()}
    last_m = df["Bulan Iuran Terakhir"].map(months).to_numpy(dtype=float)
    code = df["Kab/Kota"].map({v: lookup_region(v).code for v in df["Kab/Kota"].unique()})
    seg = df["Segmen"].map({v: canonical_segment(v) for v in df["Segmen"].unique()})
    del df
    lo, hi = _month(pd.Timestamp(SINCE)) - 1, _month(pd.Timestamp(AS_OF))
    ever = ~np.isnan(last_m) & (last_m >= reg_m)
    stop = np.where(ever, last_m, reg_m - 1)
    cells = pd.DataFrame({"region_code": code, "segment": seg, "ever": ever,
                          "start": np.clip(reg_m, lo - 1, hi + 1),
                          "stop": np.clip(stop, lo - 1, hi + 1)})
    starts = cells.groupby(["region_code", "segment", "start"]).size().unstack(fill_value=0)
    stops = cells.groupby(["region_code", "segment", "stop"]).size().unstack(fill_value=0)
    lapses = cells[cells["ever"]].groupby(["region_code", "segment", "stop"]).size().unstack(
        fill_value=0)
    cols = range(lo - 1, hi + 2)
    starts, stops, lapses = (t.reindex(columns=cols, fill_value=0).reindex(starts.index,
                                                                          fill_value=0)
                             for t in (starts, stops, lapses))
    rows = []
    for m in range(lo + 1, hi + 1):
        rows.append(pd.DataFrame({
            "month": pd.Timestamp(m // 12, m % 12 + 1, 1),
            "active": starts.loc[:, :m].sum(axis=1) - stops.loc[:, :m - 1].sum(axis=1),
            "new": starts[m], "lapsed": lapses[m - 1]}).reset_index())
    return pd.concat(rows, ignore_index=True)


def pandas_claims(path: Path):
    import pandas as pd

    from paritrana_analysis.load.rowlevel.rules import (
        canonical_program,
        lookup_region,
        parse_numbers,
    )

    df = pd.read_csv(path, sep=";", usecols=C_COLS, dtype=str, encoding="utf-8-sig")
    day = pd.to_datetime(df["Tanggal Klaim"], format="%d/%m/%Y")
    ym = day.dt.year * 100 + day.dt.month
    period = ym.map({v: f"{v // 100:04d}-{v % 100:02d}" for v in ym.unique()})
    amount, _ = parse_numbers(df["Nominal (Rp)"])
    table = pd.DataFrame({
        "region_code": df["Kab/Kota"].map({v: lookup_region(v).code
                                           for v in df["Kab/Kota"].unique()}),
        "period": period,
        "program": df["Program"].map({v: canonical_program(v) for v in df["Program"].unique()}),
        "amount_idr": amount})
    return table.groupby(["region_code", "period", "program"]).agg(
        cases=("amount_idr", "size"), amount_idr=("amount_idr", "sum")).reset_index()


def measure(task: str, path: str, out: str, workforce: str) -> dict:
    """In a subprocess: run one task, save its table, report time and peak RSS."""
    import resource

    import pandas as pd

    from paritrana_analysis.load.rowlevel import (
        coverage_from_participants,
        read_claims_extract,
        read_participants,
    )

    work = pd.read_parquet(workforce)
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    engine, kind = task.split("-", 1)
    if kind == "participants":
        if engine == "duckdb":
            table = read_participants(path, as_of=AS_OF, since=SINCE)
        else:
            table = pandas_participants(Path(path))
        coverage = coverage_from_participants(_participant_table(table), work)
        extra = {"coverage_rows": len(coverage)}
    else:
        table = read_claims_extract(path) if engine == "duckdb" else pandas_claims(Path(path))
        extra = {}
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    table.to_parquet(out, index=False)
    return {"task": task, "seconds": seconds, "rows_out": len(table),
            "peak_mib": peak / 1024, "after_imports_mib": start_rss / 1024, **extra}


def _participant_table(table):
    """pandas' table with the columns coverage_from_participants needs."""
    if "region" in table:
        return table
    from paritrana_analysis.regions import lookup_region

    names = {c: lookup_region(c) for c in table["region_code"].unique()}
    return table.assign(region=table["region_code"].map(lambda c: names[c].name),
                        level="regency", source="pandas")


# ---------------------------------------------------------------- the run


def run_child(task: str, path: Path, workforce: Path) -> dict:
    result = OUT / f"result_{task}_{path.stem}.parquet"
    load = os.getloadavg()[0]
    out = subprocess.run([sys.executable, __file__, "--measure", task, "--file", str(path),
                          "--result", str(result), "--workforce", str(workforce)],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        tail = (out.stderr.strip().splitlines() or [f"exit code {out.returncode}"])[-1]
        return {"task": task, "failed": f"{tail} (exit code {out.returncode})",
                "load_before": load}
    res = json.loads(out.stdout.strip().splitlines()[-1])
    return {**res, "result": str(result), "load_before": load,
            "load_after": os.getloadavg()[0]}


def same_table(a: dict, b: dict, kind: str) -> bool | None:
    import pandas as pd

    if "result" not in a or "result" not in b:
        return None
    keys = ["region_code", "segment", "month"] if kind == "participants" else \
        ["region_code", "period", "program"]
    values = ["active", "new", "lapsed"] if kind == "participants" else ["cases", "amount_idr"]

    def tidy(path):
        df = pd.read_parquet(path)[keys + values]
        df = df.astype({k: "str" for k in keys if k != "month"})
        if "month" in df:
            df["month"] = pd.to_datetime(df["month"]).astype("datetime64[ns]")
        return df.astype({v: "float64" for v in values}).sort_values(keys).reset_index(
            drop=True)
    return tidy(a["result"]).equals(tidy(b["result"]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--participants", type=int, default=20_000_000)
    ap.add_argument("--claims", type=int, default=5_000_000)
    ap.add_argument("--sample", type=int, default=1_000_000,
                    help="rows of the sample both must read to the same table")
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    ap.add_argument("--result", help=argparse.SUPPRESS)
    ap.add_argument("--workforce", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.file, args.result, args.workforce)))
        return 0
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()}")
    t0 = time.perf_counter()
    files = generate(args.participants, args.claims, args.sample)
    sizes = {k: f"{p.stat().st_size / 2**30:.2f} GiB" for k, p in files.items()}
    print(f"generated in {time.perf_counter() - t0:.0f} s: {sizes}")
    plan = [("participants", "participants"), ("participants", "parquet"),
            ("participants", "sample"), ("claims", "claims")]
    results = {}
    try:
        for kind, name in plan:
            for engine in ("duckdb", "pandas"):
                r = run_child(f"{engine}-{kind}", files[name], files["workforce"])
                results[f"{engine}-{name}"] = r
                print(json.dumps(r))
            results[f"same-{name}"] = same_table(results[f"duckdb-{name}"],
                                                 results[f"pandas-{name}"], kind)
            print(f"same table ({name}): {results[f'same-{name}']}")
    finally:
        (OUT / "results.json").write_text(json.dumps(results, indent=2))
        if not args.keep:
            for path in OUT.iterdir():
                if path.name != "results.json":
                    path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
