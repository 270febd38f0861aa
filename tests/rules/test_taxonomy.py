"""Tests for niche.industry: the taxonomy file and label matching."""

from __future__ import annotations

import csv
import io
import math
import time
from importlib import resources

import pytest

from niche.rules.labels import clean_label, normalise_label
from niche.rules.taxonomy import (
    OTHER_SECTOR,
    SECTORS,
    UNSPECIFIED,
    Industry,
    IndustryMatch,
    Taxonomy,
)

REQUIRED = {
    "Dental offices": "Healthcare",
    "Medical offices": "Healthcare",
    "Chiropractors": "Healthcare",
    "Optometrists": "Healthcare",
    "Veterinary clinics": "Healthcare",
    "Physical therapy": "Healthcare",
    "Law firms": "Legal",
    "Accounting and CPA firms": "Professional services",
    "Title and escrow": "Legal",
    "Insurance agencies": "Finance and insurance",
    "Financial advisers": "Finance and insurance",
    "Banks and credit unions": "Finance and insurance",
    "Restaurants": "Hospitality and food",
    "Small manufacturers": "Manufacturing",
    "Construction and trades": "Construction and trades",
    "Real estate agencies": "Real estate",
    "Property management": "Real estate",
    "Nonprofits": "Nonprofit and religious",
    "Churches": "Nonprofit and religious",
    "Retail stores": "Retail",
    "Architecture and engineering": "Professional services",
    "Schools": "Education",
    "Marketing agencies": "Professional services",
    "Hotels": "Hospitality and food",
    "Auto repair": "Other",
    "Trucking and logistics": "Transportation and logistics",
    "Local government": "Government",
    "Dental labs": "Manufacturing",
    "Landscaping and lawn care": "Construction and trades",
}

MAPPINGS = {
    "Dental offices": [
        "Dental office", "Dentist", "Dental Practice", "DDS", "DMD", "Dentistry",
    ],
    "Restaurants": ["Restaurant", "Cafe", "Diner", "Bakery"],
    "Law firms": ["Law firm", "Law office", "Attorneys", "Attorney at law"],
    "Accounting and CPA firms": [
        "CPA", "Accountants", "Accounting firm", "Bookkeeping",
    ],
    "Medical offices": ["Medical practice", "Physician", "Family practice", "Clinic"],
    "Chiropractors": ["Chiropractor"],
    "Small manufacturers": ["Manufacturing", "MFG", "Machine shop"],
    "Churches": ["Church"],
    "Nonprofits": ["Nonprofit", "Non-profit", "Charity"],
    "Real estate agencies": ["Real estate", "Realtor"],
    "Insurance agencies": ["Insurance agency", "Insurance"],
    "Retail stores": ["Retail", "Shop", "Boutique"],
    "Construction and trades": [
        "Construction", "Contractor", "Plumbing", "HVAC", "Electrician",
    ],
    "Veterinary clinics": ["Veterinary", "Vet clinic", "Animal hospital"],
    "Optometrists": ["Optometrist", "Eye care"],
}  # fmt: skip


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return Taxonomy.default()


