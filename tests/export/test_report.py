"""The downloads: the Excel report and the ranked clients as CSV (niche.report)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import openpyxl
import pandas as pd
import pytest
from core_helpers import SAMPLE_DIR, cli, csv_bytes, run_bytes, run_file
from hypothesis import given, settings
from hypothesis import strategies as st

import niche
from niche.export.report import (
    CLIENT_COLUMNS,
    CSV_HEADINGS,
    CSV_MIME,
    to_csv,
    to_xlsx,
)
from niche.export.xlsx import (
    MAX_CELL_CHARS,
    XLSX_MIME,
    Sheet,
    Styled,
    safe_cell,
    workbook_bytes,
)

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "report" / "hostile.csv"
SHEETS = [
    "Summary",
    "Who gets what",
    "Profit",  # the sample has support hours
    "Change",  # and last year's revenue
    "Clients",
    "Tiers",
    "Industries",
    "Excluded rows",
]
OPENING = ("Profit", "Change")  # open with their answer: the header row is lower
HEADINGS = [name for name, _ in CLIENT_COLUMNS]
CSV = list(CSV_HEADINGS)
PAYLOADS = {
    '=HYPERLINK("http://x","click")': '\'=HYPERLINK("http://x","click")',
    "+cmd|' /C calc'!A0": "'+cmd|' /C calc'!A0",
    "@SUM(1+1)": "'@SUM(1+1)",
    "-2+3": "'-2+3",
    "-45.00": "'-45.00",
}


@pytest.fixture(scope="module")
def sample() -> niche.Analysis:
    return run_file(SAMPLE_DIR / "clients.xlsx")


@pytest.fixture(scope="module")
def book(sample: niche.Analysis) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(to_xlsx(sample)))


@pytest.fixture(scope="module")
def hostile() -> niche.Analysis:
    # No roll-up: the "://" of the URL would read as Parent:Child otherwise.
    return run_file(HOSTILE, options=niche.Options(rollup=False))


def column(sheet: openpyxl.worksheet.worksheet.Worksheet, heading: str) -> list:
    headings = [c.value for c in sheet[1]]
    index = headings.index(heading)
    return [row[index] for row in sheet.iter_rows(min_row=2)]


def summary_value(book: openpyxl.Workbook, label: str) -> object:
    for a, b in book["Summary"].iter_rows(values_only=True):
        if a == label:
            return b
    raise KeyError(label)


# --- the Excel report -------------------------------------------------------------


def test_mime_types() -> None:
    assert XLSX_MIME.endswith("spreadsheetml.sheet")
    assert CSV_MIME == "text/csv"


def test_sheets_in_order(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == SHEETS


@pytest.mark.parametrize("name", [s for s in SHEETS if s not in OPENING])
def test_header_row_frozen_and_bold(book: openpyxl.Workbook, name: str) -> None:
    sheet = book[name]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b


@pytest.mark.parametrize(
    ("name", "ref"),
    [("Clients", "A1:O40"), ("Tiers", "A1:H5"), ("Excluded rows", "A1:E3")],
)
def test_autofilter_covers_the_table(
    book: openpyxl.Workbook, name: str, ref: str
) -> None:
    assert book[name].auto_filter.ref == ref


def test_industries_autofilter(book: openpyxl.Workbook, sample: niche.Analysis) -> None:
    rows = len(sample.industries) + 1
    assert book["Industries"].auto_filter.ref == f"A1:R{rows}"


def test_client_headings(book: openpyxl.Workbook) -> None:
    assert [c.value for c in book["Clients"][1]] == HEADINGS


def test_money_and_percent_formats(book: openpyxl.Workbook) -> None:
    sheet = book["Clients"]
    for heading in ("Monthly revenue", "Annual revenue", "Revenue per PC (monthly)"):
        cells = [c for c in column(sheet, heading) if c.value is not None]
        assert all('"$"#,##0.00' in c.number_format for c in cells), heading
    for heading in ("Share of revenue", "Cumulative share", "Gross margin"):
        cells = [c for c in column(sheet, heading) if c.value is not None]
        assert cells
        assert all(c.number_format == "0.0%" for c in cells), heading
    assert sheet["A1"].number_format == "General"


def test_currency_setting_sets_the_money_format() -> None:
    analysis = run_file(
        SAMPLE_DIR / "clients.csv", settings=niche.Settings(currency="€")
    )
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(analysis)))["Clients"]
    assert column(sheet, "Monthly revenue")[0].number_format.startswith('"€"')


def test_column_widths_fit_the_content(book: openpyxl.Workbook) -> None:
    sheet = book["Clients"]
    widths = {k: d.width for k, d in sheet.column_dimensions.items()}
    assert {"A", "B", "N"} <= set(widths)  # equal neighbours share one range
    longest = max(len(c.value) for c in column(sheet, "Client"))
    assert longest <= widths["B"] <= longest * 1.2 + 3
    assert widths["A"] < widths["B"]
    flags = book["Clients"].column_dimensions["N"].width
    assert flags <= 60  # capped


def test_clients_sheet_matches_the_analysis(
    book: openpyxl.Workbook, sample: niche.Analysis
) -> None:
    frame = pd.read_excel(
        io.BytesIO(to_xlsx(sample)), sheet_name="Clients", engine="calamine"
    )
    clients = sample.clients
    assert frame["Rank"].tolist() == clients["rank"].tolist()
    assert frame["Client"].tolist() == clients["client"].tolist()
    assert np.allclose(frame["Annual revenue"], clients["annual_revenue"])
    assert frame["Size tier"].iloc[0] == "Sweet spot"
    assert frame["Flags"].iloc[0] == "best service, retain, pays the bills"
    merged = frame.loc[
        frame["Rows in your file"].astype(str).str.contains(","), "Rows in your file"
    ]
    assert len(merged) == len(sample.merged)


def test_summary_names_the_niche(book: openpyxl.Workbook) -> None:
    assert summary_value(book, "Niche") == "Dental offices"
    assert summary_value(book, "Sector") == "Healthcare"
    assert summary_value(book, "Confidence") == "High"
    assert summary_value(book, "Concentration") == "Focused"
    assert summary_value(book, "Clients") == 39
    reasons = summary_value(book, "Why")
    assert isinstance(reasons, str)
    assert "dental offices" in reasons
    assert "Medical offices" in str(summary_value(book, "Grow next into"))
    assert str(summary_value(book, "Warnings")).startswith("Concentration risk")


def test_summary_totals_are_numbers(
    book: openpyxl.Workbook, sample: niche.Analysis
) -> None:
    annual = summary_value(book, "Annual revenue")
    assert annual == pytest.approx(sample.clients["annual_revenue"].sum())
    sheet = book["Summary"]
    cells = {row[0].value: row[1] for row in sheet.iter_rows()}
    assert cells["Annual revenue"].number_format.startswith('"$"')
    assert cells["Clients in the sweet spot"].number_format == "0.0%"
    assert cells["Score (of 100)"].number_format == "0.0"


def test_tiers_sheet(book: openpyxl.Workbook) -> None:
    rows = list(book["Tiers"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["Micro", "Sweet spot", "Large", "Unknown size"]
    assert [r[2] for r in rows] == [23, 14, 1, 1]
    assert sum(r[2] for r in rows) == 39
    assert sum(r[7] for r in rows) == pytest.approx(1.0)
    assert rows[1][1] == "10 to 50"


def test_industries_sheet(book: openpyxl.Workbook) -> None:
    sheet = book["Industries"]
    headings = [c.value for c in sheet[1]]
    assert headings[:3] == ["Industry", "Sector", "NAICS code"]
    assert "Score (of 100)" in headings
    assert [h[:2] for h in headings[-5:]] == ["V:", "F:", "P:", "E:", "B:"]
    first = dict(zip(headings, next(sheet.iter_rows(min_row=2)), strict=True))
    assert first["Industry"].value == "Dental offices"
    assert first["Score (of 100)"].value == pytest.approx(83.1, abs=0.1)
    assert first["V: share of best-client revenue"].number_format == "0.0%"
    assert first["Annual revenue"].number_format.startswith('"$"')


def test_excluded_sheet(book: openpyxl.Workbook, sample: niche.Analysis) -> None:
    rows = list(book["Excluded rows"].iter_rows(values_only=True))
    assert rows[0][:4] == (
        "Row in your file",
        "Why it was left out",
        "Detail",
        "Client",
    )
    assert [(r[0], r[1]) for r in rows[1:]] == [
        (e.row, niche.model.REASONS[e.reason]) for e in sample.excluded
    ]
    assert rows[1][3] == "TOTAL"


def test_report_is_bytes_with_no_formula_anywhere(hostile: niche.Analysis) -> None:
    data = to_xlsx(hostile)
    assert data[:2] == b"PK"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            xml = zf.read(name)
            ElementTree.fromstring(xml)  # every part is well-formed XML
            assert b"<f>" not in xml
            assert b"<f " not in xml
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row)


# --- hostile names ----------------------------------------------------------------


def test_hostile_names_neutralised_in_xlsx(hostile: niche.Analysis) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(hostile)))["Clients"]
    names = [c.value for c in column(sheet, "Client")]
    for raw, safe in PAYLOADS.items():
        assert raw in hostile.clients["client"].tolist()
        assert safe in names
    assert "Plain Accounting" in names  # ordinary text untouched


def test_hostile_industry_label_neutralised(hostile: niche.Analysis) -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(hostile)))
    assert "'=1+1" in [c.value for c in column(book["Clients"], "Industry")]
    assert "'=1+1" in [c.value for c in column(book["Industries"], "Industry")]


def test_negative_amount_stays_a_number_in_xlsx(hostile: niche.Analysis) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(hostile)))["Clients"]
    rows = {r[1].value: r for r in sheet.iter_rows(min_row=2)}
    refund = dict(zip(HEADINGS, rows["Refund Co"], strict=True))
    assert refund["Annual revenue"].value == -45.0
    assert refund["Annual revenue"].data_type == "n"
    assert refund["Monthly revenue"].value == pytest.approx(-3.75)
    # The client *named* "-45.00" is text and neutralised; its revenue a number.
    named = dict(zip(HEADINGS, rows["'-45.00"], strict=True))
    assert named["Annual revenue"].value == 3000


def test_csv_round_trips_through_pandas(hostile: niche.Analysis) -> None:
    data = to_csv(hostile)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 right
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert frame.columns.tolist() == CSV
    assert len(frame) == len(hostile.clients)
    names = frame["Client"].tolist()
    for safe in PAYLOADS.values():
        assert safe in names
    refund = frame.set_index("Client").loc["Refund Co"]
    assert refund["Annual revenue"] == -45.0
    assert frame["Annual revenue"].dtype == "float64"
    assert frame["Rank"].tolist() == list(range(1, len(frame) + 1))
    assert frame["Share of revenue (%)"].sum() == pytest.approx(100.0, abs=1e-3)


def test_csv_quotes_text_and_writes_plain_numbers(hostile: niche.Analysis) -> None:
    text = to_csv(hostile).decode("utf-8-sig")
    assert "$" not in text
    assert '"\'=HYPERLINK(""http://x"",""click"")"' in text
    rows = list(csv.reader(io.StringIO(text)))
    refund = next(r for r in rows if r[1] == "Refund Co")
    assert refund[7] == "-45.0"
    for row in rows[1:]:
        assert row[1].lstrip(" ")[:1] not in "=+-@\t\r"


def test_csv_matches_the_sample(sample: niche.Analysis) -> None:
    frame = pd.read_csv(io.BytesIO(to_csv(sample)))
    assert frame["Client"].tolist() == sample.clients["client"].tolist()
    assert frame["Monthly revenue"].iloc[0] == 10200.0
    assert frame["PCs"].isna().sum() == sample.clients["systems"].isna().sum()


# --- safe_cell and the writer -----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-45.00", "'-45.00"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),
        ("\uff1d1+1", "'\uff1d1+1"),  # full-width equals sign
        ("Acme = best", "Acme = best"),
        ("", ""),
        ("'=already", "'=already"),
        (-45.0, -45.0),
        (3, 3),
        (0, 0),
        (None, None),
        (float("nan"), None),
        (float("inf"), None),
        (True, True),
    ],
)
def test_safe_cell(value: object, expected: object) -> None:
    assert safe_cell(value) == expected or (value != value and safe_cell(value) is None)


def test_safe_cell_numpy_and_pandas_values() -> None:
    assert safe_cell(np.float64(-2.5)) == -2.5
    assert type(safe_cell(np.float64(-2.5))) is float
    assert type(safe_cell(np.int64(7))) is int
    assert safe_cell(np.float64("nan")) is None
    assert safe_cell(pd.NA) is None
    assert safe_cell(pd.NaT) is None


@settings(deadline=None)
@given(st.text())
def test_safe_cell_text_never_starts_a_formula(text: str) -> None:
    out = safe_cell(text)
    assert isinstance(out, str)
    assert out.lstrip(" ")[:1] not in set("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
    assert out in (text, "'" + text)
    assert safe_cell(out) == out  # idempotent


@settings(deadline=None)
@given(st.text(min_size=1))
def test_any_text_round_trips_through_the_writer(text: str) -> None:
    data = workbook_bytes([Sheet("T", ["h"], [[text], [1.5]])])
    frame = pd.read_excel(
        io.BytesIO(data), engine="calamine", dtype=object, keep_default_na=False
    )
    expected = "".join(
        ch
        for ch in str(safe_cell(text))
        if ch in "\t\n\r"
        or (
            ord(ch) >= 32
            and not 0xD800 <= ord(ch) <= 0xDFFF
            and ch not in "\ufffe\uffff"
        )
    )
    got = frame["h"].iloc[0]
    assert (got if isinstance(got, str) else "") == expected
    assert frame["h"].iloc[1] == 1.5


def test_writer_edge_cells() -> None:
    rows = [
        ["_x003D_1+1"],  # Excel decodes _xHHHH_: kept literally
        [" lead and trail "],
        ["bad\x01char"],
        ["x" * (MAX_CELL_CHARS + 10)],
        [Styled(0.25, "percent")],
        [None],
    ]
    data = workbook_bytes([Sheet("Odd: name/?", ["h", "=evil()"], rows)])
    frame = pd.read_excel(io.BytesIO(data), engine="calamine", dtype=object)
    values = frame["h"].tolist()
    assert values[0] == "_x003D_1+1"
    assert values[1] == " lead and trail "
    assert values[2] == "badchar"
    assert len(values[3]) == MAX_CELL_CHARS
    assert values[4] == 0.25
    assert len(values) == 5  # the empty last row is no row
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Odd  name"]
    assert book.active["B1"].value == "'=evil()"  # headings are user text too
    assert book.active["A6"].number_format == "0.0%"


# --- the command line -------------------------------------------------------------


def test_cli_report_writes_a_readable_workbook(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    result = cli("report", SAMPLE_DIR / "clients.xlsx", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "Wrote" in result.stdout
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == SHEETS
    assert summary_value(book, "Niche") == "Dental offices"


def test_hostile_file_name_is_display_text_only() -> None:
    data = HOSTILE.read_bytes()
    analysis = niche.analyze_bytes(data, "=cmd|calc!A0.csv")
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(analysis)))
    assert summary_value(book, "File") == "'=cmd|calc!A0.csv"


def test_cli_report_bad_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook at all")
    result = cli("report", bad, "-o", tmp_path / "r.xlsx")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "r.xlsx").exists()


def test_not_enough_evidence_and_nothing_excluded() -> None:
    rows = [
        ["Client", "Revenue", "PCs", "Industry"],
        ["Alpha Dental", "1200", "12", "Dentist"],
        ["Beta Law", "800", "4", "Law firm"],
        ["Gamma Diner", "500", "", "Restaurant"],
    ]
    analysis = run_bytes(csv_bytes(rows))
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(analysis)))
    assert str(summary_value(book, "Niche")).startswith("Not enough evidence")
    excluded = book["Excluded rows"]
    assert [c.value for c in excluded[1]] == [
        "Row in your file",
        "Why it was left out",
        "Detail",
    ]
    assert excluded.max_row == 1
    assert excluded.freeze_panes == "A2"
    systems = [c.value for c in column(book["Clients"], "PCs")]
    assert systems == [12, 4, None]
