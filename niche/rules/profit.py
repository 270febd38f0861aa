"""What each client pays per hour of support, and ranking by gross profit.

Rules (docs/profit-and-change.md)::

    hours        = support hours, or tickets x hours per ticket (a setting)
    hourly rate  = annual revenue / hours                 (hours > 0)
    low_hourly_rate flag: hourly rate < target rate       (default 100 an hour)
    gross profit = annual revenue - cost

"Rank by gross profit" (a setting) orders the clients by gross profit and takes
the value classes (so best service) and the niche score's V from gross profit;
it needs a cost for every client and a positive total gross profit, else the
clients are ranked by revenue and a note says why.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from niche.clean.headings import words
from niche.format import money
from niche.model import ColumnMapping, Settings
from niche.rules.reasons import Forms
from niche.rules.taxonomy import UNSPECIFIED

TICKET_WORDS = frozenset({"ticket", "tickets"})
HOUR_WORDS = frozenset({"hours", "hrs", "hour", "hr"})


def hours_unit(heading: str | None) -> str | None:
    """ "tickets" when the support-hours heading counts tickets (and not hours),
    "hours" otherwise; None when there is no such column."""
    if not heading:
        return None
    w = set(words(heading))
    return "tickets" if w & TICKET_WORDS and not w & HOUR_WORDS else "hours"


def hours_factor(
    mapping: ColumnMapping, settings: Settings
) -> tuple[float, str | None]:
    """Hours per unit of the support-hours column, and a note when it counts
    tickets (the hours are then an estimate)."""
    if hours_unit(mapping.support_hours) != "tickets":
        return 1.0, None
    per = settings.hours_per_ticket
    return per, (
        f'Support hours are estimated from "{mapping.support_hours}" at {per:g} '
        f"hour{'' if per == 1 else 's'} per ticket (the hours-per-ticket setting)."
    )


def hourly_rates(annual: np.ndarray, hours: np.ndarray) -> np.ndarray:
    """Revenue per hour; NaN where hours are unknown or not above 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(hours > 0, annual / hours, np.nan)


def below_target(rates: np.ndarray, target: float) -> np.ndarray:
    """Rates below the target, compared in whole cents (unknown: False)."""
    with np.errstate(invalid="ignore"):
        return np.round(rates * 100) < round(target * 100)


def profit_ranking(
    clients: pd.DataFrame, settings: Settings
) -> tuple[bool, str | None]:
    """Whether the clients are ranked by gross profit, and a note when the
    setting asks for it but the file cannot give it."""
    if not settings.rank_by_profit:
        return False, None
    cost = clients["cost"]
    missing = int(cost.isna().sum())
    if missing or not len(clients):
        return False, (
            f"Ranked by revenue, not gross profit: {missing} of {len(clients)} "
            "clients have no cost."
        )
    profit = clients["annual_revenue"].to_numpy(dtype="float64") - cost.to_numpy(
        dtype="float64"
    )
    if not np.round(np.clip(profit, 0, None) * 100).sum() > 0:
        return False, "Ranked by revenue, not gross profit: no client has a profit."
    return True, None


def ranked_by_profit(clients: pd.DataFrame) -> bool:
    """Whether an analysed client table was ranked by gross profit."""
    return "profit_share" in clients and bool(clients["profit_share"].notna().any())


def median_rate(clients: pd.DataFrame) -> float | None:
    """The median revenue per hour over the clients where it is known."""
    rates = clients["hourly_rate"].to_numpy(dtype="float64")
    known = rates[~np.isnan(rates)]
    return float(np.median(known)) if len(known) else None


def industry_hours(
    codes: np.ndarray, n: int, annual: np.ndarray, hours: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per industry code 0..n-1: its support hours and its revenue per hour
    (the revenue of its clients with hours over those hours; NaN: none known)."""
    known = hours > 0
    h = np.bincount(codes[known], weights=hours[known], minlength=n)
    r = np.bincount(codes[known], weights=annual[known], minlength=n)
    return np.where(h > 0, h, np.nan), hourly_rates(r, h)


def industry_rate_sentence(
    industries: pd.DataFrame, niche: str, currency: str
) -> str | None:
    """ "Your dental offices pay $212 an hour of support; your restaurants $64."

    The niche against the other scored industry (2 or more clients) whose rate
    is furthest from it (ties: A to Z); None when no other scored industry, or
    the niche itself, has support hours.
    """
    known = industries[
        industries["hourly_rate"].notna()
        & industries["score"].notna()
        & (industries["industry"] != UNSPECIFIED)
    ]
    rates = dict(sorted(zip(known["industry"], known["hourly_rate"], strict=True)))
    if niche not in rates or len(rates) < 2:
        return None
    others = {k: v for k, v in rates.items() if k != niche}
    other = max(others, key=lambda k: abs(others[k] - rates[niche]))
    return (
        f"Your {Forms.of(niche).many} pay {money(rates[niche], currency)} an hour "
        f"of support; your {Forms.of(other).many} {money(others[other], currency)}."
    )
