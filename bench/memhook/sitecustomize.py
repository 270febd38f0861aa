"""Loaded by Python at start-up when ``bench/load.py --memory-report`` puts
this folder on the server's ``PYTHONPATH``: starts the memory report."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1]))

import memory_report  # noqa: E402

memory_report.start()
