"""The risk score: 0-100 per client from the signals the file has.

Each signal is a risk from 0 to 1 (docs/profit-and-change.md)::

    revenue_change  (1 - revenue / prior revenue) / 0.5      prior revenue > 0
    margin          (target - margin) / target               cost known
    hourly_rate     (target rate - hourly rate) / target     support hours known
    hours_trend     (recent hours / earlier hours - 1) / 1   invoice files with hours
    tenure          1 - years as a client / 1                client since, or a
                                                             first invoice the file
                                                             does not cut off
    recency         (days since the last invoice - 30) / 90  last invoice known

each clipped to 0..1. The score is 100 x sum(weight x risk) / sum(weight) over
the signals the file has (a signal unknown for one client counts 0 for it); no
signal in the file: no score. A client's reasons are its two signals adding the
most, in words. The SPEC's ``at_risk`` flag stays as it is.
"""

from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from niche.format import money, pct
from niche.model import RiskWeights, Settings

SIGNALS = tuple(RiskWeights.__dataclass_fields__)
FULL_DROP = 0.5  # revenue down by half or more: full risk
FULL_RISE = 1.0  # support hours doubled or more: full risk
NEW_YEARS = 1.0  # a client for less than this many years carries risk
QUIET_DAYS = 30  # no risk from recency up to this many days since the last invoice
LAPSE_DAYS = 90  # ... full risk this many days later
CUT_OFF_DAYS = 90  # a first invoice this close to the file's first date may be older
_DAYS_A_YEAR = 365.25


def _clip(values: np.ndarray) -> np.ndarray:
    return np.clip(values, 0.0, 1.0)


def _tenure_years(clients: pd.DataFrame, reference: pd.Timestamp) -> np.ndarray:
    """Years since ``client_since``, else since the first invoice when the file
    does not start within :data:`CUT_OFF_DAYS` of it (NaN: unknown)."""
    since = pd.to_datetime(clients["client_since"])
    first = pd.to_datetime(clients["first_date"])
    if first.notna().any():
        first = first.where(first - first.min() >= pd.Timedelta(days=CUT_OFF_DAYS))
        since = since.fillna(first)
    years = ((reference - since).dt.days / _DAYS_A_YEAR).to_numpy(dtype="float64")
    return np.where(years >= 0, years, np.nan)


