"""How far a worksheet's cells reach, read from its XML before it is parsed.

A workbook reader holds a sheet as a dense block: every position from A1 to the
last row and column used, empty or not. Two cells at A1 and ALL100000 make
100 million positions (about 3 GB) out of a 5 KB file, and a ``<dimension>``
tag can say anything. :func:`scan_sheet` streams a worksheet part of an xlsx
(decompressed 1 MB at a time, never whole) and finds the last row and column
any cell names, and how many cells and rows it holds, so that the size of the
block is known before a reader builds it.

The scan reads every ``r="..."`` attribute: ``r="12"`` on a row, ``r="AB12"``
on a cell. Cells or rows without one take the next position, so they are
counted as if each extended the sheet by one (never an underestimate).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

import numpy as np

CHUNK = 1 << 20
_ATTRIBUTE = np.frombuffer(b' r="', dtype=np.uint8)
_SPAN = 12  # up to 3 letters and 8 digits, then the closing quote
_HUGE = 10**12


@dataclass(frozen=True)
class Extent:
    """A worksheet's reach: rows x columns of the dense block, cells written."""

    rows: int = 0
    columns: int = 0
    cells: int = 0
    xml_bytes: int = 0

    @property
    def area(self) -> int:
        return self.rows * self.columns


def _largest(window: np.ndarray, first: np.ndarray, width: int, base: int) -> int:
    """The largest of the numbers written ``width`` characters long from column
    ``first`` of each row of ``window`` (digits in base 10, letters in base 26)."""
    columns = first[:, None] + np.arange(width)[None, :]
    chars = np.take_along_axis(window, columns, axis=1).astype(np.int64)
    values = chars - (ord("0") if base == 10 else ord("A") - 1)
    return int((values * base ** np.arange(width - 1, -1, -1)).sum(axis=1).max())


def _refs(chunk: bytes) -> tuple[int, int, int, int]:
    """The largest row and column named in ``chunk``, and how many row and cell
    references it holds (vectorised: about 5 ms per MB of XML)."""
    raw = np.frombuffer(chunk, dtype=np.uint8)
    size = len(raw) - len(_ATTRIBUTE) - _SPAN + 1
    if size <= 0:
        return 0, 0, 0, 0
    hits = raw[:size] == _ATTRIBUTE[0]
    for offset in range(1, len(_ATTRIBUTE)):
        hits &= raw[offset : offset + size] == _ATTRIBUTE[offset]
    starts = np.flatnonzero(hits) + len(_ATTRIBUTE)
    if not len(starts):
        return 0, 0, 0, 0
    window = raw[starts[:, None] + np.arange(_SPAN)]
    is_letter = (window - np.uint8(ord("A"))) < 26
    is_digit = (window - np.uint8(ord("0"))) < 10
    n_letters = np.argmin(is_letter, axis=1)  # letters come first
    ends = np.argmax(~is_digit & ~is_letter, axis=1)  # the closing quote
    n_digits = ends - n_letters
    run = np.arange(_SPAN)[None, :]
    valid = (
        (n_digits > 0)
        & (n_letters <= 3)
        & ((run < n_letters[:, None]) | (run >= ends[:, None]) | is_digit).all(axis=1)
        & (window[np.arange(len(starts)), ends] == ord('"'))
    )
    if not valid.all():
        return _HUGE, _HUGE, 0, 0  # not a reference any reader accepts: refuse
    longest = int(n_digits.max())
    row = _largest(
        window[n_digits == longest], n_letters[n_digits == longest], longest, 10
    )
    cells = n_letters > 0
    column = 0
    if cells.any():
        widest = int(n_letters.max())
        pick = n_letters == widest
        column = _largest(
            window[pick], np.zeros(int(pick.sum()), dtype=np.int64), widest, 26
        )
    return row, column, int((~cells).sum()), int(cells.sum())


_ENDS = np.frombuffer(b" >/", dtype=np.uint8)


def _elements(chunk: bytes) -> tuple[int, int]:
    """How many ``row`` and ``c`` elements ``chunk`` opens, with or without a
    namespace prefix (``<row``, ``<x:c``). A name after any ``:`` counts, so
    text such as "x:c " counts too: an overcount, which only makes the
    estimate safer."""
    raw = np.frombuffer(chunk, dtype=np.uint8)
    head = raw[: max(len(raw) - 5, 0)]
    name = np.flatnonzero(head == ord("<")) + 1
    if b":" in chunk:
        colons = np.flatnonzero(head == ord(":"))
        colons = colons[colons >= 10]
        opened = np.zeros(len(colons), dtype=bool)
        for back in range(2, 10):  # "<x:c", "<prefix:c": not "</x:c"
            opened |= (raw[colons - back] == ord("<")) & (
                raw[colons - back + 1] != ord("/")
            )
        name = np.concatenate([name, colons[opened] + 1])
    if not len(name):
        return 0, 0
    first, second = raw[name], raw[name + 1]
    cells = (first == ord("c")) & np.isin(second, _ENDS)
    rows = (
        (first == ord("r"))
        & (second == ord("o"))
        & (raw[name + 2] == ord("w"))
        & np.isin(raw[name + 3], _ENDS)
    )
    return int(rows.sum()), int(cells.sum())


