"""From a grid and its header to one row per client, with nothing lost.

Data rows are the non-blank rows below the header row. Each ends up in exactly one
place: in one client's ``rows``, or in ``excluded`` with its row number and a reason
code. Total and subtotal lines are never added again; QuickBooks' parent row /
sub-customer rows / "Total for Parent" blocks and ``Parent:Child`` names are rolled
up into the parent (an option turns it off); rows with the same name, compared
without case and surrounding or doubled spaces, are one client.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from niche.clean import marks
from niche.clean.blocks import _groups
from niche.clean.clients import aggregate
from niche.clean.dates import parse_dates
from niche.clean.excluded import excluded_rows, reconcile
from niche.clean.headings import classify, is_transaction_date
from niche.clean.text import (
    Column,
    filled_cells,
    is_text,
    rows_below,
    stripped_keys,
)
from niche.clean.values import currencies, parse_amounts, parse_counts
from niche.clean.window import _invoice_window
from niche.errors import FileTooLargeError, MissingColumnError, NoTableError
from niche.model import (
    REASONS,
    Cleaned,
    ColumnMapping,
    Grid,
    Header,
    Options,
)


@dataclass
class _Rows:
    """The data rows of one table while they are classified (internal)."""

    body: pd.DataFrame  # cells by heading, data rows only
    cols: dict[str, Column]  # the text columns worked on once per distinct value
    client: Column
    label: Column  # the client's name, else the first column's text
    amount: pd.Series
    bad: pd.Series
    amount_blank: np.ndarray
    reason: pd.Series
    message: pd.Series
    notes: list[str] = field(default_factory=list)
    group_of: pd.Series | None = None  # the QuickBooks block each row is in


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
    amount_col, months = _amount_columns(grid, header, options)
    rows = _rows(grid, header, amount_col, months, options, max_clients)
    rows_read = len(rows.body)
    totals = _mark(rows, mapping, amount_col)
    currency = None
    if amount_col and not months:
        column = rows.cols.get(amount_col)
        if column is not None:  # text: each distinct amount looked at once
            # each row's currency (NaN: none named), as codes into a handful
            codes, named = pd.factorize(currencies(column.texts))
            found = pd.Series(
                pd.Categorical.from_codes(codes[column.codes], categories=named),
                index=rows.body.index,
            )
        else:
            found = currencies(rows.body[amount_col])
        currency, notes = marks.currencies(
            rows.reason, rows.message, found, options.currency, amount_col
        )
        rows.notes += notes
    kept = rows.reason == ""
    reconciliation = reconcile(rows.amount, rows.reason, totals, rows.label)
    parent, parent_key, sub_key, keys = _identity(rows, options)
    frame = _values(rows, parent, parent_key, sub_key, mapping, options)
    excluded = excluded_rows(
        rows.body, rows.cols, rows.reason, rows.message, amount_col
    )
    if not kept.all():
        frame = frame[kept.to_numpy()]
    frame, mode, window, prior_known = _period(rows, frame, kept, mapping, options)
    names = parent.texts.array  # Arrow text: made Python strings only when needed
    industries = (
        rows.cols[mapping.industry].texts.to_numpy(dtype=object)
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
        notes=tuple(rows.notes),
        reconciliation=reconciliation,
        currency=currency,
    )


def _amount_columns(
    grid: Grid, header: Header, options: Options
) -> tuple[str | None, tuple[str, ...]]:
    """The amount column, or the month columns to sum; a clear error when the
    file has neither (or no client column)."""
    mapping = header.mapping
    if mapping.client is None:
        raise MissingColumnError(
            f"{grid.filename}: no client column found; choose the column that holds "
            "client names."
        )
    amount_col = mapping.revenue or mapping.monthly_revenue
    months = header.month_columns if options.sum_months and not amount_col else ()
    if amount_col is not None or months:
        return amount_col, months
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


def _rows(
    grid: Grid,
    header: Header,
    amount_col: str | None,
    months: tuple[str, ...],
    options: Options,
    max_clients: int | None = None,
) -> _Rows:
    """The non-blank rows below the header, their text columns and amounts."""
    mapping = header.mapping
    body = rows_below(grid.cells, header.row)
    body.columns = list(header.headings)
    first_col = body.columns[0]
    mapped = set(mapping.as_dict().values())
    label_col = first_col if first_col not in mapped else None
    wanted = (mapping.client, label_col, mapping.transaction_type, mapping.industry)
    # The text columns the rules read are worked on once per distinct value
    # (Column); the cells stay as read, with no copy of the table.
    cols = {h: Column.of(body[h]) for h in dict.fromkeys(wanted) if h}
    names = len(cols[mapping.client].texts)
    if max_clients is not None and names > max_clients:
        why = f"{names:,} different client names, over the {max_clients:,} limit."
        raise FileTooLargeError(f"{grid.filename} has {why}")
    if amount_col and amount_col not in cols and is_text(body[amount_col]):
        cols[amount_col] = Column.of(body[amount_col])  # read once per value
    data = _data_rows(body, cols)
    if not data.all():
        body = body[data]
        cols = {h: c.subset(data) for h, c in cols.items()}
    if not len(body):
        raise NoTableError(f"{grid.filename} has a header but no data rows below it.")
    client = cols[mapping.client]
    label = client if first_col in mapped else client.or_else(cols[first_col])
    notes: list[str] = []
    amount, bad, blank = _amounts(
        body, cols, mapping, amount_col, months, options, notes
    )
    return _Rows(
        body=body,
        cols=cols,
        client=client,
        label=label,
        amount=amount,
        bad=bad,
        amount_blank=blank,
        reason=marks.new_reasons(body.index, list(REASONS)),
        message=pd.Series("", index=body.index, dtype=object),
        notes=notes,
    )


def _amounts(
    body: pd.DataFrame,
    cols: dict[str, Column],
    mapping: ColumnMapping,
    amount_col: str | None,
    months: tuple[str, ...],
    options: Options,
    notes: list[str],
) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """Each row's amount, whether it is unreadable, and whether it is blank."""
    if months:
        parts = [
            parse_amounts(body[m], decimal_comma=options.decimal_comma, heading=m)
            for m in months
        ]
        amount = pd.concat([p.values for p in parts], axis=1).sum(axis=1, min_count=1)
        bad = pd.concat([p.bad for p in parts], axis=1).any(axis=1)
        filled = np.column_stack([filled_cells(body[m]) for m in months])
        notes.append(f"Revenue is the sum of {len(months)} month columns.")
        return amount, bad, ~filled.any(axis=1)
    assert amount_col is not None
    parsed = parse_amounts(
        body[amount_col],
        decimal_comma=options.decimal_comma,
        heading=amount_col,
        distinct=cols[amount_col].distinct() if amount_col in cols else None,
    )
    amount = parsed.values
    if parsed.note:
        notes.append(parsed.note)
    if mapping.tax and classify(amount_col) in (("revenue", 2), ("revenue", 3)):
        tax = parse_amounts(body[mapping.tax], decimal_comma=options.decimal_comma)
        amount = amount - tax.values.fillna(0)
        notes.append(f'Revenue is "{amount_col}" less "{mapping.tax}".')
    column = cols.get(amount_col)
    filled = column.filled() if column else filled_cells(body[amount_col])
    return amount, parsed.bad, ~filled


