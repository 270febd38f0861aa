"""Find the header row of a grid, and its headings."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

import pandas as pd

from niche.clean.headings import guess_mapping, is_month_heading, words
from niche.model import Header

HEADER_SCAN_ROWS = 60


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


def find_header(
    cells: pd.DataFrame,
    wanted: Mapping[str, str | None] | None = None,
    scan: int = HEADER_SCAN_ROWS,
) -> Header | None:
    """Find the header row among the first rows of a grid.

    A header row has at least two non-blank cells and names a client column; the
    row that also names an amount (revenue or monthly revenue) and the most other
    fields wins. QuickBooks Desktop's unnamed first column counts as the client
    when the cells below it are names. Title lines above it (report name, company,
    date range) are skipped.

    ``wanted`` are the user's column choices (field -> heading): a row holding
    every heading the user named is the header, whatever the detector makes of
    it, and the choices are applied to its mapping.
    """
    named = {_fold(h) for h in (wanted or {}).values() if h}
    best: tuple[int, int, Header] | None = None
    top = cells.head(scan)
    # Rows as lists of the cells (iterrows would build a Series for each row).
    rows = zip(top.index, top.to_numpy(dtype=object).tolist(), strict=True)
    for position, (row, values) in enumerate(rows):
        if not _could_be_header(values):
            continue
        header = _header_of(cells, position, int(row), values)
        if named and not named <= {_fold(h) for h in header.headings}:
            continue
        if wanted:
            given = _as_given(header, wanted)
            header = replace(header, mapping=header.mapping.with_overrides(given))
        if header.mapping.client is None:
            continue
        mapping = header.mapping
        has_amount = mapping.revenue or mapping.monthly_revenue
        score = len(mapping.as_dict()) + 3 * bool(has_amount)
        score += len(header.month_columns) >= 2
        if best is None or score > best[0]:
            best = (score, position, header)
    return best[2] if best else None


def _fold(heading: str) -> str:
    return " ".join(str(heading).split()).casefold()


def _as_given(header: Header, wanted: Mapping[str, str | None] | None) -> dict:
    """The user's choices spelled as the file's headings."""
    spelled = {_fold(h): h for h in header.headings}
    return {
        k: spelled.get(_fold(v), v) if v else None for k, v in (wanted or {}).items()
    }


def _could_be_header(values: list[object]) -> bool:
    """Two or more text cells (or a blank first one and text), no numbers."""
    texts = [_cell_text(v) for v in values]
    filled = [t for t in texts if t]
    if not filled or (len(filled) < 2 and texts[0]):
        return False
    return not any(
        (not isinstance(v, str) and _cell_text(v))
        or (isinstance(v, str) and _looks_numeric(v))
        for v in values
    )


def _header_of(
    cells: pd.DataFrame, position: int, row: int, values: list[object]
) -> Header:
    """The row as a header: headings, detected mapping, month columns."""
    headings = unique_headings(values)
    mapping, notes = guess_mapping(headings)
    ledger = mapping.transaction_type or mapping.date
    if ledger and mapping.client and words(mapping.client) == ["account"]:
        # A transaction list: "Account" is the ledger account, not the client.
        mapping = replace(mapping, client=None)
    if mapping.client is None and not _cell_text(values[0]):
        below = cells.iloc[position + 1 : position + 30, 0]
        if _mostly_text(below):
            mapping = replace(mapping, client=headings[0])
    months = tuple(h for h in headings if is_month_heading(h))
    return Header(row, headings, mapping, months, notes)


def guess_header_row(cells: pd.DataFrame, scan: int = HEADER_SCAN_ROWS) -> int | None:
    """The row most likely to be the header when no client column was found:
    the first row with the most text cells (and no numbers), for the user to
    name the columns from."""
    best: tuple[int, int] | None = None
    top = cells.head(scan)
    for row, values in zip(top.index, top.to_numpy(dtype=object).tolist(), strict=True):
        if not _could_be_header(values):
            continue
        count = sum(bool(_cell_text(v)) for v in values)
        if best is None or count > best[1]:
            best = (int(row), count)
    return best[0] if best else None


def header_at(cells: pd.DataFrame, row: int) -> Header:
    """The header at a row the user chose."""
    position = int(cells.index.get_loc(row))
    return _header_of(cells, position, row, cells.loc[row].tolist())
