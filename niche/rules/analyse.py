"""A prepared file to an :class:`~niche.model.Analysis`: rank, class, tier, flag,
summarise industries and recommend the niche.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from niche.format import FIELD_LABELS, counted, currency_symbol, money
from niche.model import (
    DEFAULT_CURRENCY,
    Analysis,
    Cleaned,
    Period,
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


def file_warnings(prepared: Prepared, currency: str) -> list[str]:
    """What the user must know about the file before trusting the figures: a
    total that differs from the file's own, amounts in another currency."""
    out = []
    check = prepared.cleaned.reconciliation
    if check is not None and not check.matches:
        gap = money(abs(check.counted - check.file_total), currency, cents=True)
        line = (
            f"Your file's {check.label} line says "
            f"{money(check.file_total, currency, cents=True)}; the clients add up to "
            f"{money(check.counted, currency, cents=True)}."
        )
        if check.explained and check.not_counted_rows == 1:
            line += f" The difference, {gap}, is the row left out (see Data quality)."
        elif check.explained:
            rows = counted(check.not_counted_rows, "row")
            line += (
                f" The difference, {gap}, is the {rows} left out (see Data quality)."
            )
        else:
            line += f" The difference is {gap}: see Data quality."
        out.append(line)
    others = [e for e in prepared.cleaned.excluded if e.reason == "other_currency"]
    if others:
        kept = prepared.cleaned.currency
        out.append(
            f"Only amounts in {kept} are counted: {counted(len(others), 'row')} in "
            "other currencies are left out."
        )
    return out


def _reference(
    cleaned: Cleaned, period: Period | None, settings: Settings
) -> pd.Timestamp:
    """The day "now" is for the flags: an invoice file's window end; else the
    user's date, the report's period end, a client list's latest "Last invoice
    date" (the day of the export, near enough), else today."""
    if cleaned.window:
        return cleaned.window[1]
    if settings.as_of:
        return pd.Timestamp(settings.as_of)
    if period is not None and period.end is not None:
        return period.end
    latest = cleaned.clients["last_date"].max() if len(cleaned.clients) else pd.NaT
    if not pd.isna(latest):
        return pd.Timestamp(latest).normalize()
    return pd.Timestamp.today().normalize()


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
    reference = _reference(cleaned, period, settings)
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
    warnings += file_warnings(prepared, settings.currency)
    notes += [
        f'{FIELD_LABELS[c.field].split(" (")[0]} read from "{c.chosen}": {c.reason}.'
        for c in prepared.choices
    ]
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
