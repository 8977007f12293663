"""Corrections to Whoosh, applied on import of the index package.

A bug that changed search results (covered by a search test that fails without the
fix), and a measured hot spot.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, _lenfield
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
    lengths = field_lengths(self, fieldname)
    if lengths is None:
        return default
    return lengths[docnum]


def field_lengths(perdoc: W3PerDocReader, fieldname: str) -> list[int | None] | None:
    """Each document's length in ``fieldname`` in a segment (None: the field is empty),
    or None when no document has the field."""
    cache = perdoc.__dict__.setdefault("_catalogue_lengths", {})
    lengths = cache.get(fieldname, _MISSING)
    if lengths is _MISSING:
        reader = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        lengths = None if reader is None else [byte_to_length(b) if b else None for b in reader]
        cache[fieldname] = lengths
    return lengths  # type: ignore[no-any-return]


_MISSING = object()
W3PerDocReader.doc_field_length = _doc_field_length
