"""How far a worksheet's cells reach, read from its XML before it is parsed.

A workbook reader holds a sheet as a dense block: every position from A1 to the
last row and column used, empty or not. Two cells at A1 and ALL100000 make
100 million positions (about 3 GB) out of a 5 KB file, and a ``<dimension>``
tag can say anything. :func:`scan_sheet` streams a worksheet part of an xlsx
(decompressed 1 MB at a time, never whole) and finds the last row and column
any cell names, and how many cells and rows it holds, so that the size of the
block is known before a reader builds it.

The scan reads every ``r="..."`` attribute: ``r="12"`` on a row, ``r="AB12"``
on a cell, however XML allows it to be written (any white space before ``r``
and around ``=``, up to ``_GAP`` bytes of it; either quote). Cells or rows
without one take the next position, so they are counted as if each extended
the sheet by one (never an underestimate). Each piece is read with the few
bytes around it, so what it finds does not depend on where the pieces fall;
the work is vectorised with numpy, a few passes over each piece (about 3 ms
per MB of XML on one core).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

import numpy as np

CHUNK = 1 << 20
_GAP = 32  # XML spaces allowed on either side of an attribute's "=" (more: refused)
_BEFORE = _GAP + 16  # bytes kept from before a piece: "r", spaces, "="; a prefix 9
_AFTER = _GAP + 32  # bytes read past it: "=", spaces, quote, a 16-byte window
_HUGE = 10**12
_SPACE = np.zeros(256, dtype=bool)
_SPACE[list(b" \t\n\r")] = True  # XML's white space
_END = _SPACE.copy()
_END[list(b">/")] = True  # what may follow an element's name
_QUOTE = np.zeros(256, dtype=bool)
_QUOTE[list(b"\"'")] = True


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


def _bits(flags: np.ndarray) -> np.ndarray:
    """One 16-bit mask per row of a 16-column boolean array (bit k: column k)."""
    return np.packbits(flags, bitorder="little").view("<u2")


def _largest(data: bytes, ends: np.ndarray, width: int) -> bytes:
    """The largest (compared as bytes) of the ``width`` bytes (up to 16) that
    end before each of the positions ``ends`` in ``data``."""
    windows = np.ndarray((len(data) - 15,), dtype="V16", buffer=data, strides=(1,))
    words = windows[ends - 16].view(">u8").reshape(-1, 2)
    keep = (1 << 8 * width) - 1
    high = words[:, 0] & np.uint64(keep >> 64)
    low = words[:, 1] & np.uint64(keep & ((1 << 64) - 1))
    top = high.max()
    best = int(top) << 64 | int(low[high == top].max())
    return best.to_bytes(16, "big")[16 - width :]


def _spaced(raw: np.ndarray, equals: np.ndarray) -> list[int] | None:
    """Where the values start of the ``r`` attributes written with white space
    around their ``=`` (``r = "A1"``, a line break before ``r``), for the
    ``=`` at ``equals`` that have white space beside them; ``None`` when a run
    of spaces is longer than ``_GAP`` (it cannot be read in a piece: refused).
    Writers never put spaces there, so this loop sees few or none."""
    starts = []
    for at in equals.tolist():
        name = at - 1
        while _SPACE[raw[name]] and name > at - 1 - _GAP:
            name -= 1
        value = at + 1
        while _SPACE[raw[value]] and value < at + 1 + _GAP:
            value += 1
        if _SPACE[raw[name]] or _SPACE[raw[value]]:
            return None
        if raw[name] == ord("r") and _SPACE[raw[name - 1]] and _QUOTE[raw[value]]:
            starts.append(value + 1)
    return starts


def _refs(data: bytes, raw: np.ndarray, equals: np.ndarray) -> tuple[int, ...]:
    """The largest row and column named by the ``r="..."`` attributes whose
    ``=`` is at ``equals`` (positions in ``raw``, the bytes of ``data``), and
    how many row and cell references there are. Any XML white space may come
    before ``r`` and around ``=``, and either quote around the value."""
    before, after = raw[equals - 1], raw[equals + 1]
    spaced = equals[(before <= ord(" ")) | (after <= ord(" "))]  # checked below
    equals = equals[before == ord("r")]
    equals = equals[_QUOTE[raw[equals + 1]] & _SPACE[raw[equals - 2]]]
    starts = equals + 2
    if len(spaced):
        more = _spaced(raw, spaced)
        if more is None:
            return _HUGE, _HUGE, 0, 0
        starts = np.sort(np.concatenate([starts, np.array(more, dtype=starts.dtype)]))
    if not len(starts):
        return 0, 0, 0, 0
    windows = np.ndarray((len(data) - 15,), dtype="V16", buffer=data, strides=(1,))
    window = windows[starts].view(np.uint8).reshape(-1, 16)
    digits = _bits((window - np.uint8(ord("0"))) < 10)
    letters = _bits((window - np.uint8(ord("A"))) < 26)
    stop = ~(digits | letters)
    end = stop & (~stop + np.uint16(1))  # the first byte that is neither
    before = end - np.uint16(1)
    lead = letters & before
    valid = (
        (_bits(_QUOTE[window]) & end != 0)  # the closing quote
        & (end <= 1 << 11)  # within 12 bytes
        & (lead & (lead + np.uint16(1)) == 0)  # letters first
        & (lead < 8)  # up to 3 of them
        & (lead != before)  # then digits
    )
    if not valid.all():
        return _HUGE, _HUGE, 0, 0  # not a reference any reader accepts: refuse
    n_letters = np.bitwise_count(lead).astype(np.intp)
    n_digits = np.bitwise_count(before) - n_letters
    quotes = starts + n_letters + n_digits
    row = 0
    for width in np.flatnonzero(np.bincount(n_digits))[::-1]:
        if 10 ** int(width) <= row:
            break  # fewer digits, a smaller number (leading zeros: look on)
        ends = quotes[n_digits == width]
        row = max(row, int(_largest(data, ends, int(width))))
    widest = int(n_letters.max())
    column = 0
    if widest:
        heads = window.view(">u4")[n_letters == widest, 0]  # the first 4 bytes
        top = int((heads >> np.uint32(8 * (4 - widest))).max())
        for letter in top.to_bytes(widest, "big"):
            column = column * 26 + letter - (ord("A") - 1)
    row_refs = int(np.count_nonzero(n_letters == 0))
    return row, column, row_refs, len(starts) - row_refs


def _prefixed(raw: np.ndarray, colons: np.ndarray) -> np.ndarray:
    """Where the names after the ``:`` at ``colons`` start, for the colons of
    an opening tag's prefix ("<x:c", "<prefix:c": not "</x:c")."""
    opened = np.zeros(len(colons), dtype=bool)
    for back in range(2, 10):
        opened |= (raw[colons - back] == ord("<")) & (
            raw[colons - back + 1] != ord("/")
        )
    return colons[opened] + 1


