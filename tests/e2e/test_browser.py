"""The page in a real browser (Playwright driving Debian's chromium).

Marked ``e2e``; skipped when /usr/bin/chromium is missing, except in CI.
``st.dataframe`` cells are drawn on a canvas, so assertions read the page's
text from ``document.body.innerText``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import (
    CHART,
    CLIENT_LIST,
    MAIN,
    no_exception,
    open_tab,
    upload,
    wait_for_text,
)

pytestmark = pytest.mark.e2e

DATA = Path(__file__).resolve().parents[1] / "data"
PAGE_DATA = DATA / "page"
BARE_EXPORT = DATA / "enrich" / "qbo_sales_summary.csv"
DRAWN = f"""(n) => [...document.querySelectorAll('{MAIN} {CHART}')]
    .filter(c => c.querySelector('canvas, svg')).length >= n"""


def charts(page: object) -> int:
    return page.locator(f"{MAIN} {CHART}").count()


def test_sample_upload_charts_and_bad_file(page: object, tmp_path: Path) -> None:
    text = wait_for_text(page, "Recommended niche: Dental offices")
    assert "Sample data (a fictional 39-client MSP)" in text
    no_exception(page)

    upload(page, PAGE_DATA / "clients_small.csv")
    text = wait_for_text(page, "Recommended niche: Law firms")
    assert "Sample data" not in text
    assert "clients_small.csv · read in memory, not stored" in text
    # charts drawn: Vega puts a canvas or an svg inside each chart element
    page.wait_for_function(DRAWN, arg=1)  # the Pareto chart
    open_tab(page, "Size tiers")
    page.wait_for_function(DRAWN, arg=2)  # tier bars and the scatter
    assert charts(page) == 2
    no_exception(page)

    bad = tmp_path / "broken.xlsx"
    bad.write_bytes((PAGE_DATA / "not_a_workbook.xlsx").read_bytes())
    upload(page, bad)
    wait_for_text(page, "broken.xlsx is corrupt")
    assert page.locator('[data-testid="stAlertContentError"]').count() == 1
    uploaders = page.locator('[data-testid="stSidebar"] [data-testid="stFileUploader"]')
    assert uploaders.filter(has_text=CLIENT_LIST).count() == 1  # still there
    no_exception(page)


def test_client_names_render_as_text(page: object) -> None:
    upload(page, PAGE_DATA / "hostile_names.csv")
    text = wait_for_text(page, "hostile_names.csv ·")
    assert "**Bold** <b>html</b> $x$" in text  # shown literally, not rendered
    main = page.locator(MAIN)
    assert main.locator("b", has_text="html").count() == 0
    assert main.locator(".katex").count() == 0  # no LaTeX from "$x$"
    no_exception(page)


def test_bare_export_shows_no_empty_chart(page: object) -> None:
    """A tab with nothing to show says so in one line, with no chart drawn."""
    upload(page, BARE_EXPORT)
    text = wait_for_text(page, "qbo_sales_summary.csv ·")
    assert "Your file lacks industries for 100 % of your revenue" in text
    said = {
        "Size tiers": "Add PC counts to see size tiers",
        "Industries": "Add industries to see your industry mix",
    }
    for tab, line in said.items():
        open_tab(page, tab)
        panel = page.get_by_role("tabpanel").filter(has_text=line)
        assert panel.count() == 1, tab
        page.wait_for_timeout(1000)  # a chart would be drawn by now
        assert charts(page) == 0, tab
        assert panel.locator('[data-testid="stTable"]').count() == 0, tab
    no_exception(page)
