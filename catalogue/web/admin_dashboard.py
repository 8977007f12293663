"""The back office's first page: what needs doing, each with a link to do it. Waiting
submissions and their age, mail that could not be sent, practices nobody has updated for
two years, and the translations readers ask for most. A route of the ``admin`` blueprint."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import render_template

from catalogue.curation import list_featured, list_hidden
from catalogue.index.reader import Snapshot
from catalogue.mail.outbox import count_by_state
from catalogue.readership import wanted_translations
from catalogue.submissions import list_submissions
from catalogue.web.admin import bp, signed_in
from catalogue.web.admin_review import waiting_for
from catalogue.web.resources import hidden, session, snapshot

#: A practice whose facts nobody confirmed for this long is worth checking with its library.
STALE_AFTER = timedelta(days=2 * 365)
#: Rows each list of the dashboard shows; its page shows the rest.
SHOWN = 10


@dataclass(frozen=True)
class _Summary:
    """What the dashboard needs of every practice: when it last changed, in which
    languages it can be read. Made once per index generation (reading every stored card
    takes a second or two at 10,000 practices), a few bytes per practice."""

    changed: dict[str, str]
    readable: dict[str, frozenset[str]]


#: The summary of the snapshot it was made from (a new generation makes a new one).
_SUMMARY: list[tuple[Snapshot, _Summary]] = []


def _summary(current: Snapshot) -> _Summary:
    if _SUMMARY and _SUMMARY[0][0] is current:
        return _SUMMARY[0][1]
    changed, readable = {}, {}
    for card in current.cards():
        changed[card["slug"]] = card.get("changed", card["added"])
        readable[card["slug"]] = frozenset(card["versions"])
    summary = _Summary(changed, readable)
    _SUMMARY[:] = [(current, summary)]
    return summary


@bp.get("/<locale>/admin/")
@signed_in()
def dashboard() -> Any:
    """What waits for a coordinator, oldest first."""
    current, gone = snapshot(), hidden()
    summary = _summary(current)
    with session() as db:
        pending = list_submissions(db, "pending")
        mail = count_by_state(db)
        featured = len(list_featured(db))
        hidden_count = len(list_hidden(db))
        wanted = wanted_translations(
            db, lambda slug: None if slug in gone else summary.readable.get(slug), SHOWN
        )
    waiting = [
        {
            "submission": submission,
            "title": str(json.loads(submission.fields).get("title", "")),
            "age": waiting_for(submission.created_at),
        }
        for submission in pending[:SHOWN]
    ]
    stale = _stale(summary, gone, date.today())
    return render_template(
        "admin/dashboard.html",
        pending_count=len(pending),
        oldest=waiting[0]["age"] if waiting else None,
        waiting=waiting,
        mail=mail,
        stale=[_card(current, slug) for slug in stale[:SHOWN]],
        stale_count=len(stale),
        wanted=[(_card(current, w.slug), w) for w in wanted],
        featured_count=featured,
        hidden_count=hidden_count,
    )


def _card(current: Snapshot, slug: str) -> dict[str, Any]:
    docnum = current.docnum(slug)
    assert docnum is not None  # the summary is of this very snapshot
    return current.card(docnum)


def _stale(summary: _Summary, gone: frozenset[str], today: date) -> list[str]:
    """Visible practices unchanged for STALE_AFTER, the longest unchanged first."""
    limit = (today - STALE_AFTER).isoformat()
    found = [
        slug for slug, changed in summary.changed.items() if slug not in gone and changed < limit
    ]
    return sorted(found, key=summary.changed.__getitem__)
