"""Property test: for any generated client table, nothing is lost or counted twice.

Tables have random title lines above the header, client names written in case and
space variants of each other, amounts as ``$1,234.56`` / ``(12.00)`` / plain text
(or real numbers in workbooks), blank lines and sometimes a TOTAL line and a
footer. They go through the whole pipeline as CSV or xlsx bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from core_helpers import csv_bytes, run_bytes, xlsx_bytes
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

NAMES = (
    "Acme Dental",
    "Bright Smile Studio",
    "Harbor Law Group",
    "Pine Street Cafe",
    "Ocean View Clinic",
    "Delta Builders",
    "Echo Realty",
    "Granite Works",
)
TITLES = (
    "Sales by Customer Summary",
    "Harbor IT Services LLC",
    "January 1 - December 31, 2025",
)


def _variant(name: str, how: int) -> str:
    """Spellings that SPEC's rule makes one client."""
    first, _, rest = name.partition(" ")
    return (
        name,
        name.upper(),
        name.lower(),
        f"  {name} ",
        f"{first}  {rest}",
        f" {name.swapcase()}",
    )[how]


def _money_text(cents: int, style: int) -> str:
    whole, frac = divmod(abs(cents), 100)
    if style == 0:
        body = f"${whole:,}.{frac:02d}"
    elif style == 1:
        body = f"{whole:,}.{frac:02d}"
    else:
        body = f"{whole}.{frac:02d}"
    if cents < 0:
        return f"({body})" if style != 2 else f"-{body}"
    return body


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[object, ...], ...]
    data_rows: frozenset[int]  # user row numbers of the non-blank rows below the header
    header_row: int
    keys: frozenset[str]
    total_cents: int
    as_xlsx: bool


@st.composite
def tables(draw: st.DrawFn) -> tuple[Table, dict[str, int]]:
    as_xlsx = draw(st.booleans())
    rows: list[tuple[object, ...]] = []
    for title in draw(st.lists(st.sampled_from(TITLES), max_size=3, unique=True)):
        rows.append((title,))
    if rows and draw(st.booleans()):
        rows.append(())
    rows.append(("Client", "Revenue"))
    header_row = len(rows)
    n_clients = draw(st.integers(1, len(NAMES)))
    names = NAMES[:n_clients]
    entries = draw(
        st.lists(
            st.tuples(
                st.sampled_from(names),
                st.integers(0, 5),  # spelling
                st.integers(-50_000, 5_000_000),  # cents
                st.integers(0, 2),  # text style
                st.booleans(),  # real number (workbooks only)
                st.booleans(),  # blank line before it
            ),
            min_size=1,
            max_size=25,
        )
    )
    data_rows = set()
    net: dict[str, int] = {}
    for name, how, cents, style, native, blank_before in entries:
        if blank_before:
            rows.append(())
        value: object = cents / 100 if as_xlsx and native else _money_text(cents, style)
        rows.append((_variant(name, how), value))
        data_rows.add(len(rows))
        net[name] = net.get(name, 0) + cents
    total = sum(net.values())
    if draw(st.booleans()):
        rows.append(("TOTAL", _money_text(total, 0)))
        data_rows.add(len(rows))
        if draw(st.booleans()):
            rows.append(("Accrual Basis Sunday, December 21, 2025 11:31 PM",))
            data_rows.add(len(rows))
    return Table(
        rows=tuple(rows),
        data_rows=frozenset(data_rows),
        header_row=header_row,
        keys=frozenset(name.casefold() for name in net),
        total_cents=total,
        as_xlsx=as_xlsx,
    ), net


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(tables())
def test_every_row_accounted_for_once(generated):
    table, net = generated
    assume(any(cents > 0 for cents in net.values()))
    if table.as_xlsx:
        data = xlsx_bytes([[c if c != "" else None for c in r] for r in table.rows])
        analysis = run_bytes(data, "clients.xlsx")
    else:
        analysis = run_bytes(csv_bytes(table.rows), "clients.csv")

    assert analysis.prepared.header.row == table.header_row
    clients = analysis.clients
    # every data row exactly once: in one client's rows or in excluded
    rows = [r for rs in clients["rows"] for r in rs]
    rows += [e.row for e in analysis.excluded]
    assert len(rows) == len(set(rows))
    assert set(rows) == table.data_rows
    assert analysis.prepared.cleaned.rows_read == len(table.data_rows)
    # case and space variants are one client each
    assert set(clients["key"]) == table.keys
    assert len(clients) == len(net)
    # amounts round-trip to the cent
    total_cents = round(clients["annual_revenue"].sum() * 100)
    assert total_cents == table.total_cents
    for key, cents in ((k.casefold(), c) for k, c in net.items()):
        got = clients.loc[clients["key"] == key, "annual_revenue"].iloc[0]
        assert round(got * 100) == cents
    # ranks 1..n; shares of positive revenue sum to 1
    assert list(clients["rank"]) == list(range(1, len(clients) + 1))
    positive = clients["annual_revenue"] > 0
    assert clients.loc[positive, "revenue_share"].sum() == pytest.approx(1.0)
    assert (clients.loc[~positive, "revenue_share"] == 0).all()
    assert clients["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    # monthly revenue is descending
    assert clients["monthly_revenue"].is_monotonic_decreasing
