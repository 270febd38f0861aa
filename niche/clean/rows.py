"""From a grid and its header to one row per client, with nothing lost.

Data rows are the non-blank rows below the header row. Each ends up in exactly one
place: in one client's ``rows``, or in ``excluded`` with its row number and a reason
code. Total and subtotal lines are never added again; QuickBooks' parent row /
sub-customer rows / "Total for Parent" blocks and ``Parent:Child`` names are rolled
up into the parent (an option turns it off); rows with the same name, compared
without case and surrounding or doubled spaces, are one client.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from niche.clean.blocks import _groups
from niche.clean.clients import aggregate
from niche.clean.dates import parse_dates
from niche.clean.headings import classify
from niche.clean.text import (
    Column,
    as_text,
    casefold_equals,
    cell_str,
    cell_texts,
    filled_cells,
    match_start,
    rows_below,
    stripped_keys,
)
from niche.clean.values import Parsed, parse_amounts, parse_counts
from niche.clean.window import _invoice_window
from niche.errors import FileTooLargeError, MissingColumnError, NoTableError
from niche.model import (
    REASONS,
    Cleaned,
    Excluded,
    Grid,
    Header,
    Options,
    Reconciliation,
)

_GRAND_TOTAL = re.compile(r"^(?:grand\s+)?totals?\s*:?$", re.IGNORECASE)
_FOOTER = re.compile(
    r"(?i)\b(?:accrual|cash)\s+basis\b|\bpage\s+\d+(?:\s+of\s+\d+)?\b|\b(?:printed|"
    r"exported|generated|run)\s+(?:on|at)?\b|\d{1,2}:\d{2}\s*(?:am|pm)\b"
)
_NOT_REVENUE_TYPES = re.compile(
    r"(?i)\b(?:estimate|quote|quotation|void|voided|deleted|proposal|sales order|"
    r"purchase order|delayed charge)\b"
)
_CREDIT_TYPES = re.compile(r"(?i)\b(?:credit|refund|return)\b")


def _raw_values(body: pd.DataFrame, row: int, filled: pd.DataFrame) -> dict[str, str]:
    cells = body.loc[row]
    return {h: cell_str(cells[h]).strip() for h in body.columns if filled.at[row, h]}


def row_values(grid: Grid, header: Header, rows: Sequence[int]) -> list[dict[str, str]]:
    """What each row holds, by heading, blank cells left out (excluded rows)."""
    cells = grid.cells.loc[list(rows)].to_numpy(dtype=object).tolist()
    return [
        {
            h: text
            for h, v in zip(header.headings, values, strict=False)
            if (text := cell_str(v).strip())
        }
        for values in cells
    ]


def _check_clients(names: int, filename: str, limit: int | None) -> None:
    if limit is not None and names > limit:
        why = f"{names:,} different client names, over the {limit:,} limit."
        raise FileTooLargeError(f"{filename} has {why}")


def clean(
    grid: Grid,
    header: Header,
    options: Options = Options(),
    *,
    max_clients: int | None = None,
) -> Cleaned:
    """Classify the rows below the header and build one record per client (over
    ``max_clients`` different names: refused before any per-client table)."""
    mapping = header.mapping
    if mapping.client is None:
        raise MissingColumnError(
            f"{grid.filename}: no client column found; choose the column that holds "
            "client names."
        )
    amount_col = mapping.revenue or mapping.monthly_revenue
    months = header.month_columns if options.sum_months and not amount_col else ()
    if amount_col is None and not months:
        if len(header.month_columns) >= 2:
            hint = " It has month columns: sum them as the 12-month revenue."
        elif mapping.industry or mapping.systems:
            hint = (
                " With names, industries or PCs and no revenue it looks like a "
                "prospect list: prospects are scored against a client list, not "
                "analysed on their own."
            )
        else:
            hint = ""
        raise MissingColumnError(
            f"{grid.filename}: no revenue column found (looked for headings such as "
            f"Revenue, Sales, Total, Amount, Invoiced, Billed, MRR).{hint}"
        )

    body = rows_below(grid.cells, header.row)
    body.columns = list(header.headings)
    first_col = body.columns[0]
    mapped = set(mapping.as_dict().values())
    label_col = first_col if first_col not in mapped else None
    wanted = (mapping.client, label_col, mapping.transaction_type, mapping.industry)
    texts = {*wanted, amount_col} - {None}
    # Workbook text columns become Arrow text once; every text operation then
    # runs in Arrow instead of testing the type of each object again.
    body = pd.DataFrame(
        {h: as_text(body[h]) if h in texts else body[h] for h in body.columns},
        index=body.index,
    )
    cols = {h: Column.of(body[h]) for h in dict.fromkeys(wanted) if h}
    _check_clients(len(cols[mapping.client].texts), grid.filename, max_clients)
    data = _data_rows(body, cols)
    if not data.all():
        body = body[data]
        cols = {h: c.subset(data) for h, c in cols.items()}
    rows_read = len(body)
    if not rows_read:
        raise NoTableError(f"{grid.filename} has a header but no data rows below it.")
    notes: list[str] = []

    client = cols[mapping.client]
    label = client if first_col in mapped else client.or_else(cols[first_col])

    # Amounts ----------------------------------------------------------------
    if months:
        parts = [
            parse_amounts(body[m], decimal_comma=options.decimal_comma, heading=m)
            for m in months
        ]
        amount = pd.concat([p.values for p in parts], axis=1).sum(axis=1, min_count=1)
        bad = pd.concat([p.bad for p in parts], axis=1).any(axis=1)
        amount_blank = ~np.column_stack([filled_cells(body[m]) for m in months]).any(
            axis=1
        )
        notes.append(f"Revenue is the sum of {len(months)} month columns.")
    else:
        parsed, amount_blank = _read_amounts(
            body[amount_col],
            options.decimal_comma,
            amount_col,
            cols[amount_col].distinct() if amount_col in cols else None,
        )
        amount, bad = parsed.values, parsed.bad
        if parsed.note:
            notes.append(parsed.note)
        if mapping.tax and classify(amount_col) in (("revenue", 2), ("revenue", 3)):
            tax = parse_amounts(body[mapping.tax], decimal_comma=options.decimal_comma)
            amount = amount - tax.values.fillna(0)
            notes.append(f'Revenue is "{amount_col}" less "{mapping.tax}".')

    # Structure: totals, repeated headers, footer, groups ---------------------
    # Categorical: comparing a million reasons to "" compares small integers.
    reason = pd.Series(
        pd.Categorical.from_codes(
            np.zeros(len(body), dtype="int8"), categories=["", *REASONS]
        ),
        index=body.index,
    )
    message = pd.Series("", index=body.index, dtype=object)

    header_key = mapping.client.casefold()
    repeated = client.test(lambda t: casefold_equals(t, header_key))
    if amount_col and repeated.any():
        at = np.flatnonzero(repeated)  # a few rows: their amount cells only
        texts = cell_texts(body[amount_col].iloc[at])
        repeated[at] = casefold_equals(texts, amount_col.casefold()).to_numpy()
    reason[repeated] = "repeated_header"

    grand = label.test(lambda t: match_start(t, "GgTt", _GRAND_TOTAL)) & (reason == "")
    reason[grand] = "total_line"
    message[grand] = "Grand total line (not added again)"
    positions = np.flatnonzero(grand.to_numpy())
    if len(positions):
        after = np.arange(len(body)) > positions[-1]
        reason[after] = "footer"

    has_amount = ~amount_blank
    last_amount = np.flatnonzero((has_amount & (reason == "")).to_numpy())
    if len(last_amount) and last_amount[-1] < len(body) - 1:
        tail = (np.arange(len(body)) > last_amount[-1]) & (reason == "").to_numpy()
        rows = np.flatnonzero(tail)  # only the few lines below the last amount
        texts = label.texts.iloc[label.codes[rows]].to_numpy(dtype=object)
        footer = [bool(_FOOTER.search(t)) for t in texts]
        reason.iloc[rows[np.asarray(footer, dtype=bool)]] = "footer"

    group_of = _groups(label, amount_blank, reason, message)
    grouped = group_of.notna().to_numpy()

    blank = client.test(lambda t: t == "") & (reason == "") & ~grouped
    reason[blank] = "blank_client"
    bad_rows = bad & (reason == "")
    reason[bad_rows] = "bad_revenue"

    if mapping.transaction_type:
        ttype = cols[mapping.transaction_type]
        void = ttype.test(lambda t: t.str.contains(_NOT_REVENUE_TYPES)) & (reason == "")
        reason[void] = "not_revenue"
        credit = ttype.test(lambda t: t.str.contains(_CREDIT_TYPES)) & (amount > 0)
        amount = amount.where(~credit, -amount)

    # Client identity ---------------------------------------------------------
    kept = reason == ""
    reconciliation = _reconcile(amount, kept, positions, label)
    own = label  # the client's name, else the first column's text
    groups = group_of.to_numpy(dtype=object)
    parent = own
    colon = own.texts.str.contains(":", regex=False).to_numpy(dtype=bool)
    if options.rollup and colon.any():
        # "Parent:Child" (QuickBooks); a "://" in a web address is no separator.
        named = own.texts[colon].str.split(r":(?!//)", n=1, regex=True).str[0]
        head = own.texts.copy()
        head[colon] = named.str.strip()
        parent = Column(own.codes, head.astype("string"))
    if options.rollup:
        if grouped.any():
            parent = Column.of_rows(np.where(grouped, groups, parent.rows()))
    elif grouped.any():
        rows = own.rows()
        parent = Column.of_rows(np.where(rows != "", rows, groups))
    parent_key, keys = parent.coded(stripped_keys)
    sub_key = parent_key if parent is own else own.coded(stripped_keys)[0]

    # Values --------------------------------------------------------------------
    frame = pd.DataFrame(
        {
            "row": body.index.to_numpy(),
            "parent": parent.codes,  # into parent.texts
            "parent_key": parent_key,  # into keys; -1: none
            "sub_key": sub_key,
            "amount": amount.fillna(0.0).to_numpy(),
        },
        index=body.index,
    )
    # Columns the file lacks are left out here (a million rows of NaN otherwise)
    # and come back missing from aggregate.
    if mapping.systems:
        frame["systems"] = parse_counts(body[mapping.systems]).values.round()
    if mapping.industry:
        industry = cols[mapping.industry]
        blank = (industry.texts == "").to_numpy(dtype=bool)[industry.codes]
        frame["industry_raw"] = np.where(blank, np.nan, industry.codes)
    for name in ("cost", "prior_revenue", "support_hours"):
        heading = getattr(mapping, name)
        if heading:
            parser = parse_counts if name == "support_hours" else parse_amounts
            frame[name] = parser(body[heading]).values
    if mapping.client_since:
        since = parse_dates(
            body[mapping.client_since],
            day_first=options.day_first,
            heading=mapping.client_since,
        )
        frame["client_since"] = since.values
        if since.note:
            notes.append(since.note)

    excluded = _excluded(body, cols, reason, message, amount_col)
    if not kept.all():
        frame = frame[kept.to_numpy()]

    mode, window, prior_known = "summary", None, False
    if mapping.date:
        dates = parse_dates(
            body[mapping.date][kept.to_numpy()],
            day_first=options.day_first,
            heading=mapping.date,
        )
        if dates.note:
            notes.append(dates.note)
        frame["date"] = dates.values
        frame, window, prior_known, window_notes = _invoice_window(frame, options)
        notes.extend(window_notes)
        mode = "invoices"
    elif mapping.monthly_revenue and not mapping.revenue:
        frame["amount"] = frame["amount"] * 12
        notes.append(f'Annual revenue is "{mapping.monthly_revenue}" x 12.')

    names = parent.texts.array  # Arrow text: made Python strings only when needed
    industries = (
        cols[mapping.industry].texts.to_numpy(dtype=object)
        if mapping.industry
        else None
    )
    clients, merged = aggregate(frame, mode, names, keys, industries)
    return Cleaned(
        clients=clients,
        excluded=tuple(sorted(excluded, key=lambda e: e.row)),
        merged=merged,
        rows_read=rows_read,
        mode=mode,
        window=window,
        prior_known=prior_known,
        notes=tuple(notes),
        reconciliation=reconciliation,
    )


def _reconcile(
    amount: pd.Series, kept: pd.Series, totals: np.ndarray, label: Column
) -> Reconciliation | None:
    """The last grand total line's amount against the sum of the kept rows."""
    if not len(totals):
        return None
    file_total = amount.iat[totals[-1]]
    if pd.isna(file_total):
        return None
    counted = math.fsum(amount[kept.to_numpy()].fillna(0.0).tolist())
    at = totals[-1]
    text = str(label.texts.iat[label.codes[at]])
    return Reconciliation(float(file_total), counted, int(amount.index[at]), text)


