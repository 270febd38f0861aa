"""The Excel report a consultant can send: words not codes, charts, who gets what."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from core_helpers import DATA_DIR, SAMPLE_DIR, csv_bytes, run_bytes, run_file

import niche
from niche.export.report import to_csv, to_xlsx
from niche.model import REASONS

ACCENTS = DATA_DIR / "plan" / "accents.csv"
FILES = [
    SAMPLE_DIR / "clients.xlsx",
    ACCENTS,
    DATA_DIR / "corpus" / "qbd_sales_by_customer_detail.csv",
]


@pytest.fixture(scope="module", params=FILES, ids=lambda p: p.name)
def report(request: pytest.FixtureRequest) -> tuple[niche.Analysis, bytes]:
    analysis = run_file(request.param)
    return analysis, to_xlsx(analysis, company="Núñez IT", created=dt.date(2026, 1, 5))


def cells(data: bytes) -> list[object]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [c.value for ws in book for row in ws.iter_rows() for c in row]


def test_no_reason_code_and_no_lower_case_label(report: tuple) -> None:
    analysis, data = report
    values = {v for v in cells(data) if isinstance(v, str)}
    assert not values & set(REASONS), "a reason code is left"
    assert not values & {"high", "medium", "low", "focused", "diversified", "none"}
    assert not any(v.startswith("column ") for v in values)
    for item in analysis.excluded:
        assert REASONS[item.reason] in values


def test_charts_are_native_excel_charts(report: tuple) -> None:
    _, data = report
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) >= 2
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert len(book["Summary"]._charts) == 2


def test_summary_names_company_period_and_date(report: tuple) -> None:
    analysis, data = report
    rows = dict(
        openpyxl.load_workbook(io.BytesIO(data))["Summary"].iter_rows(values_only=True)
    )
    assert rows["Company"] == "Núñez IT"
    assert rows["Created"] == "5 January 2026"
    assert rows["Period"]
    assert rows["Check"].startswith("The rows counted add up to")
    assert "Springboard" not in rows or rows["Springboard"]
    assert "micro" not in str(rows["Size tiers"])  # a sentence, not "micro < 10"
    assert str(rows["Size tiers"]).startswith("Micro: under")


def test_who_gets_what_has_reasons_and_actions(report: tuple) -> None:
    analysis, data = report
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Who gets what"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("List", "Client", "Why", "Next step")
    best = [r for r in rows[1:] if str(r[0]).startswith("Best service")]
    assert best[0][1] == analysis.clients["client"].iloc[0]
    assert best[0][3].startswith("Name a senior tech")


def test_number_formats(report: tuple) -> None:
    _, data = report
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Clients"]
    heads = [c.value for c in sheet[1]]
    second = {h: c for h, c in zip(heads, sheet[2], strict=True)}
    assert second["Monthly revenue"].number_format.startswith('"$"#,##0.00')
    assert second["Share of revenue"].number_format == "0.0%"
    assert second["Rank"].data_type == "n"
    assert heads[-1] == "Rows in your file"


def test_blank_heading_is_named_by_its_column() -> None:
    data = csv_bytes(
        [
            ["Client", "Revenue", ""],
            ["Alpha", "100", "x"],
            ["TOTAL", "100", "y"],
        ]
    )
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(run_bytes(data))))
    heads = [c.value for c in book["Excluded rows"][1]]
    assert "Column C (no heading)" in heads


def test_csv_shares_are_percentages_and_say_so() -> None:
    analysis = run_file(ACCENTS)
    text = to_csv(analysis).decode("utf-8-sig")
    header = text.splitlines()[0]
    assert '"Share of revenue (%)"' in header
    assert '"Cumulative share (%)"' in header
    first = text.splitlines()[1].split(",")
    share = float(analysis.clients["revenue_share"].iloc[0]) * 100
    assert pytest.approx(share, abs=1e-4) in [
        float(x) for x in first if x[:1].isdigit()
    ]
