"""Builders for hostile files, made in memory (nothing large is committed)."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable, Sequence

import niche

SHEET = "xl/worksheets/sheet1.xml"
SHARED = "xl/sharedStrings.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XML_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def xlsx(rows: Sequence[Sequence[object]], title: str = "Clients") -> bytes:
    """Rows to xlsx bytes; strings are stored as text, never as formulas."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # "=HYPERLINK(..)" stays text, as in a real file
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv(rows: Sequence[Sequence[object]]) -> bytes:
    """Rows to UTF-8 CSV bytes."""
    import csv as _csv

    out = io.StringIO()
    _csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def replace_member(
    data: bytes, name: str, write: Callable[[zipfile.ZipFile, str], None]
) -> bytes:
    """A copy of a zip archive whose member ``name`` is written by ``write``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            if info.filename == name:
                write(dst, name)
            else:
                dst.writestr(info.filename, src.read(info.filename))
    return out.getvalue()


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    """A copy of a zip archive with member ``name`` replaced by ``content``."""
    return replace_member(data, name, lambda z, n: z.writestr(n, content))


def padded_sheet(megabytes: int) -> Callable[[zipfile.ZipFile, str], None]:
    """A writer for a valid worksheet followed by ``megabytes`` MB of blanks."""

    def write(archive: zipfile.ZipFile, name: str) -> None:
        with archive.open(name, "w", force_zip64=True) as member:
            member.write(XML_HEAD + f'<worksheet xmlns="{NS}"><sheetData>'.encode())
            chunk = b" " * (1 << 20)
            for _ in range(megabytes):
                member.write(chunk)
            member.write(b"</sheetData></worksheet>")

    return write


def lie_about_size(data: bytes, name: str, claimed: int) -> bytes:
    """Rewrite member ``name``'s declared uncompressed size (local + central)."""
    buf = bytearray(data)
    encoded = name.encode()
    for signature, size_at, name_len_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),  # local file header
        (b"PK\x01\x02", 24, 28, 46),  # central directory entry
    ):
        found = 0
        at = buf.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", buf, at + name_len_at)[0]
            if bytes(buf[at + name_at : at + name_at + length]) == encoded:
                struct.pack_into("<I", buf, at + size_at, claimed)
                found += 1
            at = buf.find(signature, at + 4)
        assert found == 1, f"{name} not found once in {signature!r} headers"
    return bytes(buf)


BASIC_ROWS: list[list[object]] = [
    ["Client", "Industry", "PCs", "Revenue"],
    ["Bright Smile Dental", "Dental office", 20, 48000],
    ["Harbor Family Dentistry", "Dentist", 15, 36000],
    ["Delgado Law", "Law firm", 8, 12000],
]


def basic_xlsx() -> bytes:
    """A small, valid client list."""
    return xlsx(BASIC_ROWS)


def analyse(data: bytes, name: str) -> niche.Analysis:
    return niche.analyze_bytes(data, name)
