"""README stays true: it maps every folder of niche/ and shows the two commands."""

from __future__ import annotations

import re

import pytest
from core_helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
FOLDERS = sorted(
    p.name
    for p in (ROOT / "niche").iterdir()
    if p.is_dir() and p.name not in {"__pycache__", "data"}
)


def test_the_package_has_folders() -> None:
    assert {"read", "clean", "rules", "ui"} <= set(FOLDERS)


@pytest.mark.parametrize("folder", FOLDERS)
def test_readme_names_every_folder_of_niche(folder: str) -> None:
    assert re.search(rf"`niche/{re.escape(folder)}/?`", README), (
        f"README does not name niche/{folder}"
    )


@pytest.mark.parametrize(
    "command",
    [
        "pip install -r requirements.txt && streamlit run app.py",
        "pip install -r requirements-dev.txt && python -m pytest",
    ],
)
def test_readme_shows_the_command(command: str) -> None:
    assert re.search(rf"^{re.escape(command)}$", README, re.MULTILINE)


def test_readme_links_the_docs_not_a_spec_it_does_not_hold() -> None:
    assert "SPEC.md" not in README
    for doc in ("docs/json-contract.md", "docs/rules.md"):
        assert f"]({doc})" in README
        assert (ROOT / doc).is_file()
