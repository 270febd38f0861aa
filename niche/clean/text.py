"""Text columns worked on once per distinct value (issue 7).

An invoice file repeats a few thousand client names a million times: each text
column is factorised once, every text operation (strip, name keys, total-line
tests) runs on its distinct values, and the results go back to the rows through
the codes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

_WHITESPACE = re.compile(r"\s+")


def _key(text: object) -> object:
    if not isinstance(text, str):
        return text
    # Every whitespace character but " " is unprintable: most names skip the regex.
    if not text.isprintable() or "  " in text:
        text = _WHITESPACE.sub(" ", text)
    return text.casefold()


def name_key(names: pd.Series) -> pd.Series:
    """Compare names without case and surrounding or doubled spaces."""
    stripped = names.str.strip()
    return pd.Series(_keys(stripped), index=names.index, dtype=stripped.dtype)


def _keys(stripped: pd.Series) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """:func:`name_key` of stripped names: Arrow text for Arrow text (when every
    name is simple), else an object array."""
    if (
        isinstance(stripped.dtype, pd.StringDtype)
        and stripped.dtype.storage == "pyarrow"
    ):
        import pyarrow as pa
        import pyarrow.compute as pc

        # Printable ASCII without doubled spaces: casefold is lower, in Arrow.
        array = pa.array(stripped.array)
        simple = pc.and_(
            pc.ascii_is_printable(array), pc.invert(pc.match_substring(array, "  "))
        )
        keys = pc.ascii_lower(array)
        if pc.all(pc.fill_null(simple, True)).as_py():
            return pd.array(keys, dtype=stripped.dtype)
        out = keys.to_numpy(zero_copy_only=False)
        rest = np.flatnonzero(~simple.to_numpy(zero_copy_only=False))
        out[rest] = [_key(t) for t in stripped.to_numpy(dtype=object)[rest]]
        return out
    return np.array([_key(t) for t in stripped.to_numpy(dtype=object)], dtype=object)


def stripped_keys(names: pd.Series) -> np.ndarray:
    return _keys(names.str.strip())


def is_text(series: pd.Series) -> bool:
    """A column of text cells only (CSV columns; workbook columns of text)."""
    if isinstance(series.dtype, pd.StringDtype):
        return True
    return series.dtype == object and _kind(series) == "string"


def numbers_or_empty(values: np.ndarray) -> np.ndarray | None:
    """Where the cells are numbers, when every cell is a number or "" (a workbook
    column of numbers with blank cells); ``None`` otherwise. Two passes in C
    instead of a type test per cell."""
    empty = values == ""
    if not isinstance(empty, np.ndarray) or empty.dtype != bool:
        return None
    numbers = ~empty
    kind = pd.api.types.infer_dtype(values[numbers], skipna=False)
    return numbers if kind in ("integer", "floating", "mixed-integer-float") else None


def filled_cells(series: pd.Series) -> np.ndarray:
    """Cells that are not blank (numbers never are)."""
    if series.dtype == object:
        kind = _kind(series)
        if kind in ("integer", "floating"):
            return np.ones(len(series), dtype=bool)
        if kind == "string":
            import pyarrow as pa

            return _arrow_filled(pa.array(series.to_numpy(), type=pa.large_string()))
        numbers = numbers_or_empty(series.to_numpy())
        if numbers is not None:
            return numbers
        if kind != "empty":
            # Mixed (numbers and blank text, say): only text cells and None can
            # be blank, so only those are looked at.
            values = series.to_numpy()
            n = len(values)
            text = np.fromiter((isinstance(v, str) for v in values), bool, n)
            out = np.fromiter((v is not None for v in values), bool, n) & ~text
            if text.any():
                out[text] = (cell_texts(series[text]) != "").to_numpy()
            return out
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow":
        import pyarrow as pa

        return _arrow_filled(pa.array(series.array))
    return (cell_texts(series) != "").to_numpy()


def _arrow_filled(array: object) -> np.ndarray:
    """Arrow text that is not blank, without new strings: blank is empty or all
    white space (the same white space as utf8_trim_whitespace, which
    ``.str.strip()`` uses)."""
    import pyarrow.compute as pc

    filled = pc.and_(
        pc.greater(pc.binary_length(array), 0),
        pc.invert(pc.utf8_is_space(array)),
    )
    return pc.fill_null(filled, False).to_numpy(zero_copy_only=False)


def match_start(texts: pd.Series, first: str, pattern: re.Pattern[str]) -> pd.Series:
    """``pattern`` matched at the start of each text that starts with one of the
    characters ``first`` (a vectorised filter before the Python regex)."""
    out = pd.Series(False, index=texts.index)
    maybe = texts.str.match(f"^[{first}]").to_numpy(dtype=bool, na_value=False)
    if maybe.any():
        out[maybe] = texts[maybe].str.match(pattern).to_numpy(dtype=bool)
    return out


def casefold_equals(texts: pd.Series, key: str) -> pd.Series:
    """``texts.str.casefold() == key`` (casefold never shortens a text)."""
    out = pd.Series(False, index=texts.index)
    maybe = (texts.str.len() <= len(key)).to_numpy(dtype=bool, na_value=False)
    if maybe.any():
        folded = texts[maybe].str.casefold() == key
        out[maybe] = folded.to_numpy(dtype=bool, na_value=False)
    return out


def _kind(series: pd.Series) -> str:
    """What an object column holds ("string" when only str), at C speed."""
    return pd.api.types.infer_dtype(series, skipna=False)


def cell_texts(series: pd.Series) -> pd.Series:
    """Cells as stripped text ("" for blank), numbers written without ".0"."""
    if series.dtype == object and _kind(series) != "string":
        # Numbers, dates: only when the column has some (a comprehension: no
        # Series.map overhead, and text cells are taken as they are).
        series = pd.Series(
            [v if type(v) is str else cell_str(v) for v in series.to_numpy()],
            index=series.index,
            dtype=object,
        )
    return series.astype("string").fillna("").str.strip()


def cell_str(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def compact(codes: np.ndarray) -> np.ndarray:
    """Codes as 32-bit integers (a file holds far fewer than 2**31 rows): half
    the memory of pandas' 64-bit codes, which a million-line file feels."""
    return codes.astype(np.int32, copy=False)


