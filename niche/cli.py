"""Command line: ``python -m niche analyze|report|prospects``.

The only module of ``niche`` that touches the filesystem. A :class:`NicheError`
becomes one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .analysis import Settings
from .clean import Options
from .errors import NicheError
from .load import Limits
from .mapping import FIELDS
from .pipeline import Analysis, analyze_bytes

EXIT_BAD_INPUT = 2


def _map_pair(text: str) -> tuple[str, str]:
    field, sep, heading = text.partition("=")
    field = field.strip()
    if not sep or field not in FIELDS:
        raise argparse.ArgumentTypeError(
            f"expected FIELD=HEADING with FIELD one of {', '.join(FIELDS)}"
        )
    return field, heading.strip().strip('"')


def _pair(kind: type, text: str) -> tuple:
    try:
        low, high = (kind(x) for x in text.split(","))
    except ValueError as exc:
        raise argparse.ArgumentTypeError("expected two numbers: LOW,HIGH") from exc
    return low, high


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="client list (.csv, .xlsx, .xls, .ods)")
    parser.add_argument(
        "--sheet", help="worksheet (default: first with a client table)"
    )
    parser.add_argument(
        "--map",
        dest="maps",
        action="append",
        type=_map_pair,
        default=[],
        metavar="FIELD=HEADING",
        help="use this column for a field (repeatable), e.g. revenue='Total Billed'",
    )
    parser.add_argument(
        "--background",
        action="append",
        default=[],
        metavar="INDUSTRY",
        help="your own professional background (repeatable)",
    )
    parser.add_argument(
        "--tiers",
        type=lambda t: _pair(int, t),
        default=(10, 50),
        metavar="LOW,HIGH",
        help="micro below LOW systems, large above HIGH (default 10,50)",
    )
    parser.add_argument(
        "--classes",
        type=lambda t: _pair(float, t),
        default=(0.8, 0.95),
        metavar="A,B",
        help="value-class cut-offs as fractions (default 0.8,0.95)",
    )
    parser.add_argument(
        "--no-rollup",
        action="store_true",
        help="keep sub-customers as clients of their own",
    )
    parser.add_argument(
        "--annualise",
        action="store_true",
        help="scale a report covering other than 12 months to 12",
    )
    parser.add_argument("--end-date", help="invoice files: end of the 12-month window")
    parser.add_argument(
        "--sum-months",
        action="store_true",
        help="no revenue column: use the sum of the month columns",
    )
    parser.add_argument("--leave-out", action="append", default=[], metavar="CLIENT")
    parser.add_argument(
        "--max-mb", type=int, default=200, help="refuse files over this size (MB)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m niche",
        description="Find your best IT clients and the industry niche to focus on.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    analyze = commands.add_parser("analyze", help="print the analysis")
    _common(analyze)
    analyze.add_argument("--json", action="store_true", help="SPEC's JSON contract")
    report = commands.add_parser("report", help="write the Excel report")
    _common(report)
    report.add_argument("-o", "--output", type=Path, required=True)
    return parser


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise NicheError(f"{path}: no such file.") from exc
    except IsADirectoryError as exc:
        raise NicheError(f"{path} is a folder, not a file.") from exc
    except OSError as exc:
        raise NicheError(f"{path}: cannot read ({exc.strerror}).") from exc


def run_analysis(args: argparse.Namespace) -> Analysis:
    """Run the pipeline from parsed arguments."""
    settings = Settings(
        tiers=args.tiers,
        classes=args.classes,
        background=tuple(args.background),
        annualise=args.annualise,
    )
    options = Options(
        rollup=not args.no_rollup,
        left_out=tuple(args.leave_out),
        end_date=args.end_date,
        sum_months=args.sum_months,
    )
    return analyze_bytes(
        _read(args.file),
        args.file.name,
        sheet=args.sheet,
        overrides=dict(args.maps),
        options=options,
        settings=settings,
        limits=Limits(max_bytes=args.max_mb * 1024 * 1024),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        analysis = run_analysis(args)
        if args.command == "analyze" and args.json:
            from .contract import to_dict

            text = json.dumps(to_dict(analysis), allow_nan=False, ensure_ascii=False)
            sys.stdout.write(text + "\n")
        elif args.command == "analyze":
            from .summary import summary_text

            sys.stdout.write(summary_text(analysis))
        else:
            from .report import to_xlsx

            args.output.write_bytes(to_xlsx(analysis))
            sys.stdout.write(f"Wrote {args.output}\n")
    except NicheError as err:
        sys.stderr.write(f"error: {err}\n")
        return EXIT_BAD_INPUT
    return 0
