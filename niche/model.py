"""The nouns of Niche Finder: what each stage hands to the next.

At the bottom of the package: imports nothing of niche but its errors. Frozen
dataclasses; the tables inside are pandas frames that nothing mutates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

import pandas as pd

from niche.errors import SettingsError

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
    "last_invoice",
)


@dataclass(frozen=True, eq=False)
class Grid:
    """The cells of one CSV file or one worksheet, as the user sees them.

    Attributes
    ----------
    cells
        Columns ``0 .. n-1``; index = user row number (Excel row or CSV line).
    filename
        Display name only; never used as a path.
    sheet
        Worksheet name, ``None`` for CSV.
    sheets
        All worksheet names of the workbook (empty for CSV).
    delimiter, encoding
        What was detected for CSV files.
    """

    cells: pd.DataFrame
    filename: str
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    delimiter: str | None = None
    encoding: str | None = None


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
    last_invoice: str | None = None

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


REASONS = {
    "blank_client": "No client name",
    "total_line": "Total or subtotal line (not added again)",
    "repeated_header": "Repeated header line",
    "bad_revenue": "Revenue is not a number",
    "footer": "Below the grand total line",
    "left_out": "Left out of the analysis by you",
    "not_revenue": "Not a sale (payment, estimate, deposit, journal entry...)",
    "other_currency": "Amount in another currency",
}


@dataclass(frozen=True)
class Options:
    """Choices about how rows become clients."""

    rollup: bool = True  # sub-customers into their parent
    decimal_comma: bool | None = None  # None: decide per column
    day_first: bool | None = None  # None: decide per column
    end_date: str | None = None  # invoice files: end of the 12-month window
    sum_months: bool = False  # revenue = the sum of month columns
    currency: str | None = None  # amounts in several currencies: keep this one


@dataclass(frozen=True)
class Excluded:
    """A data row left out of the analysis, and why."""

    row: int
    reason: str
    message: str
    values: dict[str, str]


@dataclass(frozen=True)
class Reconciliation:
    """The file's own grand total line against the sum of the rows counted for
    clients (before any client is left out): the user's check that the file
    was read right."""

    file_total: float  # the amount on the file's total line
    counted: float  # the sum of the rows that became clients
    row: int  # the total line's row number
    label: str  # its text as written ("TOTAL")
    # The amounts of rows the file counts but the clients do not (no client
    # name, not a sale, another currency), and how many rows they are.
    not_counted: float = 0.0
    not_counted_rows: int = 0

    @property
    def difference(self) -> float:
        """What was counted minus the file's total (0.0 when they match)."""
        return 0.0 if self.matches else self.counted - self.file_total

    @property
    def matches(self) -> bool:
        """Equal to the cent."""
        return round(self.file_total * 100) == round(self.counted * 100)

    @property
    def explained(self) -> bool:
        """The rows not counted are the whole difference, to the cent."""
        total = self.counted + self.not_counted
        return not self.matches and round(total * 100) == round(self.file_total * 100)


@dataclass(frozen=True, eq=False)
class Cleaned:
    """One row per client, and every other data row with its reason.

    ``clients`` columns: ``client`` (display name), ``key``, ``rows`` (row
    numbers: an Arrow list column), ``annual_revenue``, ``systems``,
    ``industry_raw``, ``cost``, ``prior_revenue``, ``client_since``,
    ``support_hours``, ``first_date``, ``last_date`` (missing: NaN/NaT/None).
    """

    clients: pd.DataFrame
    excluded: tuple[Excluded, ...]
    merged: tuple[tuple[str, tuple[int, ...]], ...]
    rows_read: int
    mode: str  # "summary" | "invoices"
    window: tuple[pd.Timestamp, pd.Timestamp] | None = None
    prior_known: bool = False
    notes: tuple[str, ...] = field(default=())
    reconciliation: Reconciliation | None = None
    currency: str | None = None  # the amounts' currency, when they say it


@dataclass(frozen=True)
class Period:
    """A report period read from a title line."""

    text: str
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    months: float | None  # None when the title says "year to date" without dates

    @property
    def is_twelve_months(self) -> bool:
        return self.months is not None and abs(self.months - 12) < 0.5


# Defaults of the user's choices: the SPEC's, here once.
DEFAULT_TIERS = (10, 50)  # micro < 10 <= sweet spot <= 50 < large
DEFAULT_CLASSES = (0.80, 0.95)  # A: first 80 % of revenue, B: up to 95 %
DEFAULT_MARGIN_TARGET = 0.20
DEFAULT_CURRENCY = "$"
DEFAULT_TARGET_RATE = 100.0  # revenue per hour of support, in the file's currency
DEFAULT_HOURS_PER_TICKET = 1.0  # a tickets column counts this many hours a ticket
RISK_LISTED = 25.0  # "At risk" lists: risk scores from here up, and flagged ones

FLAGS = (
    "best_service",
    "retention_priority",
    "pays_the_bills",
    "needs_senior_staff",
    "at_risk",
    "low_margin",
    "low_revenue_per_system",
    "lapsed",
    "new_client",
    "low_hourly_rate",  # added by issue 18, after the SPEC's nine
)
TIERS = ("micro", "sweet_spot", "large", "unknown")


