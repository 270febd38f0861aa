"""Clients the user leaves out, and the "Leave out" marks of a completed list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from niche.clean.excluded import row_values
from niche.clean.headings import words
from niche.model import REASONS, Excluded, Grid, Header, Prepared

LEAVE_OUT_HEADING = "Leave out"
_LEAVE_OUT_HEADINGS = {"leave out", "left out", "exclude", "excluded", "skip", "ignore"}
_YES = {"yes", "y", "x", "true", "1", "✓", "✔", "leave out", "left out"}


def leave_out_column(headings: Sequence[str]) -> str | None:
    """The heading of a "Leave out" column (also "Exclude", "Skip"), if any."""
    for heading in headings:
        if " ".join(words(heading)) in _LEAVE_OUT_HEADINGS:
            return heading
    return None


def left_out_marks(grid: Grid, header: Header) -> tuple[str, ...]:
    """Client names whose "Leave out" cell says yes (yes, x, true, 1, ✓)."""
    column = leave_out_column(header.headings)
    client = header.mapping.client
    if column is None or client is None:
        return ()
    body = grid.cells.loc[grid.cells.index > header.row]
    position = {h: i for i, h in enumerate(header.headings)}
    marks = body.iloc[:, position[column]].map(lambda v: str(v).strip().casefold())
    names = body.iloc[:, position[client]].map(lambda v: " ".join(str(v).split()))
    chosen = names[marks.isin(_YES) & (names != "")]
    return tuple(dict.fromkeys(chosen))


def leave_out(prepared: Prepared, names: Iterable[str]) -> Prepared:
    """The clients named (compared without case and doubled spaces) taken out of
    the analysis: each of their rows excluded with the reason ``left_out``."""
    wanted = {" ".join(n.split()).casefold() for n in names if n.strip()}
    cleaned = prepared.cleaned
    clients = cleaned.clients
    out = clients["key"].isin(wanted).to_numpy(dtype=bool) if wanted else None
    if out is None or not out.any():
        return prepared
    rows = sorted(r for rs in clients["rows"][out] for r in rs)
    values = row_values(prepared.grid, prepared.header, rows)
    gone = [
        Excluded(row, "left_out", REASONS["left_out"], held)
        for row, held in zip(rows, values, strict=True)
    ]
    taken = set(rows)
    return replace(
        prepared,
        cleaned=replace(
            cleaned,
            clients=clients[~out].reset_index(drop=True),
            excluded=tuple(sorted(cleaned.excluded + tuple(gone), key=lambda e: e.row)),
            merged=tuple(m for m in cleaned.merged if m[1][0] not in taken),
        ),
    )
