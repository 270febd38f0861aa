"""The JSON contract of ``python -m niche analyze FILE --json`` (SPEC).

Amounts are rounded to cents, shares are unrounded fractions, a missing value is
``null`` (never NaN). Keys beyond the SPEC's may be added, never changed.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from .pipeline import Analysis


def _money(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    out = round(float(value), 2)  # type: ignore[arg-type]
    return 0.0 if out == 0 else out


def _number(value: object) -> float | None:
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return None
    return float(value)  # type: ignore[arg-type]


def _int(value: object) -> int | None:
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return None
    return int(value)  # type: ignore[arg-type]


def _date(value: object) -> str | None:
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return None
    return pd.Timestamp(value).strftime("%Y-%m-%d")  # type: ignore[arg-type]


def client_records(analysis: Analysis) -> list[dict[str, Any]]:
    """The ``clients`` array, ranked."""
    out = []
    for c in analysis.clients.itertuples(index=False):
        out.append(
            {
                "rank": int(c.rank),
                "client": c.client,
                "rows": [int(r) for r in c.rows],
                "industry": c.industry,
                "industry_raw": c.industry_raw,
                "sector": c.sector,
                "systems": _int(c.systems),
                "tier": c.tier,
                "annual_revenue": _money(c.annual_revenue),
                "monthly_revenue": _money(c.monthly_revenue),
                "revenue_per_system": _money(c.revenue_per_system),
                "gross_margin": _number(c.gross_margin),
                "revenue_share": float(c.revenue_share),
                "cumulative_share": float(c.cumulative_share),
                "value_class": c.value_class,
                "flags": list(c.flags),
                "prior_revenue": _money(c.prior_revenue),
                "cost": _money(c.cost),
                "industry_guess": c.industry_guess,
                "last_invoice": _date(c.last_date),
            }
        )
    return out


def industry_records(analysis: Analysis) -> list[dict[str, Any]]:
    """The ``industries`` array, best score first."""
    out = []
    for row in analysis.industries.itertuples(index=False):
        scored = not pd.isna(row.score)
        out.append(
            {
                "industry": row.industry,
                "sector": row.sector,
                "naics": row.naics if isinstance(row.naics, str) else None,
                "clients": int(row.clients),
                "best_clients": int(row.best_clients),
                "annual_revenue": _money(row.annual_revenue),
                "revenue_share": float(row.revenue_share),
                "score": round(float(row.score), 2) if scored else None,
                "components": (
                    {k: float(getattr(row, k)) for k in ("V", "F", "P", "E", "B")}
                    if scored
                    else None
                ),
            }
        )
    return out


def to_dict(analysis: Analysis) -> dict[str, Any]:
    """The SPEC's JSON object for one analysis."""
    prepared = analysis.prepared
    cleaned = prepared.cleaned
    grid = prepared.grid
    settings = analysis.settings
    rec = analysis.recommendation
    window = (
        {"start": _date(cleaned.window[0]), "end": _date(cleaned.window[1])}
        if cleaned.window
        else None
    )
    clients = analysis.clients
    annual = float(clients["annual_revenue"].sum())
    columns: dict[str, str | None] = {
        "client": None,
        "revenue": None,
        "monthly_revenue": None,
        "systems": None,
        "industry": None,
    }
    columns.update(prepared.header.mapping.as_dict())
    return {
        "source": {
            "file": grid.filename,
            "sheet": grid.sheet,
            "rows_read": cleaned.rows_read,
            "mode": cleaned.mode,
            "window": window,
            "header_row": prepared.header.row,
            "sheets": list(grid.sheets),
        },
        "columns": columns,
        "settings": {
            "tiers": list(settings.tiers),
            "classes": list(settings.classes),
            "background": list(settings.background),
            "margin_target": settings.margin_target,
            "annualised": analysis.scale != 1.0,
        },
        "totals": {
            "clients": len(clients),
            "annual_revenue": _money(annual),
            "monthly_revenue": _money(annual / 12),
        },
        "clients": client_records(analysis),
        "excluded": [
            {"row": e.row, "reason": e.reason, "message": e.message, "values": e.values}
            for e in analysis.excluded
        ],
        "merged": [
            {"client": name, "rows": list(rows)} for name, rows in analysis.merged
        ],
        "warnings": list(analysis.warnings),
        "notes": list(analysis.notes),
        "industries": industry_records(analysis),
        "recommendation": {
            "status": rec.status,
            "niche": rec.niche,
            "sector": rec.sector,
            "score": round(rec.score, 2) if rec.score is not None else None,
            "confidence": rec.confidence,
            "concentration_band": rec.concentration_band,
            "adjacent": list(rec.adjacent),
            "runners_up": list(rec.runners_up),
            "close": list(rec.close),
            "springboard": list(rec.springboard),
            "background_effect": rec.background_effect,
            "reasons": list(rec.reasons),
            "unknown_industry_share": rec.unknown_share,
        },
    }
