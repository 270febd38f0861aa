"""The sidebar: the client list, the settings, the columns and how to read them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from niche.clean.header import find_header, guess_header_row, unique_headings
from niche.errors import NicheError
from niche.export.settings_file import MAX_COMPANY, from_json
from niche.format import FIELD_LABELS, escape_markdown
from niche.model import FIELDS, Options, Prepared
from niche.present import completing as pc
from niche.read.limits import DEFAULT_LIMITS, MB
from niche.rules.taxonomy import Taxonomy
from niche.session import FileRef, ReadRequest, Steps
from niche.ui import state
from niche.ui.state import Key, PageState

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "clients.xlsx"
NONE = "(not in the file)"
# Every file type is let through to the reader, which refuses the wrong ones in
# plain words ("A Word document can't be read: ..."); the uploader's own
# refusal names MIME types ("application/vnd.openxml... not allowed").
UPLOAD_TYPES = None
KEEP_ALL = "(choose one)"
CLIENT_LIST_MB = DEFAULT_LIMITS.max_bytes // MB  # server.maxUploadSize matches
SETTINGS_MB = 1  # a settings file is a few kilobytes
SECOND_FILE_MB = 20  # device, company and prospect lists: far smaller than this


@dataclass(frozen=True)
class Source:
    """The client list the page analyses: an upload, else the sample."""

    data: bytes
    file: FileRef
    is_sample: bool


@dataclass(frozen=True)
class Layout:
    """What the sidebar needs of a file: its sheets and detected columns."""

    sheet: str | None
    sheets: tuple[str, ...]
    headings: tuple[str, ...]
    mapping: dict[str, str]
    month_columns: tuple[str, ...]
    rows: int


@st.cache_resource(scope="session", max_entries=4, ttl=3600, show_spinner=False)
def layout(request: ReadRequest, _steps: Steps) -> Layout:
    """The detected header; when no client column is found, the likeliest
    header row's headings, for the user to name the columns from."""
    grid = _steps.grid(request)
    header = find_header(grid.cells)
    if header is None:
        row = guess_header_row(grid.cells)
        headings = unique_headings(grid.cells.loc[row].tolist()) if row else ()
        return Layout(grid.sheet, grid.sheets, headings, {}, (), len(grid.cells))
    return Layout(
        sheet=grid.sheet,
        sheets=grid.sheets,
        headings=header.headings,
        mapping=header.mapping.as_dict(),
        month_columns=header.month_columns,
        rows=len(grid.cells),
    )


def source() -> Source:
    """The uploader; the sample file when nothing is uploaded."""
    upload = st.file_uploader(
        "Client list (CSV or Excel)",
        type=UPLOAD_TYPES,
        key=Key.UPLOAD,
        max_upload_size=CLIENT_LIST_MB,
        help="A customer list or a Sales by Customer report from QuickBooks, "
        "Xero or your PSA, one row per client (or per invoice).",
    )
    if upload is None:
        data, name = SAMPLE.read_bytes(), SAMPLE.name
    else:
        data, name = upload.getvalue(), upload.name
    return Source(data, FileRef.of(data, name), upload is None)


def background(taxonomy: Taxonomy) -> tuple[tuple[str, ...], list[str]]:
    """The user's background industries, and notes on the free text."""
    picked = st.multiselect(
        "Your professional background",
        taxonomy.names(),
        key=Key.BACKGROUND,
        help="Industries you know from before IT: they add a bonus to the score.",
    )
    text = st.text_input(
        "…or describe it",
        key=Key.BACKGROUND_TEXT,
        placeholder="e.g. ten years in a dental practice",
    )
    chosen = list(picked)
    notes = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        found = taxonomy.resolve_background(part)
        if found and found not in chosen:
            chosen.append(found)
            notes.append(f"“{part}” read as {found}.")
        elif not found:
            notes.append(f"“{part}” matches no industry.")
    return tuple(chosen), notes


def settings(taxonomy: Taxonomy) -> dict:
    """Background, tiers and currency: keywords of :class:`~niche.model.Settings`."""
    st.subheader("Settings")
    chosen, notes = background(taxonomy)
    for note in notes:
        st.caption(escape_markdown(note))
    low, high = tier_limits()
    currency = st.text_input(
        "Currency symbol",
        max_chars=4,
        key=Key.CURRENCY,
        placeholder="from the file",
        help="Left empty, amounts are shown in the file's currency ($ if it "
        "names none).",
    )
    st.text_input(
        "Company name",
        key=Key.COMPANY,
        max_chars=MAX_COMPANY,
        placeholder="e.g. Harbor IT Services",
        help="Printed on the niche plan (PDF) and the Excel report.",
    )
    return {
        "background": chosen,
        "tiers": (int(low), int(high)),
        "currency": currency.strip() or None,
    }


def tier_limits() -> tuple[int, int]:
    """The two tier limits; each one's range follows the other's value, so an
    impossible pair (micro above large) cannot be entered."""
    lo, hi = state.TIER_LOW, state.TIER_HIGH
    now_low = int(st.session_state.get(Key.TIER_LOW, lo.default))
    now_high = int(st.session_state.get(Key.TIER_HIGH, hi.default))
    low_col, high_col = st.columns(2)
    low = low_col.number_input(
        "Micro below (PCs)",
        lo.low,
        max(lo.low, min(lo.high, now_high)),
        min(lo.default, now_high),
        key=Key.TIER_LOW,
        help="Clients with fewer PCs than this are micro.",
    )
    high = high_col.number_input(
        "Large above (PCs)",
        min(hi.high, max(hi.low, now_low)),
        hi.high,
        max(hi.default, now_low),
        key=Key.TIER_HIGH,
        help="Clients with more PCs than this are large.",
    )
    return int(low), int(high)