def _elements(raw: np.ndarray, names: np.ndarray) -> tuple[int, int]:
    """How many ``row`` and ``c`` elements have their names at ``names``."""
    first = raw[names]
    cells = names[first == ord("c")]
    rows = names[first == ord("r")]
    n_cells = np.count_nonzero(_END[raw[cells + 1]])
    n_rows = np.count_nonzero(
        (raw[rows + 1] == ord("o")) & (raw[rows + 2] == ord("w")) & _END[raw[rows + 3]]
    )
    return int(n_rows), int(n_cells)


def _piece(data: bytes, start: int, stop: int) -> tuple[int, ...]:
    """The references and elements that begin in ``data[start:stop]`` (``data``
    holds the bytes around them too): largest row and column named, row and
    cell references, row and cell elements. Element names count with or
    without a namespace prefix (``<row``, ``<x:c``); a name after any ``:``
    counts, so text such as "x:c " counts too: an overcount, which only makes
    the estimate safer."""
    raw = np.frombuffer(data, dtype=np.uint8)
    body = raw[start:stop]
    refs = _refs(data, raw, np.flatnonzero(body == ord("=")) + start)
    opens = body == ord("<")
    opens &= (raw[start + 1 : stop + 1] | 0x11) == ord("s")  # then b, c, r or s
    names = np.flatnonzero(opens) + (start + 1)
    if b":" in data:
        colons = np.flatnonzero(body == ord(":")) + start
        names = np.concatenate([names, _prefixed(raw, colons)])
    return *refs, *_elements(raw, names)


def scan_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Extent:
    """The reach of one worksheet part, read in pieces of ``CHUNK`` bytes.

    Raises
    ------
    zipfile.BadZipFile, zlib.error, OSError, EOFError
        When the part cannot be inflated (the caller reports the damage).
    """
    max_row = max_column = row_refs = cell_refs = rows = cells = total = 0
    carry = bytes(_BEFORE)  # what a piece needs of the bytes before and after it
    with archive.open(info) as member:
        while True:
            piece = member.read(CHUNK)
            total += len(piece)
            data = carry + (piece or bytes(_AFTER))
            stop = max(len(data) - _AFTER, _BEFORE)
            r, c, nr, nc, n_rows, n_cells = _piece(data, _BEFORE, stop)
            max_row, max_column = max(max_row, r), max(max_column, c)
            row_refs, cell_refs = row_refs + nr, cell_refs + nc
            rows, cells = rows + n_rows, cells + n_cells
            carry = data[stop - _BEFORE :]
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
            # Keep only an unfinished tag for the next piece: text after the
            # last whole tag holds no token, however long it runs.
            cut = data.rfind(b"<") if piece else len(data)
            if cut < 0 or data.find(b">", cut) >= 0:
                cut = len(data)
            part, tail = data[:cut], data[cut:]
            if len(tail) > CHUNK:  # a tag of a megabyte: no spreadsheet's
                return [Extent(rows=_HUGE, columns=_HUGE, xml_bytes=total)]
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
