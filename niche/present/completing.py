"""Pure helpers for the page's "Complete your data" section and load summary.

No Streamlit here. The page keeps the user's choices in ``st.session_state`` as
plain JSON values (lists, dicts of text and numbers); these functions turn them
into tables to show and back into those plain values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from niche.complete.names import JoinResult
from niche.format import counted
from niche.model import REASONS, Analysis
from niche.rules.taxonomy import Taxonomy

COMPLETE_ENOUGH = 0.8  # share of revenue with industry and PCs known
_AMBIGUOUS_DATES = "could be month/day or day/month"
_AMBIGUOUS_AMOUNTS = "could mean thousands or decimals"
CONFIRM = "Same client?"
OURS = "Your client"
THEIRS = "Name in the file"
SCORE = "Similarity"


def _fold(name: object) -> str:
    return " ".join(str(name).split()).casefold()


def frame_completeness(frame: pd.DataFrame) -> tuple[float, float]:
    """Shares of revenue (0..1) with an industry and with a PC count, in the
    editor's table (left-out clients not counted)."""
    kept = frame[~frame["leave_out"].fillna(False).astype(bool)]
    revenue = kept["annual_revenue"].clip(lower=0).fillna(0.0)
    total = float(revenue.sum())
    if total <= 0:
        return 0.0, 0.0
    industry = kept["industry"].fillna("").astype(str).str.strip() != ""
    systems = kept["systems"].notna()
    return (
        float(revenue[industry.to_numpy()].sum()) / total,
        float(revenue[systems.to_numpy()].sum()) / total,
    )


def needs_completing(industry: float, systems: float) -> bool:
    """True when industry or PC count is unknown for much of the revenue."""
    return min(industry, systems) < COMPLETE_ENOUGH


def completeness_line(industry: float, systems: float) -> str:
    """One line: how much of the revenue has a known industry and PC count."""
    line = (
        f"Industry known for {industry * 100:.0f} % of revenue · "
        f"PC count known for {systems * 100:.0f} % of revenue."
    )
    if needs_completing(industry, systems):
        line += " Add a device or company list, or fill in the table below."
    return line


def industry_options(frame: pd.DataFrame, names: Sequence[str]) -> list[str]:
    """The taxonomy's names, plus any other label already in the table."""
    labels = pd.unique(frame["industry"].dropna().astype(str))
    extra = sorted({v for v in labels if v.strip()} - set(names))
    return [*names, *extra]


def _label(value: object) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    return "" if value is None or pd.isna(value) else str(value)


def _count(values: pd.Series) -> pd.Series:
    number = pd.to_numeric(values.astype(object), errors="coerce").astype("float64")
    return number.where(number >= 0).round()


def changed_rows(before: pd.DataFrame, after: pd.DataFrame) -> pd.Index:
    """Keys of the editor rows whose industry or PC count differ (vectorised, so
    that a rerun with 10,000 clients does not compare them one by one)."""
    fields = ["industry", "systems"]
    if after.index.equals(before.index):
        if _same(before, after, fields):
            return after.index[:0]
        common, old, new = after.index, before, after
    else:
        common = after.index.intersection(before.index)
        old, new = before.loc[common], after.loc[common]
    a = old["industry"].to_numpy(dtype=object, na_value="")
    b = new["industry"].to_numpy(dtype=object, na_value="")
    maybe = (a != b).nonzero()[0]  # cheap first pass; then compare as labels
    industry = pd.array([False] * len(common), dtype=bool)
    for i in maybe:
        industry[i] = _label(a[i]) != _label(b[i])
    s_old, s_new = _count(old["systems"]), _count(new["systems"])
    same = (s_old == s_new) | (s_old.isna() & s_new.isna())
    return common[industry | ~same.to_numpy()]


def edited_frame(base: pd.DataFrame, edit_state: Mapping | None) -> pd.DataFrame:
    """``base`` with a data editor's cell edits applied, as Streamlit applies
    them: its edit state holds ``{"edited_rows": {row position: {column:
    value}}}``. The page's editors are fixed, so rows are never added or
    deleted; a value the column cannot hold is skipped, as Streamlit does."""
    rows = (edit_state or {}).get("edited_rows") or {}
    if not rows:
        return base
    after = base.copy()
    for position, changes in rows.items():
        for column, value in changes.items():
            if column not in after.columns:
                continue
            try:
                after.iat[int(position), after.columns.get_loc(column)] = value
            except (TypeError, ValueError, IndexError):
                continue
    return after


