""" "Complete your data": a second file, name matches, the editable client table,
and the completed list and settings to take home.

Edits are applied together (a form with an Apply button): typing ten clients'
PCs and industries is one wait, not twenty.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from niche.clean.header import guess_header_row, unique_headings
from niche.complete.edits import edits_from_editor
from niche.complete.names import JoinResult
from niche.errors import NicheError
from niche.export.completed_list import completed_list_xlsx
from niche.export.xlsx import XLSX_MIME
from niche.format import escape_markdown
from niche.present import answers
from niche.present import completing as pc
from niche.session import (
    CompleteRequest,
    FileRef,
    Join,
    PrepareRequest,
    ReadRequest,
    SecondFile,
)
from niche.ui import cache, columns, state
from niche.ui.cache import CachedSteps
from niche.ui.context import Page
from niche.ui.sidebar import SECOND_FILE_MB, UPLOAD_TYPES
from niche.ui.state import Key, PageState

Text, Number = st.column_config.TextColumn, st.column_config.NumberColumn
Check = st.column_config.CheckboxColumn
EDITOR_ORDER = ("client", "annual_revenue", "industry", "systems", "leave_out")
CLIENT_ROWS = 200  # rows of the editor unless "show all"
PICK = "(pick a name)"


def request(
    steps: CachedSteps, prepare: PrepareRequest, page: PageState
) -> tuple[CompleteRequest, tuple[tuple[str, str], ...]]:
    """The completion the page asks for: the second files uploaded that can be
    read (with the names column the user chose, if any), the user's
    confirmations, edits and left-out clients; and the files that could not
    be read, with their one-line messages."""
    chosen = dict(st.session_state.get(Key.NAME_COLUMNS) or {})
    files, errors = [], []
    for upload in st.session_state.get(Key.ENRICH_UPLOAD) or []:
        data = upload.getvalue()
        ref = FileRef.of(data, upload.name)
        steps.files[ref] = data
        second = SecondFile(ref, chosen.get(ref.digest))
        try:
            steps.second_file(second)
        except NicheError as err:
            errors.append((ref.digest, str(err)))
            continue
        files.append(second)
    complete = CompleteRequest(
        prepare,
        tuple(files),
        page.confirmed,
        False,
        page.edits,
        page.left_out,
        file_marks=False,  # added to the page's left-out names once, editable
    )
    return complete, tuple(errors)


def tab(page: Page) -> None:
    analysis = page.analysis
    industry, systems = answers.completeness(analysis)
    st.markdown(escape_markdown(pc.completeness_line(industry, systems)))
    _second_files(page)
    st.markdown(
        "**Your clients**: pick an industry, type the PC count, tick *Leave out* "
        "for cash sales, walk-ins or your own company, then **Apply**. Clients "
        "without an industry come first, the largest first."
    )
    _editor(page)
    _take_home(page)


def uploader() -> None:
    """The second files' uploader (also drawn while the tab is closed, so that
    the files stay: see :func:`niche.ui.tabs.draw`)."""
    st.file_uploader(
        "Add a device or company list",
        type=UPLOAD_TYPES,
        key=Key.ENRICH_UPLOAD,
        accept_multiple_files=True,
        max_upload_size=SECOND_FILE_MB,
        help="An RMM device export (one row per device or a count per site), "
        "a PSA company list with a market or vertical, or your own sheet of "
        "client, PCs and industry. Joined to your clients by name.",
    )


def _second_files(page: Page) -> None:
    uploader()
    for digest, message in page.errors:
        st.error(message, icon=":material/error:")
        _names_column(page, digest)
    for join in page.completed.joins:
        _join(join, page.request.complete)


def _names_column(page: Page, digest: str) -> None:
    """A refused second file: let the user say which column holds the names."""
    ref = next((f for f in page.steps.files if f.digest == digest), None)
    if ref is None:
        return
    try:
        grid = page.steps.grid(ReadRequest(ref))
    except NicheError:
        return
    row = guess_header_row(grid.cells)
    if row is None:
        return
    headings = list(unique_headings(grid.cells.loc[row].tolist()))
    key = f"names_{digest[:12]}"
    st.selectbox(
        f"Which column of {ref.name} holds your clients' names?",
        [PICK, *headings],
        key=key,
        on_change=_name_column_chosen,
        args=(digest, key),
    )


def _name_column_chosen(digest: str, key: str) -> None:
    choice = st.session_state.get(key)
    if choice not in (None, PICK):
        chosen = dict(st.session_state.get(Key.NAME_COLUMNS) or {})
        chosen[digest] = choice
        st.session_state[Key.NAME_COLUMNS] = chosen


def _join(join: Join, request: CompleteRequest) -> None:
    found = join.join
    st.markdown(
        f"**{escape_markdown(join.file.file.name)}**: "
        + escape_markdown(pc.join_line(join.table.kind, found, join.confirmed))
    )
    confirmed = [list(p) for p in request.confirmed]
    if found.fuzzy:
        _confirm(join, confirmed)
    if found.unmatched_clients and found.unmatched_other:
        _pair_by_hand(join, confirmed)


def _confirm(join: Join, confirmed: list[list[str]]) -> None:
    """Close name matches: all at once, or ticked one by one and applied."""
    found = join.join
    frame = pc.proposals_frame(found, confirmed)
    waiting = int((~frame[pc.CONFIRM]).sum())
    digest = join.file.file.digest[:12]
    if waiting:
        every = frame.assign(**{pc.CONFIRM: True})
        st.button(
            "Confirm the close match"
            if waiting == 1
            else f"Confirm all {waiting} close matches",
            key=f"confirm_all_{digest}",
            icon=":material/done_all:",
            on_click=state.set_confirmed,
            args=(st.session_state, pc.confirmed_after(found, every, confirmed)),
        )
    key = f"confirm_{digest}_{state.digest(confirmed)}"
    with st.form(f"confirm_{digest}", border=False):
        st.caption("Close matches: tick the ones that are the same client.")
        st.data_editor(
            frame,
            key=key,
            hide_index=True,
            disabled=[pc.OURS, pc.THEIRS, pc.SCORE],
            height=pc.editor_height(len(frame), 250),
            column_config={
                pc.CONFIRM: Check(width=110),
                pc.OURS: Text(width=260),
                pc.THEIRS: Text(width=260),
                pc.SCORE: Number(format="%.0f", width=90),
            },
        )
        st.form_submit_button(
            "Apply",
            icon=":material/check:",
            on_click=_apply_matches,
            args=(found, frame, key, confirmed),
        )


def _apply_matches(
    found: JoinResult, frame: pd.DataFrame, editor: str, confirmed: list[list[str]]
) -> None:
    """Apply's callback: the ticked close matches kept before the page runs."""
    after = pc.edited_frame(frame, st.session_state.get(editor))
    chosen = pc.confirmed_after(found, after, confirmed)
    if chosen != confirmed:
        state.set_confirmed(st.session_state, chosen)


