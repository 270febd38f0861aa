"""The client editor in a real browser (issue 16 item 4): edits are applied
together with one Apply, in one rerun, and the page stays where it was.

The editor is a canvas grid (rows 35 px under a 35 px heading): a row is
found from the grid's box, clicked in its Client cell, and the cell to edit
reached with the arrow keys (Client, Revenue, Industry, PCs, Leave out).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import (
    MAIN,
    no_exception,
    open_tab,
    runs,
    server_runs,
    upload,
    wait_for_text,
)

pytestmark = pytest.mark.e2e

BARE_EXPORT = (
    Path(__file__).resolve().parents[1] / "data" / "enrich" / "qbo_sales_summary.csv"
)
ROW = 35
INDUSTRY, PCS = 2, 3  # columns right of Client
# The editor's order: clients without an industry, the largest first.
MAPLE, SUMMIT, HARBOR = 1, 2, 3


def scroll_top(page: object) -> float:
    return page.locator(MAIN).evaluate("main => main.scrollTop")


def type_in(page: object, box: dict, row: int, column: int, typed: str) -> None:
    """Type into a cell and press Enter (a select box takes the type-ahead).
    The grid needs a moment between steps: its cell editor opens after a
    frame, and keys sent before then are lost."""
    page.mouse.click(box["x"] + 40, box["y"] + ROW * row + ROW / 2)
    page.wait_for_timeout(300)
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")  # open the cell's editor
    page.wait_for_timeout(500)
    page.keyboard.type(typed, delay=40)
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)


def test_three_edits_one_apply_one_rerun_same_place(page: object) -> None:
    upload(page, BARE_EXPORT)
    text = wait_for_text(page, "qbo_sales_summary.csv ·")
    assert "No niche yet" in text
    open_tab(page, "Complete your data")
    form = page.locator('[data-testid="stForm"]').filter(has_text="Apply").last
    editor = form.locator('[data-testid="stDataFrame"]')
    editor.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = editor.bounding_box()
    before, started = runs(page), server_runs(page)
    type_in(page, box, MAPLE, INDUSTRY, "Dental off")
    type_in(page, box, HARBOR, INDUSTRY, "Dental off")
    type_in(page, box, SUMMIT, PCS, "9")
    page.wait_for_timeout(500)
    assert (runs(page), server_runs(page)) == (before, started)  # typing: no run
    scrolled, top = scroll_top(page), editor.bounding_box()["y"]
    assert scrolled > 0  # the editor is below the first screen

    form.get_by_role("button", name="Apply").click()
    text = wait_for_text(page, "Recommended niche: Dental offices")
    page.wait_for_timeout(1500)  # any second run would have started
    assert runs(page) == before + 1  # one run seen
    assert server_runs(page) == started + 1  # and one run made
    # all three edits landed: two dental offices (39 %), Summit's PCs (18 %)
    assert "lacks industries for 61 % of your revenue and PC counts for 82 %" in text
    assert abs(scroll_top(page) - scrolled) <= 60  # no jump (it was ~1,000 px)
    assert abs(editor.bounding_box()["y"] - top) <= 60
    no_exception(page)