def _mark(rows: _Rows, mapping: ColumnMapping, amount_col: str | None) -> np.ndarray:
    """Give each row that does not count its reason; returns the positions of
    the grand total lines."""
    reason, message = rows.reason, rows.message
    assert mapping.client is not None
    amounts = rows.body[amount_col] if amount_col else None
    marks.repeated_headers(reason, rows.client, mapping.client, amounts, amount_col)
    totals = marks.grand_totals(reason, message, rows.label)
    marks.footers(reason, rows.label, rows.amount_blank)
    rows.group_of = _groups(rows.label, rows.amount_blank, reason, message)
    marks.blank_clients(reason, rows.client, rows.group_of.notna().to_numpy())
    reason[rows.bad & (reason == "")] = "bad_revenue"
    if mapping.transaction_type:
        kind = rows.cols[mapping.transaction_type]
        rows.amount, notes = marks.transaction_types(reason, message, kind, rows.amount)
        rows.notes += notes
    return totals


def _identity(
    rows: _Rows, options: Options
) -> tuple[Column, np.ndarray, np.ndarray, np.ndarray]:
    """Each row's client: its parent when sub-customers roll up (QuickBooks
    blocks, "Parent:Child"), else its own name. Returns the parent column, each
    row's parent key code and own (site) key code, and the distinct keys."""
    own = rows.label
    groups = rows.group_of.to_numpy(dtype=object)
    grouped = rows.group_of.notna().to_numpy()
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
        texts = own.rows()
        parent = Column.of_rows(np.where(texts != "", texts, groups))
    parent_key, keys = parent.coded(stripped_keys)
    sub_key = parent_key if parent is own else own.coded(stripped_keys)[0]
    return parent, parent_key, sub_key, keys


