"""Rebuild the loader test corpus in this folder: python make_corpus.py

Every file is written byte-exact from literal content below, so encodings, delimiters
and line endings are under control. Workbooks are written with openpyxl, then their
zip is normalised (fixed timestamps) and formula cells get cached values, as Excel
itself would store them. The expected figures live in EXPECTED.json (hand-checked);
this script only writes the inputs. .ods is skipped when odfpy is not installed;
.xls is not produced.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
CRLF = "\r\n"
LF = "\n"
FIXED_TIME = "2025-12-19T16:52:00Z"


def write_text(
    name: str,
    lines: list[str],
    eol: str = LF,
    encoding: str = "utf-8",
    bom: bool = False,
) -> None:
    data = eol.join(lines) + eol if lines else ""
    raw = data.encode(encoding)
    if bom:
        raw = b"\xef\xbb\xbf" + raw
    (HERE / name).write_bytes(raw)


def normalise_xlsx(
    raw: bytes,
    cached: dict[str, dict[str, float]] | None = None,
    macro: bool = False,
) -> bytes:
    """Fixed zip timestamps and core-property dates; cached values for formula cells
    ({sheet xml path: {cell ref: value}}); optional macro-enabled content type."""
    cached = cached or {}
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>" + FIXED_TIME.encode(),
                    data,
                )
            if info.filename in cached:
                for ref, value in cached[info.filename].items():
                    cell = rb'(<c r="' + ref.encode() + rb'"[^>]*>'
                    pattern = cell + rb"<f>[^<]*</f>)<v\s*/>"
                    data, n = re.subn(
                        pattern, rb"\g<1><v>" + repr(value).encode() + rb"</v>", data
                    )
                    assert n == 1, (info.filename, ref)
            if macro and info.filename == "[Content_Types].xml":
                old = b"spreadsheetml.sheet.main+xml"
                assert old in data
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument." + old,
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, data)
    return out.getvalue()


def save_wb(
    wb: Workbook,
    name: str,
    cached: dict[str, dict[str, float]] | None = None,
    macro: bool = False,
) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    raw = normalise_xlsx(buf.getvalue(), cached, macro)
    (HERE / name).write_bytes(raw)
    return raw


# ---------------------------------------------------------------- QuickBooks Online CSV
def qbo_summary_csv() -> None:
    write_text(
        "qbo_sales_by_customer_summary.csv",
        [
            "Sales by Customer Summary,",  # 1
            "Blue Harbor IT Consulting,",  # 2
            '"January 1-December 31, 2025",',  # 3
            "",  # 4
            "Customer,Total",  # 5 header
            'Alder Creek Veterinary,"4,860.00"',  # 6
            'Bayside Family Dental,"18,240.00"',  # 7
            'Birch & Vale Accounting,"9,315.50"',  # 8
            "Cascade Pediatrics,",  # 9 parent, no amount
            '112 Harbor Street,"6,420.00"',  # 10 sub-customer
            'North Clinic,"3,180.25"',  # 11 sub-customer
            'Total for Cascade Pediatrics,"$9,600.25"',  # 12
            "Dockside Deli,780.00",  # 13
            'Elmwood Law Group,"12,600.00"',  # 14
            "Fernhill Builders,-240.00",  # 15
            'Granite Peak Orthodontics,"7,950.00"',  # 16
            'Harlow & Finch CPAs,"11,025.75"',  # 17
            "Ironwood Machine Works,",  # 18 parent, no amount
            'Plant 2,"2,310.00"',  # 19 sub-customer
            'Total for Ironwood Machine Works,"$2,310.00"',  # 20
            "Juniper Street Bistro,415.50",  # 21
            'Kestrel Title & Escrow,"3,600.00"',  # 22
            'TOTAL,"$80,457.00"',  # 23
            "",  # 24
            "",  # 25
            "",  # 26
            '"Accrual Basis Monday, January 5, 2026 09:14 AM GMTZ",',  # 27 footer
        ],
        eol=CRLF,
    )


def qbo_ytd_csv() -> None:
    write_text(
        "qbo_ytd_sales_summary.csv",
        [
            "Sales by Customer Summary,",  # 1
            "Cobblestone Computer Care,",  # 2
            '"January 1 - October 31, 2025",',  # 3
            "",  # 4
            "Customer,Total",  # 5
            'Amberwood Assisted Living,"9,450.00"',  # 6
            "Birchbrook Elementary PTA,600.00",  # 7
            'Calloway Dental Arts,"12,380.00"',  # 8
            'Denton Feed & Supply,"2,215.60"',  # 9
            'Everton Psychology Group,"5,900.00"',  # 10
            'Finch Street Pharmacy,"7,125.00"',  # 11
            'TOTAL,"$37,670.60"',  # 12
            "",  # 13
            "",  # 14
            '"Cash Basis Saturday, November 1, 2025 08:02 AM GMTZ",',  # 15
        ],
        eol=CRLF,
    )


def qbo_ar_aging_csv() -> None:
    write_text(
        "qbo_ar_aging_summary.csv",
        [
            "A/R Aging Summary,,,,,,",  # 1
            "Blue Harbor IT Consulting,,,,,,",  # 2
            '"As of December 31, 2025",,,,,,',  # 3
            "",  # 4
            "Customer,Current,1 - 30,31 - 60,61 - 90,91 and over,Total",  # 5
            "Harper Dental,450.00,,,,,450.00",  # 6
            'Ingram Logistics,"1,200.00",600.00,,,,"1,800.00"',  # 7
            "Jasmine Thai Kitchen,,,95.00,,,95.00",  # 8
            'Kolb & Partners CPA,"2,100.00",,,,,"2,100.00"',  # 9
            "Lorenzo Auto Glass,,,,,310.00,310.00",  # 10
            'TOTAL,"3,750.00",600.00,95.00,0.00,310.00,"$4,755.00"',  # 11
            "",  # 12
            '" Wednesday, December 31, 2025 05:10 PM GMTZ",,,,,,',  # 13
        ],
        eol=CRLF,
    )


# ------------------------------------------------------------ QuickBooks Online XLSX
def qbo_summary_xlsx() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    bold = Font(bold=True)
    centre = Alignment(horizontal="center")
    for r, text in (
        (1, "Sales by Customer Summary"),
        (2, "Seaglass Computer Works"),
        (3, "January 1-December 31, 2025"),
    ):
        ws.cell(r, 1, text).font = bold
        ws.cell(r, 1).alignment = centre
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
    ws["A5"], ws["B5"] = "Customer", "Total"
    ws["A5"].font = ws["B5"].font = bold
    rows = [
        (6, "Aspen Grove Dental", 14400.00, 0),
        (7, "Brightwater Insurance Agency", 5250.00, 0),
        (8, "Copperline Electric", None, 0),
        (9, "Warehouse", 2880.00, 1),
        (10, "Main Office", 4125.50, 1),
        (12, "Driftwood Chiropractic", 6300.00, 0),
        (13, "Evergreen Realty Partners", 3999.99, 0),
        (14, "Foxglove Florist", 1080.00, 0),
        (15, "Greystone Family Law", 9600.00, 0),
    ]
    for r, name, amount, indent in rows:
        ws.cell(r, 1, name).alignment = Alignment(indent=indent)
        if amount is not None:
            ws.cell(r, 2, amount).number_format = "#,##0.00"
    ws["A11"] = "Total for Copperline Electric"
    ws["B11"] = "=B9+B10"
    ws["A16"] = "TOTAL"
    ws["B16"] = 47635.49
    for ref in ("A11", "B11", "A16", "B16"):
        ws[ref].font = bold
    ws["B11"].number_format = ws["B16"].number_format = "$#,##0.00"
    ws["A20"] = "Accrual Basis Friday, January 2, 2026 10:20 AM GMTZ"
    ws.merge_cells("A20:B20")
    ws["A20"].alignment = centre
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 14
    save_wb(
        wb,
        "qbo_sales_by_customer_summary.xlsx",
        cached={"xl/worksheets/sheet1.xml": {"B11": 7005.5}},
    )


# ---------------------------------------------------------------- QuickBooks Desktop
def qbd_summary_csv() -> None:
    write_text(
        "qbd_sales_by_customer_summary.csv",
        [
            '"","Amount"',  # 1 header, first heading empty
            '"Anchor Point Marina","3,240.00"',  # 2
            '"Beacon Hill Pharmacy","8,760.00"',  # 3
            '"Clearwater Medical Group","1,500.00"',  # 4 parent's own sales
            '"Clearwater Medical Group:Eastside Clinic","12,300.00"',  # 5
            '"Clearwater Medical Group:Lakeview Clinic","9,450.00"',  # 6
            '"Total Clearwater Medical Group","23,250.00"',  # 7
            '"Delmar Tax Service","2,100.00"',  # 8
            '"Eastgate Storage:Unit Office","960.00"',  # 9 no parent row
            '"Eastgate Storage:Yard","480.00"',  # 10
            '"Total Eastgate Storage","1,440.00"',  # 11
            '"Franklin & Oduya LLP","15,875.00"',  # 12
            '"Glenview Animal Hospital","6,125.40"',  # 13
            '"Hawthorne Academy","4,480.00"',  # 14
            '"Total Body Fitness","2,400.00"',  # 15 a CLIENT named "Total ..."
            '"TOTAL","67,670.40"',  # 16
        ],
        eol=CRLF,
    )


def qbd_detail_csv() -> None:
    def txn(
        kind: str, date: str, num: str, memo: str, name: str, amount: str, balance: str
    ) -> str:
        return f",{kind},{date},{num},{memo},{name},{amount},{balance}"

    msd, ni = "Maple Street Dental", "Northgate Insurance"
    ovc, plo = "Oakridge Veterinary Clinic", "Pinecrest Law Office"
    qhb, rc = "Quarry Hill Builders", "Riverbend Cafe"
    write_text(
        "qbd_sales_by_customer_detail.csv",
        [
            "Sales by Customer Detail,,,,,,,",  # 1
            "Orchard Lane Tech Services,,,,,,,",  # 2
            "All Transactions,,,,,,,",  # 3
            "",  # 4
            ",Type,Date,Num,Memo,Name,Amount,Balance",  # 5
            f"{msd},,,,,,,",  # 6
            txn(
                "Invoice",
                "11/14/2023",
                "1001",
                "Managed services",
                msd,
                '"1,850.00"',
                '"1,850.00"',
            ),  # 7
            txn(
                "Invoice",
                "06/10/2024",
                "1042",
                "Managed services",
                msd,
                '"1,850.00"',
                '"3,700.00"',
            ),  # 8
            txn(
                "Invoice",
                "12/19/2024",
                "1088",
                "Managed services",
                msd,
                '"1,850.00"',
                '"5,550.00"',
            ),  # 9
            txn(
                "Invoice",
                "12/20/2024",
                "1090",
                "Managed services",
                msd,
                '"1,850.00"',
                '"7,400.00"',
            ),  # 10
            txn(
                "Invoice",
                "06/18/2025",
                "1131",
                "Managed services",
                msd,
                '"2,100.00"',
                '"9,500.00"',
            ),  # 11
            txn(
                "Invoice",
                "12/19/2025",
                "1175",
                "Managed services",
                msd,
                '"2,100.00"',
                '"11,600.00"',
            ),  # 12
            f'Total for {msd},,,,,,"$11,600.00",',  # 13
            f"{ni},,,,,,,",  # 14
            txn(
                "Invoice",
                "01/08/2024",
                "1010",
                "Network refresh",
                ni,
                '"3,400.00"',
                '"3,400.00"',
            ),  # 15
            txn(
                "Invoice",
                "03/03/2025",
                "1105",
                "Managed services",
                ni,
                '"3,600.00"',
                '"7,000.00"',
            ),  # 16
            txn(
                "Credit Memo",
                "03/20/2025",
                "CM-17",
                "Credit: duplicate license",
                ni,
                "-450.00",
                '"6,550.00"',
            ),  # 17
            txn(
                "Invoice",
                "10/01/2025",
                "1152",
                "Managed services",
                ni,
                '"3,600.00"',
                '"10,150.00"',
            ),  # 18
            f'Total for {ni},,,,,,"$10,150.00",',  # 19
            f"{ovc},,,,,,,",  # 20
            txn(
                "Invoice", "02/12/2024", "1021", "Backup setup", ovc, "980.00", "980.00"
            ),  # 21
            txn(
                "Invoice",
                "01/15/2025",
                "1097",
                "Managed services",
                ovc,
                '"1,240.00"',
                '"2,220.00"',
            ),  # 22
            txn(
                "Invoice",
                "08/15/2025",
                "1140",
                "Managed services",
                ovc,
                '"1,240.00"',
                '"3,460.00"',
            ),  # 23
            f'Total for {ovc},,,,,,"$3,460.00",',  # 24
            f"{plo},,,,,,,",  # 25
            txn(
                "Invoice",
                "09/05/2025",
                "1149",
                "Onboarding",
                plo,
                '"2,750.00"',
                '"2,750.00"',
            ),  # 26
            txn(
                "Invoice",
                "11/05/2025",
                "1163",
                "Managed services",
                plo,
                '"1,400.00"',
                '"4,150.00"',
            ),  # 27
            txn(
                "Sales Receipt",
                "11/20/2025",
                "SR-204",
                "Laptop setup",
                plo,
                "325.00",
                '"4,475.00"',
            ),  # 28
            f'Total for {plo},,,,,,"$4,475.00",',  # 29
            f"{qhb},,,,,,,",  # 30
            txn(
                "Invoice", "12/05/2023", "1004", "Site survey", qhb, "600.00", "600.00"
            ),  # 31
            txn(
                "Invoice",
                "04/22/2024",
                "1030",
                "Managed services",
                qhb,
                "720.00",
                '"1,320.00"',
            ),  # 32
            txn(
                "Invoice",
                "11/30/2024",
                "1085",
                "Managed services",
                qhb,
                "720.00",
                '"2,040.00"',
            ),  # 33
            f'Total for {qhb},,,,,,"$2,040.00",',  # 34
            f"{rc},,,,,,,",  # 35
            txn(
                "Sales Receipt",
                "07/07/2025",
                "SR-190",
                "Printer repair",
                rc,
                "185.00",
                "185.00",
            ),  # 36
            txn(
                "Sales Receipt",
                "12/01/2025",
                "SR-211",
                "Network check",
                rc,
                "240.00",
                "425.00",
            ),  # 37
            txn(
                "Credit Memo",
                "12/03/2025",
                "CM-22",
                "Refund: parts",
                rc,
                "-40.00",
                "385.00",
            ),  # 38
            f"Total for {rc},,,,,,$385.00,",  # 39
            'TOTAL,,,,,,"$32,110.00",',  # 40
            "",  # 41
            '"Accrual Basis Friday, December 19, 2025 04:52 PM GMTZ",,,,,,,',  # 42
        ],
        eol=CRLF,
    )


# ---------------------------------------------------------------- invoice list (xlsx)
def invoices_flat_xlsx() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Invoices"
    ws.append(["Invoice Date", "Invoice #", "Customer", "Industry", "Amount"])
    d = dt.datetime
    data = [
        (d(2024, 3, 15), "INV-2001", "Lumen Optometry", "Optometry", 900.00),
        (d(2024, 9, 30), "INV-2019", "Lumen Optometry", "Optometry", 900.00),
        (d(2024, 10, 1), "INV-2020", "Lumen Optometry", "Optometry", 950.00),
        (d(2025, 1, 15), "INV-2041", "Lumen Optometry", "Optometry", 950.00),
        (d(2025, 4, 15), "INV-2063", "Lumen Optometry", "Optometry", 950.00),
        (d(2024, 11, 5), "INV-2026", "Marlowe Accounting", "Accounting", 2400.00),
        (d(2025, 5, 5), "INV-2070", "Marlowe Accounting", "Accounting", 2400.00),
        (d(2025, 9, 30), "INV-2101", "Marlowe Accounting", "Accounting", 2400.00),
        (
            d(2025, 2, 10),
            "INV-2049",
            "Nettle & Pine Landscaping",
            "Landscaping",
            640.00,
        ),
        (
            d(2025, 6, 12),
            "INV-2081",
            "nettle & pine landscaping",
            "Landscaping",
            640.00,
        ),
        (d(2025, 3, 3), "INV-2052", "Osprey Marine Supply", "Retail", -125.00),
        (d(2025, 3, 1), "INV-2051", "Osprey Marine Supply", "Retail", 1310.00),
        (
            d(2025, 8, 20),
            "INV-2095",
            "Pemberton Dental Lab",
            "Dental laboratory",
            3150.00,
        ),
    ]
    for row in data:
        ws.append(list(row))
        r = ws.max_row
        ws.cell(r, 1).number_format = "mm/dd/yyyy"
        ws.cell(r, 5).number_format = "#,##0.00"
    save_wb(wb, "invoices_flat.xlsx")


# ---------------------------------------------------------------- Xero
def xero_csv() -> None:
    write_text(
        "xero_income_by_contact.csv",
        [
            "Income by Contact",  # 1
            "Tidewater Tech Partners Ltd",  # 2
            "For the period 1 January 2025 to 31 December 2025",  # 3
            "",  # 4
            "Contact,Total",  # 5
            'Abbotsford Physiotherapy,"6,480.00"',  # 6
            'Brookside Accountants Ltd,"15,200.00"',  # 7
            'Carrow & Sons Joinery,"2,945.50"',  # 8
            'Dunmore Veterinary Surgery,"8,110.00"',  # 9
            'Elm Court Dental Practice,"21,760.00"',  # 10
            'Fairlight Estate Agents,"4,300.00"',  # 11
            'Greenway Solicitors LLP,"11,875.25"',  # 12
            'Hollybush Primary School,"1,200.00"',  # 13
            'Total,"71,870.75"',  # 14
        ],
    )


# ---------------------------------------------------------------- PSA exports
def connectwise_csv() -> None:
    write_text(
        "connectwise_companies.csv",
        [
            "Company ID,Company Name,Status,Market,Agreement,Monthly Recurring,"
            "Configurations",
            "BRIGHTSMILE,BrightSmile Dental Studio,Active,Dental,"
            'Managed Services - Gold,"$3,450.00",28',
            "CALDERLAW,Calder & Reyes Law,Active,Legal,"
            'Managed Services - Silver,"$2,200.00",17',
            "DOVEACCT,Dovetail Accounting,Active,Accounting,"
            'Managed Services - Silver,"$1,875.00",12',
            "ELKHORN,Elkhorn Manufacturing,Active,Manufacturing,"
            'Managed Services - Gold,"$6,900.00",64',
            "FAIRVIEWMED,Fairview Family Medicine,Active,Medical,"
            'Managed Services - Gold,"$4,150.00",41',
            "GULLROCK,Gull Rock Seafood Grill,Active,Restaurant,"
            "Break/Fix Block,$250.00,4",
            "HILLCRESTDDS,Hillcrest Dental Care,Active,Dental,"
            'Managed Services - Silver,"$1,960.00",15',
            "IVYCPA,Ivy Lane CPA Group,Active,Accounting,"
            "Managed Services - Bronze,$980.00,8",
            "JASPERORTHO,Jasper Orthodontics,Active,Dental,"
            'Managed Services - Gold,"$2,740.00",22',
        ],
        eol=CRLF,
    )


def autotask_csv() -> None:
    write_text(
        "autotask_accounts.csv",
        [
            "Account Name,Account Number,Account Type,Market Segment,Territory,"
            "Managed Devices,Last 12 Months Revenue",
            "Kingfisher Insurance Brokers,0001042,"
            'Customer,Insurance,East,19,"31,440.00"',
            'Larkspur Pediatric Dentistry,0001043,Customer,Dental,East,11,"26,880.00"',
            "Meridian Freight Lines,0001051,"
            'Customer,Transportation,West,58,"88,200.00"',
            'Northfield Chiropractic,0001057,Customer,Chiropractic,West,6,"9,600.00"',
            'Oxbow Title Company,0001060,Customer,Real Estate,East,14,"20,160.00"',
            'Prairie Rose Dental,0001066,Customer,Dental,Central,9,"14,400.00"',
            "Quillon Architecture,0001071,Customer,Architecture,Central,23,",
            'Rustic Table Catering,0001075,Customer,Restaurant,Central,,"4,320.00"',
        ],
        eol=CRLF,
    )


def halopsa_csv() -> None:
    write_text(
        "halopsa_clients.csv",
        [
            "Client,Vertical,Seats,MRR",
            'Ashdown Dental Care,Dental,14,"£1,540.00"',
            'Bexley Road Surgery,GP Surgery,32,"£3,200.00"',
            "Coleridge Accountancy,Accountancy,9,£810.00",
            'Dunstan Legal,Legal,21,"£2,100.00"',
            'Everleigh Care Home,Care Home,47,"£3,995.50"',
            "Fenwick Motors,Automotive,12,£960.00",
            'Gorsebrook Dental,Dental,18,"£1,800.00"',
        ],
    )


def syncro_csv() -> None:
    write_text(
        "syncro_customers.csv",
        [
            "Business Name,First Name,Last Name,Customer Type,Assets,Total Invoiced",
            'Hartwell Pharmacy,Dana,Hartwell,Business,12,"$14,220.00"',  # 2
            'Inglewood Yoga Studio,Priya,Nandakumar,Business,3,"$1,890.00"',  # 3
            ",Marcus,Feld,Residential,2,$340.00",  # 4 no business name
            'Jolly Roger Pub,Sean,Doyle,Business,5,"$2,760.00"',  # 5
            'Kettle Falls Insurance,Ruth,Amsel,Business,9,"$7,350.00"',  # 6
            'Lindqvist Dental,Erik,Lindqvist,Business,16,"$11,480.00"',  # 7
            'Moonstone Realty,Ava,Moreno,Business,7,"$4,025.00"',  # 8
        ],
    )


# ---------------------------------------------------------------- encodings, delimiters
def european_csv() -> None:
    write_text(
        "european_semicolon_cp1252.csv",
        [
            "Client;Industry;PCs;Revenue",
            "Zahnarztpraxis Müller;Zahnarzt;12;18.240,00 EUR",
            "Steuerberatung Schäfer & Kollegen;Steuerberater;9;9.870,50 EUR",
            "Café Größenwahn;Gastronomie;3;1.150,00 €",
            "Kanzlei Dürr – Rechtsanwälte;Rechtsanwalt;15;14.600,00 EUR",
            "Bäckerei Öztürk;Bäckerei;4;2.380,75 EUR",
            "Praxis Dr. Weiß;Arztpraxis;8;7.425,00 EUR",
            "Autohaus Brückner GmbH;Autohaus;22;26.500,00 EUR",
            "Elektro Nußbaum KG;Elektrobetrieb;6;980,00 EUR",
        ],
        eol=CRLF,
        encoding="cp1252",
    )


def utf8_bom_csv() -> None:
    write_text(
        "utf8_bom.csv",
        [
            "Customer,Industry,Workstations,Sales",
            'Café Lumière Bakery,Bakery,4,"$3,120.00"',
            'Peña & Ortiz Law,Law firm,11,"$16,500.00"',
            'Nguyễn Family Dentistry,Dentist,13,"$19,850.00"',
            "Zoë's Pet Grooming,Pet services,2,$940.00",
            'Åkerman Engineering,Engineering,27,"$22,400.00"',
            'O\'Malley Insurance,Insurance,8,"$6,075.25"',
        ],
        bom=True,
    )


def tab_csv() -> None:
    write_text(
        "tab_delimited.csv",
        [
            "Client Name\tIndustry\tComputers\tBilled",
            "Smith, Jones & Partners\tAccounting\t10\t12400.00",
            "Rivera Orthodontics\tDental\t16\t21300.00",
            "Tall Pines Summer Camp\tRecreation\t5\t1850.00",
            "Westbrook Medical Billing\tMedical billing\t24\t18760.50",
            "Yarrow Street Yoga\tFitness\t2\t720.00",
        ],
    )


# ---------------------------------------------------------------- heading traps
def heading_traps_csv() -> None:
    write_text(
        "heading_traps.csv",
        [
            "Client,Account Manager,Total Tickets,Revenue,Balance,Tax,Devices,Users",
            "Alpine Ridge Dental,Jordan Lee,142,"
            '"24,600.00","1,850.00","1,968.00",18,22',
            'Beckett Brothers Plumbing,Sam Ortiz,37,"6,240.00",0.00,499.20,6,9',
            'Crescent Moon Spa,Jordan Lee,21,"3,300.00",275.00,264.00,4,7',
            'Drummond Wealth Advisors,Riley Chen,88,"17,880.00","2,940.00",'
            '"1,430.40",12,15',
            'Evans & Kline Architects,Sam Ortiz,64,"13,200.00",0.00,"1,056.00",19,21',
            'Foxhollow Veterinary,Riley Chen,53,"9,540.00",640.00,763.20,9,11',
        ],
    )


def month_columns_csv() -> None:
    months = [
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ]
    header = "Client," + ",".join(f"{m} 2025" for m in months)

    def row(name: str, values: list[str]) -> str:
        return name + "," + ",".join(values)

    holt = ["2000.00"] * 12
    holt[2] = "2500.00"
    write_text(
        "month_columns_only.csv",
        [
            header,
            row("Granger Dental", ["1200.00"] * 12),
            row("Holt & Pryce Law", holt),
            row("Inkwell Printing", ["450.00"] * 12),
            row("Jubilee Bakery", ["300.00"] * 6 + [""] * 6),
            row("Keystone Surveyors", ["980.00"] * 12),
        ],
    )


def open_balance_csv() -> None:
    write_text(
        "open_balance_only.csv",
        [
            "Client,Open Balance",
            "Lakeside Pediatrics,1250.00",
            "Morrow Insurance,0.00",
            "Nightingale Home Care,3410.75",
            "Orchid Nail Salon,85.00",
            "Parkway Auto Body,620.00",
        ],
    )


def mixed_case_csv() -> None:
    write_text(
        "mixed_case_units.csv",
        [
            "SECTOR,# of PCs,CLIENT NAME,Revenue (USD)",
            'Healthcare,31,RIVERSIDE URGENT CARE,"52,800.00"',
            'Legal,8,Sterling & Hale Attorneys,"19,440.00"',
            'Financial services,15,Thornbury Wealth Group,"27,000.00"',
            'Hospitality,6,Uptown Bagel Co.,"3,780.00"',
            'Healthcare,12,Vista Dermatology,"21,600.00"',
            'Education,44,Willow Bend Montessori,"16,320.00"',
            'Legal,,Xavier Ruiz Law Office,"7,200.00"',
        ],
        eol=CRLF,
    )


def monthly_mrr_csv() -> None:
    write_text(
        "monthly_mrr.csv",
        [
            "Customer,MRR,Endpoints,Vertical",
            'Ambrose Family Dentistry,"1,650.00",15,Dental',
            'Beaumont CPA,"1,120.00",11,Accounting',
            'Cobalt Logistics,"4,800.00",72,Logistics',
            "Dahlia Med Spa,725.50,7,Med spa",
            'Emberly Law,"2,050.00",19,Legal',
            'Foster Pediatric Dental,"1,890.00",17,Dental',
        ],
    )


def messy_csv() -> None:
    write_text(
        "messy_duplicates.csv",
        [
            "Client,Industry,PCs,Revenue",  # 1
            'Acorn Dental,Dental,12,"$8,400.00"',  # 2
            'Bramble Law Firm,Legal,9,"USD 6,000"',  # 3
            "",  # 4
            'ACORN DENTAL ,Dental,14,"$1,200.00"',  # 5 duplicate (case, space)
            'Cinder Creek Brewery,Restaurant,5,"3,600.00"',  # 6
            "Client,Industry,PCs,Revenue",  # 7 repeated header
            "Dunlin Accounting,Accounting,7,n/a",  # 8 bad revenue
            ',Legal,3,"2,500.00"',  # 9 amount, no client
            "bramble  law firm,Legal,,-45.00",  # 10 duplicate (case, doubled space)
            'Cinder Creek Brewery,Restaurant,5,"(1,234.56)"',  # 11 credit
            "",  # 12
            "Eastwick Optometry,Optometry,6,TBD",  # 13 bad revenue
            'Eastwick Optometry,Optometry,6,"2,880.00"',  # 14
            'Foxtail Coffee Roasters,Restaurant,4,"1,975.00"',  # 15
            'Glade Street Clinic, Medical ,10,"USD 1,234"',  # 16
        ],
    )


# ---------------------------------------------------------------- workbooks
def multi_sheet_xlsx() -> None:
    wb = Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes["A1"] = "How to use this workbook"
    notes["A1"].font = Font(bold=True, size=14)
    notes["A3"] = (
        "This client list is exported every month from our PSA. Revenue is "
        "what each client was invoiced over the last 12 months."
    )
    notes["A4"] = (
        "Device counts come from the RMM and include servers. Clients that "
        "left before 2025 are on the Archive 2023 sheet."
    )
    notes["A6"] = "Questions about a client? Ask Dana before changing any figure."
    clients = wb.create_sheet("Clients")
    clients.append(["Client", "Industry", "Devices", "Revenue (12 months)"])
    for row in [
        ("Juniper Hill Dental", "Dental", 16, 22800.00),
        ("Kavanagh Insurance", "Insurance", 9, 8640.00),
        ("Lighthouse Church", "Nonprofit", 6, 2400.00),
        ("Marigold Pediatrics", "Pediatrics", 21, 30120.50),
        ("Northstar Accounting", "Accounting", 11, 13500.00),
    ]:
        clients.append(list(row))
        clients.cell(clients.max_row, 4).number_format = "#,##0.00"
    archive = wb.create_sheet("Archive 2023")
    archive.append(["Client", "Revenue"])
    archive.append(["Old Mill Antiques", 1800.00])
    archive.append(["Quincy Travel", 5200.00])
    save_wb(wb, "multi_sheet_notes_first.xlsx")


def offset_table_xlsx() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Client Revenue"
    ws["C1"] = "Client Revenue Review"
    ws["C1"].font = Font(bold=True, size=14)
    ws.merge_cells("C1:F1")
    ws["C2"] = "Stonebridge IT - January to December 2025"
    ws.merge_cells("C2:F2")
    for col, head in zip(
        "CDEF", ["Client", "Industry", "Workstations", "Revenue"], strict=True
    ):
        ws[f"{col}4"] = head
        ws[f"{col}4"].font = Font(bold=True)
    data = [
        ("Oakhurst Dental Group", "Dental", 24, 28560.00),
        ("Pelican Bay Marina", "Marina", 5, 3900.00),
        ("Quayside Accountants", "Accounting", 13, "=1267.5*12"),
        ("Redfern Physical Therapy", "Physical therapy", 10, 11400.00),
        ("Saltmarsh Brewing Co.", "Brewery", 7, 5125.75),
        ("Trident Engineering", "Engineering", 38, 41040.00),
        ("Underhill Family Law", "Legal", 8, 9360.00),
    ]
    for i, (name, industry, pcs, revenue) in enumerate(data):
        r = 5 + i
        ws[f"C{r}"], ws[f"D{r}"], ws[f"E{r}"], ws[f"F{r}"] = (
            name,
            industry,
            pcs,
            revenue,
        )
        ws[f"F{r}"].number_format = "#,##0.00"
    ws["C12"] = "Total"
    ws["E12"] = "=SUM(E5:E11)"
    ws["F12"] = "=SUM(F5:F11)"
    ws["F12"].number_format = "#,##0.00"
    for ref in ("C12", "E12", "F12"):
        ws[ref].font = Font(bold=True)
    save_wb(
        wb,
        "offset_table_formulas.xlsx",
        cached={
            "xl/worksheets/sheet1.xml": {"F7": 15210, "E12": 105, "F12": 114595.75}
        },
    )


def macro_xlsm() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Clients"
    ws.append(["Company", "Business Type", "Seats", "Invoiced"])
    for row in [
        ("Alder & Ash Interiors", "Interior design", 6, 4800.00),
        ("Bellweather Veterinary", "Veterinary", 13, 15600.00),
        ("Corbin Dental Studio", "Dental", 11, 12960.00),
        ("Delphine Hair Salon", "Salon", 3, 1440.00),
        ("Emerson Title Agency", "Title insurance", 10, 9000.00),
    ]:
        ws.append(list(row))
    save_wb(wb, "macro_workbook.xlsm", macro=True)


# ---------------------------------------------------------------- bad files
def bad_files() -> None:
    (HERE / "empty.csv").write_bytes(b"")
    write_text("header_only.csv", ["Client,Industry,Devices,Revenue"], eol=CRLF)
    junk = random.Random(20251219).randbytes(3000)
    assert not junk.startswith(b"PK")
    (HERE / "junk.xlsx").write_bytes(junk)
    write_text(
        "no_positive_revenue.csv",
        [
            "Client,Revenue",
            "Arbor Vitae Nursery,0.00",
            "Bellhaven Church,-120.00",
            "Cortland Tire,(75.00)",
            "Dellwood Library Friends,",
            "Easton Yacht Club,0",
        ],
    )
    # a real workbook cut in half: the zip's central directory is missing
    wb = Workbook()
    ws = wb.active
    ws.title = "Clients"
    ws.append(["Client", "Industry", "Devices", "Revenue"])
    for i in range(20):
        ws.append([f"Sample Client {i + 1:02d}", "Dental", 10 + i, 1000.0 + 250 * i])
    buf = io.BytesIO()
    wb.save(buf)
    whole = normalise_xlsx(buf.getvalue())
    (HERE / "truncated.xlsx").write_bytes(whole[: len(whole) // 2])
    # a workbook of prose only
    wb = Workbook()
    ws = wb.active
    ws.title = "Read me"
    ws["A1"] = "Plan for 2026"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A3"] = (
        "We want more clients like our best ones: dental offices and small "
        "law firms with 10 to 50 PCs."
    )
    ws["A4"] = (
        "Revenue per client grew last year; the client list itself is in the "
        "other workbook."
    )
    ws["A6"] = "Next steps: call the dental association, update the website."
    ws2 = wb.create_sheet("Meeting notes")
    ws2["A1"] = "12 March: reviewed client revenue and ticket counts with Dana."
    ws2["A2"] = "Customer feedback: faster response wanted on Mondays."
    save_wb(wb, "prose_only.xlsx")


def ods_files() -> None:
    try:
        import odf  # noqa: F401
    except ImportError:
        print("odfpy not installed: .ods skipped")
        return
    import pandas as pd

    df = pd.DataFrame(
        {
            "Client": [
                "Aurora Dental",
                "Bishop Law",
                "Crane Bookkeeping",
                "Dunmore Pediatrics",
                "Elwood Optometry",
            ],
            "Industry": ["Dental", "Legal", "Accounting", "Pediatrics", "Optometry"],
            "Devices": [12, 7, 4, 11, 3],
            "Revenue": [14400.00, 9000.00, 3600.00, 13200.00, 2700.00],
        }
    )
    df.to_excel(
        HERE / "libreoffice.ods", sheet_name="Clients", index=False, engine="odf"
    )


def xls_file() -> None:
    """QuickBooks Desktop still exports the old .xls format (written with xlwt)."""
    try:
        import xlwt
    except ImportError:
        print("xlwt not installed: .xls skipped")
        return
    book = xlwt.Workbook()
    sheet = book.add_sheet("Sheet1")
    rows = [
        ["Harbor Point IT", None],
        ["Sales by Customer Summary", None],
        ["January through December 2025", None],
        [None, None],
        [None, "Jan - Dec 25"],
        ["Alpine Dental Care", 18000.0],
        ["Birchwood Law", 9600.0],
        ["Cedar Row Cafe", 1200.0],
        ["Dunes Chiropractic", 4800.0],
        ["Elm Street Books", -150.0],
        ["TOTAL", 33450.0],
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is not None:
                sheet.write(r, c, value)
    book.save(str(HERE / "qbd_sales_summary.xls"))


# --- issue 15: layouts that gave a wrong total ------------------------------------


def qbo_detail_prices_csv() -> None:
    """QBO Sales by Customer Detail with Qty, Sales Price, Amount and Balance."""
    write_text(
        "qbo_sales_by_customer_detail.csv",
        [
            "Sales by Customer Detail",
            "Harbor Point IT Services",
            '"January 1 - December 31, 2025"',
            "",
            ",Date,Transaction Type,Num,Product/Service,Memo/Description,Qty,"
            "Sales Price,Amount,Balance",
            "Alder Creek Dental,,,,,,,,,",
            ",01/15/2025,Invoice,1001,Managed Services,Managed services - January,1,"
            '"1,200.00","1,200.00","1,200.00"',
            ",03/10/2025,Invoice,1014,Project Labor,Server migration 40 h,40,150.00,"
            '"6,000.00","7,200.00"',
            ",06/20/2025,Invoice,1033,Managed Services,Managed services - Q2,3,"
            '"1,200.00","3,600.00","10,800.00"',
            'Total for Alder Creek Dental,,,,,,,,"$10,800.00",',
            "Birch Lane Law,,,,,,,,,",
            ",02/01/2025,Invoice,1005,Managed Services,Managed services,6,850.00,"
            '"5,100.00","5,100.00"',
            ',09/12/2025,Sales Receipt,SR-22,Hardware,Laptop,2,"1,150.00","2,300.00",'
            '"7,400.00"',
            ",10/05/2025,Credit Memo,CM-4,Managed Services,Credit for outage,1,-250.00,"
            '-250.00,"7,150.00"',
            'Total for Birch Lane Law,,,,,,,,"$7,150.00",',
            "Cobalt Engineering,,,,,,,,,",
            ",04/04/2025,Invoice,1022,Project Labor,Network rebuild 24 h,24,150.00,"
            '"3,600.00","3,600.00"',
            ",11/18/2025,Invoice,1071,Managed Services,Managed services,5,975.00,"
            '"4,875.00","8,475.00"',
            'Total for Cobalt Engineering,,,,,,,,"$8,475.00",',
            "Dune Street Bakery,,,,,,,,,",
            ",07/07/2025,Invoice,1040,Support,Remote support 3 h,3,125.00,375.00,"
            "375.00",
            "Total for Dune Street Bakery,,,,,,,,$375.00,",
            'TOTAL,,,,,,,,"$26,800.00",',
            "",
            '"Accrual Basis Saturday, January 3, 2026 09:14 AM GMT-05:00"',
        ],
        CRLF,
    )


def qbo_transaction_list_csv() -> None:
    """QBO Transaction List by Customer: invoices beside payments, estimates,
    deposits and journal entries, and a ledger Account column."""
    write_text(
        "qbo_transaction_list_by_customer.csv",
        [
            "Transaction List by Customer",
            "Harbor Point IT Services",
            '"January 1 - December 31, 2025"',
            "",
            ",Date,Transaction Type,Num,Posting,Memo/Description,Account,Amount",
            "Elm Grove Vet Clinic,,,,,,,",
            ",02/03/2025,Invoice,2001,Yes,Managed services Q1,"
            'Accounts Receivable (A/R),"4,500.00"',
            ',02/20/2025,Payment,,Yes,,Undeposited Funds,"4,500.00"',
            ",05/02/2025,Invoice,2019,Yes,Managed services Q2,"
            'Accounts Receivable (A/R),"4,500.00"',
            ',05/28/2025,Payment,,Yes,,Undeposited Funds,"4,500.00"',
            ',08/15/2025,Estimate,1003,No,Firewall upgrade quote,Estimates,"2,800.00"',
            'Total for Elm Grove Vet Clinic,,,,,,,"$20,800.00"',
            "Fir Hill Accounting,,,,,,,",
            ",03/11/2025,Sales Receipt,3005,Yes,Laptop setup,Undeposited Funds,980.00",
            ",06/30/2025,Invoice,2034,Yes,Managed services H1,"
            'Accounts Receivable (A/R),"6,200.00"',
            ",07/09/2025,Credit Memo,CM-9,Yes,Licence refund,"
            "Accounts Receivable (A/R),-300.00",
            ',07/21/2025,Payment,,Yes,,Undeposited Funds,"5,900.00"',
            'Total for Fir Hill Accounting,,,,,,,"$12,780.00"',
            "Glacier Title Co,,,,,,,",
            ",09/01/2025,Invoice,2051,Yes,Onboarding,Accounts Receivable (A/R),"
            '"2,400.00"',
            ',09/01/2025,Deposit,,Yes,Retainer deposit,Checking,"1,000.00"',
            ",10/15/2025,Journal Entry,JE-12,Yes,Write-off,"
            "Accounts Receivable (A/R),-150.00",
            'Total for Glacier Title Co,,,,,,,"$3,250.00"',
            'TOTAL,,,,,,,"$36,830.00"',
        ],
        CRLF,
    )


def connectwise_dates_csv() -> None:
    """A PSA company list with attribute dates: one row per client."""
    write_text(
        "connectwise_company_dates.csv",
        [
            "Company ID,Company Name,Status,Market,Date Entered,Last Invoice Date,"
            "Created,Annual Revenue,Configurations",
            "1001,Juniper Family Dental,Active,Dental,2019-03-14,2025-11-28,"
            '2019-03-14,"38,400.00",22',
            "1002,Kingsley Law Group,Active,Legal,2021-07-02,2025-12-01,2021-07-02,"
            '"27,600.00",15',
            "1003,Larch Street Bakery,Active,Restaurant,2023-01-20,2025-06-30,"
            '2023-01-20,"3,000.00",4',
            "1004,Maple Ridge Orthodontics,Active,Dental,2020-10-05,2025-11-15,"
            '2020-10-05,"31,200.00",18',
            "1005,Northwind Accounting,Active,Accounting,2022-04-11,2025-12-03,"
            '2022-04-11,"19,800.00",12',
        ],
        CRLF,
    )


def pivot_csv() -> None:
    """An Excel pivot table copied out as CSV."""
    write_text(
        "pivot_row_labels.csv",
        [
            "Row Labels,Sum of Revenue,Sum of PCs",
            "Alder Dental,18000,14",
            "Birch Law,12000,9",
            "Cedar CPA,9600,11",
            "(blank),450,",
            "Grand Total,40050,34",
        ],
    )


def custom_headings_csv() -> None:
    """Headings no detector knows: the user names the client column (--map)."""
    write_text(
        "custom_headings.csv",
        [
            "Org,Billed 2025,PCs",
            'Aspen Dental,"24,000",15',
            'Baker Street Law,"18,000",10',
            'Cypress Cafe,"3,600",5',
        ],
    )


def mixed_currencies_csv() -> None:
    write_text(
        "mixed_currencies.csv",
        [
            "Customer,Total",
            'Arbor Dental,"USD 12,000.00"',
            'Bayview Law,"CAD 8,000.00"',
            'Cobalt CPA,"EUR 5,000.00"',
            'Delta Dental,"USD 6,000.00"',
            'Evergreen Clinic,"USD 3,000.00"',
            'TOTAL,"34,000.00"',
        ],
    )


def wide_title_csv() -> None:
    """A first line of delimiters one field wider than the table."""
    write_text(
        "wide_title_line.csv",
        [
            ",,,,,",
            "Client ID,Client,Industry,PCs,Revenue",
            'C-101,Aspen Grove Dental,Dental office,14,"21,600.00"',
            'C-102,Brook Street Law,Law firm,9,"16,800.00"',
            'C-103,Copper Kettle Cafe,Restaurant,4,"2,400.00"',
            'C-104,Dogwood Pediatrics,Medical office,18,"19,200.00"',
            'TOTAL,,,,"60,000.00"',
        ],
    )


def naics_csv() -> None:
    write_text(
        "naics_industries.csv",
        [
            "Client,NAICS,PCs,Revenue",
            'Aspen Dental Group,621210,16,"30,000"',
            'Birch Law LLP,5411 Legal Services,12,"24,000"',
            'Cedar Family Dentistry,621210 Offices of Dentists,20,"28,000"',
            'Delta Tax & Books,541211,8,"9,000"',
            'Elm Street Diner,722511,5,"4,000"',
        ],
    )


def main() -> None:
    for make in (
        qbo_summary_csv,
        qbo_ytd_csv,
        qbo_ar_aging_csv,
        qbo_summary_xlsx,
        qbd_summary_csv,
        qbd_detail_csv,
        invoices_flat_xlsx,
        xero_csv,
        connectwise_csv,
        autotask_csv,
        halopsa_csv,
        syncro_csv,
        european_csv,
        utf8_bom_csv,
        tab_csv,
        heading_traps_csv,
        month_columns_csv,
        open_balance_csv,
        mixed_case_csv,
        monthly_mrr_csv,
        messy_csv,
        multi_sheet_xlsx,
        offset_table_xlsx,
        macro_xlsm,
        bad_files,
        ods_files,
        xls_file,
        qbo_detail_prices_csv,
        qbo_transaction_list_csv,
        connectwise_dates_csv,
        pivot_csv,
        custom_headings_csv,
        mixed_currencies_csv,
        wide_title_csv,
        naics_csv,
    ):
        make()
    print("corpus written to", HERE)


if __name__ == "__main__":
    main()
