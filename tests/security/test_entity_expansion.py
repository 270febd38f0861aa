"""XML entity expansion ("billion laughs") inside an xlsx: never expanded.

calamine (the reader niche uses) does not expand custom entities: it rejects the
unknown entity, and niche reports a damaged workbook. openpyxl (used by pandas
and for the Excel report) uses defusedxml when it is installed, which forbids
entity declarations outright.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from hostile import NS, SHARED, SHEET, XML_HEAD, basic_xlsx, with_member

import niche
from niche import UnreadableFileError

LAUGHS = 9  # lol9 expands to 10**9 "lol"s: 3 GB of text if expanded


def _dtd() -> bytes:
    entities = ['<!ENTITY lol0 "lol">']
    for i in range(1, LAUGHS + 1):
        entities.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    return f"<!DOCTYPE lolz [{''.join(entities)}]>\n".encode()


def _sheet_with_laughs() -> bytes:
    return (
        XML_HEAD
        + _dtd()
        + f'<worksheet xmlns="{NS}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Client</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Revenue</t></is></c></row>'
        f'<row r="2"><c r="A2" t="inlineStr"><is><t>&lol{LAUGHS};</t></is></c>'
        '<c r="B2"><v>100</v></c></row>'
        "</sheetData></worksheet>".encode()
    )


def _shared_strings_with_laughs() -> bytes:
    return (
        XML_HEAD
        + _dtd()
        + f'<sst xmlns="{NS}" count="1" uniqueCount="1">'
        f"<si><t>&lol{LAUGHS};</t></si></sst>".encode()
    )


def _inline_bomb() -> bytes:
    return with_member(basic_xlsx(), SHEET, _sheet_with_laughs())


def _shared_bomb() -> bytes:
    """The entity sits in the shared-string table the sheet's cells point into."""
    sheet = (
        XML_HEAD
        + f'<worksheet xmlns="{NS}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Client</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Revenue</t></is></c></row>'
        '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>100</v></c></row>'
        "</sheetData></worksheet>".encode()
    )
    data = with_member(basic_xlsx(), SHEET, sheet)
    rels = "xl/_rels/workbook.xml.rels"
    types = "[Content_Types].xml"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rel_xml = archive.read(rels)
        types_xml = archive.read(types)
    rel_xml = rel_xml.replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Target="sharedStrings.xml" Type="http://schemas'
        b'.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
        b"</Relationships>",
    )
    types_xml = types_xml.replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd'
        b'.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    data = with_member(with_member(data, rels, rel_xml), types, types_xml)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        dst.writestr(SHARED, _shared_strings_with_laughs())
    return out.getvalue()


def test_shared_strings_bomb_is_well_formed_without_the_entity() -> None:
    """Control: the same workbook with a plain shared string reads fine."""
    data = _shared_bomb()
    plain = XML_HEAD + f'<sst xmlns="{NS}"><si><t>Acme</t></si></sst>'.encode()
    grid = niche.read_file(with_member(data, SHARED, plain), "plain.xlsx")
    assert grid.cells.iloc[1, 0] == "Acme"


BOMBS = {"sheet": _inline_bomb, "shared_strings": _shared_bomb}


@pytest.mark.parametrize("where", BOMBS)
def test_calamine_refuses_entities(where: str) -> None:
    data = BOMBS[where]()
    with pytest.raises(UnreadableFileError) as info:
        niche.analyze_bytes(data, "laughs.xlsx")
    assert "laughs.xlsx" in str(info.value)


@pytest.mark.parametrize("where", BOMBS)
def test_calamine_itself_does_not_expand(where: str) -> None:
    from python_calamine import CalamineWorkbook

    data = BOMBS[where]()
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # noqa: BLE001 - refusing is the safe outcome
        # the sheet: "unrecognized entity"; shared strings are read when the
        # workbook is opened, and the failure surfaces as an undetected format
        message = str(exc).lower()
        assert "entity" in message or "cannot detect file format" in message
    else:  # not refused: then the entity must not have been expanded
        text = "".join(str(c) for row in rows for c in row)
        assert "lollol" not in text
        assert len(text) < 10_000


def test_openpyxl_uses_defusedxml() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


@pytest.mark.parametrize("where", BOMBS)
@pytest.mark.parametrize("read_only", [False, True])
def test_openpyxl_refuses_entities(where: str, read_only: bool) -> None:
    import openpyxl
    from defusedxml import EntitiesForbidden

    data = BOMBS[where]()

    def load_all() -> None:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=read_only)
        for row in book.active.iter_rows(values_only=True):
            assert "lollol" not in "".join(map(str, row))

    with pytest.raises(Exception) as info:  # noqa: PT011 - openpyxl wraps it
        load_all()
    chain, exc = [], info.value
    while exc is not None:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    assert any(isinstance(e, EntitiesForbidden) for e in chain), chain


def test_entities_in_the_workbook_part_are_not_expanded() -> None:
    """calamine reads the sheet names from xl/workbook.xml and nothing else
    there: entities in it are not expanded."""
    import time

    data = basic_xlsx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = archive.read("xl/workbook.xml")
    laughs = (
        XML_HEAD
        + _dtd()
        + book.replace(b"<workbookPr />", f"<workbookPr/><x>&lol{LAUGHS};</x>".encode())
    )
    bomb = with_member(data, "xl/workbook.xml", laughs)
    start = time.perf_counter()
    grid = niche.read_file(bomb, "laughs.xlsx")
    assert time.perf_counter() - start < 5  # not 3 GB of "lol"s
    assert grid.cells.equals(niche.read_file(data, "plain.xlsx").cells)
