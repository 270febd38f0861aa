"""Industry taxonomy: normalise free-text industry labels to canonical industries.

The data lives in ``niche/data/taxonomy.csv`` (``label,industry,naics,sector,
neighbours``). A row whose ``label`` equals its ``industry`` defines a canonical
industry (NAICS code, sector, curated neighbours); every other row is a synonym.

Matching is exact on the normalised label (case, accents, punctuation, ``&``,
possessives and plurals ignored), then on the same text without spaces
("Day care" = "Daycare"). An unknown label stays as its own cleaned label in sector
"Other"; a fuzzy *guess* may be offered, never applied.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import resources

from rapidfuzz import fuzz, process

from niche.rules.labels import clean_label, normalise_label

SECTORS: tuple[str, ...] = (
    "Healthcare",
    "Professional services",
    "Legal",
    "Finance and insurance",
    "Construction and trades",
    "Manufacturing",
    "Hospitality and food",
    "Retail",
    "Real estate",
    "Education",
    "Nonprofit and religious",
    "Government",
    "Transportation and logistics",
    "Other",
)
UNSPECIFIED = "Unspecified"
OTHER_SECTOR = "Other"

HEADER = ("label", "industry", "naics", "sector", "neighbours")
GUESS_THRESHOLD = 88.0  # rapidfuzz token_sort_ratio on normalised text, 0..100
MIN_SINGLE_WORD_GUESS = 7  # a one-word label shorter than this is never guessed
MIN_CONTAINED_LABEL = 4  # resolve_background: shortest label searched inside text

_NAICS = re.compile(r"\d{2,6}")
# "621210", "5411 Legal Services", "NAICS 621210 - Offices of Dentists"
_NAICS_LABEL = re.compile(r"(?i)^\s*(?:naics\s*:?\s*)?(\d{2,6})(?![\d.,])(?:\W.*)?$")


def _is_missing(value: object) -> bool:
    """True for None, NaN, pandas NA/NaT and blank or whitespace-only text."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaN, NaT
    except TypeError:  # pandas.NA refuses bool()
        return True


@dataclass(frozen=True)
class Industry:
    """A canonical industry of the taxonomy."""

    name: str
    naics: str | None
    sector: str
    neighbours: tuple[str, ...]


@dataclass(frozen=True)
class IndustryMatch:
    """The industry a label was matched to.

    ``industry`` is the canonical name when ``known``; otherwise the cleaned label
    (sector "Other"), or "Unspecified" for a blank label. ``guess`` is a canonical
    industry suggested by fuzzy matching for an unknown label; it is not applied.
    """

    raw: str | None
    industry: str
    sector: str
    naics: str | None
    known: bool
    guess: str | None = None
    guess_score: float | None = None


_UNSPECIFIED_MATCH = IndustryMatch(None, UNSPECIFIED, OTHER_SECTOR, None, False)


