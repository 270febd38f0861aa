"""One vocabulary for what the user reads: money, percentages, counts and labels.

Used by the rules' reasons, the page, the command line, the report and the
plan alike, so that a figure reads the same everywhere. Imports nothing of niche.
"""

from __future__ import annotations

import datetime as dt
import math
import re

# Markdown, Streamlit directives (:red[..], :material/x:), LaTeX ($) and HTML.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:=\"'&])")


def escape_markdown(text: object) -> str:
    """User text made inert for ``st.markdown``: every special character is
    backslash-escaped and line breaks become spaces."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


_SYMBOLS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "INR": "₹",
    "CAD": "CA$",
    "AUD": "A$",
    "NZD": "NZ$",
    "BRL": "R$",
    "$": "$",
}


def currency_symbol(code: str) -> str:
    """What amounts in a currency are written with: "EUR" -> "€", "CAD" ->
    "CA$", a code without a symbol -> "CHF " (the code and a space)."""
    return _SYMBOLS.get(code, f"{code} ")


def money(value: float, currency: str, cents: bool = False) -> str:
    """``$1,234`` (or ``-$12.50`` with cents); ``–`` for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    shown = round(value, 2 if cents else 0)
    sign = "-" if shown < 0 else ""  # -0.4 is "$0", not "-$0"
    body = f"{abs(shown):,.2f}" if cents else f"{abs(shown):,.0f}"
    return f"{sign}{currency}{body}"


def pct(share: float, digits: int = 0) -> str:
    """``0.172`` -> ``"17 %"`` (the SPEC's style, with a space).

    A positive share below 1 % keeps a decimal (``"0.3 %"``, ``"< 0.1 %"``):
    with thousands of clients, "0 %" next to every one of them says nothing.
    """
    percent = share * 100
    if digits == 0 and 0 < percent < 0.95:
        if percent < 0.05:
            return "< 0.1 %"
        digits = 1
    return f"{percent:.{digits}f} %"


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``counted(1, "client")`` -> ``"1 client"``, ``counted(1200, "client")`` ->
    ``"1,200 clients"`` (``plural`` when adding "s" is wrong)."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def sentence(text: str) -> str:
    """``"high"`` -> ``"High"``: the first letter capitalised, the rest as written."""
    return text[:1].upper() + text[1:] if text else text


def day(date: dt.date) -> str:
    """``1 December 2024``: day, month name, year (read the same in every country)."""
    return f"{date.day} {date:%B %Y}"


def span(start: dt.date, end: dt.date) -> str:
    """``1 December 2024 to 30 November 2025``."""
    return f"{day(start)} to {day(end)}"


TIER_LABELS = {
    "micro": "Micro",
    "sweet_spot": "Sweet spot",
    "large": "Large",
    "unknown": "Unknown size",
}


def tier_spans(tiers: tuple[int, int]) -> dict[str, str]:
    """Each size tier's PC counts in words: "under 10 PCs", "10 to 50 PCs"."""
    low, high = tiers
    return {
        "micro": f"under {low} PCs",
        "sweet_spot": f"{low} to {high} PCs",
        "large": f"over {high} PCs",
        "unknown": "no PC count",
    }


FLAG_LABELS = {
    "best_service": "best service",
    "retention_priority": "retain",
    "pays_the_bills": "pays the bills",
    "needs_senior_staff": "needs senior staff",
    "at_risk": "at risk",
    "low_margin": "low margin",
    "low_revenue_per_system": "priced low for its size",
    "lapsed": "lapsed",
    "new_client": "new client",
    "low_hourly_rate": "costs more time than it pays",
}
FIELD_LABELS = {
    "client": "Client",
    "revenue": "Revenue (12 months)",
    "monthly_revenue": "Monthly revenue",
    "systems": "Systems (PCs)",
    "industry": "Industry",
    "cost": "Cost (12 months)",
    "prior_revenue": "Revenue, prior 12 months",
    "client_since": "Client since",
    "support_hours": "Support hours / tickets",
    "date": "Invoice date",
    "transaction_type": "Transaction type",
    "tax": "Tax",
    "last_invoice": "Last invoice date",
}
