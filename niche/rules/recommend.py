"""The per-industry summary and the recommended niche (SPEC, deterministic).

For each industry with at least 2 clients (Unspecified excluded)::

    score = 100 x (0.50 V + 0.20 F + 0.15 P + 0.15 E) + B

V: share of best-client (class A) revenue; F: share of its clients with known
systems in the sweet spot (0.5 if none known); P: its median monthly revenue per
client over the largest such median; E: min(clients, 5) / 5; B: 10 points for a
background industry, 5 when only its sector is one.
"""

from __future__ import annotations

import pandas as pd

from niche.format import pct
from niche.model import DEFAULT_TIERS, Recommendation
from niche.rules import reasons
from niche.rules.industries import _background, capped_share
from niche.rules.profit import industry_rate_sentence
from niche.rules.reasons import lower
from niche.rules.taxonomy import OTHER_SECTOR, UNSPECIFIED, Taxonomy

CLOSE_POINTS = 5.0
# Sector roll-up: the sector is "clearly" stronger than the niche alone when its
# best-client revenue is at least this multiple of the niche's and at least this
# many of its industries have best clients.
SECTOR_ROLLUP_RATIO = 1.5
SECTOR_ROLLUP_INDUSTRIES = 2


def concentration_band(share: float) -> str:
    """Under 20 % diversified, 20-40 % the middle, over 40 % focused."""
    if share < 0.20:
        return "diversified"
    return "the middle" if share <= 0.40 else "focused"


def _confidence(v: float, clients: int, unknown_share: float) -> str:
    if v < 0.2 or unknown_share >= 0.5:
        return "low"
    if v >= 0.4 and clients >= 3 and unknown_share < 0.25:
        return "high"
    return "medium"


def _adjacent(niche: str, present: set[str], taxonomy: Taxonomy) -> tuple[str, ...]:
    """Neighbours of the niche, then its sector; industries already served first."""
    candidates = list(taxonomy.neighbours(niche))
    sector = taxonomy.sector_of(niche)
    if sector != OTHER_SECTOR:  # "Other" is a catch-all, not a family of trades
        candidates += list(taxonomy.in_sector(sector))
    ordered = list(dict.fromkeys(c for c in candidates if c != niche))
    return tuple(sorted(ordered, key=lambda n: n not in present))


def _background_effect(
    scored: pd.DataFrame, background: tuple[str, ...], taxonomy: Taxonomy
) -> str | None:
    if not background:
        return None
    industries, _ = _background(background, taxonomy)
    if not industries:
        return (
            f"Your background ({', '.join(background)}) matches no industry we know, "
            "so it does not change the recommendation."
        )
    winner = scored.iloc[0]
    plain = scored.assign(_s=scored["score"] - scored["B"], _k=scored["industry"])
    plain = plain.sort_values(
        ["_s", "V", "clients", "_k"], ascending=[False] * 3 + [True]
    )
    without = plain.iloc[0]
    names = ", ".join(sorted(industries))
    if without["industry"] != winner["industry"]:
        return (
            f"Your background ({names}) moves {winner['industry']} ahead of "
            f"{without['industry']}: +{winner['B']:.0f} points turn "
            f"{without['_s']:.1f} vs {winner['score'] - winner['B']:.1f} into "
            f"{winner['score']:.1f} vs {without['score']:.1f}."
        )
    if winner["B"] > 0:
        return (
            f"Your background ({names}) adds {winner['B']:.0f} points to "
            f"{winner['industry']}; it would lead without them too."
        )
    return (
        f"Your background ({names}) does not change the recommendation: the evidence "
        f"for {winner['industry']} is stronger."
    )


