"""The settings file: JSON round trip, validation, and the CLI's --settings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from niche import SettingsError
from niche.cli import main
from niche.export.settings_file import VERSION, AppSettings, from_json, to_json

HERE = Path(__file__).parents[1]
ROOT = HERE.parent
DATA = HERE / "data" / "enrich"
SAMPLE = ROOT / "sample_data" / "clients.csv"

FULL = AppSettings(
    sheet="Clients",
    header_row=5,
    columns={"systems": "PCs", "industry": None},
    tiers=(5, 40),
    classes=(0.7, 0.9),
    margin_target=0.25,
    background=("Dental offices",),
    currency="€",
    annualise=True,
    rollup=False,
    sum_months=True,
    end_date="2025-12-31",
    left_out=("Cash Customer", "Walk-in"),
    confirmed_matches=(("Dovetail Accounting Inc.", "Dovetail Acounting"),),
    edits={"summit dental pc": {"industry": "Dental offices", "systems": 12}},
    industry_overrides={"Ortho": "Dental offices"},
    company="Núñez IT Services",
    page_size="A4",
)


def test_round_trip():
    text = to_json(FULL)
    assert from_json(text) == FULL
    assert from_json(text.encode()) == FULL
    body = json.loads(text)
    assert body["version"] == VERSION
    assert body["kind"] == "niche-finder-settings"
    assert body["tiers"] == [5, 40]
    assert from_json(to_json(AppSettings())) == AppSettings()
    assert hash(from_json(text)) == hash(FULL)


def test_unknown_keys_are_ignored_and_missing_keys_default():
    settings = from_json('{"version": 1, "tiers": [8, 60], "future_thing": {"a": 1}}')
    assert settings == AppSettings(tiers=(8, 60))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"version": 2}', "version 2 is newer"),
        ('{"tiers": "10,50"}', '"tiers" must be a list of two numbers'),
        ('{"tiers": [10.5, 50]}', '"tiers" must be a list of two whole numbers'),
        ('{"tiers": [50, 10]}', "Tier thresholds"),
        ('{"classes": [0.8, true]}', '"classes" must be'),
        ('{"background": "Dental"}', '"background" must be a list of texts'),
        ('{"annualise": "yes"}', '"annualise" must be true or false'),
        ('{"columns": {"client": 3}}', '"columns" must be an object of texts'),
        ('{"columns": {"colour": "Red"}}', 'unknown field "colour"'),
        ('{"edits": {"x": {"systems": -1}}}', '"edits" must be whole numbers'),
        ('{"edits": {"x": 5}}', '"edits" must be an object'),
        ('{"confirmed_matches": [["a"]]}', '"confirmed_matches" must be a list'),
        ('{"header_row": 0}', '"header_row" must be a row number'),
        ('{"page_size": "A3"}', '"page_size" must be "A4" or "Letter" or null'),
        ('{"company": 5}', '"company" must be text'),
    ],
)
def test_bad_files_give_one_line(text, message):
    with pytest.raises(SettingsError, match=message) as info:
        from_json(text)
    assert "\n" not in str(info.value)


def test_settings_and_options():
    settings = FULL.settings()
    assert settings.tiers == (5, 40)
    assert settings.industry_overrides == (("Ortho", "Dental offices"),)
    options = FULL.options()
    assert not options.rollup
    assert FULL.left_out == ("Cash Customer", "Walk-in")


# CLI -------------------------------------------------------------------------------


def _json(capsys, *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_settings_equal_flags(tmp_path, capsys):
    path = tmp_path / "s.json"
    path.write_text(
        to_json(
            AppSettings(
                tiers=(5, 30),
                classes=(0.7, 0.9),
                background=("Law firms",),
                left_out=("Cash Customer",),
                columns={"industry": None},
            )
        )
    )
    file = str(DATA / "qbo_sales_summary.csv")
    enrich = ["--enrich", str(DATA / "rmm_devices.csv")]
    by_file = _json(capsys, "analyze", file, *enrich, "--settings", str(path), "--json")
    by_flags = _json(
        capsys,
        "analyze",
        file,
        *enrich,
        "--tiers",
        "5,30",
        "--classes",
        "0.7,0.9",
        "--background",
        "Law firms",
        "--leave-out",
        "Cash Customer",
        "--map",
        "industry=",
        "--json",
    )
    assert by_file == by_flags
    assert by_file["settings"]["tiers"] == [5, 30]
    assert [e["reason"] for e in by_file["excluded"]].count("left_out") == 1


def test_cli_flags_win_over_the_settings_file(tmp_path, capsys):
    path = tmp_path / "s.json"
    path.write_text(to_json(AppSettings(tiers=(5, 30), left_out=("Cash Customer",))))
    file = str(DATA / "qbo_sales_summary.csv")
    out = _json(
        capsys, "analyze", file, "--settings", str(path), "--tiers", "10,50", "--json"
    )
    assert out["settings"]["tiers"] == [10, 50]
    assert "Cash Customer" not in [c["client"] for c in out["clients"]]


def test_cli_settings_confirm_matches_and_edits(tmp_path, capsys):
    file = str(DATA / "qbo_sales_summary.csv")
    enrich = ["--enrich", str(DATA / "rmm_devices.csv")]
    plain = _json(capsys, "analyze", file, *enrich, "--json")
    err = capsys.readouterr().err
    systems = {c["client"]: c["systems"] for c in plain["clients"]}
    assert systems["Dovetail Accounting Inc."] is None  # fuzzy: not confirmed
    assert systems["Maple Grove Dental, LLC"] == 14
    path = tmp_path / "s.json"
    path.write_text(
        to_json(
            AppSettings(
                confirmed_matches=(("Dovetail Accounting Inc.", "Dovetail Acounting"),),
                edits={"summit dental pc": {"systems": 12, "industry": "Dental"}},
            )
        )
    )
    saved = _json(capsys, "analyze", file, *enrich, "--settings", str(path), "--json")
    clients = {c["client"]: c for c in saved["clients"]}
    assert clients["Dovetail Accounting Inc."]["systems"] == 6
    assert clients["Summit Dental PC"]["systems"] == 12
    assert clients["Summit Dental PC"]["industry"] == "Dental offices"
    flag = _json(capsys, "analyze", file, *enrich, "--confirm-matches", "--json")
    assert {c["client"]: c["systems"] for c in flag["clients"]}[
        "Dovetail Accounting Inc."
    ] == 6
    assert "Dovetail" not in err  # the join summary names no client


def test_cli_bad_settings_file(tmp_path, capsys):
    path = tmp_path / "s.json"
    path.write_text('{"tiers": "ten"}')
    assert main(["analyze", str(SAMPLE), "--settings", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert '"tiers" must be' in err


def test_python_m_niche_with_settings(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(to_json(AppSettings(tiers=(5, 30), background=("Law firms",))))

    def run(*extra: str) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "niche", "analyze", str(SAMPLE), "--json", *extra],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        return json.loads(done.stdout)

    assert run("--settings", str(path)) == run(
        "--tiers", "5,30", "--background", "Law firms"
    )


def test_cli_summary_says_how_complete_the_data_is(capsys):
    file = str(DATA / "qbo_sales_summary.csv")
    assert main(["analyze", file, "--enrich", str(DATA / "rmm_devices.csv")]) == 0
    out = capsys.readouterr().out
    assert "Industry known for 0 % of revenue, PC counts for " in out


def test_from_parts_is_the_inverse_of_settings_and_options() -> None:
    from niche import Options, Settings
    from niche.export.settings_file import AppSettings

    settings = Settings(tiers=(8, 40), background=("Law firms",), annualise=True)
    options = Options(rollup=False, day_first=True, decimal_comma=True, sum_months=True)
    app = AppSettings.from_parts(settings, options, sheet="Clients")
    assert app.settings() == settings
    assert app.options() == options
    assert app.sheet == "Clients"


def test_from_parts_carries_settings_options_and_choices() -> None:
    from niche.model import Options, Settings

    settings = Settings(
        tiers=(5, 40), industry_overrides=(("Dental Ofice", "Dental offices"),)
    )
    saved = AppSettings.from_parts(
        settings,
        Options(rollup=False),
        confirmed_matches=(("A", "B"),),
        left_out=("Cash Customer",),
    )
    assert saved.industry_overrides == {"Dental Ofice": "Dental offices"}
    assert saved.tiers == (5, 40)
    assert saved.left_out == ("Cash Customer",)
    assert saved.confirmed_matches == (("A", "B"),)
    assert not saved.rollup
    assert saved.settings() == settings


def test_company_name_is_kept_on_one_line_and_cut():
    settings = from_json(json.dumps({"company": "  Acme\n  IT  " + "x" * 300}))
    assert settings.company.startswith("Acme IT x")
    assert len(settings.company) == 120
