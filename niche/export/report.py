"""The downloads: the Excel report and the ranked clients as CSV.

The sheets are built in :mod:`niche.export.report_summary` and
:mod:`niche.export.report_sheets`.

Both are built in memory and returned as bytes (nothing touches the disk). Every
cell goes through :func:`safe_cell`: text that a spreadsheet could run as a
formula (``=``, ``+``, ``-``, ``@``, tab, line break) is prefixed with ``'``,
while real numbers, a negative amount included, stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

import pandas as pd

from niche.export.report_profit import change, profit
from niche.export.report_sheets import (
    CLIENT_SHEET,
    Builder,
    Report,
    clients,
    excluded,
    industries,
    tiers,
    who,
)
from niche.export.report_summary import summary
from niche.export.xlsx import safe_cell, workbook_bytes
from niche.format import FLAG_LABELS, TIER_LABELS
from niche.model import Analysis

CSV_MIME = "text/csv"

CLIENT_COLUMNS = tuple((c.heading, c.style) for c in CLIENT_SHEET)
# The report's sheets in order, one builder each: a new sheet is one more function.
# A builder returns None to leave its sheet out (no data for it).
SHEETS: tuple[Builder, ...] = (
    summary,
    who,
    profit,
    change,
    clients,
    tiers,
    industries,
    excluded,
)
# The CSV writes shares as percentages (17.07 for 17.07 %), and says so.
CSV_HEADINGS = tuple(
    f"{name} (%)" if style == "percent" else name for name, style in CLIENT_COLUMNS
)
MONEY = ("monthly_revenue", "annual_revenue", "revenue_per_system")
SHARES = ("gross_margin", "revenue_share", "cumulative_share")


def _values(series: pd.Series) -> list[object]:
    """A column as Python values, missing values as ``None``."""
    return series.astype(object).where(series.notna(), None).tolist()


def _systems(series: pd.Series) -> list[object]:
    return [
        None if x != x else int(x) if float(x).is_integer() else x
        for x in series.tolist()
    ]


def _rows(rows: Sequence[int]) -> int | str:
    """One row number as a number, several as text ("12, 13")."""
    return int(rows[0]) if len(rows) == 1 else ", ".join(str(r) for r in rows)


def client_rows(analysis: Analysis, *, rounded: bool = False) -> list[tuple]:
    """The ranked clients, one tuple per client in :data:`CLIENT_COLUMNS` order.

    With ``rounded`` (the CSV), amounts are rounded to cents and shares are
    percentages with 4 decimals (17.0662 for 17.0662 %).
    """
    c = analysis.clients
    money = {k: c[k].round(2) if rounded else c[k] for k in MONEY}
    shares = {k: (c[k] * 100).round(4) if rounded else c[k] for k in SHARES}
    columns = [
        c["rank"].tolist(),
        c["client"].tolist(),
        _values(c["industry"]),
        _values(c["sector"]),
        _systems(c["systems"]),
        [TIER_LABELS.get(t, t) for t in c["tier"].tolist()],
        _values(money["monthly_revenue"]),
        _values(money["annual_revenue"]),
        _values(money["revenue_per_system"]),
        _values(shares["gross_margin"]),
        _values(shares["revenue_share"]),
        _values(shares["cumulative_share"]),
        c["value_class"].tolist(),
        [", ".join(FLAG_LABELS.get(f, f) for f in flags) for flags in c["flags"]],
        [_rows(rows) for rows in c["rows"]],
    ]
    return list(zip(*columns, strict=True))


def to_xlsx(
    analysis: Analysis,
    *,
    company: str = "",
    created: dt.date | None = None,
    sheets: Sequence[Builder] = SHEETS,
) -> bytes:
    """The Excel report: Summary (with the charts), Who gets what, Profit and
    Change (when the file has the data), Clients, Tiers, Industries and Excluded
    rows (one builder each, :data:`SHEETS`)."""
    report = Report(analysis, company, created)
    built = [build(report) for build in sheets]
    return workbook_bytes(
        [s for s in built if s is not None], analysis.settings.currency
    )


def to_csv(analysis: Analysis) -> bytes:
    """The ranked clients as CSV: UTF-8 with a BOM, the Clients sheet's columns,
    plain numbers (shares as percentages, their headings ending "(%)"), every
    text field quoted and neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow(CSV_HEADINGS)
    for row in client_rows(analysis, rounded=True):
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def table_csv(frame: pd.DataFrame) -> bytes:
    """Any table as CSV, written like :func:`to_csv`: UTF-8 with a BOM, plain
    numbers, text quoted and neutralised (headings too), missing values empty."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow([safe_cell(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")
