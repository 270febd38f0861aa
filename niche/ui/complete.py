""" "Complete your data": a second file, close matches, the editable client table,
and the completed list and settings to take home."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from niche.complete.edits import completeness, edits_from_editor
from niche.errors import NicheError
from niche.export.completed_list import completed_list_xlsx
from niche.export.settings_file import AppSettings, to_json
from niche.export.xlsx import XLSX_MIME
from niche.format import escape_markdown, number_format
from niche.model import Analysis
from niche.present import completing as pc
from niche.read.files import ACCEPTED_TYPES
from niche.session import Completed, CompleteRequest, FileRef, Join, PrepareRequest
from niche.ui import cache, state
from niche.ui.cache import CachedSteps
from niche.ui.sidebar import SECOND_FILE_MB
from niche.ui.state import Key, PageState

Text, Number = st.column_config.TextColumn, st.column_config.NumberColumn
Check = st.column_config.CheckboxColumn
EDITOR_ORDER = ("client", "annual_revenue", "industry", "systems", "leave_out")
CLIENT_ROWS = 200  # rows of the editor unless "show all"


def request(
    steps: CachedSteps, prepare: PrepareRequest, page: PageState
) -> tuple[CompleteRequest, list[tuple[str, str]]]:
    """The completion the page asks for: the second files uploaded (those that
    can be read), the user's confirmations, edits and left-out clients; and the
    files that could not be read, with their one-line messages."""
    refs, errors = [], []
    for upload in st.session_state.get(Key.ENRICH_UPLOAD) or []:
        data = upload.getvalue()
        ref = FileRef.of(data, upload.name)
        steps.files[ref] = data
        try:
            steps.second_file(ref)
        except NicheError as err:
            errors.append((upload.name, str(err)))
            continue
        refs.append(ref)
    return (
        CompleteRequest(
            prepare,
            tuple(refs),
            page.confirmed,
            False,
            page.edits,
            page.left_out,
            file_marks=False,  # added to the page's left-out names once, editable
        ),
        errors,
    )


def section(
    request: CompleteRequest,
    completed: Completed,
    errors: list[tuple[str, str]],
    overrides: tuple[tuple[str, str], ...],
    currency: str,
) -> st.delta_generator.DeltaGenerator:
    """The section; returns a box for the status line and downloads (filled
    once the analysis is done). Collapsed when industry and PC count are known
    for most of the revenue."""
    st.header("Complete your data")
    status_box = st.container()
    frame, known, options = cache.editor_table(request, overrides, completed)
    body = (
        st.expander("Add a device list, fill in industries and PCs, leave clients out")
        if not pc.needs_completing(*known)
        else st.container()
    )
    with body:
        st.file_uploader(
            "Add a device or company list",
            type=[t for t in ACCEPTED_TYPES if t != "xlsm"],
            key=Key.ENRICH_UPLOAD,
            accept_multiple_files=True,
            max_upload_size=SECOND_FILE_MB,
            help="An RMM device export (one row per device or a count per site), "
            "a PSA company list with a market or vertical, or your own sheet of "
            "client, PCs and industry. Joined to your clients by name.",
        )
        for name, message in errors:
            st.error(f"{name}: {message}", icon=":material/error:")
        for join in completed.joins:
            _join(join, request)
        st.markdown(
            "**Your clients**: pick an industry, type the PC count, tick *Leave out* "
            "for cash sales, walk-ins or your own company. Clients without an "
            "industry come first, largest revenue first; the analysis follows "
            "each change."
        )
        _editor(frame, options, currency, request)
    return status_box


def _join(join: Join, request: CompleteRequest) -> None:
    found = join.join
    st.markdown(
        f"**{escape_markdown(join.file.name)}**: "
        + escape_markdown(pc.join_line(join.table.kind, found, join.confirmed))
    )
    if found.fuzzy:
        _confirm(join, request)
    if found.unmatched_clients or found.unmatched_other:
        _unmatched(join)


def _confirm(join: Join, request: CompleteRequest) -> None:
    """Close name matches with a tick box: they count once confirmed."""
    st.caption("Close matches: tick the ones that are the same client.")
    confirmed = [list(p) for p in request.confirmed]
    frame = pc.proposals_frame(join.join, confirmed)
    after = st.data_editor(
        frame,
        key=f"confirm_{join.file.digest[:12]}_{state.digest(request.confirmed)}",
        hide_index=True,
        disabled=[pc.OURS, pc.THEIRS, pc.SCORE],
        height=pc.editor_height(len(frame), 250),
        column_config={
            pc.CONFIRM: Check(width=110),
            pc.OURS: Text(width=240),
            pc.THEIRS: Text(width=240),
            pc.SCORE: Number(format="%.0f", width=90),
        },
    )
    chosen = pc.confirmed_after(join.join, after, confirmed)
    if chosen != confirmed:
        state.set_confirmed(st.session_state, chosen)
        st.rerun()


def _unmatched(join: Join) -> None:
    found, esc = join.join, escape_markdown
    with st.expander(
        f"Names not matched: {len(found.unmatched_clients)} of your clients, "
        f"{len(found.unmatched_other)} in the file"
    ):
        left, right = st.columns(2)
        left.markdown("**Your clients**")
        left.markdown("\n".join(f"- {esc(n)}" for n in found.unmatched_clients))
        right.markdown("**In the file**")
        right.markdown("\n".join(f"- {esc(n)}" for n in found.unmatched_other))


def _editor(
    frame: pd.DataFrame, options: list[str], currency: str, request: CompleteRequest
) -> None:
    """The editable client table (the first rows unless the user asks for all);
    a change is stored and the page reruns."""
    base, many = frame, len(frame) > CLIENT_ROWS
    if many and not st.toggle(
        f"Show all {len(frame):,} clients", key=Key.SHOW_ALL_EDITOR
    ):
        base = frame.iloc[:CLIENT_ROWS]
        st.caption(
            f"The first {CLIENT_ROWS} of {len(frame):,} clients: those without "
            "an industry, then the largest."
        )
    edits = {key: dict(change) for key, change in request.edits}
    left_out = list(request.left_out)
    after = st.data_editor(
        base,
        key=f"client_editor_{state.digest(request)}",
        hide_index=True,
        num_rows="fixed",
        height=pc.editor_height(len(base)),
        column_order=list(EDITOR_ORDER),
        disabled=["client", "annual_revenue"],
        column_config={
            "client": Text("Client", width=230),
            "annual_revenue": Number(
                f"Revenue, 12 months ({currency})",
                format=number_format(currency),
                width=150,
            ),
            "industry": st.column_config.SelectboxColumn(
                "Industry",
                options=options,
                width=230,
                help="Type to search the list of industries.",
            ),
            "systems": Number("PCs", min_value=0, step=1, format="%d", width=80),
            "leave_out": Check("Leave out", width=90),
        },
    )
    changed = pc.changed_rows(base, after)
    new_edits = (
        edits_from_editor(base.loc[changed], after.loc[changed], edits)
        if len(changed)
        else edits
    )
    new_left = pc.left_out_after(left_out, base, after)
    if new_edits != edits or new_left != left_out:
        state.set_edits(st.session_state, new_edits, new_left)
        st.rerun()


def status(analysis: Analysis, saved: AppSettings) -> None:
    """The completeness line and the two take-home downloads."""
    industry, systems = completeness(analysis)
    st.markdown(escape_markdown(pc.completeness_line(industry, systems)))
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
    row.download_button(
        "Download settings",
        data=to_json(saved),
        file_name="niche-finder-settings.json",
        mime="application/json",
        on_click="ignore",
        icon=":material/settings:",
        key="download_settings",
        help="Column choices, thresholds, background, left-out clients, confirmed "
        "matches and your edits. Load it in the sidebar next time.",
    )
