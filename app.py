"""Niche Finder: the page. Widgets and layout only; the work is done in niche/.

Run with ``streamlit run app.py``. With no upload the page shows the bundled
sample data. Uploads stay in memory (bytes); nothing is written to disk.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from niche import auth, charts
from niche import page_complete as pc
from niche import page_model as pm
from niche.analysis import Settings
from niche.clean import Options
from niche.completed import XLSX_MIME, completed_list_xlsx, left_out_marks
from niche.editor import (
    completeness,
    editor_frame,
    edits_from_editor,
    enrich_prepared,
)
from niche.enrich import (
    EnrichmentTable,
    enrichment_values,
    merge_values,
    read_enrichment,
)
from niche.errors import NicheError
from niche.industry import Taxonomy
from niche.load import Grid
from niche.mapping import FIELD_LABELS, FIELDS, find_header
from niche.names import JoinResult, join_names
from niche.pipeline import Analysis, Prepared, analyse, prepare, read
from niche.profile import best_client_profile, profile_chart_frame, profile_sentences
from niche.prospect_list import ProspectList, read_prospects
from niche.prospects import ProspectFit, prospects_frame, score_prospects
from niche.settings_io import AppSettings, from_json, to_json

try:  # the Excel / CSV report (issue 3 downloads); optional until it lands
    from niche import report
except ImportError:  # pragma: no cover - depends on the checkout
    report = None

SAMPLE = Path(__file__).parent / "sample_data" / "clients.xlsx"
SAMPLE_PROSPECTS = Path(__file__).parent / "sample_data" / "prospects.xlsx"
UPLOAD_TYPES = ["csv", "xlsx", "xlsm", "xls", "ods"]
EDITOR_ORDER = ("client", "annual_revenue", "industry", "systems", "leave_out")
NONE = "(not in the file)"
CACHE = {"scope": "session", "max_entries": 6, "ttl": 3600}
# Big results (the grid, the cleaned table, the analysis, the page's view of it)
# are kept as they are rather than pickled: st.cache_data would copy 10,000
# clients on every rerun. Nothing in niche/ or here mutates them.
KEEP = st.cache_resource
BIG = {**CACHE, "max_entries": 2}  # 10,000 clients each: keep few
log = logging.getLogger("niche.app")
Text, Number = st.column_config.TextColumn, st.column_config.NumberColumn
Check = st.column_config.CheckboxColumn

st.set_page_config(
    page_title="Niche Finder", page_icon=":material/target:", layout="wide"
)


def _money(cur: str, width: int, label: str = "Monthly") -> dict:
    return Number(f"{label} ({cur})", format=pm.number_format(cur), width=width)


# Streamlit's "percent" format shows as many decimals as the step allows beyond
# whole percent: 0.001 gives one ("17.1%", "0.3%"), 0.01 none ("66%"). Without
# a step it shows up to two, so "17.07%" stood next to "1%" in one column.
SHARE_STEP, WHOLE_STEP = 0.001, 0.01


def _bar(
    width: int, label: str | None = None, top: float = 1.0, step: float = SHARE_STEP
) -> dict:
    """A share (0..1) as a progress bar with its percentage."""
    return st.column_config.ProgressColumn(
        label,
        format="percent",
        min_value=0.0,
        max_value=max(top, 1e-9),
        step=step,
        width=width,
    )


# --- cached steps (keyed on a digest of the bytes; the bytes are not hashed) ----


@st.cache_resource
def _taxonomy() -> Taxonomy:
    return Taxonomy.default()


@KEEP(**BIG, show_spinner=False)
def _read(token: str, _data: bytes, name: str, sheet: str | None) -> Grid:
    return read(_data, name, sheet)


@st.cache_data(**CACHE, show_spinner=False)
def _layout(token: str, _data: bytes, name: str, sheet: str | None) -> dict:
    """Sheets and detected columns: small, for the sidebar."""
    grid = _read(token, _data, name, sheet)
    header = find_header(grid.cells)
    return {
        "sheet": grid.sheet,
        "sheets": list(grid.sheets),
        "headings": list(header.headings) if header else [],
        "mapping": header.mapping.as_dict() if header else {},
        "month_columns": list(header.month_columns) if header else [],
        "rows": len(grid.cells),
    }


@KEEP(**BIG, show_spinner=False)
def _prepare(
    token: str,
    _data: bytes,
    name: str,
    sheet: str | None,
    overrides: tuple[tuple[str, str | None], ...],
    options: Options,
) -> Prepared:
    return prepare(_read(token, _data, name, sheet), dict(overrides), options)


@st.cache_data(**CACHE, show_spinner=False)
def _marks(
    token: str,
    _data: bytes,
    name: str,
    sheet: str | None,
    overrides: tuple[tuple[str, str | None], ...],
    options: Options,
) -> tuple[str, ...]:
    """Clients the file itself marks "Leave out" (a completed list)."""
    prepared = _prepare(token, _data, name, sheet, overrides, options)
    return left_out_marks(prepared.grid, prepared.header)


@st.cache_data(**CACHE, show_spinner="Reading the second file…")
def _enrichment(token: str, _data: bytes, name: str) -> EnrichmentTable:
    return read_enrichment(_data, name)


@st.cache_data(**CACHE, show_spinner=False)
def _join(
    clients_token: str, token: str, _prepared: Prepared, _table: EnrichmentTable
) -> JoinResult:
    return join_names(_prepared.cleaned.clients, _table)


@KEEP(**BIG, show_spinner=False)
def _analyse(
    token: str,
    _data: bytes,
    name: str,
    sheet: str | None,
    overrides: tuple[tuple[str, str | None], ...],
    options: Options,
    settings: Settings,
    values: dict,
    edits: dict,
) -> Analysis:
    prepared = _prepare(token, _data, name, sheet, overrides, options)
    prepared = enrich_prepared(prepared, values, edits)
    return analyse(prepared, settings, _taxonomy())


@KEEP(**BIG, show_spinner=False)
def _view(key: str, _analysis: Analysis) -> dict:
    """Chart specs, the profile and the lists, built once per analysis (``key``
    names it: file, choices, settings, edits); reruns for a click reuse them."""
    analysis = _analysis
    profile = best_client_profile(analysis)
    frame = profile_chart_frame(profile)
    cur = analysis.settings.currency
    tiers = pm.tier_summary(analysis)
    return {
        "tiers": pm.tier_table(tiers),
        "pareto": charts.pareto_chart(analysis),
        "tier_bars": charts.tier_bars(tiers, cur),
        "scatter": charts.tier_scatter(analysis),
        "industry": charts.industry_chart(analysis),
        "profile": charts.profile_chart(frame) if len(frame) else None,
        "profile_model": profile,
        "sentences": profile_sentences(profile),
        "groups": pm.who_gets_what(analysis),
        "key": key,
    }


@KEEP(**BIG, show_spinner=False)
def _client_view(
    key: str, _analysis: Analysis, picked: tuple[str, ...], limit: int | None
) -> tuple[pd.DataFrame, int]:
    """A client table and how many clients match (``key``: the analysis, as for
    :func:`_view`); the two sections showing the top clients share it."""
    return pm.client_view(_analysis, picked, limit)


@KEEP(**BIG, show_spinner=False)
def _labels(key: str, _analysis: Analysis) -> pd.DataFrame:
    """The industry label table (``key``: clients, edits, overrides; not the
    tiers or cut-offs, which do not change it)."""
    overrides = dict(_analysis.settings.industry_overrides)
    return pc.industry_map_frame(_analysis.clients, overrides, _taxonomy())


@KEEP(**BIG, show_spinner=False)
def _fit(
    ptoken: str, pname: str, key: str, _pdata: bytes, _analysis: Analysis, _v: dict
) -> ProspectFit:
    prospects = _prospects(ptoken, _pdata, pname)
    return score_prospects(prospects, _analysis, _v["profile_model"], _taxonomy())


@KEEP(**BIG, show_spinner=False)
def _editor_table(
    key: str,
    _prepared: Prepared,
    _values: dict,
    _edits: dict,
    _left_out: tuple[str, ...],
    _overrides: dict,
) -> tuple[pd.DataFrame, tuple[float, float], list[str]]:
    """The client editor's table, its completeness and the industry choices
    (``key``: file, second files, edits, choices)."""
    prepared = enrich_prepared(_prepared, _values, _edits)
    taxonomy = _taxonomy()
    frame = editor_frame(
        prepared, _left_out, taxonomy=taxonomy, industry_overrides=_overrides
    )
    options = pc.industry_options(frame, taxonomy.names())
    return frame, pc.frame_completeness(frame), options


@KEEP(**CACHE, show_spinner="Reading the prospect list…")
def _prospects(token: str, _data: bytes, name: str) -> ProspectList:
    """Kept as read (with its whole file), not pickled on every rerun."""
    return read_prospects(_data, name)


class Progress:
    """What is happening while a new file is read, cleaned and analysed; shown
    only when the file is not cached yet, and cleared when done."""

    def __init__(self, token: str, name: str) -> None:
        self.token = token
        seen = st.session_state.get("files_read", [])
        self.box = None if token in seen else st.empty()
        self.status = self.box.status(f"Reading {name}…") if self.box else None

    def step(self, label: str) -> None:
        if self.status is not None:
            self.status.update(label=label)
            self.status.write(label)

    def done(self) -> None:
        if self.box is not None:
            self.box.empty()
            seen = st.session_state.get("files_read", [])
            st.session_state["files_read"] = [*seen[-5:], self.token]


# --- gate and sidebar -----------------------------------------------------------


def password_gate() -> None:
    """Ask for the password when one is configured (st.secrets or env)."""
    expected = auth.expected_password(st.secrets, os.environ)
    if expected is None or st.session_state.get("authenticated"):
        return
    st.title("Niche Finder")
    given = st.text_input("Password", type="password", key="password")
    if given:
        if auth.password_ok(given, expected):
            st.session_state["authenticated"] = True
            del st.session_state["password"]
            st.rerun()
        time.sleep(auth.WRONG_PASSWORD_DELAY)
        st.error("Wrong password")
    st.stop()


def source_widget() -> tuple[bytes, str, bool]:
    """The uploader; the sample file when nothing is uploaded."""
    upload = st.file_uploader(
        "Client list (CSV or Excel)",
        type=UPLOAD_TYPES,
        key="upload",
        help="A customer list or a Sales by Customer report from QuickBooks, "
        "Xero or your PSA, one row per client (or per invoice).",
    )
    if upload is None:
        return SAMPLE.read_bytes(), SAMPLE.name, True
    return upload.getvalue(), upload.name, False


def settings_widgets(taxonomy: Taxonomy) -> tuple[dict, list[str]]:
    """Background, tiers and currency; returns Settings keywords and notes."""
    st.subheader("Settings")
    picked = st.multiselect(
        "Your professional background",
        taxonomy.names(),
        key="background",
        help="Industries you know from before IT: they add a bonus to the score.",
    )
    text = st.text_input(
        "…or describe it",
        key="background_text",
        placeholder="e.g. ten years in a dental practice",
    )
    background = list(picked)
    notes = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        found = taxonomy.resolve_background(part)
        if found and found not in background:
            background.append(found)
            notes.append(f"“{part}” read as {found}.")
        elif not found:
            notes.append(f"“{part}” matches no industry.")
    low_col, high_col = st.columns(2)
    low = low_col.number_input("Micro below (PCs)", 1, 10_000, 10, key="tier_low")
    high = high_col.number_input("Large above (PCs)", 1, 100_000, 50, key="tier_high")
    currency = st.text_input("Currency symbol", "$", max_chars=4, key="currency")
    return {
        "background": tuple(background),
        "tiers": (int(low), int(high)),
        "currency": currency.strip() or "$",
    }, notes


def mapping_widgets(prefix: str, layout: dict) -> tuple[tuple[str, str | None], ...]:
    """A select box per field, pre-set to what was detected; returns overrides."""
    headings = layout["headings"]
    detected = layout["mapping"]
    saved = st.session_state.get("saved_columns", {})
    overrides = []
    with st.expander("Columns used", expanded=False):
        st.caption("Detected from the headings; change any of them.")
        for field in FIELDS:
            current = detected.get(field)
            options = [NONE, *headings]
            wanted = saved.get(field, current) if field in saved else current
            wanted = NONE if wanted is None else wanted
            index = options.index(wanted) if wanted in options else 0
            choice = st.selectbox(
                FIELD_LABELS.get(field, field),
                options,
                index=index,
                key=f"map_{prefix}_{field}",
            )
            chosen = None if choice == NONE else choice
            if chosen != current:
                overrides.append((field, chosen))
    return tuple(overrides)


def advanced_widgets() -> tuple[dict, bool]:
    """Class cut-offs, margin target, roll-up; returns Settings keywords, rollup."""
    a = st.slider(
        "Class A: first … of revenue", 50, 95, 80, 5, key="class_a", format="%d %%"
    )
    b = st.slider(
        "Class B: up to … of revenue", 55, 100, 95, 5, key="class_b", format="%d %%"
    )
    margin = st.slider(
        "Margin target", 0, 60, 20, 5, key="margin_target", format="%d %%"
    )
    rollup = st.checkbox("Roll sub-customers into their parent", True, key="rollup")
    return {"classes": (a / 100, b / 100), "margin_target": margin / 100}, rollup


def load_settings_widget(taxonomy: Taxonomy) -> None:
    """ "Load settings": a settings file applied once to the widgets and choices.

    Runs before the settings widgets are created, so their keys may be set.
    """
    upload = st.file_uploader(
        "Load settings",
        type=["json"],
        key="settings_upload",
        help="A settings file downloaded from this page earlier: column choices, "
        "thresholds, background, left-out clients, confirmed matches and edits.",
    )
    if upload is None:
        return
    data = upload.getvalue()
    digest = pm.file_token(data)
    if st.session_state.get("settings_loaded") == digest:
        st.caption("Settings applied.")
        return
    try:
        loaded = from_json(data)
    except NicheError as err:
        st.error(str(err), icon=":material/error:")
        return
    for key, value in pc.widget_state(loaded, taxonomy.names()).items():
        st.session_state[key] = value
    st.session_state["settings_loaded"] = digest
    st.caption("Settings applied.")


def reading_toggles(layout: dict, overrides: tuple) -> bool:
    """ "Sum the 12 month columns", shown only when the file needs it; returns
    whether it is offered."""
    if not pc.offers_month_sum(layout, dict(overrides)):
        return False
    st.checkbox(
        "Sum the 12 month columns as revenue",
        key="sum_months",
        help="The file has month columns and no revenue column.",
    )
    return True


def ambiguity_toggles(notes: tuple[str, ...]) -> None:
    """ "Dates are day/month" and "Decimal comma", when the file leaves it open."""
    state = st.session_state
    if pc.ambiguous_dates(notes) or state.get("day_first"):
        st.toggle(
            "Dates are day/month",
            key="day_first",
            help="Dates such as 03/04/2025 could be either; read as month/day "
            "unless this is on.",
        )
    if pc.ambiguous_amounts(notes) or state.get("decimal_comma"):
        st.toggle(
            "Decimal comma",
            key="decimal_comma",
            help="Amounts such as 1.234 could be thousands or decimals; read with "
            ". as the decimal mark unless this is on.",
        )


def reading_options(rollup: bool) -> Options:
    """Options from the reading widgets (their values as of this run)."""
    state = st.session_state
    return Options(
        rollup=rollup,
        day_first=True if state.get("day_first") else None,
        decimal_comma=True if state.get("decimal_comma") else None,
        sum_months=bool(state.get("sum_months")),
    )


def left_out_names(token: str, marks: tuple[str, ...]) -> tuple[str, ...]:
    """The left-out names; a new file's own "Leave out" marks are added once."""
    state = st.session_state
    if state.get("left_out_file") != token:
        state["left_out"] = pc.merge_names(state.get("left_out", []), marks)
        state["left_out_file"] = token
    return tuple(state.get("left_out", []))


