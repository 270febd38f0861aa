"""Niche Finder: find your best IT clients and the industry niche to focus on.

Pure Python (no Streamlit): the page (``app.py``), the command line
(``python -m niche``) and the tests all use this public API.
"""

from __future__ import annotations

from .analysis import FLAGS, TIERS, Settings
from .clean import Cleaned, Excluded, Options
from .errors import (
    EmptyFileError,
    FileTooLargeError,
    MissingColumnError,
    NicheError,
    NoRevenueError,
    NoTableError,
    PasswordProtectedError,
    SettingsError,
    UnreadableFileError,
)
from .industry import Taxonomy
from .load import ACCEPTED_TYPES, Grid, Limits, read_table
from .mapping import FIELDS, ColumnMapping, Header, find_header
from .pipeline import Analysis, Prepared, analyse, analyze_bytes, prepare, read
from .recommend import Recommendation

__all__ = [
    "ACCEPTED_TYPES",
    "FIELDS",
    "FLAGS",
    "TIERS",
    "Analysis",
    "Cleaned",
    "ColumnMapping",
    "EmptyFileError",
    "Excluded",
    "FileTooLargeError",
    "Grid",
    "Header",
    "Limits",
    "MissingColumnError",
    "NicheError",
    "NoRevenueError",
    "NoTableError",
    "Options",
    "PasswordProtectedError",
    "Prepared",
    "Recommendation",
    "Settings",
    "SettingsError",
    "Taxonomy",
    "UnreadableFileError",
    "analyse",
    "analyze_bytes",
    "find_header",
    "prepare",
    "read",
    "read_table",
]
