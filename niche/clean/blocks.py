"""QuickBooks parent blocks and subtotal lines."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from niche.clean.text import (
    Column,
    match_start,
    name_key,
)

_SUBTOTAL_FOR = re.compile(r"^total\s+for\s+(.+)$", re.IGNORECASE)
_SUBTOTAL = re.compile(r"^total\s+(.+)$", re.IGNORECASE)
_TOTAL_SPACE = re.compile(r"(?i)^total\s")


def _groups(
    label: Column, amount_blank: np.ndarray, reason: pd.Series, message: pd.Series
) -> pd.Series:
    """Mark subtotal lines and assign rows of QuickBooks parent blocks to the parent.

    A block is a row with no amount whose name a later "Total for NAME" (or
    "Total NAME") line closes; the rows between belong to NAME, and nested blocks
    roll up to the outermost one. A "Total NAME" line that closes no block is a
    client whose name starts with "Total" (e.g. "Total Fitness").
    """
    group_of = pd.Series(pd.NA, index=reason.index, dtype=object)
    candidates = label.test(lambda t: match_start(t, "Tt", _TOTAL_SPACE)) & (
        (reason == "").to_numpy()
    )
    if not candidates.any():
        return group_of
    keys = label.apply(name_key).tolist()
    texts = label.rows()
    open_heads = {}  # key -> position of the latest parent row with no amount
    seen: set[str] = set()  # names above, and the parents of Parent:Child names
    blank = amount_blank
    pending = (reason == "").to_numpy()
    spans: list[tuple[int, int, str]] = []
    for pos, key in enumerate(keys):
        if not pending[pos]:
            continue
        text = texts[pos]
        match = _SUBTOTAL_FOR.match(text) or _SUBTOTAL.match(text)
        if match and candidates[pos]:
            target = " ".join(match.group(1).split()).casefold()
            head = open_heads.pop(target, None)
            if head is not None or target in seen or _SUBTOTAL_FOR.match(text):
                reason.iat[pos] = "total_line"
                message.iat[pos] = (
                    f"Subtotal of {match.group(1).strip()} (not added again)"
                )
                if head is not None:
                    spans.append((head, pos, texts[head].strip()))
                continue
        if blank[pos] and key:
            open_heads[key] = pos
        seen.update((key, key.split(":", 1)[0].strip()))
    for head, end, name in sorted(spans, key=lambda s: s[1] - s[0]):
        # Wider (outer) blocks are applied last, so rows take the outermost parent.
        group_of.iloc[head:end] = name
    return group_of
