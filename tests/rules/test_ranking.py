"""SPEC "Rules" on small hand-written files (tests/data/rules/), hand-computed."""

from __future__ import annotations

import math

import pytest
from core_helpers import (
    DATA_DIR,
    ROOT,
    RULES_DIR,
    by_name,
    csv_bytes,
    csv_to_xlsx,
    run_bytes,
    run_file,
)

import niche
from niche import Options, Settings


def _run(name: str, fmt: str = "csv", **kw: object) -> niche.Analysis:
    path = RULES_DIR / name
    if fmt == "xlsx":
        return run_bytes(csv_to_xlsx(path), path.stem + ".xlsx", **kw)
    return run_file(path, **kw)


def _flagged(analysis: niche.Analysis, flag: str) -> set[str]:
    return {r["client"] for r in by_name(analysis).values() if flag in r["flags"]}


# Tiers ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_tier_boundaries_9_10_50_51(fmt):
    clients = by_name(_run("tiers.csv", fmt))
    assert clients["Nine PCs"]["tier"] == "micro"
    assert clients["Ten PCs"]["tier"] == "sweet_spot"
    assert clients["Fifty PCs"]["tier"] == "sweet_spot"
    assert clients["Fifty-one PCs"]["tier"] == "large"
    assert clients["No count"]["tier"] == "unknown"
    assert math.isnan(clients["No count"]["systems"])
    assert clients["Ten PCs"]["systems"] == 10


def test_changed_tiers_move_the_boundaries():
    clients = by_name(_run("tiers.csv", settings=Settings(tiers=(11, 49))))
    assert clients["Ten PCs"]["tier"] == "micro"  # 10 < 11
    assert clients["Fifty PCs"]["tier"] == "large"  # 50 > 49
    assert clients["No count"]["tier"] == "unknown"


def test_needs_senior_staff_only_above_fifty():
    assert _flagged(_run("tiers.csv"), "needs_senior_staff") == {"Fifty-one PCs"}


@pytest.mark.parametrize("tiers", [(10, 5), (0, 50), (-1, 10)])
def test_bad_tiers_are_a_settings_error(tiers):
    with pytest.raises(niche.SettingsError):
        Settings(tiers=tiers)


# Rank, shares, classes ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_rank_ties_are_broken_by_case_insensitive_name(fmt):
    analysis = _run("classes.csv", fmt)
    # "alpha ltd" and "Bravo Ltd" both bring 4000: a-z ignoring case puts alpha
    # first (a plain string sort would put "Bravo" first).
    assert list(analysis.clients["client"]) == [
        "alpha ltd",
        "Bravo Ltd",
        "Charlie Co",
        "Delta Co",
        "Echo Co",
        "Foxtrot Co",
    ]
    assert list(analysis.clients["rank"]) == [1, 2, 3, 4, 5, 6]


def test_class_cut_offs_at_exactly_80_and_95_percent():
    # Total 10000. Share of the clients ranked ABOVE each client:
    # alpha 0 % A, Bravo 40 % A, Charlie 80 % -> not below 80 -> B,
    # Delta 90 % B, Echo 95 % -> not below 95 -> C, Foxtrot 98 % C.
    clients = by_name(_run("classes.csv"))
    classes = {name: r["value_class"] for name, r in clients.items()}
    assert classes == {
        "alpha ltd": "A",
        "Bravo Ltd": "A",
        "Charlie Co": "B",
        "Delta Co": "B",
        "Echo Co": "C",
        "Foxtrot Co": "C",
    }
    # cumulative_share includes the client itself
    assert clients["Charlie Co"]["cumulative_share"] == pytest.approx(0.90)
    assert clients["Echo Co"]["cumulative_share"] == pytest.approx(0.98)
    assert clients["Delta Co"]["revenue_share"] == pytest.approx(0.05)


