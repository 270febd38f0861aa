"""Load test: the real server and real browsers, several people at once (by hand).

``python bench/load.py`` (about 25 minutes; ``--quick`` for a 5-minute check):

1. starts ``streamlit run app.py`` on a free localhost port, pinned to one core
   with ``taskset`` (the browsers get the other: on Community Cloud they run on
   the users' machines), with ``NICHE_RUN_TIMES=1`` so that the server logs the
   duration of each script run (durations only, no client data);
2. warms up (one session opens the sample page and closes) and waits for that
   session to be released, then records the idle memory;
3. for N = 1, 5, 10, 25 sessions (one headless chromium, N contexts): each
   uploads its own 10,000-client workbook, waits for the niche, then changes
   a setting (the micro-tier threshold) five times; the sessions close and the
   memory is read again two minutes later, with no session connecting;
4. the mixed run: one session uploads a 1,000,000-line invoice CSV while four
   upload 100,000-client workbooks; a session the server refused for want of
   memory presses the page's Try again once the others have closed and been
   released;
5. the hostile run: one session uploads a zip bomb, an entity-expansion
   workbook, a 150 MB CSV, a CSV with a 50 MB field and a workbook just under
   every limit, each waiting for its one-line answer, while another session
   keeps changing a setting;

and prints, per run: median and p95 of upload-to-answer and of
setting-change-to-settled (seen by the browser), the server's own script-run
times, errors (an exception shown, a lost connection, a timeout), what each
page showed ("shown:": the niche heading, or its one-line error), the server's
peak resident memory (sampled every half second) and the memory two minutes
after the sessions closed. Every wait is bounded; the server is stopped at the
end, whatever happens. Localhost only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import gen  # noqa: E402
import hostile_files  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CLIENT_LIST = "Client list (CSV or Excel)"
SETTING = "Micro below (PCs)"
SETTLE_SECONDS = 120
STEP_TIMEOUT = 300_000  # ms: one upload or one change, at most
ERRORS = ", ".join(
    f'[data-testid="{name}"]'
    for name in ("stAlertContentError", "stFileUploaderFileErrorMessage")
)
BUSY = "short of memory"
RELEASED_AFTER = 65.0  # s: a closed tab's session is released after 60 s
RETRY = "Try again"
RUN_LINE = re.compile(r"niche run ([0-9.]+) s (read|rerun)")
SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning';
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``streamlit run app.py`` on one core, its memory sampled every 0.5 s."""

    def __init__(
        self, core: int, log: Path, report: float = 0.0, trace: float = 0.0
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        env = {**os.environ, "NICHE_RUN_TIMES": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("NICHE_PASSWORD", None)
        if report > 0:  # bench/memory_report.py, started by bench/memhook
            hook = str(HERE / "memhook")
            env["PYTHONPATH"] = os.pathsep.join(
                p for p in (hook, env.get("PYTHONPATH")) if p
            )
            env["NICHE_MEMORY_DEBUG"] = str(report)
            env["NICHE_MEMORY_TRACE"] = str(trace)
        command = [sys.executable, "-m", "streamlit", "run", "app.py"]
        command += ["--server.headless", "true", "--server.port", str(self.port)]
        command += ["--server.address", "127.0.0.1"]
        command += ["--browser.gatherUsageStats", "false"]
        if shutil.which("taskset"):
            command = ["taskset", "-c", str(core), *command]
        self._out = log.open("wb")
        self.proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self._out, stderr=subprocess.STDOUT
        )
        self.peak = 0
        self._stop = threading.Event()
        self._wait_healthy()
        threading.Thread(target=self._sample, daemon=True).start()

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("the server did not start: " + self.log.read_text()[-2000:])

    def rss(self) -> int:
        try:
            with open(f"/proc/{self.proc.pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _sample(self) -> None:
        while not self._stop.wait(0.5):
            self.peak = max(self.peak, self.rss())

    def reset_peak(self) -> None:
        self.peak = self.rss()

    def run_times(self) -> list[tuple[float, str]]:
        """Each script run's wall time, and whether it read a file."""
        text = self.log.read_text(errors="replace")
        return [(float(t), kind) for t, kind in RUN_LINE.findall(text)]

    def stop(self) -> None:
        self._stop.set()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._out.close()


@dataclass
class Tally:
    """What the sessions of one run saw."""

    uploads: list[float] = field(default_factory=list)
    changes: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    refused: list[tuple[str, object]] = field(default_factory=list)
    """Sessions the server refused for want of memory, their pages left open."""


def _quantiles(values: list[float]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(ordered):.2f} s, p95 {p95:.2f} s (n={len(ordered)})"
    )


async def _settled(page: object, timeout: float = STEP_TIMEOUT) -> None:
    """Wait for a rerun to start (briefly), then for the script to finish."""
    # A fast rerun may have finished before its start is seen.
    with contextlib.suppress(Exception):
        await page.wait_for_function(f"() => !({SETTLED})()", timeout=3_000)
    await page.wait_for_function(SETTLED, timeout=timeout)


async def _problems(page: object, tally: Tally, who: str) -> None:
    if await page.locator('[data-testid="stException"]').count():
        tally.errors.append(f"{who}: exception shown")
    state = await page.locator('[data-testid="stApp"]').get_attribute(
        "data-test-connection-state"
    )
    if state != "CONNECTED":
        tally.errors.append(f"{who}: connection {state}")


async def _open(browser: object, url: str) -> object:
    context = await browser.new_context(viewport={"width": 1366, "height": 768})
    page = await context.new_page()
    page.set_default_timeout(STEP_TIMEOUT)
    await page.goto(url)
    await page.wait_for_function(
        "() => document.body.innerText.includes('Recommended niche')",
        timeout=STEP_TIMEOUT,
    )
    await _settled(page)
    return page


SHOWN = """() => {
  const words = (el) => el.innerText.replace(/\\s+/g, ' ').trim();
  const all = (sel) => [...document.querySelectorAll(sel)].map(words);
  const main = document.querySelector('[data-testid="stMain"]');
  const app = document.querySelector('[data-testid="stApp"]');
  const titles = main ? [...main.querySelectorAll('h4')].map(words) : [];
  return {
    niche: titles.find((t) => /^(Recommended niche|No niche yet)/.test(t)) || null,
    errors: main ? [...main.querySelectorAll('[data-testid="stAlertContentError"]')]
      .map(words) : [],
    warnings: all('[data-testid="stAlertContentWarning"]').length,
    exceptions: all('[data-testid="stException"]'),
    uploader: all('[data-testid="stFileUploaderFileErrorMessage"]'),
    script: app ? app.getAttribute('data-test-script-state') : null,
    connection: app ? app.getAttribute('data-test-connection-state') : null,
  };
}"""


async def _shown(page: object) -> str:
    """What the page shows, in one line: the niche (with how many error and
    warning boxes beside it, not their text: the file check and warnings
    carry amounts and names), or the text of the page's one-line error, an
    exception or the uploader's refusal (these name the file and a limit,
    never its contents), and the script and connection state if unusual."""
    try:
        seen = await page.evaluate(SHOWN)
    except Exception as exc:  # noqa: BLE001 - a closed or broken page
        return f"page unreadable ({type(exc).__name__})"
    parts = []
    if seen["niche"]:
        boxes = f"{len(seen['errors'])} error and {seen['warnings']} warning boxes"
        parts.append(f"{seen['niche']} ({boxes}, text not recorded)")
    else:
        parts += [f"error: {e}" for e in seen["errors"]]
    parts += [f"exception: {e[:200]}" for e in seen["exceptions"]]
    parts += [f"uploader: {e}" for e in seen["uploader"]]
    if not parts:
        parts.append("no niche and no message")
    if seen["script"] != "notRunning":
        parts.append(f"script {seen['script']}")
    if seen["connection"] != "CONNECTED":
        parts.append(f"connection {seen['connection']}")
    return "; ".join(parts)


ANSWERED = """([name, refused]) => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (main && main.innerText.includes(name)) return true;
  const side = document.querySelector('[data-testid="stSidebar"]');
  return Boolean(side && refused.some((words) => side.innerText.includes(words)));
}"""
REFUSED_BY_UPLOADER = ["or smaller", "too large", "File must be"]


async def _upload(page: object, path: Path) -> float:
    """Upload ``path``; seconds until the page answers about it: the page names
    it (its analysis, or a message about it), or the uploader refuses it."""
    start = time.perf_counter()
    uploader = page.locator('[data-testid="stFileUploader"]').filter(
        has_text=CLIENT_LIST
    )
    await uploader.locator('input[type="file"]').set_input_files(str(path))
    await page.wait_for_function(
        ANSWERED, arg=[path.name, REFUSED_BY_UPLOADER], timeout=STEP_TIMEOUT
    )
    await _settled(page)
    return time.perf_counter() - start


async def _change(page: object, value: int) -> float:
    field_ = page.get_by_role("spinbutton", name=SETTING)
    await field_.fill(str(value))
    start = time.perf_counter()
    await field_.press("Enter")
    await _settled(page)
    return time.perf_counter() - start


async def _session(
    browser: object,
    url: str,
    path: Path,
    changes: int,
    tally: Tally,
    who: str,
    barrier: asyncio.Barrier,
) -> None:
    """Open the page; once every session has, upload, then change a setting."""
    page, seconds, after_upload = None, None, "not uploaded"
    try:
        try:
            page = await _open(browser, url)
        finally:
            await barrier.wait()  # all upload at once: the worst case
        seconds = await _upload(page, path)
        tally.uploads.append(seconds)
        after_upload = await _shown(page)
        if not after_upload.startswith(("Recommended niche", "No niche yet")):
            tally.errors.append(f"{who}: no niche after upload")
        for k in range(changes):
            tally.changes.append(await _change(page, 11 + k))
        await _problems(page, tally, who)
    except Exception as exc:  # noqa: BLE001 - counted, the run goes on
        tally.errors.append(f"{who}: {type(exc).__name__}: {str(exc)[:120]}")
    finally:
        if page is not None:
            final = await _shown(page)
            took = "no answer" if seconds is None else f"answered in {seconds:.1f} s"
            seen = (
                after_upload
                if final == after_upload
                else f"{after_upload}; at the end: {final}"
            )
            tally.outcomes.append(f"{who} ({path.name}, {took}): {seen}")
            if BUSY in final:
                tally.refused.append((who, page))  # tried again once others close
            else:
                await page.context.close()


async def _try_again(tally: Tally) -> None:
    """Once the other sessions have closed and been released, each refused
    session presses the page's Try again button: the file it kept should now
    be analysed."""
    for who, page in tally.refused:
        try:
            # Their sessions are released once server.disconnectedSessionTTL
            # (60 s) has passed: their uploads and what their caches held go.
            await asyncio.sleep(RELEASED_AFTER)
            start = time.perf_counter()
            await page.get_by_role("button", name=RETRY).click()
            await _settled(page)
            seen = await _shown(page)
            took = time.perf_counter() - start
            tally.outcomes.append(
                f"{who}, others closed, {RETRY} ({took:.1f} s): {seen}"
            )
        except Exception as exc:  # noqa: BLE001 - counted, the run goes on
            tally.errors.append(f"{who} {RETRY}: {type(exc).__name__}: {exc!s:.120}")
        finally:
            await page.context.close()


async def _hostile(browser: object, url: str, files: list[Path], tally: Tally) -> None:
    page = None
    try:
        page = await _open(browser, url)
        for path in files:
            seconds = await _upload(page, path)
            found = [t.strip() for t in await page.locator(ERRORS).all_inner_texts()]
            uploader = page.locator('[data-testid="stSidebar"]')
            side = await uploader.inner_text()
            found += [
                line.strip()
                for line in side.splitlines()
                if any(words in line for words in REFUSED_BY_UPLOADER)
            ]
            text = " | ".join(" ".join(f.split()) for f in found if f)
            main = await page.locator('[data-testid="stMain"]').inner_text()
            if not text and "Recommended niche" in main and path.name in main:
                text = "analysed"
            tally.answers.append(f"{path.name} ({seconds:.1f} s): {text or '?'}")
            await _problems(page, tally, "hostile")
    except Exception as exc:  # noqa: BLE001
        tally.errors.append(f"hostile: {type(exc).__name__}: {str(exc)[:120]}")
    finally:
        if page is not None:
            await page.context.close()


async def _steady(
    browser: object, url: str, path: Path, stop: asyncio.Event, tally: Tally
) -> None:
    """A session that keeps changing a setting until ``stop`` (at most 400)."""
    page = None
    try:
        page = await _open(browser, url)
        await _upload(page, path)
        for k in range(400):
            if stop.is_set():
                break
            tally.changes.append(await _change(page, 11 + k % 30))
            await asyncio.sleep(0.5)
        await _problems(page, tally, "steady")
    except Exception as exc:  # noqa: BLE001
        tally.errors.append(f"steady: {type(exc).__name__}: {str(exc)[:120]}")
    finally:
        if page is not None:
            await page.context.close()


async def _together(
    server: Server,
    sessions: list[tuple[Path, str]],
    args: argparse.Namespace,
    browser: object,
    tally: Tally,
) -> int:
    """Run the sessions; the index of the server's first run after they all
    opened their page (the runs that follow are the uploads and changes)."""
    barrier = asyncio.Barrier(len(sessions) + 1)
    tasks = [
        asyncio.create_task(
            _session(browser, server.url, path, args.changes, tally, who, barrier)
        )
        for path, who in sessions
    ]
    await asyncio.wait_for(barrier.wait(), timeout=args.run_timeout)
    before = len(server.run_times())
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=args.run_timeout)
    await asyncio.wait_for(_try_again(tally), timeout=args.run_timeout)
    return before


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def _report(
    name: str, server: Server, tally: Tally, runs_before: int, idle: int, settle: float
) -> None:
    runs = server.run_times()[runs_before:]
    reads = [t for t, kind in runs if kind == "read"]
    reruns = [t for t, kind in runs if kind == "rerun"]
    peak = server.peak
    print(f"\n== {name} ({_load()} at the end)", flush=True)
    print("  seen by the browsers (all on one core: the test rig's limit):")
    print(f"    upload to answer:        {_quantiles(tally.uploads)}")
    print(f"    setting change settled:  {_quantiles(tally.changes)}")
    print("  the server's own script runs, start to end (on its own core):")
    print(f"    runs that read a file:   {_quantiles(reads)}")
    print(f"    other runs (changes):    {_quantiles(reruns)}")
    print(
        f"  errors: {len(tally.errors)}"
        + "".join(f"\n    {e}" for e in tally.errors[:10])
    )
    for answer in tally.answers:
        print(f"  answer: {answer[:220]}")
    for outcome in tally.outcomes[:30]:
        print(f"  shown: {outcome[:400]}")
    print(f"  peak RSS: {peak / 2**20:.0f} MB", flush=True)
    if settle > 0:
        time.sleep(settle)
        after = server.rss()
        print(
            f"  RSS {settle:.0f} s after the sessions closed: {after / 2**20:.0f} MB "
            f"(idle {idle / 2**20:.0f} MB, {100 * (after - idle) / idle:+.0f} %)",
            flush=True,
        )


