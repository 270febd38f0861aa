"""Last period's client list: each client's revenue then, matched by name.

The list is a previous export or a completed list from the page, read and
cleaned like any client list. Its clients are matched to this period's as a
second file's are (:func:`niche.complete.names.join_names`): equal after
:func:`~niche.complete.names.normalise_name` ("Acme Dental LLC" is "Acme
Dental"), close matches only once the user confirms them. Each client of this
list gets ``prior_revenue`` (0 when last period's list does not have it, a new
client) and ``previous_client`` (the name it had); last period's clients that
match none are the lost ones (:class:`~niche.model.PreviousPeriod`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from niche.complete.names import JoinResult, join_names, normalise_name
from niche.model import Prepared, PreviousPeriod


@dataclass(frozen=True, eq=False)
class PreviousJoin:
    """How last period's list joined this one (for the page and the CLI)."""

    file: str
    join: JoinResult
    confirmed: int  # close matches counted (confirmed by the user, or all)


def _by_name(prepared: Prepared) -> pd.DataFrame:
    """Last period's clients, one per normalised name (revenue summed, the first
    spelling kept): ``client``, ``previous``."""
    clients = prepared.cleaned.clients
    frame = pd.DataFrame(
        {
            "client": clients["client"].astype(object).to_numpy(),
            "previous": clients["annual_revenue"].to_numpy(dtype="float64"),
        }
    )
    norm = frame["client"].map(normalise_name)
    norm = norm.where(norm != "", frame["client"].str.casefold())
    grouped = frame.groupby(norm.to_numpy(), sort=False)
    return pd.DataFrame(
        {"client": grouped["client"].first(), "previous": grouped["previous"].sum()}
    ).reset_index(drop=True)


def _period(prepared: Prepared) -> str | None:
    window = prepared.cleaned.window
    if window:
        return f"{window[0]:%Y-%m-%d} to {window[1]:%Y-%m-%d}"
    return prepared.period.text if prepared.period else None


def apply_previous(
    current: Prepared,
    previous: Prepared,
    confirmed: Iterable[tuple[str, str]] = (),
    *,
    accept_fuzzy: bool = False,
) -> tuple[Prepared, PreviousJoin]:
    """This period's clients with last period's revenue, and how they joined.

    Parameters
    ----------
    current, previous
        This period's and last period's lists, each with its left-out clients
        already taken out.
    confirmed
        (client, name in last period's list) pairs of close matches the user
        confirmed; ``accept_fuzzy`` counts every close match.
    """
    before = _by_name(previous)
    clients = current.cleaned.clients
    join = join_names(clients, before["client"].tolist())
    pairs = list(confirmed)
    if accept_fuzzy:
        pairs += [(m.client, m.other_name) for m in join.fuzzy]
    accepted = join.accepted(pairs)
    revenue = dict(zip(before["client"], before["previous"], strict=True))
    name_of = {m.client_key: m.other_name for m in accepted}
    old = clients["key"].map(name_of)
    taken = set(name_of.values())
    lost = before[~before["client"].isin(taken)].reset_index(drop=True)
    notes = []
    mapping, cleaned = current.header.mapping, current.cleaned
    if cleaned.prior_known or mapping.prior_revenue:
        notes.append(
            f"Last period's revenue comes from {previous.grid.filename}, not from "
            "this file's own prior revenue."
        )
    pending = len(join.fuzzy) - (len(accepted) - len(join.exact))
    if pending:
        notes.append(
            f"{pending} close name match{'es' if pending > 1 else ''} with last "
            "period's list not confirmed: each counts as a lost and a new client "
            "until confirmed."
        )
    filled = clients.assign(
        prior_revenue=old.map(revenue).fillna(0.0).astype("float64"),
        previous_client=old.astype(object).where(old.notna(), None),
    )
    period = PreviousPeriod(
        file=previous.grid.filename,
        lost=lost,
        period=_period(previous),
        notes=tuple(notes),
    )
    done = replace(current, cleaned=replace(cleaned, clients=filled), previous=period)
    return done, PreviousJoin(
        previous.grid.filename, join, len(accepted) - len(join.exact)
    )
