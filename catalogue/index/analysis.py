"""How text becomes index terms: per-language stems with diacritics folded.

Every language version of a practice is analysed in its own language: Snowball stemmers
(PyStemmer) for English, French, Italian, Polish and Romanian, a light suffix stemmer for
Latvian; other languages are folded without stemming. Diacritics are folded after
stemming, because stemmers such as Snowball's Romanian recognise suffixes by their
diacritics ('refugiaților'). Readers often type without diacritics, and a stemmer cannot
recognise 'refugiatilor'; so each word is indexed twice at one position, stemmed then
folded and folded then stemmed, and a query word typed without diacritics is looked up
in the second form.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

import Stemmer
from whoosh.analysis import CompositeAnalyzer, Filter, RegexTokenizer
from whoosh.formats import Frequency, Positions
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

from catalogue.index import latvian

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _translate(run: re.Match[str]) -> str:
    return run.group().translate(accent_map)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its diacritics: 'Łódź' -> 'lodz', 'ș'/'ş' -> 's'."""
    folded = text.lower()
    if folded.isascii():
        return folded
    # Whoosh's accent map (from Sphinx's charset table) folds precomposed letters, 'ł'
    # and 'ø' included. Translating only the runs of non-ASCII letters is 1.5 to 3 times
    # faster than translating the whole text, which Python does a character at a time
    # once it meets the first non-ASCII one.
    folded = _NON_ASCII.sub(_translate, folded)
    if folded.isascii():
        return folded
    # What is left: combining marks written separately (e.g. 'i' + U+0307 from 'İ').
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class FoldFilter(Filter):  # type: ignore[misc]
    """Whoosh filter applying ``fold`` to every token."""

    def forms(self, word: str) -> tuple[str, str]:
        """The index form of a lower-case word, twice (see ``StemFoldFilter.forms``)."""
        folded = fold(word)
        return folded, folded

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            token.text = fold(token.text)
            yield token


class LowerFilter(Filter):  # type: ignore[misc]
    """Whoosh filter lower-casing every token (words keep their diacritics)."""

    def forms(self, word: str) -> tuple[str, str]:
        """A lower-case word as indexed, twice (see ``StemFoldFilter.forms``)."""
        return word, word

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            token.text = token.text.lower()
            yield token


#: Words: letters and digits, with inner dots ('a.b.c'). Whoosh's default also takes
#: '*' as a letter, which indexed Markdown's '**bold**' as one word with its stars.
WORD_PATTERN = r"\w+(\.?\w+)*"
_TOKEN = re.compile(WORD_PATTERN, re.UNICODE)


def _tokenizer() -> Any:
    return RegexTokenizer(WORD_PATTERN)


class Chain(CompositeAnalyzer):  # type: ignore[misc]
    """A tokenizer and one of the filters above, with a direct path for indexing.

    Whoosh passes each word through generators as a Token object; ``index_terms`` gives
    the same terms at the same positions in one loop, which took a seventh off indexing.
    Queries still go through the chain.
    """

    #: Adds the terms of the concepts a text uses (``bridge.Tagger``); None: no concepts.
    tagger: Any = None

    def index_terms(self, value: str) -> dict[str, list[int]]:
        """Each term of ``value`` -> its positions, as the chain indexes them."""
        forms = self.items[-1].forms
        positions: dict[str, list[int]] = defaultdict(list)
        for position, match in enumerate(_TOKEN.finditer(value)):
            first, second = forms(match.group().lower())
            positions[first].append(position)
            if second != first:
                positions[second].append(position)
        if self.tagger is not None:
            positions.update(self.tagger.tags(positions))
        return positions

    def __eq__(self, other: object) -> bool:
        # Whoosh compares the items only; the concepts decide terms too.
        return bool(super().__eq__(other)) and self.tagger == getattr(other, "tagger", None)

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.tagger))


def folding_analyzer() -> Any:
    """The language-neutral chain: Unicode words, lower case, diacritics folded."""
    return Chain(_tokenizer(), FoldFilter())  # fold() lower-cases too


def lowercase_analyzer() -> Any:
    """Words as written, in lower case: for "did you mean" and completions."""
    return Chain(_tokenizer(), LowerFilter())


class _ChainTerms:
    """A Whoosh format filled from ``Chain.index_terms`` when indexing; queries and
    other analysers take Whoosh's own path."""

    field_boost: float

    def word_values(self, value: str, analyzer: Any, **kwargs: Any) -> Iterator[Any]:
        if kwargs.get("mode") != "index" or not isinstance(analyzer, Chain):
            yield from super().word_values(value, analyzer, **kwargs)  # type: ignore[misc]
            return
        boost = self.field_boost
        for term, positions in analyzer.index_terms(value).items():
            yield term, len(positions), len(positions) * boost, self.encoded(positions)

    def encoded(self, positions: list[int]) -> bytes:
        """The stored value of a posting with these positions, as Whoosh encodes it."""
        raise NotImplementedError


