"""Turning what a reader typed into Whoosh queries, forgivingly and within bounds.

Supported: words (all must match), "phrases", OR, NOT, -word, +word, word* and
(groups). Anything unbalanced or dangling is searched as plain words instead of
being answered with an error.

What was typed is first read into a tree of the words as typed (Whoosh's parser on a
field of its own). The tree is then built into what searches: each word in the field
of every language, prefixes expanded into the words they stand for, and runs of words
that name a concept of the language bridge (``bridge.py``) joined by the concept's
value and terms. Three versions come out, one per kind of match (see ``Parsed``).
Every query is bounded: at most ``MAX_WORDS`` words, ``MAX_EXPANSIONS`` words per
prefix and field, ``MAX_TERMS`` terms in all; a query cut down says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as q
from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.fields import TEXT, Schema
from whoosh.qparser import (
    AndGroup,
    GroupPlugin,
    OperatorsPlugin,
    PhrasePlugin,
    PlusMinusPlugin,
    PrefixPlugin,
    WhitespacePlugin,
)
from whoosh.qparser import (
    QueryParser as WhooshParser,
)

from catalogue.content.thesaurus import Concept
from catalogue.index.analysis import WORD_PATTERN, fold, is_stopword
from catalogue.index.bridge import Bridge, concept_tag
from catalogue.index.schema import EXACT_FIELD, FACET_FIELDS, TEXT_PREFIX, TITLE_FIELD, text_fields

MAX_QUERY_LENGTH = 500
#: Words and phrases searched; those after are left out (and the answer says so).
MAX_WORDS = 24
#: Words a prefix (``bibl*``) stands for, in each field, in the index's order.
MAX_EXPANSIONS = 20
#: Terms a query may look up in all, bridges and expansions included.
MAX_TERMS = 300

#: How much more a word counts in a title, and as written (not only its stem).
TITLE_BOOST = 3.0
EXACT_BOOST = 1.5
#: The score a practice gets for being classified with a concept the query names...
VOCABULARY_SCORE = 1.0
#: ...and how much a concept's term counts in its text, next to a word typed...
BRIDGE_BOOST = 0.5
#: ...and what a broader or related concept counts, next to the concept itself.
LINK_BOOST = 0.5

_WORD = re.compile(r"\w+", re.UNICODE)
_OPERATOR = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
RAW = "raw"


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
class Bridged:
    """Words of the query that name a concept, and how it finds practices."""

    concept: Concept
    own: Any  # the words in the practice's own text
    facet: Any | None  # classified with the concept's value (vocabulary concepts)
    text: Any  # the concept's terms in the text, each in its language
    linked: bool = False  # a broader or related concept of one the words name


@dataclass(frozen=True)
class Parsed:
    """A query as searched.

    ``tiers`` are what matches, from the most trusted: the words in the practices' own
    text; then also through the vocabularies (a practice classified with a concept the
    words name); then also through the concepts' terms in other languages (``match``).
    ``ranked`` scores the matches, and ``rankings`` those of each tier: the first tier as
    if there were no bridge, so that a search in a practice's own words ranks as before.
    """

    match: Any
    ranked: Any
    tiers: tuple[Any, ...]
    rankings: tuple[Any, ...]
    bridged: tuple[Bridged, ...] = ()
    simplified: bool = False


class QueryParser:
    """Parses queries against one index generation (one per snapshot).

    Each word is looked up in every language's stemmed field, so a Polish query finds
    Polish practices and an English one English practices without choosing a language;
    the bridge finds the others.
    """

    def __init__(
        self,
        schema: Any,
        bridge: Bridge | None = None,
        expand: Callable[[str, str, int], list[str]] | None = None,
    ) -> None:
        self.schema = schema
        self.fields = text_fields(schema)
        self.bridge = bridge or Bridge([])
        self.expand = expand or (lambda field, prefix, limit: [])
        self._raw = _raw_parser()

    def parse(self, text: str) -> Parsed | None:
        """The queries for ``text``, or None when it has no word to search for."""
        raw = self.raw(text.strip()[:MAX_QUERY_LENGTH])
        if raw is None:
            return None
        build = _Build(self)
        own, vocabulary, everything = build.node(raw)
        if own is None:
            return None
        tiers = (own, vocabulary, everything) if build.bridged else (own,)
        boosts = [
            q.Term(name, word, boost=boost)
            for word in dict.fromkeys(build.typed)
            for name, boost in ((TITLE_FIELD, TITLE_BOOST), (EXACT_FIELD, EXACT_BOOST))
        ]

        def ranked(query: Any) -> Any:
            return q.AndMaybe(query, q.Or(boosts)) if boosts else query

        rankings = (ranked(own), *[ranked(everything)] * (len(tiers) - 1))
        return Parsed(
            everything, ranked(everything), tiers, rankings, tuple(build.bridged), build.simplified
        )

    def raw(self, text: str) -> Any | None:
        """The tree of the words as typed (in the field ``raw``), or None."""
        if not _WORD.search(text):
            return None
        if looks_broken(text):
            return self._plain(text)
        excluded = _only_exclusions(text)
        if excluded:
            # Whoosh drops a query with nothing to include; readers mean "all but these".
            return q.AndNot(
                q.Every(), _flat(self._raw.parse(" OR ".join(excluded), normalize=False))
            )
        try:
            parsed = self._raw.parse(text, normalize=False)
        except Exception:  # Whoosh's parser raises assorted errors on odd input
            return self._plain(text)
        return _searchable(_flat(parsed))

    def _plain(self, text: str) -> Any | None:
        words = plain_words(text)
        return _searchable(_flat(self._raw.parse(words, normalize=False))) if words else None


def _raw_parser() -> Any:
    """Whoosh's parser reading the syntax, with words kept as typed (lower case)."""
    schema = Schema(**{RAW: TEXT(analyzer=RegexTokenizer(WORD_PATTERN) | LowercaseFilter())})
    parser = WhooshParser(RAW, schema, group=AndGroup, plugins=[])
    parser.replace_plugin(WhitespacePlugin())
    # A sign counts only at the start of a word, so "Cluj-Napoca" stays one name.
    signs = PlusMinusPlugin(plusexpr=r"(?:^|(?<=[\s(]))\+", minusexpr=r"(?:^|(?<=[\s(]))-")
    for plugin in (GroupPlugin(), PhrasePlugin(), PrefixPlugin(), signs):
        parser.add_plugin(plugin)
    parser.add_plugin(OperatorsPlugin(And=r"(?<=\s)AND(?=\s)", Or=r"(?<=\s)OR(?=\s)"))
    return parser


