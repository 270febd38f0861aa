"""SPEC "Rules": rank, shares, value classes, size tiers, flags and warnings.

Everything here works on one row per client (:class:`niche.model.Cleaned`) and is
vectorised. Shares and class cut-offs are computed on whole cents so that a client
exactly on a cut-off lands on the side the SPEC says.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from niche.errors import NoRevenueError
from niche.model import FLAGS, TIERS, Settings
from niche.rules.profit import below_target, hourly_rates
from niche.rules.taxonomy import UNSPECIFIED, Taxonomy

CONCENTRATION_LIMIT = 0.15
UNKNOWN_INDUSTRY_LIMIT = 0.25
AT_RISK_DROP = 0.20
LAPSED_DAYS = 90
NEW_CLIENT_MONTHS = 6


def _cents(values: pd.Series | np.ndarray) -> np.ndarray:
    return np.round(np.asarray(values, dtype="float64") * 100).astype("int64")


def _below(cum_before: np.ndarray, cut: float, total: int) -> np.ndarray:
    """cum_before / total < cut, exactly (cut in hundredths of a percent)."""
    scaled = round(cut * 10_000)
    if total < 2**62 // 10_000:  # no int64 overflow: whole cents below $46 trillion
        return cum_before * 10_000 < scaled * total
    return cum_before.astype(object) * 10_000 < scaled * total


def _tier_codes(systems: np.ndarray, tiers: tuple[int, int]) -> np.ndarray:
    """Index into :data:`TIERS` of each client (unknown when systems is missing)."""
    low, high = tiers
    codes = np.full(len(systems), 2, dtype="int8")  # large
    codes[systems <= high] = 1
    codes[systems < low] = 0
    codes[np.isnan(systems)] = 3
    return codes


def tier_of(systems: pd.Series, tiers: tuple[int, int]) -> pd.Series:
    """micro < low <= sweet_spot <= high < large; unknown when systems is missing."""
    codes = _tier_codes(systems.to_numpy(dtype="float64"), tiers)
    return pd.Series(np.array(TIERS, dtype=object)[codes], index=systems.index)


def _take(values: list, codes: np.ndarray, dtype: str | None = None) -> pd.Series:
    """``values[code]`` for each code, typed as pandas would type the whole list
    (or as ``dtype``): a few distinct values are converted once, not once per
    client. ``dtype="object"`` keeps ``None`` as ``None`` (pandas' text type
    would make it NaN)."""
    return pd.Series(values, dtype=dtype).take(codes).reset_index(drop=True)


def _order_desc(values: np.ndarray, names: pd.Series) -> np.ndarray:
    """Positions from the highest value to the lowest; equal values by name,
    case-insensitive A-Z, then in file order. Names are looked at (and made
    Python strings) only where values tie: a list of distinct amounts needs no
    sorting of names."""
    order = np.argsort(-values, kind="stable")
    ordered = values[order]
    tie = ordered[1:] == ordered[:-1]  # tie[i]: position i+1 equals position i
    if not tie.any():
        return order
    same = np.zeros(len(order), dtype=bool)
    same[1:] |= tie
    same[:-1] |= tie
    at = np.flatnonzero(same)
    group = np.cumsum(np.concatenate(([True], ~tie)))[at]
    tied = names.iloc[order[at]].to_numpy(dtype=object)
    folded = [n.casefold() if isinstance(n, str) else "" for n in tied]
    rank, _ = pd.factorize(np.asarray(folded, dtype=object), sort=True)
    order[at] = order[at][np.lexsort((rank, group))]
    return order


def _shares(
    annual: np.ndarray, classes: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shares of positive revenue, cumulative shares and Pareto value classes
    (indexes into "ABC") of ranked clients."""
    cents = np.clip(_cents(annual), 0, None)
    total = int(cents.sum())
    if total <= 0:
        raise NoRevenueError(
            "No positive revenue: no client has revenue above zero, so there is "
            "nothing to rank. Check that the revenue column is the right one."
        )
    cumulative = np.cumsum(cents)
    before = cumulative - cents
    value_class = np.full(len(cents), 2, dtype="int8")
    value_class[_below(before, classes[1], total)] = 1
    value_class[_below(before, classes[0], total)] = 0
    value_class[cents <= 0] = 2
    return cents / total, cumulative / total, value_class


def _pays_the_bills(ranked: pd.DataFrame) -> np.ndarray:
    """The fewest top clients that together bring at least half of the total,
    by gross profit when every client has a cost, else by revenue."""
    by_profit = ranked["cost"].notna().all()
    metric = ranked["gross_profit"] if by_profit else ranked["annual_revenue"]
    cents = np.clip(_cents(metric), 0, None)
    order = _order_desc(cents, ranked["client"])
    sorted_cents = cents[order]
    before = np.cumsum(sorted_cents) - sorted_cents
    chosen = (before * 2 < int(cents.sum())) & (sorted_cents > 0)
    out = np.zeros(len(ranked), dtype=bool)
    out[order[chosen]] = True
    return out


