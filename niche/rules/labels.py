"""Industry labels as users write them, reduced to the form used for matching."""

from __future__ import annotations

import functools
import re
import unicodedata

_POSSESSIVE = re.compile(r"['\u2018\u2019`\u00b4]s\b")
_APOSTROPHE = re.compile(r"['\u2018\u2019`\u00b4]")
_NON_WORD = re.compile(r"[\W_]+")
KEEP_S = frozenset(
    [
        "news",
        "gas",
        "saas",
        "paas",
        "iaas",
        "lens",
        "series",
        "species",
        "atlas",
        "canvas",
        "bias",
        "alias",
        "chaos",
        "ethos",
        "kudos",
        "christmas",
        "texas",
        "kansas",
        "arkansas",
        "dallas",
        "vegas",
    ]
)
KEEP_IES = frozenset(
    [
        "movies",
        "cookies",
        "brownies",
        "smoothies",
        "rookies",
        "calories",
        "zombies",
        "goalies",
        "selfies",
    ]
)
KEEP_ES = frozenset(
    ["niches", "caches", "headaches", "creches", "quiches", "avalanches"]
)
IRREGULAR = {"children": "child", "people": "person", "women": "woman", "men": "man"}


def _singular(word: str) -> str:
    """Singular of one lower-case word, by rules that suit industry labels."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if len(word) <= 3 or not word.endswith("s") or word in KEEP_S:
        return word
    if word.endswith(("ss", "us", "is")):  # business, campus, analysis
        return word
    if word.endswith("ies") and len(word) > 4 and word not in KEEP_IES:
        return word[:-3] + "y"  # companies, agencies, pharmacies
    if word.endswith(("sses", "ches", "shes", "xes")) and word not in KEEP_ES:
        return word[:-2]  # businesses, churches, dishes, taxes
    return word[:-1]  # offices, practices, attorneys, clinics, cpas


@functools.lru_cache(maxsize=65_536)  # the taxonomy alone asks ~3 times a label
def normalise_label(text: str) -> str:
    """Reduce a label to the form used for matching.

    Case-folded, accents removed, ``&`` read as "and", a possessive ``'s`` dropped
    ("Church's Chicken" -> "church chicken"), other apostrophes removed, any other
    punctuation turned into a space, spaces collapsed and each word made singular
    ("Attorneys-at-Law" -> "attorney at law"; "business" and "campus" are kept).

    Parameters
    ----------
    text
        A label as written by a user.

    Returns
    -------
    str
        The normalised label; ``""`` for a blank one.
    """
    if text.isascii():  # nothing to decompose, no combining marks
        text = text.casefold()
    else:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _APOSTROPHE.sub("", _POSSESSIVE.sub("", text.replace("&", " and ")))
    return " ".join(_singular(word) for word in _NON_WORD.sub(" ", text).split())


def clean_label(text: str) -> str:
    """Display form of an unknown label: trimmed, spaces collapsed, first letter up.

    A first word with a capital inside ("eBay", "IT") is left as written.

    Examples
    --------
    >>> clean_label("  pet   grooming ")
    'Pet grooming'
    """
    cleaned = " ".join(text.split())
    if not cleaned or any(ch.isupper() for ch in cleaned.split(" ", 1)[0][1:]):
        return cleaned
    return cleaned[0].upper() + cleaned[1:]


def singular_name(name: str) -> str:
    """An industry's name for one client: its last word made singular, the case
    kept ("Dental offices" -> "Dental office", "Law firms" -> "Law firm")."""
    head, _, last = name.rpartition(" ")
    one = _singular(last.lower())
    if one == last.lower():
        return name
    one = one.capitalize() if last[:1].isupper() else one
    return f"{head} {one}" if head else one
