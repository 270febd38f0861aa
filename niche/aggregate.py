"""One row per client from the kept rows (used by :mod:`niche.clean`)."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd


def _first_valid(grouped: object, column: str) -> pd.Series:
    """First non-missing value of each group (``None`` when there is none)."""
    first = grouped[column].first(skipna=True)  # type: ignore[index]
    return first.astype(object).where(first.notna(), None)


def _sum_known(grouped: object, column: str) -> pd.Series:
    """Sum of each group, missing when the group has no known value."""
    return grouped[column].sum(min_count=1)  # type: ignore[index]


def _row_tuples(keys: pd.Series, rows: pd.Series) -> pd.Series:
    """Row numbers of each group, in file order, as tuples of ints (vectorised).

    ``keys`` are integer codes (``-1``: missing, left out as groupby leaves out
    missing keys); the result is indexed by code.
    """
    codes = keys.to_numpy()
    known = codes >= 0
    codes, numbers = codes[known], rows.to_numpy(dtype="int64")[known]
    if not len(codes):
        return pd.Series([], dtype=object)
    # A stable sort of 16-bit integers is a radix sort (one pass) in numpy.
    small = np.int16 if codes.max() < 2**15 else np.int64
    order = np.argsort(codes.astype(small, copy=False), kind="stable")
    sorted_codes = codes[order]
    bounds = np.flatnonzero(sorted_codes[1:] != sorted_codes[:-1]) + 1
    index = sorted_codes[np.concatenate(([0], bounds))]
    ordered = numbers[order].tolist()
    starts, ends = [0, *bounds.tolist()], [*bounds.tolist(), len(ordered)]
    enabled = gc.isenabled()
    gc.disable()  # 100,000 new tuples: no collection passes meanwhile
    try:
        parts = [tuple(ordered[a:b]) for a, b in zip(starts, ends, strict=True)]
    finally:
        if enabled:
            gc.enable()
    return pd.Series(parts, index=index, dtype=object)


_MISSING = {
    "systems": (np.nan, "float64"),
    "industry_raw": (None, object),
    "cost": (np.nan, "float64"),
    "prior_revenue": (np.nan, "float64"),
    "support_hours": (np.nan, "float64"),
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
    frame: pd.DataFrame, mode: str, names: np.ndarray, keys: np.ndarray
) -> tuple[pd.DataFrame, tuple[tuple[str, tuple[int, ...]], ...]]:
    """Sites of one client are summed; the same site listed twice counts once.

    ``frame`` holds integer codes (grouping on them is much faster than on text):
    ``parent`` into ``names``, ``parent_key`` into ``keys``; a code of -1 is a
    missing key, left out as groupby leaves out missing keys.
    """
    known = frame["parent_key"].to_numpy() >= 0
    if not known.all():
        frame = frame[known]
    if frame.empty:
        return empty_clients(), ()
    invoices = mode == "invoices"
    site_known = frame["sub_key"].to_numpy() >= 0
    by_site = (frame if site_known.all() else frame[site_known]).groupby(
        ["parent_key", "sub_key"], sort=False
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
            "client_since": known.agg(by_site, "client_since", lambda g, c: g[c].min()),
        }
    )
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
            "client_since": grouped["client_since"].min(),
        }
    )
    clients["rows"] = _row_tuples(frame["parent_key"], frame["row"])
    if invoices:
        dates = frame.groupby("parent_key", sort=False)
        clients["first_date"] = dates["first_date"].min()
        clients["last_date"] = dates["last_date"].max()
    else:
        clients["first_date"] = pd.NaT
        clients["last_date"] = pd.NaT
    clients.index = pd.Index(keys[clients.index.to_numpy()], name="parent_key")
    clients = clients.reset_index().rename(columns={"parent_key": "key"})
    display = pd.Series(names[clients["client"].to_numpy()], dtype=object)
    clients["client"] = display.str.strip().astype(object)
    several = np.flatnonzero(clients["rows"].map(len).to_numpy() > 1)
    names, rows = clients["client"].to_numpy(), clients["rows"].to_numpy()
    merged = tuple((names[i], rows[i]) for i in several.tolist())
    return clients, merged


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
            "client_since",
            "rows",
            "first_date",
            "last_date",
        ]
    )