def _flat(node: Any) -> Any:
    """``node`` with nested And and Or of the same kind merged (order and repeats kept:
    the bridge reads runs of words)."""
    if isinstance(node, q.And | q.Or):
        children: list[Any] = []
        for child in (_flat(c) for c in node.subqueries):
            children += child.subqueries if type(child) is type(node) else [child]
        return type(node)(children, boost=node.boost)
    if isinstance(node, q.BinaryQuery):
        return type(node)(_flat(node.a), _flat(node.b))
    if isinstance(node, q.Not):
        return q.Not(_flat(node.query))
    return node


def _searchable(node: Any) -> Any | None:
    """None when nothing is left to search for; a lone NOT becomes "all but"."""
    if node is q.NullQuery or (isinstance(node, q.And | q.Or) and not node.subqueries):
        return None
    if isinstance(node, q.Not):
        return q.AndNot(q.Every(), node.query)
    return node


_EXCLUSION = re.compile(r'^(?:-|NOT\s+)("[^"]+"|[^\s"()]+)$')


def _only_exclusions(text: str) -> list[str]:
    """The excluded words or phrases when ``text`` is only exclusions ('-a NOT "b c"')."""
    parts = re.findall(r'(?:-|NOT\s+)(?:"[^"]*"|[^\s"()]+)|\S+', text)
    matches = [_EXCLUSION.match(part) for part in parts]
    if not parts or not all(matches):
        return []
    return [match.group(1) for match in matches if match]


def exclusions(query: Any) -> list[Any]:
    """The parts of ``query`` whose matches are excluded."""
    if isinstance(query, q.AndNot):
        return [query.b, *exclusions(query.a)]
    if isinstance(query, q.Not):
        return [query.query]
    return [excluded for child in query.children() for excluded in exclusions(child)]


Triple = tuple[Any, Any, Any]


