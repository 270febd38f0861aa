"""Find the header row and map headings to fields.

Detection matches whole words of a heading, never a fragment of one: "Total Tickets"
is support tickets, "Account Manager" is a person, a running "Balance", a month
column ("Jan 2025") or "Tax" is never revenue. Explicit choices always win.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

import pandas as pd

from .errors import SettingsError

FIELDS = (
    "client",
    "revenue",
    "monthly_revenue",
    "systems",
    "industry",
    "cost",
    "prior_revenue",
    "client_since",
    "support_hours",
    "date",
    "transaction_type",
    "tax",
)
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
}
HEADER_SCAN_ROWS = 60

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


@dataclass(frozen=True)
class ColumnMapping:
    """Which heading holds each field (``None``: not in the file)."""

    client: str | None = None
    revenue: str | None = None
    monthly_revenue: str | None = None
    systems: str | None = None
    industry: str | None = None
    cost: str | None = None
    prior_revenue: str | None = None
    client_since: str | None = None
    support_hours: str | None = None
    date: str | None = None
    transaction_type: str | None = None
    tax: str | None = None

    def as_dict(self) -> dict[str, str]:
        """Mapped fields only, in field order."""
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name))}

    def with_overrides(self, overrides: Mapping[str, str | None]) -> ColumnMapping:
        """Apply the user's choices (``None`` or ``""`` unmaps a field)."""
        unknown = set(overrides) - set(FIELDS)
        if unknown:
            raise SettingsError(
                f"Unknown field {sorted(unknown)[0]!r}; fields are: "
                f"{', '.join(FIELDS)}."
            )
        clean = {k: (v or None) for k, v in overrides.items()}
        taken = {v: k for k, v in clean.items() if v}
        current = {
            k: v for k, v in self.as_dict().items() if k not in clean and v not in taken
        }
        return replace(ColumnMapping(), **{**current, **clean})


@dataclass(frozen=True)
class Header:
    """Where the table starts and what its columns are called."""

    row: int  # user row number of the header row
    headings: tuple[str, ...]  # one per grid column, unique, never blank
    mapping: ColumnMapping
    month_columns: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def words(heading: str) -> list[str]:
    """Lower-case whole words of a heading ("# of PCs" -> ["#", "of", "pcs"])."""
    return _WORD.findall(heading.lower())


def is_month_heading(heading: str) -> bool:
    """True for a month column such as "Jan 2025", "January", "2025-01"."""
    return bool(_MONTH_HEADING.match(heading.strip()))


def classify(heading: str) -> tuple[str, int] | None:
    """The field a heading names, with a rank (lower is a better match)."""
    w = words(heading)
    if _PERIOD_HEADING.match(heading.strip()):
        return "revenue", 4  # QuickBooks Desktop: "Jan - Dec 25"
    if not w or is_month_heading(heading):
        return None
    s = set(w)
    text = " ".join(w)
    if s & {"tax", "vat", "gst", "hst"} and not s & {"excl", "excluding", "ex", "pre"}:
        return ("tax", 0) if len(s - {"sales", "amount", "total"}) <= 1 else None
    if s & {"hours", "hrs", "tickets", "ticket"}:
        return "support_hours", 0 if s & {"hours", "hrs"} else 1
    if s & {"cost", "costs", "expense", "expenses", "cogs"}:
        return "cost", 0
    if s & {"prior", "previous"} or text.startswith(("last year", "py ", "ly ")):
        if s & set(_REVENUE_WORDS) - {"net", "value"}:
            return "prior_revenue", 0
        return None
    if s & {"since", "onboarded", "joined"} or text in {"start date", "started"}:
        return "client_since", 0
    if s & {"date"}:
        if s & {"due", "created", "modified", "updated", "start", "end", "close"}:
            return None
        return "date", 0 if len(s) <= 2 else 1
    if text in {"type", "transaction type", "txn type", "trans type"}:
        return "transaction_type", 0
    if s & _MONTHLY_MARKS or "per month" in text or "a month" in text:
        return ("monthly_revenue", 0) if not s & _NOT_REVENUE else None
    if "recurring" in s:
        return "monthly_revenue", 1
    systems = [_SYSTEM_WORDS[x] for x in w if x in _SYSTEM_WORDS]
    if systems:
        return "systems", min(systems)
    revenue = [_REVENUE_WORDS[x] for x in w if x in _REVENUE_WORDS]
    if revenue and not s & _NOT_REVENUE:
        return "revenue", min(revenue)
    industry = [_INDUSTRY_WORDS[x] for x in w if x in _INDUSTRY_WORDS]
    if industry or text in {"business type", "industry type"}:
        return "industry", min(industry, default=3)
    client = [_CLIENT_WORDS[x] for x in w if x in _CLIENT_WORDS]
    if client and not s & _NOT_CLIENT:
        return "client", min(client)
    return None


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


