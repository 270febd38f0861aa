"""Generate benchmark inputs: client lists (xlsx, csv) and an invoice-level CSV."""

from __future__ import annotations

import csv
import random
from pathlib import Path

INDUSTRIES = (
    "Dental office",
    "Accounting",
    "Law firm",
    "Medical practice",
    "Restaurant",
    "Manufacturing",
    "Real estate",
    "Nonprofit",
    "Construction",
    "Insurance agency",
    "Veterinary clinic",
    "Architecture",
    "",
)
WORDS = (
    "Acme", "Alpine", "Harbor", "Summit", "Cedar", "Maple", "River", "Granite",
    "Lakeside", "Pioneer", "Beacon", "Northgate", "Oakwood", "Liberty", "Sterling",
    "Crescent", "Evergreen", "Bayview", "Redwood", "Horizon",
)  # fmt: skip
KINDS = (
    "Dental", "Partners", "Group", "Associates", "Clinic", "LLC", "Inc", "Co",
    "Services", "Holdings",
)  # fmt: skip
TITLES = (
    ("Contoso IT Services",),
    ("Sales by Customer Summary",),
    ("November 2025 - October 2026",),
    (),
)
HEADINGS = ("Client", "Industry", "PCs", "Revenue (12 mo)")


def _money(value: float) -> str:
    text = f"${abs(value):,.2f}"
    return f"({text})" if value < 0 else text


def client_rows(n: int, seed: int = 7) -> list[tuple[str, str, int, str]]:
    """``n`` client rows with unique names, currency text revenue."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        name = f"{rng.choice(WORDS)} {rng.choice(KINDS)} {i:06d}"
        industry = rng.choice(INDUSTRIES)
        pcs = max(1, int(rng.lognormvariate(2.7, 0.9)))
        revenue = round(rng.lognormvariate(10.0, 1.0), 2)
        rows.append((name, industry, pcs, _money(revenue)))
    return rows


def _total(rows: list[tuple[str, str, int, str]]) -> str:
    cents = 0
    for r in rows:
        text = r[3].strip("()").replace("$", "").replace(",", "")
        cents += round(float(text) * 100) * (-1 if r[3].startswith("(") else 1)
    return _money(cents / 100)


def write_clients_csv(path: Path, n: int) -> Path:
    rows = client_rows(n)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        for t in TITLES:
            w.writerow(t)
        w.writerow(HEADINGS)
        w.writerows(rows)
        w.writerow(("TOTAL", "", "", _total(rows)))
    return path


PROFIT_HEADINGS = (*HEADINGS, "Prior 12 mo revenue", "Cost", "Support hours")


def write_profit_csv(path: Path, n: int, seed: int = 13) -> Path:
    """The client list with last year's revenue, costs and support hours (the
    Profit and Change parts of the outputs, issue 18)."""
    rng = random.Random(seed)
    rows = client_rows(n)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        for t in TITLES:
            w.writerow(t)
        w.writerow(PROFIT_HEADINGS)
        for row in rows:
            revenue = float(row[3].strip("$()").replace(",", ""))
            prior = 0.0 if rng.random() < 0.05 else revenue * rng.uniform(0.6, 1.4)
            cost = revenue * rng.uniform(0.4, 0.95)
            hours = max(1, round(revenue / rng.uniform(40, 400)))
            w.writerow((*row, _money(prior), _money(cost), hours))
    return path


def write_clients_xlsx(path: Path, n: int) -> Path:
    from openpyxl import Workbook

    rows = client_rows(n)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Clients")
    for t in TITLES:
        ws.append(list(t))
    ws.append(list(HEADINGS))
    for r in rows:
        ws.append(list(r))
    ws.append(["TOTAL", None, None, _total(rows)])
    wb.save(path)
    return path


INVOICE_HEADINGS = ("Date", "Num", "Customer", "Memo", "Amount", "Type")
MEMOS = (
    "Managed services - monthly",
    "Onsite support",
    "Hardware: workstation",
    "Microsoft 365 licences",
    "Backup and DR",
    "Project: server migration",
)


def write_invoices_csv(path: Path, lines: int, customers: int = 2_000) -> Path:
    """Invoice lines over three years, m/d/Y dates, currency text amounts."""
    rng = random.Random(11)
    names = [
        f"{rng.choice(WORDS)} {rng.choice(KINDS)} {i:04d}" for i in range(customers)
    ]
    weights = [rng.lognormvariate(0, 1) for _ in names]
    picks = rng.choices(range(customers), weights=weights, k=lines)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(INVOICE_HEADINGS)
        for i, c in enumerate(picks):
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            year = 2023 + rng.randint(0, 2) + (1 if month <= 10 else 0)
            credit = rng.random() < 0.03
            amount = round(rng.lognormvariate(5.5, 1.0), 2)
            w.writerow(
                (
                    f"{month}/{day}/{year}",
                    str(10_000 + i),
                    names[c],
                    rng.choice(MEMOS),
                    _money(-amount if credit else amount),
                    "Credit Memo" if credit else "Invoice",
                )
            )
    return path
