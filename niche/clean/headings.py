"""Which field a heading names, by whole words.

Detection matches whole words of a heading, never a fragment of one: "Total Tickets"
is support tickets, "Account Manager" is a person, a running "Balance", a month
column ("Jan 2025") or "Tax" is never revenue. Explicit choices always win.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from niche.model import ColumnMapping

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|"
    "april|june|july|august|september|october|november|december"
)
_MONTH_HEADING = re.compile(
    rf"^(?:(?:{_MONTHS})\.?[\s\-/']*(?:\d{{2}}|\d{{4}})?|\d{{4}}[\-/]\d{{1,2}}"
    rf"|\d{{1,2}}[\-/]\d{{4}})$",
    re.IGNORECASE,
)
_PERIOD_HEADING = re.compile(
    rf"^(?:{_MONTHS})\.?(?:\s*\d{{2,4}})?\s*(?:-|–|to|through|thru)\s*(?:{_MONTHS})\.?"
    r"(?:\s*'?\d{2,4})?$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+|#")

_PERSON = {"manager", "rep", "representative", "owner", "person", "team", "tech"}
_NOT_REVENUE = _PERSON | {
    "balance",
    "open",
    "due",
    "outstanding",
    "aging",
    "ageing",
    "paid",
    "unpaid",
    "budget",
    "forecast",
    "estimate",
    "estimated",
    "quota",
    "target",
    "count",
    "number",
    "qty",
    "quantity",
    "id",
    "pct",
    "percent",
    "percentage",
    "margin",
    "profit",
    "date",
    "type",
}
_NOT_CLIENT = _PERSON | {
    "id",
    "number",
    "no",
    "code",
    "type",
    "email",
    "phone",
    "address",
    "street",
    "city",
    "state",
    "zip",
    "postal",
    "country",
    "since",
    "status",
    "group",
    "tier",
    "size",
    "class",
    "notes",
    "note",
    "website",
    "industry",
}
_REVENUE_WORDS = {
    "revenue": 0,
    "revenues": 0,
    "sales": 1,
    "income": 1,
    "turnover": 1,
    "invoiced": 1,
    "billed": 1,
    "billing": 1,
    "billings": 1,
    "amount": 2,
    "total": 3,
    "net": 4,
    "value": 5,
}
_MONTHLY_MARKS = {"mrr", "monthly", "mthly"}
_SYSTEM_WORDS = {
    "pcs": 0,
    "pc": 0,
    "computers": 0,
    "computer": 0,
    "workstations": 0,
    "workstation": 0,
    "devices": 0,
    "device": 0,
    "endpoints": 0,
    "endpoint": 0,
    "systems": 0,
    "machines": 0,
    "agents": 0,
    "configurations": 1,
    "configs": 1,
    "assets": 1,
    "laptops": 1,
    "desktops": 1,
    "seats": 2,
    "seat": 2,
    "licenses": 2,
    "licences": 2,
    "users": 3,
    "user": 3,
    "employees": 3,
    "staff": 3,
    "headcount": 3,
}
_INDUSTRY_WORDS = {
    "industry": 0,
    "vertical": 1,
    "sector": 1,
    "niche": 1,
    "market": 2,
    "segment": 2,
    "category": 3,
    "naics": 1,  # industries written as NAICS codes
}
_CLIENT_WORDS = {
    "client": 0,
    "clients": 0,
    "customer": 0,
    "customers": 0,
    "company": 0,
    "companies": 0,
    "account": 1,
    "contact": 1,
    "business": 1,
    "organization": 1,
    "organisation": 1,
    "practice": 1,
    "payee": 2,
    "name": 3,
}


def words(heading: str) -> list[str]:
    """Lower-case whole words of a heading ("# of PCs" -> ["#", "of", "pcs"])."""
    return _WORD.findall(heading.lower())


def is_month_heading(heading: str) -> bool:
    """True for a month column such as "Jan 2025", "January", "2025-01"."""
    return bool(_MONTH_HEADING.match(heading.strip()))


PRICE_RANK = 8  # a unit price or rate: revenue only when nothing better is there
_PRICE = {"price", "rate", "unit", "each"}
_ATTRIBUTE_DATE = {
    "due",
    "created",
    "modified",
    "updated",
    "start",
    "end",
    "close",
    "closed",
    "entered",
    "last",
    "activity",
    "birth",
    "renewal",
    "expiry",
    "expires",
    "expiration",
    "contract",
    "next",
    "review",
    "signed",
}
_TRANSACTION_DATE = {"date", "invoice", "txn", "transaction", "trans", "posting"}
_TRANSACTION_DATE |= {"posted", "doc", "document", "sale", "sales", "billing"}
_LAST_INVOICE = {"last invoice", "last invoiced", "last invoice date", "last billed"}
_LAST_INVOICE |= {"last billing date", "last sale", "last sale date"}


def is_transaction_date(heading: str) -> bool:
    """A heading that names a transaction's date ("Date", "Invoice Date", "Txn
    Date"), not an attribute of the client ("Date Entered", "Last Activity")."""
    found = classify(heading)
    return found is not None and found == ("date", 0)


