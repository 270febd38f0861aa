""" "Who gets what": short lists of clients with a reason and a next step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from niche.format import escape_markdown, money, pct
from niche.model import RISK_LISTED, Analysis


@dataclass(frozen=True)
class Item:
    """One client in a "who gets what" list."""

    client: str
    reason: str
    action: str


@dataclass(frozen=True)
class Group:
    """A "who gets what" list: the clients with one flag, with reasons."""

    flag: str
    title: str
    meaning: str
    items: tuple[Item, ...]
    total: int  # clients with the flag
    empty: str
    listed: int = 0  # clients the list draws from (retention: class B only)


def _since(value: object) -> str:
    if value is None or pd.isna(value):
        return ""
    return f"; client since {pd.Timestamp(value).year}"


def _item(
    flag: str, row: dict[str, Any], cur: str, tiers: tuple[int, int], med: float
) -> Item:
    name = str(row["client"])
    share = pct(row["revenue_share"])
    monthly = money(row["monthly_revenue"], cur)
    if flag == "best_service":
        return Item(
            name,
            f"{share} of revenue, {monthly} a month",
            "Name a senior tech as their contact; quarterly business review",
        )
    if flag == "retention_priority":
        return Item(
            name,
            f"class {row['value_class']}, {share} of revenue"
            + _since(row["client_since"]),
            "Renew early; ask how you are doing before they are asked elsewhere",
        )
    if flag == "pays_the_bills":
        profit = row["gross_profit"]
        detail = (
            f"{money(profit / 12, cur)} a month gross profit"
            if not pd.isna(profit)
            else f"{monthly} a month"
        )
        return Item(
            name,
            f"{share} of revenue; {detail}",
            "Protect the relationship; keep the price in line with the work",
        )
    if flag == "at_risk":
        return Item(name, _risk_reason(row, cur), "Book a business review this month")
    if flag == "needs_senior_staff":
        return Item(
            name,
            f"{row['systems']:,.0f} PCs: over {tiers[1]}, a large client",
            "Assign a senior engineer; plan capacity before taking another",
        )
    rps = row["revenue_per_system"]
    return Item(
        name,
        f"{money(rps, cur)} per PC a month at {row['systems']:,.0f} PCs "
        f"(median {money(med, cur)})",
        "Re-quote per device at your standard rate",
    )


def _risk_reason(row: dict[str, Any], cur: str) -> str:
    """Why a client is at risk: its score and two main reasons, else the fall
    in revenue that set the SPEC's flag."""
    score, reasons = row["risk_score"], row["risk_reasons"]
    if score is not None and not pd.isna(score) and reasons:
        return f"risk {score:.0f} of 100: {'; '.join(reasons)}"
    prior = row["prior_revenue"]
    drop = 1 - row["annual_revenue"] / prior if prior else 0.0
    then, now = money(prior / 12, cur), money(row["monthly_revenue"], cur)
    return f"revenue fell {pct(drop)} ({then} to {now} a month)"


_AT_RISK_SCORED = (
    f"Risk score {RISK_LISTED:.0f} or more of 100, or revenue down 20 % or more; "
    "the highest first."
)
_AT_RISK_NONE_SCORED = (
    f"None: no client's risk score is {RISK_LISTED:.0f} or more and no client's "
    "revenue fell 20 % or more."
)

_GROUPS = (
    (
        "best_service",
        "Best service",
        "Class A: the clients that bring the first 80 % of revenue.",
        "No class-A clients.",
    ),
    (
        "retention_priority",
        "Retention priority",
        "Class A and B: worth holding onto. Listed: class B (class A is above).",
        "No class-A or B clients.",
    ),
    (
        "pays_the_bills",
        "Pays the bills",
        "The fewest clients that together bring half of your gross profit "
        "(or revenue when costs are unknown).",
        "Nobody brings positive revenue.",
    ),
    (
        "at_risk",
        "At risk",
        "Revenue fell 20 % or more against the prior 12 months.",
        "None: no client's revenue fell 20 % or more (needs a prior-year column).",
    ),
    (
        "needs_senior_staff",
        "Needs senior staff",
        "Large clients: hard to serve without adding senior staff.",
        "No large clients (or no PC counts).",
    ),
    (
        "low_revenue_per_system",
        "Priced low for its size",
        "10 or more PCs and revenue per PC in your lowest quarter.",
        "None (needs PC counts).",
    ),
)


