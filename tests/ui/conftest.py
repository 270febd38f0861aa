"""The page's tests run without the password gate (test_page.py turns it on)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NICHE_PASSWORD", raising=False)
