"""Running a search on a snapshot: matching, disjunctive facet counts, ordering, snippets."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from itertools import islice
from typing import Any

from whoosh import highlight
from whoosh import query as q

from catalogue.content.markdown import markdown_to_text
from catalogue.facets import disjunctive_counts
from catalogue.index.analysis import folding_analyzer
from catalogue.index.reader import Snapshot, mask_of, members
from catalogue.index.schema import FACET_FIELDS, TEXT_FIELDS, load_blob

_ANALYZER = folding_analyzer()


class _MarkFormatter(highlight.Formatter):  # type: ignore[misc]
    """Escapes all text and wraps matches in a bare ``<mark>``: the only markup allowed."""

    between = " … "

    def _text(self, text: str) -> str:
        return escape(text)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"<mark>{escape(highlight.get_text(text, token, replace))}</mark>"


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
) -> RawResults:
    """Search ``text`` (may be empty) with ``filters`` (field -> values, OR-ed)."""
    parsed = snapshot.parser.parse(text) if text.strip() else None
    searcher = snapshot.searcher
    matched = snapshot.live
    if parsed is not None:
        matched &= mask_of(searcher.docs_for_query(parsed), snapshot.size)
    masks = {
        name: _union(snapshot.value_mask(name, value) for value in values)
        for name, values in filters.items()
    }
    value_masks = {
        facet: {value: entry[0] for value, entry in snapshot.values[facet].items()}
        for facet in FACET_FIELDS
    }
    counts = disjunctive_counts(matched, masks, value_masks, filters)
    final = matched
    for mask in masks.values():
        final &= mask
    if not final:
        docnums = []
    elif parsed is not None and sort == "relevance":
        allowed = snapshot.filter_set(filters) if filters else None
        results = searcher.search(parsed, limit=offset + limit, filter=allowed)
        docnums = [hit.docnum for hit in results[offset : offset + limit]]
    else:
        order = snapshot.order("newest" if sort != "title" else f"title:{locale}")
        docnums = list(islice(members(final, order, snapshot.size), offset, offset + limit))
    terms = _query_terms(parsed, searcher)
    hits = [_hit(snapshot, docnum, terms, locale) for docnum in docnums]
    suggestion = suggest(snapshot, text) if parsed is not None else None
    return RawResults(final.bit_count(), hits, counts, suggestion)


def _union(masks: Any) -> int:
    result = 0
    for mask in masks:
        result |= mask
    return result


def _query_terms(parsed: Any, searcher: Any) -> frozenset[str]:
    """The words to mark in snippets: every searched term, prefixes expanded, minus exclusions."""
    if parsed is None:
        return frozenset()
    reader = searcher.reader()
    excluded = frozenset().union(*(_terms(query, reader) for query in _exclusions(parsed)))
    return _terms(parsed, reader) - excluded


def _terms(query: Any, reader: Any) -> frozenset[str]:
    return frozenset(
        text.decode("utf-8") if isinstance(text, bytes) else text
        for leaf in query.leaves()
        for name, text in leaf.expanded_terms(reader, phrases=True)
        if name in TEXT_FIELDS
    )


def _exclusions(query: Any) -> list[Any]:
    if isinstance(query, q.AndNot):
        return [query.b, *_exclusions(query.a)]
    if isinstance(query, q.Not):
        return [query.query]
    return [excluded for child in query.children() for excluded in _exclusions(child)]


def _hit(snapshot: Snapshot, docnum: int, terms: frozenset[str], locale: str) -> RawHit:
    card = snapshot.card(docnum)
    shown = locale if locale in card["versions"] else card["lang"]
    version = card["versions"][shown]
    snippet = _highlight(version["summary"], terms) if terms else ""
    if terms and not snippet:
        body = load_blob(snapshot.blob(docnum))
        text = body["translations"].get(shown, body["original"])["body"]
        snippet = _highlight(markdown_to_text(text), terms)
    return RawHit(card=card, highlight=snippet or escape(version["summary"]))


def _highlight(text: str, terms: frozenset[str]) -> str:
    fragmenter = highlight.ContextFragmenter(maxchars=240, surround=80)
    result: str = highlight.highlight(
        text, terms, _ANALYZER, fragmenter, _MarkFormatter(), top=2
    )
    return result


def suggest(snapshot: Snapshot, text: str) -> str | None:
    """``text`` with each word that is in no practice replaced by the closest known word."""
    reader = snapshot.searcher.reader()
    corrector = snapshot.searcher.corrector("body")
    pieces: list[str] = []
    position = 0
    changed = False
    for token in _ANALYZER(text, chars=True, mode="query"):
        word = token.text
        after = text[token.endchar : token.endchar + 1]
        before = text[token.startchar - 1 : token.startchar] if token.startchar else ""
        if len(word) < 3 or after == "*" or before == "-" or word.isdigit():
            continue
        if any(reader.doc_frequency(name, word) for name in TEXT_FIELDS):
            continue
        found = corrector.suggest(word, limit=1, maxdist=2)
        if found:
            pieces += [text[position : token.startchar], found[0]]
            position = token.endchar
            changed = True
    if not changed:
        return None
    return "".join([*pieces, text[position:]]).strip()


def related(snapshot: Snapshot, docnum: int, locale: str, limit: int = 5) -> list[str]:
    """Slugs of the practices most like this one: similar words and shared facets."""
    searcher = snapshot.searcher
    practice = load_blob(snapshot.blob(docnum))
    words = " ".join(
        [practice["original"]["title"], practice["original"]["summary"], practice["original"]["body"]]
    )
    key_terms = searcher.key_terms_from_text("body", words, numterms=12)
    clauses = [q.Term("body", term, boost=weight) for term, weight in key_terms]
    for facet, attribute in FACET_FIELDS.items():
        values = practice[attribute] if isinstance(practice[attribute], list) else [practice[attribute]]
        clauses += [q.Term(facet, value, boost=0.5) for value in values]
    clauses.append(q.Term("readable", locale, boost=1.0))
    results = searcher.search(q.Or(clauses), limit=limit, mask={docnum})
    return [hit["slug"] for hit in results]
