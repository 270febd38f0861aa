"""CSV and other delimited text: encoding, delimiter, cells and line numbers."""

from __future__ import annotations

import codecs
import csv
import io
import re

import pandas as pd

from niche.errors import (
    EmptyFileError,
    FileTooLargeError,
    UnreadableFileError,
)
from niche.model import Grid
from niche.read.limits import Limits

DELIMITERS = (",", ";", "\t")
_SNIFF_CHARS = 65_536
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --------------------------------------------------------------------------- CSV


def _decode(data: bytes, filename: str) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252.
    Returns the text and the codec that decoded it ("utf-8-sig" with a BOM)."""
    if data.startswith(codecs.BOM_UTF8):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte.
        candidates = ("utf-8", "cp1252", "latin-1")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
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
            # Every line counts for the width, a line of delimiters only too
            # (",,,,," over five-column rows): the reader must have a column
            # for each field, or pandas takes the first one as an index.
            width = max(len(r) for r in rows)
            best, best_score, best_width = delimiter, score, width
    return best, best_width


def _read_csv(data: bytes, filename: str, limits: Limits) -> Grid:
    text, codec = _decode(data, filename)
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
    cleaned = _drop_stray_marks(text, delimiter)
    if cleaned is not text:  # rarely: the text changed, so its bytes do
        text, data, codec = cleaned, cleaned.encode("utf-8"), "utf-8"
    try:
        cells = c_reader(data, codec, delimiter, width)
    except (pd.errors.ParserError, ValueError):
        cells = _parse_csv_slow(text, delimiter, filename, limits)
    if cells.shape[1] > limits.max_columns:
        raise FileTooLargeError(
            f"{filename} has {cells.shape[1]:,} columns, over the "
            f"{limits.max_columns:,} limit."
        )
    cells.index = _csv_line_numbers(text, delimiter, len(cells))
    encoding = codec.removesuffix("-sig")
    return Grid(cells, filename, delimiter=delimiter, encoding=encoding)


def _drop_stray_marks(text: str, delimiter: str) -> str:
    """``text`` without the byte-order marks that start a cell (two exports joined
    end to end leave one at the start of a line): the mark is invisible, and no
    part of a name, a heading or an amount. One at the very start of the file is
    taken off by the decoding already."""
    if "\ufeff" not in text:  # instant for text with no character above U+00FF
        return text
    starts = rf'(\A|[\r\n]|{re.escape(delimiter)})("?)\ufeff+'
    return re.sub(starts, r"\1\2", text)


def c_reader(data: bytes, codec: str, delimiter: str, width: int) -> pd.DataFrame:
    """pandas' C reader: every line a row (blank ones too), every cell text.

    It reads the bytes (a text in a StringIO takes four bytes a character) and
    leaves the cells Python strings: the few columns the rules work on become
    Arrow text later, not every column of a million lines."""
    cells = pd.read_csv(
        io.BytesIO(data),
        encoding=codec,
        sep=delimiter,
        header=None,
        names=range(width),
        dtype=object,
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
    # "\r\n", "\n" or "\r" end a line: counted in C, with no list of matches.
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    lines = breaks + (0 if text.endswith(("\n", "\r")) else 1)
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
