"""Property tests: the revenue bridge always adds up, to the cent.

previous + new - lost + grown - shrunk = current, for any two periods: on the
bridge's own arithmetic (whole cents in, any signs), and end to end on two
generated QuickBooks-style client lists whose names are written as a real
export would (legal suffixes, case, "&"), through ``run(..., previous=...)``.
"""

from __future__ import annotations

import numpy as np
from core_helpers import csv_bytes
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from niche import AppSettings, run
from niche.rules.bridge import bridge_parts, change_kinds

CENTS = st.integers(min_value=-(10**9), max_value=10**9)
NAMES = (
    "Acme Dental",
    "Acme Dental LLC",
    "Birch Law Group",
    "BIRCH LAW GROUP, INC.",
    "Cedar & Sons Accounting",
    "Cedar and Sons Accounting",
    "Dovetail Accounting",
    "Dovetail Acounting",
    "Elm Street Bakery",
    "Fjord Logistics",
)


def _adds_up(previous: np.ndarray, current: np.ndarray) -> None:
    amounts = {kind: amount for kind, _, amount in bridge_parts(previous, current)}
    cents = {kind: round(amount * 100) for kind, amount in amounts.items()}
    assert all(c >= 0 for c in cents.values())
    assert cents["flat"] == 0
    total = int(previous.sum()) + cents["new"] - cents["lost"]
    total += cents["grown"] - cents["shrunk"]
    assert total == int(current.sum())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(CENTS, CENTS), max_size=40))
def test_the_bridge_adds_up(pairs: list[tuple[int, int]]) -> None:
    previous = np.array([p for p, _ in pairs], dtype="int64")
    current = np.array([c for _, c in pairs], dtype="int64")
    _adds_up(previous, current)
    kinds = change_kinds(previous, current)
    # Every client with revenue in either period is in exactly one kind.
    assert ((kinds >= 0) == ((previous != 0) | (current != 0))).all()


def _money(cents: int) -> str:
    whole, frac = divmod(abs(cents), 100)
    body = f"{whole:,}.{frac:02d}"
    return f"-{body}" if cents < 0 else body


def _export(period: str, lines: dict[str, int]) -> bytes:
    """A QuickBooks Online "Sales by Customer Summary" CSV."""
    rows: list[tuple[str, ...]] = [
        ("Sales by Customer Summary",),
        ("Northwind IT Services",),
        (period,),
        (),
        ("Customer", "Total"),
    ]
    rows += [(name, _money(cents)) for name, cents in lines.items()]
    rows.append(("TOTAL", "$" + _money(sum(lines.values()))))
    rows += [(), ("Accrual Basis Tuesday, January 6, 2026 10:03 AM GMTZ",)]
    return csv_bytes(rows)


LISTS = st.dictionaries(
    st.sampled_from(NAMES),
    st.integers(min_value=-500_000, max_value=5_000_000),
    max_size=8,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(before=LISTS, now=LISTS, accept_fuzzy=st.booleans())
def test_two_exports_add_up(before: dict, now: dict, accept_fuzzy: bool) -> None:
    assume(any(cents > 0 for cents in now.values()))
    assume(before)
    done = run(
        _export("January 1-December 31, 2025", now),
        "now.csv",
        AppSettings(),
        previous=(_export("January 1-December 31, 2024", before), "before.csv"),
        accept_fuzzy=accept_fuzzy,
    )
    bridge = done.analysis.bridge
    assert round(bridge.previous * 100) == sum(before.values())
    assert round(bridge.current * 100) == sum(now.values())
    table = bridge.clients
    previous = np.round(table["previous"].to_numpy() * 100).astype("int64")
    current = np.round(table["current"].to_numpy() * 100).astype("int64")
    _adds_up(previous, current)
    assert int(previous.sum()) == sum(before.values())
    assert int(current.sum()) == sum(now.values())
    # Each client of this period's list once, each of last period's once.
    assert set(done.analysis.clients["client"]) >= set(
        table.loc[table["current"] != 0, "client"]
    )
    names = table["previous_client"].dropna()
    assert len(names) == len(set(names))
