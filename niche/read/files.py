"""Bytes to a :class:`~niche.model.Grid`: which reader, and the default sheet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath
from typing import TypeVar

import pandas as pd

from niche.errors import (
    EmptyFileError,
    FileTooLargeError,
    PasswordProtectedError,
    UnreadableFileError,
)
from niche.model import Grid
from niche.read.delimited import _SNIFF_CHARS, _looks_binary, _read_csv
from niche.read.limits import DEFAULT_LIMITS, Limits, _mb
from niche.read.workbook import _read_workbook

WORKBOOK_EXTENSIONS = ("xlsx", "xlsm", "xls", "xlsb", "ods")
ACCEPTED_TYPES = ("csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods")

# Files people upload by mistake, named in words (the bytes decide the rest).
NOT_TABLES = {
    "docx": "A Word document",
    "doc": "A Word document",
    "odt": "A text document",
    "rtf": "A text document",
    "pdf": "A PDF",
    "pptx": "A PowerPoint presentation",
    "ppt": "A PowerPoint presentation",
    "key": "A Keynote presentation",
    "pages": "A Pages document",
    "numbers": "A Numbers spreadsheet",
    "qbw": "A QuickBooks company file",
    "qbb": "A QuickBooks backup",
    "zip": "A zip archive",
    "json": "A JSON file",
    "xml": "An XML file",
    "html": "A web page",
    "htm": "A web page",
    "png": "An image",
    "jpg": "An image",
    "jpeg": "An image",
    "gif": "An image",
    "heic": "An image",
    "eml": "An e-mail",
    "msg": "An e-mail",
}

T = TypeVar("T")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


def extension(filename: str) -> str:
    """Lower-case extension of a display name, without the dot."""
    return PurePath(filename).suffix.lower().lstrip(".")


def read_table(
    data: bytes,
    filename: str,
    sheet: str | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    accept: Callable[[Grid], bool] | None = None,
) -> Grid:
    """Read a CSV file or a worksheet into a :class:`Grid`.

    Parameters
    ----------
    data
        The file's bytes (uploads stay in memory).
    filename
        The file's display name; its extension is a hint, the bytes decide.
    sheet
        Worksheet to read; by default the first one ``accept`` takes (the first
        sheet holding a client table), else the first sheet.
    accept
        Predicate used to choose the default worksheet.
    """
    if len(data) > limits.max_bytes:
        raise FileTooLargeError(
            f"{filename} is {_mb(len(data))}, over the {_mb(limits.max_bytes)} limit."
        )
    if not data or data.isspace():  # data.strip() would copy a big file
        raise EmptyFileError(f"{filename} is empty.")
    kind = NOT_TABLES.get(extension(filename))
    if kind is not None:
        raise UnreadableFileError(
            f"{kind} can't be read ({filename}): export the client list from "
            "QuickBooks, Xero or your PSA as Excel or CSV."
        )
    if data.startswith(_ZIP_MAGIC):
        return _read_workbook(data, filename, sheet, limits, accept, zipped=True)
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise PasswordProtectedError(
                f"{filename} is password-protected: save an unprotected copy and "
                "upload that."
            )
        return _read_workbook(data, filename, sheet, limits, accept, zipped=False)
    if extension(filename) in WORKBOOK_EXTENSIONS and _looks_binary(
        data[:_SNIFF_CHARS].decode("latin-1")
    ):
        raise UnreadableFileError(
            f"{filename} is corrupt or not really a spreadsheet (the file could not "
            "be opened as Excel or ODS)."
        )
    return _read_csv(data, filename, limits)


def read_found(
    data: bytes,
    filename: str,
    sheet: str | None,
    find: Callable[[pd.DataFrame], T | None],
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Grid, T | None]:
    """:func:`read_table` taking the first sheet where ``find`` finds a table,
    and what ``find`` found in the grid returned: found once, not again after
    choosing the sheet."""
    found: dict[int, T | None] = {}

    def accept(grid: Grid) -> bool:
        # Keyed by identity: the grid returned is the accepted one or the first
        # one, which read_table keeps alive, so its id is its own.
        found[id(grid)] = result = find(grid.cells)
        return result is not None

    grid = read_table(data, filename, sheet, limits=limits, accept=accept)
    return grid, found[id(grid)] if id(grid) in found else find(grid.cells)
