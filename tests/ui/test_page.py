"""The whole page under Streamlit's AppTest: the first screen, the sidebar's
settings, uploads and their errors, saved settings, the password.

The tabs are in test_page_tabs.py, "Complete your data" in
test_page_complete.py, single components in test_page_parts.py.
"""

from __future__ import annotations

import pytest
from page_helpers import (
    CORPUS,
    PAGE_DATA,
    bare_export,
    buttons,
    card,
    downloads,
    figures,
    file_value,
    fresh,
    open_tab,
    plain,
    settings_json,
    table,
    text_of,
    tier_counts,
    upload,
)
from streamlit.testing.v1 import AppTest

from niche.ui.state import Tab


@pytest.fixture(scope="module")
def sample_page() -> AppTest:
    return fresh().run()


def test_first_screen_of_the_sample(sample_page: AppTest) -> None:
    at = sample_page
    assert not at.exception
    assert not at.error
    assert at.markdown[0].value == "### Niche Finder"
    text = text_of(at)
    assert "**Sample data** (a fictional 39-client MSP)" in text
    assert figures(at) == {
        "Clients": "39",
        "Revenue, 12 months": "$717,205.50",
        "Monthly revenue": "$59,767.12",
    }
    assert [plain(s.value) for s in at.success] == [
        "Matches your file's TOTAL of $717,205.50."
    ]
    # every warning once, in one box
    assert len(at.warning) == 1
    warned = plain(at.warning[0].value).splitlines()
    assert warned == [
        "- Concentration risk: Bright Smile Dental Group brings 17 % of your "
        "revenue (over 15 %); losing it would hurt."
    ]
    niche = card(at, "Recommended niche")
    assert niche.startswith("#### Recommended niche: Dental offices")
    assert "Score 83 of 100 · confidence high" in niche
    reasons = [line for line in niche.splitlines() if line.startswith("- ")]
    assert 2 <= len(reasons) <= 3
    assert reasons[0] == (
        "- 8 of your 13 best clients are dental offices: 66 % of your best "
        "clients' revenue."
    )
    best = card(at, "Who gets your best service")
    assert "**Bright Smile Dental Group**, **Northshore Precision Machining**" in best
    assert "and 5 more" in best  # 8 named of the 13 class A clients
    # the sample is complete: no "Complete your data" step at the top
    assert "Complete your data" not in buttons(at)
    assert not at.info


def test_tabs_below_the_first_screen(sample_page: AppTest) -> None:
    """The tabs in order, and only the open tab (Clients) drawn."""
    at = sample_page
    assert [t.label for t in at.tabs] == list(Tab)
    assert len(at.table) == 1
    assert list(at.table[0].value.columns)[:2] == ["\\#", "Client"]  # Markdown
    assert "Your top 5 clients bring 48 % of your revenue" in text_of(at)
    assert len(at.get("vega_lite_chart")) == 1  # the Pareto chart, no other tab's


def test_downloads_sit_in_the_download_popover(sample_page: AppTest) -> None:
    popovers = sample_page.get("popover")
    assert [p.proto.popover.label for p in popovers] == ["Download"]
    inside = [b.label for b in popovers[0].get("download_button")]
    assert inside == ["Niche plan (PDF)", "Excel report", "Clients (CSV)"]
    assert downloads(sample_page)[-1] == "Save settings"  # in the sidebar


def test_upload_a_csv() -> None:
    at = upload(fresh().run(), "clients_small.csv")
    assert not at.exception
    assert not at.error
    text = text_of(at)
    assert "Sample data" not in text
    assert "clients_small.csv · read in memory, not stored" in text
    assert card(at, "Recommended niche").startswith("#### Recommended niche: Law")
    assert figures(at)["Clients"] == "10"
    assert [plain(s.value) for s in at.success] == [
        "Matches your file's TOTAL of $187,800.00."
    ]
    at = upload(at, "hostile_names.csv")  # no TOTAL line
    assert "Your file has no TOTAL line to check the sum against." in text_of(at)
    assert not at.success


def test_a_total_that_differs_is_an_error_on_the_first_screen() -> None:
    at = upload(fresh().run(), CORPUS / "pivot_row_labels.csv")
    assert not at.exception
    assert [plain(e.value) for e in at.error] == [
        "Differs from your file's Grand Total by $450.00: see Data quality."
    ]
    assert not at.success


def test_tier_thresholds_move_clients() -> None:
    at = fresh().run()
    before = tier_counts(at)
    assert before == {"Micro": 23, "Sweet spot": 14, "Large": 1, "Unknown size": 1}
    assert "in the sweet spot (10 to 50 PCs)" in text_of(at)
    at.number_input(key="tier_low").set_value(5).run()
    assert not at.exception
    after = tier_counts(at)
    assert after["Micro"] < before["Micro"]
    assert after["Sweet spot"] > before["Sweet spot"]
    assert sum(after.values()) == 39
    assert "in the sweet spot (5 to 50 PCs)" in text_of(at)
    assert table(at, "Tier")["PCs"].iloc[0] == "under 5 PCs"
    at.number_input(key="tier_high").set_value(30).run()
    assert tier_counts(at)["Large"] > after["Large"]


