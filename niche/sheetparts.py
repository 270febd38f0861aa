"""Read one large xlsx worksheet as two parts parsed at the same time.

calamine parses a worksheet in Rust without holding Python's GIL, but one sheet
is one parse on one core. A big sheet's XML is cut in two at a ``<row>`` tag and
each part becomes a workbook of its own: the same archive, with that sheet's XML
holding only its part of the rows. The first part is handed to a thread as soon
as it is inflated, while the rest is still being inflated; its cells are turned
into Python objects while the second part is still parsing.

The cells come back exactly as ``to_python(skip_empty_area=False)`` gives them
for the whole sheet: every ``<row>`` carries its Excel row number (``r=``), so the
second part keeps its place, and only needs padding to the grid's width and the
empty rows between the parts.

Anything unusual sends the sheet back to the whole read: a small or a huge
sheet (:data:`MIN_XML_BYTES`, :data:`MAX_XML_BYTES`), a part name that cannot
be found, a namespace prefix, a comment, CDATA, a DOCTYPE or a
processing instruction (text that could hide a ``<row`` tag), a cut row without
``r=``, parts whose rows overlap, and any error from a part. So the worst case
is the time of one extra parse, never different cells. Nothing is written to
disk: the parts' archives are built in memory.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from xml.etree import ElementTree

import numpy as np

from .errors import NicheError
from .gcpause import no_gc

MIN_XML_BYTES = 4_000_000  # about 15,000 client rows; below, the parse is < 0.05 s
# Above this, the whole read (calamine streams the XML; the parts hold it in
# memory three times over: inflated, and in the two parts' archives).
MAX_XML_BYTES = 256 * 1024 * 1024
# The first part starts parsing while the second is still being inflated, and
# its cells become Python objects while the second part is still parsing.
FIRST_SHARE = 0.5

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OPEN, _CLOSE, _ROW = b"<sheetData>", b"</sheetData>", b"<row "
_ROOT, _END = b"<worksheet", b"</sheetData></worksheet>"
_EMPTY_SHEET = f'<worksheet xmlns="{_MAIN_NS}"><sheetData/></worksheet>'.encode()

SizeCheck = Callable[[str, int, int], None]
Part = tuple[tuple[str, ...], object]  # a part's workbook's sheet names, its sheet


class _NotHere(Exception):
    """This sheet is read whole."""


@dataclass(frozen=True)
class Sheet:
    """A worksheet read in parts: the workbook's sheet names, its own, its cells."""

    names: tuple[str, ...]
    name: str
    cells: np.ndarray


def read_in_parts(
    data: bytes,
    sheet: str | None,
    check: SizeCheck,
    *,
    min_xml_bytes: int | None = None,
    first_share: float = FIRST_SHARE,
) -> Sheet | None:
    """The worksheet ``sheet`` (by default the first) of an xlsx archive, its
    cells a 2-D object array as calamine's ``to_python(skip_empty_area=False)``
    gives them, parsed in two parts at once; ``None`` when it is to be read
    whole instead.

    ``check(name, height, width)`` is called before a part's cells become
    Python objects, with the grid's size so far; it raises to refuse a sheet
    that is too large. The workbook itself is never opened whole: with shared
    strings, opening it is a parse of its own. ``min_xml_bytes`` (default
    :data:`MIN_XML_BYTES`): smaller sheets are read whole.
    """
    if min_xml_bytes is None:
        min_xml_bytes = MIN_XML_BYTES
    with ThreadPoolExecutor(max_workers=2) as pool:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                name, first, second = _submit(
                    archive, sheet, pool, min_xml_bytes, first_share
                )
            return _sheet(name, first, second, check, named=sheet is not None)
        except NicheError:
            raise  # the size check refused the sheet
        except Exception:  # noqa: BLE001 - anything odd: the whole read reports it
            return None


def _submit(
    archive: zipfile.ZipFile,
    sheet: str | None,
    pool: ThreadPoolExecutor,
    min_xml_bytes: int,
    first_share: float,
) -> tuple[str, Future[Part], Future[Part]]:
    """Inflate the sheet's XML, cut it, and start parsing each part as soon as
    it is there."""
    sizes = [i.file_size for i in archive.infolist() if _is_sheet(i.filename)]
    if max(sizes, default=0) < min_xml_bytes:
        raise _NotHere  # no sheet large enough: no XML parsed here at all
    name, path = _sheet_part(archive, sheet)
    info = archive.getinfo(path)
    if not min_xml_bytes <= info.file_size <= MAX_XML_BYTES:
        raise _NotHere
    others = [(i.filename, _other(archive, i)) for i in archive.infolist() if i != info]
    with archive.open(info) as member:
        head = member.read(int(info.file_size * first_share))
        start, cut = _cut(head)
        top = _workbook(others, path, (memoryview(head)[:cut], _END))
        first = pool.submit(_parse, top, name, head, start, cut)
        rest = member.read()
    end = rest.rfind(_CLOSE)
    if end < 0 or _hidden(rest, 0, end):
        raise _NotHere
    pieces = (memoryview(head)[:start], memoryview(head)[cut:], rest)
    return name, first, pool.submit(_parse, _workbook(others, path, pieces), name)


