"""Reading the index: one searcher per process, refreshed when the index changes.

A ``Snapshot`` is one generation of the index together with everything derived from it
that searches reuse: the documents of each facet value as bit masks and as sets, the
sort orders, slug lookups. It is built once per generation, never per request.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as q

from catalogue.i18n import LOCALES
from catalogue.index.analysis import fold
from catalogue.index.completion import Completions
from catalogue.index.query import Parsed, QueryParser
from catalogue.index.ranking import Postings, Ranker, read_postings
from catalogue.index.schema import FACET_FIELDS, WORDS_FIELD

#: Fields whose values filter searches: the facets, and the languages a practice reads in.
FILTER_FIELDS: tuple[str, ...] = (*FACET_FIELDS, "readable")


class IndexUnavailable(Exception):
    """The index is missing or cannot be read; ``catalogue index`` builds it."""


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


class Memory:
    """A small, thread-safe, least-recently-used memory of answers."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        """The remembered value, or None."""
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Any, value: Any) -> None:
        """Remember ``value``, forgetting the least recently used beyond ``size``."""
        with self._lock:
            self._items[key] = value
            if len(self._items) > self.size:
                self._items.popitem(last=False)


#: A word the query parser would turn into one term per field: letters and digits only.
_SIMPLE_WORD = re.compile(r"^\w+$")
#: How many postings each process keeps read and scored (8 bytes each).
POSTINGS_KEPT = 1_500_000
#: How many bytes of term masks each process keeps (a mask has a bit per document).
MASK_BYTES_KEPT = 16_000_000


class PostingsMemory(Memory):
    """A memory of terms' postings, bounded by their total number of postings."""

    def __init__(self, postings: int) -> None:
        super().__init__(postings)
        self._held = 0

    def put(self, key: Any, value: Any) -> None:
        """Keep ``value``, forgetting the least recently used terms beyond the budget."""
        with self._lock:
            previous = self._items.pop(key, None)
            if previous is not None:
                self._held -= len(previous.docnums)
            self._items[key] = value
            self._held += len(value.docnums)
            while self._held > self.size and len(self._items) > 1:
                _, dropped = self._items.popitem(last=False)
                self._held -= len(dropped.docnums)


def _all(masks: Iterable[int]) -> int:
    result = -1
    for mask in masks:
        result &= mask
    return result


def _any(masks: Iterable[int]) -> int:
    result = 0
    for mask in masks:
        result |= mask
    return result


