"""The niche plan: one or two pages a consultant can send to a business partner.

:func:`plan_pdf` builds it in memory from an analysis (and, optionally, a scored
prospect list). The plan is a list of section builders (:data:`SECTIONS`), each
``(Document, Plan) -> None`` writing below the previous one; a new section is one
more function in the list (the Profit and Change sections are in
:mod:`niche.export.plan_profit`). When the plan runs past two pages it is made
again with a higher ``Plan.fit``: the sections that have a shorter form use it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from niche.errors import NicheError
from niche.export.chart_images import chart_png
from niche.export.pdf import GREY, SMALL, Document, page_size
from niche.export.plan_profit import SHORTEST, change_section, profit_section
from niche.export.settings_file import AppSettings
from niche.format import TIER_LABELS, counted, money, pct, sentence
from niche.model import TIERS, Analysis
from niche.present import charts, facts, views
from niche.present.who import Group, who_gets_what
from niche.prospects.read import read_prospects
from niche.prospects.score import ProspectFit, score_prospects
from niche.rules.profile import Profile, best_client_profile, profile_sentences
from niche.rules.taxonomy import UNSPECIFIED

PLAN_PARETO_TOP = 20  # clients named on the plan's chart (a page is narrow)

WHO = ("best_service", "retention_priority", "pays_the_bills", "at_risk")
LISTED = 4  # clients per "who gets what" list
PROSPECTS = 10
CHART_INDUSTRIES = 8
GUTTER = 6.0  # mm between the two columns of "who gets what"


@dataclass(frozen=True)
class PlanOptions:
    """What the plan says about who made it, and its paper."""

    company: str = ""  # the user's company name ("" leaves it out)
    page_size: str | None = None  # "A4" | "Letter"; None: Letter for "$", else A4
    created: dt.date | None = None  # None: today


@dataclass(frozen=True, eq=False)
class Plan:
    """Everything a section may print, computed once."""

    analysis: Analysis
    options: PlanOptions
    profile: Profile
    groups: dict[str, Group]
    prospects: ProspectFit | None
    fit: int = 0  # 0: in full; 1 to SHORTEST: shorter forms, to keep to two pages
    images: dict[tuple, bytes] = field(default_factory=dict)  # drawn charts

    def png(
        self,
        name: str,
        chart: Callable[[], Any],
        width: float,
        height: float,
        right_mm: float = 0,
    ) -> bytes:
        """The chart ``chart()`` makes, drawn as PNG (:func:`chart_png`) once per
        plan and size: a plan made again in a shorter form neither builds nor
        draws its charts again."""
        key = (name, width, height, right_mm)
        if key not in self.images:
            self.images[key] = chart_png(chart(), width, height, right_mm=right_mm)
        return self.images[key]

    @property
    def currency(self) -> str:
        return self.analysis.settings.currency

    @property
    def has_niche(self) -> bool:
        rec = self.analysis.recommendation
        return rec.status == "ok" and rec.niche is not None


Section = Callable[[Document, Plan], None]


def _title(doc: Document, plan: Plan) -> None:
    a, options = plan.analysis, plan.options
    created = options.created or dt.date.today()
    if options.company:
        doc.text(options.company, 10, bold=True, color=GREY)
    doc.text("Niche plan", 20, bold=True, height=9)
    h = views.headline(a)
    doc.text(
        f"{facts.period_text(a)} · {counted(h.clients, 'client')} · "
        f"{money(h.monthly_revenue, plan.currency)} a month · created "
        f"{created.day} {created:%B %Y}",
        9,
        color=GREY,
    )


def _niche(doc: Document, plan: Plan) -> None:
    rec = plan.analysis.recommendation
    doc.heading("Recommended niche")
    if not plan.has_niche:
        doc.text("Not enough evidence yet", 14, bold=True, height=7)
        doc.gap(1.5)
        doc.bullets(rec.reasons)
        doc.runs(
            [
                ("Next step: ", True),
                (
                    "add each client's industry and PC count (a PSA company list or "
                    "an RMM device list does it in one upload) and make the plan "
                    "again.",
                    False,
                ),
            ]
        )
        return
    doc.text(f"{rec.niche} ({rec.sector})", 15, bold=True, height=7)
    doc.text(
        f"Score {rec.score:.0f} of 100 · confidence: {rec.confidence} · "
        f"concentration: {rec.concentration_band}",
        color=GREY,
    )
    doc.gap(1.5)
    doc.bullets(rec.reasons)
    if rec.adjacent:
        doc.runs([("Grow next into: ", True), (", ".join(rec.adjacent[:6]), False)])
    if rec.background_effect:
        doc.runs([("Your background: ", True), (rec.background_effect, False)])


def _profile(doc: Document, plan: Plan) -> None:
    sentences = profile_sentences(plan.profile)
    if not sentences:  # no industries, PC counts or dates to compare
        return
    doc.heading("What your best clients have in common", space=25)
    doc.bullets(sentences)


def _charts(doc: Document, plan: Plan) -> None:
    a = plan.analysis
    width = doc.width
    height = 50.0
    doc.need(height + 4)
    doc.gap(2)
    pareto = plan.png(
        "pareto", lambda: charts.pareto_chart(a, top=PLAN_PARETO_TOP), width, height
    )
    doc.image(pareto, width, height)
    known = a.industries["industry"] != UNSPECIFIED
    if known.any():  # a chart of "Unspecified" alone says nothing
        rows = min(len(a.industries), CHART_INDUSTRIES)
        tall = 15 + 4.6 * rows
        doc.gap(3)
        industry = plan.png(
            "industry",
            lambda: charts.industry_chart(a, top=CHART_INDUSTRIES),
            width,
            tall,
            right_mm=32,
        )
        doc.image(industry, width, tall)


def _who(doc: Document, plan: Plan) -> None:
    doc.heading("Who gets what", space=70)
    pdf = doc.pdf
    column = (doc.width - GUTTER) / 2
    left = pdf.l_margin
    for start in range(0, len(WHO), 2):
        top = pdf.get_y()
        bottom = top
        for i, flag in enumerate(WHO[start : start + 2]):
            pdf.set_left_margin(left + i * (column + GUTTER))
            pdf.set_right_margin(pdf.w - pdf.l_margin - column)
            pdf.set_xy(pdf.l_margin, top)
            _group(doc, plan.groups[flag], LISTED - (plan.fit >= SHORTEST))
            bottom = max(bottom, pdf.get_y())
        pdf.set_left_margin(left)
        pdf.set_right_margin(left)
        pdf.set_xy(left, bottom + 2)


def _group(doc: Document, group: Group, limit: int = LISTED) -> None:
    doc.runs([(group.title, True), (f" · {counted(group.total, 'client')}", False)])
    doc.text(group.meaning, SMALL, color=GREY)
    doc.gap(0.8)
    if not group.items:
        doc.text(group.empty, 8)
        return
    items = group.items[:limit]
    for item in items:
        doc.runs([(item.client, True), (f": {item.reason}", False)], size=8)
    if group.listed > len(items):
        doc.text(f"…and {group.listed - len(items):,} more", 8, color=GREY)
    doc.gap(0.8)
    doc.runs([("Next step: ", True), (group.items[0].action, False)], size=8)


def _tiers(doc: Document, plan: Plan) -> None:
    a = plan.analysis
    low, high = a.settings.tiers
    ranges = {
        "micro": f"under {low} PCs",
        "sweet_spot": f"{low} to {high} PCs",
        "large": f"over {high} PCs, hard to serve without senior staff",
        "unknown": "no PC count in the file",
    }
    summary = views.tier_summary(a)
    rows = dict(zip(summary["tier"], summary.itertuples(index=False), strict=True))
    if rows["unknown"].clients == len(a.clients):  # no PC count at all
        doc.heading("Size tiers", space=15)
        doc.text(
            "The file has no PC counts: add them (an RMM device list does it in one "
            f"upload) to see who is micro (under {low} PCs), in the sweet spot "
            f"({low} to {high}) or large (over {high})."
        )
        return
    doc.heading("Size tiers", space=25)
    for tier in TIERS:
        row = rows[tier]
        if tier == "unknown" and not row.clients:
            continue
        doc.runs(
            [
                (f"{TIER_LABELS[tier]} ({ranges[tier]}): ", True),
                (
                    f"{counted(row.clients, 'client')}, "
                    f"{money(row.monthly_revenue, plan.currency)} a month, "
                    f"{pct(row.revenue_share)} of revenue",
                    False,
                ),
            ]
        )


def _prospects(doc: Document, plan: Plan) -> None:
    fit = plan.prospects
    if fit is None:
        return
    doc.heading("Prospects like your best clients", space=40)
    if fit.reason:
        doc.text(fit.reason, 8, color=GREY)
    top = fit.table.head(PROSPECTS)
    rows = [
        (
            int(r.rank),
            r.name,
            r.industry,
            # "Dental offices: your recommended niche": the industry has its column
            sentence(r.reasons[0].split(": ", 1)[-1]) if r.reasons else "",
            "" if r.systems != r.systems else f"{r.systems:,.0f}",
            TIER_LABELS.get(r.tier, r.tier),
            f"{r.fit:.0f}",
        )
        for r in top.itertuples(index=False)
    ]
    w = doc.width
    doc.table(
        ("#", "Prospect", "Industry", "Why the industry fits", "PCs", "Size", "Fit"),
        rows,
        (6, 0.27 * w, 0.17 * w, w - 47 - 0.44 * w, 10, 22, 9),
        align="LLLLRLR",
        size=7.5,
    )
    if len(fit.table) > PROSPECTS:
        doc.text(
            f"The top {PROSPECTS} of {len(fit.table):,} prospects.", 7.5, color=GREY
        )


def _quality(doc: Document, plan: Plan) -> None:
    a = plan.analysis
    grid = a.source
    source = grid.filename + (f", sheet {grid.sheet}" if grid.sheet else "")
    lines = [
        f"Source: {source}. {facts.rows_text(a)}",
        facts.reconciliation_text(a),
        *a.warnings,
    ]
    if doc.unprintable:
        lines.append(
            f"{counted(len(doc.unprintable), 'name')} holds characters this PDF's "
            "fonts cannot print (shown as ?); the Excel report has them in full."
        )
    doc.heading("About the data", space=14 + 3.6 * len(lines))  # kept together
    doc.bullets(lines, size=SMALL, indent=3)


SECTIONS: tuple[Section, ...] = (
    _title,
    _niche,
    _profile,
    _charts,
    profit_section,
    _tiers,
    _who,
    change_section,
    _prospects,
    _quality,
)
MAX_PAGES = 2
FITS = (1, 2, SHORTEST)  # Plan.fit levels tried in turn when the plan runs over


def plan_pdf(
    analysis: Analysis,
    options: PlanOptions = PlanOptions(),
    prospects: ProspectFit | None = None,
    sections: Sequence[Section] = SECTIONS,
) -> bytes:
    """The niche plan as PDF bytes (built in memory).

    Parameters
    ----------
    analysis
        A finished analysis.
    options
        Company name, paper size, date.
    prospects
        A prospect list scored against the analysis: its top ten are listed.
    sections
        The builders to run, in order (:data:`SECTIONS` by default).
    """
    groups = {g.flag: g for g in who_gets_what(analysis, limit=LISTED)}
    plan = Plan(analysis, options, best_client_profile(analysis), groups, prospects)
    doc = _document(plan, sections)
    for fit in FITS:  # past two pages: the shorter forms of what has them
        if doc.pdf.page_no() <= MAX_PAGES:
            break
        doc.close()
        doc = _document(replace(plan, fit=fit), sections)
    return doc.output()


def _document(plan: Plan, sections: Sequence[Section]) -> Document:
    analysis, options = plan.analysis, plan.options
    rec = analysis.recommendation
    title = "Niche plan" + (f": {rec.niche}" if plan.has_niche else "")
    doc = Document(
        page_size(analysis.settings.currency, options.page_size),
        title=title,
        author=options.company,
        footer=" · ".join(p for p in (options.company, "Niche plan") if p),
    )
    for section in sections:
        section(doc, plan)
    return doc


def plan_bytes(
    analysis: Analysis,
    app: AppSettings,
    prospects: tuple[bytes, str] | None = None,
) -> bytes:
    """The plan with the saved settings' company and paper, and the top fits of
    a prospect list given as (bytes, file name): what the page's button gives.
    A prospect list that cannot be read is left out (the page says why)."""
    fit = None
    if prospects is not None:
        try:
            fit = score_prospects(read_prospects(*prospects), analysis)
        except NicheError:
            fit = None
    return plan_pdf(analysis, PlanOptions(app.company, app.page_size), fit)
