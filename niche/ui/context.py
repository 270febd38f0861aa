"""What every tab of the page may draw from (one object, built once a run)."""

from __future__ import annotations

from dataclasses import dataclass

from niche.export.settings_file import AppSettings
from niche.model import Analysis
from niche.rules.taxonomy import Taxonomy
from niche.session import AnalyseRequest, Completed
from niche.ui.cache import CachedSteps


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
