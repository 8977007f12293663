"""Which languages read which practices: counts only, to tell coordinators which
translations readers want most. Each worker counts in memory and adds its counts to the
database now and then, so that a page view costs no write."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from catalogue.db import Readership

#: A worker adds its counts to the database at most this often...
FLUSH_SECONDS = 30.0
#: ...or after this many views, whichever comes first.
FLUSH_VIEWS = 500


class ReadershipCounter:
    """The views a worker has counted since it last wrote them."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.monotonic) -> None:
        self.engine = engine
        self.clock = clock
        self._counts: Counter[tuple[str, str]] = Counter()
        self._written = clock()
        self._lock = threading.Lock()

    def count(self, slug: str, locale: str) -> None:
        """A reader of ``locale`` opened ``slug``; written when the time has come."""
        with self._lock:
            self._counts[(slug, locale)] += 1
            due = (
                sum(self._counts.values()) >= FLUSH_VIEWS
                or self.clock() - self._written >= FLUSH_SECONDS
            )
        if due:
            self.flush()

    def flush(self) -> None:
        """Add the counts to the database (kept for the next time if it is away)."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._written = self.clock()
        if not counts:
            return
        try:
            _add(self.engine, counts.items())
        except Exception:
            with self._lock:  # the database is away: the counts wait for the next time
                self._counts.update(counts)
            raise


def _add(engine: Engine, counts: Iterable[tuple[tuple[str, str], int]]) -> None:
    insert = postgresql_insert if engine.dialect.name == "postgresql" else sqlite_insert
    rows = [{"slug": slug, "locale": locale, "views": views} for (slug, locale), views in counts]
    statement = insert(Readership).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=["slug", "locale"],
        set_={"views": Readership.views + statement.excluded.views},
    )
    with engine.begin() as connection:
        connection.execute(statement)


@dataclass(frozen=True)
class WantedTranslation:
    """Readers of ``locale`` opened ``slug`` ``views`` times; it has no version in it."""

    slug: str
    locale: str
    views: int


def wanted_translations(
    session: Session, readable: Callable[[str], AbstractSet[str] | None], limit: int = 10
) -> list[WantedTranslation]:
    """The practices most read in an interface language they have no version in.

    ``readable(slug)`` is the languages a practice can be read in (None: it is gone).
    """
    statement = select(Readership).order_by(col(Readership.views).desc())
    found: list[WantedTranslation] = []
    for row in session.exec(statement):
        languages = readable(row.slug)
        if languages is not None and row.locale not in languages:
            found.append(WantedTranslation(row.slug, row.locale, row.views))
            if len(found) >= limit:
                break
    return found