# --- sections --------------------------------------------------------------------


def header_section(analysis: Analysis, is_sample: bool) -> None:
    st.title("Niche Finder")
    st.markdown("Who your best clients are, and which industry to specialise in.")
    if is_sample:
        st.info(
            "Sample data: upload your own client list in the sidebar (CSV or Excel).",
            icon=":material/info:",
        )
    grid = analysis.source
    where = grid.filename + (f", sheet {grid.sheet}" if grid.sheet else "")
    st.caption(
        f"{pm.escape_markdown(where)} · Uploaded data is processed in memory and "
        "not stored."
    )


def downloads(analysis: Analysis) -> None:
    if report is None:
        st.caption("Downloads: the Excel report module (niche/report.py) is missing.")
        return
    row = st.container(horizontal=True)
    stem = Path(analysis.source.filename).stem or "clients"
    row.download_button(
        "Download Excel report",
        data=lambda: report.to_xlsx(analysis),
        file_name=f"niche-report-{stem}.xlsx",
        mime=report.XLSX_MIME,
        on_click="ignore",
        icon=":material/table_view:",
        key="download_xlsx",
    )
    row.download_button(
        "Download clients (CSV)",
        data=lambda: report.to_csv(analysis),
        file_name=f"clients-ranked-{stem}.csv",
        mime=report.CSV_MIME,
        on_click="ignore",
        icon=":material/download:",
        key="download_csv",
    )


