"""The server's memory: admission of large files, and release when a session ends.

A free Community Cloud app has about 1 GB for everyone using it. Each file is
estimated before it is parsed (``niche.read.limits``); here, the page:

- **admits** a file's work only while the process has room for its estimate
  (:func:`admit`): the resident memory now, plus what files already being read
  have reserved, plus this one, must stay under the budget. A file that does
  not fit waits (at most :data:`WAIT_SECONDS`) for other files to finish, then
  is refused with a one-line message. The reservation lasts until the end of
  the script run (:func:`script_run`), which covers reading, cleaning and
  analysing.
- **releases** a session's memory when it ends (:func:`watch_session`):
  Streamlit drops a session's cached results when its tab disconnects, but
  keeps the session itself (its state and its uploaded bytes) until another
  session happens to touch its storage. Just before
  ``server.disconnectedSessionTTL`` has passed without a reconnect, the
  session is closed here, through Streamlit's own ``Runtime.close_session``,
  and freed memory is handed back to the operating system (:func:`free_memory`).

``NICHE_MEMORY_MB`` sets the budget (default 1024) for other hosts.
``NICHE_RUN_TIMES=1`` logs each script run's duration, whether it read a file,
and any wait on the server console (never client data): ``bench/load.py``
reads them.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import logging
import os
import threading
import time
from collections.abc import Iterator

import streamlit as st
from streamlit import config
from streamlit.runtime import Runtime
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.scriptrunner import get_script_run_ctx

from niche.errors import NicheError

MB = 1024 * 1024
BUDGET_ENV = "NICHE_MEMORY_MB"
DEFAULT_BUDGET_MB = 1024
USABLE = 0.9
"""Of the budget, what admitted work may fill; the rest is for drawing pages."""
WAIT_SECONDS = 60.0
TIMES_ENV = "NICHE_RUN_TIMES"

LOG = logging.getLogger("niche.ui.memory")
if os.environ.get(TIMES_ENV) == "1":
    LOG.addHandler(logging.StreamHandler())
    LOG.setLevel(logging.INFO)
    LOG.propagate = False


class ServerBusyError(NicheError):
    """The server has no room for this file's work right now."""


def budget() -> int:
    """The process's memory budget in bytes (``NICHE_MEMORY_MB``, else 1 GB)."""
    try:
        return int(os.environ.get(BUDGET_ENV, DEFAULT_BUDGET_MB)) * MB
    except ValueError:
        return DEFAULT_BUDGET_MB * MB


