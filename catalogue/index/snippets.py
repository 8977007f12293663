"""Snippets: a short window of text with the matched words in ``<mark>``, all else escaped.

Whoosh's highlighter re-analyses the text and scores fragments; measured on the 10,000
practice benchmark it cost 15 ms of a 26 ms search (p50). Here each word is looked up in
the analysis cache, so a page of snippets costs well under a millisecond.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from catalogue.index.analysis import fold

Forms = Callable[[str], tuple[str, ...]]

_WORD = re.compile(r"\w+")
WIDTH = 240


def snippet(text: str, terms: frozenset[str], forms: Forms, width: int = WIDTH) -> str:
    """``text`` (or a window of it around the first match) with matches marked.

    Returns an empty string when no word of ``text`` has a form among ``terms``.
    """
    text = excerpt(text, terms, width)
    matches = [
        (found.start(), found.end())
        for found in _WORD.finditer(text)
        if not terms.isdisjoint(forms(found.group().lower()))
    ]
    if not matches:
        return ""
    start, end = 0, len(text)
    if len(text) > width:
        start = max(0, matches[0][0] - width // 3)
        start = text.rfind(" ", 0, start) + 1 if start else 0
        end = min(len(text), start + width)
        end = text.rfind(" ", start, end) if end < len(text) else end
    pieces = ["… " if start else ""]
    position = start
    for first, last in matches:
        if first < position or last > end:
            continue
        pieces += [escape(text[position:first]), "<mark>", escape(text[first:last]), "</mark>"]
        position = last
    pieces += [escape(text[position:end]), " …" if end < len(text) else ""]
    return "".join(pieces).strip()


def excerpt(text: str, terms: frozenset[str], width: int = WIDTH) -> str:
    """The stretch of ``text`` around the first place a term occurs; "" when none does.

    Terms are folded stems, so they occur inside the folded text where their word is,
    and folding keeps (almost) every character's position. Most results' summaries do
    not contain the words searched for: this finds that without splitting them into words.
    """
    first = _first_occurrence(text, terms)
    if first < 0:
        return ""
    if len(text) <= 3 * width:
        return text
    start = max(0, first - width)
    return text[start : start + 3 * width]


#: Text is folded a piece at a time, stopping at the first piece with a term: folding a
#: whole body for every result cost more than a tenth of a search.
PIECE = 1024
#: Pieces overlap by this much, so a term across a boundary is still found.
OVERLAP = 64


def _first_occurrence(text: str, terms: frozenset[str]) -> int:
    """Where in ``text`` the first of ``terms`` occurs once folded, or -1."""
    for start in range(0, len(text), PIECE):
        folded = fold(text[start : start + PIECE + OVERLAP])
        found = [at for term in terms if (at := folded.find(term)) >= 0]
        if found:
            return start + min(found)
    return -1
