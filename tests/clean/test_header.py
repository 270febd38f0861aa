"""Header row and field mapping: whole words, never fragments; explicit choices win."""

from __future__ import annotations

import pandas as pd
import pytest
from core_helpers import RULES_DIR, by_name, run_bytes, run_file

import niche
from niche.clean.header import find_header
from niche.clean.headings import classify, guess_mapping
from niche.model import ColumnMapping


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Revenue", "revenue"),
        ("Total Revenue", "revenue"),
        ("Total Billed", "revenue"),
        ("Net Sales", "revenue"),
        ("Amount", "revenue"),
        ("Total", "revenue"),
        ("MRR", "monthly_revenue"),
        ("Monthly Recurring", "monthly_revenue"),
        ("# of PCs", "systems"),
        ("Devices", "systems"),
        ("Seats", "systems"),
        ("Customer", "client"),
        ("Client Name", "client"),
        ("Company", "client"),
        ("Industry", "industry"),
        ("Vertical", "industry"),
        ("Cost (12 mo)", "cost"),
        ("Prior 12 mo revenue", "prior_revenue"),
        ("Client Since", "client_since"),
        ("Support Hours", "support_hours"),
        ("Total Tickets", "support_hours"),
        ("Invoice Date", "date"),
    ],
)
def test_classify_recognises_fields(heading, field):
    found = classify(heading)
    assert found is not None
    assert found[0] == field


@pytest.mark.parametrize(
    "heading",
    [
        "Account Manager",
        "Sales Rep",
        "Balance",
        "Open Balance",
        "Jan 2025",
        "January",
        "2025-01",
        "Revenue Target",
        "Customer ID",
        "Due Date",
        "Profit",
    ],
)
def test_classify_traps_are_neither_client_nor_revenue(heading):
    found = classify(heading)
    assert found is None or found[0] not in {"client", "revenue", "monthly_revenue"}


def test_tax_is_never_revenue():
    assert classify("Tax") == ("tax", 0)
    assert classify("Sales Tax")[0] == "tax"


def test_revenue_beats_total_and_amount():
    mapping, _ = guess_mapping(["Customer", "Total", "Amount", "Revenue", "PCs"])
    assert mapping.revenue == "Revenue"
    assert mapping.client == "Customer"
    assert mapping.systems == "PCs"


def test_devices_beat_people_for_systems():
    mapping, notes = guess_mapping(["Name", "Sales", "Employees", "Workstations"])
    assert mapping.systems == "Workstations"
    assert notes  # says which column it chose over the other


def test_total_tickets_beside_revenue():
    analysis = run_file(RULES_DIR / "traps_tickets.csv")
    mapping = analysis.prepared.header.mapping
    assert mapping.revenue == "Revenue"
    assert mapping.support_hours == "Total Tickets"
    clients = by_name(analysis)
    assert clients["Alpha"]["annual_revenue"] == pytest.approx(5000.0)
    assert clients["Alpha"]["support_hours"] == pytest.approx(120.0)


def test_account_manager_beside_client():
    analysis = run_file(RULES_DIR / "traps_manager.csv")
    assert analysis.prepared.header.mapping.client == "Client"
    assert list(analysis.clients["client"]) == ["Alpha", "Beta", "Gamma"]
    assert analysis.merged == ()  # "Sam Jones" twice would have merged


def test_balance_and_month_columns_beside_sales():
    analysis = run_file(RULES_DIR / "balance_trap.csv")
    header = analysis.prepared.header
    assert header.mapping.revenue == "Sales"
    assert header.month_columns == ("Jan 2025", "Feb 2025")
    assert by_name(analysis)["Alpha"]["annual_revenue"] == pytest.approx(1200.0)


def test_header_found_below_title_lines():
    analysis = run_file(RULES_DIR / "title_lines.csv")
    header = analysis.prepared.header
    assert header.row == 5
    assert header.mapping.client == "Customer"
    assert header.mapping.revenue == "Total"
    assert analysis.prepared.title[0] == "Sales by Customer Summary"
    assert [c["rows"] for c in by_name(analysis).values()] == [[6], [7]]
    assert [(e.row, e.reason) for e in analysis.excluded] == [(8, "total_line")]
    assert pytest.approx(2000.0) == analysis.clients["annual_revenue"].sum()


def test_find_header_on_a_grid():
    cells = pd.DataFrame(
        [
            ["My Report", "", ""],
            ["", "", ""],
            ["Client", "Revenue", "PCs"],
            ["A", "10", "3"],
        ],
        index=[1, 2, 3, 4],
    )
    header = find_header(cells)
    assert header is not None
    assert header.row == 3
    assert header.headings == ("Client", "Revenue", "PCs")


def test_find_header_maps_no_revenue_without_a_revenue_column():
    cells = pd.DataFrame([["Client", "City"], ["A", "X"]], index=[1, 2])
    header = find_header(cells)
    assert header is None or not (
        header.mapping.revenue or header.mapping.monthly_revenue
    )


def test_explicit_mapping_wins():
    data = b"Client,Revenue,Total Billed\nA,100,900\nB,200,300\n"
    analysis = run_bytes(data, overrides={"revenue": "Total Billed"})
    assert analysis.prepared.header.mapping.revenue == "Total Billed"
    assert by_name(analysis)["A"]["annual_revenue"] == pytest.approx(900.0)


def test_mapping_to_an_unknown_heading_is_a_settings_error():
    with pytest.raises(niche.SettingsError):
        run_bytes(b"Client,Revenue\nA,1\n", overrides={"revenue": "Nope"})


def test_with_overrides():
    mapping = ColumnMapping(client="Client", revenue="Total", systems="PCs")
    changed = mapping.with_overrides({"revenue": "Amount", "systems": None})
    assert changed.revenue == "Amount"
    assert changed.systems is None
    assert changed.client == "Client"
    # taking a heading for another field removes it from its old field
    moved = mapping.with_overrides({"client": "Total"})
    assert moved.client == "Total"
    assert moved.revenue is None
    with pytest.raises(niche.SettingsError):
        mapping.with_overrides({"nonsense": "X"})
    assert mapping.as_dict() == {
        "client": "Client",
        "revenue": "Total",
        "systems": "PCs",
    }
