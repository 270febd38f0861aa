"""Read an uploaded file (bytes) into a grid of cells, keeping the user's row numbers.

The grid is a ``pandas.DataFrame`` whose columns are ``0 .. n-1`` and whose index is
the row number as the user sees it: the Excel row number for workbooks, the line
number for CSV. Title lines, blank lines and the header are all kept: finding the
header and classifying rows is the job of :mod:`niche.mapping` and
:mod:`niche.clean`. Empty cells are ``""``; workbook cells keep the type the reader
gives them (``float``, ``int``, ``str``, ``datetime``, ``bool``), CSV cells are text.

Every reading failure leaves this module as a :class:`~niche.errors.NicheError`
with a one-line message. Limits are checked before the file is parsed in full.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import TypeVar

import numpy as np
import pandas as pd

from .errors import (
    EmptyFileError,
    FileTooLargeError,
    NicheError,
    PasswordProtectedError,
    UnreadableFileError,
)

CSV_EXTENSIONS = ("csv", "txt", "tsv")
WORKBOOK_EXTENSIONS = ("xlsx", "xlsm", "xls", "xlsb", "ods")
ACCEPTED_TYPES = ("csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods")
DELIMITERS = (",", ";", "\t")

T = TypeVar("T")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_SNIFF_CHARS = 65_536
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Limits:
    """Bounds on the work a file may cause; checked before parsing in full."""

    max_bytes: int = 200 * 1024 * 1024
    max_unpacked_bytes: int = 1024 * 1024 * 1024
    max_compression_ratio: int = 100
    max_columns: int = 1_000
    max_cells: int = 30_000_000


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, eq=False)
class Grid:
    """The cells of one CSV file or one worksheet, as the user sees them.

    Attributes
    ----------
    cells
        Columns ``0 .. n-1``; index = user row number (Excel row or CSV line).
    filename
        Display name only; never used as a path.
    sheet
        Worksheet name, ``None`` for CSV.
    sheets
        All worksheet names of the workbook (empty for CSV).
    delimiter, encoding
        What was detected for CSV files.
    """

    cells: pd.DataFrame
    filename: str
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    delimiter: str | None = None
    encoding: str | None = None

    @property
    def is_workbook(self) -> bool:
        return self.sheet is not None


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


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


# --------------------------------------------------------------------------- CSV


def _decode(data: bytes, filename: str) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte.
        candidates = ("utf-8", "cp1252", "latin-1")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding.removesuffix("-sig")
        except UnicodeDecodeError:
            continue
    raise UnreadableFileError(f"{filename} is not readable text.")


def _looks_binary(text: str) -> bool:
    sample = text[:_SNIFF_CHARS]
    if "\x00" in sample:
        return True
    return len(_CONTROL.findall(sample)) > max(8, len(sample) // 200)


def _sniff_delimiter(sample: str) -> tuple[str, int]:
    """Pick the delimiter that splits the sample's lines most consistently."""
    best, best_score, best_width = ",", -1, 1
    for delimiter in DELIMITERS:
        try:
            rows = list(
                csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            )
        except csv.Error:
            continue
        widths = [len(r) for r in rows if any(c.strip() for c in r)]
        multi = [w for w in widths if w > 1]
        if not multi:
            continue
        common = max(set(multi), key=multi.count)
        score = multi.count(common) * 10 + common
        if score > best_score:
            best, best_score, best_width = delimiter, score, max(widths)
    return best, best_width


