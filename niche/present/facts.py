"""Sentences about the file and the period, shared by the plan and the report.

The period covered, the rows excluded (in words, never a reason code) and the
check of the file's own TOTAL line against the sum of the rows counted.
"""

from __future__ import annotations

from collections import Counter

from niche.format import counted, money, span
from niche.model import REASONS, Analysis


def period_text(analysis: Analysis) -> str:
    """The 12 months (or the report's period) the figures cover, in words."""
    cleaned, period = analysis.prepared.cleaned, analysis.prepared.period
    if cleaned.window is not None:
        start, end = cleaned.window
        return f"Invoices from {span(start, end)}"
    if period is None:
        return "Period not stated in the file (read as 12 months)"
    if period.start is not None and period.end is not None:
        text = span(period.start, period.end)
    else:
        text = " ".join(period.text.split())
    if analysis.scale != 1.0:
        text += f" ({period.months:g} months, scaled to 12)"
    elif period.months and not period.is_twelve_months:
        text += f" ({period.months:g} months)"
    return text


def excluded_by_reason(analysis: Analysis) -> list[tuple[str, int]]:
    """Excluded rows counted per reason, in words, the most common first."""
    reasons = Counter(e.reason for e in analysis.excluded)
    return [(REASONS.get(r, r), n) for r, n in reasons.most_common()]


def rows_text(analysis: Analysis) -> str:
    """ "42 rows read: 39 clients (1 built from several rows). Rows excluded (2):
    total or subtotal line, not added again (1); below the grand total line (1)." """
    cleaned = analysis.prepared.cleaned
    text = (
        f"{counted(cleaned.rows_read, 'row')} read: "
        f"{counted(len(analysis.clients), 'client')}"
    )
    if analysis.merged:
        text += f" ({len(analysis.merged):,} built from several rows)"
    text += "."
    reasons = excluded_by_reason(analysis)
    if reasons:
        parts = "; ".join(f"{_plain(words)} ({n:,})" for words, n in reasons)
        text += f" Rows excluded ({len(analysis.excluded):,}): {parts}."
    return text


def _plain(reason: str) -> str:
    """A reason in running text: "Total line (not added)" -> "total line, not added"."""
    text = reason.replace(" (", ", ").replace(")", "")
    return text[:1].lower() + text[1:]


def reconciliation_text(analysis: Analysis) -> str:
    """The file's own total line against the sum of the rows counted."""
    rec = analysis.reconciliation
    cur = analysis.settings.currency
    if rec is None:
        return "The file has no total line to check the sum against."
    line = f'the file\'s "{" ".join(rec.label.split())}" line (row {rec.row})'
    if rec.matches:
        return (
            f"The rows counted add up to {money(rec.counted, cur, cents=True)}, "
            f"the same as {line}."
        )
    return (
        f"The rows counted add up to {money(rec.counted, cur, cents=True)}; "
        f"{line} says {money(rec.file_total, cur, cents=True)} (a difference of "
        f"{money(rec.difference, cur, cents=True)}): check the excluded rows."
    )
