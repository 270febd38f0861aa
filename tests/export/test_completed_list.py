"""The completed client list: downloaded, re-uploaded, the same analysis."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pytest
from openpyxl import load_workbook

from niche import find_header
from niche.complete.leave_out import leave_out_column, left_out_marks
from niche.export.completed_list import completed_list_xlsx, safe_text
from niche.export.settings_file import AppSettings
from niche.session import analyze_bytes, read_file, run

HERE = Path(__file__).parents[1]
DATA = HERE / "data" / "enrich"
CORPUS = HERE / "data" / "corpus"
SAMPLE = HERE.parent / "sample_data"


def _bytes(path: Path) -> tuple[bytes, str]:
    return path.read_bytes(), path.name


def _facts(analysis) -> dict:
    """What must survive a round trip (row numbers may move)."""
    c = analysis.clients
    rec = analysis.recommendation
    return {
        "clients": [
            (
                name,
                round(float(rev), 2),
                None if math.isnan(s) else int(s),
                industry,
            )
            for name, rev, s, industry in zip(
                c["client"],
                c["annual_revenue"],
                c["systems"],
                c["industry"],
                strict=True,
            )
        ],
        "left_out": sorted(
            e.values.get(analysis.prepared.header.mapping.client, "")
            for e in analysis.excluded
            if e.reason == "left_out"
        ),
        "recommendation": (rec.status, rec.niche, rec.score, rec.confidence),
    }


@pytest.fixture(scope="module")
def completed_flow():
    app = AppSettings(
        left_out=("Cash Customer",),
        confirmed_matches=(("Dovetail Accounting Inc.", "Dovetail Acounting"),),
        edits={
            "westlake title agency": {"industry": "Title insurance", "systems": 4},
            "summit dental pc": {"systems": 12},
        },
    )
    files = [_bytes(DATA / "rmm_devices.csv"), _bytes(DATA / "psa_companies.csv")]
    done = run(*_bytes(DATA / "qbo_sales_summary.csv"), app, files)
    return done.analysis, completed_list_xlsx(done.analysis)


def test_completed_list_reuploads_to_the_same_analysis(completed_flow):
    analysis, data = completed_flow
    again = run(data, "completed.xlsx").analysis  # no settings at all
    assert _facts(again) == _facts(analysis)
    assert _facts(again)["left_out"] == ["Cash Customer"]
    assert analysis.recommendation.niche == "Dental offices"
    known = dict(zip(again.clients["client"], again.clients["systems"], strict=True))
    assert known["Maple Grove Dental, LLC"] == 14
    assert known["Summit Dental PC"] == 12


def test_completed_list_headings_map_with_no_questions(completed_flow):
    _, data = completed_flow
    sheet = load_workbook(io.BytesIO(data)).active
    headings = [c.value for c in sheet[1]]
    assert headings == ["Customer", "Total", "Industry", "PCs", "Leave out"]
    header = find_header(read_file(data, "completed.xlsx").cells)
    assert header.row == 1
    assert header.mapping.as_dict() == {
        "client": "Customer",
        "revenue": "Total",
        "systems": "PCs",
        "industry": "Industry",
    }
    rows = {r[0].value: [c.value for c in r] for r in sheet.iter_rows(min_row=2)}
    assert rows["Maple Grove Dental, LLC"] == [
        "Maple Grove Dental, LLC",
        48000,
        "Dental offices",
        14,
        None,
    ]
    assert rows["Cash Customer"][-1] == "yes"
    assert rows["TOTAL"][1] == 199200  # total line kept: excluded again on re-upload


def test_leave_out_marks_are_read_back(completed_flow):
    _, data = completed_flow
    grid = read_file(data, "completed.xlsx")
    assert left_out_marks(grid, find_header(grid.cells)) == ("Cash Customer",)


@pytest.mark.parametrize(
    ("heading", "found"),
    [("Leave out", True), ("LEFT OUT", True), ("Exclude", True), ("Notes", False)],
)
def test_leave_out_column_names(heading, found):
    assert (leave_out_column(["Client", heading]) == heading) is found


def test_leave_out_marks_in_a_users_own_sheet():
    data = b"Client,Revenue,Skip\nA Dental,100,\nWalk-in,5,x\nB Law,50,TRUE\nC,7,no\n"
    analysis = run(data, "own.csv").analysis
    assert list(analysis.clients["client"]) == ["A Dental", "C"]
    assert sorted(e.reason for e in analysis.excluded) == ["left_out", "left_out"]


def test_a_file_with_its_own_columns_keeps_them():
    analysis = analyze_bytes(*_bytes(SAMPLE / "clients.xlsx"))
    data = completed_list_xlsx(analysis)
    sheet = load_workbook(io.BytesIO(data)).active
    headings = [c.value for c in sheet[1]]
    mapping = analysis.prepared.header.mapping
    assert headings[: len(analysis.prepared.header.headings)] == list(
        analysis.prepared.header.headings
    )
    assert headings[-1] == "Leave out"
    assert "PCs" not in headings or mapping.systems == "PCs"
    assert _facts(analyze_bytes(data, "completed.xlsx")) == _facts(analysis)


def _corpus_files() -> list[tuple[str, str | None]]:
    """Corpus files that analyse with no options (EXPECTED.json: no error)."""
    expected = json.loads((CORPUS / "EXPECTED.json").read_text())
    return [
        (e["file"], e["sheet"])
        for e in expected
        if e["error"] is None and not e.get("map") and not e.get("keep_currency")
    ]


@pytest.mark.parametrize(("name", "sheet"), _corpus_files(), ids=lambda v: v or "")
def test_corpus_round_trip(name, sheet):
    analysis = analyze_bytes(*_bytes(CORPUS / name), sheet=sheet)
    data = completed_list_xlsx(analysis)
    again = run(data, "completed.xlsx").analysis
    assert _facts(again) == _facts(analysis)


def test_text_cells_are_neutralised_against_formulas():
    data = b'Client,Revenue\n"=HYPERLINK(""http://x"",""y"")",100\n@SUM(A1),50\nB,-20\n'
    analysis = analyze_bytes(data, "evil.csv")
    book = load_workbook(io.BytesIO(completed_list_xlsx(analysis)))
    cells = [r[0].value for r in book.active.iter_rows(min_row=2)]
    assert cells[0].startswith("'=")
    assert cells[1] == "'@SUM(A1)"
    assert [r[1].value for r in book.active.iter_rows(min_row=2)] == [100, 50, -20]
    assert all(c.data_type != "f" for row in book.active.iter_rows() for c in row)


@pytest.mark.parametrize(
    ("text", "safe"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-x", "'-x"), ("@a", "'@a"), ("ok", "ok")],
)
def test_safe_text(text, safe):
    assert safe_text(text) == safe