def headline_section(analysis: Analysis) -> None:
    for col, card in zip(st.columns(4), pm.headline_cards(analysis), strict=True):
        col.metric(card.label, card.value, border=True, help=card.help)
    st.markdown(pm.niche_line(analysis))


def complete_section(
    prepared: Prepared,
    clients_token: str,
    left_out: tuple[str, ...],
    taxonomy: Taxonomy,
    currency: str,
) -> tuple[dict, st.delta_generator.DeltaGenerator]:
    """ "Complete your data": a second file, close matches to confirm and the
    editable client table. Returns the second files' values and a box for the
    status line and downloads (filled once the analysis is done).

    Collapsed in an expander when industry and PC count are already known for
    most of the revenue (from the file and the user's edits).
    """
    st.header("Complete your data")
    status_box = st.container()
    state = st.session_state
    edits = state.get("edits", {})
    overrides = state.get("industry_overrides", {})

    def table(values: dict) -> tuple[pd.DataFrame, tuple[float, float], list[str]]:
        key = pm.digest(clients_token, values, edits, left_out, overrides)
        return _editor_table(key, prepared, values, edits, left_out, overrides)

    complete = not pc.needs_completing(*table({})[1])
    body = (
        st.expander("Add a device list, fill in industries and PCs, leave clients out")
        if complete
        else st.container()
    )
    with body:
        values = second_files(prepared, clients_token)
        st.markdown(
            "**Your clients**: pick an industry, type the PC count, tick *Leave out* "
            "for cash sales, walk-ins or your own company. Clients without an "
            "industry come first, largest revenue first; the analysis follows "
            "each change."
        )
        frame, _, options = table(values)
        client_editor(frame, options, currency, f"{clients_token}:{values}")
    return values, status_box


