"""The recommended niche: SPEC's formula on hand-computed examples."""

from __future__ import annotations

import pandas as pd
import pytest
from core_helpers import RULES_DIR, run_bytes, run_file

import niche
from niche import Settings
from niche.rules.recommend import concentration_band


def _run(name: str, **kw: object) -> niche.Analysis:
    return run_file(RULES_DIR / name, **kw)


def _row(analysis: niche.Analysis, industry: str) -> dict[str, object]:
    table = analysis.industries
    return table[table["industry"] == industry].iloc[0].to_dict()


# score.csv (annual revenue, PCs, industry), total 120,000:
#   Dental One 36000 20 Dentist      cum. above 0      -> A
#   Law One    30000 60 Law firm     above 36000 30 %  -> A
#   Dental Two 24000 15 dental off.  above 66000 55 %  -> A
#   Dental Three 12000 5 DDS         above 90000 75 %  -> A
#   Accounting One 9600 12           above 102000 85 % -> B (only client: no score)
#   Law Two     6000 ?  Attorney     above 111600 93 % -> B
#   Pizza Place 1200 3, burger barn 1200 2 (restaurants) -> C
# Best-client (A) revenue = 102,000.
# Dental:  V = 72000/102000 = 0.705882; F = 2 of 3 known in 10-50 = 0.666667;
#          median monthly = 2000; E = 3/5 = 0.6
# Law:     V = 30000/102000 = 0.294118; F = 0 of 1 known = 0;
#          median monthly = (2500 + 500)/2 = 1500; E = 0.4
# Restaurants: V = 0; F = 0 of 2 = 0; median 100; E = 0.4
# P = median / 2000 (largest among scored): dental 1, law 0.75, restaurants 0.05
V_D, F_D, P_D, E_D = 72000 / 102000, 2 / 3, 1.0, 0.6
V_L, F_L, P_L, E_L = 30000 / 102000, 0.0, 0.75, 0.4
V_R, F_R, P_R, E_R = 0.0, 0.0, 0.05, 0.4


def _score(v: float, f: float, p: float, e: float, b: float = 0.0) -> float:
    return 100 * (0.50 * v + 0.20 * f + 0.15 * p + 0.15 * e) + b


def test_score_components_by_hand():
    analysis = _run("score.csv")
    dental = _row(analysis, "Dental offices")
    law = _row(analysis, "Law firms")
    food = _row(analysis, "Restaurants")
    for row, (v, f, p, e) in (
        (dental, (V_D, F_D, P_D, E_D)),
        (law, (V_L, F_L, P_L, E_L)),
        (food, (V_R, F_R, P_R, E_R)),
    ):
        assert row["V"] == pytest.approx(v)
        assert row["F"] == pytest.approx(f)
        assert row["P"] == pytest.approx(p)
        assert row["E"] == pytest.approx(e)
        assert row["B"] == 0
        assert row["score"] == pytest.approx(_score(v, f, p, e))
    assert dental["score"] == pytest.approx(72.627451, abs=1e-5)
    assert law["score"] == pytest.approx(31.955882, abs=1e-5)
    assert food["score"] == pytest.approx(6.75)
    assert dental["clients"] == 3
    assert dental["best_clients"] == 3
    assert dental["median_monthly"] == pytest.approx(2000.0)
    assert law["median_monthly"] == pytest.approx(1500.0)


def test_industries_with_one_client_get_no_score():
    analysis = _run("score.csv")
    accounting = _row(analysis, "Accounting and CPA firms")
    assert accounting["clients"] == 1
    assert pytest.approx(9600.0) == accounting["annual_revenue"]
    assert accounting["score"] != accounting["score"]  # NaN: not scored
    # scored industries first, best score first
    assert list(analysis.industries["industry"]) == [
        "Dental offices",
        "Law firms",
        "Restaurants",
        "Accounting and CPA firms",
    ]


def test_recommendation_from_hand_computed_scores():
    rec = _run("score.csv").recommendation
    assert rec.status == "ok"
    assert rec.niche == "Dental offices"
    assert rec.sector == "Healthcare"
    assert rec.score == pytest.approx(_score(V_D, F_D, P_D, E_D))
    assert rec.runners_up == ("Law firms", "Restaurants")
    assert rec.close == ()  # 31.96 is not within 5 points of 72.63
    assert rec.confidence == "high"  # V 0.71 >= 0.4, 3 clients, 0 % unknown
    assert rec.concentration_band == "focused"  # 72000 / 120000 = 60 %
    assert rec.background_effect is None
    first = rec.reasons[0]
    assert first.startswith("3 of your 4 best clients are dental offices: ")
    assert f"{V_D * 100:.0f} % of your best clients' revenue" in first
    assert "Dental offices pay you $2,000 a month each" in " ".join(rec.reasons)
    assert "60 % of all your revenue: a focused business" in " ".join(rec.reasons)


