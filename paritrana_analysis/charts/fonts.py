"""The house font: Source Sans 3 (SIL Open Font Licence), from the project's own
dependency ``fontpkg-source-sans-3``, never a system font.

The package ships one *variable* font. Matplotlib draws a variable font at its default
instance only, so "bold" would come out regular. On first use we cut static Regular (400)
and Bold (700) instances with ``fontTools.varLib.instancer`` (after subsetting to the
Latin, punctuation and symbol characters charts need, which makes it take a few seconds,
not tens) and cache them. The cut is deterministic (no timestamps), so PDF files that
embed the fonts stay byte-identical across machines and cache rebuilds.

Cache folder: ``$PARITRANA_FONT_CACHE`` if set, else ``data/processed/fonts`` (regenerated,
not committed), else ``~/.cache/paritrana/fonts`` when that is not writable.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

FAMILY = "Source Sans 3"
WEIGHTS = {"Regular": 400, "SemiBold": 600, "Bold": 700}

# Characters the charts use: Basic Latin, Latin-1, Latin Extended-A/B, general
# punctuation (dashes, quotes, ellipsis), super/subscripts, currency, arrows, minus,
# a few geometric shapes and maths signs.
_UNICODES = (
    list(range(0x20, 0x7F))
    + list(range(0xA0, 0x250))
    + list(range(0x2000, 0x2070))
    + list(range(0x2070, 0x20A0))
    + [0x20AC, 0x20B9, 0x2190, 0x2191, 0x2192, 0x2193, 0x2212, 0x2022, 0x25CF, 0x25A0]
    + [0x25B2, 0x25BC, 0x25C6, 0x2713, 0x2715, 0x2248, 0x2260, 0x2264, 0x2265, 0x00D7]
)


def variable_font_path() -> Path:
    """The variable TTF shipped by fontpkg-source-sans-3."""
    try:
        import fontpkg_source_sans_3 as pkg
    except ImportError as err:  # pragma: no cover - dependency declared in pyproject
        raise RuntimeError(
            "The chart font is missing: install the project's dependencies "
            "(pip install -e .), which include fontpkg-source-sans-3."
        ) from err
    path = Path(pkg.ROOT) / "files" / "SourceSans3[wght].ttf"
    if not path.exists():  # pragma: no cover
        raise RuntimeError(f"fontpkg-source-sans-3 has no {path.name}")
    return path


def _cache_dir() -> Path:
    env = os.environ.get("PARITRANA_FONT_CACHE")
    if env:
        candidates = [Path(env)]
    else:
        from paritrana_analysis.paths import PROCESSED_DIR

        candidates = [PROCESSED_DIR / "fonts", Path.home() / ".cache" / "paritrana" / "fonts"]
    for folder in candidates:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / ".write-test"
            probe.write_bytes(b"")
            probe.unlink()
            return folder
        except OSError:
            continue
    return Path(tempfile.mkdtemp(prefix="paritrana-fonts-"))


def _subset(source: Path):
    """The variable font cut down to the characters charts use (fast to instance)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_UNICODES)
    subsetter.subset(font)
    return font


def _instance(font, weight: int, target: Path) -> None:
    from fontTools.varLib import instancer

    static = instancer.instantiateVariableFont(font, {"wght": weight}, inplace=False,
                                               updateFontNames=True)
    static.recalcTimestamp = False
    # Write next to the target, then rename: safe when two processes build at once.
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".ttf.part")
    os.close(fd)
    try:
        static.save(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@lru_cache(maxsize=1)
def static_fonts() -> dict[str, Path]:
    """Paths of the static instances {style: path}, built on first use and cached."""
    import fontTools

    source = variable_font_path()
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:12]
    key = f"{digest}-ft{fontTools.version}"
    folder = _cache_dir()
    paths = {style: folder / f"SourceSans3-{style}-{key}.ttf" for style in WEIGHTS}
    missing = [style for style, path in paths.items() if not path.exists()]
    if missing:
        font = _subset(source)
        for style in missing:
            _instance(font, WEIGHTS[style], paths[style])
    return paths


@lru_cache(maxsize=1)
def register_fonts() -> str:
    """Make the static instances known to matplotlib; returns the family name."""
    from matplotlib import font_manager

    for path in static_fonts().values():
        font_manager.fontManager.addfont(str(path))
    return FAMILY