def _other(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A part of the archive as the parts' workbooks hold it: the other
    worksheets empty (calamine reads a sheet only when asked for it, and they
    would be inflated and copied twice for nothing), the rest as it is."""
    return _EMPTY_SHEET if _is_sheet(info.filename) else archive.read(info)


def _is_sheet(path: str) -> bool:
    return path.startswith("xl/worksheets/") and path.endswith(".xml")


def _sheet_part(archive: zipfile.ZipFile, sheet: str | None) -> tuple[str, str]:
    """The name of ``sheet`` (by default the first) and the archive path of its
    XML, through the workbook's relationships."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    for element in book.iter(f"{{{_MAIN_NS}}}sheet"):
        name = element.get("name")
        if sheet is None or name == sheet:
            rel_id = element.get(f"{{{_REL_NS}}}id")
            break
    else:
        raise _NotHere
    if name is None:
        raise _NotHere
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{{{_PACKAGE_RELS_NS}}}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return name, posixpath.normpath(path)
    raise _NotHere


def _cut(head: bytes) -> tuple[int, int]:
    """In the XML's first part: where the rows start, and the last ``<row`` tag
    that is whole (the second part starts there)."""
    start = head.find(_OPEN)
    if start < 0 or head.find(_ROOT, 0, start) < 0:
        raise _NotHere  # no rows yet, or a prefixed root element
    start += len(_OPEN)
    cut = head.rfind(_ROW, start)
    if cut >= 0 and head.find(b">", cut) < 0:  # the head ends inside this tag
        cut = head.rfind(_ROW, start, cut)
    if cut <= start or _hidden(head, 0, cut):
        raise _NotHere
    tag = head[cut : head.find(b">", cut)]
    if b' r="' not in tag:
        raise _NotHere
    return start, cut


def _hidden(xml: bytes, start: int, end: int) -> bool:
    """Whether ``<!`` (comment, CDATA, DOCTYPE) or ``<?`` (processing
    instruction) comes in ``xml[start:end]``, other than the XML declaration:
    text that could hide a ``<row`` tag. Searched by their rare second
    character (a memchr), not by "<"."""
    for mark in (b"!", b"?"):
        at = xml.find(mark, start, end)
        while at >= 0:
            if xml[at - 1 : at] == b"<" and not xml.startswith(b"<?xml ", at - 1):
                return True
            at = xml.find(mark, at + 1, end)
    return False


def _workbook(
    others: list[tuple[str, bytes]], path: str, pieces: tuple[bytes | memoryview, ...]
) -> bytes:
    """The original archive with ``path`` made of ``pieces``, stored uncompressed
    (calamine then reads it without inflating it again)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
        for name, body in others:
            out.writestr(name, body)
        with out.open(path, "w") as member:
            for piece in pieces:
                member.write(piece)
    return buffer.getvalue()


def _parse(
    workbook: bytes, name: str, xml: bytes = b"", start: int = 0, end: int = 0
) -> Part:
    """Parse a part's workbook. ``xml[start:end]``, the first part's rows, is
    looked at here rather than before the thread starts (12 MB for 100,000
    rows): it may not hold ``</sheetData>``, after which a ``<row`` is no row."""
    if xml.find(_CLOSE, start, end) >= 0:
        raise _NotHere
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(workbook))
    return tuple(book.sheet_names), book.get_sheet_by_name(name)


def _result(future: Future[Part]) -> Part:
    """A part's parsed sheet; any failure of calamine sends the sheet to the
    whole read, which fails the same way and reports it."""
    try:
        return future.result()
    except BaseException as exc:  # noqa: BLE001 - Rust panics are BaseExceptions
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise _NotHere from None


def _sheet(
    name: str,
    first: Future[Part],
    second: Future[Part],
    check: SizeCheck,
    *,
    named: bool,
) -> Sheet:
    names, top_part = _result(first)
    if not named and names[:1] != (name,):  # not the sheet calamine puts first
        raise _NotHere
    check(name, top_part.total_height + 1, top_part.total_width + 1)  # type: ignore[attr-defined]
    top = _array(top_part, skip_empty_area=False)
    bottom_part = _result(second)[1]
    start = bottom_part.start  # type: ignore[attr-defined]
    if start is None:  # the second part has no cells
        return Sheet(names, name, top)
    row, column = start
    if row < len(top):  # rows out of order in the XML: the parts overlap
        raise _NotHere
    width = max(top.shape[1], bottom_part.total_width + 1)  # type: ignore[attr-defined]
    check(name, bottom_part.total_height + 1, width)  # type: ignore[attr-defined]
    bottom = _array(bottom_part, skip_empty_area=True)
    if top.shape[1] == width and column == 0 and bottom.shape[1] == width:
        gap = np.full((row - len(top), width), "", dtype=object)
        return Sheet(names, name, np.concatenate((top, gap, bottom)))
    cells = np.full((row + len(bottom), width), "", dtype=object)
    cells[: len(top), : top.shape[1]] = top
    cells[row:, column : column + bottom.shape[1]] = bottom
    return Sheet(names, name, cells)


def _array(sheet: object, *, skip_empty_area: bool) -> np.ndarray:
    # A list per row, all alive until they become the array: no collection
    # passes over them. They are freed inside the pause, which takes them off
    # the collector's count: freed after it, they would set off a pass first.
    with no_gc():
        rows = sheet.to_python(skip_empty_area=skip_empty_area)  # type: ignore[attr-defined]
        cells = np.array(rows, dtype=object) if rows else np.empty((0, 0), object)
        del rows
    if cells.ndim != 2:
        raise _NotHere
    return cells