def test_client_just_below_the_cut_off_is_class_a():
    # Above "Edge": 4000 + 3999 = 7999 of 10000 = 79.99 % -> A.
    data = b"Client,Revenue\nOne,4000\nTwo,3999\nEdge,1001\nRest,1000\n"
    clients = by_name(run_bytes(data))
    assert clients["Edge"]["value_class"] == "A"
    assert clients["Rest"]["value_class"] == "B"  # 90 % above


def test_changed_class_cut_offs():
    clients = by_name(_run("classes.csv", settings=Settings(classes=(0.5, 0.9))))
    # above: alpha 0, Bravo 40 -> A; Charlie 80 -> B; Delta 90 -> C
    assert [clients[n]["value_class"] for n in ("Bravo Ltd", "Charlie Co")] == [
        "A",
        "B",
    ]
    assert clients["Delta Co"]["value_class"] == "C"


def test_best_service_and_retention_follow_the_classes():
    analysis = _run("classes.csv")
    assert _flagged(analysis, "best_service") == {"alpha ltd", "Bravo Ltd"}
    assert _flagged(analysis, "retention_priority") == {
        "alpha ltd",
        "Bravo Ltd",
        "Charlie Co",
        "Delta Co",
    }


# Duplicates and roll-up -----------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_duplicate_names_are_merged(fmt):
    analysis = _run("duplicates.csv", fmt)
    clients = by_name(analysis)
    assert set(clients) == {"Acme Dental", "Other Co"}
    acme = clients["Acme Dental"]  # display: first row, trimmed
    assert acme["annual_revenue"] == pytest.approx(1750.0)  # 1000 + 500 + 250
    assert acme["systems"] == 15  # the largest, not the sum
    assert acme["industry_raw"] == "Dental office"  # first non-blank
    assert acme["industry"] == "Dental offices"
    assert acme["rows"] == [2, 3, 4]
    assert analysis.merged == (("Acme Dental", (2, 3, 4)),)


def test_parent_child_names_roll_up_into_the_parent():
    analysis = _run("rollup.csv")
    clients = by_name(analysis)
    assert set(clients) == {"Harbor Group", "Solo Clinic"}
    harbor = clients["Harbor Group"]
    assert harbor["annual_revenue"] == pytest.approx(1700.0)  # 1000 + 500 + 200
    assert harbor["systems"] == 23  # sites summed: 12 + 8 + 3
    assert harbor["rows"] == [2, 3, 4]
    assert analysis.merged == (("Harbor Group", (2, 3, 4)),)


def test_rollup_can_be_turned_off():
    analysis = _run("rollup.csv", options=Options(rollup=False))
    clients = by_name(analysis)
    assert set(clients) == {
        "Harbor Group:North",
        "Harbor Group:South",
        "Harbor Group",
        "Solo Clinic",
    }
    assert clients["Harbor Group:North"]["systems"] == 12
    assert clients["Harbor Group"]["annual_revenue"] == pytest.approx(200.0)
    assert analysis.merged == ()


def test_quickbooks_parent_block_rolls_up_and_its_subtotal_is_not_added():
    # 2 parent row (no amount), 3-4 sub-customers, 5 "Total for Harbor Group",
    # 6 Solo Clinic, 7 a client with a blank amount, 8 TOTAL.
    analysis = _run("qb_block.csv")
    clients = by_name(analysis)
    assert set(clients) == {"Harbor Group", "Solo Clinic", "No Sales Yet"}
    harbor = clients["Harbor Group"]
    assert harbor["annual_revenue"] == pytest.approx(1500.0)  # not 3000
    assert harbor["systems"] == 20  # 12 + 8
    assert harbor["rows"] == [2, 3, 4]
    assert [(e.row, e.reason) for e in analysis.excluded] == [
        (5, "total_line"),
        (8, "total_line"),
    ]


def test_blank_revenue_is_a_client_with_no_revenue():
    clients = by_name(_run("qb_block.csv"))
    idle = clients["No Sales Yet"]
    assert idle["annual_revenue"] == 0
    assert idle["revenue_share"] == 0
    assert idle["value_class"] == "C"
    assert idle["rows"] == [7]


