"""Driving the page under Streamlit's AppTest: uploads, tabs, and reading what
it shows (Markdown unescaped, the headline figures, the tables)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from niche.ui.state import Tab

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGE_DATA = ROOT / "tests" / "data" / "page"
ENRICH = ROOT / "tests" / "data" / "enrich"
CORPUS = ROOT / "tests" / "data" / "corpus"
CHANGE = ROOT / "tests" / "data" / "change"
TIMEOUT = 60
MIME = {
    ".csv": "text/csv",
    ".json": "application/json",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CLIENT_EDITOR_APPLY = "FormSubmitter:client_editor-Apply"
LABELS_APPLY = "FormSubmitter:industry_labels-Apply"
MATCHES_APPLY = "FormSubmitter:confirm_"  # + the second file's digest


def fresh() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def file_value(path: Path, data: bytes | None = None, name: str | None = None) -> tuple:
    payload = path.read_bytes() if data is None else data
    mime = MIME.get(path.suffix, "application/octet-stream")
    return (name or path.name, payload, mime)


def upload(at: AppTest, path: Path | str, data: bytes | None = None) -> AppTest:
    """Put a file into the sidebar's client-list uploader and run."""
    path = PAGE_DATA / path if isinstance(path, str) else path
    return at.file_uploader(key="upload").set_value(file_value(path, data)).run()


def upload_to(at: AppTest, key: str, *paths: Path) -> AppTest:
    """Put files into a tab's uploader (``enrich_upload`` takes several)."""
    files = [file_value(p) for p in paths]
    value = files if key == "enrich_upload" else files[0]
    return at.file_uploader(key=key).set_value(value).run()


def bare_export() -> AppTest:
    """The bare QuickBooks export (names and totals: no PCs, no industries)."""
    return upload(fresh().run(), ENRICH / "qbo_sales_summary.csv")


def open_tab(at: AppTest, tab: Tab) -> AppTest:
    """Open a tab (only the open tab runs) and run."""
    at.session_state["tab"] = str(tab)
    return at.run()


def plain(text: str) -> str:
    """Markdown as read: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", text)


def text_of(at: AppTest) -> str:
    """Every line of text on the page (Markdown, captions, alerts), unescaped."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    for kind in ("info", "warning", "success", "error"):
        parts += [a.value for a in getattr(at, kind)]
    return plain("\n".join(parts))


def figures(at: AppTest) -> dict[str, str]:
    """The headline figures: each column's caption (the label) and the figure
    under it."""
    found = {}
    for column in at.columns:
        captions, values = column.caption, column.markdown
        if len(captions) == 1 and len(values) == 1 and values[0].value[:5] == "#### ":
            found[captions[0].value] = plain(values[0].value[5:])
    return found


def card(at: AppTest, title_start: str) -> str:
    """The text of the first-screen card whose heading starts ``title_start``."""
    for column in at.columns:
        text = plain("\n".join(m.value for m in column.markdown))
        if text.startswith("#### " + title_start):
            return text + "\n" + plain("\n".join(c.value for c in column.caption))
    raise AssertionError(f"no card {title_start!r}")


def table(at: AppTest, first_column: str, has: str | None = None) -> pd.DataFrame:
    """The ``st.table`` or ``st.dataframe`` whose first column is ``first_column``
    (and which has a column ``has``); headings as read (``st.table`` renders
    them as Markdown, so "\\#" reads "#")."""
    for element in [*at.table, *at.dataframe]:
        value = element.value.rename(columns=lambda c: plain(str(c)))
        columns = list(value.columns)
        if columns and columns[0] == first_column and (has is None or has in columns):
            return value
    raise AssertionError(f"no table starting with column {first_column!r}")


def tier_counts(at: AppTest) -> dict[str, int]:
    """Clients per size tier, from the Size tiers tab's table."""
    open_tab(at, Tab.TIERS)
    tiers = table(at, "Tier")
    counts = zip(tiers["Tier"], tiers["Clients"], strict=True)
    return {tier: int(n.replace(",", "")) for tier, n in counts}


def excluded_reasons(at: AppTest) -> list[str]:
    open_tab(at, Tab.QUALITY)
    return list(table(at, "Row")["Reason"])


def buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def downloads(at: AppTest) -> list[str]:
    return [b.label for b in at.get("download_button")]


def edit(
    at: AppTest, key_start: str, rows: dict[int, dict], submit: str | None
) -> AppTest:
    """Edit cells of the data editor whose key starts ``key_start`` (rows by
    position) and press its form's submit button (``submit``, a button key
    starting so): what a user's typing and Apply send. ``None``: typed only."""
    editor = next(e for e in at.data_editor if (e.key or "").startswith(key_start))
    at.session_state[editor.key] = {
        "edited_rows": rows,
        "added_rows": [],
        "deleted_rows": [],
    }
    if submit is None:
        return at.run()
    button = next(b for b in at.button if (b.key or "").startswith(submit))
    return button.click().run()


def settings_json(**values: object) -> bytes:
    return json.dumps(
        {"kind": "niche-finder-settings", "version": 1, **values}
    ).encode()