def _read_csv(data: bytes, filename: str, limits: Limits) -> Grid:
    text, encoding = _decode(data, filename)
    if _looks_binary(text):
        raise UnreadableFileError(
            f"{filename} does not look like a CSV or spreadsheet file (binary data)."
        )
    if not text or text.isspace():
        raise EmptyFileError(f"{filename} is empty.")
    sample = text[:_SNIFF_CHARS]
    cut = max(sample.rfind("\n"), sample.rfind("\r"))
    if cut > 0 and len(text) > _SNIFF_CHARS:
        sample = sample[:cut]
    delimiter, width = _sniff_delimiter(sample)
    if width > limits.max_columns:
        raise FileTooLargeError(
            f"{filename} has {width:,} columns, over the {limits.max_columns:,} limit."
        )
    try:
        cells = c_reader(text, delimiter, width)
    except (pd.errors.ParserError, ValueError):
        cells = _parse_csv_slow(text, delimiter, filename, limits)
    if cells.shape[1] > limits.max_columns:
        raise FileTooLargeError(
            f"{filename} has {cells.shape[1]:,} columns, over the "
            f"{limits.max_columns:,} limit."
        )
    cells.index = _csv_line_numbers(text, delimiter, len(cells))
    return Grid(cells, filename, delimiter=delimiter, encoding=encoding)


def c_reader(text: str, delimiter: str, width: int) -> pd.DataFrame:
    """pandas' C reader: every line a row (blank ones too), every cell text."""
    cells = pd.read_csv(
        io.StringIO(text),
        sep=delimiter,
        header=None,
        names=range(width),
        dtype=str,
        engine="c",
        skip_blank_lines=False,
        keep_default_na=False,
        na_filter=False,
        quotechar='"',
    )
    return cells.fillna("")


def _parse_csv_slow(
    text: str, delimiter: str, filename: str, limits: Limits
) -> pd.DataFrame:
    csv.field_size_limit(10 * 1024 * 1024)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UnreadableFileError(
            f"{filename} is not a well-formed CSV file ({exc})."
        ) from exc
    width = max((len(r) for r in rows), default=0)
    if width > limits.max_columns:
        raise FileTooLargeError(
            f"{filename} has {width:,} columns, over the {limits.max_columns:,} limit."
        )
    return pd.DataFrame(
        [r + [""] * (width - len(r)) for r in rows], columns=range(width), dtype=str
    ).fillna("")


def _csv_line_numbers(text: str, delimiter: str, records: int) -> pd.Index:
    """Line number of each record (differs from 1..n only with quoted newlines)."""
    lines = len(_LINE_BREAK.findall(text)) + (0 if text.endswith(("\n", "\r")) else 1)
    if lines == records:
        return pd.RangeIndex(1, records + 1)
    starts, line = [], 1
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for _ in reader:
        starts.append(line)
        line = reader.line_num + 1
    if len(starts) != records:  # the two parsers disagree: fall back to order
        return pd.RangeIndex(1, records + 1)
    return pd.Index(starts)


# ---------------------------------------------------------------------- Workbooks


