"""Save full-page screenshots of the running app (not a test).

Usage: ``python tests/e2e/screenshot.py [--width 1440] [--tabs] [FILE ...]``.
Starts the app, takes ``sample.png`` (the sample data) and one PNG per FILE
uploaded, in ``screenshots/`` at the repository root (gitignored); with
``--tabs``, one more PNG per tab of the page. ``--top`` also saves the first
screen alone (the viewport as the user first sees it). Streamlit scrolls
inside ``[data-testid="stMain"]``, so the viewport is first made as tall as
that element's content.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parents[1])]
from browser_helpers import COUNT_RUNS, upload  # noqa: E402
from conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    free_port,
    start_server,
    stop_server,
)
from playwright.sync_api import Page, sync_playwright  # noqa: E402

from niche.ui.state import Tab  # noqa: E402

OUT = ROOT / "screenshots"


def settle(page: Page, expect: str, timeout: float = 40.0) -> None:
    """Wait for ``expect`` in the page text, then until the text stops changing."""
    deadline = time.monotonic() + timeout
    last, same = "", 0
    while time.monotonic() < deadline:
        text = page.evaluate("document.body.innerText")
        if expect in text and text == last:
            same += 1
            if same >= 3:
                break
        else:
            same = 0
        last = text
        time.sleep(0.4)
    page.wait_for_timeout(1200)  # charts draw after the text


def shoot(page: Page, path: Path, width: int) -> None:
    height = page.evaluate(
        "document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
    )
    page.set_viewport_size({"width": width, "height": int(height) + 40})
    page.wait_for_timeout(1500)
    skeletons = page.evaluate(
        "document.querySelectorAll('[data-testid*=\"keleton\"]').length"
    )
    print("skeletons", skeletons)
    page.wait_for_timeout(4000)
    page.screenshot(path=str(path), full_page=True)
    print(f"{path} ({width}x{height})")


TABS = tuple(Tab)  # the page's tabs, in order


def shoot_all(page: Page, name: str, args: argparse.Namespace) -> None:
    """The first screen, the whole page, and each tab (as asked)."""
    page.set_viewport_size({"width": args.width, "height": args.height})
    page.wait_for_timeout(800)
    suffix = f"-{args.width}"
    if args.top:
        page.screenshot(path=str(OUT / f"{name}{suffix}-top.png"))
    shoot(page, OUT / f"{name}{suffix}.png", args.width)
    if not args.tabs:
        return
    for label in TABS[1:]:
        page.set_viewport_size({"width": args.width, "height": args.height})
        page.get_by_role("tab", name=label).click()
        settle(page, label)
        slug = label.lower().replace(" ", "-")
        shoot(page, OUT / f"{name}{suffix}-{slug}.png", args.width)
    page.set_viewport_size({"width": args.width, "height": args.height})
    page.get_by_role("tab", name=TABS[0]).click()
    settle(page, TABS[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--top", action="store_true", help="the first screen too")
    parser.add_argument("--tabs", action="store_true", help="every tab too")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    port = free_port()
    proc = start_server(port)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(
                viewport={"width": args.width, "height": args.height}
            )
            page.add_init_script(COUNT_RUNS)  # upload() waits for the run
            page.goto(f"http://127.0.0.1:{port}")
            page.wait_for_selector('[data-testid="stApp"]')
            settle(page, "Data quality")
            shoot_all(page, "sample", args)
            for file in args.files:
                page.set_viewport_size({"width": args.width, "height": args.height})
                upload(page, file)
                settle(page, file.name)
                shoot_all(page, file.stem.replace(" ", "_"), args)
            browser.close()
    finally:
        stop_server(proc)


if __name__ == "__main__":
    main()
