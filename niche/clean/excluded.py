"""The rows that are not a client's, kept with their reason and what they held;
and the file's own total checked against the rows counted."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from niche.clean.text import Column, cell_str, filled_cells
from niche.model import REASONS, Excluded, Grid, Header, Reconciliation


def _raw_values(body: pd.DataFrame, row: int, filled: pd.DataFrame) -> dict[str, str]:
    cells = body.loc[row]
    return {h: cell_str(cells[h]).strip() for h in body.columns if filled.at[row, h]}


def row_values(grid: Grid, header: Header, rows: Sequence[int]) -> list[dict[str, str]]:
    """What each row holds, by heading, blank cells left out (excluded rows)."""
    cells = grid.cells.loc[list(rows)].to_numpy(dtype=object).tolist()
    return [
        {
            h: text
            for h, v in zip(header.headings, values, strict=False)
            if (text := cell_str(v).strip())
        }
        for values in cells
    ]


_NOT_COUNTED = ("blank_client", "bad_revenue", "not_revenue", "other_currency")


def reconcile(
    amount: pd.Series, reason: pd.Series, totals: np.ndarray, label: Column
) -> Reconciliation | None:
    """The last grand total line's amount against the sum of the kept rows, and
    what the rows the file counts but the clients do not add up to."""
    if not len(totals):
        return None
    at = totals[-1]
    file_total = amount.iat[at]
    if pd.isna(file_total):
        return None
    counted = math.fsum(amount[(reason == "").to_numpy()].fillna(0.0).tolist())
    other = reason.isin(_NOT_COUNTED).to_numpy()
    left = math.fsum(amount[other].fillna(0.0).tolist())
    text = str(label.texts.iat[label.codes[at]])
    return Reconciliation(
        float(file_total), counted, int(amount.index[at]), text, left, int(other.sum())
    )


def _filled(
    body: pd.DataFrame, cols: dict[str, Column], positions: np.ndarray
) -> pd.DataFrame:
    """Which cells of the rows at ``positions`` are not blank."""
    return pd.DataFrame(
        {
            h: cols[h].filled(positions)
            if h in cols
            else filled_cells(body[h].iloc[positions])
            for h in body.columns
        },
        index=body.index[positions],
    )


def excluded_rows(
    body: pd.DataFrame,
    cols: dict[str, Column],
    reason: pd.Series,
    message: pd.Series,
    amount_col: str | None,
) -> list[Excluded]:
    out = []
    positions = np.flatnonzero((reason != "").to_numpy())
    if not len(positions):
        return out
    filled = _filled(body, cols, positions)
    for pos in positions:
        row = reason.index[pos]
        code = reason.iat[pos]
        text = message.iat[pos] or REASONS[code]
        if code == "bad_revenue" and amount_col:
            shown = cell_str(body[amount_col].iat[pos]).strip()
            text = f'Revenue "{shown}" is not a number'
        out.append(Excluded(int(row), code, text, _raw_values(body, row, filled)))
    return out