def _check_zip(data: bytes, filename: str, limits: Limits) -> None:
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
    unpacked = sum(i.file_size for i in infos)
    if unpacked > limits.max_unpacked_bytes:
        raise FileTooLargeError(
            f"{filename} unpacks to {_mb(unpacked)}, over the "
            f"{_mb(limits.max_unpacked_bytes)} limit."
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > limits.max_compression_ratio:
            raise FileTooLargeError(
                f"{filename} looks like a zip bomb (a part unpacks {ratio:,.0f} times "
                "its size); refused."
            )
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names and "mimetype" not in names:
        raise UnreadableFileError(f"{filename} is a zip archive, not a spreadsheet.")
    _check_dimensions(data, infos, filename, limits)


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?([A-Z]+)(\d+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + char - 64
    return number


def _check_dimensions(
    data: bytes, infos: list[zipfile.ZipInfo], filename: str, limits: Limits
) -> None:
    """Refuse a sheet whose declared size is over the limits, before parsing it."""
    sheets = [i for i in infos if i.filename.startswith("xl/worksheets/sheet")]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in sheets:
            try:
                with archive.open(info) as member:
                    head = member.read(4096)
            except (
                zipfile.BadZipFile,
                EOFError,
                NotImplementedError,
                OSError,
                zlib.error,
            ):
                continue  # the reader will report the damage
            found = _DIMENSION.search(head)
            if not found:
                continue
            width, height = _column_number(found.group(1)), int(found.group(2))
            if width > limits.max_columns:
                raise FileTooLargeError(
                    f"{filename} has a sheet {width:,} columns wide, over the "
                    f"{limits.max_columns:,} limit."
                )
            if width * height > limits.max_cells:
                raise FileTooLargeError(
                    f"{filename} has a sheet of {width * height:,} cells, over the "
                    f"{limits.max_cells:,} limit."
                )


def _calamine_error(filename: str, exc: BaseException) -> NicheError:
    name = type(exc).__name__
    if name == "PasswordError" or "password" in str(exc).lower():
        return PasswordProtectedError(
            f"{filename} is password-protected: save an unprotected copy and upload "
            "that."
        )
    return UnreadableFileError(
        f"{filename} is a corrupt or unsupported workbook and could not be read."
    )


def _read_workbook(
    data: bytes,
    filename: str,
    sheet: str | None,
    limits: Limits,
    accept: Callable[[Grid], bool] | None,
    *,
    zipped: bool,
) -> Grid:
    """``sheet``, else the first sheet ``accept`` takes, else the first sheet."""
    from python_calamine import CalamineWorkbook

    if zipped:
        _check_zip(data, filename, limits)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = tuple(book.sheet_names)
    except BaseException as exc:  # noqa: BLE001 - Rust panics are BaseExceptions
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise _calamine_error(filename, exc) from None
    if not names:
        raise UnreadableFileError(f"{filename} has no worksheets.")
    if sheet is not None:
        if sheet not in names:
            listed = ", ".join(names)
            raise UnreadableFileError(
                f'{filename} has no sheet "{sheet}" (sheets: {listed}).'
            )
        return _read_sheet(book, sheet, names, filename, limits)
    first = None
    for name in names:
        grid = _read_sheet(book, name, names, filename, limits)
        if accept is None or accept(grid):
            return grid
        first = first or grid
    assert first is not None
    return first


def _size_check(filename: str, limits: Limits) -> Callable[[str, int, int], None]:
    """Refuses a sheet of ``height`` x ``width`` cells over the limits."""

    def check(name: str, height: int, width: int) -> None:
        if width > limits.max_columns:
            raise FileTooLargeError(
                f'Sheet "{name}" of {filename} has {width:,} columns, over the '
                f"{limits.max_columns:,} limit."
            )
        if height * width > limits.max_cells:
            raise FileTooLargeError(
                f'Sheet "{name}" of {filename} has {height * width:,} cells, over the '
                f"{limits.max_cells:,} limit."
            )

    return check


def _read_sheet(
    book: object,
    name: str,
    names: tuple[str, ...],
    filename: str,
    limits: Limits,
) -> Grid:
    """One worksheet as a grid."""
    check = _size_check(filename, limits)
    try:
        sheet = book.get_sheet_by_name(name)  # type: ignore[attr-defined]
        # calamine gives the last index, not the count.
        check(name, sheet.total_height + 1, sheet.total_width + 1)
        rows = sheet.to_python(skip_empty_area=False)
    except NicheError:
        raise
    except BaseException as exc:  # noqa: BLE001 - Rust panics are BaseExceptions
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise _calamine_error(filename, exc) from None
    return Grid(_frame(rows), filename, sheet=name, sheets=names)


def _frame(rows: list[list[object]] | np.ndarray) -> pd.DataFrame:
    """A sheet's rows (lists, or already a 2-D array) as cells: index = row
    number, columns ``0 .. n-1``, "" for empty cells."""
    cells = rows if isinstance(rows, np.ndarray) else np.array(rows, dtype=object)
    if cells.ndim == 2 and cells.size:
        # calamine gives "" for empty cells; None only in odd files. A test for
        # None is a pointer comparison, much cheaper than DataFrame.fillna.
        cells[np.equal(cells, None)] = ""
        frame = pd.DataFrame(cells, dtype=object, copy=False)
    else:
        frame = pd.DataFrame(rows, dtype=object).fillna("")
    if frame.empty:
        frame = pd.DataFrame([[""]], dtype=object).iloc[:0]
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    frame.columns = range(frame.shape[1])
    return frame
