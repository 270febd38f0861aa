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


@dataclass(frozen=True)
class Series:
    """A chart series: ``values`` (and ``categories``) as (sheet, first row,
    column, last row), rows and columns counted from 0."""

    name: str
    values: tuple[str, int, int, int]
    categories: tuple[str, int, int, int]
    kind: str | None = None  # another chart type for this series ("line")
    secondary: bool = False  # on the right-hand axis
    color: str | None = None


@dataclass(frozen=True)
class ChartSpec:
    """A native Excel chart placed at ``cell`` (e.g. "D2")."""

    kind: str  # "column" | "bar"
    title: str
    series: Sequence[Series]
    cell: str
    y_title: str = ""
    x_title: str = ""
    y_format: str | None = None  # number format of the value axis
    y2_format: str | None = None
    width: int = 720  # pixels
    height: int = 320
    stacked: bool = False


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
            _chart(book, ws, chart)
    book.close()
    return insert_rows(buffer.getvalue(), tables)


def _table(ws: Any, table: Table, formats: dict[str, Any], currency: str) -> None:
    """A table's header row, widths, column formats, pane and filter (its rows
    are put in afterwards, :func:`niche.export.xlsx_table.insert_rows`)."""
    ncols = max(1, len(table.columns))
    for i, (column, width) in enumerate(
        zip(table.columns, _table_widths(table, currency), strict=True)
    ):
        fmt = None if column.style == "general" else formats.get(column.style)
        ws.set_column(i, i, round(width, 1), fmt)
        _write(ws, 0, i, column.heading, "header", formats)
    if table.freeze:
        ws.freeze_panes(1, 0)
    if table.autofilter:
        ws.autofilter(0, 0, table.rows, ncols - 1)


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


def _range(ref: tuple[str, int, int, int]) -> list[object]:
    """(sheet, first row, column, last row) as XlsxWriter's range list."""
    sheet, first, column, last = ref
    return [sheet, first, column, last, column]


def _chart(book: Any, ws: Any, spec: ChartSpec) -> None:
    """A native chart: columns or bars, a series may be a line on the right axis."""
    chart = book.add_chart(
        {"type": spec.kind, **({"subtype": "stacked"} if spec.stacked else {})}
    )
    for series in spec.series:
        target = chart
        if series.kind:
            target = book.add_chart({"type": series.kind})
        options: dict[str, Any] = {
            "name": series.name,
            "values": _range(series.values),
            "categories": _range(series.categories),
        }
        if series.secondary:
            options["y2_axis"] = True
        if series.color:
            key = "line" if series.kind == "line" else "fill"
            options[key] = {"color": series.color}
            if series.kind == "line":
                options["marker"] = {"type": "none"}
        target.add_series(options)
        if target is not chart:
            chart.combine(target)
            if series.secondary:
                target.set_y2_axis(
                    {"num_format": spec.y2_format or "General", "min": 0, "max": 1}
                )
    chart.set_title({"name": spec.title, "name_font": {"size": 12}})
    chart.set_legend({"position": "top"})
    values = {"name": spec.y_title, "num_format": spec.y_format or "General"}
    if spec.kind == "bar":  # values across, categories down: the largest on top
        chart.set_x_axis(values)
        chart.set_y_axis({"name": spec.x_title, "reverse": True})
    else:
        chart.set_y_axis(values)
        chart.set_x_axis({"name": spec.x_title})
    ws.insert_chart(
        spec.cell, chart, {"x_scale": spec.width / 480, "y_scale": spec.height / 288}
    )


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
