"""Reading the index: one searcher per process, refreshed when the index changes.

A ``Snapshot`` is one generation of the index together with everything derived from it
that searches reuse: the documents of each facet value and each term as bit masks
(``masks.py``), scored postings (``ranking.py``), parsed queries with the language
bridge (``query.py``, ``bridge.py``), sort orders, completions and stored records. It
is built once per generation, never per request.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from catalogue.index.analysis import fold
from catalogue.index.bridge import Bridge
from catalogue.index.budget import NO_DEADLINE, Deadline
from catalogue.index.completion import Completions
from catalogue.index.masks import Masks, mask_of, members
from catalogue.index.memory import POSTINGS_KEPT, Memory, PostingsMemory
from catalogue.index.query import Parsed, QueryParser
from catalogue.index.ranking import Postings, Ranker, read_postings, warm
from catalogue.index.schema import (
    EXACT_FIELD,
    FACET_FIELDS,
    TITLE_FIELD,
    WORDS_FIELD,
    schema_bridge,
)
from catalogue.index.writer import STATE_FILE

__all__ = ["IndexReader", "IndexUnavailable", "Snapshot", "mask_of", "members"]

#: Fields whose values filter searches: the facets, and the languages a practice reads in.
FILTER_FIELDS: tuple[str, ...] = (*FACET_FIELDS, "readable")


class IndexUnavailable(Exception):
    """The index is missing or cannot be read; ``catalogue index`` builds it."""


#: A word the query parser would turn into one term per field: letters and digits only.
_SIMPLE_WORD = re.compile(r"^\w+$")


@dataclass
class Snapshot:
    """One generation of the index and the search structures derived from it."""

    searcher: Any
    generation: int
    #: The table of contents the generation was read from: an index rebuilt from nothing
    #: starts its generations again, so a number alone does not tell it is another one.
    contents: tuple[int, int] | None = None
    _postings: PostingsMemory = field(default_factory=lambda: PostingsMemory(POSTINGS_KEPT))
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
    def masks(self) -> Masks:
        """The documents of terms, phrases and queries, as masks."""
        return Masks(self.searcher, self.live, self.postings)

    @cached_property
    def bridge(self) -> Bridge:
        """The concepts this generation was indexed with."""
        return schema_bridge(self.searcher.schema)

    @cached_property
    def parser(self) -> QueryParser:
        """Reads queries for this generation, with its bridge."""
        return QueryParser(self.searcher.schema, self.bridge, self.expand)

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

    def query_mask(self, query: Any, deadline: Deadline = NO_DEADLINE) -> int:
        """The live documents matching ``query``."""
        return self.masks.query(query, deadline)

    def term_mask(self, fieldname: str, text: str | bytes) -> int:
        """The live documents containing a term."""
        return self.masks.term(fieldname, text)

    def parse(self, text: str) -> Parsed | None:
        """``text`` parsed for this index, remembered: words recur across searches."""
        found: tuple[Parsed | None] | None = self._parsed.get(text)
        if found is None:
            found = (self.parser.parse(text),)
            self._parsed.put(text, found)
        return found[0]

    def top(
        self, query: Any, allowed: int, count: int, deadline: Deadline = NO_DEADLINE
    ) -> list[int]:
        """The ``count`` documents of the mask ``allowed`` that rank best for ``query``."""
        return Ranker(self.postings, self.query_mask, deadline).top(query, allowed, count)

    def expand(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        """The first ``limit`` words of a field that start with ``prefix``."""
        reader = self.searcher.reader()
        words = islice(reader.expand_prefix(fieldname, prefix), limit)
        return [word.decode("utf-8") for word in words]

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
            return 0 if parsed is None else self.query_mask(parsed.tiers[0])
        mask = 0
        for fieldname in self.parser.fields:
            analyzer = self.searcher.schema[fieldname].analyzer
            for token in analyzer(word, mode="query"):
                mask |= self.term_mask(fieldname, token.text)
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

    def cards(self) -> Iterator[dict[str, Any]]:
        """The stored result card of every live document, in one pass (faster than
        looking up each practice when most are wanted)."""
        for fields in self.searcher.all_stored_fields():
            card: dict[str, Any] = json.loads(fields["card"])
            yield card

    def fingerprints(self, folder: Path) -> dict[str, dict[str, str]]:
        """Slug -> the fingerprints of the files each live practice was indexed from.

        From the writer's state file in ``folder`` when it describes this generation
        (40 ms at 10,000 practices), else from the stored fields, which decompresses
        every document (0.8 s).
        """
        try:
            state = json.loads((folder / STATE_FILE).read_text())
            if state.get("generation") == self.generation and isinstance(
                state.get("fingerprints"), dict
            ):
                return dict(state["fingerprints"])
        except (OSError, ValueError):
            pass  # being replaced, or from an older version: the stored fields say it
        return {
            fields["slug"]: json.loads(fields["fingerprints"])
            for fields in self.searcher.all_stored_fields()
        }


def _contents(folder: Path, generation: int) -> tuple[int, int] | None:
    """The identity of a generation's table of contents (Whoosh's ``_MAIN_<n>.toc``)."""
    try:
        stat = (folder / f"_MAIN_{generation}.toc").stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns


def _warm(snapshot: Snapshot) -> None:
    try:
        warm(snapshot.searcher, [*snapshot.parser.fields, EXACT_FIELD, TITLE_FIELD])
        snapshot.completions  # noqa: B018  (computing the cached property is the point)
        snapshot.bridge.knows("")  # the bridge's tables
        snapshot.real_words  # noqa: B018  (the words "did you mean" may offer)
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
        if (
            current is not None
            and current.searcher.up_to_date()
            and current.contents == _contents(self.folder, current.generation)
        ):
            return current
        if not whoosh_index.exists_in(str(self.folder)):
            raise IndexUnavailable(
                f"there is no search index in {self.folder} yet; run 'catalogue index'"
            )
        # A fresh open, not Searcher.refresh(): in whoosh-reloaded 2.7.5 a refreshed
        # searcher still counts documents the new generation deleted.
        index = whoosh_index.open_dir(str(self.folder))
        generation = index.latest_generation()
        snapshot = Snapshot(index.searcher(), generation, _contents(self.folder, generation))
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
