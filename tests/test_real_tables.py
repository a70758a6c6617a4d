"""The real public tables in ../shared/real-tables (not in a user's clone: skipped there)
meet their expected outcome, through the checker that ships beside them. The same
layouts are covered by generated workbooks in test_load_layouts.py."""

import importlib.util
import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent.parent / ".." / "shared" / "real-tables"
pytestmark = pytest.mark.skipif(not (HERE / "expected.json").exists(),
                                reason="../shared/real-tables is not here (a user's clone)")


def _checker():
    spec = importlib.util.spec_from_file_location("real_tables_check", HERE / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cases():
    if not (HERE / "expected.json").exists():
        return []
    files = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))["files"]
    return [(name, i) for name, spec in files.items() for i in range(len(spec["cases"]))]


@pytest.mark.parametrize(("name", "index"), _cases())
def test_real_table_case(name, index):
    check = _checker()
    cases = check.EXPECTED["files"][name]["cases"]
    ok, message, _seconds = check.run_case(HERE / name, cases[index], cases)
    assert ok, f"{name} / {cases[index]['name']}: {message}"
