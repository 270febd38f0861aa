"""A second file that fills in what the client export lacks: systems and industry.

An enrichment file is an RMM device export (one row per device: counted per
client), a site-level export (a device count per site: summed per client) or a
company list (a PSA's "Company Name, Market"; the user's own sheet). It is joined
to the clients on their name by :func:`niche.names.join_names`; the accepted
matches give ``{client key: (systems, industry)}`` for
:func:`niche.editor.apply_enrichment`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from niche.clean.header import HEADER_SCAN_ROWS, unique_headings
from niche.clean.headings import classify, words
from niche.clean.text import name_key
from niche.clean.values import parse_counts
from niche.complete.names import JoinResult, normalise_name
from niche.model import Grid
from niche.read.files import read_found
from niche.read.limits import DEFAULT_LIMITS, Limits

_DEVICE_WORDS = {"device", "computer", "machine", "endpoint", "asset", "system"} | {
    "agent",
    "workstation",
    "pc",
    "laptop",
    "desktop",
    "server",
}
_DEVICE_HEADINGS = {"hostname", "host name", "display name", "dns name", "netbios name"}
_DEVICE_NAME = {"name", "hostname", "id"}
_SITE_WORDS = {"site", "location", "branch", "office"}
_TOTAL = re.compile(r"(?i)^(?:grand\s+)?totals?\b")


@dataclass(frozen=True)
class EnrichmentHeader:
    """Where an enrichment table starts and which columns it uses."""

    row: int
    headings: tuple[str, ...]
    client: str
    systems: str | None = None  # a count column (site or company level)
    device: str | None = None  # a device-name column: one row per device
    industry: str | None = None
    site: str | None = None

    @property
    def kind(self) -> str:
        """ "devices", "sites" or "companies"."""
        if self.device and not self.systems:
            return "devices"
        return "sites" if self.site and self.systems else "companies"


@dataclass(frozen=True, eq=False)
class EnrichmentTable:
    """Per-client systems and industry from a second file.

    ``entries`` columns: ``name`` (first spelling), ``norm`` (normalised name,
    unique), ``systems`` (float, NaN unknown), ``industry`` (str or None),
    ``rows`` (tuple of the file's row numbers).
    """

    filename: str
    sheet: str | None
    header: EnrichmentHeader
    entries: pd.DataFrame
    rows_read: int

    @property
    def kind(self) -> str:
        return self.header.kind


# Reading ----------------------------------------------------------------------


def _text_cells(column: pd.Series) -> pd.Series:
    def one(value: object) -> str:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return "" if value is None or value != value else str(value).strip()

    return column.map(one).astype(object)


def _mostly_numbers(column: pd.Series) -> bool:
    values = parse_counts(column)
    filled = _text_cells(column) != ""
    return bool(filled.any()) and values.values[filled].notna().mean() >= 0.8


def _header_from_row(
    row: int, values: list[object], below: pd.DataFrame, client: str | None = None
) -> EnrichmentHeader | None:
    """An :class:`EnrichmentHeader` if this row names a client column (the one
    the user chose, when given) plus a systems, device or industry column, else
    ``None``."""
    if any(not isinstance(v, str) and v not in ("", None) for v in values):
        return None
    headings = unique_headings(values)
    if sum(bool(str(v).strip()) for v in values) < 2:
        return None
    found: dict[str, tuple[int, str]] = {}
    device = site = None
    for position, heading in enumerate(headings):
        w = set(words(heading))
        column = below.iloc[:, position] if position < below.shape[1] else None
        text = " ".join(words(heading))
        named = (
            text in _DEVICE_HEADINGS
            or bool(w & _DEVICE_WORDS and w & _DEVICE_NAME)
            or text in _DEVICE_WORDS  # a column headed just "Device"
        )
        if named and (column is None or not _mostly_numbers(column)):
            device = device or heading
            continue
        if w & _SITE_WORDS and not w & {"count", "devices", "pcs"}:
            site = site or heading
        hit = classify(heading)
        if hit is None:
            continue
        field, rank = hit
        if field == "systems" and column is not None and not _mostly_numbers(column):
            continue
        if field not in found or rank < found[field][0]:
            found[field] = (rank, heading)
    chosen = {" ".join(h.split()).casefold(): h for h in headings}.get(
        " ".join(str(client or "").split()).casefold()
    )
    if client is not None and chosen is None:
        return None
    client = chosen or found.get("client", (0, None))[1]
    if device == client:
        device = None
    if chosen is None and client is None and site is not None:
        client, site = site, None  # an RMM export whose sites are the clients
    if site == client:
        site = None
    systems = found.get("systems", (0, None))[1]
    industry = found.get("industry", (0, None))[1]
    if client is None or not (systems or device or industry):
        return None
    return EnrichmentHeader(row, headings, client, systems, device, industry, site)


def find_enrichment_header(
    cells: pd.DataFrame, scan: int = HEADER_SCAN_ROWS, client: str | None = None
) -> EnrichmentHeader | None:
    """The first row (among the first ``scan``) that heads an enrichment table;
    ``client``: the heading of the names column, when the user chose it."""
    top = cells.head(scan)
    for position, (row, values) in enumerate(top.iterrows()):
        below = cells.iloc[position + 1 : position + 31]
        header = _header_from_row(int(row), values.tolist(), below, client)
        if header is not None:
            return header
    return None


def read_enrichment(
    data: bytes,
    filename: str,
    sheet: str | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    client: str | None = None,
) -> EnrichmentTable:
    """Read a device list or company list into per-client systems and industry
    (``client``: the heading of its names column, when the user chose it).

    Raises
    ------
    NoTableError
        No sheet has a client column plus a systems, device or industry column.
    """
    from niche.errors import NoTableError

    grid, header = read_found(
        data,
        filename,
        sheet,
        lambda cells: find_enrichment_header(cells, client=client),
        limits=limits,
    )
    if header is None and client is not None:
        raise NoTableError(
            f'{filename}: no column "{client}" next to a PCs/devices, device name '
            "or industry column."
        )
    if header is None:
        raise NoTableError(
            f"{filename}: no client list found: it needs a client (or site, or "
            "organisation) column and a PCs/devices, device name or industry column."
        )
    return EnrichmentTable(grid.filename, grid.sheet, header, *_entries(grid, header))


def _entries(grid: Grid, header: EnrichmentHeader) -> tuple[pd.DataFrame, int]:
    body = grid.cells.loc[grid.cells.index > header.row].copy()
    body.columns = list(header.headings)
    texts = body.apply(_text_cells)
    body = body[(texts != "").any(axis=1)]
    texts = texts.loc[body.index]
    rows_read = len(body)
    name = texts[header.client]
    keep = (name != "") & ~name.str.match(_TOTAL)
    keep &= name.str.casefold() != header.client.casefold()  # repeated header
    parent = name.str.split(":", n=1).str[0].str.strip()
    frame = pd.DataFrame(
        {
            "row": body.index.to_numpy(),
            "name": parent,
            "norm": parent.map(normalise_name),
            "site": name_key(texts[header.site]) if header.site else name_key(name),
        },
        index=body.index,
    )
    if header.kind == "devices":
        frame["systems"] = 1.0
    elif header.systems:
        frame["systems"] = parse_counts(body[header.systems]).values.round()
    else:
        frame["systems"] = np.nan
    frame["industry"] = (
        texts[header.industry].replace("", None) if header.industry else None
    )
    frame = frame[keep.to_numpy() & (frame["norm"] != "").to_numpy()]
    if frame.empty:
        return _empty_entries(), rows_read
    first = lambda s: s.dropna().iloc[0] if s.notna().any() else None  # noqa: E731
    if header.kind == "devices":
        per_site = frame.groupby(["norm", "site"], sort=False).agg(
            name=("name", "first"),
            systems=("systems", "sum"),
            industry=("industry", first),
        )
    else:  # a site listed twice counts once; distinct sites add up
        per_site = frame.groupby(["norm", "site"], sort=False).agg(
            name=("name", "first"),
            systems=("systems", "max"),
            industry=("industry", first),
        )
    entries = per_site.groupby(level="norm", sort=False).agg(
        name=("name", "first"),
        systems=("systems", lambda s: s.sum(min_count=1)),
        industry=("industry", first),
    )
    entries["rows"] = frame.groupby("norm", sort=False)["row"].agg(
        lambda r: tuple(int(x) for x in r)
    )
    entries = entries.reset_index()[["name", "norm", "systems", "industry", "rows"]]
    return entries, rows_read


def _empty_entries() -> pd.DataFrame:
    return pd.DataFrame(columns=["name", "norm", "systems", "industry", "rows"])


def enrichment_values(
    table: EnrichmentTable,
    join: JoinResult,
    confirmed: Iterable[tuple[str, str]] = (),
) -> dict[str, tuple[float | None, str | None]]:
    """{client key: (systems, industry)} from the accepted matches.

    ``None`` where the file has no value for that client.
    """
    lookup = {
        name: (systems, industry)
        for name, systems, industry in zip(
            table.entries["name"],
            table.entries["systems"],
            table.entries["industry"],
            strict=True,
        )
    }
    out: dict[str, tuple[float | None, str | None]] = {}
    for match in join.accepted(confirmed):
        systems, industry = lookup[match.other_name]
        out[match.client_key] = (
            None if pd.isna(systems) else float(systems),
            industry if isinstance(industry, str) and industry else None,
        )
    return out


def merge_values(
    *values: Mapping[str, tuple[float | None, str | None]],
) -> dict[str, tuple[float | None, str | None]]:
    """Combine the values of several files: an earlier file's value wins."""
    out: dict[str, tuple[float | None, str | None]] = {}
    for one in values:
        for key, (systems, industry) in one.items():
            old_s, old_i = out.get(key, (None, None))
            out[key] = (old_s if old_s is not None else systems, old_i or industry)
    return out
