"""The xlsx extent scan against a plain reading of the same rules.

:func:`niche.read.extent.scan_sheet` is vectorised and reads a worksheet in
pieces; the reference below reads the whole XML with regular expressions and
loops. They must agree on every sheet, however the pieces fall.
"""

from __future__ import annotations

import io
import re
import zipfile
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from niche.read import extent
from niche.read.extent import Extent, scan_sheet

PART = "xl/worksheets/sheet1.xml"
_REF = re.compile(rb"([A-Z]{0,3})([0-9]+)[\"']")
_ATTRIBUTE = re.compile(rb"[ \t\n\r]r[ \t\n\r]*=[ \t\n\r]*[\"']")
_WIDE = re.compile(rb"[ \t\n\r]{33,}=|=[ \t\n\r]{33,}")  # more than _GAP
_ENDS = (b" ", b"\t", b"\n", b"\r", b">", b"/")


def _names(xml: bytes) -> list[int]:
    """Where element names start: after each "<", and after each ":" that
    has an opening "<" 2 to 9 bytes before it."""
    names = [at + 1 for at in range(len(xml)) if xml[at : at + 1] == b"<"]
    for at in range(len(xml)):
        if xml[at : at + 1] == b":" and any(
            at - back >= 0
            and xml[at - back : at - back + 1] == b"<"
            and xml[at - back + 1 : at - back + 2] != b"/"
            for back in range(2, 10)
        ):
            names.append(at + 1)
    return names


def reference(xml: bytes) -> Extent | None:
    """The extent by the rules, or None when a reference is not one."""
    row = column = row_refs = cell_refs = 0
    if _WIDE.search(xml):
        return None
    for found in _ATTRIBUTE.finditer(xml):
        ref = _REF.match(xml[found.end() : found.end() + 12])
        if ref is None:
            return None
        letters, digits = ref.groups()
        row = max(row, int(digits))
        number = 0
        for letter in letters:
            number = number * 26 + letter - ord("A") + 1
        column = max(column, number)
        cell_refs += bool(letters)
        row_refs += not letters
    names = _names(xml)
    cells = sum(
        xml[at : at + 1] == b"c" and xml[at + 1 : at + 2] in _ENDS for at in names
    )
    rows = sum(
        xml[at : at + 3] == b"row" and xml[at + 3 : at + 4] in _ENDS for at in names
    )
    return Extent(
        rows=row + max(rows - row_refs, 0),
        columns=column + max(cells - cell_refs, 0),
        cells=cells,
        xml_bytes=len(xml),
    )


def _scan(xml: bytes, chunk: int) -> Extent:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(PART, xml)
    with (
        zipfile.ZipFile(out) as archive,
        mock.patch.object(extent, "CHUNK", chunk),
    ):
        return scan_sheet(archive, archive.getinfo(PART))


_letters = st.text("ABCXZ", min_size=1, max_size=3)
_digits = st.text("0123456789", min_size=1, max_size=8)
_odd = st.text('AZaz09": <>', max_size=13)  # mostly not a reference
_prefix = st.sampled_from(["", "", "x:", "ns12:"])
_text = st.text("ab :<>/=\"r'x", max_size=12).map(
    lambda text: text.replace("<", "&lt;").replace(">", "&gt;")
)


_space = st.sampled_from([" ", " ", " ", "\n", "\t", "\r\n", "  "])
_around = st.sampled_from(["", "", "", " ", "\n ", " " * 32, " " * 33])
_quote = st.sampled_from(['"', '"', "'"])


@st.composite
def _attribute(draw: st.DrawFn, value: str) -> str:
    """``r="value"`` as writers write it, or with XML's other spellings: any
    white space before ``r`` and around ``=``, single quotes."""
    quote = draw(_quote)
    before, after = draw(_around), draw(_around)
    return f"{draw(_space)}r{before}={after}{quote}{value}{quote}"


@st.composite
def _cell(draw: st.DrawFn) -> str:
    prefix = draw(_prefix)
    ref = draw(
        st.one_of(
            st.none(),
            st.builds(str.__add__, _letters, _digits),
            st.builds(str.__add__, st.just(""), _digits),
            _odd,
        )
    )
    attribute = "" if ref is None else draw(_attribute(ref))
    if draw(st.booleans()):
        attribute = f' t="s"{attribute}'
    if draw(st.booleans()):
        return f"<{prefix}c{attribute}/>"
    value = draw(_text)
    return f"<{prefix}c{attribute}><{prefix}v>{value}</{prefix}v></{prefix}c>"


@st.composite
def _sheet(draw: st.DrawFn) -> bytes:
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        prefix = draw(_prefix)
        number = draw(st.one_of(st.none(), _digits))
        attribute = "" if number is None else draw(_attribute(number))
        cells = "".join(draw(st.lists(_cell(), max_size=5)))
        other = draw(st.sampled_from(["", "<col/>", "<cols>", "<rowBreaks/>"]))
        rows.append(f"<{prefix}row{attribute}>{other}{cells}</{prefix}row>")
    body = "".join(rows)
    return (
        '<?xml version="1.0"?><worksheet xmlns:x="urn:x"><sheetData>'
        f"{body}</sheetData></worksheet>"
    ).encode()


@settings(max_examples=300, deadline=None)
@given(xml=_sheet(), chunk=st.sampled_from([1, 2, 3, 7, 16, 31, 50, 64, 1 << 17]))
def test_the_scan_follows_the_rules_however_the_pieces_fall(
    xml: bytes, chunk: int
) -> None:
    expected = reference(xml)
    scanned = _scan(xml, chunk)
    if expected is None:
        assert scanned.rows >= 10**12
        assert scanned.columns >= 10**12
    else:
        assert scanned == expected


def test_leading_zeros_do_not_hide_the_last_row() -> None:
    xml = b'<sheetData><row><c r="A00000001"/><c r="B99999"/></row></sheetData>'
    assert _scan(xml, 1 << 17).rows == 99_999 + 1


def test_a_reference_at_the_end_of_a_piece_is_read() -> None:
    """However the pieces fall, a row's reference is read, never taken for
    a row without one (which would count as 1 row, not 100,000)."""
    head = b'<sheetData><row r="1"><c r="A1"/></row>'
    far = b'<row r="100000"></row></sheetData>'
    for chunk in range(len(head), len(head) + len(far)):
        assert _scan(head + far, chunk).rows == 100_000


def test_a_reference_written_with_other_white_space_is_read() -> None:
    """calamine reads ``<c\nr="ZZ50000">`` as a cell at ZZ50000 (a block of
    50,000 x 702 positions): the scan must see it too, not a 2-cell sheet."""
    for cell in (b'<c\nr="ZZ50000"/>', b"<c r='ZZ50000'/>", b'<c\tr = "ZZ50000"/>'):
        xml = b'<sheetData><row r="1"><c r="A1"/></row><row r="2">' + cell + b"</row>"
        scanned = _scan(xml + b"</sheetData>", 1 << 17)
        assert (scanned.rows, scanned.columns) == (50_000, 702), cell
