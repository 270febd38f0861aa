"""From bytes to an :class:`Analysis`: read, find the header, map, clean, analyse.

The steps are separate so that the page can cache each on its inputs: reading on
the file's bytes, preparing (mapping and cleaning) on the column choices, and the
analysis on the settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from .analysis import Settings, enrich_clients, warnings_for
from .clean import Cleaned, Excluded, Options, clean
from .errors import NoTableError
from .industry import Taxonomy
from .load import DEFAULT_LIMITS, Grid, Limits, read_table
from .mapping import Header, find_header, header_at
from .period import Period, detect_period, not_revenue_report
from .recommend import Recommendation, industry_table, recommend


@dataclass(frozen=True, eq=False)
class Prepared:
    """A file read, its header found, its columns mapped and its rows cleaned."""

    grid: Grid
    header: Header
    cleaned: Cleaned
    period: Period | None
    report_kind: str | None  # what the title says when it is not revenue
    title: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Analysis:
    """Everything the page, the CLI and the report show."""

    prepared: Prepared
    settings: Settings
    clients: pd.DataFrame
    industries: pd.DataFrame
    recommendation: Recommendation
    warnings: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def excluded(self) -> tuple[Excluded, ...]:
        return self.prepared.cleaned.excluded

    @property
    def merged(self) -> tuple[tuple[str, tuple[int, ...]], ...]:
        return self.prepared.cleaned.merged

    @property
    def source(self) -> Grid:
        return self.prepared.grid

    @property
    def scale(self) -> float:
        """Factor applied to amounts to annualise a shorter report (1.0 if not)."""
        period = self.prepared.period
        if self.settings.annualise and period and period.months:
            return 12 / period.months
        return 1.0


def read(
    data: bytes,
    filename: str,
    sheet: str | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> Grid:
    """Read a file; for workbooks the default sheet is the first with a client table."""
    return read_table(
        data,
        filename,
        sheet,
        limits=limits,
        accept=lambda grid: find_header(grid.cells) is not None,
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
) -> Prepared:
    """Find the header (or use the user's row), map columns, clean the rows."""
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
            from .errors import SettingsError

            raise SettingsError(
                f'No column "{unknown[0]}" in {grid.filename}; columns are: '
                f"{', '.join(header.headings)}."
            )
        header = replace(header, mapping=mapping)
    title = _title_lines(grid, header.row)
    cleaned = clean(grid, header, options)
    return Prepared(
        grid=grid,
        header=header,
        cleaned=cleaned,
        period=detect_period(list(title)),
        report_kind=not_revenue_report(list(title)),
        title=title,
    )


def analyse(
    prepared: Prepared,
    settings: Settings = Settings(),
    taxonomy: Taxonomy | None = None,
) -> Analysis:
    """Rank, class, tier, flag, summarise industries and recommend the niche."""
    taxonomy = taxonomy or Taxonomy.default()
    cleaned, period = prepared.cleaned, prepared.period
    scale = 1.0
    notes = list(prepared.header.notes) + list(cleaned.notes)
    warnings = []
    if prepared.report_kind:
        warnings.append(
            f"The title says this is {prepared.report_kind}, not revenue: its amounts "
            "are open balances or similar, not sales. Export a Sales by Customer "
            "report instead."
        )
    if period is not None and cleaned.mode == "summary" and not period.is_twelve_months:
        if period.months and settings.annualise:
            scale = 12 / period.months
            notes.append(
                f"Amounts annualised: x {scale:.2f} ({period.months:g} months to 12)."
            )
        elif period.months:
            warnings.append(
                f"The report covers {period.months:g} months ({period.text}), not 12: "
                "annualise it, or export the last 12 months."
            )
        else:
            warnings.append(
                f'The report says "{period.text}": it may not cover 12 months.'
            )
    window_end = cleaned.window[1] if cleaned.window else None
    reference = (
        window_end
        if window_end is not None
        else pd.Timestamp(settings.as_of)
        if settings.as_of
        else period.end
        if period is not None and period.end is not None
        else pd.Timestamp.today().normalize()
    )
    clients = enrich_clients(
        cleaned.clients,
        settings,
        taxonomy,
        invoices=cleaned.mode == "invoices",
        reference=reference,
        scale=scale,
    )
    warnings += warnings_for(clients, settings.currency)
    industries = industry_table(clients, taxonomy, settings.background)
    recommendation = recommend(
        clients,
        industries,
        taxonomy,
        background=settings.background,
        currency=settings.currency,
        tiers=settings.tiers,
    )
    return Analysis(
        prepared=prepared,
        settings=settings,
        clients=clients,
        industries=industries,
        recommendation=recommendation,
        warnings=tuple(warnings),
        notes=tuple(notes),
    )


def analyze_bytes(
    data: bytes,
    filename: str,
    *,
    sheet: str | None = None,
    overrides: Mapping[str, str | None] | None = None,
    options: Options = Options(),
    settings: Settings = Settings(),
    limits: Limits = DEFAULT_LIMITS,
) -> Analysis:
    """The whole pipeline in one call (the CLI and the tests use it)."""
    grid = read(data, filename, sheet, limits=limits)
    return analyse(prepare(grid, overrides, options), settings)
