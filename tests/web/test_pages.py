"""The reader's pages: locale choice, the three pages, translated errors."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient


@pytest.mark.parametrize(
    ("headers", "cookie", "location"),
    [
        ({}, None, "/en/"),
        ({"Accept-Language": "lv-LV,lv;q=0.9,en;q=0.5"}, None, "/lv/"),
        ({"Accept-Language": "de-DE,de;q=0.9"}, None, "/en/"),
        ({"Accept-Language": "fr"}, "ro", "/ro/"),
        ({"Accept-Language": "fr"}, "xx", "/fr/"),
    ],
)
def test_root_redirects_to_the_readers_language(
    client: FlaskClient, headers: dict[str, str], cookie: str | None, location: str
) -> None:
    if cookie:
        client.set_cookie("locale", cookie)
    response = client.get("/", headers=headers)
    assert (response.status_code, response.headers["Location"]) == (302, location)


def test_visiting_a_locale_remembers_it(client: FlaskClient) -> None:
    client.get("/it/")
    assert client.get("/").headers["Location"] == "/it/"


@pytest.mark.parametrize("locale", ["en", "fr", "it", "lv", "pl", "ro"])
def test_home_search_and_practice_pages_render_in_each_locale(
    client: FlaskClient, locale: str
) -> None:
    for path in ("/", "/search?q=club&country=PL", "/practices/lyon-ateliers"):
        response = client.get(f"/{locale}{path}")
        assert response.status_code == 200, path
        assert f'<html lang="{locale}">' in response.get_data(as_text=True)


def test_search_page_shows_the_query_and_highlights(client: FlaskClient) -> None:
    html = client.get("/pl/search?q=spotkania").get_data(as_text=True)
    assert 'value="spotkania"' in html
    assert "<mark>spotkania</mark>" in html
    assert "Znaleziono 1 praktykę" in html


def test_practice_page_shows_translation_and_links_other_languages(client: FlaskClient) -> None:
    html = client.get("/en/practices/lyon-ateliers").get_data(as_text=True)
    assert "<h1>French conversation workshops</h1>" in html
    assert 'href="/en/practices/lyon-ateliers?lang=fr"' in html
    original = client.get("/en/practices/lyon-ateliers?lang=fr").get_data(as_text=True)
    assert "<h1>Ateliers de conversation en français</h1>" in original


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/fr/practices/nothing", "Page introuvable"),
        ("/pl/practices/nothing", "Nie znaleziono strony"),
    ],
)
def test_not_found_pages_speak_the_readers_language(
    client: FlaskClient, path: str, text: str
) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)


def test_unknown_locale_is_404(client: FlaskClient) -> None:
    assert client.get("/de/").status_code == 404


def test_bad_filter_on_the_search_page_is_a_400_page_not_a_crash(client: FlaskClient) -> None:
    response = client.get("/pl/search?country=Narnia")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Sprawdź adres: jednego z jego parametrów nie można odczytać." in page
    assert "<code>country=Narnia</code>" in page
    assert "unknown country" not in page  # the API's English message stays in the API


def test_a_page_the_reader_has_is_not_sent_again_until_something_changes(
    client: FlaskClient,
) -> None:
    from sqlmodel import Session

    from catalogue.curation import hide

    client.application.extensions["catalogue.index"].check_interval = 0
    for path in ("/en/search?q=club", "/en/practices/riga-welcome-desk", "/fr/about"):
        first = client.get(path)
        etag = first.headers["ETag"]
        assert first.headers["Cache-Control"] == "no-cache"
        again = client.get(path, headers={"If-None-Match": etag})
        assert (again.status_code, again.data) == (304, b""), path
    # Hiding a practice changes every page that could show it.
    page = client.get("/en/search?q=club")
    with Session(client.application.extensions["catalogue.db"]) as db:
        hide(db, "lodz-conversation-club", "coordinator@example.org")
        db.commit()
    client.application.extensions["catalogue.hidden"] = (0.0, frozenset())
    after = client.get("/en/search?q=club", headers={"If-None-Match": page.headers["ETag"]})
    assert after.status_code == 200
    assert "lodz-conversation-club" not in after.get_data(as_text=True)


def test_a_new_deployment_of_the_site_changes_every_page(client: FlaskClient) -> None:
    first = client.get("/en/about")
    client.application.extensions["catalogue.site_version"] = "another deployment"
    again = client.get("/en/about", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/favicon.ico", "image/vnd.microsoft.icon"), ("/apple-touch-icon.png", "image/png")],
)
def test_the_site_icons_are_served_where_browsers_ask(
    client: FlaskClient, path: str, kind: str
) -> None:
    with client.get(path) as response:
        assert (response.status_code, response.mimetype) == (200, kind)
        assert len(response.get_data()) > 1000
    page = client.get("/ro/").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg" type="image/svg+xml"' in page
    assert 'rel="apple-touch-icon" href="/static/apple-touch-icon.png"' in page
