"""Model the best clients: how class A differs from the rest.

The profile compares the best clients (class A, per SPEC) with all other clients:
industry mix (share of each group's *clients*, and the lift best / rest), tier
mix, median systems, median revenue per system, median tenure (years since
``client_since``, else since the first invoice) and median revenue per hour of
support where known.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from niche.model import DEFAULT_TIERS, TIERS, Analysis

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
    median_hourly_rate
        ``(best, rest)`` medians of revenue per support hour (issue 18).
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
    tiers_limits: tuple[int, int] = DEFAULT_TIERS
    currency: str = "$"
    median_hourly_rate: tuple[float | None, float | None] = (None, None)


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


def _median(values: np.ndarray) -> float | None:
    known = values[~np.isnan(values)]
    return float(np.median(known)) if len(known) else None


def _pair(values: pd.Series, best: np.ndarray) -> tuple[float | None, float | None]:
    v = values.to_numpy(dtype="float64", na_value=np.nan)
    return _median(v[best]), _median(v[~best])


def _mix(codes: np.ndarray, n: int, best: np.ndarray) -> dict[str, np.ndarray]:
    """Clients per code (0..n-1; -1, a missing key, is not counted) among the
    best clients and the rest, and their shares of each group's clients."""
    known = codes >= 0
    b = np.bincount(codes[known & best], minlength=n)
    r = np.bincount(codes[known & ~best], minlength=n)
    n_best, n_rest = int(best.sum()), int((~best).sum())
    return {
        "best": b,
        "rest": r,
        "best_share": b / n_best if n_best else np.zeros(n),
        "rest_share": r / n_rest if n_rest else np.zeros(n),
    }


def _first_known(codes: np.ndarray, values: pd.Series) -> np.ndarray:
    """Per code 0..n-1 (each must occur), the row of its first non-missing
    value, or of its first row when it has none."""
    missing = values.isna().to_numpy()
    known = codes >= 0
    first = np.flatnonzero(known)[np.unique(codes[known], return_index=True)[1]]
    if not missing[first].any():  # the usual case: the first rows have one
        return first
    rows = np.flatnonzero(known)
    rows = rows[np.lexsort((missing[rows], codes[rows]))]
    ordered = codes[rows]
    return rows[np.r_[len(rows) > 0, ordered[1:] != ordered[:-1]]]


def _industry_mix(clients: pd.DataFrame, best: np.ndarray) -> pd.DataFrame:
    """One row per industry, the best clients' most common first, ties A to Z."""
    codes, names = pd.factorize(clients["industry"], sort=True)
    mix = _mix(codes, len(names), best)
    b, r, share = mix["best"], mix["rest"], mix["best_share"]
    keys = [str(name).casefold() for name in names]
    order = np.array(
        sorted(range(len(names)), key=lambda i: (-b[i], -share[i], -r[i], keys[i])),
        dtype=np.intp,
    )
    sectors = clients["sector"].take(_first_known(codes, clients["sector"]))
    rest = mix["rest_share"]
    with np.errstate(divide="ignore", invalid="ignore"):
        lift = np.where(rest > 0, share / rest, np.nan)
    return pd.DataFrame(
        {
            "industry": names.take(order),
            "sector": sectors.array.take(order),
            **{column: values[order] for column, values in mix.items()},
            "lift": lift[order],
        }
    )


def _tier_mix(clients: pd.DataFrame, best: np.ndarray) -> pd.DataFrame:
    """One row per tier of :data:`niche.analysis.TIERS`, in that order."""
    codes = pd.Categorical(clients["tier"], categories=TIERS).codes
    return pd.DataFrame({"tier": list(TIERS), **_mix(codes, len(TIERS), best)})


def _tenure_years(analysis: Analysis) -> pd.Series:
    """Years since ``client_since``, else since the first invoice (NaN when
    neither is known or the date is after the reference date)."""
    clients = analysis.clients
    since, first = clients["client_since"], clients["first_date"]
    if since.isna().all() and first.isna().all():  # no dates in the file
        return pd.Series(np.nan, index=clients.index)
    since = pd.to_datetime(since).fillna(pd.to_datetime(first))
    tenure = (_reference(analysis) - since).dt.days / _DAYS_A_YEAR
    return tenure.where(tenure >= 0)


