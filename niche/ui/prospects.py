""" "Prospects like your best clients": a prospect list scored on the page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from niche.errors import NicheError
from niche.export import report
from niche.format import escape_markdown
from niche.model import Analysis
from niche.prospects.output import prospects_frame
from niche.read.files import ACCEPTED_TYPES
from niche.rules.profile import Profile
from niche.session import AnalyseRequest, FileRef
from niche.ui import cache, columns
from niche.ui.columns import Number, Text
from niche.ui.sidebar import SECOND_FILE_MB
from niche.ui.state import Key

SAMPLE_PROSPECTS = (
    Path(__file__).resolve().parents[2] / "sample_data" / "prospects.xlsx"
)


def section(request: AnalyseRequest, analysis: Analysis, profile: Profile) -> None:
    st.header("Prospects like your best clients")
    upload = st.file_uploader(
        "Prospect list (name, industry, PCs)",
        type=list(ACCEPTED_TYPES),
        key=Key.PROSPECTS_UPLOAD,
        max_upload_size=SECOND_FILE_MB,
    )
    if upload is None:
        data, name = SAMPLE_PROSPECTS.read_bytes(), SAMPLE_PROSPECTS.name
        st.caption("Sample prospect list: upload your own to score it.")
    else:
        data, name = upload.getvalue(), upload.name
    file = FileRef.of(data, name)
    try:
        fit = cache.prospect_fit(file, request, data, analysis, profile)
    except NicheError as err:
        st.error(str(err), icon=":material/error:")
        return
    if fit.reason:
        st.markdown(escape_markdown(fit.reason))
    frame = prospects_frame(fit)
    first = ["Rank", "Fit", fit.prospects.name, "Why", "Matched industry"]
    first = [c for c in first if c in frame.columns]
    st.download_button(
        "Download prospects (CSV)",
        data=lambda: report.table_csv(frame),
        file_name="prospects-ranked.csv",
        mime=report.CSV_MIME,
        on_click="ignore",
        icon=":material/download:",
        key="download_prospects",
    )
    st.dataframe(
        frame,
        hide_index=True,
        column_order=first + [c for c in frame.columns if c not in first],
        height=columns.height(len(frame), 420),
        column_config={
            "Rank": Number(width=45),
            "Fit": st.column_config.ProgressColumn(
                "Fit", format="%.0f", min_value=0, max_value=100, width=110
            ),
            "Why": Text(width=560),
        },
    )
