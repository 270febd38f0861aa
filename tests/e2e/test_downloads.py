"""The niche plan (PDF) and the Excel report, downloaded from the page."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from conftest import upload
from pypdf import PdfReader
from test_browser import no_exception, wait_for_text

pytestmark = pytest.mark.e2e

ACCENTS = Path(__file__).resolve().parents[1] / "data" / "plan" / "accents.csv"


def download(page: object, label: str) -> bytes:
    button = page.get_by_role("button", name=label)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    return Path(info.value.path()).read_bytes()


def test_download_the_plan_and_the_report(page: object) -> None:
    wait_for_text(page, "Recommended niche: Dental offices")
    upload(page, ACCENTS)
    wait_for_text(page, "accents.csv")
    company = page.get_by_role("textbox", name="Company name")
    company.fill("Núñez IT Servicios")
    company.press("Enter")
    wait_for_text(page, "Recommended niche: Dental offices")
    no_exception(page)

    pdf = download(page, "Download niche plan (PDF)")
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 2
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Dental offices (Healthcare)" in text
    assert "Clínica Dental Núñez" in text
    assert "Núñez IT Servicios" in text

    xlsx = download(page, "Download Excel report")
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert "Who gets what" in book.sheetnames
    summary = dict(book["Summary"].iter_rows(values_only=True))
    assert summary["Company"] == "Núñez IT Servicios"
    assert summary["Niche"] == "Dental offices"
    no_exception(page)
