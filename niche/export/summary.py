"""The readable summary that ``python -m niche analyze FILE`` prints."""

from __future__ import annotations

from collections import Counter

from niche.format import FLAG_LABELS, TIER_LABELS, counted, money, pct
from niche.model import REASONS, TIERS, Analysis
from niche.present.profit import (
    CHANGE_LABELS,
    change_answer,
    has_profit_data,
    industry_rates,
    profit_answer,
    ranking_line,
    risk_table,
)
from niche.present.views import reconciliation_line


def profit_lines(analysis: Analysis, top: int = 5) -> list[str]:
    """The Profit, Change and risk parts of the summary (empty when the file
    has none of hours, costs, last period or risk signals)."""
    cur = analysis.settings.currency
    lines: list[str] = []
    if has_profit_data(analysis):
        lines += ["", "Profit:", f"  {profit_answer(analysis)}"]
        rates = industry_rates(analysis)
        if len(rates):
            listed = ", ".join(
                f"{i} {money(r, cur)}"
                for i, r in zip(
                    rates["Industry"], rates["Revenue per hour"], strict=True
                )
            )
            lines.append(f"  Revenue per support hour: {listed}.")
        lines.append(f"  {ranking_line(analysis)}")
    bridge = analysis.bridge
    if bridge is not None:
        before, now = (label or "?" for label in bridge.labels)
        lines += ["", f"Change ({before} -> {now}):", f"  {change_answer(analysis)}"]
        for kind, n, amount in bridge.parts:
            sign = {"lost": "-", "shrunk": "-", "flat": " "}.get(kind, "+")
            lines.append(
                f"  {CHANGE_LABELS[kind]:<7} {n:>4} client{'s' if n != 1 else ' '} "
                f"{sign}{money(amount, cur, cents=True):>13}"
            )
    risky = risk_table(analysis, top)
    risky = risky[risky["Risk"] > 0]
    if len(risky):
        lines += ["", f"Highest risk (score 0-100, top {len(risky)}):"]
        for row in risky.itertuples(index=False):
            lines.append(f"  {row.Risk:>5.1f}  {row.Client[:34]:<34} {row.Why}")
    return lines


def summary_text(analysis: Analysis, top: int = 10) -> str:
    """A plain-text report, the answer first: revenue and the check against the
    file's own total, warnings, the niche and why, who gets the best service;
    then the top clients, tiers, flags, and what happened to the rows."""
    cur = analysis.settings.currency
    cleaned = analysis.prepared.cleaned
    grid = analysis.source
    clients = analysis.clients
    where = f"{grid.filename}" + (f' (sheet "{grid.sheet}")' if grid.sheet else "")
    total = float(clients["annual_revenue"].sum())
    year, month = money(total, cur, cents=True), money(total / 12, cur, cents=True)
    lines = [f"Niche Finder: {where}"]
    period = ""
    if cleaned.window:
        start, end = (d.strftime("%Y-%m-%d") for d in cleaned.window)
        period = f" ({start} to {end})"
    lines.append(
        f"Revenue: {year} in 12 months{period}, {month} a month, from "
        f"{counted(len(clients), 'client')}."
    )
    check = reconciliation_line(analysis, "the excluded rows below")
    if check:
        lines.append(check)
    if analysis.warnings:
        lines += ["", "Warnings:"] + [f"  ! {w}" for w in analysis.warnings]
    lines += ["", *_niche(analysis)]
    lines += [
        "",
        *_clients(analysis, top),
        "",
        *_tiers(analysis),
        "",
        *_flags(analysis),
        *profit_lines(analysis),
    ]
    lines += ["", *_rows(analysis)]
    return "\n".join(lines) + "\n"


def _niche(analysis: Analysis) -> list[str]:
    rec = analysis.recommendation
    if rec.status == "ok":
        lines = [
            f"Recommended niche: {rec.niche} ({rec.sector}), score {rec.score:.0f} of "
            f"100, confidence {rec.confidence}."
        ]
    else:
        lines = ["Recommended niche: not enough evidence yet."]
    lines += [f"  - {r}" for r in rec.reasons]
    if rec.adjacent:
        lines.append(f"  Grow next into: {', '.join(rec.adjacent[:6])}.")
    if rec.runners_up:
        lines.append(f"  Runners-up: {', '.join(rec.runners_up)}.")
    if rec.background_effect:
        lines.append(f"  Background: {rec.background_effect}")
    return lines


def _clients(analysis: Analysis, top: int) -> list[str]:
    cur = analysis.settings.currency
    clients = analysis.clients
    lines = [f"Top clients (monthly revenue, of {len(clients)}):"]
    for c in clients.head(top).itertuples():
        systems = "?" if c.systems != c.systems else f"{int(c.systems)}"
        flags = ", ".join(FLAG_LABELS[f] for f in c.flags)
        monthly = money(c.monthly_revenue, cur, cents=True)
        lines.append(
            f"{c.rank:>4}. {c.client[:34]:<34} {monthly:>12}"
            f"  {pct(c.revenue_share):>6}  {c.value_class}  {systems:>4} PCs  "
            f"{c.industry}" + (f"  [{flags}]" if flags else "")
        )
    return lines


def _tiers(analysis: Analysis) -> list[str]:
    cur = analysis.settings.currency
    clients = analysis.clients
    low, high = analysis.settings.tiers
    lines = [
        f"Size tiers (micro: under {low} PCs; sweet spot: {low} to {high}; large: "
        f"over {high}):"
    ]
    for tier in TIERS:
        part = clients[clients["tier"] == tier]
        if len(part):
            lines.append(
                f"  {TIER_LABELS[tier]:<13} {counted(len(part), 'client'):>12}  "
                f"{money(part['monthly_revenue'].sum(), cur, cents=True):>12} a month"
            )
    return lines


def _flags(analysis: Analysis) -> list[str]:
    clients = analysis.clients
    lines = ["Flags:"]
    for flag, label in FLAG_LABELS.items():
        names = [
            c
            for c, f in zip(clients["client"], clients["flags"], strict=True)
            if flag in f
        ]
        if names:
            shown = ", ".join(names[:6]) + (
                f" and {len(names) - 6} more" if len(names) > 6 else ""
            )
            lines.append(f"  {label} ({len(names)}): {shown}")
    return lines


def _rows(analysis: Analysis) -> list[str]:
    """What happened to the file's rows, in words."""
    cleaned = analysis.prepared.cleaned
    reasons = Counter(item.reason for item in analysis.excluded)
    excluded = "; ".join(
        f"{n} {REASONS.get(r, r).lower()}" for r, n in reasons.most_common()
    )
    lines = [
        f"Rows read: {cleaned.rows_read:,}; clients: {len(analysis.clients):,}; "
        f"merged from several rows: {len(analysis.merged):,}.",
        f"Excluded: {excluded or 'none'}.",
    ]
    clients = analysis.clients
    known_industry = clients.loc[clients["industry"] != "Unspecified", "revenue_share"]
    known_systems = clients.loc[clients["tier"] != "unknown", "revenue_share"]
    lines.append(
        f"Industry known for {pct(known_industry.sum())} of revenue, PC counts for "
        f"{pct(known_systems.sum())}."
    )
    if analysis.notes:
        lines += ["Notes:"] + [f"  - {n}" for n in analysis.notes]
    return lines
