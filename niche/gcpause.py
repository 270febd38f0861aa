"""Pause the garbage collector while many containers are built that all stay
alive (calamine's row lists, one tuple per client, the JSON records): the
collector would walk them again and again and free nothing."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc() -> Iterator[None]:
    """No collection passes inside the block (the collector's state is restored)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
