"""The Excel report's Profit and Change sheets (issue 18), opened with openpyxl:
each opens with its one-sentence answer, headings in words, no codes; a sheet
the file has no data for is left out. Figures from the hand-checked files of
tests/data/profit and tests/data/change."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from core_helpers import DATA_DIR, RULES_DIR, run_file

import niche
from niche import AppSettings, run
from niche.export.report import to_xlsx
from niche.format import FLAG_LABELS
from niche.model import REASONS
from niche.present import profit
from niche.rules.risk import SIGNALS

PROFIT, CHANGE = DATA_DIR / "profit", DATA_DIR / "change"
NOW, BEFORE = CHANGE / "qbo_sales_2025.csv", CHANGE / "qbo_sales_2024.csv"
CODES = set(REASONS) | set(FLAG_LABELS) | set(SIGNALS) | {"new", "lost", "grown"}


def year_on_year(confirmed: bool = True) -> niche.Analysis:
    pairs = (("Dovetail Accounting", "Dovetail Acounting"),) if confirmed else ()
    return run(
        NOW.read_bytes(),
        NOW.name,
        AppSettings(previous_confirmed=pairs),
        previous=(BEFORE.read_bytes(), BEFORE.name),
    ).analysis


def book_of(analysis: niche.Analysis) -> openpyxl.Workbook:
    data = to_xlsx(analysis, company="Northwind IT", created=dt.date(2026, 1, 5))
    return openpyxl.load_workbook(io.BytesIO(data))


def rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def table_under(sheet: openpyxl.worksheet.worksheet.Worksheet, title: str) -> list:
    """The rows (as dicts) of the table whose title row is ``title``: its
    header row, then the rows up to a blank row or the sheet's end."""
    values = rows(sheet)
    start = next(i for i, r in enumerate(values) if r[0] == title) + 1
    heading = [h for h in values[start] if h is not None]
    out = []
    for r in values[start + 1 :]:
        if all(v is None for v in r):
            break
        out.append(dict(zip(heading, r, strict=False)))
    return out


def summary(book: openpyxl.Workbook) -> dict[object, object]:
    return {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True)}


@pytest.fixture(scope="module")
def hours_book() -> openpyxl.Workbook:
    return book_of(run_file(PROFIT / "psa_support_hours.csv"))


@pytest.fixture(scope="module")
def yoy_book() -> openpyxl.Workbook:
    return book_of(year_on_year())


def test_profit_sheet_opens_with_the_answer(hours_book: openpyxl.Workbook) -> None:
    sheet = hours_book["Profit"]
    assert sheet["A1"].value == (
        "3 of your 6 clients with support hours cost more time than they pay "
        "(under $100 an hour, median $138); the largest is Harbor Freight "
        "Logistics at $60 an hour."
    )
    assert sheet["A1"].font.b
    assert sheet["A2"].value == "Clients are ranked by revenue."
    industries = table_under(sheet, "Revenue per support hour, by industry")
    assert [(r["Industry"], r["Per hour"]) for r in industries] == [
        ("Accounting and CPA firms", 250),
        ("Dental offices", 212),
        ("Restaurants", 64),
        ("Trucking and logistics", 60),
    ]
    clients = table_under(sheet, "Clients, the lowest revenue per support hour first")
    assert [r["Client"] for r in clients[:3]] == [
        "Harbor Freight Logistics",
        "Bella's Bistro",
        "Corner Cafe",
    ]
    assert [r["Costs more time than it pays"] for r in clients] == ["Yes"] * 3 + [
        None
    ] * 3
    assert clients[0]["Revenue per support hour"] == 60
    assert clients[0]["Support hours (12 months)"] == 1600
    assert "Gross profit (12 months)" not in clients[0]  # no costs in the file


def test_profit_sheet_with_costs_only() -> None:
    book = book_of(run_file(PROFIT / "costs.csv"))
    sheet = book["Profit"]
    assert sheet["A1"].value.startswith(
        "Your gross profit is $69,000 a year (30 % margin); 1 client below the "
        "20 % margin target."
    )
    clients = table_under(sheet, "Clients, by rank")
    big = next(r for r in clients if r["Client"] == "Big Law")
    assert (big["Gross profit (12 months)"], big["Gross margin"]) == (24000, 0.8)
    assert "Revenue per support hour" not in big
    assert "Costs more time than it pays" not in big
    assert summary(book)["Profit"] == profit.profit_answer(
        run_file(PROFIT / "costs.csv")
    )


