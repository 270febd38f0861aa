"""The page's sections below the headline: clients, tiers, who gets what,
industries, the niche, data quality."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from niche.export import report
from niche.export.pdf import PDF_MIME
from niche.export.plan import plan_bytes
from niche.export.settings_file import AppSettings
from niche.export.xlsx import XLSX_MIME
from niche.format import FIELD_LABELS, counted, escape_markdown, pct
from niche.model import Analysis
from niche.present import charts, views, who
from niche.present import completing as pc
from niche.rules.taxonomy import Taxonomy
from niche.session import AnalyseRequest
from niche.ui import cache, columns, state
from niche.ui.columns import Number, Text
from niche.ui.state import Key

View = dict[str, Any]


def header(analysis: Analysis, is_sample: bool) -> None:
    st.title("Niche Finder")
    st.markdown("Who your best clients are, and which industry to specialise in.")
    if is_sample:
        st.info(
            "Sample data: upload your own client list in the sidebar (CSV or Excel).",
            icon=":material/info:",
        )
    grid = analysis.source
    where = grid.filename + (f", sheet {grid.sheet}" if grid.sheet else "")
    st.caption(
        f"{escape_markdown(where)} · Uploaded data is processed in memory and "
        "not stored."
    )


def downloads(analysis: Analysis, saved: AppSettings) -> None:
    row = st.container(horizontal=True)
    stem = Path(analysis.source.filename).stem or "clients"
    prospects = st.session_state.get(Key.PROSPECTS_UPLOAD)
    listed = (prospects.getvalue(), prospects.name) if prospects else None
    row.download_button(
        "Download niche plan (PDF)",
        data=lambda: plan_bytes(analysis, saved, listed),
        file_name=f"niche-plan-{stem}.pdf",
        mime=PDF_MIME,
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        key="download_plan",
    )
    row.download_button(
        "Download Excel report",
        data=lambda: report.to_xlsx(analysis, company=saved.company),
        file_name=f"niche-report-{stem}.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        icon=":material/table_view:",
        key="download_xlsx",
    )
    row.download_button(
        "Download clients (CSV)",
        data=lambda: report.to_csv(analysis),
        file_name=f"clients-ranked-{stem}.csv",
        mime=report.CSV_MIME,
        on_click="ignore",
        icon=":material/download:",
        key="download_csv",
    )


def headline(analysis: Analysis) -> None:
    for col, card in zip(st.columns(4), views.headline_cards(analysis), strict=True):
        col.metric(card.label, card.value, border=True, help=card.help)
    st.markdown(views.niche_line(analysis))


def shown_clients(
    request: AnalyseRequest, analysis: Analysis, picked: tuple[str, ...], key: Key
) -> tuple[Any, int]:
    """The top clients (all of them when the user asks), and how many match."""
    every = st.session_state.get(key, False)
    limit = None if every else views.CLIENT_ROWS
    table, total = cache.client_view(request, picked, limit, analysis)
    if total > views.CLIENT_ROWS:
        st.toggle(f"Show all {total:,} clients", key=key)
        if not every:
            st.caption(f"The top {views.CLIENT_ROWS} of {total:,} clients by revenue.")
    return table, total


def clients(request: AnalyseRequest, analysis: Analysis, view: View) -> None:
    st.header("Your best clients")
    st.caption(
        "Ranked by monthly revenue. Class A clients bring the first "
        f"{pct(analysis.settings.classes[0])} of revenue: your best clients."
    )
    table, _ = shown_clients(request, analysis, (), Key.SHOW_ALL_CLIENTS)
    max_share = float(table["Share"].max()) if len(table) else 1.0
    st.dataframe(
        table,
        hide_index=True,
        height=columns.height(len(table), 390),
        column_order=columns.CLIENT_ORDER,
        column_config=columns.clients(analysis.settings.currency, max_share),
    )
    st.altair_chart(view["pareto"], width="stretch", height=480)
    st.subheader("What your best clients have in common")
    left, right = st.columns([1, 1], gap="large")
    with left:
        sentences = view["sentences"]
        st.markdown("\n".join(f"- {escape_markdown(t)}" for t in sentences))
    with right:
        if view["profile"]:
            st.altair_chart(view["profile"], width="stretch")


def tiers(analysis: Analysis, view: View) -> None:
    st.header("Size tiers")
    low, high = analysis.settings.tiers
    st.caption(
        f"Micro: under {low} PCs · Sweet spot: {low} to {high} · "
        f"Large: over {high} (hard to serve without senior staff)."
    )
    cur = analysis.settings.currency
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.dataframe(
            view["tiers"],
            hide_index=True,
            column_config={
                "Tier": Text(width=105),
                "Clients": Number(width=60),
                "Monthly": columns.money(cur, 95),
                "Share": columns.bar(120, "Share of revenue"),
            },
        )
        st.altair_chart(view["tier_bars"], width="stretch")
    with right:
        st.altair_chart(view["scatter"], width="stretch", height=440)
        unknown = int((analysis.clients["tier"] == "unknown").sum())
        if unknown:
            st.caption(
                f"Not plotted: {counted(unknown, 'client')} without a PC "
                "count; add their PCs in *Complete your data* above."
            )


def who_gets_what(view: View) -> None:
    st.header("Who gets what")
    groups = view["groups"]
    for start in range(0, len(groups), 2):
        cols = st.columns(2, gap="medium")
        for col, group in zip(cols, groups[start : start + 2], strict=False):
            with col.container(border=True, height="stretch"):
                st.markdown(f"**{group.title}** · {counted(group.total, 'client')}")
                st.caption(group.meaning)
                st.markdown(who.group_markdown(group))


def industries(request: AnalyseRequest, analysis: Analysis, view: View) -> None:
    st.header("Industries")
    st.caption("Click a bar to list that industry's clients (shift-click for more).")
    left, right = st.columns([1, 1], gap="large")
    with left:
        event = st.altair_chart(
            view["industry"],
            width="stretch",
            on_select="rerun",
            key=Key.INDUSTRY_CHART,
        )
    picked = charts.selected_values(event)
    cur = analysis.settings.currency
    with right:
        if picked:
            names = ", ".join(escape_markdown(p) for p in picked)
            count = counted(views.count_of(analysis, picked), "client")
            st.markdown(f"**{count} in {names}**")
        else:
            st.markdown("**All clients**: click a bar to filter.")
        table, _ = shown_clients(request, analysis, picked, Key.SHOW_ALL_INDUSTRY)
        st.dataframe(
            table,
            hide_index=True,
            height=columns.height(len(table), 460),
            column_order=["Client", "Industry", "Monthly", "Class"],
            column_config={
                **columns.clients(cur, 1.0),
                "Client": Text(width=160),
                "Industry": Text(width=115),
                "Monthly": columns.money(cur, 85),
            },
        )


def label_map(request: AnalyseRequest, analysis: Analysis, taxonomy: Taxonomy) -> None:
    """Industry labels as written -> the industry they count as; the user can
    re-map any of them and confirm the guesses."""
    frame = cache.label_table(request, analysis)
    if not len(frame):
        return
    waiting = pc.waiting_guesses(frame)
    if waiting:
        st.info(pc.guess_note(waiting), icon=":material/help:")
    overrides = dict(analysis.settings.industry_overrides)
    cur = analysis.settings.currency
    title = "Industry labels in your file: re-map any of them"
    with st.expander(title, expanded=bool(waiting)):
        st.caption(
            "Pick the industry each label counts as; tick *Confirmed* to accept "
            "a guess. The analysis follows."
        )
        after = st.data_editor(
            frame,
            key=f"industry_map_{state.digest(sorted(overrides.items()))}",
            num_rows="fixed",
            disabled=["Clients", "Monthly", pc.STATUS],
            height=pc.editor_height(len(frame), 320),
            column_config={
                pc.LABEL: Text(width=200),
                "Clients": Number(width=60),
                "Monthly": columns.money(cur, 95),
                pc.MAPS_TO: st.column_config.SelectboxColumn(
                    "Counts as",
                    options=pc.map_options(frame, taxonomy.names()),
                    width=230,
                    required=True,
                ),
                pc.CONFIRMED: st.column_config.CheckboxColumn(width=85),
                pc.STATUS: Text(width=140),
            },
        )
    new = pc.overrides_after(frame, after, overrides)
    if new != overrides:
        state.set_overrides(st.session_state, new)
        st.rerun()


def niche(analysis: Analysis) -> None:
    st.header("Recommended niche")
    rec = analysis.recommendation
    esc = escape_markdown
    with st.container(border=True):
        if rec.status != "ok" or not rec.niche:
            st.subheader("Not enough evidence yet")
        else:
            st.subheader(f"{esc(rec.niche)} ({esc(rec.sector)})")
            c1, c2, c3 = st.columns(3)
            c1.metric("Score", f"{rec.score:.0f} of 100")
            c2.metric("Confidence", str(rec.confidence).capitalize())
            c3.metric("Concentration", str(rec.concentration_band).capitalize())
        for line in views.niche_card(analysis):
            st.markdown(line)
        if rec.status != "ok" or not rec.niche:
            return
    st.markdown("**Score by industry** (industries with 2 or more clients)")
    st.caption(
        "Score = 100 × (0.50 V + 0.20 F + 0.15 P + 0.15 E) + B: V best-client "
        "revenue share, F sweet-spot fit, P typical size, E evidence, "
        "B background bonus (points)."
    )
    scores = views.score_table(analysis)
    st.dataframe(
        scores,
        hide_index=True,
        height=columns.height(len(scores), 320),
        column_config={
            "Industry": Text(width=165),
            "Sector": Text(width=150),
            "Clients": Number(width=60),
            "Best": Number(width=50),
            "Score": Number(format="%.1f", width=60),
            **{
                name: columns.bar(92, step=columns.WHOLE_STEP)
                for name in views.SCORE_PARTS
            },
            "B background": Number(format="%.0f", width=85),
        },
    )


def quality(analysis: Analysis) -> None:
    st.header("Data quality")
    for col, card in zip(st.columns(6), views.quality_cards(analysis), strict=True):
        col.metric(card.label, card.value)
    for line in pc.load_summary(analysis):
        st.markdown(escape_markdown(line))
    for warning in analysis.warnings:
        st.warning(escape_markdown(warning), icon=":material/warning:")
    for note in analysis.notes:
        st.caption(escape_markdown(note))
    st.markdown(views.columns_used(analysis, FIELD_LABELS))
    st.markdown("**Excluded rows** (row numbers as in your file)")
    excluded = views.excluded_table(analysis)
    if len(excluded):
        st.dataframe(
            excluded,
            hide_index=True,
            height=columns.height(len(excluded), 320),
            column_config={
                "Row": Number(width=50),
                "Reason": Text(width=260),
                "Detail": Text(width=260),
                "Values": Text(width="large"),
            },
        )
    else:
        st.caption("None: every row became part of a client.")
    merged = views.merged_table(analysis)
    st.markdown("**Clients merged from several rows**")
    if len(merged):
        st.dataframe(
            merged,
            hide_index=True,
            height=columns.height(len(merged), 320),
            width=520,
        )
    else:
        st.caption("None.")
