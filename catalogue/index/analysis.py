"""How text becomes index terms: Unicode tokens, lower case, diacritics folded.

Per-language analysis plugs in through ``LANGUAGE_ANALYSERS``: a language listed there
gets its own text fields (``body_<lang>`` …) analysed by its own chain, in addition to
the language-neutral fields every practice has.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Filter, RegexTokenizer
from whoosh.support.charset import accent_map


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its diacritics: 'Łódź' -> 'lodz', 'ș'/'ş' -> 's'."""
    # Whoosh's accent map (from Sphinx's charset table) folds precomposed letters,
    # 'ł' and 'ø' included, in one C-speed translate.
    folded = text.lower().translate(accent_map)
    if folded.isascii():
        return folded
    # What is left: combining marks written separately (e.g. 'i' + U+0307 from 'İ').
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class FoldFilter(Filter):  # type: ignore[misc]
    """Whoosh filter applying ``fold`` to every token."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            token.text = fold(token.text)
            yield token


def folding_analyzer() -> Any:
    """The language-neutral chain used by every text field."""
    return RegexTokenizer() | FoldFilter()  # fold() lower-cases too


#: Language code -> analyser factory for languages with their own stemmed fields.
LANGUAGE_ANALYSERS: dict[str, Any] = {}
