"""Writing the index: one writer at a time, atomic commits, damage detected and repaired."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import cached_property
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import CLEAR

from catalogue.content.model import Practice
from catalogue.index.analysis import STEMMED_LANGUAGES
from catalogue.index.bridge import Bridge
from catalogue.index.schema import build_schema, practice_document

LOCK_FILE = "catalogue.lock"
STATE_FILE = "catalogue-state.json"
#: From this many changed practices on, indexing runs in several processes.
PARALLEL_THRESHOLD = 2000
#: Memory (MB, Whoosh's estimate) for postings being sorted, shared by a parallel
#: rebuild's processes: about 10,000 practices' worth. Beyond it they go to disk.
POOL_MB = 1024


class IndexBusy(Exception):
    """Another process kept the index locked for longer than we were willing to wait."""


@contextmanager
def index_lock(
    folder: Path, timeout: float, on_wait: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold the index's writer lock; wait up to ``timeout`` seconds for another holder."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_FILE, "a+b") as handle:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and on_wait is not None:
                    on_wait()
                    told = True
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        f"another process has been updating the index in {folder} for more "
                        f"than {timeout:.0f} s; try again when it has finished"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class IndexWriter:
    """One update of the index. Call ``commit`` to publish it atomically to readers.

    Use only while holding ``index_lock``.
    """

    def __init__(
        self,
        folder: Path,
        *,
        rebuild: bool = False,
        languages: Sequence[str] = STEMMED_LANGUAGES,
        bridge: Bridge | None = None,
    ) -> None:
        self.folder = folder
        self.rebuild = rebuild
        self.languages = tuple(languages)
        self.bridge = bridge
        self.repaired: str | None = None
        self._index = self._open()
        self._searcher: Any = None
        # Read even for a rebuild: invalid files keep the last good version they had.
        self.fingerprints: dict[str, dict[str, str]] = self._read_fingerprints()
        # Whoosh's Index.schema reads the table of contents from disk at every use.
        self._schema = self._index.schema
        #: Path -> [size, modification time, fingerprint] of each file, for the next update.
        self.files: dict[str, list[Any]] = {}
        self._writer: Any = None

    def _open(self) -> Any:
        schema = build_schema(self.languages, self.bridge)
        try:
            if not whoosh_index.exists_in(str(self.folder)):
                return self._create(schema)
            opened = whoosh_index.open_dir(str(self.folder))
            if not _same_schema(opened.schema, schema):
                self.repaired = "it was built by another version of the catalogue"
                if _same_schema(opened.schema, schema, concepts=False):
                    # Every practice may use other concepts now: all are read again.
                    self.repaired = "the vocabularies or the thesaurus changed"
                return self._create(schema)
            opened.searcher().close()  # opens every segment: a damaged one fails here
            return opened
        except Exception as error:  # Whoosh raises many types for a damaged index
            self.repaired = f"it could not be opened ({type(error).__name__}: {error})"
            return self._create(schema)

    def _create(self, schema: Any) -> Any:
        for entry in self.folder.iterdir():
            if entry.name != LOCK_FILE:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        return whoosh_index.create_in(str(self.folder), schema)

    def _read_fingerprints(self) -> dict[str, dict[str, str]]:
        """Slug -> file fingerprints: from the state file when it matches the index."""
        state = self.state()
        if state.get("generation") == self._index.latest_generation() and isinstance(
            state.get("fingerprints"), dict
        ):
            fingerprints: dict[str, dict[str, str]] = state["fingerprints"]
            return fingerprints
        try:
            with self._index.searcher() as searcher:
                return {
                    fields["slug"]: json.loads(fields["fingerprints"])
                    for fields in searcher.all_stored_fields()
                }
        except Exception as error:  # a damaged segment shows up only when read
            self.repaired = f"its stored data could not be read ({type(error).__name__})"
            self._index = self._create(build_schema(self.languages, self.bridge))
            return {}

    def last_good(self, slug: str) -> bytes | None:
        """The stored, compressed practice as the index holds it now, or None."""
        if self._searcher is None:
            self._searcher = self._index.searcher()
        fields = self._searcher.document(slug=slug)
        return None if fields is None else bytes(fields["blob"])

    @cached_property
    def _saved_state(self) -> dict[str, Any]:
        # Read once per update: at 50,000 practices the file is 17 MB of JSON.
        try:
            data: dict[str, Any] = json.loads((self.folder / STATE_FILE).read_text())
            return data
        except (OSError, ValueError):
            return {}

    def state(self) -> dict[str, Any]:
        """Metadata saved beside the index by the last successful update."""
        return self._saved_state

    def expect(self, changes: int) -> None:
        """Say how many practices will change, so a large update can use every core."""
        cores = os.cpu_count() or 1
        if self._writer is None and changes >= PARALLEL_THRESHOLD and cores > 1:
            # Each process writes its own segment (multisegment): no final merge to wait
            # for. Each keeps its postings in memory up to its share of POOL_MB: spilling
            # them to disk and merging them back took a third of a rebuild's time.
            self._writer = self._index.writer(
                procs=cores,
                multisegment=True,
                limitmb=max(POOL_MB // cores, 128),
                batchsize=200,
                codec=_codec(),
            )

    def _writer_(self) -> Any:
        if self._writer is None:
            self._writer = self._index.writer(limitmb=256, codec=_codec())
        return self._writer

    def put(self, practice: Practice, fingerprints: dict[str, str]) -> None:
        """Add or replace a practice."""
        document = practice_document(practice, fingerprints, self._schema)
        if self.rebuild:
            self._writer_().add_document(**document)
        else:
            self._writer_().update_document(**document)
        self.fingerprints[practice.slug] = fingerprints

    def delete(self, slug: str) -> None:
        """Remove a practice."""
        if not self.rebuild:  # a rebuild keeps only what it puts
            self._writer_().delete_by_term("slug", slug)
        self.fingerprints.pop(slug, None)

    def commit(self, context: str) -> None:
        """Publish every change at once; readers see the old or the new index, never half."""
        self._close_searcher()
        if self.rebuild:
            self._writer_().commit(mergetype=CLEAR)
        elif self._writer is not None:
            self._writer.commit()
        self._writer = None
        state = {
            "context": context,
            "generation": self._index.latest_generation(),
            "fingerprints": self.fingerprints,
            "files": self.files,
        }
        temporary = self.folder / f".{STATE_FILE}.tmp"
        temporary.write_text(json.dumps(state))
        os.replace(temporary, self.folder / STATE_FILE)

    def cancel(self) -> None:
        """Drop every change of this update (also after a failed commit)."""
        self._close_searcher()
        if self._writer is not None:
            writer, self._writer = self._writer, None
            # After a failed commit Whoosh may refuse to cancel too; the error being
            # raised is the one that says what went wrong, so this one is not reported.
            with suppress(Exception):
                writer.cancel()

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None


def _same_schema(stored: Any, current: Any, *, concepts: bool = True) -> bool:
    """True when an index's schema makes the terms this version makes, field by field
    (with the same concepts of the language bridge, unless ``concepts`` is false).

    Whoosh's own comparison leaves out analyzers: a changed tokenizer or stemmer would
    go on mixing old and new terms in one index.
    """
    if stored.names() != current.names():
        return False

    def same(a: Any, b: Any) -> bool:
        if not concepts and hasattr(a, "tagger") and type(a) is type(b):
            return bool(a.items == b.items)  # the same analysis, the concepts aside
        return bool(a == b)

    return all(
        type(stored[name]) is type(current[name])
        and type(stored[name].format) is type(current[name].format)
        and same(getattr(stored[name], "analyzer", None), getattr(current[name], "analyzer", None))
        for name in current.names()
    )


def _codec() -> Any:
    """Whoosh's codec, compressing posting blocks at zlib's fastest level (Whoosh's
    default is 3): a rebuild spent a tenth of its time in zlib, for a few per cent of
    index size."""
    return W3Codec(compression=1)
