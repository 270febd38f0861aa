"""Build Niche Finder's bundled sample data (deterministic: no randomness, no clock).

Writes, next to this file:

- ``clients.xlsx`` (sheet "Clients") and ``clients.csv``: the 12-month client revenue
  summary of a fictional MSP, "Harbor IT Services", laid out like a real export
  (title block, currency text, a TOTAL line, a footer, one client listed twice);
- ``prospects.xlsx`` (sheet "Prospects"): a prospect list to score against it.

Then ``check()`` re-reads the files, applies SPEC.md's rules with a small independent
implementation, prints the niche score of each industry and asserts that the sample
tells the story it is built for (see README.md). Run::

    python sample_data/make_samples.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
COMPANY = "Harbor IT Services"
PERIOD_START = dt.date(2024, 12, 1)
PERIOD_END = dt.date(2025, 11, 30)
EXPORTED = dt.date(2025, 12, 2)
# Fixed timestamp for the workbook properties and zip entries: same bytes every run.
FIXED_TIME = dt.datetime(2025, 12, 2, 8, 0, 0)

HEADERS = (
    "Client",
    "Industry",
    "PCs",
    "Revenue (12 mo)",
    "Cost (12 mo)",
    "Prior 12 mo revenue",
    "Client Since",
    "Support Hours",
)
PROSPECT_HEADERS = ("Company", "Industry", "PCs", "City")


@dataclass(frozen=True)
class ClientRow:
    """One data row of the client export."""

    name: str
    industry: str
    pcs: int | None
    revenue: float  # 12-month revenue
    margin: float  # gross margin; cost = revenue x (1 - margin)
    change: float  # revenue change vs the prior 12 months (-0.25 = fell 25 %)
    since: str  # ISO date, or "" when the export left it blank
    hours: int

    @property
    def cost(self) -> float:
        return round(self.revenue * (1 - self.margin), 2)

    @property
    def prior(self) -> float:
        if self.since > PERIOD_START.isoformat():
            return 0.0  # started inside the period: nothing billed the year before
        return round(self.revenue / (1 + self.change), 2)


R = ClientRow
# Sorted as the accounting system sorts customers (A to Z, ignoring case and accents),
# so the duplicate "bayside  bistro " sits right under "Bayside Bistro".
# fmt: off
CLIENTS: tuple[ClientRow, ...] = (
    # name, industry, PCs
    #   revenue (12 mo), gross margin, change vs prior 12 mo, client since, hours
    R("Alignment Chiropractic", "Chiropractor", 6,
        7_200.00, 0.46,  0.04, "2020-03-09", 38),
    R("Anchor & Oar Outfitters", "Retail", 4,
        4_800.00, 0.44,  0.02, "2021-04-19", 26),
    R("Back Bay Chiropractic & Wellness", "Chiropractor", 5,
        6_240.00, 0.41,  0.06, "2022-08-01", 31),
    R("Bayside Bistro", "Restaurant", 4,
        3_600.00, 0.38,  0.03, "2019-05-20", 29),
    R("bayside  bistro ", "", None,
        1_150.00, 0.35,  0.00, "",           9),
    R("Bellweather Bookkeeping & Tax", "CPA", 4,
        5_400.00, 0.47,  0.05, "2021-01-11", 24),
    R("Blue Heron Cafe", "Cafe", 3,
        2_280.00, 0.40,  0.00, "2022-02-14", 22),
    R("Bright Smile Dental Group", "Dental Practice", 45,
      122_400.00, 0.43,  0.09, "2016-04-11", 330),
    R("Café Solana", "Cafe", 2,
        1_800.00, 0.39,  0.05, "2023-03-27", 15),
    R("Clearview Optometry", "Optometrist", 9,
        4_350.00, 0.33,  0.00, "2025-07-14", 29),
    R("Coastal Smiles Dentistry", "Dentist", 17,
       34_200.00, 0.52,  0.06, "2020-10-05", 96),
    R("Delgado Law Group", "Law firm", 11,
       20_580.00, 0.49,  0.03, "2018-02-26", 71),
    R("Dockside Diner", "Diner", 3,
        2_640.00, 0.36, -0.33, "2017-06-12", 27),
    R("Dr. Alan Whitfield, DDS", "DDS", 14,
       30_000.00, 0.55,  0.08, "2021-02-08", 70),
    R("Dr. Priya Nair, MD", "Physician", 8,
       11_400.00, 0.50,  0.07, "2020-06-15", 44),
    R("Gentle Care Dental Studio", "DDS", 23,
       40_800.00, 0.54,  0.05, "2019-03-04", 118),
    R("Golden Wok Kitchen", "Restaurant", 5,
        3_960.00, 0.37, -0.04, "2018-09-17", 36),
    R("Grace Harbor Community Church", "Church", 7,
        4_800.00, 0.42,  0.00, "2016-11-07", 33),
    R("Harborview Family Dentistry", "Dental office", 31,
       47_985.50, 0.51,  0.07, "2014-09-02", 152),
    R("Ironwood Builders", "Construction", 22,
       10_800.00, 0.31,  0.02, "2019-07-22", 84),
    R("Kessler Family Law", "Law firm", 5,
        7_200.00, 0.48,  0.03, "2020-09-08", 28),
    R("La Perla Taqueria", "Restaurant", 3,
        2_400.00, 0.40,  0.06, "2021-10-04", 21),
    R("Lighthouse Dental Associates", "Dental office", 20,
       37_200.00, 0.53,  0.10, "2018-06-25", 104),
    R("Lindqvist & Park CPAs", "CPA", 15,
       28_200.00, 0.48,  0.04, "2017-01-30", 88),
    R("Marsh Tax & Accounting", "CPA", 6,
        8_400.00, 0.45, -0.05, "2019-12-02", 35),
    R("Meridian Holdings LLC", "", 3,
        3_960.00, 0.50,  0.00, "2022-09-12", 14),
    R("Morning Glory Bakery", "Bakery", 2,
        1_560.00, 0.41,  0.02, "2023-05-08", 13),
    R("Northshore Precision Machining", "Manufacturing", 68,
       89_760.00, 0.14,  0.04, "2015-08-10", 540),
    R("Pacific Crest Dental", "Dentist", 26,
       44_400.00, 0.50,  0.12, "2017-01-16", 131),
    R("Pelican Point Marina", "Marina", None,
        7_200.00, 0.43,  0.03, "2020-04-27", 40),
    R("Riverside Family Medicine", "Medical practice", 21,
       30_600.00, 0.48,  0.05, "2019-11-12", 112),
    R("Rosa Castillo", "", 1,
        1_200.00, 0.55,  0.00, "2023-08-21", 6),
    R("Route 1 Diner", "Diner", 4,
        3_240.00, 0.38, -0.02, "2020-01-13", 30),
    R("Salt & Ember Grill", "Restaurant", 8,
        6_720.00, 0.39,  0.05, "2018-04-02", 52),
    R("Saltmarsh Realty Group", "Real estate agency", 10,
       12_600.00, 0.46, -0.06, "2019-05-06", 47),
    R("Seaside Pediatric Dentistry", "Dental Practice", 12,
       27_000.00, 0.51,  0.11, "2022-05-17", 63),
    R("Sweet Tide Bakeshop", "Bakery", 2,
        1_680.00, 0.42,  0.04, "2022-11-28", 14),
    R("The Rusty Anchor Pub", "Restaurant", 6,
        5_040.00, 0.37,  0.01, "2016-08-29", 41),
    R("Tidewater Food Pantry", "Nonprofit", 8,
        5_760.00, 0.08,  0.00, "2018-10-15", 58),
    R("Whitaker & Lowe LLP", "Law firm", 16,
       26_700.00, 0.47, -0.25, "2015-03-23", 102),
)
# fmt: on

PROSPECTS: tuple[tuple[str, str, int | None, str], ...] = (
    ("Atlantic Marine Components", "Manufacturing", 140, "Portsmouth, NH"),
    ("Baywood Construction Co.", "Construction", 30, "Salem, MA"),
    ("Beacon Realty Partners", "Real estate agency", 8, "Newburyport, MA"),
    ("Bright Eyes Vision Center", "Optometrist", 13, "Peabody, MA"),
    ("Brookside Dental Care", "Dental office", 18, "Portsmouth, NH"),
    ("Calloway & Reyes Attorneys", "Law firm", 9, "Beverly, MA"),
    ("Copper Kettle Cafe", "Cafe", 2, "Rockport, MA"),
    ("Cove Street Orthodontics", "Dental Practice", 11, "Gloucester, MA"),
    ("Evergreen Family Dentistry", "Dentist", 24, "Salem, MA"),
    ("Fathom Seafood House", "Restaurant", 9, "Gloucester, MA"),
    ("Granite State Logistics", "Trucking", 95, "Manchester, NH"),
    ("Harbor Pediatrics", "Physician", 19, "Marblehead, MA"),
    ("Harrington & Vale LLP", "Law firm", 22, "Portland, ME"),
    ("Lobster Pot Diner", "Diner", 4, "Kittery, ME"),
    ("Marlow Insurance Agency", "Insurance agency", 11, "Danvers, MA"),
    ("Northgate Internal Medicine", "Medical practice", 27, "Beverly, MA"),
    ("Ostrowski Law Office", "Law firm", 6, "Lynn, MA"),
    ("Pemberton Legal Group", "Law firm", 14, "Portland, ME"),
    ("Quarry Hill Partners", "", 12, "Rockport, MA"),
    ("Ridgeline CPA Group", "CPA", 12, "Andover, MA"),
    ("Rise & Shine Bakery", "Bakery", 2, "Ipswich, MA"),
    ("Saint Brendan Parish", "Church", 5, "Lynn, MA"),
    ("Sea Glass Boutique", "Retail", 3, "Newburyport, MA"),
    ("Shoreline Dental", "Dentist", 6, "York, ME"),
    ("Stonebridge Dental Arts", "DDS", 14, "Newburyport, MA"),
    ("Summit Smile Dental", "Dental office", 36, "Portland, ME"),
    ("The Gilded Spoon", "Restaurant", 5, "Portsmouth, NH"),
    ("Tidal Taco", "Restaurant", 3, "Salem, MA"),
    ("Wellspring Chiropractic Center", "Chiropractor", 10, "Danvers, MA"),
    ("Westwind Ventures", "", 7, "Andover, MA"),
)


def money(amount: float) -> str:
    """Format an amount as export-style currency text: ``$38,400.00``."""
    return f"${amount:,.2f}"


def title_block() -> list[str]:
    period = (
        f"{PERIOD_START:%B} {PERIOD_START.day}, {PERIOD_START.year} - "
        f"{PERIOD_END:%B} {PERIOD_END.day}, {PERIOD_END.year}"
    )
    return ["Client Revenue Summary", COMPANY, period]


def footer() -> str:
    return f"Exported {EXPORTED:%B} {EXPORTED.day}, {EXPORTED.year}"


def total_revenue() -> float:
    return round(sum(c.revenue for c in CLIENTS), 2)


def client_cells(c: ClientRow) -> list[object]:
    """Cell values of one client row for the workbook (dates as real dates)."""
    since = dt.date.fromisoformat(c.since) if c.since else None
    return [
        c.name,
        c.industry or None,
        c.pcs,
        money(c.revenue),
        c.cost,
        c.prior,
        since,
        c.hours,
    ]


def write_csv(path: Path) -> None:
    width = len(HEADERS)
    pad = [""] * (width - 1)
    rows: list[list[str]] = [[line, *pad] for line in title_block()]
    rows += [[""] * width, list(HEADERS)]
    for c in CLIENTS:
        pcs = "" if c.pcs is None else str(c.pcs)
        rows.append(
            [
                c.name,
                c.industry,
                pcs,
                money(c.revenue),
                f"{c.cost:.2f}",
                f"{c.prior:.2f}",
                c.since,
                str(c.hours),
            ]
        )
    rows += [["TOTAL", "", "", money(total_revenue()), *[""] * (width - 4)]]
    rows += [[""] * width, [footer(), *pad]]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def write_clients_xlsx(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Clients"
    for line in title_block():
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(list(HEADERS))
    for cell in ws[5]:
        cell.font = Font(bold=True)
    for c in CLIENTS:
        ws.append(client_cells(c))
        row = ws.max_row
        ws.cell(row, 5).number_format = "0.00"
        ws.cell(row, 6).number_format = "0.00"
        ws.cell(row, 7).number_format = "yyyy-mm-dd"
    ws.append(["TOTAL", None, None, money(total_revenue())])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    ws.cell(ws.max_row, 4).font = Font(bold=True)
    ws.append([])
    ws.append([footer()])
    widths = (34, 18, 6, 16, 13, 19, 12, 14)
    for letter, width in zip("ABCDEFGH", widths, strict=True):
        ws.column_dimensions[letter].width = width
    save_deterministic(wb, path)


def write_prospects_xlsx(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Prospects"
    ws.append(list(PROSPECT_HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for company, industry, pcs, city in PROSPECTS:
        ws.append([company, industry or None, pcs, city])
    for letter, width in zip("ABCD", (32, 18, 6, 18), strict=True):
        ws.column_dimensions[letter].width = width
    save_deterministic(wb, path)


def save_deterministic(wb: Workbook, path: Path) -> None:
    """Save ``wb`` with fixed timestamps, so that every run writes the same bytes."""
    wb.properties.creator = COMPANY
    wb.properties.created = FIXED_TIME
    raw = io.BytesIO()
    wb.save(raw)  # openpyxl stamps "modified" with the clock: pinned below
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = re.sub(
                    r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rf"\g<1>{stamp}\g<2>",
                    data.decode("utf-8"),
                )
                data = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(entry, data)
    path.write_bytes(out.getvalue())


# --- check: an independent, minimal reading of SPEC.md's rules -----------------------

CANONICAL = {
    "dental office": "Dental offices",
    "dentist": "Dental offices",
    "dds": "Dental offices",
    "dental practice": "Dental offices",
    "restaurant": "Restaurants",
    "cafe": "Restaurants",
    "diner": "Restaurants",
    "bakery": "Restaurants",
    "medical practice": "Medical offices",
    "physician": "Medical offices",
    "chiropractor": "Chiropractors",
    "optometrist": "Optometrists",
    "law firm": "Law firms",
    "cpa": "Accounting firms",
}
NUMERIC = ["Cost (12 mo)", "Prior 12 mo revenue"]


def sort_key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.split()).lower()


def parse_money(text: str) -> float:
    return float(text.replace("$", "").replace(",", ""))


def read_client_table(path: Path) -> pd.DataFrame:
    """Data rows between the header (row 5) and the TOTAL line, as text."""
    if path.suffix == ".csv":
        raw = pd.read_csv(path, skiprows=4, dtype=str, keep_default_na=False)
    else:
        raw = pd.read_excel(
            path, sheet_name="Clients", header=4, dtype=object, engine="openpyxl"
        ).map(excel_text)
    assert list(raw.columns) == list(HEADERS), raw.columns
    end = raw.index[raw["Client"] == "TOTAL"][0]
    below = [text for text in raw.loc[end + 1 :, "Client"] if text]
    assert below == [footer()], below
    table = raw.iloc[:end].reset_index(drop=True)
    total = parse_money(raw.loc[end, "Revenue (12 mo)"])
    assert abs(total - table["Revenue (12 mo)"].map(parse_money).sum()) < 0.005
    return table


def excel_text(value: object) -> str:
    """A workbook cell as the text the CSV holds (numeric columns compared apart)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def merge_clients(table: pd.DataFrame) -> pd.DataFrame:
    """One row per client: SPEC's duplicate rule (case and spacing ignored)."""
    df = pd.DataFrame(
        {
            "key": table["Client"].str.split().str.join(" ").str.lower(),
            "client": table["Client"].str.strip(),
            "industry": table["Industry"].str.strip(),
            "pcs": pd.to_numeric(table["PCs"].replace("", None)),
            "revenue": table["Revenue (12 mo)"].map(parse_money),
            "cost": pd.to_numeric(table["Cost (12 mo)"]),
            "prior": pd.to_numeric(table["Prior 12 mo revenue"]),
            "since": table["Client Since"],
        }
    )
    first_industry = df[df["industry"] != ""].groupby("key")["industry"].first()
    merged = df.groupby("key", sort=False).agg(
        client=("client", "first"),
        pcs=("pcs", "max"),
        revenue=("revenue", "sum"),
        cost=("cost", "sum"),
        prior=("prior", "sum"),
        since=("since", lambda s: min(v for v in s if v)),
    )
    merged["raw_industry"] = first_industry.reindex(merged.index).fillna("")
    merged["industry"] = [
        CANONICAL.get(label.lower(), label) if label else "Unspecified"
        for label in merged["raw_industry"]
    ]
    return merged.reset_index(drop=True)


