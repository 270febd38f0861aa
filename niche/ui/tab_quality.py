"""The Data quality tab: every row of the file accounted for."""

from __future__ import annotations

import streamlit as st

from niche.format import FIELD_LABELS, escape_markdown
from niche.present import answers, views
from niche.present import completing as pc
from niche.ui import columns
from niche.ui.columns import Number, Text
from niche.ui.context import Page


def quality(page: Page) -> None:
    analysis = page.analysis
    check = views.reconciliation_line(analysis, "the excluded rows below")
    st.markdown(escape_markdown(answers.quality_answer(analysis, check)))
    for line in pc.load_summary(analysis):
        st.markdown(escape_markdown(line))
    st.markdown(views.columns_used(analysis, FIELD_LABELS))
    for note in analysis.notes:
        st.caption(escape_markdown(note))
    excluded = views.excluded_table(analysis)
    st.markdown("**Excluded rows** (row numbers as in your file)")
    if len(excluded):
        st.dataframe(
            excluded,
            hide_index=True,
            height=columns.height(len(excluded), 320),
            column_config={
                "Row": Number(width=60),
                "Reason": Text(width=280),
                "Detail": Text(width=280),
                "Values": Text(width="large"),
            },
        )
    else:
        st.caption("None: every row became part of a client.")
    merged = views.merged_table(analysis)
    if len(merged):
        st.markdown("**Clients built from several rows**")
        st.dataframe(
            merged,
            hide_index=True,
            height=columns.height(len(merged), 320),
            width=560,
        )
