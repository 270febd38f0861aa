"""The small, capped data frames the charts draw."""

from __future__ import annotations

import numpy as np
import pandas as pd

from niche.format import money
from niche.model import Analysis

PARETO_TOP = 40  # clients named on the axis; the rest are one bar
SCATTER_MAX = 3000
INDUSTRY_TOP = 20
_SEED = 7
TIER_NAMES = {
    "micro": "Micro",
    "sweet_spot": "Sweet spot",
    "large": "Large",
    "unknown": "Unknown size",
}
CLASS_NAMES = {"A": "A: best clients", "B": "B", "C": "C"}


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``order``: each industry's first position."""
    names = frame["industry"].tolist()
    first: dict[object, int] = {}
    for i, name in enumerate(names):
        first.setdefault(name, i)
    order = [first[name] for name in names]
    return frame.assign(order=np.array(order, dtype="int64" if order else "float64"))


def pareto_data(analysis: Analysis, top: int = PARETO_TOP) -> pd.DataFrame:
    """The top ``top`` clients plus one "All others" row (when there are more).

    Columns: ``label`` (the client's name; "All others (n)" for the rest),
    ``detail`` (the label, with the others' average and total), ``order``,
    ``monthly_revenue``, ``cumulative_share``, ``revenue_share``,
    ``value_class`` (a display name), ``clients``.

    The "All others" bar is as tall as their average client, and its label
    gives their total: drawn as a sum, the bar of thousands of small clients
    would flatten the top 50 to nothing. Its shares are their total share.
    """
    clients = analysis.clients
    order = np.argsort(clients["rank"].to_numpy(), kind="stable")  # best first
    head, rest = order[:top], order[top:]

    def numbers(column: str) -> np.ndarray:
        return clients[column].to_numpy(dtype="float64")

    label = clients["client"].take(head).astype(str).to_numpy()
    columns = {
        "order": clients["rank"].to_numpy(dtype="int64")[head],
        "monthly_revenue": numbers("monthly_revenue")[head],
        "revenue_share": numbers("revenue_share")[head],
        "cumulative_share": numbers("cumulative_share")[head],
    }
    value_class = clients["value_class"].take(head).map(CLASS_NAMES).to_numpy()
    if not len(rest):
        return pd.DataFrame(
            {
                "label": label,
                "detail": label,
                **columns,
                "value_class": value_class,
                "clients": 1,
            }
        )
    total = float(np.nansum(numbers("monthly_revenue")[rest]))
    others = {  # one row for the clients after the top ones
        "order": top + 1,
        "monthly_revenue": total / len(rest),
        "revenue_share": float(np.nansum(numbers("revenue_share")[rest])),
        "cumulative_share": 1.0,
    }
    cur = analysis.settings.currency
    average, together = money(total / len(rest), cur), money(total, cur)
    return pd.DataFrame(
        {
            "label": [*label, f"All others ({len(rest):,})"],
            "detail": [
                *label,
                f"All others ({len(rest):,} clients): {average} a month each on "
                f"average, {together} together",
            ],
            **{k: np.append(v, others[k]) for k, v in columns.items()},
            "value_class": [*value_class, "All others"],
            "clients": np.append(np.ones(len(head), dtype="int64"), len(rest)),
        }
    )


def pareto_rule_data(cut: float) -> pd.DataFrame:
    """The class-A cut-off line's one row: its height and its label."""
    return pd.DataFrame(
        {"cumulative_share": [cut], "text": [f"{cut * 100:.0f} % of revenue"]}
    )


def scatter_data(analysis: Analysis, limit: int = SCATTER_MAX) -> pd.DataFrame:
    """Clients with a known PC count; beyond ``limit`` points, the top clients
    by revenue plus a fixed random sample of the rest."""
    clients = analysis.clients
    rank = clients["rank"].to_numpy()
    order = np.argsort(rank, kind="stable")  # positions, best client first
    known = order[clients["systems"].notna().to_numpy()[order]]
    if len(known) > limit:
        top, rest = known[: limit // 5], known[limit // 5 :]
        rng = np.random.default_rng(_SEED)
        picked = rng.choice(len(rest), limit - len(top), replace=False)
        known = np.concatenate([top, rest[np.sort(picked)]])
    return pd.DataFrame(
        {
            "client": clients["client"].take(known).astype(str).to_numpy(),
            "industry": clients["industry"].take(known).astype(str).to_numpy(),
            "systems": clients["systems"].to_numpy(dtype="float64")[known],
            "monthly_revenue": clients["monthly_revenue"].to_numpy(dtype="float64")[
                known
            ],
            "tier": clients["tier"].take(known).map(TIER_NAMES).to_numpy(),
        }
    )


def bounds_data(tiers: tuple[int, int]) -> pd.DataFrame:
    """The two tier boundaries with their labels ("10 PCs")."""
    low, high = tiers
    return pd.DataFrame({"systems": [low, high], "text": [f"{low} PCs", f"{high} PCs"]})


def tier_bars_data(tiers: pd.DataFrame) -> pd.DataFrame:
    """``tier_summary`` with the tier's display name as ``label``."""
    return tiers.assign(label=tiers["tier"].map(TIER_NAMES).to_numpy())


def industry_data(analysis: Analysis, top: int = INDUSTRY_TOP) -> pd.DataFrame:
    """Industries by revenue, largest first, at most ``top`` of them."""
    table = analysis.industries
    names = table["industry"].tolist()
    revenue = table["annual_revenue"].to_numpy(dtype="float64")
    best = table["best_revenue"].to_numpy(dtype="float64")
    clients = table["clients"].to_numpy(dtype="int64")
    best_clients = table["best_clients"].to_numpy(dtype="int64")
    # revenue, highest first; ties by name A to Z
    order = sorted(range(len(names)), key=lambda i: (-revenue[i], names[i]))[:top]
    niche = analysis.recommendation.niche
    return pd.DataFrame(
        {
            "industry": table["industry"].take(order).astype(str).to_numpy(),
            "monthly_revenue": revenue[order] / 12,
            "best_monthly": best[order] / 12,
            "clients": clients[order],
            "best_clients": best_clients[order],
            "label": [
                f"{best_clients[i]} best of {clients[i]}"
                + ("  ← recommended" if names[i] == niche else "")
                for i in order
            ],
            "is_niche": np.array([names[i] == niche for i in order], dtype=bool),
            "order": range(len(order)),
        }
    )
