"""A prepared file to an :class:`~niche.model.Analysis`: rank, class, tier, flag,
summarise industries and recommend the niche.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from niche.format import currency_symbol
from niche.model import (
    DEFAULT_CURRENCY,
    Analysis,
    Prepared,
    Settings,
)
from niche.rules.bridge import revenue_bridge
from niche.rules.industries import industry_table
from niche.rules.profit import hours_factor, profit_ranking
from niche.rules.ranking import enrich_clients, warnings_for
from niche.rules.recommend import recommend
from niche.rules.risk import add_risk
from niche.rules.taxonomy import Taxonomy


def analyse(
    prepared: Prepared,
    settings: Settings = Settings(),
    taxonomy: Taxonomy | None = None,
) -> Analysis:
    """Rank, class, tier, flag, summarise industries and recommend the niche."""
    taxonomy = taxonomy or Taxonomy.default()
    cleaned, period = prepared.cleaned, prepared.period
    if settings.currency is None:  # the file's currency, shown as people write it
        found = cleaned.currency
        symbol = currency_symbol(found) if found else DEFAULT_CURRENCY
        settings = replace(settings, currency=symbol)
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
    per_hour, hours_note = hours_factor(prepared.header.mapping, settings)
    by_profit, profit_note = profit_ranking(cleaned.clients, settings)
    notes += [n for n in (hours_note, profit_note) if n]
    clients = enrich_clients(
        cleaned.clients,
        settings,
        taxonomy,
        invoices=cleaned.mode == "invoices",
        reference=reference,
        scale=scale,
        hours_factor=per_hour,
        by_profit=by_profit,
    )
    clients, bridge = revenue_bridge(add_risk(clients, settings, reference), prepared)
    notes += list(bridge.notes) if bridge else []
    warnings += warnings_for(clients, settings.currency)
    industries = industry_table(clients, taxonomy, settings.background)
    recommendation = recommend(
        clients,
        industries,
        taxonomy,
        background=settings.background,
        currency=settings.currency,
        tiers=settings.tiers,
        by_profit=by_profit,
    )
    return Analysis(
        prepared=prepared,
        settings=settings,
        clients=clients,
        industries=industries,
        recommendation=recommendation,
        warnings=tuple(warnings),
        notes=tuple(notes),
        bridge=bridge,
    )