def _file_rows() -> list[dict[str, str]]:
    text = resources.files("niche").joinpath("data/taxonomy.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


# --- the data file ----------------------------------------------------------------


def test_file_size_and_header() -> None:
    rows = _file_rows()
    assert list(rows[0]) == ["label", "industry", "naics", "sector", "neighbours"]
    assert len(rows) >= 300
    assert len({r["industry"] for r in rows}) >= 55


def test_every_label_in_the_file_maps_to_its_industry(tax: Taxonomy) -> None:
    for row in _file_rows():
        found = tax.match(row["label"])
        assert found.known, row
        assert found.industry == row["industry"], row


def test_canonical_rows_are_well_formed(tax: Taxonomy) -> None:
    names = set(tax.names())
    assert len(names) >= 55
    for ind in tax.industries():
        assert ind.sector in SECTORS, ind
        assert ind.naics is None or (ind.naics.isdigit() and 2 <= len(ind.naics) <= 6)
        assert ind.neighbours, ind
        assert set(ind.neighbours) <= names - {ind.name}, ind
    # only the two catch-all industries whose NAICS sector is a range lack a code
    assert {i.name for i in tax.industries() if i.naics is None} == {
        "Small manufacturers",
        "Retail stores",
    }


def test_synonym_rows_leave_industry_fields_blank() -> None:
    for row in _file_rows():
        if row["label"] != row["industry"]:
            assert not row["naics"], row
            assert not row["sector"], row
            assert not row["neighbours"], row


@pytest.mark.parametrize(("name", "sector"), sorted(REQUIRED.items()))
def test_required_industries(tax: Taxonomy, name: str, sector: str) -> None:
    ind = tax.get(name)
    assert ind is not None
    assert ind.sector == sector


@pytest.mark.parametrize(
    ("name", "naics"),
    [
        ("Dental offices", "621210"),
        ("Law firms", "541110"),
        ("Accounting and CPA firms", "541211"),
        ("Restaurants", "7225"),  # Restaurants and Other Eating Places: cafes too
        ("Dental labs", "339116"),
        ("Veterinary clinics", "541940"),
    ],
)
def test_naics_codes(tax: Taxonomy, name: str, naics: str) -> None:
    assert tax.get(name).naics == naics


def test_required_neighbours(tax: Taxonomy) -> None:
    assert {
        "Medical offices",
        "Chiropractors",
        "Optometrists",
        "Veterinary clinics",
    } <= set(tax.neighbours("Dental offices"))
    assert {
        "Accounting and CPA firms",
        "Title and escrow",
        "Insurance agencies",
    } <= set(tax.neighbours("Law firms"))


def test_sectors() -> None:
    assert len(SECTORS) == 14
    assert SECTORS[0] == "Healthcare"
    assert SECTORS[-1] == OTHER_SECTOR == "Other"


# --- matching ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "industry"),
    [(label, ind) for ind, labels in MAPPINGS.items() for label in labels],
)
def test_required_mappings(tax: Taxonomy, label: str, industry: str) -> None:
    found = tax.match(label)
    assert found.known
    assert found.industry == industry
    assert found.raw == label


@pytest.mark.parametrize(
    "label",
    [
        "Dentist",
        "dental office",
        "DENTAL PRACTICE",
        "DDS",
        "  Dental   Offices ",
        "D.D.S.",
    ],
)
def test_dental_offices(tax: Taxonomy, label: str) -> None:
    assert tax.match(label) == IndustryMatch(
        raw=label,
        industry="Dental offices",
        sector="Healthcare",
        naics="621210",
        known=True,
    )


@pytest.mark.parametrize("label", [None, "", "   ", "\t\n", math.nan, "--"])
def test_blank_is_unspecified(tax: Taxonomy, label: str | None) -> None:
    found = tax.match(label)
    assert found.industry == UNSPECIFIED
    assert found.sector == OTHER_SECTOR
    assert found.raw is None
    assert not found.known
    assert found.naics is None


def test_pandas_missing_values_are_unspecified(tax: Taxonomy) -> None:
    pd = pytest.importorskip("pandas")
    found = tax.match_many([pd.NA, pd.NaT, None, math.nan])
    assert {m.industry for m in found} == {UNSPECIFIED}


def test_unknown_label_is_kept_cleaned(tax: Taxonomy) -> None:
    found = tax.match("  pet   grooming ")
    assert found.industry == "Pet grooming"
    assert found.sector == OTHER_SECTOR
    assert found.naics is None
    assert not found.known
    assert found.guess is None
    assert tax.match("Marina").industry == "Marina"


