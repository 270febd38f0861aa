"""Script time of a page rerun after a settings change (issue 7 target: < 300 ms).

``python bench/page.py [--rows 10000] [--runs 5]``: loads a generated client list
through the uploader (key ``"upload"``) of ``app.py`` in Streamlit's AppTest, then
times reruns after changing the tier threshold (number_input key ``"tier_low"``).
The file is not read again: the page caches on the upload's bytes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import gen  # noqa: E402

TARGET_SECONDS = 0.3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    app = ROOT / "app.py"
    if not app.exists():
        print("app.py not found: nothing to measure")
        return 0
    from streamlit.testing.v1 import AppTest  # noqa: TID251

    with tempfile.TemporaryDirectory(prefix="niche-page-") as tmp:
        path = gen.write_clients_csv(Path(tmp) / f"clients_{args.rows}.csv", args.rows)
        data = path.read_bytes()
    at = AppTest.from_file(str(app), default_timeout=300)
    at.run()
    start = time.perf_counter()
    at.file_uploader(key="upload").set_value((path.name, data, "text/csv")).run()
    first = time.perf_counter() - start
    if at.exception:
        print(f"page raised: {at.exception[0].value}")
        return 0
    times = []
    for i in range(args.runs):
        start = time.perf_counter()
        at.number_input(key="tier_low").set_value(8 + i % 2 * 4).run()
        times.append(time.perf_counter() - start)
        if at.exception:
            print(f"page raised: {at.exception[0].value}")
            return 0
    median = statistics.median(times)
    verdict = "PASS" if median < TARGET_SECONDS else "FAIL"
    print(
        f"first run with {args.rows:,} clients (read + clean + analyse): {first:.2f} s"
    )
    print(
        f"rerun after a tier change, median of {args.runs}: {median * 1000:.0f} ms "
        f"(target < {TARGET_SECONDS * 1000:.0f} ms)  {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
