"""Why a row is not a client's: totals, footers, repeated headers, blank names,
bad amounts, transactions that are not sales, amounts in another currency.

Each function marks rows in ``reason`` (a categorical of the codes in
:data:`niche.model.REASONS`, ``""`` for a row that counts) and, where the code
alone says too little, ``message``. A row keeps the first reason it gets.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd

from niche.clean.text import Column, casefold_equals, cell_texts, match_start
from niche.errors import MixedCurrencyError

_GRAND_TOTAL = re.compile(r"^(?:grand\s+)?totals?\s*:?$", re.IGNORECASE)
_FOOTER = re.compile(
    r"(?i)\b(?:accrual|cash)\s+basis\b|\bpage\s+\d+(?:\s+of\s+\d+)?\b|\b(?:printed|"
    r"exported|generated|run)\s+(?:on|at)?\b|\d{1,2}:\d{2}\s*(?:am|pm)\b"
)
# Transactions that never count as sales (QuickBooks, Xero and PSA names). A
# "Statement Charge" counts (it is a sale); a "Statement" alone does not. A
# QuickBooks Online "Delayed Charge" is billed later on an invoice, which counts.
NOT_SALES = re.compile(
    r"(?i)\b(?:estimates?|quotes?|quotations?|void(?:ed)?|deleted|proposals?|"
    r"sales\s+orders?|purchase\s+orders?|delayed\s+(?:charge|credit)s?|"
    r"payments?|deposits?|journal(?:\s+entry|\s+entries)?|"
    r"statement(?!\s+charge)s?|bills?|bill\s+payment|checks?|cheques?|"
    r"expenses?|transfers?|time\s+(?:charge|activity))\b"
)
CREDITS = re.compile(r"(?i)\b(?:credit|refund|return)s?\b")
SALES = re.compile(
    r"(?i)\b(?:invoices?|inv|sales?\s+receipts?|receipts?|charges?|sales?|"
    r"statement\s+charges?|billing)\b"
)
PIVOT_BLANK = "(blank)"  # an Excel pivot table's row for empty labels


def new_reasons(index: pd.Index, codes: list[str]) -> pd.Series:
    """Every row counts (``""``) until a mark says otherwise. Categorical:
    comparing a million reasons to "" compares small integers."""
    return pd.Series(
        pd.Categorical.from_codes(
            np.zeros(len(index), dtype="int8"), categories=["", *codes]
        ),
        index=index,
    )


def repeated_headers(
    reason: pd.Series,
    client: Column,
    client_heading: str,
    amounts: pd.Series | None,
    amount_heading: str | None,
) -> None:
    """Lines that repeat the header (long exports print it on every page)."""
    repeated = client.test(lambda t: casefold_equals(t, client_heading.casefold()))
    if amount_heading and amounts is not None and repeated.any():
        at = np.flatnonzero(repeated)  # a few rows: their amount cells only
        texts = cell_texts(amounts.iloc[at])
        repeated[at] = casefold_equals(texts, amount_heading.casefold()).to_numpy()
    reason[repeated] = "repeated_header"


def grand_totals(reason: pd.Series, message: pd.Series, label: Column) -> np.ndarray:
    """ "TOTAL" / "Grand Total" lines, and everything below the last one (the
    footer); returns their positions."""
    grand = label.test(lambda t: match_start(t, "GgTt", _GRAND_TOTAL)) & (reason == "")
    reason[grand] = "total_line"
    message[grand] = "Grand total line (not added again)"
    positions = np.flatnonzero(grand.to_numpy())
    if len(positions):
        reason[np.arange(len(reason)) > positions[-1]] = "footer"
    return positions


def footers(reason: pd.Series, label: Column, amount_blank: np.ndarray) -> None:
    """Lines below the last amount that read like a report's footer ("Accrual
    Basis Sunday, December 21, 2025 11:31 PM", "Page 2 of 3")."""
    last_amount = np.flatnonzero((~amount_blank & (reason == "")).to_numpy())
    if not len(last_amount) or last_amount[-1] >= len(reason) - 1:
        return
    tail = (np.arange(len(reason)) > last_amount[-1]) & (reason == "").to_numpy()
    rows = np.flatnonzero(tail)  # only the few lines below the last amount
    texts = label.texts.iloc[label.codes[rows]].to_numpy(dtype=object)
    footer = [bool(_FOOTER.search(t)) for t in texts]
    reason.iloc[rows[np.asarray(footer, dtype=bool)]] = "footer"


