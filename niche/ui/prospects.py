""" "Prospects like your best clients": a prospect list scored on the page.

The bundled sample prospects go with the sample clients only: scored against
your own clients they would be thirty fictional companies at fit 0.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from niche.errors import NicheError
from niche.export import report
from niche.format import escape_markdown
from niche.present import tables
from niche.prospects.output import prospects_frame
from niche.prospects.score import ProspectFit
from niche.session import FileRef
from niche.ui import cache
from niche.ui.context import Page
from niche.ui.sidebar import SECOND_FILE_MB, UPLOAD_TYPES
from niche.ui.state import Key

SAMPLE_PROSPECTS = (
    Path(__file__).resolve().parents[2] / "sample_data" / "prospects.xlsx"
)
SHOWN = 15  # prospects listed as text; the rest in the download


def uploader() -> UploadedFile | None:
    """The prospect list's uploader (also drawn while the tab is closed, so
    that the file stays: see :func:`niche.ui.tabs.draw`)."""
    return st.file_uploader(
        "Prospect list (name, industry, PCs)",
        type=UPLOAD_TYPES,
        key=Key.PROSPECTS_UPLOAD,
        max_upload_size=SECOND_FILE_MB,
        help="Companies you could win: a list from a trade association, a "
        "directory or your CRM. They are scored by how much they look like your "
        "best clients.",
    )


def section(page: Page) -> None:
    upload = uploader()
    if upload is not None:
        data, name = upload.getvalue(), upload.name
    elif page.is_sample:
        data, name = SAMPLE_PROSPECTS.read_bytes(), SAMPLE_PROSPECTS.name
        st.caption("The sample's prospect list: upload your own to score it.")
    else:
        st.markdown(
            "Upload a prospect list (a company name, and their industry and PC "
            "count where you have them) to see which companies look most like "
            "your best clients."
        )
        return
    file = FileRef.of(data, name)
    view = cache.view(page.request, page.analysis)
    try:
        fit = cache.prospect_fit(
            file, page.request, data, page.analysis, view["profile_model"]
        )
    except NicheError as err:
        st.error(str(err), icon=":material/error:")
        return
    _answer(fit)
    frame = prospects_frame(fit)
    st.table(_shown(fit, frame), hide_index=True)
    st.download_button(
        f"All {len(frame):,} prospects, ranked (CSV)",
        data=lambda: report.table_csv(frame),
        file_name="prospects-ranked.csv",
        mime=report.CSV_MIME,
        on_click="ignore",
        icon=":material/download:",
        key="download_prospects",
    )


def _answer(fit: ProspectFit) -> None:
    top = fit.table.head(3)
    names = ", ".join(f"**{escape_markdown(n)}**" for n in top["name"])
    text = f"Your best prospects: {names}." if len(top) else "No prospects listed."
    if fit.reason:
        text += " " + escape_markdown(fit.reason)
    st.markdown(text)


def _shown(fit: ProspectFit, frame: pd.DataFrame) -> pd.DataFrame:
    """The top prospects as text: rank, name, fit, why (wrapped, never cut)."""
    head = frame.head(SHOWN)
    return pd.DataFrame(
        {
            tables.RANK: head["Rank"].astype(str).to_numpy(),
            "Prospect": [escape_markdown(n) for n in head[fit.prospects.name]],
            "Fit": [f"{v:.0f}" for v in head["Fit"]],
            "Why": [escape_markdown(w) for w in head["Why"]],
        }
    )
