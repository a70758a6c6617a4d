"""Speed and memory of read_claims on a claim-level workbook, against pandas.read_excel.

Generates (once) a claim-level xlsx with Indonesian headers into benchmarks/out/, then
measures, each in its own subprocess so peak memory (ru_maxrss) is not shared:

- fastexcel: the engine alone (fastexcel.read_excel(path).load_sheet(0).to_pandas())
- default: pandas.read_excel(path) with its default engine (openpyxl)
- ours-cold: read_claims(path, cache=False)
- ours-cached: read_claims(path) with the parquet cache already filled

The workbook has one claim per row with a claim number stored as a number (as Excel
stores digits), a date, a province, a program, a segment, an amount, an age and a status.

Usage:
    .venv/bin/python benchmarks/bench_read_claims.py --rows 200000
    .venv/bin/python benchmarks/bench_read_claims.py            # 1,048,575 rows (slow)
    .venv/bin/python benchmarks/bench_read_claims.py --rows 100000 --skip-default
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
EXCEL_MAX_DATA_ROWS = 1_048_575  # 1,048,576 rows minus the header

HEADERS = [
    "Nomor Klaim",
    "Tanggal Klaim",
    "Provinsi",
    "Program",
    "Segmen",
    "Nominal (Rp)",
    "Usia",
    "Status",
]
# Province names as national extracts write them (upper case), programs, segments and
# statuses as BPJS Ketenagakerjaan extracts do.
PROVINCES = [
    "ACEH", "SUMATERA UTARA", "SUMATERA BARAT", "RIAU", "JAMBI", "SUMATERA SELATAN",
    "BENGKULU", "LAMPUNG", "KEPULAUAN BANGKA BELITUNG", "KEPULAUAN RIAU", "DKI JAKARTA",
    "JAWA BARAT", "JAWA TENGAH", "DI YOGYAKARTA", "JAWA TIMUR", "BANTEN", "BALI",
    "NUSA TENGGARA BARAT", "NUSA TENGGARA TIMUR", "KALIMANTAN BARAT", "KALIMANTAN TENGAH",
    "KALIMANTAN SELATAN", "KALIMANTAN TIMUR", "KALIMANTAN UTARA", "SULAWESI UTARA",
    "SULAWESI TENGAH", "SULAWESI SELATAN", "SULAWESI TENGGARA", "GORONTALO", "SULAWESI BARAT",
    "MALUKU", "MALUKU UTARA", "PAPUA BARAT", "PAPUA BARAT DAYA", "PAPUA", "PAPUA SELATAN",
    "PAPUA TENGAH", "PAPUA PEGUNUNGAN",
]
PROGRAMS = ["JHT", "JKK", "JKM", "JP", "JKP", "Beasiswa"]
SEGMENTS = ["PU", "BPU", "Jakon", "PMI"]
STATUSES = ["Dibayar", "Diproses", "Ditolak"]
AMOUNTS = [  # typical benefit sizes, rupiah
    42_000_000, 12_500_000, 3_750_000, 85_000_000, 1_250_000, 7_600_000, 150_000_000,
]


def workbook_path(rows: int) -> Path:
    return OUT / f"claims_{rows}.xlsx"


def generate(rows: int) -> Path:
    """Write the claim-level workbook (xlsxwriter constant_memory: fast, low memory)."""
    import xlsxwriter

    path = workbook_path(rows)
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.xlsx")
    rng = random.Random(20250801)
    wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
    ws = wb.add_worksheet("Klaim")
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    rp_fmt = wb.add_format({"num_format": '"Rp"#,##0'})
    ws.write_row(0, 0, HEADERS)
    start = dt.date(2023, 1, 1).toordinal()
    dates = [dt.datetime.fromordinal(start + d) for d in range(365 * 2 + 212)]
    write_number = ws.write_number
    write_string = ws.write_string
    write_datetime = ws.write_datetime
    choice = rng.choice
    for i in range(1, rows + 1):  # claim numbers are numbers, as Excel stores digits
        write_number(i, 0, 230_000_000_000 + i * 7)
        write_datetime(i, 1, choice(dates), date_fmt)
        write_string(i, 2, choice(PROVINCES))
        write_string(i, 3, choice(PROGRAMS))
        write_string(i, 4, choice(SEGMENTS))
        write_number(i, 5, choice(AMOUNTS) + rng.randrange(0, 1000) * 1000, rp_fmt)
        write_number(i, 6, rng.randrange(18, 70))
        write_string(i, 7, choice(STATUSES))
    wb.close()
    tmp.rename(path)
    return path


def measure(what: str, path: str) -> dict:
    """Run in a subprocess: time one read and report frame memory and peak RSS."""
    import resource

    import pandas as pd

    if what.startswith("ours"):  # imported before timing, like pandas
        from paritrana_analysis.load import read_claims
    if what == "fastexcel":
        import fastexcel

    t0 = time.perf_counter()
    if what == "default":
        df = pd.read_excel(path)
    elif what == "fastexcel":  # the engine alone: the sheet as typed columns, to pandas
        df = fastexcel.read_excel(path).load_sheet(0).to_pandas()
    else:
        df = read_claims(path, cache=(what != "ours-cold"))
    seconds = time.perf_counter() - t0
    frame = int(df.memory_usage(deep=True).sum())
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"what": what, "seconds": seconds, "rows": len(df), "frame_bytes": frame,
            "peak_bytes": peak_kib * 1024}


def run_child(what: str, path: Path, home: Path) -> dict:
    env = dict(os.environ, PARITRANA_HOME=str(home))
    out = subprocess.run(
        [sys.executable, __file__, "--measure", what, "--file", str(path)],
        env=env, capture_output=True, text=True, check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{what} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=EXCEL_MAX_DATA_ROWS)
    ap.add_argument("--skip-default", action="store_true",
                    help="reuse the default reader's figures from the last run")
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.file)))
        return 0

    t0 = time.perf_counter()
    path = generate(args.rows)
    print(f"workbook: {path} ({path.stat().st_size / 2**20:.1f} MiB, "
          f"{args.rows:,} data rows; ready in {time.perf_counter() - t0:.1f} s)")
    home = OUT / f"home_{args.rows}"  # PARITRANA_HOME: the cache goes under it
    results_file = OUT / f"results_{args.rows}.json"
    previous = json.loads(results_file.read_text()) if results_file.exists() else {}

    res = {}
    res["fastexcel"] = run_child("fastexcel", path, home)
    res["ours-cold"] = run_child("ours-cold", path, home)
    run_child("ours-fill-cache", path, home)  # fills the cache (cache=True)
    res["ours-cached"] = run_child("ours-cached", path, home)
    if args.skip_default and "default" in previous:
        res["default"] = previous["default"]
    else:
        res["default"] = run_child("default", path, home)
    results_file.write_text(json.dumps(res, indent=2))

    d, c, k, f = res["default"], res["ours-cold"], res["ours-cached"], res["fastexcel"]
    for r in (f, d, c, k):
        print(f"{r['what']:>12}: {r['seconds']:8.2f} s  rows {r['rows']:,}  "
              f"frame {mib(r['frame_bytes'])}  peak {mib(r['peak_bytes'])}")
    print(f"cold speed-up   : {d['seconds'] / c['seconds']:6.1f}x  (target >= 15x)")
    print(f"cached speed-up : {d['seconds'] / k['seconds']:6.1f}x  (target >= 200x)")
    print(f"frame memory    : {c['frame_bytes'] / d['frame_bytes']:6.3f} of default "
          "(target <= 0.333)")
    print(f"peak memory     : {c['peak_bytes'] / d['peak_bytes']:6.3f} of default "
          "(target <= 1)")
    print(f"cold vs fastexcel alone: {c['seconds'] / f['seconds']:6.2f}x "
          "(target at 1,048,575 rows <= 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
