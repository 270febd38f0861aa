"""Fuzz: random bytes and damaged real files never crash or hang the reader.

Every case must end in an analysis or a typed :class:`niche.NicheError` with a
one-line message. The cases run in one child process so that a hang inside the
Rust reader (which no signal can interrupt) fails the test by the timeout instead
of hanging the suite, and so that a Rust panic (a BaseException) is seen as such.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"
REAL = ROOT.parent / "shared" / "real-exports"
EXTENSIONS = ("csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods")
CHILD = r"""
import json, sys
from niche import NicheError, analyze_bytes
out = []
for path, name in json.loads(sys.stdin.read()):
    data = open(path, "rb").read()
    try:
        analyze_bytes(data, name)
        out.append([name, "ok", ""])
    except NicheError as err:
        out.append([name, "error", str(err)])
    except BaseException as exc:  # noqa: BLE001 - report panics and bugs alike
        out.append([name, "crash", f"{type(exc).__name__}: {exc}"])
print(json.dumps(out))
"""


def _sources() -> list[Path]:
    files = [
        p
        for p in sorted(CORPUS.iterdir())
        if p.suffix.lstrip(".") in EXTENSIONS and p.stat().st_size > 0
    ]
    if REAL.is_dir():
        files += sorted(p for p in REAL.iterdir() if p.suffix in (".csv", ".xlsx"))
    files.append(ROOT / "sample_data" / "clients.xlsx")
    return files


def _cases(tmp: Path) -> list[tuple[str, str]]:
    rng = random.Random(20261127)
    cases = []

    def add(data: bytes, name: str) -> None:
        path = tmp / f"case{len(cases)}"
        path.write_bytes(data)
        cases.append((str(path), name))

    for ext in EXTENSIONS:
        for size in (1, 7, 300, 5000):
            add(rng.randbytes(size), f"random.{ext}")
        add(b"PK\x03\x04" + rng.randbytes(2000), f"fake_zip.{ext}")
        add(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(2000), f"fake_ole.{ext}"
        )
    for source in _sources():
        data = source.read_bytes()
        ext = source.suffix.lstrip(".")
        for fraction in (0.1, 0.5, 0.9):
            add(data[: int(len(data) * fraction)], f"truncated.{ext}")
        flipped = bytearray(data)
        for _ in range(max(1, len(data) // 200)):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        add(bytes(flipped), f"flipped.{ext}")
        other = "csv" if ext != "csv" else "xlsx"
        add(data, f"renamed.{other}")
    return cases


def test_random_and_damaged_files_give_a_result_or_a_typed_error(tmp_path: Path):
    cases = _cases(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    assert len(results) == len(cases)
    crashes = [r for r in results if r[1] == "crash"]
    assert crashes == []
    for name, outcome, message in results:
        if outcome == "error":
            assert message.strip(), name
            assert "\n" not in message, name
            assert "Traceback" not in message, name
    # The renamed real files still read: the bytes decide, not the extension.
    renamed = [r for r in results if r[0].startswith("renamed.")]
    assert sum(r[1] == "ok" for r in renamed) >= len(renamed) // 2
