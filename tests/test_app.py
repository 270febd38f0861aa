"""The page under Streamlit's AppTest: every section, uploads, settings, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
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
    assert "**At risk** · 2 client(s)" in text
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