@dataclass(frozen=True, eq=False)
class Column:
    """A text column as codes into the stripped texts of its distinct cells: an
    invoice file repeats a few thousand names a million times, so every text
    operation runs once per distinct value and is mapped back through the codes."""

    codes: np.ndarray
    texts: pd.Series  # stripped text ("string" dtype), one per code
    # The distinct cells as read (before stripping), one per code, when the
    # column is text: parsers reuse the grouping instead of factorising again.
    raw: pd.Series | None = None

    @classmethod
    def of(cls, series: pd.Series) -> Column:
        if series.dtype == object and _kind(series) not in ("string", "empty"):
            # Mixed cells (True == 1 == 1.0 would merge): read each, then group.
            codes, uniques = pd.factorize(cell_texts(series), use_na_sentinel=False)
            return cls(compact(codes), pd.Series(uniques, dtype="string"))
        codes, uniques = pd.factorize(series, use_na_sentinel=False)
        raw = pd.Series(uniques, dtype=series.dtype)
        return cls(compact(codes), cell_texts(raw).reset_index(drop=True), raw)

    @classmethod
    def of_rows(cls, values: np.ndarray) -> Column:
        """A column from each row's text (object array; may hold missing)."""
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        return cls(compact(codes), pd.Series(uniques, dtype=object))

    def coded(
        self, function: Callable[[pd.Series], pd.Series]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Each row's code into the distinct values of ``function`` of the texts
        (``-1`` where missing), and those values."""
        values = function(self.texts)
        if isinstance(values, pd.Series):
            values = values.array
        codes, uniques = pd.factorize(values)
        return compact(codes)[self.codes], np.asarray(uniques, dtype=object)

    def subset(self, mask: np.ndarray) -> Column:
        return Column(self.codes[mask], self.texts, self.raw)

    def rows(self) -> np.ndarray:
        """The text of each row (object array)."""
        return self.texts.to_numpy(dtype=object)[self.codes]

    def distinct(self) -> tuple[np.ndarray, pd.Series] | None:
        """Codes and raw distinct cells, for the parsers (``None``: not text)."""
        return None if self.raw is None else (self.codes, self.raw)

    def filled(self, at: np.ndarray | None = None) -> np.ndarray:
        """Rows (at positions ``at``, when given) whose text is not blank."""
        filled = (self.texts != "").to_numpy(dtype=bool, na_value=False)
        return filled[self.codes if at is None else self.codes[at]]

    def test(self, predicate: Callable[[pd.Series], pd.Series]) -> np.ndarray:
        """``predicate`` of each row's text, computed once per distinct text."""
        result = predicate(self.texts)
        return result.to_numpy(dtype=bool, na_value=False)[self.codes]

    def apply(self, function: Callable[[pd.Series], pd.Series]) -> np.ndarray:
        """``function`` of each row's text (object array), once per distinct text."""
        return function(self.texts).to_numpy(dtype=object)[self.codes]

    def or_else(self, other: Column) -> Column:
        """This column's text, or ``other``'s where this one is blank."""
        width = max(len(other.texts), 1)
        pairs = self.codes.astype("int64") * width + other.codes
        codes, uniques = pd.factorize(pairs)
        mine = self.texts.to_numpy(dtype=object)[uniques // width]
        theirs = other.texts.to_numpy(dtype=object)[uniques % width]
        texts = np.where(mine != "", mine, theirs)
        return Column(codes, pd.Series(texts, dtype="string"))


def rows_below(cells: pd.DataFrame, row: int) -> pd.DataFrame:
    """The rows under ``row`` (no copy when the row numbers are in order)."""
    index = cells.index
    if index.is_monotonic_increasing:
        return cells.iloc[index.searchsorted(row, side="right") :]
    return cells.loc[index > row]
