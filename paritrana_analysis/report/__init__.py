"""Orchestration: which charts, headlines and tables a report holds, for which region,
language and date, and the report itself (`make report`).

- `standard_set`: the standard chart set (data selection, titles that state the finding,
  notes), `show_chart` for notebooks, `export_standard_set` for ``paritrana charts``;
- `headlines`: the headline numbers of each notebook and of the summary page;
- `tables`: notebook tables in Indonesian (or English) conventions, and the xlsx workbook;
- `page`: the one-page summary (reports/index.html);
- `build`: `make report` (arguments, lock, notebooks, swap).

Charts only draw (`paritrana_analysis.charts`); analysis stays in the flat modules.
"""

from paritrana_analysis.report.build import build_report, check_arguments, report_lock

__all__ = ["build_report", "check_arguments", "report_lock"]
