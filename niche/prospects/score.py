"""Find more clients like the best ones: score a prospect list against them.

A prospect list (read by :mod:`niche.prospect_list`) needs a name column (Company,
Client, Name, Business...) and an industry or a systems column; other columns are
kept as they are. Each prospect gets a fit from 0 to 100 against the best-client
profile and the recommended niche, with the reasons in words::

    industry (max 50)  50 the recommended niche itself
                       30 a curated neighbour of the niche, or an industry where
                          you already have best clients
                       20 the niche's sector (not "Other")
                        0 anything else, or no industry given
    tier (max 25)      25 the same size tier as most best clients (the sweet spot
                          when they are sweet-spot); 10 when its size is unknown
    size (max 25)      25 x closeness to the best clients' median systems:
                          1 - |ln(systems / median)| / ln(4), floored at 0 (the
                          same size scores 25, twice or half 12.5, 4x apart 0)

With no recommended niche (not enough evidence) the industries and sectors of the
best clients earn 30 and 20. Prospects are sorted by fit (one decimal), highest
first, ties by name A to Z (case-insensitive).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from niche.model import Analysis, Recommendation
from niche.prospects.read import (
    ProspectList,
    system_counts,
)
from niche.rules.profile import Profile, best_client_profile, tier_words
from niche.rules.ranking import tier_of
from niche.rules.taxonomy import OTHER_SECTOR, UNSPECIFIED, Taxonomy

NICHE_POINTS = 50.0
NEAR_POINTS = 30.0
SECTOR_POINTS = 20.0
TIER_POINTS = 25.0
UNKNOWN_TIER_POINTS = 10.0
SIZE_POINTS = 25.0
SIZE_SPAN = math.log(4)  # sizes this factor apart get no size points


@dataclass(frozen=True, eq=False)
class ProspectFit:
    """Prospects scored against the best clients.

    ``table``: one row per prospect, best fit first, with ``rank``, ``row`` (the
    user's row number), ``name``, ``industry_raw``, ``industry``, ``sector``,
    ``systems`` (float, NaN unknown), ``tier``, ``industry_points``,
    ``tier_points``, ``size_points``, ``fit`` (0..100, one decimal), ``match``
    ("niche", "near", "sector" or "other") and ``reasons`` (tuple of str).
    """

    prospects: ProspectList
    table: pd.DataFrame
    niche: str | None
    reason: str | None


def _industry_points(
    industries: pd.Series,
    sectors: pd.Series,
    rec: Recommendation,
    profile: Profile,
    taxonomy: Taxonomy,
) -> tuple[np.ndarray, np.ndarray]:
    best = profile.industries[profile.industries["best"] > 0]
    best_industries = set(best["industry"]) - {UNSPECIFIED}
    if rec.niche is not None:
        near = set(taxonomy.neighbours(rec.niche)) | best_industries
        home = {rec.sector} - {OTHER_SECTOR}
    else:
        near = best_industries
        home = set(best["sector"]) - {OTHER_SECTOR}
    near -= {rec.niche}

    def kind(industry: str, sector: str) -> str:
        if rec.niche is not None and industry == rec.niche:
            return "niche"
        if industry in near:
            return "near"
        if sector in home and industry != UNSPECIFIED:
            return "sector"
        return "other"

    pairs = zip(industries.tolist(), sectors.tolist(), strict=True)
    match = np.array([kind(i, s) for i, s in pairs], dtype="<U6")
    points = {"niche": NICHE_POINTS, "near": NEAR_POINTS, "sector": SECTOR_POINTS}
    return np.array([points.get(m, 0.0) for m in match], dtype="float64"), match


def _industry_reason(
    industry: str,
    sector: str,
    match: str,
    rec: Recommendation,
    best: dict[str, int],
    neighbours: frozenset[str],
) -> str:
    """``best``: best clients per industry; ``neighbours``: the niche's."""
    if industry == UNSPECIFIED:
        return "No industry given"
    if match == "niche":
        return f"{industry}: your recommended niche"
    if match == "near":
        n = int(best.get(industry, 0))
        parts = []
        if rec.niche and industry in neighbours:
            parts.append(f"next door to {_lower(rec.niche)}")
        if n:
            parts.append(f"like {n} of your best clients")
        return f"{industry}: {', '.join(parts)}"
    if match == "sector":
        return f"{industry}: same sector ({_lower(sector)})"
    return f"{industry}: away from your niche"


def _lower(name: str) -> str:
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


def _size_reason(systems: float, tier: str, profile: Profile) -> str:
    if tier == "unknown":
        return "Size unknown"
    unit = "PC" if systems == 1 else "PCs"
    text = f"{systems:.0f} {unit}, {tier_words(tier, profile.tiers_limits)}"
    median = profile.median_systems[0]
    typical = f"median {median:.0f} PCs" if median is not None else ""
    if profile.best_tier and tier == profile.best_tier:
        return f"{text}, like most of your best clients ({typical or 'same tier'})"
    if profile.best_tier:
        best = tier_words(profile.best_tier, profile.tiers_limits).split(" (")[0]
        return f"{text}; most of your best clients are {best}" + (
            f" ({typical})" if typical else ""
        )
    return text


def _systems(prospects: ProspectList) -> pd.Series:
    """The prospects' systems as numbers (NaN unknown), read with the file."""
    t = prospects.table
    if not prospects.systems:
        return pd.Series(np.nan, index=t.index)
    if prospects.system_counts is not None:
        return prospects.system_counts
    return system_counts(t[prospects.systems])


def score_prospects(
    prospects: ProspectList,
    analysis: Analysis,
    profile: Profile | None = None,
    taxonomy: Taxonomy | None = None,
) -> ProspectFit:
    """Score every prospect 0..100 against the best clients (weights above)."""
    taxonomy = taxonomy or Taxonomy.default()
    profile = profile or best_client_profile(analysis)
    rec = analysis.recommendation
    t = prospects.table
    overrides = dict(analysis.settings.industry_overrides)
    raw = t[prospects.industry] if prospects.industry else pd.Series("", index=t.index)
    labels = [overrides.get(r, r) or None for r in raw]
    matches = taxonomy.match_many(labels)
    industries = pd.Series([m.industry for m in matches], index=t.index, dtype=object)
    sectors = pd.Series([m.sector for m in matches], index=t.index, dtype=object)
    systems = _systems(prospects)
    tiers = tier_of(systems, analysis.settings.tiers)
    ind_points, match = _industry_points(industries, sectors, rec, profile, taxonomy)
    tier_points = np.where(
        tiers == "unknown",
        UNKNOWN_TIER_POINTS,
        np.where(tiers == profile.best_tier, TIER_POINTS, 0.0),
    )
    size_points = _size_points(systems.to_numpy(), profile.median_systems[0])
    fit = (ind_points + tier_points + size_points).round(1)
    ind = profile.industries
    best = dict(zip(ind["industry"].tolist(), ind["best"].tolist(), strict=True))
    neighbours = frozenset(taxonomy.neighbours(rec.niche) if rec.niche else ())
    reasons = [
        tuple(
            r
            for r in (
                _industry_reason(i, s, m, rec, best, neighbours),
                _size_reason(n, tr, profile),
            )
            if r
        )
        for i, s, m, n, tr in zip(
            industries.tolist(),
            sectors.tolist(),
            match.tolist(),
            systems.tolist(),
            tiers.tolist(),
            strict=True,
        )
    ]
    names = t[prospects.name].to_numpy()
    # best fit first, ties by name A to Z (stable: then in file order)
    keys = [str(name).casefold() for name in names]
    fits = fit.tolist()
    order = np.array(
        sorted(range(len(keys)), key=lambda i: (-fits[i], keys[i])), dtype=np.intp
    )
    columns = {
        "row": t.index.astype(int).to_numpy(),
        "name": names,
        "industry_raw": raw.replace("", None).to_numpy(),
        "industry": industries.to_numpy(),
        "sector": sectors.to_numpy(),
        "systems": systems.to_numpy(),
        "tier": tiers.to_numpy(),
        "industry_points": ind_points,
        "tier_points": tier_points,
        "size_points": size_points.round(1),
        "fit": fit,
        "match": match,
        # a curated neighbour of the niche in the taxonomy ("next to it")
        "neighbour": industries.isin(neighbours).to_numpy(),
    }
    table = pd.DataFrame(
        {
            "rank": np.arange(1, len(order) + 1),
            **{name: values[order] for name, values in columns.items()},
            "reasons": [reasons[i] for i in order],
        }
    )
    return ProspectFit(prospects, table, rec.niche, prospect_reason(rec, table))


def _size_points(systems: np.ndarray, median: float | None) -> np.ndarray:
    """25 x closeness to the best clients' median (0 when either is unknown)."""
    if not median or median <= 0:
        return np.zeros(len(systems))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.abs(np.log(np.where(systems > 0, systems, np.nan) / median))
    points = np.clip(SIZE_POINTS * (1 - ratio / SIZE_SPAN), 0, None)
    return np.where(np.isnan(points), 0.0, points)


def prospect_reason(rec: Recommendation, table: pd.DataFrame) -> str | None:
    """One sentence on how many prospects are in the niche or next to it (the
    taxonomy's neighbours of the niche only), None without a niche or
    prospects: a niche with no prospects nearby is a weaker bet."""
    if rec.niche is None or table.empty:
        return None
    total = len(table)
    if (table["industry"] == UNSPECIFIED).all():
        return (
            f"None of your {total} prospects has an industry: add one to see how many "
            "are in the niche or next to it."
        )
    niche = int((table["match"] == "niche").sum())
    near = int(table["neighbour"].sum())
    what = _lower(rec.niche)
    if niche and near:
        return (
            f"{niche + near} of your {total} prospects are {what} ({niche}) or in "
            f"industries next to it ({near}): there is room to grow."
        )
    if niche:
        return f"{niche} of your {total} prospects are {what}: there is room to grow."
    if near:
        return (
            f"None of your {total} prospects are {what}, but {near} are in industries "
            f"next to it: build a list of {what} before you specialise."
        )
    return (
        f"None of your {total} prospects are {what} or in an industry next to it: a "
        "niche with no prospects nearby is a weaker bet."
    )
