"""Driving the page in the browser: uploads, tabs, waiting for Streamlit's
script runs, reading the text (the fixtures are in conftest.py)."""

from __future__ import annotations

import time
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

CLIENT_LIST = "Client list (CSV or Excel)"
MAIN = '[data-testid="stMain"]'
CHART = '[data-testid="stVegaLiteChart"]'
# Counts the script runs the browser sees: Streamlit marks the app element
# data-test-script-state="running" while the script runs, "notRunning" after.
COUNT_RUNS = """
window.__runs = 0;
new MutationObserver((records) => {
  for (const r of records) {
    if (r.target.getAttribute('data-test-script-state') === 'running') window.__runs++;
  }
}).observe(document, {
  subtree: true, attributes: true, attributeFilter: ['data-test-script-state'],
});
"""
IDLE = """(runs) => window.__runs > runs && document.querySelector(
  '[data-testid="stApp"]')?.getAttribute('data-test-script-state') === 'notRunning'"""


_SERVER_RUNS: dict[int, list[int]] = {}


def count_server_runs(page: object) -> None:
    """Count the script runs the server starts for ``page``: each begins with
    a ``new_session`` message on the websocket (a rerun the script asks for
    with ``st.rerun()`` too, which the page's run state may not show)."""
    count = _SERVER_RUNS.setdefault(id(page), [0])

    def frame(payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            message = ForwardMsg.FromString(payload)
            if message.WhichOneof("type") == "new_session":
                count[0] += 1

    page.on("websocket", lambda ws: ws.on("framereceived", frame))


def server_runs(page: object) -> int:
    return _SERVER_RUNS[id(page)][0]


def upload(page: object, path: Path | str, label: str = CLIENT_LIST) -> None:
    """Put ``path`` into the uploader labelled ``label`` and wait for the run.

    Found by its label, not its position: while the page reruns, the first
    uploader in the DOM can briefly be another one (CI once put a client list
    into "Load settings").
    """
    uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text=label)
    before = runs(page)
    uploader.locator('input[type="file"]').set_input_files(str(path))
    after_run(page, before)


def runs(page: object) -> int:
    """Script runs the page has seen since it loaded."""
    return page.evaluate("window.__runs")


def after_run(page: object, before: int, timeout: float = 30_000) -> None:
    """Wait until a run started after ``before`` runs has finished."""
    page.wait_for_function(IDLE, arg=before, timeout=timeout)
    page.wait_for_timeout(300)  # the last deltas drawn


def wait_for_text(page: object, expected: str, timeout: float = 30.0) -> str:
    """Poll the page text until ``expected`` shows, then until it settles."""
    deadline = time.monotonic() + timeout
    text, last = "", None
    while time.monotonic() < deadline:
        text = page.evaluate("document.body.innerText")
        if expected in text and text == last:
            return text
        last = text
        time.sleep(0.3)
    raise AssertionError(f"{expected!r} not on the page; it shows:\n{text[:2000]}")


def no_exception(page: object) -> None:
    """No traceback anywhere on the page."""
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stErrorCodeBlock"]').count() == 0


def open_tab(page: object, label: str) -> None:
    """Open one of the page's tabs and wait for the run it starts (none when
    it is open already)."""
    tab = page.get_by_role("tab", name=label, exact=True)
    if tab.get_attribute("aria-selected") == "true":
        return
    before = runs(page)
    tab.click()
    after_run(page, before)
    assert tab.get_attribute("aria-selected") == "true"
