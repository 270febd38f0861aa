"""The Excel report's Profit and Change sheets (issue 18), one builder each.

Each opens with its one-sentence answer (:mod:`niche.present.profit`, as the
page's tabs do), then small tables, then the long table of clients. A builder
returns ``None`` when the file has nothing for its sheet: no support hours or
costs (Profit); no last period and no risk score above 0 (Change).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from niche.export.report_sheets import Report
from niche.export.xlsx import Line, Styled
from niche.export.xlsx_chart import ChartSpec, Series, axis_money
from niche.export.xlsx_table import Column, Table, letter
from niche.model import Analysis
from niche.present import profit as present

PROFIT_SHEET = "Profit"
CHANGE_SHEET = "Change"
RISKS_LISTED = 10
# profit_table's columns as the sheet shows them: heading, style.
PROFIT_COLUMNS = {
    "Client": ("Client", "general"),
    "Industry": ("Industry", "general"),
    "Rank": ("Rank", "general"),
    "Revenue (12 months)": ("Revenue (12 months)", "money"),
    "Support hours": ("Support hours (12 months)", "decimal"),
    "Revenue per hour": ("Revenue per support hour", "money"),
    "Gross profit": ("Gross profit (12 months)", "money"),
    "Margin": ("Gross margin", "percent"),
    "Costs more time than it pays": ("Costs more time than it pays", "general"),
    "Risk": ("Risk score (0 to 100)", "integer"),
}
CHANGE_COLUMNS = {
    "Client": ("Client", "general"),
    "Last period's name": ("Name last period", "general"),
    "Last period": ("Revenue last period", "money"),
    "This period": ("Revenue this period", "money"),
    "Change": ("Change", "money"),
    "Kind": ("Kind of change", "general"),
}
BRIDGE_ORDER = ("Last period", "New", "Grown", "Shrunk", "Lost", "Flat", "This period")
CHART_ROWS = 15  # rows of the sheet the bridge chart covers (20 px each)


def _header(*names: str) -> list[object]:
    return [Styled(n, "header") for n in names]


def _money(value: float) -> Styled:
    return Styled(float(value), "money")


# --- Profit ----------------------------------------------------------------------


def profit(report: Report) -> Table | None:
    """Revenue per support hour by industry and by client, gross profit and
    margin where costs are known, who costs more time than it pays."""
    a = report.analysis
    if not present.has_profit_data(a):
        return None
    intro: list[Sequence[object]] = [
        [Line(present.profit_answer(a), "answer")],
        [Line(present.ranking_line(a))],
        [],
    ]
    rates = present.industry_rates(a)
    if len(rates):
        intro.append([Line("Revenue per support hour, by industry", "bold")])
        intro.append(_header("Industry", "Clients", "Support hours", "Per hour"))
        for row in rates.itertuples(index=False, name=None):
            industry, clients, hours, rate = row
            intro.append(
                [
                    industry,
                    Styled(int(clients), "integer"),
                    Styled(float(hours), "decimal"),
                    _money(rate),
                ]
            )
        intro.append([])
    table = present.profit_table(a)
    hours = table["Support hours"].notna().any()
    kept = [
        c
        for c in PROFIT_COLUMNS
        if table[c].notna().any()
        and (c != "Costs more time than it pays" or hours)
        and (c != "Risk" or (table[c] > 0).any())
    ]
    flag = table["Costs more time than it pays"]
    table = table.assign(
        **{"Costs more time than it pays": np.where(flag.to_numpy(), "Yes", "")}
    )
    first = "the lowest revenue per support hour first" if hours else "by rank"
    intro.append([Line(f"Clients, {first}", "bold")])
    return Table(
        PROFIT_SHEET,
        [_column(PROFIT_COLUMNS, c, table[c]) for c in kept],
        intro=intro,
    )


def _column(columns: dict[str, tuple[str, str]], name: str, values: object) -> Column:
    heading, style = columns[name]
    return Column(heading, values, style)


# --- Change ----------------------------------------------------------------------


def change(report: Report) -> Table | None:
    """Last period to this one: the bridge (with its chart), gross and net
    revenue retention, the highest risk scores and each client's change."""
    a = report.analysis
    risks = present.risk_table(a, RISKS_LISTED)
    risks = risks[risks["Risk"] > 0]
    if a.bridge is None and risks.empty:
        return None
    intro: list[Sequence[object]] = [[Line(present.change_answer(a), "answer")]]
    if a.bridge is None:  # the risks are the sheet's table
        intro += [[], [Line(_risk_title(), "bold")]]
        return Table(CHANGE_SHEET, _risk_columns(risks), intro=intro)
    table = present.change_table(a)
    if a.bridge.source != "previous_file":  # the names are this period's
        table = table.drop(columns="Last period's name")
    columns = [_column(CHANGE_COLUMNS, c, table[c]) for c in table]
    intro.append([Line(present.bridge_periods(a))])
    intro += [[Line(note)] for note in a.bridge.notes]
    intro.append([])
    charts, hidden = _bridge(a, intro, len(columns))
    if len(risks):
        intro += [[Line(_risk_title(), "bold")], _header("Client", "Risk", "Why")]
        for row in risks.itertuples(index=False):
            intro.append([row.Client, Styled(row.Risk, "integer"), row.Why])
        intro.append([])
    intro.append([Line("Client by client, the biggest change first", "bold")])
    return Table(CHANGE_SHEET, columns, charts=charts, intro=intro, hidden=hidden)


