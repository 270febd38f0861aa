"""Where the load test's server keeps its memory: a report on its console.

``python bench/load.py --memory-report SECONDS`` starts the server with
``bench/memhook`` on its ``PYTHONPATH``; that folder's ``sitecustomize`` calls
:func:`start`, which writes :func:`report` to the server's console every
SECONDS: resident memory by kind of mapping (``/proc/self/smaps``), glibc's
heaps and what they hold free (``malloc_info``), Python's own allocator
(``sys._debugmallocstats``: arenas, pools, blocks per size class), the most
numerous Python object types, threads, and the bytes Streamlit's caches,
uploaded files and media hold. ``--memory-trace SECONDS`` also starts
``tracemalloc`` that many seconds after the server (after the warm-up) and adds
where the allocations made since then and still alive were made (file:line).
Counts, sizes and source lines only: no object's content, so no client data.
The app itself knows nothing of this (nothing under ``niche/``).
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import gc
import os
import re
import sys
import threading
import time
from collections.abc import Iterable

DEBUG_ENV = "NICHE_MEMORY_DEBUG"
TRACE_ENV = "NICHE_MEMORY_TRACE"
MB = 1024 * 1024
LOG_PREFIX = "niche mem"
_STARTED = threading.Event()


def mappings(smaps: Iterable[str]) -> dict[str, int]:
    """Resident bytes of a ``/proc/PID/smaps`` text by kind of mapping: the
    main ``[heap]``, anonymous mappings of 64 MB reservations (glibc's
    per-thread heaps), other anonymous mappings (mmapped blocks, Arrow,
    thread stacks) and file-backed ones (code, fonts)."""
    kinds: collections.Counter[str] = collections.Counter()
    kind = ""
    for line in smaps:
        head = line.split()
        if not head:
            continue
        if re.fullmatch(r"[0-9a-f]+-[0-9a-f]+", head[0]):
            start = int(head[0].split("-")[0], 16)
            name = head[5] if len(head) > 5 else ""
            if name == "[heap]":
                kind = "heap"
            elif name.startswith("/"):
                kind = "files"
            elif name:
                kind = "other"
            elif start % (64 * MB) == 0:  # a thread's heap is aligned to its size
                kind = "arenas"
            else:
                kind = "anon"
        elif head[0] == "Rss:":
            kinds[kind] += int(head[1]) * 1024
    return dict(kinds)


def arenas_free(xml: str) -> tuple[int, int, int]:
    """From glibc's ``malloc_info``: the heaps' number, their size from the
    system, and how much of it is free (totals over every heap)."""
    heaps = len(re.findall(r"<heap nr=", xml))
    tail = xml.rsplit("</heap>", 1)[-1]
    system = re.search(r'<system type="current" size="(\d+)"', tail)
    free = [
        int(n) for n in re.findall(r'<total type="(?:fast|rest)" .*?size="(\d+)"', tail)
    ]
    return heaps, int(system.group(1)) if system else 0, sum(free)


def _malloc_info() -> str:
    """glibc's ``malloc_info`` XML, through an in-memory file."""
    libc = ctypes.CDLL("libc.so.6")
    libc.fdopen.restype = ctypes.c_void_p
    fd = os.memfd_create("niche-malloc-info")
    try:
        stream = libc.fdopen(os.dup(fd), b"w")
        libc.malloc_info(0, ctypes.c_void_p(stream))
        libc.fclose(ctypes.c_void_p(stream))
        os.lseek(fd, 0, os.SEEK_SET)
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks).decode("ascii", "replace")
    finally:
        os.close(fd)


def _types(top: int) -> str:
    counts = collections.Counter(type(o).__name__ for o in gc.get_objects())
    most = ", ".join(f"{name} {n}" for name, n in counts.most_common(top))
    return f"{sum(counts.values())} objects tracked: {most}"