def analyse(clients: pd.DataFrame) -> pd.DataFrame:
    """Rank, shares, value class, tier and flags, per SPEC.md."""
    df = clients.assign(
        monthly=clients["revenue"] / 12, sort_name=clients["client"].str.lower()
    )
    df = df.sort_values(["monthly", "sort_name"], ascending=[False, True])
    df = df.reset_index(drop=True)
    df["share"] = df["revenue"] / df["revenue"].sum()
    df["cum"] = df["share"].cumsum()
    df["above"] = df["cum"] - df["share"]
    df["cls"] = ["A" if a < 0.8 else "B" if a < 0.95 else "C" for a in df["above"]]
    df["tier"] = [tier(p) for p in df["pcs"]]
    df["rps"] = df["monthly"] / df["pcs"]
    df["margin"] = (df["revenue"] - df["cost"]) / df["revenue"]
    df["profit"] = df["revenue"] - df["cost"]
    # "Lowest quarter": the same clients whatever the quantile method, < or <=.
    known = df["rps"].dropna()
    low_sets = {
        frozenset(
            df.index[(df["pcs"] >= 10) & op(df["rps"], known.quantile(0.25, **kw))]
        )
        for kw in (
            {"interpolation": m} for m in ("linear", "lower", "higher", "nearest")
        )
        for op in (pd.Series.le, pd.Series.lt)
    }
    assert len(low_sets) == 1, low_sets
    low = next(iter(low_sets))
    by_profit = df["profit"].sort_values(ascending=False)
    needed = int((by_profit.cumsum() < 0.5 * by_profit.sum()).sum()) + 1
    bills = set(by_profit.index[:needed])
    df["flags"] = [
        ", ".join(flags_of(row, i in bills, i in low)) for i, row in df.iterrows()
    ]
    return df


