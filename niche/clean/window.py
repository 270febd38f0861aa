"""Invoice files: the 12-month window and the 12 months before.

Amounts, costs and support hours count inside the window only; hours are also
split into the window's first and last six months (``hours_earlier``,
``hours_recent``) for the risk score's hours trend.
"""

from __future__ import annotations

import pandas as pd

from niche.model import Options


def _invoice_window(
    frame: pd.DataFrame, options: Options
) -> tuple[pd.DataFrame, tuple[pd.Timestamp, pd.Timestamp] | None, bool, list[str]]:
    """Sum invoice lines over the 12 months ending at the latest date (or a chosen
    end date); the prior 12 months count only when the file covers them."""
    notes = []
    dated = frame["date"].notna()
    if not dated.any():
        frame = frame.drop(columns="prior_revenue", errors="ignore")
        frame = frame.assign(first_date=pd.NaT, last_date=pd.NaT)
        return frame, None, False, ["No invoice date could be read."]
    end = (
        pd.Timestamp(options.end_date).normalize()
        if options.end_date
        else frame.loc[dated, "date"].max().normalize()
    )
    start = end - pd.DateOffset(years=1) + pd.Timedelta(days=1)
    prior_start = start - pd.DateOffset(years=1)
    earliest = frame.loc[dated, "date"].min()
    prior_known = bool(earliest <= prior_start)
    date = frame["date"]
    in_window = (date >= start) & (date <= end + pd.Timedelta(days=1) - pd.Timedelta(1))
    in_prior = (date >= prior_start) & (date < start)
    # Rows with no date and no amount are a QuickBooks block's heading line.
    undated = int((~dated & (frame["amount"] != 0)).sum())
    if undated:
        notes.append(f"{undated} invoice lines have no readable date and do not count.")
    if prior_known:
        frame = frame.assign(prior_revenue=frame["amount"].where(in_prior, 0.0))
    else:
        frame = frame.drop(columns="prior_revenue", errors="ignore")
    frame = frame.assign(
        amount=frame["amount"].where(in_window, 0.0),
        first_date=date,
        last_date=date.where(date <= end + pd.Timedelta(days=1)),
    )
    if "cost" in frame:
        frame["cost"] = frame["cost"].where(in_window | frame["cost"].isna(), 0.0)
    if "support_hours" in frame:
        hours = frame["support_hours"]
        recent = date >= end - pd.DateOffset(months=6) + pd.Timedelta(days=1)
        frame = frame.assign(
            support_hours=hours.where(in_window | hours.isna(), 0.0),
            hours_recent=hours.where(in_window & recent | hours.isna(), 0.0),
            hours_earlier=hours.where(in_window & ~recent | hours.isna(), 0.0),
        )
    return frame, (start, end), prior_known, notes
