"""The JSON contract of ``python -m niche analyze FILE --json`` (SPEC), key by key."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from core_helpers import RULES_DIR, SAMPLE_DIR, cli

import niche
from niche.export.contract import to_dict

TIERS = {"micro", "sweet_spot", "large", "unknown"}
REASON_CODES = {
    "blank_client",
    "total_line",
    "repeated_header",
    "bad_revenue",
    "footer",
    "left_out",
    "not_revenue",  # an addition of clean.py (estimates, voided lines)
}


def _no_nan(name: str) -> None:
    raise ValueError(f"{name} in JSON output")


def _load(text: str) -> dict[str, Any]:
    return json.loads(text, parse_constant=_no_nan)


@pytest.fixture(scope="module")
def contract() -> dict[str, Any]:
    done = cli("analyze", SAMPLE_DIR / "clients.xlsx", "--json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return _load(done.stdout)


def _is_cents(value: float) -> bool:
    return abs(round(value, 2) - value) < 1e-9


def _str_or_none(value: object) -> bool:
    return value is None or isinstance(value, str)


def _num(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def test_top_level_keys(contract):
    assert {
        "source",
        "columns",
        "settings",
        "totals",
        "clients",
        "excluded",
        "merged",
        "warnings",
        "industries",
        "recommendation",
    } <= set(contract)


def test_source(contract):
    source = contract["source"]
    assert source["file"] == "clients.xlsx"
    assert _str_or_none(source["sheet"])
    assert source["sheet"] == "Clients"
    assert isinstance(source["rows_read"], int)
    assert source["mode"] in {"summary", "invoices"}
    assert source["mode"] == "summary"
    assert source["window"] is None


def test_columns(contract):
    columns = contract["columns"]
    for key in ("client", "revenue", "monthly_revenue", "systems", "industry"):
        assert key in columns
        assert _str_or_none(columns[key])
    assert isinstance(columns["client"], str)
    assert columns["revenue"] or columns["monthly_revenue"]
    assert set(columns) <= set(niche.FIELDS)


def test_settings(contract):
    settings = contract["settings"]
    assert settings["tiers"] == [10, 50]
    assert all(isinstance(t, int) for t in settings["tiers"])
    assert settings["classes"] == [0.8, 0.95]
    assert settings["background"] == []


def test_totals(contract):
    totals = contract["totals"]
    assert isinstance(totals["clients"], int)
    assert totals["clients"] == len(contract["clients"])
    for key in ("annual_revenue", "monthly_revenue"):
        assert _num(totals[key])
        assert _is_cents(totals[key])
    client_sum = sum(c["annual_revenue"] for c in contract["clients"])
    assert totals["annual_revenue"] == pytest.approx(client_sum, abs=0.01 * 40)
    assert totals["monthly_revenue"] == pytest.approx(
        totals["annual_revenue"] / 12, abs=0.01
    )


def test_clients(contract):
    clients = contract["clients"]
    assert [c["rank"] for c in clients] == list(range(1, len(clients) + 1))
    for c in clients:
        assert isinstance(c["rank"], int)
        assert isinstance(c["client"], str)
        assert c["client"]
        assert c["rows"]
        assert all(isinstance(r, int) for r in c["rows"])
        assert isinstance(c["industry"], str)
        assert _str_or_none(c["industry_raw"])
        assert isinstance(c["sector"], str)
        assert c["systems"] is None or isinstance(c["systems"], int)
        assert c["tier"] in TIERS
        assert (c["tier"] == "unknown") == (c["systems"] is None)
        for key in ("annual_revenue", "monthly_revenue"):
            assert _num(c[key])
            assert _is_cents(c[key])
        assert c["monthly_revenue"] == pytest.approx(c["annual_revenue"] / 12, abs=0.01)
        rps = c["revenue_per_system"]
        assert rps is None or (_num(rps) and _is_cents(rps))
        if c["systems"]:
            assert rps == pytest.approx(c["monthly_revenue"] / c["systems"], abs=0.01)
        assert c["gross_margin"] is None or _num(c["gross_margin"])
        assert _num(c["revenue_share"])
        assert 0 <= c["revenue_share"] <= 1
        assert _num(c["cumulative_share"])
        assert c["value_class"] in {"A", "B", "C"}
        assert isinstance(c["flags"], list)
        assert set(c["flags"]) <= set(niche.FLAGS)


def test_cumulative_share_includes_the_client_itself(contract):
    total = 0.0
    for c in contract["clients"]:
        total += c["revenue_share"]
        assert c["cumulative_share"] == pytest.approx(total)
    assert contract["clients"][0]["cumulative_share"] == pytest.approx(
        contract["clients"][0]["revenue_share"]
    )
    assert contract["clients"][-1]["cumulative_share"] == pytest.approx(1.0)
    assert sum(c["revenue_share"] for c in contract["clients"]) == pytest.approx(1.0)


def test_value_class_follows_the_share_above(contract):
    above = 0.0
    for c in contract["clients"]:
        if c["annual_revenue"] <= 0:
            expected = "C"
        else:
            expected = "A" if above < 0.8 else "B" if above < 0.95 else "C"
        assert c["value_class"] == expected, c["client"]
        above = c["cumulative_share"]


def test_excluded_and_merged(contract):
    for item in contract["excluded"]:
        assert isinstance(item["row"], int)
        assert item["reason"] in REASON_CODES
        assert isinstance(item["message"], str)
        assert item["message"]
        assert isinstance(item["values"], dict)
        assert all(isinstance(v, str) for v in item["values"].values())
    reasons = {e["reason"] for e in contract["excluded"]}
    assert "total_line" in reasons  # the sample has a TOTAL line
    for item in contract["merged"]:
        assert isinstance(item["client"], str)
        assert len(item["rows"]) > 1
        assert all(isinstance(r, int) for r in item["rows"])
    by_client = {c["client"]: c["rows"] for c in contract["clients"]}
    for item in contract["merged"]:
        assert by_client[item["client"]] == item["rows"]
    assert contract["merged"]  # the sample has a duplicate client


def test_every_row_is_accounted_for_once(contract):
    rows = [r for c in contract["clients"] for r in c["rows"]]
    rows += [e["row"] for e in contract["excluded"]]
    assert len(rows) == len(set(rows))
    assert contract["source"]["rows_read"] == len(rows)


def test_warnings(contract):
    assert all(isinstance(w, str) for w in contract["warnings"])
    assert any("Concentration risk" in w for w in contract["warnings"])


def test_industries(contract):
    industries = contract["industries"]
    assert industries
    for row in industries:
        assert isinstance(row["industry"], str)
        assert isinstance(row["sector"], str)
        assert _str_or_none(row["naics"])
        assert isinstance(row["clients"], int)
        assert isinstance(row["best_clients"], int)
        assert row["best_clients"] <= row["clients"]
        assert _num(row["annual_revenue"])
        assert _is_cents(row["annual_revenue"])
        assert _num(row["revenue_share"])
        if row["score"] is None:
            assert row["components"] is None
        else:
            assert _num(row["score"])
            assert row["clients"] >= 2
            parts = row["components"]
            assert set(parts) == {"V", "F", "P", "E", "B"}
            assert all(_num(v) for v in parts.values())
            score = (
                100 * (0.5 * parts["V"] + 0.2 * parts["F"] + 0.15 * parts["P"])
                + 100 * 0.15 * parts["E"]
                + parts["B"]
            )
            assert row["score"] == pytest.approx(score, abs=0.01)
    assert sum(r["clients"] for r in industries) == len(contract["clients"])


def test_recommendation(contract):
    rec = contract["recommendation"]
    assert rec["status"] == "ok"
    assert rec["niche"] == "Dental offices"
    assert rec["sector"] == "Healthcare"
    assert _num(rec["score"])
    assert rec["score"] == contract["industries"][0]["score"]
    assert rec["confidence"] in {"high", "medium", "low"}
    assert rec["concentration_band"] in {"diversified", "the middle", "focused"}
    for key in ("adjacent", "runners_up", "springboard", "reasons"):
        assert isinstance(rec[key], list)
        assert all(isinstance(x, str) for x in rec[key])
    assert "Medical offices" in rec["adjacent"]
    assert _str_or_none(rec["background_effect"])
    # Reasons quote the figures: counts, percentages and a money amount.
    first = rec["reasons"][0]
    assert re.search(r"\d+ of your \d+ best clients are dental offices", first)
    assert re.search(r"\d+ %", first)
    assert re.search(r"\$[\d,]+ a month", " ".join(rec["reasons"]))


def test_sample_dental_written_several_ways(contract):
    raw = {
        (c["industry_raw"] or "").casefold()
        for c in contract["clients"]
        if c["industry"] == "Dental offices"
    }
    assert len(raw) >= 3


def test_contract_of_a_not_enough_evidence_file():
    done = cli("analyze", RULES_DIR / "no_evidence.csv", "--json")
    assert done.returncode == 0, done.stderr
    rec = _load(done.stdout)["recommendation"]
    assert rec["status"] == "not_enough_evidence"
    for key in ("niche", "sector", "score", "confidence", "concentration_band"):
        assert rec[key] is None
    assert rec["adjacent"] == []
    assert rec["runners_up"] == []


def test_contract_nulls_instead_of_nan_and_invoice_window():
    analysis = niche.analyze_bytes(
        (RULES_DIR / "invoices.csv").read_bytes(), "invoices.csv"
    )
    data = to_dict(analysis)
    text = json.dumps(data, allow_nan=False)
    back = _load(text)
    assert back["source"]["mode"] == "invoices"
    assert back["source"]["window"] == {"start": "2025-01-01", "end": "2025-12-31"}
    for c in back["clients"]:
        assert c["systems"] is None
        assert c["revenue_per_system"] is None
        assert c["gross_margin"] is None
        assert c["industry_raw"] is None
        assert c["industry"] == "Unspecified"


def test_contract_settings_follow_the_options():
    done = cli(
        "analyze",
        RULES_DIR / "tiers.csv",
        "--json",
        "--tiers",
        "11,49",
        "--background",
        "Dentist",
    )
    assert done.returncode == 0, done.stderr
    data = _load(done.stdout)
    assert data["settings"]["tiers"] == [11, 49]
    assert data["settings"]["background"] == ["Dentist"]
    tiers = {c["client"]: c["tier"] for c in data["clients"]}
    assert tiers["Ten PCs"] == "micro"
    assert tiers["Fifty PCs"] == "large"
