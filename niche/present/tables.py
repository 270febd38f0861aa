"""The page's small tables, as text: figures formatted with the one vocabulary
(:mod:`niche.format`) and user text made inert for Markdown (``st.table``
renders Markdown in its cells). Wide columns wrap instead of being cut."""

from __future__ import annotations

import pandas as pd

from niche.format import TIER_LABELS, escape_markdown, money, pct, tier_spans
from niche.model import TIERS, Analysis
from niche.present.views import FLAG_LABELS
from niche.rules.taxonomy import UNSPECIFIED

TOP_ROWS = 15  # the top clients shown as text; the rest on demand
# The rank column's heading. ``st.table`` renders headings as Markdown too, and
# a bare "#" is an empty level-1 heading: a blank, 100 px tall header row.
RANK = escape_markdown("#")


def _pcs(value: float) -> str:
    return "–" if pd.isna(value) else f"{value:,.0f}"


def top_clients(analysis: Analysis, rows: int = TOP_ROWS) -> pd.DataFrame:
    """The top clients: rank, name, industry, PCs, monthly revenue, share,
    class and flags in short words."""
    cur = analysis.settings.currency
    top = analysis.clients.sort_values("rank").head(rows)
    table = pd.DataFrame(
        {
            RANK: top["rank"].astype(int).astype(str).to_numpy(),
            "Client": [escape_markdown(c) for c in top["client"]],
            "Industry": [escape_markdown(i) for i in top["industry"]],
            "PCs": [_pcs(v) for v in top["systems"]],
            "Monthly": [money(v, cur) for v in top["monthly_revenue"]],
            "Share": [pct(v) for v in top["revenue_share"]],
            "Class": top["value_class"].astype(str).to_numpy(),
            "Flags": [
                " · ".join(FLAG_LABELS.get(f, f) for f in flags)
                for flags in top["flags"]
            ],
        }
    )
    # Columns with nothing in them (a bare export) say nothing: left out.
    clients = analysis.clients
    if (clients["industry"] == UNSPECIFIED).all():
        table = table.drop(columns="Industry")
    if clients["systems"].isna().all():
        table = table.drop(columns="PCs")
    return table


def tiers(analysis: Analysis) -> pd.DataFrame:
    """Clients and monthly revenue per size tier (tiers with clients only)."""
    clients = analysis.clients
    cur = analysis.settings.currency
    spans = tier_spans(analysis.settings.tiers)
    rows = []
    for tier in TIERS:
        part = clients[clients["tier"] == tier]
        if len(part):
            rows.append(
                {
                    "Tier": TIER_LABELS[tier],
                    "PCs": spans[tier],
                    "Clients": f"{len(part):,}",
                    "Monthly": money(float(part["monthly_revenue"].sum()), cur),
                    "Share of revenue": pct(float(part["revenue_share"].sum())),
                }
            )
    return pd.DataFrame(rows)


def scores(analysis: Analysis) -> pd.DataFrame:
    """Industries with a score, best first, in words."""
    table = analysis.industries
    scored = table[table["score"].notna()].sort_values("score", ascending=False)
    return pd.DataFrame(
        {
            "Industry": [escape_markdown(i) for i in scored["industry"]],
            "Clients": scored["clients"].astype(int).astype(str).to_numpy(),
            "Best clients": scored["best_clients"].astype(int).astype(str).to_numpy(),
            "Share of best-client revenue": [pct(v) for v in scored["V"]],
            "In the sweet spot": [pct(v) for v in scored["F"]],
            "Score": [f"{v:.0f}" for v in scored["score"]],
        }
    )
