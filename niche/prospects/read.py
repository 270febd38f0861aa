"""Read a prospect list: a name column and an industry or systems column.

A prospect list has no revenue column, so it has its own header finder, built on
:func:`niche.mapping.classify`: the name column is any heading that names a client
(Company, Client, Name, Business, Organisation, Prospect, Lead, Firm), the industry
column any industry heading (Industry, Vertical, Sector, Specialty...), the systems
column any device heading (PCs, Workstations, Devices, Seats, Employees...). The
header row is the one of the first rows, all text, that maps most of the three
and has a name and at least one of the other two. Every column is kept as text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from niche.clean.header import HEADER_SCAN_ROWS, unique_headings
from niche.clean.headings import classify, words
from niche.clean.values import parse_counts
from niche.errors import NoTableError, SettingsError
from niche.model import Grid
from niche.read.files import read_found
from niche.read.limits import DEFAULT_LIMITS, Limits

PROSPECT_FIELDS = ("name", "industry", "systems")
_EXTRA_NAME = {"prospect", "prospects", "lead", "leads", "firm", "organisation"}
_EXTRA_INDUSTRY = {"specialty", "speciality", "profession", "trade"}


@dataclass(frozen=True, eq=False)
class ProspectList:
    """A prospect list as read: its columns and the rows kept.

    ``table`` holds the original columns as display text (headings as column
    names, index = the user's row number); ``name``, ``industry`` and ``systems``
    are the headings used for those fields (None when absent). ``system_counts``
    is the systems column read as numbers (float, NaN when unknown; index as
    ``table``), read once with the file; None when there is no systems column.
    """

    grid: Grid
    header_row: int
    headings: tuple[str, ...]
    name: str
    industry: str | None
    systems: str | None
    table: pd.DataFrame
    skipped: tuple[int, ...] = ()
    system_counts: pd.Series | None = None


def _text(value: object) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _field(heading: str) -> tuple[str, int] | None:
    found = classify(heading)
    w = set(words(heading))
    if found and found[0] == "client":
        return "name", found[1]
    if found and found[0] in ("industry", "systems"):
        return found
    if w & _EXTRA_NAME:
        return "name", 2
    if w & _EXTRA_INDUSTRY:
        return "industry", 4
    return None


def guess_prospect_columns(headings: tuple[str, ...]) -> dict[str, str]:
    """Map headings to ``name``, ``industry``, ``systems``: best rank, leftmost."""
    best: dict[str, tuple[int, int, str]] = {}
    for position, heading in enumerate(headings):
        found = _field(heading)
        if found and (
            found[0] not in best or (found[1], position) < best[found[0]][:2]
        ):
            best[found[0]] = (found[1], position, heading)
    return {k: v[2] for k, v in best.items()}


def find_prospect_header(
    cells: pd.DataFrame, scan: int = HEADER_SCAN_ROWS
) -> tuple[int, tuple[str, ...], dict[str, str]] | None:
    """The header row of a prospect list: a name column and an industry or
    systems column, all cells text. Returns (row, headings, columns) or None."""
    best: tuple[int, int, tuple[str, ...], dict[str, str]] | None = None
    for row, values in cells.head(scan).iterrows():
        texts = [_text(v) for v in values]
        if sum(bool(t) for t in texts) < 2 or any(
            t and not isinstance(v, str) for t, v in zip(texts, values, strict=True)
        ):
            continue
        headings = unique_headings(values.tolist())
        columns = guess_prospect_columns(headings)
        if "name" not in columns or not {"industry", "systems"} & set(columns):
            continue
        if best is None or len(columns) > best[0]:
            best = (len(columns), int(row), headings, columns)
    return (best[1], best[2], best[3]) if best else None


def read_prospects(
    data: bytes,
    filename: str,
    sheet: str | None = None,
    *,
    overrides: Mapping[str, str | None] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ProspectList:
    """Read a prospect list from bytes (CSV or workbook).

    Parameters
    ----------
    overrides
        The user's column choices: keys ``name``, ``industry``, ``systems``;
        ``None`` or ``""`` unmaps a field.

    Raises
    ------
    NicheError
        Unreadable file, no prospect table, or a bad column choice.
    """
    grid, found = read_found(data, filename, sheet, find_prospect_header, limits=limits)
    if found is None:
        raise NoTableError(
            f"No prospect list found in {filename}: it needs a header row with a "
            "name column (Company, Client, Name) and an industry or PCs column."
        )
    row, headings, columns = found
    for key, heading in (overrides or {}).items():
        if key not in PROSPECT_FIELDS:
            raise SettingsError(f"Unknown prospect field {key!r}.")
        if heading and heading not in headings:
            raise SettingsError(
                f'No column "{heading}" in {filename}; columns are: '
                f"{', '.join(headings)}."
            )
        columns[key] = heading or ""
    if not columns.get("name"):
        raise SettingsError("A prospect list needs a name column.")
    body = grid.cells.loc[grid.cells.index > row].map(_text)
    body.columns = list(headings)
    name = body[columns["name"]]
    filled = body.ne("").any(axis=1)
    key = name.str.casefold()
    keep = (name != "") & (key != columns["name"].casefold())
    total = key.str.match(r"^(grand )?total\b")
    keep &= ~total & ~(total.cummax().shift(1, fill_value=False))  # footer below
    skipped = tuple(int(r) for r in body.index[filled & ~keep])
    table = body[keep]
    if table.empty:
        raise NoTableError(f"{filename} has a header row but no prospects below it.")
    table = table.loc[
        :, [h for h in headings if table[h].ne("").any() or h in columns.values()]
    ]
    systems = columns.get("systems") or None
    return ProspectList(
        grid=grid,
        header_row=row,
        headings=headings,
        name=columns["name"],
        industry=columns.get("industry") or None,
        systems=systems,
        table=table,
        skipped=skipped,
        system_counts=system_counts(table[systems]) if systems else None,
    )


def system_counts(column: pd.Series) -> pd.Series:
    """A systems column of display text read as numbers (float, NaN unknown)."""
    return parse_counts(column).values.astype("float64")
