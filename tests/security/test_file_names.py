"""File names with path characters or odd Unicode are display text only.

The name is never opened, joined to a path or written: analysis works from the
bytes, nothing appears on disk, and the name comes back unchanged as text.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hostile import BASIC_ROWS, basic_xlsx
from hostile import csv as csv_bytes

import niche
from niche.export.contract import to_dict

NAMES = (
    "../../etc/passwd.csv",
    "..\\..\\Windows\\win.ini.csv",
    "/etc/shadow.csv",
    "clients\x00.csv",
    "clients\u202egpj.csv",  # right-to-left override: shows as clientsvsc.jpg
    "клиенты 😀 été.csv",
    "<img src=x onerror=alert(1)>.csv",
    "~/.ssh/id_rsa.csv",
    "CON.csv",
    " .csv",
)


@pytest.mark.parametrize("name", NAMES)
def test_name_is_display_text_only(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work, temp = tmp_path / "work", tmp_path / "temp"
    work.mkdir()
    temp.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # where tempfile writes
    analysis = niche.analyze_bytes(csv_bytes(BASIC_ROWS), name)
    assert analysis.source.filename == name
    assert to_dict(analysis)["source"]["file"] == name
    assert len(analysis.clients) == 3
    assert os.listdir(work) == []
    assert os.listdir(temp) == []


@pytest.mark.parametrize("name", NAMES)
def test_name_in_error_messages_is_just_text(name: str) -> None:
    with pytest.raises(niche.EmptyFileError) as info:
        niche.analyze_bytes(b"   \n", name)
    assert name in str(info.value)


def test_workbook_named_like_a_path_reads_from_bytes() -> None:
    grid = niche.read_file(basic_xlsx(), "../../../../tmp/evil.xlsx")
    assert grid.sheet == "Clients"
    assert not Path("/tmp/evil.xlsx").exists()