async def _main(args: argparse.Namespace, folder: Path, server: Server) -> None:
    from playwright.async_api import async_playwright

    cores = f"server on core {args.server_core}, browsers on {args.browser_core}"
    print(f"{cores}; {_load()}")
    print(f"server RSS before any session: {server.rss() / 2**20:.0f} MB", flush=True)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            warm = await _open(browser, server.url)
            await warm.context.close()
            await asyncio.sleep(args.warm_seconds)
            idle = server.rss()
            warm_note = "warm: the sample session opened, closed and released"
            print(f"idle RSS ({warm_note}): {idle / 2**20:.0f} MB", flush=True)
            most = max(args.sessions, default=1)  # books[0]: the hostile run
            books = [
                gen.write_clients_xlsx(
                    folder / f"clients_10000_{i:02d}.xlsx", args.rows, seed=100 + i
                )
                for i in range(most)
            ]
            for n in args.sessions:
                server.reset_peak()
                tally = Tally()
                mine = [(books[i], f"s{i}") for i in range(n)]
                before = await _together(server, mine, args, browser, tally)
                _report(
                    f"{n} session(s), {args.rows:,}-client workbooks",
                    server,
                    tally,
                    before,
                    idle,
                    args.settle,
                )
            if args.mixed:
                invoices = gen.write_invoices_csv(
                    folder / "invoices_1000000.csv", 1_000_000
                )
                big = [
                    gen.write_clients_xlsx(
                        folder / f"clients_100000_{i}.xlsx", 100_000, seed=200 + i
                    )
                    for i in range(4)
                ]
                server.reset_peak()
                tally = Tally()
                mixed = [(invoices, "invoices")]
                mixed += [(p, f"big{i}") for i, p in enumerate(big)]
                before = await _together(server, mixed, args, browser, tally)
                _report(
                    "mixed: 1,000,000 invoice lines + 4 x 100,000 clients",
                    server,
                    tally,
                    before,
                    idle,
                    args.settle,
                )
            if args.hostile:
                files = [
                    hostile_files.zip_bomb(folder),
                    hostile_files.laughs(folder),
                    hostile_files.long_field_csv(folder),
                    hostile_files.just_under(folder),
                    # last: the uploader itself refuses it, and its message
                    # stays in the sidebar
                    hostile_files.big_csv(folder),
                ]
                server.reset_peak()
                before, tally, steady = len(server.run_times()), Tally(), Tally()
                stop = asyncio.Event()
                steady_job = asyncio.create_task(
                    _steady(browser, server.url, books[0], stop, steady)
                )
                await asyncio.sleep(5)
                await asyncio.wait_for(
                    _hostile(browser, server.url, files, tally),
                    timeout=args.run_timeout,
                )
                stop.set()
                await asyncio.wait_for(steady_job, timeout=120)
                tally.changes = steady.changes
                tally.errors += steady.errors
                _report(
                    "hostile uploads beside a session changing settings",
                    server,
                    tally,
                    before,
                    idle,
                    args.settle,
                )
        finally:
            await browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sessions",
        default="1,5,10,25",
        help="session counts (0: only the mixed and hostile runs)",
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=5)
    parser.add_argument("--settle", type=float, default=SETTLE_SECONDS, help="seconds")
    parser.add_argument("--warm-seconds", type=float, default=75.0)
    parser.add_argument("--run-timeout", type=float, default=900.0)
    parser.add_argument("--server-core", type=int, default=0)
    parser.add_argument("--browser-core", type=int, default=1)
    parser.add_argument("--no-mixed", dest="mixed", action="store_false")
    parser.add_argument("--no-hostile", dest="hostile", action="store_false")
    parser.add_argument(
        "--server-log", type=Path, help="keep the server's console output here"
    )
    parser.add_argument(
        "--memory-report",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="the server writes where its memory is every SECONDS "
        "(bench/memory_report.py; keep it with --server-log)",
    )
    parser.add_argument(
        "--memory-trace",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="with --memory-report: trace allocations from SECONDS after the "
        "start (slows the server many times)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="1 and 5 sessions, short waits"
    )
    args = parser.parse_args(argv)
    args.sessions = [int(n) for n in args.sessions.split(",") if int(n) > 0]
    if args.quick:
        args.sessions, args.settle, args.mixed, args.hostile = (
            [1, 5],
            75.0,
            False,
            False,
        )
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing (apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="niche-load-") as tmp:
        folder = Path(tmp)
        server = Server(
            args.server_core,
            folder / "server.log",
            args.memory_report,
            args.memory_trace,
        )
        try:
            if hasattr(os, "sched_setaffinity"):
                os.sched_setaffinity(0, {args.browser_core})  # the browsers inherit it
            asyncio.run(_main(args, folder, server))
        finally:
            server.stop()
            if args.server_log:
                shutil.copyfile(folder / "server.log", args.server_log)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
