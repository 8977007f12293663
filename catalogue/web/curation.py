"""Featured practices as readers see them: the home page's block and its JSON twin."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, jsonify, request

from catalogue.curation import current_featured
from catalogue.searching import parse_locale, practice_url
from catalogue.web.resources import session, snapshot, visible_docnum

bp = Blueprint("curation", __name__)


def featured_cards(locale: str) -> list[dict[str, Any]]:
    """Today's featured practices for ``locale`` in order; gone or hidden ones left out."""
    with session() as db:
        entries = current_featured(db, locale, date.today())
    current = snapshot()
    cards: list[dict[str, Any]] = []
    for entry in entries:
        docnum = visible_docnum(entry.slug)
        if docnum is None or any(card["slug"] == entry.slug for card in cards):
            continue
        card = current.card(docnum)
        version = card["versions"].get(locale, card["versions"][card["lang"]])
        cards.append(
            {
                "slug": entry.slug,
                "title": version["title"],
                "summary": version["summary"],
                "url": practice_url(locale, entry.slug),
                "position": entry.position,
            }
        )
    return cards


@bp.get("/api/v1/featured")
def list_featured() -> Any:
    """The featured practices shown today to readers of ``locale``."""
    return jsonify({"featured": featured_cards(parse_locale(request.args))})