def _flags(
    ranked: pd.DataFrame,
    settings: Settings,
    *,
    value_class: np.ndarray,
    tier: np.ndarray,
    invoices: bool,
    reference: pd.Timestamp,
) -> np.ndarray:
    """The SPEC's nine flags and ``low_hourly_rate``, in :data:`FLAGS` order, as
    a tuple per client (an object array); ``value_class`` and ``tier`` are codes
    into "ABC" and :data:`TIERS`."""
    revenue_c = _cents(ranked["annual_revenue"])
    prior = ranked["prior_revenue"].to_numpy(dtype="float64")
    prior_c = np.round(np.nan_to_num(prior) * 100)
    # On whole cents, so that clients paying the same per system are treated alike.
    rps_cents = np.round(ranked["revenue_per_system"].to_numpy(dtype="float64") * 100)
    known_rps = rps_cents[~np.isnan(rps_cents)]
    quarter = pd.Series(known_rps).quantile(0.25) if len(known_rps) else np.nan
    six_months_ago = reference - pd.DateOffset(months=NEW_CLIENT_MONTHS)
    lapsed_before = reference - pd.Timedelta(days=LAPSED_DAYS)
    margin = ranked["gross_margin"].to_numpy(dtype="float64")
    annual = ranked["annual_revenue"].to_numpy(dtype="float64")
    systems = ranked["systems"].to_numpy(dtype="float64")
    cost_known = ranked["cost"].notna().to_numpy()
    new = (ranked["client_since"] > six_months_ago).to_numpy()
    if invoices:
        new = new | (ranked["first_date"] > six_months_ago).to_numpy()
    with np.errstate(invalid="ignore"):
        marks = (
            value_class == 0,  # best_service
            value_class <= 1,  # retention_priority
            _pays_the_bills(ranked),
            tier == 2,  # needs_senior_staff
            (prior > 0) & (revenue_c * 5 <= prior_c * (5 - 5 * AT_RISK_DROP)),
            cost_known & ((annual <= 0) | (margin < settings.margin_target)),
            (systems >= 10) & (rps_cents <= quarter),  # low_revenue_per_system
            # an invoice file, or a client list's "Last invoice date"
            (np.full(len(ranked), invoices) | ranked["last_date"].notna().to_numpy())
            & ~(ranked["last_date"] > lapsed_before).to_numpy(),
            new,
            below_target(ranked["hourly_rate"].to_numpy(), settings.target_rate),
        )
    bits = np.zeros(len(ranked), dtype="int16")
    for i, mark in enumerate(marks):
        bits |= np.asarray(mark, dtype=bool).astype("int16") << i
    # One tuple per combination that occurs (at most 2**10), looked up by bits.
    tuples = np.empty(1 << len(FLAGS), dtype=object)
    combos = np.flatnonzero(np.bincount(bits, minlength=len(tuples)))
    tuples[combos] = [
        tuple(f for i, f in enumerate(FLAGS) if b >> i & 1) for b in combos.tolist()
    ]
    return tuples[bits]


def _industries(
    raw: np.ndarray, settings: Settings, taxonomy: Taxonomy
) -> tuple[np.ndarray, list, list]:
    """Each client's code into the distinct raw labels (``-1``: none, the last),
    those labels (plus ``None``) and their matches (the user's overrides applied)."""
    codes, distinct = pd.factorize(raw)
    overrides = dict(settings.industry_overrides)
    labels = [overrides.get(r, r) for r in distinct.tolist()]
    # Each distinct label once, in order of first appearance (as match_many does).
    found = taxonomy.match_many([*labels, None])  # last: no label
    codes = np.where(codes < 0, len(labels), codes)
    return codes, [*distinct.tolist(), None], found


