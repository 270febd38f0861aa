"""Write simple tabular sheets to xlsx, in memory and safely.

Every value goes through :func:`safe_cell` first, so text that a spreadsheet would
run as a formula (``=``, ``+``, ``-``, ``@``...) is neutralised while real numbers
stay numbers. Sheets get a bold header, a frozen header row, an autofilter,
column widths that fit the content (capped) and number formats per column or per
cell. XlsxWriter is imported only when a workbook is written.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from niche.export.xlsx_chart import ChartSpec, add_chart
from niche.export.xlsx_table import Table, insert_rows

# OWASP CSV injection: a cell starting with one of these may be read as a formula.
# Full-width forms are included because some Excel input locales convert them.
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def safe_cell(value: object) -> object:
    """A value safe to put in a spreadsheet cell or a CSV field.

    Real numbers stay numbers (a negative amount included); NaN, infinity and
    missing values become ``None`` (an empty cell). Text starting with ``=``,
    ``+``, ``-``, ``@``, a tab or a line break (also after leading spaces) is
    prefixed with ``'`` so that no spreadsheet runs it as a formula: text such as
    ``"-45.00"`` in a name column is text, and is neutralised too.
    """
    kind = type(value)
    if kind is str:
        return _neutral(value)  # type: ignore[arg-type]
    if kind is float:
        return value if math.isfinite(value) else None  # type: ignore[arg-type]
    if value is None or kind is int or kind is bool:
        return value
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    try:
        if value != value:  # NaT, pd.NA raises on bool()
            return None
    except (TypeError, ValueError):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value  # a date cell
    return _neutral(str(value))


def _neutral(text: str) -> str:
    if text[:1] in FORMULA_TRIGGERS or text.lstrip(" ")[:1] in FORMULA_TRIGGERS:
        return "'" + text
    return text


@dataclass(frozen=True)
class Styled:
    """A value with its own style, overriding its column's."""

    value: object
    style: str


@dataclass(frozen=True)
class Line:
    """A row of text across a table's columns, wrapped: an answer, a note."""

    text: str
    style: str = "note"  # "answer" (larger, bold) | "note" | "bold" (a title)


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a header row, then the rows.

    ``styles`` names one style per column ; a cell may be a
    :class:`Styled` to override it. ``freeze`` freezes the header row and
    ``autofilter`` puts filter buttons on it.
    """

    name: str
    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    styles: Sequence[str] = ()
    freeze: bool = True
    autofilter: bool = True
    max_width: int = 60
    wide: dict[int, int] = field(default_factory=dict)  # column -> its own cap
    charts: Sequence[ChartSpec] = ()


def _number_width(number: float, style: str, currency: str) -> int:
    """About how many characters Excel shows for a number in a style."""
    if style == "money":
        return len(f"{number:,.2f}") + len(currency)
    if style == "percent":
        return len(f"{number * 100:.1f}%")
    if style == "integer":
        return len(f"{number:,.0f}")
    if style == "decimal":
        return len(f"{number:.1f}")
    return (
        len(str(int(number))) if number == int(number) else min(len(repr(number)), 11)
    )


def _sheet_name(name: str, taken: set[str]) -> str:
    clean = re.sub(r"[\[\]:*?/\\]", " ", name)[:31].strip(" '") or "Sheet"
    base, n = clean, 2
    while clean.casefold() in taken:
        clean = f"{base[:28]} {n}"
        n += 1
    taken.add(clean.casefold())
    return clean


def _widths(sheet: Sheet, ncols: int, currency: str) -> list[float]:
    """Column widths that fit the content, capped; numbers measured as shown."""
    styles = list(sheet.styles) + ["general"] * (ncols - len(sheet.styles))
    header = list(sheet.header) + [""] * (ncols - len(sheet.header))
    out = []
    for c in range(ncols):
        width = len(str(header[c] or "")) + 2 * sheet.autofilter
        for row in sheet.rows:
            raw = row[c] if c < len(row) else None
            style = styles[c]
            if type(raw) is Styled:
                raw, style = raw.value, raw.style
            value = safe_cell(raw)
            if isinstance(value, str):
                shown = (
                    max(map(len, value.split("\n"))) if "\n" in value else len(value)
                )
            elif isinstance(value, bool):
                shown = 5
            elif isinstance(value, int | float):
                shown = _number_width(value, style, currency)
            else:
                continue
            width = max(width, shown)
        cap = sheet.wide.get(c, sheet.max_width)
        out.append(min(max(width * 1.1 + 2, 6.0), cap))
    return out


def _table_widths(table: Table, currency: str) -> list[float]:
    """Column widths that fit a table's headings and values, measured column-wise."""
    out = []
    for column in table.columns:
        values = (
            pd.Series(column.values)
            if not isinstance(column.values, pd.Series)
            else column.values
        )
        width = len(column.heading) + 2 * table.autofilter
        known = values.dropna()
        if (
            len(known)
            and pd.api.types.is_numeric_dtype(known)
            and not (pd.api.types.is_bool_dtype(known))
        ):
            biggest = float(np.nanmax(np.abs(known.to_numpy(dtype="float64"))))
            if math.isfinite(biggest):
                width = max(width, _number_width(biggest, column.style, currency) + 1)
        elif len(known):
            width = max(width, int(known.astype("str").str.len().max()))
        out.append(min(max(width * 1.1 + 2, 6.0), table.max_width))
    return out


