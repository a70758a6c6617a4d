"""The `paritrana` command: check workbooks, export charts, build the report; and the
Makefile's other targets (test, lab, lint, clean) for those without `make`."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from paritrana_analysis.schema import KINDS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="paritrana", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="say what each workbook holds, or every problem in it")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--kind", choices=KINDS, help="the table kind (default: from the headers)")
    check.add_argument("--sheet", help="the sheet to read (default: the first visible one)")
    check.add_argument("--as-of", help="the date of a sheet without one (YYYY-MM-DD)")
    check.add_argument("--region", help="the region of a sheet without a region column")
    check.add_argument("--indicator", help="the row of a long indicator table to read")
    check.add_argument("--column", action="append", default=[], metavar="HEADER=canonical",
                       help="read a header as a canonical column (repeatable)")

    charts = sub.add_parser("charts", help="export the standard chart set from the bundled data")
    charts.add_argument("--out", default=None, help="output folder (default reports/figures); "
                        "never data/raw, and a folder with other files only with --force")
    charts.add_argument("--force", action="store_true",
                        help="write into a folder that holds files paritrana did not write")
    charts.add_argument("--lang", default="id", help="chart labels: id or en")
    charts.add_argument("--region", default="ID-SS", help="our region's code (default ID-SS)")
    charts.add_argument("--as-of", default="", help="reference date YYYY-MM-DD (default today)")
    charts.add_argument("--size", default="landscape",
                        choices=["landscape", "square", "portrait", "all"],
                        help="landscape: every chart at its own size (default); square "
                        "(1080x1080) or portrait (1080x1350): the map, target bar and "
                        "projection laid out for social media; all: the three")

    report = sub.add_parser("report", help="load data/raw, run every notebook, export charts")
    report.add_argument("--lang", default="id", help="chart labels: id or en")
    report.add_argument("--region", default="ID-SS", help="region code (default ID-SS)")
    report.add_argument("--as-of", default="", help="use figures up to this date (YYYY-MM-DD)")

    for name, text in (("test", "run the unit tests, then every notebook under nbval"),
                       ("lab", "open JupyterLab on the notebooks"),
                       ("lint", "check the code with ruff"),
                       ("clean", "remove generated files (reports, data/processed, caches)")):
        sub.add_parser(name, help=text)

    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check(args)
    if args.command in ("test", "lab", "lint", "clean"):
        from paritrana_analysis import tasks

        return getattr(tasks, args.command)()
    try:
        if args.command == "charts":
            return export_charts(args.out, args.region, args.lang, args.force, args.as_of,
                                 args.size)
        from paritrana_analysis.report.build import build_report

        return build_report(region=args.region, lang=args.lang, as_of=args.as_of)
    except KeyboardInterrupt:
        print(f"paritrana {args.command}: interrupted; reports/ is as it was before",
              file=sys.stderr)
        return 130


def run_check(args) -> int:
    """`paritrana check`: the readers' options from the command line."""
    from paritrana_analysis.check import check_files

    columns = {}
    for item in args.column:
        header, sep, canonical = item.rpartition("=")
        if not sep or not header.strip() or not canonical.strip():
            print(f"paritrana check: --column wants HEADER=canonical, not {item!r}",
                  file=sys.stderr)
            return 2
        columns[header.strip()] = canonical.strip()
    sheet = int(args.sheet) if args.sheet and args.sheet.isdigit() else args.sheet
    return check_files(args.files, kind=args.kind, sheet=sheet, as_of=args.as_of,
                       region=args.region, indicator=args.indicator, columns=columns or None)


def export_charts(out: str | None, region: str, lang: str, force: bool, as_of: str = "",
                  size: str = "landscape") -> int:
    """`paritrana charts`: the standard set into `out`/<REGION>_<lang>; one line on stderr
    and exit 2 for a bad argument or folder, 1 when the region has no figures or a chart
    fails."""
    from paritrana_analysis import DataError, paths
    from paritrana_analysis.report.build import (
        ReportError,
        check_arguments,
        report_lock,
        require_figures,
    )
    from paritrana_analysis.report.standard_set import (
        claim_folder,
        export_standard_set,
        load_chart_data,
    )

    folder = Path(out) if out else paths.FIGURES_DIR
    try:
        region, lang, as_of = check_arguments(region, lang, as_of)
        paths.refuse_raw(folder)
    except ValueError as err:
        print(f"paritrana charts: {err}", file=sys.stderr)
        return 2
    reports = paths.REPORTS_DIR.resolve()
    inside_reports = reports in (folder.resolve(), *folder.resolve().parents)
    try:  # reports/ is swapped whole by `make report`: not while that runs
        with report_lock() if inside_reports else contextlib.nullcontext():
            data = load_chart_data()
            require_figures(data["coverage"], region, as_of)
            try:
                claim_folder(folder, force=force)
            except ValueError as err:
                print(f"paritrana charts: {err}", file=sys.stderr)
                return 2
            sizes = ("landscape", "square", "portrait") if size == "all" else (size,)
            export_standard_set(out_dir=folder, lang=lang, region=region, data=data,
                                as_of=as_of or None, sizes=sizes)
    except (ReportError, DataError, RuntimeError) as err:  # RuntimeError: a chart failed
        print(f"paritrana charts: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
