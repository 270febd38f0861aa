"""The niche plan (PDF): read back with pypdf, drawn with poppler's pdftoppm."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from core_helpers import DATA_DIR, SAMPLE_DIR, cli, csv_bytes, run_bytes, run_file
from PIL import Image
from pypdf import PdfReader

import niche
from niche.export.pdf import page_size
from niche.export.plan import SECTIONS, PlanOptions, plan_pdf
from niche.prospects.read import read_prospects
from niche.prospects.score import score_prospects

ACCENTS = DATA_DIR / "plan" / "accents.csv"
QBO = DATA_DIR / "corpus" / "qbo_sales_by_customer_summary.csv"


def text_of(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


@pytest.fixture(scope="module")
def accents() -> niche.Analysis:
    return run_file(ACCENTS)


@pytest.fixture(scope="module")
def accents_pdf(accents: niche.Analysis) -> bytes:
    return plan_pdf(accents, PlanOptions(company="Núñez IT Servicios"))


def test_plan_names_the_niche_the_accented_best_client_and_the_check(
    accents_pdf: bytes,
) -> None:
    pages, text = text_of(accents_pdf)
    assert 1 <= pages <= 2
    assert accents_pdf.startswith(b"%PDF-")
    assert "Dental offices (Healthcare)" in text
    assert "Núñez IT Servicios" in text
    best = text[text.index("Best service") :]
    assert "Clínica Dental Núñez" in best.split("Retention priority")[0]
    assert "Łódź Legal" in text
    assert "The rows counted add up to $261,000.00, the same as the file's" in text
    assert "1 January 2025 to 31 December 2025" in text


def test_a_name_the_fonts_cannot_print_is_counted() -> None:
    data = csv_bytes(
        [
            ["Customer", "Industry", "PCs", "Revenue"],
            ["金龍 Restaurant", "Restaurant", 12, 90000],
            ["Κώστας Ταβέρνα", "Restaurant", 11, 60000],
            ["Corner Deli", "Restaurant", 3, 2000],
        ]
    )
    _, text = text_of(plan_pdf(run_bytes(data)))
    assert "Κώστας Ταβέρνα" in text  # Greek: Liberation Sans has it
    assert "金龍" not in text
    assert "?? Restaurant" in text
    assert "1 name holds characters this PDF's fonts cannot print" in text


@pytest.mark.parametrize(
    "path",
    [SAMPLE_DIR / "clients.xlsx", QBO, ACCENTS],
    ids=lambda p: p.name,
)
def test_one_or_two_pages(path: Path) -> None:
    analysis = run_file(path)
    pages, text = text_of(plan_pdf(analysis))
    assert 1 <= pages <= 2
    assert "About the data" in text
    assert "rows read" in text or "row read" in text


def test_no_niche_says_so_and_skips_the_empty_chart() -> None:
    analysis = run_file(QBO)
    pages, text = text_of(plan_pdf(analysis))
    assert analysis.recommendation.status == "not_enough_evidence"
    assert "Not enough evidence yet" in text
    assert "Next step: add each client's industry" in text


def test_prospects_top_ten_with_two_pages_at_most() -> None:
    analysis = run_file(SAMPLE_DIR / "clients.xlsx")
    listed = SAMPLE_DIR / "prospects.xlsx"
    fit = score_prospects(read_prospects(listed.read_bytes(), listed.name), analysis)
    pages, text = text_of(plan_pdf(analysis, prospects=fit))
    assert pages <= 2
    assert "Prospects like your best clients" in text
    assert fit.table["name"].iloc[0] in text
    assert f"The top 10 of {len(fit.table)} prospects." in text
    assert "Prospects like" not in text_of(plan_pdf(analysis))[1]


@pytest.mark.parametrize(
    ("currency", "setting", "expected"),
    [("$", None, "Letter"), ("€", None, "A4"), ("£", None, "A4"), ("$", "A4", "A4")],
)
def test_paper_follows_the_currency_unless_set(
    currency: str, setting: str | None, expected: str
) -> None:
    assert page_size(currency, setting) == expected


def test_page_size_in_points(accents: niche.Analysis) -> None:
    letter = PdfReader(io.BytesIO(plan_pdf(accents))).pages[0].mediabox
    assert (round(letter.width), round(letter.height)) == (612, 792)
    a4 = plan_pdf(accents, PlanOptions(page_size="A4"))
    box = PdfReader(io.BytesIO(a4)).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (595, 842)


def test_sections_are_a_list_a_new_one_is_one_function(
    accents: niche.Analysis,
) -> None:
    def extra(doc, plan) -> None:  # noqa: ANN001
        doc.heading("Profit")
        doc.text(f"{len(plan.analysis.clients)} clients")

    _, text = text_of(plan_pdf(accents, sections=(*SECTIONS, extra)))
    assert "Profit" in text
    assert "9 clients" in text


def test_created_date_is_printed(accents: niche.Analysis) -> None:
    pdf = plan_pdf(accents, PlanOptions(created=dt.date(2026, 1, 5)))
    assert "created 5 January 2026" in text_of(pdf)[1]


def need_pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("pdftoppm is missing; CI must draw the plan (poppler-utils)")
        pytest.skip("pdftoppm is missing (apt-get install poppler-utils)")
    return found


def drawn(pdf: bytes, folder: Path) -> list[Path]:
    """The PDF's pages drawn by poppler at 40 dpi, as PNG files in ``folder``."""
    tool = need_pdftoppm()
    path = folder / "plan.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        [tool, "-r", "40", "-png", str(path), str(folder / "page")],
        check=True,
        timeout=60,
    )
    return sorted(folder.glob("page*.png"))


def test_pages_are_not_blank(accents_pdf: bytes, tmp_path: Path) -> None:
    """Drawn by poppler as a reader would: every page has ink, page 1 has the
    charts' colour (class A's dark blue)."""
    pngs = drawn(accents_pdf, tmp_path)
    assert 1 <= len(pngs) <= 2
    for png in pngs:
        gray = Image.open(png).convert("L")
        body = gray.crop((0, 0, gray.width, int(gray.height * 0.9)))  # no footer
        dark = sum(body.histogram()[:128])
        assert dark > 0.002 * body.width * body.height, png.name
    colours = Image.open(pngs[0]).convert("RGB").getcolors(1_000_000)
    assert any(
        abs(r - 31) < 12 and abs(g - 78) < 12 and abs(b - 121) < 12
        for _, (r, g, b) in colours
    )


def test_cli_plan_writes_a_pdf(tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    result = cli(
        "plan",
        ACCENTS,
        "-o",
        out,
        "--company",
        "Núñez IT",
        "--page-size",
        "a4",
        "--prospects",
        SAMPLE_DIR / "prospects.xlsx",
    )
    assert result.returncode == 0, result.stderr
    assert f"Wrote {out}" in result.stdout
    reader = PdfReader(out)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Núñez IT" in text
    assert "Prospects like your best clients" in text
    assert round(reader.pages[0].mediabox.height) == 842


def test_cli_plan_bad_prospects_file_is_one_line(tmp_path: Path) -> None:
    result = cli("plan", ACCENTS, "-o", tmp_path / "p.pdf", "--prospects", "nope.csv")
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr
