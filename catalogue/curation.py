"""What coordinators decide the catalogue shows: featured entries and hidden practices."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from catalogue.db import Featured, Hidden, audit


class CurationError(Exception):
    """A curation request that cannot be carried out, with the reason."""


def list_featured(session: Session) -> list[Featured]:
    """Every featured entry, in position order."""
    statement = select(Featured).order_by(col(Featured.position), col(Featured.id))
    return list(session.exec(statement))


def current_featured(session: Session, locale: str, today: date) -> list[Featured]:
    """Entries shown today to readers of ``locale``: started, not expired, for all
    locales or it."""
    return [
        entry
        for entry in list_featured(session)
        if (entry.until is None or entry.until >= today)
        and (entry.starts is None or entry.starts <= today)
        and entry.locale in (None, locale)
    ]


def add_featured(
    session: Session,
    slug: str,
    actor: str,
    *,
    position: int | None = None,
    locale: str | None = None,
    until: date | None = None,
    note: str | None = None,
) -> Featured:
    """Feature a practice at ``position`` (last when not given; the others move down).

    Featuring it again for the same locale updates its entry.
    """
    if position is not None and position < 1:
        raise CurationError("position must be 1 or more")
    entries = list_featured(session)
    existing = next((e for e in entries if e.slug == slug and e.locale == locale), None)
    ordered = [e for e in entries if e is not existing]
    if position is None:
        position = existing.position if existing else len(ordered) + 1
    entry = existing or Featured(slug=slug, position=position)
    entry.locale, entry.until, entry.note = locale, until, note
    ordered.insert(min(position, len(ordered) + 1) - 1, entry)
    for number, item in enumerate(ordered, start=1):
        item.position = number
        session.add(item)
    audit(
        session, actor, "featured.add", slug, f"position {entry.position}, locale {locale or 'all'}"
    )
    session.commit()
    session.refresh(entry)
    return entry


def remove_featured(session: Session, slug: str, actor: str) -> int:
    """Stop featuring a practice (in every locale); how many entries were removed."""
    entries = [e for e in list_featured(session) if e.slug == slug]
    if not entries:
        raise CurationError(f"'{slug}' is not featured")
    for entry in entries:
        session.delete(entry)
    audit(session, actor, "featured.remove", slug)
    session.commit()
    for position, entry in enumerate(list_featured(session), start=1):
        entry.position = position
        session.add(entry)
    session.commit()
    return len(entries)


def featured_entry(session: Session, entry_id: int) -> Featured:
    """A featured entry by its id; CurationError when there is none."""
    entry = session.get(Featured, entry_id)
    if entry is None:
        raise CurationError(f"there is no featured entry {entry_id}")
    return entry


def move_featured(session: Session, entry_id: int, steps: int, actor: str) -> None:
    """Move an entry up (``steps`` < 0) or down the order; the others close ranks."""
    entries = list_featured(session)
    entry = featured_entry(session, entry_id)
    ordered = [e for e in entries if e.id != entry.id]
    where = max(0, min(len(ordered), entries.index(entry) + steps))
    ordered.insert(where, entry)
    _renumber(session, ordered)
    audit(session, actor, "featured.move", entry.slug, f"position {entry.position}")
    session.commit()


def reorder_featured(session: Session, entry_ids: list[int], actor: str) -> None:
    """Put the entries in the order of ``entry_ids`` (as dragged); entries not named keep
    their relative order after them."""
    entries = list_featured(session)
    by_id = {entry.id: entry for entry in entries}
    named = [by_id[i] for i in dict.fromkeys(entry_ids) if i in by_id]
    _renumber(session, [*named, *(e for e in entries if e not in named)])
    audit(session, actor, "featured.reorder", ",".join(e.slug for e in named))
    session.commit()


def update_featured(
    session: Session,
    entry_id: int,
    actor: str,
    *,
    locale: str | None,
    until: date | None,
    note: str | None,
    starts: date | None = None,
) -> Featured:
    """Change an entry's locale, dates and note."""
    entry = featured_entry(session, entry_id)
    if starts is not None and until is not None and until < starts:
        raise CurationError("the last day shown is before the first")
    entry.locale, entry.until, entry.note = locale, until, note
    entry.starts = starts
    session.add(entry)
    audit(session, actor, "featured.edit", entry.slug, f"locale {locale or 'all'}")
    session.commit()
    session.refresh(entry)
    return entry


def remove_featured_entry(session: Session, entry_id: int, actor: str) -> None:
    """Remove one featured entry (the others close ranks)."""
    entry = featured_entry(session, entry_id)
    session.delete(entry)
    audit(session, actor, "featured.remove", entry.slug)
    session.commit()
    _renumber(session, list_featured(session))
    session.commit()


def _renumber(session: Session, ordered: list[Featured]) -> None:
    for position, item in enumerate(ordered, start=1):
        item.position = position
        session.add(item)


def list_hidden(session: Session) -> list[Hidden]:
    """Every hidden practice, the most recently hidden first."""
    return list(session.exec(select(Hidden).order_by(col(Hidden.at).desc())))


def hidden_slugs(session: Session) -> frozenset[str]:
    """Practices taken off the site."""
    return frozenset(session.exec(select(Hidden.slug)))


def hide(session: Session, slug: str, actor: str, reason: str | None = None) -> None:
    """Take a practice off search, pages and the API, keeping its file."""
    if session.get(Hidden, slug) is None:
        session.add(Hidden(slug=slug, reason=reason, hidden_by=actor))
        audit(session, actor, "practice.hide", slug, reason)
        session.commit()


def unhide(session: Session, slug: str, actor: str) -> None:
    """Put a hidden practice back."""
    hidden = session.get(Hidden, slug)
    if hidden is None:
        raise CurationError(f"'{slug}' is not hidden")
    session.delete(hidden)
    audit(session, actor, "practice.show", slug)
    session.commit()
