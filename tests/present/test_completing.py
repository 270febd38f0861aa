"""The pure helpers behind the page's "Complete your data" section."""

from __future__ import annotations

import pandas as pd

from niche.complete.names import join_names
from niche.present import completing as pc
from niche.rules.taxonomy import Taxonomy


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


def test_month_sum_offer_and_ambiguity_notes() -> None:
    detected, months = {"client": "Client"}, ["Jan", "Feb"]
    assert pc.offers_month_sum(detected, months, ())
    assert not pc.offers_month_sum(detected, months, [("revenue", "Total")])
    assert not pc.offers_month_sum(detected, ["Jan"], ())
    note = '"Date": dates such as 01/02/2025 could be month/day or day/month; ...'
    assert pc.ambiguous_dates([note])
    assert not pc.ambiguous_amounts([note])


def label_clients() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "client": ["A", "B", "C", "D", "E"],
            "industry_raw": ["Dental Ofice", "Dental Ofice", "Law firm", None, "Zzz"],
            "monthly_revenue": [100.0, 50.0, 300.0, 10.0, 5.0],
        }
    )


def test_industry_map_frame_offers_guesses_first_unconfirmed() -> None:
    frame = pc.industry_map_frame(label_clients(), {}, Taxonomy.default())
    assert list(frame.index) == ["Dental Ofice", "Zzz", "Law firm"]
    assert frame.loc["Dental Ofice", pc.MAPS_TO] == "Dental offices"
    assert not frame.loc["Dental Ofice", pc.CONFIRMED]
    assert frame.loc["Dental Ofice", "Clients"] == 2
    assert frame.loc["Zzz", pc.MAPS_TO] == pc.KEEP
    assert frame.loc["Law firm", pc.MAPS_TO] == "Law firms"
    assert pc.waiting_guesses(frame) == 1
    assert pc.guess_note(1) == (
        "1 industry label looks like a known industry: confirm it below."
    )
    assert pc.guess_note(2).startswith("2 industry labels look like known")
    assert pc.guess_note(0) == ""
    assert pc.map_options(frame, ["Law firms"])[0] == pc.KEEP


def test_overrides_after_ticking_picking_and_keeping() -> None:
    before = pc.industry_map_frame(label_clients(), {}, Taxonomy.default())
    assert pc.overrides_after(before, before.copy(), {"Other": "X"}) == {"Other": "X"}
    ticked = before.copy()
    ticked.loc["Dental Ofice", pc.CONFIRMED] = True
    assert pc.overrides_after(before, ticked, {}) == {"Dental Ofice": "Dental offices"}
    picked = before.copy()
    picked.loc["Law firm", pc.MAPS_TO] = "Accounting and CPA firms"
    picked.loc["Zzz", pc.MAPS_TO] = "Restaurants"
    assert pc.overrides_after(before, picked, {}) == {
        "Law firm": "Accounting and CPA firms",
        "Zzz": "Restaurants",
    }
    # once confirmed, unticking or "keep as written" removes the choice
    mapped = {"Dental Ofice": "Dental offices"}
    now = pc.industry_map_frame(label_clients(), mapped, Taxonomy.default())
    assert now.loc["Dental Ofice", pc.STATUS] == "Your choice"
    unticked = now.copy()
    unticked.loc["Dental Ofice", pc.CONFIRMED] = False
    assert pc.overrides_after(now, unticked, mapped) == {}
    kept = now.copy()
    kept.loc["Dental Ofice", pc.MAPS_TO] = pc.KEEP
    assert pc.overrides_after(now, kept, mapped) == {}


def test_changed_rows_finds_real_edits_only() -> None:
    before = editor_table()
    assert list(pc.changed_rows(before, before.copy())) == []
    after = before.copy()
    after.loc["birch law", "industry"] = "Law firms"
    after.loc["alder dental", "industry"] = " Dental  offices "  # same label
    after.loc["cash customer", "systems"] = 3
    assert sorted(pc.changed_rows(before, after)) == ["birch law", "cash customer"]


def test_edited_frame_applies_the_editors_edit_state() -> None:
    """What the client editor's Apply reads: the edit state Streamlit keeps
    (row positions, as numbers or as JSON's strings)."""
    before = editor_table()
    state = {
        "edited_rows": {
            2: {"industry": "Law firms", "systems": 9},
            "0": {"leave_out": True, "systems": None},
            1: {"systems": 2.5, "no such column": 1},  # not a PC count: skipped
        },
        "added_rows": [],
        "deleted_rows": [],
    }
    after = pc.edited_frame(before, state)
    assert after.loc["birch law", "industry"] == "Law firms"
    assert after.loc["birch law", "systems"] == 9
    assert bool(after.loc["alder dental", "leave_out"]) is True
    assert pd.isna(after.loc["alder dental", "systems"])
    assert pd.isna(after.loc["cash customer", "systems"])
    assert list(after.columns) == list(before.columns)
    assert before.loc["birch law", "industry"] == ""  # a copy
    assert sorted(pc.changed_rows(before, after)) == ["alder dental", "birch law"]
    assert pc.edited_frame(before, None) is before
    assert pc.edited_frame(before, {"edited_rows": {}}) is before
