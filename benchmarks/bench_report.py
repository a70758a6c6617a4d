"""Time the main job and the notebook tests (issue 6 targets: each under 90 s on 2 cores).

    .venv/bin/python benchmarks/bench_report.py [--region ID-SS]

Runs, once .venv exists: `paritrana report` (what `make report` runs) and the nbval part
of `make test`, each in a fresh process, and prints wall time. Not part of the test suite.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "MPLBACKEND": "Agg"})
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--region", default="ID-SS")
    region = parser.parse_args().region
    report = timed([str(BIN / "paritrana"), "report", "--region", region])
    nbval = timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                   "-n", "auto", "--dist", "loadfile", "--nbval-lax", "--nbval-current-env",
                   "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "notebooks"])
    print(f"make report ({region}): {report:.1f} s (target < 90 s)")
    print(f"nbval part of make test: {nbval:.1f} s (target < 90 s)")


if __name__ == "__main__":
    main()