# Monthly figures, zero and negative revenue --------------------------------


def test_monthly_column_is_multiplied_by_12():
    analysis = _run("monthly.csv")
    assert analysis.prepared.header.mapping.monthly_revenue == "MRR"
    assert analysis.prepared.header.mapping.revenue is None
    clients = by_name(analysis)
    assert clients["Alpha"]["annual_revenue"] == pytest.approx(12_000.0)
    assert clients["Alpha"]["monthly_revenue"] == pytest.approx(1_000.0)
    assert clients["Beta"]["annual_revenue"] == pytest.approx(3_006.0)  # 250.50 x 12
    # revenue per system = monthly / systems
    assert clients["Alpha"]["revenue_per_system"] == pytest.approx(1000 / 12)


def test_revenue_column_wins_over_monthly_column():
    data = b"Client,Revenue,MRR\nA,1200,999\nB,600,999\n"
    clients = by_name(run_bytes(data))
    assert clients["A"]["annual_revenue"] == pytest.approx(1200.0)
    assert clients["A"]["monthly_revenue"] == pytest.approx(100.0)


def test_zero_and_negative_revenue_get_share_0_class_c_and_a_warning():
    analysis = _run("zero_negative.csv")
    clients = by_name(analysis)
    assert clients["Credit Co"]["annual_revenue"] == pytest.approx(-200.0)
    for name in ("Zero Co", "Credit Co"):
        assert clients[name]["revenue_share"] == 0
        assert clients[name]["value_class"] == "C"
        assert clients[name]["flags"] == ()
    # shares are of positive revenue only: 1000 / 1500 and 500 / 1500
    assert clients["Alpha"]["revenue_share"] == pytest.approx(2 / 3)
    assert clients["Delta"]["revenue_share"] == pytest.approx(1 / 3)
    assert clients["Delta"]["value_class"] == "A"  # 66.7 % above it
    assert list(analysis.clients["client"])[-2:] == ["Zero Co", "Credit Co"]
    idle = [w for w in analysis.warnings if "zero or negative" in w]
    assert len(idle) == 1
    assert "Zero Co" in idle[0]
    assert "Credit Co" in idle[0]


def test_no_positive_revenue_is_an_error():
    with pytest.raises(niche.NoRevenueError):
        _run("no_positive.csv")


# Flags ------------------------------------------------------------------------


def test_at_risk_fires_at_exactly_minus_20_percent():
    analysis = _run("at_risk.csv")
    # 800 vs 1000 = -20 % (fires); 801 = -19.9 % (no); no prior, prior 0: no.
    assert _flagged(analysis, "at_risk") == {"Fell twenty"}


def test_at_risk_never_fires_without_a_prior_revenue_column():
    assert _flagged(_run("classes.csv"), "at_risk") == set()


def test_low_margin_uses_the_margin_target():
    analysis = _run("margin.csv")
    clients = by_name(analysis)
    assert clients["At target"]["gross_margin"] == pytest.approx(0.20)
    assert clients["Below target"]["gross_margin"] == pytest.approx(0.199)
    assert math.isnan(clients["No cost"]["gross_margin"])
    assert _flagged(analysis, "low_margin") == {"Below target"}
    stricter = _run("margin.csv", settings=Settings(margin_target=0.25))
    assert _flagged(stricter, "low_margin") == {"At target", "Below target"}


def test_low_revenue_per_system_is_the_lowest_quarter_with_10_or_more():
    # Monthly revenue per PC of the 8 clients with known systems:
    # 10 (8 PCs), 20 (10 PCs), 100, 110, 120, 130, 140 (5 PCs), 150.
    # The lowest quarter is the two lowest; only the one with >= 10 PCs fires.
    analysis = _run("per_system.csv")
    clients = by_name(analysis)
    assert clients["Ten cheap"]["revenue_per_system"] == pytest.approx(20.0)
    assert clients["Micro cheap"]["revenue_per_system"] == pytest.approx(10.0)
    assert math.isnan(clients["Unknown size"]["revenue_per_system"])
    assert _flagged(analysis, "low_revenue_per_system") == {"Ten cheap"}
    assert _flagged(analysis, "needs_senior_staff") == {"Sixty"}


