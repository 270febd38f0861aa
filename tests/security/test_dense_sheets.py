"""Tiny workbooks that a reader would expand into a huge dense block.

A reader holds a sheet as every position from A1 to the last cell used: two
cells at A1 and ALL100000 are 100 million positions (3 GB in calamine) out of
a 5 KB file, whatever the ``<dimension>`` tag says; an ODS row repeated 30,000
times with a value repeated 1,000 times is 30 million. Each is refused from
its XML, before a reader builds anything; blanks that readers do not expand
(LibreOffice's trailing repeats) are not counted.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hostile import NS, SHEET, XML_HEAD, basic_xlsx, with_member

import niche
from niche import FileTooLargeError
from niche.read.extent import Extent, scan_ods, scan_sheet
from niche.read.limits import LARGE_LIMITS

ODS = Path(__file__).resolve().parents[1] / "data" / "corpus" / "libreoffice.ods"
HEAD = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Client</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Revenue</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>Acme Dental</t></is></c>'
    '<c r="B2"><v>100</v></c></row>'
)


def _sheet(rows: str) -> bytes:
    xml = f'<worksheet xmlns="{NS}"><sheetData>{HEAD}{rows}</sheetData></worksheet>'
    return with_member(basic_xlsx(), SHEET, XML_HEAD + xml.encode())


def _extent(data: bytes) -> Extent:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return scan_sheet(archive, archive.getinfo(SHEET))


@pytest.mark.parametrize(
    ("far", "cells"),
    [("ALL100000", "100,000,000"), ("XFD1048576", "17,179,869,184")],
)
def test_two_far_apart_cells_are_refused_before_reading(far: str, cells: str) -> None:
    row = far.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    data = _sheet(f'<row r="{row}"><c r="{far}"><v>1</v></c></row>')
    assert len(data) < 10_000
    with pytest.raises(FileTooLargeError) as info:
        niche.read_file(data, "sparse.xlsx", limits=LARGE_LIMITS)
    assert str(info.value).startswith("sparse.xlsx has a sheet of ")
    if far.startswith("ALL"):
        assert f"{cells} cells" in str(info.value)


@pytest.mark.parametrize(
    "cell", ['<c\nr="ALL100000">', "<c r='ALL100000'>", '<c\tr = "ALL100000">']
)
def test_a_far_cell_written_with_other_white_space_is_refused(cell: str) -> None:
    """calamine reads these as a cell at ALL100000 (100 million positions); a
    scan that only knew ``<c r="`` took the sheet for two rows."""
    data = _sheet(f'<row r="100000">{cell}<v>1</v></c></row>')
    assert _extent(data).area == 100_000 * 1000  # seen before any reader runs
    with pytest.raises(FileTooLargeError) as info:
        niche.read_file(data, "spaced.xlsx", limits=LARGE_LIMITS)
    assert "100,000,000 cells" in str(info.value)


def test_the_extent_is_what_the_cells_name() -> None:
    data = _sheet('<row r="40"><c r="AB40"><v>1</v></c></row>')
    assert _extent(data) == Extent(
        rows=40, columns=28, cells=5, xml_bytes=_extent(data).xml_bytes
    )


def test_cells_without_a_reference_count_as_extending_the_sheet() -> None:
    """No ``r``: a reader puts each cell after the previous one."""
    unnamed = "<row>" + "<c><v>1</v></c>" * 1_500 + "</row>"
    data = _sheet(unnamed + '<row r="5000"><c r="A5000"><v>1</v></c></row>')
    extent = _extent(data)
    assert extent.columns >= 1_500
    assert extent.rows >= 5_000
    with pytest.raises(FileTooLargeError, match="columns, over the 1,000 limit"):
        niche.read_file(data, "unnamed.xlsx")


def test_a_reference_no_reader_accepts_counts_as_huge() -> None:
    data = _sheet('<row r="3"><c r="ABCD3"><v>1</v></c></row>')
    with pytest.raises(FileTooLargeError):
        niche.read_file(data, "odd.xlsx")


def test_an_ordinary_workbook_scans_to_its_own_size() -> None:
    extent = _extent(basic_xlsx())
    assert (extent.rows, extent.columns, extent.cells) == (4, 4, 16)


def _ods(extra: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(ODS) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "content.xml":
                data = data.replace(
                    b"</table:table>", extra.encode() + b"</table:table>", 1
                )
            kind = (
                zipfile.ZIP_STORED
                if info.filename == "mimetype"
                else zipfile.ZIP_DEFLATED
            )
            dst.writestr(info, data, compress_type=kind)
    return out.getvalue()


VALUE = (
    '<table:table-cell office:value-type="float" office:value="1"'
    ' table:number-columns-repeated="1000"><text:p>1</text:p></table:table-cell>'
)


def test_ods_repeated_values_are_refused_before_reading() -> None:
    data = _ods(
        f'<table:table-row table:number-rows-repeated="30000">{VALUE}</table:table-row>'
    )
    assert len(data) < 5_000
    with pytest.raises(FileTooLargeError, match="has a sheet of 30,006,000 cells"):
        niche.read_file(data, "repeats.ods", limits=LARGE_LIMITS)


def test_ods_blank_rows_before_a_value_count() -> None:
    blank = '<table:table-cell table:number-columns-repeated="999"/>'
    data = _ods(
        '<table:table-row table:number-rows-repeated="20000">'
        f"{blank}</table:table-row><table:table-row>{blank}"
        '<table:table-cell office:value-type="float" office:value="1"/>'
        "</table:table-row>"
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        (extent,) = scan_ods(archive, archive.getinfo("content.xml"))
    assert (extent.rows, extent.columns) == (20_007, 1_000)


def test_ods_trailing_blanks_are_not_counted() -> None:
    """LibreOffice writes the rest of the sheet as one repeated blank row."""
    data = _ods(
        '<table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    grid = niche.read_file(data, "libreoffice.ods")
    assert len(grid.cells) == 6


def _scan_ods(data: bytes) -> list[Extent]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return scan_ods(archive, archive.getinfo("content.xml"))


def test_ods_long_text_is_not_carried_from_piece_to_piece() -> None:
    """A cell's text of 8 MB with no tag in it: the scan carries only an
    unfinished tag to the next piece, not the text (it carried all of it,
    copied and searched again for every 1 MB read)."""
    import tracemalloc

    data = _ods(
        "<table:table-row><table:table-cell><text:p>"
        + "A" * (8 << 20)
        + "</text:p></table:table-cell></table:table-row>"
    )
    tracemalloc.start()
    try:
        (extent,) = _scan_ods(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert extent.rows == 7
    assert peak < 6 << 20  # a few 1 MB pieces, not the 8 MB text (twice)


def test_ods_tag_of_a_megabyte_is_refused() -> None:
    attributes = " ".join(f'table:a{i}="1"' for i in range(200_000))
    data = _ods(f"<table:table-row><table:table-cell {attributes}/></table:table-row>")
    (extent,) = _scan_ods(data)
    assert extent.area >= 10**20
