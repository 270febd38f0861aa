"""The "Profit" and "Change" answers and tables (issue 18), for the page, the
Excel report, the niche plan and the command line alike.

Each tab opens with one sentence (:func:`profit_answer`, :func:`change_answer`)
and shows plain tables of numbers (the caller formats them): user text stays
plain data here; text meant for Markdown goes through ``escape_markdown``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from niche.format import counted, money, pct
from niche.model import Analysis, Bridge
from niche.rules.bridge import part
from niche.rules.profit import median_rate, ranked_by_profit
from niche.rules.taxonomy import UNSPECIFIED

SIGNAL_LABELS = {
    "revenue_change": "Revenue down on last period",
    "margin": "Gross margin below the target",
    "hourly_rate": "Revenue per support hour below the target",
    "hours_trend": "Support hours rising (last 6 months)",
    "tenure": "A client for less than a year",
    "recency": "Days since the last invoice",
}
CHANGE_LABELS = {
    "new": "New",
    "lost": "Lost",
    "grown": "Grown",
    "shrunk": "Shrunk",
    "flat": "Flat",
}
STEPS = ("previous", "new", "grown", "shrunk", "lost", "current")
STEP_COLOURS = {"total": "#1f4e79", "up": "#2e8b57", "down": "#c0392b"}


def has_profit_data(analysis: Analysis) -> bool:
    """Whether the file gives support hours or costs for any client (what the
    Profit tab, sheet and section need)."""
    clients = analysis.clients
    return bool(clients["hours"].notna().any() or clients["cost"].notna().any())


def profit_answer(analysis: Analysis) -> str:
    """The Profit tab's one sentence: who costs more time than they pay."""
    clients, s = analysis.clients, analysis.settings
    cur = s.currency
    rates = clients["hourly_rate"].to_numpy(dtype="float64")
    known = ~np.isnan(rates)
    if known.any():
        median = money(median_rate(clients), cur)
        low = clients[known & clients["flags"].map(lambda f: "low_hourly_rate" in f)]
        if low.empty:
            return (
                f"All {counted(int(known.sum()), 'client')} with support hours pay "
                f"at least {money(s.target_rate, cur)} an hour of support (median "
                f"{median})."
            )
        first = low.iloc[0]  # the largest, by rank
        head = f"of your {counted(int(known.sum()), 'client')} with support hours"
        rate = money(first["hourly_rate"], cur)
        target = money(s.target_rate, cur)
        if len(low) == 1:
            return (
                f"1 {head} costs more time than it pays: {first['client']}, at "
                f"{rate} an hour (target {target}, median {median})."
            )
        return (
            f"{len(low)} {head} cost more time than they pay (under {target} an "
            f"hour, median {median}); the largest is {first['client']} at {rate} "
            "an hour."
        )
    if clients["cost"].notna().any():
        profit = clients["gross_profit"].sum()
        revenue = clients.loc[clients["cost"].notna(), "annual_revenue"].sum()
        low = int(clients["flags"].map(lambda f: "low_margin" in f).sum())
        margin = f" ({pct(profit / revenue)} margin)" if revenue > 0 else ""
        return (
            f"Your gross profit is {money(profit, cur)} a year{margin}; "
            f"{counted(low, 'client')} below the {pct(s.margin_target)} margin "
            "target. Add support hours to see who costs more time than they pay."
        )
    return (
        "Add support hours (or tickets) and costs to your file to see which "
        "clients cost more time than they pay."
    )


def profit_table(analysis: Analysis) -> pd.DataFrame:
    """One row per client, the lowest revenue per hour first (unknown last,
    by rank): rank, client, industry, revenue, hours, revenue per hour, gross
    profit, margin (a fraction), whether it costs more time than it pays, risk
    score."""
    c = analysis.clients
    order = np.lexsort(
        (c["rank"].to_numpy(), np.nan_to_num(c["hourly_rate"].to_numpy(), nan=np.inf))
    )
    c = c.iloc[order]
    return pd.DataFrame(
        {
            "Rank": c["rank"].to_numpy(dtype="int64"),
            "Client": c["client"].astype(str).to_numpy(),
            "Industry": c["industry"].astype(str).to_numpy(),
            "Revenue (12 months)": c["annual_revenue"].to_numpy(dtype="float64"),
            "Support hours": c["hours"].to_numpy(dtype="float64"),
            "Revenue per hour": c["hourly_rate"].to_numpy(dtype="float64"),
            "Gross profit": c["gross_profit"].to_numpy(dtype="float64"),
            "Margin": c["gross_margin"].to_numpy(dtype="float64"),
            "Costs more time than it pays": c["flags"]
            .map(lambda f: "low_hourly_rate" in f)
            .to_numpy(dtype=bool),
            "Risk": c["risk_score"].to_numpy(dtype="float64"),
        }
    )


