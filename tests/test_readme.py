"""Every Python block and `paritrana` command the README shows must work."""

import re
import subprocess
import sys

import pytest

from paritrana_analysis.paths import PROJECT_DIR

README = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)
CHECK_COMMANDS = re.findall(r"^\.venv/bin/(paritrana check [^#\n]+)", README, re.M)


def test_readme_has_examples():
    assert len(PYTHON_BLOCKS) >= 2 and CHECK_COMMANDS


@pytest.mark.parametrize("block", PYTHON_BLOCKS)
def test_python_blocks_run(block, monkeypatch):
    monkeypatch.chdir(PROJECT_DIR)
    exec(compile(block, "README.md", "exec"), {})


@pytest.mark.parametrize("command", CHECK_COMMANDS)
def test_check_commands_pass(command):
    args = command.split()[1:]
    run = subprocess.run([sys.executable, "-m", "paritrana_analysis.cli", *args],
                         cwd=PROJECT_DIR, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_answers_in_one_line_are_true():
    import paritrana_analysis as pa

    gap = pa.gap_to_target(2_789_917, target_pct=51, coverage_pct=31.33)
    assert (round(gap.points, 2), gap.workers) == (19.67, 1_751_602)
    assert f"{pa.required_annual_pace(35.68, '2025-04-30', 99.5, 2045).points_per_year:.2f}" \
        == "3.24"
    assert pa.workers_covered_by_budget(20_000_000) == 99
    assert round(pa.cost_of_closing_gap(gap)) == 353_122_963_200


def test_backtest_answers_in_the_readme_are_true():
    import paritrana_analysis as pa

    people = pa.series_history(pa.load_dataset("coverage"), "ID", measure="covered")
    table = pa.backtest(people, measure="covered", ceiling=99_000_000)
    assert pa.describe_track_record(pa.choose_method(table, 4), "en") == (
        "linear, mean error 26.3% at 4 years, within 5% in 0 of 4 backtests (naive: 40.5%)")
    p = pa.project_participants(people, method="auto", ceiling=99_000_000)
    assert pa.year_target_reached(p, 70_000_000, measure="covered") == (2028, 2033, None, True)
