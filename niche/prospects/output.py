"""A scored prospect list as a table, JSON records and text."""

from __future__ import annotations

import math

import pandas as pd

from niche.model import Analysis
from niche.prospects.score import ProspectFit


def prospects_frame(fit: ProspectFit) -> pd.DataFrame:
    """For display and download: Rank, Fit, the file's own columns, then Matched
    industry, Sector, Size tier and Why (reasons joined by "; ")."""
    t = fit.table
    original = fit.prospects.table.loc[t["row"]].reset_index(drop=True)
    added = {"Rank", "Fit", "Matched industry", "Sector", "Size tier", "Why"}
    original.columns = [f"{c} (file)" if c in added else c for c in original.columns]
    front = {"Rank": t["rank"], "Fit": t["fit"]}
    back = {
        "Matched industry": t["industry"],
        "Sector": t["sector"],
        "Size tier": t["tier"].str.replace("_", " "),
        "Why": ["; ".join(r) for r in t["reasons"]],
    }
    names = [*front, *original.columns, *back]
    if len(set(names)) < len(names):  # a file column named like an added one
        return pd.concat([pd.DataFrame(front), original, pd.DataFrame(back)], axis=1)
    return pd.DataFrame({**front, **dict(original.items()), **back})


def prospect_records(fit: ProspectFit) -> list[dict[str, object]]:
    """JSON-ready list, best fit first (``null`` for unknown values)."""
    original = fit.prospects.table
    out = []
    for r in fit.table.itertuples(index=False):
        out.append(
            {
                "rank": int(r.rank),
                "name": r.name,
                "row": int(r.row),
                "fit": float(r.fit),
                "industry": r.industry,
                "industry_raw": r.industry_raw
                if isinstance(r.industry_raw, str)
                else None,
                "sector": r.sector,
                "systems": None if math.isnan(r.systems) else int(r.systems),
                "tier": r.tier,
                "match": r.match,
                "points": {
                    "industry": float(r.industry_points),
                    "tier": float(r.tier_points),
                    "size": float(r.size_points),
                },
                "reasons": list(r.reasons),
                "columns": original.loc[r.row].to_dict(),
            }
        )
    return out


def prospects_text(
    fit: ProspectFit, analysis: Analysis, limit: int | None = None
) -> str:
    """A readable table for the terminal, best fit first."""
    rec = analysis.recommendation
    lines = [
        f"Prospects: {fit.prospects.grid.filename} ({len(fit.table)} prospects), "
        f"scored against the best clients of {analysis.source.filename}.",
        f"Recommended niche: {rec.niche}." if rec.niche else "No niche yet.",
    ]
    if fit.reason:
        lines.append(fit.reason)
    lines.append("")
    lines.append(
        f"{'#':>3}  {'Fit':>5}  {'Prospect':<32}  {'Industry':<26}  {'PCs':>4}"
    )
    shown = fit.table if limit is None else fit.table.head(limit)
    for r in shown.itertuples(index=False):
        pcs = "?" if math.isnan(r.systems) else f"{r.systems:.0f}"
        lines.append(
            f"{r.rank:>3}  {r.fit:>5.1f}  {r.name[:32]:<32}  {r.industry[:26]:<26}  "
            f"{pcs:>4}"
        )
        lines.append(f"{'':>12}{'; '.join(r.reasons)}")
    if limit is not None and len(fit.table) > limit:
        lines.append(f"... and {len(fit.table) - limit} more.")
    return "\n".join(lines) + "\n"
