"""The pure helpers behind the page's "Complete your data" section."""

from __future__ import annotations

import pandas as pd

from niche import page_complete as pc
from niche.names import join_names
from niche.settings_io import AppSettings


def editor_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "client": ["Alder Dental", "Cash Customer", "Birch Law"],
            "annual_revenue": [600.0, 100.0, 300.0],
            "industry": ["Dental offices", "", ""],
            "systems": pd.array([12, None, 8], dtype="Int64"),
            "leave_out": [False, True, False],
        },
        index=["alder dental", "cash customer", "birch law"],
    )


def test_frame_completeness_weights_by_revenue_without_left_out() -> None:
    industry, systems = pc.frame_completeness(editor_table())
    assert industry == 600 / 900
    assert systems == 1.0
    assert pc.needs_completing(industry, systems)
    assert not pc.needs_completing(0.8, 0.95)


def test_left_out_after_keeps_names_of_other_files() -> None:
    before = editor_table()
    after = before.assign(leave_out=[False, False, True])
    out = pc.left_out_after(["Cash Customer", "Walk-in"], before, after)
    assert out == ["Walk-in", "Birch Law"]


def test_proposals_and_confirmed_pairs() -> None:
    clients = pd.DataFrame(
        {"client": ["Dovetail Accounting Inc.", "Summit Dental"], "key": ["d", "s"]}
    )
    join = join_names(clients, ["Dovetail Acounting", "Summit Metal"])
    frame = pc.proposals_frame(join, [["Other", "Pair"]])
    assert list(frame[pc.OURS]) == ["Dovetail Accounting Inc."]
    assert list(frame[pc.CONFIRM]) == [False]
    ticked = frame.assign(**{pc.CONFIRM: [True]})
    pairs = pc.confirmed_after(join, ticked, [["Other", "Pair"]])
    assert pairs == [
        ["Other", "Pair"],
        ["Dovetail Accounting Inc.", "Dovetail Acounting"],
    ]
    assert pc.proposals_frame(join, pairs)[pc.CONFIRM].tolist() == [True]
    assert pc.confirmed_after(join, frame, pairs) == [["Other", "Pair"]]


def test_widget_state_from_settings_is_clamped() -> None:
    app = AppSettings(
        tiers=(5, 40),
        classes=(0.83, 0.99),
        margin_target=0.9,
        background=("Dental offices", "ten years as a nurse"),
        confirmed_matches=(("A", "B"),),
    )
    state = pc.widget_state(app, ["Dental offices", "Law firms"])
    assert state["tier_low"] == 5
    assert state["class_a"] == 83
    assert state["margin_target"] == 60
    assert state["background"] == ["Dental offices"]
    assert state["background_text"] == "ten years as a nurse"
    assert state["confirmed"] == [["A", "B"]]


def test_month_sum_offer_and_ambiguity_notes() -> None:
    layout = {"mapping": {"client": "Client"}, "month_columns": ["Jan", "Feb"]}
    assert pc.offers_month_sum(layout, {})
    assert not pc.offers_month_sum(layout, {"revenue": "Total"})
    note = '"Date": dates such as 01/02/2025 could be month/day or day/month; ...'
    assert pc.ambiguous_dates([note])
    assert not pc.ambiguous_amounts([note])
