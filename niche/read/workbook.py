"""Workbooks (xlsx, xlsm, xls, ods) through calamine."""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
import pandas as pd

from niche.errors import (
    NicheError,
    PasswordProtectedError,
    UnreadableFileError,
)
from niche.model import Grid
from niche.read.limits import (
    WORKBOOK_CELL_BYTES,
    Admit,
    Limits,
    Need,
    _check_zip,
    check_cells,
    check_fields,
    check_memory,
)

OLE_CELL_BYTES = 10
"""A legacy .xls cell record takes at least this many bytes."""


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
    admit: Admit | None = None,
) -> Grid:
    """``sheet``, else the first sheet ``accept`` takes, else the first sheet."""
    from python_calamine import CalamineWorkbook

    if zipped:
        need = _check_zip(data, filename, limits)
    else:
        # A legacy .xls cannot be measured without parsing it: estimated from
        # its size; its sheets are checked again once the reader has them.
        cells = len(data) // OLE_CELL_BYTES
        need = Need(len(data), cells // 4, cells, cell_bytes=WORKBOOK_CELL_BYTES)
    estimate = check_memory(need, filename, limits)
    if admit is not None:
        admit(estimate)
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


def _read_sheet(
    book: object,
    name: str,
    names: tuple[str, ...],
    filename: str,
    limits: Limits,
) -> Grid:
    """One worksheet as a grid."""
    try:
        sheet = book.get_sheet_by_name(name)  # type: ignore[attr-defined]
        # calamine gives the last index, not the count.
        height, width = sheet.total_height + 1, sheet.total_width + 1
        check_cells(height, width, filename, limits, sheet=True)
        rows = sheet.to_python(skip_empty_area=False)
    except NicheError:
        raise
    except BaseException as exc:  # noqa: BLE001 - Rust panics are BaseExceptions
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise _calamine_error(filename, exc) from None
    cells = _frame(rows)
    del rows
    check_fields(cells, filename, limits)
    return Grid(cells, filename, sheet=name, sheets=names)


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
    return _text_as_arrow(frame)


def _text_as_arrow(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns holding only text as Arrow text, as a CSV's cells are.

    A Python string per cell stays alive as long as the session keeps the grid,
    and a server whose sessions kept tens of thousands each could not give the
    memory back after they closed: CPython returns one of its 1 MB arenas only
    when every object in it is gone, and a few long-lived objects made meanwhile
    pin them (bench/README.md, issue 19). Columns with numbers or dates keep
    their Python values, which the cleaning reads as numbers and dates; each is
    copied out of the sheet's 2-D array, which would otherwise keep every
    string alive."""
    columns = {
        c: values.astype("str") if _only_text(values) else values.copy()
        for c, values in frame.items()
    }
    out = pd.DataFrame(columns, index=frame.index, copy=False)
    out.columns = frame.columns
    return out


def _only_text(column: pd.Series) -> bool:
    return pd.api.types.infer_dtype(column, skipna=False) == "string"
