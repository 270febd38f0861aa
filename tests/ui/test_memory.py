"""The page's memory admission: work waits for room, is refused when there is
none, and what a script run reserved is released at its end."""

from __future__ import annotations

import threading
import time

import pytest

from niche.ui import memory
from niche.ui.memory import MB, Ledger, ServerBusyError
from niche.ui.state import Key


@pytest.fixture
def resident(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The process's resident memory as the ledger sees it (settable)."""
    now = [200 * MB]
    monkeypatch.setattr(memory, "resident", lambda: now[0])
    monkeypatch.setattr(memory, "free_memory", lambda: None)
    return now


def test_work_that_fits_is_admitted_at_once(resident: list[int]) -> None:
    ledger = Ledger(1000 * MB)
    assert ledger.reserve(300 * MB) < 0.05
    assert ledger.reserve(400 * MB) < 0.05
    assert ledger.reserved == 700 * MB
    ledger.release(300 * MB)
    assert ledger.reserved == 400 * MB


def test_work_that_does_not_fit_waits_for_other_work_to_finish(
    resident: list[int],
) -> None:
    ledger = Ledger(1000 * MB)
    ledger.reserve(500 * MB)
    threading.Timer(0.3, ledger.release, args=(500 * MB,)).start()
    waited = ledger.reserve(500 * MB, wait=10)
    assert waited >= 0.25
    assert ledger.reserved == 500 * MB


def test_no_room_and_nothing_to_wait_for_is_refused(resident: list[int]) -> None:
    resident[0] = 900 * MB  # other sessions' results fill the server
    with pytest.raises(ServerBusyError) as info:
        Ledger(1000 * MB).reserve(200 * MB)
    assert "\n" not in str(info.value)
    assert "needs about 200 MB" in str(info.value)


def test_waiting_is_bounded(resident: list[int]) -> None:
    ledger = Ledger(1000 * MB)
    ledger.reserve(700 * MB)
    start = time.monotonic()
    with pytest.raises(ServerBusyError):
        ledger.reserve(300 * MB, wait=0.3)
    assert time.monotonic() - start < 3


def test_a_script_run_releases_what_it_reserved_however_it_ends(
    resident: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = Ledger(1000 * MB)
    monkeypatch.setattr(memory, "LEDGER", ledger)
    held = []

    def run() -> None:
        with memory.script_run():
            memory.admit(300 * MB)
            held.append(ledger.reserved)
            raise RuntimeError("a rerun or a stop ends the run early")

    with pytest.raises(RuntimeError):
        run()
    assert held == [300 * MB]
    assert ledger.reserved == 0


def test_outside_a_script_run_nothing_stays_reserved(
    resident: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = Ledger(1000 * MB)
    monkeypatch.setattr(memory, "LEDGER", ledger)
    memory.admit(300 * MB)
    assert ledger.reserved == 0


def test_budget_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(memory.BUDGET_ENV, "2048")
    assert memory.budget() == 2048 * MB
    monkeypatch.setenv(memory.BUDGET_ENV, "lots")
    assert memory.budget() == memory.DEFAULT_BUDGET_MB * MB


def test_resident_memory_is_read() -> None:
    assert memory.resident() > 10 * MB


def test_an_uploaded_workbook_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sheet the page picks is the one read by default: one read per
    upload (two used to be made, and each holds the whole file), none for a
    setting change."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    import niche.session

    root = Path(__file__).resolve().parents[2]
    data = (root / "sample_data" / "clients.xlsx").read_bytes()
    reads: list[str] = []
    real = niche.session.read_table

    def counted(data: bytes, filename: str, *args: object, **kw: object) -> object:
        reads.append(filename)
        return real(data, filename, *args, **kw)

    monkeypatch.setattr(niche.session, "read_table", counted)
    at = AppTest.from_file(str(root / "app.py"), default_timeout=120).run()
    at.file_uploader(key="upload").set_value(
        ("mine.xlsx", data, "application/vnd.ms-excel")
    ).run()
    assert reads.count("mine.xlsx") == 1
    at.number_input(key="tier_low").set_value(12).run()
    assert not at.exception
    assert reads.count("mine.xlsx") == 1


def test_allocators_are_tuned_to_give_memory_back() -> None:
    """In a process of its own: Arrow's pool becomes the system allocator."""
    import subprocess
    import sys

    code = (
        "from niche.ui import memory; memory.tune_allocators(); "
        "memory.tune_allocators(); import pyarrow; "
        "print(pyarrow.default_memory_pool().backend_name)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "system"


def test_a_refused_file_says_so_and_can_be_tried_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A server short of memory refuses the upload with its one-line message
    and a Try again button; once there is room, the button reads the file."""
    from tests.ui.page_helpers import card, fresh, upload

    monkeypatch.setattr(memory, "free_memory", lambda: None)
    at = fresh().run()
    monkeypatch.setattr(memory, "LEDGER", Ledger(1 * MB))  # no room at all
    upload(at, "clients_small.csv")
    assert not at.exception
    assert len(at.error) == 1
    assert "short of memory" in at.error[0].value
    assert "Try again" in at.caption[0].value
    assert not [m for m in at.markdown if "Recommended niche" in m.value]
    monkeypatch.setattr(memory, "LEDGER", Ledger(64 * 1024 * MB))  # room again
    at.button(key=Key.RETRY).click().run()
    assert not at.exception
    assert not at.error
    assert card(at, "Recommended niche").startswith("#### Recommended niche")


@pytest.mark.parametrize("tuned", [True, False])
def test_a_threads_freed_memory_goes_back_after_tuning(tuned: bool) -> None:
    """glibc raises its trim threshold (to 32 MB) once a large block is freed,
    and malloc_trim leaves the top of a thread's heap alone: without the tuning
    a script thread that freed 24 MB of small blocks keeps them; with it, they
    go back. In a process of its own (the tuning is once per process)."""
    import subprocess
    import sys

    tune = "memory.tune_allocators()" if tuned else "pass"
    code = f"""
import threading
from niche.ui import memory
big = bytearray(16 * memory.MB); del big  # before the page runs: Streamlit's start
{tune}
before = memory.resident()
def work():
    blocks = [bytes(4000) for _ in range(6000)]
    del blocks
thread = threading.Thread(target=work); thread.start(); thread.join()
memory.free_memory()
print((memory.resident() - before) / memory.MB)
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    kept = float(done.stdout)
    assert (kept < 4) == tuned, f"{kept:.1f} MB kept"
