"""The memory estimate, checked before parsing: a file that would not fit the
page's budget is refused with one line naming the limit; the command line can
take larger files behind ``--large-files``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hostile import basic_xlsx

import niche
from niche import FileTooLargeError
from niche.cli import main as cli_main
from niche.read.limits import DEFAULT_LIMITS, LARGE_LIMITS, MB, Need

ROWS = 20_000


def _clients_csv(rows: int = ROWS) -> bytes:
    lines = [f"Client {i},Dental office,{i % 50 + 1},{1000 + i}" for i in range(rows)]
    return ("Client,Industry,PCs,Revenue\n" + "\n".join(lines) + "\n").encode()


class Parsed(Exception):
    """Raised from ``admit``: what the reader would have parsed next."""


@pytest.mark.parametrize(
    ("data", "name"), [(_clients_csv(), "clients.csv"), (basic_xlsx(), "ok.xlsx")]
)
def test_admit_is_told_the_estimate_before_parsing(data: bytes, name: str) -> None:
    seen: list[int] = []

    def admit(estimate: int) -> None:
        seen.append(estimate)
        raise Parsed

    with pytest.raises(Parsed):
        niche.read_table(data, name, admit=admit)
    assert len(seen) == 1
    assert 0 < seen[0] <= DEFAULT_LIMITS.max_memory


def test_file_over_the_memory_limit_is_refused_naming_it() -> None:
    limits = replace(DEFAULT_LIMITS, max_memory=30 * MB)
    with pytest.raises(FileTooLargeError) as info:
        niche.read_file(_clients_csv(), "clients.csv", limits=limits)
    message = str(info.value)
    assert message.startswith("clients.csv would need about ")
    assert (
        message.endswith(
            f"MB of memory to analyse ({ROWS + 2:,} rows, {(ROWS + 2) * 4:,} cells), "
            "over the 30 MB limit for one file."
        )
        or "over the 30 MB limit for one file." in message
    )
    assert "\n" not in message


def test_estimate_grows_with_every_part_of_the_file() -> None:
    small = Need(file_bytes=MB, rows=1_000, cells=4_000)
    for bigger in (
        replace(small, file_bytes=2 * MB),
        replace(small, rows=2_000),
        replace(small, cells=8_000),
        replace(small, text_bytes=MB),
    ):
        assert bigger.estimate(150_000) > small.estimate(150_000)


def test_clients_beyond_the_limit_cost_nothing_in_the_estimate() -> None:
    """More clients than ``max_clients`` are refused while cleaning, so the
    estimate counts at most that many."""
    need = Need(file_bytes=MB, rows=1_000_000, cells=6_000_000)
    assert need.estimate(150_000) < need.estimate(1_000_000)


def test_page_limits_are_smaller_than_the_command_lines_large_ones() -> None:
    for field in ("max_bytes", "max_unpacked_bytes", "max_cells", "max_memory"):
        assert getattr(DEFAULT_LIMITS, field) < getattr(LARGE_LIMITS, field)
    assert DEFAULT_LIMITS.max_memory <= 512 * MB


def test_cli_refuses_with_one_line_and_large_files_lifts_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "long.csv"
    notes = b"x" * 40_000
    path.write_bytes(b"Client,Revenue,Notes\nAcme Dental,10," + notes + b"\nBolt,5,\n")
    assert cli_main(["analyze", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0
    assert "over the 32,767 limit for one cell" in err
    assert cli_main(["analyze", str(path), "--large-files", "--json"]) == 0
