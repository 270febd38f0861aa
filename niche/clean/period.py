"""What a report's title lines say: the period it covers and what it measures.

QuickBooks and Xero put the report name, the company and the date range above the
header ("Sales by Customer Summary", "January 1 - October 31, 2025"). A period other
than 12 months, or a report that is not about revenue (A/R aging, open balances,
estimates), is worth a warning.
"""

from __future__ import annotations

import re

import pandas as pd

from niche.model import Period

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"(?P<mdy>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s*\d{{4}})?)"
    rf"|(?P<dmy>\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s*\d{{4}})?)"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"
    r"|(?P<slash>\d{1,2}/\d{1,2}/\d{2,4})",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\d{4}")
_NOT_REVENUE = (
    (
        re.compile(r"(?i)\ba/?r\b|\baging\b|\bageing\b|receivable"),
        "an A/R aging report",
    ),
    (re.compile(r"(?i)\bopen\s+(?:balance|invoice)s?\b|\bunpaid\b"), "open balances"),
    (re.compile(r"(?i)\bestimates?\b|\bquotes?\b|\bproposals?\b"), "estimates"),
    (re.compile(r"(?i)\ba/?p\b|\bpayable\b|\bexpenses?\s+by\b|\bvendor"), "expenses"),
)
_YTD = re.compile(r"(?i)\byear[\s-]+to[\s-]+date\b|\bytd\b")


def _parse(text: str, kind: str, year: str | None) -> pd.Timestamp | None:
    text = re.sub(r"(?<=\d)(st|nd|rd|th)", "", text, flags=re.IGNORECASE)
    if kind in ("mdy", "dmy") and not _YEAR.search(text):
        if year is None:
            return None
        text = f"{text} {year}"
    try:
        return pd.Timestamp(pd.to_datetime(text.replace(",", " "), format="mixed"))
    except (ValueError, TypeError):
        return None


def detect_period(lines: list[str]) -> Period | None:
    """The first date range (or "year to date") in the title lines."""
    for line in lines:
        found = [(m.lastgroup, m.group(0)) for m in _DATE.finditer(line)]
        if len(found) >= 2:
            (k1, t1), (k2, t2) = found[:2]
            end = _parse(t2, k2, None)
            year = str(end.year) if end is not None else None
            start = _parse(t1, k1, year)
            if start is not None and end is not None and start <= end:
                days = (end - start).days + 1
                return Period(line.strip(), start, end, round(days / 30.4375, 1))
        if _YTD.search(line):
            return Period(line.strip(), None, None, None)
    return None


def not_revenue_report(lines: list[str]) -> str | None:
    """What the title says the report measures, when it is not revenue."""
    for line in lines:
        for pattern, what in _NOT_REVENUE:
            if pattern.search(line):
                return what
    return None