def second_files(prepared: Prepared, clients_token: str) -> dict:
    """The "Add a device or company list" uploader; the values it gives."""
    uploads = st.file_uploader(
        "Add a device or company list",
        type=[t for t in UPLOAD_TYPES if t != "xlsm"],
        key="enrich_upload",
        accept_multiple_files=True,
        help="An RMM device export (one row per device or a count per site), a PSA "
        "company list with a market or vertical, or your own sheet of client, "
        "PCs and industry. Joined to your clients by name.",
    )
    confirmed = st.session_state.get("confirmed", [])
    found = []
    for upload in uploads or []:
        data = upload.getvalue()
        etoken = pm.file_token(data)
        try:
            table = _enrichment(etoken, data, upload.name)
        except NicheError as err:
            st.error(str(err), icon=":material/error:")
            continue
        join = _join(clients_token, etoken, prepared, table)
        confirmed_here = len(join.accepted(confirmed)) - len(join.exact)
        st.markdown(
            f"**{pm.escape_markdown(upload.name)}**: "
            + pm.escape_markdown(pc.join_line(table.kind, join, confirmed_here))
        )
        if join.fuzzy:
            confirm_table(join, etoken, confirmed)
        if join.unmatched_clients or join.unmatched_other:
            unmatched_lists(join)
        found.append(enrichment_values(table, join, confirmed))
    return merge_values(*found)