def _streamlit() -> str:
    from streamlit.runtime import Runtime  # noqa: TID251 - the server it runs in
    from streamlit.runtime.stats import CacheStat  # noqa: TID251

    if not Runtime.exists():
        return "no runtime"
    runtime = Runtime.instance()
    sizes: collections.Counter[str] = collections.Counter()
    for stats in runtime.stats_mgr.get_stats().values():
        for stat in stats:
            if isinstance(stat, CacheStat):
                sizes[stat.category_name] += stat.byte_length
    held = ", ".join(f"{k} {v / MB:.1f} MB" for k, v in sizes.most_common(8))
    return f"sessions {len(runtime._session_mgr.list_sessions())}; {held}"


def report(top: int = 12) -> str:
    """Where the memory is now, in a few lines (no client data)."""
    lines = []
    with open("/proc/self/smaps") as smaps:
        kinds = mappings(smaps)
    total = sum(kinds.values())
    lines.append(
        f"{LOG_PREFIX} rss {total / MB:.0f} MB: "
        + ", ".join(f"{k} {v / MB:.0f}" for k, v in sorted(kinds.items()))
    )
    with contextlib.suppress(Exception):
        heaps, system, free = arenas_free(_malloc_info())
        lines.append(
            f"{LOG_PREFIX} malloc: {heaps} heaps, {system / MB:.0f} MB from the "
            f"system, {free / MB:.0f} MB of it free"
        )
    with contextlib.suppress(Exception):
        import pyarrow

        lines.append(
            f"{LOG_PREFIX} arrow {pyarrow.total_allocated_bytes() / MB:.1f} MB"
        )
    lines.append(f"{LOG_PREFIX} {_types(top)}")
    names = collections.Counter(
        re.sub(r"[-_ ]?\d+.*$", "", t.name) for t in threading.enumerate()
    )
    lines.append(f"{LOG_PREFIX} threads {dict(names)}")
    with contextlib.suppress(Exception):
        lines.append(f"{LOG_PREFIX} streamlit {_streamlit()}")
    return "\n".join(lines)


def _traced(top: int = 25) -> str:
    """Where the allocations made since tracing began, still alive, were made."""
    import tracemalloc

    if not tracemalloc.is_tracing():
        return ""
    stats = tracemalloc.take_snapshot().statistics("traceback")
    total = sum(s.size for s in stats)
    lines = [f"{LOG_PREFIX} trace: {total / MB:.1f} MB alive since tracing began"]
    for stat in stats[:top]:
        frames = " < ".join(
            f"{f.filename.rsplit('site-packages/', 1)[-1]}:{f.lineno}"
            for f in stat.traceback
        )
        lines.append(
            f"{LOG_PREFIX} trace {stat.size / 1024:.0f} KB n={stat.count} {frames}"
        )
    return "\n".join(lines)


def _write() -> None:
    sys.stderr.write(report() + "\n")
    with contextlib.suppress(Exception):
        if traced := _traced():
            sys.stderr.write(traced + "\n")
    sys.stderr.flush()
    sys._debugmallocstats()  # Python's arenas and pools, to stderr


def _seconds(name: str) -> float:
    try:
        return max(float(os.environ.get(name, "0")), 0.0)
    except ValueError:
        return 0.0


def start() -> None:
    """Report every ``NICHE_MEMORY_DEBUG`` seconds; trace allocations from
    ``NICHE_MEMORY_TRACE`` seconds on (once per process; off when unset)."""
    seconds, trace = _seconds(DEBUG_ENV), _seconds(TRACE_ENV)
    if seconds <= 0 or _STARTED.is_set():
        return
    _STARTED.set()

    def loop() -> None:
        began = time.monotonic()
        while True:
            threading.Event().wait(seconds)
            if trace and time.monotonic() - began >= trace:
                import tracemalloc

                if not tracemalloc.is_tracing():
                    tracemalloc.start(6)
            with contextlib.suppress(Exception):
                _write()

    threading.Thread(target=loop, name="niche-memreport", daemon=True).start()