def test_change_sheet_bridge_retention_and_clients(
    yoy_book: openpyxl.Workbook,
) -> None:
    sheet = yoy_book["Change"]
    assert sheet["A1"].value == (
        "Revenue went from $39,800 to $46,200 (+16 %): 1 new client brought "
        "$8,400, 3 clients grew by $2,800, 1 client shrank by $2,400 and 1 client "
        "was lost ($2,400); you kept 88 % of last period's revenue (95 % with "
        "growth)."
    )
    assert sheet["A2"].value == (
        "Last period: January 1-December 31, 2024 (last period's client list); "
        "this period: January 1-December 31, 2025."
    )
    bridge = table_under(sheet, "Revenue, last period to this period")
    steps = [(r["Change"], r["Clients"], r["Amount"]) for r in bridge]
    assert steps[:7] == [
        ("Last period", 6, 39800),
        ("New", 1, 8400),
        ("Grown", 3, 2800),
        ("Shrunk", 1, -2400),
        ("Lost", 1, -2400),
        ("Flat", 1, 0),
        ("This period", 6, 46200),
    ]
    # previous + new - lost + grown - shrunk = current
    assert sum(a for _, _, a in steps[:6]) == steps[6][2]
    retention = {r["Change"]: r["Amount"] for r in bridge[7:9]}
    assert retention["Gross revenue retention"] == pytest.approx(35000 / 39800)
    assert retention["Net revenue retention (with growth)"] == pytest.approx(
        37800 / 39800
    )
    clients = table_under(sheet, "Client by client, the biggest change first")
    acme = next(r for r in clients if r["Client"] == "Acme Dental")
    assert acme["Name last period"] == "Acme Dental LLC"
    assert (acme["Change"], acme["Kind of change"]) == (1200, "Grown")
    assert {r["Kind of change"] for r in clients} == {
        "New",
        "Lost",
        "Grown",
        "Shrunk",
        "Flat",
    }
    risks = table_under(
        sheet, "Highest risk: the risk score (0 to 100) and its two reasons"
    )
    assert risks == [
        {
            "Client": "Birch Law Group",
            "Risk": 50,
            "Why": "revenue down 25 % on last period",
        }
    ]


def test_change_sheet_draws_the_bridge(yoy_book: openpyxl.Workbook) -> None:
    sheet = yoy_book["Change"]
    (chart,) = sheet._charts
    assert chart.grouping == "stacked"
    base, bars = chart.series
    assert base.graphicalProperties.noFill  # the invisible bases
    assert len(bars.dPt) == 6  # each bar its colour: totals, up, down
    hidden = [k for k, d in sheet.column_dimensions.items() if d.hidden]
    assert hidden  # the chart's values, out of sight
    assert "Profit" not in yoy_book.sheetnames  # no hours, no costs


def test_unconfirmed_match_is_a_note_on_the_change_sheet() -> None:
    sheet = book_of(year_on_year(confirmed=False))["Change"]
    assert sheet["A3"].value == (
        "1 close name match with last period's list not confirmed: each counts "
        "as a lost and a new client until confirmed."
    )


def test_risk_without_a_last_period(hours_book: openpyxl.Workbook) -> None:
    sheet = hours_book["Change"]
    assert sheet["A1"].value.startswith("Upload last period's client list")
    risks = table_under(
        sheet, "Highest risk: the risk score (0 to 100) and its two reasons"
    )
    assert risks[0]["Client"] == "Harbor Freight Logistics"
    assert risks[0]["Why"] == "$60 an hour of support (target $100)"
    assert "Change" not in summary(hours_book)  # nothing to say about change


def test_invoices_over_30_months() -> None:
    analysis = run_file(CHANGE / "invoices_30_months.csv")
    book = book_of(analysis)
    sheet = book["Change"]
    assert sheet["A2"].value == (
        "Last period: 2024-01-01 to 2024-12-31; this period: 2025-01-01 to "
        "2025-12-31 (both from the invoices)."
    )
    risks = table_under(
        sheet, "Highest risk: the risk score (0 to 100) and its two reasons"
    )
    assert risks[0]["Why"] == "no revenue this period; no invoice for 639 days"
    told = summary(book)
    assert told["Change"] == profit.change_answer(analysis)
    assert told["Profit"] == profit.profit_answer(analysis)


@pytest.mark.parametrize(
    ("path", "sheets"),
    [
        (PROFIT / "psa_tickets.csv", {"Profit"}),  # no risk above 0, no last period
        (PROFIT / "risk_summary.csv", {"Profit", "Change"}),
        (RULES_DIR / "classes.csv", set()),
    ],
    ids=lambda x: x.name if isinstance(x, Path) else "",
)
def test_a_sheet_without_data_is_left_out(path: Path, sheets: set[str]) -> None:
    book = book_of(run_file(path))
    assert set(book.sheetnames) & {"Profit", "Change"} == sheets
    assert {"Profit", "Change"} & set(summary(book)) == sheets


@pytest.mark.parametrize(
    "analysis",
    [
        pytest.param(lambda: run_file(PROFIT / "psa_support_hours.csv"), id="hours"),
        pytest.param(lambda: run_file(PROFIT / "risk_summary.csv"), id="risk"),
        pytest.param(year_on_year, id="year-on-year"),
        pytest.param(
            lambda: run_file(CHANGE / "invoices_30_months.csv"), id="invoices"
        ),
    ],
)
def test_words_not_codes(analysis) -> None:  # noqa: ANN001
    book = book_of(analysis())
    for name in ("Profit", "Change"):
        if name not in book.sheetnames:
            continue
        text = {v for r in rows(book[name]) for v in r if isinstance(v, str)}
        assert not text & CODES, f"a code on the {name} sheet"
        headings = [
            c.value
            for r in book[name].iter_rows()
            for c in r
            if c.font.b and isinstance(c.value, str)
        ]
        assert headings
        assert all(h[0].isupper() or h[0] in "$0123456789" for h in headings)