def confirm_table(join: JoinResult, etoken: str, confirmed: list) -> None:
    """Close name matches with a tick box: they count once confirmed."""
    st.caption("Close matches: tick the ones that are the same client.")
    frame = pc.proposals_frame(join, confirmed)
    digest = pm.digest(confirmed)
    after = st.data_editor(
        frame,
        key=f"confirm_{etoken[:12]}_{digest}",
        hide_index=True,
        disabled=[pc.OURS, pc.THEIRS, pc.SCORE],
        height=pc.editor_height(len(frame), 250),
        column_config={
            pc.CONFIRM: Check(width=110),
            pc.OURS: Text(width=240),
            pc.THEIRS: Text(width=240),
            pc.SCORE: Number(format="%.0f", width=90),
        },
    )
    chosen = pc.confirmed_after(join, after, confirmed)
    if chosen != confirmed:
        st.session_state["confirmed"] = chosen
        st.rerun()


def unmatched_lists(join: JoinResult) -> None:
    esc = pm.escape_markdown
    with st.expander(
        f"Names not matched: {len(join.unmatched_clients)} of your clients, "
        f"{len(join.unmatched_other)} in the file"
    ):
        left, right = st.columns(2)
        left.markdown("**Your clients**")
        left.markdown("\n".join(f"- {esc(n)}" for n in join.unmatched_clients))
        right.markdown("**In the file**")
        right.markdown("\n".join(f"- {esc(n)}" for n in join.unmatched_other))


def client_editor(
    frame: pd.DataFrame, options: list[str], currency: str, context: str
) -> None:
    """The editable client table (the first rows unless the user asks for all);
    a change is stored and the page reruns."""
    state = st.session_state
    base, many = frame, len(frame) > pm.CLIENT_ROWS
    if many and not st.toggle(f"Show all {len(frame):,} clients", key="all_editor"):
        base = frame.iloc[: pm.CLIENT_ROWS]
        st.caption(
            f"The first {pm.CLIENT_ROWS} of {len(frame):,} clients: those without "
            "an industry, then the largest."
        )
    edits, left_out = state.get("edits", {}), list(state.get("left_out", []))
    digest = pm.digest(context, edits, left_out)
    after = st.data_editor(
        base,
        key=f"client_editor_{digest}",
        hide_index=True,
        num_rows="fixed",
        height=pc.editor_height(len(base)),
        column_order=list(EDITOR_ORDER),
        disabled=["client", "annual_revenue"],
        column_config={
            "client": Text("Client", width=230),
            "annual_revenue": Number(
                f"Revenue, 12 months ({currency})",
                format=pm.number_format(currency),
                width=150,
            ),
            "industry": st.column_config.SelectboxColumn(
                "Industry",
                options=options,
                width=230,
                help="Type to search the list of industries.",
            ),
            "systems": Number("PCs", min_value=0, step=1, format="%d", width=80),
            "leave_out": Check("Leave out", width=90),
        },
    )
    changed = pc.changed_rows(base, after)
    new_edits = (
        edits_from_editor(base.loc[changed], after.loc[changed], edits)
        if len(changed)
        else edits
    )
    new_left = pc.left_out_after(left_out, base, after)
    if new_edits != edits or new_left != left_out:
        state["edits"], state["left_out"] = new_edits, new_left
        st.rerun()


def complete_status(analysis: Analysis, saved: AppSettings) -> None:
    """The completeness line and the two take-home downloads."""
    industry, systems = completeness(analysis)
    st.markdown(pm.escape_markdown(pc.completeness_line(industry, systems)))
    stem = Path(analysis.source.filename).stem or "clients"
    row = st.container(horizontal=True)
    row.download_button(
        "Download completed client list",
        data=lambda: completed_list_xlsx(analysis, taxonomy=_taxonomy()),
        file_name=f"{stem}-completed.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        icon=":material/checklist:",
        key="download_completed",
        help="Your list with industries, PCs and Leave-out marks: upload it next "
        "month and everything is there.",
    )
    row.download_button(
        "Download settings",
        data=to_json(saved),
        file_name="niche-finder-settings.json",
        mime="application/json",
        on_click="ignore",
        icon=":material/settings:",
        key="download_settings",
        help="Column choices, thresholds, background, left-out clients, confirmed "
        "matches and your edits. Load it in the sidebar next time.",
    )


