"""Python's arenas after several page sessions, in one process (run by hand).

``python bench/arenas.py [--sessions 10] [--rows 10000]``: a quick stand-in for
the load test's "memory two minutes after the sessions close" (issue 19). It
runs ``app.py`` in Streamlit's AppTest: first one session on the sample (the
warm-up, as the load test's "idle"), then N sessions at once, each in its own
thread, uploading its own generated workbook and changing the micro-tier
threshold five times; then it drops every session and the caches, as the
server does when the tabs close. It prints, at idle, while the N sessions are
open and after they are gone: CPython's 1 MB arenas (``sys._debugmallocstats``),
the live small blocks (``sys.getallocatedblocks``) and the resident memory.
Streamlit warns on stderr that AppTest's threads have no script context:
``2>/dev/null`` hides that.

CPython 3.11 gives an arena back only when every object in it is gone, so the
arenas the sessions needed stay when a few objects made meanwhile are still
alive; a session that keeps fewer Python objects (Arrow columns instead of a
Python value per cell or per client) leaves fewer behind. A minute, where the
load test takes ten; it does not replace it (no server, no browsers).
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import gen  # noqa: E402

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def arenas() -> int:
    """CPython's arenas in use (its debug statistics go to stderr)."""
    with tempfile.TemporaryFile() as out:
        saved = os.dup(2)
        try:
            os.dup2(out.fileno(), 2)
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read().decode()
    found = re.search(r"# arenas allocated current\s*=\s*([\d,]+)", text)
    return int(found.group(1).replace(",", "")) if found else -1


def resident_mb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024
    return 0


def _session(app: Path, name: str, data: bytes, changes: int) -> object:
    from streamlit.testing.v1 import AppTest  # noqa: TID251

    at = AppTest.from_file(str(app), default_timeout=300)
    at.run()
    at.file_uploader(key="upload").set_value((name, data, XLSX)).run()
    for i in range(changes):
        at.number_input(key="tier_low").set_value(11 + i).run()
    if at.exception:
        raise RuntimeError(str(at.exception[0].value))
    return at


def _release() -> None:
    import streamlit as st  # noqa: TID251

    from niche.ui.memory import free_memory

    st.cache_resource.clear()
    st.cache_data.clear()
    gc.collect()
    free_memory()
    gc.collect()


def _line(when: str) -> str:
    return (
        f"{when:<22} arenas {arenas():4d}  blocks {sys.getallocatedblocks():9,d}  "
        f"RSS {resident_mb():4d} MB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args(argv)
    from niche.ui.memory import tune_allocators

    tune_allocators()  # as the page does on its first run
    app = ROOT / "app.py"
    with tempfile.TemporaryDirectory(prefix="niche-arenas-") as tmp:
        files = [
            gen.write_clients_xlsx(
                Path(tmp) / f"clients_{i:02d}.xlsx", args.rows, seed=100 + i
            ).read_bytes()
            for i in range(args.sessions)
        ]
    sample = (ROOT / "sample_data" / "clients.xlsx").read_bytes()
    _session(app, "clients.xlsx", sample, 1)
    _release()
    print(_line("idle (after warm-up)"))
    sessions: list[object] = [None] * args.sessions

    def one(i: int) -> None:
        sessions[i] = _session(app, f"clients_{i:02d}.xlsx", files[i], 5)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(files))]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    gc.collect()
    seconds = time.perf_counter() - start
    print(_line(f"{args.sessions} sessions open") + f"  ({seconds:.0f} s)")
    sessions.clear()
    threads.clear()
    _release()
    print(_line("after they closed"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