def test_background_industry_adds_10_points():
    analysis = _run("score.csv", settings=Settings(background=("lawyer",)))
    law = _row(analysis, "Law firms")
    assert law["B"] == 10
    assert law["score"] == pytest.approx(_score(V_L, F_L, P_L, E_L, 10))
    assert _row(analysis, "Dental offices")["B"] == 0
    rec = analysis.recommendation
    assert rec.niche == "Dental offices"  # 41.96 < 72.63: the evidence wins
    assert rec.springboard == ()  # law firms are already clients
    assert rec.background_effect is not None


def test_background_sector_adds_5_points_and_is_a_springboard():
    # Medical offices: no clients, same sector (Healthcare) as dental offices.
    analysis = _run("score.csv", settings=Settings(background=("Medical offices",)))
    dental = _row(analysis, "Dental offices")
    assert dental["B"] == 5
    assert dental["score"] == pytest.approx(_score(V_D, F_D, P_D, E_D, 5))
    assert _row(analysis, "Law firms")["B"] == 0
    rec = analysis.recommendation
    assert rec.niche == "Dental offices"
    assert rec.springboard == ("Medical offices",)
    assert any("Springboard" in r for r in rec.reasons)


def test_background_can_change_the_winner():
    # Two law firms and two dental offices, dental slightly ahead on value.
    data = (
        b"Client,Revenue,PCs,Industry\n"
        b"D1,3300,20,Dentist\nD2,3300,20,Dentist\n"
        b"L1,3000,20,Law firm\nL2,3000,20,Law firm\n"
    )
    # All four are A (above L2: 9600 of 12600 = 76 %). V: dental 6600/12600,
    # law 6000/12600; F 1, E 0.4 both; P: dental 1, law 3000/3300.
    plain = run_bytes(data)
    v_d, v_l = 6600 / 12600, 6000 / 12600
    assert _row(plain, "Dental offices")["score"] == pytest.approx(
        _score(v_d, 1, 1, 0.4)
    )
    assert plain.recommendation.niche == "Dental offices"
    assert plain.recommendation.close == ("Law firms",)  # within 5 points
    moved = run_bytes(data, settings=Settings(background=("attorney",)))
    assert _row(moved, "Law firms")["score"] == pytest.approx(
        _score(v_l, 1, 3000 / 3300, 0.4, 10)
    )
    assert moved.recommendation.niche == "Law firms"
    assert "moves Law firms ahead of Dental offices" in (
        moved.recommendation.background_effect or ""
    )


def test_equal_scores_are_broken_by_name():
    # Law firms come first in the file; all numbers are equal, so the name decides.
    analysis = _run("name_tie.csv")
    dental = _row(analysis, "Dental offices")
    law = _row(analysis, "Law firms")
    assert dental["score"] == law["score"]
    assert dental["V"] == law["V"]
    assert analysis.recommendation.niche == "Dental offices"
    assert analysis.recommendation.close == ("Law firms",)


def test_not_enough_evidence_when_no_industry_has_two_clients():
    rec = _run("no_evidence.csv").recommendation  # Unspecified has 2: not counted
    assert rec.status == "not_enough_evidence"
    assert rec.niche is None
    assert rec.score is None
    assert rec.confidence is None
    assert rec.concentration_band is None
    assert rec.runners_up == ()
    assert rec.reasons[0].startswith("No industry has 2 or more clients yet")


def test_no_industry_at_all_says_so() -> None:
    rec = run_file(RULES_DIR.parent / "enrich" / "qbo_sales_summary.csv").recommendation
    assert rec.status == "not_enough_evidence"
    assert rec.reasons[0] == (
        "None of your clients has an industry yet, so there is no evidence for a niche."
    )


def test_count_and_value_disagree_law_firms_win():
    # 8 micro restaurants at $150 a month vs 3 law firms at $3,000 a month.
    analysis = _run("count_vs_value.csv")
    food = _row(analysis, "Restaurants")
    law = _row(analysis, "Law firms")
    assert food["clients"] == 8
    # Law: V 1, F 1, P 1, E 0.6 -> 94; restaurants: V 0, F 0, P 0.05, E 1 -> 15.75
    assert law["score"] == pytest.approx(94.0)
    assert food["score"] == pytest.approx(15.75)
    rec = analysis.recommendation
    assert rec.niche == "Law firms"
    assert rec.runners_up == ("Restaurants",)


@pytest.mark.parametrize(
    ("share", "band"),
    [
        (0.0, "diversified"),
        (0.1999, "diversified"),
        (0.20, "the middle"),
        (0.30, "the middle"),
        (0.40, "the middle"),
        (0.4001, "focused"),
        (1.0, "focused"),
    ],
)
def test_concentration_band_boundaries(share, band):
    assert concentration_band(share) == band


def test_concentration_band_of_a_diversified_niche():
    # Dental: 2 x 1000 of 10000 = 20 % -> "the middle"; the rest unscored.
    rows = ["Client,Revenue,Industry", "D1,1000,Dentist", "D2,1000,Dentist"]
    rows += [f"Other {i},1000,Industry {i}" for i in range(8)]
    rec = run_bytes("\n".join(rows).encode()).recommendation
    assert rec.niche == "Dental offices"
    assert rec.concentration_band == "the middle"


def test_confidence_medium_with_two_clients():
    rec = _run("name_tie.csv").recommendation  # V 0.5 but only 2 clients
    assert rec.confidence == "medium"


