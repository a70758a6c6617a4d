"""Press charts: one house style, the standard chart set, and a reproducible export.

Chart functions take a canonical table first, options keyword-only and ``ax=None``; they
draw data only and return the Figure (or the Axes they were given). ``export_chart`` adds
title, subtitle, "Sumber: ..." footer and writes PNG/SVG/PDF/CSV/alt text at fixed sizes.
"""

from paritrana_analysis.charts._base import SIZES  # noqa: E402
from paritrana_analysis.charts.awards import awards_table_figure
from paritrana_analysis.charts.backtest import backtest_chart
from paritrana_analysis.charts.coverage import (
    national_participants,
    provincial_coverage_ranked,
    region_progress_bullet,
    segment_breakdown,
)
from paritrana_analysis.charts.export import export_chart, neutralise_formulas, source_line
from paritrana_analysis.charts.export_all import (
    NoData,
    export_standard_set,
    show_chart,
    standard_chart,
)
from paritrana_analysis.charts.money import budget_scenario, claims_by_program
from paritrana_analysis.charts.style import (
    COLORS,
    PALETTES,
    get_palette,
    house_style,
    use_house_style,
    validate_palette,
)
from paritrana_analysis.charts.tilemap import tile_layout, tile_map
from paritrana_analysis.charts.trends import projection_chart, reconciliation_chart

__all__ = [
    "NoData",
    "show_chart",
    "standard_chart",
    "COLORS",
    "PALETTES",
    "SIZES",
    "awards_table_figure",
    "backtest_chart",
    "budget_scenario",
    "claims_by_program",
    "export_chart",
    "export_standard_set",
    "get_palette",
    "house_style",
    "national_participants",
    "neutralise_formulas",
    "projection_chart",
    "provincial_coverage_ranked",
    "reconciliation_chart",
    "region_progress_bullet",
    "segment_breakdown",
    "source_line",
    "tile_layout",
    "tile_map",
    "use_house_style",
    "validate_palette",
]
