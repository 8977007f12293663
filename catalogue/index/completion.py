"""As-you-type completions: practice titles and frequent words, found by folded prefix."""

from __future__ import annotations

import json
import re
import sys
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from catalogue.index.analysis import fold
from catalogue.index.schema import TITLES_COLUMN, WORDS_FIELD

#: A word must be in this many practices to be offered as a completion.
MIN_WORD_DOCUMENTS = 2
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Completion:
    """One completion: a practice title (with its slug) or a word."""

    text: str
    kind: str
    slug: str | None = None


class Completions:
    """Sorted prefix tables of one index generation; built once, then bisected.

    Kept compact (parallel lists, shared strings, titles parsed when offered): every
    worker holds one set per index generation.
    """

    def __init__(self, searcher: Any) -> None:
        reader = searcher.reader()
        self._practices: list[bytes] = []  # each practice's titles, as stored (JSON)
        self._folded: list[str] = []  # every title of a practice, folded, one string
        pairs: list[tuple[str, int]] = []  # (folded word of a title, practice number)
        column = list(reader.column_reader(TITLES_COLUMN))
        for docnum in reader.all_doc_ids():
            practice = json.loads(column[docnum])
            number = len(self._practices)
            self._practices.append(column[docnum])
            self._folded.append(fold(" ".join(practice["titles"].values())))
            title_words = dict.fromkeys(_WORD.findall(self._folded[-1]))
            pairs += [(sys.intern(word), number) for word in title_words]
        pairs.sort()
        self._title_words = [word for word, _ in pairs]
        self._title_practices = array("I", [number for _, number in pairs])
        frequent: dict[str, str] = {}
        for raw in reader.lexicon(WORDS_FIELD):
            word: str = raw.decode("utf-8")
            if len(word) >= 3 and reader.doc_frequency(WORDS_FIELD, word) >= MIN_WORD_DOCUMENTS:
                frequent.setdefault(fold(word), word)
        self._folded_words = sorted(frequent)
        self._words = [frequent[folded] for folded in self._folded_words]

    def complete(self, text: str, locale: str, limit: int = 8) -> list[Completion]:
        """Titles having a word that starts with the last word typed (all earlier words
        matching too), then frequent words that complete it."""
        typed = _WORD.findall(fold(text))
        if not typed:
            return []
        *before, last = typed
        found: list[Completion] = []
        for number in self._title_numbers(last):
            if all(word in self._folded[number] for word in before):
                practice = json.loads(self._practices[number])
                title = practice["titles"].get(locale, practice["titles"][practice["lang"]])
                found.append(Completion(title, "practice", practice["slug"]))
            if len(found) >= limit - 2:
                break
        start = bisect_left(self._folded_words, last)
        for index in range(start, min(start + limit, len(self._words))):
            folded = self._folded_words[index]
            if not folded.startswith(last) or len(found) >= limit:
                break
            if folded != last:
                found.append(Completion(" ".join([*text.split()[:-1], self._words[index]]), "term"))
        return found[:limit]

    def _title_numbers(self, prefix: str) -> list[int]:
        numbers: dict[int, None] = {}
        index = bisect_left(self._title_words, prefix)
        while index < len(self._title_words) and self._title_words[index].startswith(prefix):
            numbers.setdefault(self._title_practices[index], None)
            index += 1
        return list(numbers)