def _text(value: str) -> str:
    """Drop characters XML cannot hold; cut to Excel's cell limit (XlsxWriter
    escapes ``_xHHHH_`` itself, so ``_x003D_`` does not show as ``=``)."""
    if not (value.isascii() and value.isprintable()):
        value = ILLEGAL_XML.sub("", value)
    return value[:MAX_CELL_CHARS]


def workbook_bytes(sheets: Sequence[Sheet | Table], currency: str = "$") -> bytes:
    """The xlsx file holding these sheets, built in memory with XlsxWriter.

    ``in_memory`` keeps every part off the disk (openpyxl spools worksheets to
    temporary files); ``strings_to_formulas`` and ``strings_to_urls`` off mean no
    text is ever written as anything but text.
    """
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    symbol = "".join(ch for ch in currency if ch not in '"\\' and ch.isprintable())
    money = f'"{symbol}"#,##0.00;-"{symbol}"#,##0.00' if symbol else "#,##0.00"
    formats = {
        "header": book.add_format({"bold": True}),
        "bold": book.add_format({"bold": True}),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "money": book.add_format({"num_format": money}),
        "percent": book.add_format({"num_format": "0.0%"}),
        "integer": book.add_format({"num_format": "#,##0"}),
        "decimal": book.add_format({"num_format": "0.0"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "answer": book.add_format(
            {"bold": True, "font_size": 12, "text_wrap": True, "valign": "top"}
        ),
        "note": book.add_format({"text_wrap": True, "valign": "top"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
    }
    taken: set[str] = set()
    tables: dict[str, Table] = {}
    for index, sheet in enumerate(sheets, start=1):
        ws = book.add_worksheet(_sheet_name(sheet.name, taken))
        if isinstance(sheet, Table):
            _table(ws, sheet, formats, currency)
            tables[f"xl/worksheets/sheet{index}.xml"] = sheet
        else:
            _form(ws, sheet, formats, currency)
        for chart in sheet.charts:
            add_chart(book, ws, chart)
    book.close()
    return insert_rows(buffer.getvalue(), tables)


def _table(ws: Any, table: Table, formats: dict[str, Any], currency: str) -> None:
    """A table's intro, header row, widths, column formats, pane and filter (its
    rows are put in afterwards, :func:`niche.export.xlsx_table.insert_rows`)."""
    ncols = max(1, len(table.columns))
    widths = _table_widths(table, currency)
    if table.intro:
        # A text that ends its row runs on into the empty cells right of it.
        cells = [
            list(r[:-1]) if _text_value(r[-1]) else r
            for r in table.intro
            if r and not (len(r) == 1 and type(r[0]) is Line)
        ]
        intro = Sheet("", (), cells, autofilter=False, max_width=table.max_width)
        measured = _widths(intro, max(map(len, cells), default=0), currency)
        measured += [0.0] * (len(widths) - len(measured))
        widths += [6.0] * (len(measured) - len(widths))
        widths = [max(w, m) for w, m in zip(widths, measured, strict=True)]
    for i, width in enumerate(widths):
        style = table.columns[i].style if i < len(table.columns) else "general"
        fmt = None if style == "general" else formats.get(style)
        hide = {"hidden": True} if i in table.hidden else {}
        ws.set_column(i, i, round(width, 1), fmt, hide)
    shown = [w for i, w in enumerate(widths[:ncols]) if i not in table.hidden]
    for r, row in enumerate(table.intro):
        if len(row) == 1 and type(row[0]) is Line:
            _line(ws, r, row[0], max(ncols, 2), sum(shown), formats)
            continue
        for c, value in enumerate(row):
            _write(ws, r, c, value, "general", formats)
    top = table.header_row
    for i, column in enumerate(table.columns):
        _write(ws, top, i, column.heading, "header", formats)
    if table.freeze and not table.intro:  # a tall intro would hide the rows
        ws.freeze_panes(1, 0)
    if table.autofilter:
        ws.autofilter(top, 0, top + table.rows, ncols - 1)


def _text_value(cell: object) -> bool:
    return isinstance(cell.value if type(cell) is Styled else cell, str)


def _line(
    ws: Any, row: int, line: Line, ncols: int, width: float, formats: dict[str, Any]
) -> None:
    """A line of text merged across the table's columns, its row as tall as the
    wrapped text needs (Excel does not size merged cells itself)."""
    text = safe_cell(line.text)
    if not isinstance(text, str):
        return
    fmt = formats[line.style]
    ws.merge_range(row, 0, row, ncols - 1, "", fmt)
    ws.write_string(row, 0, _text(text), fmt)
    size = 12 if line.style == "answer" else 11
    per_line = max(20.0, width * 11 / size * 0.95)
    lines = math.ceil(len(text) / per_line)
    ws.set_row(row, lines * size * 1.35 + 3)


def _form(ws: Any, sheet: Sheet, formats: dict[str, Any], currency: str) -> None:
    """A sheet written cell by cell (label and value sheets, the user's list)."""
    ncols = max(1, len(sheet.header), *(len(r) for r in sheet.rows))
    styles = list(sheet.styles) + ["general"] * (ncols - len(sheet.styles))
    for i, width in enumerate(_widths(sheet, ncols, currency)):
        ws.set_column(i, i, round(width, 1))
    if sheet.freeze:
        ws.freeze_panes(1, 0)
    if sheet.autofilter:
        ws.autofilter(0, 0, len(sheet.rows), ncols - 1)
    header = list(sheet.header) + [None] * (ncols - len(sheet.header))
    for c, value in enumerate(header):
        _write(ws, 0, c, value, "header", formats)
    for r, row in enumerate(sheet.rows, start=1):
        for c, value in enumerate(row):
            _write(ws, r, c, value, styles[c], formats)


def _write(
    ws: Any, row: int, col: int, raw: object, style: str, formats: dict[str, Any]
) -> None:
    """One cell, by its type: text, number, true/false or date; never a formula."""
    if type(raw) is Styled:
        raw, style = raw.value, raw.style
    value = safe_cell(raw)
    fmt = formats.get(style)
    if value is None:
        if fmt is not None and style in ("header", "bold", "title"):
            ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        text_fmt = fmt if style in ("header", "bold", "title", "wrap") else None
        ws.write_string(row, col, _text(value), text_fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value)
    elif isinstance(value, dt.datetime | dt.date):
        ws.write_datetime(row, col, value, formats["date"])
    else:
        ws.write_number(row, col, value, fmt)
