"""Privacy: a whole analysis, report and JSON export write nothing to disk and log
no client name or amount.

The working folder and the temp folder are fresh and watched; any attempt to
open a file for writing (``open``, ``os.open``, ``tempfile``) fails the test.
"""

from __future__ import annotations

import builtins
import io
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import niche
from niche.export.contract import to_dict
from niche.export.summary import summary_text

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = [ROOT / "sample_data" / "clients.xlsx", ROOT / "sample_data" / "clients.csv"]
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


class DiskWrite(AssertionError):
    """Raised by the guards: something tried to write a file."""


@pytest.fixture
def no_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fresh, watched working and temp folders; writing a file raises DiskWrite."""
    work, temp = tmp_path / "work", tmp_path / "temp"
    work.mkdir()
    temp.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    attempts: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def guarded_open(
        file: object, mode: str = "r", *args: object, **kw: object
    ) -> object:
        if any(flag in mode for flag in "wax+"):
            attempts.append(f"open({file!r}, {mode!r})")
            raise DiskWrite(attempts[-1])
        return real_open(file, mode, *args, **kw)  # type: ignore[call-overload]

    def guarded_os_open(path: object, flags: int, *args: object, **kw: object) -> int:
        if flags & WRITE_FLAGS:
            attempts.append(f"os.open({path!r}, {flags:#x})")
            raise DiskWrite(attempts[-1])
        return real_os_open(path, flags, *args, **kw)  # type: ignore[arg-type]

    def refuse(name: str) -> object:
        def _refuse(*args: object, **kw: object) -> object:
            attempts.append(f"tempfile.{name}")
            raise DiskWrite(attempts[-1])

        return _refuse

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    # openpyxl binds NamedTemporaryFile at import: import it first, patch both.
    import openpyxl.worksheet._writer as openpyxl_writer

    for name in ("mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryFile"):
        monkeypatch.setattr(tempfile, name, refuse(name))
    monkeypatch.setattr(
        openpyxl_writer, "NamedTemporaryFile", refuse("NamedTemporaryFile")
    )
    yield attempts
    assert os.listdir(work) == []
    assert os.listdir(temp) == []


def test_guard_catches_a_write(no_writes: list[str]) -> None:
    with pytest.raises(DiskWrite):
        open("x.txt", "w")  # noqa: SIM115
    with pytest.raises(DiskWrite):
        tempfile.NamedTemporaryFile()  # noqa: SIM115
    no_writes.clear()


def _run_everything(data: bytes, name: str, *, excel: bool = False) -> niche.Analysis:
    analysis = niche.analyze_bytes(data, name)
    json.dumps(to_dict(analysis))
    summary_text(analysis)
    try:
        from niche.export import report
    except ImportError:  # pragma: no cover - before the report lands
        return analysis
    assert report.to_csv(analysis)
    if excel:
        assert report.to_xlsx(analysis)[:2] == b"PK"
    return analysis


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_whole_run_writes_nothing(sample: Path, no_writes: list[str]) -> None:
    data = sample.read_bytes()
    analysis = _run_everything(data, sample.name)
    assert analysis.recommendation.niche
    assert no_writes == []


def test_excel_report_writes_nothing(no_writes: list[str]) -> None:
    data = SAMPLES[0].read_bytes()
    _run_everything(data, SAMPLES[0].name, excel=True)
    assert no_writes == []


def _secrets(analysis: niche.Analysis) -> set[str]:
    """Client names and amounts as they could appear in a log line."""
    found = {str(name) for name in analysis.clients["client"] if len(str(name)) > 3}
    for column in ("annual_revenue", "monthly_revenue", "gross_profit", "cost"):
        for value in analysis.clients[column].dropna():
            if abs(value) >= 1000:
                found |= {f"{value:.0f}", f"{value:,.0f}", f"{value:,.2f}", repr(value)}
    return found


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_no_client_name_or_amount_is_logged(
    sample: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("niche", ""):
        caplog.set_level(logging.DEBUG, logger=name)
    analysis = _run_everything(sample.read_bytes(), sample.name, excel=True)
    secrets = _secrets(analysis)
    assert len(secrets) > 50
    for record in caplog.records:
        text = record.getMessage()
        leaked = [s for s in secrets if s in text]
        assert not leaked, (record.name, text)
