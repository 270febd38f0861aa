"""Workbooks: the sheet read by default and the sheet chosen by name."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from core_helpers import DATA_DIR

import niche
from niche.cli import main

# sheet_names.xlsx (openpyxl): "Notes\tQ4" (two lines of prose), "Clients\n2025"
# (Alder Dental, Birch Law, Cedar Clinic), "Other\tclients\n(archive)" (Dogwood
# Cafe, Elm Books).
SHEETS = DATA_DIR / "read" / "sheet_names.xlsx"
NAMES = ("Notes\tQ4", "Clients\n2025", "Other\tclients\n(archive)")


def test_sheet_names_with_a_tab_or_a_newline_are_read_by_default():
    grid = niche.read_file(SHEETS.read_bytes(), SHEETS.name)
    assert grid.sheets == NAMES
    assert grid.sheet == "Clients\n2025"  # the first sheet holding a client table
    assert grid.cells.loc[2].tolist()[:2] == ["Alder Dental", 52000.0]


@pytest.mark.parametrize(
    ("sheet", "clients"),
    [
        ("Clients\n2025", ["Alder Dental", "Birch Law", "Cedar Clinic"]),
        ("Other\tclients\n(archive)", ["Dogwood Cafe", "Elm Books"]),
    ],
)
def test_a_sheet_with_a_tab_or_a_newline_is_read_by_name(capsys, sheet, clients):
    assert main(["analyze", str(SHEETS), "--sheet", sheet, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["source"]["sheet"] == sheet
    assert result["source"]["sheets"] == list(NAMES)
    assert [c["client"] for c in result["clients"]] == clients


@pytest.mark.parametrize("sheet", ["Notes\tQ4", "Missing\nsheet"])
def test_a_message_naming_such_a_sheet_stays_one_line(capsys, sheet):
    assert main(["analyze", str(SHEETS), "--sheet", sheet]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("error: ")


def test_text_columns_are_held_as_arrow_text_and_numbers_as_read():
    """A session keeps its grid: text as Arrow text holds no Python string per
    cell (issue 19: such strings kept the server's memory after sessions
    closed); numbers stay numbers for the cleaning."""
    grid = niche.read_file(SHEETS.read_bytes(), SHEETS.name)
    names, amounts = grid.cells[0], grid.cells[1]
    assert isinstance(names.dtype, pd.StringDtype)
    assert names.dtype.storage == "pyarrow"
    assert names.tolist()[1:4] == ["Alder Dental", "Birch Law", "Cedar Clinic"]
    assert amounts.dtype == object  # a heading over numbers: mixed cells
    assert amounts.tolist()[1:3] == [52000.0, 31000.0]
    assert type(amounts.iloc[1]) is float
