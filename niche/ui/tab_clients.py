"""The Clients, Who gets what and Size tiers tabs."""

from __future__ import annotations

import streamlit as st

from niche.format import counted, escape_markdown
from niche.present import answers, tables, views, who
from niche.ui import cache, columns
from niche.ui.context import Page
from niche.ui.state import Key


def clients(page: Page) -> None:
    analysis = page.analysis
    st.markdown(escape_markdown(answers.clients_answer(analysis)))
    top = tables.top_clients(analysis)
    st.table(top, hide_index=True)
    total = len(analysis.clients)
    if total > len(top):
        with st.expander(f"All {total:,} clients (sortable)"):
            every = st.session_state.get(Key.SHOW_ALL_CLIENTS, False)
            if total > views.CLIENT_ROWS:
                st.toggle(f"Show all {total:,} (slower)", key=Key.SHOW_ALL_CLIENTS)
            limit = None if every else views.CLIENT_ROWS
            table, _ = cache.client_view(page.request, (), limit, analysis)
            st.dataframe(
                table,
                hide_index=True,
                height=columns.height(len(table), 420),
                column_order=columns.CLIENT_ORDER,
                column_config=columns.clients(analysis.settings.currency),
            )
    view = cache.view(page.request, analysis)
    st.markdown(
        "**Monthly revenue by client**, largest first; the line is the running "
        "share of your revenue."
    )
    st.altair_chart(view["pareto"], width="stretch", height=380)


def who_gets_what(page: Page) -> None:
    analysis = page.analysis
    st.markdown(escape_markdown(answers.who_answer(analysis)))
    groups = cache.view(page.request, analysis)["groups"]
    for start in range(0, len(groups), 2):
        cols = st.columns(2, gap="medium")
        for col, group in zip(cols, groups[start : start + 2], strict=False):
            with col.container(border=True, height="stretch"):
                st.markdown(f"**{group.title}** · {counted(group.total, 'client')}")
                st.caption(group.meaning)
                st.markdown(who.group_markdown(group))


def tiers(page: Page) -> None:
    analysis = page.analysis
    st.markdown(escape_markdown(answers.tiers_answer(analysis)))
    known = int((analysis.clients["tier"] != "unknown").sum())
    if not known:
        return
    view = cache.view(page.request, analysis)
    left, right = st.columns([1, 1.3], gap="large")
    with left:
        st.table(tables.tiers(analysis), hide_index=True)
        st.altair_chart(view["tier_bars"], width="stretch")
    with right:
        st.altair_chart(view["scatter"], width="stretch", height=420)
