"""Join two lists of client names: exact after normalising, then fuzzy.

"Maple Grove Dental, LLC" and "Maple Grove Dental" are the same client (exact after
:func:`normalise_name`: case, punctuation, "&"/"and" and legal suffixes such as LLC,
Inc, PC, PLLC, Ltd, GmbH). Names that are only close ("Dovetail Acounting") are
*proposals* the user confirms; a guard keeps near-misses apart ("Summit Dental" is
not "Summit Metal"). Unmatched names on both sides are listed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

FUZZY_THRESHOLD = 90.0
TYPO_RATIO = 85.0  # two differing words are one word mistyped at this ratio
LEGAL_SUFFIXES = frozenset(
    {"llc", "inc", "incorporated", "corp", "corporation", "co", "pc", "pllc", "llp"}
    | {"lp", "ltd", "limited", "gmbh", "plc", "pty", "sa", "ag", "bv", "srl"}
)
_JOINED = re.compile(r"['’.]")
_NON_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class MatchProposal:
    """A client of the main file paired with a name of the second file."""

    client: str  # display name in the client file
    client_key: str  # the client's ``key`` in Cleaned.clients
    other_name: str
    score: float  # 100 for exact matches, 0 for pairs the user made
    kind: str  # "exact" | "fuzzy" | "manual"


@dataclass(frozen=True)
class JoinResult:
    """Exact matches (they count), fuzzy proposals (to confirm) and the rest."""

    exact: tuple[MatchProposal, ...]
    fuzzy: tuple[MatchProposal, ...]
    unmatched_clients: tuple[str, ...]
    unmatched_other: tuple[str, ...]
    unmatched_keys: tuple[str, ...] = ()  # the keys of the unmatched clients

    def accepted(
        self, confirmed: Iterable[tuple[str, str]] = ()
    ) -> tuple[MatchProposal, ...]:
        """Exact matches, the close ones the user confirmed, and the pairs the
        user made by hand of names that matched nothing.

        ``confirmed`` holds (client name, other name) pairs, compared without case.
        """
        pairs = {(_fold(a), _fold(b)) for a, b in confirmed}
        chosen = [
            m for m in self.fuzzy if (_fold(m.client), _fold(m.other_name)) in pairs
        ]
        others = {_fold(n): n for n in self.unmatched_other}
        used: set[str] = set()
        for client, key in zip(
            self.unmatched_clients, self.unmatched_keys, strict=True
        ):
            for a, b in pairs:
                if a == _fold(client) and b in others and b not in used:
                    chosen.append(MatchProposal(client, key, others[b], 0.0, "manual"))
                    used.add(b)
                    break
        return self.exact + tuple(chosen)


def _fold(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def normalise_name(name: str) -> str:
    """A name for joining: no case, accents, punctuation or legal suffix.

    "Maple Grove Dental, L.L.C." and "maple grove dental" both give
    "maple grove dental"; "&" is "and"; DDS, MD and the like are kept.
    """
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = text.casefold().replace("&", " and ").replace("+", " and ")
    tokens = _NON_WORD.sub(" ", _JOINED.sub("", text)).split()
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    while len(tokens) > 1 and (tokens[-1] in LEGAL_SUFFIXES or tokens[-1] == "and"):
        tokens = tokens[:-1]
    return " ".join(tokens)


def names_agree(a: str, b: str) -> bool:
    """Guard for fuzzy matches: the words of two normalised names may differ by a
    typo in a long word and one extra word, never by a different word.

    "summit dental" / "summit metal": no ("dental" and "metal" are different
    words); "dovetail acounting" / "dovetail accounting": yes.
    """
    left, right = a.split(), b.split()
    shared = [t for t in left if t in right]
    rest_l = [t for t in left if t not in shared]
    rest_r = [t for t in right if t not in shared]
    typos = 0
    for token in list(rest_l):
        best = max(rest_r, key=lambda t: fuzz.ratio(token, t), default=None)
        if best is None:
            break
        if (
            fuzz.ratio(token, best) >= TYPO_RATIO
            and min(len(token), len(best)) >= 5
            and token.isalpha()
            and best.isalpha()
        ):
            rest_l.remove(token)
            rest_r.remove(best)
            typos += 1
    if rest_l and rest_r and "".join(rest_l) == "".join(rest_r):
        rest_l, rest_r, typos = [], [], typos + 1  # "oak ridge" / "oakridge"
    extra = len(rest_l) + len(rest_r)
    if rest_l and rest_r:
        return False  # a word replaced by another word
    return extra <= 1 and len(shared) + typos >= 2 - (extra == 0)


def join_names(
    clients: pd.DataFrame,
    other: object,
    *,
    threshold: float = FUZZY_THRESHOLD,
) -> JoinResult:
    """Join the clients (``client`` and ``key`` columns of ``Cleaned.clients`` or
    ``Analysis.clients``) to the names of a second file (an
    :class:`~niche.enrich.EnrichmentTable` or a sequence of names).

    Each client and each other name is used at most once: exact matches first
    (after :func:`normalise_name`), then the best fuzzy pairs scoring at least
    ``threshold`` that pass :func:`names_agree`.
    """
    entries = getattr(other, "entries", None)
    source = entries["name"] if entries is not None else other
    names = [str(n) for n in source]
    client_names = [str(c) for c in clients["client"]]
    keys = [str(k) for k in clients["key"]]
    c_norm = [normalise_name(c) for c in client_names]
    o_norm = [normalise_name(n) for n in names]
    by_norm: dict[str, int] = {}
    for j, norm in enumerate(o_norm):
        by_norm.setdefault(norm, j)
    exact, used_c, used_o = [], set(), set()
    for i, norm in enumerate(c_norm):
        j = by_norm.get(norm)
        if j is not None and j not in used_o and norm:
            exact.append(
                MatchProposal(client_names[i], keys[i], names[j], 100.0, "exact")
            )
            used_c.add(i)
            used_o.add(j)
    left = [i for i, n in enumerate(c_norm) if i not in used_c and n]
    right = [j for j, n in enumerate(o_norm) if j not in used_o and n]
    pairs = []
    if left and right:
        a, b = [c_norm[i] for i in left], [o_norm[j] for j in right]
        scores = np.maximum(
            process.cdist(a, b, scorer=fuzz.token_sort_ratio),
            0.95 * process.cdist(a, b, scorer=fuzz.token_set_ratio),
        )
        for x, y in zip(*np.nonzero(scores >= threshold), strict=True):
            i, j = left[x], right[y]
            if names_agree(c_norm[i], o_norm[j]):
                pairs.append((-float(scores[x, y]), i, j))
    fuzzy = []
    for neg, i, j in sorted(pairs):
        if i in used_c or j in used_o:
            continue
        fuzzy.append(
            MatchProposal(client_names[i], keys[i], names[j], round(-neg, 1), "fuzzy")
        )
        used_c.add(i)
        used_o.add(j)
    return JoinResult(
        exact=tuple(exact),
        fuzzy=tuple(sorted(fuzzy, key=lambda m: (-m.score, m.client.casefold()))),
        unmatched_clients=tuple(
            c for i, c in enumerate(client_names) if i not in used_c
        ),
        unmatched_other=tuple(n for j, n in enumerate(names) if j not in used_o),
        unmatched_keys=tuple(k for i, k in enumerate(keys) if i not in used_c),
    )
