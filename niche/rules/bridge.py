"""The revenue bridge: from last period's revenue to this period's, to the cent.

Per client, with ``p`` last period's revenue and ``c`` this period's (0 when the
client is not in that period), in whole cents (docs/profit-and-change.md)::

    new     p <= 0 < c       amount c - p
    lost    c <= 0 < p       amount p - c
    flat    c == p
    grown   c > p            amount c - p      (otherwise)
    shrunk  c < p            amount p - c

    previous + new - lost + grown - shrunk = current
    gross revenue retention = (previous - lost - shrunk) / previous
    net revenue retention   = (previous - lost - shrunk + grown) / previous

Clients with no revenue in either period are not in the bridge. Last period is
last period's client list when one was given (matched by the complete step),
else the 12 months before the window of an invoice file that covers them, else
a prior-revenue column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from niche.model import CHANGE_KINDS, Bridge, Prepared

_KIND_CODES = {kind: i for i, kind in enumerate(CHANGE_KINDS)}


def _cents(values: np.ndarray) -> np.ndarray:
    return np.round(np.nan_to_num(np.asarray(values, dtype="float64")) * 100).astype(
        "int64"
    )


def change_kinds(previous: np.ndarray, current: np.ndarray) -> np.ndarray:
    """Each client's code into :data:`CHANGE_KINDS` (-1: in neither period),
    from whole cents."""
    p, c = previous, current
    code = np.where(c > p, _KIND_CODES["grown"], _KIND_CODES["shrunk"])
    code = np.where(c == p, _KIND_CODES["flat"], code)
    code = np.where((c <= 0) & (p > 0), _KIND_CODES["lost"], code)
    code = np.where((p <= 0) & (c > 0), _KIND_CODES["new"], code)
    return np.where((p == 0) & (c == 0), -1, code)


def bridge_parts(
    previous: np.ndarray, current: np.ndarray
) -> tuple[tuple[str, int, float], ...]:
    """(kind, clients, amount) for each of :data:`CHANGE_KINDS`, from cents."""
    kinds = change_kinds(previous, current)
    size = np.abs(current - previous)
    return tuple(
        (kind, int((kinds == i).sum()), int(size[kinds == i].sum()) / 100)
        for i, kind in enumerate(CHANGE_KINDS)
    )


def part(bridge: Bridge, kind: str) -> tuple[int, float]:
    """(clients, amount) of one kind of change."""
    _, clients, amount = bridge.parts[_KIND_CODES[kind]]
    return clients, amount


def _retention(
    previous: int, parts: tuple[tuple[str, int, float], ...]
) -> tuple[float | None, float | None]:
    if previous <= 0:
        return None, None
    amount = {kind: round(value * 100) for kind, _, value in parts}
    kept = previous - amount["lost"] - amount["shrunk"]
    return kept / previous, (kept + amount["grown"]) / previous


def _window_text(start: pd.Timestamp, end: pd.Timestamp) -> str:
    return f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"


def _source(prepared: Prepared, clients: pd.DataFrame) -> tuple[str | None, list]:
    """Where last period's revenue comes from, the two periods' labels and notes."""
    cleaned = prepared.cleaned
    now = prepared.period.text if prepared.period else None
    if cleaned.window:
        start, end = cleaned.window
        now = _window_text(start, end)
    if prepared.previous is not None:
        return "previous_file", [prepared.previous.period, now]
    if cleaned.prior_known and cleaned.window:
        start, _ = cleaned.window
        before = _window_text(
            start - pd.DateOffset(years=1), start - pd.Timedelta(days=1)
        )
        return "invoices", [before, now]
    if prepared.header.mapping.prior_revenue and clients["prior_revenue"].notna().any():
        return "prior_column", [prepared.header.mapping.prior_revenue, now]
    return None, [None, None]


def revenue_bridge(
    clients: pd.DataFrame, prepared: Prepared
) -> tuple[pd.DataFrame, Bridge | None]:
    """The analysed clients with ``revenue_change`` and ``change`` (kind) columns,
    and the bridge; no bridge (and NaN / None columns) when last period is
    unknown."""
    source, labels = _source(prepared, clients)
    if source is None:
        none = pd.Series(None, index=clients.index, dtype=object)
        return clients.assign(revenue_change=np.nan, change=none), None
    notes = []
    prior = clients["prior_revenue"].to_numpy(dtype="float64")
    blank = int(np.isnan(prior).sum())
    if source == "prior_column" and blank:
        notes.append(
            f"{blank} client{'s' if blank > 1 else ''} with no prior revenue "
            "count as having none last period."
        )
    p = _cents(prior)
    c = _cents(clients["annual_revenue"].to_numpy(dtype="float64"))
    names = clients["client"].astype(object).to_numpy()
    if "previous_client" in clients:
        before = clients["previous_client"].astype(object).to_numpy()
    else:
        before = np.where(p != 0, names, None)
    lost = prepared.previous.lost if prepared.previous is not None else None
    if lost is not None and len(lost):
        lost_names = lost["client"].astype(object).to_numpy()
        names = np.concatenate([names, lost_names])
        before = np.concatenate([before, lost_names])
        p = np.concatenate([p, _cents(lost["previous"].to_numpy(dtype="float64"))])
        c = np.concatenate([c, np.zeros(len(lost), dtype="int64")])
    kinds = change_kinds(p, c)
    parts = bridge_parts(p, c)
    n = len(clients)
    labelled = np.array([None, *CHANGE_KINDS], dtype=object)[kinds + 1]
    out = clients.assign(
        revenue_change=(c[:n] - p[:n]) / 100,
        change=pd.Series(labelled[:n], index=clients.index, dtype=object),
    )
    table = _table(names, before, p, c, labelled)
    gross, net = _retention(int(p.sum()), parts)
    bridge = Bridge(
        source=source,
        previous=int(p.sum()) / 100,
        current=int(c.sum()) / 100,
        parts=parts,
        clients=table,
        gross_retention=gross,
        net_retention=net,
        labels=(labels[0], labels[1]),
        notes=tuple(notes + list(prepared.previous.notes if prepared.previous else ())),
    )
    return out, bridge


def _table(
    names: np.ndarray,
    before: np.ndarray,
    p: np.ndarray,
    c: np.ndarray,
    kinds: np.ndarray,
) -> pd.DataFrame:
    """One row per client in either period: the biggest changes first (ties:
    name A to Z)."""
    keep = kinds != None  # noqa: E711 (an object array)
    change = c - p
    folded = pd.Series(names, dtype=object).astype(str).str.casefold()
    by_name, _ = pd.factorize(folded, sort=True)
    order = np.lexsort((by_name, -np.abs(change)))
    order = order[keep[order]]
    return pd.DataFrame(
        {
            "client": names[order].tolist(),
            "previous_client": pd.Series(before[order].tolist(), dtype=object),
            "previous": p[order] / 100,
            "current": c[order] / 100,
            "change": change[order] / 100,
            "kind": kinds[order].tolist(),
        }
    )
