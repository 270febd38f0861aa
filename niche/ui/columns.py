"""Column formats of the page's tables (one place for widths and number formats)."""

from __future__ import annotations

import streamlit as st

Text, Number = st.column_config.TextColumn, st.column_config.NumberColumn


def money(cur: str, width: int, label: str = "Monthly") -> dict:
    """An amount: the currency in the heading, the sign before the digits
    ("-11,678", never "$-11,678")."""
    return Number(f"{label} ({cur.strip()})", format="%,.0f", width=width)


CLIENT_ORDER = [
    "Rank",
    "Client",
    "Industry",
    "PCs",
    "Tier",
    "Monthly",
    "Share",
    "Cumulative",
    "Class",
    "Margin",
    "Flags",
]
PERCENT = "%.1f %%"  # percentages (0..100) as the page's text writes them


def clients(cur: str) -> dict:
    """The sortable client table: every column wide enough for its content."""
    return {
        "Rank": Number(width=50),
        "Client": Text(width=220),
        "Industry": Text(width=170),
        "PCs": Number(format="%d", width=55),
        "Tier": Text(width=95),
        "Monthly": money(cur, 100),
        "Share": Number(format=PERCENT, width=70),
        "Cumulative": Number(format=PERCENT, width=90),
        "Class": Text(width=50),
        "Margin": Number(format=PERCENT, width=70),
        "Flags": Text(width=330),
    }


def height(rows: int, most: int) -> int:
    """Pixels for a table of ``rows`` rows, at most ``most``."""
    return min(38 + 35 * rows, most)
