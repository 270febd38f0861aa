"""Rows to clients: the rules of docs/rules.md that the clean stage decides."""

from __future__ import annotations

import pandas as pd
import pytest
from core_helpers import DATA_DIR, RULES_DIR, by_name, csv_to_xlsx, run_bytes, run_file

from niche import Options

CLEAN_DIR = DATA_DIR / "clean"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_web_address_is_no_parent_child_separator(fmt):
    path = CLEAN_DIR / "web_names.csv"
    analysis = (
        run_bytes(csv_to_xlsx(path), "web_names.xlsx")
        if fmt == "xlsx"
        else run_file(path)
    )
    rows = {name: r["rows"] for name, r in by_name(analysis).items()}
    # 2 https://acme.example, 3 Acme:https://..., 4 Acme, 5 https://acme.example:Site
    assert rows == {"https://acme.example": [2, 5], "Acme": [3, 4]}

    # Held as one Arrow list column, not a Python tuple of ints per client: a
    # session keeps its clients, and ten sessions' tuples kept the server's
    # memory after they had closed (issue 19).
    assert isinstance(analysis.clients["rows"].dtype, pd.ArrowDtype)


def test_a_quickbooks_parent_row_with_rollup_off_is_a_client_with_no_revenue():
    # qb_block.csv: 2 "Harbor Group" (no amount), 3-4 "Harbor Group:North/South",
    # 5 "Total for Harbor Group", 6 Solo Clinic, 7 No Sales Yet, 8 TOTAL.
    analysis = run_file(RULES_DIR / "qb_block.csv", options=Options(rollup=False))
    clients = {
        n: (r["rows"], r["annual_revenue"]) for n, r in by_name(analysis).items()
    }
    assert clients == {
        "Harbor Group:North": ([3], 1000.0),
        "Harbor Group:South": ([4], 500.0),
        "Harbor Group": ([2], 0.0),
        "Solo Clinic": ([6], 300.0),
        "No Sales Yet": ([7], 0.0),
    }
    assert [(e.row, e.reason) for e in analysis.excluded] == [
        (5, "total_line"),
        (8, "total_line"),
    ]
    assert analysis.merged == ()
    assert any(
        "zero or negative" in w and "Harbor Group" in w for w in analysis.warnings
    )