CLIENT_ORDER = [
    "Rank",
    "Client",
    "Industry",
    "PCs",
    "Tier",
    "Monthly",
    "Share",
    "Class",
    "Flags",
    "Cumulative",
    "Margin",
]


def _client_columns(cur: str, max_share: float) -> dict:
    return {
        "Rank": Number(width=45),
        "Client": Text(width=195),
        "Industry": Text(width=150),
        "PCs": Number(format="%d", width=45),
        "Tier": Text(width=80),
        "Monthly": _money(cur, 95),
        "Share": _bar(105, "Share", max_share),
        "Cumulative": Number(format="percent", step=SHARE_STEP, width=85),
        "Class": Text(width=45),
        "Margin": Number(format="percent", step=WHOLE_STEP, width=70),
        "Flags": Text(width=260),
    }


def clients_section(analysis: Analysis, view: dict) -> None:
    st.header("Your best clients")
    st.caption(
        "Ranked by monthly revenue. Class A clients bring the first "
        f"{pm.pct(analysis.settings.classes[0])} of revenue: your best clients."
    )
    table, total = shown_clients(analysis, view, (), "show_all_clients")
    max_share = float(table["Share"].max()) if len(table) else 1.0
    st.dataframe(
        table,
        hide_index=True,
        height=min(38 + 35 * len(table), 390),
        column_order=CLIENT_ORDER,
        column_config=_client_columns(analysis.settings.currency, max_share),
    )
    st.altair_chart(view["pareto"], width="stretch", height=480)
    st.subheader("What your best clients have in common")
    left, right = st.columns([1, 1], gap="large")
    with left:
        sentences = view["sentences"]
        st.markdown("\n".join(f"- {pm.escape_markdown(t)}" for t in sentences))
    with right:
        if view["profile"]:
            st.altair_chart(view["profile"], width="stretch")


def tiers_section(analysis: Analysis, view: dict) -> None:
    st.header("Size tiers")
    low, high = analysis.settings.tiers
    st.caption(
        f"Micro: under {low} PCs · Sweet spot: {low} to {high} · "
        f"Large: over {high} (hard to serve without senior staff)."
    )
    cur = analysis.settings.currency
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.dataframe(
            view["tiers"],
            hide_index=True,
            column_config={
                "Tier": Text(width=105),
                "Clients": Number(width=60),
                "Monthly": _money(cur, 95),
                "Share": _bar(120, "Share of revenue"),
            },
        )
        st.altair_chart(view["tier_bars"], width="stretch")
    with right:
        st.altair_chart(view["scatter"], width="stretch", height=440)
        unknown = int((analysis.clients["tier"] == "unknown").sum())
        if unknown:
            st.caption(
                f"Not plotted: {pm.counted(unknown, 'client')} without a PC "
                "count; add their PCs in *Complete your data* above."
            )


def who_section(analysis: Analysis, view: dict) -> None:
    st.header("Who gets what")
    groups = view["groups"]
    for start in range(0, len(groups), 2):
        cols = st.columns(2, gap="medium")
        for col, group in zip(cols, groups[start : start + 2], strict=False):
            with col.container(border=True, height="stretch"):
                st.markdown(f"**{group.title}** · {pm.counted(group.total, 'client')}")
                st.caption(group.meaning)
                st.markdown(pm.group_markdown(group))


def industries_section(analysis: Analysis, view: dict) -> None:
    st.header("Industries")
    st.caption("Click a bar to list that industry's clients (shift-click for more).")
    left, right = st.columns([1, 1], gap="large")
    with left:
        event = st.altair_chart(
            view["industry"],
            width="stretch",
            on_select="rerun",
            key="industry_chart",
        )
    picked = charts.selected_values(event)
    cur = analysis.settings.currency
    with right:
        if picked:
            names = ", ".join(pm.escape_markdown(p) for p in picked)
            count = pm.counted(pm.count_of(analysis, picked), "client")
            st.markdown(f"**{count} in {names}**")
        else:
            st.markdown("**All clients**: click a bar to filter.")
        table, _ = shown_clients(analysis, view, picked, "show_all_industry")
        st.dataframe(
            table,
            hide_index=True,
            height=min(38 + 35 * len(table), 460),
            column_order=["Client", "Industry", "Monthly", "Class"],
            column_config={
                **_client_columns(cur, 1.0),
                "Client": Text(width=160),
                "Industry": Text(width=115),
                "Monthly": _money(cur, 85),
            },
        )


def shown_clients(
    analysis: Analysis, view: dict, picked: tuple[str, ...], key: str
) -> tuple[pd.DataFrame, int]:
    """The top clients (all of them when the user asks), and how many match."""
    every = st.session_state.get(key, False)
    limit = None if every else pm.CLIENT_ROWS
    table, total = _client_view(view["key"], analysis, picked, limit)
    if total > pm.CLIENT_ROWS:
        st.toggle(f"Show all {total:,} clients", key=key)
        if not every:
            st.caption(f"The top {pm.CLIENT_ROWS} of {total:,} clients by revenue.")
    return table, total


