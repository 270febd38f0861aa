"""Tests for niche.profile: the best clients compared with the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from niche.model import Analysis, Settings
from niche.rules.profile import (
    BEST,
    OTHER_INDUSTRIES,
    REST,
    best_client_profile,
    profile_chart_frame,
    profile_sentences,
)
from niche.session import analyze_bytes

DATA = Path(__file__).resolve().parents[1] / "data" / "niche"
SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "clients.xlsx"


def run(data: bytes, name: str = "clients.csv", **settings: object) -> Analysis:
    return analyze_bytes(data, name, settings=Settings(**settings))


@pytest.fixture(scope="module")
def sample() -> Analysis:
    return run(SAMPLE.read_bytes(), SAMPLE.name)


def test_sample_industry_mix(sample: Analysis) -> None:
    p = best_client_profile(sample)
    assert (p.best_clients, p.rest_clients) == (13, 26)
    ind = p.industries.set_index("industry")
    assert ind.loc["Dental offices", "best"] == 8
    assert ind.loc["Dental offices", "rest"] == 0
    assert ind.loc["Dental offices", "best_share"] == pytest.approx(8 / 13)
    assert ind.loc["Law firms", "lift"] == pytest.approx((2 / 13) / (1 / 26))
    assert ind.loc["Restaurants", "rest"] == 11
    assert p.industries["industry"].iloc[0] == "Dental offices"
    assert p.industries["best_share"].sum() == pytest.approx(1.0)
    assert p.industries["rest_share"].sum() == pytest.approx(1.0)


def test_sample_sizes_and_tiers(sample: Analysis) -> None:
    p = best_client_profile(sample)
    assert p.best_tier == "sweet_spot"
    tiers = p.tiers.set_index("tier")
    assert list(p.tiers["tier"]) == ["micro", "sweet_spot", "large", "unknown"]
    assert tiers.loc["sweet_spot", "best"] == 12
    assert tiers["best"].sum() == 13
    assert p.median_systems == (20.0, 5.0)
    best = sample.clients[sample.clients["value_class"] == "A"]
    assert p.median_revenue_per_system[0] == pytest.approx(
        best["revenue_per_system"].median()
    )


def test_sample_sentences(sample: Analysis) -> None:
    text = profile_sentences(best_client_profile(sample))
    assert (
        text[0] == "Dental offices are 62 % of your best clients but none of the rest."
    )
    assert "Law firms are 15 % of your best clients but 4 % of the rest." in text
    assert "Restaurants are 42 % of the rest but none of your best clients." in text
    assert (
        "92 % of your best clients (12 of 13) are in the sweet spot (10-50 PCs), "
        "against 8 % of the rest." in text
    )
    assert "Your best clients have a median of 20 PCs; the rest 5." in text
    assert any(s.startswith("They pay a median $155 per PC a month") for s in text)
    assert any(s.startswith("They have been with you a median") for s in text)


def test_chart_frame(sample: Analysis) -> None:
    frame = profile_chart_frame(best_client_profile(sample))
    assert list(frame.columns) == ["industry", "group", "share"]
    assert set(frame["group"]) == {BEST, REST}
    assert frame["industry"].iloc[0] == "Dental offices"
    assert frame["industry"].nunique() == 9  # 8 industries + the others pooled
    assert frame["industry"].iloc[-1] == OTHER_INDUSTRIES
    for _, group in frame.groupby("group"):
        assert group["share"].sum() == pytest.approx(1.0)


def test_tenure_from_client_since() -> None:
    a = run((DATA / "tenure.csv").read_bytes(), as_of="2026-01-01")
    p = best_client_profile(a)
    best = set(a.clients.loc[a.clients["value_class"] == "A", "client"])
    assert best == {"Bright Smile", "Harbor Family", "Pacific Crest"}
    tb, tr = p.median_tenure_years
    assert tb == pytest.approx(4.0, abs=0.01)  # 2022-01-01 to 2026-01-01
    assert tr == pytest.approx(2.0, abs=0.01)  # 2025 and 2023, Pho Corner unknown
    assert "They have been with you a median 4.0 years; the rest 2.0." in (
        profile_sentences(p)
    )


def test_no_systems_no_size_sentences() -> None:
    data = b"Client,Industry,Revenue\nA,Dentist,9000\nB,Dentist,8000\nC,Cafe,100\n"
    p = best_client_profile(run(data))
    assert p.best_tier is None
    assert p.median_systems == (None, None)
    assert p.median_revenue_per_system == (None, None)
    text = profile_sentences(p)
    assert not any("PC" in s for s in text)
    assert (
        text[0] == "Dental offices are 100 % of your best clients but none of the rest."
    )


def test_single_client_has_no_rest() -> None:
    p = best_client_profile(run(b"Client,Industry,PCs,Revenue\nA,Dentist,12,9000\n"))
    assert (p.best_clients, p.rest_clients) == (1, 0)
    text = profile_sentences(p)
    assert text[0].startswith("All 1 of your clients are best clients")
    frame = profile_chart_frame(p)
    assert set(frame["group"]) == {BEST}
    assert p.median_systems == (12.0, None)
