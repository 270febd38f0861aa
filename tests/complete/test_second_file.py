"""Second files (device and company lists), the name join, edits and leave-out."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from niche import SettingsError
from niche.clean.prepare import prepare
from niche.complete.edits import (
    apply_enrichment,
    completeness,
    editor_frame,
    edits_from_editor,
)
from niche.complete.leave_out import leave_out
from niche.complete.names import join_names, names_agree, normalise_name
from niche.complete.second_file import enrichment_values, merge_values, read_enrichment
from niche.errors import NoTableError
from niche.export.settings_file import AppSettings
from niche.present.completing import left_out_after
from niche.session import read_file, run

DATA = Path(__file__).parents[1] / "data" / "enrich"
CORPUS = Path(__file__).parents[1] / "data" / "corpus"


def _bytes(name: str) -> tuple[bytes, str]:
    return (DATA / name).read_bytes(), name


def _table(name: str):
    return read_enrichment(*_bytes(name))


@pytest.fixture(scope="module")
def qbo():
    """The bare QuickBooks summary: names and totals only."""
    return prepare(read_file(*_bytes("qbo_sales_summary.csv")))


def _per_client(analysis) -> dict[str, tuple[object, str]]:
    c = analysis.clients
    return {
        name: (None if math.isnan(s) else int(s), ind)
        for name, s, ind in zip(c["client"], c["systems"], c["industry"], strict=True)
    }


# Reading second files ------------------------------------------------------------


def test_device_export_counts_rows_per_client():
    table = _table("rmm_devices.csv")
    assert table.kind == "devices"
    assert table.header.client == "Organization"
    assert table.header.device == "Device Name"
    counts = dict(zip(table.entries["name"], table.entries["systems"], strict=True))
    assert counts == {
        "Maple Grove Dental": 14,  # 9 at Main Office + 5 at Eastside
        "Harbor Family Dentistry": 11,
        "Calder and Reyes Law": 8,
        "Dovetail Acounting": 6,
        "Bright Smile Orthodontics": 12,
        "Elkhorn Manufacturing": 3,
        "Summit Metal": 4,
        "Blue Harbor IT": 3,
    }
    assert sum(len(r) for r in table.entries["rows"]) == table.rows_read == 61


def test_site_export_sums_sites_and_skips_the_total_line():
    table = _table("rmm_sites.csv")
    assert table.kind == "sites"
    assert table.header.row == 4  # two title lines and a blank line above
    counts = dict(zip(table.entries["name"], table.entries["systems"], strict=True))
    assert counts["Maple Grove Dental LLC"] == 14  # 9 + 5: two sites
    assert counts["Bright Smile Orthodontics"] == 12  # the same site listed twice
    assert "Total" not in counts


def test_psa_company_list_gives_industries():
    table = _table("psa_companies.csv")
    assert table.kind == "companies"
    assert (table.header.client, table.header.industry) == ("Company Name", "Market")
    industries = dict(
        zip(table.entries["name"], table.entries["industry"], strict=True)
    )
    assert industries["Summit Dental, P.C."] == "Dental"
    assert industries["Calder & Reyes Law"] == "Legal"
    assert table.entries["systems"].isna().all()


def test_company_list_with_counts_and_markets():
    table = read_enrichment(
        (CORPUS / "connectwise_companies.csv").read_bytes(), "cw.csv"
    )
    row = table.entries.set_index("name").loc["Elkhorn Manufacturing"]
    assert (row["systems"], row["industry"]) == (64, "Manufacturing")


def test_a_revenue_only_file_is_not_a_second_file():
    with pytest.raises(NoTableError, match="no client list found"):
        read_enrichment(*_bytes("qbo_sales_summary.csv"))


@pytest.mark.parametrize(
    "heading",
    ["Site Name,Hostname", "Organization,Display Name", "Client Name,Computer Name"],
)
def test_device_name_columns_of_common_rmm_exports(heading):
    data = f"{heading},Last User\nAcme Dental,PC-1,ann\nAcme Dental,PC-2,bob\n"
    table = read_enrichment(data.encode(), "devices.csv")
    assert table.kind == "devices"
    assert table.entries["systems"].tolist() == [2]


# Names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Maple Grove Dental, LLC", "Maple Grove Dental"),
        ("Harbor Family Dentistry, P.C.", "harbor family dentistry"),
        ("Calder & Reyes Law, PLLC", "Calder and Reyes Law"),
        ("Dovetail Accounting Inc.", "DOVETAIL ACCOUNTING"),
        ("Elkhorn Manufacturing Co.", "Elkhorn Manufacturing"),
        ("Müller GmbH", "Muller"),
        ("O'Brien Ltd", "OBrien Limited"),
        ("The Bakery Corp", "Bakery"),
    ],
)
def test_names_equal_after_normalising(a, b):
    assert normalise_name(a) == normalise_name(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Smile Dental DDS", "Smile Dental"),  # DDS is part of a practice name
        ("Summit Dental", "Summit Metal"),
        ("Clinic 1", "Clinic 2"),
    ],
)
def test_names_that_stay_different(a, b):
    assert normalise_name(a) != normalise_name(b)


def test_summit_dental_is_not_summit_metal():
    a, b = normalise_name("Summit Dental"), normalise_name("Summit Metal")
    assert not names_agree(a, b)
    clients = pd.DataFrame({"client": ["Summit Dental"], "key": ["summit dental"]})
    join = join_names(clients, ["Summit Metal"], threshold=0)
    assert join.exact == join.fuzzy == ()
    assert join.unmatched_clients == ("Summit Dental",)
    assert join.unmatched_other == ("Summit Metal",)


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("dovetail acounting", "dovetail accounting", True),  # a typo
        ("oakridge veterinary clinic", "oak ridge veterinary clinic", True),
        ("maple grove dental group", "maple grove dental", True),  # one extra word
        ("summit", "summit dental", False),  # one shared word is not enough
        ("acme", "acne", False),  # short words: no typo allowed
        ("smith family dental", "smyth family medical", False),
    ],
)
def test_fuzzy_guard(a, b, agree):
    assert names_agree(a, b) is agree


def test_join_quickbooks_and_rmm(qbo):
    join = join_names(qbo.cleaned.clients, _table("rmm_devices.csv"))
    exact = {(m.client, m.other_name) for m in join.exact}
    assert ("Maple Grove Dental, LLC", "Maple Grove Dental") in exact
    assert ("Calder & Reyes Law, PLLC", "Calder and Reyes Law") in exact
    assert len(exact) == 5
    assert [(m.client, m.other_name, m.kind) for m in join.fuzzy] == [
        ("Dovetail Accounting Inc.", "Dovetail Acounting", "fuzzy")
    ]
    assert join.fuzzy[0].score >= 90
    assert set(join.unmatched_clients) == {
        "Summit Dental PC",
        "Cash Customer",
        "Oakridge Veterinary Clinic",
        "Westlake Title Agency",
    }
    assert set(join.unmatched_other) == {"Summit Metal", "Blue Harbor IT"}


def test_fuzzy_matches_count_only_when_confirmed(qbo):
    table = _table("rmm_devices.csv")
    join = join_names(qbo.cleaned.clients, table)
    values = enrichment_values(table, join)
    assert "dovetail accounting inc." not in values
    assert values["maple grove dental, llc"] == (14.0, None)
    confirmed = [("dovetail accounting inc.", "DOVETAIL ACOUNTING")]  # any case
    values = enrichment_values(table, join, confirmed)
    assert values["dovetail accounting inc."] == (6.0, None)


def test_merge_values_earlier_file_wins():
    merged = merge_values({"a": (5.0, None)}, {"a": (9.0, "Dental"), "b": (None, "X")})
    assert merged == {"a": (5.0, "Dental"), "b": (None, "X")}


def test_the_join_ignores_word_order():
    clients = pd.DataFrame(
        {"client": ["Reyes Calder Law"], "key": ["reyes calder law"]}
    )
    join = join_names(clients, ["Calder Reyes Law", "Harbor Cafe"])
    assert [(m.client, m.other_name, m.score) for m in join.fuzzy] == [
        ("Reyes Calder Law", "Calder Reyes Law", 100.0)
    ]


# The whole flow -----------------------------------------------------------------

FILES = ("rmm_devices.csv", "psa_companies.csv")


def test_bare_export_plus_device_and_company_lists_reach_a_full_analysis():
    app = AppSettings(
        left_out=("Cash Customer",),
        confirmed_matches=(
            ("Dovetail Accounting Inc.", "Dovetail Acounting"),
            ("Oakridge Veterinary Clinic", "Oak Ridge Veterinary Clinic"),
        ),
    )
    done = run(*_bytes("qbo_sales_summary.csv"), app, [_bytes(f) for f in FILES])
    analysis = done.analysis
    known = _per_client(analysis)
    assert known["Maple Grove Dental, LLC"] == (14, "Dental offices")
    assert known["Summit Dental PC"] == (None, "Dental offices")
    assert known["Dovetail Accounting Inc."] == (6, "Accounting and CPA firms")
    assert known["Oakridge Veterinary Clinic"] == (None, "Veterinary clinics")
    # Elkhorn's company-list match was not confirmed: no industry from it.
    assert known["Elkhorn Manufacturing Co."] == (3, "Unspecified")
    assert "Cash Customer" not in known
    left = [e for e in analysis.excluded if e.reason == "left_out"]
    assert [e.values["Customer"] for e in left] == ["Cash Customer"]
    assert analysis.recommendation.niche == "Dental offices"
    industry, systems = completeness(analysis)
    assert industry == pytest.approx(
        1 - (12_000 + 6_000) / 198_000
    )  # Elkhorn, Westlake
    assert 0 < systems < 1


def test_bare_export_alone_has_no_niche():
    done = run(*_bytes("qbo_sales_summary.csv"))
    assert done.analysis.recommendation.status == "not_enough_evidence"
    assert completeness(done.analysis) == (0.0, 0.0)


# Values and edits on the client table --------------------------------------------


def test_file_values_fill_blanks_and_edits_win(qbo):
    cleaned = qbo.cleaned
    clients = cleaned.clients.assign(
        systems=[20.0] + [math.nan] * (len(cleaned.clients) - 1)
    )
    from dataclasses import replace

    cleaned = replace(cleaned, clients=clients)
    values = {
        "maple grove dental, llc": (14.0, "Dental"),  # systems known in the file
        "summit dental pc": (9.0, "Dental"),
        "westlake title agency": (3.0, "Title"),
    }
    edits = {"westlake title agency": {"industry": "Title insurance", "systems": 4}}
    out = apply_enrichment(cleaned, values, edits).clients.set_index("key")
    assert out.loc["maple grove dental, llc", "systems"] == 20  # the client file wins
    assert out.loc["maple grove dental, llc", "industry_raw"] == "Dental"
    assert out.loc["summit dental pc", "systems"] == 9
    assert out.loc["westlake title agency", "systems"] == 4  # the edit wins
    assert out.loc["westlake title agency", "industry_raw"] == "Title insurance"
    cleared = apply_enrichment(cleaned, values, {"summit dental pc": {"systems": None}})
    assert math.isnan(
        cleared.clients.set_index("key").loc["summit dental pc", "systems"]
    )
    assert cleaned.clients["industry_raw"].isna().all()  # input not mutated


def test_editor_table_puts_big_clients_without_industry_first(qbo):
    values = {"maple grove dental, llc": (14.0, "Dental")}
    cleaned = apply_enrichment(qbo.cleaned, values)
    frame = editor_frame(cleaned, left_out=["cash customer"])
    assert list(frame.columns) == [
        "client",
        "annual_revenue",
        "industry",
        "systems",
        "leave_out",
    ]
    assert frame.index[0] == "summit dental pc"  # largest revenue with no industry
    assert frame.index[-1] == "maple grove dental, llc"  # known industry: last
    assert frame.loc["maple grove dental, llc", "industry"] == "Dental offices"
    assert frame.loc["maple grove dental, llc", "systems"] == 14
    assert frame.loc["cash customer", "leave_out"]
    assert frame["leave_out"].sum() == 1


def test_edits_from_editor_round_trip(qbo):
    before = editor_frame(qbo.cleaned)
    after = before.copy()
    after.loc["summit dental pc", "industry"] = "Dental offices"
    after.loc["summit dental pc", "systems"] = 12
    after.loc["westlake title agency", "leave_out"] = True
    after["systems"] = after["systems"].astype("float64")  # as the editor may return
    edits = edits_from_editor(before, after, previous={"x": {"industry": "Law firms"}})
    assert edits == {
        "x": {"industry": "Law firms"},
        "summit dental pc": {"industry": "Dental offices", "systems": 12},
    }
    assert left_out_after([], before, after) == ["Westlake Title Agency"]
    cleaned = apply_enrichment(qbo.cleaned, None, edits)
    again = editor_frame(cleaned)
    assert again.loc["summit dental pc", "industry"] == "Dental offices"
    assert edits_from_editor(again, again.copy()) == {}


def test_left_out_goes_to_excluded_with_its_reason():
    grid = read_file(*_bytes("qbo_sales_summary.csv"))
    prepared = leave_out(prepare(grid), ("cash  customer", "WALK-IN"))
    reasons = [(e.row, e.reason) for e in prepared.cleaned.excluded]
    assert (12, "left_out") in reasons
    assert "cash customer" not in set(prepared.cleaned.clients["key"])


def test_bad_settings_thresholds_are_a_settings_error():
    with pytest.raises(SettingsError):
        AppSettings(tiers=(50, 10)).settings()
