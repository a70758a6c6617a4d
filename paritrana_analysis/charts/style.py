"""House style: font, sizes, grid and colours of every press chart.

The rcParams live in ``paritrana_analysis/data/paritrana.mplstyle``; :func:`house_style`
applies them in a ``with`` block and restores the previous settings afterwards (like
seaborn's ``axes_style``), :func:`use_house_style` applies them for a whole notebook.

Colours: :data:`COLORS` names the roles (``highlight`` is "our" region), :data:`PALETTES`
holds the categorical and sequential palettes. :func:`validate_palette` checks that a
palette stays readable in greyscale (lightness steps) and for readers with deuteranopia
(simulated with the Machado et al. 2009 matrix); :func:`get_palette` refuses unknown
palettes and requests for more colours than a palette has.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.colors import to_hex, to_rgb

from paritrana_analysis.charts.fonts import register_fonts
from paritrana_analysis.paths import reference

STYLE_FILE = "paritrana.mplstyle"

COLORS = {
    "ink": "#222222",  # text, target markers
    "muted": "#666666",  # secondary text, footer
    "grid": "#DDDDDD",
    "rule": "#BBBBBB",  # the line above the footer
    "base": "#1B3A5C",  # the main data colour (navy)
    "context": "#B5CFE6",  # other regions, when one is highlighted
    "highlight": "#C8500A",  # our region (vermillion)
    "uncovered": "#D9D9D9",  # the uncovered part of a stacked bar
    "band": "#B5CFE6",  # projection uncertainty band
    "nodata_face": "#FFFFFF",
    "nodata_edge": "#9A9A9A",
}

PALETTES = {
    # Lightness steps >= 10 L* and distinct under deuteranopia (tests check both).
    "categorical": ["#1B3A5C", "#8E2C6E", "#C8500A", "#4FA6DC", "#E9C349"],
    # Light to dark single hue: order survives greyscale printing.
    "sequential": ["#E8F0F7", "#B5CFE6", "#6FA3CF", "#2F6DA6", "#123C69"],
    # Our region against the others.
    "highlight": ["#B5CFE6", "#C8500A"],
}

MIN_LIGHTNESS_STEP = 10.0  # CIE L* between any two colours of a palette
MIN_DEUTERANOPIA_DISTANCE = 15.0  # CIE76 delta E after simulating deuteranopia

# Machado, Oliveira & Fernandes (2009), deuteranomaly severity 1.0, on linear RGB.
_DEUTERANOPIA = np.array(
    [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ]
)
_RGB_TO_XYZ = np.array(
    [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
)
_WHITE = np.array([0.95047, 1.0, 1.08883])


def _linear(color) -> np.ndarray:
    c = np.array(to_rgb(color))
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    t = (_RGB_TO_XYZ @ linear_rgb) / _WHITE
    f = np.where(t > 0.008856, np.cbrt(t), 7.787 * t + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def lightness(color) -> float:
    """CIE L* (0 black .. 100 white): what a colour becomes in greyscale."""
    return float(_lab(_linear(color))[0])


def simulate_deuteranopia(color) -> str:
    """The colour as a reader with deuteranopia sees it (hex)."""
    lin = np.clip(_DEUTERANOPIA @ _linear(color), 0, 1)
    srgb = np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055)
    return to_hex(np.clip(srgb, 0, 1))


def _deut_lab(color) -> np.ndarray:
    return _lab(np.clip(_DEUTERANOPIA @ _linear(color), 0, 1))


def palette_problems(
    colors: Sequence,
    *,
    min_lightness_step: float = MIN_LIGHTNESS_STEP,
    min_deuteranopia_distance: float = MIN_DEUTERANOPIA_DISTANCE,
) -> list[str]:
    """Every reason the palette is hard to read, as sentences (empty list: fine)."""
    problems = []
    hexes = []
    for c in colors:
        try:
            hexes.append(to_hex(c))
        except ValueError:
            problems.append(f"{c!r} is not a colour")
    for i, a in enumerate(hexes):
        for b in hexes[i + 1 :]:
            dl = abs(lightness(a) - lightness(b))
            if dl < min_lightness_step:
                problems.append(f"{a} and {b} look alike in greyscale (L* differs by {dl:.1f})")
            de = float(np.linalg.norm(_deut_lab(a) - _deut_lab(b)))
            if de < min_deuteranopia_distance:
                problems.append(f"{a} and {b} look alike with deuteranopia (delta E {de:.1f})")
    return problems


def validate_palette(colors: Sequence, **thresholds) -> list[str]:
    """Return the palette as hex strings, or raise ValueError listing every problem."""
    problems = palette_problems(colors, **thresholds)
    if problems:
        raise ValueError("palette not readable: " + "; ".join(problems))
    return [to_hex(c).upper() for c in colors]


def get_palette(name: str = "categorical", n: int | None = None) -> list[str]:
    """The first ``n`` colours of a named palette (all when n is None).

    Raises ValueError for an unknown name or when more colours are asked for than the
    palette has (reuse would make two series look the same)."""
    if name not in PALETTES:
        raise ValueError(f"unknown palette {name!r}; known: {sorted(PALETTES)}")
    colors = PALETTES[name]
    if n is None:
        return list(colors)
    if n < 0 or n > len(colors):
        raise ValueError(f"palette {name!r} has {len(colors)} colours, {n} requested")
    return list(colors[:n])


def text_color_on(background) -> str:
    """Dark ink on light backgrounds, white on dark ones."""
    return "#FFFFFF" if lightness(background) < 55 else COLORS["ink"]


@functools.lru_cache(maxsize=1)
def _style_params() -> dict:
    path = reference(STYLE_FILE)
    params = mpl.rc_params_from_file(str(path), use_default_template=False)
    return dict(params)


def style_params() -> dict:
    """The house rcParams (font registered first)."""
    register_fonts()
    return dict(_style_params())


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """Apply the house style inside a ``with`` block; rcParams are restored afterwards."""
    with mpl.rc_context(style_params()):
        yield


def use_house_style() -> None:
    """Apply the house style for the rest of the session (e.g. at the top of a notebook)."""
    mpl.rcParams.update(style_params())


def styled(func):
    """Decorator: run a chart function inside :func:`house_style`."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with house_style():
            return func(*args, **kwargs)

    return wrapper
