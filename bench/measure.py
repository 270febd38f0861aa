"""One measurement, run in a fresh subprocess by ``bench/run.py``.

Usage: ``python bench/measure.py KIND FILE``; prints one JSON line with the
seconds spent (after imports), the CPU seconds (all threads) and the process's
peak RSS in MB. For ``niche`` the measured path is ``niche.read`` ->
``niche.prepare`` -> ``niche.analyse`` (the issue's read, map, clean, analyse,
recommend); ``contract.to_dict`` (the JSON) is timed afterwards on its own and
reported as ``json_seconds`` / ``json_rss_mb``, not added to ``seconds``.
"""

from __future__ import annotations

import io
import json
import resource
import sys
import time
from pathlib import Path

_EXTRA: dict[str, object] = {}


def _niche(path: Path) -> int:
    """read -> prepare -> analyse (which includes the recommendation); the JSON
    contract is timed on its own afterwards (``json_seconds``), outside the
    measured path."""
    import niche

    data = path.read_bytes()
    grid = niche.read_file(data, path.name)
    analysis = niche.analyse(niche.prepare(grid))
    _EXTRA["analysis"] = analysis
    return len(analysis.clients)


def _json_seconds() -> float:
    from niche.export.contract import to_dict

    start = time.perf_counter()
    to_dict(_EXTRA.pop("analysis"))  # type: ignore[arg-type]
    return time.perf_counter() - start


TITLE_ROWS = 4  # title lines and the blank line above the client lists' header


def _titles(path: Path) -> int:
    return TITLE_ROWS if path.name.startswith("clients") else 0


def _money(column: object) -> object:
    text = column.astype(str).str.replace(r"[$,)]", "", regex=True)  # type: ignore[attr-defined]
    return text.str.replace("(", "-", regex=False).astype(float)


def _plain(path: Path) -> int:
    import pandas as pd

    if path.suffix == ".xlsx":
        df = pd.read_excel(path, engine="openpyxl", skiprows=TITLE_ROWS)
    else:
        df = pd.read_csv(path, skiprows=_titles(path))
    client = "Customer" if "Customer" in df.columns else "Client"
    amount = "Amount" if "Amount" in df.columns else "Revenue (12 mo)"
    df = df[df[client].notna() & (df[client] != "TOTAL")]
    df = df.assign(revenue=_money(df[amount]))
    totals = df.groupby(client)["revenue"].sum().sort_values(ascending=False)
    return len(totals)


def _floor(path: Path) -> int:
    if path.suffix == ".xlsx":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
        return len(book.get_sheet_by_index(0).to_python())
    import pandas as pd

    return len(pd.read_csv(path, engine="pyarrow", skiprows=_titles(path)))


KINDS = {"niche": _niche, "plain": _plain, "floor": _floor}


def main() -> None:
    kind, path = sys.argv[1], Path(sys.argv[2])
    if kind == "niche":  # imports belong to the measurement only for the CLI
        import niche  # noqa: F401
        import niche.export.contract  # noqa: F401
    else:
        import pandas  # noqa: F401
    start, cpu = time.perf_counter(), time.process_time()
    count = KINDS[kind](path)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"seconds": seconds, "cpu": cpu, "rss_mb": rss, "count": count}
    if kind == "niche":  # the JSON contract, measured after the peak RSS was taken
        result["json_seconds"] = _json_seconds()
        result["json_rss_mb"] = (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
