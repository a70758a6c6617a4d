"""environment.yml and pyproject.toml must name the same dependencies."""

import re
import tomllib

import yaml

from paritrana_analysis.paths import PROJECT_DIR


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
