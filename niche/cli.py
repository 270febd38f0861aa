"""Command line: ``python -m niche analyze|report|plan|prospects``.

The only module of ``niche`` that touches the filesystem. A :class:`NicheError`
becomes one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from niche.errors import MixedCurrencyError, NicheError
from niche.export.settings_file import (
    PAGE_SIZES,
    AppSettings,
    from_json,
    merged_columns,
)
from niche.model import DEFAULT_CLASSES, DEFAULT_TIERS, FIELDS, Analysis
from niche.read.limits import DEFAULT_LIMITS, LARGE_LIMITS, Limits
from niche.session import run

if TYPE_CHECKING:
    from niche.complete.names import JoinResult
    from niche.prospects.score import ProspectFit

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
        default=None,
        metavar="LOW,HIGH",
        help="micro below LOW systems, large above HIGH (default {},{})".format(
            *DEFAULT_TIERS
        ),
    )
    parser.add_argument(
        "--classes",
        type=lambda t: _pair(float, t),
        default=None,
        metavar="A,B",
        help="value-class cut-offs as fractions (default {},{})".format(
            *DEFAULT_CLASSES
        ),
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
    parser.add_argument(
        "--currency",
        metavar="CODE",
        help="amounts in several currencies: count only this one (e.g. EUR); the "
        "other rows are left out",
    )
    parser.add_argument("--leave-out", action="append", default=[], metavar="CLIENT")
    dates = parser.add_mutually_exclusive_group()
    dates.add_argument(
        "--day-first",
        dest="day_first",
        action="store_const",
        const=True,
        help="read ambiguous dates such as 03/04/2025 as day/month",
    )
    dates.add_argument(
        "--month-first",
        dest="day_first",
        action="store_const",
        const=False,
        help="read ambiguous dates as month/day (the default guess)",
    )
    marks = parser.add_mutually_exclusive_group()
    marks.add_argument(
        "--decimal-comma",
        dest="decimal_comma",
        action="store_const",
        const=True,
        help="amounts use , as the decimal mark (1.234,56)",
    )
    marks.add_argument(
        "--decimal-point",
        dest="decimal_comma",
        action="store_const",
        const=False,
        help="amounts use . as the decimal mark (1,234.56)",
    )
    parser.add_argument(
        "--enrich",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="device list or company list giving PCs and industries (repeatable)",
    )
    parser.add_argument(
        "--confirm-matches",
        action="store_true",
        help="count close (fuzzy) name matches with --enrich and --previous files "
        "as confirmed",
    )
    _profit_options(parser)
    parser.add_argument(
        "--settings",
        type=Path,
        metavar="FILE",
        help="settings file saved by the page (flags given here win)",
    )
    parser.add_argument(
        "--max-mb",
        type=int,
        help="refuse files over this size (MB; 100, or 200 with --large-files)",
    )
    parser.add_argument(
        "--large-files",
        action="store_true",
        help="the limits of a workstation, not of the shared page's 1 GB server "
        "(200 MB files, 30M cells, 10M clients, 10 MB cells)",
    )
    parser.add_argument(
        "--company", help="your company's name, printed on the plan and the report"
    )
    parser.add_argument(
        "--page-size",
        choices=PAGE_SIZES,
        type=lambda t: {s.casefold(): s for s in PAGE_SIZES}.get(t.casefold(), t),
        help="the plan's paper (default: Letter for $, A4 otherwise)",
    )


def _profit_options(parser: argparse.ArgumentParser) -> None:
    """Last period's list, the hourly rate and profit ranking (issue 18; the
    risk weights come from the settings file)."""
    add = parser.add_argument
    add("--previous", type=Path, metavar="BEFORE", help="last period's client list")
    add("--previous-sheet", help="worksheet of the --previous file")
    add(
        "--target-rate",
        type=float,
        metavar="AMOUNT",
        help="revenue per support hour below which a client costs more time than "
        "it pays (default 100, in the file's currency)",
    )
    add("--hours-per-ticket", type=float, metavar="HOURS", help="default 1")
    add("--rank-by-profit", action="store_true", help="classes by gross profit")


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
    plan = commands.add_parser("plan", help="write the niche plan (PDF)")
    _common(plan)
    plan.add_argument("-o", "--output", type=Path, required=True)
    plan.add_argument(
        "--prospects",
        dest="prospects_file",
        type=Path,
        metavar="FILE",
        help="a prospect list: its ten best fits go in the plan",
    )
    plan.add_argument("--prospect-sheet", help="worksheet of the prospect list")
    prospects = commands.add_parser("prospects", help="score a prospect list")
    _common(prospects)
    prospects.add_argument(
        "prospects_file", type=Path, metavar="PROSPECTS", help="prospect list"
    )
    prospects.add_argument("--prospect-sheet", help="worksheet of the prospect list")
    prospects.add_argument("--json", action="store_true", help="a JSON list")
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


def _app_settings(args: argparse.Namespace) -> AppSettings:
    """The settings file (if any) with the flags given on the command line winning;
    ``--leave-out`` names add to the file's."""
    app = (
        from_json(_read(args.settings)) if args.settings is not None else AppSettings()
    )
    given = {
        "sheet": args.sheet,
        "tiers": args.tiers,
        "classes": args.classes,
        "background": tuple(args.background) or None,
        "end_date": args.end_date,
        "annualise": args.annualise or None,
        "sum_months": args.sum_months or None,
        "rollup": False if args.no_rollup else None,
        "day_first": args.day_first,
        "decimal_comma": args.decimal_comma,
        "keep_currency": args.currency,
        "target_rate": args.target_rate,
        "hours_per_ticket": args.hours_per_ticket,
        "rank_by_profit": args.rank_by_profit or None,
        "company": args.company,
        "page_size": args.page_size,
    }
    return replace(
        app,
        **{k: v for k, v in given.items() if v is not None},
        columns=merged_columns(app, dict(args.maps)),
        left_out=tuple(dict.fromkeys(app.left_out + tuple(args.leave_out))),
    )


