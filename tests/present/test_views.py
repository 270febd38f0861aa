"""The pure helpers that shape an analysis for the page (niche.present)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from niche import analyze_bytes
from niche.present import views as page_model
from niche.present import who
from niche.present.answers import first_reasons


def big(n: int) -> object:
    lines = ["Client,Industry,PCs,Revenue"]
    industries = ["Dentist", "Law firm", "CPA", "Restaurant", "Manufacturing"]
    for i in range(n):
        lines.append(f"Client {i:05d},{industries[i % 5]},{i % 80 + 1},{1000 + 37 * i}")
    return analyze_bytes("\n".join(lines).encode(), "big.csv")


def test_client_view_sends_the_top_rows_and_counts_all() -> None:
    analysis = big(500)
    head, total = page_model.client_view(analysis, (), 50)
    assert total == 500
    every, total = page_model.client_view(analysis)
    assert total == len(every) == 500
    assert every["Rank"].tolist() == list(range(1, 501))
    pd.testing.assert_frame_equal(head, every.head(50))
    dental, total = page_model.client_view(analysis, ("Dental offices",), 10)
    assert total == 100 == page_model.count_of(analysis, ("Dental offices",))
    assert len(dental) == 10
    assert set(dental["Industry"]) == {"Dental offices"}


def test_tier_summary_lists_every_tier_in_order() -> None:
    analysis = big(200)
    tiers = page_model.tier_summary(analysis)
    assert tiers["tier"].tolist() == ["micro", "sweet_spot", "large", "unknown"]
    assert tiers["clients"].sum() == 200
    assert abs(tiers["revenue_share"].sum() - 1) < 1e-9


def test_who_gets_what_lists_the_largest_first() -> None:
    analysis = big(300)
    groups = {g.flag: g for g in who.who_gets_what(analysis)}
    best = groups["best_service"]
    ranked = analysis.clients.sort_values("rank")
    assert [i.client for i in best.items] == ranked["client"].head(5).tolist()
    assert best.total == int((ranked["value_class"] == "A").sum())
    senior = groups["needs_senior_staff"]
    assert all("PCs: over 50" in i.reason for i in senior.items)


def test_excluded_table_gives_each_row_its_reason_once() -> None:
    sample = Path(__file__).resolve().parents[2] / "sample_data" / "clients.xlsx"
    table = page_model.excluded_table(analyze_bytes(sample.read_bytes(), sample.name))
    rows = table.set_index("Row")
    assert rows.loc[46, "Reason"] == "Total or subtotal line (not added again)"
    assert rows.loc[46, "Detail"] == "Grand total line (not added again)"
    assert rows.loc[48, "Reason"] == "Below the grand total line"
    assert rows.loc[48, "Detail"] == ""  # not the reason again
    assert "Exported December 2, 2025" in rows.loc[48, "Values"]


def test_at_risk_is_the_top_of_the_risk_score() -> None:
    # psa_support_hours.csv: no prior revenue, so no client has the SPEC's
    # at_risk flag; three pay $60-64 an hour of support against a $100 target.
    data = Path(__file__).resolve().parents[1] / "data" / "profit"
    hours = data / "psa_support_hours.csv"
    analysis = analyze_bytes(hours.read_bytes(), hours.name)
    assert not any("at_risk" in f for f in analysis.clients["flags"])
    (risk,) = [g for g in who.who_gets_what(analysis) if g.flag == "at_risk"]
    assert [(i.client, i.reason) for i in risk.items] == [
        (
            "Harbor Freight Logistics",
            "risk 40 of 100: $60 an hour of support (target $100)",
        ),
        ("Bella's Bistro", "risk 36 of 100: $64 an hour of support (target $100)"),
        ("Corner Cafe", "risk 36 of 100: $64 an hour of support (target $100)"),
    ]
    assert risk.total == 3
    assert risk.meaning.startswith("Risk score 25 or more of 100")


def test_at_risk_without_any_score_is_the_flag() -> None:
    analysis = big(50)  # no prior revenue, costs, hours or dates: no score
    assert analysis.clients["risk_score"].isna().all()
    (risk,) = [g for g in who.who_gets_what(analysis) if g.flag == "at_risk"]
    assert risk.items == ()
    assert risk.meaning == "Revenue fell 20 % or more against the prior 12 months."


def test_the_first_screen_quotes_revenue_per_hour_where_hours_are_known() -> None:
    hours = (
        Path(__file__).resolve().parents[1]
        / "data"
        / "profit"
        / "psa_support_hours.csv"
    )
    shown = first_reasons(analyze_bytes(hours.read_bytes(), hours.name))
    assert len(shown) == 3
    assert (
        shown[2]
        == "Your dental offices pay $212 an hour of support; your restaurants $64."
    )
