"""The back office's first page: what needs doing, each with a link to do it. Waiting
submissions and their age, mail that could not be sent, practices nobody has updated for
two years, and the translations readers ask for most. A route of the ``admin`` blueprint."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from flask import render_template

from catalogue.curation import list_featured, list_hidden
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


@bp.get("/<locale>/admin/")
@signed_in()
def dashboard() -> Any:
    """What waits for a coordinator, oldest first."""
    current, gone = snapshot(), hidden()
    cards = {card["slug"]: card for card in current.cards()}
    with session() as db:
        pending = list_submissions(db, "pending")
        mail = count_by_state(db)
        featured = len(list_featured(db))
        hidden_count = len(list_hidden(db))
        wanted = wanted_translations(db, lambda slug: _readable(cards, slug, gone), SHOWN)
    waiting = [
        {
            "submission": submission,
            "title": str(json.loads(submission.fields).get("title", "")),
            "age": waiting_for(submission.created_at),
        }
        for submission in pending[:SHOWN]
    ]
    stale = _stale(cards, gone, date.today())
    return render_template(
        "admin/dashboard.html",
        pending_count=len(pending),
        oldest=waiting[0]["age"] if waiting else None,
        waiting=waiting,
        mail=mail,
        stale=stale[:SHOWN],
        stale_count=len(stale),
        wanted=[(cards[w.slug], w) for w in wanted],
        featured_count=featured,
        hidden_count=hidden_count,
    )


def _readable(cards: dict[str, dict[str, Any]], slug: str, gone: frozenset[str]) -> set[str] | None:
    card = cards.get(slug)
    return None if card is None or slug in gone else set(card["versions"])


def _stale(
    cards: dict[str, dict[str, Any]], gone: frozenset[str], today: date
) -> list[dict[str, Any]]:
    """Visible practices unchanged for STALE_AFTER, the longest unchanged first."""
    limit = (today - STALE_AFTER).isoformat()
    found = [
        card
        for slug, card in cards.items()
        if slug not in gone and card.get("changed", card["added"]) < limit
    ]
    return sorted(found, key=lambda card: card.get("changed", card["added"]))
