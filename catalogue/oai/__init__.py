"""OAI-PMH 2.0: library aggregators harvest the catalogue's records at ``/oai``.

- ``mapping``: a practice's Dublin Core elements and sets;
- ``records``: the table of records with the day each last changed, and tombstones;
- ``protocol``: the verbs' arguments, their checks and the resumption tokens;
- ``verbs`` and ``document``: the answers, as XML.

``RecordKeeper`` keeps the table in step with the index for a web worker;
``sync_after_indexing`` does it at the end of ``catalogue index``.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from catalogue.content.vocabularies import Vocabularies
from catalogue.curation import hidden_slugs
from catalogue.db import is_current, make_engine, upgrade_database
from catalogue.index.reader import IndexReader, IndexUnavailable, Snapshot
from catalogue.oai.records import SyncReport, synchronise
from catalogue.settings import Settings

__all__ = ["RecordKeeper", "SyncReport", "sync_after_indexing", "utc_today"]


def utc_today() -> date:
    """The current day in UTC, the day datestamps are given in."""
    return datetime.now(UTC).date()


class RecordKeeper:
    """Synchronises the records table at most once per index generation and list of
    hidden practices, in this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._synced: Hashable = None

    def keep_current(
        self,
        engine: Engine,
        snapshot: Snapshot,
        index_folder: Path,
        hidden: frozenset[str],
        vocabularies: Vocabularies,
    ) -> SyncReport | None:
        """Synchronise if the index or the hidden practices changed since the last time;
        the report, or None when there was nothing to do."""
        state = (snapshot.generation, snapshot.contents, hidden, id(vocabularies))
        with self._lock:
            if state == self._synced:
                return None
            report = synchronise(engine, snapshot, index_folder, hidden, vocabularies, utc_today())
            self._synced = state
            return report


def sync_after_indexing(settings: Settings, vocabularies: Vocabularies) -> str | None:
    """Bring the records up to date with a freshly updated index (creating or upgrading
    the database if needed); what went wrong, or None."""
    try:
        reader = IndexReader(settings.index)
        engine = make_engine(settings.database_url)
    except (SQLAlchemyError, ImportError, OSError) as error:  # bad URL, no driver, no folder
        return f"OAI-PMH records not updated: {error}"
    try:
        if not is_current(engine):
            upgrade_database(engine)
        with Session(engine) as session:
            hidden = hidden_slugs(session)
        synchronise(engine, reader.snapshot(), settings.index, hidden, vocabularies, utc_today())
    except (SQLAlchemyError, IndexUnavailable) as error:
        return (
            f"OAI-PMH records not updated ({error.__class__.__name__}: {error}); "
            "the site updates them at its next harvest"
        )
    finally:
        reader.close()
        engine.dispose()
    return None
