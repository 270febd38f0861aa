"""The Profit and Change tabs' answers, tables and waterfall (issue 18), for the
page, the Excel report and the plan to call; figures from the hand-checked
files of tests/data/profit and tests/data/change."""

from __future__ import annotations

import json

import pytest
from core_helpers import DATA_DIR, RULES_DIR, run_file

from niche import AppSettings, Settings, run
from niche.present import profit
from niche.present.charts import waterfall_chart

CHANGE = DATA_DIR / "change"
HOURS = DATA_DIR / "profit" / "psa_support_hours.csv"


@pytest.fixture(scope="module")
def year_on_year():
    now, before = CHANGE / "qbo_sales_2025.csv", CHANGE / "qbo_sales_2024.csv"
    return run(
        now.read_bytes(),
        now.name,
        AppSettings(
            previous_confirmed=(("Dovetail Accounting", "Dovetail Acounting"),)
        ),
        previous=(before.read_bytes(), before.name),
    ).analysis


def test_profit_answer_names_who_costs_more_time() -> None:
    analysis = run_file(HOURS)
    assert profit.profit_answer(analysis) == (
        "3 of your 6 clients with support hours cost more time than they pay "
        "(under $100 an hour, median $138); the largest is Harbor Freight "
        "Logistics at $60 an hour."
    )
    one = run_file(HOURS, settings=Settings(target_rate=62))
    assert profit.profit_answer(one) == (
        "1 of your 6 clients with support hours costs more time than it pays: "
        "Harbor Freight Logistics, at $60 an hour (target $62, median $138)."
    )
    none = run_file(HOURS, settings=Settings(target_rate=50))
    assert profit.profit_answer(none) == (
        "All 6 clients with support hours pay at least $50 an hour of support "
        "(median $138)."
    )


def test_profit_answer_without_hours() -> None:
    costs = run_file(DATA_DIR / "profit" / "costs.csv")
    assert profit.profit_answer(costs).startswith(
        "Your gross profit is $69,000 a year (30 % margin); 1 client below the "
        "20 % margin target."
    )
    plain = run_file(RULES_DIR / "classes.csv")
    assert profit.profit_answer(plain).startswith("Add support hours")


def test_profit_table_lowest_rate_first() -> None:
    table = profit.profit_table(run_file(HOURS))
    assert table["Client"].tolist() == [
        "Harbor Freight Logistics",
        "Bella's Bistro",
        "Corner Cafe",
        "Maple Grove Dental",
        "Smile Bright Dental",
        "Ledger & Co CPA",
    ]
    assert table["Revenue per hour"].tolist() == [60, 64, 64, 212, 212, 250]
    assert table["Costs more time than it pays"].tolist() == [True] * 3 + [False] * 3
    rates = profit.industry_rates(run_file(HOURS))
    assert rates["Industry"].tolist()[:2] == [
        "Accounting and CPA firms",
        "Dental offices",
    ]
    assert rates["Revenue per hour"].tolist() == [250, 212, 64, 60]


def test_change_answer_and_tables(year_on_year) -> None:
    assert profit.change_answer(year_on_year) == (
        "Revenue went from $39,800 to $46,200 (+16 %): 1 new client brought "
        "$8,400, 3 clients grew by $2,800, 1 client shrank by $2,400 and 1 client "
        "was lost ($2,400); you kept 88 % of last period's revenue (95 % with "
        "growth)."
    )
    summary = profit.change_summary(year_on_year)
    assert summary["Amount"].tolist() == [39800, 8400, -2400, 2800, -2400, 0, 46200]
    assert summary["Amount"].iloc[1:-1].sum() == 46200 - 39800
    clients = dict(zip(summary["Change"], summary["Clients"], strict=True))
    assert (clients["Last period"], clients["This period"]) == (6, 6)
    assert clients["Last period"] - clients["Lost"] + clients["New"] == 6
    table = profit.change_table(year_on_year)
    acme = table[table["Client"] == "Acme Dental"].iloc[0]
    assert acme["Last period's name"] == "Acme Dental LLC"
    assert (acme["Change"], acme["Kind"]) == (1200.0, "Grown")
    fjord = table[table["Client"] == "Fjord Logistics"].iloc[0]
    assert fjord["Last period's name"] is None


def test_no_last_period() -> None:
    analysis = run_file(HOURS)
    assert profit.change_answer(analysis).startswith("Upload last period's client list")
    assert profit.change_table(analysis).empty
    assert profit.change_summary(analysis).empty


def test_waterfall(year_on_year) -> None:
    steps = profit.bridge_steps(year_on_year.bridge)
    assert steps["step"].tolist() == [
        "Last period",
        "New",
        "Grown",
        "Shrunk",
        "Lost",
        "This period",
    ]
    # Each step starts where the one before ended; the last lands on this period.
    assert steps["start"].tolist()[1:5] == [39800, 48200, 51000, 48600]
    assert steps["end"].tolist() == [39800, 48200, 51000, 48600, 46200, 46200]
    assert steps["kind"].tolist() == ["total", "up", "up", "down", "down", "total"]
    spec = waterfall_chart(year_on_year.bridge, "$").to_dict()
    assert spec["mark"] == {"type": "bar"}
    assert spec["encoding"]["y"]["field"] == "start"
    assert spec["encoding"]["y2"] == {"field": "end"}
    assert spec["encoding"]["x"]["sort"]["field"] == "order"
    json.dumps(spec, allow_nan=False)  # the browser gets valid JSON


def test_risk_table_and_weights() -> None:
    analysis = run_file(CHANGE / "invoices_30_months.csv")
    table = profit.risk_table(analysis, top=3)
    assert table["Client"].tolist() == [
        "Elm Street Bakery",
        "Birch Law Group",
        "Cedar Accounting",
    ]
    assert table["Why"].iloc[0] == "no revenue this period; no invoice for 639 days"
    assert table["At risk (revenue down 20 %)"].tolist() == [True, True, False]


def test_bridge_periods_say_what_is_compared(year_on_year) -> None:
    assert profit.bridge_periods(year_on_year) == (
        "Last period: January 1-December 31, 2024 (last period's client list); "
        "this period: January 1-December 31, 2025."
    )
    prior = run_file(DATA_DIR / "profit" / "risk_summary.csv")
    assert profit.bridge_periods(prior).startswith(
        'Last period: the file\'s column "Prior Revenue"; this period:'
    )
    assert profit.bridge_periods(run_file(HOURS)) == ""


def test_no_negative_zero_in_the_bridge_summary() -> None:
    # risk_summary.csv loses no client: "Lost" is 0, not -0 (shown "-$0").
    summary = profit.change_summary(run_file(DATA_DIR / "profit" / "risk_summary.csv"))
    lost = summary.loc[summary["Change"] == "Lost", "Amount"].iloc[0]
    assert str(lost) == "0.0"


@pytest.mark.parametrize(
    ("name", "has"),
    [("psa_support_hours.csv", True), ("costs.csv", True), ("classes.csv", False)],
)
def test_has_profit_data(name: str, has: bool) -> None:
    folder = RULES_DIR if name == "classes.csv" else DATA_DIR / "profit"
    assert profit.has_profit_data(run_file(folder / name)) is has