def label_map(analysis: Analysis, key: str, taxonomy: Taxonomy) -> None:
    """Industry labels as written -> the industry they count as; the user can
    re-map any of them and confirm the guesses."""
    s = analysis.settings
    frame = _labels(f"{key}:{s.industry_overrides}:{s.annualise}", analysis)
    if not len(frame):
        return
    waiting = pc.waiting_guesses(frame)
    if waiting:
        st.info(pc.guess_note(waiting), icon=":material/help:")
    state = st.session_state
    overrides = state.get("industry_overrides", {})
    cur = analysis.settings.currency
    title = "Industry labels in your file: re-map any of them"
    with st.expander(title, expanded=bool(waiting)):
        st.caption(
            "Pick the industry each label counts as; tick *Confirmed* to accept "
            "a guess. The analysis follows."
        )
        after = st.data_editor(
            frame,
            key=f"industry_map_{pm.digest(overrides)}",
            num_rows="fixed",
            disabled=["Clients", "Monthly", pc.STATUS],
            height=pc.editor_height(len(frame), 320),
            column_config={
                pc.LABEL: Text(width=200),
                "Clients": Number(width=60),
                "Monthly": _money(cur, 95),
                pc.MAPS_TO: st.column_config.SelectboxColumn(
                    "Counts as",
                    options=pc.map_options(frame, taxonomy.names()),
                    width=230,
                    required=True,
                ),
                pc.CONFIRMED: Check(width=85),
                pc.STATUS: Text(width=140),
            },
        )
    new = pc.overrides_after(frame, after, overrides)
    if new != overrides:
        state["industry_overrides"] = new
        st.rerun()


def niche_section(analysis: Analysis) -> None:
    st.header("Recommended niche")
    rec = analysis.recommendation
    esc = pm.escape_markdown
    with st.container(border=True):
        if rec.status != "ok" or not rec.niche:
            st.subheader("Not enough evidence yet")
        else:
            st.subheader(f"{esc(rec.niche)} ({esc(rec.sector)})")
            c1, c2, c3 = st.columns(3)
            c1.metric("Score", f"{rec.score:.0f} of 100")
            c2.metric("Confidence", str(rec.confidence).capitalize())
            c3.metric("Concentration", str(rec.concentration_band).capitalize())
        for line in pm.niche_card(analysis):
            st.markdown(line)
        if rec.status != "ok" or not rec.niche:
            return
    st.markdown("**Score by industry** (industries with 2 or more clients)")
    st.caption(
        "Score = 100 × (0.50 V + 0.20 F + 0.15 P + 0.15 E) + B: V best-client "
        "revenue share, F sweet-spot fit, P typical size, E evidence, "
        "B background bonus (points)."
    )
    scores = pm.score_table(analysis)
    st.dataframe(
        scores,
        hide_index=True,
        height=min(38 + 35 * len(scores), 320),
        column_config={
            "Industry": Text(width=165),
            "Sector": Text(width=150),
            "Clients": Number(width=60),
            "Best": Number(width=50),
            "Score": Number(format="%.1f", width=60),
            **{name: _bar(92, step=WHOLE_STEP) for name in pm.SCORE_PARTS},
            "B background": Number(format="%.0f", width=85),
        },
    )


def prospects_section(analysis: Analysis, key: str, view: dict) -> None:
    st.header("Prospects like your best clients")
    upload = st.file_uploader(
        "Prospect list (name, industry, PCs)",
        type=UPLOAD_TYPES,
        key="prospects_upload",
    )
    if upload is None:
        data, name = SAMPLE_PROSPECTS.read_bytes(), SAMPLE_PROSPECTS.name
        st.caption("Sample prospect list: upload your own to score it.")
    else:
        data, name = upload.getvalue(), upload.name
    token = pm.file_token(data)
    try:
        fit = _fit(token, name, key, data, analysis, view)
    except NicheError as err:
        st.error(str(err), icon=":material/error:")
        return
    if fit.reason:
        st.markdown(pm.escape_markdown(fit.reason))
    frame = prospects_frame(fit)
    first = ["Rank", "Fit", fit.prospects.name, "Why", "Matched industry"]
    first = [c for c in first if c in frame.columns]
    if report is not None and hasattr(report, "table_csv"):
        st.download_button(
            "Download prospects (CSV)",
            data=lambda: report.table_csv(frame),
            file_name="prospects-ranked.csv",
            mime=report.CSV_MIME,
            on_click="ignore",
            icon=":material/download:",
            key="download_prospects",
        )
    st.dataframe(
        frame,
        hide_index=True,
        column_order=first + [c for c in frame.columns if c not in first],
        height=min(38 + 35 * len(frame), 420),
        column_config={
            "Rank": Number(width=45),
            "Fit": st.column_config.ProgressColumn(
                "Fit", format="%.0f", min_value=0, max_value=100, width=110
            ),
            "Why": Text(width=560),
        },
    )


