"""The completed client list: the user's own table with what is now known.

"Download completed client list" gives an xlsx with the client table's original
columns, its industry and systems columns filled in (added as "Industry" and
"PCs" when the file had none) and a "Leave out" column with "yes" marks. The
header is row 1 and its headings are ones :func:`niche.mapping.find_header` maps
directly, so next month's upload needs no mapping questions; the "Leave out"
marks are read back by :func:`left_out_marks`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd

from niche.clean.header import find_header
from niche.clean.values import parse_amounts, parse_counts
from niche.complete.leave_out import LEAVE_OUT_HEADING, leave_out_column
from niche.export.xlsx import ILLEGAL_XML as _ILLEGAL
from niche.export.xlsx import MAX_CELL_CHARS, Sheet, safe_cell, workbook_bytes
from niche.format import FIELD_LABELS
from niche.model import ColumnMapping
from niche.rules.taxonomy import UNSPECIFIED, Taxonomy

if TYPE_CHECKING:
    from niche.model import Analysis, Prepared


_AMOUNT_FIELDS = ("revenue", "monthly_revenue", "cost", "prior_revenue", "tax")
_COUNT_FIELDS = ("systems", "support_hours")


def safe_text(value: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula."""
    return str(safe_cell(_ILLEGAL.sub("", value)[:MAX_CELL_CHARS]))


def _cell(value: object) -> object:
    if isinstance(value, str):
        return safe_text(value) if value.strip() else None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.to_pydatetime()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value
    cell = safe_cell(value)
    return safe_text(cell) if isinstance(cell, str) else cell


def _known_values(
    source: Analysis | Prepared, taxonomy: Taxonomy | None
) -> tuple[Prepared, list[tuple[float, str, tuple[int, ...]]]]:
    """The prepared file and, per client, (systems, industry, rows) now known."""
    if hasattr(source, "recommendation"):
        prepared, clients = source.prepared, source.clients
        industry = clients["industry"]
    else:
        prepared = source
        clients = prepared.cleaned.clients
        labels = [r if isinstance(r, str) else None for r in clients["industry_raw"]]
        matches = (taxonomy or Taxonomy.default()).match_many(labels)
        industry = pd.Series([m.industry for m in matches], index=clients.index)
    industry = industry.where(industry != UNSPECIFIED, "")
    return prepared, list(
        zip(clients["systems"], industry, clients["rows"], strict=True)
    )


def _blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or bool(pd.isna(value))


def _headings(
    headings: list[str], mapping: ColumnMapping
) -> tuple[list[str], dict[str, str]]:
    """Headings that map to the same fields with no override (renamed if needed)."""
    wanted = mapping.as_dict()
    found = find_header(pd.DataFrame([headings], index=[1]))
    if found is not None and found.mapping.as_dict() == wanted:
        return headings, {}
    renamed = {}
    out = list(headings)
    taken = {h.casefold() for h in headings}
    for field, heading in wanted.items():
        label = FIELD_LABELS[field]
        if label.casefold() not in taken or label == heading:
            out[out.index(heading)] = label
            renamed[heading] = label
    return out, renamed


def completed_list_xlsx(
    source: Analysis | Prepared,
    *,
    taxonomy: Taxonomy | None = None,
    sheet_name: str = "Clients",
) -> bytes:
    """The completed client list as xlsx bytes (built in memory).

    Parameters
    ----------
    source
        The analysis (or the prepared file) *after* the second file and the
        user's edits were applied (see :func:`niche.editor.enrich_prepared`), with
        the left-out clients in ``excluded`` (reason ``left_out``).
    """
    prepared, known = _known_values(source, taxonomy)
    grid, header = prepared.grid, prepared.header
    mapping = header.mapping
    body = grid.cells.loc[grid.cells.index > header.row].copy()
    body.columns = list(header.headings)
    blank = body.map(_blank)
    body = body[~blank.all(axis=1)]

    headings = list(header.headings)
    leave = leave_out_column(headings) or LEAVE_OUT_HEADING
    systems_col = mapping.systems or "PCs"
    industry_col = mapping.industry or "Industry"
    for added in (industry_col, systems_col, leave):
        if added not in headings:
            headings.append(added)
            body[added] = None

    # Amount and count columns as numbers (text stays where it can't be read).
    for field in _AMOUNT_FIELDS + _COUNT_FIELDS:
        column = getattr(mapping, field)
        if column and column in body:
            parser = parse_counts if field in _COUNT_FIELDS else parse_amounts
            parsed = parser(body[column]).values
            body[column] = body[column].astype(object).where(parsed.isna(), parsed)

    systems = pd.Series(None, index=body.index, dtype=object)
    systems_known = pd.Series(False, index=body.index)
    industry = body[industry_col].astype(object).copy()
    for count, label, client_rows in known:
        rows = [r for r in client_rows if r in body.index]
        if not rows:
            continue
        systems_known.loc[rows] = True
        if not _blank(count):
            systems.loc[rows[0]] = int(count)
        industry.loc[rows] = label or None
    body[systems_col] = body[systems_col].astype(object).where(~systems_known, systems)
    body[industry_col] = industry
    out_rows = [e.row for e in prepared.cleaned.excluded if e.reason == "left_out"]
    body[leave] = None
    body.loc[body.index.isin(out_rows), leave] = "yes"

    final_mapping = replace(mapping, systems=systems_col, industry=industry_col)
    names, renamed = _headings(headings, final_mapping)
    body = body[headings]

    rows = [[_cell(v) for v in values] for values in body.itertuples(index=False)]
    return workbook_bytes([Sheet(sheet_name, names, rows, autofilter=False)])
