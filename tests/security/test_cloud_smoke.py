"""Cloud-like smoke test: a fresh venv with requirements.txt alone runs the page.

What Streamlit Community Cloud does, in miniature: install requirements.txt (no dev
packages) into a new virtual environment, ``streamlit run app.py`` headless from
the repo root, wait for ``/_stcore/health``, then load the page in Debian chromium
and check that the sample analysis renders without an exception. A package that
app.py needs but requirements.txt lacks fails here before a deploy does.

Slow (a pip install): runs only when ``NICHE_CLOUD_SMOKE=1`` or ``CI`` is set.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
EXPECTED = ("Recommended niche", "Dental offices")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not (os.environ.get("NICHE_CLOUD_SMOKE") == "1" or os.environ.get("CI")),
        reason="slow: set NICHE_CLOUD_SMOKE=1 (CI sets CI) to run",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


@pytest.fixture(scope="module")
def cloud_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding requirements.txt only (pip's cache keeps it quick)."""
    venv = tmp_path_factory.mktemp("cloud") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = _venv_python(venv)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
        cwd=ROOT,
        check=True,
        timeout=1800,
    )
    return python


@pytest.fixture(scope="module")
def server(cloud_venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``streamlit run app.py`` from the repo root, as Community Cloud runs it."""
    port = _free_port()
    log = tmp_path_factory.mktemp("cloud_log") / "streamlit.log"
    env = {k: v for k, v in os.environ.items() if k != "NICHE_PASSWORD"}
    env["PYTHONPATH"] = ""  # nothing from the dev environment leaks in
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                str(cloud_venv),
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200 and r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    "streamlit did not become healthy:\n"
                    + log.read_text(errors="replace")[-4000:]
                )
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_requirements_alone_hold_no_dev_tools(cloud_venv: Path) -> None:
    out = subprocess.run(
        [str(cloud_venv), "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.lower()
    assert "streamlit==" in out
    assert "pytest" not in out
    assert "playwright" not in out


def test_health_endpoint(server: str) -> None:
    with urllib.request.urlopen(f"{server}/_stcore/health", timeout=5) as response:
        assert response.status == 200


def test_sample_page_renders_without_exception(server: str) -> None:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail("Debian chromium is required in CI")
        pytest.skip("Debian chromium not installed")
    # In a child process: the e2e tests may hold a session-wide sync Playwright
    # open in this one, and a second one cannot start beside it.
    done = subprocess.run(
        [sys.executable, "-c", _BROWSER_CHECK, server, CHROMIUM, *EXPECTED],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]


_BROWSER_CHECK = r"""
import sys, time
from playwright.sync_api import sync_playwright

server, chromium, *expected = sys.argv[1:]
with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path=chromium,
        args=["--no-sandbox", "--disable-background-networking"],
    )
    try:
        page = browser.new_page()
        page.goto(server)
        page.wait_for_selector(
            '[data-testid="stApp"][data-test-connection-state="CONNECTED"]',
            timeout=60_000,
        )
        deadline, text = time.monotonic() + 120, ""
        while time.monotonic() < deadline:
            text = page.evaluate("document.body.innerText")
            if any(e in text for e in expected) or page.query_selector(
                '[data-testid="stException"]'
            ):
                break
            page.wait_for_timeout(500)
        page.wait_for_timeout(1500)  # let the run finish
        text = page.evaluate("document.body.innerText")
        assert page.query_selector_all('[data-testid="stException"]') == []
        assert page.query_selector_all('[data-testid="stErrorCodeBlock"]') == []
        assert any(e in text for e in expected), text[:2000]
    finally:
        browser.close()
"""
