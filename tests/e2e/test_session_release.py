"""A closed tab's session is closed, and its uploaded bytes released, once
``server.disconnectedSessionTTL`` has passed: not only when another session
happens to connect. Read from Streamlit's own metrics endpoint (the bytes its
upload manager holds)."""

from __future__ import annotations

import re
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import COUNT_RUNS, upload, wait_for_text
from conftest import free_port, need_chromium, start_server, stop_server

pytestmark = pytest.mark.e2e

TTL = 2
UPLOADED = re.compile(
    r'cache_memory_bytes\{cache_type="UploadedFileManager"[^}]*\} (\d+)'
)


def _uploaded_bytes(url: str) -> int:
    with urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=5) as response:
        text = response.read().decode()
    return sum(int(n) for n in UPLOADED.findall(text))


@pytest.fixture
def short_ttl() -> Iterator[str]:
    need_chromium()
    port = free_port()
    proc = start_server(port, options=["--server.disconnectedSessionTTL", str(TTL)])
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


def test_closed_tab_releases_its_upload(
    browser: object, short_ttl: str, tmp_path: Path
) -> None:
    path = tmp_path / "clients_release.csv"
    rows = [
        f"Client {i:05d},Dental office,{i % 40 + 1},{900 + i}" for i in range(5_000)
    ]
    path.write_text("Client,Industry,PCs,Revenue\n" + "\n".join(rows) + "\n")
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(COUNT_RUNS)  # upload() waits for the run
    page.goto(short_ttl)
    wait_for_text(page, "Recommended niche", timeout=60)
    upload(page, path)
    wait_for_text(page, "clients_release.csv", timeout=60)
    assert _uploaded_bytes(short_ttl) == path.stat().st_size
    context.close()
    deadline = time.monotonic() + TTL + 20
    while _uploaded_bytes(short_ttl) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _uploaded_bytes(short_ttl) == 0
