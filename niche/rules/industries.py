"""The per-industry table: counts, revenue, and the niche score's parts.

For each industry with at least 2 clients (Unspecified excluded)::

    score = 100 x (0.50 V + 0.20 F + 0.15 P + 0.15 E) + B

V: share of best-client (class A) revenue (gross profit when the clients are
ranked by gross profit, docs/profit-and-change.md); F: share of its clients with known
systems in the sweet spot (0.5 if none known); P: its median monthly revenue per
client over the largest such median; E: min(clients, 5) / 5; B: 10 points for a
background industry, 5 when only its sector is one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from niche.rules.profit import industry_hours, ranked_by_profit
from niche.rules.taxonomy import OTHER_SECTOR, UNSPECIFIED, Taxonomy

WEIGHTS = {"V": 0.50, "F": 0.20, "P": 0.15, "E": 0.15}
BACKGROUND_BONUS = 10.0
SECTOR_BONUS = 5.0
MIN_CLIENTS = 2


def industry_table(
    clients: pd.DataFrame,
    taxonomy: Taxonomy,
    background: tuple[str, ...] = (),
) -> pd.DataFrame:
    """One row per industry with counts, revenue, score and its components.

    Industries with fewer than 2 clients, and Unspecified, get no score. Worked on
    arrays indexed by industry code (the table is small, the client list may
    not be): one grouping for the sums, counts by ``bincount``.
    """
    # Text columns stay as they are (Arrow): compared and grouped in place, and
    # only the few values the table needs become Python strings.
    codes, names = pd.factorize(clients["industry"])
    n = len(names)
    names = np.asarray(names, dtype=object)
    _, first = np.unique(codes, return_index=True)
    annual = clients["annual_revenue"].to_numpy(dtype="float64")
    positive = np.clip(annual, 0, None)
    best = (clients["value_class"] == "A").to_numpy(dtype=bool)
    tier = clients["tier"]
    # Plain sum() and median() on the grouping: what agg() with named
    # aggregations does (the same values), without its ~10 ms of dispatch.
    grouped = pd.DataFrame(
        {
            "annual_revenue": annual,
            "revenue_share": clients["revenue_share"].to_numpy(dtype="float64"),
            "best_revenue": np.where(best, positive, 0.0),
            "monthly": clients["monthly_revenue"].to_numpy(dtype="float64"),
        }
    ).groupby(codes, sort=True)
    sums = grouped.sum()
    sums["median_monthly"] = grouped["monthly"].median()
    count = np.bincount(codes, minlength=n)
    known = (tier != "unknown").to_numpy(dtype=bool)
    known = np.bincount(codes, weights=known, minlength=n).astype("int64")
    sweet = (tier == "sweet_spot").to_numpy(dtype=bool)
    sweet = np.bincount(codes, weights=sweet, minlength=n).astype("int64")
    median = sums["median_monthly"].to_numpy()
    best_revenue = sums["best_revenue"].to_numpy()
    best_total = positive[best].sum()
    if ranked_by_profit(clients):  # V from the best clients' gross profit
        profit = np.clip(clients["gross_profit"].to_numpy(dtype="float64"), 0, None)
        best_value = np.bincount(codes, weights=np.where(best, profit, 0), minlength=n)
        best_total = profit[best].sum()
    else:
        best_value = best_revenue
    eligible = (count >= MIN_CLIENTS) & (names != UNSPECIFIED)
    v = capped_share(best_value / best_total) if best_total > 0 else np.zeros(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        f = np.where(known > 0, sweet / known, 0.5)
    top_median = median[eligible].max() if eligible.any() else np.nan
    p = (
        np.clip(median / top_median, 0, None)
        if eligible.any() and top_median > 0
        else np.zeros(n)
    )
    e = np.minimum(count, 5) / 5
    sector = clients["sector"].iloc[first].to_numpy(dtype=object)
    industries, sectors = _background(background, taxonomy)
    b = np.where(
        np.isin(names, list(industries)),
        BACKGROUND_BONUS,
        np.where(
            np.isin(sector, list(sectors)) & (sector != OTHER_SECTOR),
            SECTOR_BONUS,
            0.0,
        ),
    )
    hours, rate = industry_hours(
        codes, n, annual, clients["hours"].to_numpy(dtype="float64")
    )
    parts = {"V": v, "F": f, "P": p, "E": e, "B": b}
    score = 100 * sum(WEIGHTS[k] * parts[k] for k in WEIGHTS) + b
    table = pd.DataFrame(
        {
            "industry": pd.Series(names, dtype="str"),
            "sector": pd.Series(sector, dtype="str"),
            "naics": clients["naics"].iloc[first].to_numpy(dtype=object),
            "clients": count.astype("int64"),
            "best_clients": np.bincount(codes, weights=best, minlength=n).astype(
                "int64"
            ),
            "annual_revenue": sums["annual_revenue"].to_numpy(),
            "revenue_share": capped_share(sums["revenue_share"].to_numpy()),
            "best_revenue": best_revenue,
            "known_systems": known,
            "sweet_spot": sweet,
            "median_monthly": median,
            "hours": hours,
            "hourly_rate": rate,
            **{k: np.where(eligible, parts[k], np.nan) for k in parts},
            "score": np.where(eligible, score, np.nan),
        }
    )
    return table.iloc[_order(table)].reset_index(drop=True)


def capped_share(shares: np.ndarray | float) -> np.ndarray | float:
    """A share summed over clients, at most 1: the float fractions of one whole
    can add up to 1.0000000000000002, and the JSON contract says 0..1."""
    return np.minimum(shares, 1.0)


def _order(table: pd.DataFrame) -> np.ndarray:
    """Positions of the scored industries by score, then V, clients and name (A-Z,
    case-insensitive), then of the rest by revenue and name."""
    key = np.array([name.casefold() for name in table["industry"]], dtype=object)
    name, _ = pd.factorize(key, sort=True)
    score = table["score"].to_numpy()
    scored, rest = np.flatnonzero(~np.isnan(score)), np.flatnonzero(np.isnan(score))
    v, clients = table["V"].to_numpy(), table["clients"].to_numpy()
    revenue = table["annual_revenue"].to_numpy()
    # lexsort: the last key is the first criterion.
    by_score = np.lexsort((name[scored], -clients[scored], -v[scored], -score[scored]))
    by_revenue = np.lexsort((name[rest], -revenue[rest]))
    return np.concatenate([scored[by_score], rest[by_revenue]])


def _background(
    background: tuple[str, ...], taxonomy: Taxonomy
) -> tuple[set[str], set[str]]:
    industries = {
        name for text in background if (name := taxonomy.resolve_background(text))
    }
    sectors = {taxonomy.sector_of(name) for name in industries} - {OTHER_SECTOR}
    return industries, sectors
