"""Table sheets: columns of values written as worksheet XML, a column at a time.

XlsxWriter writes a cell in about 4 microseconds, so 200,000 clients of 14
columns took 11 s there alone. A :class:`Table`'s rows are instead rendered
column-wise (text escaped and neutralised with vectorised string operations,
numbers formatted by NumPy) and joined row by row into the ``<sheetData>`` of the
worksheet XlsxWriter made for it (header row, widths, column formats, frozen
pane, filter, charts): :func:`insert_rows`. Every table body goes this way; the
label/value sheets (:class:`~niche.export.xlsx.Sheet`) stay cell by cell, and so
do a table's ``intro`` rows (its answer, small tables above it), written by
XlsxWriter above the header row.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

FORMULA_START = r"^[ ]*[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]"
ILLEGAL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
MAX_CELL_CHARS = 32_767
CHUNK = 20_000  # rows rendered at a time (bounds the memory of a huge sheet)
_COL_STYLE = re.compile(r'<col min="(\d+)" max="(\d+)"[^>]*?style="(\d+)"')


@dataclass(frozen=True, eq=False)
class Column:
    """One column of a table: its heading, its values and their style
    ("general", "money", "percent", "integer", "decimal")."""

    heading: str
    values: Any  # a sequence, NumPy array or pandas Series
    style: str = "general"


@dataclass(frozen=True, eq=False)
class Table:
    """A sheet of columns under a header row (bold, with a filter; frozen when
    nothing stands above it).

    ``intro`` holds the rows above the header row, cell by cell (a value, a
    :class:`~niche.export.xlsx.Styled` value, or a
    :class:`~niche.export.xlsx.Line` across the table); ``hidden`` names columns
    hidden from view (a chart's helper values).
    """

    name: str
    columns: Sequence[Column]
    freeze: bool = True
    autofilter: bool = True
    max_width: int = 60
    charts: Sequence[Any] = field(default=())  # niche.export.xlsx.ChartSpec
    intro: Sequence[Sequence[object]] = ()
    hidden: Sequence[int] = ()

    @property
    def rows(self) -> int:
        return len(self.columns[0].values) if self.columns else 0

    @property
    def header_row(self) -> int:
        """The header row's index (from 0): below the intro."""
        return len(self.intro)


def letter(index: int) -> str:
    """0 -> "A", 27 -> "AB"."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _is_number(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(
        series
    )


def _text_values(series: pd.Series) -> list[str]:
    """Text made safe for a cell: illegal XML dropped, cut to Excel's limit,
    formula starts prefixed with ' and the XML specials escaped. A column of
    few distinct values (industries, tiers, flags) is made safe once per value."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if len(uniques) * 4 < len(series):
        safe = [_text_slot(t) for t in _safe_text(pd.Series(uniques, dtype=object))]
        safe.append(">")  # -1, a missing value, takes the last: a blank cell
        return [safe[c] for c in codes.tolist()]
    return [_text_slot(t) for t in _safe_text(series)]


def _text_slot(text: str) -> str:
    """The rest of a text cell after ``<c r="B2"`` (``>`` alone: a blank cell)."""
    if not text:
        return ">"
    if text[0].isspace() or text[-1].isspace():
        return f' t="inlineStr"><is><t xml:space="preserve">{text}</t></is>'
    return f' t="inlineStr"><is><t>{text}</t></is>'


def _safe_text(series: pd.Series) -> list[str]:
    text = series.astype("str").where(series.notna(), "")
    if text.str.contains(ILLEGAL, regex=True).any():
        text = text.str.replace(ILLEGAL, "", regex=True)
    if (text.str.len() > MAX_CELL_CHARS).any():
        text = text.str.slice(0, MAX_CELL_CHARS)
    text = text.where(~text.str.contains(FORMULA_START, regex=True), "'" + text)
    if text.str.contains("[&<>]", regex=True).any():
        for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
            text = text.str.replace(raw, escaped, regex=False)
    return text.tolist()


def _number_values(series: pd.Series) -> list[str]:
    """Number cells' values, ``<v>1.5</v>``: an integer column's as integers,
    others in Python's shortest form; missing and infinite values as "" (a
    blank cell that keeps the column's format)."""
    if pd.api.types.is_integer_dtype(series) and not series.isna().any():
        return [f"<v>{v}</v>" for v in series.tolist()]
    values = series.to_numpy(dtype="float64", na_value=np.nan)
    finite = np.isfinite(values).tolist()
    return [
        f"<v>{v!r}</v>" if ok else ""
        for v, ok in zip(values.tolist(), finite, strict=True)
    ]


def _object_values(values: list[object]) -> tuple[list[str], list[bool]]:
    """A mixed column, value by value: (XML text, is it a number)."""
    texts, numeric = [], []
    for value in values:
        if isinstance(value, bool) or value is None:
            texts.append("" if value is None else str(value))
            numeric.append(False)
        elif isinstance(value, int | float | np.integer | np.floating):
            number = float(value)
            ok = math.isfinite(number)
            texts.append(
                (str(int(number)) if number.is_integer() else repr(number))
                if ok
                else ""
            )
            numeric.append(ok)
        else:
            texts.append(str(value))
            numeric.append(False)
    safe = _safe_text(pd.Series(texts, dtype="str"))
    out = [t if n else s for t, s, n in zip(texts, safe, numeric, strict=True)]
    return out, numeric


_NUMBER = '<c r="{col}{{0}}"{style}>{{{i}}}</c>'  # the slot: <v>1.5</v> or ""
_TEXT = '<c r="{col}{{0}}"{{{i}}}</c>'  # the slot: see _text_slot
_ROW = "\x00"  # stands for the row number in a mixed column's cells


def _mixed(col: str, style: str, values: list[object]) -> list[str]:
    """A column of numbers and text mixed: each value's whole cell."""
    out = []
    for text, number in zip(*_object_values(values), strict=True):
        if not text:
            out.append("")
        elif number:
            out.append(f'<c r="{col}{_ROW}"{style}><v>{text}</v></c>')
        else:
            out.append(f'<c r="{col}{_ROW}"{_text_slot(text)}</c>')
    return out


def _has_numbers(series: pd.Series) -> bool:
    return series.dtype == object and any(
        isinstance(v, int | float | np.integer | np.floating)
        and not isinstance(v, bool)
        for v in series
    )


def _rendered(
    table: Table, styles: dict[int, int]
) -> tuple[str, list[list[str]], bool]:
    """The row template, the rendered values per column, and whether a mixed
    column's cells hold the row placeholder."""
    parts, columns, mixed = ['<row r="{0}">'], [], False
    for i, column in enumerate(table.columns):
        series = column.values
        if not isinstance(series, pd.Series):
            series = pd.Series(series if hasattr(series, "dtype") else list(series))
        style = f' s="{styles[i]}"' if i in styles else ""
        col = letter(i)
        if _is_number(series):
            columns.append(_number_values(series))
            parts.append(_NUMBER.format(col=col, style=style, i=i + 1))
        elif _has_numbers(series):
            columns.append(_mixed(col, style, series.tolist()))
            parts.append("{" + str(i + 1) + "}")
            mixed = True
        else:
            columns.append(_text_values(series))
            parts.append(_TEXT.format(col=col, i=i + 1))
    parts.append("</row>")
    return "".join(parts), columns, mixed


def _body(table: Table, styles: dict[int, int]) -> Iterator[bytes]:
    """The table's ``<row>`` elements, a chunk at a time, as UTF-8."""
    template, columns, mixed = _rendered(table, styles)
    fill = template.format
    first = table.header_row + 2  # Excel's number of the first row below the header
    for start in range(0, table.rows, CHUNK):
        stop = min(start + CHUNK, table.rows)
        rows = range(start + first, stop + first)
        part = [c[start:stop] for c in columns]
        if mixed:
            text = "".join(
                fill(r, *values).replace(_ROW, str(r))
                for r, *values in zip(rows, *part, strict=True)
            )
        else:
            text = "".join(map(fill, rows, *part))
        yield text.encode("utf-8")


def column_styles(sheet_xml: str) -> dict[int, int]:
    """Column index -> the style XlsxWriter gave the column (its number format)."""
    out = {}
    for low, high, style in _COL_STYLE.findall(sheet_xml):
        for col in range(int(low) - 1, int(high)):
            out[col] = int(style)
    return out


def _column_number(letters: str) -> int:
    """Column letters as an index: A -> 0, AB -> 27."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number - 1


def _dimension(written: str, table: Table) -> str:
    """The used range: what XlsxWriter wrote (header, intro) and the body."""
    found = re.fullmatch(r"[A-Z]+\d+:([A-Z]+)\d+", written)
    widest = _column_number(found.group(1)) if found else 0
    last_col = max(widest, len(table.columns) - 1)
    return f"A1:{letter(last_col)}{table.header_row + 1 + table.rows}"


def insert_rows(book: bytes, tables: dict[str, Table]) -> bytes:
    """The workbook with each table's rows put into its worksheet part.

    ``tables`` maps a worksheet part ("xl/worksheets/sheet2.xml") to its table.
    """
    import io

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(book)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            table = tables.get(info.filename)
            if table is None or not table.rows:
                dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
                continue
            xml = data.decode("utf-8")
            found = re.search(r'<dimension ref="([^"]*)"/>', xml)
            if found:
                used = _dimension(found.group(1), table)
                xml = xml.replace(found.group(0), f'<dimension ref="{used}"/>', 1)
            head, tail = xml.split("</sheetData>", 1)
            head = head.replace("<sheetData/>", "<sheetData>")
            if "<sheetData>" not in head:
                raise ValueError("worksheet without sheetData")
            # Level 1: a tenth of the time of level 6 for a 20 % larger part.
            dst.compresslevel = 1
            with dst.open(info.filename, "w", force_zip64=True) as part:
                part.write(head.encode("utf-8"))
                for chunk in _body(table, column_styles(xml)):
                    part.write(chunk)
                part.write(b"</sheetData>" + tail.encode("utf-8"))
            dst.compresslevel = 6
    return out.getvalue()
