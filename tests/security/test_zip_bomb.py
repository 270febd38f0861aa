"""xlsx zip bombs are refused from the zip's directory, before anything is inflated."""

from __future__ import annotations

import io
import zipfile

import pytest
from hostile import SHEET, basic_xlsx, lie_about_size, padded_sheet, replace_member

import niche
from niche import FileTooLargeError, UnreadableFileError
from niche.read.limits import Limits

BOMB_MB = 512


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A ~0.5 MB xlsx whose sheet XML unpacks to 512 MB of blanks (~3 s to build)."""
    return replace_member(basic_xlsx(), SHEET, padded_sheet(BOMB_MB))


def test_bomb_is_small_but_unpacks_huge(bomb: bytes) -> None:
    assert len(bomb) < 2 * 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.getinfo(SHEET).file_size > BOMB_MB * 1024 * 1024


@pytest.mark.parametrize("name", ["bomb.xlsx", "bomb.xlsm", "bomb.csv", "bomb"])
def test_zip_bomb_refused_by_ratio(bomb: bytes, name: str) -> None:
    with pytest.raises(FileTooLargeError, match="zip bomb") as info:
        niche.read_file(bomb, name)
    assert str(info.value).startswith(name)
    assert "\n" not in str(info.value)


def test_zip_bomb_refused_by_unpacked_total(bomb: bytes) -> None:
    """The declared total is checked too (here against a lower limit)."""
    limits = Limits(max_unpacked_bytes=100 * 1024 * 1024, max_compression_ratio=10**9)
    with pytest.raises(FileTooLargeError, match="unpacks to"):
        niche.read_file(bomb, "bomb.xlsx", limits=limits)


def test_member_declaring_a_huge_size_is_refused() -> None:
    """A member that claims 3.9 GB is refused from the directory alone."""
    data = lie_about_size(basic_xlsx(), SHEET, 0xF000_0000)
    with pytest.raises(FileTooLargeError):
        niche.read_file(data, "liar.xlsx")


def test_member_lying_small_about_its_size_is_not_inflated(bomb: bytes) -> None:
    """Declares 1,000 bytes, holds 512 MB: passes the directory check, but the
    reader stops at the declared size and the file is refused as damaged."""
    data = lie_about_size(bomb, SHEET, 1000)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo(SHEET).file_size == 1000
    with pytest.raises(UnreadableFileError) as info:
        niche.read_file(data, "liar.xlsx")
    assert not isinstance(info.value, FileTooLargeError)
    assert "liar.xlsx" in str(info.value)


def test_honest_padded_workbook_under_the_ratio_still_reads() -> None:
    """A big-but-honest sheet is not mistaken for a bomb when limits allow it."""
    data = replace_member(basic_xlsx(), SHEET, padded_sheet(2))
    grid = niche.read_file(
        data, "padded.xlsx", limits=Limits(max_compression_ratio=10**9)
    )
    assert grid.sheet == "Clients"
