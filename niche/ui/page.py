"""The page, top to bottom: the sidebar's choices make the session's requests;
the analysis they give is drawn section by section."""

from __future__ import annotations

import streamlit as st

from niche.complete.leave_out import left_out_marks
from niche.errors import NicheError
from niche.export.settings_file import AppSettings
from niche.model import Analysis, Settings
from niche.session import AnalyseRequest, PrepareRequest, ReadRequest
from niche.ui import cache, complete, gate, prospects, sections, sidebar, state
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
    gate.password_gate()
    taxonomy = cache.taxonomy()
    with st.sidebar:
        st.header("Your data")
        source = sidebar.source()
        data_box = st.container()
        settings_box = st.container()
        with st.container():  # shown last, run first: it may set the widgets
            sidebar.restore_settings(taxonomy)
        with settings_box:
            chosen = sidebar.settings(taxonomy)
            advanced = st.expander("Advanced")
            with advanced:
                more, rollup = sidebar.advanced()
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
        with advanced:
            annualise = sidebar.annualise(prepared)
        settings = Settings(
            **chosen,
            **more,
            annualise=annualise,
            industry_overrides=page.industry_overrides,
        )
        complete_request, errors = complete.request(steps, prepare, page)
        completed = steps.completed(complete_request)
        request = AnalyseRequest(complete_request, settings)
        analysis = steps.analysis(request)
        progress.done()
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
        edits=page.edits_dict,
        left_out=page.left_out,
        company=" ".join(str(st.session_state.get(Key.COMPANY) or "").split()),
    )
    _draw(request, analysis, source.is_sample, taxonomy, completed, errors, saved)


def _draw(
    request: AnalyseRequest,
    analysis: Analysis,
    is_sample: bool,
    taxonomy: object,
    completed: object,
    errors: list[tuple[str, str]],
    saved: AppSettings,
) -> None:
    view = cache.view(request, analysis)
    sections.header(analysis, is_sample)
    sections.downloads(analysis, saved)
    sections.headline(analysis)
    overrides = request.settings.industry_overrides
    status_box = complete.section(
        request.complete, completed, errors, overrides, analysis.settings.currency
    )
    with status_box:
        complete.status(analysis, saved)
    sections.clients(request, analysis, view)
    sections.tiers(analysis, view)
    sections.who_gets_what(view)
    sections.industries(request, analysis, view)
    sections.label_map(request, analysis, taxonomy)
    sections.niche(analysis)
    prospects.section(request, analysis, view["profile_model"])
    sections.quality(analysis)


def _failed(err: NicheError, months: bool) -> None:
    st.title("Niche Finder")
    st.error(str(err), icon=":material/error:")
    if months and not st.session_state.get(Key.SUM_MONTHS):
        st.markdown(
            "The file has month columns: tick **Sum the 12 month columns as "
            "revenue** in the sidebar."
        )
    st.caption(
        "Fix the file or the column choices in the sidebar, or remove the "
        "upload to see the sample data again. Uploaded data is processed "
        "in memory and not stored."
    )
