"""Press charts: one house style, one function per chart, and a reproducible export.

Chart functions (``*_chart``) take a canonical table first, options keyword-only and
``ax=None``; they draw data only and return the Figure (or the Axes they were given).
``export_chart`` adds title, subtitle, "Sumber: ..." footer and writes PNG/SVG/PDF/CSV/alt
text at fixed sizes. Which charts a report holds, with which data and titles, is
orchestration: ``paritrana_analysis.report`` (``show_chart``, ``export_standard_set``).
"""

from paritrana_analysis.charts._base import SIZES
from paritrana_analysis.charts.awards import awards_chart
from paritrana_analysis.charts.backtest import backtest_chart
from paritrana_analysis.charts.coverage import (
    national_participants_chart,
    provincial_ranking_chart,
    region_progress_chart,
    segment_chart,
)
from paritrana_analysis.charts.export import export_chart, neutralise_formulas, source_line
from paritrana_analysis.charts.money import budget_chart, claims_chart
from paritrana_analysis.charts.regency import (
    regency_gap_chart,
    regency_ranking_chart,
    regency_segments_chart,
    regency_tile_chart,
)
from paritrana_analysis.charts.style import (
    COLORS,
    PALETTES,
    get_palette,
    house_style,
    use_house_style,
    validate_palette,
)
from paritrana_analysis.charts.tilemap import tile_layout, tile_map_chart
from paritrana_analysis.charts.trends import projection_chart, reconciliation_chart


def show_chart(key: str, **kwargs):
    """``report.show_chart``: build, export and show one chart of the standard set."""
    from paritrana_analysis.report.standard_set import show_chart as show

    return show(key, **kwargs)


__all__ = [
    "COLORS",
    "PALETTES",
    "SIZES",
    "awards_chart",
    "backtest_chart",
    "budget_chart",
    "claims_chart",
    "export_chart",
    "get_palette",
    "house_style",
    "national_participants_chart",
    "neutralise_formulas",
    "projection_chart",
    "provincial_ranking_chart",
    "reconciliation_chart",
    "regency_gap_chart",
    "regency_ranking_chart",
    "regency_segments_chart",
    "regency_tile_chart",
    "region_progress_chart",
    "segment_chart",
    "show_chart",
    "source_line",
    "tile_layout",
    "tile_map_chart",
    "use_house_style",
    "validate_palette",
]
