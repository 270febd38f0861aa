"""Niche Finder: find your best IT clients and the industry niche to focus on.

Pure Python (no Streamlit outside ``niche.ui``): the page (``app.py``), the
command line (``python -m niche``) and the tests use this public API. The
stages follow the data: ``read`` -> ``clean`` -> ``complete`` -> ``rules``
(with ``prospects``), then ``present`` and ``export``; ``session`` runs them in
order and ``model`` holds the nouns they hand on.
"""

from __future__ import annotations

from niche.clean.header import find_header
from niche.clean.prepare import prepare
from niche.errors import (
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
from niche.export.settings_file import AppSettings
from niche.model import (
    FIELDS,
    FLAGS,
    TIERS,
    Analysis,
    Cleaned,
    ColumnMapping,
    Excluded,
    Grid,
    Header,
    Options,
    Prepared,
    Recommendation,
    Settings,
)
from niche.read.files import ACCEPTED_TYPES, read_table
from niche.read.limits import Limits
from niche.rules.analyse import analyse
from niche.rules.taxonomy import Taxonomy
from niche.session import (
    AnalyseRequest,
    CompleteRequest,
    FileRef,
    PrepareRequest,
    ReadRequest,
    Steps,
    analyze_bytes,
    read_file,
    run,
)

__all__ = [
    "ACCEPTED_TYPES",
    "FIELDS",
    "FLAGS",
    "TIERS",
    "AnalyseRequest",
    "Analysis",
    "AppSettings",
    "Cleaned",
    "ColumnMapping",
    "CompleteRequest",
    "EmptyFileError",
    "Excluded",
    "FileRef",
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
    "PrepareRequest",
    "Prepared",
    "ReadRequest",
    "Recommendation",
    "Settings",
    "SettingsError",
    "Steps",
    "Taxonomy",
    "UnreadableFileError",
    "analyse",
    "analyze_bytes",
    "find_header",
    "prepare",
    "read_file",
    "read_table",
    "run",
]
