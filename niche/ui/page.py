"""The page, top to bottom: the sidebar's choices make the session's requests;
the answer they give is drawn first, the details in tabs below it."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from niche.complete.leave_out import left_out_marks
from niche.errors import MixedCurrencyError, NicheError, SettingsError
from niche.export.settings_file import AppSettings, to_json
from niche.model import Options, Settings
from niche.session import (
    AnalyseRequest,
    CompleteRequest,
    FileRef,
    PrepareRequest,
    ReadRequest,
)
from niche.ui import advanced, cache, complete, gate, sidebar, state, tabs, top
from niche.ui.context import Page
from niche.ui.memory import ServerBusyError
from niche.ui.state import Key, PageState


class Progress:
    """What is happening while a new file is read, cleaned and analysed; shown
    only when the file was not read before in this session, cleared when done."""

    def __init__(self, token: str, name: str) -> None:
        self.token = token
        seen = st.session_state.get(Key.FILES_READ, [])
        self.box = None if token in seen else st.empty()
        self.status = self.box.status(f"Reading {name}…") if self.box else None

    def step(self, label: str) -> None:
        if self.status is not None:
            self.status.update(label=label)
            self.status.write(label)

    def done(self) -> None:
        if self.box is not None:
            self.box.empty()
            seen = st.session_state.get(Key.FILES_READ, [])
            st.session_state[Key.FILES_READ] = [*seen[-5:], self.token]


def main() -> None:
    gate.gate()
    taxonomy = cache.taxonomy()
    with st.sidebar:
        st.header("Your data")
        source = sidebar.source()
        data_box = st.container()
        settings_box = st.container()
        with st.container():  # shown last, run first: it may set the widgets
            sidebar.restore_settings(taxonomy)
            save_box = st.container()
        with settings_box:
            chosen = sidebar.settings(taxonomy)
            advanced_box = st.expander("Advanced")
            with advanced_box:
                more, rollup = advanced.advanced()
    page = PageState.of(st.session_state)
    steps = cache.CachedSteps({source.file: source.data}, taxonomy=taxonomy)
    progress = Progress(source.file.digest, source.file.name)
    months = False
    try:
        found = sidebar.layout(ReadRequest(source.file), steps)
        with data_box:
            sheet = sidebar.sheet_choice(found, source.file)
            if sheet != found.sheet:
                found = sidebar.layout(ReadRequest(source.file, sheet), steps)
            overrides = sidebar.columns(found, source.file, page)
            months = sidebar.month_sum(found, overrides)
            offered = sidebar.offered_currencies(source.file)
            if offered:
                sidebar.keep_currency(offered)
        options = sidebar.reading_options(page, rollup)
        prepare = PrepareRequest(ReadRequest(source.file, sheet), overrides, options)
        progress.step(f"Found the header; cleaning {found.rows:,} rows…")
        prepared = steps.prepared(prepare)
        progress.step(f"Analysing {len(prepared.cleaned.clients):,} clients…")
        with data_box:
            sidebar.ambiguity(prepared.cleaned.notes, page)
        marks = left_out_marks(prepared.grid, prepared.header)
        state.add_file_marks(st.session_state, source.file.digest, marks)
        page = PageState.of(st.session_state)
        with advanced_box:
            annualise = sidebar.annualise(prepared)
        settings = Settings(
            **chosen,
            **more,
            annualise=annualise,
            industry_overrides=page.industry_overrides,
        )
        complete_request, errors = complete.request(steps, prepare, page)
        complete_request = _with_previous(steps, complete_request, options, page)
        completed = steps.completed(complete_request)
        request = AnalyseRequest(complete_request, settings)
        analysis = steps.analysis(request)
        progress.done()
    except MixedCurrencyError as err:
        progress.done()
        st.session_state[Key.CURRENCIES] = (source.file.digest, err.currencies)
        with data_box:
            sidebar.keep_currency(err.currencies)
        _failed(err, months, "Choose the currency to count in the sidebar.")
        return
    except SettingsError as err:
        progress.done()
        _failed(err, months, "Change the settings or the column choices.")
        return
    except ServerBusyError as err:
        progress.done()
        _failed(err, months, "Your upload stays here: press **Try again** in a while.")
        # Any rerun reads the file again; the button says how.
        st.button("Try again", icon=":material/refresh:", key=Key.RETRY)
        return
    except NicheError as err:
        progress.done()
        _failed(err, months)
        return
    saved = AppSettings.from_parts(
        settings,
        options,
        sheet=sheet if len(found.sheets) > 1 else None,
        columns=dict(overrides),
        confirmed_matches=page.confirmed,
        previous_confirmed=page.previous_confirmed,
        edits=page.edits_dict,
        left_out=page.left_out,
        company=st.session_state.get(Key.COMPANY) or None,
    )
    with save_box:
        st.download_button(
            "Save settings",
            data=to_json(saved),
            file_name="niche-finder-settings.json",
            mime="application/json",
            on_click="ignore",
            icon=":material/save:",
            key="download_settings",
            help="Column choices, thresholds, background, left-out clients, "
            "confirmed matches and your edits, for next month: restore them here.",
        )
    top.header(analysis, source.is_sample, saved)
    top.warnings(analysis)
    top.figures(analysis)
    top.answer(analysis)
    top.missing(analysis)
    tabs.draw(
        Page(
            request,
            analysis,
            completed,
            errors,
            saved,
            source.is_sample,
            taxonomy,
            steps,
        )
    )


def _with_previous(
    steps: cache.CachedSteps,
    request: CompleteRequest,
    options: Options,
    page: PageState,
) -> CompleteRequest:
    """Last period's client list (the Change tab's upload), read like this one."""
    upload = st.session_state.get(Key.PREVIOUS_UPLOAD)
    if upload is None:
        return request
    data = upload.getvalue()
    ref = FileRef.of(data, upload.name)
    steps.files[ref] = data
    earlier = PrepareRequest(ReadRequest(ref), options=replace(options, end_date=None))
    return replace(
        request, previous=earlier, previous_confirmed=page.previous_confirmed
    )


def _failed(err: NicheError, months: bool, fix: str | None = None) -> None:
    st.markdown("### Niche Finder")
    st.error(str(err), icon=":material/error:")
    if months and not st.session_state.get(Key.SUM_MONTHS):
        st.markdown(
            "The file has month columns: tick **Sum the 12 month columns as "
            "revenue** in the sidebar."
        )
    st.caption(
        (
            fix + " "
            if fix
            else "Check the file, or the column choices in the "
            "sidebar (*Columns used*), or remove the upload to see the sample data "
            "again. "
        )
        + "Uploaded data is processed in memory and not stored."
    )
