"""Corrections to Whoosh bugs that change search results, applied on import of the index.

Each fix is covered by a search test that fails without it.
"""

from __future__ import annotations

from typing import Any

from whoosh.matching.binary import AndNotMatcher


def _find_first(self: Any) -> None:
    # whoosh-reloaded 2.7.5 only skips the first document when the excluded matcher
    # sits exactly on it, so 'conversation -ukrainian' kept a document whose excluded
    # word appeared in an earlier document too. Skipping forward first is what
    # _find_next already does for every later document.
    if self.a.is_active() and self.b.is_active():
        self._find_next()


AndNotMatcher._find_first = _find_first