def scan_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Extent:
    """The reach of one worksheet part, read in 1 MB pieces.

    Raises
    ------
    zipfile.BadZipFile, zlib.error, OSError, EOFError
        When the part cannot be inflated (the caller reports the damage).
    """
    max_row = max_column = row_refs = cell_refs = 0
    rows = cells = total = 0
    tail = b""
    with archive.open(info) as member:
        while True:
            piece = member.read(CHUNK)
            total += len(piece)
            data = tail + piece
            # cut before the last "<": an element is never split between pieces
            cut = data.rfind(b"<") if piece else len(data)
            part, tail = data[:cut], data[cut:]
            r, c, nr, nc = _refs(part)
            max_row, max_column = max(max_row, r), max(max_column, c)
            row_refs, cell_refs = row_refs + nr, cell_refs + nc
            n_rows, n_cells = _elements(part)
            rows, cells = rows + n_rows, cells + n_cells
            if not piece:
                break
    unnamed_rows = max(rows - row_refs, 0)
    unnamed_cells = max(cells - cell_refs, 0)
    return Extent(
        rows=max_row + unnamed_rows,
        columns=max_column + unnamed_cells,
        cells=cells,
        xml_bytes=total,
    )


_ODS_TOKEN = re.compile(
    rb"<table:table\b(?=[\s>])|</table:table>"
    rb"|<table:table-row\b([^>]*)>|</table:table-row>"
    rb"|<table:(?:covered-)?table-cell\b([^>]*?)(/?)>"
)
_ROWS_REPEATED = re.compile(rb'number-rows-repeated="(\d+)"')
_COLUMNS_REPEATED = re.compile(rb'number-columns-repeated="(\d+)"')


class _OdsTable:
    """The reach of one ODS table while its XML streams past.

    Repeated rows and cells count where a reader expands them: before the last
    row or cell holding something (trailing blanks, which LibreOffice writes by
    the million, are not expanded)."""

    def __init__(self) -> None:
        self.height = self.last_row = self.width = self.cells = 0
        self.row_repeat = 1
        self.row_width = self.row_last = 0

    def row(self, attributes: bytes) -> None:
        found = _ROWS_REPEATED.search(attributes)
        self.row_repeat = int(found.group(1)) if found else 1
        self.row_width = self.row_last = 0

    def cell(self, attributes: bytes, empty_tag: bool) -> None:
        found = _COLUMNS_REPEATED.search(attributes)
        repeat = int(found.group(1)) if found else 1
        self.row_width += repeat
        if not (empty_tag and b"value-type" not in attributes):
            self.row_last = self.row_width
            self.cells += repeat * self.row_repeat

    def end_row(self) -> None:
        self.height += self.row_repeat
        if self.row_last:
            self.last_row = self.height
            self.width = max(self.width, self.row_last)

    def extent(self, xml_bytes: int) -> Extent:
        return Extent(self.last_row, self.width, self.cells, xml_bytes)


def scan_ods(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> list[Extent]:
    """The reach of each table of an ODS ``content.xml``, read in 1 MB pieces."""
    tables: list[Extent] = []
    table = _OdsTable()
    total, tail = 0, b""
    with archive.open(info) as member:
        while True:
            piece = member.read(CHUNK)
            total += len(piece)
            data = tail + piece
            cut = data.rfind(b"<") if piece else len(data)
            part, tail = data[:cut], data[cut:]
            for token in _ODS_TOKEN.finditer(part):
                text = token.group(0)
                if text.startswith(b"<table:table-row"):
                    table.row(token.group(1))
                elif text == b"</table:table-row>":
                    table.end_row()
                elif text == b"</table:table>":
                    tables.append(table.extent(total))
                    table = _OdsTable()
                elif text.startswith(b"<table:table") and token.group(2) is None:
                    table = _OdsTable()
                else:
                    table.cell(token.group(2) or b"", token.group(3) == b"/")
            if not piece:
                break
    return tables
