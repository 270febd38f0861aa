"""Pure helpers that shape an :class:`~niche.pipeline.Analysis` for the page.

No Streamlit here: the page (``app.py``) only lays these out. Everything that
holds user text (client names, industry labels) is returned as plain data; text
meant for Markdown goes through :func:`escape_markdown` first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from niche.format import FLAG_LABELS as _LONG_FLAGS
from niche.format import TIER_LABELS, escape_markdown, money, pct
from niche.model import REASONS, TIERS, Analysis
from niche.rules.taxonomy import UNSPECIFIED

# The command line's labels, two of them shorter for the table's Flags column.
FLAG_LABELS = {
    **_LONG_FLAGS,
    "low_revenue_per_system": "priced low",
    "new_client": "new",
}
TOP_SHARE = 0.20


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


def reconciliation_line(analysis: Analysis, see: str = "Data quality") -> str | None:
    """The check a consultant makes first: "Matches your file's TOTAL of
    $10,280.05." or "Differs from your file's TOTAL by $1,240.00: see Data
    quality." (None when the file has no total line)."""
    check = analysis.reconciliation
    if check is None:
        return None
    cur = analysis.settings.currency
    label = check.label.upper() if check.label.isupper() else check.label
    if check.matches:
        return f"Matches your file's {label} of {money(check.file_total, cur, True)}."
    gap = money(abs(check.counted - check.file_total), cur, True)
    return f"Differs from your file's {label} by {gap}: see {see}."


def headline(analysis: Analysis) -> Headline:
    """Clients, monthly revenue, top-20 % share, sweet-spot share."""
    clients = analysis.clients
    n = len(clients)
    top = max(1, math.ceil(n * TOP_SHARE)) if n else 0
    share = clients["revenue_share"].to_numpy(dtype="float64")
    order = clients["rank"].to_numpy()
    top_share = float(share[np.argsort(order, kind="stable")[:top]].sum())
    tier = pd.Categorical(clients["tier"], categories=TIERS).codes
    known = int((tier != TIERS.index("unknown")).sum())
    sweet = int((tier == TIERS.index("sweet_spot")).sum())
    return Headline(
        clients=n,
        monthly_revenue=float(clients["monthly_revenue"].sum()),
        top_clients=top,
        top_share=top_share,
        sweet_clients=sweet,
        known_systems=known,
        sweet_share=sweet / known if known else None,
    )


def _client_frame(clients: pd.DataFrame) -> pd.DataFrame:
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
    tier = pd.Categorical(clients["tier"], categories=TIERS).codes
    monthly = clients["monthly_revenue"].to_numpy(dtype="float64")
    share = clients["revenue_share"].to_numpy(dtype="float64")
    masks = [tier == code for code in range(len(TIERS))]
    return pd.DataFrame(
        {
            "tier": list(TIERS),
            "clients": [int(m.sum()) for m in masks],
            "monthly_revenue": [float(monthly[m].sum()) for m in masks],
            "revenue_share": [float(share[m].sum()) for m in masks],
        }
    )


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


SCORE_PARTS = ("V best revenue", "F sweet spot", "P size", "E evidence")


