"""One call from a client file, second files and saved settings to an analysis.

The CLI uses :func:`complete_analysis`; the page may call the same steps one by one
(to cache each) in this order: :func:`niche.pipeline.read`,
:func:`niche.completed.prepare_marked`, :func:`niche.enrich.read_enrichment` and
:func:`niche.names.join_names` per second file, :func:`niche.enrich.enrichment_values`
and :func:`niche.enrich.merge_values`, :func:`niche.editor.enrich_prepared`, then
:func:`niche.pipeline.analyse`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .completed import prepare_marked
from .editor import enrich_prepared
from .enrich import EnrichmentTable, enrichment_values, merge_values, read_enrichment
from .load import DEFAULT_LIMITS, Limits
from .names import JoinResult, join_names
from .pipeline import Analysis, analyse, read
from .settings_io import AppSettings


@dataclass(frozen=True, eq=False)
class Completed:
    """The analysis, and how each second file joined the client list."""

    analysis: Analysis
    joins: tuple[tuple[EnrichmentTable, JoinResult], ...] = ()


def join_summary(table: EnrichmentTable, join: JoinResult, accepted: int) -> str:
    """One line about a second file's join (no client names, no amounts)."""
    pending = len(join.fuzzy) - accepted
    parts = [f"{len(join.exact)} names matched"]
    if join.fuzzy:
        parts.append(f"{accepted} of {len(join.fuzzy)} close matches confirmed")
    parts.append(
        f"not matched: {len(join.unmatched_clients)} of your clients, "
        f"{len(join.unmatched_other)} names in the file"
    )
    line = f"{table.filename} ({table.kind}): " + ", ".join(parts) + "."
    if pending:
        line += " Confirm close matches with --confirm-matches or a settings file."
    return line


def complete_analysis(
    data: bytes,
    filename: str,
    app: AppSettings | None = None,
    enrich: Sequence[tuple[bytes, str]] = (),
    *,
    accept_fuzzy: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> Completed:
    """Read, prepare (with the file's "Leave out" marks), fill in from the second
    files and the saved edits, and analyse.

    Parameters
    ----------
    app
        The saved settings (column choices, thresholds, left-out names, confirmed
        matches, edits).
    enrich
        (bytes, filename) of each second file; an earlier file's values win.
    accept_fuzzy
        Count every close (fuzzy) match as confirmed.
    """
    app = app or AppSettings()
    grid = read(data, filename, app.sheet, limits=limits)
    prepared = prepare_marked(
        grid, app.columns or None, app.options(), header_row=app.header_row
    )
    joins = []
    values = []
    for blob, name in enrich:
        table = read_enrichment(blob, name, limits=limits)
        join = join_names(prepared.cleaned.clients, table)
        confirmed = list(app.confirmed_matches)
        if accept_fuzzy:
            confirmed += [(m.client, m.other_name) for m in join.fuzzy]
        values.append(enrichment_values(table, join, confirmed))
        joins.append((table, join))
    prepared = enrich_prepared(prepared, merge_values(*values), app.edits)
    return Completed(analyse(prepared, app.settings()), tuple(joins))
