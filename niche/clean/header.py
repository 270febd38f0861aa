"""Find the header row of a grid, and its headings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from niche.clean.headings import guess_mapping, is_month_heading
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


def header_at(cells: pd.DataFrame, row: int) -> Header:
    """The header at a row the user chose."""
    values = cells.loc[row].tolist()
    headings = unique_headings(values)
    mapping, notes = guess_mapping(headings)
    months = tuple(h for h in headings if is_month_heading(h))
    return Header(row, headings, mapping, months, notes)