def _same(before: pd.DataFrame, after: pd.DataFrame, columns: Iterable[str]) -> bool:
    """``after[columns].equals(before[columns])``, column by column (much
    faster for a small table)."""
    return after.index.equals(before.index) and all(
        after[c].equals(before[c]) for c in columns
    )


def editor_height(rows: int, most: int = 420) -> int:
    """Pixels for a table of ``rows`` rows, at most ``most``."""
    return min(38 + 35 * max(rows, 1), most)


def left_out_after(
    previous: Iterable[str], before: pd.DataFrame, after: pd.DataFrame
) -> list[str]:
    """The left-out names after an edit: the ticked clients, plus earlier names
    of clients not in this file (saved settings for other months)."""
    if before["leave_out"].equals(after["leave_out"]):
        return list(dict.fromkeys(previous))
    listed = {_fold(n) for n in before["client"]}
    kept = [n for n in previous if _fold(n) not in listed]
    ticked = after["leave_out"].fillna(False).astype(bool)
    chosen = [str(n) for n in after.loc[ticked, "client"]]
    return list(dict.fromkeys(kept + chosen))


def proposals_frame(
    join: JoinResult, confirmed: Iterable[Sequence[str]] = ()
) -> pd.DataFrame:
    """The close (fuzzy) matches with a tick box each: ticked when confirmed."""
    pairs = {(_fold(a), _fold(b)) for a, b in confirmed}
    return pd.DataFrame(
        {
            CONFIRM: [
                (_fold(m.client), _fold(m.other_name)) in pairs for m in join.fuzzy
            ],
            OURS: [m.client for m in join.fuzzy],
            THEIRS: [m.other_name for m in join.fuzzy],
            SCORE: [m.score for m in join.fuzzy],
        },
        columns=[CONFIRM, OURS, THEIRS, SCORE],
    )


def confirmed_after(
    join: JoinResult, after: pd.DataFrame, previous: Iterable[Sequence[str]] = ()
) -> list[list[str]]:
    """Confirmed pairs after the user ticked proposals of this join; pairs of
    other files are kept."""
    mine = {(_fold(m.client), _fold(m.other_name)) for m in join.fuzzy}
    kept = [[a, b] for a, b in previous if (_fold(a), _fold(b)) not in mine]
    ticked = after[CONFIRM].fillna(False).astype(bool)
    chosen = [
        [str(a), str(b)]
        for a, b in zip(after.loc[ticked, OURS], after.loc[ticked, THEIRS], strict=True)
    ]
    return kept + chosen


def join_line(kind: str, join: JoinResult, confirmed: int) -> str:
    """One line about how a second file joined (counts only)."""
    matched = len(join.exact) + confirmed
    parts = [f"{matched} of your clients matched by name ({kind})"]
    if join.fuzzy:
        parts.append(
            f"{counted(len(join.fuzzy) - confirmed, 'close match', 'close matches')}"
            " to confirm"
            if confirmed < len(join.fuzzy)
            else "every close match confirmed"
        )
    parts.append(
        f"not matched: {len(join.unmatched_clients)} of your clients, "
        f"{counted(len(join.unmatched_other), 'name')} in the file"
    )
    return "; ".join(parts) + "."


def ambiguous_dates(notes: Iterable[str]) -> bool:
    """True when a date column could be read either way."""
    return any(_AMBIGUOUS_DATES in n for n in notes)


def ambiguous_amounts(notes: Iterable[str]) -> bool:
    """True when an amount column could use . or , as the decimal mark."""
    return any(_AMBIGUOUS_AMOUNTS in n for n in notes)


def offers_month_sum(
    detected: Mapping[str, str],
    month_columns: Sequence[str],
    overrides: Iterable[tuple[str, str | None]],
) -> bool:
    """True when the file has month columns and no revenue column is used."""
    mapped = {**detected, **dict(overrides)}
    return len(month_columns) >= 2 and not (
        mapped.get("revenue") or mapped.get("monthly_revenue")
    )


def load_summary(analysis: Analysis) -> list[str]:
    """Excluded rows by reason and the invoice window, as short lines."""
    cleaned = analysis.prepared.cleaned
    lines = []
    reasons = Counter(e.reason for e in analysis.excluded)
    if reasons:
        lines.append(
            "Excluded by reason: "
            + "; ".join(
                f"{n} {REASONS.get(r, r).lower()}" for r, n in reasons.most_common()
            )
            + "."
        )
    if cleaned.window:
        start, end = (d.strftime("%Y-%m-%d") for d in cleaned.window)
        prior = (
            "the prior 12 months are covered"
            if cleaned.prior_known
            else "no prior 12 months to compare"
        )
        lines.append(
            f"Invoice file: revenue is the 12 months {start} to {end} ({prior})."
        )
    return lines


