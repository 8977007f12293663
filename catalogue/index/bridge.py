"""The language bridge: words of a query that name a concept also find what the concept
is called in the other languages.

A concept is a target group or activity type (its labels and synonyms in six
languages) or an entry of the thesaurus (``catalogue.content.thesaurus``). A query's
words are read in each of the six languages, stemmed as that language's text is, and
matched against the concepts' terms, longest first: ``club de conversation`` names the
activity type ``conversation-club`` in French, ``kobietom`` the target group ``women``
in Polish. A match finds the practices classified with the value (a vocabulary concept)
and those whose text uses one of the concept's terms in its own language.

Which concepts a text uses is found when it is indexed, from the terms its language's
field makes of it anyway (``Tagger``), and kept as one term per concept in that field:
a search through a concept then costs a term, not the dozens of phrases its terms
would be. The bridge travels with the index's schema, so that every process searching
a generation uses the concepts it was built with; a change to the vocabularies or the
thesaurus rebuilds the index.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from catalogue.content.thesaurus import Concept
from catalogue.index.analysis import STEMMED_LANGUAGES, WORD_PATTERN, fold, is_stopword, word_forms

_TOKEN = re.compile(WORD_PATTERN)
#: A concept's terms longer than this many words are not matched.
MAX_TERM_WORDS = 6
#: Mentions of one concept counted in a text (beyond, it adds nothing to its rank).
MAX_MENTIONS = 5
#: What starts the index term of a concept used in a text: no word starts so.
TAG_PREFIX = "§"


def words_of(text: str) -> list[str]:
    """The words of a term or query, lower case, as the index tokenises text."""
    return [match.group().lower() for match in _TOKEN.finditer(text)]


def query_form(lang: str, word: str) -> str:
    """The index term a typed (lower-case) word is looked up as in ``lang``'s field: typed
    with diacritics, stemmed then folded; typed without, folded then stemmed."""
    stemmed_folded, folded_stemmed = word_forms(lang)(word)
    return stemmed_folded if fold(word) != word else folded_stemmed


def concept_tag(concept: Concept) -> str:
    """The index term, in a language's field, of a text using one of a concept's terms."""
    return f"{TAG_PREFIX}{concept.kind}:{concept.id}"


@dataclass(frozen=True)
class Match:
    """Words ``start`` to ``end`` (exclusive) of a query name ``concepts``."""

    start: int
    end: int
    concepts: tuple[Concept, ...]


# A term as matched: per word, the forms a word may take to match it.
_Pattern = tuple[frozenset[str], ...]


class _Tables:
    """The concepts' terms as stemmed patterns, per language, to match words against."""

    def __init__(self, concepts: list[Concept]) -> None:
        #: Per language: a form of a term's first word -> (the term's pattern, concept).
        self.starts: dict[str, dict[str, list[tuple[_Pattern, int]]]] = {
            lang: {} for lang in STEMMED_LANGUAGES
        }
        #: Per language: every form of every word of a term.
        self.known: dict[str, set[str]] = {lang: set() for lang in STEMMED_LANGUAGES}
        #: Id -> concept, for the links between them.
        self.by_id = {concept.id: concept for concept in concepts}
        #: (kind, id) -> the words to mark in snippets, made when first asked for.
        self.highlights: dict[tuple[str, str], dict[str, frozenset[str]]] = {}
        for number, concept in enumerate(concepts):
            for lang, terms in concept.terms.items():
                if lang in self.starts:
                    for term in terms:
                        self._add(lang, term, number)

    def _add(self, lang: str, term: str, number: int) -> None:
        words = words_of(term)
        if not words or len(words) > MAX_TERM_WORDS:
            return
        forms = word_forms(lang)
        pattern = tuple(frozenset(forms(word)) for word in words)
        for first in pattern[0]:
            entries = self.starts[lang].setdefault(first, [])
            if (pattern, number) not in entries:
                entries.append((pattern, number))
        for each in pattern:
            self.known[lang].update(each)


#: Tables already made in this process, by the fingerprint of their concepts.
_TABLES: dict[str, _Tables] = {}