def resident() -> int:
    """The process's resident memory in bytes (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


M_TRIM_THRESHOLD = -1  # glibc's mallopt parameters
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 64 * 1024
TRIM_THRESHOLD = 128 * 1024
_TUNED = threading.Event()


def tune_allocators() -> None:
    """Have freed memory go back to the operating system (once per process).

    Measured with 5 sessions of 10,000 clients, closed and released: the server
    kept 59 % over its idle memory with the defaults, 17 % with the first two of
    these; with 10 sessions, 49 % with those two and 30 % with all three
    (``bench/README.md``).

    - Arrow (pandas' text columns) allocates through glibc instead of its own
      mimalloc pool, whose per-thread heaps kept what Streamlit's script
      threads had freed;
    - glibc serves blocks of 64 KB and more (column buffers) from their own
      mappings, returned whole when freed, instead of from heaps that
      fragment (its default threshold grows to 32 MB as blocks are freed);
    - and gives back the free top of a thread's heap beyond 128 KB as soon as
      it is freed: freeing a large block (Streamlit's start does) raises that
      threshold to 32 MB per heap, and ``malloc_trim`` leaves the tops of
      thread heaps alone, so each of the 16 heaps Streamlit's script threads
      use could keep tens of MB.
    """
    if _TUNED.is_set():
        return
    _TUNED.set()
    with contextlib.suppress(Exception):
        import pyarrow

        pyarrow.set_memory_pool(pyarrow.system_memory_pool())
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)


def free_memory() -> None:
    """Collect garbage and hand free memory back to the operating system:
    Arrow's pool and glibc's heap otherwise keep what was freed."""
    gc.collect()
    with contextlib.suppress(Exception):
        import pyarrow

        pyarrow.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class Ledger:
    """Memory reserved by the files being read now, across sessions."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.reserved = 0
        self._changed = threading.Condition()

    def reserve(self, need: int, wait: float = WAIT_SECONDS) -> float:
        """Wait until ``need`` bytes fit, then reserve them.

        Returns
        -------
        float
            Seconds waited.

        Raises
        ------
        ServerBusyError
            Still no room after ``wait`` seconds (or none possible: nothing
            else is being read and the memory in use leaves too little).
        """
        start = time.monotonic()
        with self._changed:
            freed = False
            while resident() + self.reserved + need > self.limit:
                if self.reserved == 0:
                    if freed:
                        raise self._busy(need)
                    free_memory()
                    freed = True
                    continue
                left = start + wait - time.monotonic()
                if left <= 0:
                    raise self._busy(need)
                self._changed.wait(min(left, 1.0))
            self.reserved += need
        return time.monotonic() - start

    def release(self, need: int) -> None:
        with self._changed:
            self.reserved = max(self.reserved - need, 0)
            self._changed.notify_all()

    def _busy(self, need: int) -> ServerBusyError:
        return ServerBusyError(
            f"The server is short of memory right now (this file needs about "
            f"{need / MB:,.0f} MB while other people's files are open): try again "
            "in a few minutes."
        )


LEDGER = Ledger(int(budget() * USABLE))
_RUN = threading.local()


def admit(need: int) -> None:
    """Reserve ``need`` bytes for this script run's work (waits while the
    server is full; see :class:`Ledger`)."""
    start = time.monotonic()
    try:
        waited = LEDGER.reserve(need)
    except ServerBusyError:
        LOG.info("niche refused after %.3f s", time.monotonic() - start)
        raise
    _RUN.held = getattr(_RUN, "held", 0) + need
    _RUN.reads = getattr(_RUN, "reads", 0) + 1
    if waited > 0.05:
        LOG.info("niche wait %.3f s", waited)
    if getattr(_RUN, "open", False) is False:  # outside a script run: at once
        LEDGER.release(_RUN.held)
        _RUN.held = 0


@contextlib.contextmanager
def script_run() -> Iterator[None]:
    """One run of the page: what it reserved is released at its end, however
    it ends (a rerun, a stop, an error); its duration is logged on request."""
    _RUN.open, _RUN.held, _RUN.reads = True, 0, 0
    start = time.perf_counter()
    try:
        yield
    finally:
        LEDGER.release(_RUN.held)
        kind = "read" if _RUN.reads else "rerun"
        _RUN.open, _RUN.held = False, 0
        LOG.info("niche run %.3f s %s", time.perf_counter() - start, kind)


# --------------------------------------------------------------- Session end


def _grace() -> float:
    """Seconds before a disconnected session is closed: a little under
    ``server.disconnectedSessionTTL``, while Streamlit's storage still holds
    it (an expired entry can no longer be found there to be removed, and it
    lingers, session and all, until another session writes to the storage)."""
    ttl = float(config.get_option("server.disconnectedSessionTTL"))
    return max(ttl - 5.0, ttl / 2)


def _close_if_gone(session: AppSession) -> None:
    """On the event loop, once the grace period is over: unless its tab came
    back, close the session and drop what it holds.

    ``Runtime.close_session`` removes it from Streamlit's reconnect storage, if
    still there (the storage forgets expired entries without shutting them
    down); ``shutdown`` (a no-op the second time) removes its uploaded files;
    clearing its state drops the widget values that still reference the
    uploads' bytes. Nothing here runs for a session that reconnected."""
    runtime = Runtime.instance()
    if runtime.is_active_session(session.id):
        return
    runtime.close_session(session.id)
    session.shutdown()
    session.session_state.clear()
    threading.Thread(target=free_memory, name="niche-free", daemon=True).start()


def _session_ended(session_id: str) -> None:
    """Called by Streamlit when the session's caches are cleared: on the event
    loop when its tab disconnects (the session is still known then)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # not a disconnect (caches cleared in a script run)
        return
    session = Runtime.instance().get_app_session(session_id)
    threading.Thread(target=free_memory, name="niche-free", daemon=True).start()
    if session is not None:
        loop.call_later(_grace(), _close_if_gone, session)


@st.cache_resource(scope="session", on_release=_session_ended, show_spinner=False)
def _guard(session_id: str) -> str:
    return session_id


def watch_session() -> None:
    """Have this session closed, and its memory released, once its tab has
    been gone for ``server.disconnectedSessionTTL`` seconds."""
    ctx = get_script_run_ctx()
    if ctx is not None:
        _guard(ctx.session_id)