def test_currency_symbol() -> None:
    at = fresh().run()
    at.text_input(key="currency").set_value("€").run()
    assert not at.exception
    assert figures(at)["Monthly revenue"] == "€59,767.12"
    assert table(at, "#")["Monthly"].iloc[0] == "€10,200"
    at.text_input(key="currency").set_value("").run()  # empty: the file's
    assert figures(at)["Monthly revenue"] == "$59,767.12"


def test_background_changes_the_recommendation_text() -> None:
    at = fresh().run()
    at.multiselect(key="background").set_value(["Law firms"]).run()
    assert not at.exception
    open_tab(at, Tab.NICHE)
    assert "**Your background:**" in text_of(at)


def test_background_free_text_is_resolved() -> None:
    at = fresh().run()
    at.text_input(key="background_text").set_value("dentist").run()
    assert not at.exception
    assert "“dentist” read as Dental offices." in text_of(at)


def test_class_cut_off_and_margin_target() -> None:
    at = fresh().run()
    before = figures(at)
    assert "first 80 % of your revenue" in card(at, "Who gets your best service")
    at.slider(key="class_a").set_value(60).run()
    assert not at.exception
    best = card(at, "Who gets your best service")
    assert "Class A: the 8 clients who bring the first 60 % of your revenue" in best
    assert figures(at) == before  # not a class figure
    low_margin = table(at, "#")["Flags"].str.contains("low margin").sum()
    at.slider(key="margin_target").set_value(50).run()
    assert not at.exception
    assert table(at, "#")["Flags"].str.contains("low margin").sum() > low_margin


