"""Running a search on a snapshot: matching, disjunctive facet counts, ordering, snippets."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from html import escape
from itertools import islice
from typing import Any, NamedTuple

from whoosh import query as q

from catalogue.content.markdown import markdown_to_text
from catalogue.facets import disjunctive_counts
from catalogue.index.analysis import fold, word_forms
from catalogue.index.bridge import TAG_PREFIX
from catalogue.index.budget import NO_DEADLINE, Deadline, SearchTooCostly
from catalogue.index.masks import mask_of, members, union
from catalogue.index.query import Parsed, exclusions, plain_words
from catalogue.index.reader import Snapshot
from catalogue.index.schema import (
    EXACT_FIELD,
    FACET_FIELDS,
    TEXT_PREFIX,
    load_blob,
    text_field_for,
)
from catalogue.index.snippets import excerpt, snippet

Terms = dict[str, frozenset[str]]


@dataclass(frozen=True)
class Through:
    """How a result found only through the language bridge matched: a concept (its
    vocabulary's name, or ``thesaurus``, and id), by classification or by its terms."""

    kind: str
    id: str
    classified: bool


@dataclass(frozen=True)
class RawHit:
    """A result before labels are added: the stored card, its highlighted snippet, and
    the concepts it was found through (none when its own words matched)."""

    card: dict[str, Any]
    highlight: str
    through: tuple[Through, ...] = ()


@dataclass(frozen=True)
class RawResults:
    """What the index answers to a search; ``simplified`` when the query was cut down
    to stay within bounds (``query.py``, ``budget.py``)."""

    total: int
    hits: list[RawHit]
    counts: dict[str, dict[str, int]]
    suggestion: str | None
    simplified: bool = False


def find(
    snapshot: Snapshot,
    text: str,
    filters: dict[str, tuple[str, ...]],
    *,
    sort: str,
    offset: int,
    limit: int,
    locale: str,
    hidden: frozenset[str] = frozenset(),
    only: frozenset[str] | None = None,
) -> RawResults:
    """Search ``text`` (may be empty) with ``filters`` (field -> values, OR-ed), leaving
    out the ``hidden`` practices, and all but ``only`` when given.

    Answers are remembered per index generation: facet clicking repeats searches, and
    a new generation (a new snapshot) starts with an empty memory.
    """
    key = (text, tuple(sorted(filters.items())), sort, offset, limit, locale, hidden, only)
    found: RawResults | None = snapshot.answers.get(key)
    if found is not None:
        return found
    request = _Request(text, filters, sort, offset, limit, locale, hidden, only)
    try:
        found = _find(snapshot, request, Deadline())
    except SearchTooCostly:
        # Past its time: the first few words as typed, without prefixes or bridge; not
        # remembered, since a machine less busy may answer the whole query.
        fallback = _fallback(text)
        return _find(snapshot, request._replace(text=fallback), NO_DEADLINE, fallback=True)
    snapshot.answers.put(key, found)
    return found


#: Words a search past its deadline is answered with.
FALLBACK_WORDS = 3
#: A word of a query, with the minus that excludes it ("-word", not the hyphen of "0-6").
_SIGNED_WORD = re.compile(r"(?<!\w)(-?)(\w+)")


def _fallback(text: str) -> str:
    """The first FALLBACK_WORDS words of a query with what joins and excludes them kept
    (``a OR b``, ``club -women``), prefixes, phrases and brackets dropped."""
    parts: list[str] = []
    for sign, word in _SIGNED_WORD.findall(text):
        if word in _OPERATORS:
            if word == "OR" and parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        if sum(part != "OR" for part in parts) == FALLBACK_WORDS:
            break
        parts.append(sign + word)
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts)


class _Request(NamedTuple):
    text: str
    filters: dict[str, tuple[str, ...]]
    sort: str
    offset: int
    limit: int
    locale: str
    hidden: frozenset[str]
    only: frozenset[str] | None