class TermPositions(_ChainTerms, Positions):  # type: ignore[misc]
    """Whoosh's positions format (for phrases), filled in one loop."""

    def encoded(self, positions: list[int]) -> bytes:
        value: bytes = self.encode(positions)
        return value


class TermFrequency(_ChainTerms, Frequency):  # type: ignore[misc]
    """Whoosh's frequency format, filled in one loop."""

    def encoded(self, positions: list[int]) -> bytes:
        value: bytes = pack_uint(len(positions))
        return value


#: Language -> Snowball algorithm name in PyStemmer.
SNOWBALL = {"en": "english", "fr": "french", "it": "italian", "pl": "polish", "ro": "romanian"}
#: Languages with their own stemmed field; a query is analysed in every one of them.
STEMMED_LANGUAGES: tuple[str, ...] = ("en", "fr", "it", "lv", "pl", "ro")


#: Polish dative/locative endings that change the stem's last consonant, which Snowball
#: leaves alone: 'w bibliotece' -> 'bibliotec', but 'biblioteka' -> 'bibliotek'.
_POLISH_ALTERNATIONS = (("ce", "c", "k"), ("dze", "dz", "g"))


def stemmer(lang: str) -> Callable[[str], str]:
    """The stemming function of a language (Snowball, or Latvian's light stemmer)."""
    if lang == "lv":
        return latvian.stem
    stem: Callable[[str], str] = Stemmer.Stemmer(SNOWBALL[lang], 50_000).stemWord
    if lang != "pl":
        return stem

    def polish(word: str) -> str:
        result = stem(word)
        for ending, changed, original in _POLISH_ALTERNATIONS:
            if word.endswith(ending) and result.endswith(changed):
                return result[: -len(changed)] + original
        return result

    return polish


class StemFoldFilter(Filter):  # type: ignore[misc]
    """Stem in one language and fold diacritics, in both orders (see the module doc)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._forms: dict[str, tuple[str, str]] = {}

    def __getstate__(self) -> dict[str, Any]:
        # Whoosh pickles the schema into the index: keep the language, not the cache.
        return {"lang": self.lang}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["lang"])  # type: ignore[misc]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StemFoldFilter) and other.lang == self.lang

    def __hash__(self) -> int:
        return hash(self.lang)

    def forms(self, word: str) -> tuple[str, str]:
        """(stemmed then folded, folded then stemmed) forms of a lower-case word."""
        found = self._forms.get(word)
        if found is None:
            stem = _stemmer(self.lang)
            found = (fold(stem(word)), stem(fold(word)))
            if len(self._forms) > 200_000:  # words repeat: the cache hits most tokens
                self._forms.clear()
            self._forms[word] = found
        return found

    def __call__(self, tokens: Iterator[Any], **kwargs: Any) -> Iterator[Any]:
        forms = self.forms
        for token in tokens:
            word = token.text.lower()
            exact, other = forms(word)
            if token.mode == "query":
                # Typed without diacritics: only the folded-then-stemmed form can match.
                token.text = exact if fold(word) != word else other
                yield token
                continue
            token.text = exact
            yield token
            if other != exact:
                token.text = other
                yield token


_STEMMERS: dict[str, Callable[[str], str]] = {}


def _stemmer(lang: str) -> Callable[[str], str]:
    found = _STEMMERS.get(lang)
    if found is None:
        found = _STEMMERS[lang] = stemmer(lang)
    return found


def word_forms(lang: str) -> Callable[[str], tuple[str, ...]]:
    """The index forms of a lower-case word of text written in ``lang``."""
    if lang not in STEMMED_LANGUAGES:
        return lambda word: (fold(word),)
    filter_ = _FORM_FILTERS.get(lang)
    if filter_ is None:
        filter_ = _FORM_FILTERS[lang] = StemFoldFilter(lang)
    return filter_.forms


_FORM_FILTERS: dict[str, StemFoldFilter] = {}


def is_stopword(word: str) -> bool:
    """True when a lower-case word is a function word ('de', 'pentru', 'in', 'dla') in
    any of the six languages: words a translation of a query leaves behind."""
    return fold(word) in _stopwords()


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    # Snowball's short lists (shipped with Whoosh) where Whoosh has them; for Latvian,
    # Polish and Romanian, stopwords-iso's. Folded, as words are compared.
    import stopwordsiso
    from whoosh.lang.stopwords import stoplists

    words: set[str] = set()
    for lang in STEMMED_LANGUAGES:
        words |= set(stoplists[lang] if lang in stoplists else stopwordsiso.stopwords(lang))
    return frozenset(fold(word) for word in words)


def language_analyzer(lang: str, tagger: Any = None) -> Any:
    """The chain for text written in ``lang`` (with the concepts ``tagger`` finds)."""
    chain = Chain(_tokenizer(), StemFoldFilter(lang))
    chain.tagger = tagger
    return chain
