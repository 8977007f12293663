"""The back office's curation pages: featured practices as an ordered list found by title,
hidden practices with who hid them and why. Routes of the ``admin`` blueprint."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from flask import abort, current_app, g, redirect, render_template, request, url_for

from catalogue import i18n
from catalogue.curation import (
    CurationError,
    add_featured,
    list_featured,
    list_hidden,
    move_featured,
    remove_featured_entry,
    reorder_featured,
    update_featured,
)
from catalogue.db import Featured, Hidden
from catalogue.web.address import safe_next
from catalogue.web.admin import bp, signed_in
from catalogue.web.curation import featured_cards
from catalogue.web.resources import session, snapshot, visible_docnum

#: Practices a title search on the featured page offers.
FOUND_AT_MOST = 8


@bp.get("/<locale>/admin/featured")
@signed_in()
def featured_list() -> Any:
    """The featured practices in order, each by its title, with what finds more."""
    query = request.args.get("q", "").strip()[:100]
    with session() as db:
        entries = list_featured(db)
    rows = _with_cards(entries)
    found = _titles(query) if query else []
    previews = {code: featured_cards(code) for code in i18n.LOCALES}
    return render_template(
        "admin/featured.html", rows=rows, query=query, found=found, previews=previews
    )


def _titles(query: str) -> list[dict[str, Any]]:
    """Practices whose title, in any language, has words starting as typed."""
    locale = str(g.locale)
    found = []
    for completion in snapshot().completions.complete(query, locale, limit=FOUND_AT_MOST + 2):
        if completion.slug and visible_docnum(completion.slug) is not None:
            found.append({"slug": completion.slug, "title": completion.text})
    return found[:FOUND_AT_MOST]


def _back(default: str = "admin.featured_list") -> Any:
    return redirect(safe_next(request.form.get("next", ""), url_for(default)))


def _entry_id() -> int:
    raw = request.form.get("entry", "")
    if not (raw.isascii() and raw.isdigit()):
        abort(400)
    return int(raw)


def _date(name: str) -> date | None:
    raw = request.form.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        abort(400)


@bp.post("/<locale>/admin/featured/add")
@signed_in()
def feature_practice() -> Any:
    """Feature a practice found by its title (or from its own page), last in the order."""
    slug = request.form.get("slug", "").strip()
    if visible_docnum(slug) is None:
        abort(404)
    locale = request.form.get("locale") or None
    if locale is not None and locale not in i18n.LOCALES:
        abort(400)
    with session() as db:
        add_featured(db, slug, str(g.account.email), locale=locale)
    return _back()


@bp.post("/<locale>/admin/featured/move")
@signed_in()
def move_featured_entry() -> Any:
    """Move an entry one place up or down."""
    steps = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if steps is None:
        abort(400)
    with session() as db:
        try:
            move_featured(db, _entry_id(), steps, str(g.account.email))
        except CurationError:
            abort(404)
    return _back()


@bp.post("/<locale>/admin/featured/order")
@signed_in()
def order_featured() -> Any:
    """Put the entries in a new order (the script's drag and drop sends them all)."""
    raw = request.form.getlist("entry")
    if not raw or not all(value.isascii() and value.isdigit() for value in raw):
        abort(400)
    with session() as db:
        reorder_featured(db, [int(value) for value in raw], str(g.account.email))
    return ("", 204) if request.accept_mimetypes.best == "application/json" else _back()


@bp.post("/<locale>/admin/featured/edit")
@signed_in()
def edit_featured_entry() -> Any:
    """Change an entry's locale, first and last days and note."""
    locale = request.form.get("locale") or None
    if locale is not None and locale not in i18n.LOCALES:
        abort(400)
    with session() as db:
        try:
            update_featured(
                db,
                _entry_id(),
                str(g.account.email),
                locale=locale,
                starts=_date("starts"),
                until=_date("until"),
                note=request.form.get("note", "").strip()[:500] or None,
            )
        except CurationError as wrong:
            current_app.logger.info("featured entry not changed: %s", wrong)
            abort(400)
    return _back()


@bp.post("/<locale>/admin/featured/remove")
@signed_in()
def remove_featured_practice() -> Any:
    """Stop featuring one entry."""
    with session() as db:
        try:
            remove_featured_entry(db, _entry_id(), str(g.account.email))
        except CurationError:
            abort(404)
    return _back()


@bp.get("/<locale>/admin/hidden")
@signed_in()
def hidden_list() -> Any:
    """The hidden practices, with the reason, who hid each and when."""
    with session() as db:
        entries = list_hidden(db)
    return render_template("admin/hidden.html", rows=_with_cards(entries))


def _with_cards(entries: Sequence[Featured | Hidden]) -> list[dict[str, Any]]:
    """Each entry with its practice's result card (None: no longer published)."""
    current = snapshot()
    rows = []
    for entry in entries:
        docnum = current.docnum(entry.slug)
        rows.append({"entry": entry, "card": current.card(docnum) if docnum is not None else None})
    return rows