def _values(
    clients: pd.DataFrame, reference: pd.Timestamp
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each signal's raw measure and its known mask: the revenue drop, the
    margin, the hourly rate, the rise in hours, the tenure in years and the
    days since the last invoice."""
    annual = clients["annual_revenue"].to_numpy(dtype="float64")
    prior = clients["prior_revenue"].to_numpy(dtype="float64")
    cost = clients["cost"].to_numpy(dtype="float64")
    recent = clients["hours_recent"].to_numpy(dtype="float64")
    earlier = clients["hours_earlier"].to_numpy(dtype="float64")
    rate = clients["hourly_rate"].to_numpy(dtype="float64")
    last = pd.to_datetime(clients["last_date"])
    days = (reference - last).dt.days.to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        drop = np.where(prior > 0, 1 - annual / prior, 0.0)
        margin = np.where(annual > 0, (annual - cost) / annual, -np.inf)
        rise = np.where(earlier > 0, recent / earlier - 1, np.nan)
    hours = clients["hours"].to_numpy(dtype="float64")
    years = _tenure_years(clients, reference)
    return {
        "revenue_change": (drop, ~np.isnan(prior)),
        "margin": (margin, ~np.isnan(cost)),
        "hourly_rate": (rate, hours > 0),
        "hours_trend": (rise, ~np.isnan(rise)),
        "tenure": (years, ~np.isnan(years)),
        "recency": (days, ~np.isnan(days)),
    }


def _risks(
    values: dict[str, tuple[np.ndarray, np.ndarray]], settings: Settings
) -> dict[str, np.ndarray]:
    """Each signal's risk 0..1, NaN where the client's value is unknown."""
    target, rate_target = settings.margin_target, settings.target_rate
    drop, margin, rate, rise, years, days = (values[s][0] for s in SIGNALS)
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = {
            "revenue_change": drop / FULL_DROP,
            "margin": (
                (target - margin) / target if target > 0 else (margin < 0) * 1.0
            ),
            "hourly_rate": (
                (rate_target - rate) / rate_target if rate_target > 0 else rate * 0
            ),
            "hours_trend": rise / FULL_RISE,
            "tenure": 1 - years / NEW_YEARS,
            "recency": (days - QUIET_DAYS) / LAPSE_DAYS,
        }
    return {
        s: np.where(values[s][1], _clip(np.nan_to_num(raw[s])), np.nan) for s in SIGNALS
    }


def _words(signal: str, value: float, settings: Settings) -> str:
    """One signal's measure in words."""
    cur = settings.currency
    if signal == "revenue_change":
        if value >= 1:
            return "no revenue this period" if value == 1 else "revenue below zero"
        return f"revenue down {pct(value)} on last period"
    if signal == "margin":
        if value == -np.inf:
            return "costs with no revenue"
        return f"gross margin {pct(value)} (target {pct(settings.margin_target)})"
    if signal == "hourly_rate":
        target = money(settings.target_rate, cur)
        return f"{money(value, cur)} an hour of support (target {target})"
    if signal == "hours_trend":
        return f"support hours up {pct(value)} in the last 6 months"
    if signal == "tenure":
        months = round(value * 12)
        return (
            "a client for less than a month"
            if months < 1
            else f"a client for {months} month{'s' if months > 1 else ''}"
        )
    return f"no invoice for {int(value)} days"


_SCALE = {"revenue_change": 100, "margin": 100, "hours_trend": 100, "tenure": 12}


def _texts(signal: str, values: np.ndarray, settings: Settings) -> np.ndarray:
    """:func:`_words` of each value, each distinct wording worked out once: the
    words print a rounded figure (a whole percent, currency unit, month or day,
    and its sign), except where :func:`_words` looks closer (a percent between
    0 and 1, a revenue drop of 100 % or more, no revenue): those go by value."""
    scaled = values * _SCALE.get(signal, 1)
    exact = ~np.isfinite(values)
    if signal in _SCALE:
        exact |= (scaled > 0) & (scaled < 0.95)
    if signal == "revenue_change":
        exact |= values >= 1
    rounded = np.trunc(values) if signal == "recency" else np.rint(scaled)
    # -0.5 apart: a figure rounded to 0 from below prints "-0".
    figure = np.where(exact, 0.0, rounded - 0.5 * np.signbit(values))
    out = np.empty(len(values), dtype=object)
    for part, keys in ((exact, values), (~exact, figure)):
        if part.any():
            picked = values[part]
            _, first, inverse = np.unique(
                keys[part], return_index=True, return_inverse=True
            )
            said = [_words(signal, float(picked[i]), settings) for i in first]
            out[part] = np.asarray(said, dtype=object)[inverse.reshape(-1)]
    return out


def add_risk(
    clients: pd.DataFrame, settings: Settings, reference: pd.Timestamp
) -> pd.DataFrame:
    """The ranked clients with ``risk_score`` (0-100, NaN when the file has no
    signal), ``risk_reasons`` (up to two texts) and one ``risk_<signal>`` column
    per signal (0..1, NaN unknown)."""
    values = _values(clients, reference)
    risks = _risks(values, settings)
    weights = asdict(settings.risk_weights)
    present = [s for s in SIGNALS if weights[s] > 0 and values[s][1].any()]
    total = sum(weights[s] for s in present)
    n = len(clients)
    columns = {f"risk_{s}": risks[s] for s in SIGNALS}
    if not present:  # no signal in the file: no score
        reasons = np.empty(n, dtype=object)
        reasons.fill(())
        return clients.assign(risk_score=np.nan, risk_reasons=reasons, **columns)
    parts = np.zeros((n, len(SIGNALS)))
    for i, s in enumerate(SIGNALS):
        if s in present:
            parts[:, i] = np.nan_to_num(risks[s]) * weights[s]
    score = 100 * parts.sum(axis=1) / total
    # The two largest contributions; ties in the order of SIGNALS (stable sort).
    top = np.argsort(-parts, axis=1, kind="stable")[:, :2]
    rows = np.arange(n)
    said = np.full((len(SIGNALS), n), None, dtype=object)
    for i, s in enumerate(SIGNALS):
        need = ((top == i) & (parts[rows[:, None], top] > 0)).any(axis=1)
        if need.any():
            said[i, need] = _texts(s, values[s][0][need], settings)
    first = np.where(parts[rows, top[:, 0]] > 0, said[top[:, 0], rows], None)
    second = np.where(parts[rows, top[:, 1]] > 0, said[top[:, 1], rows], None)
    reasons = pd.Series(
        [
            (a, b) if b is not None else (a,) if a is not None else ()
            for a, b in zip(first.tolist(), second.tolist(), strict=True)
        ],
        dtype=object,
    ).to_numpy()
    return clients.assign(risk_score=score, risk_reasons=reasons, **columns)
