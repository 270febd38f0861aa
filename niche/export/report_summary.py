"""The Excel report's Summary sheet: the niche, the totals, a line each for
profit and change (when the file has them), the data check and the settings in
words, with the two native charts beside them."""

from __future__ import annotations

import datetime as dt
import math

from niche.export.report_sheets import Report
from niche.export.xlsx import Sheet, Styled
from niche.export.xlsx_chart import ChartSpec, Series, axis_money
from niche.format import day, pct, sentence
from niche.present import facts, profit
from niche.present.chart_data import INDUSTRY_TOP, PARETO_TOP
from niche.present.views import TOP_SHARE


def summary(report: Report) -> Sheet:
    a = report.analysis
    rec, settings, c = a.recommendation, a.settings, a.clients
    rows: list[tuple[object, object]] = []

    def line(label: str, value: object) -> None:
        rows.append((label, value))

    def block(title: str) -> None:
        rows.append((None, None))
        rows.append((Styled(title, "bold"), None))

    created = report.created or dt.date.today()
    if report.company:
        line("Company", Styled(report.company, "bold"))
    line("Period", facts.period_text(a))
    grid = a.source
    line("File", grid.filename + (f' (sheet "{grid.sheet}")' if grid.sheet else ""))
    line("Created", day(created))
    block("Recommended niche")
    if rec.status == "ok" and rec.niche:
        line("Niche", Styled(rec.niche, "bold"))
        line("Sector", rec.sector)
        line("Score (of 100)", Styled(rec.score, "decimal"))
        line("Confidence", sentence(str(rec.confidence)))
        line("Concentration", sentence(str(rec.concentration_band)))
    else:
        line("Niche", "Not enough evidence yet: no industry has 2 or more clients.")
    for i, text in enumerate(rec.reasons):
        line("Why" if i == 0 else None, Styled(text, "wrap"))
    if rec.adjacent:
        line("Grow next into", Styled(", ".join(rec.adjacent), "wrap"))
    if rec.runners_up:
        line("Runners-up", Styled(", ".join(rec.runners_up), "wrap"))
    if rec.springboard:
        line("Springboard", Styled(", ".join(rec.springboard), "wrap"))
    if settings.background:
        line("Your background", ", ".join(settings.background))
        if rec.background_effect:
            line("Its effect", Styled(rec.background_effect, "wrap"))

    block("Totals")
    n = len(c)
    annual = float(c["annual_revenue"].sum())
    top = c["revenue_share"].head(max(1, math.ceil(n * TOP_SHARE))).sum() if n else 0.0
    sweet = float((c["tier"] == "sweet_spot").mean()) if n else 0.0
    line("Clients", n)
    line("Annual revenue", Styled(annual, "money"))
    line("Monthly revenue", Styled(annual / 12, "money"))
    line("Best clients (class A)", int((c["value_class"] == "A").sum()))
    line("Revenue from the top 20 % of clients", Styled(float(top), "percent"))
    line("Clients in the sweet spot", Styled(sweet, "percent"))

    said = [
        (label, text)
        for label, text in (
            ("Profit", profit.profit_answer(a) if profit.has_profit_data(a) else ""),
            ("Change", profit.change_answer(a) if a.bridge is not None else ""),
        )
        if text
    ]
    if said:
        block("Profit and change (see their sheets)")
        for label, text in said:
            line(label, Styled(text, "wrap"))

    block("The data")
    line("Rows", Styled(facts.rows_text(a), "wrap"))
    line("Check", Styled(facts.reconciliation_text(a), "wrap"))
    for i, text in enumerate(a.warnings):
        line("Warnings" if i == 0 else None, Styled(text, "wrap"))
    for i, text in enumerate(a.notes):
        line("Notes" if i == 0 else None, Styled(text, "wrap"))

    block("Settings")
    low, high = settings.tiers
    first, second = settings.classes
    line(
        "Size tiers",
        Styled(
            f"Micro: under {low} PCs; sweet spot: {low} to {high} PCs; large: over "
            f"{high} PCs.",
            "wrap",
        ),
    )
    line(
        "Value classes",
        Styled(
            f"A: the clients that bring the first {pct(first)} of revenue; B: up to "
            f"{pct(second)}; C: the rest.",
            "wrap",
        ),
    )
    line("Margin target", Styled(settings.margin_target, "percent"))
    line("Currency", settings.currency)
    title = "Niche report" + (f": {report.company}" if report.company else "")
    return Sheet(
        "Summary",
        (Styled(title, "title"), None),
        rows,
        ("bold", "general"),
        autofilter=False,
        wide={1: 80},
        charts=_charts(report),
    )


def _charts(report: Report) -> tuple[ChartSpec, ...]:
    """The Pareto chart (the top clients of the Clients sheet) and the industry
    mix (the first industries of the Industries sheet), capped as on the page."""
    a = report.analysis
    cur = a.settings.currency
    money = axis_money(cur)
    shown = min(len(a.clients), PARETO_TOP)
    out = []
    if shown:
        last = shown  # rows 1..shown of the Clients sheet (row 0: headings)
        out.append(
            ChartSpec(
                "column",
                f"Monthly revenue of your top {shown} clients, ranked",
                (
                    Series(
                        "Monthly revenue",
                        ("Clients", 1, 6, last),
                        ("Clients", 1, 0, last),
                        color="#1F4E79",
                    ),
                    Series(
                        "Cumulative share of revenue",
                        ("Clients", 1, 11, last),
                        ("Clients", 1, 0, last),
                        kind="line",
                        secondary=True,
                        color="#C0392B",
                    ),
                ),
                "D2",
                y_title=f"Monthly revenue ({cur})",
                x_title="Clients, ranked",
                y_format=money,
                y2_format="0%",
            )
        )
    industries = min(len(a.industries), INDUSTRY_TOP)
    if industries:
        out.append(
            ChartSpec(
                "bar",
                "Annual revenue by industry (dark: from best clients)",
                (
                    Series(
                        "From best clients",
                        ("Industries", 1, 7, industries),
                        ("Industries", 1, 0, industries),
                        color="#1F4E79",
                    ),
                    Series(
                        "From the others",
                        ("Industries", 1, 8, industries),
                        ("Industries", 1, 0, industries),
                        color="#C9D6E3",
                    ),
                ),
                "D20",
                y_title=f"Annual revenue ({cur})",
                y_format=money,
                height=max(320, 60 + 22 * industries),
                stacked=True,
            )
        )
    return tuple(out)
