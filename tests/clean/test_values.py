"""Amounts, counts and dates as accounting tools write them; bad rows kept with a
reason."""

from __future__ import annotations

import io
import json
import math
import zipfile

import pandas as pd
import pytest
from core_helpers import DATA_DIR, RULES_DIR, by_name, run_bytes, run_file, xlsx_bytes

from niche.clean.dates import parse_dates
from niche.clean.values import parse_amounts, parse_counts
from niche.cli import main

CLEAN_DIR = DATA_DIR / "clean"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("$1,234.56", 1234.56),
        ("(1,234.56)", -1234.56),
        ("-1,234.56", -1234.56),
        ("USD 1,234", 1234.0),
        ("$-5.00", -5.0),
        ("1234", 1234.0),
        ("12.5", 12.5),
        ("  $ 99.95 ", 99.95),
    ],
)
def test_amount_text(text, value):
    parsed = parse_amounts(pd.Series([text], dtype=object))
    assert parsed.values.iloc[0] == pytest.approx(value)
    assert not parsed.bad.iloc[0]


def test_blank_marks_are_blank_not_bad():
    parsed = parse_amounts(pd.Series(["", "-", None], dtype=object))
    assert parsed.values.isna().all()
    assert not parsed.bad.any()


def test_text_that_is_no_number_is_bad():
    parsed = parse_amounts(pd.Series(["n/a", "$12.00"], dtype=object))
    assert list(parsed.bad) == [True, False]
    assert math.isnan(parsed.values.iloc[0])


def test_workbook_numbers_stay_numbers():
    parsed = parse_amounts(pd.Series([1500.0, 7, "$3.50"], dtype=object))
    assert list(parsed.values) == [1500.0, 7.0, 3.5]


def test_decimal_comma_column():
    parsed = parse_amounts(pd.Series(["1.234,56 EUR", "12,50", "3,00"], dtype=object))
    assert list(parsed.values) == pytest.approx([1234.56, 12.5, 3.0])


def test_ambiguous_thousands_are_read_with_a_note():
    parsed = parse_amounts(pd.Series(["1,234"], dtype=object), heading="Revenue")
    assert parsed.values.iloc[0] == pytest.approx(1234.0)
    assert parsed.note
    assert "Revenue" in parsed.note


def test_counts():
    parsed = parse_counts(
        pd.Series(["12", "~15", "20 PCs", "-3", "", 7.0], dtype=object)
    )
    values = list(parsed.values)
    assert values[:3] == [12.0, 15.0, 20.0]
    assert math.isnan(values[3])  # a negative count is no count
    assert math.isnan(values[4])
    assert values[5] == 7.0


def test_dates_iso_and_day_first_decided_by_a_day_above_12():
    iso = parse_dates(pd.Series(["2025-01-31", "2025-12-01", ""]))
    assert list(iso.values[:2]) == [
        pd.Timestamp("2025-01-31"),
        pd.Timestamp("2025-12-01"),
    ]
    assert pd.isna(iso.values.iloc[2])
    eu = parse_dates(pd.Series(["03/04/2025", "13/04/2025"]))
    assert eu.values.iloc[0] == pd.Timestamp("2025-04-03")
    assert eu.note is None


def test_ambiguous_dates_read_month_first_with_a_note():
    parsed = parse_dates(pd.Series(["03/04/2025", "05/06/2025"]), heading="Date")
    assert parsed.values.iloc[0] == pd.Timestamp("2025-03-04")
    assert parsed.note
    forced = parse_dates(pd.Series(["03/04/2025", "05/06/2025"]), day_first=True)
    assert forced.values.iloc[0] == pd.Timestamp("2025-04-03")


def test_rows_with_reasons_and_user_row_numbers():
    # 1 header; 2 Alpha; 3 Beta (34.56) negative; 4 Gamma "n/a"; 5 no name;
    # 6 repeated header; 7 Delta USD 100; 8 TOTAL; 9 footer.
    analysis = run_file(RULES_DIR / "bad_revenue.csv")
    clients = by_name(analysis)
    assert clients["Alpha"]["annual_revenue"] == pytest.approx(1234.56)
    assert clients["Beta"]["annual_revenue"] == pytest.approx(-34.56)
    assert clients["Delta"]["annual_revenue"] == pytest.approx(100.0)
    assert clients["Delta"]["rows"] == [7]
    reasons = [(e.row, e.reason) for e in analysis.excluded]
    assert reasons == [
        (4, "bad_revenue"),
        (5, "blank_client"),
        (6, "repeated_header"),
        (8, "total_line"),
        (9, "footer"),
    ]
    bad = analysis.excluded[0]
    assert bad.values == {"Client": "Gamma", "Revenue": "n/a"}  # raw text kept
    assert "n/a" in bad.message
    assert analysis.prepared.cleaned.rows_read == 8


