"""Why the niche: the recommendation's reasons and its score, in plain words.

Counts say what they count ("3 of the 4 with a known PC count"), one and two
read as people write them ("your one best client", "both of your dental
offices"), a tie is called a tie and names its tie-break, and when another
industry brings more revenue one sentence says why it is not the niche.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from niche.format import money, pct
from niche.rules.labels import singular_name
from niche.rules.taxonomy import UNSPECIFIED

TIE_POINTS = 0.05  # scores this close are a tie (they print the same)
SURVEY = (
    "In a survey of 100 MSPs by MSPCFO, those with over 40 % of their revenue in "
    "one niche grew fastest (13 % a year) and those at 20-40 % slowest (2 %)."
)
BANDS = {
    "diversified": "a diversified business (under 20 % in one niche)",
    "the middle": "the middle band (20-40 % in one niche)",
    "focused": "a focused business (over 40 % in one niche)",
}


def lower(name: str) -> str:
    """ "Dental offices" -> "dental offices"; "CPA firms" stays."""
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


@dataclass(frozen=True)
class Forms:
    """How a sentence names an industry's clients: "dental offices" / "dental
    office"; or, for names that are no noun of their own ("Child care",
    "Construction and trades"), "clients in child care"."""

    many: str  # "dental offices", "clients in child care"
    single: str  # "dental office", "client in child care"

    @property
    def one(self) -> str:
        """ "a dental office", "an architecture firm"."""
        return f"{'an' if self.single[:1] in 'aeiou' else 'a'} {self.single}"

    @classmethod
    def of(cls, name: str, known: bool = True) -> Forms:
        if not known:  # the user's own label, singular or plural
            return cls(f"{name.lower()} clients", f"{name.lower()} client")
        single = singular_name(name)
        if single != name and " and " not in name:
            return cls(lower(name), lower(single))
        return cls(f"clients in {lower(name)}", f"client in {lower(name)}")


def _sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}"


def _count(part: int, whole: int, group: str, verbs: str) -> str:
    """ "3 of your 9 best clients", "both of your best clients", "your one best
    client", "none of your 9 best clients", each with its verb (``verbs``:
    "are/is", "have/has")."""
    many, one = verbs.split("/")
    if whole == 1:
        return f"your one {group.removesuffix('s')} {one}"
    if part == whole:
        return f"{'both' if whole == 2 else f'all {whole}'} of your {group} {many}"
    if part in (0, 1):
        return f"{'none' if part == 0 else '1'} of your {whole} {group} {one}"
    return f"{part} of your {whole} {group} {many}"


def best_client_reason(
    win: pd.Series, best_total: int, forms: Forms, value: str = "revenue"
) -> str:
    """How many of the best clients are in the niche, and their share of the
    best clients' revenue (the score's V; ``value``: "gross profit" when the
    clients are ranked by it)."""
    part = int(win["best_clients"])
    head = _count(part, best_total, "best clients", "are/is")
    plural = part > 1 or (part == best_total > 1)
    what = forms.many if plural else forms.one
    if best_total == 1 and part == 0:
        head = "your one best client is not"
    return _sentence(f"{head} {what}: {pct(win['V'])} of your best clients' {value}.")


def size_reason(win: pd.Series, forms: Forms, tiers: tuple[int, int]) -> str | None:
    """How many of the niche's clients are in the sweet spot (the score's F);
    when some PC counts are unknown, of how many it says so."""
    known, sweet = int(win["known_systems"]), int(win["sweet_spot"])
    n = int(win["clients"])
    span = f"{tiers[0]}-{tiers[1]} PCs"
    if known == 0:
        return None
    if known < n:
        return _sentence(
            f"{sweet} of the {known} {forms.many} with a known PC count have "
            f"{span} (PC counts unknown for {n - known})."
        )
    return _sentence(f"{_count(sweet, n, forms.many, 'have/has')} {span}.")


def money_reason(win: pd.Series, forms: Forms, currency: str) -> str:
    typical = money(win["median_monthly"], currency)
    return _sentence(f"{forms.many} pay you {typical} a month each (the median).")


def band_reason(win: pd.Series, name: str, band: str) -> str:
    """The niche's share of all revenue, its band, and the survey (said once)."""
    return (
        f"{name} bring {pct(win['revenue_share'])} of all your revenue: "
        f"{BANDS[band]}. {SURVEY}"
    )


