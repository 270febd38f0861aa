"""Shared fixtures for the core tests (the helpers live in core_helpers.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from core_helpers import DATA_DIR, RULES_DIR, SAMPLE_DIR, csv_bytes, run_bytes

from niche import Analysis


@pytest.fixture(name="run_bytes")
def run_bytes_fixture() -> Callable[..., Analysis]:
    """``run_bytes(data, name, **kw)``: niche.analyze_bytes on bytes."""
    return run_bytes


@pytest.fixture
def data_dir() -> Path:
    return DATA_DIR


@pytest.fixture
def rules_dir() -> Path:
    return RULES_DIR


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture
def analyse_rows() -> Callable[..., Analysis]:
    """Analyse a list of rows written as CSV."""

    def _run(rows: Sequence[Sequence[object]], **kw: object) -> Analysis:
        return run_bytes(csv_bytes(rows), "clients.csv", **kw)

    return _run
