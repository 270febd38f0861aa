"""A fast reading of big, regular CSV files with pyarrow (issue 7).

Used by :mod:`niche.load` for files over :data:`MIN_BYTES` when every line of the
body is one whole record: no line break inside a quoted value, quotes only around
whole fields, no bare ``\\r`` line ends, no blank line in the body, every body line
as wide as the table. The first and last :data:`EDGE_LINES` lines (titles, the
header, footers, ragged lines) are read by pandas' C reader exactly as the plain
path reads them. Anything irregular returns ``None`` and the caller reads the file
the plain way, so the result is always the same grid: index = line number,
columns ``0 .. n-1``, text cells, ``""`` for empty.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .load import c_reader

MIN_BYTES = 1_000_000
EDGE_LINES = 64
_NL, _CR, _QUOTE = 10, 13, 34


def _edges(raw: np.ndarray, breaks: np.ndarray) -> tuple[int, int, int] | None:
    """The number of lines, the start of the body (after the first
    :data:`EDGE_LINES` lines) and of the foot (the last :data:`EDGE_LINES`), from
    the positions of the line breaks; ``None`` when a bare ``\r`` ends a line, the
    file is too short, or the body has a blank line."""
    if raw.base.find(b"\r") >= 0 if isinstance(raw.base, bytes) else True:
        returns = np.flatnonzero(raw == _CR)
        if returns[-1] == len(raw) - 1 or (raw[returns + 1] != _NL).any():
            return None
    lines = len(breaks) + (0 if len(raw) and raw[-1] == _NL else 1)
    if lines <= 2 * EDGE_LINES:
        return None
    head_end = int(breaks[EDGE_LINES - 1]) + 1
    foot_start = int(breaks[lines - EDGE_LINES - 1]) + 1
    # Body lines start after the breaks EDGE_LINES - 1 .. lines - EDGE_LINES - 2;
    # one is blank when the next break follows at once (or after a "\r").
    body = breaks[EDGE_LINES - 1 : lines - EDGE_LINES]
    gaps = np.diff(body)
    if (gaps == 1).any():
        return None
    two = body[:-1][gaps == 2]
    if len(two) and (raw[two + 1] == _CR).any():
        return None
    return lines, head_end, foot_start


def _quotes_regular(raw: np.ndarray, breaks: np.ndarray, delimiter: int) -> bool:
    """Quotes only open and close whole fields, and no line leaves one open (the
    quotes pair up, in order, with no line break inside a pair)."""
    if isinstance(raw.base, bytes) and raw.base.find(b'"') < 0:
        return True
    quotes = np.flatnonzero(raw == _QUOTE)
    if len(quotes) % 2:
        return False
    line = np.searchsorted(breaks, quotes)  # the line of each quote
    if (line[::2] != line[1::2]).any():
        return False
    edge = np.zeros(256, dtype=bool)
    edge[[_NL, _CR, delimiter, _QUOTE]] = True
    before = np.ones(len(quotes), dtype=bool)
    before[quotes > 0] = edge[raw[quotes[quotes > 0] - 1]]
    after = np.ones(len(quotes), dtype=bool)
    inner = quotes < len(raw) - 1
    after[inner] = edge[raw[quotes[inner] + 1]]
    return bool((before | after).all())


def _pool(pa: object) -> object:
    """jemalloc when pyarrow has it, made Arrow's default pool once a big file
    comes, set to hand freed memory back at once (mimalloc keeps it): cleaning a
    1,000,000-line file makes many short-lived columns, and peaks lower so."""
    try:
        pool = pa.jemalloc_memory_pool()  # type: ignore[attr-defined]
        pa.jemalloc_set_decay_ms(0)  # type: ignore[attr-defined]
    except (NotImplementedError, AttributeError):
        return None
    pa.set_memory_pool(pool)  # type: ignore[attr-defined]
    return pool


def read_regular(raw_bytes: bytes, delimiter: str, width: int) -> pd.DataFrame | None:
    """The grid of a big regular CSV (UTF-8 bytes), or ``None`` to read it plainly."""
    if len(raw_bytes) < MIN_BYTES or width < 2:
        return None
    raw = np.frombuffer(raw_bytes, dtype=np.uint8)
    breaks = np.flatnonzero(raw == _NL)
    edges = _edges(raw, breaks)
    if edges is None or not _quotes_regular(raw, breaks, ord(delimiter)):
        return None
    lines, head_end, foot_start = edges
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        names = [str(i) for i in range(width)]
        body_bytes = pa.py_buffer(memoryview(raw_bytes)[head_end:foot_start])
        table = pacsv.read_csv(
            pa.BufferReader(body_bytes),  # no copy of the file's bytes
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"'),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
            memory_pool=_pool(pa),
        )
        head = c_reader(raw_bytes[:head_end].decode("utf-8"), delimiter, width)
        foot = c_reader(raw_bytes[foot_start:].decode("utf-8"), delimiter, width)
    except (pa.ArrowInvalid, pd.errors.ParserError, ValueError):
        return None
    if table.num_rows != lines - 2 * EDGE_LINES or len(head) != EDGE_LINES:
        return None
    if len(foot) != EDGE_LINES:
        return None
    middle = table.to_pandas()
    middle.columns = range(width)
    del table
    cells = pd.concat([head, middle, foot], ignore_index=True)
    cells.index = pd.RangeIndex(1, lines + 1)
    return cells
