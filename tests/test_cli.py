"""Bad inputs give a typed NicheError, and via the CLI exit 2 with one line."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from core_helpers import RULES_DIR, SAMPLE_DIR, cli, run_bytes, xlsx_bytes

import niche


def _random_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "junk.xlsx"
    path.write_bytes(bytes(range(256)) * 8 + os.urandom(2048))
    return path


def _prose_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "notes.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [
                ["Meeting notes for the quarterly review."],
                [None],
                ["We talked about the new office and the printer problems."],
                ["Next steps: call the landlord, order toner, back up the server."],
            ],
            title="Notes",
        )
    )
    return path


def _rules(name: str) -> Callable[[Path], Path]:
    return lambda _tmp: RULES_DIR / name


BAD_INPUTS = {
    "empty file": (_rules("empty.csv"), niche.EmptyFileError),
    "header only": (_rules("header_only.csv"), niche.NoTableError),
    "no revenue column": (
        _rules("no_revenue.csv"),
        (niche.NoTableError, niche.MissingColumnError),
    ),
    "random bytes named .xlsx": (_random_xlsx, niche.UnreadableFileError),
    "workbook of prose": (_prose_xlsx, niche.NoTableError),
    "no positive revenue": (_rules("no_positive.csv"), niche.NoRevenueError),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_raises_typed_error(case, tmp_path):
    make, expected = BAD_INPUTS[case]
    path = make(tmp_path)
    with pytest.raises(expected) as info:
        run_bytes(path.read_bytes(), path.name)
    message = str(info.value)
    assert message
    assert "\n" not in message


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_one_line_and_exit_2(case, tmp_path):
    make, _ = BAD_INPUTS[case]
    path = make(tmp_path)
    done = cli("analyze", path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].strip()


def test_bad_input_with_json_is_still_one_line(tmp_path):
    done = cli("analyze", _random_xlsx(tmp_path), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1


def test_missing_file(tmp_path):
    done = cli("analyze", tmp_path / "nowhere.csv")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert "nowhere.csv" in done.stderr


def test_no_positive_revenue_message_is_clear():
    done = cli("analyze", RULES_DIR / "no_positive.csv")
    assert done.returncode == 2
    assert "positive revenue" in done.stderr


def test_readable_summary_of_the_sample():
    done = cli("analyze", SAMPLE_DIR / "clients.xlsx")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "Bright Smile Dental Group" in text  # the top client
    assert "Recommended niche: Dental offices" in text
    assert "Concentration risk" in text
    assert "Sweet spot" in text
    assert "$" in text


def test_map_option_changes_the_revenue_column(tmp_path):
    path = tmp_path / "billing.csv"
    path.write_text("Client,Revenue,Total Billed\nA,100,900\nB,200,300\n")
    done = cli("analyze", path, "--json", "--map", "revenue=Total Billed")
    assert done.returncode == 0, done.stderr
    assert '"revenue": "Total Billed"' in done.stdout
    assert '"annual_revenue": 900.0' in done.stdout


def test_map_option_to_a_missing_heading_is_exit_2(tmp_path):
    done = cli("analyze", RULES_DIR / "tiers.csv", "--map", "revenue=Nope")
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_no_rollup_option():
    done = cli("analyze", RULES_DIR / "rollup.csv", "--json", "--no-rollup")
    assert done.returncode == 0, done.stderr
    assert "Harbor Group:North" in done.stdout


def test_main_returns_exit_code_in_process(capsys):
    from niche.cli import main

    assert main(["analyze", str(RULES_DIR / "no_positive.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert main(["analyze", str(RULES_DIR / "tiers.csv"), "--tiers", "11,49"]) == 0


def test_bad_tiers_option_is_exit_2_one_line():
    done = cli("analyze", RULES_DIR / "tiers.csv", "--tiers", "50,10")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1
