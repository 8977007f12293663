"""The contribution form: works without JavaScript, never loses what was typed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from catalogue import submissions
from catalogue.i18n import LOCALES

FORM = {
    "title": "Bilingual story hour in Lyon",
    "summary": "French and Arabic picture books read aloud for families, every Saturday morning.",
    "lang": "en",
    "country": "FR",
    "organisation": "Neighbourhood library (example)",
    "target_groups": ["families", "children"],
    "activity_types": ["storytelling"],
    "languages": ["fr", "ar"],
    "partners": "Parents' association (example)\nCity social centre (example)",
    "tags": "story hour, picture books",
    "year_started": "2024",
    "body": "## Context\n\nTwo storytellers, one book, two languages.\n",
    "submitter_email": "me@example.org",
    "action": "send",
}


def token(client: FlaskClient, path: str = "/en/contribute") -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def post(client: FlaskClient, data: dict[str, Any], path: str = "/en/contribute") -> Any:
    return client.post(path, data={"csrf_token": token(client, path), **data})


def stored(app: Flask, status: str | None = None) -> list[Any]:
    with Session(app.extensions["catalogue.db"]) as session:
        return submissions.list_submissions(session, status)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_form_renders_in_every_locale(client: FlaskClient, locale: str) -> None:
    page = client.get(f"/{locale}/contribute")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'name="csrf_token"' in html
    assert f'<html lang="{locale}">' in html
    assert 'name="target_groups" value="refugees"' in html


def test_sending_stores_it_and_shows_the_private_page(client: FlaskClient, app: Flask) -> None:
    response = post(client, FORM)
    assert response.status_code == 302
    assert "/en/submissions/" in response.headers["Location"]
    [submission] = stored(app, "pending")
    fields = __import__("json").loads(submission.fields)
    assert fields["partners"] == ["Parents' association (example)", "City social centre (example)"]
    assert fields["tags"] == ["story hour", "picture books"]
    assert fields["year_started"] == 2024
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "has arrived" in page


def test_errors_come_back_next_to_the_fields_with_everything_typed(
    client: FlaskClient, app: Flask
) -> None:
    response = post(client, {**FORM, "summary": "Too short", "website": "example.org"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="summary-error"' in html
    assert 'id="website-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="Bilingual story hour in Lyon"' in html
    assert "Two storytellers, one book, two languages." in html
    assert 'value="storytelling" checked' in html
    assert [s.status for s in stored(app)] == ["invalid"]  # kept, not lost


def test_preview_renders_the_body_and_stores_nothing(client: FlaskClient, app: Flask) -> None:
    html = post(
        client,
        {**FORM, "action": "preview", "body": "## Heading\n\n<script>x</script>\n\n**bold**"},
    ).get_data(as_text=True)
    assert "<h2>Heading</h2>" in html
    assert "<strong>bold</strong>" in html
    assert "<script>x</script>" not in html
    assert stored(app) == []


def test_without_the_csrf_token_nothing_is_taken(client: FlaskClient, app: Flask) -> None:
    response = client.post("/en/contribute", data=FORM)
    assert response.status_code == 400
    assert stored(app) == []


def test_the_spam_trap_stores_nothing(client: FlaskClient, app: Flask) -> None:
    response = post(client, {**FORM, "homepage": "http://spam.example"})
    assert response.status_code == 200
    assert stored(app) == []


def test_suggest_a_change_opens_the_form_filled_in(client: FlaskClient) -> None:
    practice = client.get("/en/practices/riga-welcome-desk").get_data(as_text=True)
    assert 'href="/en/contribute?edit=riga-welcome-desk"' in practice
    html = client.get("/en/contribute?edit=riga-welcome-desk").get_data(as_text=True)
    assert 'value="Welcome desk for newcomers in Rīga"' in html
    assert 'value="newcomers" checked' in html
    assert client.get("/en/contribute?edit=no-such-practice").status_code == 404


def test_an_edit_is_recorded_against_its_practice(client: FlaskClient, app: Flask) -> None:
    path = "/en/contribute?edit=riga-welcome-desk"
    response = post(client, {**FORM, "title": "Welcome desk in Rīga, now daily"}, path)
    assert response.status_code == 302
    [submission] = stored(app, "pending")
    assert (submission.kind, submission.target_slug) == ("edit", "riga-welcome-desk")
    assert submission.target_version is not None


def test_a_translation_form_asks_only_for_translatable_fields(
    client: FlaskClient, app: Flask
) -> None:
    path = "/fr/contribute?translate=riga-welcome-desk"
    html = client.get(path).get_data(as_text=True)
    assert 'name="title"' in html
    assert 'name="country"' not in html
    response = post(
        client,
        {
            **FORM,
            "lang": "fr",
            "title": "Accueil des nouveaux arrivants à Riga",
            "summary": "Un guichet aide les nouveaux arrivants à s'inscrire aux cours.",
        },
        path,
    )
    assert response.status_code == 302
    [submission] = stored(app, "pending")
    assert submission.kind == "translation"
    assert set(__import__("json").loads(submission.fields)) == {"title", "summary", "lang", "tags"}


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("pl", "Liczba znaków w polu „Tytuł”: 2. Wymagane: od 3 do 200."),
        ("lv", "Obligātais lauks “Kopsavilkums” nav aizpildīts."),
    ],
)
def test_errors_are_in_the_readers_language(
    client: FlaskClient, locale: str, expected: str
) -> None:
    data = {key: value for key, value in FORM.items() if key != "summary"}
    html = post(client, {**data, "title": "Hi"}, f"/{locale}/contribute").get_data(as_text=True)
    assert expected in html


def test_too_many_contributions_are_paused_with_a_message_in_the_readers_language(
    client: FlaskClient,
) -> None:
    for _ in range(submissions.RATE_LIMIT):
        assert post(client, FORM, "/fr/contribute").status_code == 302
    refused = post(client, FORM, "/fr/contribute")
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert "Veuillez réessayer plus tard." in html
    assert "Bilingual story hour in Lyon" in html  # what was typed comes back


@pytest.mark.parametrize("parameter", ["edit", "translate"])
def test_the_form_for_an_unknown_practice_is_404(client: FlaskClient, parameter: str) -> None:
    path = f"/en/contribute?{parameter}=no-such-practice"
    assert client.get(path).status_code == 404
    response = client.post(path, data={"csrf_token": token(client), **FORM})
    assert response.status_code == 404


def test_a_preview_of_a_hostile_text_is_answered_at_once(client: FlaskClient) -> None:
    html = post(client, {**FORM, "action": "preview", "body": "[" * 20_000}).get_data(as_text=True)
    assert "[" * 1000 in html  # shown as the text it is


def test_a_text_nested_too_deep_is_an_error_at_the_description(client: FlaskClient) -> None:
    body = "".join("  " * depth + "- step\n" for depth in range(300))
    response = post(client, {**FORM, "action": "preview", "body": body}, "/pl/contribute")
    html = response.get_data(as_text=True)
    assert 'id="body-error"' in html
    assert "W wierszu 33" in html


def test_previews_are_limited_per_address_and_keep_what_was_typed(client: FlaskClient) -> None:
    from catalogue.web.contributions import PREVIEW_LIMIT

    for _ in range(PREVIEW_LIMIT.amount):
        assert post(client, {**FORM, "action": "preview"}, "/ro/contribute").status_code == 200
    refused = post(client, {**FORM, "action": "preview"}, "/ro/contribute")
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert "Bilingual story hour in Lyon" in html
    assert "previzualizări" in html


SECTIONED = {
    **{key: value for key, value in FORM.items() if key != "body"},
    "lang": "fr",
    "section-context": "Beaucoup de familles arabophones dans le quartier.",
    "section-activities": "Chaque samedi, deux conteuses lisent le même album.",
    "section-lessons": "Le matin trop tôt : nous sommes passés à 11 h.",
}


def test_the_description_is_joined_from_its_sections_in_the_texts_language(
    client: FlaskClient, app: Flask
) -> None:
    assert post(client, SECTIONED).status_code == 302
    [submission] = stored(app)
    assert submission.body == (
        "## Contexte\n\nBeaucoup de familles arabophones dans le quartier.\n\n"
        "## Activités\n\nChaque samedi, deux conteuses lisent le même album.\n\n"
        "## Ce qui n'a pas marché\n\nLe matin trop tôt : nous sommes passés à 11 h.\n"
    )


def test_a_problem_in_the_description_is_shown_at_its_section_and_line(
    client: FlaskClient,
) -> None:
    nested = "".join("  " * depth + "- étape\n" for depth in range(60))
    data = {**SECTIONED, "section-adopt": "Premier pas.\n\n" + nested, "action": "preview"}
    html = post(client, data, "/ro/contribute").get_data(as_text=True)
    assert 'id="section-adopt-error"' in html
    assert "La rândul 35," in html  # the 33rd level, counted in that section's own text
    assert "Beaucoup de familles arabophones" in html  # everything typed comes back


def test_the_form_for_a_change_has_the_description_split_into_its_sections(
    client: FlaskClient,
) -> None:
    html = client.get("/en/contribute?edit=lodz-conversation-club").get_data(as_text=True)

    def textarea(name: str) -> str:
        found = re.search(rf'<textarea id="{name}"[^>]*>(.*?)</textarea>', html, re.S)
        assert found is not None
        return found.group(1)

    assert textarea("section-context").startswith("Many Ukrainian women arrived in Łódź")
    assert "## " not in textarea("section-context")
    assert textarea("section-activities")
    assert textarea("section-more") == ""


def test_the_languages_of_the_activity_are_boxes_and_a_list(client: FlaskClient) -> None:
    html = client.get("/lv/contribute").get_data(as_text=True)
    assert '<input type="checkbox" id="languages-uk"' in html
    other = html[
        html.index('id="languages-other"') : html.index(
            "</select>", html.index('id="languages-other"')
        )
    ]
    assert 'value="uk"' not in other  # a box already, not in the list too
    assert 'value="ab"' in other  # Abkhazian is there, at the end of the list of others
    assert post(client, {**SECTIONED, "languages": ["fr", "ab"]}).status_code == 302
