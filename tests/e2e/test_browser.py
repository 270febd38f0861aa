"""The page in a real browser (Playwright driving Debian's chromium).

Marked ``e2e``; skipped when /usr/bin/chromium is missing, except in CI.
``st.dataframe`` cells are drawn on a canvas, so assertions read metrics and
Markdown from ``document.body.innerText``.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import CLIENT_LIST, upload

pytestmark = pytest.mark.e2e

PAGE_DATA = Path(__file__).resolve().parents[1] / "data" / "page"
CHART = '[data-testid="stVegaLiteChart"]'


def wait_for_text(page: object, expected: str, timeout: float = 30.0) -> str:
    """Poll the page text until ``expected`` shows, then until it settles."""
    deadline = time.monotonic() + timeout
    text, last = "", None
    while time.monotonic() < deadline:
        text = page.evaluate("document.body.innerText")
        if expected in text and text == last:
            return text
        last = text
        time.sleep(0.3)
    raise AssertionError(f"{expected!r} not on the page; it shows:\n{text[:2000]}")


def no_exception(page: object) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stErrorCodeBlock"]').count() == 0


def test_sample_upload_charts_and_bad_file(page: object, tmp_path: Path) -> None:
    text = wait_for_text(page, "Recommended niche: Dental offices")
    assert "Sample data: upload your own client list" in text
    no_exception(page)

    upload(page, PAGE_DATA / "clients_small.csv")
    text = wait_for_text(page, "Recommended niche: Law firms")
    assert "Sample data: upload" not in text
    assert "Who gets what" in text
    assert "Data quality" in text

    # charts rendered: Vega draws a canvas or an svg inside each chart element
    page.wait_for_function(
        f"""() => [...document.querySelectorAll('{CHART}')]
            .filter(c => c.querySelector('canvas, svg')).length >= 4"""
    )
    assert page.locator(CHART).count() >= 4
    no_exception(page)

    bad = tmp_path / "broken.xlsx"
    bad.write_bytes((PAGE_DATA / "not_a_workbook.xlsx").read_bytes())
    upload(page, bad)
    text = wait_for_text(page, "broken.xlsx is corrupt")
    assert page.locator('[data-testid="stAlertContentError"]').count() == 1
    uploaders = page.locator('[data-testid="stSidebar"] [data-testid="stFileUploader"]')
    assert uploaders.filter(has_text=CLIENT_LIST).count() == 1  # still there
    no_exception(page)


def test_client_names_render_as_text(page: object) -> None:
    wait_for_text(page, "Recommended niche")
    upload(page, PAGE_DATA / "hostile_names.csv")
    wait_for_text(page, "hostile_names.csv ·")
    text = wait_for_text(page, "Recommended niche: Dental offices")
    assert "**Bold** <b>html</b> $x$" in text  # shown literally, not rendered
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("b", has_text="html").count() == 0
    assert main.locator(".katex").count() == 0  # no LaTeX from "$x$"
    no_exception(page)


def test_fill_an_industry_in_the_editor(page: object) -> None:
    """Type an industry into the client editor (a canvas grid): the niche changes.

    The editor's columns have fixed widths (Client 230, Revenue 150, Industry
    230 px), so the first row's Industry cell is found from the grid's box.
    """
    wait_for_text(page, "Recommended niche")
    upload(page, PAGE_DATA / "one_blank_industry.csv")
    text = wait_for_text(page, "Recommended niche: Law firms")
    assert "Industry known for 63 % of revenue" in text
    editor = page.locator('[data-testid="stDataFrame"]').first
    editor.scroll_into_view_if_needed()
    box = editor.bounding_box()
    # first row (Aspen Smiles: no industry, largest revenue), Industry column
    page.mouse.click(box["x"] + 230 + 150 + 100, box["y"] + 35 + 17)
    page.keyboard.press("Enter")  # open the cell's select box
    page.keyboard.type("Dental off", delay=40)  # type-ahead
    page.keyboard.press("Enter")
    text = wait_for_text(page, "Recommended niche: Dental offices")
    assert "Industry known for 100 % of revenue" in text
    no_exception(page)
