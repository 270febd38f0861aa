"""Tests for niche.prospects: reading a prospect list and scoring the fit."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest

from niche.cli import main
from niche.errors import NoTableError, SettingsError, UnreadableFileError
from niche.model import Analysis, Settings
from niche.prospects.output import prospect_records, prospects_frame, prospects_text
from niche.prospects.read import find_prospect_header, read_prospects
from niche.prospects.score import (
    NICHE_POINTS,
    SIZE_POINTS,
    TIER_POINTS,
    prospect_reason,
    score_prospects,
)
from niche.session import analyze_bytes

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = ROOT / "sample_data" / "clients.xlsx"
PROSPECTS = ROOT / "sample_data" / "prospects.xlsx"
DATA = Path(__file__).resolve().parents[1] / "data" / "niche"


@pytest.fixture(scope="module")
def sample() -> Analysis:
    return analyze_bytes(CLIENTS.read_bytes(), CLIENTS.name)


@pytest.fixture(scope="module")
def dental() -> Analysis:
    path = DATA / "messy_labels.csv"
    return analyze_bytes(path.read_bytes(), path.name)


def read(text: str, **kw: object):
    return read_prospects(text.encode(), "prospects.csv", **kw)  # type: ignore[arg-type]


def test_reads_sample_prospects() -> None:
    listed = read_prospects(PROSPECTS.read_bytes(), PROSPECTS.name)
    assert (listed.name, listed.industry, listed.systems) == (
        "Company",
        "Industry",
        "PCs",
    )
    assert listed.header_row == 1
    assert list(listed.table.columns) == ["Company", "Industry", "PCs", "City"]
    assert len(listed.table) == 30
    assert listed.table.loc[2, "Company"] == "Atlantic Marine Components"
    assert listed.table.loc[2, "PCs"] == "140"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Leads for 2026\nExported 1/2/2026\n\nBusiness Name,Vertical,Workstations\n"
            "Smile Dental,Dentist,20\n",
            ("Business Name", "Vertical", "Workstations"),
        ),
        ("Name,Town,Employees\nSmile Dental,Salem,12\n", ("Name", None, "Employees")),
        ("Prospect,Specialty\nSmile Dental,Dentist\n", ("Prospect", "Specialty", None)),
        ("Company,Industry\nSmile Dental,Dentist\n", ("Company", "Industry", None)),
        ("Client,# of PCs,Notes\nSmile Dental,20,call\n", ("Client", None, "# of PCs")),
    ],
)
def test_header_variants(text: str, expected: tuple) -> None:
    listed = read(text)
    assert (listed.name, listed.industry, listed.systems) == expected
    assert listed.table.iloc[0, 0] == "Smile Dental"


@pytest.mark.parametrize(
    "text",
    [
        "Town,Industry,PCs\nSalem,Dentist,20\n",  # no name column
        "Company,City\nSmile Dental,Salem\n",  # neither industry nor systems
        "just some words\nand more words\n",
    ],
)
def test_no_prospect_table(text: str) -> None:
    with pytest.raises(NoTableError, match="No prospect list found"):
        read(text)


def test_find_header_skips_numeric_rows() -> None:
    listed = read("Company,Industry,PCs\n1,2,3\nSmile Dental,Dentist,20\n")
    assert listed.header_row == 1
    assert find_prospect_header(listed.grid.cells)[0] == 1


def test_overrides() -> None:
    text = "Company,Notes,PCs\nSmile Dental,Dentist,20\n"
    assert read(text).industry is None
    listed = read(text, overrides={"industry": "Notes", "systems": None})
    assert (listed.industry, listed.systems) == ("Notes", None)
    with pytest.raises(SettingsError, match='No column "Sector"'):
        read(text, overrides={"industry": "Sector"})
    with pytest.raises(SettingsError, match="Unknown prospect field"):
        read(text, overrides={"revenue": "PCs"})


def test_total_footer_blank_and_repeated_header_rows_skipped() -> None:
    text = (
        "Company,Industry,PCs\n"
        "Smile Dental,Dentist,20\n"
        ",,\n"
        "Company,Industry,PCs\n"
        ",Cafe,3\n"
        "Corner Cafe,Cafe,3\n"
        "Total,,23\n"
        "Exported by CRM on 2026-01-02,,\n"
    )
    listed = read(text)
    assert list(listed.table["Company"]) == ["Smile Dental", "Corner Cafe"]
    assert list(listed.table.index) == [2, 6]
    assert listed.skipped == (4, 5, 7, 8)


def test_bad_bytes() -> None:
    with pytest.raises(UnreadableFileError):
        read_prospects(b"\x00\x01\x02" * 100, "prospects.csv")


def test_sample_scoring(sample: Analysis) -> None:
    listed = read_prospects(PROSPECTS.read_bytes(), PROSPECTS.name)
    fit = score_prospects(listed, sample)
    t = fit.table
    assert fit.niche == "Dental offices"
    assert list(t["rank"]) == list(range(1, 31))
    assert t["name"].iloc[0] == "Brookside Dental Care"
    assert set(t["industry"].head(5)) == {"Dental offices"}
    assert t["fit"].between(0, 100).all()
    assert list(t["fit"]) == sorted(t["fit"], reverse=True)
    points = t["industry_points"] + t["tier_points"] + t["size_points"]
    assert (points - t["fit"]).abs().max() < 0.11
    cafe = t[t["name"] == "Copper Kettle Cafe"].iloc[0]
    assert cafe["fit"] == 0
    assert cafe["rank"] > 20
    assert t.loc[0, "reasons"][0] == "Dental offices: your recommended niche"
    # Next to it: the taxonomy's neighbours of dental offices only (2 medical
    # offices, an optometrist, a chiropractor), not the law firms that are
    # also among the best clients.
    assert fit.reason == (
        "10 of your 30 prospects are dental offices (6) or in industries next to it "
        "(4): there is room to grow."
    )


def test_weights(dental: Analysis) -> None:
    text = (
        "Company,Industry,PCs\n"
        "Exact,Dentist,19\n"
        "Double,Dentist,38\n"
        "Chiro,Chiropractor,19\n"
        "Vet,Veterinary clinic,19\n"
        "Hospital,Hospital,19\n"
        "Unknown size,Dentist,\n"
    )
    t = score_prospects(read(text), dental).table.set_index("name")
    assert t.loc["Exact", "fit"] == NICHE_POINTS + TIER_POINTS + SIZE_POINTS == 100
    assert t.loc["Double", "size_points"] == pytest.approx(SIZE_POINTS / 2, abs=0.05)
    assert t.loc["Chiro", "match"] == "near"
    assert t.loc["Chiro", "industry_points"] == 30
    assert t.loc["Hospital", "match"] in ("near", "sector")
    assert t.loc["Unknown size", "tier"] == "unknown"
    assert t.loc["Unknown size", "fit"] == NICHE_POINTS + 10
    assert "Size unknown" in t.loc["Unknown size", "reasons"]


def test_same_sector_only(dental: Analysis) -> None:
    t = score_prospects(read("Company,Industry\nHome care,Pharmacy\n"), dental).table
    assert t.loc[0, "match"] in ("sector", "near")
    assert t.loc[0, "industry_points"] in (20, 30)


def test_ties_by_name(dental: Analysis) -> None:
    text = "Company,Industry,PCs\nbeta dental,Dentist,19\nAlpha Dental,Dentist,19\n"
    t = score_prospects(read(text), dental).table
    assert list(t["name"]) == ["Alpha Dental", "beta dental"]


def test_industry_overrides_apply_to_prospects() -> None:
    path = DATA / "messy_labels.csv"
    a = analyze_bytes(
        path.read_bytes(),
        path.name,
        settings=Settings(industry_overrides=(("Tooth shop", "Dentist"),)),
    )
    t = score_prospects(read("Company,Industry\nX,Tooth shop\n"), a).table
    assert t.loc[0, "industry"] == "Dental offices"


def test_no_niche_uses_best_client_industries() -> None:
    path = DATA / "no_evidence.csv"
    a = analyze_bytes(path.read_bytes(), path.name)
    assert a.recommendation.niche is None
    fit = score_prospects(read("Company,Industry\nA,Dentist\nB,Optometrist\n"), a)
    t = fit.table.set_index("name")
    assert t.loc["A", "industry_points"] == 30  # a best-client industry
    assert t.loc["B", "industry_points"] == 20  # a best-client sector
    assert fit.reason is None


def test_reason_when_nothing_nearby(dental: Analysis) -> None:
    fit = score_prospects(read("Company,Industry\nA,Restaurant\nB,Cafe\n"), dental)
    assert fit.reason == (
        "None of your 2 prospects are dental offices or in an industry next to it: a "
        "niche with no prospects nearby is a weaker bet."
    )
    assert prospect_reason(dental.recommendation, fit.table.iloc[0:0]) is None


def test_frame_keeps_original_columns(dental: Analysis) -> None:
    text = "Company,Sector,PCs,City\nSmile Dental,Dentist,20,Salem\nCafe,Cafe,3,Lynn\n"
    fit = score_prospects(read(text), dental)
    assert fit.prospects.industry == "Sector"
    frame = prospects_frame(fit)
    assert list(frame.columns) == [
        "Rank",
        "Fit",
        "Company",
        "Sector (file)",
        "PCs",
        "City",
        "Matched industry",
        "Sector",
        "Size tier",
        "Why",
    ]
    assert frame.loc[0, "Company"] == "Smile Dental"
    assert frame.loc[0, "City"] == "Salem"
    assert frame.loc[0, "Size tier"] == "sweet spot"
    assert frame.loc[0, "Why"].startswith("Dental offices: your recommended niche; ")


def test_records_and_text(sample: Analysis) -> None:
    fit = score_prospects(read_prospects(PROSPECTS.read_bytes(), "p.xlsx"), sample)
    records = prospect_records(fit)
    json.dumps(records, allow_nan=False)
    first = records[0]
    assert first["name"] == "Brookside Dental Care"
    assert first["columns"]["City"] == "Portsmouth, NH"
    unknown = next(r for r in records if r["name"] == "Quarry Hill Partners")
    assert unknown["industry_raw"] is None
    assert unknown["industry"] == "Unspecified"
    text = prospects_text(fit, sample, limit=3)
    assert "Brookside Dental Care" in text
    assert "... and 27 more." in text


def test_cli_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prospects", str(CLIENTS), str(PROSPECTS)]) == 0
    out = capsys.readouterr().out
    assert "Recommended niche: Dental offices." in out
    assert out.index("Brookside Dental Care") < out.index("Copper Kettle Cafe")


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prospects", str(CLIENTS), str(PROSPECTS), "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 30
    assert records[0]["rank"] == 1
    assert records[0]["fit"] >= records[-1]["fit"]


@pytest.mark.parametrize(
    ("clients", "prospects"),
    [
        (CLIENTS, DATA / "missing.csv"),
        (DATA / "missing.csv", PROSPECTS),
        (CLIENTS, DATA / "prospects_no_name.csv"),
    ],
)
def test_cli_bad_files(
    capsys: pytest.CaptureFixture[str], clients: Path, prospects: Path
) -> None:
    assert main(["prospects", str(clients), str(prospects)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ")
    assert captured.err.count("\n") == 1


@pytest.mark.parametrize(
    "text", ["Company,Industry,PCs\n", "Company,Industry,PCs\nTotal,,\n"]
)
def test_header_only_is_an_error(text: str) -> None:
    with pytest.raises(NoTableError, match="no prospects"):
        read(text)


def test_reason_without_industries(dental: Analysis) -> None:
    fit = score_prospects(read("Company,PCs\nA,20\nB,n/a\n"), dental)
    assert fit.reason == (
        "None of your 2 prospects has an industry: add one to see how many are in "
        "the niche or next to it."
    )
    t = fit.table.set_index("name")
    assert t.loc["A", "fit"] > t.loc["B", "fit"]
    assert t.loc["B", "tier"] == "unknown"


def test_systems_read_once_with_the_file(dental: Analysis) -> None:
    listed = read("Company,Industry,PCs\nA,Dentist,20\nB,Cafe,~3\nC,Law firm,n/a\n")
    assert listed.system_counts is not None
    assert listed.system_counts.tolist()[:2] == [20.0, 3.0]
    # a list built by hand (no counts read yet) is scored the same
    by_hand = dataclasses.replace(listed, system_counts=None)
    pd.testing.assert_frame_equal(
        score_prospects(listed, dental).table, score_prospects(by_hand, dental).table
    )
    assert read("Company,Industry\nA,Dentist\n").system_counts is None


def test_frame_when_a_file_column_is_named_like_an_added_one(
    dental: Analysis,
) -> None:
    text = "Company,Industry,Why,Why (file)\nSmile Dental,Dentist,x,y\n"
    frame = prospects_frame(score_prospects(read(text), dental))
    assert list(frame.columns).count("Why (file)") == 2
    assert frame["Why (file)"].iloc[0].tolist() == ["x", "y"]


def _two_sheets() -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["Leads from the trade show"])
    leads = book.create_sheet("Leads")
    leads.append(["Company", "Industry", "PCs"])
    leads.append(["Harbor Dental", "Dental office", 14])
    leads.append(["Oak Law", "Law firm", 9])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_prospects_on_a_later_sheet_are_found_and_their_header_read_once() -> None:
    from niche.prospects.read import find_prospect_header, read_prospects
    from niche.read.files import read_found

    data = _two_sheets()
    prospects = read_prospects(data, "leads.xlsx")
    assert prospects.grid.sheet == "Leads"
    assert prospects.name == "Company"
    assert list(prospects.table["Company"]) == ["Harbor Dental", "Oak Law"]

    looked_at = []

    def find(cells: pd.DataFrame) -> object:
        looked_at.append(len(cells))
        return find_prospect_header(cells)

    grid, found = read_found(data, "leads.xlsx", None, find)
    assert grid.sheet == "Leads"
    assert found == find_prospect_header(grid.cells)
    assert looked_at == [1, 3]  # each sheet once; not again after choosing
