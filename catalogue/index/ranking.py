"""Ranking matches with BM25F, computed on postings read a block at a time.

Whoosh scores a search by walking a tree of matchers one posting at a time, in Python:
at 10,000 practices that was half of a search. Here each term's postings are read once
per index generation (whole blocks, not one posting at a time), scored once, and kept;
a search then adds up the scores of the documents it matched, which are already known
as a bit mask. The formula and its constants are Whoosh's own (``whoosh.scoring.BM25F``),
so the order is the one Whoosh gives.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from whoosh import query as q
from whoosh.codec.whoosh3 import W3LeafMatcher

from catalogue.index.budget import NO_DEADLINE, Deadline
from catalogue.index.whoosh_fixes import field_lengths

#: Whoosh's BM25F defaults.
B = 0.75
K1 = 1.2

#: A document's bit, by byte value: decoding a mask into document numbers.
_BITS = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]


@dataclass(frozen=True)
class Postings:
    """The documents having a term, and the term's score in each (boost 1)."""

    docnums: array[int]
    scores: array[float]


def read_postings(searcher: Any, fieldname: str, word: str) -> Postings:
    """Every posting of a term in every segment, scored with BM25F."""
    docnums: array[int] = array("I")
    scores: array[float] = array("f")
    idf = searcher.idf(fieldname, word) * (K1 + 1)
    average = searcher.avg_field_length(fieldname) or 1
    for leaf, base in searcher.reader().leaf_readers():
        if (fieldname, word) not in leaf:
            continue
        norms = _norms(leaf, fieldname, average)
        for ids, weights in _blocks(leaf.postings(fieldname, word)):
            docnums.extend([base + docnum for docnum in ids])
            scores.extend(
                [idf * weight / (weight + norms[d]) for d, weight in zip(ids, weights, strict=True)]
            )
    return Postings(docnums, scores)


def warm(searcher: Any, fieldnames: list[str]) -> None:
    """Read the length terms of the fields searches score, before a reader waits on
    them (at 10,000 practices, 0.15 s the first time a generation is searched)."""
    for fieldname in fieldnames:
        average = searcher.avg_field_length(fieldname) or 1
        for leaf, _ in searcher.reader().leaf_readers():
            _norms(leaf, fieldname, average)


def _norms(leaf: Any, fieldname: str, average: float) -> array[float]:
    """Per document of a segment, BM25's length term ``K1 * (1 - B + B * length / average)``,
    computed once per segment reader and field."""
    cache = leaf.__dict__.setdefault("_catalogue_norms", {})
    norms: array[float] | None = cache.get((fieldname, average))
    if norms is None:
        lengths = field_lengths(leaf._perdoc, fieldname) or []
        # An array, not a list: 4 bytes a document instead of 32, in every worker.
        norms = array("f", [K1 * ((1 - B) + B * (length or 1) / average) for length in lengths])
        cache[(fieldname, average)] = norms
    return norms


def _blocks(matcher: Any) -> Any:
    """(document numbers, weights) of a term's postings, a block at a time."""
    if isinstance(matcher, W3LeafMatcher):
        # The matcher's public interface yields one posting per call; its blocks are
        # decoded whole anyway, so take them whole.
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            yield matcher._ids, matcher._weights
            matcher._next_block()
        return
    ids, weights = [], []
    while matcher.is_active():  # postings small enough to sit in the term's entry
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    yield ids, weights


def docnums_of(mask: int) -> list[int]:
    """The document numbers whose bit is set in ``mask``, in increasing order."""
    data = mask.to_bytes((mask.bit_length() >> 3) + 1, "little")
    return [index << 3 | bit for index, byte in enumerate(data) if byte for bit in _BITS[byte]]


Scores = dict[int, float]


class Ranker:
    """Scores the documents of a mask for a query, as Whoosh's matchers would.

    ``postings(field, word)`` and ``mask(query)`` come from the index snapshot, which
    caches them per generation; ``deadline`` stops a search that takes too long.
    """

    def __init__(
        self,
        postings: Callable[[str, str], Postings],
        mask: Callable[[Any], int],
        deadline: Deadline = NO_DEADLINE,
    ) -> None:
        self._postings = postings
        self._mask = mask
        self._deadline = deadline

    def top(self, query: Any, allowed: int, count: int) -> list[int]:
        """The ``count`` best documents of ``allowed`` for ``query``, best first.

        Equal scores keep index order, as in Whoosh.
        """
        scores = self.scores(query, allowed)
        return [
            docnum
            for docnum, _ in heapq.nsmallest(count, scores.items(), key=lambda x: (-x[1], x[0]))
        ]

    def scores(self, query: Any, allowed: int) -> Scores:
        """Document -> score, for the documents of ``allowed`` that ``query`` matches."""
        allowed &= self._mask(query)
        if not allowed:
            return {}
        boost = getattr(query, "boost", 1.0)  # a ConstantScoreQuery has none
        if isinstance(query, q.Term):
            return self._term(query.fieldname, query.text, allowed, boost)
        if isinstance(query, q.Phrase):
            # Whoosh scores a phrase as its words together.
            return _sum([self._term(query.fieldname, w, allowed, boost) for w in query.words])
        if isinstance(query, q.And | q.Or):
            return _scaled(_sum([self.scores(child, allowed) for child in query.subqueries]), boost)
        if isinstance(query, q.AndNot):
            return _scaled(self.scores(query.a, allowed), boost)
        if isinstance(query, q.AndMaybe):
            found = self.scores(query.a, allowed)
            extra = self.scores(query.b, allowed)
            return _scaled({d: s + extra.get(d, 0.0) for d, s in found.items()}, boost)
        if isinstance(query, q.ConstantScoreQuery):
            # A practice classified with a concept the query names: one score for all.
            return dict.fromkeys(docnums_of(allowed), query.score)
        # "Everything" (a search made only of exclusions) ranks all alike.
        return dict.fromkeys(docnums_of(allowed), boost)

    def _term(self, fieldname: str, text: str | bytes, allowed: int, boost: float) -> Scores:
        self._deadline.check()
        word = text.decode("utf-8") if isinstance(text, bytes) else text
        postings = self._postings(fieldname, word)
        bits = allowed.to_bytes((allowed.bit_length() >> 3) + 1, "little")
        size = len(bits) << 3
        return {
            docnum: score * boost
            for docnum, score in zip(postings.docnums, postings.scores, strict=True)
            if docnum < size and bits[docnum >> 3] >> (docnum & 7) & 1
        }


def _sum(parts: list[Scores]) -> Scores:
    if not parts:
        return {}
    if len(parts) == 1:
        return parts[0]
    total: Scores = {}
    for part in parts:
        for docnum, score in part.items():
            total[docnum] = total.get(docnum, 0.0) + score
    return total


def _scaled(scores: Scores, boost: float) -> Scores:
    return scores if boost == 1 else {d: s * boost for d, s in scores.items()}
