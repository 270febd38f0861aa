"""CSV: a byte-order mark that starts a cell inside the file."""

from __future__ import annotations

import pytest
from core_helpers import DATA_DIR, by_name, run_file

import niche

# stray_bom.csv: 1 header; 2-64 clients (10 is Juniper Books, 1,000); 65 a
# byte-order mark, then "Juniper Books,1200,3" (as when two exports are joined);
# 66 a mark inside the quotes of "$6,600.00"; 67 TOTAL 215,700.
STRAY = DATA_DIR / "read" / "stray_bom.csv"


def test_a_stray_byte_order_mark_is_no_part_of_the_cell():
    grid = niche.read_file(STRAY.read_bytes(), STRAY.name)
    assert grid.cells.loc[65].tolist() == ["Juniper Books", "1200", "3"]
    assert grid.cells.loc[66].tolist() == ["Client 66 Dental", "$6,600.00", "12"]


def test_the_client_after_a_stray_mark_is_the_same_client():
    analysis = run_file(STRAY)
    clients = by_name(analysis)
    assert clients["Juniper Books"]["rows"] == [10, 65]
    assert clients["Juniper Books"]["annual_revenue"] == 2200.0
    assert clients["Client 66 Dental"]["annual_revenue"] == 6600.0
    assert [(e.row, e.reason) for e in analysis.excluded] == [(67, "total_line")]
    assert analysis.reconciliation is not None
    assert analysis.reconciliation.matches


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_marks_are_dropped_at_the_start_of_a_cell_only(delimiter):
    d = delimiter
    text = f"Client{d}Revenue\nAcme{d}100\n\ufeffBeta\ufeffCo{d}\ufeff200\n"
    grid = niche.read_file(text.encode("utf-8"), "clients.csv")
    assert grid.delimiter == d
    assert grid.cells.loc[3].tolist() == ["Beta\ufeffCo", "200"]


def test_a_title_line_one_field_wider_keeps_the_first_column():
    # wide_title_line.csv: line 1 ",,,,," (six fields) over five-column rows;
    # pandas took the first column as an unnamed index and dropped Client ID.
    path = DATA_DIR / "corpus" / "wide_title_line.csv"
    grid = niche.read_file(path.read_bytes(), path.name)
    assert grid.cells.loc[2].tolist()[:5] == [
        "Client ID",
        "Client",
        "Industry",
        "PCs",
        "Revenue",
    ]
    assert grid.cells.loc[3].tolist()[:2] == ["C-101", "Aspen Grove Dental"]
