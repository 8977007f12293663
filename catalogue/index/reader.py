"""Reading the index: one searcher per process, refreshed when the index changes.

A ``Snapshot`` is one generation of the index together with everything derived from it
that searches reuse: the documents of each facet value as bit masks and as sets, the
sort orders, slug lookups. It is built once per generation, never per request.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from catalogue.i18n import LOCALES
from catalogue.index.query import QueryParser
from catalogue.index.schema import FACET_FIELDS

#: Fields whose values filter searches: the facets, and the languages a practice reads in.
FILTER_FIELDS: tuple[str, ...] = (*FACET_FIELDS, "readable")


class IndexUnavailable(Exception):
    """The index is missing or cannot be read; ``catalogue index`` builds it."""


def mask_of(docnums: Iterable[int], size: int) -> int:
    """A bit mask with the bit of each document number set."""
    bits = bytearray((size >> 3) + 1)
    for docnum in docnums:
        bits[docnum >> 3] |= 1 << (docnum & 7)
    return int.from_bytes(bits, "little")


def members(mask: int, order: Iterable[int], size: int) -> Iterable[int]:
    """The document numbers of ``order`` whose bit is set in ``mask``, in that order."""
    bits = mask.to_bytes((size >> 3) + 1, "little")
    return (docnum for docnum in order if bits[docnum >> 3] >> (docnum & 7) & 1)


@dataclass
class Snapshot:
    """One generation of the index and the search structures derived from it."""

    searcher: Any
    parser: QueryParser
    generation: int
    _filter_sets: dict[tuple[Any, ...], set[int]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """One more than the highest document number."""
        return int(self.searcher.doc_count_all())

    @cached_property
    def live(self) -> int:
        """The mask of documents not deleted."""
        return mask_of(self.searcher.reader().all_doc_ids(), self.size)

    @cached_property
    def values(self) -> dict[str, dict[str, tuple[int, frozenset[int]]]]:
        """Filter field -> value -> (mask, set) of the live documents having that value."""
        reader = self.searcher.reader()
        result: dict[str, dict[str, tuple[int, frozenset[int]]]] = {}
        for name in FILTER_FIELDS:
            result[name] = {}
            for term in reader.lexicon(name):
                docs = frozenset(reader.postings(name, term).all_ids())
                mask = mask_of(docs, self.size) & self.live
                if mask:
                    result[name][term.decode("utf-8")] = (mask, docs)
        return result

    def filter_set(self, filters: dict[str, tuple[str, ...]]) -> set[int]:
        """Documents passing every filter (values OR-ed within a field), cached.

        A plain ``set`` because that is what Whoosh accepts as a filter; never mutate it.
        """
        key = tuple(sorted(filters.items()))
        cached = self._filter_sets.get(key)
        if cached is None:
            sets = [
                frozenset().union(*(self._docs(name, value) for value in chosen))
                for name, chosen in filters.items()
            ]
            cached = set(frozenset.intersection(*sets)) if sets else set()
            if len(self._filter_sets) > 512:
                self._filter_sets.clear()
            self._filter_sets[key] = cached
        return cached

    def _docs(self, name: str, value: str) -> frozenset[int]:
        entry = self.values[name].get(value)
        return entry[1] if entry else frozenset()

    def value_mask(self, name: str, value: str) -> int:
        """The mask of live documents where ``name`` has ``value`` (0 if none)."""
        entry = self.values[name].get(value)
        return entry[0] if entry else 0

    def docnum(self, slug: str) -> int | None:
        """The document number of a practice, or None."""
        docnum = self.searcher.document_number(slug=slug)
        return None if docnum is None else int(docnum)

    def order(self, sort: str) -> list[int]:
        """Live document numbers in a sort order: ``newest`` or ``title:<locale>``."""
        return self._orders[sort]

    @cached_property
    def _orders(self) -> dict[str, list[int]]:
        reader = self.searcher.reader()
        docnums = list(reader.all_doc_ids())
        added = reader.column_reader("added")
        orders = {"newest": sorted(docnums, key=lambda d: added[d], reverse=True)}
        for locale in LOCALES:
            titles = reader.column_reader(f"sort_title_{locale}")
            orders[f"title:{locale}"] = sorted(docnums, key=lambda d: titles[d])
        return orders

    def card(self, docnum: int) -> dict[str, Any]:
        """The stored result card of a document."""
        card: dict[str, Any] = json.loads(self.searcher.stored_fields(docnum)["card"])
        return card

    def blob(self, docnum: int) -> bytes:
        """The stored, compressed practice of a document."""
        blob: bytes = self.searcher.stored_fields(docnum)["blob"]
        return blob


class IndexReader:
    """The process's view of the index; ``snapshot()`` is cheap and always current.

    Whether the index changed is checked at most every ``check_interval`` seconds, so a
    new index is served within that interval of ``catalogue index`` finishing.
    """

    def __init__(self, folder: Path, check_interval: float = 0.5) -> None:
        self.folder = folder
        self.check_interval = check_interval
        self._snapshot: Snapshot | None = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self._index: Any = None

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
        if current is not None:
            searcher = current.searcher.refresh()
            return Snapshot(searcher, current.parser, self._index.latest_generation())
        if not whoosh_index.exists_in(str(self.folder)):
            raise IndexUnavailable(
                f"there is no search index in {self.folder} yet; run 'catalogue index'"
            )
        self._index = whoosh_index.open_dir(str(self.folder))
        parser = QueryParser(self._index.schema)
        return Snapshot(self._index.searcher(), parser, self._index.latest_generation())
