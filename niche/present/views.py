"""Pure helpers that shape an :class:`~niche.model.Analysis` for the page.

No Streamlit here: the page (:mod:`niche.ui`) only lays these out. Everything that
holds user text (client names, industry labels) is returned as plain data; text
meant for Markdown goes through :func:`escape_markdown` first.
"""

from __future__ import annotations

import math

import pandas as pd

from niche.format import FLAG_LABELS as _LONG_FLAGS
from niche.format import TIER_LABELS, escape_markdown, money
from niche.model import REASONS, TIERS, Analysis

# The command line's labels, two of them shorter for the table's Flags column.
FLAG_LABELS = {
    **_LONG_FLAGS,
    "low_revenue_per_system": "priced low",
    "new_client": "new",
}
TOP_SHARE = 0.20


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


def _client_frame(clients: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Rank": clients["rank"].to_numpy(dtype="int64"),
            "Client": clients["client"].astype(str).to_numpy(),
            "Industry": clients["industry"].astype(str).to_numpy(),
            "PCs": clients["systems"].to_numpy(dtype="float64"),
            "Tier": clients["tier"].map(TIER_LABELS).to_numpy(),
            "Monthly": clients["monthly_revenue"].to_numpy(dtype="float64"),
            # Percentages (0..100), shown as "17.1 %" like the page's text.
            "Share": clients["revenue_share"].to_numpy(dtype="float64") * 100,
            "Cumulative": clients["cumulative_share"].to_numpy(dtype="float64") * 100,
            "Class": clients["value_class"].astype(str).to_numpy(),
            "Margin": clients["gross_margin"].to_numpy(dtype="float64") * 100,
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


def runners_up(analysis: Analysis) -> list[tuple[str, float]]:
    """The runners-up with their scores."""
    scores = dict(
        zip(analysis.industries["industry"], analysis.industries["score"], strict=True)
    )
    return [
        (name, float(scores.get(name, math.nan)))
        for name in analysis.recommendation.runners_up
    ]


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


def columns_used(analysis: Analysis, labels: dict[str, str]) -> str:
    """ "Columns used: Client ← Customer · ..." (Markdown)."""
    used = analysis.prepared.header.mapping.as_dict()
    return "**Columns used:** " + " · ".join(
        f"{labels.get(k, k)} ← {escape_markdown(v)}" for k, v in used.items()
    )