def classify(heading: str) -> tuple[str, int] | None:
    """The field a heading names, with a rank (lower is a better match)."""
    if _PERIOD_HEADING.match(heading.strip()):
        return "revenue", 4  # QuickBooks Desktop: "Jan - Dec 25"
    w = words(heading)
    if w[:2] == ["sum", "of"]:  # an Excel pivot table's "Sum of Revenue"
        w = w[2:]
    if not w or is_month_heading(heading):
        return None
    text = " ".join(w)
    if text == "row labels":  # an Excel pivot table's client column
        return "client", 0
    for rule in (_tax_hours_cost, _dates, _amounts, _others):
        found = rule(set(w), w, text)
        if found is not None:
            return None if found == _NONE else found
    return None


_NONE = ("", -1)  # a rule's "certainly no field": stop looking


def _tax_hours_cost(s: set[str], w: list[str], text: str) -> tuple[str, int] | None:
    if s & {"tax", "vat", "gst", "hst"} and not s & {"excl", "excluding", "ex", "pre"}:
        return ("tax", 0) if len(s - {"sales", "amount", "total"}) <= 1 else _NONE
    if s & {"hours", "hrs", "tickets", "ticket"}:
        return "support_hours", 0 if s & {"hours", "hrs"} else 1
    if s & {"cost", "costs", "expense", "expenses", "cogs"}:
        return "cost", 0
    if s & {"prior", "previous"} or text.startswith(("last year", "py ", "ly ")):
        if s & set(_REVENUE_WORDS) - {"net", "value"}:
            return "prior_revenue", 0
        return _NONE
    return None


def _dates(s: set[str], w: list[str], text: str) -> tuple[str, int] | None:
    if text in _LAST_INVOICE:
        return "last_invoice", 0
    if s & {"since", "onboarded", "joined"} or text in {"start date", "started"}:
        return "client_since", 0
    if "date" in s:
        if s & _ATTRIBUTE_DATE:
            return _NONE
        return "date", 0 if s <= _TRANSACTION_DATE else 1
    return None


def _amounts(s: set[str], w: list[str], text: str) -> tuple[str, int] | None:
    if text in {"type", "transaction type", "txn type", "trans type"}:
        return "transaction_type", 0
    if s & _MONTHLY_MARKS or "per month" in text or "a month" in text:
        return ("monthly_revenue", 0) if not s & _NOT_REVENUE else _NONE
    if "recurring" in s:
        return "monthly_revenue", 1
    systems = [_SYSTEM_WORDS[x] for x in w if x in _SYSTEM_WORDS]
    if systems:
        return "systems", min(systems)
    revenue = [_REVENUE_WORDS[x] for x in w if x in _REVENUE_WORDS]
    if revenue and not s & _NOT_REVENUE:
        # "Sales Price", "Unit Price", "Rate": one unit's price, not the line's
        return "revenue", PRICE_RANK if s & _PRICE else min(revenue)
    return None


def _others(s: set[str], w: list[str], text: str) -> tuple[str, int] | None:
    industry = [_INDUSTRY_WORDS[x] for x in w if x in _INDUSTRY_WORDS]
    if industry or text in {"business type", "industry type"}:
        return "industry", min(industry, default=3)
    if text == "account":  # on its own, often a ledger account: after "Name"
        return "client", LEDGER_ACCOUNT_RANK
    client = [_CLIENT_WORDS[x] for x in w if x in _CLIENT_WORDS]
    if client and not s & _NOT_CLIENT:
        return "client", min(client)
    return None


LEDGER_ACCOUNT_RANK = 4


def candidates(headings: Sequence[str], field: str) -> list[str]:
    """The headings that could hold ``field``, best first (rank, then leftmost)."""
    found = []
    for position, heading in enumerate(headings):
        kind = classify(heading)
        if kind is not None and kind[0] == field:
            found.append((kind[1], position, heading))
    return [heading for _, _, heading in sorted(found)]


def guess_mapping(headings: Sequence[str]) -> tuple[ColumnMapping, tuple[str, ...]]:
    """Map headings to fields: the best-ranked, then leftmost heading per field.

    Returns the mapping and notes on choices worth telling the user.
    """
    best: dict[str, tuple[int, int, str]] = {}
    for position, heading in enumerate(headings):
        found = classify(heading)
        if found is None:
            continue
        field, rank = found
        if field not in best or (rank, position) < best[field][:2]:
            best[field] = (rank, position, heading)
    notes = []
    if "systems" in best and best["systems"][0] == 3:
        notes.append(
            f'Systems taken from "{best["systems"][2]}" (a count of people, not '
            "devices): change it if a device column exists."
        )
    elif "systems" in best:
        others = [
            h
            for h in headings
            if h != best["systems"][2] and (c := classify(h)) and c[0] == "systems"
        ]
        if others:
            notes.append(
                f'Systems taken from "{best["systems"][2]}", not "{others[0]}".'
            )
    mapping = ColumnMapping(**{k: v[2] for k, v in best.items()})
    return mapping, tuple(notes)