class Bridge:
    """A catalogue's concepts, ready to be matched against queries and texts."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self.concepts = list(concepts)
        digest = hashlib.sha256(
            repr([(c.kind, c.id, c.terms, c.links) for c in self.concepts]).encode()
        )
        #: Equal for equal concepts: an index built with other concepts is rebuilt.
        self.fingerprint = digest.hexdigest()

    def __getstate__(self) -> dict[str, Any]:
        # Kept in the index's schema: the concepts, not the tables made from them.
        return {"concepts": self.concepts, "fingerprint": self.fingerprint}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.concepts = state["concepts"]
        self.fingerprint = state["fingerprint"]

    @property
    def _tables(self) -> _Tables:
        tables = _TABLES.get(self.fingerprint)
        if tables is None:
            tables = _Tables(self.concepts)
            if len(_TABLES) >= 4:  # one or two sets of concepts in a process's life
                _TABLES.pop(next(iter(_TABLES)))
            _TABLES[self.fingerprint] = tables
        return tables

    def linked(self, concept: Concept) -> list[Concept]:
        """The broader and related concepts a concept names (those that exist)."""
        by_id = self._tables.by_id
        return [by_id[name] for name in concept.links if name in by_id and name != concept.id]

    def __bool__(self) -> bool:
        return bool(self.concepts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bridge) and other.fingerprint == self.fingerprint

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def matches(self, words: list[str]) -> list[Match]:
        """The runs of ``words`` (lower case, as typed) that name concepts: at each place
        the longest, in any language; then on after it."""
        found: list[Match] = []
        forms = {lang: [query_form(lang, word) for word in words] for lang in STEMMED_LANGUAGES}
        start = 0
        while start < len(words):
            length, numbers = self._longest(forms, start)
            if length:
                concepts = tuple(self.concepts[n] for n in sorted(numbers))
                found.append(Match(start, start + length, concepts))
                start += length
            else:
                start += 1
        return found

    def _longest(self, forms: dict[str, list[str]], start: int) -> tuple[int, set[int]]:
        best, numbers = 0, set[int]()
        for lang, typed in forms.items():
            for pattern, number in self._tables.starts[lang].get(typed[start], ()):
                end = start + len(pattern)
                if end > len(typed) or len(pattern) < best:
                    continue
                if all(typed[start + i] in pattern[i] for i in range(1, len(pattern))):
                    if len(pattern) > best:
                        best, numbers = len(pattern), set()
                    numbers.add(number)
        return best, numbers

    def knows(self, word: str) -> bool:
        """True when ``word`` (lower case) is a word of some concept's term."""
        known = self._tables.known
        return any(query_form(lang, word) in known[lang] for lang in STEMMED_LANGUAGES)

    def mentions(self, lang: str, positions: Mapping[str, list[int]]) -> dict[int, list[int]]:
        """Concept number -> where a text written in ``lang`` uses one of its terms there;
        ``positions`` are the text's index terms and their places, as its field has them."""
        starts = self._tables.starts.get(lang)
        if not starts:
            return {}
        shifted: dict[tuple[str, int], set[int]] = {}

        def at(form: str, offset: int) -> set[int]:
            """The places a term would start at for its word ``offset`` to be ``form``."""
            found = shifted.get((form, offset))
            if found is None:
                found = shifted[form, offset] = {p - offset for p in positions.get(form, ())}
            return found

        found: dict[int, set[int]] = defaultdict(set)
        present = positions.keys()
        for first in present & starts.keys():
            for pattern, number in starts[first]:
                if len(pattern) == 1:  # most terms are one word: its places are the term's
                    found[number].update(positions[first])
                    continue
                if any(present.isdisjoint(forms) for forms in pattern[1:]):
                    continue  # a later word of the term is nowhere in the text
                places = at(first, 0)
                for offset in range(1, len(pattern)):
                    places = places & set().union(*(at(f, offset) for f in pattern[offset]))
                found[number] |= places
        return {number: sorted(places)[:MAX_MENTIONS] for number, places in found.items() if places}

    def highlighted_words(self, concept: Concept) -> dict[str, frozenset[str]]:
        """Per language, the index forms of the words of a concept's terms (function
        words aside), to mark in the snippet of a practice found through it."""
        cache = self._tables.highlights
        key = (concept.kind, concept.id)
        if key not in cache:
            cache[key] = _highlighted_words(concept)
        return cache[key]


def _highlighted_words(concept: Concept) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for lang, terms in concept.terms.items():
        if lang in STEMMED_LANGUAGES:
            forms = word_forms(lang)
            for term in terms:
                for word in words_of(term):
                    # "0" and "6" of "fascia 0-6 anni" would light up every number.
                    if not is_stopword(word) and not word.isdigit():
                        found[lang].update(forms(word))
    return {lang: frozenset(words) for lang, words in found.items()}


class Tagger:
    """Adds to a language's field, as it is indexed, a term per concept its text uses
    (``concept_tag``), at the places of the uses. Part of the field's analyser, so it is
    kept with the index's schema."""

    def __init__(self, bridge: Bridge, lang: str) -> None:
        self.bridge = bridge
        self.lang = lang

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tagger) and (other.bridge, other.lang) == (self.bridge, self.lang)

    def __hash__(self) -> int:
        return hash((self.bridge, self.lang))

    def tags(self, positions: Mapping[str, list[int]]) -> dict[str, list[int]]:
        """The concept terms of a text whose index terms are ``positions``."""
        concepts = self.bridge.concepts
        return {
            concept_tag(concepts[number]): places
            for number, places in self.bridge.mentions(self.lang, positions).items()
        }
