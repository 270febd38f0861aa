"""Pure helpers that shape an :class:`~niche.pipeline.Analysis` for the page.

No Streamlit here: the page (``app.py``) only lays these out. Everything that
holds user text (client names, industry labels) is returned as plain data; text
meant for Markdown goes through :func:`escape_markdown` first.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from .analysis import TIERS
from .clean import REASONS
from .industry import UNSPECIFIED
from .pipeline import Analysis

FLAG_LABELS = {
    "best_service": "best service",
    "retention_priority": "retain",
    "pays_the_bills": "pays the bills",
    "needs_senior_staff": "needs senior staff",
    "at_risk": "at risk",
    "low_margin": "low margin",
    "low_revenue_per_system": "priced low",
    "lapsed": "lapsed",
    "new_client": "new",
}
TIER_LABELS = {
    "micro": "Micro",
    "sweet_spot": "Sweet spot",
    "large": "Large",
    "unknown": "Unknown size",
}
# Markdown, Streamlit directives (:red[..], :material/x:), LaTeX ($) and HTML.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:=\"'&])")
TOP_SHARE = 0.20


def escape_markdown(text: object) -> str:
    """User text made inert for ``st.markdown``: every special character is
    backslash-escaped and line breaks become spaces."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def money(value: float, currency: str, cents: bool = False) -> str:
    """``$1,234`` (or ``-$12.50`` with cents); ``–`` for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    sign = "-" if value < 0 else ""
    body = f"{abs(value):,.2f}" if cents else f"{abs(value):,.0f}"
    return f"{sign}{currency}{body}"


def pct(share: float, digits: int = 0) -> str:
    """``0.172`` -> ``"17 %"`` (the SPEC's style, with a space)."""
    return f"{share * 100:.{digits}f} %"


def number_format(currency: str, cents: bool = False) -> str:
    """A Streamlit ``NumberColumn`` printf format with the currency symbol."""
    symbol = currency.replace("%", "%%")
    return f"{symbol}%,.2f" if cents else f"{symbol}%,.0f"


@dataclass(frozen=True)
class Headline:
    """The four headline figures."""

    clients: int
    monthly_revenue: float
    top_clients: int  # how many clients make the top 20 %
    top_share: float  # their share of revenue
    sweet_clients: int
    known_systems: int
    sweet_share: float | None  # of clients with a known PC count


def headline(analysis: Analysis) -> Headline:
    """Clients, monthly revenue, top-20 % share, sweet-spot share."""
    clients = analysis.clients
    n = len(clients)
    top = max(1, math.ceil(n * TOP_SHARE)) if n else 0
    top_share = float(clients.nsmallest(top, "rank")["revenue_share"].sum())
    known = int((clients["tier"] != "unknown").sum())
    sweet = int((clients["tier"] == "sweet_spot").sum())
    return Headline(
        clients=n,
        monthly_revenue=float(clients["monthly_revenue"].sum()),
        top_clients=top,
        top_share=top_share,
        sweet_clients=sweet,
        known_systems=known,
        sweet_share=sweet / known if known else None,
    )


def client_table(analysis: Analysis, industries: tuple[str, ...] = ()) -> pd.DataFrame:
    """The ranked client table for display, optionally only some industries."""
    clients = analysis.clients.sort_values("rank")
    if industries:
        clients = clients[clients["industry"].isin(industries)]
    return pd.DataFrame(
        {
            "Rank": clients["rank"].to_numpy(dtype="int64"),
            "Client": clients["client"].astype(str).to_numpy(),
            "Industry": clients["industry"].astype(str).to_numpy(),
            "PCs": clients["systems"].to_numpy(dtype="float64"),
            "Tier": clients["tier"].map(TIER_LABELS).to_numpy(),
            "Monthly": clients["monthly_revenue"].to_numpy(dtype="float64"),
            "Share": clients["revenue_share"].to_numpy(dtype="float64"),
            "Cumulative": clients["cumulative_share"].to_numpy(dtype="float64"),
            "Class": clients["value_class"].astype(str).to_numpy(),
            "Margin": clients["gross_margin"].to_numpy(dtype="float64"),
            "Flags": [
                ", ".join(FLAG_LABELS.get(f, f) for f in flags)
                for flags in clients["flags"]
            ],
        }
    )


def tier_summary(analysis: Analysis) -> pd.DataFrame:
    """Clients and monthly revenue per tier, every tier listed, in tier order."""
    clients = analysis.clients
    grouped = clients.groupby("tier", observed=True).agg(
        clients=("client", "size"),
        monthly_revenue=("monthly_revenue", "sum"),
        revenue_share=("revenue_share", "sum"),
    )
    grouped = grouped.reindex(list(TIERS), fill_value=0)
    return grouped.rename_axis("tier").reset_index()


def tier_table(tiers: pd.DataFrame) -> pd.DataFrame:
    """``tier_summary`` with display names: Tier, Clients, Monthly, Share."""
    return pd.DataFrame(
        {
            "Tier": tiers["tier"].map(TIER_LABELS).to_numpy(),
            "Clients": tiers["clients"].to_numpy(dtype="int64"),
            "Monthly": tiers["monthly_revenue"].to_numpy(dtype="float64"),
            "Share": tiers["revenue_share"].to_numpy(dtype="float64"),
        }
    )


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
    flag: str, row: pd.Series, cur: str, tiers: tuple[int, int], med: float
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
        prior = row["prior_revenue"]
        drop = 1 - row["annual_revenue"] / prior if prior else 0.0
        return Item(
            name,
            f"revenue fell {pct(drop)} ({money(prior / 12, cur)} to {monthly} a month)",
            "Book a business review this month",
        )
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


def who_gets_what(analysis: Analysis, limit: int = 5) -> tuple[Group, ...]:
    """Six short lists with a reason and a suggested action per client."""
    clients = analysis.clients.sort_values("rank")
    cur = analysis.settings.currency
    med = float(clients["revenue_per_system"].median())
    groups = []
    for flag, title, meaning, empty in _GROUPS:
        has = clients[[flag in flags for flags in clients["flags"]]]
        total = len(has)
        if flag == "retention_priority":
            has = has[has["value_class"] != "A"]
        if flag == "at_risk" and len(has):
            fell = 1 - has["annual_revenue"] / has["prior_revenue"]
            has = has.assign(_fell=fell).sort_values("_fell", ascending=False)
        items = tuple(
            _item(flag, row, cur, analysis.settings.tiers, med)
            for _, row in has.head(limit).iterrows()
        )
        if flag == "best_service":
            meaning = meaning.replace("80 %", pct(analysis.settings.classes[0]))
        groups.append(Group(flag, title, meaning, items, total, empty, len(has)))
    return tuple(groups)


def group_table(group: Group) -> pd.DataFrame:
    """A group's items as a three-column table (Client, Why, Next step)."""
    return pd.DataFrame(
        {
            "Client": [i.client for i in group.items],
            "Why": [i.reason for i in group.items],
            "Next step": [i.action for i in group.items],
        }
    )


def score_table(analysis: Analysis) -> pd.DataFrame:
    """Industries with a score, best first, with the V/F/P/E/B components."""
    table = analysis.industries
    scored = table[table["score"].notna()].sort_values("score", ascending=False)
    return pd.DataFrame(
        {
            "Industry": scored["industry"].astype(str).to_numpy(),
            "Sector": scored["sector"].astype(str).to_numpy(),
            "Clients": scored["clients"].to_numpy(dtype="int64"),
            "Best": scored["best_clients"].to_numpy(dtype="int64"),
            "Score": scored["score"].to_numpy(dtype="float64"),
            "V best revenue": scored["V"].to_numpy(dtype="float64"),
            "F sweet spot": scored["F"].to_numpy(dtype="float64"),
            "P size": scored["P"].to_numpy(dtype="float64"),
            "E evidence": scored["E"].to_numpy(dtype="float64"),
            "B background": scored["B"].to_numpy(dtype="float64"),
        }
    )


def runners_up(analysis: Analysis) -> list[tuple[str, float]]:
    """The runners-up with their scores."""
    scores = dict(
        zip(analysis.industries["industry"], analysis.industries["score"], strict=True)
    )
    return [
        (name, float(scores.get(name, math.nan)))
        for name in analysis.recommendation.runners_up
    ]


@dataclass(frozen=True)
class Quality:
    """What happened to the rows of the file."""

    rows_read: int
    clients: int
    merged: int
    excluded: int
    industry_known: float  # share of revenue with a known industry
    systems_known: float  # share of revenue with a known PC count


def quality(analysis: Analysis) -> Quality:
    """Counts for the "Data quality" section."""
    clients = analysis.clients
    return Quality(
        rows_read=analysis.prepared.cleaned.rows_read,
        clients=len(clients),
        merged=len(analysis.merged),
        excluded=len(analysis.excluded),
        industry_known=float(
            clients.loc[clients["industry"] != UNSPECIFIED, "revenue_share"].sum()
        ),
        systems_known=float(
            clients.loc[clients["tier"] != "unknown", "revenue_share"].sum()
        ),
    )


def excluded_table(analysis: Analysis) -> pd.DataFrame:
    """Every excluded row with its row number, reason and what it held."""
    items = analysis.excluded
    return pd.DataFrame(
        {
            "Row": [e.row for e in items],
            "Reason": [REASONS.get(e.reason, e.reason) for e in items],
            "Detail": [e.message for e in items],
            "Values": [
                "; ".join(f"{k}: {v}" for k, v in e.values.items() if str(v).strip())
                for e in items
            ],
        },
        columns=["Row", "Reason", "Detail", "Values"],
    )


def merged_table(analysis: Analysis) -> pd.DataFrame:
    """Clients built from more than one row, with the rows."""
    return pd.DataFrame(
        {
            "Client": [name for name, _ in analysis.merged],
            "Rows": [", ".join(str(r) for r in rows) for _, rows in analysis.merged],
        },
        columns=["Client", "Rows"],
    )


def needs_annualise_choice(analysis_or_prepared: object) -> bool:
    """True when the report's title states a period other than 12 months."""
    prepared = getattr(analysis_or_prepared, "prepared", analysis_or_prepared)
    period = getattr(prepared, "period", None)
    cleaned = getattr(prepared, "cleaned", None)
    return bool(
        period is not None
        and period.months
        and not period.is_twelve_months
        and cleaned is not None
        and cleaned.mode == "summary"
    )
