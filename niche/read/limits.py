"""Bounds on the work a file may cause, checked before it is parsed in full.

The defaults are sized to a small shared server (the whole app in 1 GB of
memory, several people at once; see ``docs/memory.md``): before a file is
parsed, :func:`memory_needed` estimates the memory its reading, cleaning and
analysis will take, from its size, its rows and cells (counted, never taken
from what the file declares) and its text, and a file whose estimate is over
``max_memory`` is refused with a one-line message naming the limit. The
command line can raise every bound (``--large-files``: :data:`LARGE_LIMITS`).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from niche.errors import (
    FileTooLargeError,
    UnreadableFileError,
)
from niche.read.extent import Extent, scan_ods, scan_sheet

MB = 1024 * 1024
EXCEL_CELL_CHARS = 32_767
"""The most characters an Excel cell holds: the default cap on one field."""


@dataclass(frozen=True)
class Limits:
    """Bounds on the work a file may cause; checked before parsing in full.

    Attributes
    ----------
    max_bytes
        The file's size.
    max_unpacked_bytes
        A workbook's parts, unpacked (from the zip's directory).
    max_compression_ratio
        How many times its packed size one part may unpack to.
    max_columns, max_cells
        A sheet's width, and its rows x columns (counted from its cells).
    max_field_chars
        One cell's text.
    max_clients
        Different client names (checked once the file is read, before the
        per-client tables are built).
    max_memory
        What reading, cleaning and analysing the file may take (estimated).
    """

    max_bytes: int = 100 * MB
    max_unpacked_bytes: int = 256 * MB
    max_compression_ratio: int = 100
    max_columns: int = 1_000
    max_cells: int = 10_000_000
    max_field_chars: int = EXCEL_CELL_CHARS
    max_clients: int = 150_000
    max_memory: int = 450 * MB


DEFAULT_LIMITS = Limits()
"""The page's limits, sized to a 1 GB server shared by a small team."""

LARGE_LIMITS = Limits(
    max_bytes=200 * MB,
    max_unpacked_bytes=1024 * MB,
    max_cells=30_000_000,
    max_field_chars=10 * MB,
    max_clients=10_000_000,
    max_memory=16 * 1024 * MB,
)
"""The command line's ``--large-files``: bounded by a workstation's memory."""


Admit = Callable[[int], None]
"""Called with a file's estimated memory once it passed every check, before
it is parsed (the page waits there for room on a busy server)."""


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


# ------------------------------------------------------------------ Memory


@dataclass(frozen=True)
class Need:
    """What a file is made of, for the memory estimate (counted, not declared)."""

    file_bytes: int
    rows: int
    cells: int
    text_bytes: int = 0
    cell_bytes: int = 8  # a CSV cell; a workbook's: WORKBOOK_CELL_BYTES

    def estimate(self, max_clients: int) -> int:
        """Peak memory of reading, cleaning and analysing the file, in bytes,
        for at most ``max_clients`` clients (more are refused while cleaning)."""
        return int(
            MARGIN
            * (
                self.file_bytes
                + TEXT_FACTOR * self.text_bytes
                + self.cell_bytes * self.cells
                + ROW_BYTES * self.rows
                + CLIENT_BYTES * min(self.rows, max_clients)
                + FIXED_BYTES
            )
        )


# Fitted on bench/memory.py's files (peak RSS of reading, cleaning and analysing,
# 1,000 to 1,000,000 rows; docs/memory.md), then MARGIN on top: the file's bytes
# once (parsed as they are), a workbook's unpacked XML and each position of its
# dense block (calamine's cell and the Python value), a CSV cell as Arrow text,
# each line, each client (cleaned and analysed: about 26 columns).
TEXT_FACTOR = 1.5
WORKBOOK_CELL_BYTES = 64
ROW_BYTES = 110
CLIENT_BYTES = 700
FIXED_BYTES = 25 * MB
MARGIN = 1.25


