"""A large worksheet read in two parts gives the cells of the whole read (issue 7).

Every workbook of the test corpus, the sample data and the real exports is read
both ways with the size threshold at 0, so each is cut; then the shapes that
make the second part different from the first (wider, starting further right,
after a gap), the XML that must not be cut, and the limits.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

import niche
from niche import sheetparts
from niche.errors import FileTooLargeError, UnreadableFileError
from niche.load import DEFAULT_LIMITS, Limits, read_table

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real-exports"
sys.path.insert(0, str(ROOT / "bench"))

import gen  # noqa: E402

WORKBOOKS = sorted(
    [
        *(ROOT / "tests" / "data").rglob("*.xls[xm]"),
        *(ROOT / "sample_data").glob("*.xlsx"),
        *REAL.glob("*.xlsx"),
    ]
)


def no_check(name: str, height: int, width: int) -> None:
    return None


def whole(data: bytes, sheet: str) -> list[list[object]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def same_cells(parts: np.ndarray, rows: list[list[object]]) -> bool:
    """Equal cell by cell, types included (1 == 1.0 == True would pass ==)."""
    got = parts.tolist()
    typed = [[(type(v), v) for v in row] for row in got]
    return typed == [[(type(v), v) for v in row] for row in rows]


def in_parts(data: bytes, sheet: str | None = None) -> sheetparts.Sheet | None:
    return sheetparts.read_in_parts(data, sheet, no_check, min_xml_bytes=0)


def workbook(rows: dict[int, list[object]], *, column: int = 1, **sheets) -> bytes:
    """An xlsx whose first sheet "Clients" has ``rows`` (Excel row -> values
    from ``column``), then ``sheets`` (name -> list of rows)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Clients"
    for row, values in rows.items():
        for offset, value in enumerate(values):
            sheet.cell(row=row, column=column + offset, value=value)
    for name, lines in sheets.items():
        extra = book.create_sheet(name)
        for line in lines:
            extra.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet_xml(data: bytes, change) -> bytes:
    """``data`` with the first sheet's XML passed through ``change``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = change(body)
            target.writestr(info.filename, body)
    return out.getvalue()


def client_rows(n: int, first: int = 2) -> dict[int, list[object]]:
    return {
        first + i: [f"Client {i:04d}", "Dental", i % 60, 1000.5 + i] for i in range(n)
    }


# ------------------------------------------------------------ the same cells


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_every_workbook_reads_the_same_in_parts(path: Path) -> None:
    data = path.read_bytes()
    try:
        names = CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names
    except Exception:  # noqa: BLE001 - unreadable files are the whole read's job
        assert in_parts(data) is None
        return
    for name in names:
        found = in_parts(data, name)
        if found is not None:
            assert found.name == name
            assert found.names == tuple(names)
            assert same_cells(found.cells, whole(data, name))


def test_most_corpus_workbooks_are_actually_cut() -> None:
    cut = [p.name for p in WORKBOOKS if in_parts(p.read_bytes()) is not None]
    assert {"clients.xlsx", "qbo_sales_by_customer_summary.xlsx"} <= set(cut)
    assert len(cut) >= 8, cut


def test_a_generated_list_reads_the_same_and_analyses_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = gen.write_clients_xlsx(tmp_path / "clients_3000.xlsx", 3_000)
    data = path.read_bytes()
    found = in_parts(data)
    assert found is not None
    assert same_cells(found.cells, whole(data, "Clients"))

    monkeypatch.setattr(sheetparts, "MIN_XML_BYTES", 10**12)
    plain = niche.analyse(niche.prepare(niche.read(data, path.name)))
    monkeypatch.setattr(sheetparts, "MIN_XML_BYTES", 0)
    cut = niche.analyse(niche.prepare(niche.read(data, path.name)))
    assert cut.clients.equals(plain.clients)
    assert cut.excluded == plain.excluded


def test_types_survive_the_cut() -> None:
    rows = client_rows(300)
    rows[200] = ["Dated", dt.datetime(2026, 3, 15, 9, 30), True, "12.345"]
    rows[250] = ["Timed", dt.time(8, 15), False, None]
    data = workbook(rows)
    found = in_parts(data)
    assert found is not None
    assert same_cells(found.cells, whole(data, "Clients"))


# ---------------------------------------- a second part unlike the first one


def test_second_part_wider_than_the_first() -> None:
    rows = client_rows(400)
    rows[390] = [*rows[390], "", "", "a note far right"]
    data = workbook(rows)
    found = in_parts(data)
    assert found is not None
    assert found.cells.shape == (401, 7)
    assert same_cells(found.cells, whole(data, "Clients"))


def test_second_part_starting_further_right_after_a_gap() -> None:
    rows = client_rows(200)
    rows.update({r: [None, None, "Late", 5] for r in range(600, 800)})
    data = workbook(rows)
    found = in_parts(data)
    assert found is not None
    assert same_cells(found.cells, whole(data, "Clients"))


def test_table_starting_in_column_c_and_row_10() -> None:
    data = workbook(client_rows(500, first=10), column=3)
    found = in_parts(data)
    assert found is not None
    assert found.cells.shape == (509, 6)
    assert same_cells(found.cells, whole(data, "Clients"))


def test_an_empty_second_part() -> None:
    # Rows that exist in the XML but hold no cell: the second part has none.
    def empty_rows(xml: bytes) -> bytes:
        rows = b"".join(b'<row r="%d"/>' % r for r in range(400, 2400))
        return xml.replace(b"</sheetData>", rows + b"</sheetData>")

    data = with_sheet_xml(workbook(client_rows(100)), empty_rows)
    found = in_parts(data)
    assert found is not None
    assert same_cells(found.cells, whole(data, "Clients"))


def test_a_named_sheet_that_is_not_the_first() -> None:
    lines = [["Client", "Revenue"], *[[f"C{i}", i * 10.0] for i in range(500)]]
    data = workbook({1: ["Notes"]}, Clients2=lines)
    found = in_parts(data, "Clients2")
    assert found is not None
    assert found.names == ("Clients", "Clients2")
    assert same_cells(found.cells, whole(data, "Clients2"))


# ------------------------------------------------ XML that is read whole


@pytest.mark.parametrize(
    "change",
    [
        # A comment or CDATA could hold a "<row" that is no row.
        lambda x: x.replace(b'<row r="300"', b'<!-- <row r="3"> --><row r="300"'),
        lambda x: x.replace(b"<sheetData>", b"<sheetData><?pi <row r='1'>?>"),
        # Without r= the second part would restart at row 1.
        lambda x: re.sub(rb'<row r="\d+"', b"<row", x),
        # Rows after the end of the rows (invalid XML): the whole read ignores
        # them, a second part would start inside them.
        lambda x: x.replace(b'<row r="100"', b'</sheetData><row r="100"'),
        # A prefixed namespace: the tags are not the ones searched for.
        lambda x: x.replace(b"<sheetData>", b"<x:sheetData>").replace(
            b"</sheetData>", b"</x:sheetData>"
        ),
    ],
    ids=[
        "comment",
        "processing-instruction",
        "no-row-numbers",
        "rows-after-the-rows",
        "prefixed",
    ],
)
def test_xml_that_could_be_cut_wrongly_is_read_whole(change) -> None:
    data = with_sheet_xml(workbook(client_rows(500)), change)
    assert in_parts(data) is None


def test_rows_out_of_order_are_read_whole() -> None:
    def swap(xml: bytes) -> bytes:
        """The last rows (480 on) moved before the first."""
        first, late = xml.index(b'<row r="2"'), xml.index(b'<row r="480"')
        end = xml.index(b"</sheetData>")
        return xml[:first] + xml[late:end] + xml[first:late] + xml[end:]

    data = with_sheet_xml(workbook(client_rows(500)), swap)
    assert in_parts(data) is None
    assert read_table(data, "swapped.xlsx").cells.shape[0] == 501


def test_small_huge_and_other_files_are_read_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = workbook(client_rows(50))
    assert sheetparts.read_in_parts(data, None, no_check) is None  # < MIN_XML_BYTES
    assert in_parts(data) is not None
    monkeypatch.setattr(sheetparts, "MAX_XML_BYTES", 1_000)  # held 3 times over
    assert in_parts(data) is None
    monkeypatch.undo()
    assert in_parts(data, "No such sheet") is None
    ods = (ROOT / "tests" / "data" / "corpus" / "truncated.xlsx").read_bytes()
    assert in_parts(ods) is None


def with_method(data: bytes, member: str, method: int) -> bytes:
    """``data`` with ``member``'s compression method set to ``method`` in its
    local and central headers (9: Deflate64, which zipfile does not read)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    out = bytearray(data)
    out[info.header_offset + 8 : info.header_offset + 10] = method.to_bytes(2, "little")
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + length] == member.encode():
            out[at + 10 : at + 12] = method.to_bytes(2, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(out)


@pytest.mark.parametrize(
    "member", ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml"]
)
def test_a_part_zipfile_cannot_inflate_gives_the_whole_reads_message(
    member: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = with_method(workbook(client_rows(200)), member, 9)
    assert in_parts(data) is None
    monkeypatch.setattr(sheetparts, "MIN_XML_BYTES", 0)
    with pytest.raises(UnreadableFileError, match="corrupt or unsupported workbook"):
        read_table(data, "odd.xlsx")


# ------------------------------------------------------- limits, workbooks


def test_the_size_limit_holds_for_a_sheet_read_in_parts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Without its declared size, the sheet is measured as it is parsed: the
    # first part (about 1,000 rows) is within 6,000 cells, the whole is not.
    monkeypatch.setattr(sheetparts, "MIN_XML_BYTES", 0)
    data = with_sheet_xml(
        workbook(client_rows(2_000)), lambda x: re.sub(rb"<dimension [^>]*/>", b"", x)
    )
    limits = Limits(max_cells=4 * 1_500)
    with pytest.raises(FileTooLargeError, match='Sheet "Clients" of big.xlsx has'):
        read_table(data, "big.xlsx", limits=limits)
    assert read_table(data, "big.xlsx", limits=DEFAULT_LIMITS).cells.shape == (2001, 4)


def test_a_list_on_the_second_sheet_is_found_and_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str | None] = []
    real = sheetparts.read_in_parts

    def spy(data: bytes, sheet: str | None, *args, **kwargs):
        found = real(data, sheet, *args, **kwargs)
        calls.append(None if found is None else found.name)
        return found

    monkeypatch.setattr(sheetparts, "MIN_XML_BYTES", 0)
    monkeypatch.setattr("niche.load.read_in_parts", spy)
    lines = [["Client", "Revenue"], *[[f"C{i}", i * 10.0] for i in range(500)]]
    tips = {r: [f"QuickBooks Desktop Export Tips, line {r}"] for r in range(1, 60)}
    data = workbook(tips, Report=lines)
    grid = read_table(data, "tips.xlsx", accept=lambda g: g.cells.shape[1] > 1)
    assert (grid.sheet, grid.sheets) == ("Report", ("Clients", "Report"))
    assert calls == ["Clients", "Report"]  # each sheet tried once
    assert same_cells(grid.cells.to_numpy(), whole(data, "Report"))
