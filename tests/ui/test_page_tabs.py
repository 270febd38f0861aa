"""Each tab of the page once (AppTest): its one-sentence answer first, then
its tables and charts; only the open tab is drawn."""

from __future__ import annotations

import json
import re

import pytest
from page_helpers import (
    CHANGE,
    ROOT,
    bare_export,
    buttons,
    downloads,
    fresh,
    open_tab,
    table,
    text_of,
    upload,
    upload_to,
)
from streamlit.testing.v1 import AppTest

from niche.ui.state import Tab

PROSPECTS = ROOT / "tests" / "data" / "niche" / "prospects_order.csv"


@pytest.fixture(scope="module")
def sample() -> AppTest:
    """The sample page; each test opens its tab."""
    return fresh().run()


def charts(at: AppTest) -> int:
    return len(at.get("vega_lite_chart"))


def test_clients_tab(sample: AppTest) -> None:
    at = open_tab(sample, Tab.CLIENTS)
    assert not at.exception
    assert (
        "Your top 5 clients bring 48 % of your revenue; 13 clients of 39 bring the "
        "first 80 % (class A, your best clients)."
    ) in text_of(at)
    top = table(at, "#")
    assert list(top.columns) == [
        "#",
        "Client",
        "Industry",
        "PCs",
        "Monthly",
        "Share",
        "Class",
        "Flags",
    ]
    assert len(top) == 15  # the top 15 as text, no inner scroll
    assert top.iloc[0].tolist()[:6] == [
        "1",
        "Bright Smile Dental Group",
        "Dental offices",
        "45",
        "$10,200",
        "17 %",
    ]
    assert "needs senior staff" in top.iloc[1]["Flags"]
    expanders = [e.label for e in at.expander]
    assert "All 39 clients (sortable)" in expanders
    assert len(table(at, "Rank", has="Cumulative")) == 39
    assert charts(at) == 1  # the Pareto chart
    assert "Bright Smile Dental Group" in str(at.get("vega_lite_chart")[0].proto)


def test_who_gets_what_tab(sample: AppTest) -> None:
    at = open_tab(sample, Tab.WHO)
    assert not at.exception
    text = text_of(at)
    assert (
        "13 clients get your best service; 27 are worth retaining; 6 pay the bills."
    ) in text
    assert "**At risk** · 2 clients" in text
    # the top of the risk score, with its two main reasons
    assert (
        "**Dockside Diner**: risk 29 of 100: revenue down 33 % on last period; "
        "$98 an hour of support (target $100)"
    ) in text
    assert "Book a business review this month" in text
    assert "**Needs senior staff** · 1 client" in text
    assert not at.table
    assert charts(at) == 0


def test_size_tiers_tab(sample: AppTest) -> None:
    at = open_tab(sample, Tab.TIERS)
    assert not at.exception
    assert (
        "14 of the 38 clients with a known PC count are in the sweet spot (10 to 50 "
        "PCs); 1 is large (over 50); 1 client without a PC count."
    ) in text_of(at)
    tiers = table(at, "Tier")
    assert tiers["Tier"].tolist() == ["Micro", "Sweet spot", "Large", "Unknown size"]
    assert tiers["Clients"].tolist() == ["23", "14", "1", "1"]
    assert charts(at) == 2  # tier bars and the scatter


def test_industries_tab(sample: AppTest) -> None:
    at = open_tab(sample, Tab.INDUSTRIES)
    assert not at.exception
    text = text_of(at)
    assert (
        "Dental offices bring the most revenue (54 %); your clients are in 14 "
        "industries."
    ) in text
    assert "**All clients**: click a bar to filter." in text
    assert charts(at) == 1
    assert len(table(at, "Rank")) == 39
    labels = [e.label for e in at.expander]
    assert "Industry labels in your file: re-map any of them" in labels
    assert "Apply" in buttons(at)


