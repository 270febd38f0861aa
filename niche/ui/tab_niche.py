"""The Industries and the Niche and score tabs."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from niche.format import counted, escape_markdown
from niche.present import answers, charts, tables, views
from niche.present import completing as pc
from niche.rules.taxonomy import UNSPECIFIED
from niche.ui import cache, columns, state
from niche.ui.columns import Number, Text
from niche.ui.context import Page
from niche.ui.state import Key

FORMULA = (
    "**How the score works.** For each industry with 2 or more clients: score = "
    "100 × (0.50 V + 0.20 F + 0.15 P + 0.15 E) + B. V is its share of your best "
    "clients' revenue; F the share of its clients with a known PC count that are "
    "in the sweet spot (a half when none is known); P its typical (median) monthly "
    "fee against the best-paying industry's; E the evidence, its number of clients "
    "up to 5, over 5; B 10 points when it is your background industry, 5 when only "
    "its sector is. The highest score wins; a tie goes to V, then the number of "
    "clients, then the name."
)


def industries(page: Page) -> None:
    analysis = page.analysis
    st.markdown(escape_markdown(answers.industries_answer(analysis)))
    named = analysis.industries[analysis.industries["industry"] != UNSPECIFIED]
    if named.empty:
        return
    view = cache.view(page.request, analysis)
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.caption("Click a bar to list that industry's clients.")
        event = st.altair_chart(
            view["industry"], width="stretch", on_select="rerun", key=Key.INDUSTRY_CHART
        )
    picked = charts.selected_values(event)
    with right:
        if picked:
            names = ", ".join(escape_markdown(p) for p in picked)
            count = counted(views.count_of(analysis, picked), "client")
            st.markdown(f"**{count} in {names}**")
        else:
            st.markdown("**All clients**: click a bar to filter.")
        table, _ = cache.client_view(page.request, picked, views.CLIENT_ROWS, analysis)
        st.dataframe(
            table,
            hide_index=True,
            height=columns.height(len(table), 440),
            column_order=["Client", "Industry", "Monthly", "Class"],
            column_config=columns.clients(analysis.settings.currency),
        )
    label_map(page)


def label_map(page: Page) -> None:
    """Industry labels as written -> the industry they count as; the user can
    re-map any of them and confirm the guesses (applied together)."""
    analysis = page.analysis
    frame = cache.label_table(page.request, analysis)
    if not len(frame):
        return
    waiting = pc.waiting_guesses(frame)
    overrides = dict(analysis.settings.industry_overrides)
    title = "Industry labels in your file: re-map any of them"
    with st.expander(title, expanded=bool(waiting)):
        if waiting:
            st.info(pc.guess_note(waiting), icon=":material/help:")
        key = f"industry_map_{state.digest(sorted(overrides.items()))}"
        with st.form("industry_labels", border=False):
            st.data_editor(
                frame,
                key=key,
                num_rows="fixed",
                disabled=["Clients", "Monthly", pc.STATUS],
                height=pc.editor_height(len(frame), 320),
                column_config={
                    pc.LABEL: Text(width=220),
                    "Clients": Number(width=65),
                    "Monthly": columns.money(analysis.settings.currency, 100),
                    pc.MAPS_TO: st.column_config.SelectboxColumn(
                        "Counts as",
                        options=pc.map_options(frame, page.taxonomy.names()),
                        width=240,
                        required=True,
                    ),
                    pc.CONFIRMED: st.column_config.CheckboxColumn(width=90),
                    pc.STATUS: Text(width=150),
                },
            )
            st.form_submit_button(
                "Apply",
                icon=":material/check:",
                on_click=_apply_labels,
                args=(frame, key, overrides),
            )


def _apply_labels(frame: pd.DataFrame, editor: str, overrides: dict) -> None:
    """Apply's callback: the re-mapped labels kept before the page runs again."""
    after = pc.edited_frame(frame, st.session_state.get(editor))
    new = pc.overrides_after(frame, after, overrides)
    if new != overrides:
        state.set_overrides(st.session_state, new)


def niche(page: Page) -> None:
    analysis = page.analysis
    rec = analysis.recommendation
    st.markdown(escape_markdown(answers.niche_answer(analysis)))
    if rec.status != "ok" or not rec.niche:
        for reason in rec.reasons[1:]:
            st.markdown(f"- {escape_markdown(reason)}")
        return
    left, right = st.columns([1.2, 1], gap="large")
    with left:
        st.markdown("**Why**")
        st.markdown("\n".join(f"- {escape_markdown(r)}" for r in rec.reasons))
        sentences = cache.view(page.request, analysis)["sentences"]
        if sentences:
            st.markdown("**What your best clients have in common**")
            st.markdown("\n".join(f"- {escape_markdown(t)}" for t in sentences))
        st.markdown("**The score, part by part**")
        st.markdown("\n".join(f"- {escape_markdown(r)}" for r in rec.explanation))
        with st.expander("How the score works"):
            st.markdown(FORMULA)
    with right:
        esc = escape_markdown
        if rec.adjacent:
            st.markdown("**Grow next into:** " + ", ".join(map(esc, rec.adjacent[:6])))
        ups = views.runners_up(analysis)
        if ups:
            st.markdown(
                "**Runners-up:** "
                + ", ".join(f"{esc(name)} ({score:.0f})" for name, score in ups)
            )
        if rec.background_effect:
            st.markdown(f"**Your background:** {esc(rec.background_effect)}")
        if rec.springboard:
            st.markdown("**Springboard:** " + ", ".join(map(esc, rec.springboard)))
        st.table(tables.scores(analysis), hide_index=True)