def test_bad_upload_shows_error_and_sidebar_still_works() -> None:
    at = upload(fresh().run(), "not_a_workbook.xlsx")
    assert not at.exception
    assert len(at.error) == 1
    assert "not_a_workbook.xlsx" in at.error[0].value
    assert "\n" not in at.error[0].value.strip()
    assert at.markdown[0].value == "### Niche Finder"
    # the sidebar is still there and usable
    at.text_input(key="currency").set_value("£").run()
    assert not at.exception
    assert len(at.error) == 1
    # and a good file afterwards gives the whole page again
    at = upload(at, "clients_small.csv")
    assert not at.exception
    assert not at.error
    assert card(at, "Recommended niche").startswith("#### Recommended niche: Law")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("no_revenue.csv", b"Name,Colour\nA,red\nB,blue\n", "revenue"),
        ("notes.docx", b"PK\x03\x04 a Word document", "A Word document can't"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_line(name, data, message) -> None:
    at = fresh().run()
    at.file_uploader(key="upload").set_value(file_value(PAGE_DATA / name, data))
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    assert message in at.error[0].value
    assert "\n" not in at.error[0].value.strip()


def test_workbook_sheet_picker_and_annualise() -> None:
    at = upload(fresh().run(), "two_sheets_half_year.xlsx")
    assert not at.exception
    assert not at.error
    sheet = [s for s in at.selectbox if s.label == "Sheet"]
    assert sheet, "no sheet picker"
    assert sheet[0].options == ["Notes", "Clients 2025"]
    assert sheet[0].value == "Clients 2025"
    assert "sheet Clients 2025" in text_of(at)
    monthly = figures(at)["Monthly revenue"]
    at.checkbox(key="annualise").check().run()
    assert not at.exception
    assert figures(at)["Monthly revenue"] != monthly
    # the notes sheet holds no client table: a clear error, no traceback
    [s for s in at.selectbox if s.label == "Sheet"][0].set_value("Notes").run()
    assert not at.exception
    assert len(at.error) == 1


def test_changing_a_column_mapping_reruns_the_analysis() -> None:
    at = fresh().run()
    systems = [s for s in at.selectbox if s.label == "Systems (PCs)"]
    assert systems
    assert systems[0].value == "PCs"
    systems[0].set_value("(not in the file)").run()
    assert not at.exception
    assert "PCs" not in table(at, "#").columns
    open_tab(at, Tab.TIERS)
    assert "Add PC counts to see size tiers" in text_of(at)


def test_roll_up_switch() -> None:
    at = fresh().run()
    at.checkbox(key="rollup").uncheck().run()
    assert not at.exception
    assert figures(at)["Revenue, 12 months"] == "$717,205.50"


def test_client_names_are_escaped_in_markdown() -> None:
    at = upload(fresh().run(), "hostile_names.csv")
    assert not at.exception
    assert not at.error
    shown = [m.value for m in at.markdown if "Bold" in m.value]
    assert shown
    for value in shown:
        assert "\\*\\*Bold\\*\\*" in value
        assert "\\<b\\>" in value
        assert "\\$x\\$" in value
        assert "<b>" not in value.replace("\\<b\\>", "")
    cells = table(at, "#")["Client"]
    assert any("\\*\\*Bold\\*\\*" in c for c in cells)  # st.table cells too


def test_month_columns_can_be_summed() -> None:
    at = upload(fresh().run(), "month_columns.csv")
    assert len(at.error) == 1
    assert "month columns" in at.error[0].value
    assert "Sum the 12 month columns as revenue" in text_of(at)
    at.checkbox(key="sum_months").check().run()
    assert not at.exception
    assert not at.error
    assert figures(at)["Monthly revenue"] == "$3,900.00"
    assert card(at, "Recommended niche").startswith("#### Recommended niche: Dental")


def test_mixed_currencies_are_never_summed_the_user_keeps_one() -> None:
    at = upload(fresh().run(), CORPUS / "mixed_currencies.csv")
    assert not at.exception
    assert [e.value for e in at.error] == [
        'Amounts in "Total" are in 3 currencies: USD (3 rows), CAD (1 row), EUR '
        "(1 row). Keep one currency; the other rows are then left out."
    ]
    assert not figures(at)
    keep = at.selectbox(key="keep_currency")
    assert keep.options == ["(choose one)", "USD", "CAD", "EUR"]
    keep.set_value("EUR").run()
    assert not at.exception
    assert figures(at)["Revenue, 12 months"] == "€5,000.00"


def test_ambiguous_dates_and_amounts_offer_switches() -> None:
    at = upload(fresh().run(), "invoices_ambiguous.csv")
    assert not at.exception
    assert not at.error
    labels = [t.label for t in at.toggle]
    assert "Dates are day/month" in labels
    assert "Decimal comma" in labels
    before = figures(at)["Monthly revenue"]
    at.toggle(key="decimal_comma").set_value(True).run()
    assert not at.exception
    assert figures(at)["Monthly revenue"] != before
    assert "Decimal comma" in [t.label for t in at.toggle]  # stays to switch back
    open_tab(at, Tab.QUALITY)
    window = [line for line in text_of(at).splitlines() if "Invoice file" in line]
    assert window
    at.toggle(key="day_first").set_value(True).run()
    assert not at.exception
    assert [ln for ln in text_of(at).splitlines() if "Invoice file" in ln] != window


def test_password_is_dropped_from_session_after_success(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NICHE_PASSWORD", "s3cret-words")
    at = fresh().run()
    assert not figures(at)
    assert not at.tabs
    at.text_input(key="password").set_value("s3cret-words").run()
    assert not at.exception
    assert "password" not in at.session_state
    assert at.session_state["authenticated"] is True
    assert card(at, "Recommended niche").startswith("#### Recommended niche: Dental")


# --- saved settings ---------------------------------------------------------------


def restore(at: AppTest, data: bytes) -> AppTest:
    files = ("settings.json", data, "application/json")
    return at.file_uploader(key="settings_upload").set_value(files).run()


def test_restore_settings_applies_them() -> None:
    at = bare_export()
    data = settings_json(
        tiers=[5, 40],
        currency="€",
        background=["Dental offices"],
        left_out=["Cash Customer"],
        edits={"maple grove dental, llc": {"industry": "Dental offices", "systems": 7}},
    )
    restore(at, data)
    assert not at.exception
    assert not at.error
    assert at.number_input(key="tier_low").value == 5
    assert at.number_input(key="tier_high").value == 40
    assert at.multiselect(key="background").value == ["Dental offices"]
    assert figures(at)["Monthly revenue"].startswith("€")
    assert figures(at)["Clients"] == "9"
    assert "Settings applied." in text_of(at)
    assert tier_counts(at)["Sweet spot"] == 1  # Maple Grove: 7 PCs, tiers 5..40
    # the widgets stay free to change after loading
    at.number_input(key="tier_low").set_value(10).run()
    assert not at.exception
    assert tier_counts(at)["Micro"] == 1


def test_bad_settings_file_is_one_line_error() -> None:
    at = restore(fresh().run(), b"{not json")
    assert not at.exception
    assert [e.value for e in at.error] == ["Settings file: not valid JSON."]
    # the page still works
    assert card(at, "Recommended niche").startswith("#### Recommended niche: Dental")


def test_restored_settings_carry_industry_overrides() -> None:
    at = upload(fresh().run(), "industry_guess.csv")
    assert card(at, "Recommended niche").startswith("#### Recommended niche: Law")
    restore(at, settings_json(industry_overrides={"Dental Ofice": "Dental offices"}))
    assert not at.exception
    assert card(at, "Recommended niche").startswith("#### Recommended niche: Dental")
