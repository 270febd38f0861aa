"""One row per client from the kept rows (used by :mod:`niche.clean`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa


def _first_valid(grouped: object, column: str) -> pd.Series:
    """First non-missing value of each group (missing when there is none)."""
    return grouped[column].first(skipna=True)  # type: ignore[index]


def _sum_known(grouped: object, column: str) -> pd.Series:
    """Sum of each group, missing when the group has no known value."""
    return grouped[column].sum(min_count=1)  # type: ignore[index]


ROWS_DTYPE = pd.ArrowDtype(pa.list_(pa.int64()))
"""Each client's row numbers: an Arrow list of 64-bit integers."""


def _row_lists(keys: pd.Series, rows: pd.Series) -> pd.Series:
    """Row numbers of each group, in file order, as an Arrow list column
    (vectorised): iterated, each client's is a list of ints.

    ``keys`` are integer codes (``-1``: missing, left out as groupby leaves out
    missing keys); the result is indexed by code. Arrow, not a tuple of Python
    ints per client: a session keeps its clients, and ten sessions' tuples kept
    the server's memory after they closed (issue 19, bench/README.md).
    """
    codes, numbers = keys.to_numpy(), rows.to_numpy(dtype="int64")
    known = codes >= 0
    if not known.all():
        codes, numbers = codes[known], numbers[known]
    if not len(codes):
        return pd.Series([], dtype=ROWS_DTYPE)
    # A stable sort of 16-bit integers is a radix sort (one pass) in numpy.
    if codes.max() < 2**15:
        codes = codes.astype(np.int16)
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    bounds = np.flatnonzero(sorted_codes[1:] != sorted_codes[:-1]) + 1
    index = sorted_codes[np.concatenate(([0], bounds))].astype(np.int64)
    offsets = np.concatenate(([0], bounds, [len(order)])).astype(np.int32)
    lists = pa.ListArray.from_arrays(offsets, pa.array(numbers[order]))
    return pd.Series(pd.arrays.ArrowExtensionArray(lists), index=index)


_MISSING = {
    "systems": (np.nan, "float64"),
    "industry_raw": (np.nan, "float64"),  # codes into the industry texts
    "cost": (np.nan, "float64"),
    "prior_revenue": (np.nan, "float64"),
    "support_hours": (np.nan, "float64"),
    "hours_recent": (np.nan, "float64"),  # invoice files: last 6 months of window
    "hours_earlier": (np.nan, "float64"),  # and its first 6 months
    "client_since": (pd.NaT, "datetime64[ns]"),
}


@dataclass(frozen=True, eq=False)
class _Known:
    """Aggregate a column the rows have, else give the groups its missing value."""

    columns: pd.Index
    index: pd.Index

    def agg(
        self, grouped: object, column: str, how: Callable[[object, str], pd.Series]
    ) -> pd.Series:
        if column in self.columns:
            return how(grouped, column)
        value, dtype = _MISSING[column]
        return pd.Series(value, index=self.index, dtype=dtype)


def aggregate(
    frame: pd.DataFrame,
    mode: str,
    names: pd.api.extensions.ExtensionArray,
    keys: np.ndarray,
    industries: np.ndarray | None = None,
) -> tuple[pd.DataFrame, tuple[tuple[str, tuple[int, ...]], ...]]:
    """Sites of one client are summed; the same site listed twice counts once.

    ``frame`` holds integer codes (grouping on them is much faster than on text):
    ``parent`` into ``names``, ``parent_key`` into ``keys``; a code of -1 is a
    missing key, left out as groupby leaves out missing keys; ``industry_raw``
    (when there) codes into ``industries`` as floats, NaN where blank. Clients
    come out in the order of their first row.
    """
    codes = frame["parent_key"].to_numpy()
    known = codes >= 0
    if not known.all():
        frame, codes = frame[known], codes[known]
    if frame.empty:
        return empty_clients(), ()
    invoices = mode == "invoices"
    rows_of = np.bincount(codes)
    clients = _grouped(frame, invoices)
    several = rows_of[clients.index.to_numpy()] > 1
    # Keys and industries stay Python strings (object), names Arrow text, as
    # they come: pandas would infer Arrow text for the object arrays, which
    # costs more for 100,000 clients than anything done with them afterwards.
    keys_of = keys[clients.index.to_numpy()]
    clients = clients.reset_index(drop=True)
    clients.insert(0, "key", pd.Series(keys_of, dtype=object))
    # The names are stripped texts (see textcols.Column): nothing more to do.
    named = names.take(clients["client"].to_numpy())
    clients["client"] = pd.Series(named, dtype="string", copy=False)
    industry = _texts(clients["industry_raw"].to_numpy(), industries)
    clients["industry_raw"] = pd.Series(industry, dtype=object)
    picked = clients[several]
    merged = tuple(
        zip(picked["client"].tolist(), map(tuple, picked["rows"]), strict=True)
    )
    return clients, merged


