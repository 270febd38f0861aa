"""Below the first screen: the details in tabs, each opening with its answer.

Only the open tab runs (``on_change="rerun"``): its charts and tables are built
when the user looks at them, not on every rerun.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from niche.export.settings_file import AppSettings
from niche.model import Analysis
from niche.rules.taxonomy import Taxonomy
from niche.session import AnalyseRequest, Completed
from niche.ui.cache import CachedSteps
from niche.ui.state import Key, Tab


@dataclass(frozen=True, eq=False)
class Page:
    """What every tab may draw from."""

    request: AnalyseRequest
    analysis: Analysis
    completed: Completed
    errors: tuple[tuple[str, str], ...]
    saved: AppSettings
    is_sample: bool
    taxonomy: Taxonomy
    steps: CachedSteps


def draw(page: Page) -> None:
    from niche.ui import complete, prospects, tab_clients, tab_niche, tab_quality

    drawers: dict[Tab, Callable[[Page], None]] = {
        Tab.CLIENTS: tab_clients.clients,
        Tab.WHO: tab_clients.who_gets_what,
        Tab.TIERS: tab_clients.tiers,
        Tab.INDUSTRIES: tab_niche.industries,
        Tab.NICHE: tab_niche.niche,
        Tab.PROSPECTS: prospects.section,
        Tab.COMPLETE: complete.tab,
        Tab.QUALITY: tab_quality.quality,
    }
    labels = list(drawers)
    containers = st.tabs(labels, key=Key.TAB, on_change="rerun")
    for label, container in zip(labels, containers, strict=True):
        with container:
            if container.open is not False:  # None: not tracked (AppTest)
                drawers[label](page)
