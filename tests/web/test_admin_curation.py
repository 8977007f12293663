"""Curation where the practice is, and featured and hidden practices as lists, by title."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from catalogue import curation
from catalogue.db import AuditEntry
from tests.web.test_admin import csrf, sign_in

NEW_ACTIONS = [
    ("get", "/en/admin/featured"),
    ("get", "/en/admin/hidden"),
    ("post", "/en/admin/featured/add"),
    ("post", "/en/admin/featured/move"),
    ("post", "/en/admin/featured/order"),
    ("post", "/en/admin/featured/edit"),
    ("post", "/en/admin/featured/remove"),
]


def post(client: FlaskClient, path: str, **data: Any) -> Any:
    return client.post(path, data={"csrf_token": csrf(client, "/en/admin/featured"), **data})


@pytest.mark.parametrize(("method", "path"), NEW_ACTIONS)
def test_every_new_page_and_action_needs_a_coordinator(
    app: Flask, db: Session, method: str, path: str
) -> None:
    anonymous = app.test_client()
    answer = getattr(anonymous, method)(path)
    assert answer.status_code in (302, 400)  # to the sign-in page, or refused without a token
    if answer.status_code == 302:
        assert "/en/login" in answer.headers["Location"]
    json = getattr(anonymous, method)(path, headers={"Accept": "application/json"})
    assert json.status_code in (400, 401)


def test_readers_never_see_the_controls_and_coordinators_do(
    client: FlaskClient, app: Flask, db: Session
) -> None:
    page = client.get("/en/practices/riga-welcome-desk")
    assert 'class="curate' not in page.get_data(as_text=True)
    assert page.headers.get("ETag")  # a reader's page may be kept and revalidated
    sign_in(client, "coordinator@example.org")
    mine = client.get("/en/practices/riga-welcome-desk")
    html = mine.get_data(as_text=True)
    assert 'class="curate"' in html
    assert 'action="/en/admin/featured/add"' in html
    assert "/en/contribute?edit=riga-welcome-desk" in html
    assert mine.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in mine.headers
    results = client.get("/en/search?q=welcome").get_data(as_text=True)
    assert 'class="curate compact"' in results
    assert 'class="curate' not in app.test_client().get("/en/search?q=welcome").get_data(
        as_text=True
    )


def test_a_practice_is_hidden_and_shown_again_from_its_own_page(
    coordinator: FlaskClient, app: Flask, db: Session
) -> None:
    here = "/en/practices/riga-welcome-desk"
    answer = post(
        coordinator,
        "/en/admin/practices/riga-welcome-desk/visibility",
        action="hide",
        reason="checking the address",
        next=here,
    )
    assert answer.headers["Location"] == here
    assert app.test_client().get(here).status_code == 404  # readers: gone
    page = coordinator.get(here).get_data(as_text=True)
    assert "Hidden from readers." in page  # the coordinator still sees it, to show it again
    listed = coordinator.get("/en/admin/hidden").get_data(as_text=True)
    assert "Welcome desk for newcomers in Rīga" in listed
    assert "checking the address" in listed
    assert "coordinator@example.org" in listed
    post(coordinator, "/en/admin/practices/riga-welcome-desk/visibility", action="show", next=here)
    assert app.test_client().get(here).status_code == 200


def test_featured_practices_are_found_by_title_and_listed_by_title(
    coordinator: FlaskClient, db: Session
) -> None:
    found = coordinator.get("/en/admin/featured?q=konwersacyjny").get_data(as_text=True)
    # A word of its Polish title finds it (named in the coordinator's language); it is
    # then featured without typing its slug.
    assert "Polish conversation club for Ukrainian women" in found
    assert 'name="slug" value="lodz-conversation-club"' in found
    post(coordinator, "/en/admin/featured/add", slug="lodz-conversation-club")
    post(coordinator, "/en/admin/featured/add", slug="riga-welcome-desk")
    page = coordinator.get("/en/admin/featured").get_data(as_text=True)
    assert page.index("Polish conversation club for Ukrainian women") < page.index(
        "Welcome desk for newcomers in Rīga"
    )
    assert ">lodz-conversation-club<" not in page  # titles, never bare slugs


def test_featured_entries_are_moved_edited_previewed_and_removed(
    coordinator: FlaskClient, db: Session
) -> None:
    for slug in ("lodz-conversation-club", "riga-welcome-desk", "cluj-storytelling"):
        post(coordinator, "/en/admin/featured/add", slug=slug)
    entries = curation.list_featured(db)
    post(coordinator, "/en/admin/featured/move", entry=str(entries[2].id), direction="up")
    db.expire_all()
    assert [e.slug for e in curation.list_featured(db)] == [
        "lodz-conversation-club",
        "cluj-storytelling",
        "riga-welcome-desk",
    ]
    post(coordinator, "/en/admin/featured/edit", entry=str(entries[1].id), locale="lv", note="x")
    page = coordinator.get("/en/admin/featured").get_data(as_text=True)
    preview = page[page.index('id="preview-featured"') :]
    latvian = preview[preview.index('lang="lv"') : preview.index('lang="pl"')]
    french = preview[preview.index('lang="fr"') : preview.index('lang="it"')]
    assert "Welcome desk" in latvian
    assert "Welcome desk" not in french
    ordered = [str(e.id) for e in reversed(curation.list_featured(db))]
    answer = coordinator.post(
        "/en/admin/featured/order",
        data={"csrf_token": csrf(coordinator, "/en/admin/featured"), "entry": ordered},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 204
    db.expire_all()
    assert [str(e.id) for e in curation.list_featured(db)] == ordered
    post(coordinator, "/en/admin/featured/remove", entry=ordered[0])
    db.expire_all()
    assert len(curation.list_featured(db)) == 2
    actions = set(db.exec(select(AuditEntry.action)))
    assert {"featured.add", "featured.move", "featured.edit", "featured.reorder"} <= actions
    assert "featured.remove" in actions


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/en/admin/featured/move", {"entry": "1", "direction": "sideways"}),
        ("/en/admin/featured/edit", {"entry": "x"}),
        ("/en/admin/featured/edit", {"entry": "1", "starts": "tomorrow"}),
        ("/en/admin/featured/add", {"slug": "no-such-practice"}),
        ("/en/admin/featured/remove", {"entry": "999"}),
    ],
)
def test_wrong_requests_are_refused_and_change_nothing(
    coordinator: FlaskClient, db: Session, path: str, data: dict[str, str]
) -> None:
    post(coordinator, "/en/admin/featured/add", slug="riga-welcome-desk")
    assert post(coordinator, path, **data).status_code in (400, 404)
    db.expire_all()
    assert [e.slug for e in curation.list_featured(db)] == ["riga-welcome-desk"]


def test_a_featured_page_links_only_back_to_this_site(coordinator: FlaskClient) -> None:
    answer = post(
        coordinator, "/en/admin/featured/add", slug="riga-welcome-desk", next="//evil.example/"
    )
    assert answer.headers["Location"] == "/en/admin/featured"
    assert re.search(r"evil", answer.headers["Location"]) is None
