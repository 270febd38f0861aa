"""The page's answers in one sentence each: the first screen and each tab.

Every tab opens with its answer before any table or chart; a tab with nothing
to show says so in one line and what would fill it. Plain text: the page
escapes it for Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from niche.format import counted, money, pct
from niche.model import Analysis
from niche.rules.taxonomy import UNSPECIFIED

BEST_NAMES = 8  # best-service clients named on the first screen


@dataclass(frozen=True)
class Figure:
    """A headline figure: label, value and, optionally, a line under it."""

    label: str
    value: str
    note: str | None = None


def headline(analysis: Analysis) -> tuple[Figure, ...]:
    """Clients, 12-month revenue to the cent and monthly revenue."""
    clients = analysis.clients
    cur = analysis.settings.currency
    total = float(clients["annual_revenue"].sum())
    return (
        Figure("Clients", f"{len(clients):,}"),
        Figure("Revenue, 12 months", money(total, cur, cents=True)),
        Figure("Monthly revenue", money(total / 12, cur, cents=True)),
    )


def best_service(analysis: Analysis, limit: int = BEST_NAMES) -> tuple[list[str], int]:
    """The names of the clients who get your best service (class A), largest
    first, and how many there are in all."""
    clients = analysis.clients
    best = clients[clients["value_class"] == "A"].sort_values("rank")
    return [str(n) for n in best["client"].head(limit)], len(best)


def best_service_action() -> str:
    return "Name a senior tech as their contact and hold a quarterly business review."


def niche_title(analysis: Analysis) -> str:
    rec = analysis.recommendation
    if rec.status == "ok" and rec.niche:
        return f"Recommended niche: {rec.niche}"
    return "No niche yet"


def niche_summary(analysis: Analysis) -> str | None:
    """Score and confidence in words ("Score 83 of 100 · confidence high")."""
    rec = analysis.recommendation
    if rec.status != "ok" or rec.score is None:
        return None
    return f"Score {rec.score:.0f} of 100 · confidence {rec.confidence}"


def first_reasons(analysis: Analysis, limit: int = 3) -> list[str]:
    """The two or three reasons the first screen shows (the survey sentence is
    for the niche tab). Without a niche: why, once; what to do is said beside
    it (:func:`missing`)."""
    rec = analysis.recommendation
    if rec.status != "ok":
        return list(rec.reasons[:1])
    return [r for r in rec.reasons if "survey" not in r][:limit]


def first_warnings(analysis: Analysis) -> list[str]:
    """The warnings for the first screen: each once, and the unknown-industry
    one only when :func:`missing` does not already say it."""
    said = missing(analysis) is not None
    return [w for w in analysis.warnings if not (said and "no industry" in w)]


def completeness(analysis: Analysis) -> tuple[float, float]:
    """Shares of revenue with a known industry and with a known PC count."""
    clients = analysis.clients
    share = clients["revenue_share"].to_numpy(dtype="float64")
    industry = (clients["industry"] != UNSPECIFIED).to_numpy(dtype=bool)
    systems = (clients["tier"] != "unknown").to_numpy(dtype=bool)
    return float(np.nansum(share[industry])), float(np.nansum(share[systems]))


COMPLETE_ENOUGH = 0.8


def missing(analysis: Analysis) -> str | None:
    """What the file lacks and what adding it unlocks (None when industries and
    PC counts are known for most of the revenue)."""
    industry, systems = completeness(analysis)
    gaps = []
    if industry < COMPLETE_ENOUGH:
        gaps.append(f"industries for {pct(1 - industry)} of your revenue")
    if systems < COMPLETE_ENOUGH:
        gaps.append(f"PC counts for {pct(1 - systems)}")
    if not gaps:
        return None
    unlocks = []
    if industry < COMPLETE_ENOUGH:
        unlocks.append("the niche")
    if systems < COMPLETE_ENOUGH:
        unlocks.append("size tiers")
    return (
        f"Your file lacks {' and '.join(gaps)}. Add a device or company list, or "
        f"type them in, to see {' and '.join(unlocks)}."
    )


# --- each tab's answer ----------------------------------------------------------


def clients_answer(analysis: Analysis) -> str:
    clients = analysis.clients
    top = clients.sort_values("rank").head(5)
    share = float(top["revenue_share"].sum())
    best = int((clients["value_class"] == "A").sum())
    return (
        f"Your top {len(top)} clients bring {pct(share)} of your revenue; "
        f"{counted(best, 'client')} of {len(clients):,} bring the first "
        f"{pct(analysis.settings.classes[0])} (class A, your best clients)."
    )


def tiers_answer(analysis: Analysis) -> str:
    clients = analysis.clients
    known = int((clients["tier"] != "unknown").sum())
    low, high = analysis.settings.tiers
    if not known:
        return (
            "Add PC counts to see size tiers: none of your clients has one yet "
            "(a device list from your RMM fills them in)."
        )
    sweet = int((clients["tier"] == "sweet_spot").sum())
    large = int((clients["tier"] == "large").sum())
    text = (
        f"{sweet:,} of the {counted(known, 'client')} with a known PC count are in "
        f"the sweet spot ({low} to {high} PCs)"
    )
    if large:
        text += f"; {large:,} {'is' if large == 1 else 'are'} large (over {high})"
    unknown = len(clients) - known
    if unknown:
        text += f"; {counted(unknown, 'client')} without a PC count"
    return text + "."


def who_answer(analysis: Analysis) -> str:
    flags = analysis.clients["flags"]

    def count(flag: str) -> int:
        return int(sum(flag in f for f in flags))

    return (
        f"{counted(count('best_service'), 'client')} get your best service; "
        f"{count('retention_priority'):,} are worth retaining; "
        f"{count('pays_the_bills'):,} pay the bills."
    )


def industries_answer(analysis: Analysis) -> str:
    table = analysis.industries
    named = table[table["industry"] != UNSPECIFIED]
    if named.empty:
        return (
            "Add industries to see your industry mix: none of your clients has one "
            "yet (a company list from your PSA fills them in)."
        )
    top = named.sort_values("annual_revenue", ascending=False).iloc[0]
    return (
        f"{top['industry']} bring the most revenue ({pct(top['revenue_share'])}); "
        f"your clients are in {counted(len(named), 'industry', 'industries')}."
    )


def niche_answer(analysis: Analysis) -> str:
    rec = analysis.recommendation
    if rec.status != "ok" or rec.niche is None:
        return rec.reasons[0] if rec.reasons else "No niche yet."
    table = analysis.industries
    scored = table[table["score"].notna()]
    text = f"{rec.niche} score {rec.score:.0f} of 100"
    if len(scored) > 1:
        second = scored.iloc[1]
        text += f", ahead of {second['industry']} ({second['score']:.0f})"
    return text + "."


def quality_answer(analysis: Analysis, check: str | None) -> str:
    cleaned = analysis.prepared.cleaned
    text = (
        f"{counted(cleaned.rows_read, 'row')} read: "
        f"{counted(len(analysis.clients), 'client')}, "
        f"{counted(len(analysis.excluded), 'row')} excluded"
    )
    if analysis.merged:
        text += f", {counted(len(analysis.merged), 'client')} built from several rows"
    return text + "." + (f" {check}" if check else "")
