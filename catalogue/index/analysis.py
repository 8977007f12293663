"""How text becomes index terms: Unicode tokens, lower case, diacritics folded.

Per-language analysis plugs in through ``LANGUAGE_ANALYSERS``: a language listed there
gets its own text fields (``body_<lang>`` …) analysed by its own chain, in addition to
the language-neutral fields every practice has.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer
from whoosh.support.charset import accent_map


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its diacritics: 'Łódź' -> 'lodz', 'ș'/'ş' -> 's'."""
    text = text.lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    # NFKD leaves letters such as 'ł' whole; Whoosh's accent map (from Sphinx's
    # charset table) knows those, and drops the combining marks NFKD split off.
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.translate(accent_map)


class FoldFilter(Filter):  # type: ignore[misc]
    """Whoosh filter applying ``fold`` to every token."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            token.text = fold(token.text)
            yield token


def folding_analyzer() -> Any:
    """The language-neutral chain used by every text field."""
    return RegexTokenizer() | LowercaseFilter() | FoldFilter()


#: Language code -> analyser factory for languages with their own stemmed fields.
LANGUAGE_ANALYSERS: dict[str, Any] = {}
