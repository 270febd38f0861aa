"""Altair charts for the page, and the parser for their selections.

Every chart takes an :class:`~niche.pipeline.Analysis` and returns an
``alt.Chart`` (or layer); nothing here imports Streamlit. Colours are fixed: one
per size tier and one per value class, the same in every chart. Charts cap what
they send to the browser (top 50 bars plus "all others", a sample of the scatter
beyond a few thousand points) so a big MSP's data never chokes the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from niche.model import Analysis, Bridge
from niche.present.chart_data import (
    CLASS_NAMES,
    INDUSTRY_TOP,
    PARETO_TOP,
    SCATTER_MAX,
    TIER_NAMES,
    _ordered,
    bounds_data,
    industry_data,
    pareto_data,
    pareto_rule_data,
    scatter_data,
    tier_bars_data,
)
from niche.present.profit import bridge_steps

TIER_COLORS = {
    "micro": "#9ecae1",
    "sweet_spot": "#2e8b57",
    "large": "#e6862e",
    "unknown": "#b0b0b0",
}
CLASS_COLORS = {"A": "#1f4e79", "B": "#6fa8dc", "C": "#c9d6e3"}
OTHERS_COLOR = "#d9d9d9"
LINE_COLOR = "#c0392b"
INDUSTRY_PARAM = "industry_pick"
Source = pd.DataFrame | alt.NamedData


# Nominal axes keep the data's order through an ``order`` column (a sort by a
# field works across layers, unlike a sort list, and keeps the layout free of data).
_IN_ORDER = alt.EncodingSortField(field="order", op="min", order="ascending")


def _tier_scale() -> alt.Scale:
    return alt.Scale(
        domain=[TIER_NAMES[t] for t in TIER_COLORS],
        range=list(TIER_COLORS.values()),
    )


def _class_scale(others: bool) -> alt.Scale:
    """The value classes' colours, and the grey "All others" bar's when there
    is one (else the legend would name a bar that is not there)."""
    extra = {"All others": OTHERS_COLOR} if others else {}
    return alt.Scale(
        domain=[*CLASS_NAMES.values(), *extra],
        range=[*CLASS_COLORS.values(), *extra.values()],
    )


def pareto_chart(analysis: Analysis, top: int = PARETO_TOP) -> alt.LayerChart:
    """Bars of monthly revenue per client (ranked, named on the axis) with the
    cumulative share line and the class-A cut-off (80 % by default) as a dashed
    rule; beyond ``top`` clients, one "All others" bar (their average)."""
    s = analysis.settings
    rule = pareto_rule_data(s.classes[0])
    others = len(analysis.clients) > top
    return _pareto(pareto_data(analysis, top), rule, s.currency, others)


def _pareto(data: Source, rule_data: Source, cur: str, others: bool) -> alt.LayerChart:
    # Names on the axis, in rank order; the "All others" bar is their average.
    x = alt.X(
        "label:N",
        sort=_IN_ORDER,
        title="Clients, largest first"
        + (" (All others: their average)" if others else ""),
        axis=alt.Axis(labelAngle=-50, labelLimit=130, labelOverlap=False),
    )
    tooltip = [
        alt.Tooltip("order:Q", title="Rank"),
        alt.Tooltip("detail:N", title="Client"),
        alt.Tooltip(
            "monthly_revenue:Q", title=f"Monthly revenue ({cur})", format=",.0f"
        ),
        alt.Tooltip("revenue_share:Q", title="Share", format=".1%"),
        alt.Tooltip("cumulative_share:Q", title="Cumulative", format=".1%"),
        alt.Tooltip("value_class:N", title="Class"),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y(
                "monthly_revenue:Q",
                title=f"Monthly revenue ({cur})",
                axis=alt.Axis(format=",.0f"),
            ),
            color=alt.Color(
                "value_class:N",
                scale=_class_scale(others),
                legend=alt.Legend(title="Value class", orient="top"),
            ),
            tooltip=tooltip,
        )
    )
    share_axis = alt.Y(
        "cumulative_share:Q",
        title="Cumulative share of revenue",
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%", orient="right"),
    )
    line = (
        alt.Chart(data)
        .mark_line(
            color=LINE_COLOR, point=alt.OverlayMarkDef(color=LINE_COLOR, size=18)
        )
        .encode(x=x, y=share_axis, tooltip=tooltip)
    )
    rule = (
        alt.Chart(rule_data)
        .mark_rule(color=LINE_COLOR, strokeDash=[6, 4], opacity=0.7)
        .encode(y=share_axis)
    )
    rule_text = (
        alt.Chart(rule_data)
        .mark_text(align="right", dy=-7, dx=-4, color=LINE_COLOR, fontSize=12)
        .encode(y=share_axis, x=alt.value("width"), text="text:N")
    )
    share_layers = alt.layer(line, rule, rule_text)
    return (
        alt.layer(bars, share_layers)
        .resolve_scale(y="independent")
        .properties(height=300)
    )


def tier_scatter(analysis: Analysis, limit: int = SCATTER_MAX) -> alt.LayerChart:
    """Systems against monthly revenue, coloured by tier, with the tier
    boundaries drawn as dashed vertical rules."""
    s = analysis.settings
    return _scatter(scatter_data(analysis, limit), bounds_data(s.tiers), s.currency)


def _scatter(data: Source, bounds: Source, cur: str) -> alt.LayerChart:
    points = (
        alt.Chart(data)
        .mark_circle(size=70, opacity=0.85, stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("systems:Q", title="Systems (PCs)"),
            y=alt.Y(
                "monthly_revenue:Q",
                title=f"Monthly revenue ({cur})",
                axis=alt.Axis(format=",.0f"),
            ),
            color=alt.Color(
                "tier:N",
                scale=_tier_scale(),
                legend=alt.Legend(title="Tier", orient="top"),
            ),
            tooltip=[
                alt.Tooltip("client:N", title="Client"),
                alt.Tooltip("industry:N", title="Industry"),
                alt.Tooltip("systems:Q", title="Systems", format=",.0f"),
                alt.Tooltip(
                    "monthly_revenue:Q", title=f"Monthly ({cur})", format=",.0f"
                ),
                alt.Tooltip("tier:N", title="Tier"),
            ],
        )
    )
    rules = (
        alt.Chart(bounds)
        .mark_rule(strokeDash=[5, 4], color="#555555")
        .encode(x="systems:Q")
    )
    labels = (
        alt.Chart(bounds)
        .mark_text(align="left", dx=4, dy=8, color="#555555", fontSize=11)
        .encode(x="systems:Q", y=alt.value(0), text="text:N")
    )
    return alt.layer(points, rules, labels).properties(
        height=300, title="Size against revenue"
    )


def tier_bars(tiers: pd.DataFrame, currency: str) -> alt.Chart:
    """Monthly revenue per tier (``tiers`` from ``page_model.tier_summary``)."""
    return _tier_bars(tier_bars_data(tiers), currency)


def _tier_bars(data: Source, currency: str) -> alt.Chart:
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "label:N",
                sort=list(TIER_NAMES.values()),
                title=None,
                axis=alt.Axis(labelOverlap=False),
            ),
            x=alt.X(
                "monthly_revenue:Q",
                title=f"Monthly revenue ({currency})",
                axis=alt.Axis(format=",.0f"),
            ),
            color=alt.Color("label:N", scale=_tier_scale(), legend=None),
            tooltip=[
                alt.Tooltip("label:N", title="Tier"),
                alt.Tooltip("clients:Q", title="Clients"),
                alt.Tooltip(
                    "monthly_revenue:Q", title=f"Monthly ({currency})", format=",.0f"
                ),
                alt.Tooltip("revenue_share:Q", title="Share", format=".0%"),
            ],
        )
        .properties(height=alt.Step(34), title="Monthly revenue by tier")
    )


def industry_chart(analysis: Analysis, top: int = INDUSTRY_TOP) -> alt.LayerChart:
    """Monthly revenue by industry (all clients, and the best clients' part),
    labelled with the best-client count. Clicking a bar selects the industry
    (point selection ``industry_pick`` on the field ``industry``)."""
    return _industry(industry_data(analysis, top), analysis.settings.currency)


def _industry(data: Source, cur: str) -> alt.LayerChart:
    pick = alt.selection_point(name=INDUSTRY_PARAM, fields=["industry"])
    y = alt.Y(
        "industry:N",
        sort=_IN_ORDER,  # the data's order: largest first
        title=None,
        axis=alt.Axis(labelOverlap=False, labelLimit=220),
    )
    tooltip = [
        alt.Tooltip("industry:N", title="Industry"),
        alt.Tooltip("clients:Q", title="Clients"),
        alt.Tooltip("best_clients:Q", title="Best clients (A)"),
        alt.Tooltip("monthly_revenue:Q", title=f"Monthly ({cur})", format=",.0f"),
        alt.Tooltip("best_monthly:Q", title=f"From best ({cur})", format=",.0f"),
    ]
    opacity = alt.condition(pick, alt.value(1.0), alt.value(0.35))
    total = (
        alt.Chart(data)
        .mark_bar(color=CLASS_COLORS["C"])
        .encode(
            y=y,
            x=alt.X(
                "monthly_revenue:Q",
                title=f"Monthly revenue ({cur})",
                axis=alt.Axis(format=",.0f"),
            ),
            opacity=opacity,
            tooltip=tooltip,
        )
        .add_params(pick)
    )
    best = (
        alt.Chart(data)
        .mark_bar(color=CLASS_COLORS["A"])
        .encode(y=y, x="best_monthly:Q", opacity=opacity, tooltip=tooltip)
    )
    text = (
        alt.Chart(data)
        .mark_text(align="left", dx=4, fontSize=11, color="#333333")
        .encode(
            y=y,
            x="monthly_revenue:Q",
            text="label:N",
        )
    )
    return alt.layer(total, best, text).properties(
        height=alt.Step(24),
        title="Monthly revenue by industry (dark: from best clients)",
    )


def selected_values(
    event: Mapping[str, Any] | None,
    param: str = INDUSTRY_PARAM,
    field: str = "industry",
) -> tuple[str, ...]:
    """The values of ``field`` picked in a chart selection event.

    ``event`` is what ``st.altair_chart(..., on_select="rerun")`` returns: a
    mapping ``{"selection": {param: [{field: value, ...}, ...]}}`` for a point
    selection (an interval gives ``{field: [low, high]}``). Anything missing or
    malformed gives ``()``; internal ``vgsid`` ids are ignored.
    """
    if not event:
        return ()
    try:
        selection = event["selection"]
    except (KeyError, TypeError):
        return ()
    if not isinstance(selection, Mapping):
        return ()
    value = selection.get(param)
    if isinstance(value, Mapping):
        value = value.get(field)
        items = value if isinstance(value, list | tuple) else [value]
        raw = [v for v in items if v is not None]
    elif isinstance(value, list | tuple):
        raw = [
            item.get(field)
            for item in value
            if isinstance(item, Mapping) and item.get(field) is not None
        ]
    else:
        return ()
    out: list[str] = []
    for item in raw:
        text = str(item)
        if text not in out:
            out.append(text)
    return tuple(out)


def profile_chart(frame: pd.DataFrame) -> alt.Chart:
    """Share of best clients against the rest per industry (grouped bars).

    ``frame`` is ``niche.profile.profile_chart_frame``: ``industry``, ``group``
    ("Best clients" / "The rest"), ``share``; the best clients take class A's
    colour, the rest class C's.
    """
    return _profile(_ordered(frame), tuple(dict.fromkeys(frame["group"])))


def _profile(data: Source, groups: tuple[str, ...]) -> alt.Chart:
    groups = list(groups)
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "industry:N",
                sort=_IN_ORDER,  # the frame's display order
                title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=200),
            ),
            yOffset=alt.YOffset("group:N", sort=groups),
            x=alt.X(
                "share:Q",
                title="Share of the group's clients",
                axis=alt.Axis(format="%"),
            ),
            color=alt.Color(
                "group:N",
                sort=groups,
                scale=alt.Scale(
                    domain=groups, range=[CLASS_COLORS["A"], CLASS_COLORS["C"]]
                ),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("industry:N", title="Industry"),
                alt.Tooltip("group:N", title="Group"),
                alt.Tooltip("share:Q", title="Share", format=".0%"),
            ],
        )
        .properties(
            height=alt.Step(12), title="Industry mix: best clients and the rest"
        )
    )


def waterfall_chart(
    bridge: Bridge, currency: str, labels: bool = False
) -> alt.Chart | alt.LayerChart:
    """Last period's revenue to this one's: new and grown up (green), shrunk and
    lost down (red); the data: ``profit.bridge_steps``. ``labels`` writes each
    bar's amount above it (the plan, where no tooltip shows it)."""
    money = {"title": f"Revenue ({currency})", "format": ",.0f"}
    tips = ["step:N", alt.Tooltip("amount:Q", **money), "clients:Q", "period:N"]
    x = alt.X("step:N", sort=_IN_ORDER, title=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y("start:Q", title=money["title"], axis=alt.Axis(format=",.0f"))
    steps = bridge_steps(bridge, currency)
    chart = alt.Chart(steps, title="Revenue: last period to this one")
    bars = chart.mark_bar().encode(
        x=x, y=y, y2="end:Q", color=alt.Color("colour:N", scale=None), tooltip=tips
    )
    if not labels:
        return bars
    text = chart.mark_text(dy=-5, fontSize=10, color="#333333").encode(
        x=x, y="top:Q", text="label:N"
    )
    return alt.layer(bars, text)
