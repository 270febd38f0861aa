"""The niche plan's Profit and Change sections (issue 18), read back with pypdf
and drawn with poppler's pdftoppm: each only when the file has its data, the
plan on one or two pages. Figures from tests/data/profit and tests/data/change."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from core_helpers import DATA_DIR, RULES_DIR, SAMPLE_DIR, run_file
from PIL import Image
from pypdf import PdfReader
from test_plan import drawn

import niche
from niche import AppSettings, run
from niche.export.plan import plan_pdf
from niche.present import profit
from niche.prospects.read import read_prospects
from niche.prospects.score import score_prospects

PROFIT, CHANGE = DATA_DIR / "profit", DATA_DIR / "change"
NOW, BEFORE = CHANGE / "qbo_sales_2025.csv", CHANGE / "qbo_sales_2024.csv"
WATERFALL_GREEN = (0x2E, 0x8B, 0x57)  # profit.STEP_COLOURS["up"]


def year_on_year() -> niche.Analysis:
    return run(
        NOW.read_bytes(),
        NOW.name,
        AppSettings(
            previous_confirmed=(("Dovetail Accounting", "Dovetail Acounting"),)
        ),
        previous=(BEFORE.read_bytes(), BEFORE.name),
    ).analysis


def text_of(pdf: bytes) -> tuple[int, str]:
    """Page count and the text, white space as single spaces, without the page
    footers (a list may run on to the next page)."""
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(p.extract_text() for p in reader.pages)
    text = re.sub(r"Niche plan · page \d+ of \d+", " ", text)
    return len(reader.pages), " ".join(text.split())


def flat(text: str) -> str:
    return " ".join(text.split())


def test_profit_section_names_rates_and_who_costs_more() -> None:
    analysis = run_file(PROFIT / "psa_support_hours.csv")
    pages, text = text_of(plan_pdf(analysis))
    assert pages <= 2
    section = text[text.index("Profit 3 of your") : text.index("About the data")]
    assert flat(profit.profit_answer(analysis)) in section
    assert (
        "Revenue per support hour: Accounting and CPA firms $250 · Dental offices "
        "$212 · Restaurants $64 · Trucking and logistics $60"
    ) in section
    assert (
        "Costs more time than it pays: Harbor Freight Logistics ($60 an hour, "
        "1,600 hours); Bella's Bistro ($64 an hour, 150 hours); Corner Cafe ($64 "
        "an hour, 100 hours)"
    ) in section
    assert "Change since last period" not in text  # no last period


def test_profit_section_with_costs_only() -> None:
    _, text = text_of(plan_pdf(run_file(PROFIT / "costs.csv")))
    assert "Profit Your gross profit is $69,000 a year (30 % margin)" in text
    assert "Revenue per support hour" not in text


def test_change_section_bridge_and_risks() -> None:
    analysis = year_on_year()
    pages, text = text_of(plan_pdf(analysis))
    assert pages <= 2
    section = text[text.index("Change since last period") :]
    assert flat(profit.change_answer(analysis)) in section
    assert flat(profit.bridge_periods(analysis)) in section
    # the bridge's figures beside the chart, in the waterfall's order
    for row in (
        "Last period 6 $39,800",
        "New 1 +$8,400",
        "Grown 3 +$2,800",
        "Shrunk 1 -$2,400",
        "Lost 1 -$2,400",
        "This period 6 $46,200",
        "Gross retention 88 %",
        "Net retention 95 %",
    ):
        assert row in section, row
    assert "Birch Law Group · 50: revenue down 25 % on last period" in section
    assert "Profit" not in text  # no hours, no costs: no Profit section


def test_invoices_over_30_months() -> None:
    analysis = run_file(CHANGE / "invoices_30_months.csv")
    _, text = text_of(plan_pdf(analysis))
    assert flat(profit.profit_answer(analysis)) in text
    assert (
        "Elm Street Bakery · 53: no revenue this period; no invoice for 639 days"
        in (text)
    )


def test_a_file_without_hours_costs_or_last_period() -> None:
    _, text = text_of(plan_pdf(run_file(RULES_DIR / "classes.csv")))
    assert "Profit" not in text
    assert "Change since last period" not in text


def _with_prospects() -> bytes:
    analysis = run_file(SAMPLE_DIR / "clients.xlsx")
    listed = SAMPLE_DIR / "prospects.xlsx"
    fit = score_prospects(read_prospects(listed.read_bytes(), listed.name), analysis)
    return plan_pdf(analysis, prospects=fit)


def test_shorter_forms_keep_the_plan_to_two_pages() -> None:
    """The sample fills two pages: its Change section keeps the chart (with the
    risks beside it) but not the bridge's table; with a prospect list too, the
    two answers stand alone."""
    pages, text = text_of(plan_pdf(run_file(SAMPLE_DIR / "clients.xlsx")))
    assert pages == 2
    assert "Revenue per support hour: Dental offices $361" in text
    assert "Highest risk (score 0 to 100) Dockside Diner · 29" in text
    assert "Gross retention" not in text
    pages, text = text_of(_with_prospects())
    assert pages == 2
    assert "Change since last period Revenue went from $684,629" in text
    assert "Prospects like your best clients" in text
    assert "Revenue per support hour" not in text
    assert "Highest risk" not in text


PLANS: dict[str, Callable[[], bytes]] = {
    "sample": lambda: plan_pdf(run_file(SAMPLE_DIR / "clients.xlsx")),
    "sample-prospects": _with_prospects,
    "year-on-year": lambda: plan_pdf(year_on_year()),
    **{
        p.name: (lambda p=p: plan_pdf(run_file(p)))
        for p in (*sorted(PROFIT.glob("*.csv")), CHANGE / "invoices_30_months.csv")
    },
}


@pytest.mark.parametrize("name", list(PLANS))
def test_pages_are_not_blank(name: str, tmp_path: Path) -> None:
    """One or two pages, each with ink; a plan with a bridge draws its
    waterfall (the green of the bars that go up)."""
    pngs = drawn(PLANS[name](), tmp_path)
    assert 1 <= len(pngs) <= 2
    for png in pngs:
        gray = Image.open(png).convert("L")
        body = gray.crop((0, 0, gray.width, int(gray.height * 0.9)))
        assert sum(body.histogram()[:128]) > 0.002 * body.width * body.height
    if name in ("sample", "year-on-year", "invoices_30_months.csv"):
        colours = {
            c
            for png in pngs
            for _, c in Image.open(png).convert("RGB").getcolors(10**6)
        }
        assert any(
            all(abs(x - y) < 10 for x, y in zip(c, WATERFALL_GREEN, strict=True))
            for c in colours
        )