def quality_section(analysis: Analysis) -> None:
    st.header("Data quality")
    for col, card in zip(st.columns(6), pm.quality_cards(analysis), strict=True):
        col.metric(card.label, card.value)
    for line in pc.load_summary(analysis):
        st.markdown(pm.escape_markdown(line))
    for warning in analysis.warnings:
        st.warning(pm.escape_markdown(warning), icon=":material/warning:")
    for note in analysis.notes:
        st.caption(pm.escape_markdown(note))
    st.markdown(pm.columns_used(analysis, FIELD_LABELS))
    st.markdown("**Excluded rows** (row numbers as in your file)")
    excluded = pm.excluded_table(analysis)
    if len(excluded):
        st.dataframe(
            excluded,
            hide_index=True,
            height=min(38 + 35 * len(excluded), 320),
            column_config={
                "Row": Number(width=50),
                "Reason": Text(width=260),
                "Detail": Text(width=260),
                "Values": Text(width="large"),
            },
        )
    else:
        st.caption("None: every row became part of a client.")
    merged = pm.merged_table(analysis)
    st.markdown("**Clients merged from several rows**")
    if len(merged):
        st.dataframe(
            merged, hide_index=True, height=min(38 + 35 * len(merged), 320), width=520
        )
    else:
        st.caption("None.")


# --- the page --------------------------------------------------------------------


def main() -> None:
    password_gate()
    taxonomy = _taxonomy()
    with st.sidebar:
        st.header("Your data")
        data, name, is_sample = source_widget()
        data_box = st.container()
        settings_box = st.container()
        with st.container():  # shown last, run first: it may set the widgets
            load_settings_widget(taxonomy)
        with settings_box:
            kwargs, bg_notes = settings_widgets(taxonomy)
            for note in bg_notes:
                st.caption(pm.escape_markdown(note))
            advanced = st.expander("Advanced")
            with advanced:
                more, rollup = advanced_widgets()
    token = pm.file_token(data)
    state = st.session_state
    months = False
    progress = Progress(token, name)
    try:
        layout = _layout(token, data, name, None)
        with data_box:
            sheet = layout["sheet"]
            if len(layout["sheets"]) > 1:
                sheets = layout["sheets"]
                sheet = st.selectbox(
                    "Sheet",
                    sheets,
                    index=sheets.index(sheet) if sheet else 0,
                    key=f"sheet_{token[:12]}",
                )
                layout = _layout(token, data, name, sheet)
            overrides = mapping_widgets(f"{token[:12]}_{sheet}", layout)
            months = reading_toggles(layout, overrides)
        options_all = reading_options(rollup)
        progress.step(f"Found the header; cleaning {layout['rows']:,} rows…")
        prepared_all = _prepare(token, data, name, sheet, overrides, options_all)
        progress.step(f"Analysing {len(prepared_all.cleaned.clients):,} clients…")
        with data_box:
            ambiguity_toggles(prepared_all.cleaned.notes)
        marks = _marks(token, data, name, sheet, overrides, options_all)
        left_out = left_out_names(token, marks)
        options = replace(options_all, left_out=left_out)
        annualise = False
        if pm.needs_annualise_choice(prepared_all):
            with advanced:
                annualise = st.checkbox(
                    f"Annualise ({prepared_all.period.months:g}-month report)",
                    key="annualise",
                )
        overrides_map = state.get("industry_overrides", {})
        settings = Settings(
            **kwargs,
            **more,
            annualise=annualise,
            industry_overrides=tuple(sorted(overrides_map.items())),
        )
        top = st.container()
        clients_token = f"{token}:{sheet}:{overrides}:{options_all}"
        with st.container():
            values, status_box = complete_section(
                prepared_all, clients_token, left_out, taxonomy, settings.currency
            )
        edits = state.get("edits", {})
        analysis = _analyse(
            token, data, name, sheet, overrides, options, settings, values, edits
        )
        progress.done()
    except NicheError as err:
        progress.done()
        st.title("Niche Finder")
        st.error(str(err), icon=":material/error:")
        if months and not state.get("sum_months"):
            st.markdown(
                "The file has month columns: tick **Sum the 12 month columns as "
                "revenue** in the sidebar."
            )
        st.caption(
            "Fix the file or the column choices in the sidebar, or remove the "
            "upload to see the sample data again. Uploaded data is processed "
            "in memory and not stored."
        )
        return
    chosen = sheet if len(layout["sheets"]) > 1 else None
    saved = pc.saved_settings(settings, options, state, sheet=chosen, columns=overrides)
    with status_box:
        complete_status(analysis, saved)
    digest = pm.digest(values, edits, sorted(left_out))
    key = f"{clients_token}:{digest}:{options}:{settings}"
    view = _view(key, analysis)
    with top:
        header_section(analysis, is_sample)
        downloads(analysis)
        headline_section(analysis)
    clients_section(analysis, view)
    tiers_section(analysis, view)
    who_section(analysis, view)
    industries_section(analysis, view)
    label_map(analysis, f"{clients_token}:{digest}", taxonomy)
    niche_section(analysis)
    prospects_section(analysis, key, view)
    quality_section(analysis)


main()
