"""A light Latvian stemmer (Kreslins' suffix rules, as in Lucene's LatvianStemmer).

Snowball has no Latvian, and the lemmatiser we measured (simplemma) leaves words typed
without diacritics alone or maps them to wrong lemmas ('berniem' -> 'Berne'), which is
how many readers type on a foreign keyboard. Suffix stripping works on both.
"""

from __future__ import annotations

from functools import lru_cache

# (suffix, vowels that must remain before it): tried in order, the first match wins.
_SUFFIXES: tuple[tuple[str, int], ...] = (
    ("ajiem", 3), ("ajai", 3), ("ajam", 2), ("ajām", 2), ("ajos", 2), ("ajās", 2),
    ("iem", 2), ("ajā", 2), ("ais", 2), ("ai", 2), ("ei", 2), ("ām", 1), ("am", 1),
    ("ēm", 1), ("īm", 1), ("im", 1), ("um", 1), ("us", 1), ("as", 1), ("ās", 1),
    ("es", 1), ("os", 1), ("ij", 1), ("īs", 1), ("ēs", 1), ("is", 1), ("ie", 1),
    ("u", 1), ("a", 1), ("i", 1), ("e", 1), ("ā", 1), ("ē", 1), ("ī", 1), ("ū", 1),
    ("o", 1), ("s", 0), ("š", 0),
)  # fmt: skip
_VOWELS = frozenset("aāeēiīouū")


def stem(word: str) -> str:
    """The stem of a lower-case Latvian word, with or without its diacritics."""
    return _stem(word)


@lru_cache(maxsize=65_536)
def _stem(word: str) -> str:
    vowels = sum(char in _VOWELS for char in word)
    for suffix, keep in _SUFFIXES:
        if vowels > keep and len(word) >= len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word
