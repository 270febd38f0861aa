"""The Excel report's table sheets, one builder each (see ``report.SHEETS``).

Each builder takes the :class:`Report` (the analysis and who it is for) and
returns a sheet: a label/value :class:`~niche.export.xlsx.Sheet` (Summary) or a
:class:`~niche.export.xlsx_table.Table`, or ``None`` to leave its sheet out. A
new sheet is one more builder in the list (:mod:`niche.export.report_profit`
holds the Profit and Change sheets). Every label is words: no reason code, no
"column 1", no lower-case "high".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from niche.export.xlsx import Sheet
from niche.export.xlsx_table import Column, Table, letter
from niche.format import FLAG_LABELS, TIER_LABELS, counted
from niche.model import REASONS, TIERS, Analysis
from niche.present.who import who_gets_what

WHO_LISTED = 25  # clients per "who gets what" list in the report


@dataclass(frozen=True, eq=False)
class Report:
    """What the sheets are built from."""

    analysis: Analysis
    company: str = ""
    created: dt.date | None = None


def _values(series: pd.Series) -> list[object]:
    """A column as Python values, missing values as ``None``."""
    return series.astype(object).where(series.notna(), None).tolist()


def _row_numbers(rows: Sequence[int]) -> int | str:
    """One row number as a number, several as text ("12, 13")."""
    return int(rows[0]) if len(rows) == 1 else ", ".join(str(r) for r in rows)


def _rows_column(rows: pd.Series) -> list[object] | np.ndarray:
    """Each client's row numbers: numbers when every client has one row."""
    listed = rows.tolist()
    if all(len(r) == 1 for r in listed):
        return np.fromiter((r[0] for r in listed), dtype="int64", count=len(listed))
    return [_row_numbers(r) for r in listed]


# --- Who gets what ---------------------------------------------------------------


def who(report: Report) -> Table:
    lists, clients, reasons, actions = [], [], [], []
    for group in who_gets_what(report.analysis, limit=WHO_LISTED):
        title = f"{group.title} ({counted(group.total, 'client')})"
        if not group.items:
            lists.append(title)
            clients.append(None)
            reasons.append(group.empty)
            actions.append(None)
            continue
        for item in group.items:
            lists.append(title)
            clients.append(item.client)
            reasons.append(item.reason)
            actions.append(item.action)
        if group.listed > len(group.items):
            lists.append(title)
            clients.append(f"…and {group.listed - len(group.items):,} more")
            reasons.append("See the Flags column of the Clients sheet.")
            actions.append(None)
    return Table(
        "Who gets what",
        (
            Column("List", lists),
            Column("Client", clients),
            Column("Why", reasons),
            Column("Next step", actions),
        ),
        max_width=70,
    )


# --- Clients, Tiers, Industries --------------------------------------------------


CLIENT_SHEET = (
    Column("Rank", ()),
    Column("Client", ()),
    Column("Industry", ()),
    Column("Sector", ()),
    Column("PCs", (), "integer"),
    Column("Size tier", ()),
    Column("Monthly revenue", (), "money"),
    Column("Annual revenue", (), "money"),
    Column("Revenue per PC (monthly)", (), "money"),
    Column("Gross margin", (), "percent"),
    Column("Share of revenue", (), "percent"),
    Column("Cumulative share", (), "percent"),
    Column("Value class", ()),
    Column("Flags", ()),
    Column("Rows in your file", ()),
)  # the headings and styles; clients() fills in the values


def clients(report: Report) -> Table:
    c = report.analysis.clients
    if not c["rank"].is_monotonic_increasing:
        c = c.sort_values("rank")
    flags = c["flags"]
    codes, combos = pd.factorize(flags)
    words = np.array(
        [", ".join(FLAG_LABELS.get(f, f) for f in combo) for combo in combos] or [""],
        dtype=object,
    )
    tier = c["tier"].map(TIER_LABELS).fillna(c["tier"])
    values = (
        c["rank"],
        c["client"],
        c["industry"],
        c["sector"],
        c["systems"],
        tier,
        c["monthly_revenue"],
        c["annual_revenue"],
        c["revenue_per_system"],
        c["gross_margin"],
        c["revenue_share"],
        c["cumulative_share"],
        c["value_class"],
        words[codes] if len(c) else [],
        _rows_column(c["rows"]),
    )
    return Table(
        "Clients",
        [
            Column(column.heading, v, column.style)
            for column, v in zip(CLIENT_SHEET, values, strict=True)
        ],
    )


