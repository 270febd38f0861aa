"""HTML or script in client names stays text in every output of the analysis.

Note for the page: never pass user data to ``unsafe_allow_html``; Streamlit
escapes HTML in markdown by default, and st.dataframe / st.table show text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hostile import csv as csv_bytes
from hostile import xlsx

import niche
from niche.export.contract import to_dict
from niche.export.summary import summary_text

HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(document.cookie)>',
    "<a href=javascript&#58;alert(1)>Acme</a>",  # no ':' (a Parent:Child name)
    "**bold** <b>Acme</b> & Sons",
)
ROWS: list[list[object]] = [
    ["Client", "Industry", "PCs", "Revenue"],
    *[
        [name, "Dental office", 10 + i, 50_000 - 1000 * i]
        for i, name in enumerate(HOSTILE)
    ],
    ["Plain Dental", "<script>alert('industry')</script>", 12, 1000],
]
APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture(params=["csv", "xlsx"])
def analysis(request: pytest.FixtureRequest) -> niche.Analysis:
    data = csv_bytes(ROWS) if request.param == "csv" else xlsx(ROWS)
    return niche.analyze_bytes(data, f"names.{request.param}")


def test_names_kept_verbatim(analysis: niche.Analysis) -> None:
    assert set(HOSTILE) <= set(analysis.clients["client"])
    assert "<script>alert('industry')</script>" in set(analysis.clients["industry_raw"])


def test_json_contract_keeps_names_as_strings(analysis: niche.Analysis) -> None:
    text = json.dumps(to_dict(analysis))
    names = {c["client"] for c in json.loads(text)["clients"]}
    assert set(HOSTILE) <= names


def test_summary_is_plain_text(analysis: niche.Analysis) -> None:
    text = summary_text(analysis)
    assert isinstance(text, str)
    assert "&lt;" not in text  # not pre-escaped HTML either: the page escapes


def test_page_never_allows_html() -> None:
    """app.py renders no raw HTML at all (so never user data as HTML)."""
    if not APP.exists():
        pytest.skip("app.py not written yet")
    source = APP.read_text(encoding="utf-8")
    assert not re.search(r"unsafe_allow_html\s*=\s*True", source)
    assert "st.html(" not in source
    assert "components.html" not in source
