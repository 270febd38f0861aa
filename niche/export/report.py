"""The downloads: the Excel report and the ranked clients as CSV.

Both are built in memory and returned as bytes (nothing touches the disk). Every
cell goes through :func:`safe_cell`: text that a spreadsheet could run as a
formula (``=``, ``+``, ``-``, ``@``, tab, line break) is prefixed with ``'``,
while real numbers, a negative amount included, stay numbers.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence

import pandas as pd

from niche.export.xlsx import Sheet, Styled, safe_cell, workbook_bytes
from niche.format import FLAG_LABELS, TIER_LABELS
from niche.model import TIERS, Analysis
from niche.present.views import TOP_SHARE

CSV_MIME = "text/csv"

CLIENT_COLUMNS = (
    ("Rank", "general"),
    ("Client", "general"),
    ("Industry", "general"),
    ("Sector", "general"),
    ("Systems", "general"),
    ("Tier", "general"),
    ("Monthly revenue", "money"),
    ("Annual revenue", "money"),
    ("Revenue per system", "money"),
    ("Gross margin", "percent"),
    ("Revenue share", "percent"),
    ("Cumulative share", "percent"),
    ("Value class", "general"),
    ("Flags", "general"),
    ("Rows", "general"),
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

    With ``rounded``, amounts are rounded to cents and shares to 6 decimals (CSV).
    """
    c = analysis.clients
    money = {k: c[k].round(2) if rounded else c[k] for k in MONEY}
    shares = {k: c[k].round(6) if rounded else c[k] for k in SHARES}
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


def _tier_sheet(analysis: Analysis) -> Sheet:
    c = analysis.clients
    low, high = analysis.settings.tiers
    ranges = {
        "micro": f"fewer than {low}",
        "sweet_spot": f"{low} to {high}",
        "large": f"more than {high}",
        "unknown": "not known",
    }
    total = len(c)
    rows = []
    for tier in TIERS:
        part = c[c["tier"] == tier]
        rows.append(
            (
                TIER_LABELS[tier],
                ranges[tier],
                len(part),
                len(part) / total if total else 0.0,
                int((part["value_class"] == "A").sum()),
                float(part["monthly_revenue"].sum()),
                float(part["annual_revenue"].sum()),
                float(part["revenue_share"].sum()),
            )
        )
    header = (
        "Tier",
        "Systems",
        "Clients",
        "Share of clients",
        "Best clients",
        "Monthly revenue",
        "Annual revenue",
        "Revenue share",
    )
    styles = ("general", "general", "integer", "percent", "integer")
    return Sheet("Tiers", header, rows, (*styles, "money", "money", "percent"))


INDUSTRY_COLUMNS = (
    ("industry", "Industry", "general"),
    ("sector", "Sector", "general"),
    ("naics", "NAICS", "general"),
    ("clients", "Clients", "integer"),
    ("best_clients", "Best clients", "integer"),
    ("annual_revenue", "Annual revenue", "money"),
    ("revenue_share", "Revenue share", "percent"),
    ("best_revenue", "Best-client revenue", "money"),
    ("known_systems", "Clients with known systems", "integer"),
    ("sweet_spot", "In the sweet spot", "integer"),
    ("median_monthly", "Median monthly revenue", "money"),
    ("score", "Score", "decimal"),
    ("V", "V: best-client revenue", "percent"),
    ("F", "F: sweet-spot fit", "percent"),
    ("P", "P: typical size", "percent"),
    ("E", "E: evidence", "percent"),
    ("B", "B: background bonus", "decimal"),
)


def _industry_sheet(analysis: Analysis) -> Sheet:
    table = analysis.industries
    columns = [_values(table[key]) for key, _, _ in INDUSTRY_COLUMNS]
    rows = list(zip(*columns, strict=True)) if len(table) else []
    header = [label for _, label, _ in INDUSTRY_COLUMNS]
    styles = [style for _, _, style in INDUSTRY_COLUMNS]
    return Sheet("Industries", header, rows, styles)


MAX_VALUE_COLUMNS = 40


def _excluded_sheet(analysis: Analysis) -> Sheet:
    headings: dict[str, None] = {}
    for item in analysis.excluded:
        headings.update(dict.fromkeys(item.values))
    shown = list(headings)[:MAX_VALUE_COLUMNS]
    rest = set(headings) - set(shown)
    rows = []
    for item in analysis.excluded:
        row: list[object] = [item.row, item.reason, item.message]
        row += [item.values.get(h) for h in shown]
        if rest:
            row.append(
                "; ".join(f"{h}: {v}" for h, v in item.values.items() if h in rest)
            )
        rows.append(row)
    header = ["Row", "Reason", "Message", *shown] + (["Other values"] if rest else [])
    return Sheet("Excluded", header, rows)