def test_industries_tab_lists_a_picked_industry(sample: AppTest) -> None:
    """What clicking a bar stores: the chart's selection."""
    at = open_tab(sample, Tab.INDUSTRIES)
    at.session_state["industry_chart"] = {
        "selection": {"industry_pick": [{"industry": "Law firms"}]}
    }
    at.run()
    assert not at.exception
    assert "**3 clients in Law firms**" in text_of(at)
    assert set(table(at, "Rank")["Industry"]) == {"Law firms"}


def test_niche_and_score_tab(sample: AppTest) -> None:
    at = open_tab(sample, Tab.NICHE)
    assert not at.exception
    text = text_of(at)
    assert "Dental offices score 83 of 100, ahead of Law firms (34)." in text
    for heading in (
        "**Why**",
        "**What your best clients have in common**",
        "**The score, part by part**",
    ):
        assert heading in text
    assert "66 % of your best clients' revenue comes from dental offices" in text
    assert "**Runners-up:** Law firms (34), Medical offices (27)" in text
    assert "How the score works" in [e.label for e in at.expander]
    scores = table(at, "Industry", has="Score")
    assert scores["Industry"].iloc[0] == "Dental offices"
    assert scores["Score"].iloc[0] == "83"


def test_profit_tab(sample: AppTest) -> None:
    at = open_tab(sample, Tab.PROFIT)
    assert not at.exception
    assert (
        "2 of your 39 clients with support hours cost more time than they pay "
        "(under $100 an hour, median $200); the largest is Tidewater Food Pantry "
        "at $99 an hour."
    ) in text_of(at)
    rates = table(at, "Industry", has="Revenue per hour")
    assert rates["Industry"].iloc[0] == "Dental offices"
    clients = table(at, "Rank", has="Revenue per hour")
    assert clients["Client"].iloc[0] == "Dockside Diner"  # lowest per hour first
    # the margin is a percentage, as its column format says ("36 %", not "0 %")
    assert clients["Margin"].iloc[0] == pytest.approx(36)


def test_change_tab_with_last_periods_list() -> None:
    at = upload(fresh().run(), CHANGE / "qbo_sales_2025.csv")
    open_tab(at, Tab.CHANGE)
    assert "Last period's client list" in [u.label for u in at.file_uploader]
    assert not at.get("vega_lite_chart")
    upload_to(at, "previous_upload", CHANGE / "qbo_sales_2024.csv")
    assert not at.exception
    text = text_of(at)
    assert "Revenue went from $39,800 to $46,200 (+16 %)" in text
    assert "**Dovetail Accounting** now, **Dovetail Acounting** then" in text
    assert charts(at) == 1  # the waterfall
    (confirm,) = [b for b in at.button if b.label.startswith("Confirm")]
    assert confirm.label == "Confirm this name"
    confirm.click().run()
    assert not at.exception
    text = text_of(at)
    assert "Dovetail Acounting** then" not in text
    assert "1 client shrank by $2,400 and 1 client was lost ($2,400)" in text
    names = table(at, "Client", has="Last period's name").set_index("Client")
    then = names["Last period's name"]
    assert then["Dovetail Accounting"] == "Dovetail Acounting"  # confirmed
    assert then["Acme Dental"] == "Acme Dental LLC"  # the same name, normalised
    assert then["Cedar Accounting"] == ""  # same name: blank, not "None"


def test_prospects_tab_with_the_sample(sample: AppTest) -> None:
    at = open_tab(sample, Tab.PROSPECTS)
    assert not at.exception
    text = text_of(at)
    assert "The sample's prospect list: upload your own to score it." in text
    assert "Your best prospects: **Brookside Dental Care**" in text
    shown = table(at, "#", has="Why")
    assert len(shown) == 15
    assert "All 30 prospects, ranked (CSV)" in downloads(at)


