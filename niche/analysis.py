"""SPEC "Rules": rank, shares, value classes, size tiers, flags and warnings.

Everything here works on one row per client (:class:`niche.clean.Cleaned`) and is
vectorised. Shares and class cut-offs are computed on whole cents so that a client
exactly on a cut-off lands on the side the SPEC says.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import NoRevenueError, SettingsError
from .industry import UNSPECIFIED, Taxonomy

FLAGS = (
    "best_service",
    "retention_priority",
    "pays_the_bills",
    "needs_senior_staff",
    "at_risk",
    "low_margin",
    "low_revenue_per_system",
    "lapsed",
    "new_client",
)
TIERS = ("micro", "sweet_spot", "large", "unknown")
CONCENTRATION_LIMIT = 0.15
UNKNOWN_INDUSTRY_LIMIT = 0.25
AT_RISK_DROP = 0.20
LAPSED_DAYS = 90
NEW_CLIENT_MONTHS = 6


@dataclass(frozen=True)
class Settings:
    """The user's choices that shape the analysis (not the reading)."""

    tiers: tuple[int, int] = (10, 50)
    classes: tuple[float, float] = (0.80, 0.95)
    background: tuple[str, ...] = ()
    margin_target: float = 0.20
    currency: str = "$"
    annualise: bool = False
    as_of: str | None = None  # reference date for "new client" in summary files
    industry_overrides: tuple[tuple[str, str], ...] = ()  # raw label -> industry

    def __post_init__(self) -> None:
        low, high = self.tiers
        if not 0 < low <= high:
            raise SettingsError(
                "Tier thresholds must be 0 < micro limit <= large limit, "
                f"got {low},{high}."
            )
        a, b = self.classes
        if not 0 < a <= b <= 1:
            raise SettingsError(
                f"Class cut-offs must be 0 < A <= B <= 1, got {a}, {b}."
            )
        if not 0 <= self.margin_target < 1:
            raise SettingsError("The margin target must be between 0 and 1.")


def _cents(values: pd.Series) -> np.ndarray:
    return np.round(values.to_numpy(dtype="float64") * 100).astype("int64")


def _below(cum_before: np.ndarray, cut: float, total: int) -> np.ndarray:
    """cum_before / total < cut, exactly (cut in hundredths of a percent)."""
    return cum_before.astype(object) * 10_000 < round(cut * 10_000) * total


def tier_of(systems: pd.Series, tiers: tuple[int, int]) -> pd.Series:
    """micro < low <= sweet_spot <= high < large; unknown when systems is missing."""
    low, high = tiers
    out = np.select(
        [systems.isna(), systems < low, systems <= high],
        ["unknown", "micro", "sweet_spot"],
        "large",
    )
    return pd.Series(out, index=systems.index, dtype=object)


def _name_order(names: pd.Series) -> np.ndarray | pd.Series:
    """Each name's place in case-insensitive A-Z order (equal names share it)."""
    values = names.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=False) != "string":
        return names.str.casefold()  # sorts the same, only slower
    import pyarrow as pa
    import pyarrow.compute as pc

    folded = pa.array([v.casefold() for v in values], type=pa.large_string())
    # Arrow orders UTF-8 bytes, which is code point order: Python's str order.
    return pc.rank(folded, sort_keys="ascending", tiebreaker="dense").to_numpy()


def rank_clients(clients: pd.DataFrame) -> pd.DataFrame:
    """Highest monthly revenue first; ties by client name, case-insensitive A-Z."""
    return _ranked(clients)[0]


def _ranked(clients: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray | pd.Series]:
    """:func:`rank_clients`, and each ranked client's :func:`_name_order`."""
    order = clients.assign(_name=_name_order(clients["client"])).sort_values(
        ["monthly_revenue", "_name"], ascending=[False, True], kind="stable"
    )
    names = order["_name"]
    ranked = (
        order.drop(columns="_name")
        .reset_index(drop=True)
        .assign(rank=lambda d: np.arange(1, len(d) + 1))
    )
    return ranked, names if names.dtype == object else names.to_numpy()


