"""Files that are no table are refused in words, whatever their bytes."""

from __future__ import annotations

import pytest

import niche


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("notes.docx", "A Word document can't be read"),
        ("invoice.pdf", "A PDF can't be read"),
        ("photo.PNG", "An image can't be read"),
        ("company.qbw", "A QuickBooks company file can't be read"),
    ],
)
def test_wrong_type_is_named_in_words(name: str, words: str) -> None:
    data = b"PK\x03\x04 whatever the bytes are"
    with pytest.raises(niche.UnreadableFileError) as info:
        niche.read_file(data, name)
    message = str(info.value)
    assert message.startswith(words)
    assert "Excel or CSV" in message
    assert "application/" not in message
    assert "\n" not in message