@pytest.mark.parametrize(
    ("label", "industry"),
    [
        ("Dental lab", "Dental labs"),
        ("Dental laboratory", "Dental labs"),
        ("DENTAL LABORATORIES", "Dental labs"),
        ("Church's Chicken", "Restaurants"),
        ("Churchs chicken", "Restaurants"),
        ("Church", "Churches"),
        ("Lawn care", "Landscaping and lawn care"),
        ("Lawncare", "Landscaping and lawn care"),
        ("Landscape architect", "Architecture and engineering"),
        ("Bar association", "Associations"),
        ("Hospital", "Hospitals"),
        ("Animal hospital", "Veterinary clinics"),
        ("Medical lab", "Medical and diagnostic labs"),
    ],
)
def test_false_friends_exact(tax: Taxonomy, label: str, industry: str) -> None:
    assert tax.match(label).industry == industry


@pytest.mark.parametrize(
    "label",
    ["Lawn", "Lawns", "Lawn office", "LAWN CARE PROS", "Lawn firm", "Law n care"],
)
def test_lawn_is_never_law(tax: Taxonomy, label: str) -> None:
    found = tax.match(label)
    assert found.industry != "Law firms"
    assert found.guess != "Law firms"


@pytest.mark.parametrize(
    ("label", "guess"),
    [
        ("Dentl office", "Dental offices"),
        ("Dental labratory", "Dental labs"),
        ("Dentl lab", "Dental labs"),
        ("Resturant", "Restaurants"),
        ("Chiropracter", "Chiropractors"),
        ("Hospitalty", "Hotels"),
        ("Law ofice", "Law firms"),
    ],
)
def test_fuzzy_guess_is_offered_not_applied(
    tax: Taxonomy, label: str, guess: str
) -> None:
    found = tax.match(label)
    assert not found.known
    assert found.industry == clean_label(label)
    assert found.sector == OTHER_SECTOR
    assert found.naics is None
    assert found.guess == guess
    assert found.guess_score is not None
    assert found.guess_score >= 88


@pytest.mark.parametrize(
    "label",
    [
        "Summit Metal",
        "Baking",  # one letter from "banking", but a word in its own right
        "Dental supply",
        "Church's Fried Chicken",
        "Boat dealer",
        "Marina",
        "Pet grooming",
    ],
)
def test_no_far_fetched_guess(tax: Taxonomy, label: str) -> None:
    found = tax.match(label)
    assert not found.known
    assert found.guess is None
    assert found.guess_score is None


def test_match_many_matches_and_groups_unknown_spellings(tax: Taxonomy) -> None:
    found = tax.match_many(["Dentist", None, "pet groomers", "PET GROOMER", "DDS"])
    assert [m.industry for m in found] == [
        "Dental offices",
        UNSPECIFIED,
        "Pet groomers",
        "Pet groomers",
        "Dental offices",
    ]
    assert found[3].raw == "PET GROOMER"


def test_match_many_is_fast_for_many_rows(tax: Taxonomy) -> None:
    labels = ["Dentist", "CPA", None, "Law firm", "Zebra farm", "  "] * 20_000
    start = time.perf_counter()
    found = tax.match_many(labels)
    assert time.perf_counter() - start < 2.0
    assert len(found) == len(labels)
    assert found[0].industry == "Dental offices"
    assert found[4].industry == "Zebra farm"


# --- lookups ----------------------------------------------------------------------


def test_lookups(tax: Taxonomy) -> None:
    assert tax.get("Dental offices") == Industry(
        "Dental offices",
        "621210",
        "Healthcare",
        tax.neighbours("Dental offices"),
    )
    assert tax.get("dentist") is None
    assert tax.names() == tuple(sorted(tax.names()))
    assert [i.name for i in tax.industries()] == list(tax.names())
    assert tax.sector_of("Law firms") == "Legal"
    assert tax.sector_of("Pet grooming") == OTHER_SECTOR
    assert tax.sector_of(UNSPECIFIED) == OTHER_SECTOR
    assert tax.neighbours("Pet grooming") == ()
    assert "Dental offices" in tax.in_sector("Healthcare")
    assert "Dental labs" not in tax.in_sector("Healthcare")
    assert tax.in_sector("No such sector") == ()
    assert Taxonomy.default() is tax


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dentistry", "Dental offices"),
        ("Law firms", "Law firms"),
        ("law firm", "Law firms"),
        ("Resturant", "Restaurants"),
        ("I used to work in a dental practice", "Dental offices"),
        ("ten years in a law firm", "Law firms"),
        ("worked at a law firm and a dental lab", None),  # two industries: no answer
        ("astronaut", None),
        ("", None),
        ("Lawn care", "Landscaping and lawn care"),
    ],
)
def test_resolve_background(tax: Taxonomy, text: str, expected: str | None) -> None:
    assert tax.resolve_background(text) == expected