def test_prospects_tab_after_an_upload_invites_a_prospect_list() -> None:
    at = open_tab(upload(fresh().run(), "clients_small.csv"), Tab.PROSPECTS)
    assert not at.exception
    assert "Upload a prospect list" in text_of(at)
    assert not at.table  # no sample prospects scored against your clients
    upload_to(at, "prospects_upload", PROSPECTS)
    assert not at.exception
    assert len(table(at, "#", has="Why")) == 7
    assert "All 7 prospects, ranked (CSV)" in downloads(at)


def test_data_quality_tab(sample: AppTest) -> None:
    at = open_tab(sample, Tab.QUALITY)
    assert not at.exception
    text = text_of(at)
    assert (
        "42 rows read: 39 clients, 2 rows excluded, 1 client built from several "
        "rows. Matches your file's TOTAL of $717,205.50."
    ) in text
    assert (
        "Excluded by reason: 1 total or subtotal line (not added again); 1 below "
        "the grand total line."
    ) in text
    assert "**Columns used:** Client ← Client" in text
    assert len(table(at, "Row")) == 2
    assert len(table(at, "Client", has="Rows")) == 1


@pytest.mark.parametrize("tab", [Tab.TIERS, Tab.INDUSTRIES])
def test_a_tab_with_nothing_to_show_says_so_in_one_line(tab: Tab) -> None:
    at = open_tab(bare_export(), tab)
    assert not at.exception
    said = {
        Tab.TIERS: "Add PC counts to see size tiers",
        Tab.INDUSTRIES: "Add industries to see your industry mix",
    }
    assert said[tab] in text_of(at)
    assert not at.get("vega_lite_chart")
    assert not at.table
    assert not at.dataframe


PERCENT_WITHOUT_SPACE = re.compile(r"\d%")


def test_every_tab_writes_percentages_one_way(sample: AppTest) -> None:
    """ "17 %" everywhere: in the text, the tables' cells and the columns'
    number formats (never Streamlit's "percent" format, which writes "17%")."""
    for tab in Tab:
        at = open_tab(sample, tab)
        assert not at.exception, tab
        assert not PERCENT_WITHOUT_SPACE.search(text_of(at)), tab
        for element in at.table:
            cells = element.value.astype(str).to_numpy().ravel()
            assert not [c for c in cells if PERCENT_WITHOUT_SPACE.search(c)], tab
        for frame in at.dataframe:
            for name, column in json.loads(frame.proto.columns or "{}").items():
                fmt = column.get("type_config", {}).get("format") or ""
                assert fmt != "percent", (tab, name)
                assert "%%" not in fmt or " %%" in fmt, (tab, name, fmt)


def test_files_uploaded_in_tabs_stay_when_other_tabs_open() -> None:
    """Streamlit forgets a widget a run does not draw: the tabs' uploaders are
    drawn while their tab is closed, so a device list, last period's list and a
    prospect list stay after the user looks at other tabs."""
    at = upload(fresh().run(), CHANGE / "qbo_sales_2025.csv")
    open_tab(at, Tab.COMPLETE)
    upload_to(at, "enrich_upload", ROOT / "tests" / "data" / "enrich" / "rmm_sites.csv")
    open_tab(at, Tab.CHANGE)
    upload_to(at, "previous_upload", CHANGE / "qbo_sales_2024.csv")
    open_tab(at, Tab.PROSPECTS)
    upload_to(at, "prospects_upload", PROSPECTS)
    for tab in (Tab.TIERS, Tab.INDUSTRIES, Tab.CLIENTS):
        open_tab(at, tab)  # two runs without the tabs above: forgotten before
    assert not at.exception
    open_tab(at, Tab.COMPLETE)
    assert "**rmm_sites.csv**:" in text_of(at)
    open_tab(at, Tab.CHANGE)
    assert "Revenue went from $39,800 to $46,200" in text_of(at)
    open_tab(at, Tab.PROSPECTS)
    assert len(table(at, "#", has="Why")) == 7
