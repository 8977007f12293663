"""Bounded memories a snapshot keeps of what it computed: answers, parsed queries,
postings. Each process holds one set per index generation."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

#: How many postings each process keeps read and scored (8 bytes each).
POSTINGS_KEPT = 1_500_000


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