# --- normalisation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dental Offices", "dental office"),
        ("DENTAL PRACTICE", "dental practice"),
        ("  Dental   practices ", "dental practice"),
        ("Attorneys-at-Law", "attorney at law"),
        ("Title & Escrow", "title and escrow"),
        ("Companies", "company"),
        ("Agencies", "agency"),
        ("Clinics", "clinic"),
        ("Churches", "church"),
        ("Church's Chicken", "church chicken"),
        ("Doctors' office", "doctor office"),
        ("Business services", "business service"),
        ("Businesses", "business"),
        ("Glasses", "glass"),
        ("Taxes", "tax"),
        ("Campus", "campus"),
        ("Analysis", "analysis"),
        ("Gas", "gas"),
        ("News", "news"),
        ("SaaS", "saas"),
        ("CPAs", "cpa"),
        ("DDS", "dds"),
        ("Niches", "niche"),
        ("Movies", "movie"),
        ("Ties", "tie"),
        ("Café", "cafe"),
        ("OB/GYN", "ob gyn"),
        ("501(c)(3)", "501 c 3"),
        ("Children's hospital", "child hospital"),
        ("", ""),
        ("  ", ""),
    ],
)
def test_normalise_label(text: str, expected: str) -> None:
    assert normalise_label(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  pet   grooming ", "Pet grooming"),
        ("marina", "Marina"),
        ("PET GROOMING", "PET GROOMING"),
        ("eBay seller", "eBay seller"),
        ("IT consulting", "IT consulting"),
        ("", ""),
    ],
)
def test_clean_label(text: str, expected: str) -> None:
    assert clean_label(text) == expected


# --- validation of a taxonomy file ------------------------------------------------

GOOD = """label,industry,naics,sector,neighbours
Dental offices,Dental offices,621210,Healthcare,Medical offices
Medical offices,Medical offices,621111,Healthcare,Dental offices
Dentist,Dental offices,,,
"""


def test_from_csv_text_accepts_a_small_file() -> None:
    tax = Taxonomy.from_csv_text("\ufeff" + GOOD + "\n")
    assert tax.names() == ("Dental offices", "Medical offices")
    assert tax.match("dentists").industry == "Dental offices"
    assert tax.neighbours("Medical offices") == ("Dental offices",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("label,industry\nA,A\n", "header"),
        (GOOD + "Doctor,Physicians,,,\n", "unknown industry 'Physicians'"),
        (GOOD + "Dentists,Medical offices,,,\n", "two industries"),
        (GOOD + "Den-tist,Medical offices,,,\n", "two industries"),
        (GOOD + "Vets,Vets,541940,Animals,\n", "unknown sector 'Animals'"),
        (GOOD + "Vets,Vets,54194X,Healthcare,\n", "bad NAICS code"),
        (GOOD + "Vets,Vets,541940,Healthcare,Zoos\n", "neighbours"),
        (GOOD + "Vets,Vets,541940,Healthcare,Vets\n", "neighbours"),
        (GOOD + "Doctor,Medical offices,621111,,\n", "must leave"),
        (GOOD + "Dental offices,Dental offices,621210,Healthcare,\n", "defined twice"),
        (GOOD + "Doctor,Medical offices\n", "expected 5 fields"),
        (GOOD + ",Medical offices,,,\n", "required"),
    ],
)
def test_from_csv_text_rejects_a_bad_file(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Taxonomy.from_csv_text(text)