def _read_amounts(
    cells: pd.Series,
    decimal_comma: bool | None,
    heading: str,
    distinct: tuple[np.ndarray, pd.Series] | None = None,
) -> tuple[Parsed, np.ndarray]:
    """The amounts of a column, and where its cells are blank."""
    parsed = parse_amounts(
        cells, decimal_comma=decimal_comma, heading=heading, distinct=distinct
    )
    return parsed, ~filled_cells(cells)


def _filled(
    body: pd.DataFrame, cols: dict[str, Column], positions: np.ndarray
) -> pd.DataFrame:
    """Which cells of the rows at ``positions`` are not blank."""
    return pd.DataFrame(
        {
            h: cols[h].filled(positions)
            if h in cols
            else filled_cells(body[h].iloc[positions])
            for h in body.columns
        },
        index=body.index[positions],
    )


def _data_rows(body: pd.DataFrame, cols: dict[str, Column]) -> np.ndarray:
    """Rows with at least one cell that is not blank. Grouped columns first (their
    test is a lookup); the other columns are looked at only on rows still blank,
    so a client column filled on every row settles it at once."""
    data = np.zeros(len(body), dtype=bool)
    for h in sorted(body.columns, key=lambda h: h not in cols):
        todo = np.flatnonzero(~data)
        if not len(todo):
            break
        if h in cols:
            data |= cols[h].filled()
        elif len(todo) == len(data):
            data |= filled_cells(body[h])
        else:
            data[todo] = filled_cells(body[h].iloc[todo])
    return data


def _excluded(
    body: pd.DataFrame,
    cols: dict[str, Column],
    reason: pd.Series,
    message: pd.Series,
    amount_col: str | None,
) -> list[Excluded]:
    out = []
    positions = np.flatnonzero((reason != "").to_numpy())
    if not len(positions):
        return out
    filled = _filled(body, cols, positions)
    for pos in positions:
        row = reason.index[pos]
        code = reason.iat[pos]
        text = message.iat[pos] or REASONS[code]
        if code == "bad_revenue" and amount_col:
            shown = cell_str(body[amount_col].iat[pos]).strip()
            text = f'Revenue "{shown}" is not a number'
        out.append(Excluded(int(row), code, text, _raw_values(body, row, filled)))
    return out
