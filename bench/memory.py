"""The memory estimate against what a file really takes (run by hand).

``python bench/memory.py [--quick]`` generates files of several shapes (client
lists of 1,000 to 100,000 rows, invoice lines up to 1,000,000, a wide file, a
file of long cells, a workbook of 150,000 clients), and for each, in a fresh
subprocess, measures the peak resident memory of reading, cleaning and
analysing it (``niche.analyze_bytes``, sampled every 5 ms, over the process's
own after imports and after the file's bytes are loaded) beside the estimate
``niche.read.limits`` makes before parsing. The estimate must stay above the
measured peak (column "est/peak" over 1.0) for the page's limits to hold.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import gen  # noqa: E402

CHILD = r"""
import json, sys, threading, time
from pathlib import Path
import niche
from niche.read.limits import LARGE_LIMITS, MB
import niche.read.limits as L

def rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) * 1024

path = Path(sys.argv[1])
data = path.read_bytes()
seen = {}
def admit(estimate):
    seen["estimate"] = estimate
# the estimate for the page's limits, whatever the file
need_limits = L.Limits(**{**L.DEFAULT_LIMITS.__dict__, "max_memory": 1 << 62,
    "max_bytes": 1 << 62, "max_unpacked_bytes": 1 << 62, "max_cells": 1 << 62,
    "max_field_chars": 1 << 62})
niche.read_table(data, path.name, limits=need_limits, admit=admit)
import gc; gc.collect()
base = rss()
peak = [base]
done = False
def sample():
    while not done:
        peak[0] = max(peak[0], rss())
        time.sleep(0.005)
threading.Thread(target=sample, daemon=True).start()
start = time.perf_counter()
error = None
try:
    niche.analyze_bytes(data, path.name, limits=LARGE_LIMITS)
except niche.NicheError as err:
    error = str(err)
seconds = time.perf_counter() - start
time.sleep(0.02)
done = True
print(json.dumps({"estimate": seen.get("estimate", 0), "peak": peak[0] - base,
                  "seconds": seconds, "error": error}))
"""


def _files(folder: Path, quick: bool) -> list[Path]:
    sizes = (1_000, 10_000) if quick else (1_000, 10_000, 100_000, 150_000)
    made = []
    for n in sizes:
        made.append(gen.write_clients_xlsx(folder / f"clients_{n}.xlsx", n))
        made.append(gen.write_clients_csv(folder / f"clients_{n}.csv", n))
    for n in (100_000,) if quick else (100_000, 1_000_000):
        made.append(gen.write_invoices_csv(folder / f"invoices_{n}.csv", n))
    wide = folder / "wide_1000x2000.csv"
    header = ",".join(["Client", "Revenue", *(f"c{i}" for i in range(998))])
    rows = (f"Client {r}," + str(r + 1) + ",1" * 998 for r in range(2_000))
    wide.write_text(header + "\n" + "\n".join(rows) + "\n")
    made.append(wide)
    long_cells = folder / "long_cells.csv"
    note = "x" * 30_000
    long_cells.write_text(
        "Client,Revenue,Notes\n"
        + "".join(f"Client {r},{r + 1},{note}\n" for r in range(2_000))
    )
    made.append(long_cells)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small files only")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        files = _files(Path(tmp), args.quick)
        print(
            f"{'file':28} {'MB':>6} {'estimate MB':>12} {'peak MB':>8} "
            f"{'est/peak':>8} {'s':>6}"
        )
        worst = float("inf")
        for path in files:
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(path)],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=True,
                timeout=600,
            ).stdout
            got = json.loads(out.strip().splitlines()[-1])
            ratio = got["estimate"] / max(got["peak"], 1)
            worst = min(worst, ratio)
            print(
                f"{path.name:28} {path.stat().st_size / 2**20:6.1f} "
                f"{got['estimate'] / 2**20:12.0f} {got['peak'] / 2**20:8.0f} "
                f"{ratio:8.2f} {got['seconds']:6.2f}"
                + (f"  ({got['error']})" if got["error"] else "")
            )
        print(f"lowest est/peak: {worst:.2f} (must stay above 1.0)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
