"""The fast path gives the same answers as a plain, slow reference path (issue 7).

Reference path: workbooks read cell by cell with openpyxl into the same grid shape
(index = Excel row number, blank = ""), CSV read with the standard library; and,
for plain client lists, per-client totals and ranks computed with straightforward
pandas. The fast path is ``niche.read`` (calamine / pandas' C reader) and the
vectorised cleaning and analysis.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pandas as pd
import pytest

import niche
from niche.contract import to_dict
from niche.load import Grid

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
CORPUS = Path(__file__).parent / "data" / "corpus"
sys.path.insert(0, str(ROOT / "bench"))

import gen  # noqa: E402

CORPUS_FILES = (
    "qbo_sales_by_customer_summary.xlsx",
    "offset_table_formulas.xlsx",
    "invoices_flat.xlsx",
    "qbo_sales_by_customer_summary.csv",
    "qbd_sales_by_customer_detail.csv",
    "messy_duplicates.csv",
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("fast_path")
    return {
        "xlsx": gen.write_clients_xlsx(folder / "clients_2000.xlsx", 2_000),
        "csv": gen.write_clients_csv(folder / "clients_2000.csv", 2_000),
    }


def _openpyxl_grid(data: bytes, name: str, sheet: str | None) -> Grid:
    """A workbook read cell by cell with openpyxl, in the fast path's grid shape."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    ws = book[sheet] if sheet else book.worksheets[0]
    rows = [["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)]
    width = max((len(r) for r in rows), default=0)
    # openpyxl stops at the last used cell; calamine pads to the sheet dimension.
    cells = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    cells.index = pd.RangeIndex(1, len(cells) + 1)
    cells.columns = range(width)
    return Grid(cells, name, sheet=ws.title, sheets=tuple(book.sheetnames))


def _csv_grid(data: bytes, name: str) -> Grid:
    """A CSV read with the standard library: one record per line number."""
    text = data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, lines, line = [], [], 1
    for record in reader:
        rows.append(record)
        lines.append(line)
        line = reader.line_num + 1
    width = max(len(r) for r in rows)
    cells = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    cells.index = pd.Index(lines)
    cells.columns = range(width)
    return Grid(cells, name, delimiter=",", encoding="utf-8")


def _reference_grid(data: bytes, name: str, sheet: str | None) -> Grid:
    return (
        _openpyxl_grid(data, name, sheet)
        if name.endswith(("xlsx", "xlsm"))
        else (_csv_grid(data, name))
    )


def _essentials(result: dict) -> dict:
    return {
        "clients": [
            (
                c["rank"],
                c["client"],
                c["annual_revenue"],
                tuple(c["rows"]),
                c["systems"],
            )
            for c in result["clients"]
        ],
        "excluded": [(e["row"], e["reason"]) for e in result["excluded"]],
        "merged": result["merged"],
        "niche": result["recommendation"]["niche"],
        "rows_read": result["source"]["rows_read"],
    }


def _compare(path: Path, sheet: str | None = None) -> dict:
    data = path.read_bytes()
    fast = niche.read(data, path.name, sheet)
    slow = _reference_grid(data, path.name, fast.sheet)
    got = to_dict(niche.analyse(niche.prepare(fast)))
    want = to_dict(niche.analyse(niche.prepare(slow)))
    assert _essentials(got) == _essentials(want)
    return got


def _plain_pandas(path: Path, header_row: int) -> pd.DataFrame:
    """Per-client totals and ranks the way a notebook would compute them."""
    if path.suffix == ".xlsx":
        df = pd.read_excel(path, engine="openpyxl", header=None, dtype=object)
    else:
        df = pd.read_csv(
            path, header=None, names=range(4), dtype=str, skip_blank_lines=False
        )
    df.index = range(1, len(df) + 1)
    body = df.loc[header_row + 1 :]
    body.columns = [str(h) for h in df.loc[header_row]]
    names = body["Client"].astype("string").str.strip()
    body = body[names.notna() & (names != "") & (names.str.upper() != "TOTAL")]
    text = body["Revenue (12 mo)"].astype(str).str.replace(r"[$,)\s]", "", regex=True)
    revenue = text.str.replace("(", "-", regex=False).astype(float)
    table = pd.DataFrame(
        {
            "key": body["Client"].str.strip().str.casefold(),
            "client": body["Client"].str.strip(),
            "revenue": revenue,
            "row": body.index,
        }
    )
    totals = table.groupby("key", sort=False).agg(
        client=("client", "first"), revenue=("revenue", "sum"), rows=("row", tuple)
    )
    totals["name"] = totals["client"].str.casefold()
    totals = totals.sort_values(["revenue", "name"], ascending=[False, True])
    totals["rank"] = range(1, len(totals) + 1)
    return totals.reset_index(drop=True)


def _assert_matches_plain(result: dict, plain: pd.DataFrame) -> None:
    assert len(result["clients"]) == len(plain)
    for client, (_, ref) in zip(result["clients"], plain.iterrows(), strict=True):
        assert client["client"] == ref["client"]
        assert client["rank"] == ref["rank"]
        assert round(client["annual_revenue"] * 100) == round(ref["revenue"] * 100)
        assert tuple(client["rows"]) == tuple(int(r) for r in ref["rows"])


@pytest.mark.parametrize("name", ["clients.xlsx", "clients.csv"])
def test_sample_fast_path_matches_reference(name: str) -> None:
    result = _compare(SAMPLE / name)
    assert result["recommendation"]["niche"] == "Dental offices"


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_fast_path_matches_reference(name: str) -> None:
    if not (CORPUS / name).exists():
        pytest.skip(f"{name} not in the corpus")
    _compare(CORPUS / name)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_generated_2000_rows_match_reference_and_plain_pandas(
    generated: dict[str, Path], kind: str
) -> None:
    path = generated[kind]
    result = _compare(path)
    header_row = result["source"]["header_row"]
    assert len(result["clients"]) == 2_000
    assert [e["reason"] for e in result["excluded"]] == ["total_line"]
    _assert_matches_plain(result, _plain_pandas(path, header_row))


def test_fast_csv_line_numbers_with_blank_and_ragged_lines() -> None:
    data = (
        b"Sales by Customer\n\nClient,Revenue,PCs\nAcme,$1.00\n\n"
        b'"Beta\nCo",$2.50,3,extra\nGamma,"$1,000.00",12\nTOTAL,"$1,003.50"\n'
    )
    fast = niche.read(data, "r.csv")
    slow = _csv_grid(data, "r.csv")
    got = to_dict(niche.analyse(niche.prepare(fast)))
    want = to_dict(niche.analyse(niche.prepare(slow)))
    assert _essentials(got) == _essentials(want)
    rows = {c["client"]: c["rows"] for c in got["clients"]}
    assert rows == {"Gamma": [8], "Beta\nCo": [6], "Acme": [4]}
    assert got["excluded"][-1]["row"] == 9


# ------------------------------------------------- big CSV files: the Arrow path


def _lines(n: int, newline: str = "\n") -> str:
    body = [
        f'Client {i % 37},"${i * 7 % 5000:,}.{i % 100:02d}",Invoice' for i in range(n)
    ]
    head = ["Sales by Customer Detail", "", "Customer,Amount,Type"]
    foot = ["", "TOTAL,,", "Accrual basis Friday, November 27, 2026 10:41 AM"]
    return newline.join(head + body + foot) + newline


def _both_ways(
    data: bytes, monkeypatch: pytest.MonkeyPatch, *, arrow: bool = True
) -> tuple[Grid, Grid]:
    """The file read with the Arrow path allowed and not; ``arrow``: whether
    the first reading must have taken it."""
    from niche import csvfast

    taken: list[bool] = []
    real = csvfast.read_regular

    def spy(*args: object) -> object:
        cells = real(*args)  # type: ignore[arg-type]
        taken.append(cells is not None)
        return cells

    monkeypatch.setattr(csvfast, "read_regular", spy)
    monkeypatch.setattr(csvfast, "MIN_BYTES", 0)
    fast = niche.read(data, "big.csv")
    assert any(taken) == arrow
    monkeypatch.setattr(csvfast, "MIN_BYTES", 10**12)
    plain = niche.read(data, "big.csv")
    return fast, plain


def _same_grid(fast: Grid, plain: Grid) -> None:
    assert fast.cells.shape == plain.cells.shape
    assert fast.cells.index.tolist() == plain.cells.index.tolist()
    assert list(fast.cells.columns) == list(plain.cells.columns)
    assert fast.cells.dtypes.tolist() == plain.cells.dtypes.tolist()
    assert fast.cells.astype(object).equals(plain.cells.astype(object))


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_arrow_csv_path_reads_the_same_grid(
    monkeypatch: pytest.MonkeyPatch, newline: str
) -> None:
    from niche import csvfast

    data = _lines(400, newline).encode()
    raw = data
    assert csvfast.read_regular(raw, ",", 3) is None  # under MIN_BYTES
    monkeypatch.setattr(csvfast, "MIN_BYTES", 0)
    assert csvfast.read_regular(raw, ",", 3) is not None  # the Arrow path is taken
    fast, plain = _both_ways(data, monkeypatch)
    _same_grid(fast, plain)
    got = to_dict(niche.analyse(niche.prepare(fast)))
    want = to_dict(niche.analyse(niche.prepare(plain)))
    assert got == want


@pytest.mark.parametrize(
    "irregular",
    [
        "Client 1,$5.00,Invoice\n\nClient 2,$6.00,Invoice",  # blank line in the body
        'Client 1,"$5.00\nmore",Invoice',  # a line break inside quotes
        'Client 1,5" disk,Invoice',  # a quote inside a field
        "Client 1,$5.00",  # a short line
        "Client 1,$5.00,Invoice\rClient 2,$6.00,Invoice",  # a bare \r
    ],
)
def test_arrow_csv_path_falls_back_on_irregular_lines(
    monkeypatch: pytest.MonkeyPatch, irregular: str
) -> None:
    from niche import csvfast

    text = _lines(400)
    lines = text.split("\n")
    lines[200] = irregular
    data = "\n".join(lines).encode()
    monkeypatch.setattr(csvfast, "MIN_BYTES", 0)
    assert csvfast.read_regular(data, ",", 3) is None
    fast, plain = _both_ways(data, monkeypatch, arrow=False)
    _same_grid(fast, plain)


@pytest.mark.parametrize(
    ("where", "encoding"),
    [(None, "utf-8"), (1, "cp1252"), (200, "cp1252"), (-2, "cp1252")],
)
def test_arrow_csv_path_decides_the_encoding_like_the_plain_path(
    monkeypatch: pytest.MonkeyPatch, where: int | None, encoding: str
) -> None:
    """Only the sample is decoded before the Arrow path: a Windows-1252 byte in
    the title, the body or the footer still makes it a Windows-1252 file."""
    from niche import csvfast

    lines = _lines(400).split("\n")
    if where is None:
        lines[150] = "Café Zoë,$12.50,Invoice"  # UTF-8 the Arrow path reads
    else:
        lines[where] = "Bistro René,$7.25,Invoice"  # the file's only non-ASCII
    text = "\n".join(lines)
    data = text.encode(encoding)
    monkeypatch.setattr(csvfast, "MIN_BYTES", 0)
    taken = csvfast.read_regular(data, ",", 3) is not None
    assert taken == (where is None)
    fast, plain = _both_ways(data, monkeypatch, arrow=taken)
    _same_grid(fast, plain)
    assert fast.encoding == plain.encoding == encoding
    name = "Café Zoë" if where is None else "Bistro René"
    assert name in fast.cells[0].tolist()


def test_generated_invoices_fast_path_matches_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from niche import csvfast

    path = gen.write_invoices_csv(tmp_path / "invoices.csv", 20_000, customers=300)
    data = path.read_bytes()
    monkeypatch.setattr(csvfast, "MIN_BYTES", 0)
    assert csvfast.read_regular(data, ",", 6) is not None
    fast = niche.read(data, path.name)
    slow = _csv_grid(data, path.name)
    got = to_dict(niche.analyse(niche.prepare(fast)))
    want = to_dict(niche.analyse(niche.prepare(slow)))
    assert got == want
    assert len(got["clients"]) == 300


_BLANKISH = ["", " ", "\t", "\u00a0", "\u2003", "\u3000", "\u200b", "\x1c", "a", " a "]


def test_arrow_filled_cells_match_stripping() -> None:
    """The Arrow test for blank cells agrees with stripping and comparing to ""."""
    from niche.textcols import cell_texts, filled_cells

    series = pd.Series([*_BLANKISH, None], dtype="string[pyarrow]")
    expected = (cell_texts(series) != "").to_numpy()
    assert filled_cells(series).tolist() == expected.tolist()


def test_mixed_workbook_columns_read_like_each_cell_alone() -> None:
    """Numbers mixed with text (a workbook column): read the same as cell by cell."""
    from niche.parse import parse_amounts, parse_counts

    cells = [12.0, "$1,234.50", "", None, 7, True, "(3.00)", "abc", -2.0, " 4 "]
    series = pd.Series(cells, dtype=object, index=range(5, 15))
    for parse in (parse_amounts, parse_counts):
        whole = parse(series)
        for label, cell in series.items():
            alone = parse(pd.Series([cell], dtype=object))
            assert whole.bad[label] == alone.bad.iloc[0], (parse, cell)
            a, b = whole.values[label], alone.values.iloc[0]
            assert (pd.isna(a) and pd.isna(b)) or a == b, (parse, cell)


@pytest.mark.parametrize(
    "path",
    [SAMPLE / "clients.xlsx", SAMPLE / "clients.csv"]
    + [CORPUS / n for n in CORPUS_FILES],
    ids=lambda p: p.name,
)
def test_one_row_clients_skip_grouping_with_the_same_result(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clients with one row are passed through, not grouped (issue 7): the
    clients and merges are exactly those of grouping every client."""
    from niche import aggregate

    if not path.exists():
        pytest.skip(f"{path.name} not in the corpus")
    grid = niche.read(path.read_bytes(), path.name)
    fast = niche.prepare(grid).cleaned
    monkeypatch.setattr(aggregate, "_one_row_each", aggregate._grouped)
    slow = niche.prepare(grid).cleaned
    pd.testing.assert_frame_equal(fast.clients, slow.clients, check_exact=True)
    assert fast.merged == slow.merged
    assert fast.excluded == slow.excluded


def test_one_row_shortcut_on_a_generated_list(
    generated: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from niche import aggregate

    grid = niche.read(generated["xlsx"].read_bytes(), generated["xlsx"].name)
    fast = niche.prepare(grid).cleaned
    monkeypatch.setattr(aggregate, "_one_row_each", aggregate._grouped)
    slow = niche.prepare(grid).cleaned
    pd.testing.assert_frame_equal(fast.clients, slow.clients, check_exact=True)
