"""Long-lived resources of a worker: vocabularies, the index reader, the database."""

from __future__ import annotations

import atexit
import time

from flask import Flask, current_app
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlmodel import Session

from catalogue.content.vocabularies import load_vocabularies
from catalogue.curation import hidden_slugs
from catalogue.db import is_current, make_engine, upgrade_database
from catalogue.index.reader import IndexReader, Snapshot
from catalogue.readership import ReadershipCounter
from catalogue.settings import Settings

#: How long a worker trusts its list of hidden practices before asking the database.
HIDDEN_CHECK_SECONDS = 1.0


def init_app(app: Flask) -> None:
    """Load the vocabularies, open the index reader and the database for this process."""
    settings: Settings = app.config["CATALOGUE_SETTINGS"]
    app.extensions["catalogue.vocabularies"] = load_vocabularies(settings.vocabularies)
    app.extensions["catalogue.index"] = IndexReader(settings.index, warm=True)
    engine = make_engine(settings.database_url)
    if not is_current(engine):  # 'serve' upgrades before starting the workers
        upgrade_database(engine)
    app.extensions["catalogue.db"] = engine
    app.extensions["catalogue.hidden"] = (0.0, frozenset())
    counter = ReadershipCounter(engine)
    app.extensions["catalogue.readership"] = counter
    atexit.register(_flush_quietly, counter)  # what a stopping worker counted is kept


def session() -> Session:
    """A database session for this request."""
    return Session(current_app.extensions["catalogue.db"])


def snapshot() -> Snapshot:
    """The current index snapshot of this process."""
    reader: IndexReader = current_app.extensions["catalogue.index"]
    return reader.snapshot()


def hidden() -> frozenset[str]:
    """Slugs of hidden practices, re-read from the database at most once a second, so a
    practice hidden through one server leaves every server within about a second."""
    checked, slugs = current_app.extensions["catalogue.hidden"]
    if time.monotonic() - checked > HIDDEN_CHECK_SECONDS:
        try:
            with session() as db:
                slugs = hidden_slugs(db)
        except (OperationalError, InterfaceError) as error:
            # Readers keep reading while the database is away: with the last list known.
            current_app.logger.error("database unavailable, hidden practices unchanged: %s", error)
        current_app.extensions["catalogue.hidden"] = (time.monotonic(), slugs)
    return frozenset(slugs)


def count_view(slug: str, locale: str) -> None:
    """A reader of ``locale`` opened a practice (counted; a database away costs nothing)."""
    counter: ReadershipCounter = current_app.extensions["catalogue.readership"]
    try:
        counter.count(slug, locale)
    except (OperationalError, InterfaceError) as error:
        current_app.logger.error("database unavailable, views kept for later: %s", error)


def _flush_quietly(counter: ReadershipCounter) -> None:
    try:
        counter.flush()
    except Exception:  # the process is ending; a few counts lost is no harm
        return


def visible_docnum(slug: str) -> int | None:
    """The document of a published, not hidden practice, or None."""
    if slug in hidden():
        return None
    return snapshot().docnum(slug)
