"""The niche plan's Profit and Change sections (issue 18), two more section
builders of :data:`niche.export.plan.SECTIONS`.

Each prints only when the analysis has its data: support hours or costs
(Profit); a last period (Change). Each opens with the answer the page's tab
opens with (:mod:`niche.present.profit`). ``plan.fit`` asks for a shorter form
when the full plan would run past two pages: 1, the bridge's chart without its
table (the answer has its figures) and no list of who costs more time than it
pays; 2, no chart either; 3 (:data:`SHORTEST`), the answers alone (and three
clients per "who gets what" list, :mod:`niche.export.plan`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import pandas as pd

from niche.export.pdf import GREY, SMALL, Document
from niche.format import counted, money, pct
from niche.model import Analysis
from niche.present import charts
from niche.present import profit as present

RATES_LISTED = 6  # industries in the revenue-per-hour line
LOW_LISTED = 4  # clients who cost more time than they pay
RISKS_LISTED = 3
SHORTEST = 3  # the shortest form: the two answers alone
CHART_HEIGHT = 40.0  # mm
BRIDGE_ORDER = ("Last period", "New", "Grown", "Shrunk", "Lost", "This period")


class Plan(Protocol):
    """What these sections read of :class:`niche.export.plan.Plan`."""

    analysis: Analysis
    fit: int

    @property
    def currency(self) -> str: ...

    def png(
        self,
        name: str,
        chart: Callable[[], Any],
        width: float,
        height: float,
        right_mm: float = 0,
    ) -> bytes: ...


def profit_section(doc: Document, plan: Plan) -> None:
    """The answer, the industries' revenue per hour, who costs more time than
    it pays."""
    a, cur = plan.analysis, plan.currency
    if not present.has_profit_data(a):
        return
    doc.heading("Profit", space=16 if plan.fit >= SHORTEST else 22)
    doc.text(present.profit_answer(a))
    rates = present.industry_rates(a)
    if len(rates) and plan.fit < SHORTEST:
        shown = [
            f"{industry} {money(rate, cur)}"
            for industry, rate in zip(
                rates["Industry"][:RATES_LISTED],
                rates["Revenue per hour"][:RATES_LISTED],
                strict=True,
            )
        ]
        if len(rates) > RATES_LISTED:
            more = len(rates) - RATES_LISTED
            shown.append(counted(more, "more industry", "more industries"))
        doc.gap(0.8)
        doc.runs([("Revenue per support hour: ", True), (" · ".join(shown), False)])
    table = present.profit_table(a)
    low = table[table["Costs more time than it pays"]]
    if len(low) > 1 and not plan.fit:  # one is named by the answer
        named = [
            f"{client} ({money(rate, cur)} an hour, {hours:,.0f} hours)"
            for client, rate, hours in zip(
                low["Client"][:LOW_LISTED],
                low["Revenue per hour"][:LOW_LISTED],
                low["Support hours"][:LOW_LISTED],
                strict=True,
            )
        ]
        if len(low) > LOW_LISTED:
            named.append(f"…and {len(low) - LOW_LISTED:,} more")
        doc.gap(0.8)
        doc.runs([("Costs more time than it pays: ", True), ("; ".join(named), False)])
    if a.settings.rank_by_profit:
        doc.text(present.ranking_line(a), SMALL, color=GREY)


def change_section(doc: Document, plan: Plan) -> None:
    """The answer, the bridge (a waterfall chart beside a small table) and the
    highest risks."""
    a = plan.analysis
    bridge = a.bridge
    if bridge is None:
        return
    doc.heading("Change since last period", space=22 + CHART_HEIGHT * (plan.fit < 2))
    doc.text(present.change_answer(a))
    doc.text(present.bridge_periods(a), SMALL, color=GREY)
    risks = present.risk_table(a, RISKS_LISTED)
    risks = risks[risks["Risk"] > 0]
    if plan.fit < 2:
        _bridge(doc, plan, risks)
    if len(risks) and plan.fit in (0, 2):  # fit 1: beside the chart
        doc.gap(1.5)
        _risks(doc, risks)


def _risks(doc: Document, risks: pd.DataFrame) -> None:
    doc.runs([("Highest risk", True), (" (score 0 to 100)", False)])
    for row in risks.itertuples(index=False):
        doc.runs(
            [(f"{row.Client} · {row.Risk:.0f}", True), (f": {row.Why}", False)],
            size=8,
        )


def _bridge(doc: Document, plan: Plan, risks: pd.DataFrame) -> None:
    """The waterfall chart on the left; on the right the bridge's figures (fit
    0) or the highest risks (fit 1)."""
    a, cur = plan.analysis, plan.currency
    assert a.bridge is not None
    pdf = doc.pdf
    width = doc.width * 0.6
    doc.need(CHART_HEIGHT + 2)
    doc.gap(1.5)
    top = pdf.get_y()
    bridge = a.bridge
    png = plan.png(
        "waterfall",
        lambda: charts.waterfall_chart(bridge, cur, labels=True),
        width,
        CHART_HEIGHT,
    )
    doc.image(png, width, CHART_HEIGHT)
    left = pdf.l_margin
    column = doc.width - width - 4
    pdf.set_left_margin(left + width + 4)
    pdf.set_right_margin(pdf.w - pdf.l_margin - column)
    pdf.set_xy(pdf.l_margin, top + 4)
    if plan.fit == 0:
        widths = (column * 0.44, column * 0.2, column * 0.36)
        doc.table(("", "Clients", "Amount"), _figures(plan), widths, "LRR", 8)
    elif len(risks):
        _risks(doc, risks)
    pdf.set_left_margin(left)
    pdf.set_right_margin(left)
    pdf.set_xy(left, max(pdf.get_y(), top + CHART_HEIGHT) + 1)


def _figures(plan: Plan) -> list[tuple[str, str, str]]:
    """The bridge's rows: each step's clients and amount, then retention."""
    a, cur = plan.analysis, plan.currency
    assert a.bridge is not None
    summary = present.change_summary(a).set_index("Change")
    rows = []
    for step in (*BRIDGE_ORDER[:-1], "Flat", BRIDGE_ORDER[-1]):
        if step not in summary.index:
            continue
        clients, amount = summary.loc[step]
        if step == "Flat" and not clients:
            continue
        shown = money(amount, cur)
        if step in ("New", "Grown") and amount:
            shown = "+" + shown
        rows.append((step, "" if clients != clients else f"{clients:,.0f}", shown))
    for label, share in (
        ("Gross retention", a.bridge.gross_retention),
        ("Net retention", a.bridge.net_retention),
    ):
        if share is not None:
            rows.append((label, "", pct(share)))
    return rows
