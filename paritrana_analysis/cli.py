"""The `paritrana` command: check workbooks, export charts, build the report."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="paritrana", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="say what each workbook holds, or every problem in it")
    check.add_argument("files", nargs="+", metavar="FILE")

    charts = sub.add_parser("charts", help="export the standard chart set from the bundled data")
    charts.add_argument("--out", default=None, help="output folder (default reports/figures)")
    charts.add_argument("--lang", default="id", choices=["id", "en"])
    charts.add_argument("--region", default="ID-SS", help="our region's code (default ID-SS)")

    report = sub.add_parser("report", help="load data/raw, run every notebook, export charts")
    report.add_argument("--lang", default="id", choices=["id", "en"])
    report.add_argument("--region", default="ID-SS", help="region code (default ID-SS)")
    report.add_argument("--as-of", default="", help="use figures up to this date (YYYY-MM-DD)")

    args = parser.parse_args(argv)
    if args.command == "check":
        from paritrana_analysis.check import check_files

        return check_files(args.files)
    if args.command == "charts":
        from paritrana_analysis.charts.export_all import export_standard_set

        export_standard_set(out_dir=args.out, lang=args.lang, region=args.region)
        return 0
    from paritrana_analysis.report import build_report

    return build_report(region=args.region, lang=args.lang, as_of=args.as_of)


if __name__ == "__main__":
    sys.exit(main())