def tiers(report: Report) -> Table:
    a = report.analysis
    c = a.clients
    low, high = a.settings.tiers
    ranges = {
        "micro": f"under {low}",
        "sweet_spot": f"{low} to {high}",
        "large": f"over {high}",
        "unknown": "not known",
    }
    total = len(c)
    parts = [c[c["tier"] == tier] for tier in TIERS]
    return Table(
        "Tiers",
        (
            Column("Size tier", [TIER_LABELS[t] for t in TIERS]),
            Column("PCs", [ranges[t] for t in TIERS]),
            Column("Clients", [len(p) for p in parts], "integer"),
            Column(
                "Share of clients",
                [len(p) / total if total else 0.0 for p in parts],
                "percent",
            ),
            Column(
                "Best clients (class A)",
                [int((p["value_class"] == "A").sum()) for p in parts],
                "integer",
            ),
            Column(
                "Monthly revenue",
                [float(p["monthly_revenue"].sum()) for p in parts],
                "money",
            ),
            Column(
                "Annual revenue",
                [float(p["annual_revenue"].sum()) for p in parts],
                "money",
            ),
            Column(
                "Share of revenue",
                [float(p["revenue_share"].sum()) for p in parts],
                "percent",
            ),
        ),
    )


INDUSTRY_COLUMNS = (
    ("industry", "Industry", "general"),
    ("sector", "Sector", "general"),
    ("naics", "NAICS code", "general"),
    ("clients", "Clients", "integer"),
    ("best_clients", "Best clients (class A)", "integer"),
    ("annual_revenue", "Annual revenue", "money"),
    ("revenue_share", "Share of revenue", "percent"),
    ("best_revenue", "From best clients", "money"),
    ("other_revenue", "From the others", "money"),
    ("known_systems", "Clients with a PC count", "integer"),
    ("sweet_spot", "In the sweet spot", "integer"),
    ("median_monthly", "Median monthly revenue", "money"),
    ("score", "Score (of 100)", "decimal"),
    ("V", "V: share of best-client revenue", "percent"),
    ("F", "F: sweet-spot fit", "percent"),
    ("P", "P: typical size", "percent"),
    ("E", "E: evidence", "percent"),
    ("B", "B: background bonus (points)", "decimal"),
)


def industries(report: Report) -> Table:
    """Industries by annual revenue, largest first (the chart takes the first)."""
    table = report.analysis.industries.assign(
        other_revenue=lambda t: t["annual_revenue"] - t["best_revenue"]
    )
    order = sorted(
        range(len(table)),
        key=lambda i: (
            -float(table["annual_revenue"].iat[i]),
            str(table["industry"].iat[i]),
        ),
    )
    table = table.take(order)
    return Table(
        "Industries",
        [
            Column(label, _values(table[key]), style)
            for key, label, style in INDUSTRY_COLUMNS
        ],
    )


# --- Excluded rows ---------------------------------------------------------------

MAX_VALUE_COLUMNS = 40
_BLANK = re.compile(r"column (\d+)")


def _heading(heading: str) -> str:
    """A blank heading ("column 3") as the user sees it: "Column C (no heading)"."""
    found = _BLANK.fullmatch(heading)
    return (
        f"Column {letter(int(found.group(1)) - 1)} (no heading)" if found else heading
    )


def excluded(report: Report) -> Table:
    items = report.analysis.excluded
    headings: dict[str, None] = {}
    for item in items:
        headings.update(dict.fromkeys(item.values))
    shown = list(headings)[:MAX_VALUE_COLUMNS]
    rest = [h for h in headings if h not in set(shown)]
    reasons = [REASONS.get(e.reason, e.reason) for e in items]
    columns = [
        Column("Row in your file", [e.row for e in items]),
        Column("Why it was left out", reasons),
        Column(
            "Detail",
            [
                None if e.message == r else e.message
                for e, r in zip(items, reasons, strict=True)
            ],
        ),
        *(Column(_heading(h), [e.values.get(h) for e in items]) for h in shown),
    ]
    if rest:
        columns.append(
            Column(
                "Other values",
                [
                    "; ".join(
                        f"{_heading(h)}: {e.values[h]}" for h in rest if h in e.values
                    )
                    for e in items
                ],
            )
        )
    return Table("Excluded rows", columns)


Builder = Callable[[Report], "Sheet | Table | None"]  # None: no such sheet
