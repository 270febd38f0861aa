"""Turn cells into dates, one format decided per column.

ISO, US (m/d/Y) and European (d/m/Y) forms; a day above 12 settles it, else the
reading is said.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from niche.clean.values import _distinct

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%m/%d/%y",
    "%d/%m/%y",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%d %b %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d %B %Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%m-%d-%Y",
    "%d-%m-%Y",
)
_DAY_FIRST = {"%d/%m/%Y": "%m/%d/%Y", "%d/%m/%y": "%m/%d/%y", "%d-%m-%Y": "%m-%d-%Y"}


@dataclass(frozen=True, eq=False)
class ParsedDates:
    """A column of dates (``NaT`` where blank or bad) and the format used."""

    values: pd.Series
    bad: pd.Series
    format: str | None
    ambiguous: bool
    note: str | None = None


def parse_dates(
    series: pd.Series, *, day_first: bool | None = None, heading: str = ""
) -> ParsedDates:
    """Read a column of dates, choosing one format for the whole column.

    Parameters
    ----------
    day_first
        For slash dates that could be either, read d/m/Y (True) or m/d/Y (False).
        ``None`` decides from the values (a day above 12 settles it) and falls back
        to m/d/Y, saying so.
    """
    distinct = _distinct(series)
    if distinct is None or len(distinct[1]) * 2 > len(series):
        return _parse_dates(series, day_first, heading, None)
    codes, uniques = distinct
    weights = np.bincount(codes, minlength=len(uniques))
    once = _parse_dates(uniques, day_first, heading, weights)
    return replace(
        once,
        values=pd.Series(once.values.to_numpy()[codes], index=series.index),
        bad=pd.Series(once.bad.to_numpy()[codes], index=series.index),
    )


def _parse_dates(
    series: pd.Series,
    day_first: bool | None,
    heading: str,
    counts: np.ndarray | None,
) -> ParsedDates:
    """:func:`parse_dates` on cells, each counting ``counts`` times (default 1)."""
    index = series.index
    result = pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    native = series.map(lambda v: isinstance(v, dt.date))
    if native.any():
        result[native] = pd.to_datetime(series[native].astype(object))
    text = series.where(~native, "").astype(str).str.strip()
    text = text.str.split(" ").str[0].where(~text.str.match(r"^[A-Za-z]"), text)
    todo = ~native & (text != "")
    if not todo.any():
        return ParsedDates(result, pd.Series(False, index=index), None, False)
    sample = text[todo]
    # Each distinct text is parsed once (an invoice file repeats its dates).
    codes, uniques = pd.factorize(sample, use_na_sentinel=False)
    distinct = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    outer = None if counts is None else counts[todo.to_numpy()]
    weights = np.bincount(codes, weights=outer, minlength=len(distinct))
    pairs = {**_DAY_FIRST, **{v: k for k, v in _DAY_FIRST.items()}}
    total = int(weights.sum())

    def read_with(fmt: str) -> int:
        ok = pd.to_datetime(distinct, format=fmt, errors="coerce").notna()
        return int(weights[ok.to_numpy()].sum())

    counts: dict[str, int] = {}
    for fmt in _DATE_FORMATS:
        counts[fmt] = read_with(fmt)
        if counts[fmt] == total:  # the first format that reads every date wins
            if fmt in pairs and pairs[fmt] not in counts:
                counts[pairs[fmt]] = read_with(pairs[fmt])
            break
    best = max(counts, key=lambda f: (counts[f], -_DATE_FORMATS.index(f)))
    ambiguous = False
    note = None
    if best in pairs and counts[pairs[best]] == counts[best]:
        ambiguous = True
        us, eu = (best, pairs[best]) if best not in _DAY_FIRST else (pairs[best], best)
        best = eu if day_first else us
        if day_first is None:
            note = (
                f'"{heading}": dates such as {sample.iloc[0]} could be month/day or '
                "day/month; read as month/day."
            )
    elif day_first is not None and best in pairs:
        ambiguous = False
    once = pd.to_datetime(distinct, format=best, errors="coerce")
    parsed = pd.Series(once.to_numpy()[codes], index=sample.index)
    result[todo] = parsed
    bad = pd.Series(False, index=index)
    bad[todo] = parsed.isna().to_numpy()
    return ParsedDates(result, bad, best, ambiguous, note)