def _find(
    snapshot: Snapshot, request: _Request, deadline: Deadline, *, fallback: bool = False
) -> RawResults:
    text, filters, sort, offset, limit, locale, hidden, only = request
    corrections = _corrections(snapshot, text, deadline) if text.strip() else {}
    # A word the bridge knows is kept as typed: it may be part of a concept's term
    # ("mobile library"), even where no practice writes it.
    known = {word: found for word, found in corrections.items() if not snapshot.bridge.knows(word)}
    parsed = snapshot.parse(_tolerant(text, known)) if text.strip() else None
    tiers = [snapshot.live]
    if parsed is not None:
        kept = parsed.tiers[:1] if fallback else parsed.tiers
        tiers = [snapshot.query_mask(tier, deadline) for tier in kept]
    hidden_docnums = {d for slug in hidden if (d := snapshot.docnum(slug)) is not None}
    matched = tiers[-1] & ~mask_of(hidden_docnums, snapshot.size)
    if only is not None:
        named = [d for slug in only if (d := snapshot.docnum(slug)) is not None]
        matched &= mask_of(named, snapshot.size)
    masks = {
        name: union(snapshot.value_mask(name, value) for value in values)
        for name, values in filters.items()
    }
    value_masks = {facet: snapshot.values[facet] for facet in FACET_FIELDS}
    counts = disjunctive_counts(matched, masks, value_masks, filters)
    final = matched
    for mask in masks.values():
        final &= mask
    if not final:
        docnums = []
    elif parsed is not None and sort == "relevance":
        docnums = _ranked(snapshot, parsed, tiers, final, offset + limit, deadline)[offset:]
    else:
        order = snapshot.order("newest" if sort != "title" else f"title:{locale}")
        docnums = list(islice(members(final, order, snapshot.size), offset, offset + limit))
    terms = _query_terms(parsed, snapshot.searcher.reader(), snapshot)
    hits = [
        _hit(snapshot, docnum, terms, locale, _through(snapshot, parsed, tiers, docnum))
        for docnum in docnums
    ]
    suggestion = _suggestion(snapshot, text, corrections)
    simplified = fallback or (parsed is not None and parsed.simplified)
    return RawResults(final.bit_count(), hits, counts, suggestion, simplified)


def _ranked(
    snapshot: Snapshot, parsed: Parsed, tiers: list[int], final: int, count: int, deadline: Deadline
) -> list[int]:
    """The best ``count`` matches: those of the practices' own words first, then those
    through the vocabularies, then through the concepts' terms, each ranked by score."""
    found: list[int] = []
    seen = 0
    for tier, ranking in zip(tiers, parsed.rankings, strict=False):
        allowed = tier & final & ~seen
        seen |= tier
        if allowed:
            found += snapshot.top(ranking, allowed, count - len(found), deadline)
        if len(found) >= count:
            break
    return found


def _through(
    snapshot: Snapshot, parsed: Parsed | None, tiers: list[int], docnum: int
) -> tuple[Through, ...]:
    """The concepts a result was found through, if its own words did not match."""
    bit = 1 << docnum
    if parsed is None or len(tiers) == 1 or tiers[0] & bit:
        return ()
    found: dict[tuple[str, str], Through] = {}
    for bridged in parsed.bridged:
        if snapshot.query_mask(bridged.own) & bit:
            continue
        concept = bridged.concept
        if bridged.facet is not None and snapshot.query_mask(bridged.facet) & bit:
            found[(concept.kind, concept.id)] = Through(concept.kind, concept.id, True)
        elif snapshot.query_mask(bridged.text) & bit:
            found.setdefault((concept.kind, concept.id), Through(concept.kind, concept.id, False))
    return tuple(found.values())


_PLAIN = re.compile(r"^[\w\s'’.,-]*$")  # noqa: RUF001  (the typographic apostrophe too)
#: Words at least this long get one slip forgiven.
TOLERANT_LENGTH = 6


def _tolerant(text: str, corrections: dict[str, list[str]]) -> str:
    """``text`` where each long unknown word also finds its one-letter neighbours.

    Only for plain words: in a phrase or next to operators, a word is taken as typed.
    """
    if not corrections or not _PLAIN.match(text) or _has_operator(text):
        return text
    words = []
    for word in plain_words(text).split():
        close = [c for c in corrections.get(word, [])[:3] if _distance_one(fold(word), c)]
        words.append(f"({' OR '.join([word, *close])})" if close else word)
    return " ".join(words)


def _has_operator(text: str) -> bool:
    return any(word in _OPERATORS for word in text.split())


_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})


