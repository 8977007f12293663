"""Which documents a query matches, as bit masks: one bit per document.

Boolean structure is evaluated with bit operations on cached per-term masks; only what
needs word positions (phrases) asks Whoosh's matchers.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from itertools import repeat
from typing import Any

from whoosh import query as q

from catalogue.index.budget import NO_DEADLINE, Deadline
from catalogue.index.memory import Memory
from catalogue.index.ranking import Postings

#: How many bytes of term masks each process keeps (a mask has a bit per document).
MASK_BYTES_KEPT = 16_000_000


def mask_of(docnums: Iterable[int], size: int) -> int:
    """A bit mask with the bit of each document number set."""
    # One character per document, read as a binary number: setting items with map()
    # keeps the loop in C, several times faster than setting bits one by one in Python.
    digits = bytearray(b"0") * size
    deque(map(digits.__setitem__, docnums, repeat(ord("1"))), maxlen=0)
    return int(digits[::-1], 2) if size else 0


def members(mask: int, order: Iterable[int], size: int) -> Iterable[int]:
    """The document numbers of ``order`` whose bit is set in ``mask``, in that order."""
    bits = mask.to_bytes((size >> 3) + 1, "little")
    return (docnum for docnum in order if bits[docnum >> 3] >> (docnum & 7) & 1)


def every(masks: Iterable[int]) -> int:
    """The documents in every mask."""
    result = -1
    for mask in masks:
        result &= mask
    return result


def union(masks: Iterable[int]) -> int:
    """The documents in any mask."""
    result = 0
    for mask in masks:
        result |= mask
    return result


class Masks:
    """The masks of one index generation's documents, cached per term and phrase."""

    def __init__(self, searcher: Any, live: int, postings: Callable[[str, str], Postings]) -> None:
        self.searcher = searcher
        self.live = live
        self.size = int(searcher.doc_count_all())
        self._postings = postings
        self._terms: dict[tuple[str, str], int] = {}
        self._phrases = Memory(1024)

    def query(self, query: Any, deadline: Deadline = NO_DEADLINE) -> int:
        """The live documents matching ``query``."""
        if isinstance(query, q.Term):
            deadline.check()
            return self.term(query.fieldname, query.text)
        if isinstance(query, q.And):
            return every(self.query(child, deadline) for child in query.subqueries) & self.live
        if isinstance(query, q.Or):
            return union(self.query(child, deadline) for child in query.subqueries)
        if isinstance(query, q.AndNot):
            return self.query(query.a, deadline) & ~self.query(query.b, deadline)
        if isinstance(query, q.AndMaybe):
            return self.query(query.a, deadline)
        if isinstance(query, q.Not):
            return self.live & ~self.query(query.query, deadline)
        if isinstance(query, q.ConstantScoreQuery):
            return self.query(query.child, deadline)
        if isinstance(query, q.Every):
            return self.live
        if query is q.NullQuery:
            return 0
        if isinstance(query, q.Phrase):
            deadline.check()
            return self._phrase(query)
        deadline.check()
        return mask_of(self.searcher.docs_for_query(query), self.size) & self.live

    def _phrase(self, phrase: Any) -> int:
        key = (phrase.fieldname, tuple(phrase.words), phrase.slop)
        mask: int | None = self._phrases.get(key)
        if mask is None:
            # Only documents having every word can have the phrase: often none at all.
            candidates = every(self.term(phrase.fieldname, word) for word in phrase.words)
            mask = candidates and (
                mask_of(self.searcher.docs_for_query(phrase), self.size) & self.live
            )
            self._phrases.put(key, mask)
        return mask

    def term(self, fieldname: str, text: str | bytes) -> int:
        """The live documents containing a term."""
        word = text.decode("utf-8") if isinstance(text, bytes) else text
        key = (fieldname, word)
        mask = self._terms.get(key)
        if mask is None:
            reader = self.searcher.reader()
            if key not in reader:
                mask = 0
            elif self.searcher.schema[fieldname].scorable:
                mask = mask_of(self._postings(fieldname, word).docnums, self.size) & self.live
            else:  # a facet value, as the bridge asks for: no scores to read
                mask = mask_of(reader.postings(fieldname, word).all_ids(), self.size) & self.live
            if len(self._terms) > MASK_BYTES_KEPT // (self.size // 8 + 64):
                self._terms.clear()  # a new start is cheap: masks are made from postings
            self._terms[key] = mask
        return mask