def recommend(
    clients: pd.DataFrame,
    table: pd.DataFrame,
    taxonomy: Taxonomy,
    *,
    background: tuple[str, ...] = (),
    currency: str = "$",
    tiers: tuple[int, int] = DEFAULT_TIERS,
    by_profit: bool = False,
) -> Recommendation:
    """Pick the niche by score (ties: V, client count, name) and explain it
    (``by_profit``: V is a share of the best clients' gross profit)."""
    unknown = float(
        capped_share(
            clients.loc[clients["industry"] == UNSPECIFIED, "revenue_share"].sum()
        )
    )
    present = set(clients["industry"].unique())
    wanted, _ = _background(background, taxonomy)
    springboard = tuple(sorted(wanted - present))
    scored = table[table["score"].notna()]
    if scored.empty:
        why = [
            "None of your clients has an industry yet, so there is no evidence "
            "for a niche."
            if present <= {UNSPECIFIED}
            else "No industry has 2 or more clients yet, so there is not enough "
            "evidence for a niche."
        ]
        if unknown > 0:
            why.append(
                f"{pct(unknown)} of your revenue has no industry: fill in industries "
                "and the answer may appear."
            )
        if springboard:
            why.append(_springboard_reason(springboard))
        return Recommendation(
            "not_enough_evidence",
            springboard=springboard,
            reasons=tuple(why),
            unknown_share=unknown,
            background_effect=None,
        )
    win = scored.iloc[0]
    niche = str(win["industry"])
    close = tuple(
        scored.loc[scored["score"] >= win["score"] - CLOSE_POINTS, "industry"].iloc[1:]
    )
    # Runners-up: the next industries with a score (2 or more clients).
    runners = tuple(scored["industry"].iloc[1:4])
    confidence = _confidence(float(win["V"]), int(win["clients"]), unknown)
    band = concentration_band(float(win["revenue_share"]))
    forms = reasons.Forms.of(niche, known=taxonomy.get(niche) is not None)
    best_total = int((clients["value_class"] == "A").sum())
    value = "gross profit" if by_profit else "revenue"
    said = [
        reasons.best_client_reason(win, best_total, forms, value),
        reasons.size_reason(win, forms, tiers),
        # per hour of support, where hours are known, before per month: what
        # the work pays says more than what it brings (and the first screen
        # shows three reasons)
        industry_rate_sentence(table, niche, currency),
        reasons.money_reason(win, forms, currency),
        reasons.contest_reason(scored, table),
        reasons.close_reason(scored, close),
        reasons.band_reason(win, niche, band),
        reasons.unknown_reason(unknown),
    ]
    why = [r for r in said if r]
    sector_share, rollup = sector_rollup(table, niche)
    if rollup:
        why.insert(1, _rollup_reason(table, niche, sector_share))
    if springboard:
        why.append(_springboard_reason(springboard))
    return Recommendation(
        status="ok",
        niche=niche,
        sector=str(win["sector"]),
        score=float(win["score"]),
        confidence=confidence,
        concentration_band=band,
        adjacent=_adjacent(niche, present, taxonomy),
        runners_up=runners,
        close=close,
        springboard=springboard,
        background_effect=_background_effect(scored, background, taxonomy),
        reasons=tuple(why),
        explanation=reasons.explanation(win, forms, tiers, value),
        unknown_share=unknown,
        sector_share=sector_share,
        sector_rollup=rollup,
    )


def sector_rollup(table: pd.DataFrame, niche: str) -> tuple[float | None, bool]:
    """The niche's sector's share of best-client revenue, and whether it is clearly
    more than the niche alone.

    Clearly more: sector share >= ``SECTOR_ROLLUP_RATIO`` x the niche's share and
    at least ``SECTOR_ROLLUP_INDUSTRIES`` industries of the sector have best
    clients. Sector "Other" (unknown labels) never rolls up.
    """
    total = float(table["best_revenue"].sum())
    row = table[table["industry"] == niche].iloc[0]
    sector = row["sector"]
    if sector == OTHER_SECTOR or total <= 0:
        return None, False
    same = table[(table["sector"] == sector) & (table["industry"] != UNSPECIFIED)]
    share = float(capped_share(float(same["best_revenue"].sum()) / total))
    niche_share = float(row["best_revenue"]) / total
    with_best = int((same["best_clients"] > 0).sum())
    rollup = (
        with_best >= SECTOR_ROLLUP_INDUSTRIES
        and share >= SECTOR_ROLLUP_RATIO * niche_share
        and share > 0
    )
    return share, rollup


def _rollup_reason(table: pd.DataFrame, niche: str, share: float | None) -> str:
    row = table[table["industry"] == niche].iloc[0]
    same = table[(table["sector"] == row["sector"]) & (table["best_clients"] > 0)]
    same = same.sort_values(["best_revenue", "industry"], ascending=[False, True])
    names = [lower(str(n)) for n in same["industry"]]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    largest = same["industry"].iloc[0] == niche
    part = "the largest part" if largest else "the best fit by score"
    return (
        f"Your strength is the {lower(str(row['sector']))} sector as a whole: "
        f"{listed} together bring {pct(share or 0.0)} of your best-client "
        f"revenue. Start with {lower(niche)}, {part}, and grow across the sector."
    )


def _springboard_reason(springboard: tuple[str, ...]) -> str:
    return (
        f"Springboard: your background in {', '.join(springboard)} is an alternative "
        "way in, though you have no clients there yet."
    )