# --- industry labels: re-map any label, confirm the fuzzy guesses ------------------

KEEP = "(keep as written)"
LABEL = "Label in your file"
MAPS_TO = "Industry"
CONFIRMED = "Confirmed"
STATUS = "Status"
GUESS = "Guess — confirm?"
_STATUS_ORDER = {GUESS: 0, "Not recognised": 1, "Your choice": 2, "Recognised": 3}


def industry_map_frame(
    clients: pd.DataFrame, overrides: Mapping[str, str], taxonomy: Taxonomy
) -> pd.DataFrame:
    """One row per industry label as written in the file (indexed by it).

    Columns: ``Clients``, ``Monthly`` (revenue), ``Industry`` (what the label
    maps to: the user's choice, the taxonomy's match, its fuzzy guess, or
    :data:`KEEP`), ``Confirmed`` and ``Status``. A guess is offered (shown in
    ``Industry``) but not confirmed: it counts only once the user ticks it.
    Guesses come first, then labels not recognised, then the rest, each by
    revenue.
    """
    by_raw = clients.groupby("industry_raw", sort=False, dropna=True).agg(
        clients=("client", "size"), monthly=("monthly_revenue", "sum")
    )
    # Labels exactly as written: the overrides are keyed on them.
    written = [bool(str(v).strip()) for v in by_raw.index]
    grouped = by_raw.loc[pd.array(written, dtype="boolean")]
    rows = []
    for text in grouped.index:
        match = taxonomy.match(text)
        if text in overrides:
            rows.append((overrides[text] or KEEP, True, "Your choice"))
        elif match.known:
            rows.append((match.industry, True, "Recognised"))
        elif match.guess:
            rows.append((match.guess, False, GUESS))
        else:
            rows.append((KEEP, False, "Not recognised"))
    frame = pd.DataFrame(
        {
            "Clients": grouped["clients"].to_numpy(dtype="int64"),
            "Monthly": grouped["monthly"].to_numpy(dtype="float64"),
            MAPS_TO: [r[0] for r in rows],
            CONFIRMED: [r[1] for r in rows],
            STATUS: [r[2] for r in rows],
        },
        index=pd.Index([str(t) for t in grouped.index], name=LABEL),
    )
    order = frame.assign(_s=frame[STATUS].map(_STATUS_ORDER)).sort_values(
        ["_s", "Monthly"], ascending=[True, False], kind="stable"
    )
    return frame.loc[order.index]


def overrides_after(
    before: pd.DataFrame, after: pd.DataFrame, previous: Mapping[str, str]
) -> dict[str, str]:
    """The label -> industry overrides after an edit of the label table.

    Picking an industry sets it (``KEEP`` removes the label's override);
    ticking *Confirmed* applies the industry shown (a guess); unticking removes
    the label's override. Overrides of labels not in the table are kept.
    """
    out = dict(previous)
    columns = list(before.columns)
    if list(after.columns) == columns and _same(before, after, columns):
        return out  # no edit (every target in the table is a name)
    for text in after.index.intersection(before.index):
        old, new = before.loc[text], after.loc[text]
        target = new[MAPS_TO] if isinstance(new[MAPS_TO], str) else KEEP
        ticked = bool(new[CONFIRMED]) if pd.notna(new[CONFIRMED]) else False
        if target != old[MAPS_TO] or (ticked and not bool(old[CONFIRMED])):
            if target == KEEP:
                out.pop(text, None)
            else:
                out[text] = target
        elif not ticked and bool(old[CONFIRMED]):
            out.pop(text, None)
    return out


def waiting_guesses(frame: pd.DataFrame) -> int:
    """How many labels carry a guess the user has not confirmed."""
    return int(((frame[STATUS] == GUESS) & ~frame[CONFIRMED].astype(bool)).sum())


def guess_note(waiting: int) -> str:
    """The one-line note above the label table ("" when nothing waits)."""
    if not waiting:
        return ""
    if waiting == 1:
        return "1 industry label looks like a known industry: confirm it below."
    return f"{waiting} industry labels look like known industries: confirm them below."


def map_options(frame: pd.DataFrame, names: Sequence[str]) -> list[str]:
    """:data:`KEEP`, the taxonomy's names, and any other target in the table."""
    extra = sorted(set(frame[MAPS_TO]) - set(names) - {KEEP})
    return [KEEP, *names, *extra]
