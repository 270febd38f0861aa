"""A bare export completed on the page (AppTest): the next step at the top,
a device list and its close matches, pairing by hand, the client editor (a
form: edits count only when Apply is pressed), leaving clients out, and the
industry labels re-mapped."""

from __future__ import annotations

from page_helpers import (
    CLIENT_EDITOR_APPLY,
    ENRICH,
    LABELS_APPLY,
    MATCHES_APPLY,
    bare_export,
    buttons,
    card,
    downloads,
    edit,
    excluded_reasons,
    figures,
    fresh,
    open_tab,
    table,
    text_of,
    tier_counts,
    upload,
    upload_to,
)
from streamlit.testing.v1 import AppTest

from niche.ui.state import Tab

DEVICES = ENRICH / "rmm_devices.csv"


def with_devices() -> AppTest:
    at = open_tab(bare_export(), Tab.COMPLETE)
    return upload_to(at, "enrich_upload", DEVICES)


def editor_rows(at: AppTest) -> list[str]:
    """The client editor's clients, in its order."""
    editor = next(e for e in at.data_editor if e.key.startswith("client_editor"))
    return list(editor.value["client"])


def test_bare_export_says_what_is_missing_and_opens_the_tab() -> None:
    at = bare_export()
    assert not at.exception
    assert not at.error
    assert [i.value for i in at.info] == [
        "Your file lacks industries for 100 % of your revenue and PC counts for "
        "100 %\\. Add a device or company list, or type them in, to see the niche "
        "and size tiers\\."
    ]
    niche = card(at, "No niche yet")
    assert "None of your clients has an industry yet" in niche
    top = table(at, "#")
    assert "Industry" not in top.columns  # empty columns are left out
    assert "PCs" not in top.columns
    assert not at.data_editor  # the Complete tab is not open yet
    (step,) = [b for b in at.button if b.label == "Complete your data"]
    step.click().run()
    assert not at.exception
    assert at.session_state["tab"] == Tab.COMPLETE
    assert "Industry known for 0 % of revenue · PC count known for 0 %" in text_of(at)
    assert "Add a device or company list" in [u.label for u in at.file_uploader]
    assert len(editor_rows(at)) == 10
    # nothing completed yet: no completed list to download
    assert "Download completed client list" not in downloads(at)


def test_device_list_fills_pcs_and_the_close_match_waits() -> None:
    at = with_devices()
    assert not at.exception
    assert not at.error
    text = text_of(at)
    assert (
        "**rmm_devices.csv**: 5 of your clients matched by name (devices); 1 close "
        "match to confirm; not matched: 4 of your clients, 2 names in the file."
    ) in text
    assert "Download completed client list" in downloads(at)
    before = tier_counts(at)
    assert before == {"Micro": 2, "Sweet spot": 3, "Unknown size": 5}
    open_tab(at, Tab.COMPLETE)
    (confirm,) = [b for b in at.button if b.label == "Confirm the close match"]
    confirm.click().run()
    assert not at.exception
    assert at.session_state["confirmed"] == [
        ["Dovetail Accounting Inc.", "Dovetail Acounting"]
    ]
    assert "Confirm the close match" not in buttons(at)
    assert tier_counts(at)["Unknown size"] == 4


def test_close_matches_ticked_one_by_one_wait_for_apply() -> None:
    at = with_devices()
    same = {0: {"Same client?": True}}
    edit(at, "confirm_", same, None)  # ticked, not applied: nothing changes
    assert "confirmed" not in at.session_state or not at.session_state["confirmed"]
    edit(at, "confirm_", same, MATCHES_APPLY)
    assert not at.exception
    assert at.session_state["confirmed"] == [
        ["Dovetail Accounting Inc.", "Dovetail Acounting"]
    ]


def test_an_unmatched_name_paired_by_hand() -> None:
    at = with_devices()
    pairs = [e.label for e in at.expander if "pair them by hand" in e.label]
    assert pairs == [
        "Not matched: 4 of your clients, 2 names in the file: pair them by hand"
    ]
    ours = next(s for s in at.selectbox if s.label == "Your client")
    theirs = next(s for s in at.selectbox if s.label == "Name in the file")
    assert theirs.options == ["(pick a name)", "Summit Metal", "Blue Harbor IT"]
    ours.set_value("Summit Dental PC")
    theirs.set_value("Summit Metal")
    next(b for b in at.button if b.label == "Pair them").click().run()
    assert not at.exception
    assert ["Summit Dental PC", "Summit Metal"] in at.session_state["confirmed"]
    assert tier_counts(at)["Unknown size"] == 4


