"""The first screen: the niche and why, the warnings, who gets your best service
and the headline figures, with nothing else competing for them."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from niche.export import report
from niche.export.pdf import PDF_MIME
from niche.export.plan import plan_bytes
from niche.export.settings_file import AppSettings
from niche.export.xlsx import XLSX_MIME
from niche.format import escape_markdown
from niche.model import Analysis
from niche.present import answers, views
from niche.ui.state import Key, Tab

# Less empty space above the page's first line (Streamlit's default is 6rem).
STYLE = "<style>.block-container{padding-top:2.2rem}</style>"


def header(analysis: Analysis, is_sample: bool, saved: AppSettings) -> None:
    """Title, the file (or "sample data") and the downloads on one line."""
    st.html(STYLE)
    left, right = st.columns([4, 1], vertical_alignment="center")
    grid = analysis.source
    where = grid.filename + (f", sheet {grid.sheet}" if grid.sheet else "")
    with left:
        st.markdown("### Niche Finder")
        if is_sample:
            st.caption(
                "**Sample data** (a fictional 39-client MSP): upload your own client "
                "list in the sidebar."
            )
        else:
            st.caption(
                f"{escape_markdown(where)} · read in memory, not stored"
                + (f" · {escape_markdown(saved.company)}" if saved.company else "")
            )
    with right:
        downloads(analysis, saved)


def downloads(analysis: Analysis, saved: AppSettings) -> None:
    """The plan, the report and the ranked clients, built when clicked."""
    row = st.popover("Download", icon=":material/download:", width="stretch")
    stem = Path(analysis.source.filename).stem or "clients"
    prospects = st.session_state.get(Key.PROSPECTS_UPLOAD)
    listed = (prospects.getvalue(), prospects.name) if prospects else None
    row.download_button(
        "Niche plan (PDF)",
        data=lambda: plan_bytes(analysis, saved, listed),
        file_name=f"niche-plan-{stem}.pdf",
        mime=PDF_MIME,
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        key="download_plan",
        help="A one- or two-page plan to act on or show a partner.",
    )
    row.download_button(
        "Excel report",
        data=lambda: report.to_xlsx(analysis, company=saved.company),
        file_name=f"niche-report-{stem}.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        icon=":material/table_view:",
        key="download_xlsx",
    )
    row.download_button(
        "Clients (CSV)",
        data=lambda: report.to_csv(analysis),
        file_name=f"clients-ranked-{stem}.csv",
        mime=report.CSV_MIME,
        on_click="ignore",
        icon=":material/download:",
        key="download_csv",
    )


def warnings(analysis: Analysis) -> None:
    """Every warning once, in one box."""
    shown = answers.first_warnings(analysis)
    if not shown:
        return
    lines = [f"- {escape_markdown(w)}" for w in shown]
    st.warning("\n".join(lines), icon=":material/warning:")


def figures(analysis: Analysis) -> None:
    """Clients, 12-month and monthly revenue to the cent, the best clients, and
    the check against the file's own total."""
    check = views.reconciliation_line(analysis)
    columns = st.columns([0.7, 1.2, 1.2, 2.4], vertical_alignment="center")
    for column, figure in zip(columns, answers.headline(analysis), strict=False):
        with column:
            label = figure.label + (f" · {figure.note}" if figure.note else "")
            st.caption(escape_markdown(label))
            st.markdown(f"#### {escape_markdown(figure.value)}")
    with columns[-1]:
        if check is None:
            st.caption("Your file has no TOTAL line to check the sum against.")
        elif analysis.reconciliation is not None and analysis.reconciliation.matches:
            st.success(escape_markdown(check), icon=":material/check_circle:")
        else:
            st.error(escape_markdown(check), icon=":material/error:")


def answer(analysis: Analysis) -> None:
    """The niche and why (left), who gets your best service (right)."""
    left, right = st.columns([1.25, 1], gap="medium")
    with left.container(border=True):
        st.markdown(f"#### {escape_markdown(answers.niche_title(analysis))}")
        summary = answers.niche_summary(analysis)
        if summary:
            st.caption(summary)
        reasons = answers.first_reasons(analysis)
        st.markdown("\n".join(f"- {escape_markdown(r)}" for r in reasons))
    with right.container(border=True):
        names, total = answers.best_service(analysis)
        st.markdown("#### Who gets your best service")
        if not names:
            st.markdown("Nobody brings positive revenue yet.")
            return
        more = f" and {total - len(names):,} more" if total > len(names) else ""
        st.markdown(", ".join(f"**{escape_markdown(n)}**" for n in names) + more)
        st.caption(
            f"Class A: the {total:,} clients who bring the first "
            f"{analysis.settings.classes[0] * 100:.0f} % of your revenue. "
            + answers.best_service_action()
        )


def missing(analysis: Analysis) -> None:
    """The next step when the export lacks PC counts or industries."""
    text = answers.missing(analysis)
    if not text:
        return
    left, right = st.columns([3.6, 1.2], vertical_alignment="center")
    left.info(escape_markdown(text), icon=":material/edit_note:")
    right.button(
        "Complete your data",
        icon=":material/arrow_forward:",
        width="stretch",
        on_click=_open_tab,
        args=(Tab.COMPLETE,),
    )


def _open_tab(tab: Tab) -> None:
    """A button's callback: the tab open on the run it starts (one run)."""
    st.session_state[Key.TAB] = tab
