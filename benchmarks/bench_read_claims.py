"""Speed and memory of read_claims on a claim-level workbook, against pandas.read_excel.

Generates (once) a claim-level xlsx with Indonesian headers into benchmarks/out/, then
measures, each in its own subprocess so peak memory (ru_maxrss) is not shared:

- default: pandas.read_excel(path) with its default engine (openpyxl)
- ours-cold: read_claims(path, cache=False)
- ours-cached: read_claims(path) with the parquet cache already filled

Usage:
    .venv/bin/python benchmarks/bench_read_claims.py --rows 100000
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
    "No",
    "Tanggal Klaim",
    "Kantor Cabang",
    "Kabupaten/Kota",
    "Program",
    "Nominal (Rp)",
    "Nomor Klaim/KPJ",
]
# Every kabupaten/kota of Sumatera Selatan, as national extracts write them: the official
# (Kemendagri) names, upper case. Branch names as BPJS Ketenagakerjaan writes its offices.
REGENCIES = [
    "KABUPATEN OGAN KOMERING ULU", "KABUPATEN OGAN KOMERING ILIR", "KABUPATEN MUARA ENIM",
    "KABUPATEN LAHAT", "KABUPATEN MUSI RAWAS", "KABUPATEN MUSI BANYUASIN",
    "KABUPATEN BANYUASIN", "KABUPATEN OGAN KOMERING ULU TIMUR",
    "KABUPATEN OGAN KOMERING ULU SELATAN", "KABUPATEN OGAN ILIR", "KABUPATEN EMPAT LAWANG",
    "KABUPATEN PENUKAL ABAB LEMATANG ILIR", "KABUPATEN MUSI RAWAS UTARA", "KOTA PALEMBANG",
    "KOTA PAGAR ALAM", "KOTA LUBUK LINGGAU", "KOTA PRABUMULIH",
]
BRANCHES = [
    "KANTOR CABANG PALEMBANG KENTEN", "KANTOR CABANG PALEMBANG SUNGAI BATANG",
    "KANTOR CABANG LUBUK LINGGAU", "KANTOR CABANG LAHAT", "KANTOR CABANG BATURAJA",
    "KANTOR CABANG MUARA ENIM", "KANTOR CABANG PRABUMULIH", "KANTOR CABANG PERINTIS SEKAYU",
    "KANTOR CABANG PERINTIS KAYU AGUNG",
]
PROGRAMS = ["JHT", "JKK", "JKM", "JP", "JKP", "Beasiswa"]
AMOUNTS = [ # typical benefit sizes, rupiah
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
    for i in range(1, rows + 1):
        write_number(i, 0, i)
        write_datetime(i, 1, choice(dates), date_fmt)
        write_string(i, 2, choice(BRANCHES))
        write_string(i, 3, choice(REGENCIES))
        write_string(i, 4, choice(PROGRAMS))
        write_number(i, 5, choice(AMOUNTS) + rng.randrange(0, 1000) * 1000, rp_fmt)
        write_string(i, 6, f"KLM{2300000000 + i:010d}")
    wb.close()
    tmp.rename(path)
    return path


def measure(what: str, path: str) -> dict:
    """Run in a subprocess: time one read and report frame memory and peak RSS."""
    import resource

    import pandas as pd

    if what != "default":  # imported before timing, like pandas; not in the default's run
        from paritrana_analysis.load import read_claims

    t0 = time.perf_counter()
    if what == "default":
        df = pd.read_excel(path)
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
    res["ours-cold"] = run_child("ours-cold", path, home)
    run_child("ours-fill-cache", path, home)  # fills the cache (cache=True)
    res["ours-cached"] = run_child("ours-cached", path, home)
    if args.skip_default and "default" in previous:
        res["default"] = previous["default"]
    else:
        res["default"] = run_child("default", path, home)
    results_file.write_text(json.dumps(res, indent=2))

    d, c, k = res["default"], res["ours-cold"], res["ours-cached"]
    for r in (d, c, k):
        print(f"{r['what']:>12}: {r['seconds']:8.2f} s  rows {r['rows']:,}  "
              f"frame {mib(r['frame_bytes'])}  peak {mib(r['peak_bytes'])}")
    print(f"cold speed-up   : {d['seconds'] / c['seconds']:6.1f}x  (target >= 15x)")
    print(f"cached speed-up : {d['seconds'] / k['seconds']:6.1f}x  (target >= 200x)")
    print(f"frame memory    : {c['frame_bytes'] / d['frame_bytes']:6.3f} of default "
          "(target <= 0.333)")
    print(f"peak memory     : {c['peak_bytes'] / d['peak_bytes']:6.3f} of default "
          "(target <= 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