def contest_reason(scored: pd.DataFrame, table: pd.DataFrame) -> str | None:
    """A tie with the runner-up (and its tie-break), a close runner-up, or why
    the industry with the most revenue is not the niche."""
    win = scored.iloc[0]
    if len(scored) > 1:
        second = scored.iloc[1]
        if abs(float(win["score"]) - float(second["score"])) < TIE_POINTS:
            return (
                f"{win['industry']} and {lower(str(second['industry']))} tie at "
                f"{win['score']:.0f} points; {lower(str(win['industry']))} go first "
                f"on the tie-break: {_tie_break(win, second)}."
            )
    top = table[table["industry"] != UNSPECIFIED]
    top = top.sort_values(["annual_revenue", "industry"], ascending=[False, True])
    if top.empty or top.iloc[0]["industry"] == win["industry"]:
        return None
    rich = top.iloc[0]
    return (
        f"{rich['industry']} bring more revenue ({pct(rich['revenue_share'])} "
        f"against {pct(win['revenue_share'])}), but {_why_not(rich, win)}."
    )


def _tie_break(win: pd.Series, second: pd.Series) -> str:
    if float(win["V"]) != float(second["V"]):
        return "more of your best clients' revenue"
    if int(win["clients"]) != int(second["clients"]):
        return f"more clients ({int(win['clients'])} against {int(second['clients'])})"
    return "the name, A to Z"


def _why_not(rich: pd.Series, win: pd.Series) -> str:
    if pd.isna(rich["score"]):
        return "from one client only: not enough to build a niche on"
    if rich["best_clients"] < win["best_clients"]:
        return (
            f"fewer of your best clients are {lower(str(rich['industry']))} "
            f"({int(rich['best_clients'])} against {int(win['best_clients'])})"
        )
    if rich["F"] < win["F"]:
        return "fewer of them are in the sweet spot of PCs"
    if rich["P"] < win["P"]:
        return "their typical client pays less"
    return f"their score is lower ({rich['score']:.0f} against {win['score']:.0f})"


def close_reason(scored: pd.DataFrame, close: tuple[str, ...]) -> str | None:
    if not close:
        return None
    win = scored.iloc[0]
    other = scored[scored["industry"] == close[0]].iloc[0]
    if abs(float(win["score"]) - float(other["score"])) < TIE_POINTS:
        return None  # said as a tie
    a, b = float(other["score"]), float(win["score"])
    digits = 1 if round(a) == round(b) else 0
    return (
        f"{close[0]} are close behind ({a:.{digits}f} against {b:.{digits}f} "
        "points): worth a second look."
    )


def unknown_reason(unknown: float) -> str | None:
    if unknown < 0.25:
        return None
    return (
        f"{pct(unknown)} of your revenue has no industry, which lowers confidence: "
        "fill in the missing industries."
    )


def explanation(
    win: pd.Series, forms: Forms, tiers: tuple[int, int], value: str = "revenue"
) -> tuple[str, ...]:
    """The score, a sentence per part (the formula is in docs/rules.md and
    behind the page's "How the score works")."""
    n, known = int(win["clients"]), int(win["known_systems"])
    span = f"{tiers[0]}-{tiers[1]} PCs"
    if not known:
        size = "no PC counts are known, so this part counts as half."
    elif known == n:
        size = f"{_count(int(win['sweet_spot']), n, forms.many, 'have/has')} {span}."
    else:
        size = (
            f"{int(win['sweet_spot'])} of the {known} with a known PC count have "
            f"{span}."
        )
    typical = (
        f"{forms.one} pays you more than a typical client of any other industry."
        if win["P"] >= 0.995
        else f"{forms.one} pays you {pct(win['P'])} of what a typical client of "
        "your best-paying industry does."
    )
    lines = [
        f"Best-client {value} (half of the score): {pct(win['V'])} of your best "
        f"clients' {value} comes from {forms.many}.",
        f"Size (a fifth): {size}",
        f"Typical client (15 %): {typical}",
        f"Evidence (15 %): {n} client{'s' if n != 1 else ''}"
        + ("; 5 or more count in full." if n < 5 else ", in full."),
    ]
    if win["B"] > 0:
        lines.append(f"Your background adds {win['B']:.0f} points.")
    return tuple(lines)
