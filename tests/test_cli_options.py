"""Ambiguous dates and decimal marks: the note says which reading was used, and
the user can switch (CLI flags and the settings file feed the same Options)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from niche.export.settings_file import AppSettings, from_json, to_json

DATA = Path(__file__).parent / "data" / "options"
ROOT = Path(__file__).resolve().parents[1]


def _analyze(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "niche", "analyze", *args, "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(done.stdout)


def test_ambiguous_dates_read_month_first_and_say_so() -> None:
    result = _analyze(str(DATA / "ambiguous_dates.csv"))
    # 05/06/2025 read as May 6: the window ends there.
    assert result["source"]["window"] == {"start": "2024-05-07", "end": "2025-05-06"}
    assert any("month/day" in note for note in result["notes"])


def test_day_first_switches_the_reading() -> None:
    result = _analyze(str(DATA / "ambiguous_dates.csv"), "--day-first")
    # 05/06/2025 read as 5 June.
    assert result["source"]["window"] == {"start": "2024-06-06", "end": "2025-06-05"}
    assert not any("month/day" in note for note in result["notes"])


def test_ambiguous_amounts_read_with_a_decimal_point_and_say_so() -> None:
    result = _analyze(str(DATA / "ambiguous_decimals.csv"))
    assert result["totals"]["annual_revenue"] == 4.48  # 1.234 + 2.5 + 0.75
    assert any("thousands or decimals" in note for note in result["notes"])


def test_decimal_comma_reads_thousands() -> None:
    result = _analyze(str(DATA / "ambiguous_decimals.csv"), "--decimal-comma")
    assert result["totals"]["annual_revenue"] == 4484.0  # 1,234 + 2,500 + 750


def test_settings_file_carries_the_choices(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(to_json(AppSettings(day_first=True, decimal_comma=True)))
    assert from_json(path.read_text()).options().day_first is True
    result = _analyze(str(DATA / "ambiguous_dates.csv"), "--settings", str(path))
    assert result["source"]["window"]["end"] == "2025-06-05"