@dataclass
class Snapshot:
    """One generation of the index and the search structures derived from it."""

    searcher: Any
    parser: QueryParser
    generation: int
    _term_masks: dict[tuple[str, str], int] = field(default_factory=dict)
    _postings: PostingsMemory = field(default_factory=lambda: PostingsMemory(POSTINGS_KEPT))
    _phrase_masks: Memory = field(default_factory=lambda: Memory(1024))
    _parsed: Memory = field(default_factory=lambda: Memory(1024))
    _orders: dict[str, list[int]] = field(default_factory=dict)
    answers: Memory = field(default_factory=lambda: Memory(256))

    @property
    def size(self) -> int:
        """One more than the highest document number."""
        return int(self.searcher.doc_count_all())

    @cached_property
    def live(self) -> int:
        """The mask of documents not deleted."""
        return mask_of(self.searcher.reader().all_doc_ids(), self.size)

    @cached_property
    def values(self) -> dict[str, dict[str, int]]:
        """Filter field -> value -> the mask of the live documents having that value."""
        reader = self.searcher.reader()
        result: dict[str, dict[str, int]] = {}
        for name in FILTER_FIELDS:
            result[name] = {}
            for term in reader.lexicon(name):
                mask = mask_of(reader.postings(name, term).all_ids(), self.size) & self.live
                if mask:
                    result[name][term.decode("utf-8")] = mask
        return result

    def query_mask(self, query: Any) -> int:
        """The live documents matching ``query``, computed on cached per-term masks.

        Boolean structure is evaluated with bit operations; only what needs word
        positions (phrases) asks Whoosh's matchers.
        """
        if isinstance(query, q.Term):
            return self.term_mask(query.fieldname, query.text)
        if isinstance(query, q.And):
            return _all(self.query_mask(child) for child in query.subqueries) & self.live
        if isinstance(query, q.Or):
            return _any(self.query_mask(child) for child in query.subqueries)
        if isinstance(query, q.AndNot):
            return self.query_mask(query.a) & ~self.query_mask(query.b)
        if isinstance(query, q.AndMaybe):
            return self.query_mask(query.a)
        if isinstance(query, q.Not):
            return self.live & ~self.query_mask(query.query)
        if isinstance(query, q.Every):
            return self.live
        if isinstance(query, q.Prefix):
            words = self.expand(query.fieldname, query.text)
            return _any(self.term_mask(query.fieldname, word) for word in words)
        if query is q.NullQuery:
            return 0
        if isinstance(query, q.Phrase):
            return self._phrase_mask(query)
        return mask_of(self.searcher.docs_for_query(query), self.size) & self.live

    def _phrase_mask(self, phrase: Any) -> int:
        key = (phrase.fieldname, tuple(phrase.words), phrase.slop)
        mask: int | None = self._phrase_masks.get(key)
        if mask is None:
            # Only documents having every word can have the phrase: often none at all.
            candidates = _all(self.term_mask(phrase.fieldname, word) for word in phrase.words)
            mask = candidates and (
                mask_of(self.searcher.docs_for_query(phrase), self.size) & self.live
            )
            self._phrase_masks.put(key, mask)
        return mask

    def parse(self, text: str) -> Parsed | None:
        """``text`` parsed for this index, remembered: words recur across searches."""
        found: tuple[Parsed | None] | None = self._parsed.get(text)
        if found is None:
            found = (self.parser.parse(text),)
            self._parsed.put(text, found)
        return found[0]

    def top(self, query: Any, allowed: int, count: int) -> list[int]:
        """The ``count`` documents of the mask ``allowed`` that rank best for ``query``."""
        return Ranker(self.postings, self.query_mask, self.expand).top(query, allowed, count)

    def expand(self, fieldname: str, prefix: str) -> list[str]:
        """The words of a field that start with ``prefix``."""
        reader = self.searcher.reader()
        return [word.decode("utf-8") for word in reader.expand_prefix(fieldname, prefix)]

    def postings(self, fieldname: str, word: str) -> Postings:
        """A term's documents and scores, kept while the memory allows."""
        found: Postings | None = self._postings.get((fieldname, word))
        if found is None:
            found = read_postings(self.searcher, fieldname, word)
            self._postings.put((fieldname, word), found)
        return found

    def word_mask(self, word: str) -> int:
        """The documents where a single typed word matches, in any language.

        A word of letters is looked up in each language's field directly: the same terms
        the query parser would make, without its cost (asked for every word typed).
        """
        if not _SIMPLE_WORD.match(word):
            parsed = self.parse(word)
            return 0 if parsed is None else self.query_mask(parsed.match)
        mask = 0
        for fieldname in self.parser.fields:
            analyzer = self.searcher.schema[fieldname].analyzer
            for token in analyzer(word, mode="query"):
                mask |= self.term_mask(fieldname, token.text)
        return mask

    def term_mask(self, fieldname: str, text: str | bytes) -> int:
        """The live documents containing a term, cached for this generation."""
        word = text.decode("utf-8") if isinstance(text, bytes) else text
        key = (fieldname, word)
        mask = self._term_masks.get(key)
        if mask is None:
            if (fieldname, word) in self.searcher.reader():
                mask = mask_of(self.postings(fieldname, word).docnums, self.size) & self.live
            else:
                mask = 0
            if len(self._term_masks) > MASK_BYTES_KEPT // (self.size // 8 + 64):
                self._term_masks.clear()  # a new start is cheap: masks are made from postings
            self._term_masks[key] = mask
        return mask

    def value_mask(self, name: str, value: str) -> int:
        """The mask of live documents where ``name`` has ``value`` (0 if none)."""
        return self.values[name].get(value, 0)

    def docnum(self, slug: str) -> int | None:
        """The document number of a practice, or None."""
        docnum = self.searcher.document_number(slug=slug)
        return None if docnum is None else int(docnum)

    def order(self, sort: str) -> list[int]:
        """Live document numbers in a sort order: ``newest`` or ``title:<locale>``."""
        order = self._orders.get(sort)
        if order is None:
            column = "added" if sort == "newest" else f"sort_title_{sort.partition(':')[2]}"
            reader = self.searcher.reader()
            values = list(reader.column_reader(column))
            docnums = sorted(range(len(values)), key=values.__getitem__, reverse=sort == "newest")
            order = self._orders[sort] = list(members(self.live, docnums, self.size))
        return order

    @cached_property
    def real_words(self) -> dict[str, str]:
        """Folded word -> the word as practices write it (with its diacritics)."""
        reader = self.searcher.reader()
        words: dict[str, str] = {}
        for raw in reader.lexicon(WORDS_FIELD):
            word = raw.decode("utf-8")
            words.setdefault(fold(word), word)
        return words

    @cached_property
    def completions(self) -> Completions:
        """The completion tables of this generation."""
        return Completions(self.searcher)

    def card(self, docnum: int) -> dict[str, Any]:
        """The stored result card of a document."""
        card: dict[str, Any] = json.loads(self.searcher.stored_fields(docnum)["card"])
        return card

    def blob(self, docnum: int) -> bytes:
        """The stored, compressed practice of a document."""
        blob: bytes = self.searcher.stored_fields(docnum)["blob"]
        return blob


