"""Ranking: the catalogue's own BM25F gives Whoosh's order, without Whoosh's top-k slips."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh import query as q

from catalogue.index.analysis import STEMMED_LANGUAGES
from catalogue.index.completion import Completions
from catalogue.index.ranking import docnums_of
from catalogue.index.reader import IndexReader, PostingsMemory, Snapshot, mask_of
from tests.relevance.evaluate import build_index, judged_queries

#: Beyond the judged queries: the syntax a reader may use, each ranked too.
SYNTAX = [
    "bibliot*",
    "conversation OR storytelling",
    '"language café"',
    "library -children",
    "-children",
    "refugees women",
    "biblioteka dzieci",
    "(club OR cafe) language",
]


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snapshot]:
    index = build_index(tmp_path_factory.mktemp("ranking"), STEMMED_LANGUAGES)
    reader = IndexReader(index)
    yield reader.snapshot()
    reader.close()


def _scored_prefixes(query: Any) -> Any:
    """``query`` with prefixes scoring each word they stand for, as the catalogue ranks."""

    def scored(node: Any) -> Any:
        if isinstance(node, q.Prefix):
            node = node.copy()
            node.constantscore = False
        return node

    return query.accept(scored)


def whoosh_order(snapshot: Snapshot, query: Any, count: int) -> list[int]:
    """Whoosh's ranking, every match scored (no top-k shortcut), ties in index order."""
    hits = snapshot.searcher.search(_scored_prefixes(query), limit=None)
    return [docnum for _, docnum in sorted((-hit.score, hit.docnum) for hit in hits)][:count]


@pytest.mark.parametrize("text", [j.query for j in judged_queries()] + SYNTAX)
def test_order_is_whooshs_bm25f(snapshot: Snapshot, text: str) -> None:
    parsed = snapshot.parse(text)
    assert parsed is not None
    matched = snapshot.query_mask(parsed.match)
    assert snapshot.top(parsed.ranked, matched, 20) == whoosh_order(snapshot, parsed.ranked, 20)


def test_the_best_match_is_never_skipped(snapshot: Snapshot) -> None:
    # Whoosh's limited search (limit=10) can leave out a document scoring above the
    # ones it returns; the catalogue scores every match, so its first is the best.
    for judged in judged_queries():
        parsed = snapshot.parse(judged.query)
        assert parsed is not None
        matched = snapshot.query_mask(parsed.match)
        best = whoosh_order(snapshot, parsed.ranked, 1)
        assert snapshot.top(parsed.ranked, matched, 1) == best, judged.query


@given(st.sets(st.integers(min_value=0, max_value=5000)))
def test_masks_and_document_numbers_round_trip(docnums: set[int]) -> None:
    assert docnums_of(mask_of(docnums, 5001)) == sorted(docnums)


def test_postings_memory_keeps_to_its_budget(snapshot: Snapshot) -> None:
    memory = PostingsMemory(10)
    terms = [("exact", word) for word in ("library", "club", "children", "refugees", "women")]
    for key in terms:
        memory.put(key, snapshot.postings(*key))
    sizes = {key: len(snapshot.postings(*key).docnums) for key in terms}
    kept = [key for key in terms if memory.get(key) is not None]
    assert kept[-1] == terms[-1]  # the newest is kept even when it alone exceeds the budget
    assert sum(sizes[key] for key in kept) <= max(10, sizes[terms[-1]])
    assert len(kept) < len(terms)


@pytest.mark.parametrize(
    "word", ["bibliotekach", "refugiatilor", "Łódź", "children", "club", "xyzzy", "cafe"]
)
def test_a_typed_word_matches_what_the_parser_makes_of_it(snapshot: Snapshot, word: str) -> None:
    # Words are looked up directly for "did you mean"; the parser is the reference (the
    # practices' own words: the bridge's matches are not the word).
    parsed = snapshot.parse(word)
    expected = 0 if parsed is None else snapshot.query_mask(parsed.tiers[0])
    assert snapshot.word_mask(word) == expected


def test_searches_while_the_completions_are_built_read_the_index_correctly(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # A site's reader builds each new generation's completion tables in a thread, on the
    # searcher that requests use. Whoosh's files keep a read position: both must read
    # what they would read alone. Each round opens the index afresh (nothing cached) and
    # builds completion tables over and over while every judged query is searched.
    index = build_index(tmp_path_factory.mktemp("warm"), STEMMED_LANGUAGES)
    queries = [judged.query for judged in judged_queries()]
    alone = IndexReader(index).snapshot()
    expected = {}
    for text in queries:
        parsed = alone.parse(text)
        assert parsed is not None
        matched = alone.query_mask(parsed.match)
        expected[text] = (matched, alone.top(parsed.ranked, matched, 10))
    for _ in range(3):
        current = IndexReader(index).snapshot()
        stop, errors = threading.Event(), []

        def build(
            searcher: Any = current.searcher,
            stop: threading.Event = stop,
            errors: list[Exception] = errors,
        ) -> None:
            while not stop.is_set():
                try:
                    Completions(searcher)
                except Exception as error:  # what a race would raise
                    errors.append(error)
                    return

        builder = threading.Thread(target=build)
        builder.start()
        try:
            for text in queries:
                parsed = current.parse(text)
                assert parsed is not None
                matched = current.query_mask(parsed.match)
                ranked = current.top(parsed.ranked, matched, 10)
                assert (matched, ranked) == expected[text], text
                assert all(current.card(docnum)["slug"] for docnum in ranked)
        finally:
            stop.set()
            builder.join()
        assert errors == []
