"""Properties of two reading rules (issue 15): which amount column is revenue,
and which transactions count as sales."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from niche import AppSettings, analyze_bytes, run
from niche.clean.headings import candidates

LINE_AMOUNTS = ["Amount", "Total", "Revenue", "Sales", "Invoiced", "Net Sales"]
UNIT_PRICES = ["Sales Price", "Unit Price", "Price", "Rate"]
NEVER = ["Qty", "Quantity", "Balance", "Open Balance", "Amount Due"]

SALES = ["Invoice", "Sales Receipt", "Charge", "Statement Charge"]
CREDITS = ["Credit Memo", "Refund", "Refund Receipt"]
NOT_SALES = [
    "Payment",
    "Estimate",
    "Deposit",
    "Purchase Order",
    "Journal Entry",
    "Statement",
    "Sales Order",
    "Voided Invoice",
]


def _csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


@given(
    st.lists(
        st.sampled_from(LINE_AMOUNTS + UNIT_PRICES + NEVER),
        min_size=1,
        max_size=5,
        unique=True,
    )
)
def test_a_line_amount_always_beats_a_unit_price(headings: list[str]) -> None:
    ranked = candidates(headings, "revenue")
    lines = [h for h in ranked if h in LINE_AMOUNTS]
    prices = [h for h in ranked if h in UNIT_PRICES]
    assert ranked == lines + prices  # every line amount before every price
    assert not set(ranked) & set(NEVER)  # balances and quantities never


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 40),  # quantity
            st.integers(50, 400),  # unit price, whole dollars
        ),
        min_size=1,
        max_size=8,
    ),
    st.permutations(["Qty", "Sales Price", "Amount"]),
)
def test_revenue_is_the_line_amount_whatever_the_order(
    lines: list[tuple[int, int]], order: list[str]
) -> None:
    rows: list[list[object]] = [["Customer", *order]]
    for i, (qty, price) in enumerate(lines):
        values = {"Qty": qty, "Sales Price": f"{price:.2f}", "Amount": qty * price}
        rows.append([f"Client {i}", *(values[h] for h in order)])
    analysis = analyze_bytes(_csv(rows), "detail.csv")
    assert analysis.prepared.header.mapping.revenue == "Amount"
    total = sum(q * p for q, p in lines)
    assert round(float(analysis.clients["annual_revenue"].sum()), 2) == total


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(SALES + CREDITS + NOT_SALES),
            st.integers(1, 5_000),
            st.booleans(),  # credit written negative
        ),
        min_size=1,
        max_size=12,
    )
)
def test_only_sales_count_and_credits_count_negative(
    lines: list[tuple[str, int, bool]],
) -> None:
    rows: list[list[object]] = [["Customer", "Date", "Transaction Type", "Amount"]]
    expected = 0
    for i, (kind, amount, negative) in enumerate(lines):
        written = -amount if kind in CREDITS and negative else amount
        rows.append(["Acme Dental", f"2025-{i % 12 + 1:02d}-15", kind, written])
        if kind in SALES:
            expected += amount
        elif kind in CREDITS:
            expected -= amount
    rows.append(["Zed Law", "2025-12-20", "Invoice", 100])  # always one sale
    analysis = run(_csv(rows), "transactions.csv", AppSettings()).analysis
    by_name = dict(
        zip(analysis.clients["client"], analysis.clients["annual_revenue"], strict=True)
    )
    assert round(by_name.get("Acme Dental", 0.0), 2) == expected
    not_sales = sum(1 for kind, _, _ in lines if kind in NOT_SALES)
    excluded = [e for e in analysis.excluded if e.reason == "not_revenue"]
    assert len(excluded) == not_sales
    assert all("not a sale" in e.message for e in excluded)