def add_shares(ranked: pd.DataFrame, classes: tuple[float, float]) -> pd.DataFrame:
    """Shares of positive revenue, cumulative shares and Pareto value classes."""
    cents = np.clip(_cents(ranked["annual_revenue"]), 0, None)
    total = int(cents.sum())
    if total <= 0:
        raise NoRevenueError(
            "No positive revenue: no client has revenue above zero, so there is "
            "nothing to rank. Check that the revenue column is the right one."
        )
    cumulative = np.cumsum(cents)
    before = cumulative - cents
    value_class = np.where(
        _below(before, classes[0], total),
        "A",
        np.where(_below(before, classes[1], total), "B", "C"),
    )
    value_class = np.where(cents > 0, value_class, "C")
    return ranked.assign(
        revenue_share=cents / total,
        cumulative_share=cumulative / total,
        value_class=value_class,
    )


def _pays_the_bills(
    ranked: pd.DataFrame, names: np.ndarray | pd.Series | None = None
) -> pd.Series:
    """The fewest top clients that together bring at least half of the total,
    by gross profit when every client has a cost, else by revenue."""
    by_profit = ranked["cost"].notna().all()
    metric = ranked["gross_profit"] if by_profit else ranked["annual_revenue"]
    cents = np.clip(_cents(metric), 0, None)
    if names is None:
        names = _name_order(ranked["client"])
    if isinstance(names, pd.Series):
        names, _ = pd.factorize(names, sort=True)
    order = np.lexsort((names, -cents))  # integer codes keep the names' order
    sorted_cents = cents[order]
    before = np.cumsum(sorted_cents) - sorted_cents
    chosen = (before * 2 < int(cents.sum())) & (sorted_cents > 0)
    out = np.zeros(len(ranked), dtype=bool)
    out[order[chosen]] = True
    return pd.Series(out, index=ranked.index)


def add_flags(
    ranked: pd.DataFrame,
    settings: Settings,
    *,
    invoices: bool,
    reference: pd.Timestamp,
    names: np.ndarray | pd.Series | None = None,
) -> pd.DataFrame:
    """The SPEC's nine flags, in their order, as a tuple per client (``names``:
    the clients' A-Z order, when the caller has it)."""
    cls = ranked["value_class"]
    revenue_c = _cents(ranked["annual_revenue"])
    prior = ranked["prior_revenue"]
    prior_c = np.round(prior.fillna(0).to_numpy() * 100)
    # On whole cents, so that clients paying the same per system are treated alike.
    rps_cents = ranked["revenue_per_system"].mul(100).round()
    known_rps = rps_cents.dropna()
    quarter = known_rps.quantile(0.25) if len(known_rps) else np.nan
    six_months_ago = reference - pd.DateOffset(months=NEW_CLIENT_MONTHS)
    lapsed_before = reference - pd.Timedelta(days=LAPSED_DAYS)
    margin = ranked["gross_margin"]
    cost_known = ranked["cost"].notna()
    new = ranked["client_since"] > six_months_ago
    if invoices:
        new = new | (ranked["first_date"] > six_months_ago)
    table = {
        "best_service": cls == "A",
        "retention_priority": cls.isin(["A", "B"]),
        "pays_the_bills": _pays_the_bills(ranked, names),
        "needs_senior_staff": ranked["tier"] == "large",
        "at_risk": prior.notna()
        & (prior > 0)
        & (revenue_c * 5 <= prior_c * (5 - 5 * AT_RISK_DROP)),
        "low_margin": cost_known
        & ((ranked["annual_revenue"] <= 0) | (margin < settings.margin_target)),
        "low_revenue_per_system": (ranked["systems"] >= 10) & (rps_cents <= quarter),
        "lapsed": pd.Series(invoices, index=ranked.index)
        & ~(ranked["last_date"] > lapsed_before),
        "new_client": new.fillna(False),
    }
    marks = pd.DataFrame(
        {k: pd.Series(v, index=ranked.index) for k, v in table.items()}
    )
    marks = marks.fillna(False).astype(bool)
    bits = marks.to_numpy().astype("int64") @ (1 << np.arange(len(FLAGS)))
    combos = {
        int(b): tuple(f for i, f in enumerate(FLAGS) if b >> i & 1)
        for b in np.unique(bits)
    }
    flags = [combos[b] for b in bits.tolist()]
    return ranked.assign(flags=flags)


