"""The user's choices as a small JSON file they take home ("Download settings").

Nothing is stored on the server: the page offers the file, and the page and the
CLI (``--settings FILE``) accept it back. Unknown keys are ignored (a newer file
still loads); a value of the wrong type is a :class:`~niche.errors.SettingsError`
with a one-line message.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from niche.errors import SettingsError
from niche.model import (
    DEFAULT_CLASSES,
    DEFAULT_HOURS_PER_TICKET,
    DEFAULT_MARGIN_TARGET,
    DEFAULT_TARGET_RATE,
    DEFAULT_TIERS,
    FIELDS,
    Options,
    RiskWeights,
    Settings,
)

VERSION = 1
KIND = "niche-finder-settings"
MAX_BYTES = 1024 * 1024
PAGE_SIZES = ("A4", "Letter")  # the plan's paper; None: Letter for "$", else A4
MAX_COMPANY = 120  # characters of the company name kept


@dataclass(frozen=True)
class AppSettings:
    """Everything the user chose, JSON-serialisable.

    ``columns``: field -> heading overrides (``None`` unmaps). ``edits``:
    ``{client key: {"industry": str, "systems": int | None}}`` (see
    :mod:`niche.editor`). ``confirmed_matches``: (client name, other name) pairs
    of fuzzy name matches the user confirmed (``previous_confirmed``: with last
    period's client list). ``industry_overrides``: raw label -> industry.
    ``risk_weights``: signal -> weight (see :class:`~niche.model.RiskWeights`).
    ``company`` and ``page_size`` shape the plan and the report, not the
    analysis.
    """

    sheet: str | None = None
    header_row: int | None = None
    columns: dict[str, str | None] = field(default_factory=dict)
    tiers: tuple[int, int] = DEFAULT_TIERS
    classes: tuple[float, float] = DEFAULT_CLASSES
    margin_target: float = DEFAULT_MARGIN_TARGET
    background: tuple[str, ...] = ()
    currency: str | None = None  # None: the file's currency
    annualise: bool = False
    rollup: bool = True
    sum_months: bool = False
    end_date: str | None = None
    day_first: bool | None = None  # None: decided from the dates
    decimal_comma: bool | None = None  # None: decided from the amounts
    keep_currency: str | None = None  # amounts in several currencies: keep this
    left_out: tuple[str, ...] = ()
    confirmed_matches: tuple[tuple[str, str], ...] = ()
    edits: dict[str, dict[str, Any]] = field(default_factory=dict)
    industry_overrides: dict[str, str] = field(default_factory=dict)
    company: str = ""  # the user's company, printed on the plan and the report
    page_size: str | None = None  # "A4" | "Letter"; None: by the currency
    target_rate: float = DEFAULT_TARGET_RATE
    hours_per_ticket: float = DEFAULT_HOURS_PER_TICKET
    rank_by_profit: bool = False
    risk_weights: dict[str, float] = field(
        default_factory=lambda: asdict(RiskWeights())
    )
    previous_confirmed: tuple[tuple[str, str], ...] = ()

    def __hash__(self) -> int:  # dict fields: hash the JSON text
        return hash(to_json(self))

    @classmethod
    def from_parts(
        cls, settings: Settings, options: Options, **rest: Any
    ) -> AppSettings:
        """The inverse of :meth:`settings` and :meth:`options`: every analysis
        setting and reading option, plus the other fields given by name."""
        return cls(
            tiers=settings.tiers,
            classes=settings.classes,
            margin_target=settings.margin_target,
            background=settings.background,
            currency=settings.currency,
            annualise=settings.annualise,
            industry_overrides=dict(settings.industry_overrides),
            target_rate=settings.target_rate,
            hours_per_ticket=settings.hours_per_ticket,
            rank_by_profit=settings.rank_by_profit,
            risk_weights=asdict(settings.risk_weights),
            rollup=options.rollup,
            end_date=options.end_date,
            sum_months=options.sum_months,
            day_first=options.day_first,
            decimal_comma=options.decimal_comma,
            keep_currency=options.currency,
            **rest,
        )

    def settings(self) -> Settings:
        """The analysis settings (raises SettingsError on bad thresholds)."""
        return Settings(
            tiers=self.tiers,
            classes=self.classes,
            background=self.background,
            margin_target=self.margin_target,
            currency=self.currency,
            annualise=self.annualise,
            industry_overrides=tuple(self.industry_overrides.items()),
            target_rate=self.target_rate,
            hours_per_ticket=self.hours_per_ticket,
            rank_by_profit=self.rank_by_profit,
            risk_weights=RiskWeights(**self.risk_weights),
        )

    def options(self) -> Options:
        """The reading options."""
        return Options(
            rollup=self.rollup,
            end_date=self.end_date,
            sum_months=self.sum_months,
            day_first=self.day_first,
            decimal_comma=self.decimal_comma,
            currency=self.keep_currency,
        )


def to_json(settings: AppSettings) -> str:
    """The settings file's text (indented, stable key order)."""
    body: dict[str, Any] = {"kind": KIND, "version": VERSION}
    for f in fields(settings):
        value = getattr(settings, f.name)
        if isinstance(value, tuple):
            value = [list(v) if isinstance(v, tuple) else v for v in value]
        body[f.name] = value
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _fail(key: str, expected: str) -> SettingsError:
    return SettingsError(f'Settings file: "{key}" must be {expected}.')


def _str(key: str, v: object, *, optional: bool = False) -> str | None:
    if v is None and optional:
        return None
    if not isinstance(v, str):
        raise _fail(key, "text" + (" or null" if optional else ""))
    return v


def _strings(key: str, v: object) -> tuple[str, ...]:
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise _fail(key, "a list of texts")
    return tuple(v)


def _number(key: str, v: object) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise _fail(key, "a number")
    return float(v)


def _pair(key: str, v: object, kind: type) -> tuple:
    if not isinstance(v, list) or len(v) != 2:
        raise _fail(key, "a list of two numbers")
    low, high = (_number(key, x) for x in v)
    if kind is int:
        if not (low.is_integer() and high.is_integer()):
            raise _fail(key, "a list of two whole numbers")
        return int(low), int(high)
    return low, high


def _text_map(key: str, v: object, *, nullable: bool = False) -> dict[str, Any]:
    ok = isinstance(v, dict) and all(
        isinstance(x, str) or (nullable and x is None) for x in v.values()
    )
    if not ok:
        raise _fail(key, "an object of texts")
    return dict(v)


def _edits(v: object) -> dict[str, dict[str, Any]]:
    if not isinstance(v, dict):
        raise _fail("edits", "an object")
    out: dict[str, dict[str, Any]] = {}
    for key, change in v.items():
        if not isinstance(change, dict):
            raise _fail("edits", 'an object of {"industry": ..., "systems": ...}')
        entry: dict[str, Any] = {}
        if "industry" in change:
            entry["industry"] = _str("edits", change["industry"], optional=True)
        if "systems" in change:
            count = change["systems"]
            if count is not None:
                count = _number("edits", count)
                if count < 0 or not count.is_integer():
                    raise _fail("edits", "whole numbers of systems")
                count = int(count)
            entry["systems"] = count
        out[str(key)] = entry
    return out


def _matches(v: object, key: str = "confirmed_matches") -> tuple[tuple[str, str], ...]:
    if not isinstance(v, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
        for p in v
    ):
        raise _fail(key, "a list of [client, other name] pairs")
    return tuple((a, b) for a, b in v)


def _header_row(key: str, v: object) -> int | None:
    if v is None:
        return None
    row = _number(key, v)
    if not row.is_integer() or row < 1:
        raise _fail(key, "a row number")
    return int(row)


def _columns(key: str, v: object) -> dict[str, str | None]:
    columns = _text_map(key, v, nullable=True)
    unknown = set(columns) - set(FIELDS)
    if unknown:
        raise SettingsError(
            f'Settings file: unknown field "{sorted(unknown)[0]}" in "columns".'
        )
    return columns


def _flag(key: str, v: object) -> bool:
    if not isinstance(v, bool):
        raise _fail(key, "true or false")
    return v


def _maybe_flag(key: str, v: object) -> bool | None:
    if v is not None and not isinstance(v, bool):
        raise _fail(key, "true, false or null")
    return v


def _page_size(key: str, v: object) -> str | None:
    if v is not None and v not in PAGE_SIZES:
        raise _fail(key, " or ".join(f'"{size}"' for size in PAGE_SIZES) + " or null")
    return v


def _company(key: str, v: object) -> str:
    return " ".join(str(_str(key, v)).split())[:MAX_COMPANY]


def _risk_weights(v: object) -> dict[str, float]:
    """Signal -> weight; the signals not given keep their default weight."""
    known = asdict(RiskWeights())
    if not isinstance(v, dict) or not set(v) <= set(known):
        raise _fail("risk_weights", f"an object with keys among {sorted(known)}")
    return {**known, **{k: _number("risk_weights", w) for k, w in v.items()}}


# One reader per known key: (key, raw value) -> the field's value, or SettingsError.
_READERS: dict[str, Callable[[str, Any], Any]] = {
    "sheet": lambda k, v: _str(k, v, optional=True),
    "header_row": _header_row,
    "columns": _columns,
    "tiers": lambda k, v: _pair(k, v, int),
    "classes": lambda k, v: _pair(k, v, float),
    "margin_target": _number,
    "background": _strings,
    "left_out": _strings,
    "currency": lambda k, v: _str(k, v, optional=True),
    "keep_currency": lambda k, v: _str(k, v, optional=True),
    "annualise": _flag,
    "rollup": _flag,
    "sum_months": _flag,
    "day_first": _maybe_flag,
    "decimal_comma": _maybe_flag,
    "end_date": lambda k, v: _str(k, v, optional=True),
    "confirmed_matches": lambda k, v: _matches(v),
    "edits": lambda k, v: _edits(v),
    "industry_overrides": _text_map,
    "company": _company,
    "page_size": _page_size,
    "target_rate": _number,
    "hours_per_ticket": _number,
    "rank_by_profit": _flag,
    "risk_weights": lambda k, v: _risk_weights(v),
    "previous_confirmed": lambda k, v: _matches(v, k),
}


def _version(body: dict[str, Any]) -> int:
    version = body.get("version", VERSION)
    if isinstance(version, bool) or not isinstance(version, int):
        raise _fail("version", "a whole number")
    if version > VERSION:
        raise SettingsError(
            f"Settings file: version {version} is newer than this app reads "
            f"({VERSION}); update Niche Finder."
        )
    return version


def from_json(text: str | bytes) -> AppSettings:
    """Read a settings file, validating each known key.

    Raises
    ------
    SettingsError
        Not JSON, not a settings object, a newer version, or a value of the
        wrong type.
    """
    if len(text) > MAX_BYTES:
        raise SettingsError("Settings file: too large to be a settings file.")
    try:
        body = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SettingsError("Settings file: not valid JSON.") from exc
    if not isinstance(body, dict):
        raise SettingsError("Settings file: expected a JSON object.")
    _version(body)
    kw = {key: read(key, body[key]) for key, read in _READERS.items() if key in body}
    settings = AppSettings(**kw)
    settings.settings()  # thresholds checked now, with their own message
    return settings


def merged_columns(
    settings: AppSettings, overrides: Mapping[str, str | None]
) -> dict[str, str | None]:
    """The settings' column choices, with ``overrides`` (e.g. CLI ``--map``) winning."""
    return {**settings.columns, **overrides}
