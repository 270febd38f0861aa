"""Model the best clients: how class A differs from the rest.

The profile compares the best clients (class A, per SPEC) with all other clients:
industry mix (share of each group's *clients*, and the lift best / rest), tier
mix, median systems, median revenue per system and median tenure (years since
``client_since``, else since the first invoice) where known.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .analysis import TIERS
from .pipeline import Analysis

BEST = "Best clients"
REST = "The rest"
CHART_INDUSTRIES = 8  # the chart shows this many industries, the others pooled
OTHER_INDUSTRIES = "Other industries"
REST_NOTABLE = 0.2  # an industry this share of the rest is worth naming
TIER_WORDS = {
    "micro": "micro (under {low} PCs)",
    "sweet_spot": "in the sweet spot ({low}-{high} PCs)",
    "large": "large (over {high} PCs)",
    "unknown": "of unknown size",
}
_DAYS_A_YEAR = 365.25


@dataclass(frozen=True, eq=False)
class Profile:
    """The best clients compared with the rest.

    Attributes
    ----------
    best_clients, rest_clients
        Number of clients in each group.
    industries
        One row per industry: ``industry``, ``sector``, ``best``, ``rest``
        (client counts), ``best_share``, ``rest_share`` (of the group's clients,
        0..1) and ``lift`` (best_share / rest_share, NaN when the rest has none);
        the best clients' most common industries first.
    tiers
        One row per tier of :data:`niche.analysis.TIERS`: ``tier``, ``best``,
        ``rest``, ``best_share``, ``rest_share``.
    best_tier
        The most common tier among best clients of known size (None if none known).
    median_systems, median_revenue_per_system, median_tenure_years
        ``(best, rest)`` medians over the clients where the value is known;
        None where no client of the group has it.
    tiers_limits, currency
        The settings used, for wording.
    """

    best_clients: int
    rest_clients: int
    industries: pd.DataFrame
    tiers: pd.DataFrame
    best_tier: str | None
    median_systems: tuple[float | None, float | None]
    median_revenue_per_system: tuple[float | None, float | None]
    median_tenure_years: tuple[float | None, float | None]
    tiers_limits: tuple[int, int] = (10, 50)
    currency: str = "$"


def _reference(analysis: Analysis) -> pd.Timestamp:
    """The date tenure is measured to: the same one the flags use."""
    cleaned, period = analysis.prepared.cleaned, analysis.prepared.period
    if cleaned.window:
        return pd.Timestamp(cleaned.window[1])
    if analysis.settings.as_of:
        return pd.Timestamp(analysis.settings.as_of)
    if period is not None and period.end is not None:
        return pd.Timestamp(period.end)
    return pd.Timestamp.today().normalize()


def _median(values: pd.Series) -> float | None:
    known = values.dropna()
    return float(known.median()) if len(known) else None


def _pair(values: pd.Series, best: pd.Series) -> tuple[float | None, float | None]:
    return _median(values[best]), _median(values[~best])


def _mix(key: pd.Series, best: pd.Series) -> pd.DataFrame:
    counts = pd.crosstab(key, best).reindex(columns=[True, False], fill_value=0)
    counts.columns = ["best", "rest"]
    n_best, n_rest = int(best.sum()), int((~best).sum())
    counts["best_share"] = counts["best"] / n_best if n_best else 0.0
    counts["rest_share"] = counts["rest"] / n_rest if n_rest else 0.0
    return counts


def best_client_profile(analysis: Analysis) -> Profile:
    """Compare the best clients (class A) with the rest.

    Parameters
    ----------
    analysis
        A finished analysis (:func:`niche.pipeline.analyse`).

    Returns
    -------
    Profile
    """
    clients = analysis.clients
    best = clients["value_class"] == "A"
    industries = _mix(clients["industry"], best)
    industries["lift"] = (industries["best_share"] / industries["rest_share"]).where(
        industries["rest_share"] > 0
    )
    sectors = clients.groupby("industry", sort=False)["sector"].first()
    industries.insert(0, "sector", sectors.reindex(industries.index))
    industries.index.name = "industry"
    industries = (
        industries.reset_index()
        .assign(_k=lambda d: d["industry"].str.casefold())
        .sort_values(
            ["best", "best_share", "rest", "_k"], ascending=[False, False, False, True]
        )
        .drop(columns="_k")
        .reset_index(drop=True)
    )
    tiers = _mix(clients["tier"], best).reindex(list(TIERS), fill_value=0)
    tiers.index.name = "tier"
    tiers = tiers.reset_index()
    known = tiers[(tiers["tier"] != "unknown") & (tiers["best"] > 0)]
    best_tier = (
        str(known.sort_values("best", ascending=False, kind="stable")["tier"].iloc[0])
        if len(known)
        else None
    )
    since = pd.to_datetime(clients["client_since"]).fillna(
        pd.to_datetime(clients["first_date"])
    )
    tenure = (_reference(analysis) - since).dt.days / _DAYS_A_YEAR
    return Profile(
        best_clients=int(best.sum()),
        rest_clients=int((~best).sum()),
        industries=industries,
        tiers=tiers,
        best_tier=best_tier,
        median_systems=_pair(clients["systems"], best),
        median_revenue_per_system=_pair(clients["revenue_per_system"], best),
        median_tenure_years=_pair(tenure.where(tenure >= 0), best),
        tiers_limits=tuple(analysis.settings.tiers),  # type: ignore[arg-type]
        currency=analysis.settings.currency,
    )


def _pct(share: float) -> str:
    return f"{share * 100:.0f} %"


def _lower(name: str) -> str:
    return name if name[1:2].isupper() else name[0].lower() + name[1:]


def tier_words(tier: str, tiers: tuple[int, int]) -> str:
    """A tier in words: "in the sweet spot (10-50 PCs)"."""
    return TIER_WORDS[tier].format(low=tiers[0], high=tiers[1])


def profile_sentences(profile: Profile, limit: int = 2) -> list[str]:
    """The profile in plain words, most telling first.

    "Dental offices are 62 % of your best clients but 4 % of the rest." for up to
    ``limit`` industries over-represented among the best clients, then size,
    revenue per system and tenure.
    """
    out: list[str] = []
    if profile.rest_clients == 0:
        out.append(
            f"All {profile.best_clients} of your clients are best clients: there is "
            "no rest to compare them with."
        )
    ind = profile.industries
    standouts = ind[
        (ind["best"] > 0)
        & (ind["best_share"] > ind["rest_share"])
        & (ind["industry"] != "Unspecified")
    ]
    for row in standouts.head(limit).itertuples(index=False):
        rest = _pct(row.rest_share) if row.rest else "none"
        if profile.rest_clients:
            out.append(
                f"{row.industry} are {_pct(row.best_share)} of your best clients "
                f"but {rest} of the rest."
            )
        else:
            out.append(f"{row.industry} are {_pct(row.best_share)} of your clients.")
    laggards = ind[
        (ind["rest_share"] >= REST_NOTABLE)
        & (ind["best_share"] < ind["rest_share"])
        & (ind["industry"] != "Unspecified")
    ]
    if profile.rest_clients and len(laggards):
        row = laggards.sort_values("rest_share", ascending=False).iloc[0]
        best = _pct(row["best_share"]) if row["best"] else "none"
        out.append(
            f"{row['industry']} are {_pct(row['rest_share'])} of the rest but {best} "
            "of your best clients."
        )
    if profile.best_tier is not None:
        tiers = profile.tiers.set_index("tier")
        row = tiers.loc[profile.best_tier]
        text = (
            f"{_pct(row['best_share'])} of your best clients ({int(row['best'])} of "
            f"{profile.best_clients}) are "
            f"{tier_words(profile.best_tier, profile.tiers_limits)}"
        )
        if profile.rest_clients:
            text += f", against {_pct(row['rest_share'])} of the rest"
        out.append(text + ".")
    out += _medians(profile)
    return out


def _medians(profile: Profile) -> list[str]:
    out = []
    sb, sr = profile.median_systems
    if sb is not None:
        text = f"Your best clients have a median of {sb:.0f} PCs"
        out.append(text + (f"; the rest {sr:.0f}." if sr is not None else "."))
    rb, rr = profile.median_revenue_per_system
    if rb is not None:
        cur = profile.currency
        text = f"They pay a median {cur}{rb:,.0f} per PC a month"
        out.append(text + (f"; the rest {cur}{rr:,.0f}." if rr is not None else "."))
    tb, tr = profile.median_tenure_years
    if tb is not None:
        text = f"They have been with you a median {tb:.1f} years"
        out.append(text + (f"; the rest {tr:.1f}." if tr is not None else "."))
    return out


def profile_chart_frame(profile: Profile, top: int = CHART_INDUSTRIES) -> pd.DataFrame:
    """Long frame for a grouped bar chart: ``industry``, ``group``, ``share``.

    ``group`` is "Best clients" or "The rest"; shares are of each group's
    clients. The ``top`` industries (by the larger of the two shares, best
    clients' first) are kept; the others are pooled as "Other industries".
    Industries come in display order (best clients' share, highest first).
    """
    ind = profile.industries
    weight = np.maximum(ind["best_share"], ind["rest_share"])
    order = ind.assign(_w=weight).sort_values(
        ["best_share", "_w"], ascending=False, kind="stable"
    )
    kept = order.head(top)
    pooled = order.iloc[top:]
    rows = [(r.industry, r.best_share, r.rest_share) for r in kept.itertuples()]
    if len(pooled):
        rows.append(
            (
                OTHER_INDUSTRIES,
                float(pooled["best_share"].sum()),
                float(pooled["rest_share"].sum()),
            )
        )
    records = []
    for name, b, r in rows:
        records.append({"industry": name, "group": BEST, "share": float(b)})
        if profile.rest_clients:
            records.append({"industry": name, "group": REST, "share": float(r)})
    return pd.DataFrame(records, columns=["industry", "group", "share"])