def check_memory(need: Need, filename: str, limits: Limits) -> int:
    """Refuse a file whose estimated memory is over ``limits.max_memory``.

    Returns
    -------
    int
        The estimate, in bytes (what the page reserves while it works).
    """
    estimate = need.estimate(limits.max_clients)
    if estimate > limits.max_memory:
        raise FileTooLargeError(
            f"{filename} would need about {_mb(estimate)} of memory to analyse "
            f"({need.rows:,} rows, {need.cells:,} cells), over the "
            f"{_mb(limits.max_memory)} limit for one file."
        )
    return estimate


def check_cells(
    rows: int, width: int, filename: str, limits: Limits, *, sheet: bool = False
) -> None:
    """Refuse a table wider than ``max_columns`` or larger than ``max_cells``."""
    what = "a sheet of " if sheet else ""
    if width > limits.max_columns:
        raise FileTooLargeError(
            f"{filename} has {what}{width:,} columns, over the "
            f"{limits.max_columns:,} limit."
        )
    if rows * width > limits.max_cells:
        raise FileTooLargeError(
            f"{filename} has {what}{rows * width:,} cells ({rows:,} rows x "
            f"{width:,} columns), over the {limits.max_cells:,} limit."
        )


def check_fields(cells: pd.DataFrame, filename: str, limits: Limits) -> None:
    """Refuse a file with one cell longer than ``max_field_chars`` characters."""
    longest = 0
    for column in cells.columns:
        values = cells[column]
        if values.dtype == object:  # a workbook's cells: text, numbers, dates
            lengths = (len(v) for v in values if type(v) is str)
            longest = max(longest, max(lengths, default=0))
        elif len(values):
            longest = max(longest, int(values.str.len().max()))
    if longest > limits.max_field_chars:
        raise FileTooLargeError(
            f"{filename} has a cell of {longest:,} characters, over the "
            f"{limits.max_field_chars:,} limit for one cell."
        )


# ---------------------------------------------------------------------- Workbooks

_DAMAGED = (zipfile.BadZipFile, EOFError, NotImplementedError, OSError, zlib.error)


def _check_zip(data: bytes, filename: str, limits: Limits) -> Need:
    """Check an xlsx/ods archive's directory and its sheets' reach; what the
    file is made of."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (
        zipfile.BadZipFile,
        ValueError,
        EOFError,
        NotImplementedError,
        OSError,
    ) as exc:
        raise UnreadableFileError(
            f"{filename} is a corrupt workbook (its zip archive is damaged)."
        ) from exc
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > limits.max_compression_ratio:
            raise FileTooLargeError(
                f"{filename} looks like a zip bomb (a part unpacks {ratio:,.0f} times "
                "its size); refused."
            )
    unpacked = sum(i.file_size for i in infos)
    if unpacked > limits.max_unpacked_bytes:
        raise FileTooLargeError(
            f"{filename} unpacks to {_mb(unpacked)}, over the "
            f"{_mb(limits.max_unpacked_bytes)} limit."
        )
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names and "mimetype" not in names:
        raise UnreadableFileError(f"{filename} is a zip archive, not a spreadsheet.")
    extents = _sheet_extents(data, infos, filename, limits)
    return Need(
        file_bytes=len(data),
        rows=sum(e.rows for e in extents),
        cells=sum(max(e.area, e.cells) for e in extents),
        text_bytes=unpacked,
        cell_bytes=WORKBOOK_CELL_BYTES,
    )


def _sheet_extents(
    data: bytes, infos: list[zipfile.ZipInfo], filename: str, limits: Limits
) -> list[Extent]:
    """Each worksheet's reach, counted from its cells; a sheet over the limits
    is refused before any reader builds it."""
    sheets = [i for i in infos if i.filename.startswith("xl/worksheets/sheet")]
    ods = [i for i in infos if i.filename == "content.xml"]
    extents: list[Extent] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in sheets + ods:
            try:
                if info.filename == "content.xml":
                    extents += scan_ods(archive, info)
                else:
                    extents.append(scan_sheet(archive, info))
            except _DAMAGED:
                continue  # the reader will report the damage
    for extent in extents:
        check_cells(extent.rows, extent.columns, filename, limits, sheet=True)
    return extents
