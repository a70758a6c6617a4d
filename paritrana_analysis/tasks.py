"""The Makefile's other targets as `paritrana` commands (test, lab, lint, clean), so a
Windows laptop with conda and no `make` runs exactly what `make` runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from paritrana_analysis import paths

# The date the notebooks' checked outputs were computed on: nbval runs with this clock
# and the bundled data only, so an analyst's own workbooks or a new day do not fail it.
NOTEBOOK_TODAY = "2026-11-26"
# What `clean` removes (the Makefile's clean also removes .venv, which a conda user has not)
GENERATED = ("reports", "reports-failed", ".reports-new", ".reports-old", ".reports.lock",
             ".pytest_cache", ".hypothesis")


def _root() -> Path:
    """The checkout: tests/ and notebooks/ live beside the package, not inside it."""
    root = paths.PACKAGE_DIR.parent
    if not (root / "tests").is_dir():
        raise SystemExit(f"paritrana: {root} is not a checkout of paritrana-analysis (no "
                         "tests/ folder); run this from a git clone installed with pip -e")
    return root


def _run(args: list[str], env: dict | None = None) -> int:
    full = {**os.environ, "MPLBACKEND": "Agg", **(env or {})}
    return subprocess.call(args, cwd=_root(), env=full)


def test() -> int:
    """The unit tests, then every notebook under nbval (what `make test` runs), each on
    every core (pytest-xdist; a notebook's cells stay together on one worker)."""
    code = _run([sys.executable, "-m", "pytest", "-n", "auto", "tests"])
    if code:
        return code
    return _run([sys.executable, "-m", "pytest", "-n", "auto", "--dist", "loadfile",
                 "--nbval-lax", "--nbval-current-env", "--nbval-sanitize-with",
                 "tests/nbval_sanitize.cfg", "-p", "no:cacheprovider", "notebooks"],
                env={"PARITRANA_TODAY": NOTEBOOK_TODAY, "PARITRANA_BUNDLED_ONLY": "1"})


def lab() -> int:
    """JupyterLab on the notebooks (root, as in a container, needs --allow-root)."""
    root_user = getattr(os, "geteuid", lambda: 1)() == 0
    return _run([sys.executable, "-m", "jupyterlab", "notebooks"]
                + (["--allow-root"] if root_user else []))


def lint() -> int:
    return _run([sys.executable, "-m", "ruff", "check", "paritrana_analysis", "tests",
                 "benchmarks"])


def clean(root: Path | None = None) -> int:
    """Remove the generated files (reports, caches, data/processed); raw data stays."""
    root = root or _root()
    for name in GENERATED:
        target = root / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    for item in (root / "data" / "processed").glob("*"):
        if item.name != ".gitkeep":
            shutil.rmtree(item) if item.is_dir() else item.unlink()
    for cache in root.rglob("__pycache__"):
        if ".venv" not in cache.parts:
            shutil.rmtree(cache, ignore_errors=True)
    return 0