def _pair_by_hand(join: Join, confirmed: list[list[str]]) -> None:
    """An unmatched client paired with a name of the file, by hand."""
    found = join.join
    digest = join.file.file.digest[:12]
    with (
        st.expander(
            f"Not matched: {len(found.unmatched_clients)} of your clients, "
            f"{len(found.unmatched_other)} names in the file: pair them by hand"
        ),
        st.form(f"pair_{digest}", border=False),
    ):
        left, right = st.columns(2)
        ours, theirs = f"pair_ours_{digest}", f"pair_theirs_{digest}"
        left.selectbox("Your client", [PICK, *found.unmatched_clients], key=ours)
        right.selectbox("Name in the file", [PICK, *found.unmatched_other], key=theirs)
        st.form_submit_button(
            "Pair them",
            icon=":material/link:",
            on_click=_pair,
            args=(ours, theirs, confirmed),
        )


def _pair(ours: str, theirs: str, confirmed: list[list[str]]) -> None:
    pair = [st.session_state.get(ours), st.session_state.get(theirs)]
    if None not in pair and PICK not in pair:
        state.set_confirmed(st.session_state, [*confirmed, pair])


def _editor(page: Page) -> None:
    """The editable client table, applied with one button."""
    complete = page.request.complete
    overrides = page.request.settings.industry_overrides
    frame, _, options = cache.editor_table(complete, overrides, page.completed)
    base = frame
    if len(frame) > CLIENT_ROWS and not st.toggle(
        f"Show all {len(frame):,} clients", key=Key.SHOW_ALL_EDITOR
    ):
        base = frame.iloc[:CLIENT_ROWS]
        st.caption(
            f"The first {CLIENT_ROWS} of {len(frame):,} clients: those without "
            "an industry, then the largest."
        )
    currency = page.analysis.settings.currency
    key = f"client_editor_{state.digest(complete)}"
    with st.form("client_editor", border=False):
        st.data_editor(
            base,
            key=key,
            hide_index=True,
            num_rows="fixed",
            height=pc.editor_height(len(base), 560),
            column_order=list(EDITOR_ORDER),
            disabled=["client", "annual_revenue"],
            column_config=_editor_columns(options, currency),
        )
        st.form_submit_button(
            "Apply",
            type="primary",
            icon=":material/check:",
            on_click=_apply,
            args=(base, key, complete),
        )


def _editor_columns(options: list[str], currency: str) -> dict:
    return {
        "client": Text("Client", width=260),
        "annual_revenue": columns.money(currency, 160, "Revenue, 12 months"),
        "industry": st.column_config.SelectboxColumn(
            "Industry",
            options=options,
            width=260,
            help="Type to search the list of industries.",
        ),
        "systems": Number("PCs", min_value=0, step=1, format="%d", width=90),
        "leave_out": Check("Leave out", width=100),
    }


def _apply(base: pd.DataFrame, editor: str, complete: CompleteRequest) -> None:
    """Apply's callback: the editor's changes kept before the page runs again,
    so that one press is one run (a rerun from the script would be a second)."""
    after = pc.edited_frame(base, st.session_state.get(editor))
    edits = {key: dict(change) for key, change in complete.edits}
    left_out = list(complete.left_out)
    changed = pc.changed_rows(base, after)
    new_edits = (
        edits_from_editor(base.loc[changed], after.loc[changed], edits)
        if len(changed)
        else edits
    )
    new_left = pc.left_out_after(left_out, base, after)
    if new_edits != edits or new_left != left_out:
        state.set_edits(st.session_state, new_edits, new_left)


def _take_home(page: Page) -> None:
    """The completed list, once there is something in it: a second file, an
    edit, a client left out."""
    complete = page.request.complete
    if not (complete.second_files or complete.edits or complete.left_out):
        st.caption(
            "Once you add a list or edit the table, the completed list can be "
            "downloaded here, ready to upload next month."
        )
        return
    analysis = page.analysis
    stem = Path(analysis.source.filename).stem or "clients"
    row = st.container(horizontal=True)
    row.download_button(
        "Download completed client list",
        data=lambda: completed_list_xlsx(analysis, taxonomy=cache.taxonomy()),
        file_name=f"{stem}-completed.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        icon=":material/checklist:",
        key="download_completed",
        help="Your list with industries, PCs and Leave-out marks: upload it next "
        "month and everything is there.",
    )