def test_low_revenue_per_system_treats_equal_prices_alike():
    # Every client pays $83.33 a month per PC (tiers.csv): whatever the lowest
    # quarter is, the three with 10+ PCs must all be in it or all out of it.
    analysis = _run("tiers.csv")
    flagged = _flagged(analysis, "low_revenue_per_system")
    assert flagged in (set(), {"Ten PCs", "Fifty PCs", "Fifty-one PCs"})


def test_pays_the_bills_by_revenue_stops_at_half():
    # Half brings exactly 50 %: it alone is enough.
    assert _flagged(_run("pays_revenue.csv"), "pays_the_bills") == {"Half"}


def test_pays_the_bills_by_gross_profit_when_every_client_has_a_cost():
    # Gross profit: Big 100, Mid 500, Small 400, Tiny 100; total 1100, half 550.
    # Mid (500) is not enough, Mid + Small (900) is. By revenue it would be
    # Big (1000 of 2400) + Mid (1600).
    analysis = _run("pays_profit.csv")
    assert _flagged(analysis, "pays_the_bills") == {
        "Mid high profit",
        "Small good profit",
    }
    assert _flagged(analysis, "low_margin") == {"Big low profit"}  # 10 % < 20 %


def test_pays_the_bills_by_revenue_when_a_cost_is_missing():
    text = (RULES_DIR / "pays_profit.csv").read_text().replace("300,200", "300,")
    analysis = run_bytes(text.encode(), "pays.csv")
    assert _flagged(analysis, "pays_the_bills") == {
        "Big low profit",
        "Mid high profit",
    }


def test_invoice_file_lapsed_and_new_client():
    analysis = _run("invoices.csv")
    cleaned = analysis.prepared.cleaned
    assert cleaned.mode == "invoices"
    start, end = cleaned.window
    assert (str(start.date()), str(end.date())) == ("2025-01-01", "2025-12-31")
    clients = by_name(analysis)
    # 2024-06-01 (500) is before the window: not counted, but its row is kept.
    assert clients["Old Faithful"]["annual_revenue"] == pytest.approx(300.0)
    assert clients["Old Faithful"]["rows"] == [2, 3, 4]
    assert clients["Steady"]["annual_revenue"] == pytest.approx(700.0)
    # last invoice 2025-09-15 is more than 90 days before 2025-12-31
    assert _flagged(analysis, "lapsed") == {"Old Faithful"}
    # first invoice 2025-09-01 is within 6 months of the end
    assert _flagged(analysis, "new_client") == {"Fresh Start"}
    # the file does not cover the prior 12 months: at_risk cannot fire
    assert not cleaned.prior_known
    assert _flagged(analysis, "at_risk") == set()


def test_invoice_dates_are_read_as_the_kept_rows_say():
    # The kept rows' dates could be m/d or d/m; a voided row's "25/04/2025"
    # would settle it as d/m if it counted. It does not: left-out rows do not
    # decide how the column is read (the early, all-rows reading is redone).
    rows = [("Customer", "Date", "Amount", "Type")]
    rows += [(f"Client {i}", f"0{i}/04/2025", "100.00", "Invoice") for i in (1, 2, 3)]
    rows += [("Client 1", "25/04/2025", "50.00", "Voided invoice")]
    analysis = run_bytes(csv_bytes(rows), "invoices.csv")
    cleaned = analysis.prepared.cleaned
    assert [e.reason for e in cleaned.excluded] == ["not_revenue"]
    assert str(cleaned.window[1].date()) == "2025-03-04"  # m/d (d/m: April 3)
    assert any("month/day or day/month" in note for note in cleaned.notes)
    # Without the voided row the reading is the same.
    same = run_bytes(csv_bytes(rows[:-1]), "invoices.csv").prepared.cleaned
    assert same.window == cleaned.window


