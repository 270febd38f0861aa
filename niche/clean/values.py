"""Turn cells into amounts and counts, a whole column at a time.

Amounts arrive as real numbers (workbooks) or as text written by accounting tools:
``$1,234.56``, ``(1,234.56)`` for a negative, ``-1,234.56``, ``USD 1,234``,
``1.234,56 EUR`` in decimal-comma files. Whether ``,`` or ``.`` is the decimal mark
is decided per column from all of its values, and said when the column alone
cannot tell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from niche.clean.text import filled_cells, numbers_or_empty

_SPACES = r"[\s\u00a0\u2009\u202f']"
_CURRENCY = (
    r"(?i)(?:usd|us\$|eur|gbp|cad|aud|nzd|chf|jpy|sek|nok|dkk|zar|inr|mxn|sgd|hkd"
    r"|c\$|a\$|nz\$|r\$|\$|€|£|¥|₹|kr)"
)
_NUMBER = r"^(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)$"
_COMMA_DECIMAL = (
    r"^(?:\d{1,3}(?:\.\d{3})+,\d+|\d+,\d{1,2}|\d+,\d{4,}|\d{1,3}(?:\.\d{3}){2,})$"
)
_POINT_DECIMAL = (
    r"^(?:\d{1,3}(?:,\d{3})+\.\d+|\d+\.\d{1,2}|\d+\.\d{4,}|\d{1,3}(?:,\d{3}){2,})$"
)
_AMBIGUOUS = r"^\d{1,3}[.,]\d{3}$"
_BLANK_MARKS = ("", "-", "—", "–")
# The largest size a float holds to the cent (2**53 cents, about 90 trillion).
# Beyond it, or not finite ("1e400" reads as infinity, "-1e400", a workbook's
# NaN), a value is a bad one: every share and total would be wrong or infinite.
MAX_AMOUNT = 2**53 / 100


def _countable(values: pd.Series | np.ndarray) -> np.ndarray:
    """Where the values are numbers we can count to the cent (False for NaN)."""
    with np.errstate(invalid="ignore"):
        return np.abs(np.asarray(values, dtype="float64")) < MAX_AMOUNT


@dataclass(frozen=True, eq=False)
class Parsed:
    """A column of parsed values.

    Attributes
    ----------
    values
        Floats (``NaN`` where blank or bad), aligned with the input.
    bad
        True where a non-blank cell could not be read.
    note
        What was assumed about the column's format, when its values alone could
        not tell (``None`` when they could).
    """

    values: pd.Series
    bad: pd.Series
    note: str | None = None


def _kind(series: pd.Series) -> str:
    """What an object column holds ("string" when only str), at C speed."""
    return pd.api.types.infer_dtype(series, skipna=False)


def _split_native(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Separate cells that are already numbers (workbooks) from text cells."""
    if series.dtype == object and _kind(series) == "string":
        return pd.Series(False, index=series.index), series.astype("string")
    if series.dtype == object:
        kinds = series.map(type)
        native = kinds.isin((float, int))
        if native.any():
            return native, series.where(~native, "").astype("string")
        texts = series.where(kinds.isin((str,)), series.astype(str))
        return native, texts.astype("string")
    native = pd.Series(False, index=series.index)
    return native, series.astype("string")


def _native_mask(series: pd.Series) -> np.ndarray | None:
    """Cells that are workbook numbers (exactly float or int), for object columns
    mixing them with other cells (numbers and blank text); ``None`` otherwise."""
    if series.dtype != object or _kind(series) in (
        "string",
        "empty",
        "floating",
        "integer",
    ):
        return None
    values = series.to_numpy()
    numbers = numbers_or_empty(values)
    if numbers is not None:
        return numbers
    return np.fromiter(
        (type(v) is float or type(v) is int for v in values), bool, len(values)
    )


def _distinct(series: pd.Series) -> tuple[np.ndarray, pd.Series] | None:
    """Codes and distinct values of a column that can be worked on once per value.

    ``None`` for object columns mixing types: ``True == 1 == 1.0`` would merge
    cells that read differently.
    """
    if series.dtype == object and _kind(series) not in ("string", "empty"):
        return None
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    return codes, pd.Series(uniques, dtype=series.dtype)


_SPACES_RE = re.compile(_SPACES)


def _drop_spaces(text: pd.Series) -> pd.Series:
    """``text`` without spaces and ``'`` ("" for missing); every space character
    but " " is unprintable, so most cells skip the regex."""
    text = text.fillna("")
    # Vectorised first: only cells with a character other than printable ASCII
    # (space and ' excluded) can change.
    maybe = text.str.contains("[^!-&(-~]").to_numpy(dtype=bool, na_value=True)
    if not maybe.any():
        return text
    out = [
        _SPACES_RE.sub("", t) if " " in t or "'" in t or not t.isprintable() else t
        for t in text[maybe].to_numpy(dtype=object)
    ]
    text = text.copy()
    text[maybe] = out
    return text


