"""Shared test settings: headless matplotlib, figures closed and RNG seeded per test,
and only the bundled workbooks in view."""

import matplotlib

matplotlib.use("Agg")

import datetime as dt  # noqa: E402
import shutil  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from paritrana_analysis import clock, paths  # noqa: E402

TODAY = dt.date(2026, 11, 26)  # the day every test speaks for


@pytest.fixture(autouse=True, scope="session")
def _bundled_data_only(tmp_path_factory):
    """Tests see the bundled workbooks (those with a sidecar) only, so an analyst's own
    workbooks in data/raw never change what the tests expect."""
    raw = tmp_path_factory.mktemp("raw")
    for meta in paths.RAW_DIR.glob("*.meta.yml"):
        shutil.copy2(meta, raw / meta.name)
        shutil.copy2(meta.with_name(meta.name[: -len(".meta.yml")]), raw)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paths, "RAW_DIR", raw)
        yield raw


@pytest.fixture(autouse=True)
def _close_figures_and_seed():
    np.random.seed(0)
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    """Tests fix the clock: `clock.today` is the one place code asks for the date."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)
