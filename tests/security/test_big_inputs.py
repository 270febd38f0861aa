"""Very long cells, very wide and very long files, pathological CSV quoting.

Each either analyses or is refused with a typed, one-line error; none hangs.
(No timing asserts: the times measured are in the issue report.)
"""

from __future__ import annotations

import io

import pytest
from hostile import NS, SHEET, XML_HEAD, basic_xlsx, with_member

import niche
from niche import FileTooLargeError, NicheError
from niche.read.limits import EXCEL_CELL_CHARS, LARGE_LIMITS

MB = 1024 * 1024
MAX_ROWS = 1_048_576  # Excel's row limit


def _outcome(data: bytes, name: str) -> niche.Analysis | NicheError:
    try:
        return niche.analyze_bytes(data, name)
    except NicheError as err:
        error = err
    assert "\n" not in str(error)
    assert name in str(error) or "revenue" in str(error).lower()
    return error


def _long_cell_csv(chars: int) -> bytes:
    return (
        "Client,Revenue,Notes\nAcme Dental,100," + "x" * chars + "\nBolt Law,50,ok\n"
    ).encode()


def test_cell_as_long_as_excel_allows_is_analysed() -> None:
    analysis = niche.analyze_bytes(_long_cell_csv(EXCEL_CELL_CHARS), "long.csv")
    assert list(analysis.clients["client"]) == ["Acme Dental", "Bolt Law"]


@pytest.mark.parametrize("chars", [EXCEL_CELL_CHARS + 1, 5 * MB])
def test_longer_cell_is_refused_naming_the_limit(chars: int) -> None:
    with pytest.raises(FileTooLargeError) as info:
        niche.analyze_bytes(_long_cell_csv(chars), "long.csv")
    message = str(info.value)
    assert message == (
        f"long.csv has a cell of {chars:,} characters, over the 32,767 limit "
        "for one cell."
    )


def test_longer_cell_is_refused_in_a_workbook_too() -> None:
    """Excel and openpyxl stop at 32,767 characters; a made-up file need not."""
    name = "A" * (EXCEL_CELL_CHARS + 1)
    sheet = (
        XML_HEAD
        + f'<worksheet xmlns="{NS}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Client</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Revenue</t></is></c></row>'
        f'<row r="2"><c r="A2" t="inlineStr"><is><t>{name}</t></is></c>'
        '<c r="B2"><v>100</v></c></row></sheetData></worksheet>'.encode()
    )
    data = with_member(basic_xlsx(), SHEET, sheet)
    with pytest.raises(FileTooLargeError, match="32,768 characters, over the 32,767"):
        niche.analyze_bytes(data, "long.xlsx")


def test_five_megabyte_client_name_is_analysed_with_large_limits() -> None:
    """The command line's --large-files keeps the old bound (10 MB a cell)."""
    name = "A" * (5 * MB)
    data = f'Client,Revenue\n"{name}",100\nBolt Law,50\n'.encode()
    analysis = niche.analyze_bytes(data, "long.csv", limits=LARGE_LIMITS)
    assert len(analysis.clients) == 2
    assert analysis.clients["client"].iloc[0] == name


def test_ten_thousand_columns_csv_refused() -> None:
    header = ",".join(["Client", "Revenue", *(f"c{i}" for i in range(9_998))])
    row = ",".join(["Acme", "100", *("1" for _ in range(9_998))])
    with pytest.raises(FileTooLargeError, match="10,000 columns"):
        niche.analyze_bytes(f"{header}\n{row}\n".encode(), "wide.csv")


def _wide_xlsx(columns: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Clients")
    sheet.append(["Client", "Revenue", *(f"c{i}" for i in range(columns - 2))])
    sheet.append(["Acme", 100, *(1 for _ in range(columns - 2))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_ten_thousand_columns_xlsx_refused() -> None:
    with pytest.raises(FileTooLargeError, match="columns, over the 1,000 limit"):
        niche.analyze_bytes(_wide_xlsx(10_000), "wide.xlsx")


def test_xlsx_one_column_over_the_limit_refused() -> None:
    with pytest.raises(FileTooLargeError, match="1,001 columns"):
        niche.read_file(_wide_xlsx(1_001), "wide.xlsx")


def test_million_rows_csv_few_clients() -> None:
    """1,048,576 lines (Excel's limit) of 50 clients: read, cleaned, analysed."""
    lines = [f"Client {i % 50},{i % 997 + 1}\n" for i in range(MAX_ROWS - 1)]
    data = ("Client,Revenue\n" + "".join(lines)).encode()
    analysis = niche.analyze_bytes(data, "big.csv")
    assert len(analysis.clients) == 50
    assert sum(len(rows) for rows in analysis.clients["rows"]) == MAX_ROWS - 1


def test_million_rows_csv_distinct_clients_refused_before_cleaning() -> None:
    """A million different names would take over a gigabyte once cleaned and
    analysed: refused as soon as the names are counted."""
    lines = [f"Client {i},{i % 997 + 1}\n" for i in range(MAX_ROWS - 1)]
    data = ("Client,Revenue\n" + "".join(lines)).encode()
    with pytest.raises(FileTooLargeError) as info:
        niche.analyze_bytes(data, "big.csv")
    assert str(info.value) == (
        f"big.csv has {MAX_ROWS - 1:,} different client names, over the 150,000 limit."
    )


QUOTES = {
    "a million quotes": '"' * MB + ",100\nBolt Law,50\n",
    "unbalanced open quote": '"Acme,100\nBolt Law,50\n' + "Cee,1\n" * 100_000,
    "doubled quotes": '"a""b"""c""""d' * 50_000 + ",100\nBolt Law,50\n",
    "growing quote runs": "".join('"' * i + "x" for i in range(1, 2_000))
    + ",100\nBolt Law,50\n",
    "stray quotes": 'A"b"c,100\n"Bolt" Law,50\n',
    "quote then delimiter storm": '"' + ",;\t" * 300_000 + '",100\nBolt Law,50\n',
}


@pytest.mark.parametrize("case", QUOTES)
def test_pathological_quotes_give_result_or_typed_error(case: str) -> None:
    outcome = _outcome(("Client,Revenue\n" + QUOTES[case]).encode(), "quotes.csv")
    if isinstance(outcome, niche.Analysis):
        assert len(outcome.clients) >= 1


def test_valid_workbook_control() -> None:
    assert len(niche.analyze_bytes(basic_xlsx(), "ok.xlsx").clients) == 3
