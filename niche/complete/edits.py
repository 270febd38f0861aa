"""Fill in systems and industry: values from a second file, then the user's edits.

The page keeps the user's edits as a small JSON-serialisable dict::

    {client key: {"industry": "Dental offices", "systems": 12}}

(a field absent: not edited; ``""`` or ``None``: cleared to unknown). The client
key is ``Cleaned.clients["key"]``. Values from a file fill blanks only; edits
override both the client file and the second file. Everything happens on the
:class:`~niche.clean.Cleaned` table, before the analysis.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from niche.clean.text import name_key
from niche.model import TIERS, Cleaned
from niche.rules.taxonomy import UNSPECIFIED, Taxonomy

if TYPE_CHECKING:
    from niche.model import Analysis, Prepared


Values = Mapping[str, tuple[float | None, str | None]]
Edits = Mapping[str, Mapping[str, object]]


def _systems_value(value: object) -> float | None:
    """A count, or ``None`` for blank, non-numeric or negative."""
    number = pd.to_numeric(pd.Series([value], dtype=object), errors="coerce").iloc[0]
    if pd.isna(number) or number < 0:
        return None
    return float(round(number))


def _industry_value(value: object) -> str | None:
    if not isinstance(value, str):
        if value is None or pd.isna(value):
            return None
        value = str(value)
    text = " ".join(value.split())
    return text or None


def apply_enrichment(
    cleaned: Cleaned, values: Values | None = None, edits: Edits | None = None
) -> Cleaned:
    """Fill blank systems and industries from ``values``, then apply ``edits``.

    Parameters
    ----------
    cleaned
        The client table (as :func:`niche.clean.clean` made it).
    values
        ``{client key: (systems, industry)}`` from
        :func:`niche.enrich.enrichment_values`; they fill blanks only.
    edits
        ``{client key: {"industry": ..., "systems": ...}}``: the user's edits, which
        win over both files. Keys of clients not in the table are ignored.
    """
    values, edits = values or {}, edits or {}
    if not values and not edits:
        return cleaned
    clients = cleaned.clients
    keys = clients["key"]
    systems = clients["systems"].astype("float64")
    industry = clients["industry_raw"].astype(object)
    industry = industry.where(industry.map(_industry_value).notna(), None)
    file_sys = keys.map(lambda k: values.get(k, (None, None))[0]).astype("float64")
    file_ind = keys.map(lambda k: values.get(k, (None, None))[1]).astype(object)
    filled = int((systems.isna() & file_sys.notna()).sum())
    filled += int((industry.isna() & file_ind.notna()).sum())
    systems = systems.fillna(file_sys)
    industry = industry.where(industry.notna(), file_ind)
    edited = 0
    for position, key in enumerate(keys):
        change = edits.get(key)
        if not change:
            continue
        edited += 1
        if "systems" in change:
            count = _systems_value(change["systems"])
            systems.iat[position] = math.nan if count is None else count
        if "industry" in change:
            industry.iat[position] = _industry_value(change["industry"])
    notes = list(cleaned.notes)
    if filled:
        notes.append(f"{filled} blank values filled in from a second file.")
    if edited:
        notes.append(f"{edited} clients edited by you.")
    table = clients.assign(
        systems=systems, industry_raw=industry.where(industry.notna(), pd.NA)
    )
    return replace(cleaned, clients=table, notes=tuple(notes))


def enrich_prepared(
    prepared: Prepared, values: Values | None = None, edits: Edits | None = None
) -> Prepared:
    """:func:`apply_enrichment` on a :class:`~niche.model.Prepared`."""
    return replace(prepared, cleaned=apply_enrichment(prepared.cleaned, values, edits))


def _cleaned_of(source: Cleaned | Prepared | Analysis) -> Cleaned:
    if isinstance(source, Cleaned):
        return source
    prepared = getattr(source, "prepared", source)
    return prepared.cleaned


def editor_frame(
    source: Cleaned | Prepared | Analysis,
    left_out: Iterable[str] = (),
    *,
    taxonomy: Taxonomy | None = None,
    industry_overrides: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The table the user edits: one row per client, indexed by client key.

    Columns: ``client``, ``annual_revenue``, ``industry`` (the taxonomy's name when
    known, else the file's label, ``""`` when none), ``systems`` (nullable Int64),
    ``leave_out`` (bool). Clients with no industry come first, largest revenue
    first, since they matter most to the recommendation.

    Pass a table cleaned *without* ``Options.left_out`` so that left-out clients
    are listed (ticked) and can be taken back.
    """
    taxonomy = taxonomy or Taxonomy.default()
    overrides = dict(industry_overrides or {})
    clients = _cleaned_of(source).clients
    raw = [_industry_value(v) for v in clients["industry_raw"].astype(object)]
    labels = [overrides.get(r, r) if r else None for r in raw]
    shown = [
        "" if m.industry == UNSPECIFIED else m.industry
        for m in taxonomy.match_many(labels)
    ]
    out_keys = set(name_key(pd.Series(list(left_out), dtype=object)).dropna())
    frame = pd.DataFrame(
        {
            "client": clients["client"].astype(str).to_numpy(),
            "annual_revenue": clients["annual_revenue"].astype("float64").to_numpy(),
            "industry": shown,
            "systems": pd.array(
                clients["systems"].astype("float64").round(), dtype="Int64"
            ),
            "leave_out": clients["key"].isin(out_keys).to_numpy(),
        },
        index=pd.Index(clients["key"].astype(str).to_numpy(), name="key"),
    )
    order = frame.assign(
        _known=frame["industry"] != "", _name=frame["client"].str.casefold()
    ).sort_values(
        ["_known", "annual_revenue", "_name"],
        ascending=[True, False, True],
        kind="stable",
    )
    return frame.loc[order.index]


def edits_from_editor(
    before: pd.DataFrame, after: pd.DataFrame, previous: Edits | None = None
) -> dict[str, dict[str, object]]:
    """The edits dict: ``previous`` plus what changed between the two tables.

    ``before`` is :func:`editor_frame`'s table, ``after`` what the editor returned
    (same index). Systems are stored as whole numbers (``None``: unknown),
    industries as text (``""``: unknown).
    """
    edits = {k: dict(v) for k, v in (previous or {}).items()}
    common = after.index.intersection(before.index)
    for key in common:
        old, new = before.loc[key], after.loc[key]
        change: dict[str, object] = {}
        if _industry_value(old["industry"]) != _industry_value(new["industry"]):
            change["industry"] = _industry_value(new["industry"]) or ""
        old_s, new_s = _systems_value(old["systems"]), _systems_value(new["systems"])
        if old_s != new_s:
            change["systems"] = None if new_s is None else int(new_s)
        if change:
            edits.setdefault(str(key), {}).update(change)
    return edits


def completeness(analysis: Analysis) -> tuple[float, float]:
    """Shares of revenue (0..1) with a known industry and with known systems."""
    clients = analysis.clients
    share = clients["revenue_share"].to_numpy(dtype="float64")
    industry = (clients["industry"] != UNSPECIFIED).to_numpy(dtype=bool)
    systems = pd.Categorical(clients["tier"], categories=TIERS).codes != TIERS.index(
        "unknown"
    )
    return float(np.nansum(share[industry])), float(np.nansum(share[systems]))
