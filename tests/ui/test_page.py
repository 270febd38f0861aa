"""The page under Streamlit's AppTest: every section, uploads, settings, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from niche.present.views import SCORE_PARTS

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGE_DATA = ROOT / "tests" / "data" / "page"
SECTIONS = [
    "Your best clients",
    "Size tiers",
    "Who gets what",
    "Industries",
    "Recommended niche",
    "Prospects like your best clients",
    "Data quality",
]
MIME = {
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TIMEOUT = 60


@pytest.fixture(autouse=True)
def _no_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NICHE_PASSWORD", raising=False)


def fresh() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def upload(at: AppTest, name: str, data: bytes | None = None) -> AppTest:
    path = PAGE_DATA / name
    payload = path.read_bytes() if data is None else data
    mime = MIME.get(path.suffix, "application/octet-stream")
    return at.file_uploader(key="upload").set_value((name, payload, mime)).run()


def text_of(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [i.value for i in at.info] + [w.value for w in at.warning]
    parts += [f"{m.label}={m.value}" for m in at.metric]
    return "\n".join(parts)


def metric(at: AppTest, label_start: str) -> str:
    found = [m.value for m in at.metric if m.label.startswith(label_start)]
    assert found, f"no metric starting {label_start!r}"
    return found[0]


def tier_counts(at: AppTest) -> dict[str, int]:
    for frame in at.dataframe:
        value = frame.value
        if list(value.columns) == ["Tier", "Clients", "Monthly", "Share"]:
            return dict(zip(value["Tier"], value["Clients"], strict=True))
    raise AssertionError("no tier table")


@pytest.fixture(scope="module")
def sample_page() -> AppTest:
    return fresh().run()


def test_default_page_renders_every_section(sample_page: AppTest) -> None:
    at = sample_page
    assert not at.exception
    assert not at.error
    headers = [h.value for h in at.header]
    assert [h for h in headers if h in SECTIONS] == SECTIONS
    text = text_of(at)
    assert "Sample data: upload your own client list" in text
    assert "processed in memory and not stored" in text
    assert "Recommended niche: Dental offices" in text
    assert metric(at, "Clients") == "39"
    assert metric(at, "Monthly revenue") == "$59,767"
    assert metric(at, "Top 20 %") == "62 %"
    assert metric(at, "Score") == "83 of 100"
    assert metric(at, "Rows read") == "42"
    assert len(at.get("vega_lite_chart")) >= 4
    assert "Concentration risk" in text
    assert "Dental offices are 62 % of your best clients" in text  # the profile
    assert "Sample prospect list" in text


def test_download_buttons_exist(sample_page: AppTest) -> None:
    labels = [b.label for b in sample_page.get("download_button")]
    assert "Download Excel report" in labels
    assert "Download clients (CSV)" in labels


def test_who_gets_what_lists_reasons_and_actions(sample_page: AppTest) -> None:
    text = text_of(sample_page)
    assert "**At risk** · 2 clients" in text
    assert "**Dockside Diner**: revenue fell 33 %" in text
    assert "Book a business review this month" in text
    assert "Needs senior staff" in text


def test_upload_a_csv(sample_page: AppTest) -> None:
    at = upload(fresh().run(), "clients_small.csv")
    assert not at.exception
    assert not at.error
    text = text_of(at)
    assert "Sample data" not in text
    assert "Recommended niche: Law firms" in text
    assert metric(at, "Clients") == "10"
    assert "clients\\_small\\.csv" in text


def test_tier_thresholds_move_clients() -> None:
    at = fresh().run()
    before = tier_counts(at)
    assert before["Micro"] == 23
    assert metric(at, "In the sweet spot") == "37 %"
    at.number_input(key="tier_low").set_value(5).run()
    assert not at.exception
    after = tier_counts(at)
    assert after["Micro"] < before["Micro"]
    assert after["Sweet spot"] > before["Sweet spot"]
    assert sum(after.values()) == 39
    assert metric(at, "In the sweet spot") != "37 %"
    assert "Micro: under 5 PCs" in text_of(at)
    at.number_input(key="tier_high").set_value(30).run()
    assert tier_counts(at)["Large"] > after["Large"]


def test_currency_symbol() -> None:
    at = fresh().run()
    at.text_input(key="currency").set_value("€").run()
    assert not at.exception
    assert metric(at, "Monthly revenue") == "€59,767"


def test_background_changes_the_recommendation_text() -> None:
    at = fresh().run()
    at.multiselect(key="background").set_value(["Law firms"]).run()
    assert not at.exception
    assert "**Your background:**" in text_of(at)


def test_background_free_text_is_resolved() -> None:
    at = fresh().run()
    at.text_input(key="background_text").set_value("dentist").run()
    assert not at.exception
    assert "read as Dental offices" in text_of(at)


def test_class_cut_off_and_margin_target() -> None:
    at = fresh().run()
    a_before = metric(at, "Top 20 %")
    at.slider(key="class_a").set_value(60).run()
    assert not at.exception
    text = text_of(at)
    assert "Class A clients bring the first 60 % of revenue" in text
    assert metric(at, "Top 20 %") == a_before  # not a class figure
    at.slider(key="margin_target").set_value(50).run()
    assert not at.exception


def test_bad_upload_shows_error_and_sidebar_still_works() -> None:
    at = upload(fresh().run(), "not_a_workbook.xlsx")
    assert not at.exception
    assert len(at.error) == 1
    assert "not_a_workbook.xlsx" in at.error[0].value
    assert "\n" not in at.error[0].value.strip()
    # the sidebar is still there and usable
    assert at.file_uploader(key="upload") is not None
    at.text_input(key="currency").set_value("£").run()
    assert not at.exception
    assert len(at.error) == 1
    # and a good file afterwards gives the whole page again
    at = upload(at, "clients_small.csv")
    assert not at.exception
    assert not at.error
    assert "Recommended niche: Law firms" in text_of(at)


def test_csv_without_revenue_column_gives_one_line_error() -> None:
    at = upload(fresh().run(), "clients_small.csv", b"Name,Colour\nA,red\nB,blue\n")
    assert not at.exception
    assert len(at.error) == 1


def test_workbook_sheet_picker_and_annualise() -> None:
    at = upload(fresh().run(), "two_sheets_half_year.xlsx")
    assert not at.exception
    assert not at.error
    sheet = [s for s in at.selectbox if s.label == "Sheet"]
    assert sheet, "no sheet picker"
    assert sheet[0].options == ["Notes", "Clients 2025"]
    assert sheet[0].value == "Clients 2025"
    monthly = metric(at, "Monthly revenue")
    assert "5.9 months" in text_of(at) or "months" in text_of(at)
    at.checkbox(key="annualise").check().run()
    assert not at.exception
    assert metric(at, "Monthly revenue") != monthly
    # the notes sheet holds no client table: a clear error, no traceback
    sheet = [s for s in at.selectbox if s.label == "Sheet"][0]
    sheet.set_value("Notes").run()
    assert not at.exception
    assert len(at.error) == 1


def test_changing_a_column_mapping_reruns_the_analysis() -> None:
    at = fresh().run()
    systems = [s for s in at.selectbox if s.label == "Systems (PCs)"]
    assert systems
    assert systems[0].value == "PCs"
    systems[0].set_value("(not in the file)").run()
    assert not at.exception
    assert metric(at, "In the sweet spot") == "–"
    assert tier_counts(at)["Unknown size"] == 39


def test_roll_up_switch() -> None:
    at = fresh().run()
    at.checkbox(key="rollup").uncheck().run()
    assert not at.exception


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


# --- Complete your data (issue 5) and reading choices (issue 4) -------------------

ENRICH = ROOT / "tests" / "data" / "enrich"


def upload_bare_export() -> AppTest:
    """The bare QuickBooks export (names and totals only) as the client file."""
    data = (ENRICH / "qbo_sales_summary.csv").read_bytes()
    at = fresh().run()
    return at.file_uploader(key="upload").set_value(("qbo.csv", data, "text/csv")).run()


def add_device_list(at: AppTest) -> AppTest:
    data = (ENRICH / "rmm_devices.csv").read_bytes()
    files = [("rmm_devices.csv", data, "text/csv")]
    return at.file_uploader(key="enrich_upload").set_value(files).run()


def excluded_reasons(at: AppTest) -> list[str]:
    for frame in at.dataframe:
        if "Reason" in frame.value.columns:
            return list(frame.value["Reason"])
    return []


def test_bare_export_says_how_to_complete_it() -> None:
    at = upload_bare_export()
    assert not at.exception
    assert not at.error
    headers = [h.value for h in at.header]
    assert headers.index("Complete your data") < headers.index("Your best clients")
    text = text_of(at)
    assert "**No niche yet:**" in text
    assert "Industry known for 0 % of revenue" in text
    assert "Add a device or company list" in text
    assert at.file_uploader(key="enrich_upload") is not None
    assert tier_counts(at)["Unknown size"] == 10


def test_device_list_makes_tiers_known_and_fuzzy_needs_confirming() -> None:
    at = add_device_list(upload_bare_export())
    assert not at.exception
    assert not at.error
    text = text_of(at)
    assert "5 of your clients matched by name \\(devices\\)" in text
    assert "1 close match to confirm" in text
    assert "Summit Metal" in text  # the near-miss stays unmatched
    tiers = tier_counts(at)
    assert tiers["Unknown size"] == 5
    assert tiers["Sweet spot"] == 3  # Maple Grove 14, Harbor 11, Bright Smile 12
    assert metric(at, "Revenue with PC count") == "65 %"
    # confirm the close match (what ticking its box stores)
    at.session_state["confirmed"] = [["Dovetail Accounting Inc.", "Dovetail Acounting"]]
    at.run()
    assert not at.exception
    assert "every close match confirmed" in text_of(at)
    assert tier_counts(at)["Unknown size"] == 4
    assert metric(at, "Revenue with PC count") == "74 %"


def test_edited_industries_change_the_recommendation() -> None:
    at = add_device_list(upload_bare_export())
    assert "**No niche yet:**" in text_of(at)
    # what the editor stores when the user picks industries
    at.session_state["edits"] = {
        "maple grove dental, llc": {"industry": "Dental offices"},
        "harbor family dentistry, p.c.": {"industry": "Dental offices"},
        "summit dental pc": {"industry": "Dental offices", "systems": 9},
    }
    at.run()
    assert not at.exception
    text = text_of(at)
    assert "Recommended niche: Dental offices" in text
    assert "Industry known for 57 % of revenue" in text
    assert metric(at, "Revenue with industry") == "57 %"
    at.session_state["edits"] = {
        "calder & reyes law, pllc": {"industry": "Law firms"},
        "westlake title agency": {"industry": "Law firms", "systems": 20},
    }
    at.run()
    assert "Recommended niche: Law firms" in text_of(at)


def test_leave_out_goes_to_excluded() -> None:
    at = upload_bare_export()
    assert metric(at, "Clients") == "10"
    at.session_state["left_out"] = ["Cash Customer"]
    at.run()
    assert not at.exception
    assert metric(at, "Clients") == "9"
    assert "Left out of the analysis by you" in excluded_reasons(at)
    assert "1 left out of the analysis by you" in text_of(at)


def test_take_home_downloads_exist() -> None:
    at = upload_bare_export()
    labels = [b.label for b in at.get("download_button")]
    for label in (
        "Download completed client list",
        "Download settings",
        "Download prospects (CSV)",
    ):
        assert label in labels


def settings_json(**values: object) -> bytes:
    import json

    return json.dumps(
        {"kind": "niche-finder-settings", "version": 1, **values}
    ).encode()


def test_load_settings_applies_them() -> None:
    at = upload_bare_export()
    data = settings_json(
        tiers=[5, 40],
        currency="€",
        background=["Dental offices"],
        left_out=["Cash Customer"],
        edits={"maple grove dental, llc": {"industry": "Dental offices", "systems": 7}},
    )
    files = ("settings.json", data, "application/json")
    at.file_uploader(key="settings_upload").set_value(files).run()
    assert not at.exception
    assert not at.error
    assert at.number_input(key="tier_low").value == 5
    assert at.number_input(key="tier_high").value == 40
    assert at.multiselect(key="background").value == ["Dental offices"]
    assert metric(at, "Monthly revenue").startswith("€")
    assert metric(at, "Clients") == "9"
    assert tier_counts(at)["Sweet spot"] == 1  # Maple Grove: 7 PCs, tiers 5..40
    assert "Settings applied." in text_of(at)
    # the widgets stay free to change after loading
    at.number_input(key="tier_low").set_value(10).run()
    assert not at.exception
    assert tier_counts(at)["Micro"] == 1


def test_bad_settings_file_is_one_line_error() -> None:
    at = fresh().run()
    files = ("settings.json", b"{not json", "application/json")
    at.file_uploader(key="settings_upload").set_value(files).run()
    assert not at.exception
    assert len(at.error) == 1
    assert at.error[0].value == "Settings file: not valid JSON."
    assert "Recommended niche: Dental offices" in text_of(at)  # page still works


def test_month_columns_can_be_summed() -> None:
    at = upload(fresh().run(), "month_columns.csv")
    assert len(at.error) == 1
    assert "month columns" in at.error[0].value
    assert "Sum the 12 month columns as revenue" in text_of(at)
    at.checkbox(key="sum_months").check().run()
    assert not at.exception
    assert not at.error
    assert metric(at, "Monthly revenue") == "$3,900"
    assert "Recommended niche: Dental offices" in text_of(at)


def test_ambiguous_dates_and_amounts_offer_switches() -> None:
    at = upload(fresh().run(), "invoices_ambiguous.csv")
    assert not at.exception
    assert not at.error
    labels = [t.label for t in at.toggle]
    assert "Dates are day/month" in labels
    assert "Decimal comma" in labels
    before = metric(at, "Monthly revenue")
    at.toggle(key="decimal_comma").set_value(True).run()
    assert not at.exception
    after = metric(at, "Monthly revenue")
    assert after != before
    assert "Decimal comma" in [t.label for t in at.toggle]  # stays to switch back
    window = [m for m in text_of(at).split("\n") if "Invoice file" in m]
    at.toggle(key="day_first").set_value(True).run()
    assert not at.exception
    assert [m for m in text_of(at).split("\n") if "Invoice file" in m] != window


def test_load_summary_in_data_quality(sample_page: AppTest) -> None:
    text = text_of(sample_page)
    assert "Excluded by reason\\:" in text


def test_table_csv_is_safe() -> None:
    import pandas as pd

    from niche.export.report import table_csv

    frame = pd.DataFrame(
        {"Name": ["=HYPERLINK(1)", "Plain"], "Fit": [91.5, float("nan")], "-x": [1, -2]}
    )
    data = table_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == '"Name","Fit","\'-x"'
    assert lines[1] == '"\'=HYPERLINK(1)",91.5,1'
    assert lines[2] == '"Plain","",-2'


def test_password_is_dropped_from_session_after_success(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NICHE_PASSWORD", "s3cret-words")
    at = fresh().run()
    assert [h.value for h in at.header if h.value in SECTIONS] == []
    at.text_input(key="password").set_value("s3cret-words").run()
    assert not at.exception
    assert "password" not in at.session_state
    assert at.session_state["authenticated"] is True
    assert "Recommended niche: Dental offices" in text_of(at)


def label_table(at: AppTest) -> pd.DataFrame:
    for frame in at.dataframe:
        if "Status" in frame.value.columns:
            return frame.value
    raise AssertionError("no industry label table")


def test_industry_guess_waits_for_confirmation() -> None:
    at = upload(fresh().run(), "industry_guess.csv")
    assert not at.exception
    text = text_of(at)
    # "Dental Ofice" looks like Dental offices: offered, not applied
    assert "1 industry label looks like a known industry: confirm it below." in text
    assert "Recommended niche: Law firms" in text
    row = label_table(at).loc["Dental Ofice"]
    assert (row["Industry"], row["Confirmed"], row["Status"]) == (
        "Dental offices",
        False,
        "Guess — confirm?",
    )
    # what ticking "Confirmed" stores: the two dental spellings become one niche
    at.session_state["industry_overrides"] = {"Dental Ofice": "Dental offices"}
    at.run()
    assert not at.exception
    text = text_of(at)
    assert "Recommended niche: Dental offices" in text
    assert "look like known" not in text
    assert "looks like a known" not in text
    row = label_table(at).loc["Dental Ofice"]
    assert (bool(row["Confirmed"]), row["Status"]) == (True, "Your choice")


def test_any_industry_label_can_be_remapped() -> None:
    at = upload(fresh().run(), "industry_guess.csv")
    at.session_state["industry_overrides"] = {"Law firm": "Accounting and CPA firms"}
    at.run()
    assert not at.exception
    assert "Recommended niche: Accounting and CPA firms" in text_of(at)
    assert label_table(at).loc["Law firm", "Industry"] == "Accounting and CPA firms"


def test_loaded_settings_carry_industry_overrides() -> None:
    at = upload(fresh().run(), "industry_guess.csv")
    data = settings_json(industry_overrides={"Dental Ofice": "Dental offices"})
    files = ("settings.json", data, "application/json")
    at.file_uploader(key="settings_upload").set_value(files).run()
    assert not at.exception
    assert "Recommended niche: Dental offices" in text_of(at)


def test_percent_columns_show_as_many_decimals_as_the_page_text() -> None:
    """Streamlit's "percent" format shows the decimals the step allows: shares
    of revenue one ("17.1%", "0.3%" with thousands of clients), score parts
    none, as the recommendation's text gives them ("66 %")."""
    at = fresh().run()
    steps: dict[str, set[float]] = {}
    for frame in at.dataframe:
        for name, column in json.loads(frame.proto.columns).items():
            config = column.get("type_config", {})
            if config.get("format") == "percent":
                steps.setdefault(name, set()).add(config.get("step"))
    assert steps["Share"] == {0.001}  # top clients, all clients, tiers
    assert steps["Cumulative"] == {0.001}
    assert steps["Margin"] == {0.01}
    for part in SCORE_PARTS:
        assert steps[part] == {0.01}