@dataclass
class _Build:
    """One query being built: the three versions of each node, within the bounds."""

    parser: QueryParser
    words: int = 0
    terms: int = 0
    simplified: bool = False
    bridged: list[Bridged] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)  # folded words searched as typed

    def node(self, node: Any, *, excluded: bool = False) -> Triple:
        """(own words, or vocabularies, or everything) for a node of the typed tree;
        None in a place means the node adds nothing there."""
        if isinstance(node, q.Term | q.Phrase):
            return self._run([node], excluded)
        if isinstance(node, q.Prefix):
            return _same(self._prefix(node))
        if isinstance(node, q.And):
            return self._and(node.subqueries, excluded)
        if isinstance(node, q.Or):
            parts = [self.node(child, excluded=excluded) for child in node.subqueries]
            return _combine(q.Or, parts)
        if isinstance(node, q.AndNot):
            kept, dropped = self.node(node.a, excluded=excluded), self.node(node.b, excluded=True)
            if dropped[0] is None:
                return kept
            return _map(kept, lambda part: q.AndNot(part, dropped[0]))
        if isinstance(node, q.AndMaybe):
            wanted, liked = (
                self.node(node.a, excluded=excluded),
                self.node(node.b, excluded=excluded),
            )
            return tuple(
                a if b is None else q.AndMaybe(a, b) if a is not None else None
                for a, b in zip(wanted, liked, strict=True)
            )  # type: ignore[return-value]
        if isinstance(node, q.Not):
            dropped = self.node(node.query, excluded=True)[0]
            return _same(None if dropped is None else q.Not(dropped))
        if isinstance(node, q.Every):
            return _same(q.Every())
        return _same(None)

    def _and(self, children: list[Any], excluded: bool) -> Triple:
        parts: list[Triple] = []
        run: list[Any] = []
        for child in [*children, None]:
            if isinstance(child, q.Term | q.Phrase):
                run.append(child)
                continue
            if run:
                parts += self._units(run, excluded)
                run = []
            if child is not None:
                parts.append(self.node(child, excluded=excluded))
        return _combine(q.And, parts)

    def _run(self, leaves: list[Any], excluded: bool) -> Triple:
        return _combine(q.And, self._units(leaves, excluded))

    def _units(self, leaves: list[Any], excluded: bool) -> list[Triple]:
        """Each word or phrase of a run, the runs that name concepts joined by them."""
        leaves = self._within_words([leaf for leaf in leaves if _text_of(leaf).strip()])
        own = [self._leaf(leaf, excluded) for leaf in leaves]
        words = [_text_of(leaf) for leaf in leaves]
        found = [] if excluded else self.parser.bridge.matches(words)
        if not found:
            return [_same(part) for part in own]
        units: list[Triple] = []
        position = 0
        for match in [*found, None]:
            end = len(own) if match is None else match.start
            units += [_unbridged(own[i], words[i]) for i in range(position, end)]
            if match is not None:
                units.append(self._bridge(own[match.start : match.end], match.concepts))
                position = match.end
        return units

    def _within_words(self, leaves: list[Any]) -> list[Any]:
        room = MAX_WORDS - self.words
        if len(leaves) > room:
            self.simplified = True
            leaves = leaves[: max(room, 0)]
        self.words += len(leaves)
        return leaves

    def _bridge(self, own_parts: list[Any], concepts: tuple[Concept, ...]) -> Triple:
        own = own_parts[0] if len(own_parts) == 1 else q.And(own_parts)
        facets, texts = [], []
        for concept in concepts:
            facet = facet_query(concept)
            text = self._counted(text_query(concept, self.parser.fields))
            if facet is not None:
                facets.append(q.ConstantScoreQuery(facet, VOCABULARY_SCORE))
            if text is not q.NullQuery:
                texts.append(text)
            self.bridged.append(Bridged(concept, own, facet, text))
        vocabulary = q.Or([own, *facets]) if facets else own
        linked = self._linked(own, concepts)
        if texts:
            texts = [_boosted(texts, BRIDGE_BOOST)]
        if linked:
            texts.append(_boosted(linked, BRIDGE_BOOST * LINK_BOOST))
        if texts:
            return own, vocabulary, q.Or([own, *facets, *texts])
        return own, vocabulary, vocabulary

    def _linked(self, own: Any, concepts: tuple[Concept, ...]) -> list[Any]:
        """What finds the practices about the broader and related concepts of those named
        (classified with them, or using their terms)."""
        bridge = self.parser.bridge
        named = {concept.id for concept in concepts}
        found: list[Any] = []
        for concept in concepts:
            for link in bridge.linked(concept):
                if link.id in named:
                    continue
                named.add(link.id)
                facet = facet_query(link)
                text = self._counted(text_query(link, self.parser.fields))
                classified = None if facet is None else q.ConstantScoreQuery(facet, LINK_BOOST)
                parts = [part for part in (classified, text) if part not in (None, q.NullQuery)]
                if parts:
                    found += parts
                    self.bridged.append(Bridged(link, own, facet, text, linked=True))
        return found

    def _counted(self, query: Any) -> Any:
        """``query``, or nothing once the query holds ``MAX_TERMS`` terms."""
        size = sum(1 for _ in query.leaves()) if query is not q.NullQuery else 0
        if self.terms + size > MAX_TERMS:
            self.simplified = True
            return q.NullQuery
        self.terms += size
        return query

    def _leaf(self, leaf: Any, excluded: bool) -> Any:
        """A word or phrase as typed, in every language's field."""
        fields = self.parser.fields
        schema = self.parser.schema
        if isinstance(leaf, q.Term):
            if not excluded:
                self.typed.append(fold(leaf.text))
            clauses = [q.Term(name, _analysed(schema, name, leaf.text)) for name in fields]
        else:
            clauses = [
                q.Phrase(name, [_analysed(schema, name, w) for w in leaf.words], slop=leaf.slop)
                for name in fields
            ]
        self.terms += len(clauses)
        return q.Or(clauses)

    def _prefix(self, prefix: Any) -> Any | None:
        """A prefix as the words it stands for, in every field (at most
        ``MAX_EXPANSIONS`` in each)."""
        if not self._within_words([prefix]):
            return None
        clauses = []
        for name in self.parser.fields:
            words = self.parser.expand(name, fold(prefix.text), MAX_EXPANSIONS + 1)
            if len(words) > MAX_EXPANSIONS or self.terms + len(words) > MAX_TERMS:
                self.simplified = True
                words = words[: max(0, min(MAX_EXPANSIONS, MAX_TERMS - self.terms))]
            self.terms += len(words)
            clauses += [q.Term(name, word) for word in words]
        return q.Or(clauses) if clauses else q.NullQuery