def _take(parsed: Parsed, codes: np.ndarray, index: pd.Index) -> Parsed:
    values = pd.Series(parsed.values.to_numpy()[codes], index=index)
    bad = pd.Series(parsed.bad.to_numpy()[codes], index=index)
    return Parsed(values, bad, parsed.note)


def parse_amounts(
    series: pd.Series,
    *,
    decimal_comma: bool | None = None,
    heading: str = "",
    distinct: tuple[np.ndarray, pd.Series] | None = None,
) -> Parsed:
    """Read a column of amounts.

    Parameters
    ----------
    series
        Cells as read (numbers or text); ``""`` is blank.
    decimal_comma
        Force the decimal mark; ``None`` decides from the values.
    heading
        Column heading, for the note.
    distinct
        The column's codes and distinct cells when the caller has them (text
        columns), so the column is not factorised again.
    """
    if series.dtype == object and _kind(series) in ("floating", "integer"):
        values = series.astype("float64")  # workbook numbers: nothing to read
        ok = _countable(values)
        return Parsed(values.where(ok), pd.Series(~ok, index=series.index))
    native = _native_mask(series)
    if native is not None and native.any():
        # Numbers as they are; the other cells (mostly text) read on their own,
        # once per distinct text.
        values = pd.Series(np.nan, index=series.index, dtype="float64")
        bad = pd.Series(False, index=series.index)
        numbers = series[native].to_numpy().astype("float64")
        ok = _countable(numbers)
        values[native] = np.where(ok, numbers, np.nan)
        bad[native] = ~ok
        note = None
        if not native.all():
            rest = parse_amounts(
                series[~native], decimal_comma=decimal_comma, heading=heading
            )
            values[~native] = rest.values.to_numpy()
            bad[~native] = rest.bad.to_numpy()
            note = rest.note
        return Parsed(values, bad, note)
    if distinct is None:
        distinct = _distinct(series)
    # Reading a value costs about ten times grouping it: group unless nearly all
    # values are distinct.
    if distinct is None or len(distinct[1]) * 10 > len(series) * 9:
        return _parse_amounts(series, decimal_comma, heading, None)
    codes, uniques = distinct
    weights = np.bincount(codes, minlength=len(uniques))
    parsed = _parse_amounts(uniques, decimal_comma, heading, weights)
    return _take(parsed, codes, series.index)


def _parse_amounts(
    series: pd.Series,
    decimal_comma: bool | None,
    heading: str,
    weights: np.ndarray | None,
) -> Parsed:
    """:func:`parse_amounts` on cells, each counting ``weights`` times (default 1)."""
    native, text = _split_native(series)
    values = pd.Series(np.nan, index=series.index, dtype="float64")
    bad = pd.Series(False, index=series.index)
    if native.any():
        numbers = series[native].to_numpy().astype("float64")
        ok = _countable(numbers)
        values[native] = np.where(ok, numbers, np.nan)
        bad[native] = ~ok
    text = _drop_spaces(text)
    blank = native | text.isin(_BLANK_MARKS)
    todo = ~blank
    if not todo.any():
        return Parsed(values, bad)

    t = text[todo]
    paren = t.str.startswith("(") & t.str.endswith(")")
    t = t.str.strip("()")
    t = t.str.replace(_CURRENCY, "", regex=True)
    minus = (
        t.str.startswith("-") | t.str.endswith("-") | t.str.upper().str.endswith("CR")
    )
    t = t.str.removesuffix("CR").str.removesuffix("cr").str.strip("+-")
    t = t.str.replace(_CURRENCY, "", regex=True)  # "-$1.00" and "$-1.00"

    note = None
    if decimal_comma is None:
        w = (
            np.ones(len(t), dtype="int64")
            if weights is None
            else weights[todo.to_numpy()]
        )
        comma = int(w[t.str.match(_COMMA_DECIMAL).to_numpy(dtype=bool)].sum())
        point = int(w[t.str.match(_POINT_DECIMAL).to_numpy(dtype=bool)].sum())
        decimal_comma = comma > point
        if comma == point and t.str.match(_AMBIGUOUS).any():
            sample = t[t.str.match(_AMBIGUOUS)].iloc[0]
            note = (
                f'"{heading}": values such as {sample} could mean thousands or '
                "decimals; read with . as the decimal mark."
            )
    if decimal_comma:
        t = t.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        t = t.str.replace(",", "", regex=False)
    ok = t.str.match(_NUMBER).fillna(False).astype(bool)
    numbers = _to_float(t.where(ok))
    ok = ok & _countable(numbers)
    numbers = numbers.where(ok)
    numbers = numbers.where(~(paren | minus), -numbers)
    values[todo] = numbers
    bad[todo] = ~ok.to_numpy()
    return Parsed(values, bad, note)


