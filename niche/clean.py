"""From a grid and its header to one row per client, with nothing lost.

Data rows are the non-blank rows below the header row. Each ends up in exactly one
place: in one client's ``rows``, or in ``excluded`` with its row number and a reason
code. Total and subtotal lines are never added again; QuickBooks' parent row /
sub-customer rows / "Total for Parent" blocks and ``Parent:Child`` names are rolled
up into the parent (an option turns it off); rows with the same name, compared
without case and surrounding or doubled spaces, are one client.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import MissingColumnError, NoTableError
from .load import Grid
from .mapping import Header, classify
from .parse import parse_amounts, parse_counts, parse_dates

REASONS = {
    "blank_client": "No client name",
    "total_line": "Total or subtotal line (not added again)",
    "repeated_header": "Repeated header line",
    "bad_revenue": "Revenue is not a number",
    "footer": "Below the grand total line",
    "left_out": "Left out of the analysis by you",
    "not_revenue": "Not revenue (estimate, quote or voided line)",
}
_GRAND_TOTAL = re.compile(r"^(?:grand\s+)?totals?\s*:?$", re.IGNORECASE)
_SUBTOTAL_FOR = re.compile(r"^total\s+for\s+(.+)$", re.IGNORECASE)
_SUBTOTAL = re.compile(r"^total\s+(.+)$", re.IGNORECASE)
_FOOTER = re.compile(
    r"(?i)\b(?:accrual|cash)\s+basis\b|\bpage\s+\d+(?:\s+of\s+\d+)?\b|\b(?:printed|"
    r"exported|generated|run)\s+(?:on|at)?\b|\d{1,2}:\d{2}\s*(?:am|pm)\b"
)
_NOT_REVENUE_TYPES = re.compile(
    r"(?i)\b(?:estimate|quote|quotation|void|voided|deleted|proposal|sales order|"
    r"purchase order|delayed charge)\b"
)
_CREDIT_TYPES = re.compile(r"(?i)\b(?:credit|refund|return)\b")


@dataclass(frozen=True)
class Options:
    """Choices about how rows become clients."""

    rollup: bool = True  # sub-customers into their parent
    left_out: tuple[str, ...] = ()  # client names the user leaves out
    decimal_comma: bool | None = None  # None: decide per column
    day_first: bool | None = None  # None: decide per column
    end_date: str | None = None  # invoice files: end of the 12-month window
    sum_months: bool = False  # revenue = the sum of month columns


@dataclass(frozen=True)
class Excluded:
    """A data row left out of the analysis, and why."""

    row: int
    reason: str
    message: str
    values: dict[str, str]


@dataclass(frozen=True, eq=False)
class Cleaned:
    """One row per client, and every other data row with its reason.

    ``clients`` columns: ``client`` (display name), ``key``, ``rows`` (tuple of
    row numbers), ``annual_revenue``, ``systems``, ``industry_raw``, ``cost``,
    ``prior_revenue``, ``client_since``, ``support_hours``, ``first_date``,
    ``last_date`` (missing values are NaN/NaT/None).
    """

    clients: pd.DataFrame
    excluded: tuple[Excluded, ...]
    merged: tuple[tuple[str, tuple[int, ...]], ...]
    rows_read: int
    mode: str  # "summary" | "invoices"
    window: tuple[pd.Timestamp, pd.Timestamp] | None = None
    prior_known: bool = False
    notes: tuple[str, ...] = field(default=())


def name_key(names: pd.Series) -> pd.Series:
    """Compare names without case and surrounding or doubled spaces."""
    return names.str.strip().str.replace(r"\s+", " ", regex=True).str.casefold()


def _kind(series: pd.Series) -> str:
    """What an object column holds ("string" when only str), at C speed."""
    return pd.api.types.infer_dtype(series, skipna=False)


def _text(series: pd.Series) -> pd.Series:
    """Cells as stripped text ("" for blank), numbers written without ".0"."""
    if series.dtype == object and _kind(series) != "string":
        series = series.map(_cell_str)  # numbers, dates: only when the column has some
    return series.astype("string").fillna("").str.strip()


def _cell_str(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _raw_values(body: pd.DataFrame, row: int, filled: pd.DataFrame) -> dict[str, str]:
    cells = body.loc[row]
    return {h: _cell_str(cells[h]).strip() for h in body.columns if filled.at[row, h]}


def clean(grid: Grid, header: Header, options: Options = Options()) -> Cleaned:
    """Classify the rows below the header and build one record per client."""
    mapping = header.mapping
    if mapping.client is None:
        raise MissingColumnError(
            f"{grid.filename}: no client column found; choose the column that holds "
            "client names."
        )
    amount_col = mapping.revenue or mapping.monthly_revenue
    months = header.month_columns if options.sum_months and not amount_col else ()
    if amount_col is None and not months:
        hint = (
            " It has month columns: sum them as the 12-month revenue."
            if len(header.month_columns) >= 2
            else ""
        )
        raise MissingColumnError(
            f"{grid.filename}: no revenue column found (looked for headings such as "
            f"Revenue, Sales, Total, Amount, Invoiced, Billed, MRR).{hint}"
        )

    body = grid.cells.loc[grid.cells.index > header.row].copy()
    body.columns = list(header.headings)
    texts = pd.DataFrame({h: _text(body[h]) for h in body.columns}, index=body.index)
    filled = texts != ""
    data = filled.any(axis=1)
    body, texts, filled = body[data], texts[data], filled[data]
    rows_read = len(body)
    if not rows_read:
        raise NoTableError(f"{grid.filename} has a header but no data rows below it.")
    notes: list[str] = []

    client = texts[mapping.client]
    label = client
    first_col = body.columns[0]
    if first_col not in mapping.as_dict().values():
        label = client.where(client != "", texts[first_col])

    # Amounts ----------------------------------------------------------------
    if months:
        parts = [
            parse_amounts(body[m], decimal_comma=options.decimal_comma, heading=m)
            for m in months
        ]
        amount = pd.concat([p.values for p in parts], axis=1).sum(axis=1, min_count=1)
        bad = pd.concat([p.bad for p in parts], axis=1).any(axis=1)
        amount_blank = ~pd.concat([filled[m] for m in months], axis=1).any(axis=1)
        notes.append(f"Revenue is the sum of {len(months)} month columns.")
    else:
        parsed = parse_amounts(
            body[amount_col], decimal_comma=options.decimal_comma, heading=amount_col
        )
        amount, bad = parsed.values, parsed.bad
        amount_blank = ~filled[amount_col]
        if parsed.note:
            notes.append(parsed.note)
        if mapping.tax and classify(amount_col) in (("revenue", 2), ("revenue", 3)):
            tax = parse_amounts(body[mapping.tax], decimal_comma=options.decimal_comma)
            amount = amount - tax.values.fillna(0)
            notes.append(f'Revenue is "{amount_col}" less "{mapping.tax}".')

    # Structure: totals, repeated headers, footer, groups ---------------------
    reason = pd.Series("", index=body.index, dtype=object)
    message = pd.Series("", index=body.index, dtype=object)

    header_key = mapping.client.casefold()
    repeated = (client.str.casefold() == header_key) & (
        texts[amount_col].str.casefold() == amount_col.casefold()
        if amount_col
        else True
    )
    reason[repeated] = "repeated_header"

    grand = label.str.match(_GRAND_TOTAL) & (reason == "")
    reason[grand] = "total_line"
    message[grand] = "Grand total line (not added again)"
    positions = np.flatnonzero(grand.to_numpy())
    if len(positions):
        after = np.arange(len(body)) > positions[-1]
        reason[after] = "footer"

    has_amount = ~amount_blank
    last_amount = np.flatnonzero((has_amount & (reason == "")).to_numpy())
    if len(last_amount):
        tail = np.arange(len(body)) > last_amount[-1]
        trailing = tail & label.str.contains(_FOOTER).to_numpy() & (reason == "")
        reason[trailing] = "footer"

    group_of = _groups(label, amount_blank, reason, message)

    blank = (client == "") & (reason == "") & group_of.isna()
    reason[blank] = "blank_client"
    bad_rows = bad & (reason == "")
    reason[bad_rows] = "bad_revenue"

    ttype = texts[mapping.transaction_type] if mapping.transaction_type else None
    if ttype is not None:
        void = ttype.str.contains(_NOT_REVENUE_TYPES) & (reason == "")
        reason[void] = "not_revenue"
        credit = ttype.str.contains(_CREDIT_TYPES) & (amount > 0)
        amount = amount.where(~credit, -amount)

    # Client identity ---------------------------------------------------------
    kept = reason == ""
    own = client.where(client != "", label)
    if options.rollup:
        # "Parent:Child" (QuickBooks); a "://" in a web address is no separator.
        parent = own.str.split(r":(?!//)", n=1, regex=True).str[0].str.strip()
        parent = group_of.where(group_of.notna(), parent)
    else:
        parent = own.where(own != "", group_of)
    sub = own  # the sub-customer's own name: duplicates of it are one site

    # Values --------------------------------------------------------------------
    frame = pd.DataFrame(
        {
            "row": body.index.to_numpy(),
            "parent": parent,
            "parent_key": name_key(parent),
            "sub_key": name_key(sub),
            "amount": amount.fillna(0.0),
        },
        index=body.index,
    )
    frame["systems"] = (
        parse_counts(body[mapping.systems]).values.round()
        if mapping.systems
        else np.nan
    )
    frame["industry_raw"] = (
        texts[mapping.industry].replace("", pd.NA) if mapping.industry else pd.NA
    )
    for name in ("cost", "prior_revenue", "support_hours"):
        heading = getattr(mapping, name)
        if heading:
            parser = parse_counts if name == "support_hours" else parse_amounts
            frame[name] = parser(body[heading]).values
        else:
            frame[name] = np.nan
    if mapping.client_since:
        since = parse_dates(
            body[mapping.client_since],
            day_first=options.day_first,
            heading=mapping.client_since,
        )
        frame["client_since"] = since.values
        if since.note:
            notes.append(since.note)
    else:
        frame["client_since"] = pd.NaT

    left = {" ".join(n.split()).casefold() for n in options.left_out if n.strip()}
    if left:
        out = kept & frame["parent_key"].isin(left)
        reason[out] = "left_out"
        kept = reason == ""

    excluded = _excluded(body, filled, reason, message, amount_col, texts)
    frame = frame[kept.to_numpy()]

    mode, window, prior_known = "summary", None, False
    if mapping.date:
        dates = parse_dates(
            body.loc[frame.index, mapping.date],
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

    clients, merged = _aggregate(frame, mode)
    return Cleaned(
        clients=clients,
        excluded=tuple(sorted(excluded, key=lambda e: e.row)),
        merged=merged,
        rows_read=rows_read,
        mode=mode,
        window=window,
        prior_known=prior_known,
        notes=tuple(notes),
    )


def _groups(
    label: pd.Series, amount_blank: pd.Series, reason: pd.Series, message: pd.Series
) -> pd.Series:
    """Mark subtotal lines and assign rows of QuickBooks parent blocks to the parent.

    A block is a row with no amount whose name a later "Total for NAME" (or
    "Total NAME") line closes; the rows between belong to NAME, and nested blocks
    roll up to the outermost one. A "Total NAME" line that closes no block is a
    client whose name starts with "Total" (e.g. "Total Fitness").
    """
    group_of = pd.Series(pd.NA, index=label.index, dtype=object)
    candidates = label.str.match(r"(?i)^total\s") & (reason == "")
    if not candidates.any():
        return group_of
    keys = name_key(label).tolist()
    open_heads = {}  # key -> position of the latest parent row with no amount
    seen: set[str] = set()  # names above, and the parents of Parent:Child names
    blank = amount_blank.to_numpy()
    pending = reason.to_numpy() == ""
    spans: list[tuple[int, int, str]] = []
    for pos, key in enumerate(keys):
        if not pending[pos]:
            continue
        text = label.iat[pos]
        match = _SUBTOTAL_FOR.match(text) or _SUBTOTAL.match(text)
        if match and candidates.iat[pos]:
            target = " ".join(match.group(1).split()).casefold()
            head = open_heads.pop(target, None)
            if head is not None or target in seen or _SUBTOTAL_FOR.match(text):
                reason.iat[pos] = "total_line"
                message.iat[pos] = (
                    f"Subtotal of {match.group(1).strip()} (not added again)"
                )
                if head is not None:
                    spans.append((head, pos, label.iat[head].strip()))
                continue
        if blank[pos] and key:
            open_heads[key] = pos
        seen.update((key, key.split(":", 1)[0].strip()))
    for head, end, name in sorted(spans, key=lambda s: s[1] - s[0]):
        # Wider (outer) blocks are applied last, so rows take the outermost parent.
        group_of.iloc[head:end] = name
    return group_of


def _excluded(
    body: pd.DataFrame,
    filled: pd.DataFrame,
    reason: pd.Series,
    message: pd.Series,
    amount_col: str | None,
    texts: pd.DataFrame,
) -> list[Excluded]:
    out = []
    for row in reason.index[reason.to_numpy() != ""]:
        code = reason[row]
        text = message[row] or REASONS[code]
        if code == "bad_revenue" and amount_col:
            text = f'Revenue "{texts.at[row, amount_col]}" is not a number'
        out.append(Excluded(int(row), code, text, _raw_values(body, row, filled)))
    return out


def _invoice_window(
    frame: pd.DataFrame, options: Options
) -> tuple[pd.DataFrame, tuple[pd.Timestamp, pd.Timestamp] | None, bool, list[str]]:
    """Sum invoice lines over the 12 months ending at the latest date (or a chosen
    end date); the prior 12 months count only when the file covers them."""
    notes = []
    dated = frame["date"].notna()
    if not dated.any():
        frame = frame.assign(prior_revenue=np.nan, first_date=pd.NaT, last_date=pd.NaT)
        return frame, None, False, ["No invoice date could be read."]
    end = (
        pd.Timestamp(options.end_date).normalize()
        if options.end_date
        else frame.loc[dated, "date"].max().normalize()
    )
    start = end - pd.DateOffset(years=1) + pd.Timedelta(days=1)
    prior_start = start - pd.DateOffset(years=1)
    earliest = frame.loc[dated, "date"].min()
    prior_known = bool(earliest <= prior_start)
    date = frame["date"]
    in_window = (date >= start) & (date <= end + pd.Timedelta(days=1) - pd.Timedelta(1))
    in_prior = (date >= prior_start) & (date < start)
    undated = int((~dated).sum())
    if undated:
        notes.append(f"{undated} invoice lines have no readable date and do not count.")
    frame = frame.assign(
        prior_revenue=frame["amount"].where(in_prior, 0.0) if prior_known else np.nan,
        amount=frame["amount"].where(in_window, 0.0),
        first_date=date,
        last_date=date.where(date <= end + pd.Timedelta(days=1)),
    )
    return frame, (start, end), prior_known, notes


def _first_valid(grouped: object, column: str) -> pd.Series:
    """First non-missing value of each group (``None`` when there is none)."""
    first = grouped[column].first(skipna=True)  # type: ignore[index]
    return first.astype(object).where(first.notna(), None)


def _sum_known(grouped: object, column: str) -> pd.Series:
    """Sum of each group, missing when the group has no known value."""
    return grouped[column].sum(min_count=1)  # type: ignore[index]


def _row_tuples(keys: pd.Series, rows: pd.Series) -> pd.Series:
    """Row numbers of each group, in file order, as tuples of ints (vectorised)."""
    codes, uniques = pd.factorize(keys, sort=False)
    known = codes >= 0  # groupby drops missing keys too
    codes, numbers = codes[known], rows.to_numpy(dtype="int64")[known]
    order = np.argsort(codes, kind="stable")
    bounds = (np.flatnonzero(np.diff(codes[order])) + 1).tolist()
    ordered = numbers[order].tolist()
    if not ordered:
        return pd.Series([], index=uniques, dtype=object)
    starts, ends = [0, *bounds], [*bounds, len(ordered)]
    parts = [tuple(ordered[a:b]) for a, b in zip(starts, ends, strict=True)]
    return pd.Series(parts, index=uniques, dtype=object)


def _aggregate(
    frame: pd.DataFrame, mode: str
) -> tuple[pd.DataFrame, tuple[tuple[str, tuple[int, ...]], ...]]:
    """Sites of one client are summed; the same site listed twice counts once."""
    if frame.empty:
        return _empty_clients(), ()
    invoices = mode == "invoices"
    by_site = frame.groupby(["parent_key", "sub_key"], sort=False)
    sites = pd.DataFrame(
        {
            "parent": by_site["parent"].first(),
            "amount": by_site["amount"].sum(),
            "systems": by_site["systems"].max(),
            "industry_raw": _first_valid(by_site, "industry_raw"),
            "cost": _sum_known(by_site, "cost"),
            "prior_revenue": _sum_known(by_site, "prior_revenue"),
            "support_hours": _sum_known(by_site, "support_hours"),
            "client_since": by_site["client_since"].min(),
        }
    )
    grouped = sites.groupby(level="parent_key", sort=False)
    clients = pd.DataFrame(
        {
            "client": grouped["parent"].first(),
            "annual_revenue": grouped["amount"].sum(),
            "systems": _sum_known(grouped, "systems"),
            "industry_raw": _first_valid(grouped, "industry_raw"),
            "cost": _sum_known(grouped, "cost"),
            "prior_revenue": _sum_known(grouped, "prior_revenue"),
            "support_hours": _sum_known(grouped, "support_hours"),
            "client_since": grouped["client_since"].min(),
        }
    )
    clients["rows"] = _row_tuples(frame["parent_key"], frame["row"])
    if invoices:
        dates = frame.groupby("parent_key", sort=False)
        clients["first_date"] = dates["first_date"].min()
        clients["last_date"] = dates["last_date"].max()
    else:
        clients["first_date"] = pd.NaT
        clients["last_date"] = pd.NaT
    clients.index.name = "parent_key"
    clients = clients.reset_index().rename(columns={"parent_key": "key"})
    clients["client"] = clients["client"].str.strip()
    merged = tuple(
        (name, tuple(int(r) for r in rs))
        for name, rs in zip(clients["client"], clients["rows"], strict=True)
        if len(rs) > 1
    )
    return clients, merged


def _empty_clients() -> pd.DataFrame:
    return pd.DataFrame(
        columns=[
            "key",
            "client",
            "annual_revenue",
            "systems",
            "industry_raw",
            "cost",
            "prior_revenue",
            "support_hours",
            "client_since",
            "rows",
            "first_date",
            "last_date",
        ]
    )


def all_rows(cleaned: Cleaned) -> Iterable[int]:
    """Every data row number, from clients and excluded (for invariants)."""
    for rows in cleaned.clients["rows"]:
        yield from rows
    for item in cleaned.excluded:
        yield item.row
