"""Effective hourly rate and ranking by gross profit (issue 18), on small
hand-checked exports under tests/data/profit and tests/data/change.

psa_support_hours.csv (a PSA "client profitability" export: title lines, a Total
line, a footer), revenue / hours = rate:

    Harbor Freight Logistics  96,000 / 1,600 =  60   (the revenue leader)
    Maple Grove Dental        38,160 /   180 = 212
    Smile Bright Dental       25,440 /   120 = 212
    Ledger & Co CPA           24,000 /    96 = 250
    Bella's Bistro             9,600 /   150 =  64
    Corner Cafe                6,400 /   100 =  64

median (64 + 212) / 2 = 138; class A (Harbor, Maple, Smile, Ledger) median 212,
the rest 64. psa_tickets.csv holds half the hours as tickets.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from core_helpers import DATA_DIR, run_file

from niche.model import Settings
from niche.rules.profile import best_client_profile, profile_sentences
from niche.rules.profit import hours_unit, median_rate

PROFIT = DATA_DIR / "profit"
RATES = {
    "Harbor Freight Logistics": 60.0,
    "Maple Grove Dental": 212.0,
    "Smile Bright Dental": 212.0,
    "Ledger & Co CPA": 250.0,
    "Bella's Bistro": 64.0,
    "Corner Cafe": 64.0,
}
HOURS_FILES = [
    pytest.param(PROFIT / "psa_support_hours.csv", Settings(), id="hours"),
    pytest.param(
        PROFIT / "psa_tickets.csv", Settings(hours_per_ticket=2.0), id="tickets"
    ),
]


def _rates(analysis: object) -> dict[str, float]:
    c = analysis.clients  # type: ignore[attr-defined]
    return dict(zip(c["client"], c["hourly_rate"], strict=True))


def _flagged(analysis: object, flag: str) -> set[str]:
    c = analysis.clients  # type: ignore[attr-defined]
    return {n for n, f in zip(c["client"], c["flags"], strict=True) if flag in f}


@pytest.mark.parametrize(("path", "settings"), HOURS_FILES)
def test_the_revenue_leader_is_the_hourly_loser(path: Path, settings: Settings) -> None:
    analysis = run_file(path, settings=settings)
    c = analysis.clients
    assert c["client"].iloc[0] == "Harbor Freight Logistics"  # rank 1 by revenue
    assert _rates(analysis) == pytest.approx(RATES)
    assert c["hourly_rate"].idxmin() == 0  # ... and the lowest rate
    assert median_rate(c) == pytest.approx(138.0)
    assert _flagged(analysis, "low_hourly_rate") == {
        "Harbor Freight Logistics",
        "Bella's Bistro",
        "Corner Cafe",
    }
    assert c["hours"].sum() == pytest.approx(2246.0)


def test_tickets_are_hours_at_the_setting() -> None:
    path = PROFIT / "psa_tickets.csv"
    one = run_file(path)  # default: 1 hour per ticket, rates twice those above
    assert _rates(one) == pytest.approx({k: 2 * v for k, v in RATES.items()})
    assert _flagged(one, "low_hourly_rate") == set()
    assert any('"Tickets Closed" at 1 hour per ticket' in n for n in one.notes)
    two = run_file(path, settings=Settings(hours_per_ticket=2.0))
    assert any("at 2 hours per ticket" in n for n in two.notes)
    hours = run_file(PROFIT / "psa_support_hours.csv")
    assert not any("per ticket" in n for n in hours.notes)


@pytest.mark.parametrize(
    ("target", "flagged"),
    [
        (0.0, set()),
        (60.0, set()),  # below the target, not at it
        (60.01, {"Harbor Freight Logistics"}),
        (64.01, {"Harbor Freight Logistics", "Bella's Bistro", "Corner Cafe"}),
        (212.01, set(RATES) - {"Ledger & Co CPA"}),
    ],
)
def test_target_rate_setting(target: float, flagged: set[str]) -> None:
    analysis = run_file(
        PROFIT / "psa_support_hours.csv", settings=Settings(target_rate=target)
    )
    assert _flagged(analysis, "low_hourly_rate") == flagged


def test_profile_and_niche_quote_revenue_per_hour() -> None:
    analysis = run_file(PROFIT / "psa_support_hours.csv")
    profile = best_client_profile(analysis)
    assert profile.median_hourly_rate == (212.0, 64.0)
    assert "They pay a median $212 an hour of support; the rest $64." in (
        profile_sentences(profile)
    )
    rec = analysis.recommendation
    assert rec.niche == "Dental offices"
    assert (
        "Your dental offices pay $212 an hour of support; your restaurants $64."
        in rec.reasons
    )
    rates = analysis.industries.set_index("industry")["hourly_rate"]
    assert rates["Dental offices"] == pytest.approx(63600 / 300)
    assert rates["Restaurants"] == pytest.approx(16000 / 250)


def test_no_hours_no_rate() -> None:
    analysis = run_file(PROFIT / "costs.csv")
    assert analysis.clients["hourly_rate"].isna().all()
    assert median_rate(analysis.clients) is None
    assert _flagged(analysis, "low_hourly_rate") == set()
    assert best_client_profile(analysis).median_hourly_rate == (None, None)
    assert not any("an hour" in r for r in analysis.recommendation.reasons)


def test_invoice_hours_count_inside_the_window() -> None:
    """Hours of invoice lines before the 12-month window do not count (Alpine
    Dental: 20 hours in 2025, 20 more in 2023-24)."""
    analysis = run_file(DATA_DIR / "change" / "invoices_30_months.csv")
    c = analysis.clients.set_index("client")
    assert c.loc["Alpine Dental", "hours"] == 20.0
    assert c.loc["Alpine Dental", "hourly_rate"] == 660.0
    assert c.loc["Birch Law Group", "hourly_rate"] == 80.0
    assert c.loc["Cedar Accounting", ["hours_earlier", "hours_recent"]].tolist() == [
        4.0,
        12.0,
    ]
    assert np.isnan(c.loc["Elm Street Bakery", "hourly_rate"])  # no hours in 2025


@pytest.mark.parametrize(
    ("heading", "unit"),
    [
        ("Support Hours", "hours"),
        ("Hrs (12 mo)", "hours"),
        ("Tickets Closed", "tickets"),
        ("Total Tickets", "tickets"),
        ("Ticket hours", "hours"),
        (None, None),
    ],
)
def test_hours_unit(heading: str | None, unit: str | None) -> None:
    assert hours_unit(heading) == unit


# costs.csv, revenue - cost = gross profit:
#   Thin Margins Logistics 90,000 - 85,000 =  5,000
#   Dental One             40,000 - 30,000 = 10,000
#   Dental Two             36,000 - 27,000 =  9,000
#   Big Law                30,000 -  6,000 = 24,000
#   Law Two                24,000 -  5,000 = 19,000
#   Corner Cafe             8,000 -  6,000 =  2,000       total 69,000
BY_REVENUE = ["Thin Margins Logistics", "Dental One", "Dental Two", "Big Law"]
BY_PROFIT = ["Big Law", "Law Two", "Dental One", "Dental Two"]


def test_rank_by_gross_profit_drives_classes_and_the_niche() -> None:
    path = PROFIT / "costs.csv"
    by_revenue = run_file(path)
    c = by_revenue.clients
    assert c.loc[c["value_class"] == "A", "client"].tolist() == BY_REVENUE
    assert by_revenue.recommendation.niche == "Dental offices"
    assert c["profit_share"].isna().all()

    by_profit = run_file(path, settings=Settings(rank_by_profit=True))
    c = by_profit.clients
    assert c["client"].tolist()[:4] == BY_PROFIT  # ranked by gross profit
    assert c.loc[c["value_class"] == "A", "client"].tolist() == BY_PROFIT
    assert c.loc[c["value_class"] == "B", "client"].tolist() == [
        "Thin Margins Logistics"
    ]
    best = c.loc[c["flags"].map(lambda f: "best_service" in f), "client"].tolist()
    assert best == BY_PROFIT
    assert c["profit_share"].tolist() == pytest.approx(
        [v / 69000 for v in (24000, 19000, 10000, 9000, 5000, 2000)]
    )
    assert c["cumulative_share"].iloc[0] == pytest.approx(30000 / 228000)
    industries = by_profit.industries.set_index("industry")
    # V: the industry's share of the best clients' gross profit (62,000).
    assert industries.loc["Law firms", "V"] == pytest.approx(43000 / 62000)
    assert industries.loc["Dental offices", "V"] == pytest.approx(19000 / 62000)
    rec = by_profit.recommendation
    assert rec.niche == "Law firms"
    assert any("69 % of your best clients' gross profit." in r for r in rec.reasons)
    assert rec.explanation[0].startswith("Best-client gross profit (half of the score)")


def test_rank_by_profit_needs_every_cost() -> None:
    path = PROFIT / "psa_support_hours.csv"  # no cost column
    analysis = run_file(path, settings=Settings(rank_by_profit=True))
    assert analysis.clients["profit_share"].isna().all()
    assert "Ranked by revenue, not gross profit: 6 of 6 clients have no cost." in (
        analysis.notes
    )
