"""Amounts, counts and dates as accounting tools write them; bad rows kept with a
reason."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from core_helpers import RULES_DIR, by_name, run_file
from hypothesis import strategies as st

from niche.clean.dates import parse_dates
from niche.clean.values import parse_amounts, parse_counts


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
    assert clients["Delta"]["rows"] == (7,)
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


# The one-pass reading of plain US amounts (issue 7) against the general one ------

_plain_cells = st.one_of(
    st.sampled_from(["", "-", "—", "$0.00", "(0.00)", "-$0.00"]),
    st.builds(
        lambda sign, dollar, cents, grouped, decimals: (
            sign[0]
            + ("$" if dollar else "")
            + (f"{cents // 100:,}" if grouped else str(cents // 100))
            + (f".{cents % 100:02d}"[: decimals + 1] if decimals else "")
            + sign[1]
        ),
        st.sampled_from([("", ""), ("-", ""), ("(", ")"), ("(-", ")")]),
        st.booleans(),
        st.integers(0, 10**12),
        st.booleans(),
        st.sampled_from([0, 1, 2]),
    ),
)
