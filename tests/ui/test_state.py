"""The page's state: settings files to widget values, frozen page state."""

from __future__ import annotations

from niche.export.settings_file import AppSettings
from niche.ui import state
from niche.ui.state import Key, PageState


def test_widget_state_from_settings_is_clamped() -> None:
    app = AppSettings(
        tiers=(5, 40),
        classes=(0.83, 0.99),
        margin_target=0.9,
        background=("Dental offices", "ten years as a nurse"),
        confirmed_matches=(("A", "B"),),
    )
    values = state.widget_values(app, ["Dental offices", "Law firms"])
    assert values["tier_low"] == 5
    assert values["class_a"] == 83
    assert values["margin_target"] == 60
    assert values["background"] == ["Dental offices"]
    assert values["background_text"] == "ten years as a nurse"
    assert values["confirmed"] == [["A", "B"]]


def test_page_state_is_frozen_and_hashable() -> None:
    session = {
        Key.EDITS: {"b": {"systems": 3}, "a": {"industry": "Law firms"}},
        Key.LEFT_OUT: ["Cash Customer"],
        Key.CONFIRMED: [["A", "B"]],
        Key.INDUSTRY_OVERRIDES: {"Ortho": "Dental offices"},
    }
    page = PageState.of(session)
    assert page.edits == (("a", (("industry", "Law firms"),)), ("b", (("systems", 3),)))
    assert page.edits_dict == {"a": {"industry": "Law firms"}, "b": {"systems": 3}}
    assert hash(page) == hash(PageState.of(dict(session)))
    assert PageState.of({}) == PageState()


def test_file_marks_are_added_once() -> None:
    session: dict = {Key.LEFT_OUT: ["Walk-in"]}
    state.add_file_marks(session, "t1", ["Cash  customer", "walk-in"])
    assert session[Key.LEFT_OUT] == ["Walk-in", "Cash  customer"]
    session[Key.LEFT_OUT] = []  # the user took them back
    state.add_file_marks(session, "t1", ["Cash customer"])
    assert session[Key.LEFT_OUT] == []