_ITEM_COLUMNS = (
    "client",
    "flags",
    "value_class",
    "revenue_share",
    "monthly_revenue",
    "annual_revenue",
    "prior_revenue",
    "gross_profit",
    "client_since",
    "systems",
    "revenue_per_system",
    "risk_score",
    "risk_reasons",
)


def who_gets_what(analysis: Analysis, limit: int = 5) -> tuple[Group, ...]:
    """Six short lists with a reason and a suggested action per client."""
    clients = analysis.clients
    if not clients["rank"].is_monotonic_increasing:
        clients = clients.sort_values("rank")
    # the clients with each flag, from the few distinct tuples of flags
    codes, combos = pd.factorize(clients["flags"])
    positions = {
        flag: np.flatnonzero(np.array([flag in c for c in combos], dtype=bool)[codes])
        for flag, *_ in _GROUPS
    }
    not_a = (clients["value_class"] != "A").to_numpy(dtype=bool)
    annual = clients["annual_revenue"].to_numpy(dtype="float64")
    prior = clients["prior_revenue"].to_numpy(dtype="float64")
    cur = analysis.settings.currency
    med = float(clients["revenue_per_system"].median())
    score = clients["risk_score"].to_numpy(dtype="float64", na_value=np.nan)
    scored = not np.isnan(score).all()  # else "At risk" is the SPEC's flag alone
    chosen = {}
    for flag, *_ in _GROUPS:
        pos = positions[flag]
        if flag == "retention_priority":
            pos = pos[not_a[pos]]
        if flag == "at_risk":
            pos = _at_risk(pos, score if scored else None, annual, prior)
        chosen[flag] = pos
    # One small take of the rows listed (a take per list costs more than the lists).
    needed = sorted({int(p) for pos in chosen.values() for p in pos[:limit]})
    values = {c: clients[c].array.take(needed).tolist() for c in _ITEM_COLUMNS}
    rows = {p: {c: values[c][i] for c in _ITEM_COLUMNS} for i, p in enumerate(needed)}
    groups = []
    for flag, title, meaning, empty in _GROUPS:
        pos = chosen[flag]
        items = tuple(
            _item(flag, rows[int(p)], cur, analysis.settings.tiers, med)
            for p in pos[:limit]
        )
        if flag == "best_service":
            meaning = meaning.replace("80 %", pct(analysis.settings.classes[0]))
        total = len(positions[flag])
        if flag == "at_risk" and scored:
            meaning, empty, total = _AT_RISK_SCORED, _AT_RISK_NONE_SCORED, len(pos)
        groups.append(Group(flag, title, meaning, items, total, empty, len(pos)))
    return tuple(groups)


def _at_risk(
    flagged: np.ndarray, score: np.ndarray | None, annual: np.ndarray, prior: np.ndarray
) -> np.ndarray:
    """Positions of the "At risk" list: the top of the risk score (scores of
    ``RISK_LISTED`` or more, the highest first) and every flagged client, or,
    without any score, the flagged clients by their fall in revenue."""
    if score is None:
        fell = 1 - annual[flagged] / prior[flagged]
        return flagged[np.argsort(-fell, kind="stable")]
    listed = np.union1d(flagged, np.flatnonzero(score >= RISK_LISTED))
    order = np.lexsort((listed, -np.nan_to_num(score[listed], nan=-1.0)))
    return listed[order]


def group_markdown(group: Group) -> str:
    """A "who gets what" list as Markdown: a line per client and the next step."""
    esc = escape_markdown
    lines = [f"- **{esc(i.client)}**: {esc(i.reason)}" for i in group.items]
    if group.listed > len(group.items):
        lines.append(f"- …and {group.listed - len(group.items)} more")
    if group.items:
        lines.append(f"\n:material/arrow_forward: *{esc(group.items[0].action)}*")
    return "\n".join(lines) if lines else group.empty