def score_table(analysis: Analysis) -> pd.DataFrame:
    """Industries with a score, best first, with the V/F/P/E/B components."""
    table = analysis.industries
    score = table["score"].to_numpy(dtype="float64")
    scored = np.flatnonzero(~np.isnan(score))
    # the order of table[scored].sort_values("score", ascending=False)
    order = scored[pd.Series(score[scored]).sort_values(ascending=False).index]

    def numbers(column: str, dtype: str = "float64") -> np.ndarray:
        return table[column].to_numpy(dtype=dtype)[order]

    return pd.DataFrame(
        {
            "Industry": table["industry"].take(order).astype(str).to_numpy(),
            "Sector": table["sector"].take(order).astype(str).to_numpy(),
            "Clients": numbers("clients", "int64"),
            "Best": numbers("best_clients", "int64"),
            "Score": numbers("score"),
            "V best revenue": numbers("V"),
            "F sweet spot": numbers("F"),
            "P size": numbers("P"),
            "E evidence": numbers("E"),
            "B background": numbers("B"),
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
    share = clients["revenue_share"].to_numpy(dtype="float64")
    industry = (clients["industry"] != UNSPECIFIED).to_numpy(dtype=bool)
    tier = pd.Categorical(clients["tier"], categories=TIERS).codes
    return Quality(
        rows_read=analysis.prepared.cleaned.rows_read,
        clients=len(clients),
        merged=len(analysis.merged),
        excluded=len(analysis.excluded),
        industry_known=float(np.nansum(share[industry])),
        systems_known=float(np.nansum(share[tier != TIERS.index("unknown")])),
    )


def excluded_table(analysis: Analysis) -> pd.DataFrame:
    """Every excluded row with its row number, reason and what it held."""
    items = analysis.excluded
    reasons = [REASONS.get(e.reason, e.reason) for e in items]
    return pd.DataFrame(
        {
            "Row": [e.row for e in items],
            "Reason": reasons,
            # A footer's message is its reason again: said once is enough.
            "Detail": [
                "" if e.message == reason else e.message
                for e, reason in zip(items, reasons, strict=True)
            ],
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


CLIENT_ROWS = 200  # rows of a client table sent to the browser unless "show all"


def client_view(
    analysis: Analysis, industries: tuple[str, ...] = (), limit: int | None = None
) -> tuple[pd.DataFrame, int]:
    """The ranked client table for display (only some industries, when given)
    for the top ``limit`` clients (all when None), and how many clients match;
    only the rows shown are built and sent."""
    clients = analysis.clients
    if industries:
        clients = clients[clients["industry"].isin(industries)]
    total = len(clients)
    if not clients["rank"].is_monotonic_increasing:
        clients = clients.sort_values("rank")
    if limit is not None:
        clients = clients.iloc[:limit]
    return _client_frame(clients), total


def count_of(analysis: Analysis, industries: tuple[str, ...]) -> int:
    """How many clients are in these industries."""
    return int(analysis.clients["industry"].isin(industries).sum())


# --- text for the page (figures in words; user text escaped for Markdown) --------


@dataclass(frozen=True)
class Card:
    """A headline metric: label, value and the help text behind its "?"."""

    label: str
    value: str
    help: str | None = None


def headline_cards(analysis: Analysis) -> tuple[Card, ...]:
    """The four headline metrics."""
    h = headline(analysis)
    cur = analysis.settings.currency
    low, high = analysis.settings.tiers
    return (
        Card("Clients", f"{h.clients:,}"),
        Card(
            "Monthly revenue",
            money(h.monthly_revenue, cur),
            "12-month revenue divided by 12.",
        ),
        Card(
            "Top 20 % of clients bring",
            pct(h.top_share),
            f"Share of revenue from your top {h.top_clients} clients (a fifth of "
            f"{h.clients}) by monthly revenue.",
        ),
        Card(
            "In the sweet spot",
            "–" if h.sweet_share is None else pct(h.sweet_share),
            f"{h.sweet_clients} of {h.known_systems} clients with a known PC count "
            f"have {low} to {high} PCs.",
        ),
    )


def niche_line(analysis: Analysis) -> str:
    """The one-line answer under the headline metrics (Markdown)."""
    rec = analysis.recommendation
    if rec.status == "ok" and rec.niche:
        return (
            f"**Recommended niche: {escape_markdown(rec.niche)}** · score "
            f"{rec.score:.0f} of 100 · confidence {rec.confidence} (details below)"
        )
    return (
        "**No niche yet:** the analysis needs industries (and PC counts) for your "
        "clients. Add a device or company list, or fill in the table in "
        "*Complete your data* below."
    )


def niche_card(analysis: Analysis) -> list[str]:
    """The niche card's Markdown lines after its metrics: reasons, where to grow,
    runners-up, the background's effect and the springboard."""
    rec = analysis.recommendation
    esc = escape_markdown
    lines = [f"- {esc(reason)}" for reason in rec.reasons]
    found = rec.status == "ok" and rec.niche
    if found and rec.adjacent:
        lines.append("**Grow next into:** " + ", ".join(map(esc, rec.adjacent[:6])))
    ups = runners_up(analysis) if found else []
    if ups:
        close = set(rec.close)
        lines.append(
            "**Runners-up:** "
            + ", ".join(
                f"{esc(n)} ({s:.0f}{', close' if n in close else ''})" for n, s in ups
            )
        )
    if found and rec.background_effect:
        lines.append(f"**Your background:** {esc(rec.background_effect)}")
    if rec.springboard:
        lines.append("**Springboard:** " + ", ".join(map(esc, rec.springboard)))
    return lines


def quality_cards(analysis: Analysis) -> tuple[Card, ...]:
    """The "Data quality" metrics."""
    q = quality(analysis)
    return (
        Card("Rows read", f"{q.rows_read:,}"),
        Card("Clients", f"{q.clients:,}"),
        Card("Merged clients", f"{q.merged:,}"),
        Card("Rows excluded", f"{q.excluded:,}"),
        Card("Revenue with industry", pct(q.industry_known)),
        Card("Revenue with PC count", pct(q.systems_known)),
    )


def columns_used(analysis: Analysis, labels: dict[str, str]) -> str:
    """ "Columns used: Client ← Customer · ..." (Markdown)."""
    used = analysis.prepared.header.mapping.as_dict()
    return "**Columns used:** " + " · ".join(
        f"{labels.get(k, k)} ← {escape_markdown(v)}" for k, v in used.items()
    )