def _join_line(label: str, found: JoinResult, confirmed: int) -> str:
    """One line about how a second file, or last period's list, joined the
    clients: counts only, no client names, no amounts."""
    parts = [f"{len(found.exact)} names matched"]
    if found.fuzzy:
        parts.append(f"{confirmed} of {len(found.fuzzy)} close matches confirmed")
    parts.append(
        f"not matched: {len(found.unmatched_clients)} of your clients, "
        f"{len(found.unmatched_other)} names in the file"
    )
    line = f"{label}: " + ", ".join(parts) + "."
    if confirmed < len(found.fuzzy):
        line += " Confirm close matches with --confirm-matches or a settings file."
    return line


def run_analysis(args: argparse.Namespace) -> Analysis:
    """Run the pipeline from parsed arguments."""
    done = run(
        _read(args.file),
        args.file.name,
        _app_settings(args),
        [(_read(path), path.name) for path in args.enrich],
        accept_fuzzy=args.confirm_matches,
        limits=_limits(args),
        previous=(_read(args.previous), args.previous.name) if args.previous else None,
        previous_sheet=args.previous_sheet,
    )
    joins = [
        (f"{j.file.file.name} ({j.table.kind})", j.join, j.confirmed)
        for j in done.joins
    ]
    if done.previous is not None:
        before = done.previous
        joins.append((f"{before.file} (last period)", before.join, before.confirmed))
    for label, found, confirmed in joins:
        sys.stderr.write(_join_line(label, found, confirmed) + "\n")
    return done.analysis


def _limits(args: argparse.Namespace) -> Limits:
    limits = LARGE_LIMITS if args.large_files else DEFAULT_LIMITS
    if args.max_mb is not None:
        limits = replace(limits, max_bytes=args.max_mb * 1024 * 1024)
    return limits


def _fit(args: argparse.Namespace, analysis: Analysis) -> ProspectFit:
    from niche.prospects.read import read_prospects
    from niche.prospects.score import score_prospects

    path = args.prospects_file
    listed = read_prospects(
        _read(path),
        path.name,
        args.prospect_sheet,
        limits=_limits(args),
    )
    return score_prospects(listed, analysis)


def _plan(args: argparse.Namespace, analysis: Analysis) -> bytes:
    from niche.export.plan import PlanOptions, plan_pdf

    app = _app_settings(args)
    fit = _fit(args, analysis) if args.prospects_file is not None else None
    return plan_pdf(analysis, PlanOptions(app.company, app.page_size), fit)


def _prospects(args: argparse.Namespace, analysis: Analysis) -> str:
    from niche.prospects.output import prospect_records, prospects_text

    fit = _fit(args, analysis)
    if args.json:
        records = prospect_records(fit)
        return json.dumps(records, allow_nan=False, ensure_ascii=False) + "\n"
    return prospects_text(fit, analysis)


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise NicheError(f"{path}: cannot write ({exc.strerror}).") from exc
    sys.stdout.write(f"Wrote {path}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        analysis = run_analysis(args)
        if args.command == "analyze" and args.json:
            from niche.export.contract import to_dict

            text = json.dumps(to_dict(analysis), allow_nan=False, ensure_ascii=False)
            sys.stdout.write(text + "\n")
        elif args.command == "analyze":
            from niche.export.summary import summary_text

            sys.stdout.write(summary_text(analysis))
        elif args.command == "prospects":
            sys.stdout.write(_prospects(args, analysis))
        elif args.command == "plan":
            _write(args.output, _plan(args, analysis))
        else:
            from niche.export.report import to_xlsx

            company = _app_settings(args).company
            _write(args.output, to_xlsx(analysis, company=company))
    except MixedCurrencyError as err:
        sys.stderr.write(f"error: {err} Use --currency {err.currencies[0]}.\n")
        return EXIT_BAD_INPUT
    except NicheError as err:
        sys.stderr.write(f"error: {err}\n")
        return EXIT_BAD_INPUT
    return 0
