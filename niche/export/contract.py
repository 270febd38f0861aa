"""The JSON contract of ``python -m niche analyze FILE --json`` (SPEC).

Amounts are rounded to cents, shares are unrounded fractions, a missing value is
``null`` (never NaN). Keys beyond the SPEC's may be added, never changed.
"""

from __future__ import annotations

import math
from dataclasses import astuple
from typing import Any

import numpy as np
import pandas as pd

from niche.model import CHANGE_KINDS, Analysis
from niche.rules.profit import median_rate, ranked_by_profit
from niche.rules.risk import SIGNALS


def _money(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    out = round(float(value), 2)  # type: ignore[arg-type]
    return 0.0 if out == 0 else out


def _number(value: object) -> float | None:
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return None
    return float(value)  # type: ignore[arg-type]


def _date(value: object) -> str | None:
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return None
    return pd.Timestamp(value).strftime("%Y-%m-%d")  # type: ignore[arg-type]


def _moneys(series: pd.Series) -> list[float | None]:
    """:func:`_money` for a whole column (same rounding: Python's ``round``)."""
    values = series.to_numpy(dtype="float64", na_value=np.nan)
    # rint(x * 100) / 100 is Python's round(x, 2) (both end in one correctly rounded
    # division of the same integer by 100) except near a half cent, where x * 100
    # may be off by an ulp, and for huge values: those few go through round().
    with np.errstate(invalid="ignore"):
        scaled = values * 100
        rounded = np.rint(scaled) / 100 + 0.0  # + 0.0: no negative zero
        near = np.abs(np.abs(scaled - np.trunc(scaled)) - 0.5) < 1e-6
        odd = near | ~(np.abs(values) < 1e12)
    out = rounded.tolist()
    for i in np.flatnonzero(odd & ~np.isnan(values)).tolist():
        out[i] = round(float(values[i]), 2) or 0.0
    return [None if v != v else v for v in out]


def _numbers(series: pd.Series) -> list[float | None]:
    values = series.to_numpy(dtype="float64", na_value=np.nan).tolist()
    return [None if v != v else v for v in values]


def _dates(series: pd.Series) -> list[str | None]:
    texts = pd.to_datetime(series).dt.strftime("%Y-%m-%d").tolist()
    return [t if isinstance(t, str) else None for t in texts]


def client_records(analysis: Analysis) -> list[dict[str, Any]]:
    """The ``clients`` array, ranked (built column-wise: 100,000 clients in well
    under a second)."""
    return _client_records(analysis.clients)


def _client_records(c: pd.DataFrame) -> list[dict[str, Any]]:
    columns = {
        "rank": c["rank"].to_numpy(dtype="int64").tolist(),
        "client": c["client"].tolist(),
        "rows": [list(map(int, rows)) for rows in c["rows"].tolist()],
        "industry": c["industry"].tolist(),
        "industry_raw": [
            v if isinstance(v, str) else None for v in c["industry_raw"].tolist()
        ],
        "sector": c["sector"].tolist(),
        "systems": [None if v is None else int(v) for v in _numbers(c["systems"])],
        "tier": c["tier"].tolist(),
        "annual_revenue": _moneys(c["annual_revenue"]),
        "monthly_revenue": _moneys(c["monthly_revenue"]),
        "revenue_per_system": _moneys(c["revenue_per_system"]),
        "gross_margin": _numbers(c["gross_margin"]),
        "revenue_share": [float(v) for v in c["revenue_share"].tolist()],
        "cumulative_share": [float(v) for v in c["cumulative_share"].tolist()],
        "value_class": c["value_class"].tolist(),
        "flags": [list(f) for f in c["flags"].tolist()],
        "prior_revenue": _moneys(c["prior_revenue"]),
        "cost": _moneys(c["cost"]),
        "industry_guess": c["industry_guess"].tolist(),
        "last_invoice": _dates(c["last_date"]),
        **_profit_columns(c),
    }
    keys = tuple(columns)
    return [
        dict(zip(keys, values, strict=True))
        for values in zip(*columns.values(), strict=True)
    ]


def _profit_columns(c: pd.DataFrame) -> dict[str, list]:
    """The clients' profit, change and risk fields (issue 18)."""
    signals = [_numbers(c[f"risk_{s}"]) for s in SIGNALS]
    return {
        "gross_profit": _moneys(c["gross_profit"]),
        "support_hours": _moneys(c["hours"]),
        "hourly_rate": _moneys(c["hourly_rate"]),
        "profit_share": _numbers(c["profit_share"]),
        "cumulative_profit_share": _numbers(c["cumulative_profit_share"]),
        "revenue_change": _moneys(c["revenue_change"]),
        "change": [k if isinstance(k, str) else None for k in c["change"].tolist()],
        "risk_score": [
            None if v is None else round(v, 1) for v in _numbers(c["risk_score"])
        ],
        "risk_reasons": [list(r) for r in c["risk_reasons"].tolist()],
        "risk_signals": [
            dict(zip(SIGNALS, values, strict=True))
            for values in zip(*signals, strict=True)
        ],
    }


def change_record(analysis: Analysis) -> dict[str, Any] | None:
    """The revenue bridge (``change``), or None when last period is unknown."""
    bridge = analysis.bridge
    if bridge is None:
        return None
    previous = analysis.prepared.previous
    parts = {
        kind: {"clients": clients, "amount": _money(amount)}
        for kind, clients, amount in bridge.parts
    }
    t = bridge.clients
    return {
        "source": bridge.source,
        "previous_file": previous.file if previous else None,
        "previous_period": bridge.labels[0],
        "current_period": bridge.labels[1],
        "previous_revenue": _money(bridge.previous),
        "current_revenue": _money(bridge.current),
        **{kind: parts[kind] for kind in CHANGE_KINDS},
        "gross_retention": bridge.gross_retention,
        "net_retention": bridge.net_retention,
        "clients": [
            {
                "client": client,
                "previous_client": before if isinstance(before, str) else None,
                "previous_revenue": p,
                "current_revenue": now,
                "change": change,
                "kind": kind,
            }
            for client, before, p, now, change, kind in zip(
                t["client"].tolist(),
                t["previous_client"].tolist(),
                _moneys(t["previous"]),
                _moneys(t["current"]),
                _moneys(t["change"]),
                t["kind"].tolist(),
                strict=True,
            )
        ],
        "notes": list(bridge.notes),
    }


def _profit_totals(analysis: Analysis) -> dict[str, Any]:
    c = analysis.clients
    hours = c["hours"].to_numpy(dtype="float64")
    known = hours[~np.isnan(hours)]
    profit = c["gross_profit"]
    return {
        "gross_profit": _money(profit.sum()) if profit.notna().all() else None,
        "support_hours": _money(known.sum()) if len(known) else None,
        "median_hourly_rate": _money(median_rate(c)),
    }


def _profit_settings(analysis: Analysis) -> dict[str, Any]:
    s = analysis.settings
    return {
        "target_rate": s.target_rate,
        "hours_per_ticket": s.hours_per_ticket,
        "rank_by_profit": s.rank_by_profit,
        "ranked_by": "gross_profit"
        if ranked_by_profit(analysis.clients)
        else "revenue",
        "risk_weights": dict(zip(SIGNALS, astuple(s.risk_weights), strict=True)),
    }


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
                "support_hours": _money(row.hours),
                "hourly_rate": _money(row.hourly_rate),
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
    check = cleaned.reconciliation
    return {
        "source": {
            "file": grid.filename,
            "sheet": grid.sheet,
            "rows_read": cleaned.rows_read,
            "mode": cleaned.mode,
            "window": window,
            "header_row": prepared.header.row,
            "sheets": list(grid.sheets),
            "currency": cleaned.currency,
            "file_total": _money(check.file_total) if check else None,
            "counted_total": _money(check.counted) if check else None,
            "total_matches": check.matches if check else None,
            "total_row": check.row if check else None,
        },
        "columns": columns,
        "column_choices": [
            {
                "field": c.field,
                "chosen": c.chosen,
                "runner_up": c.runner_up,
                "reason": c.reason,
            }
            for c in prepared.choices
        ],
        "settings": {
            "tiers": list(settings.tiers),
            "classes": list(settings.classes),
            "background": list(settings.background),
            "margin_target": settings.margin_target,
            "annualised": analysis.scale != 1.0,
            "currency": settings.currency,
            **_profit_settings(analysis),
        },
        "totals": {
            "clients": len(clients),
            "annual_revenue": _money(annual),
            "monthly_revenue": _money(annual / 12),
            **_profit_totals(analysis),
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
            "explanation": list(rec.explanation),
            "unknown_industry_share": rec.unknown_share,
            "sector_share": rec.sector_share,
            "sector_rollup": rec.sector_rollup,
        },
        "change": change_record(analysis),
    }
