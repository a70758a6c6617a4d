"""Shared test settings: headless matplotlib, figures closed and RNG seeded per test."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures_and_seed():
    np.random.seed(0)
    yield
    plt.close("all")
