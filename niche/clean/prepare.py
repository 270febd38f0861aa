"""A grid to a :class:`~niche.model.Prepared`: header, mapping, clean rows, title."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from niche.clean.header import find_header, header_at
from niche.clean.period import detect_period, not_revenue_report
from niche.clean.rows import clean
from niche.errors import NoTableError
from niche.model import (
    Grid,
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
    """Find the header (or use the user's row), map columns, clean the rows
    (refused when it names more than ``max_clients`` different clients)."""
    header = (
        header_at(grid.cells, header_row) if header_row else find_header(grid.cells)
    )
    if header is None:
        where = (
            f'sheet "{grid.sheet}" of {grid.filename}' if grid.sheet else grid.filename
        )
        raise NoTableError(
            f"No client table found in {where}: no column is headed Client, "
            "Customer, Company or similar."
        )
    if overrides:
        mapping = header.mapping.with_overrides(overrides)
        unknown = [h for h in mapping.as_dict().values() if h not in header.headings]
        if unknown:
            from niche.errors import SettingsError

            raise SettingsError(
                f'No column "{unknown[0]}" in {grid.filename}; columns are: '
                f"{', '.join(header.headings)}."
            )
        header = replace(header, mapping=mapping)
    title = _title_lines(grid, header.row)
    cleaned = clean(grid, header, options, max_clients=max_clients)
    return Prepared(
        grid=grid,
        header=header,
        cleaned=cleaned,
        period=detect_period(list(title)),
        report_kind=not_revenue_report(list(title)),
        title=title,
    )
