"""The readable summary that ``python -m niche analyze FILE`` prints."""

from __future__ import annotations

from niche.format import FLAG_LABELS, TIER_LABELS, money
from niche.model import TIERS, Analysis
from niche.present.profit import (
    CHANGE_LABELS,
    change_answer,
    industry_rates,
    profit_answer,
    ranking_line,
    risk_table,
)


def profit_lines(analysis: Analysis, top: int = 5) -> list[str]:
    """The Profit, Change and risk parts of the summary (empty when the file
    has none of hours, costs, last period or risk signals)."""
    clients, cur = analysis.clients, analysis.settings.currency
    lines: list[str] = []
    if clients["hours"].notna().any() or clients["cost"].notna().any():
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
    """A plain-text report: load summary, top clients, tiers, flags, warnings,
    the recommendation and its reasons."""
    cur = analysis.settings.currency
    cleaned = analysis.prepared.cleaned
    grid = analysis.source
    clients = analysis.clients
    low, high = analysis.settings.tiers
    lines = []
    where = f"{grid.filename}" + (f' (sheet "{grid.sheet}")' if grid.sheet else "")
    total = clients["annual_revenue"].sum()
    lines.append(f"Niche Finder: {where}")
    reasons: dict[str, int] = {}
    for item in analysis.excluded:
        reasons[item.reason] = reasons.get(item.reason, 0) + 1
    excluded = ", ".join(f"{n} {r}" for r, n in reasons.items()) or "none"
    lines.append(
        f"Rows read: {cleaned.rows_read}; clients: {len(clients)}; merged: "
        f"{len(analysis.merged)}; excluded: {excluded}."
    )
    if cleaned.window:
        start, end = (d.strftime("%Y-%m-%d") for d in cleaned.window)
        lines.append(f"Invoice file: revenue from {start} to {end}.")
    year, month = money(total, cur, cents=True), money(total / 12, cur, cents=True)
    lines.append(f"Revenue: {year} a year, {month} a month.")
    known_industry = clients.loc[clients["industry"] != "Unspecified", "revenue_share"]
    known_systems = clients.loc[clients["tier"] != "unknown", "revenue_share"]
    lines.append(
        f"Data completeness: industry known for {known_industry.sum() * 100:.0f} % "
        f"of revenue, systems for {known_systems.sum() * 100:.0f} %."
    )
    lines += ["", f"Top clients (monthly revenue, of {len(clients)}):"]
    for c in clients.head(top).itertuples():
        systems = "?" if c.systems != c.systems else f"{int(c.systems)}"
        flags = ", ".join(FLAG_LABELS[f] for f in c.flags)
        monthly = money(c.monthly_revenue, cur, cents=True)
        lines.append(
            f"{c.rank:>4}. {c.client[:34]:<34} {monthly:>12}"
            f"  {c.revenue_share:>4.0%}  {c.value_class}  {systems:>4} PCs  "
            f"{c.industry}" + (f"  [{flags}]" if flags else "")
        )
    lines += ["", f"Size tiers (micro < {low} <= sweet spot <= {high} < large):"]
    for tier in TIERS:
        part = clients[clients["tier"] == tier]
        if len(part):
            lines.append(
                f"  {TIER_LABELS[tier]:<13} {len(part):>4} clients  "
                f"{money(part['monthly_revenue'].sum(), cur, cents=True):>12} a month"
            )
    lines += ["", "Flags:"]
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
    lines += profit_lines(analysis)
    if analysis.warnings:
        lines += ["", "Warnings:"] + [f"  ! {w}" for w in analysis.warnings]
    if analysis.notes:
        lines += ["", "Notes:"] + [f"  - {n}" for n in analysis.notes]
    rec = analysis.recommendation
    lines += [""]
    if rec.status == "ok":
        lines.append(
            f"Recommended niche: {rec.niche} ({rec.sector}), score {rec.score:.1f}, "
            f"confidence {rec.confidence}, {rec.concentration_band}."
        )
    else:
        lines.append("Recommended niche: not enough evidence yet.")
    lines += [f"  - {r}" for r in rec.reasons]
    if rec.adjacent:
        lines.append(f"  Grow next into: {', '.join(rec.adjacent[:6])}.")
    if rec.runners_up:
        lines.append(f"  Runners-up: {', '.join(rec.runners_up)}.")
    if rec.background_effect:
        lines.append(f"  Background: {rec.background_effect}")
    return "\n".join(lines) + "\n"