def blank_clients(reason: pd.Series, client: Column, grouped: np.ndarray) -> None:
    """Rows with no client name (a pivot table's "(blank)" is none either)."""
    blank = client.test(lambda t: (t == "") | (t.str.casefold() == PIVOT_BLANK))
    reason[blank & (reason == "").to_numpy() & ~grouped] = "blank_client"


def transaction_types(
    reason: pd.Series, message: pd.Series, kind: Column, amount: pd.Series
) -> tuple[pd.Series, list[str]]:
    """Sales count; credit memos and refunds count negative; payments,
    estimates, deposits, orders, journal entries and statements never count.
    Returns the amounts (credits negative) and a note on types not recognised,
    which count as sales."""
    counted = (reason == "").to_numpy()
    never = kind.test(lambda t: t.str.contains(NOT_SALES)) & counted
    reason[never] = "not_revenue"
    for position in np.flatnonzero(never):
        text = str(kind.texts.iat[kind.codes[position]])
        message.iat[position] = f"{text}: not a sale, not counted"
    credit = kind.test(lambda t: t.str.contains(CREDITS)) & ~never
    amount = amount.where(~(credit & (amount > 0).to_numpy()), -amount)
    known = kind.test(lambda t: t.str.contains(SALES) | (t == "")) | never | credit
    others = Counter(
        str(kind.texts.iat[kind.codes[p]])
        for p in np.flatnonzero(~known & (reason == "").to_numpy())
    )
    notes = []
    if others:
        listed = ", ".join(f'"{t}" ({n})' for t, n in others.most_common(5))
        notes.append(f"Transaction types counted as sales: {listed}.")
    return amount, notes


def currencies(
    reason: pd.Series,
    message: pd.Series,
    found: pd.Series,
    keep: str | None,
    heading: str,
) -> tuple[str | None, list[str]]:
    """Amounts in more than one currency are never summed: without a choice it
    is an error naming them; with one, the other currencies' rows are excluded.
    Returns the file's currency (when it has one) and notes."""
    counted = (reason == "").to_numpy() & found.notna().to_numpy()
    counts = found[counted].value_counts()  # a categorical: counted in C
    rows = Counter({c: int(n) for c, n in counts.items() if n})
    dollar = [c for c in rows if c != "$" and c.endswith("D")]
    if "$" in rows and len(dollar) == 1:  # "$12" beside "CAD 40": the CAD dollar
        rows[dollar[0]] += rows.pop("$")
        found = found.astype(object).replace("$", dollar[0])
    if len(rows) <= 1:
        return (next(iter(rows)) if rows else None), []
    if keep is None:
        listed = ", ".join(f"{c} ({counted_rows(n)})" for c, n in rows.most_common())
        raise MixedCurrencyError(
            f'Amounts in "{heading}" are in {len(rows)} currencies: {listed}. '
            "Keep one currency; the other rows are then left out.",
            tuple(rows),
        )
    keep = keep.upper() if keep != "$" else keep
    other = counted & (found != keep).to_numpy()
    reason[other] = "other_currency"
    for position in np.flatnonzero(other):
        message.iat[position] = f"Amount in {found.iat[position]}, not {keep}"
    return keep, []


def counted_rows(n: int) -> str:
    return f"{n:,} row{'s' if n != 1 else ''}"