def _join(items: Sequence[str], empty: str = "none") -> str:
    return ", ".join(items) if items else empty


def _summary_sheet(analysis: Analysis) -> Sheet:
    rec = analysis.recommendation
    settings = analysis.settings
    c = analysis.clients
    grid = analysis.source
    cleaned = analysis.prepared.cleaned
    rows: list[tuple[object, object]] = []

    def section(title: str, items: Sequence[str] | None = None) -> None:
        rows.append((None, None))
        if items is None:
            rows.append((Styled(title, "bold"), None))
            return
        for i, text in enumerate(items or ["none"]):
            rows.append(
                (Styled(title, "bold") if i == 0 else None, Styled(text, "wrap"))
            )

    source = grid.filename + (f' (sheet "{grid.sheet}")' if grid.sheet else "")
    rows.append(("File", source))
    if cleaned.window:
        start, end = (d.strftime("%Y-%m-%d") for d in cleaned.window)
        rows.append(("Invoice window", f"{start} to {end}"))
    section("Recommended niche")
    if rec.status == "ok" and rec.niche:
        rows.append(("Niche", Styled(rec.niche, "bold")))
        rows.append(("Sector", rec.sector))
        rows.append(("Score (of 100)", Styled(rec.score, "decimal")))
        rows.append(("Confidence", rec.confidence))
        rows.append(("Concentration band", rec.concentration_band))
    else:
        rows.append(
            ("Niche", "Not enough evidence: no industry has 2 or more clients.")
        )
    for i, text in enumerate(rec.reasons):
        rows.append(("Reasons" if i == 0 else None, Styled(text, "wrap")))
    rows.append(("Adjacent industries", Styled(_join(rec.adjacent), "wrap")))
    rows.append(("Runners-up", Styled(_join(rec.runners_up), "wrap")))
    if rec.close:
        rows.append(("Close runners-up", _join(rec.close)))
    rows.append(("Springboard", Styled(_join(rec.springboard), "wrap")))
    rows.append(("Your background", _join(settings.background)))
    rows.append(("Background effect", Styled(rec.background_effect or "none", "wrap")))

    section("Totals")
    n = len(c)
    annual = float(c["annual_revenue"].sum())
    top = c["revenue_share"].head(max(1, math.ceil(n * TOP_SHARE))).sum() if n else 0.0
    sweet = float((c["tier"] == "sweet_spot").mean()) if n else 0.0
    rows += [
        ("Clients", n),
        ("Annual revenue", Styled(annual, "money")),
        ("Monthly revenue", Styled(annual / 12, "money")),
        ("Best clients (class A)", int((c["value_class"] == "A").sum())),
        ("Revenue from the top 20 % of clients", Styled(float(top), "percent")),
        ("Clients in the sweet spot", Styled(sweet, "percent")),
        ("Rows read", cleaned.rows_read),
        ("Clients merged from several rows", len(analysis.merged)),
        ("Rows excluded", len(analysis.excluded)),
    ]
    section("Warnings", analysis.warnings)
    section("Notes", analysis.notes)
    section("Settings")
    low, high = settings.tiers
    a, b = settings.classes
    rows += [
        ("Size tiers", f"micro < {low} <= sweet spot <= {high} < large"),
        (
            "Value classes",
            f"A below {a * 100:g} % cumulative share, B below {b * 100:g} %",
        ),
        ("Margin target", Styled(settings.margin_target, "percent")),
        ("Currency", settings.currency),
    ]
    return Sheet(
        "Summary",
        (Styled("Niche Finder report", "title"), None),
        rows,
        ("bold", "general"),
        autofilter=False,
        wide={1: 100},
    )


def to_xlsx(analysis: Analysis) -> bytes:
    """The Excel report: Summary, Clients, Tiers, Industries and Excluded sheets."""
    clients = Sheet(
        "Clients",
        [name for name, _ in CLIENT_COLUMNS],
        client_rows(analysis),
        [style for _, style in CLIENT_COLUMNS],
    )
    sheets = [
        _summary_sheet(analysis),
        clients,
        _tier_sheet(analysis),
        _industry_sheet(analysis),
        _excluded_sheet(analysis),
    ]
    return workbook_bytes(sheets, analysis.settings.currency)


def to_csv(analysis: Analysis) -> bytes:
    """The ranked clients as CSV: UTF-8 with a BOM, the Clients sheet's columns,
    plain numbers, every text field quoted and neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow([name for name, _ in CLIENT_COLUMNS])
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