def industry_rates(analysis: Analysis) -> pd.DataFrame:
    """Revenue per support hour by industry, highest first (named industries
    with support hours only): industry, clients, hours, revenue per hour."""
    t = analysis.industries
    t = t[t["hourly_rate"].notna() & (t["industry"] != UNSPECIFIED)].sort_values(
        ["hourly_rate", "industry"], ascending=[False, True]
    )
    return pd.DataFrame(
        {
            "Industry": t["industry"].astype(str).to_numpy(),
            "Clients": t["clients"].to_numpy(dtype="int64"),
            "Support hours": t["hours"].to_numpy(dtype="float64"),
            "Revenue per hour": t["hourly_rate"].to_numpy(dtype="float64"),
        }
    )


def ranking_line(analysis: Analysis) -> str:
    """What the value classes are ranked by."""
    if ranked_by_profit(analysis.clients):
        return "Clients are ranked by gross profit (value classes, best service, V)."
    return "Clients are ranked by revenue."


def change_answer(analysis: Analysis) -> str:
    """The Change tab's one sentence: what was won, lost and changed."""
    bridge = analysis.bridge
    if bridge is None:
        return (
            "Upload last period's client list (or an invoice file covering 24 "
            "months) to see what was won, lost and changed."
        )
    cur = analysis.settings.currency
    move = bridge.current - bridge.previous
    growth = ""
    if bridge.previous > 0:
        growth = f" ({'+' if move >= 0 else '-'}{pct(abs(move) / bridge.previous)})"
    pieces = []
    for kind, verb in (
        ("new", "{n} brought {a}"),
        ("grown", "{n} grew by {a}"),
        ("shrunk", "{n} shrank by {a}"),
        ("lost", "{n} {were} lost ({a})"),
    ):
        n, amount = part(bridge, kind)
        if n:
            noun = counted(n, "new client" if kind == "new" else "client")
            were = "was" if n == 1 else "were"
            pieces.append(verb.format(n=noun, a=money(amount, cur), were=were))
    text = (
        f"Revenue went from {money(bridge.previous, cur)} to "
        f"{money(bridge.current, cur)}{growth}"
    )
    text += ": " + _listed(pieces) if pieces else ": no client changed"
    if bridge.gross_retention is not None and bridge.net_retention is not None:
        text += (
            f"; you kept {pct(bridge.gross_retention)} of last period's revenue "
            f"({pct(bridge.net_retention)} with growth)"
        )
    return text + "."


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def change_summary(analysis: Analysis) -> pd.DataFrame:
    """Last period, one row per kind of change, this period: clients and
    amount (lost and shrunk negative). Last period's clients are all but the
    new ones; this period's all but the lost ones."""
    bridge = analysis.bridge
    if bridge is None:
        return pd.DataFrame(columns=["Change", "Clients", "Amount"])
    then = sum(n for kind, n, _ in bridge.parts if kind != "new")
    now = sum(n for kind, n, _ in bridge.parts if kind != "lost")
    rows = [("Last period", then, bridge.previous)]
    for kind, n, amount in bridge.parts:
        sign = -1 if kind in ("lost", "shrunk") else 1
        rows.append((CHANGE_LABELS[kind], n, sign * amount + 0.0))  # no -0
    rows.append(("This period", now, bridge.current))
    return pd.DataFrame(rows, columns=["Change", "Clients", "Amount"])


