"""Niche Finder: the page. Widgets and layout only; the work is done in niche/.

Run with ``streamlit run app.py``. With no upload the page shows the bundled
sample data. Uploads stay in memory (bytes); nothing is written to disk.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from pathlib import Path

import streamlit as st

from niche import auth, charts
from niche import page_model as pm
from niche.analysis import Settings
from niche.clean import Options
from niche.errors import NicheError
from niche.industry import Taxonomy
from niche.load import Grid
from niche.mapping import FIELD_LABELS, FIELDS, find_header
from niche.pipeline import Analysis, Prepared, analyse, prepare, read
from niche.profile import best_client_profile, profile_chart_frame, profile_sentences
from niche.prospect_list import ProspectList, read_prospects
from niche.prospects import ProspectFit, prospects_frame, score_prospects

try:  # the Excel / CSV report (issue 3 downloads); optional until it lands
    from niche import report
except ImportError:  # pragma: no cover - depends on the checkout
    report = None

SAMPLE = Path(__file__).parent / "sample_data" / "clients.xlsx"
SAMPLE_PROSPECTS = Path(__file__).parent / "sample_data" / "prospects.xlsx"
UPLOAD_TYPES = ["csv", "xlsx", "xlsm", "xls", "ods"]
NONE = "(not in the file)"
CACHE = {"scope": "session", "max_entries": 6, "ttl": 3600}
log = logging.getLogger("niche.app")

st.set_page_config(
    page_title="Niche Finder", page_icon=":material/target:", layout="wide"
)


# --- cached steps (keyed on a digest of the bytes; the bytes are not hashed) ----


@st.cache_resource
def _taxonomy() -> Taxonomy:
    return Taxonomy.default()


@st.cache_data(**CACHE, show_spinner="Reading the file…")
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
    }


@st.cache_data(**CACHE, show_spinner="Cleaning the rows…")
def _prepare(
    token: str,
    _data: bytes,
    name: str,
    sheet: str | None,
    overrides: tuple[tuple[str, str | None], ...],
    options: Options,
) -> Prepared:
    return prepare(_read(token, _data, name, sheet), dict(overrides), options)


@st.cache_data(**CACHE, show_spinner="Analysing…")
def _analyse(
    token: str,
    _data: bytes,
    name: str,
    sheet: str | None,
    overrides: tuple[tuple[str, str | None], ...],
    options: Options,
    settings: Settings,
) -> Analysis:
    prepared = _prepare(token, _data, name, sheet, overrides, options)
    return analyse(prepared, settings, _taxonomy())


@st.cache_data(**CACHE, show_spinner=False)
def _view(
    token: str,
    name: str,
    sheet: str | None,
    overrides: tuple[tuple[str, str | None], ...],
    options: Options,
    settings: Settings,
    _analysis: Analysis,
) -> dict:
    """Chart specs and lists, built once per file and settings (Altair is slow
    to build specs; reruns for a click or a download reuse them)."""
    analysis = _analysis
    profile = best_client_profile(analysis)
    frame = profile_chart_frame(profile)
    cur = analysis.settings.currency
    return {
        "pareto": charts.pareto_chart(analysis).to_dict(),
        "tier_bars": charts.tier_bars(pm.tier_summary(analysis), cur).to_dict(),
        "scatter": charts.tier_scatter(analysis).to_dict(),
        "industry": charts.industry_chart(analysis).to_dict(),
        "profile": charts.profile_chart(frame).to_dict() if len(frame) else None,
        "sentences": profile_sentences(profile),
        "groups": pm.who_gets_what(analysis),
    }


@st.cache_data(**CACHE, show_spinner=False)
def _fit(
    ptoken: str,
    pname: str,
    token: str,
    settings: Settings,
    _pdata: bytes,
    _analysis: Analysis,
) -> ProspectFit:
    return score_prospects(_prospects(ptoken, _pdata, pname), _analysis)


@st.cache_data(**CACHE, show_spinner="Reading the prospect list…")
def _prospects(token: str, _data: bytes, name: str) -> ProspectList:
    return read_prospects(_data, name)


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
    overrides = []
    with st.expander("Columns used", expanded=False):
        st.caption("Detected from the headings; change any of them.")
        for field in FIELDS:
            current = detected.get(field)
            options = [NONE, *headings]
            index = options.index(current) if current in options else 0
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
    h = pm.headline(analysis)
    cur = analysis.settings.currency
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Clients", f"{h.clients:,}", border=True)
    c2.metric(
        "Monthly revenue",
        pm.money(h.monthly_revenue, cur),
        border=True,
        help="12-month revenue divided by 12.",
    )
    c3.metric(
        "Top 20 % of clients bring",
        pm.pct(h.top_share),
        border=True,
        help=f"Share of revenue from your top {h.top_clients} clients (a fifth of "
        f"{h.clients}) by monthly revenue.",
    )
    sweet = "–" if h.sweet_share is None else pm.pct(h.sweet_share)
    low, high = analysis.settings.tiers
    c4.metric(
        "In the sweet spot",
        sweet,
        border=True,
        help=f"{h.sweet_clients} of {h.known_systems} clients with a known PC count "
        f"have {low} to {high} PCs.",
    )
    rec = analysis.recommendation
    if rec.status == "ok" and rec.niche:
        st.markdown(
            f"**Recommended niche: {pm.escape_markdown(rec.niche)}** · score "
            f"{rec.score:.0f} of 100 · confidence {rec.confidence} (details below)"
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
        "Rank": st.column_config.NumberColumn(width=45),
        "Client": st.column_config.TextColumn(width=195),
        "Industry": st.column_config.TextColumn(width=150),
        "PCs": st.column_config.NumberColumn(format="%d", width=45),
        "Tier": st.column_config.TextColumn(width=80),
        "Monthly": st.column_config.NumberColumn(
            f"Monthly ({cur})", format=pm.number_format(cur), width=95
        ),
        "Share": st.column_config.ProgressColumn(
            "Share",
            format="percent",
            min_value=0.0,
            max_value=max(max_share, 1e-9),
            width=105,
        ),
        "Cumulative": st.column_config.NumberColumn(format="percent", width=85),
        "Class": st.column_config.TextColumn(width=45),
        "Margin": st.column_config.NumberColumn(format="percent", width=70),
        "Flags": st.column_config.TextColumn(width=260),
    }


def clients_section(analysis: Analysis, view: dict) -> None:
    st.header("Your best clients")
    st.caption(
        "Ranked by monthly revenue. Class A clients bring the first "
        f"{pm.pct(analysis.settings.classes[0])} of revenue: your best clients."
    )
    table = pm.client_table(analysis)
    max_share = float(table["Share"].max()) if len(table) else 1.0
    st.dataframe(
        table,
        hide_index=True,
        height=min(38 + 35 * len(table), 390),
        column_order=CLIENT_ORDER,
        column_config=_client_columns(analysis.settings.currency, max_share),
    )
    st.vega_lite_chart(spec=view["pareto"], width="stretch", height=480)
    st.subheader("What your best clients have in common")
    left, right = st.columns([1, 1], gap="large")
    with left:
        sentences = view["sentences"]
        st.markdown("\n".join(f"- {pm.escape_markdown(t)}" for t in sentences))
    with right:
        if view["profile"]:
            st.vega_lite_chart(spec=view["profile"], width="stretch")


def tiers_section(analysis: Analysis, view: dict) -> None:
    st.header("Size tiers")
    low, high = analysis.settings.tiers
    st.caption(
        f"Micro: under {low} PCs · Sweet spot: {low} to {high} · "
        f"Large: over {high} (hard to serve without senior staff)."
    )
    tiers = pm.tier_summary(analysis)
    cur = analysis.settings.currency
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.dataframe(
            pm.tier_table(tiers),
            hide_index=True,
            column_config={
                "Tier": st.column_config.TextColumn(width=105),
                "Clients": st.column_config.NumberColumn(width=60),
                "Monthly": st.column_config.NumberColumn(
                    f"Monthly ({cur})", format=pm.number_format(cur), width=95
                ),
                "Share": st.column_config.ProgressColumn(
                    "Share of revenue",
                    format="percent",
                    min_value=0.0,
                    max_value=1.0,
                    width=120,
                ),
            },
        )
        st.vega_lite_chart(spec=view["tier_bars"], width="stretch")
    with right:
        st.vega_lite_chart(spec=view["scatter"], width="stretch", height=440)
        unknown = int((analysis.clients["tier"] == "unknown").sum())
        if unknown:
            st.caption(f"{unknown} client(s) without a PC count are not plotted.")


def who_section(analysis: Analysis, view: dict) -> None:
    st.header("Who gets what")
    esc = pm.escape_markdown
    groups = view["groups"]
    for start in range(0, len(groups), 2):
        cols = st.columns(2, gap="medium")
        for col, group in zip(cols, groups[start : start + 2], strict=False):
            with col.container(border=True, height="stretch"):
                st.markdown(f"**{group.title}** · {group.total} client(s)")
                st.caption(group.meaning)
                if not group.items:
                    st.markdown(group.empty)
                    continue
                lines = [f"- **{esc(i.client)}**: {esc(i.reason)}" for i in group.items]
                if group.listed > len(group.items):
                    lines.append(f"- …and {group.listed - len(group.items)} more")
                st.markdown("\n".join(lines))
                st.markdown(f":material/arrow_forward: *{esc(group.items[0].action)}*")


def industries_section(analysis: Analysis, view: dict) -> None:
    st.header("Industries")
    st.caption("Click a bar to list that industry's clients (shift-click for more).")
    left, right = st.columns([1, 1], gap="large")
    with left:
        event = st.vega_lite_chart(
            spec=view["industry"],
            width="stretch",
            on_select="rerun",
            key="industry_chart",
        )
    picked = charts.selected_values(event)
    table = pm.client_table(analysis, picked)
    cur = analysis.settings.currency
    with right:
        if picked:
            names = ", ".join(pm.escape_markdown(p) for p in picked)
            st.markdown(f"**{len(table)} client(s) in {names}**")
        else:
            st.markdown("**All clients**: click a bar to filter.")
        st.dataframe(
            table,
            hide_index=True,
            height=min(38 + 35 * len(table), 460),
            column_order=["Client", "Industry", "Monthly", "Class"],
            column_config={
                **_client_columns(cur, 1.0),
                "Client": st.column_config.TextColumn(width=160),
                "Industry": st.column_config.TextColumn(width=115),
                "Monthly": st.column_config.NumberColumn(
                    f"Monthly ({cur})", format=pm.number_format(cur), width=85
                ),
            },
        )


def niche_section(analysis: Analysis) -> None:
    st.header("Recommended niche")
    rec = analysis.recommendation
    esc = pm.escape_markdown
    with st.container(border=True):
        if rec.status != "ok" or not rec.niche:
            st.subheader("Not enough evidence yet")
            for reason in rec.reasons:
                st.markdown(f"- {esc(reason)}")
            if rec.springboard:
                st.markdown("**Springboard:** " + ", ".join(map(esc, rec.springboard)))
            return
        st.subheader(f"{esc(rec.niche)} ({esc(rec.sector)})")
        c1, c2, c3 = st.columns(3)
        c1.metric("Score", f"{rec.score:.0f} of 100")
        c2.metric("Confidence", str(rec.confidence).capitalize())
        c3.metric("Concentration", str(rec.concentration_band).capitalize())
        for reason in rec.reasons:
            st.markdown(f"- {esc(reason)}")
        if rec.adjacent:
            st.markdown("**Grow next into:** " + ", ".join(map(esc, rec.adjacent[:6])))
        ups = pm.runners_up(analysis)
        if ups:
            close = set(rec.close)
            st.markdown(
                "**Runners-up:** "
                + ", ".join(
                    f"{esc(n)} ({s:.0f}{', close' if n in close else ''})"
                    for n, s in ups
                )
            )
        if rec.background_effect:
            st.markdown(f"**Your background:** {esc(rec.background_effect)}")
        if rec.springboard:
            st.markdown("**Springboard:** " + ", ".join(map(esc, rec.springboard)))
    st.markdown("**Score by industry** (industries with 2 or more clients)")
    st.caption(
        "Score = 100 × (0.50 V + 0.20 F + 0.15 P + 0.15 E) + B: V best-client "
        "revenue share, F sweet-spot fit, P typical size, E evidence, "
        "B background bonus (points)."
    )
    scores = pm.score_table(analysis)
    share = st.column_config.ProgressColumn
    st.dataframe(
        scores,
        hide_index=True,
        height=min(38 + 35 * len(scores), 320),
        column_config={
            "Industry": st.column_config.TextColumn(width=165),
            "Sector": st.column_config.TextColumn(width=110),
            "Clients": st.column_config.NumberColumn(width=60),
            "Best": st.column_config.NumberColumn(width=50),
            "Score": st.column_config.NumberColumn(format="%.1f", width=60),
            **{
                name: share(format="percent", min_value=0.0, max_value=1.0, width=92)
                for name in ("V best revenue", "F sweet spot", "P size", "E evidence")
            },
            "B background": st.column_config.NumberColumn(format="%.0f", width=85),
        },
    )


def prospects_section(analysis: Analysis, analysis_token: str) -> None:
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
    token = hashlib.blake2b(data, digest_size=16).hexdigest()
    try:
        fit = _fit(token, name, analysis_token, analysis.settings, data, analysis)
    except NicheError as err:
        st.error(str(err), icon=":material/error:")
        return
    if fit.reason:
        st.markdown(pm.escape_markdown(fit.reason))
    frame = prospects_frame(fit)
    first = ["Rank", "Fit", fit.prospects.name, "Why", "Matched industry"]
    first = [c for c in first if c in frame.columns]
    st.dataframe(
        frame,
        hide_index=True,
        column_order=first + [c for c in frame.columns if c not in first],
        height=min(38 + 35 * len(frame), 420),
        column_config={
            "Rank": st.column_config.NumberColumn(width=45),
            "Fit": st.column_config.ProgressColumn(
                "Fit", format="%.0f", min_value=0, max_value=100, width=110
            ),
            "Why": st.column_config.TextColumn(width=380),
        },
    )


def quality_section(analysis: Analysis) -> None:
    st.header("Data quality")
    q = pm.quality(analysis)
    cols = st.columns(6)
    cols[0].metric("Rows read", f"{q.rows_read:,}")
    cols[1].metric("Clients", f"{q.clients:,}")
    cols[2].metric("Merged clients", f"{q.merged:,}")
    cols[3].metric("Rows excluded", f"{q.excluded:,}")
    cols[4].metric("Revenue with industry", pm.pct(q.industry_known))
    cols[5].metric("Revenue with PC count", pm.pct(q.systems_known))
    for warning in analysis.warnings:
        st.warning(pm.escape_markdown(warning), icon=":material/warning:")
    for note in analysis.notes:
        st.caption(pm.escape_markdown(note))
    used = analysis.prepared.header.mapping.as_dict()
    st.markdown(
        "**Columns used:** "
        + " · ".join(
            f"{FIELD_LABELS.get(k, k)} ← {pm.escape_markdown(v)}"
            for k, v in used.items()
        )
    )
    st.markdown("**Excluded rows** (row numbers as in your file)")
    excluded = pm.excluded_table(analysis)
    if len(excluded):
        st.dataframe(
            excluded,
            hide_index=True,
            height=min(38 + 35 * len(excluded), 320),
            column_config={
                "Row": st.column_config.NumberColumn(width=50),
                "Reason": st.column_config.TextColumn(width=260),
                "Detail": st.column_config.TextColumn(width=260),
                "Values": st.column_config.TextColumn(width="large"),
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
        kwargs, bg_notes = settings_widgets(taxonomy)
        for note in bg_notes:
            st.caption(pm.escape_markdown(note))
        advanced = st.expander("Advanced")
        with advanced:
            more, rollup = advanced_widgets()
    # Extension point (issue 5): a second file, the editable table and leave-out
    # choices feed Options(left_out=...) and Settings(industry_overrides=...) here.
    token = hashlib.blake2b(data, digest_size=16).hexdigest()
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
        options = Options(rollup=rollup)
        prepared = _prepare(token, data, name, sheet, overrides, options)
        annualise = False
        if pm.needs_annualise_choice(prepared):
            with advanced:
                annualise = st.checkbox(
                    f"Annualise ({prepared.period.months:g}-month report)",
                    key="annualise",
                )
        settings = Settings(**kwargs, **more, annualise=annualise)
        analysis = _analyse(token, data, name, sheet, overrides, options, settings)
    except NicheError as err:
        st.title("Niche Finder")
        st.error(str(err), icon=":material/error:")
        st.caption(
            "Fix the file or the column choices in the sidebar, or remove the "
            "upload to see the sample data again. Uploaded data is processed "
            "in memory and not stored."
        )
        return
    view = _view(token, name, sheet, overrides, options, settings, analysis)
    header_section(analysis, is_sample)
    downloads(analysis)
    headline_section(analysis)
    clients_section(analysis, view)
    tiers_section(analysis, view)
    who_section(analysis, view)
    industries_section(analysis, view)
    niche_section(analysis)
    prospects_section(analysis, f"{token}:{sheet}:{overrides}:{options}")
    quality_section(analysis)


main()