def tier(pcs: float) -> str:
    if pd.isna(pcs):
        return "unknown"
    return "micro" if pcs < 10 else "large" if pcs > 50 else "sweet_spot"


def flags_of(row: pd.Series, pays_the_bills: bool, low_rps: bool) -> list[str]:
    six_months_before_end = (PERIOD_END - pd.DateOffset(months=6)).date().isoformat()
    checks = [
        ("best_service", row["cls"] == "A"),
        ("retention_priority", row["cls"] in ("A", "B")),
        ("pays_the_bills", pays_the_bills),
        ("needs_senior_staff", row["tier"] == "large"),
        ("at_risk", row["prior"] > 0 and row["revenue"] <= 0.8 * row["prior"]),
        ("low_margin", row["margin"] < 0.2),
        ("low_revenue_per_system", low_rps),
        ("new_client", row["since"] > six_months_before_end),
    ]
    return [flag for flag, on in checks if on]


def industry_scores(df: pd.DataFrame) -> pd.DataFrame:
    """SPEC's niche score per industry (no background bonus)."""
    best_total = df.loc[df["cls"] == "A", "revenue"].sum()
    rows = []
    for name, group in df.groupby("industry"):
        known = group["pcs"].dropna()
        rows.append(
            {
                "industry": name,
                "clients": len(group),
                "best": int((group["cls"] == "A").sum()),
                "V": group.loc[group["cls"] == "A", "revenue"].sum() / best_total,
                "F": ((known >= 10) & (known <= 50)).mean() if len(known) else 0.5,
                "median_mo": group["monthly"].median(),
                "E": min(len(group), 5) / 5,
                "rev_share": group["revenue"].sum() / df["revenue"].sum(),
            }
        )
    out = pd.DataFrame(rows)
    scored = (out["clients"] >= 2) & (out["industry"] != "Unspecified")
    out["P"] = (out["median_mo"] / out.loc[scored, "median_mo"].max()).where(scored)
    score = 100 * (0.5 * out["V"] + 0.2 * out["F"] + 0.15 * out["P"] + 0.15 * out["E"])
    out["score"] = score.where(scored)
    return out.sort_values(["score", "clients"], ascending=False, na_position="last")


