"""A real Streamlit server for the browser tests, and a Chromium page.

The server runs ``streamlit run app.py`` headless on a free port; the browser is
Debian's chromium driven by Playwright (never ``playwright install``). Without
``/usr/bin/chromium`` the tests skip, except in CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from browser_helpers import COUNT_RUNS, after_run, count_server_runs, no_exception
from core_helpers import real_exports_dir

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT = 40.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    port: int,
    *,
    prefix: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    options: Sequence[str] = (),
) -> subprocess.Popen:
    """Start ``streamlit run app.py`` and wait for its health endpoint.

    ``prefix`` runs the server under another command (``strace``, ``taskset``),
    ``env`` adds environment variables, ``options`` adds ``--name value`` pairs.
    """
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env or {})}
    env.pop("NICHE_PASSWORD", None)
    proc = subprocess.Popen(
        [
            *prefix,
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            *options,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + START_TIMEOUT
    url = f"http://127.0.0.1:{port}/_stcore/health"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise RuntimeError(f"streamlit exited early: {err[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=1) as resp:
                if resp.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError("streamlit did not answer its health check in time")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.stderr:
        proc.stderr.close()


def need_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI must run the browser tests")
        pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium)")


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    need_chromium()
    port = free_port()
    proc = start_server(port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    need_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: object, server_url: str) -> Iterator[object]:
    """A new browser session (a new Streamlit session) on the sample page, at
    1440x900, its first run finished; no traceback on it at the end."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.add_init_script(COUNT_RUNS)
    count_server_runs(pg)
    pg.goto(server_url)
    pg.wait_for_selector('[data-testid="stApp"]')
    after_run(pg, 0, timeout=60_000)
    try:
        yield pg
        no_exception(pg)
    finally:
        context.close()


@pytest.fixture(scope="session")
def real_exports() -> Path:
    """Genuine QuickBooks exports, read from ../shared (never copied here); as
    tests/test_corpus.py does: skipped where absent, failed in CI."""
    found = real_exports_dir()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("shared/real-exports is missing beside this checkout")
        pytest.skip("../shared/real-exports is not beside this checkout")
    return found
