"""The page's caches: the session's steps, each keyed on its frozen request.

:class:`CachedSteps` is :class:`niche.session.Steps` with every step kept across
reruns of one browser session (``scope="session"``: dropped when the tab
closes), keyed on the step's request, which names everything its result
depends on. A changed setting recomputes only the steps after it. Results are
kept as they are (``st.cache_resource``), not pickled on every rerun: nothing
in niche mutates them. The file bytes are not hashed: requests name files by a
digest of their bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import streamlit as st

from niche.complete.edits import editor_frame
from niche.complete.names import JoinResult
from niche.complete.second_file import EnrichmentTable
from niche.model import Analysis, Grid, Prepared
from niche.present import charts, completing, views, who
from niche.present.completing import industry_map_frame
from niche.prospects.read import ProspectList, read_prospects
from niche.prospects.score import ProspectFit, score_prospects
from niche.rules.profile import (
    Profile,
    best_client_profile,
    profile_chart_frame,
    profile_sentences,
)
from niche.rules.taxonomy import Taxonomy
from niche.session import (
    AnalyseRequest,
    Completed,
    CompleteRequest,
    FileRef,
    PrepareRequest,
    ReadRequest,
    SecondFile,
    Steps,
)
from niche.ui import memory

if TYPE_CHECKING:
    import pandas as pd

# Per browser session (dropped when its tab disconnects), for an hour at most,
# and few entries: Streamlit 1.67 bounds st.cache_resource by entries, not by
# bytes (max_size and server.maxCacheDataSize apply to st.cache_data only, which
# would pickle every result on every rerun). Each entry is bounded by the file
# limits (niche.read.limits: at most 450 MB of work per file, 150,000 clients),
# and every step keeps two: two grids (the sheet read by default and one picked
# instead; another file replaces them), two of cleaned rows (a column choice and
# back), two analyses and what is drawn of them (a setting changed and back).
# Three analyses of 100,000 clients in each of four sessions took the server
# over 1 GB in the load test's mixed run; an older analysis is computed again
# when it is asked for (0.1-0.5 s at that size).
SESSION = {"scope": "session", "ttl": 3600, "show_spinner": False}
KEEP = {**SESSION, "max_entries": 2}
KEEP_ROWS = KEEP


@st.cache_resource(show_spinner=False)
def taxonomy() -> Taxonomy:
    return Taxonomy.default()


@st.cache_resource(**KEEP_ROWS)
def _grid(request: ReadRequest, _steps: Steps) -> Grid:
    return Steps.grid.__wrapped__(_steps, request)


@st.cache_resource(**KEEP_ROWS)
def _prepared(request: PrepareRequest, _steps: Steps) -> Prepared:
    return Steps.prepared.__wrapped__(_steps, request)


@st.cache_resource(**KEEP_ROWS)
def _second_file(file: SecondFile, _steps: Steps) -> EnrichmentTable:
    return Steps.second_file.__wrapped__(_steps, file)


@st.cache_resource(**KEEP_ROWS)
def _join(request: PrepareRequest, file: SecondFile, _steps: Steps) -> JoinResult:
    return Steps.join.__wrapped__(_steps, request, file)


@st.cache_resource(**KEEP_ROWS)
def _completed(request: CompleteRequest, _steps: Steps) -> Completed:
    return Steps.completed.__wrapped__(_steps, request)


@st.cache_resource(**KEEP)
def _analysis(request: AnalyseRequest, _steps: Steps) -> Analysis:
    return Steps.analysis.__wrapped__(_steps, request)


class CachedSteps(Steps):
    """:class:`Steps` kept across reruns (see the module's docstring); a client
    list is read only once the server has memory for it (:func:`memory.admit`)."""

    def __init__(self, files: Mapping[FileRef, bytes], **kw: Any) -> None:
        kw.setdefault("admit", memory.admit)
        super().__init__(files, **kw)

    def grid(self, request: ReadRequest) -> Grid:
        if request.sheet is not None:
            # The sheet the page picked is usually the one read by default
            # (the first holding a client table): one read, one cache entry.
            first = _grid(ReadRequest(request.file), self)
            if first.sheet == request.sheet:
                return first
        return _grid(request, self)

    def prepared(self, request: PrepareRequest) -> Prepared:
        return _prepared(request, self)

    def second_file(self, file: SecondFile) -> EnrichmentTable:
        return _second_file(file, self)

    def join(self, request: PrepareRequest, file: SecondFile) -> JoinResult:
        return _join(request, file, self)

    def completed(self, request: CompleteRequest) -> Completed:
        return _completed(request, self)

    def analysis(self, request: AnalyseRequest) -> Analysis:
        return _analysis(request, self)


# --- what the page draws, built once per analysis ------------------------------


@st.cache_resource(**KEEP)
def view(request: AnalyseRequest, _analysis: Analysis) -> dict[str, Any]:
    """Charts, the best-client profile and the lists of one analysis."""
    analysis = _analysis
    profile = best_client_profile(analysis)
    frame = profile_chart_frame(profile)
    tiers = views.tier_summary(analysis)
    return {
        "tiers": views.tier_table(tiers),
        "pareto": charts.pareto_chart(analysis),
        "tier_bars": charts.tier_bars(tiers, analysis.settings.currency),
        "scatter": charts.tier_scatter(analysis),
        "industry": charts.industry_chart(analysis),
        "profile": charts.profile_chart(frame) if len(frame) else None,
        "profile_model": profile,
        "sentences": profile_sentences(profile),
        "groups": who.who_gets_what(analysis),
    }


@st.cache_resource(**KEEP)
def client_view(
    request: AnalyseRequest,
    picked: tuple[str, ...],
    limit: int | None,
    _analysis: Analysis,
) -> tuple[pd.DataFrame, int]:
    """A client table and how many clients match (the top rows, or all)."""
    return views.client_view(_analysis, picked, limit)


@st.cache_resource(**KEEP)
def label_table(request: AnalyseRequest, _analysis: Analysis) -> pd.DataFrame:
    """The industry labels of the file and what each counts as."""
    overrides = dict(_analysis.settings.industry_overrides)
    return industry_map_frame(_analysis.clients, overrides, taxonomy())


@st.cache_resource(**KEEP)
def editor_table(
    request: CompleteRequest,
    overrides: tuple[tuple[str, str], ...],
    _completed: Completed,
) -> tuple[pd.DataFrame, tuple[float, float], list[str]]:
    """The client editor's rows (every client, the left-out ones ticked), the
    completeness and the industries to pick from."""
    left_out = request.left_out + (_completed.marks if request.file_marks else ())
    frame = editor_frame(
        _completed.filled,
        left_out,
        taxonomy=taxonomy(),
        industry_overrides=dict(overrides),
    )
    options = completing.industry_options(frame, taxonomy().names())
    return frame, completing.frame_completeness(frame), options


@st.cache_resource(**KEEP)
def prospect_list(file: FileRef, _data: bytes) -> ProspectList:
    return read_prospects(_data, file.name)


@st.cache_resource(**KEEP)
def prospect_fit(
    file: FileRef,
    request: AnalyseRequest,
    _data: bytes,
    _analysis: Analysis,
    _profile: Profile,
) -> ProspectFit:
    return score_prospects(prospect_list(file, _data), _analysis, _profile, taxonomy())