# Amounts out of range: bad values, never a crash -----------------------------


@pytest.mark.parametrize(
    "text",
    ["1e400", "-1e400", "1E400", "$1e400", "(1e400)", "inf", "-inf", "nan", "NaN"],
)
def test_an_amount_that_is_not_finite_is_bad(text):
    parsed = parse_amounts(pd.Series([text, "$12.00"], dtype=object))
    assert list(parsed.bad) == [True, False]
    assert math.isnan(parsed.values.iloc[0])
    assert parsed.values.iloc[1] == 12.0


def test_an_amount_beyond_whole_cents_is_bad():
    # 2**53 cents: the first amount a float cannot hold to the cent.
    parsed = parse_amounts(
        pd.Series(["90,071,992,547,409.91", "90,071,992,547,409.92"], dtype=object)
    )
    assert list(parsed.bad) == [False, True]
    assert parsed.values.iloc[0] == 90_071_992_547_409.91


@pytest.mark.parametrize("cells", [[math.inf, 5.0], [math.nan, 5.0], [-math.inf, ""]])
def test_a_workbook_number_that_is_not_finite_is_bad(cells):
    parsed = parse_amounts(pd.Series(cells, dtype=object))
    assert bool(parsed.bad.iloc[0])
    assert math.isnan(parsed.values.iloc[0])
    counts = parse_counts(pd.Series(cells, dtype=object))
    assert math.isnan(counts.values.iloc[0])


def test_out_of_range_amounts_are_excluded_with_their_text(capsys):
    # 2 Alder $1,200.00; 3-7 1e400, -1e400, inf, nan, $1E400; 8 2**53 cents;
    # 9 Hazel 800 with 1e400 PCs; 10 Ivy just below 2**53 cents.
    path = CLEAN_DIR / "out_of_range.csv"
    assert main(["analyze", str(path), "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    result = json.loads(out)
    clients = {c["client"]: c for c in result["clients"]}
    assert set(clients) == {"Alder Dental", "Hazel Co", "Ivy Studio"}
    assert clients["Hazel Co"]["systems"] is None  # 1e400 PCs: no count
    assert clients["Ivy Studio"]["annual_revenue"] == 90_071_992_547_409.91
    bad = [(e["row"], e["reason"], e["values"]["Revenue"]) for e in result["excluded"]]
    texts = ["1e400", "-1e400", "inf", "nan", "$1E400", "90,071,992,547,409.92"]
    assert bad == [(row, "bad_revenue", t) for row, t in enumerate(texts, start=3)]
    assert result["excluded"][0]["message"] == 'Revenue "1e400" is not a number'


def test_out_of_range_workbook_numbers_are_excluded(capsys):
    # The same values as workbook numbers: openpyxl cannot write them, so its
    # placeholders are replaced in the sheet's XML (calamine reads inf and NaN).
    rows = [["Client", "Revenue"], ["Alder", 1200], ["Birch", 111111.5]]
    rows += [["Cedar", 222222.5], ["Dogwood", 333333.5], ["Elm", 9e15]]
    data = _patched(
        xlsx_bytes(rows),
        {b"111111.5": b"1E400", b"222222.5": b"-1E400", b"333333.5": b"NaN"},
    )
    analysis = run_bytes(data, "out_of_range.xlsx")
    assert list(by_name(analysis)) == ["Alder"]
    shown = [(e.row, e.reason, e.values["Revenue"]) for e in analysis.excluded]
    assert shown == [
        (3, "bad_revenue", "inf"),
        (4, "bad_revenue", "-inf"),
        (5, "bad_revenue", "nan"),
        (6, "bad_revenue", "9000000000000000"),
    ]


def _patched(xlsx: bytes, values: dict[bytes, bytes]) -> bytes:
    """An xlsx with some bytes of its first sheet's XML replaced."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                for old, new in values.items():
                    assert old in data
                    data = data.replace(old, new)
            target.writestr(item, data)
    return out.getvalue()