def _distance_one(word: str, other: str) -> bool:
    if len(word) < TOLERANT_LENGTH or abs(len(word) - len(other)) > 1:
        return False
    if len(word) == len(other):
        differences = [i for i, (a, b) in enumerate(zip(word, other, strict=True)) if a != b]
        return len(differences) == 1 or (
            len(differences) == 2
            and differences[1] == differences[0] + 1
            and word[differences[0]] == other[differences[1]]
            and word[differences[1]] == other[differences[0]]
        )
    shorter, longer = sorted((word, other), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


_WORD = re.compile(r"\w+")
#: Unknown words of a query that "did you mean" looks at (each costs a scan of the words).
MAX_CORRECTED = 6


def _corrections(snapshot: Snapshot, text: str, deadline: Deadline) -> dict[str, list[str]]:
    """Each word of ``text`` that is in no practice -> close words that are, best first.

    Candidates are compared without diacritics, so 'swietlca' finds 'świetlica'.
    """
    corrections = {}
    corrector = snapshot.searcher.corrector(EXACT_FIELD)
    typed = [word for word in _WORD.findall(text) if word not in _OPERATORS]
    unknown = [
        word
        for word in dict.fromkeys(word.lower() for word in typed)
        if len(word) >= 3 and not word.isdigit()
    ]
    for word in unknown[:MAX_CORRECTED]:
        deadline.check()
        if snapshot.word_mask(word):
            continue
        folded = fold(word)
        # Sharing the first letters keeps the candidates few; typos rarely start a word.
        found = corrector.suggest(folded, limit=3, maxdist=2, prefix=2 if len(word) > 4 else 1)
        known = [candidate for candidate in found if snapshot.word_mask(candidate)]
        if known:
            corrections[word] = known
    return corrections


def _suggestion(snapshot: Snapshot, text: str, corrections: dict[str, list[str]]) -> str | None:
    """``text`` with each unknown word replaced by its best correction, as written.

    A word the language bridge knows is never replaced: 'club' names a concept and finds
    practices through it, even where no practice writes it ('cluj' is not what was meant).
    """
    corrections = {
        word: found for word, found in corrections.items() if not snapshot.bridge.knows(word)
    }
    if not corrections:
        return None

    def replace(match: re.Match[str]) -> str:
        found = corrections.get(match.group().lower())
        return snapshot.real_words.get(found[0], found[0]) if found else match.group()

    return re.sub(r"\w+", replace, text).strip()


def _query_terms(parsed: Parsed | None, reader: Any, snapshot: Snapshot) -> Terms:
    """Per text field, the terms to mark in snippets (prefixes expanded, exclusions not),
    with the words of the concepts the query names, in each language."""
    if parsed is None:
        return {}
    excluded = _terms(
        [leaf for query in exclusions(parsed.match) for leaf in query.leaves()], reader
    )
    included = _terms(list(parsed.match.leaves()), reader)
    for bridged in [b for b in parsed.bridged if not b.linked]:
        for lang, words in snapshot.bridge.highlighted_words(bridged.concept).items():
            field = f"{TEXT_PREFIX}{lang}"
            included[field] = included.get(field, frozenset()) | words
    return {field: terms - excluded.get(field, frozenset()) for field, terms in included.items()}


def _terms(leaves: list[Any], reader: Any) -> Terms:
    # Or.expanded_terms yields nothing in Whoosh 2.7; the leaves' do.
    found: dict[str, set[str]] = defaultdict(set)
    for leaf in leaves:
        for name, text in leaf.expanded_terms(reader, phrases=True):
            word = text.decode("utf-8") if isinstance(text, bytes) else text
            if name.startswith(TEXT_PREFIX) and not word.startswith(TAG_PREFIX):
                found[name].add(word)
    return {name: frozenset(texts) for name, texts in found.items()}


def _hit(
    snapshot: Snapshot, docnum: int, terms: Terms, locale: str, through: tuple[Through, ...]
) -> RawHit:
    stored = snapshot.searcher.stored_fields(docnum)
    card = json.loads(stored["card"])
    shown = locale if locale in card["versions"] else card["lang"]
    version = card["versions"][shown]
    field = text_field_for(shown, snapshot.searcher.schema)
    wanted = terms.get(field, frozenset())
    if not wanted:
        return RawHit(card, escape(version["summary"]), through)
    forms = word_forms(field.removeprefix(TEXT_PREFIX))
    marked = snippet(version["summary"], wanted, forms)
    if not marked:
        body = load_blob(stored["blob"])
        text = body["translations"].get(shown, body["original"])["body"]
        marked = snippet(markdown_to_text(excerpt(text, wanted)), wanted, forms)
    return RawHit(card, marked or escape(version["summary"]), through)


def related(snapshot: Snapshot, docnum: int, locale: str, limit: int = 5) -> list[str]:
    """Slugs of the practices most like this one: similar words and shared facets."""
    searcher = snapshot.searcher
    practice = load_blob(snapshot.blob(docnum))
    original = practice["original"]
    field = text_field_for(original["lang"], searcher.schema)
    words = " ".join([original["title"], original["summary"], original["body"]])
    key_terms = searcher.key_terms_from_text(field, words, numterms=12)
    clauses = [q.Term(field, term, boost=weight) for term, weight in key_terms]
    for facet, attribute in FACET_FIELDS.items():
        values = practice[attribute]
        for value in values if isinstance(values, list) else [values]:
            clauses.append(q.Term(facet, value, boost=0.5))
    clauses.append(q.Term("readable", locale, boost=1.0))
    results = searcher.search(q.Or(clauses), limit=limit, mask={docnum})
    return [hit["slug"] for hit in results]
