"""The page's state: every session key in one place, read once per run.

Widgets own their keys (:class:`Key`); what the user chose outside widgets (edits,
left-out clients, confirmed matches, industry re-mappings) is kept under keys
of its own as plain JSON values. :class:`PageState` reads all of it once, as
frozen values, at the start of a run: the rest of the page works on that, and
writes back only through the functions here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from niche.export.settings_file import AppSettings
from niche.model import DEFAULT_CLASSES, DEFAULT_MARGIN_TARGET, DEFAULT_TIERS
from niche.session import FrozenEdits, freeze_edits


class Key(StrEnum):
    """Session-state keys (widget keys and the page's own)."""

    UPLOAD = "upload"
    SETTINGS_UPLOAD = "settings_upload"
    ENRICH_UPLOAD = "enrich_upload"
    PROSPECTS_UPLOAD = "prospects_upload"
    PREVIOUS_UPLOAD = "previous_upload"
    BACKGROUND = "background"
    BACKGROUND_TEXT = "background_text"
    TIER_LOW = "tier_low"
    TIER_HIGH = "tier_high"
    CURRENCY = "currency"
    COMPANY = "company"
    CLASS_A = "class_a"
    CLASS_B = "class_b"
    MARGIN_TARGET = "margin_target"
    ROLLUP = "rollup"
    TARGET_RATE = "target_rate"
    HOURS_PER_TICKET = "hours_per_ticket"
    RANK_BY_PROFIT = "rank_by_profit"
    ANNUALISE = "annualise"
    SUM_MONTHS = "sum_months"
    DAY_FIRST = "day_first"
    DECIMAL_COMMA = "decimal_comma"
    SHOW_ALL_CLIENTS = "show_all_clients"
    SHOW_ALL_EDITOR = "all_editor"
    INDUSTRY_CHART = "industry_chart"
    TAB = "tab"
    PASSWORD = "password"
    RETRY = "retry_busy"  # "Try again" after a refusal for want of memory
    # the page's own (not widgets)
    AUTHENTICATED = "authenticated"
    EDITS = "edits"
    LEFT_OUT = "left_out"
    LEFT_OUT_FILE = "left_out_file"  # the file whose "Leave out" marks were added
    CONFIRMED = "confirmed"
    INDUSTRY_OVERRIDES = "industry_overrides"
    SAVED_COLUMNS = "saved_columns"  # column choices from a settings file
    SETTINGS_LOADED = "settings_loaded"  # digest of the settings file applied
    FILES_READ = "files_read"  # files read in this session (no progress box again)
    NAME_COLUMNS = "name_columns"  # second files: digest -> names column chosen
    KEEP_CURRENCY = "keep_currency"  # a mixed-currency file: the currency kept
    PREVIOUS_CONFIRMED = "previous_confirmed"  # last period's names confirmed
    CURRENCIES = "currencies"  # (file digest, the currencies it mixes)


class Tab(StrEnum):
    """The page's tabs, in order (their labels)."""

    CLIENTS = "Clients"
    WHO = "Who gets what"
    TIERS = "Size tiers"
    INDUSTRIES = "Industries"
    NICHE = "Niche and score"
    PROFIT = "Profit"
    CHANGE = "Change"
    PROSPECTS = "Prospects"
    COMPLETE = "Complete your data"
    QUALITY = "Data quality"


@dataclass(frozen=True)
class Bounds:
    """A number widget's range and default."""

    low: int
    high: int
    default: int

    def clamp(self, value: float) -> int:
        return int(min(max(round(value), self.low), self.high))


TIER_LOW = Bounds(1, 10_000, DEFAULT_TIERS[0])
TIER_HIGH = Bounds(1, 100_000, DEFAULT_TIERS[1])
CLASS_A = Bounds(50, 95, round(DEFAULT_CLASSES[0] * 100))  # percent
CLASS_B = Bounds(55, 100, round(DEFAULT_CLASSES[1] * 100))
MARGIN = Bounds(0, 60, round(DEFAULT_MARGIN_TARGET * 100))


@dataclass(frozen=True)
class PageState:
    """What the user chose outside the widgets, as frozen values."""

    edits: FrozenEdits = ()
    left_out: tuple[str, ...] = ()
    confirmed: tuple[tuple[str, str], ...] = ()
    previous_confirmed: tuple[tuple[str, str], ...] = ()
    industry_overrides: tuple[tuple[str, str], ...] = ()
    saved_columns: tuple[tuple[str, str | None], ...] = ()
    day_first: bool = False
    decimal_comma: bool = False
    sum_months: bool = False

    @classmethod
    def of(cls, session: Mapping[str, object]) -> PageState:
        get = session.get
        return cls(
            edits=freeze_edits(get(Key.EDITS) or {}),  # type: ignore[arg-type]
            left_out=tuple(get(Key.LEFT_OUT) or ()),  # type: ignore[arg-type]
            confirmed=tuple(
                (str(a), str(b))
                for a, b in get(Key.CONFIRMED) or ()  # type: ignore[attr-defined]
            ),
            previous_confirmed=tuple(
                (str(a), str(b))
                for a, b in get(Key.PREVIOUS_CONFIRMED) or ()  # type: ignore[attr-defined]
            ),
            industry_overrides=tuple(
                sorted((get(Key.INDUSTRY_OVERRIDES) or {}).items())  # type: ignore[attr-defined]
            ),
            saved_columns=tuple(
                (get(Key.SAVED_COLUMNS) or {}).items()  # type: ignore[attr-defined]
            ),
            day_first=bool(get(Key.DAY_FIRST)),
            decimal_comma=bool(get(Key.DECIMAL_COMMA)),
            sum_months=bool(get(Key.SUM_MONTHS)),
        )

    @property
    def edits_dict(self) -> dict[str, dict[str, object]]:
        return {key: dict(change) for key, change in self.edits}


def set_edits(session: MutableMapping, edits: Mapping, left_out: Sequence) -> None:
    session[Key.EDITS] = {k: dict(v) for k, v in edits.items()}
    session[Key.LEFT_OUT] = list(left_out)


def set_confirmed(session: MutableMapping, pairs: Sequence[Sequence[str]]) -> None:
    session[Key.CONFIRMED] = [list(p) for p in pairs]


def set_overrides(session: MutableMapping, overrides: Mapping[str, str]) -> None:
    session[Key.INDUSTRY_OVERRIDES] = dict(overrides)


def add_file_marks(session: MutableMapping, token: str, marks: Sequence[str]) -> None:
    """A new file's own "Leave out" marks join the left-out names, once."""
    if session.get(Key.LEFT_OUT_FILE) == token:
        return
    seen: dict[str, str] = {}
    for name in [*session.get(Key.LEFT_OUT, []), *marks]:
        seen.setdefault(" ".join(str(name).split()).casefold(), str(name))
    session[Key.LEFT_OUT] = list(seen.values())
    session[Key.LEFT_OUT_FILE] = token


def widget_values(app: AppSettings, names: Sequence[str]) -> dict[str, object]:
    """Session values for the widgets and choices from a settings file, clamped
    to the widgets' ranges (``names``: the industries the picker offers)."""
    known = set(names)
    low, high = app.tiers
    return {
        Key.BACKGROUND: [b for b in app.background if b in known],
        Key.BACKGROUND_TEXT: ", ".join(b for b in app.background if b not in known),
        Key.TIER_LOW: TIER_LOW.clamp(min(low, high)),
        Key.TIER_HIGH: TIER_HIGH.clamp(max(low, high)),
        Key.CURRENCY: (app.currency or "")[:4],
        Key.COMPANY: app.company,
        Key.CLASS_A: CLASS_A.clamp(app.classes[0] * 100),
        Key.CLASS_B: CLASS_B.clamp(app.classes[1] * 100),
        Key.MARGIN_TARGET: MARGIN.clamp(app.margin_target * 100),
        Key.ROLLUP: bool(app.rollup),
        Key.ANNUALISE: bool(app.annualise),
        Key.SUM_MONTHS: bool(app.sum_months),
        Key.EDITS: {k: dict(v) for k, v in app.edits.items()},
        Key.LEFT_OUT: list(app.left_out),
        Key.CONFIRMED: [list(p) for p in app.confirmed_matches],
        Key.INDUSTRY_OVERRIDES: dict(app.industry_overrides),
        Key.SAVED_COLUMNS: dict(app.columns),
        Key.KEEP_CURRENCY: app.keep_currency or "(choose one)",
        Key.TARGET_RATE: float(app.target_rate),
        Key.HOURS_PER_TICKET: float(app.hours_per_ticket),
        Key.RANK_BY_PROFIT: bool(app.rank_by_profit),
        Key.PREVIOUS_CONFIRMED: [list(p) for p in app.previous_confirmed],
        **{f"risk_{k}": float(v) for k, v in app.risk_weights.items()},
    }


def digest(*parts: object) -> str:
    """A short digest of frozen values (widget keys that must change with them)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=8).hexdigest()
