"""As-you-type completions: practice titles and frequent words, found by folded prefix."""

from __future__ import annotations

import json
import re
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
    """Sorted prefix tables of one index generation; built once, then bisected."""

    def __init__(self, searcher: Any) -> None:
        reader = searcher.reader()
        self._titles: list[tuple[str, int]] = []  # (folded word of a title, title number)
        self._practices: list[dict[str, Any]] = []
        self._folded: list[str] = []  # every title of a practice, folded, one string
        column = list(reader.column_reader(TITLES_COLUMN))
        for docnum in reader.all_doc_ids():
            practice = json.loads(column[docnum])
            number = len(self._practices)
            self._practices.append(practice)
            self._folded.append(fold(" ".join(practice["titles"].values())))
            title_words = dict.fromkeys(_WORD.findall(self._folded[-1]))
            self._titles += [(word, number) for word in title_words]
        self._titles.sort()
        frequent: dict[str, str] = {}
        for raw in reader.lexicon(WORDS_FIELD):
            word: str = raw.decode("utf-8")
            if len(word) >= 3 and reader.doc_frequency(WORDS_FIELD, word) >= MIN_WORD_DOCUMENTS:
                frequent.setdefault(fold(word), word)
        self._words: list[tuple[str, str]] = sorted(frequent.items())

    def complete(self, text: str, locale: str, limit: int = 8) -> list[Completion]:
        """Titles having a word that starts with the last word typed (all earlier words
        matching too), then frequent words that complete it."""
        typed = _WORD.findall(fold(text))
        if not typed:
            return []
        *before, last = typed
        found: list[Completion] = []
        for number in self._title_numbers(last):
            practice = self._practices[number]
            title = practice["titles"].get(locale, practice["titles"][practice["lang"]])
            if all(word in self._folded[number] for word in before):
                found.append(Completion(title, "practice", practice["slug"]))
            if len(found) >= limit - 2:
                break
        start = bisect_left(self._words, (last,))
        for folded, word in self._words[start : start + limit]:
            if not folded.startswith(last) or len(found) >= limit:
                break
            if folded != last:
                found.append(Completion(" ".join([*text.split()[:-1], word]), "term"))
        return found[:limit]

    def _title_numbers(self, prefix: str) -> list[int]:
        start = bisect_left(self._titles, (prefix, -1))
        numbers: dict[int, None] = {}
        for word, number in self._titles[start:]:
            if not word.startswith(prefix):
                break
            numbers.setdefault(number, None)
        return list(numbers)

