"""Issue 18's additions to the JSON contract and the command line: hours and
revenue per hour, gross profit, the risk score and the revenue bridge
(``change``). Additive only: the SPEC's keys keep their meaning."""

from __future__ import annotations

import json
from typing import Any

import pytest
from core_helpers import DATA_DIR, ROOT, cli
from jsonschema import Draft202012Validator

from niche.cli import main
from niche.rules.risk import SIGNALS

CHANGE = DATA_DIR / "change"
NOW, BEFORE = CHANGE / "qbo_sales_2025.csv", CHANGE / "qbo_sales_2024.csv"
HOURS = DATA_DIR / "profit" / "psa_support_hours.csv"


SCHEMA = json.loads((ROOT / "docs" / "contract.schema.json").read_text("utf-8"))


def _no_nan(name: str) -> None:
    raise ValueError(f"{name} in JSON output")


def _json(capsys: pytest.CaptureFixture[str], *argv: object) -> dict[str, Any]:
    assert main([str(a) for a in argv]) == 0
    return json.loads(capsys.readouterr().out, parse_constant=_no_nan)


def test_hours_rates_and_risk(capsys: pytest.CaptureFixture[str]) -> None:
    body = _json(capsys, "analyze", HOURS, "--json")
    first = body["clients"][0]
    assert first["client"] == "Harbor Freight Logistics"
    assert (first["support_hours"], first["hourly_rate"]) == (1600.0, 60.0)
    assert first["flags"][-1] == "low_hourly_rate"
    assert first["gross_profit"] is None  # no cost column
    assert first["risk_score"] == 40.0  # hourly rate alone: (100 - 60) / 100
    assert first["risk_reasons"] == ["$60 an hour of support (target $100)"]
    assert set(first["risk_signals"]) == set(SIGNALS)
    assert first["risk_signals"]["hourly_rate"] == 0.4
    assert first["risk_signals"]["margin"] is None
    assert body["totals"]["median_hourly_rate"] == 138.0
    assert body["totals"]["support_hours"] == 2246.0
    assert body["settings"]["target_rate"] == 100.0
    assert body["settings"]["ranked_by"] == "revenue"
    assert body["settings"]["risk_weights"]["revenue_change"] == 0.3
    dental = next(i for i in body["industries"] if i["industry"] == "Dental offices")
    assert dental["hourly_rate"] == 212.0
    assert body["change"] is None


def test_rank_by_profit_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA_DIR / "profit" / "costs.csv"
    body = _json(capsys, "analyze", path, "--json", "--rank-by-profit")
    assert body["settings"]["ranked_by"] == "gross_profit"
    assert [c["client"] for c in body["clients"][:2]] == ["Big Law", "Law Two"]
    assert body["clients"][0]["gross_profit"] == 24000.0
    assert body["clients"][0]["profit_share"] == pytest.approx(24000 / 69000)
    assert body["totals"]["gross_profit"] == 69000.0
    assert body["recommendation"]["niche"] == "Law firms"


@pytest.mark.parametrize(
    ("extra", "new", "lost"),
    [
        ((), {"clients": 2, "amount": 13800.0}, {"clients": 2, "amount": 7200.0}),
        (
            ("--confirm-matches",),
            {"clients": 1, "amount": 8400.0},
            {"clients": 1, "amount": 2400.0},
        ),
    ],
)
def test_previous_on_the_command_line(
    extra: tuple[str, ...], new: dict, lost: dict
) -> None:
    done = cli("analyze", NOW, "--previous", BEFORE, "--json", *extra)
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout, parse_constant=_no_nan)
    errors = list(Draft202012Validator(SCHEMA).iter_errors(body))
    assert not errors, errors[0].message
    change = body["change"]
    assert change["source"] == "previous_file"
    assert change["previous_file"] == "qbo_sales_2024.csv"
    assert (change["previous_revenue"], change["current_revenue"]) == (39800.0, 46200.0)
    assert (change["new"], change["lost"]) == (new, lost)
    assert change["shrunk"] == {"clients": 1, "amount": 2400.0}
    total = change["previous_revenue"] + change["new"]["amount"]
    total += change["grown"]["amount"] - change["lost"]["amount"]
    total -= change["shrunk"]["amount"]
    assert total == change["current_revenue"]
    acme = next(c for c in body["clients"] if c["client"] == "Acme Dental")
    assert (acme["prior_revenue"], acme["revenue_change"], acme["change"]) == (
        12000.0,
        1200.0,
        "grown",
    )
    row = next(c for c in change["clients"] if c["client"] == "Acme Dental")
    assert row["previous_client"] == "Acme Dental LLC"
    # One line about the join on stderr: counts only, no client names.
    line = done.stderr.strip()
    assert line.startswith("qbo_sales_2024.csv (last period): 4 names matched")
    assert "Acme" not in line
    assert "Dovetail" not in line
    assert ("Confirm close matches" in line) == (not extra)


def test_summary_shows_change_and_risk() -> None:
    done = cli("analyze", NOW, "--previous", BEFORE, "--confirm-matches")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Change (January 1-December 31, 2024 -> January 1-December 31, 2025):" in out
    assert "Revenue went from $39,800 to $46,200 (+16 %)" in out
    assert "Highest risk (score 0-100, top 1):" in out


def test_summary_shows_profit() -> None:
    done = cli("analyze", HOURS)
    assert done.returncode == 0, done.stderr
    assert "Profit:\n  3 of your 6 clients with support hours cost more time" in (
        done.stdout
    )
    assert "costs more time than it pays (3): Harbor Freight Logistics" in done.stdout


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--previous", "missing.csv"), "missing.csv: no such file."),
        (("--previous", DATA_DIR / "corpus" / "empty.csv"), "empty"),
        (("--target-rate", "-1"), "Target rate must be >= 0"),
    ],
)
def test_bad_input_is_one_line(argv: tuple, message: str) -> None:
    done = cli("analyze", NOW, *argv)
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stderr.count("\n") == 1


def test_risk_weights_from_the_settings_file(tmp_path) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text('{"risk_weights": {"recency": 0.5}}', encoding="utf-8")
    ok = cli("analyze", NOW, "--settings", settings, "--json")
    assert ok.returncode == 0, ok.stderr
    weights = json.loads(ok.stdout)["settings"]["risk_weights"]
    assert (weights["recency"], weights["tenure"]) == (0.5, 0.1)
    settings.write_text('{"risk_weights": {"colour": 1}}', encoding="utf-8")
    bad = cli("analyze", NOW, "--settings", settings)
    assert bad.returncode == 2
    assert '"risk_weights" must be an object with keys among' in bad.stderr
