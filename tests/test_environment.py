"""environment.yml and pyproject.toml must name the same dependencies."""

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from paritrana_analysis.paths import PROJECT_DIR

ROOT = Path(__file__).resolve().parent.parent


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {_name(s): s.replace(" ", "") for s in specs}


def _environment() -> dict[str, str]:
    env = yaml.safe_load((PROJECT_DIR / "environment.yml").read_text())
    out = {}
    for item in env["dependencies"]:
        if isinstance(item, dict):  # the pip: section
            out.update({_name(s): s.replace(" ", "") for s in item["pip"] if not s.startswith("-")})
        elif _name(item) not in ("python", "pip"):
            out[_name(item)] = item.replace(" ", "")
    return out


def test_same_packages_in_both_files():
    py, env = _pyproject(), _environment()
    assert sorted(set(py) - set(env)) == [], "in pyproject.toml but not environment.yml"
    assert sorted(set(env) - set(py)) == [], "in environment.yml but not pyproject.toml"


def test_same_version_bounds_in_both_files():
    py, env = _pyproject(), _environment()
    differ = {n: (py[n], env[n]) for n in py.keys() & env.keys() if py[n] != env[n]}
    assert differ == {}


def test_python_version_matches():
    project = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((PROJECT_DIR / "environment.yml").read_text())
    assert f"python{project['requires-python']}" in env["dependencies"]


def _make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z]+):", text, flags=re.M)) - {"help", "venv"}


def test_every_make_target_is_a_paritrana_command(capsys):
    """Windows with conda has no make: each target has its `paritrana` twin, and the
    Makefile calls it (one definition of what `make test` runs)."""
    from paritrana_analysis.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    commands = set(re.search(r"\{([a-z,]+)\}", capsys.readouterr().out).group(1).split(","))
    assert _make_targets() == {"test", "report", "lab", "lint", "clean"}
    assert _make_targets() <= commands
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in _make_targets() - {"clean"}:  # make clean also removes .venv
        assert f"$(BIN)/paritrana {target}" in makefile
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in _make_targets():
        assert f"paritrana {target}" in readme, target


def test_paritrana_clean_keeps_raw_data(tmp_path):
    from paritrana_analysis.tasks import clean

    for name in ("reports/figures/a.png", "data/processed/coverage.parquet",
                 "data/processed/.gitkeep", "data/raw/mine.xlsx", ".reports.lock",
                 "paritrana_analysis/__pycache__/x.pyc", "tests/test_x.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    assert clean(tmp_path) == 0
    left = sorted(str(p.relative_to(tmp_path)).replace("\\", "/")
                  for p in tmp_path.rglob("*") if p.is_file())
    assert left == ["data/processed/.gitkeep", "data/raw/mine.xlsx", "tests/test_x.py"]
