"""Realistic exports (tests/data/corpus) load with hand-checked figures.

Each file's expected figures are in tests/data/corpus/EXPECTED.json, computed by
hand (see each entry's notes), not by this code.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest
from core_helpers import real_exports_dir

from niche import NicheError, Options, Settings, analyze_bytes
from niche.export.contract import to_dict

CORPUS = Path(__file__).parent / "data" / "corpus"
EXPECTED = json.loads((CORPUS / "EXPECTED.json").read_text(encoding="utf-8"))
CASES = [e for e in EXPECTED if (CORPUS / e["file"]).exists() or not e.get("optional")]
REAL_EXPORTS = real_exports_dir()


@pytest.fixture
def real_exports() -> Path:
    """Genuine QuickBooks/Xero exports, read from ../shared (never copied here)."""
    if REAL_EXPORTS is None:
        if os.environ.get("CI"):
            pytest.fail("shared/real-exports is missing beside this checkout")
        pytest.skip("../shared/real-exports is not beside this checkout")
    return REAL_EXPORTS


def _run(entry: dict, **kwargs: object) -> dict:
    """The file as the entry says to read it: the user's column choices
    (``map``) and the currency kept (``keep_currency``), if any."""
    data = (CORPUS / entry["file"]).read_bytes()
    options = kwargs.pop("options", Options())
    if entry.get("keep_currency"):
        options = replace(options, currency=entry["keep_currency"])
    return to_dict(
        analyze_bytes(
            data,
            entry["file"],
            sheet=entry.get("sheet"),
            overrides=entry.get("map"),
            options=options,
            **kwargs,
        )
    )


@pytest.mark.parametrize("entry", CASES, ids=[e.get("id", e["file"]) for e in CASES])
def test_corpus_file(entry: dict) -> None:
    if entry["error"]:
        with pytest.raises(NicheError) as info:
            _run(entry)
        message = str(info.value)
        assert entry["error"] in message.lower()
        assert "\n" not in message
        return
    result = _run(entry)
    source = result["source"]
    assert source["header_row"] == entry["header_row"]
    assert source["rows_read"] == entry["rows_read"]
    assert source["mode"] == entry["mode"]
    for field, heading in entry["columns"].items():
        assert result["columns"].get(field) == heading, field
    assert result["totals"]["clients"] == entry["clients"]
    assert result["totals"]["annual_revenue"] == pytest.approx(
        entry["annual_revenue"], abs=0.005
    )
    excluded = [[e["row"], e["reason"]] for e in result["excluded"]]
    assert excluded == entry["excluded"]
    merged = {m["client"]: m["rows"] for m in result["merged"]}
    assert merged == entry["merged"]
    top = result["clients"][0]
    assert top["client"] == entry["top_client"]["client"]
    assert top["annual_revenue"] == pytest.approx(
        entry["top_client"]["annual_revenue"], abs=0.005
    )
    warnings = " ".join(result["warnings"]).lower()
    for words in entry.get("warnings_contain", []):
        assert words.lower() in warnings, words
    assert source["window"] == entry["window"]
    by_name = {c["client"]: c for c in result["clients"]}
    for name, expected in entry.get("per_client", {}).items():
        got = by_name[name]
        assert got["annual_revenue"] == pytest.approx(
            expected["annual_revenue"], abs=0.005
        ), name
        assert got["rows"] == expected["rows"], name
        if "systems" in expected:
            assert got["systems"] == expected["systems"], name
        if "industry" in expected:
            assert got["industry_raw"] == expected["industry"], name
        if "prior_revenue" in expected:
            assert got["prior_revenue"] == expected["prior_revenue"], name
        if "mapped" in expected:
            assert got["industry"] == expected["mapped"], name
    for name, flags in entry.get("flags", {}).items():
        assert by_name[name]["flags"] == flags, name
    if "file_total" in entry:
        assert source["file_total"] == entry["file_total"]
        assert source["total_matches"] is entry["total_matches"]
    if "niche" in entry:
        assert result["recommendation"]["niche"] == entry["niche"]
    # Nothing lost: every data row is in one client's rows or excluded, once.
    rows = [r for c in result["clients"] for r in c["rows"]]
    rows += [e["row"] for e in result["excluded"]]
    assert len(rows) == len(set(rows)) == source["rows_read"]


def _alternative_cases() -> list[dict]:
    return [e for e in CASES if e.get("alternative")]


@pytest.mark.parametrize(
    "entry", _alternative_cases(), ids=[e["file"] for e in _alternative_cases()]
)
def test_corpus_alternative(entry: dict) -> None:
    """Year-to-date reports annualised; month columns summed on request."""
    alt = entry["alternative"]
    if "annualised" in alt["description"]:
        result = _run(entry, settings=Settings(annualise=True))
    else:
        result = _run(entry, options=Options(sum_months=True))
    assert result["totals"]["clients"] == alt["clients"]
    assert result["totals"]["annual_revenue"] == pytest.approx(
        alt["annual_revenue"], abs=0.01
    )
    assert result["clients"][0]["client"] == alt["top_client"]["client"]
    by_name = {c["client"]: c["annual_revenue"] for c in result["clients"]}
    for name, revenue in alt.get("per_client", {}).items():
        assert by_name[name] == pytest.approx(revenue, abs=0.005), name


@pytest.mark.parametrize(
    ("name", "clients", "total"),
    [
        ("qbToJson__Sandbox Company_US_1_Sales by Customer Summary.csv", 22, 10280.05),
        ("qbToJson__Sandbox Company_US_1_Sales by Customer Summary.xlsx", 22, 10280.05),
    ],
)
def test_real_quickbooks_sales_summary(real_exports: Path, name, clients, total):
    result = to_dict(analyze_bytes((real_exports / name).read_bytes(), name))
    assert result["totals"]["clients"] == clients
    assert result["totals"]["annual_revenue"] == total
    excluded = [(e["row"], e["reason"]) for e in result["excluded"]]
    assert excluded == [
        (15, "total_line"),
        (28, "total_line"),
        (33, "total_line"),
        (37, "footer"),
    ]
    merged = {m["client"]: m["rows"] for m in result["merged"]}
    assert merged == {
        "Freeman Sporting Goods": [12, 13, 14],
        "Shara Barnett": [26, 27],
    }
    by_name = {c["client"]: c for c in result["clients"]}
    assert by_name["Pye's Cakes"]["annual_revenue"] == -8.75
    assert by_name["Pye's Cakes"]["value_class"] == "C"
    assert by_name["Freeman Sporting Goods"]["annual_revenue"] == 1263.75


@pytest.mark.parametrize(
    "name",
    [
        "qbToJson__Sandbox Company_US_1_A_R Aging Summary Report.csv",
        "qbToJson__Sandbox Company_US_1_A_R Aging Summary Report.xlsx",
    ],
)
def test_real_ar_aging_warns_open_balances(real_exports: Path, name: str) -> None:
    result = to_dict(analyze_bytes((real_exports / name).read_bytes(), name))
    assert result["columns"]["revenue"] == "Total"
    assert result["totals"]["clients"] == 16
    assert result["totals"]["annual_revenue"] == 5281.52
    assert any("open balance" in w.lower() for w in result["warnings"])


def test_real_xero_journal_is_not_a_client_list(real_exports: Path) -> None:
    data = (real_exports / "csv2ofx__xero.csv").read_bytes()
    with pytest.raises(NicheError, match="(?i)no client"):
        analyze_bytes(data, "csv2ofx__xero.csv")
