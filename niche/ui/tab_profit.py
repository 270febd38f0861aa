"""The Profit and the Change tabs (issue 18): who costs more time than they
pay, and what was won, lost and changed since last period."""

from __future__ import annotations

import streamlit as st

from niche.format import escape_markdown, money
from niche.present import charts, profit
from niche.ui import columns
from niche.ui.columns import Number, Text
from niche.ui.context import Page
from niche.ui.sidebar import UPLOAD_TYPES
from niche.ui.state import Key


def profit_tab(page: Page) -> None:
    analysis = page.analysis
    cur = analysis.settings.currency
    st.markdown(escape_markdown(profit.profit_answer(analysis)))
    clients = analysis.clients
    if clients["hourly_rate"].isna().all() and clients["cost"].isna().all():
        return
    st.caption(escape_markdown(profit.ranking_line(analysis)))
    rates = profit.industry_rates(analysis)
    if len(rates):
        st.markdown("**Revenue per support hour, by industry**")
        st.dataframe(
            rates,
            hide_index=True,
            column_config={
                "Industry": Text(width=240),
                "Support hours": Number(format="%.0f", width=110),
                "Revenue per hour": columns.money(cur, 150, "Revenue per hour"),
            },
        )
    table = profit.profit_table(analysis)
    # The margin in percent, as the column's format writes it ("36 %", not "0 %").
    table = table.assign(Margin=table["Margin"] * 100)
    # Columns the file gives nothing for (no costs, no hours) are left out.
    table = table[[c for c in table.columns if table[c].notna().any()]]
    target = money(analysis.settings.target_rate, cur)
    st.markdown("**Clients, the lowest revenue per hour first**")
    st.dataframe(  # all ten columns fit the page at 1366 px wide
        table,
        hide_index=True,
        height=columns.height(len(table), 420),
        column_config={
            "Rank": Number(width=50),
            "Client": Text(width=170),
            "Industry": Text(width=140),
            "Revenue (12 months)": columns.money(cur, 95, "12 months"),
            "Support hours": Number("Hours", format="%,.0f", width=65),
            "Revenue per hour": columns.money(cur, 80, "Per hour"),
            "Gross profit": columns.money(cur, 95, "Profit"),
            "Margin": Number(format="%.0f %%", width=60),
            "Costs more time than it pays": st.column_config.CheckboxColumn(
                "Costs more",
                help=f"Costs more time than it pays: under {target} an hour.",
                width=80,
            ),
            "Risk": Number(format="%.0f", width=50),
        },
    )


def previous_uploader() -> None:
    """Last period's uploader (also drawn while the tab is closed, so that the
    file stays: see :func:`niche.ui.tabs.draw`)."""
    st.file_uploader(
        "Last period's client list",
        type=UPLOAD_TYPES,
        key=Key.PREVIOUS_UPLOAD,
        help="Last year's export of the same report, or the completed list you "
        "downloaded then: each client is compared with its revenue then.",
    )


def change_tab(page: Page) -> None:
    analysis = page.analysis
    cur = analysis.settings.currency
    st.markdown(escape_markdown(profit.change_answer(analysis)))  # the answer first
    previous_uploader()
    joined = page.completed.previous
    if joined is not None:
        _previous_matches(joined)
    bridge = analysis.bridge
    if bridge is None:
        return
    left, right = st.columns([1.2, 1], gap="large")
    with left:
        st.altair_chart(charts.waterfall_chart(bridge, cur), width="stretch")
    with right:
        summary = profit.change_summary(analysis)
        st.dataframe(
            summary,
            hide_index=True,
            column_config={
                "Change": Text(width=140),
                "Clients": Number(format="%d", width=80),
                "Amount": columns.money(cur, 140, "Amount"),
            },
        )
    table = profit.change_table(analysis)
    then = table["Last period's name"]
    renamed = then.notna() & (then != table["Client"])
    # Last period's name only where it differs (a close match confirmed); blank,
    # not the grid's grey "None", elsewhere.
    table = table.assign(**{"Last period's name": then.where(renamed, "")})
    if not renamed.any():
        table = table.drop(columns="Last period's name")
    st.markdown("**Client by client, the biggest change first**")
    st.dataframe(
        table,
        hide_index=True,
        height=columns.height(len(table), 420),
        column_config={
            "Client": Text(width=220),
            "Last period's name": Text(width=200),
            "Last period": columns.money(cur, 120, "Last period"),
            "This period": columns.money(cur, 120, "This period"),
            "Change": columns.money(cur, 120, "Change"),
            "Kind": Text(width=90),
        },
    )
    risk = profit.risk_table(analysis)
    risk = risk[risk["Risk"] > 0]
    if len(risk):
        st.markdown("**Highest risk**: the risk score (0-100) and its two reasons")
        st.dataframe(
            risk,
            hide_index=True,
            column_config={
                "Rank": Number(width=50),
                "Client": Text(width=200),
                "Risk": Number(format="%.0f", width=50),
                "Why": Text(width=440),
                "At risk (revenue down 20 %)": st.column_config.CheckboxColumn(
                    "At risk", help="Revenue down 20 % or more.", width=70
                ),
            },
        )


def _previous_matches(joined: object) -> None:
    """Close matches of last period's names, confirmed one by one or all."""
    found = joined.join  # type: ignore[attr-defined]
    confirmed = [list(p) for p in st.session_state.get(Key.PREVIOUS_CONFIRMED, [])]
    pairs = {(a.casefold(), b.casefold()) for a, b in confirmed}
    waiting = [
        m
        for m in found.fuzzy
        if (m.client.casefold(), m.other_name.casefold()) not in pairs
    ]
    if not waiting:
        return
    one = len(waiting) == 1
    st.caption(
        "1 of last period's names looks like one of your clients: confirm it to "
        "compare the two as one client."
        if one
        else f"{len(waiting)} of last period's names look like one of your "
        "clients: confirm them to compare them as one client."
    )
    for match in waiting[:10]:
        st.markdown(
            f"- **{escape_markdown(match.client)}** now, "
            f"**{escape_markdown(match.other_name)}** then"
        )
    label = "Confirm this name" if one else f"Confirm these {len(waiting)} names"
    chosen = confirmed + [[m.client, m.other_name] for m in waiting]
    st.button(
        label,
        icon=":material/done_all:",
        on_click=_confirm_previous,
        args=(chosen,),
    )


def _confirm_previous(pairs: list[list[str]]) -> None:
    """The button's callback: the names kept before the page runs (one run)."""
    st.session_state[Key.PREVIOUS_CONFIRMED] = pairs
