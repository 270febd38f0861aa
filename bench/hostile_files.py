"""Hostile uploads for ``bench/load.py``: each made on disk in a scratch folder.

- a zip bomb (an xlsx whose sheet unpacks to 512 MB of blanks);
- an entity-expansion ("billion laughs") workbook;
- a 150 MB CSV (over the 100 MB upload limit);
- a CSV with one 50 MB field;
- a workbook built to sit just under every limit: the most distinct clients
  and columns whose memory estimate stays under ``max_memory``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "tests" / "security"), str(ROOT)]

from hostile import (  # noqa: E402
    NS,
    SHEET,
    XML_HEAD,
    basic_xlsx,
    padded_sheet,
    replace_member,
    with_member,
)

MB = 1024 * 1024


def zip_bomb(folder: Path) -> Path:
    path = folder / "zip_bomb.xlsx"
    path.write_bytes(replace_member(basic_xlsx(), SHEET, padded_sheet(512)))
    return path


def laughs(folder: Path) -> Path:
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    sheet = (
        XML_HEAD
        + f"<!DOCTYPE lolz [{''.join(entities)}]>\n".encode()
        + f'<worksheet xmlns="{NS}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Client</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Revenue</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c>'
        '<c r="B2"><v>100</v></c></row></sheetData></worksheet>'.encode()
    )
    path = folder / "entity_expansion.xlsx"
    path.write_bytes(with_member(basic_xlsx(), SHEET, sheet))
    return path


def big_csv(folder: Path, megabytes: int = 150) -> Path:
    path = folder / f"big_{megabytes}mb.csv"
    line = "Client {:07d},Dental office,12,$1{:05d}.50,Notes for this client\n"
    with path.open("w", encoding="utf-8") as out:
        out.write("Client,Industry,PCs,Revenue,Notes\n")
        i = 0
        while out.tell() < megabytes * MB:
            out.write("".join(line.format(i + k, (i + k) % 99999) for k in range(1000)))
            i += 1000
    return path


def long_field_csv(folder: Path, megabytes: int = 50) -> Path:
    path = folder / f"field_{megabytes}mb.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("Client,Revenue,Notes\nAcme Dental,1200,")
        chunk = "x" * MB
        for _ in range(megabytes):
            out.write(chunk)
        out.write("\nBolt Law,900,ok\n")
    return path


def just_under(folder: Path) -> Path:
    """The largest workbook of distinct clients whose memory estimate is under
    the page's ``max_memory`` (each row 10 columns of text and numbers)."""
    from openpyxl import Workbook

    from niche.read.files import read_table
    from niche.read.limits import DEFAULT_LIMITS

    heading = ["Client", "Industry", "PCs", "Revenue", "Cost", "Prior revenue"]
    heading += ["Client since", "Hours", "Contact", "Notes"]
    limit = DEFAULT_LIMITS.max_memory
    rows = DEFAULT_LIMITS.max_clients  # fewest-limit first: distinct names
    path = folder / "just_under_limits.xlsx"
    while True:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Clients")
        sheet.append(heading)
        for i in range(rows):
            sheet.append(
                [
                    f"Client {i:07d} Holdings",
                    "Dental office",
                    i % 90 + 1,
                    1000 + i % 50_000,
                    500 + i % 20_000,
                    900 + i % 40_000,
                    "2019-04-01",
                    i % 300,
                    f"contact{i}@example.com",
                    "renewal due in spring; prefers email",
                ]
            )
        book.save(path)
        if _estimate(read_table, path) < limit:
            return path
        rows = int(rows * 0.9)


class _Estimated(Exception):
    pass


def _estimate(read_table: object, path: Path) -> int:
    """The page's memory estimate of a file (0 when it is refused outright)."""
    from niche.errors import NicheError

    seen: list[int] = []

    def admit(estimate: int) -> None:
        seen.append(estimate)
        raise _Estimated

    try:
        read_table(path.read_bytes(), path.name, admit=admit)  # type: ignore[operator]
    except _Estimated:
        return seen[0]
    except NicheError:
        return 1 << 62
    return 0