def test_lapsed_and_new_client_never_fire_in_a_summary_file():
    analysis = _run("classes.csv")
    assert _flagged(analysis, "lapsed") == set()
    assert _flagged(analysis, "new_client") == set()


def test_new_client_from_client_since_with_as_of():
    analysis = _run("client_since.csv", settings=Settings(as_of="2026-06-30"))
    # six months before 2026-06-30 is 2025-12-30: only "Recent" (2026-03-01)
    assert _flagged(analysis, "new_client") == {"Recent"}
    later = _run("client_since.csv", settings=Settings(as_of="2027-06-30"))
    assert _flagged(later, "new_client") == set()


def test_flags_keep_the_spec_order():
    analysis = _run("per_system.csv")
    for flags in analysis.clients["flags"]:
        assert list(flags) == sorted(flags, key=niche.FLAGS.index)
        assert set(flags) <= set(niche.FLAGS)


# Industry guesses ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_industry_guess_is_a_text_or_none_never_nan(fmt):
    # "Dental Ofice" is unknown with a guess; known labels and the blank one
    # have none (pandas' text type once made those NaN, and the JSON crashed).
    path = DATA_DIR / "page" / "industry_guess.csv"
    analysis = (
        run_bytes(csv_to_xlsx(path), "industry_guess.xlsx")
        if fmt == "xlsx"
        else run_file(path)
    )
    guesses = {name: r["industry_guess"] for name, r in by_name(analysis).items()}
    assert guesses == {
        "Alder Dental": None,
        "Birch Family Dentistry": None,
        "Cedar Smiles": "Dental offices",
        "Dogwood Dental Care": "Dental offices",
        "Elm Street Law": None,
        "Fir & Partners Law": None,
        "Grove Legal": None,
        "Hazel Bakery": None,
        "Ivy Cafe": None,
        "Juniper Books": None,
    }


# Warnings ---------------------------------------------------------------------


def test_concentration_warning_only_above_15_percent():
    analysis = _run("concentration.csv")
    risk = [w for w in analysis.warnings if w.startswith("Concentration risk")]
    assert len(risk) == 1  # "Over" has 16 %, "Exactly" has 15 %: not over
    assert "Over" in risk[0]
    assert "16 %" in risk[0]


def test_unknown_industry_warning_above_25_percent():
    analysis = _run("unknown_industry.csv")  # 2600 of 10000 = 26 %
    assert any("no industry" in w for w in analysis.warnings)
    # 25 % exactly: no warning
    data = (
        b"Client,Revenue,Industry\nBlank,2500,\nD1,2500,Dentist\nD2,2500,Dentist\n"
        b"D3,2500,Dentist\n"
    )
    assert not any("no industry" in w for w in run_bytes(data).warnings)


def test_left_out_clients_are_excluded_with_their_rows():
    path = RULES_DIR / "duplicates.csv"
    app = niche.AppSettings(left_out=("acme DENTAL",))
    analysis = niche.run(path.read_bytes(), path.name, app).analysis
    assert list(analysis.clients["client"]) == ["Other Co"]
    assert [(e.row, e.reason) for e in analysis.excluded] == [
        (2, "left_out"),
        (3, "left_out"),
        (4, "left_out"),
    ]


@pytest.mark.parametrize(
    "path",
    [DATA_DIR / "niche/prospects_order.csv", ROOT / "sample_data/prospects.xlsx"],
)
def test_a_prospect_list_as_the_client_list_points_to_prospects(path):
    with pytest.raises(niche.MissingColumnError) as info:
        niche.analyze_bytes(path.read_bytes(), path.name)
    message = str(info.value)
    assert "no revenue column found" in message
    assert "looks like a prospect list" in message
    assert "\n" not in message


def test_a_list_without_revenue_or_industry_gets_no_prospect_hint():
    with pytest.raises(niche.MissingColumnError) as info:
        niche.analyze_bytes(b"Client,Colour\nA,red\nB,blue\n", "colours.csv")
    assert "prospect" not in str(info.value)