def test_confidence_medium_with_25_to_50_percent_unknown():
    # Dental V = 6000/10000 = 0.6, 3 clients, but 40 % of revenue has no industry.
    data = (
        b"Client,Revenue,Industry\nD1,2000,Dentist\nD2,2000,Dentist\n"
        b"D3,2000,Dentist\nX1,2000,\nX2,2000,\n"
    )
    rec = run_bytes(data).recommendation
    assert rec.niche == "Dental offices"
    assert rec.confidence == "medium"


def test_confidence_low_with_half_the_revenue_unknown():
    data = (
        b"Client,Revenue,Industry\nD1,2000,Dentist\nD2,2000,Dentist\n"
        b"D3,2000,Dentist\nX1,3000,\nX2,3000,\n"
    )
    rec = run_bytes(data).recommendation  # 6000 of 12000 = 50 % unknown
    assert rec.confidence == "low"


def test_confidence_low_when_v_is_below_0_2():
    # The only scored industry holds no class-A client.
    rows = ["Client,Revenue,Industry", "Big,100000,", "C1,100,Restaurant"]
    rows.append("C2,100,Restaurant")
    rec = run_bytes("\n".join(rows).encode()).recommendation
    assert rec.niche == "Restaurants"
    assert rec.confidence == "low"


def test_adjacent_lists_industries_already_served_first():
    analysis = _run("adjacent.csv")
    rec = analysis.recommendation
    assert rec.niche == "Dental offices"
    taxonomy = niche.Taxonomy.default()
    assert rec.adjacent[0] == "Chiropractors"  # a neighbour with a client
    assert "Dental offices" not in rec.adjacent
    assert set(taxonomy.neighbours("Dental offices")) <= set(rec.adjacent)
    assert set(rec.adjacent) <= set(taxonomy.neighbours("Dental offices")) | set(
        taxonomy.in_sector("Healthcare")
    )


def test_adjacent_neighbours_come_before_other_industries_of_the_sector():
    rec = _run("score.csv").recommendation
    neighbours = niche.Taxonomy.default().neighbours("Dental offices")
    assert rec.adjacent[: len(neighbours)] == tuple(neighbours)
    assert rec.adjacent[0] == "Medical offices"


def test_springboard_for_background_industry_with_no_clients():
    analysis = _run("count_vs_value.csv", settings=Settings(background=("Dentist",)))
    rec = analysis.recommendation
    assert rec.niche == "Law firms"  # never the springboard itself
    assert rec.springboard == ("Dental offices",)
    assert "Dental offices" not in set(analysis.industries["industry"])


def test_springboard_when_there_is_not_enough_evidence():
    settings = Settings(background=("Law firms",))
    rec = _run("no_evidence.csv", settings=settings).recommendation
    assert rec.status == "not_enough_evidence"
    assert rec.springboard == ()  # "Solo Law" is a client already
    rec = _run("no_evidence.csv", settings=Settings(background=("Churches",)))
    assert rec.recommendation.springboard == ("Churches",)


def test_sample_recommends_dental_offices(sample_dir):
    analysis = run_file(sample_dir / "clients.xlsx")
    rec = analysis.recommendation
    assert rec.niche == "Dental offices"
    assert rec.sector == "Healthcare"
    assert rec.adjacent[0] == "Medical offices"
    table = analysis.industries.set_index("industry")
    assert table.loc["Restaurants", "clients"] > table.loc["Dental offices", "clients"]


def test_equal_scores_are_ordered_by_v_then_clients_then_name():
    # Exact ties are rare with real numbers, so the ordering rule is checked on a
    # hand-made table (same score everywhere).
    from niche.rules.industries import _order

    table = pd.DataFrame(
        {
            "industry": ["Xylo", "Yarn", "Zeta", "alpha", "Unscored"],
            "score": [50.0, 50.0, 50.0, 50.0, float("nan")],
            "V": [0.4, 0.6, 0.6, 0.6, float("nan")],
            "clients": [5, 2, 3, 3, 1],
            "annual_revenue": [1.0, 1.0, 1.0, 1.0, 99.0],
        }
    )
    assert list(table["industry"].iloc[_order(table)]) == [
        "alpha",  # V 0.6, 3 clients, a < Z ignoring case
        "Zeta",
        "Yarn",  # V 0.6, 2 clients
        "Xylo",  # V 0.4
        "Unscored",
    ]


@pytest.mark.parametrize("industry", ["Dentist", ""])
def test_a_share_of_all_revenue_is_1_not_more(industry):
    # one_industry.csv: 300 + 700 + 1300 + 1900 + 2300; the five clients' float
    # shares add up to 1.0000000000000002.
    data = (RULES_DIR / "one_industry.csv").read_bytes()
    analysis = run_bytes(data.replace(b",Dentist", f",{industry}".encode()))
    assert analysis.industries["revenue_share"].tolist() == [1.0]
    rec = analysis.recommendation
    if industry:
        assert _row(analysis, "Dental offices")["V"] == 1.0
        assert rec.sector_share == 1.0
        assert rec.unknown_share == 0.0
    else:
        assert rec.unknown_share == 1.0
