"""The time a search may take: checked as it works, so that no query, however it is
built, holds a worker for long."""

from __future__ import annotations

import time

#: What one search may cost before it is answered in a simpler form. Bounded queries
#: (``query.py``) take a part of it once a generation's terms are read; it is there for
#: the first searches of a generation and for a machine under load.
SEARCH_SECONDS = 0.5


class SearchTooCostly(Exception):
    """A search ran past its deadline; it is answered in a simpler form."""


class Deadline:
    """The moment a search must stop; ``check()`` raises SearchTooCostly after it."""

    def __init__(self, seconds: float | None = None, *, unlimited: bool = False) -> None:
        if seconds is None and not unlimited:
            seconds = SEARCH_SECONDS  # read here, so that a test or benchmark may set it
        self._at = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        """Raise SearchTooCostly if the deadline has passed."""
        if self._at is not None and time.monotonic() > self._at:
            raise SearchTooCostly


#: No deadline: for the catalogue's own work (indexing checks, tests of ranking).
NO_DEADLINE = Deadline(unlimited=True)