def enrich_clients(
    clients: pd.DataFrame,
    settings: Settings,
    taxonomy: Taxonomy,
    *,
    invoices: bool = False,
    reference: pd.Timestamp | None = None,
    scale: float = 1.0,
    hours_factor: float = 1.0,
    by_profit: bool = False,
) -> pd.DataFrame:
    """From one row per client to the ranked, classed, tiered and flagged table.

    The rank order is found first, on plain arrays, and every column is put in
    that order once; text columns with few distinct values (industries, tiers,
    classes, flags) are built from those values, not once per client.
    ``hours_factor`` turns the support-hours column into hours (tickets x hours
    per ticket); ``by_profit`` ranks and classes by gross profit
    (:func:`niche.rules.profit.profit_ranking` says when it may).
    """
    raw = clients["industry_raw"].to_numpy(dtype=object, na_value=None)
    if pd.api.types.infer_dtype(raw, skipna=True) not in ("string", "empty"):
        raw = np.array([r if isinstance(r, str) else None for r in raw], dtype=object)
    annual = clients["annual_revenue"].to_numpy(dtype="float64") * scale
    cost = clients["cost"].to_numpy(dtype="float64") * scale
    monthly = annual / 12
    # Highest monthly revenue (or gross profit) first; ties by client name,
    # case-insensitive A-Z.
    order = _order_desc(
        (annual - cost) / 12 if by_profit else monthly, clients["client"]
    )
    annual, monthly, cost = annual[order], monthly[order], cost[order]
    codes, distinct_raw, found = _industries(raw, settings, taxonomy)
    codes = codes[order]
    systems = clients["systems"].to_numpy(dtype="float64")[order]
    hours = clients["support_hours"].to_numpy(dtype="float64")[order]
    hours = hours * (hours_factor * scale)
    tier = _tier_codes(systems, settings.tiers)
    share, cumulative, value_class = _shares(annual, settings.classes)
    profit_share = cumulative_profit = np.full(len(annual), np.nan)
    if by_profit:
        profit_share, cumulative_profit, value_class = _shares(
            annual - cost, settings.classes
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        per_system = np.where(systems > 0, monthly / systems, np.nan)
        margin = np.where(
            (annual > 0) & ~np.isnan(cost), (annual - cost) / annual, np.nan
        )
    replaced = {
        "annual_revenue": annual,
        "systems": systems,
        "industry_raw": _take(distinct_raw, codes),
        "cost": cost,
    }
    base = clients.drop(columns=list(replaced)).take(order).reset_index(drop=True)
    ranked = pd.DataFrame(
        {
            **{c: replaced[c] if c in replaced else base[c] for c in clients.columns},
            "monthly_revenue": monthly,
            "industry": _take([m.industry for m in found], codes),
            "sector": _take([m.sector for m in found], codes),
            "naics": _take([m.naics for m in found], codes),
            # str or None: a guess is offered for few labels, never NaN.
            "industry_guess": _take([m.guess for m in found], codes, "object"),
            "revenue_per_system": per_system,
            "gross_profit": annual - cost,
            "gross_margin": margin,
            "hours": hours,
            "hourly_rate": hourly_rates(annual, hours),
            "profit_share": profit_share,
            "cumulative_profit_share": cumulative_profit,
            "tier": _take(list(TIERS), tier),
            "rank": np.arange(1, len(order) + 1),
            "revenue_share": share,
            "cumulative_share": cumulative,
            "value_class": _take(["A", "B", "C"], value_class),
        },
        # Each column stays its own block: stacking the float columns into one
        # 2-D block copied them into fresh memory (about 15 ms for 100,000).
        copy=False,
    )
    ranked["flags"] = _flags(
        ranked,
        settings,
        value_class=value_class,
        tier=tier,
        invoices=invoices,
        reference=reference if reference is not None else pd.Timestamp.today(),
    )
    return ranked


def warnings_for(ranked: pd.DataFrame, currency: str) -> list[str]:
    """Concentration, unknown industries and clients with no positive revenue."""
    out = []
    # Positions first, then the few rows' names: filtering the whole table
    # would copy every column of it.
    shares = ranked["revenue_share"].to_numpy(dtype="float64")
    names = ranked["client"]
    for at in np.flatnonzero(shares > CONCENTRATION_LIMIT):
        out.append(
            f"Concentration risk: {names.iat[at]} brings {shares[at]:.0%} of your "
            f"revenue (over {CONCENTRATION_LIMIT:.0%}); losing it would hurt."
        )
    unknown = shares[(ranked["industry"] == UNSPECIFIED).to_numpy(dtype=bool)].sum()
    if unknown > UNKNOWN_INDUSTRY_LIMIT:
        out.append(
            f"{unknown:.0%} of your revenue comes from clients with no industry (over "
            f"{UNKNOWN_INDUSTRY_LIMIT:.0%}): fill them in for a sharper recommendation."
        )
    idle = np.flatnonzero(ranked["annual_revenue"].to_numpy(dtype="float64") <= 0)
    if len(idle):
        listed = ", ".join(names.iloc[idle[:5]]) + (" …" if len(idle) > 5 else "")
        out.append(
            f"{len(idle)} client{'s' if len(idle) > 1 else ''} with zero or negative "
            f"net revenue (share 0, class C): {listed}."
        )
    return [w.replace("%", " %") for w in out]
