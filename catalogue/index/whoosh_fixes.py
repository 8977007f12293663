"""Corrections to Whoosh, applied on import of the index package.

A bug that changed search results (covered by a search test that fails without the
fix), a measured hot spot, and a copy of the whole index in every process.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, _lenfield
from whoosh.filedb.structfile import BufferFile
from whoosh.matching.binary import AndNotMatcher
from whoosh.util.numeric import byte_to_length


def _find_first(self: Any) -> None:
    # whoosh-reloaded 2.7.5 only skips the first document when the excluded matcher
    # sits exactly on it, so 'conversation -ukrainian' kept a document whose excluded
    # word appeared in an earlier document too. Skipping forward first is what
    # _find_next already does for every later document.
    if self.a.is_active() and self.b.is_active():
        self._find_next()


AndNotMatcher._find_first = _find_first


def _doc_field_length(self: Any, docnum: int, fieldname: str, default: int = 0) -> int | None:
    # Whoosh reads a field's length back from disk for every posting it writes and every
    # document it scores; profiling showed 15% of indexing in that. Read each field's
    # lengths once per segment reader instead. Same values, same None for an empty field.
    if docnum > self._doccount:
        raise IndexError(f"Asked for docnum {docnum} of {self._doccount}")
    lengths: list[int | None] | None
    try:  # asked once for every posting written: the common case first
        lengths = self._catalogue_lengths[fieldname]
    except (AttributeError, KeyError):
        lengths = field_lengths(self, fieldname)
    if lengths is None:
        return default
    return lengths[docnum]


def field_lengths(perdoc: W3PerDocReader, fieldname: str) -> list[int | None] | None:
    """Each document's length in ``fieldname`` in a segment (None: the field is empty),
    or None when no document has the field."""
    cache = perdoc.__dict__.setdefault("_catalogue_lengths", {})  # read by the above
    lengths = cache.get(fieldname, _MISSING)
    if lengths is _MISSING:
        reader = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        lengths = None if reader is None else [byte_to_length(b) if b else None for b in reader]
        cache[fieldname] = lengths
    return lengths  # type: ignore[no-any-return]


_MISSING = object()
W3PerDocReader.doc_field_length = _doc_field_length


class _MemoryFile:
    """A read-only file over a memoryview, without copying it.

    Whoosh reads a segment through a memory map, and gives each of its parts a
    ``BytesIO`` of a view of the map: ``BytesIO`` copies the view, so every process held
    a private copy of the whole index (105 MB of a 114 MB index at 10,000 practices).
    Over the view itself, the operating system keeps one copy for all processes.
    """

    __slots__ = ("_position", "_view")

    def __init__(self, buffer: Any) -> None:
        self._view = memoryview(buffer)
        self._position = 0

    def read(self, size: int | None = -1) -> bytes:
        start = self._position
        end = len(self._view) if size is None or size < 0 else start + size
        self._position = min(end, len(self._view))
        return self._view[start:end].tobytes()

    def readinto(self, target: Any) -> int:
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        view, start = self._view, self._position
        end = len(view) if size is None or size < 0 else min(len(view), start + size)
        newline = bytes(view[start:end]).find(b"\n")
        return self.read(end - start if newline < 0 else newline + 1)

    def seek(self, position: int, whence: int = 0) -> int:
        base = (0, self._position, len(self._view))[whence]
        self._position = base + position
        return self._position

    def tell(self) -> int:
        return self._position

    def close(self) -> None:
        self._view.release()


def _buffer_file_init(self: Any, buf: Any, name: str | None = None, onclose: Any = None) -> None:
    self._buf = buf
    self._name = name
    self.file = _MemoryFile(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


BufferFile.__init__ = _buffer_file_init
