"""Snapshot `python -m niche analyze FILE --json` for every test, sample and
real-export file, and compare two snapshots (used to check that a refactor
changes no answer).

    python bench/contract_snapshot.py write /tmp/before
    ... change the code ...
    python bench/contract_snapshot.py compare /tmp/before

A file that cannot be analysed is recorded with its exit code and message.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from niche.cli import main  # noqa: E402

PATTERNS = ("*.csv", "*.xlsx", "*.xlsm", "*.xls", "*.ods")


def files() -> list[Path]:
    roots = [
        ROOT / "tests" / "data",
        ROOT / "sample_data",
        ROOT.parent / "shared" / "real-exports",
    ]
    found = []
    for root in roots:
        for pattern in PATTERNS:
            found += root.rglob(pattern)
    return sorted(set(found))


def run(path: Path) -> dict:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["analyze", str(path), "--json"])
        except SystemExit as exc:  # argparse
            code = exc.code
        except Exception as exc:  # a bug: recorded, so that a fix shows as a change
            return {"exit": "crash", "stderr": f"{type(exc).__name__}: {exc}"}
    if code == 0:
        result = json.loads(out.getvalue())
        result["source"]["file"] = path.name
        return {"exit": 0, "json": result}
    return {"exit": code, "stderr": err.getvalue().strip()}


def key(path: Path) -> str:
    return str(path.relative_to(ROOT.parent))


def write(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    snapshot = {key(p): run(p) for p in files()}
    (target / "snapshot.json").write_text(
        json.dumps(snapshot, indent=1, sort_keys=True)
    )
    print(f"{len(snapshot)} files written to {target / 'snapshot.json'}")


def changed(before: object, now: object, where: str = "") -> list[str]:
    """Paths whose value changed; keys only one side has are additions (or
    removals), reported apart with --strict only."""
    if isinstance(before, dict) and isinstance(now, dict):
        out = []
        for key in before.keys() & now.keys():
            out += changed(before[key], now[key], f"{where}.{key}")
        return out
    if isinstance(before, list) and isinstance(now, list) and len(before) == len(now):
        out = []
        for i, (a, b) in enumerate(zip(before, now, strict=True)):
            out += changed(a, b, f"{where}[{i}]")
        return out
    return [] if before == now else [where]


def compare(target: Path) -> int:
    before = json.loads((target / "snapshot.json").read_text())
    now = {key(p): run(p) for p in files()}
    differ = 0
    for name in sorted(set(before) | set(now)):
        a, b = before.get(name), now.get(name)
        if a != b:
            differ += 1
            print(f"DIFFERS: {name}")
            if a and b and a.get("exit") == b.get("exit") == 0:
                paths = changed(a["json"], b["json"])
                if not paths:
                    differ -= 1  # only keys added
                    print("    (keys added only)")
                for path in paths[:12]:
                    print(f"    {path}")
            else:
                print(f"    before: {a and (a.get('exit'), a.get('stderr'))}")
                print(f"    now:    {b and (b.get('exit'), b.get('stderr'))}")
    print(f"{len(now)} files, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    verb, folder = sys.argv[1], Path(sys.argv[2])
    sys.exit(write(folder) if verb == "write" else compare(folder))
