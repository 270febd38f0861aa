"""The user's choices as a small JSON file they take home ("Download settings").

Nothing is stored on the server: the page offers the file, and the page and the
CLI (``--settings FILE``) accept it back. Unknown keys are ignored (a newer file
still loads); a value of the wrong type is a :class:`~niche.errors.SettingsError`
with a one-line message.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
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


@dataclass(frozen=True)
class AppSettings:
    """Everything the user chose, JSON-serialisable.

    ``columns``: field -> heading overrides (``None`` unmaps). ``edits``:
    ``{client key: {"industry": str, "systems": int | None}}`` (see
    :mod:`niche.editor`). ``confirmed_matches``: (client name, other name) pairs
    of fuzzy name matches the user confirmed (``previous_confirmed``: with last
    period's client list). ``industry_overrides``: raw label -> industry.
    ``risk_weights``: signal -> weight (see :class:`~niche.model.RiskWeights`).
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


def _profit_keys(body: dict[str, Any]) -> dict[str, Any]:
    """The keys of the hourly rate, profit ranking, risk score and last period's
    matches (issue 18)."""
    kw: dict[str, Any] = {}
    for key in ("target_rate", "hours_per_ticket"):
        if key in body:
            kw[key] = _number(key, body[key])
    if "rank_by_profit" in body:
        if not isinstance(body["rank_by_profit"], bool):
            raise _fail("rank_by_profit", "true or false")
        kw["rank_by_profit"] = body["rank_by_profit"]
    if "risk_weights" in body:
        weights = body["risk_weights"]
        known = set(asdict(RiskWeights()))
        if not isinstance(weights, dict) or not set(weights) <= known:
            raise _fail("risk_weights", f"an object with keys among {sorted(known)}")
        kw["risk_weights"] = {
            **asdict(RiskWeights()),
            **{k: _number("risk_weights", v) for k, v in weights.items()},
        }
    if "previous_confirmed" in body:
        kw["previous_confirmed"] = _matches(
            body["previous_confirmed"], "previous_confirmed"
        )
    return kw


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
    version = body.get("version", VERSION)
    if isinstance(version, bool) or not isinstance(version, int):
        raise _fail("version", "a whole number")
    if version > VERSION:
        raise SettingsError(
            f"Settings file: version {version} is newer than this app reads "
            f"({VERSION}); update Niche Finder."
        )
    kw: dict[str, Any] = {}
    get = body.get
    if "sheet" in body:
        kw["sheet"] = _str("sheet", get("sheet"), optional=True)
    if "header_row" in body and get("header_row") is not None:
        row = _number("header_row", get("header_row"))
        if not row.is_integer() or row < 1:
            raise _fail("header_row", "a row number")
        kw["header_row"] = int(row)
    if "columns" in body:
        columns = _text_map("columns", get("columns"), nullable=True)
        unknown = set(columns) - set(FIELDS)
        if unknown:
            raise SettingsError(
                f'Settings file: unknown field "{sorted(unknown)[0]}" in "columns".'
            )
        kw["columns"] = columns
    if "tiers" in body:
        kw["tiers"] = _pair("tiers", get("tiers"), int)
    if "classes" in body:
        kw["classes"] = _pair("classes", get("classes"), float)
    if "margin_target" in body:
        kw["margin_target"] = _number("margin_target", get("margin_target"))
    for key in ("background", "left_out"):
        if key in body:
            kw[key] = _strings(key, get(key))
    if "currency" in body:
        kw["currency"] = _str("currency", get("currency"), optional=True)
    for key in ("annualise", "rollup", "sum_months"):
        if key in body:
            if not isinstance(get(key), bool):
                raise _fail(key, "true or false")
            kw[key] = get(key)
    for key in ("day_first", "decimal_comma"):
        if key in body and get(key) is not None:
            if not isinstance(get(key), bool):
                raise _fail(key, "true, false or null")
            kw[key] = get(key)
    if "keep_currency" in body:
        kw["keep_currency"] = _str("keep_currency", get("keep_currency"), optional=True)
    if "end_date" in body:
        kw["end_date"] = _str("end_date", get("end_date"), optional=True)
    if "confirmed_matches" in body:
        kw["confirmed_matches"] = _matches(get("confirmed_matches"))
    if "edits" in body:
        kw["edits"] = _edits(get("edits"))
    if "industry_overrides" in body:
        kw["industry_overrides"] = _text_map(
            "industry_overrides", get("industry_overrides")
        )
    settings = AppSettings(**kw, **_profit_keys(body))
    settings.settings()  # thresholds checked now, with their own message
    return settings


def merged_columns(
    settings: AppSettings, overrides: Mapping[str, str | None]
) -> dict[str, str | None]:
    """The settings' column choices, with ``overrides`` (e.g. CLI ``--map``) winning."""
    return {**settings.columns, **overrides}
