"""The time a search may take: checked as it works, so that no query, however it is
built, holds a worker for long.

The budget is the processor time of the searching thread, not the clock: on a busy server
(or a test run sharing its cores) an ordinary search waits for a core without spending its
budget, while a query built to be expensive is cut once it has cost that much work."""

from __future__ import annotations

import time

#: What one search may cost before it is answered in a simpler form. The judged and the
#: benchmark's ordinary searches take under 35 ms at 10,000 practices (p95); a query
#: built to be expensive (26 prefixes OR-ed) stops here, and its simpler answer comes
#: in under 100 ms in all (``make bench``, hostile queries). A generation's one-off
#: tables are built before the first reader asks (``reader.py``, ``_warm``).
SEARCH_SECONDS = 0.07


class SearchTooCostly(Exception):
    """A search ran past its deadline; it is answered in a simpler form."""


class Deadline:
    """The moment a search must stop; ``check()`` raises SearchTooCostly after it."""

    def __init__(self, seconds: float | None = None, *, unlimited: bool = False) -> None:
        if seconds is None and not unlimited:
            seconds = SEARCH_SECONDS  # read here, so that a test or benchmark may set it
        self._at = None if seconds is None else time.thread_time() + seconds

    def check(self) -> None:
        """Raise SearchTooCostly if the deadline has passed."""
        if self._at is not None and time.thread_time() > self._at:
            raise SearchTooCostly


#: No deadline: for the catalogue's own work (indexing checks, tests of ranking).
NO_DEADLINE = Deadline(unlimited=True)
