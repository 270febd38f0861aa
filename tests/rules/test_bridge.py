"""The revenue bridge (issue 18): two QuickBooks "Sales by Customer Summary"
exports a year apart, an invoice file over 30 months, a prior-revenue column.

qbo_sales_2024.csv -> qbo_sales_2025.csv (hand-checked, QBO's CSV layout: title
lines, a parent block with "Total for", TOTAL, the Accrual Basis footer):

    Acme Dental LLC -> Acme Dental   12,000 -> 13,200   grown   1,200 (renamed)
    Birch Law Group                   9,600 ->  7,200   shrunk  2,400
    Cedar Accounting                  6,000 ->  6,000   flat
    Dovetail Acounting -> Dovetail Accounting           close match, to confirm:
                                      4,800 ->  5,400   grown     600
    Elm Street Bakery                 2,400 ->      0   lost    2,400
    Fjord Logistics                       0 ->  8,400   new     8,400
    Harbor Clinics (North + South)    5,000 ->  6,000   grown   1,000
    total                            39,800 -> 46,200

39,800 + 8,400 - 2,400 + 2,800 - 2,400 = 46,200. Until the close match is
confirmed Dovetail is one lost (4,800) and one new (5,400) client.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from core_helpers import DATA_DIR, RULES_DIR, run_file

from niche import AppSettings, run
from niche.export.completed_list import completed_list_xlsx
from niche.rules.bridge import part

CHANGE = DATA_DIR / "change"
NOW, BEFORE = CHANGE / "qbo_sales_2025.csv", CHANGE / "qbo_sales_2024.csv"
DOVETAIL = ("Dovetail Accounting", "Dovetail Acounting")


def _run(settings: AppSettings | None = None, before: Path = BEFORE, **kw: object):
    settings = settings or AppSettings()
    data = before.read_bytes()
    return run(NOW.read_bytes(), NOW.name, settings, previous=(data, before.name), **kw)


def _parts(bridge: object) -> dict[str, tuple[int, float]]:
    return {kind: (n, amount) for kind, n, amount in bridge.parts}  # type: ignore[attr-defined]


CONFIRMED = {
    "new": (1, 8400.0),
    "lost": (1, 2400.0),
    "grown": (3, 2800.0),
    "shrunk": (1, 2400.0),
    "flat": (1, 0.0),
}
PENDING = {
    "new": (2, 13800.0),
    "lost": (2, 7200.0),
    "grown": (2, 2200.0),
    "shrunk": (1, 2400.0),
    "flat": (1, 0.0),
}


@pytest.mark.parametrize(
    ("settings", "kw", "parts"),
    [
        pytest.param(
            AppSettings(previous_confirmed=(DOVETAIL,)), {}, CONFIRMED, id="confirmed"
        ),
        pytest.param(AppSettings(), {"accept_fuzzy": True}, CONFIRMED, id="accept-all"),
        pytest.param(AppSettings(), {}, PENDING, id="pending"),
    ],
)
def test_two_quickbooks_exports_a_year_apart(
    settings: AppSettings, kw: dict, parts: dict
) -> None:
    done = _run(settings, **kw)
    bridge = done.analysis.bridge
    assert bridge.source == "previous_file"
    assert (bridge.previous, bridge.current) == (39800.0, 46200.0)
    assert _parts(bridge) == parts
    grown, shrunk = parts["grown"][1], parts["shrunk"][1]
    lost = parts["lost"][1]
    assert bridge.gross_retention == pytest.approx((39800 - lost - shrunk) / 39800)
    assert bridge.net_retention == pytest.approx(
        (39800 - lost - shrunk + grown) / 39800
    )
    assert bridge.labels == (
        "January 1-December 31, 2024",
        "January 1-December 31, 2025",
    )
    pending = len(done.previous.join.fuzzy) - done.previous.confirmed
    assert pending == (parts is PENDING)
    assert any("not confirmed" in n for n in done.analysis.notes) == pending


def test_per_client_change() -> None:
    done = _run(AppSettings(previous_confirmed=(DOVETAIL,)))
    table = done.analysis.bridge.clients
    rows = {
        r.client: (r.previous_client, r.previous, r.current, r.change, r.kind)
        for r in table.itertuples()
    }
    assert rows == {
        "Fjord Logistics": (None, 0.0, 8400.0, 8400.0, "new"),
        "Birch Law Group": ("Birch Law Group", 9600.0, 7200.0, -2400.0, "shrunk"),
        "Elm Street Bakery": ("Elm Street Bakery", 2400.0, 0.0, -2400.0, "lost"),
        "Acme Dental": ("Acme Dental LLC", 12000.0, 13200.0, 1200.0, "grown"),
        "Harbor Clinics": ("Harbor Clinics", 5000.0, 6000.0, 1000.0, "grown"),
        "Dovetail Accounting": ("Dovetail Acounting", 4800.0, 5400.0, 600.0, "grown"),
        "Cedar Accounting": ("Cedar Accounting", 6000.0, 6000.0, 0.0, "flat"),
    }
    assert table["client"].tolist()[:3] == [  # biggest change first, ties A-Z
        "Fjord Logistics",
        "Birch Law Group",
        "Elm Street Bakery",
    ]
    c = done.analysis.clients.set_index("client")
    assert c.loc[
        "Acme Dental", ["prior_revenue", "revenue_change", "change"]
    ].tolist() == [
        12000.0,
        1200.0,
        "grown",
    ]
    # Last period's list feeds the SPEC's at_risk flag: Birch fell 25 %.
    assert "at_risk" in c.loc["Birch Law Group", "flags"]
    assert c.loc["Birch Law Group", "risk_reasons"] == (
        "revenue down 25 % on last period",
    )


def test_left_out_clients_are_left_out_of_both_periods() -> None:
    done = _run(
        AppSettings(left_out=("Elm Street Bakery",), previous_confirmed=(DOVETAIL,))
    )
    parts = _parts(done.analysis.bridge)
    assert parts["lost"] == (0, 0.0)
    assert done.analysis.bridge.previous == 37400.0


def test_a_completed_list_as_last_period(tmp_path: Path) -> None:
    """The page's completed list of last year reads back as last period's list."""
    last_year = run_file(BEFORE)
    path = tmp_path / "completed-2024.xlsx"
    path.write_bytes(completed_list_xlsx(last_year))
    done = _run(AppSettings(previous_confirmed=(DOVETAIL,)), before=path)
    assert _parts(done.analysis.bridge) == CONFIRMED
    assert done.analysis.bridge.previous == 39800.0


def test_an_invoice_file_over_30_months() -> None:
    """invoices_30_months.csv: 2024 against 2025 from the file itself."""
    analysis = run_file(CHANGE / "invoices_30_months.csv")
    bridge = analysis.bridge
    assert bridge.source == "invoices"
    assert bridge.labels == ("2024-01-01 to 2024-12-31", "2025-01-01 to 2025-12-31")
    assert (bridge.previous, bridge.current) == (30000.0, 34800.0)
    assert _parts(bridge) == {
        "new": (1, 8400.0),  # Fjord Logistics
        "lost": (1, 2400.0),  # Elm Street Bakery
        "grown": (1, 1200.0),  # Alpine Dental
        "shrunk": (1, 2400.0),  # Birch Law Group
        "flat": (1, 0.0),  # Cedar Accounting
    }
    assert bridge.gross_retention == pytest.approx(0.84)
    assert bridge.net_retention == pytest.approx(0.88)
    # Granite Old Mill invoiced only in 2023: in neither period, not in the bridge.
    assert "Granite Old Mill" not in set(bridge.clients["client"])
    c = analysis.clients.set_index("client")
    assert c.loc["Granite Old Mill", "change"] is None
    assert part(bridge, "lost") == (1, 2400.0)


def test_a_prior_revenue_column() -> None:
    """at_risk.csv: Client, Revenue, Prior Revenue; a blank prior is none."""
    analysis = run_file(RULES_DIR / "at_risk.csv")
    bridge = analysis.bridge
    assert bridge.source == "prior_column"
    assert (bridge.previous, bridge.current) == (3000.0, 3401.0)
    assert _parts(bridge) == {
        "new": (2, 600.0),  # No prior (blank), Was zero
        "lost": (0, 0.0),
        "grown": (1, 200.0),
        "shrunk": (2, 399.0),  # 200 + 199
        "flat": (0, 0.0),
    }
    assert "1 client with no prior revenue count as having none last period." in (
        analysis.notes
    )


def test_no_last_period_no_bridge() -> None:
    analysis = run_file(RULES_DIR / "classes.csv")
    assert analysis.bridge is None
    assert analysis.clients["revenue_change"].isna().all()
    assert analysis.clients["change"].isna().all()
