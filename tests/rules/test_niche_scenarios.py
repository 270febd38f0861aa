"""Scenarios a consultant would check the recommendation against (issue 6).

Each scenario is a small CSV in ``tests/data/niche/`` with an asserted outcome.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from niche.export.contract import to_dict
from niche.model import Analysis, Settings
from niche.prospects.read import read_prospects
from niche.prospects.score import score_prospects
from niche.rules.industries import WEIGHTS
from niche.rules.recommend import SECTOR_ROLLUP_RATIO
from niche.rules.taxonomy import OTHER_SECTOR, Taxonomy
from niche.session import analyze_bytes

DATA = Path(__file__).resolve().parents[1] / "data" / "niche"
SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


def analyse(name: str, **settings: object) -> Analysis:
    path = DATA / name
    return analyze_bytes(
        path.read_bytes(), path.name, settings=Settings(as_of="2026-01-01", **settings)
    )


def row(analysis: Analysis, industry: str) -> dict:
    table = analysis.industries.set_index("industry")
    return table.loc[industry].to_dict()


def spec_score(r: dict) -> float:
    return 100 * sum(WEIGHTS[k] * r[k] for k in WEIGHTS) + r["B"]


def test_count_and_value_disagree_value_wins() -> None:
    """Eight micro restaurants against three valuable law firms: law firms win."""
    a = analyse("count_vs_value.csv")
    rest = row(a, "Restaurants")
    law = row(a, "Law firms")
    assert rest["clients"] > law["clients"]
    rec = a.recommendation
    assert rec.status == "ok"
    assert rec.niche == "Law firms"
    assert rec.sector == "Legal"
    assert law["V"] == pytest.approx(1.0)
    assert rec.score == pytest.approx(spec_score(law))
    assert rec.runners_up == ("Restaurants",)
    assert rec.reasons[0].startswith("All 3 of your best clients are law firms: ")
    # Restaurants have more clients and more revenue than a law firm each, but
    # the niche goes by value: one sentence says why they are not the niche.
    assert (
        any(r.startswith("Restaurants") for r in rec.reasons)
        or rest["annual_revenue"] < law["annual_revenue"]
    )


def test_messy_labels_are_one_industry_and_win() -> None:
    """Dentist, dental office, DENTAL PRACTICE, DDS, Dental Offices, dentistry."""
    a = analyse("messy_labels.csv")
    dental = a.clients[a.clients["industry"] == "Dental offices"]
    assert len(set(dental["industry_raw"])) == 6
    assert len(dental) == 6
    assert (a.industries["industry"] == "Dental offices").sum() == 1
    assert row(a, "Dental offices")["clients"] == 6
    assert a.recommendation.niche == "Dental offices"
    assert a.recommendation.confidence == "high"
    # CPA and "Accounting firm" are one industry too
    assert row(a, "Accounting and CPA firms")["clients"] == 2


def test_background_breaks_a_near_tie() -> None:
    plain = analyse("near_tie.csv")
    assert plain.recommendation.niche == "Law firms"
    assert plain.recommendation.close == ("Accounting and CPA firms",)
    gap = (
        row(plain, "Law firms")["score"]
        - row(plain, "Accounting and CPA firms")["score"]
    )
    assert 0 < gap < 10
    shifted = analyse("near_tie.csv", background=("accounting",))
    rec = shifted.recommendation
    assert rec.niche == "Accounting and CPA firms"
    assert row(shifted, "Accounting and CPA firms")["B"] == 10
    assert rec.background_effect is not None
    assert "moves Accounting and CPA firms ahead of Law firms" in rec.background_effect


def test_background_does_not_overturn_strong_evidence() -> None:
    a = analyse("count_vs_value.csv", background=("restaurant",))
    assert row(a, "Restaurants")["B"] == 10
    assert a.recommendation.niche == "Law firms"
    assert "does not change the recommendation" in a.recommendation.background_effect


def test_no_evidence_at_all() -> None:
    a = analyse("no_evidence.csv")
    rec = a.recommendation
    assert rec.status == "not_enough_evidence"
    assert rec.niche is None
    assert rec.score is None
    assert a.industries["score"].isna().all()
    assert "not enough evidence" in rec.reasons[0]
    assert any("no industry" in r for r in rec.reasons)
    out = to_dict(a)["recommendation"]
    assert out["status"] == "not_enough_evidence"
    assert out["sector_share"] is None
    assert out["sector_rollup"] is False


def test_unknown_label_kept_and_can_win() -> None:
    assert not Taxonomy.default().match("Boatyard").known
    a = analyse("unknown_label.csv")
    boat = a.clients[a.clients["industry_raw"].str.casefold().str.startswith("boat")]
    assert set(boat["industry"]) == {"Boatyard"}
    assert set(boat["sector"]) == {OTHER_SECTOR}
    r = row(a, "Boatyard")
    assert r["clients"] == 3
    assert r["sector"] == OTHER_SECTOR
    rec = a.recommendation
    assert rec.niche == "Boatyard"
    assert rec.sector == OTHER_SECTOR
    assert rec.sector_rollup is False  # "Other" is no sector to roll up


def test_sector_rollup_reason() -> None:
    """Three dental, three chiropractic and two physician clients."""
    a = analyse("sector_rollup.csv")
    rec = a.recommendation
    assert rec.niche == "Dental offices"
    assert rec.sector_rollup is True
    niche_v = row(a, "Dental offices")["V"]
    assert rec.sector_share >= SECTOR_ROLLUP_RATIO * niche_v
    assert rec.reasons[1] == (
        "Your strength is the healthcare sector as a whole: dental offices, "
        "chiropractors and medical offices together bring 100 % of your best-client "
        "revenue. Start with dental offices, the largest part, and grow across the "
        "sector."
    )
    # the formula and its fields are untouched by the roll-up
    assert rec.score == pytest.approx(spec_score(row(a, "Dental offices")))
    out = to_dict(a)["recommendation"]
    assert out["sector_rollup"] is True
    assert out["sector_share"] == pytest.approx(1.0)


@pytest.mark.parametrize(
    "name", ["count_vs_value.csv", "messy_labels.csv", "near_tie.csv"]
)
def test_no_rollup_when_the_niche_is_the_sector(name: str) -> None:
    rec = analyse(name).recommendation
    assert rec.sector_rollup is False
    assert not any("Your strength" in r for r in rec.reasons)


def test_sample_has_no_rollup() -> None:
    """Healthcare carries 72 % of best revenue, dental alone 66 %: not 1.5x."""
    path = SAMPLE / "clients.xlsx"
    rec = analyze_bytes(path.read_bytes(), path.name).recommendation
    assert rec.niche == "Dental offices"
    assert rec.sector_share == pytest.approx(0.715, abs=0.001)
    assert rec.sector_rollup is False


def test_prospects_ordered_as_a_consultant_would() -> None:
    """A 20-PC dental office first, a 3-PC cafe last."""
    a = analyse("messy_labels.csv")
    path = DATA / "prospects_order.csv"
    fit = score_prospects(read_prospects(path.read_bytes(), path.name), a)
    names = list(fit.table["name"])
    assert names[0] == "Smile Dental"
    assert names[-1] == "Corner Cafe"
    assert fit.table["fit"].iloc[0] >= 95
    assert fit.table["fit"].iloc[-1] == pytest.approx(0.0)
    # a neighbour of the niche in the sweet spot beats a micro dental office
    assert names.index("Valley Chiropractic") < names.index("Tiny Tooth")
    # unknown industry and size: some credit, never more than a known good fit
    assert names.index("Mystery Co") > names.index("Valley Chiropractic")
    assert list(fit.table["fit"]) == sorted(fit.table["fit"], reverse=True)
