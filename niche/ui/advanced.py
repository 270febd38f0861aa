"""The sidebar's Advanced settings: value classes, margin and hourly targets,
roll-up, ranking by profit and the risk score's weights."""

from __future__ import annotations

from dataclasses import asdict, fields

import streamlit as st

from niche.model import DEFAULT_HOURS_PER_TICKET, DEFAULT_TARGET_RATE, RiskWeights
from niche.present.profit import SIGNAL_LABELS
from niche.ui import state
from niche.ui.state import Key


def _percent(label: str, bounds: state.Bounds, key: Key) -> int:
    """A slider of whole percents, in steps of 5."""
    return st.slider(
        label, bounds.low, bounds.high, bounds.default, 5, key=key, format="%d %%"
    )


def advanced() -> tuple[dict, bool]:
    """Settings keywords, and whether sub-customers roll up."""
    first = _percent("Class A: first … of revenue", state.CLASS_A, Key.CLASS_A)
    second = _percent("Class B: up to … of revenue", state.CLASS_B, Key.CLASS_B)
    margin = _percent("Margin target", state.MARGIN, Key.MARGIN_TARGET)
    rollup = st.checkbox("Roll sub-customers into their parent", True, key=Key.ROLLUP)
    chosen = {"classes": (first / 100, second / 100), "margin_target": margin / 100}
    return {**chosen, **_profit()}, rollup


def _profit() -> dict:
    target = st.number_input(
        "Target revenue per support hour",
        min_value=0.0,
        max_value=10_000.0,
        value=float(DEFAULT_TARGET_RATE),
        step=10.0,
        key=Key.TARGET_RATE,
        help="A client below it costs more time than it pays (needs support "
        "hours or tickets in the file).",
    )
    per_ticket = st.number_input(
        "Hours per ticket",
        min_value=0.1,
        max_value=100.0,
        value=float(DEFAULT_HOURS_PER_TICKET),
        step=0.5,
        key=Key.HOURS_PER_TICKET,
        help="When the file counts tickets rather than hours.",
    )
    by_profit = st.checkbox(
        "Rank by gross profit (when every client has a cost)",
        key=Key.RANK_BY_PROFIT,
        help="Value classes, best service and the niche score follow gross "
        "profit instead of revenue.",
    )
    st.caption("Risk score weights (only their proportions matter)")
    defaults = asdict(RiskWeights())
    weights = {}
    cols = st.columns(2)
    for i, field in enumerate(f.name for f in fields(RiskWeights)):
        weights[field] = cols[i % 2].number_input(
            SIGNAL_LABELS[field],
            min_value=0.0,
            max_value=1.0,
            value=float(defaults[field]),
            step=0.05,
            key=f"risk_{field}",
        )
    if not any(weights.values()):
        weights = defaults  # all at 0: the defaults, rather than no score
    return {
        "target_rate": float(target),
        "hours_per_ticket": float(per_ticket),
        "rank_by_profit": bool(by_profit),
        "risk_weights": RiskWeights(**weights),
    }
