"""Turning what a reader typed into a Whoosh query, forgivingly.

Supported: words (all must match), "phrases", OR, NOT, -word, +word, word* and
(groups). Anything unbalanced or dangling is searched as plain words instead of
being answered with an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from whoosh import query as q
from whoosh.qparser import (
    AndGroup,
    GroupPlugin,
    OperatorsPlugin,
    PhrasePlugin,
    PlusMinusPlugin,
    PrefixPlugin,
    WhitespacePlugin,
)
from whoosh.qparser import MultifieldParser

from catalogue.index.schema import EXACT_FIELD, TITLE_FIELD, text_fields

MAX_QUERY_LENGTH = 500

_WORD = re.compile(r"\w+", re.UNICODE)
_OPERATOR = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def _parser(schema: Any, fields: list[str]) -> Any:
    parser = MultifieldParser(fields, schema, group=AndGroup, plugins=[])
    parser.replace_plugin(WhitespacePlugin())
    # A sign counts only at the start of a word, so "Cluj-Napoca" stays one name.
    signs = PlusMinusPlugin(plusexpr=r"(?:^|(?<=[\s(]))\+", minusexpr=r"(?:^|(?<=[\s(]))-")
    for plugin in (GroupPlugin(), PhrasePlugin(), PrefixPlugin(), signs):
        parser.add_plugin(plugin)
    parser.add_plugin(OperatorsPlugin(And=r"(?<=\s)AND(?=\s)", Or=r"(?<=\s)OR(?=\s)"))
    return parser


def plain_words(text: str) -> str:
    """The words of ``text`` without any query syntax."""
    return " ".join(word.lower() for word in _WORD.findall(text))


def looks_broken(text: str) -> bool:
    """True when ``text`` has unbalanced quotes or brackets, or a dangling operator."""
    if text.count('"') % 2 or text.count("(") != text.count(")"):
        return True
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return True
    tokens = text.replace("(", " ( ").replace(")", " ) ").split()
    if "()" in text.replace(" ", "") or "-" in tokens or "+" in tokens:
        return True
    previous = "("
    for token in [*tokens, ")"]:
        operator = token in _OPERATOR or token in {"-", "+"}
        binary = token in _OPERATOR - {"NOT"}
        if (binary and previous in _OPERATOR | {"("}) or (
            token == ")" and (previous in _OPERATOR or previous in {"-", "+"})
        ):
            return True
        previous = token if operator or token in "()" else "word"
    return False


@dataclass(frozen=True)
class Parsed:
    """A query as searched: what it matches, and how matches are ranked."""

    match: Any
    ranked: Any


#: How much more a word counts in a title, and as written (not only its stem).
TITLE_BOOST = 3.0
EXACT_BOOST = 1.5


class QueryParser:
    """Parses queries against one schema (one per index reader).

    Each word is looked up in every language's stemmed field, so a Polish query finds
    Polish practices and an English one English practices without choosing a language.
    """

    def __init__(self, schema: Any) -> None:
        self.fields = text_fields(schema)
        self._match = _parser(schema, self.fields)
        self._exact = _parser(schema, [EXACT_FIELD])

    def parse(self, text: str) -> Parsed | None:
        """The query for ``text``, or None when it has no word to search for."""
        text = text.strip()[:MAX_QUERY_LENGTH]
        match = self._parse(self._match, text)
        if match is None:
            return None
        exact = self._parse(self._exact, text)
        return Parsed(match, _with_boost(match, exact))

    def _parse(self, parser: Any, text: str) -> Any | None:
        if not _WORD.search(text):
            return None
        if looks_broken(text):
            return _parse_plain(parser, text)
        excluded = _only_exclusions(text)
        if excluded:
            # Whoosh drops a query with nothing to include; readers mean "all but these".
            inner = parser.parse(" OR ".join(excluded))
            return q.AndNot(q.Every(), inner.normalize())
        try:
            parsed = parser.parse(text)
        except Exception:  # Whoosh's parser raises assorted errors on odd input
            return _parse_plain(parser, text)
        return _searchable(parsed)


def _parse_plain(parser: Any, text: str) -> Any | None:
    words = plain_words(text)
    return _searchable(parser.parse(words)) if words else None


def _with_boost(match: Any, exact: Any | None) -> Any:
    """Rank by ``match``, lifted where the words appear as typed, most of all in titles."""
    words = (
        []
        if exact is None
        else [
            leaf.text
            for leaf in _included(exact).leaves()
            if isinstance(leaf, q.Term) and leaf.fieldname == EXACT_FIELD
        ]
    )
    if not words:
        return match
    boosts = [
        q.Term(field, word, boost=boost)
        for word in dict.fromkeys(words)
        for field, boost in ((TITLE_FIELD, TITLE_BOOST), (EXACT_FIELD, EXACT_BOOST))
    ]
    return q.AndMaybe(match, q.Or(boosts))


def _included(query: Any) -> Any:
    """``query`` without its excluded parts."""
    if isinstance(query, q.AndNot):
        return _included(query.a)
    if isinstance(query, q.Not):
        return q.NullQuery
    if isinstance(query, q.BinaryQuery):  # AndMaybe, Require: two parts, not a list
        return query.__class__(_included(query.a), _included(query.b))
    if isinstance(query, q.CompoundQuery):
        return query.__class__([_included(child) for child in query.subqueries])
    return query


def exclusions(query: Any) -> list[Any]:
    """The parts of ``query`` whose matches are excluded."""
    if isinstance(query, q.AndNot):
        return [query.b, *exclusions(query.a)]
    if isinstance(query, q.Not):
        return [query.query]
    return [excluded for child in query.children() for excluded in exclusions(child)]


_EXCLUSION = re.compile(r'^(?:-|NOT\s+)("[^"]+"|[^\s"()]+)$')


def _only_exclusions(text: str) -> list[str]:
    """The excluded words or phrases when ``text`` is only exclusions ('-a NOT "b c"')."""
    parts = re.findall(r'(?:-|NOT\s+)(?:"[^"]*"|[^\s"()]+)|\S+', text)
    matches = [_EXCLUSION.match(part) for part in parts]
    if not parts or not all(matches):
        return []
    return [match.group(1) for match in matches if match]


def _searchable(parsed: Any) -> Any | None:
    """Normalise a parsed query; None when nothing is left to search for."""
    parsed = parsed.normalize()
    if parsed is q.NullQuery:
        return None
    if isinstance(parsed, q.Not):
        return q.AndNot(q.Every(), parsed.query)
    return parsed