def _risk_title() -> str:
    return "Highest risk: the risk score (0 to 100) and its two reasons"


def _risk_columns(risks: pd.DataFrame) -> list[Column]:
    return [
        Column("Client", risks["Client"]),
        Column("Risk score (0 to 100)", risks["Risk"], "integer"),
        Column("Why", risks["Why"]),
        Column("Rank", risks["Rank"]),
    ]


def _bridge(
    a: Analysis, intro: list[Sequence[object]], ncols: int
) -> tuple[tuple[ChartSpec, ...], tuple[int, ...]]:
    """The bridge's table (appended to ``intro``) and its waterfall chart, drawn
    from hidden helper columns right of the client table: each step's label,
    where its bar starts and its height."""
    summary = present.change_summary(a)
    summary = summary.set_index("Change").reindex(
        [s for s in BRIDGE_ORDER if s in set(summary["Change"])]
    )
    steps = present.bridge_steps(a.bridge, a.settings.currency)
    top = len(intro)
    intro.append([Line("Revenue, last period to this period", "bold")])
    helper = ncols + 1  # one empty column, then the chart's values
    rows: list[list[object]] = [_header("Change", "Clients", "Amount")]
    for label, (clients, amount) in summary.iterrows():
        known = clients == clients
        rows.append([label, Styled(int(clients), "integer") if known else None,
                     _money(amount)])  # fmt: skip
    bridge = a.bridge
    assert bridge is not None
    for label, share in (
        ("Gross revenue retention", bridge.gross_retention),
        ("Net revenue retention (with growth)", bridge.net_retention),
    ):
        if share is not None:
            rows.append([label, None, Styled(share, "percent")])
    rows += [[] for _ in range(max(0, CHART_ROWS - len(rows)))]
    rows[0] += [None] * (helper - 3) + _header(
        "Chart: step", "Chart: bar starts at", "Chart: bar height"
    )
    for i, step in enumerate(steps.itertuples(index=False), start=1):
        low, high = sorted((float(step.start), float(step.end)))
        rows[i] += [None] * (helper - len(rows[i]))
        rows[i] += [step.step, _money(low), _money(high - low)]
    intro += rows
    first, last = top + 2, top + 1 + len(steps)
    cur = a.settings.currency
    axis = axis_money(cur)
    chart = ChartSpec(
        "column",
        "Revenue: last period to this one",
        (
            Series(
                "Bar base",
                (CHANGE_SHEET, first, helper + 1, last),
                (CHANGE_SHEET, first, helper, last),
                color="none",
            ),
            Series(
                "Revenue",
                (CHANGE_SHEET, first, helper + 2, last),
                (CHANGE_SHEET, first, helper, last),
                points=tuple(steps["colour"]),
                labels=tuple(steps["label"]),
            ),
        ),
        f"{letter(4)}{top + 2}",
        y_title=f"Revenue ({cur})",
        y_format=axis,
        width=520,
        height=CHART_ROWS * 20,
        stacked=True,
        legend=False,
        hidden_data=True,
    )
    return (chart,), tuple(range(helper, helper + 3))