def _warm(snapshot: Snapshot) -> None:
    try:
        snapshot.completions  # noqa: B018  (computing the cached property is the point)
    except Exception:  # a snapshot retired meanwhile; the next request builds its own
        return


class IndexReader:
    """The process's view of the index; ``snapshot()`` is cheap and always current.

    ``warm`` (for the site) builds each new generation's completion tables in the
    background; commands and tests have no use for them.

    Whether the index changed is checked at most every ``check_interval`` seconds, so a
    new index is served within that interval of ``catalogue index`` finishing.
    """

    def __init__(self, folder: Path, check_interval: float = 0.5, *, warm: bool = False) -> None:
        self.folder = folder
        self.check_interval = check_interval
        self.warm = warm
        self._snapshot: Snapshot | None = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self._retired: Snapshot | None = None

    def snapshot(self) -> Snapshot:
        """The current snapshot, refreshed first if the index has changed."""
        now = time.monotonic()
        current = self._snapshot
        if current is not None and now - self._checked < self.check_interval:
            return current
        with self._lock:
            self._checked = now
            try:
                self._snapshot = self._fresh(self._snapshot)
            except IndexUnavailable:
                self._snapshot = None
                raise
            except Exception as error:  # a damaged or half-deleted index
                self._snapshot = None
                raise IndexUnavailable(f"the search index cannot be read: {error}") from error
            return self._snapshot

    def _fresh(self, current: Snapshot | None) -> Snapshot:
        if current is not None and current.searcher.up_to_date():
            return current
        if not whoosh_index.exists_in(str(self.folder)):
            raise IndexUnavailable(
                f"there is no search index in {self.folder} yet; run 'catalogue index'"
            )
        # A fresh open, not Searcher.refresh(): in whoosh-reloaded 2.7.5 a refreshed
        # searcher still counts documents the new generation deleted.
        index = whoosh_index.open_dir(str(self.folder))
        snapshot = Snapshot(index.searcher(), QueryParser(index.schema), index.latest_generation())
        self._retire(current)
        if self.warm:
            # Completion tables take 0.3 s at 10,000 practices: a site builds them before
            # the first reader types, not while they wait.
            threading.Thread(target=_warm, args=(snapshot,), daemon=True).start()
        return snapshot

    def _retire(self, snapshot: Snapshot | None) -> None:
        """Close the snapshot before last: a request may still be using the last one."""
        if self._retired is not None:
            self._retired.searcher.close()
        self._retired = snapshot

    def close(self) -> None:
        """Close every open searcher."""
        for snapshot in (self._snapshot, self._retired):
            if snapshot is not None:
                snapshot.searcher.close()
        self._snapshot = self._retired = None
