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

import io

import numpy as np
import pandas as pd

MIN_BYTES = 1_000_000
EDGE_LINES = 64
_NL, _CR, _QUOTE = 10, 13, 34


def _line_bounds(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Start and end (exclusive, without ``\r\n``) of each line; ``None`` when a
    bare ``\r`` ends a line."""
    breaks = np.flatnonzero(raw == _NL)
    has_cr = raw.base.find(b"\r") >= 0 if isinstance(raw.base, bytes) else True
    returns = np.flatnonzero(raw == _CR) if has_cr else breaks[:0]
    if len(returns) and (
        returns[-1] == len(raw) - 1 or (raw[returns + 1] != _NL).any()
    ):
        return None
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(raw)]))
    if starts[-1] == len(raw):  # the file ends with a line break
        starts, ends = starts[:-1], ends[:-1]
    if len(returns):
        ends = ends - ((ends > starts) & (raw[np.maximum(ends - 1, 0)] == _CR))
    return starts, ends


def _quotes_regular(raw: np.ndarray, starts: np.ndarray, delimiter: int) -> bool:
    """Quotes only open and close whole fields, and no line leaves one open."""
    quotes = np.flatnonzero(raw == _QUOTE)
    if not len(quotes):
        return True
    before_line = np.searchsorted(quotes, starts)
    per_line = np.diff(np.append(before_line, len(quotes)))
    if (per_line % 2).any():
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


def _c_reader(text: str, delimiter: str, width: int) -> pd.DataFrame:
    return pd.read_csv(
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
    ).fillna("")


def read_regular(raw_bytes: bytes, delimiter: str, width: int) -> pd.DataFrame | None:
    """The grid of a big regular CSV (UTF-8 bytes), or ``None`` to read it plainly."""
    if len(raw_bytes) < MIN_BYTES or width < 2:
        return None
    raw = np.frombuffer(raw_bytes, dtype=np.uint8)
    bounds = _line_bounds(raw)
    if bounds is None:
        return None
    starts, ends = bounds
    lines = len(starts)
    if lines <= 2 * EDGE_LINES or not _quotes_regular(raw, starts, ord(delimiter)):
        return None
    body = slice(EDGE_LINES, lines - EDGE_LINES)
    if (ends[body] == starts[body]).any():
        return None  # a blank line in the body
    head_end, foot_start = int(starts[EDGE_LINES]), int(starts[lines - EDGE_LINES])
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
        head = _c_reader(raw_bytes[:head_end].decode("utf-8"), delimiter, width)
        foot = _c_reader(raw_bytes[foot_start:].decode("utf-8"), delimiter, width)
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
