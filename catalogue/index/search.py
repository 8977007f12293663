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
from catalogue.index.analysis import fold, folding_analyzer
from catalogue.index.query import exclusions, with_title_boost
from catalogue.index.reader import Snapshot, members
from catalogue.index.schema import FACET_FIELDS, TEXT_FIELD, load_blob

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
    matched = snapshot.live if parsed is None else snapshot.query_mask(parsed)
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
        ranked = with_title_boost(parsed)
        results = searcher.search(ranked, limit=offset + limit, filter=allowed)
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
    excluded = frozenset().union(*(_terms(query, reader) for query in exclusions(parsed)))
    return _terms(parsed, reader) - excluded


def _terms(query: Any, reader: Any) -> frozenset[str]:
    # Or.expanded_terms yields nothing in Whoosh 2.7; the leaves' do.
    return frozenset(
        text.decode("utf-8") if isinstance(text, bytes) else text
        for leaf in query.leaves()
        for name, text in leaf.expanded_terms(reader, phrases=True)
        if name == TEXT_FIELD
    )


def _hit(snapshot: Snapshot, docnum: int, terms: frozenset[str], locale: str) -> RawHit:
    card = snapshot.card(docnum)
    shown = locale if locale in card["versions"] else card["lang"]
    version = card["versions"][shown]
    snippet = _highlight(version["summary"], terms) if terms else ""
    if terms and not snippet:
        body = load_blob(snapshot.blob(docnum))
        text = markdown_to_text(body["translations"].get(shown, body["original"])["body"])
        snippet = _highlight(_window(text, terms), terms)
    return RawHit(card=card, highlight=snippet or escape(version["summary"]))


_WINDOW = 320


def _window(text: str, terms: frozenset[str]) -> str:
    """The part of a long text around the first match, so snippets stay cheap to make.

    Folding keeps almost every character's position, so the match found in the folded
    text is at (or within a few characters of) the same place in the original.
    """
    if len(text) <= 2 * _WINDOW:
        return text
    folded = fold(text)
    found = [position for term in terms if (position := folded.find(term)) >= 0]
    if not found:
        return text[: 2 * _WINDOW]
    start = max(0, min(found) - _WINDOW)
    return text[start : start + 2 * _WINDOW]


def _highlight(text: str, terms: frozenset[str]) -> str:
    fragmenter = highlight.ContextFragmenter(maxchars=240, surround=80)
    result: str = highlight.highlight(
        text, terms, _ANALYZER, fragmenter, _MarkFormatter(), top=2
    )
    return result


def suggest(snapshot: Snapshot, text: str) -> str | None:
    """``text`` with each word that is in no practice replaced by the closest known word."""
    reader = snapshot.searcher.reader()
    corrector = snapshot.searcher.corrector(TEXT_FIELD)
    pieces: list[str] = []
    position = 0
    changed = False
    for token in _ANALYZER(text, chars=True, mode="query"):
        word = token.text
        after = text[token.endchar : token.endchar + 1]
        before = text[token.startchar - 1 : token.startchar] if token.startchar else ""
        if len(word) < 3 or after == "*" or before == "-" or word.isdigit():
            continue
        if reader.doc_frequency(TEXT_FIELD, word):
            continue
        # Sharing the first letters keeps the candidates few; typos rarely start a word.
        found = corrector.suggest(word, limit=1, maxdist=2, prefix=2 if len(word) > 4 else 1)
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
    key_terms = searcher.key_terms_from_text(TEXT_FIELD, words, numterms=12)
    clauses = [q.Term(TEXT_FIELD, term, boost=weight) for term, weight in key_terms]
    for facet, attribute in FACET_FIELDS.items():
        values = practice[attribute] if isinstance(practice[attribute], list) else [practice[attribute]]
        clauses += [q.Term(facet, value, boost=0.5) for value in values]
    clauses.append(q.Term("readable", locale, boost=1.0))
    results = searcher.search(q.Or(clauses), limit=limit, mask={docnum})
    return [hit["slug"] for hit in results]