def _values(
    rows: _Rows,
    parent: Column,
    parent_key: np.ndarray,
    sub_key: np.ndarray,
    mapping: ColumnMapping,
    options: Options,
) -> pd.DataFrame:
    """One row per data row: codes of its client and the values the rules use.
    Columns the file lacks are left out (a million rows of NaN otherwise) and
    come back missing from aggregate."""
    body = rows.body
    frame = pd.DataFrame(
        {
            "row": body.index.to_numpy(),
            "parent": parent.codes,  # into parent.texts
            "parent_key": parent_key,  # into keys; -1: none
            "sub_key": sub_key,
            "amount": rows.amount.fillna(0.0).to_numpy(),
        },
        index=body.index,
    )
    if mapping.systems:
        frame["systems"] = parse_counts(body[mapping.systems]).values.round()
    if mapping.industry:
        industry = rows.cols[mapping.industry]
        blank = (industry.texts == "").to_numpy(dtype=bool)[industry.codes]
        frame["industry_raw"] = np.where(blank, np.nan, industry.codes)
    for name in ("cost", "prior_revenue", "support_hours"):
        heading = getattr(mapping, name)
        if heading:
            parser = parse_counts if name == "support_hours" else parse_amounts
            frame[name] = parser(body[heading]).values
    for name, heading in (
        ("client_since", mapping.client_since),
        ("last_date", mapping.last_invoice),
    ):
        if heading:
            read = parse_dates(
                body[heading], day_first=options.day_first, heading=heading
            )
            frame[name] = read.values
            if read.note:
                rows.notes.append(read.note)
    return frame


def _period(
    rows: _Rows,
    frame: pd.DataFrame,
    kept: pd.Series,
    mapping: ColumnMapping,
    options: Options,
) -> tuple[pd.DataFrame, str, tuple[pd.Timestamp, pd.Timestamp] | None, bool]:
    """An invoice file's 12-month window (when its dates are transactions');
    a monthly figure made annual."""
    if mapping.date:
        dates = parse_dates(
            rows.body[mapping.date][kept.to_numpy()],
            day_first=options.day_first,
            heading=mapping.date,
        )
        if is_transaction_date(mapping.date) or _dated_rows(frame, dates.values):
            if dates.note:
                rows.notes.append(dates.note)
            frame = frame.assign(date=dates.values)
            frame, window, prior_known, notes = _invoice_window(frame, options)
            rows.notes.extend(notes)
            return frame, "invoices", window, prior_known
        rows.notes.append(
            f'"{mapping.date}" holds one date per client, not invoice dates: the '
            "file is read as a client list."
        )
    if mapping.monthly_revenue and not mapping.revenue:
        frame = frame.assign(amount=frame["amount"] * 12)
        rows.notes.append(f'Annual revenue is "{mapping.monthly_revenue}" x 12.')
    return frame, "summary", None, False


def _dated_rows(frame: pd.DataFrame, dates: pd.Series) -> bool:
    """True when some client has rows on different dates: an invoice list."""
    dated = pd.DataFrame({"key": frame["parent_key"], "date": dates}).dropna()
    return bool((dated.groupby("key")["date"].nunique() > 1).any())


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
