"""Every folder the project uses, derived from the package location.

Notebooks and scripts import these instead of building relative paths, so they run
from any working directory. Set PARITRANA_HOME to point at another project folder
(one with data/raw) when the package is installed outside the repository.
"""

import os
from importlib.resources import files
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("PARITRANA_HOME", PACKAGE_DIR.parent)).resolve()
RAW_DIR = PROJECT_DIR / "data" / "raw"
PROCESSED_DIR = PROJECT_DIR / "data" / "processed"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
REPORTS_DIR = PROJECT_DIR / "reports"
FIGURES_DIR = REPORTS_DIR / "figures"
EXPORTS_DIR = PROJECT_DIR / "exports"  # charts exported from the explorer; make report leaves it


def reference(name: str):
    """A reference file shipped inside the package (paritrana_analysis/data/<name>)."""
    return files("paritrana_analysis") / "data" / name


def refuse_raw(folder) -> None:
    """Raise ValueError when `folder` is data/raw or inside it: received workbooks are
    never written over, and a generated file there would be read as data."""
    target = Path(folder).resolve()
    for raw in {Path(RAW_DIR).resolve(), (PROJECT_DIR / "data" / "raw").resolve()}:
        if target == raw or raw in target.parents:
            raise ValueError(f"{folder} is inside data/raw, where received workbooks stay "
                             "untouched; choose another folder")