def _cell_text(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def unique_headings(cells: Sequence[object]) -> tuple[str, ...]:
    """Display headings: blank ones become "column N", repeats get a suffix."""
    seen: dict[str, int] = {}
    out = []
    for position, value in enumerate(cells, start=1):
        heading = " ".join(_cell_text(value).split()) or f"column {position}"
        key = heading.lower()
        if key in seen:
            seen[key] += 1
            heading = f"{heading} ({seen[key]})"
        else:
            seen[key] = 1
        out.append(heading)
    return tuple(out)


def _mostly_text(column: pd.Series) -> bool:
    values = [v for v in column if _cell_text(v)]
    if len(values) < 2:
        return False
    text = sum(isinstance(v, str) and not _looks_numeric(v) for v in values)
    return text >= 0.8 * len(values)


def _looks_numeric(value: str) -> bool:
    return bool(re.fullmatch(r"[\s$€£(+-]*[\d.,\s]+\)?\s*[A-Z]{0,3}", value.strip()))


def find_header(cells: pd.DataFrame, scan: int = HEADER_SCAN_ROWS) -> Header | None:
    """Find the header row among the first rows of a grid.

    A header row has at least two non-blank cells and names a client column; the
    row that also names an amount (revenue or monthly revenue) and the most other
    fields wins. QuickBooks Desktop's unnamed first column counts as the client
    when the cells below it are names. Title lines above it (report name, company,
    date range) are skipped.
    """
    best: tuple[int, int, Header] | None = None
    top = cells.head(scan)
    # Rows as lists of the cells (iterrows would build a Series for each row).
    rows = zip(top.index, top.to_numpy(dtype=object).tolist(), strict=True)
    for position, (row, values) in enumerate(rows):
        texts = [_cell_text(v) for v in values]
        filled = [t for t in texts if t]
        if (
            not filled
            or (len(filled) < 2 and texts[0])
            or any(
                (not isinstance(v, str) and _cell_text(v))
                or (isinstance(v, str) and _looks_numeric(v))
                for v in values
            )
        ):
            continue
        headings = unique_headings(values)
        mapping, notes = guess_mapping(headings)
        if mapping.client is None and not texts[0]:
            below = cells.iloc[position + 1 : position + 30, 0]
            if _mostly_text(below):
                mapping = replace(mapping, client=headings[0])
        has_amount = mapping.revenue or mapping.monthly_revenue
        months = tuple(h for h in headings if is_month_heading(h))
        if mapping.client is None:
            continue
        score = len(mapping.as_dict()) + 3 * bool(has_amount) + (len(months) >= 2)
        if best is None or score > best[0]:
            header = Header(int(row), headings, mapping, months, notes)
            best = (score, position, header)
    return best[2] if best else None


def header_candidates(cells: pd.DataFrame, scan: int = HEADER_SCAN_ROWS) -> list[int]:
    """Row numbers of the first rows with two or more filled cells (for a picker)."""
    out = []
    top = cells.head(scan)
    for row, values in zip(top.index, top.to_numpy(dtype=object), strict=True):
        if sum(bool(_cell_text(v)) for v in values) >= 2:
            out.append(int(row))
    return out


def header_at(cells: pd.DataFrame, row: int) -> Header:
    """The header at a row the user chose."""
    values = cells.loc[row].tolist()
    headings = unique_headings(values)
    mapping, notes = guess_mapping(headings)
    months = tuple(h for h in headings if is_month_heading(h))
    return Header(row, headings, mapping, months, notes)