def test_a_second_file_whose_names_column_is_chosen_by_hand() -> None:
    at = open_tab(bare_export(), Tab.COMPLETE)
    data = b"Who,Workstations\nMaple Grove Dental,12\nSummit Dental PC,9\n"
    files = [("own_list.csv", data, "text/csv")]
    at.file_uploader(key="enrich_upload").set_value(files).run()
    assert not at.exception
    assert len(at.error) == 1
    assert "own_list.csv: no client list found" in at.error[0].value
    (pick,) = [s for s in at.selectbox if "holds your clients' names" in s.label]
    pick.set_value("Who").run()
    assert not at.exception
    assert not at.error
    assert "**own_list.csv**: 2 of your clients matched by name" in text_of(at)


def test_edits_in_the_client_editor_change_the_recommendation() -> None:
    at = open_tab(with_devices(), Tab.COMPLETE)
    assert card(at, "No niche yet")
    rows = editor_rows(at)
    dental = {
        rows.index("Maple Grove Dental, LLC"): {"industry": "Dental offices"},
        rows.index("Harbor Family Dentistry, P.C."): {"industry": "Dental offices"},
        rows.index("Summit Dental PC"): {
            "industry": "Dental offices",
            "systems": 9,
        },
    }
    edit(at, "client_editor", dental, None)  # typed, not applied: the page waits
    assert card(at, "No niche yet")
    edit(at, "client_editor", dental, CLIENT_EDITOR_APPLY)
    assert not at.exception
    assert card(at, "Recommended niche").startswith(
        "#### Recommended niche: Dental offices"
    )
    assert at.session_state["edits"]["summit dental pc"] == {
        "industry": "Dental offices",
        "systems": 9,
    }
    assert "Industry known for 57 % of revenue" in text_of(at)
    rows = editor_rows(at)
    law = {
        rows.index("Calder & Reyes Law, PLLC"): {"industry": "Law firms"},
        rows.index("Westlake Title Agency"): {
            "industry": "Law firms",
            "systems": 20,
        },
        rows.index("Maple Grove Dental, LLC"): {"industry": "Law firms"},
        rows.index("Harbor Family Dentistry, P.C."): {"industry": "Law firms"},
    }
    edit(at, "client_editor", law, CLIENT_EDITOR_APPLY)
    assert not at.exception
    assert card(at, "Recommended niche").startswith("#### Recommended niche: Law")


def test_leave_out_in_the_editor_goes_to_excluded() -> None:
    at = open_tab(bare_export(), Tab.COMPLETE)
    assert figures(at)["Clients"] == "10"
    cash = editor_rows(at).index("Cash Customer")
    edit(at, "client_editor", {cash: {"leave_out": True}}, CLIENT_EDITOR_APPLY)
    assert not at.exception
    assert at.session_state["left_out"] == ["Cash Customer"]
    assert figures(at)["Clients"] == "9"
    assert "Download completed client list" in downloads(at)
    assert "Left out of the analysis by you" in excluded_reasons(at)
    assert "1 left out of the analysis by you" in text_of(at)


# --- industry labels (the Industries tab) -----------------------------------------


def labels(at: AppTest):
    return table(at, "Clients", has="Status")


def test_industry_guess_waits_for_confirmation() -> None:
    at = open_tab(upload(fresh().run(), "industry_guess.csv"), Tab.INDUSTRIES)
    assert not at.exception
    text = text_of(at)
    # "Dental Ofice" looks like Dental offices: offered, not applied
    assert "1 industry label looks like a known industry: confirm it below." in text
    assert card(at, "Recommended niche").startswith("#### Recommended niche: Law")
    frame = labels(at)
    row = frame.loc["Dental Ofice"]
    assert (row["Industry"], row["Confirmed"], row["Status"]) == (
        "Dental offices",
        False,
        "Guess — confirm?",
    )
    # tick "Confirmed" and Apply: the two dental spellings become one niche
    at = edit(
        at,
        "industry_map",
        {list(frame.index).index("Dental Ofice"): {"Confirmed": True}},
        LABELS_APPLY,
    )
    assert not at.exception
    assert at.session_state["industry_overrides"] == {"Dental Ofice": "Dental offices"}
    assert card(at, "Recommended niche").startswith("#### Recommended niche: Dental")
    assert "looks like a known" not in text_of(at)
    row = labels(at).loc["Dental Ofice"]
    assert (bool(row["Confirmed"]), row["Status"]) == (True, "Your choice")


def test_any_industry_label_can_be_remapped() -> None:
    at = open_tab(upload(fresh().run(), "industry_guess.csv"), Tab.INDUSTRIES)
    frame = labels(at)
    law = list(frame.index).index("Law firm")
    at = edit(
        at,
        "industry_map",
        {law: {"Industry": "Accounting and CPA firms"}},
        LABELS_APPLY,
    )
    assert not at.exception
    assert card(at, "Recommended niche").startswith(
        "#### Recommended niche: Accounting and CPA firms"
    )
    assert labels(at).loc["Law firm", "Industry"] == "Accounting and CPA firms"