def bridge_periods(analysis: Analysis) -> str:
    """Which two periods the bridge compares, in one sentence ("" without a
    bridge)."""
    bridge = analysis.bridge
    if bridge is None:
        return ""
    before, now = (" ".join(str(x).split()) if x else "" for x in bridge.labels)
    now = now or "the revenue in this file"
    if bridge.source == "prior_column":
        return f'Last period: the file\'s column "{before}"; this period: {now}.'
    if bridge.source == "previous_file":
        before = (
            f"{before} (last period's client list)"
            if before
            else ("last period's client list")
        )
        return f"Last period: {before}; this period: {now}."
    return f"Last period: {before}; this period: {now} (both from the invoices)."


def change_table(analysis: Analysis) -> pd.DataFrame:
    """Per-client change, biggest first: client, name last period, last
    period's and this period's revenue, the change, its kind."""
    bridge = analysis.bridge
    columns = ["Client", "Last period's name", "Last period", "This period"]
    columns += ["Change", "Kind"]
    if bridge is None:
        return pd.DataFrame(columns=columns)
    t = bridge.clients
    return pd.DataFrame(
        {
            "Client": t["client"].astype(str).to_numpy(),
            "Last period's name": pd.Series(
                t["previous_client"].tolist(), dtype=object
            ),
            "Last period": t["previous"].to_numpy(dtype="float64"),
            "This period": t["current"].to_numpy(dtype="float64"),
            "Change": t["change"].to_numpy(dtype="float64"),
            "Kind": t["kind"].map(CHANGE_LABELS).to_numpy(dtype=object),
        },
        columns=columns,
    )


def bridge_steps(bridge: Bridge, currency: str = "$") -> pd.DataFrame:
    """The waterfall's bars: last period's total, new and grown up, shrunk and
    lost down, this period's total (``step``, ``start``, ``end``, ``amount``,
    ``clients``, ``kind``: "total", "up" or "down", ``order``, ``period``: the
    totals' period, else ""; ``colour``: the bar's; ``top``: its upper end;
    ``label``: its amount in words, "+$8,400" up, "-$2,400" down)."""
    rows, level = [], bridge.previous
    for step in STEPS:
        if step in ("previous", "current"):
            total = bridge.previous if step == "previous" else bridge.current
            label = "Last period" if step == "previous" else "This period"
            rows.append((label, 0.0, total, total, np.nan, "total"))
            continue
        n, amount = part(bridge, step)
        signed = amount if step in ("new", "grown") else -amount
        rows.append((CHANGE_LABELS[step], level, level + signed, signed, n, "up"))
        if signed < 0:
            rows[-1] = (*rows[-1][:-1], "down")
        level += signed
    columns = ["step", "start", "end", "amount", "clients", "kind"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["clients"] = frame["clients"].astype("Int64")  # none for the totals
    frame["order"] = np.arange(len(rows))
    periods = [bridge.labels[0], *[None] * (len(rows) - 2), bridge.labels[1]]
    frame["period"] = [p or "" for p in periods]
    frame["colour"] = frame["kind"].map(STEP_COLOURS)
    frame["top"] = frame[["start", "end"]].max(axis=1)
    frame["label"] = [
        ("+" if kind == "up" and round(amount) else "") + money(amount, currency)
        for amount, kind in zip(frame["amount"], frame["kind"], strict=True)
    ]
    return frame


def risk_table(analysis: Analysis, top: int | None = 10) -> pd.DataFrame:
    """The clients with the highest risk score (ties by rank): rank, client,
    score, the two reasons, and the SPEC's at-risk flag."""
    c = analysis.clients
    c = c[c["risk_score"].notna()]
    c = c.iloc[np.lexsort((c["rank"].to_numpy(), -c["risk_score"].to_numpy()))]
    if top is not None:
        c = c.head(top)
    return pd.DataFrame(
        {
            "Rank": c["rank"].to_numpy(dtype="int64"),
            "Client": c["client"].astype(str).to_numpy(),
            "Risk": c["risk_score"].to_numpy(dtype="float64"),
            "Why": ["; ".join(r) for r in c["risk_reasons"]],
            "At risk (revenue down 20 %)": c["flags"]
            .map(lambda f: "at_risk" in f)
            .to_numpy(dtype=bool),
        }
    )