class Taxonomy:
    """Canonical industries and the labels that map to them.

    Build one with :meth:`default` (the bundled data file) or :meth:`from_csv_text`.
    """

    def __init__(
        self, industries: Iterable[Industry], labels: Iterable[tuple[str, str]]
    ) -> None:
        self._industries = {ind.name: ind for ind in industries}
        self._labels = tuple(labels)
        self._by_norm: dict[str, str] = {}
        self._by_compact: dict[str, str] = {}
        for label, name in self._labels:
            norm = normalise_label(label)
            self._by_norm.setdefault(norm, name)
            self._by_compact.setdefault(norm.replace(" ", ""), name)
        self._by_code = {
            ind.naics: ind.name for ind in self._industries.values() if ind.naics
        }
        self._vocab = frozenset(w for norm in self._by_norm for w in norm.split())
        self._choices = list(self._by_norm)
        self._match_text = functools.lru_cache(maxsize=65_536)(self._match_uncached)

    @classmethod
    def default(cls) -> Taxonomy:
        """The taxonomy of the bundled ``niche/data/taxonomy.csv``, loaded once."""
        return _default_taxonomy()

    @classmethod
    def from_csv_text(cls, text: str) -> Taxonomy:
        """Parse and validate taxonomy CSV text.

        Raises
        ------
        ValueError
            On a wrong header, a row of the wrong width, an unknown sector, a bad
            NAICS code, a synonym row naming an undefined industry or carrying
            industry fields, an unknown or repeated neighbour, an industry defined
            twice, or a label that maps to two industries.
        """
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        if not rows or tuple(c.strip() for c in rows[0]) != HEADER:
            raise ValueError(f"taxonomy: the header must be {','.join(HEADER)}")
        industries: dict[str, Industry] = {}
        synonyms: list[tuple[int, str, str]] = []
        for line, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(HEADER):
                raise ValueError(
                    f"taxonomy line {line}: expected 5 fields, got {len(row)}"
                )
            label, name, naics, sector, neighbours = (c.strip() for c in row)
            if not label or not name or not normalise_label(label):
                raise ValueError(
                    f"taxonomy line {line}: label and industry are required"
                )
            if label != name:
                if naics or sector or neighbours:
                    raise ValueError(
                        f"taxonomy line {line}: synonym {label!r} must leave naics, "
                        "sector and neighbours blank"
                    )
                synonyms.append((line, label, name))
                continue
            if name in industries:
                raise ValueError(f"taxonomy line {line}: {name!r} is defined twice")
            if sector not in SECTORS:
                raise ValueError(f"taxonomy line {line}: unknown sector {sector!r}")
            if naics and not _NAICS.fullmatch(naics):
                raise ValueError(f"taxonomy line {line}: bad NAICS code {naics!r}")
            near = tuple(n.strip() for n in neighbours.split(";") if n.strip())
            industries[name] = Industry(name, naics or None, sector, near)
        for ind in industries.values():
            bad = [n for n in ind.neighbours if n not in industries or n == ind.name]
            if bad or len(set(ind.neighbours)) != len(ind.neighbours):
                raise ValueError(
                    f"taxonomy: {ind.name!r} has unknown, repeated or self neighbours "
                    f"{bad or list(ind.neighbours)}"
                )
        labels = [(name, name) for name in industries]
        for line, label, name in synonyms:
            if name not in industries:
                raise ValueError(
                    f"taxonomy line {line}: {label!r} maps to unknown industry {name!r}"
                )
            labels.append((label, name))
        _check_unique(labels)
        return cls(industries.values(), labels)

    def match(self, label: str | None) -> IndustryMatch:
        """Match one label: exact (normalised), else unknown with a fuzzy guess.

        Parameters
        ----------
        label
            An industry label as found in the client list; None or blank gives
            "Unspecified".

        Returns
        -------
        IndustryMatch
        """
        if _is_missing(label):
            return _UNSPECIFIED_MATCH
        text = label if isinstance(label, str) else str(label)
        return self._match_text(text)

    def match_many(self, labels: Sequence[str | None]) -> list[IndustryMatch]:
        """Match many labels, each distinct label once.

        Unknown labels that normalise alike ("pet groomers", "Pet Grooming") get the
        display name of the first one seen, so that they count as one industry.
        """
        seen: dict[str, IndustryMatch] = {}
        first_unknown: dict[str, str] = {}
        out: list[IndustryMatch] = []
        for label in labels:
            if _is_missing(label):
                out.append(_UNSPECIFIED_MATCH)
                continue
            text = label if isinstance(label, str) else str(label)
            found = seen.get(text)
            if found is None:
                found = self._match_text(text)
                if not found.known:
                    name = first_unknown.setdefault(
                        normalise_label(text), found.industry
                    )
                    if name != found.industry:
                        found = replace(found, industry=name)
                seen[text] = found
            out.append(found)
        return out

    def get(self, name: str) -> Industry | None:
        """The canonical industry of this exact name, else None."""
        return self._industries.get(name)

    def industries(self) -> tuple[Industry, ...]:
        """All canonical industries, sorted by name."""
        return tuple(sorted(self._industries.values(), key=lambda ind: ind.name))

    def names(self) -> tuple[str, ...]:
        """All canonical industry names, sorted."""
        return tuple(sorted(self._industries))

    def labels(self) -> tuple[tuple[str, str], ...]:
        """Every ``(label, canonical industry)`` pair, canonical names included."""
        return self._labels

    def sector_of(self, industry: str) -> str:
        """Sector of a canonical industry; "Other" for anything else."""
        found = self._industries.get(industry)
        return found.sector if found else OTHER_SECTOR

    def neighbours(self, industry: str) -> tuple[str, ...]:
        """Curated neighbour industries, closest first; empty when unknown."""
        found = self._industries.get(industry)
        return found.neighbours if found else ()

    def in_sector(self, sector: str) -> tuple[str, ...]:
        """Canonical industries of a sector, sorted by name."""
        return tuple(n for n in self.names() if self._industries[n].sector == sector)

    def resolve_background(self, text: str) -> str | None:
        """Canonical industry of the user's background, or None.

        Tried in turn: an exact label or canonical name ("dentistry", "Law firms"),
        a fuzzy guess, then the label of most words found inside free text ("worked
        in a dental practice"); a tie between two industries gives None.
        """
        if _is_missing(text):
            return None
        found = self._match_text(text)
        if found.known:
            return found.industry
        if found.guess:
            return found.guess
        words = normalise_label(text).split()
        best = 0
        names: set[str] = set()
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size + 1):
                phrase = " ".join(words[start : start + size])
                name = self._by_norm.get(phrase)
                if name is None or len(phrase) < MIN_CONTAINED_LABEL:
                    continue
                if size > best:
                    best, names = size, {name}
                elif size == best:
                    names.add(name)
        return names.pop() if len(names) == 1 else None

    def _lookup(self, norm: str) -> str | None:
        return self._by_norm.get(norm) or self._by_compact.get(norm.replace(" ", ""))

    def by_naics(self, code: str) -> str | None:
        """The industry of a NAICS code, by longest prefix: the industry whose
        code is the code or the longest prefix of it ("722511" -> Restaurants,
        7225); else, for a code of 4 digits or more, the industries whose codes
        start with it, the lowest code first (NAICS's main line of a group ends
        in 0: "5411" -> Law firms, 541110). A 2- or 3-digit sector code matches
        only an industry defined by that code ("23" -> Construction and
        trades)."""
        for size in range(len(code), 1, -1):
            name = self._by_code.get(code[:size])
            if name is not None:
                return name
        if len(code) >= 4:
            below = sorted(c for c in self._by_code if c.startswith(code))
            if below:
                return self._by_code[below[0]]
        return None

    def _match_uncached(self, text: str) -> IndustryMatch:
        norm = normalise_label(text)
        if not norm:
            return _UNSPECIFIED_MATCH
        code = _NAICS_LABEL.match(text)
        name = self.by_naics(code.group(1)) if code else None
        if name is None:
            name = self._lookup(norm)
        if name is not None:
            ind = self._industries[name]
            return IndustryMatch(text, name, ind.sector, ind.naics, True)
        guess = self._guess(norm)
        return IndustryMatch(
            text,
            clean_label(text),
            OTHER_SECTOR,
            None,
            False,
            guess[0] if guess else None,
            guess[1] if guess else None,
        )

    def _guess(self, norm: str) -> tuple[str, float] | None:
        """Best fuzzy candidate that passes the word guards; None if none or a tie.

        Guards against false friends: every query word absent from the candidate
        label must be unknown to the taxonomy (so "lawn" is never read as "law"); a
        query of several words must share a whole word with the label; a one-word
        query must be at least ``MIN_SINGLE_WORD_GUESS`` letters long.
        """
        words = norm.split()
        if len(words) == 1 and len(norm) < MIN_SINGLE_WORD_GUESS:
            return None
        hits = process.extract(
            norm,
            self._choices,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=GUESS_THRESHOLD,
            limit=20,
        )
        passed: list[tuple[float, str]] = []
        for choice, score, _ in hits:
            label_words = set(choice.split())
            differ = [w for w in words if w not in label_words]
            if any(w in self._vocab for w in differ):
                continue
            if len(words) > 1 and len(differ) == len(words):
                continue
            passed.append((float(score), self._by_norm[choice]))
        if not passed:
            return None
        top = max(score for score, _ in passed)
        names = {name for score, name in passed if score == top}
        return (names.pop(), round(top, 1)) if len(names) == 1 else None


def _check_unique(labels: Sequence[tuple[str, str]]) -> None:
    """Raise ValueError when two labels normalise alike but name two industries."""
    for key in (normalise_label, lambda s: normalise_label(s).replace(" ", "")):
        owner: dict[str, tuple[str, str]] = {}
        for label, name in labels:
            first = owner.setdefault(key(label), (label, name))
            if first[1] != name:
                raise ValueError(
                    f"taxonomy: {first[0]!r} -> {first[1]!r} and {label!r} -> "
                    f"{name!r} are the same label for two industries"
                )


@functools.cache
def _default_taxonomy() -> Taxonomy:
    text = resources.files("niche").joinpath("data/taxonomy.csv").read_text("utf-8")
    return Taxonomy.from_csv_text(text)