@dataclass(frozen=True, eq=False)
class _Matches:
    """Industry matches of distinct labels, and each client's code into them
    (``-1``: no label, the last match)."""

    found: list
    codes: np.ndarray

    def field(self, name: str) -> list:
        values = np.array([getattr(m, name) for m in self.found], dtype=object)
        return values[self.codes].tolist()


def enrich_clients(
    clients: pd.DataFrame,
    settings: Settings,
    taxonomy: Taxonomy,
    *,
    invoices: bool = False,
    reference: pd.Timestamp | None = None,
    scale: float = 1.0,
) -> pd.DataFrame:
    """From one row per client to the ranked, classed, tiered and flagged table."""
    overrides = dict(settings.industry_overrides)
    raw = clients["industry_raw"].to_numpy(dtype=object, na_value=None)
    if pd.api.types.infer_dtype(raw, skipna=True) not in ("string", "empty"):
        raw = np.array([r if isinstance(r, str) else None for r in raw], dtype=object)
    labels = raw
    if overrides:
        labels = np.array([overrides.get(r, r) for r in raw], dtype=object)
    # Each distinct label once, in order of first appearance (as match_many does).
    codes, distinct = pd.factorize(pd.Series(labels, dtype=object))
    found = taxonomy.match_many([*distinct.tolist(), None])  # last: no label
    matches = _Matches(found, codes)
    annual = clients["annual_revenue"].astype("float64") * scale
    systems = clients["systems"].astype("float64")
    monthly = annual / 12
    cost = clients["cost"].astype("float64") * scale
    table = clients.assign(
        annual_revenue=annual,
        monthly_revenue=monthly,
        systems=systems,
        cost=cost,
        industry=matches.field("industry"),
        sector=matches.field("sector"),
        naics=matches.field("naics"),
        industry_guess=matches.field("guess"),
        industry_raw=raw.tolist(),
        revenue_per_system=(monthly / systems).where(systems > 0),
        gross_profit=annual - cost,
        gross_margin=((annual - cost) / annual).where((annual > 0) & cost.notna()),
        tier=tier_of(systems, settings.tiers),
    )
    ranked, names = _ranked(table)
    ranked = add_shares(ranked, settings.classes)
    return add_flags(
        ranked,
        settings,
        names=names,
        invoices=invoices,
        reference=reference if reference is not None else pd.Timestamp.today(),
    )


def warnings_for(ranked: pd.DataFrame, currency: str) -> list[str]:
    """Concentration, unknown industries and clients with no positive revenue."""
    out = []
    big = ranked[ranked["revenue_share"] > CONCENTRATION_LIMIT]
    for name, share in zip(big["client"], big["revenue_share"], strict=True):
        if share > CONCENTRATION_LIMIT:
            out.append(
                f"Concentration risk: {name} brings {share:.0%} of your revenue "
                f"(over {CONCENTRATION_LIMIT:.0%}); losing it would hurt."
            )
    unknown = ranked.loc[ranked["industry"] == UNSPECIFIED, "revenue_share"].sum()
    if unknown > UNKNOWN_INDUSTRY_LIMIT:
        out.append(
            f"{unknown:.0%} of your revenue comes from clients with no industry (over "
            f"{UNKNOWN_INDUSTRY_LIMIT:.0%}): fill them in for a sharper recommendation."
        )
    idle = ranked[ranked["annual_revenue"] <= 0]
    if len(idle):
        names = ", ".join(idle["client"].head(5)) + (" …" if len(idle) > 5 else "")
        out.append(
            f"{len(idle)} client{'s' if len(idle) > 1 else ''} with zero or negative "
            f"net revenue (share 0, class C): {names}."
        )
    return [w.replace("%", " %") for w in out]
