"""The records harvesters see, kept in the database with the day each last changed.

``synchronise`` compares what the index publishes (less the hidden practices) with the
``OaiRecord`` table: a new or changed record takes today's date, a practice that left
(file deleted, made a draft, or hidden) becomes a tombstone dated today, and a tombstone
whose practice returns becomes a record again, dated today. The queries below answer
the protocol from the table alone, in the order records changed, so that a harvest
resumes where it stopped and gets, at the end, whatever changed in between.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, func, insert, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from catalogue.content.vocabularies import Vocabularies
from catalogue.db import OaiRecord
from catalogue.index.reader import Snapshot
from catalogue.oai.mapping import Element, Harvested, Mapper, mapping_key


@dataclass
class SyncReport:
    """What a synchronisation found."""

    published: int = 0
    changed: int = 0
    deleted: int = 0
    seconds: float = 0.0


def synchronise(
    engine: Engine,
    snapshot: Snapshot,
    index_folder: Path,
    hidden: frozenset[str],
    vocabularies: Vocabularies,
    today: date,
) -> SyncReport:
    """Bring the table up to date with what ``snapshot`` publishes, dating changes ``today``.

    Two processes may synchronise at once: the one whose new rows collide tries again,
    and then finds them made.
    """
    started = time.perf_counter()
    key = mapping_key(vocabularies)
    sources = {
        slug: _source(files, key)
        for slug, files in snapshot.fingerprints(index_folder).items()
        if slug not in hidden
    }
    try:
        report = _apply(engine, snapshot, sources, vocabularies, today)
    except IntegrityError:
        report = _apply(engine, snapshot, sources, vocabularies, today)
    report.seconds = time.perf_counter() - started
    return report


def _source(files: dict[str, str], key: str) -> str:
    # Not json.dumps: at 10,000 practices it took two thirds of a synchronisation.
    text = key + "".join(f"\n{path}\t{digest}" for path, digest in sorted(files.items()))
    return hashlib.sha256(text.encode()).hexdigest()


#: Past this share of the catalogue to map again, every card is read in one pass rather
#: than looked up one by one (a lookup costs as much as reading ten cards in a row).
BULK_SHARE = 0.05


def _apply(
    engine: Engine,
    snapshot: Snapshot,
    sources: dict[str, str],
    vocabularies: Vocabularies,
    today: date,
) -> SyncReport:
    report = SyncReport(published=len(sources))
    new: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    with Session(engine) as session:
        columns = (OaiRecord.slug, OaiRecord.source, OaiRecord.fingerprint, OaiRecord.deleted)
        known = {row[0]: row for row in session.exec(select(*columns))}
        # Every change of this synchronisation comes after all the changes before it.
        serial = (session.exec(select(func.max(OaiRecord.serial))).one() or 0) + 1
        dated = {"datestamp": today, "serial": serial}
        stale = {
            slug
            for slug, source in sources.items()
            if slug not in known or known[slug][1] != source or known[slug][3]
        }
        mapper = Mapper(vocabularies)
        for card in _cards(snapshot, stale):
            slug = card["slug"]
            record = _record(mapper.harvested(card), sources[slug])
            row = known.get(slug)
            if row is None:
                new.append({**record, **dated, "deleted": False})
            elif row[3] or row[2] != record["fingerprint"]:
                changed.append({**record, **dated, "deleted": False})
            else:  # made from other files, the same for harvesters
                changed.append({"slug": slug, "source": record["source"]})
        report.changed = len(new) + sum(1 for values in changed if "datestamp" in values)
        gone = [slug for slug, row in known.items() if not row[3] and slug not in sources]
        changed += [{"slug": slug, "deleted": True, **dated} for slug in gone]
        report.deleted = len(gone)
        _write(session, new, changed)
    return report


def _cards(snapshot: Snapshot, slugs: set[str]) -> Iterator[dict[str, Any]]:
    """The cards of ``slugs`` (a slug the snapshot lacks is left for the next time)."""
    if len(slugs) > BULK_SHARE * snapshot.size:
        yield from (card for card in snapshot.cards() if card["slug"] in slugs)
        return
    for slug in sorted(slugs):
        docnum = snapshot.docnum(slug)
        if docnum is not None:
            yield snapshot.card(docnum)


def _record(made: Harvested, source: str) -> dict[str, Any]:
    elements = json.dumps(made.elements, ensure_ascii=False)
    sets = f" {' '.join(made.sets)} "
    return {
        "slug": made.slug,
        "sets": sets,
        "elements": elements,
        "fingerprint": hashlib.sha256((elements + sets).encode()).hexdigest(),
        "source": source,
    }


def _write(session: Session, new: list[dict[str, Any]], changed: list[dict[str, Any]]) -> None:
    if new:
        session.execute(insert(OaiRecord), new)
    # Rows of the same keys in one statement each: an ORM bulk update by primary key.
    for keys in {tuple(sorted(values)) for values in changed}:
        same = [values for values in changed if tuple(sorted(values)) == keys]
        session.execute(update(OaiRecord), same)
    session.commit()


@dataclass(frozen=True)
class Selection:
    """Which records a list asks for: by datestamp (both days included) and set."""

    start: date | None = None
    until: date | None = None
    set_spec: str | None = None


#: A place in the list: the (serial, slug) of the last record given.
Position = tuple[int, str]


def _where(selection: Selection) -> list[Any]:
    conditions: list[Any] = []
    if selection.start is not None:
        conditions.append(col(OaiRecord.datestamp) >= selection.start)
    if selection.until is not None:
        conditions.append(col(OaiRecord.datestamp) <= selection.until)
    if selection.set_spec is not None:
        conditions.append(col(OaiRecord.sets).contains(f" {selection.set_spec} ", autoescape=True))
    return conditions


def _after(position: Position) -> Any:
    serial, slug = position
    return or_(
        col(OaiRecord.serial) > serial,
        and_(col(OaiRecord.serial) == serial, col(OaiRecord.slug) > slug),
    )


def records_page(
    session: Session, selection: Selection, after: Position | None, limit: int
) -> list[OaiRecord]:
    """Up to ``limit`` records of the selection following ``after``, in list order."""
    statement = select(OaiRecord).where(*_where(selection))
    if after is not None:
        statement = statement.where(_after(after))
    ordered = statement.order_by(col(OaiRecord.serial), col(OaiRecord.slug)).limit(limit)
    return list(session.exec(ordered))


def count_records(session: Session, selection: Selection, before: Position | None = None) -> int:
    """How many records the selection has (only up to ``before``, included, if given)."""
    statement = select(func.count()).select_from(OaiRecord).where(*_where(selection))
    if before is not None:
        statement = statement.where(~_after(before))
    return int(session.exec(statement).one())


def find_record(session: Session, slug: str) -> OaiRecord | None:
    """The record of a practice, a tombstone included, or None."""
    return session.get(OaiRecord, slug)


def earliest_datestamp(session: Session) -> date | None:
    """The oldest datestamp of any record, or None for an empty table."""
    found: date | None = session.exec(select(func.min(OaiRecord.datestamp))).one()
    return found


def record_sets(session: Session) -> list[str]:
    """Every setSpec that some record (a tombstone included) belongs to."""
    specs: set[str] = set()
    for sets in session.exec(select(OaiRecord.sets).distinct()):
        specs.update(sets.split())
    return sorted(specs)


def elements_of(record: OaiRecord) -> Sequence[Element]:
    """A record's Dublin Core elements."""
    return [(element, lang, text) for element, lang, text in json.loads(record.elements)]


def sets_of(record: OaiRecord) -> list[str]:
    """A record's setSpecs."""
    return record.sets.split()
