"""Nothing of an upload is written to disk: a 2 MB file (twice Starlette's spool
threshold) is uploaded to the real server while ``strace`` records every file
call of the server process and its threads; any file opened for writing fails.

Python is told not to write bytecode (``PYTHONDONTWRITEBYTECODE``) and the
server gets an empty ``HOME``, so what remains in the trace is what the server
does on its own. The trace must show the server reading the sample workbook,
which proves it records the script's file calls.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import COUNT_RUNS, no_exception, upload, wait_for_text
from conftest import free_port, need_chromium, start_server, stop_server

pytestmark = pytest.mark.e2e

CALLS = ",".join(
    ("open", "openat", "openat2", "creat", "truncate")
    + ("rename", "renameat", "renameat2", "link", "linkat", "mkdir", "mkdirat")
)
WRITE_FLAGS = re.compile(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND|O_TMPFILE")
CHANGES = re.compile(r"\b(creat|truncate|rename\w*|link\w*|mkdir\w*)\(")
ROWS = 46_000  # a little over 2 MB


def _two_megabytes(path: Path) -> Path:
    lines = ["Client,Industry,PCs,Revenue"]
    lines += [
        f"Client {i:06d} Dental,Dental office,{i % 80 + 1},{1000 + i}.50"
        for i in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 2 * 1024 * 1024
    return path


def _need_strace() -> str:
    found = shutil.which("strace")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("strace is missing; CI must run the disk-write trace")
        pytest.skip("strace is missing (install Debian's strace)")
    return found


@pytest.fixture
def traced(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The server under ``strace -f``; yields its URL and the trace file."""
    need_chromium()
    strace = _need_strace()
    home = tmp_path / "home"
    home.mkdir()
    log = tmp_path / "trace.log"
    port = free_port()
    proc = start_server(
        port,
        prefix=[strace, "-f", "-qq", "-e", f"trace={CALLS}", "-o", str(log)],
        env={"PYTHONDONTWRITEBYTECODE": "1", "HOME": str(home)},
    )
    try:
        yield f"http://127.0.0.1:{port}", log
    finally:
        # Stopping strace alone would detach it and leave the server running:
        # stop the traced server first, then strace.
        for child in _children(proc.pid):
            _stop(child)
        stop_server(proc)


def _children(pid: int) -> list[int]:
    try:
        return [
            int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return []


def _stop(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        if Path(f"/proc/{pid}").exists():
            os.kill(pid, signal.SIGKILL)


def _writes(trace: str) -> list[str]:
    found = []
    for line in trace.splitlines():
        if "= -1 " in line:  # failed calls changed nothing
            continue
        if (WRITE_FLAGS.search(line) and "open" in line) or CHANGES.search(line):
            found.append(line)
    return found


def test_two_megabyte_upload_writes_no_file(
    browser: object, traced: tuple[str, Path], tmp_path: Path
) -> None:
    url, log = traced
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(COUNT_RUNS)  # upload() waits for the run
        page.set_default_timeout(60_000)
        page.goto(url)
        wait_for_text(page, "Recommended niche: Dental offices", timeout=60)
        upload(page, _two_megabytes(tmp_path / "two_mb_clients.csv"))
        text = wait_for_text(page, "two_mb_clients.csv", timeout=90)
        text = wait_for_text(page, "Recommended niche", timeout=90)
        assert "46,000" in text  # the upload itself was analysed
        no_exception(page)
    finally:
        context.close()
    trace = log.read_text(errors="replace")
    assert "sample_data/clients.xlsx" in trace  # the trace sees the script's reads
    assert _writes(trace) == []