def keep_currency(currencies: tuple[str, ...]) -> None:
    """A file with amounts in several currencies: which one to count."""
    st.selectbox(
        "Count the amounts in",
        [KEEP_ALL, *currencies],
        key=Key.KEEP_CURRENCY,
        help="Amounts in different currencies are never added up: the rows in "
        "the other currencies are left out (see Data quality).",
    )


def offered_currencies(file: FileRef) -> tuple[str, ...]:
    """The currencies a mixed file was found to hold (this file's only)."""
    found = st.session_state.get(Key.CURRENCIES)
    if found and found[0] == file.digest:
        return tuple(found[1])
    return ()


def kept_currency() -> str | None:
    chosen = st.session_state.get(Key.KEEP_CURRENCY)
    return None if chosen in (None, KEEP_ALL) else str(chosen)


def restore_settings(taxonomy: Taxonomy) -> None:
    """A settings file applied once to the widgets and choices.

    Runs before the settings widgets are created, so their keys may be set.
    """
    upload = st.file_uploader(
        "Restore saved settings",
        type=["json"],
        key=Key.SETTINGS_UPLOAD,
        max_upload_size=SETTINGS_MB,
        help="A settings file downloaded from this page earlier: column choices, "
        "thresholds, background, left-out clients, confirmed matches and edits.",
    )
    if upload is None:
        return
    data = upload.getvalue()
    digest = FileRef.of(data, upload.name).digest
    if st.session_state.get(Key.SETTINGS_LOADED) == digest:
        st.caption("Settings applied.")
        return
    try:
        loaded = from_json(data)
    except NicheError as err:
        st.error(str(err), icon=":material/error:")
        return
    for key, value in state.widget_values(loaded, taxonomy.names()).items():
        st.session_state[key] = value
    st.session_state[Key.SETTINGS_LOADED] = digest
    st.caption("Settings applied.")


def sheet_choice(found: Layout, file: FileRef) -> str | None:
    """The worksheet (a picker when the workbook has several)."""
    if len(found.sheets) <= 1:
        return found.sheet
    sheets = list(found.sheets)
    return st.selectbox(
        "Sheet",
        sheets,
        index=sheets.index(found.sheet) if found.sheet in sheets else 0,
        key=f"sheet_{file.digest[:12]}",
    )


def columns(
    found: Layout, file: FileRef, page: PageState
) -> tuple[tuple[str, str | None], ...]:
    """A select box per field, pre-set to what was detected (or a settings
    file's choice); returns the choices that differ from the detection."""
    saved = dict(page.saved_columns)
    overrides = []
    with st.expander("Columns used", expanded=False):
        st.caption("Detected from the headings; change any of them.")
        for field in FIELDS:
            current = found.mapping.get(field)
            options = [NONE, *found.headings]
            wanted = saved.get(field, current) if field in saved else current
            wanted = NONE if wanted is None else wanted
            index = options.index(wanted) if wanted in options else 0
            choice = st.selectbox(
                FIELD_LABELS.get(field, field),
                options,
                index=index,
                key=f"map_{file.digest[:12]}_{found.sheet}_{field}",
            )
            chosen = None if choice == NONE else choice
            if chosen != current:
                overrides.append((field, chosen))
    return tuple(overrides)


def month_sum(found: Layout, overrides: tuple) -> bool:
    """ "Sum the 12 month columns", shown only when the file needs it; returns
    whether it is offered."""
    if not pc.offers_month_sum(found.mapping, found.month_columns, overrides):
        return False
    st.checkbox(
        "Sum the 12 month columns as revenue",
        key=Key.SUM_MONTHS,
        help="The file has month columns and no revenue column.",
    )
    return True


def ambiguity(notes: tuple[str, ...], page: PageState) -> None:
    """ "Dates are day/month" and "Decimal comma", when the file leaves it open."""
    if pc.ambiguous_dates(notes) or page.day_first:
        st.toggle(
            "Dates are day/month",
            key=Key.DAY_FIRST,
            help="Dates such as 03/04/2025 could be either; read as month/day "
            "unless this is on.",
        )
    if pc.ambiguous_amounts(notes) or page.decimal_comma:
        st.toggle(
            "Decimal comma",
            key=Key.DECIMAL_COMMA,
            help="Amounts such as 1.234 could be thousands or decimals; read with "
            ". as the decimal mark unless this is on.",
        )


def reading_options(page: PageState, rollup: bool) -> Options:
    """Options from the reading widgets (their values as of this run)."""
    return Options(
        rollup=rollup,
        day_first=True if page.day_first else None,
        decimal_comma=True if page.decimal_comma else None,
        sum_months=page.sum_months,
        currency=kept_currency(),
    )


def annualise(prepared: Prepared) -> bool:
    """ "Annualise", offered when the report covers other than 12 months."""
    period, cleaned = prepared.period, prepared.cleaned
    if not (
        period is not None
        and period.months
        and not period.is_twelve_months
        and cleaned.mode == "summary"
    ):
        return False
    return st.checkbox(f"Annualise ({period.months:g}-month report)", key=Key.ANNUALISE)