def _to_float(text: pd.Series) -> pd.Series:
    """Numbers written plainly (``_NUMBER``; missing elsewhere) as floats: an Arrow
    cast for Arrow strings (ten times pandas' ``to_numeric``; both round
    correctly), else ``to_numeric``."""
    if isinstance(text.dtype, pd.StringDtype) and text.dtype.storage == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        try:
            cast = pc.cast(pa.array(text.array), pa.float64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass  # out of range, say: pandas says inf
        else:
            values = cast.to_numpy(zero_copy_only=False)
            return pd.Series(values, index=text.index, dtype="float64")
    return pd.to_numeric(text, errors="coerce").astype("float64")


def parse_counts(series: pd.Series) -> Parsed:
    """Read a column of counts (systems, hours): numbers >= 0, else missing."""
    if series.dtype == object and _kind(series) in ("floating", "integer"):
        numbers = series.astype("float64")  # workbook numbers: nothing to read
        ok = (numbers >= 0) & _countable(numbers)
        return Parsed(numbers.where(ok), ~ok, None)
    native = _native_mask(series)
    if native is not None and native.any():
        # Workbook numbers as they are; the other cells read as text, unless
        # they are all blank (a total line's empty cell): then missing, not bad.
        numbers = series.to_numpy()[native].astype("float64")
        values = np.full(len(series), np.nan)
        bad = np.zeros(len(series), dtype=bool)
        with np.errstate(invalid="ignore"):
            ok = (numbers >= 0) & _countable(numbers)
        values[native] = np.where(ok, numbers, np.nan)
        bad[native] = ~ok
        others = series[~native]
        if len(others) and filled_cells(others).any():
            rest = parse_counts(others)
            values[~native] = rest.values.to_numpy()
            bad[~native] = rest.bad.to_numpy()
        index = series.index
        return Parsed(pd.Series(values, index=index), pd.Series(bad, index=index), None)
    distinct = _distinct(series)
    if distinct is not None:
        codes, uniques = distinct
        return _take(_parse_counts(uniques.astype(object)), codes, series.index)
    return _parse_counts(series)


def _parse_counts(series: pd.Series) -> Parsed:
    parsed = parse_amounts(series.astype(object).map(_strip_units), decimal_comma=False)
    values = parsed.values.where(parsed.values >= 0)
    return Parsed(values, parsed.bad | (parsed.values < 0), None)


def _strip_units(value: object) -> object:
    if isinstance(value, str):
        head = value.strip().split(" ")[0] if value.strip() else ""
        return head.lstrip("~≈")
    return value


_CODES = "usd|eur|gbp|cad|aud|nzd|chf|jpy|sek|nok|dkk|zar|inr|mxn|sgd|hkd|brl"
# RE2 (Arrow's regex engine): no look-behind, so a code is a letter run of its own.
_CODE_RE2 = rf"(?i)(?:^|[^a-z])(?P<code>{_CODES})(?:[^a-z]|$)"
_SYMBOL_RE2 = r"(?i)(?P<symbol>us\$|ca?\$|au?\$|nz\$|r\$|\$|€|£|¥|₹)"
_SYMBOL_CODES = {
    "us$": "USD",
    "c$": "CAD",
    "ca$": "CAD",
    "a$": "AUD",
    "au$": "AUD",
    "nz$": "NZD",
    "r$": "BRL",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "$": "$",  # a dollar, of whichever country
}


def currencies(series: pd.Series) -> pd.Series:
    """The currency each text cell is written in: a code ("USD 1,234",
    "1.234,56 EUR") or a symbol ("€12", "£40"; "$" is a dollar of any country);
    None when it says none, and for numbers and blanks. The regular expressions
    run in Arrow once per distinct text; a code wins over a symbol."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if series.dtype == object and _kind(series) not in ("string", "empty"):
        texts = series.map(lambda v: v if isinstance(v, str) else "")
    else:
        texts = series
    codes, uniques = pd.factorize(texts.astype("string").fillna(""))
    array = pa.array(pd.array(uniques, dtype="string"), type=pa.string())
    code = pc.struct_field(pc.extract_regex(array, _CODE_RE2), [0])
    symbol = pc.struct_field(pc.extract_regex(array, _SYMBOL_RE2), [0])
    named = pd.Series(pc.utf8_upper(code).to_pylist(), dtype=object)
    signs = pd.Series(pc.utf8_lower(symbol).to_pylist(), dtype=object)
    found = named.where(named.notna(), signs.map(_SYMBOL_CODES))
    found = np.append(found.where(found.notna(), None).to_numpy(), None)  # -1: none
    return pd.Series(found[codes], index=series.index, dtype=object)
