"""A grid to a :class:`~niche.model.Prepared`: header, mapping, clean rows, title."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from niche.clean.header import find_header, guess_header_row, header_at
from niche.clean.headings import PRICE_RANK, candidates, classify
from niche.clean.period import detect_period, not_revenue_report
from niche.clean.rows import clean
from niche.errors import NoTableError, SettingsError
from niche.model import (
    Cleaned,
    ColumnChoice,
    Grid,
    Header,
    Options,
    Prepared,
)


def _title_lines(grid: Grid, header_row: int) -> tuple[str, ...]:
    index = grid.cells.index
    if index.is_monotonic_increasing:  # no mask over a million rows
        above = grid.cells.iloc[: index.searchsorted(header_row, side="left")]
    else:
        above = grid.cells.loc[index < header_row]
    lines = []
    for values in above.to_numpy(dtype=object).tolist():  # a few rows, as lists
        text = " ".join(str(v).strip() for v in values if str(v).strip())
        if text:
            lines.append(text)
    return tuple(lines)


def prepare(
    grid: Grid,
    overrides: Mapping[str, str | None] | None = None,
    options: Options = Options(),
    *,
    header_row: int | None = None,
    max_clients: int | None = None,
) -> Prepared:
    """Find the header (by the user's row or column choices, else by the
    headings), map the columns, clean the rows (refused when they name more
    than ``max_clients`` different clients)."""
    header = _header(grid, overrides or {}, header_row)
    cleaned = clean(grid, header, options, max_clients=max_clients)
    header, cleaned, choice = _revenue_column(grid, header, cleaned, options, overrides)
    title = _title_lines(grid, header.row)
    return Prepared(
        grid=grid,
        header=header,
        cleaned=cleaned,
        period=detect_period(list(title)),
        report_kind=not_revenue_report(list(title)),
        title=title,
        choices=(choice,) if choice else (),
    )


def _where(grid: Grid) -> str:
    return f'sheet "{grid.sheet}" of {grid.filename}' if grid.sheet else grid.filename


def _header(grid: Grid, wanted: Mapping[str, str | None], row: int | None) -> Header:
    if row:
        header = header_at(grid.cells, row)
        mapping = header.mapping.with_overrides(wanted) if wanted else header.mapping
        header = replace(header, mapping=mapping)
    else:
        found = find_header(grid.cells, wanted)
        if found is None and wanted:
            plain = find_header(grid.cells)
            row = plain.row if plain else guess_header_row(grid.cells)
            if row is not None:
                header = header_at(grid.cells, row)
                header = replace(header, mapping=header.mapping.with_overrides(wanted))
                found = header
        header = found
    if header is None:
        raise NoTableError(
            f"No client table found in {_where(grid)}: no column is headed Client, "
            "Customer, Company or similar."
        )
    missing = [h for h in header.mapping.as_dict().values() if h not in header.headings]
    if missing:
        raise SettingsError(
            f'No column "{missing[0]}" in {_where(grid)}; columns are: '
            f"{', '.join(header.headings)}."
        )
    return header


def _revenue_column(
    grid: Grid,
    header: Header,
    cleaned: Cleaned,
    options: Options,
    overrides: Mapping[str, str | None] | None,
) -> tuple[Header, Cleaned, ColumnChoice | None]:
    """Among several revenue columns: a line amount before a unit price (the
    detector's ranks); among line amounts, the one whose total matches the
    file's own total line. The user's choice is never second-guessed."""
    chosen = header.mapping.revenue
    if chosen is None or (overrides and "revenue" in overrides):
        return header, cleaned, None
    others = [h for h in candidates(header.headings, "revenue") if h != chosen]
    if not others:
        return header, cleaned, None
    reason = f'the first of the amount columns ("{chosen}")'
    if classify(others[0])[1] >= PRICE_RANK and classify(chosen)[1] < PRICE_RANK:
        reason = f'a line amount, not a unit price like "{others[0]}"'
    check = cleaned.reconciliation
    if check is not None and check.matches:
        reason += f"; its total matches the file's {check.label} line"
    elif check is not None:
        for other in others:
            if classify(other)[1] >= PRICE_RANK:
                break
            trial = replace(header, mapping=replace(header.mapping, revenue=other))
            again = clean(grid, trial, options)
            if again.reconciliation is not None and again.reconciliation.matches:
                reason = f"its total matches the file's {check.label} line"
                return trial, again, ColumnChoice("revenue", other, chosen, reason)
    return header, cleaned, ColumnChoice("revenue", chosen, others[0], reason)
