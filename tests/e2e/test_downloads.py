"""The niche plan (PDF), the Excel report and the clients (CSV), downloaded
from the page's "Download" popover."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from browser_helpers import no_exception, runs, upload, wait_for_text
from pypdf import PdfReader

pytestmark = pytest.mark.e2e

ACCENTS = Path(__file__).resolve().parents[1] / "data" / "plan" / "accents.csv"


def download(page: object, label: str) -> bytes:
    """Open the "Download" popover (unless open) and click ``label`` in it."""
    body = page.locator('[data-testid="stPopoverBody"]')
    if not body.is_visible():
        page.locator('[data-testid="stPopoverButton"]').filter(
            has_text="Download"
        ).click()
    button = body.get_by_role("button", name=label)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    return Path(info.value.path()).read_bytes()


def test_download_the_plan_the_report_and_the_clients(page: object) -> None:
    upload(page, ACCENTS)
    wait_for_text(page, "accents.csv")
    company = page.get_by_role("textbox", name="Company name")
    company.fill("Núñez IT Servicios")
    company.press("Enter")
    wait_for_text(page, "Núñez IT Servicios")
    no_exception(page)
    before = runs(page)

    pdf = download(page, "Niche plan (PDF)")
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 2
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Dental offices (Healthcare)" in text
    assert "Clínica Dental Núñez" in text
    assert "Núñez IT Servicios" in text

    xlsx = download(page, "Excel report")
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert "Who gets what" in book.sheetnames
    summary = dict(book["Summary"].iter_rows(values_only=True))
    assert summary["Company"] == "Núñez IT Servicios"
    assert summary["Niche"] == "Dental offices"

    rows = download(page, "Clients (CSV)").decode("utf-8-sig").splitlines()
    assert "Clínica Dental Núñez" in rows[1]
    assert runs(page) == before  # built when clicked, without a rerun
    no_exception(page)
