"""The JSON API: ``/api/v1/search`` and ``/api/v1/practices/<slug>``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import NotFound

from catalogue.content.model import SLUG_PATTERN
from catalogue.index.schema import load_blob
from catalogue.index.search import related
from catalogue.searching import (
    BadParameter,
    parse_locale,
    parse_search_request,
    practice_url,
    search,
)
from catalogue.web.caching import conditional
from catalogue.web.resources import hidden, snapshot, visible_docnum

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/search")
@conditional
def search_practices() -> Any:
    """Search with filters, facets, sort and paging; the search page's JSON twin."""
    vocabularies = current_app.extensions["catalogue.vocabularies"]
    search_request = parse_search_request(request.args, vocabularies)
    return jsonify(search(snapshot(), search_request, vocabularies, hidden()).to_json())


MAX_COMPLETION_QUERY = 100


@bp.get("/suggest")
@conditional
def suggest_completions() -> Any:
    """Up to 8 completions of what is being typed: practice titles, then frequent words."""
    text = request.args.get("q", "")
    if len(text) > MAX_COMPLETION_QUERY:
        raise BadParameter("q", f"q may have at most {MAX_COMPLETION_QUERY} characters")
    locale = parse_locale(request.args)
    completions = snapshot().completions.complete(text, locale)
    suggestions = [
        {"text": c.text, "kind": c.kind, "url": practice_url(locale, c.slug) if c.slug else None}
        for c in completions
    ]
    return jsonify({"query": text, "suggestions": suggestions})


@bp.get("/practices/<slug>")
@conditional
def show_practice(slug: str) -> Any:
    """One practice, in the locale's translation when there is one."""
    locale = parse_locale(request.args)
    current = snapshot()
    docnum = visible_docnum(slug) if SLUG_PATTERN.match(slug) else None
    if docnum is None:
        raise NotFound(f"There is no practice '{slug}' in the catalogue.")
    return jsonify(
        practice_json(
            load_blob(current.blob(docnum)),
            locale,
            [slug for slug in related(current, docnum, locale) if slug not in hidden()],
        )
    )


def practice_json(
    practice: dict[str, Any], locale: str, related_slugs: list[str]
) -> dict[str, Any]:
    """The API's view of a stored practice, in ``locale`` where translated."""
    translations = practice.pop("translations")
    original = practice.pop("original")
    shown = translations.get(locale, original)
    practice.pop("draft", None)
    return {
        "slug": practice["slug"],
        "title": shown["title"],
        "summary": shown["summary"],
        "lang": shown["lang"],
        "original_lang": original["lang"],
        **{key: value for key, value in practice.items() if key != "slug"},
        "tags": shown["tags"],
        "updated": shown["updated"],
        "url": practice_url(locale, practice["slug"]),
        "body_html": shown["body_html"],
        "translations": sorted(translations),
        "related": related_slugs,
    }
