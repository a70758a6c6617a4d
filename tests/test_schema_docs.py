"""The data dictionary (data/README.md) documents every column of the schema
(paritrana_analysis/schema.py), kind by kind: the docs follow the one contract."""

import re

import pytest

from paritrana_analysis.paths import PROJECT_DIR
from paritrana_analysis.schema import ROW_LEVEL_SPECS, SPECS

ALL = {**SPECS, **ROW_LEVEL_SPECS}

README = (PROJECT_DIR / "data" / "README.md").read_text(encoding="utf-8")


def _section(title_start: str) -> str:
    m = re.search(rf"^## {re.escape(title_start)}.*?(?=^## |\Z)", README, re.S | re.M)
    assert m, f"no section '## {title_start}' in data/README.md"
    return m.group(0)


@pytest.mark.parametrize("kind", sorted(ALL))
def test_every_column_of_the_kind_is_documented(kind):
    documented = _section(f"{kind}:") + _section("Conventions")
    missing = [c.name for c in ALL[kind].columns if f"`{c.name}`" not in documented]
    assert not missing, f"data/README.md does not document {kind} columns {missing}"


def test_the_coverage_vocabularies_are_documented():
    from paritrana_analysis.schema import BASES, QUALIFIERS

    coverage = _section("coverage:")
    assert all(f"`{b}`" in coverage for b in BASES)
    assert all(f"`{q}`" in coverage for q in QUALIFIERS)