#: Vocabulary name -> the facet field holding its values.
_FACET_OF = {attribute: facet for facet, attribute in FACET_FIELDS.items()}


def facet_query(concept: Concept) -> Any | None:
    """The practices classified with a vocabulary concept; None for a thesaurus one."""
    facet = _FACET_OF.get(concept.kind)
    return None if facet is None else q.Term(facet, concept.id)


def text_query(concept: Concept, fields: list[str]) -> Any:
    """The practices whose text uses one of the concept's terms in its own language (the
    concept's term in each language's field, ``bridge.Tagger``)."""
    tag = concept_tag(concept)
    clauses = [
        q.Term(name, tag) for name in fields if name.removeprefix(TEXT_PREFIX) in concept.terms
    ]
    if not clauses:
        return q.NullQuery
    return clauses[0] if len(clauses) == 1 else q.Or(clauses)


def _boosted(queries: list[Any], boost: float) -> Any:
    """Any of ``queries``, their scores times ``boost``. Whoosh leaves out the boost of
    an Or of one query, so such an Or is not made."""
    query = queries[0] if len(queries) == 1 else q.Or(queries)
    return query.with_boost(query.boost * boost)


def _unbridged(part: Any, word: str) -> Triple:
    """A word beside words that name a concept: required in every version, but for a
    function word ('pour', 'pentru', 'dla'), which the other languages do not have."""
    return (part, None, None) if is_stopword(word) else _same(part)


def _text_of(leaf: Any) -> str:
    return str(leaf.text) if isinstance(leaf, q.Term) else " ".join(leaf.words)


def _analysed(schema: Any, name: str, word: str) -> str:
    """The index term of a typed word in one field (its language's stem, folded)."""
    tokens = [token.text for token in schema[name].analyzer(word, mode="query")]
    return tokens[0] if tokens else word


def _same(part: Any) -> Triple:
    return part, part, part


def _map(parts: Triple, change: Callable[[Any], Any]) -> Triple:
    return tuple(None if part is None else change(part) for part in parts)  # type: ignore[return-value]


def _combine(kind: type, parts: list[Triple]) -> Triple:
    """The three versions of an And or Or of ``parts`` (a part None in a version is
    left out of it)."""
    result: list[Any] = []
    for index in range(3):
        kept = [part[index] for part in parts if part[index] is not None]
        if not kept:
            result.append(None)
        else:
            result.append(kept[0] if len(kept) == 1 else kind(kept))
    return result[0], result[1], result[2]
