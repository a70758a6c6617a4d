"""Re-run notebooks and store the outputs nbval checks (cells marked NBVAL_CHECK_OUTPUT),
after a change that moves a headline number on purpose. Other cells keep no output.

    .venv/bin/python tools/refresh_checked_outputs.py notebooks/05_proyeksi_ucj_2045.ipynb

The clock and the data are those `make test` uses (PARITRANA_TODAY, the bundled data only),
so the stored numbers are the ones CI compares. Read the diff before committing it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ENV = {"PARITRANA_TODAY": "2026-11-26", "PARITRANA_BUNDLED_ONLY": "1", "MPLBACKEND": "Agg"}


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    os.environ.update(ENV)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if "NBVAL_CHECK_OUTPUT" in cell.source:
            cell.execution_count = 1
            for out in cell.outputs:
                if "execution_count" in out:
                    out["execution_count"] = 1
        else:
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, path)
    print(f"{path}: checked outputs stored")


if __name__ == "__main__":
    for name in sys.argv[1:] or sorted(str(p) for p in Path("notebooks").glob("[0-9]*.ipynb")):
        refresh(Path(name))
