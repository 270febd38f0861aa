"""``analyze --json`` against docs/contract.schema.json, on every file we have.

Corpus files listed as analysable in tests/data/corpus/EXPECTED.json, the bundled
sample, every other data file of tests/data and the genuine exports of
../shared/real-exports (when that folder is beside the checkout) must print JSON
that the schema accepts, with amounts in whole cents; a file that is refused gives
exit 2, nothing on stdout and one line on stderr.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from core_helpers import DATA_DIR, ROOT, SAMPLE_DIR, real_exports_dir
from jsonschema import Draft202012Validator

from niche.cli import main

SCHEMA = json.loads((ROOT / "docs" / "contract.schema.json").read_text("utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)
CORPUS = DATA_DIR / "corpus"
EXPECTED = json.loads((CORPUS / "EXPECTED.json").read_text(encoding="utf-8"))
TABLES = {".csv", ".xlsx", ".xlsm", ".xls", ".ods"}
OTHER_DATA = sorted(
    p for p in DATA_DIR.rglob("*") if p.suffix in TABLES and CORPUS not in p.parents
)
REAL_EXPORTS = real_exports_dir()
REAL_FILES = (
    sorted(p for p in REAL_EXPORTS.iterdir() if p.suffix in TABLES)
    if REAL_EXPORTS
    else []
)


def _no_nan(name: str) -> None:
    raise ValueError(f"{name} in JSON output")


def _analyze(
    capsys: pytest.CaptureFixture[str], path: Path, *args: str
) -> tuple[int, str, str]:
    code = main(["analyze", str(path), "--json", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _amounts(doc: dict[str, Any]) -> list[float]:
    keys = ("annual_revenue", "monthly_revenue", "revenue_per_system")
    money = [doc["totals"]["annual_revenue"], doc["totals"]["monthly_revenue"]]
    for client in doc["clients"]:
        money += [client[k] for k in (*keys, "prior_revenue", "cost")]
    money += [industry["annual_revenue"] for industry in doc["industries"]]
    return [m for m in money if m is not None]


def _check_valid(out: str) -> dict[str, Any]:
    """The output parsed, validated and checked for what the schema cannot say."""
    doc = json.loads(out, parse_constant=_no_nan)
    errors = sorted(VALIDATOR.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5]
    )
    not_cents = [m for m in _amounts(doc) if round(m, 2) != m]
    assert not not_cents, not_cents[:5]
    assert doc["totals"]["clients"] == len(doc["clients"])
    return doc


def _check_refused(code: int, out: str, err: str) -> None:
    assert code == 2
    assert out == ""
    assert err.startswith("error: ")
    assert err.endswith("\n")
    assert err.count("\n") == 1


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


def test_the_schema_rejects_nan_and_unknown_codes(capsys) -> None:
    code, out, _ = _analyze(capsys, SAMPLE_DIR / "clients.xlsx")
    assert code == 0
    doc = _check_valid(out)
    doc["clients"][0]["tier"] = "huge"
    doc["excluded"][0]["reason"] = "odd_line"
    doc["clients"][1]["industry_guess"] = float("nan")
    paths = {"/".join(map(str, e.path)) for e in VALIDATOR.iter_errors(doc)}
    assert {"clients/0/tier", "excluded/0/reason", "clients/1/industry_guess"} <= paths


def _flags(entry: dict[str, Any]) -> list[str]:
    """The command line's options for the entry's choices (sheet, the user's
    columns, the currency kept)."""
    flags = ["--sheet", entry["sheet"]] if entry.get("sheet") else []
    for field, heading in (entry.get("map") or {}).items():
        flags += ["--map", f"{field}={heading}"]
    if entry.get("keep_currency"):
        flags += ["--currency", entry["keep_currency"]]
    return flags


@pytest.mark.parametrize(
    "entry", EXPECTED, ids=[e.get("id", e["file"]) for e in EXPECTED]
)
def test_corpus_file(capsys, entry: dict[str, Any]) -> None:
    code, out, err = _analyze(capsys, CORPUS / entry["file"], *_flags(entry))
    if entry["error"]:
        _check_refused(code, out, err)
        assert entry["error"] in err.lower()
        return
    assert code == 0, err
    assert err == ""
    doc = _check_valid(out)
    assert doc["source"]["file"] == entry["file"]


@pytest.mark.parametrize("name", ["clients.xlsx", "clients.csv"])
def test_sample(capsys, name: str) -> None:
    code, out, err = _analyze(capsys, SAMPLE_DIR / name)
    assert code == 0, err
    assert err == ""
    doc = _check_valid(out)
    assert doc["recommendation"]["status"] == "ok"


@pytest.mark.parametrize(
    "path", OTHER_DATA, ids=[str(p.relative_to(DATA_DIR)) for p in OTHER_DATA]
)
def test_every_other_data_file(capsys, path: Path) -> None:
    """Client lists, second files, prospect lists: analysed or refused, never a
    traceback or JSON outside the schema."""
    code, out, err = _analyze(capsys, path)
    if code == 0:
        _check_valid(out)
    else:
        _check_refused(code, out, err)


@pytest.mark.skipif(REAL_EXPORTS is None, reason="no shared/real-exports beside here")
@pytest.mark.parametrize("path", REAL_FILES, ids=[p.name for p in REAL_FILES])
def test_real_export(capsys, path: Path) -> None:
    code, out, err = _analyze(capsys, path)
    if code == 0:
        _check_valid(out)
    else:
        _check_refused(code, out, err)
