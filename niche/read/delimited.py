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
from niche.read.limits import (
    Admit,
    Limits,
    Need,
    check_cells,
    check_fields,
    check_memory,
)

DELIMITERS = (",", ";", "\t")
_SNIFF_CHARS = 65_536
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_SPACE = re.compile(rb"\S")
_DECODE_CHUNK = 1 << 20


# --------------------------------------------------------------------------- CSV


def _encoding(data: bytes, filename: str) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252 (else Latin-1),
    checked over the whole file a piece at a time: no decoded copy is kept (a
    text copy takes up to four bytes a character). Returns the codec
    ("utf-8-sig" with a BOM)."""
    if data.startswith(codecs.BOM_UTF8):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte.
        candidates = ("utf-8", "cp1252", "latin-1")
    for encoding in candidates:
        if _decodes(data, encoding):
            return encoding
    raise UnreadableFileError(f"{filename} is not readable text.")


def _decodes(data: bytes, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    try:
        for start in range(0, len(view), _DECODE_CHUNK):
            end = start + _DECODE_CHUNK
            decoder.decode(view[start:end], final=end >= len(view))
    except UnicodeDecodeError:
        return False
    return True


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


def _read_csv(
    data: bytes, filename: str, limits: Limits, admit: Admit | None = None
) -> Grid:
    """Parse CSV bytes as they are (pandas decodes them while parsing), after
    every check and the memory estimate."""
    codec = _encoding(data, filename)
    encoding = codec.removesuffix("-sig")
    if codec == "utf-16":  # rare and small: re-encoded once as UTF-8
        data, codec = data.decode("utf-16").encode("utf-8"), "utf-8"
    head = data[: _SNIFF_CHARS * 4].decode(codec, errors="ignore")[:_SNIFF_CHARS]
    if _looks_binary(head):
        raise UnreadableFileError(
            f"{filename} does not look like a CSV or spreadsheet file (binary data)."
        )
    if _NOT_SPACE.search(data, 3 if codec == "utf-8-sig" else 0) is None:
        raise EmptyFileError(f"{filename} is empty.")
    sample = head
    cut = max(sample.rfind("\n"), sample.rfind("\r"))
    if cut > 0 and len(data) > _SNIFF_CHARS:
        sample = sample[:cut]
    delimiter, width = _sniff_delimiter(sample)
    lines = _line_count(data)
    check_cells(lines, width, filename, limits)
    estimate = check_memory(Need(len(data), lines, lines * width), filename, limits)
    if admit is not None:
        admit(estimate)
    if codec.startswith("utf-8") and _stray_mark(data):
        # rarely: marks inside the text (two exports joined end to end)
        text = data.decode(codec)
        cleaned = _drop_stray_marks(text, delimiter)
        if cleaned is not text:
            data, codec = cleaned.encode("utf-8"), "utf-8"
        del text, cleaned
    try:
        cells = c_reader(data, codec, delimiter, width)
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError):
        cells = _parse_csv_slow(data.decode(codec), delimiter, filename, limits)
    check_cells(len(cells), cells.shape[1], filename, limits)
    check_fields(cells, filename, limits)
    cells.index = _csv_line_numbers(data, codec, delimiter, len(cells), lines)
    return Grid(cells, filename, delimiter=delimiter, encoding=encoding)


def _stray_mark(data: bytes) -> bool:
    """A byte-order mark after the start: its first byte looked for alone (one
    memchr, rarely found in text), the whole mark only from there."""
    first = data.find(codecs.BOM_UTF8[:1], 1)
    return first >= 0 and data.find(codecs.BOM_UTF8, first) >= 0


def _line_count(data: bytes) -> int:
    """Lines of an ASCII-compatible text ("\\r\\n", "\\n" or "\\r" ends a
    line): counted in C, with no list of matches."""
    ends = data.count(b"\n")
    if b"\r" in data:  # a search for one byte (memchr) costs far less than a count
        ends += data.count(b"\r") - data.count(b"\r\n")
    return ends + (0 if data.endswith((b"\n", b"\r")) else 1)


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

    It reads the bytes (a text in a StringIO takes four bytes a character), and
    the cells are Arrow text: a Python string per cell took 1.7 times the
    memory on a million invoice lines (404 MB at the peak against 233 MB), and
    the memory estimate made before parsing must hold whatever the values."""
    cells = pd.read_csv(
        io.BytesIO(data),
        encoding=codec,
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
    csv.field_size_limit(max(limits.max_field_chars + 1, 131_072))
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


def _csv_line_numbers(
    data: bytes, codec: str, delimiter: str, records: int, lines: int
) -> pd.Index:
    """Line number of each record (differs from 1..n only with quoted newlines)."""
    if lines == records:
        return pd.RangeIndex(1, records + 1)
    starts, line = [], 1
    text = data.decode(codec)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for _ in reader:
        starts.append(line)
        line = reader.line_num + 1
    if len(starts) != records:  # the two parsers disagree: fall back to order
        return pd.RangeIndex(1, records + 1)
    return pd.Index(starts)