def best_client_profile(analysis: Analysis) -> Profile:
    """Compare the best clients (class A) with the rest.

    Parameters
    ----------
    analysis
        A finished analysis (:func:`niche.rules.analyse.analyse`).

    Returns
    -------
    Profile
    """
    clients = analysis.clients
    best = (clients["value_class"] == "A").to_numpy(dtype=bool)
    industries = _industry_mix(clients, best)
    tiers = _tier_mix(clients, best)
    counts = dict(zip(TIERS, tiers["best"].tolist(), strict=True))
    known = [t for t in TIERS if t != "unknown" and counts[t] > 0]
    best_tier = max(known, key=counts.__getitem__) if known else None
    return Profile(
        best_clients=int(best.sum()),
        rest_clients=int((~best).sum()),
        industries=industries,
        tiers=tiers,
        best_tier=best_tier,
        median_systems=_pair(clients["systems"], best),
        median_revenue_per_system=_pair(clients["revenue_per_system"], best),
        median_tenure_years=_pair(_tenure_years(analysis), best),
        tiers_limits=tuple(analysis.settings.tiers),  # type: ignore[arg-type]
        currency=analysis.settings.currency,
        median_hourly_rate=_pair(clients["hourly_rate"], best),
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
    ind = _columns(profile.industries)
    name, best, rest = ind["industry"], ind["best"], ind["rest"]
    best_share, rest_share = ind["best_share"], ind["rest_share"]
    named = [i for i, n in enumerate(name) if n != "Unspecified"]
    standouts = [i for i in named if best[i] > 0 and best_share[i] > rest_share[i]]
    for i in standouts[:limit]:
        rest_text = _pct(rest_share[i]) if rest[i] else "none"
        if profile.rest_clients:
            out.append(
                f"{name[i]} are {_pct(best_share[i])} of your best clients "
                f"but {rest_text} of the rest."
            )
        else:
            out.append(f"{name[i]} are {_pct(best_share[i])} of your clients.")
    laggards = [
        i
        for i in named
        if rest_share[i] >= REST_NOTABLE and best_share[i] < rest_share[i]
    ]
    if profile.rest_clients and laggards:
        shares = pd.Series([rest_share[i] for i in laggards], index=laggards)
        i = shares.sort_values(ascending=False).index[0]
        best_text = _pct(best_share[i]) if best[i] else "none"
        out.append(
            f"{name[i]} are {_pct(rest_share[i])} of the rest but {best_text} "
            "of your best clients."
        )
    if profile.best_tier is not None:
        tiers = _columns(profile.tiers)
        i = tiers["tier"].index(profile.best_tier)
        text = (
            f"{_pct(tiers['best_share'][i])} of your best clients "
            f"({int(tiers['best'][i])} of {profile.best_clients}) are "
            f"{tier_words(profile.best_tier, profile.tiers_limits)}"
        )
        if profile.rest_clients:
            text += f", against {_pct(tiers['rest_share'][i])} of the rest"
        out.append(text + ".")
    out += _medians(profile)
    return out


def _columns(frame: pd.DataFrame) -> dict[str, list]:
    """A small frame's columns as lists of Python values."""
    return {column: frame[column].tolist() for column in frame.columns}


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
    hb, hr = profile.median_hourly_rate
    if hb is not None:
        cur = profile.currency
        text = f"They pay a median {cur}{hb:,.0f} an hour of support"
        out.append(text + (f"; the rest {cur}{hr:,.0f}." if hr is not None else "."))
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
    names = ind["industry"].tolist()
    best = ind["best_share"].to_numpy(dtype="float64")
    rest = ind["rest_share"].to_numpy(dtype="float64")
    weight = np.maximum(best, rest)
    order = sorted(range(len(names)), key=lambda i: (-best[i], -weight[i]))
    kept, pooled = order[:top], np.array(order[top:], dtype=np.intp)
    rows = [(names[i], best[i], rest[i]) for i in kept]
    if len(pooled):
        rows.append(
            (OTHER_INDUSTRIES, float(best[pooled].sum()), float(rest[pooled].sum()))
        )
    groups = [BEST, REST] if profile.rest_clients else [BEST]
    return pd.DataFrame(
        {
            "industry": [name for name, *_ in rows for _ in groups],
            "group": groups * len(rows),
            "share": [float(v) for _, *shares in rows for v in shares[: len(groups)]],
        },
        columns=["industry", "group", "share"],
    )
