"""Below the first screen: the details in tabs, each opening with its answer.

Only the open tab runs (``on_change="rerun"``): its charts and tables are built
when the user looks at them, not on every rerun. A closed tab still draws its
file uploader: Streamlit forgets a widget that a run does not draw, and with it
the files uploaded there (a device list, last period's list, a prospect list).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from niche.ui import (
    complete,
    prospects,
    tab_clients,
    tab_niche,
    tab_profit,
    tab_quality,
)
from niche.ui.context import Page
from niche.ui.state import Key, Tab


def draw(page: Page) -> None:
    drawers: dict[Tab, Callable[[Page], None]] = {
        Tab.CLIENTS: tab_clients.clients,
        Tab.WHO: tab_clients.who_gets_what,
        Tab.TIERS: tab_clients.tiers,
        Tab.INDUSTRIES: tab_niche.industries,
        Tab.NICHE: tab_niche.niche,
        Tab.PROFIT: tab_profit.profit_tab,
        Tab.CHANGE: tab_profit.change_tab,
        Tab.PROSPECTS: prospects.section,
        Tab.COMPLETE: complete.tab,
        Tab.QUALITY: tab_quality.quality,
    }
    uploaders: dict[Tab, Callable[[], object]] = {
        Tab.CHANGE: tab_profit.previous_uploader,
        Tab.PROSPECTS: prospects.uploader,
        Tab.COMPLETE: complete.uploader,
    }
    labels = list(drawers)
    containers = st.tabs(labels, key=Key.TAB, on_change="rerun")
    for label, container in zip(labels, containers, strict=True):
        with container:
            if container.open is not False:  # None: not tracked (AppTest)
                drawers[label](page)
            elif label in uploaders:
                uploaders[label]()  # kept, not shown