def _grouped(frame: pd.DataFrame, invoices: bool) -> pd.DataFrame:
    """One row per client (indexed by ``parent_key``), in order of first row."""
    sub_key = frame["sub_key"].to_numpy()
    # Each client its own only site (nothing rolled up): one level of grouping.
    one_level = np.array_equal(sub_key, frame["parent_key"].to_numpy())
    site_known = sub_key >= 0
    by_site = (frame if site_known.all() else frame[site_known]).groupby(
        "parent_key" if one_level else ["parent_key", "sub_key"], sort=False
    )
    amount = by_site["amount"].sum()
    known = _Known(frame.columns, amount.index)
    sites = pd.DataFrame(
        {
            "parent": by_site["parent"].first(),
            "amount": amount,
            "systems": known.agg(by_site, "systems", lambda g, c: g[c].max()),
            "industry_raw": known.agg(by_site, "industry_raw", _first_valid),
            "cost": known.agg(by_site, "cost", _sum_known),
            "prior_revenue": known.agg(by_site, "prior_revenue", _sum_known),
            "support_hours": known.agg(by_site, "support_hours", _sum_known),
            "hours_recent": known.agg(by_site, "hours_recent", _sum_known),
            "hours_earlier": known.agg(by_site, "hours_earlier", _sum_known),
            "client_since": known.agg(by_site, "client_since", lambda g, c: g[c].min()),
        }
    )
    if one_level:
        clients = sites.rename(columns={"parent": "client", "amount": "annual_revenue"})
    else:
        grouped = sites.groupby(level="parent_key", sort=False)
        clients = pd.DataFrame(
            {
                "client": grouped["parent"].first(),
                "annual_revenue": grouped["amount"].sum(),
                "systems": _sum_known(grouped, "systems"),
                "industry_raw": _first_valid(grouped, "industry_raw"),
                "cost": _sum_known(grouped, "cost"),
                "prior_revenue": _sum_known(grouped, "prior_revenue"),
                "support_hours": _sum_known(grouped, "support_hours"),
                "hours_recent": _sum_known(grouped, "hours_recent"),
                "hours_earlier": _sum_known(grouped, "hours_earlier"),
                "client_since": grouped["client_since"].min(),
            }
        )
    clients["rows"] = _row_lists(frame["parent_key"], frame["row"])
    dates = frame.groupby("parent_key", sort=False)
    # An invoice file's first and last invoice; a client list's "Last invoice
    # date" column (no first date).
    clients["first_date"] = dates["first_date"].min() if invoices else pd.NaT
    known = invoices or "last_date" in frame.columns
    clients["last_date"] = dates["last_date"].max() if known else pd.NaT
    return clients


def _texts(codes: np.ndarray, texts: np.ndarray | None) -> np.ndarray:
    """The text of each float code (``None`` for NaN) as an object array."""
    lookup = np.append(texts if texts is not None else [], None)
    known = ~np.isnan(codes)
    index = np.full(len(codes), len(lookup) - 1)
    index[known] = codes[known]
    return lookup[index]


def empty_clients() -> pd.DataFrame:
    return pd.DataFrame(
        columns=[
            "key",
            "client",
            "annual_revenue",
            "systems",
            "industry_raw",
            "cost",
            "prior_revenue",
            "support_hours",
            "hours_recent",
            "hours_earlier",
            "client_since",
            "rows",
            "first_date",
            "last_date",
        ]
    )