@dataclass(frozen=True)
class RiskWeights:
    """Each signal's weight in the risk score (docs/profit-and-change.md): numbers
    >= 0, not all 0; only their proportions matter."""

    revenue_change: float = 0.30  # revenue down on the period before
    margin: float = 0.15  # gross margin below the target
    hourly_rate: float = 0.15  # revenue per support hour below the target
    hours_trend: float = 0.15  # support hours rising (invoice files)
    tenure: float = 0.10  # a client for less than a year
    recency: float = 0.15  # days since the last invoice (invoice files)

    def __post_init__(self) -> None:
        values = [getattr(self, f.name) for f in fields(self)]
        if any(not v >= 0 for v in values) or not sum(values) > 0:
            raise SettingsError("Risk weights must be >= 0, at least one above 0.")


@dataclass(frozen=True)
class Settings:
    """The user's choices that shape the analysis (not the reading)."""

    tiers: tuple[int, int] = DEFAULT_TIERS
    classes: tuple[float, float] = DEFAULT_CLASSES
    background: tuple[str, ...] = ()
    margin_target: float = DEFAULT_MARGIN_TARGET
    currency: str | None = None  # the symbol shown; None: the file's, else "$"
    annualise: bool = False
    as_of: str | None = None  # reference date for "new client" in summary files
    industry_overrides: tuple[tuple[str, str], ...] = ()  # raw label -> industry
    target_rate: float = DEFAULT_TARGET_RATE  # below it: "costs more time than it pays"
    hours_per_ticket: float = DEFAULT_HOURS_PER_TICKET
    rank_by_profit: bool = False  # value classes by gross profit when costs known
    risk_weights: RiskWeights = RiskWeights()

    def __post_init__(self) -> None:
        low, high = self.tiers
        if not 0 < low <= high:
            raise SettingsError(
                "Tier thresholds must be 0 < micro limit <= large limit, "
                f"got {low},{high}."
            )
        a, b = self.classes
        if not 0 < a <= b <= 1:
            raise SettingsError(
                f"Class cut-offs must be 0 < A <= B <= 1, got {a}, {b}."
            )
        if not 0 <= self.margin_target < 1:
            raise SettingsError("The margin target must be between 0 and 1.")
        if not (0 <= self.target_rate < 1e12 and 0 < self.hours_per_ticket < 1e6):
            raise SettingsError("Target rate must be >= 0 and hours per ticket > 0.")


@dataclass(frozen=True)
class Recommendation:
    """The recommended niche and why (SPEC's ``recommendation`` object)."""

    status: str  # "ok" | "not_enough_evidence"
    niche: str | None = None
    sector: str | None = None
    score: float | None = None
    confidence: str | None = None
    concentration_band: str | None = None
    adjacent: tuple[str, ...] = ()
    runners_up: tuple[str, ...] = ()
    close: tuple[str, ...] = ()
    springboard: tuple[str, ...] = ()
    background_effect: str | None = None
    reasons: tuple[str, ...] = ()
    explanation: tuple[str, ...] = ()  # the score, a sentence per part
    unknown_share: float = 0.0
    sector_share: float | None = None  # the niche's sector's share of best revenue
    sector_rollup: bool = False  # the sector is clearly stronger than the niche


@dataclass(frozen=True)
class ColumnChoice:
    """A field with several candidate columns: the one read and the runner-up."""

    field: str
    chosen: str
    runner_up: str
    reason: str  # why the chosen one, in words


@dataclass(frozen=True, eq=False)
class PreviousPeriod:
    """Last period's client list as the complete step matched it (it also fills
    ``prior_revenue``); ``lost``: its clients no client matched (``client``,
    ``previous``: their revenue then)."""

    file: str
    lost: pd.DataFrame
    period: str | None = None  # what its title (or invoice window) says
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Prepared:
    """A file read, its header found, its columns mapped and its rows cleaned."""

    grid: Grid
    header: Header
    cleaned: Cleaned
    period: Period | None
    report_kind: str | None  # what the title says when it is not revenue
    title: tuple[str, ...] = ()
    choices: tuple[ColumnChoice, ...] = ()
    previous: PreviousPeriod | None = None  # last period's list, when given


CHANGE_KINDS = ("new", "lost", "grown", "shrunk", "flat")


@dataclass(frozen=True, eq=False)
class Bridge:
    """Revenue from last period to this one (niche/rules/bridge.py): previous +
    new - lost + grown - shrunk = current, to the cent. ``parts``: (kind,
    clients, amount >= 0) per CHANGE_KINDS; ``clients``: one row per client."""

    source: str  # "previous_file" | "invoices" | "prior_column"
    previous: float
    current: float
    parts: tuple[tuple[str, int, float], ...]
    clients: pd.DataFrame
    gross_retention: float | None = None  # None unless previous > 0
    net_retention: float | None = None
    labels: tuple[str | None, str | None] = (None, None)  # the two periods
    notes: tuple[str, ...] = ()


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
    bridge: Bridge | None = None  # revenue change from last period, when known

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
    def reconciliation(self) -> Reconciliation | None:
        return self.prepared.cleaned.reconciliation

    @property
    def scale(self) -> float:
        """Factor applied to amounts to annualise a shorter report (1.0 if not)."""
        period = self.prepared.period
        if self.settings.annualise and period and period.months:
            return 12 / period.months
        return 1.0