def check() -> None:
    """Re-read the written files and assert the story the sample is built to tell."""
    names = [c.name for c in CLIENTS]
    assert names == sorted(names, key=sort_key)
    assert title_block()[2] == "December 1, 2024 - November 30, 2025"
    table = read_client_table(HERE / "clients.csv")
    from_xlsx = read_client_table(HERE / "clients.xlsx")
    assert table.drop(columns=NUMERIC).equals(from_xlsx.drop(columns=NUMERIC))
    for column in NUMERIC:
        assert (pd.to_numeric(table[column]) == pd.to_numeric(from_xlsx[column])).all()
    prospects = pd.read_excel(HERE / "prospects.xlsx", "Prospects", engine="openpyxl")
    assert list(prospects.columns) == list(PROSPECT_HEADERS)
    assert len(prospects) == len(PROSPECTS)
    health = {"dental office", "dentist", "dds", "dental practice", "medical practice"}
    health |= {"physician", "chiropractor", "optometrist"}
    labels = prospects["Industry"].fillna("").str.lower()
    fits = labels.isin(health) & prospects["PCs"].between(10, 50)
    assert 8 <= fits.sum() <= 10
    assert (prospects["PCs"] >= 80).sum() == 2
    assert (labels == "").sum() == 2

    df = analyse(merge_clients(table))
    scores = industry_scores(df)
    shown = ["client", "industry", "pcs", "monthly", "share", "above", "cls", "flags"]
    with pd.option_context("display.width", 200, "display.max_colwidth", 100):
        print(df[shown].round(3).to_string())
        print()
        print(scores.round(3).to_string(index=False))

    assert len(table) == len(CLIENTS)
    assert len(df) == len(CLIENTS) - 1  # the duplicate merged
    assert scores.iloc[0]["industry"] == "Dental offices"
    assert scores.iloc[0]["score"] - scores.iloc[1]["score"] > 20
    counts = df["industry"].value_counts()
    assert counts.index[0] == "Restaurants"
    assert counts.iloc[0] > counts.iloc[1]
    assert (df["tier"] == "large").sum() == 1
    assert list(df.loc[df["share"] > 0.15, "client"]) == ["Bright Smile Dental Group"]
    # No client sits within 0.25 % of a class cut-off: the classes are not fragile.
    assert (df["above"] - 0.8).abs().min() > 0.0025
    assert (df["above"] - 0.95).abs().min() > 0.0025
    best = df[df["cls"] == "A"]
    assert (best["industry"] == "Dental offices").sum() > len(best) / 2
    assert df.loc[df["industry"] == "Unspecified", "share"].sum() < 0.25
    assert df["cost"].notna().all()
    assert df["pcs"].isna().sum() == 1

    def flagged(flag: str) -> list[str]:
        return sorted(df.loc[df["flags"].str.contains(flag), "client"])

    assert flagged("at_risk") == ["Dockside Diner", "Whitaker & Lowe LLP"]
    assert flagged("low_margin") == [
        "Northshore Precision Machining",
        "Tidewater Food Pantry",
    ]
    assert flagged("low_revenue_per_system") == ["Ironwood Builders"]
    assert flagged("new_client") == ["Clearview Optometry"]
    print("\ncheck passed")


def main() -> None:
    write_clients_xlsx(HERE / "clients.xlsx")
    write_csv(HERE / "clients.csv")
    write_prospects_xlsx(HERE / "prospects.xlsx")
    check()


if __name__ == "__main__":
    main()
