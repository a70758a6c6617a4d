"""paritrana-analysis: workers' social security coverage (UCJ) in Indonesia.

Loaders turn real-world workbooks into canonical tidy tables; analysis functions answer
the questions analysts ask; `paritrana_analysis.charts` draws them in one press-ready
house style (imported separately, so loading data does not import matplotlib).
"""

from paritrana_analysis.backtest import (
    backtest,
    backtest_all,
    backtest_summary,
    choose_method,
    describe_track_record,
    series_history,
    stated_potential,
)
from paritrana_analysis.budget import (
    bpu_monthly_contribution,
    budget_needed,
    cost_of_closing_gap,
    rates,
    workers_covered_by_budget,
)
from paritrana_analysis.claims import (
    benefits_per_covered_worker,
    claims_by_program,
    claims_totals,
    newest_total,
    period_span,
    year_to_date,
)
from paritrana_analysis.coverage import (
    Gap,
    Pace,
    coverage_completeness,
    coverage_history,
    decimal_year,
    gap_to_target,
    latest_coverage,
    required_annual_pace,
    with_pct,
)
from paritrana_analysis.dataset import (
    load_all,
    load_dataset,
    provenance,
    raw_files,
    verify_checksums,
)
from paritrana_analysis.load import (
    DataError,
    Problem,
    detect_kind,
    read_any,
    read_awards,
    read_claims,
    read_coverage,
    read_targets,
    read_workforce,
)
from paritrana_analysis.load.rowlevel import (
    coverage_from_participants,
    read_claims_extract,
    read_participants,
)
from paritrana_analysis.privacy import suppress_small, suppression_note
from paritrana_analysis.projections import (
    business_as_usual,
    choose_projection,
    participants_to_coverage,
    path_to_target,
    project_coverage,
    project_participants,
    rpjmn_path,
    workforce_growth,
    year_target_reached,
)
from paritrana_analysis.reconcile import reconcile
from paritrana_analysis.regions import (
    lookup_region,
    regency_candidates,
    region_name,
    suggest_region,
)
from paritrana_analysis.segments import segment_breakdown
from paritrana_analysis.series import comparable_series, current_series, series_breaks
from paritrana_analysis.targets import gap_for, targets_for

__all__ = [
    "DataError", "Gap", "Pace", "Problem", "backtest", "backtest_all", "backtest_summary",
    "benefits_per_covered_worker", "bpu_monthly_contribution", "budget_needed",
    "business_as_usual", "choose_method", "choose_projection", "claims_by_program",
    "claims_totals", "comparable_series", "cost_of_closing_gap", "coverage_completeness",
    "coverage_from_participants", "read_claims_extract", "read_participants",
    "suppress_small", "suppression_note",
    "coverage_history", "current_series", "decimal_year", "describe_track_record",
    "detect_kind", "gap_for", "gap_to_target", "latest_coverage", "load_all",
    "load_dataset", "lookup_region", "newest_total", "participants_to_coverage",
    "path_to_target", "period_span", "project_coverage", "project_participants",
    "provenance", "rates", "raw_files", "read_any", "read_awards", "read_claims",
    "read_coverage", "read_targets", "read_workforce", "reconcile", "regency_candidates",
    "region_name", "required_annual_pace", "rpjmn_path", "segment_breakdown",
    "series_breaks", "series_history", "stated_potential", "suggest_region", "targets_for",
    "verify_checksums", "with_pct", "workers_covered_by_budget", "workforce_growth",
    "year_target_reached", "year_to_date",
]
__version__ = "0.1.0"
