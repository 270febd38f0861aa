"""Helpers of the core tests: small real files, bytes in, Analysis out.

A module of its own, not conftest.py: tests/e2e has a conftest.py too, and pytest
puts whichever conftest it loaded last under the name ``conftest``.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import niche
from niche import Analysis

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"
RULES_DIR = DATA_DIR / "rules"
SAMPLE_DIR = ROOT / "sample_data"


def real_exports_dir() -> Path | None:
    """``shared/real-exports`` beside the checkout, or beside the folder that holds
    it (a worktree); ``None`` where it is absent (a CI clone of the repository)."""
    for parent in ROOT.parents:
        candidate = parent / "shared" / "real-exports"
        if candidate.is_dir():
            return candidate
    return None


def run_bytes(data: bytes, name: str = "clients.csv", **kw: object) -> Analysis:
    """Analyse bytes as if uploaded under ``name`` (keywords go to analyze_bytes)."""
    return niche.analyze_bytes(data, name, **kw)  # type: ignore[arg-type]


def run_file(path: Path, **kw: object) -> Analysis:
    """Analyse a file on disk."""
    return run_bytes(path.read_bytes(), path.name, **kw)


def csv_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    """Rows to CSV bytes (UTF-8, ``\\n`` line ends)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: Sequence[Sequence[object]], title: str = "Clients") -> bytes:
    """Rows to an xlsx workbook in memory (openpyxl); ``None`` leaves a cell empty."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_to_xlsx(path: Path) -> bytes:
    """A CSV file of tests/data as a workbook: numbers stay numbers, blanks empty."""
    text = path.read_text(encoding="utf-8")
    rows = []
    for record in csv.reader(io.StringIO(text)):
        cells: list[object] = []
        for cell in record:
            try:
                cells.append(float(cell) if cell.strip() else None)
            except ValueError:
                cells.append(cell)
        rows.append(cells)
    return xlsx_bytes(rows)


def cli(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run ``python -m niche ARGS`` in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "niche", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def by_name(analysis: Analysis) -> dict[str, dict[str, object]]:
    """Client records keyed by display name."""
    return {r["client"]: r for r in analysis.clients.to_dict("records")}
