"""Running a search on a snapshot: matching, disjunctive facet counts, ordering, snippets."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from html import escape
from itertools import islice
from typing import Any

from whoosh import query as q

from catalogue.content.markdown import markdown_to_text
from catalogue.facets import disjunctive_counts
from catalogue.index.analysis import fold, word_forms
from catalogue.index.query import Parsed, exclusions, plain_words
from catalogue.index.reader import Snapshot, mask_of, members
from catalogue.index.snippets import excerpt, snippet
from catalogue.index.schema import (
    EXACT_FIELD,
    FACET_FIELDS,
    TEXT_PREFIX,
    load_blob,
    text_field_for,
)

Terms = dict[str, frozenset[str]]


@dataclass(frozen=True)
class RawHit:
    """A result before labels are added: the stored card and its highlighted snippet."""

    card: dict[str, Any]
    highlight: str


@dataclass(frozen=True)
class RawResults:
    """What the index answers to a search."""

    total: int
    hits: list[RawHit]
    counts: dict[str, dict[str, int]]
    suggestion: str | None


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
) -> RawResults:
    """Search ``text`` (may be empty) with ``filters`` (field -> values, OR-ed), leaving
    out the ``hidden`` practices.

    Answers are remembered per index generation: facet clicking repeats searches, and
    a new generation (a new snapshot) starts with an empty memory.
    """
    key = (text, tuple(sorted(filters.items())), sort, offset, limit, locale, hidden)
    found: RawResults | None = snapshot.answers.get(key)
    if found is None:
        found = _find(snapshot, text, filters, sort, offset, limit, locale, hidden)
        snapshot.answers.put(key, found)
    return found


def _find(
    snapshot: Snapshot,
    text: str,
    filters: dict[str, tuple[str, ...]],
    sort: str,
    offset: int,
    limit: int,
    locale: str,
    hidden: frozenset[str],
) -> RawResults:
    corrections = _corrections(snapshot, text) if text.strip() else {}
    parsed = snapshot.parse(_tolerant(text, corrections)) if text.strip() else None
    matched = snapshot.live if parsed is None else snapshot.query_mask(parsed.match)
    hidden_docnums = {d for slug in hidden if (d := snapshot.docnum(slug)) is not None}
    matched &= ~mask_of(hidden_docnums, snapshot.size)
    masks = {
        name: _union(snapshot.value_mask(name, value) for value in values)
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
        docnums = snapshot.top(parsed.ranked, final, offset + limit)[offset:]
    else:
        order = snapshot.order("newest" if sort != "title" else f"title:{locale}")
        docnums = list(islice(members(final, order, snapshot.size), offset, offset + limit))
    terms = _query_terms(parsed, snapshot.searcher.reader())
    hits = [_hit(snapshot, docnum, terms, locale) for docnum in docnums]
    suggestion = _suggestion(snapshot, text, corrections)
    return RawResults(final.bit_count(), hits, counts, suggestion)


def _union(masks: Any) -> int:
    result = 0
    for mask in masks:
        result |= mask
    return result


_PLAIN = re.compile(r"^[\w\s'’.,-]*$")
#: Words at least this long get one slip forgiven.
TOLERANT_LENGTH = 6


def _tolerant(text: str, corrections: dict[str, list[str]]) -> str:
    """``text`` where each long unknown word also finds its one-letter neighbours.

    Only for plain words: in a phrase or next to operators, a word is taken as typed.
    """
    if not corrections or not _PLAIN.match(text):
        return text
    words = []
    for word in plain_words(text).split():
        close = [c for c in corrections.get(word, [])[:3] if _distance_one(fold(word), c)]
        words.append(f"({' OR '.join([word, *close])})" if close else word)
    return " ".join(words)


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


def _corrections(snapshot: Snapshot, text: str) -> dict[str, list[str]]:
    """Each word of ``text`` that is in no practice -> close words that are, best first.

    Candidates are compared without diacritics, so 'swietlca' finds 'świetlica'.
    """
    corrections = {}
    corrector = snapshot.searcher.corrector(EXACT_FIELD)
    for word in plain_words(text).split():
        if len(word) < 3 or word.isdigit() or snapshot.word_mask(word):
            continue
        folded = fold(word)
        # Sharing the first letters keeps the candidates few; typos rarely start a word.
        found = corrector.suggest(folded, limit=3, maxdist=2, prefix=2 if len(word) > 4 else 1)
        known = [candidate for candidate in found if snapshot.word_mask(candidate)]
        if known:
            corrections[word] = known
    return corrections


def _suggestion(snapshot: Snapshot, text: str, corrections: dict[str, list[str]]) -> str | None:
    """``text`` with each unknown word replaced by its best correction, as written."""
    if not corrections:
        return None

    def replace(match: re.Match[str]) -> str:
        found = corrections.get(match.group().lower())
        return snapshot.real_words.get(found[0], found[0]) if found else match.group()

    return re.sub(r"\w+", replace, text).strip()


def _query_terms(parsed: Parsed | None, reader: Any) -> Terms:
    """Per text field, the terms to mark in snippets (prefixes expanded, exclusions not)."""
    if parsed is None:
        return {}
    excluded = _terms([leaf for query in exclusions(parsed.match) for leaf in query.leaves()], reader)
    included = _terms(list(parsed.match.leaves()), reader)
    return {field: terms - excluded.get(field, frozenset()) for field, terms in included.items()}


def _terms(leaves: list[Any], reader: Any) -> Terms:
    # Or.expanded_terms yields nothing in Whoosh 2.7; the leaves' do.
    found: dict[str, set[str]] = defaultdict(set)
    for leaf in leaves:
        for name, text in leaf.expanded_terms(reader, phrases=True):
            if name.startswith(TEXT_PREFIX):
                found[name].add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return {name: frozenset(texts) for name, texts in found.items()}


def _hit(snapshot: Snapshot, docnum: int, terms: Terms, locale: str) -> RawHit:
    stored = snapshot.searcher.stored_fields(docnum)
    card = json.loads(stored["card"])
    shown = locale if locale in card["versions"] else card["lang"]
    version = card["versions"][shown]
    field = text_field_for(shown, snapshot.searcher.schema)
    wanted = terms.get(field, frozenset())
    if not wanted:
        return RawHit(card=card, highlight=escape(version["summary"]))
    forms = word_forms(field.removeprefix(TEXT_PREFIX))
    marked = snippet(version["summary"], wanted, forms)
    if not marked:
        body = load_blob(stored["blob"])
        text = body["translations"].get(shown, body["original"])["body"]
        marked = snippet(markdown_to_text(excerpt(text, wanted)), wanted, forms)
    return RawHit(card=card, highlight=marked or escape(version["summary"]))


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
