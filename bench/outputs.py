"""Time the Excel report and the niche plan (issue 17).

Plain Python: ``python bench/outputs.py [--runs 3]``. Generates client lists of
10,000 and 200,000 clients (``bench/gen.py``), analyses each once, then times
``to_xlsx`` (10,000 and 200,000 clients) and ``plan_pdf`` (10,000 clients) in a
fresh subprocess per run, so the plan's first run pays vl-convert's start as a
user's first download does. The "+profit" rows use a list with last year's
revenue, costs and support hours, so the Profit and Change sheets and sections
(issue 18) are in the figure. Prints the median and the slowest run against the
targets: report and plan of 10,000 clients < 2 s each, report of 200,000 < 8 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import gen  # noqa: E402

TARGETS = {
    ("xlsx", 10_000, ""): 2.0,
    ("pdf", 10_000, ""): 2.0,
    ("xlsx", 200_000, ""): 8.0,
    ("xlsx", 10_000, "+profit"): 2.0,
    ("pdf", 10_000, "+profit"): 2.0,
}
CODE = """
import json, sys, time
from pathlib import Path
import niche
from niche.export.plan import plan_pdf
from niche.export.report import to_xlsx
from niche.read.limits import LARGE_LIMITS
path, kind = Path(sys.argv[1]), sys.argv[2]
# 200,000 clients is over the page's 150,000: the command line's --large-files
analysis = niche.analyze_bytes(path.read_bytes(), path.name, limits=LARGE_LIMITS)
start = time.perf_counter()
data = to_xlsx(analysis) if kind == "xlsx" else plan_pdf(analysis)
print(json.dumps({"seconds": time.perf_counter() - start, "bytes": len(data)}))
"""


def once(path: Path, kind: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", CODE, str(path), kind],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(
        f"{'output':<14}{'clients':>9}{'median s':>10}{'max s':>8}{'MB':>7}"
        f"{'target':>8}  result"
    )
    with tempfile.TemporaryDirectory() as folder:
        for (kind, n, variant), target in TARGETS.items():
            if variant:
                path = gen.write_profit_csv(Path(folder) / f"profit_{n}.csv", n)
            else:
                path = gen.write_clients_csv(Path(folder) / f"clients_{n}.csv", n)
            runs = [once(path, kind) for _ in range(args.runs)]
            seconds = [r["seconds"] for r in runs]
            median, worst = statistics.median(seconds), max(seconds)
            size = runs[0]["bytes"] / 1e6
            verdict = "PASS" if median < target else "FAIL"
            print(
                f"{kind + variant:<14}{n:>9,}{median:>10.2f}{worst:>8.2f}{size:>7.1f}"
                f"{target:>8.1f}  {verdict}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
