"""The shortlist and the dossier: kept without an account, shared as a link, printed."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from catalogue import shortlist


def token(client: FlaskClient, path: str = "/en/search?q=club") -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def toggle(client: FlaskClient, slug: str, action: str = "add", **extra: Any) -> Any:
    data = {"csrf_token": token(client), "slug": slug, "action": action, **extra}
    return client.post("/en/shortlist", data=data)


def test_a_practice_is_added_from_a_search_and_the_page_comes_back(client: FlaskClient) -> None:
    answer = toggle(client, "lodz-conversation-club", next="/en/search?q=club")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/en/search?q=club"
    page = client.get("/en/search?q=club").get_data(as_text=True)
    assert "data-shortlist-count>1</span>" in page
    form = page[page.index('name="slug" value="lodz-conversation-club"') :]
    assert 'aria-pressed="true"' in form[: form.index("</form>")]


def test_the_shortlist_page_lists_them_with_exports_and_a_share_link(client: FlaskClient) -> None:
    toggle(client, "lodz-conversation-club")
    toggle(client, "riga-welcome-desk")
    page = client.get("/fr/shortlist").get_data(as_text=True)
    assert page.index("lodz-conversation-club") < page.index("riga-welcome-desk")
    assert "/fr/dossier.pdf?slug=lodz-conversation-club&amp;slug=riga-welcome-desk" in page
    assert "/fr/search.csv?slug=lodz-conversation-club&amp;slug=riga-welcome-desk" in page
    assert "/fr/search.xlsx?slug=lodz-conversation-club&amp;slug=riga-welcome-desk" in page
    assert "/fr/shortlist?slug=lodz-conversation-club&amp;slug=riga-welcome-desk" in page
    assert "Votre sélection" in page


def test_a_shared_list_opens_for_anyone(app: Flask) -> None:
    stranger = app.test_client()
    page = stranger.get("/pl/shortlist?slug=riga-welcome-desk&slug=bologna-digital")
    html = page.get_data(as_text=True)
    assert "Udostępniona lista wybranych" in html
    assert "riga-welcome-desk" in html and "bologna-digital" in html  # noqa: PT018
    assert "data-shortlist-count>0</span>" in html  # her own list is still empty


def test_the_csv_of_a_list_has_its_practices_only(client: FlaskClient) -> None:
    rows = client.get("/en/search.csv?slug=riga-welcome-desk&slug=bologna-digital").get_data(
        as_text=True
    )
    assert rows.count("\n") == 3  # the header and two practices
    assert "riga-welcome-desk" in rows and "bologna-digital" in rows  # noqa: PT018


def test_the_spreadsheet_of_a_list_has_its_practices_only(client: FlaskClient) -> None:
    import io

    import openpyxl

    answer = client.get("/en/search.xlsx?slug=riga-welcome-desk&slug=bologna-digital")
    sheet = openpyxl.load_workbook(io.BytesIO(answer.data)).active
    assert sheet is not None
    assert sheet.max_row == 3  # the header and two practices


def test_removing_takes_it_off_and_a_forged_cookie_is_an_empty_list(
    client: FlaskClient, app: Flask
) -> None:
    toggle(client, "lodz-conversation-club")
    toggle(client, "lodz-conversation-club", action="remove")
    assert "data-shortlist-count>0" in client.get("/en/shortlist").get_data(as_text=True)
    client.set_cookie(shortlist.COOKIE, '["lodz-conversation-club"]')  # not signed
    assert "data-shortlist-count>0" in client.get("/en/shortlist").get_data(as_text=True)


def test_the_script_gets_json_and_the_list_stops_at_fifty(client: FlaskClient, app: Flask) -> None:
    slugs = [f"practice-{n}" for n in range(60)]
    assert len(shortlist.clean(slugs)) == shortlist.MAX_PRACTICES
    full = shortlist.write_list(["riga-welcome-desk"] * 1 + slugs, app.config["SECRET_KEY"])
    client.set_cookie(shortlist.COOKIE, full)
    answer = client.post(
        "/en/shortlist",
        data={"csrf_token": token(client), "slug": "lodz-conversation-club", "action": "add"},
        headers={"Accept": "application/json"},
    )
    assert answer.get_json() == {"count": 50, "listed": False, "full": True}


def test_an_unknown_practice_is_not_added_and_a_post_needs_its_token(client: FlaskClient) -> None:
    assert toggle(client, "no-such-practice").status_code == 404
    assert client.post("/en/shortlist", data={"slug": "riga-welcome-desk"}).status_code == 400


def test_the_shortlist_goes_back_only_to_this_site(client: FlaskClient) -> None:
    answer = toggle(client, "riga-welcome-desk", next="//evil.example/x")
    assert answer.headers["Location"] == "/en/shortlist"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_dossier_is_a_pdf_in_the_readers_language(client: FlaskClient) -> None:
    answer = client.get(
        "/pl/dossier.pdf?slug=lodz-conversation-club&slug=timisoara-romanian-course"
    )
    assert answer.status_code == 200
    assert answer.mimetype == "application/pdf"
    assert "attachment" in answer.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(answer.data))
    text = pdf_text(answer.data)
    assert "Zestawienie praktyk" in text  # the cover, in Polish
    assert "Spis treści" in text
    assert "Polski klub konwersacyjny dla Ukrainek" in text  # the Polish translation
    assert "Curs de limba română pentru refugiați la Timișoara" in text  # the original
    assert "Adoptuj tę praktykę" in text or "Wdróż tę praktykę" in text or "Jak" in text
    assert "/pl/practices/lodz-conversation-club" in text  # its permanent link
    assert "Jak cytować tę praktykę" in text
    assert len(reader.pages) >= 4  # cover, contents, one page at least each


def test_every_letter_of_the_six_languages_is_in_the_dossier(
    client: FlaskClient, write_practice: Any, reindex: Any
) -> None:
    from tests.conftest import VALID_FIELDS

    letters = "ą ł ż ś ć ń ę ó ź ā ē ķ ņ ģ ļ ū č š ž ș ț ă â î é è ç à ù ê"
    write_practice("letters.md", VALID_FIELDS, body=f"## Context\n\n{letters}\n")
    reindex()
    text = pdf_text(client.get("/lv/dossier.pdf?slug=letters").data)
    assert letters in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "name the practices"),
        ("slug=no-such-practice", "no practice 'no-such-practice'"),
        ("&".join(f"slug=p{n}" for n in range(51)), "at most 50"),
    ],
)
def test_a_wrong_dossier_request_is_a_400_in_the_contracts_shape(
    client: FlaskClient, query: str, message: str
) -> None:
    answer = client.get(f"/en/dossier.pdf?{query}")
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert error["code"] == "bad_parameter"
    assert error["parameter"] == "slug"
    assert message in error["message"]


def test_a_hidden_practice_is_left_out_of_a_dossier(client: FlaskClient, app: Flask) -> None:
    from sqlmodel import Session

    from catalogue.curation import hide

    with Session(app.extensions["catalogue.db"]) as db:
        hide(db, "riga-welcome-desk", "test", "out of date")
    app.extensions["catalogue.hidden"] = (0.0, frozenset())
    text = pdf_text(client.get("/en/dossier.pdf?slug=riga-welcome-desk&slug=bologna-digital").data)
    assert "Welcome desk" not in text
    assert "Laboratori digitali" in text


def test_a_dossier_asked_again_is_not_made_again(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from catalogue.web import takeaway

    made: list[int] = []
    real = takeaway.render_pdf
    monkeypatch.setattr(takeaway, "render_pdf", lambda *a: made.append(1) or real(*a))
    first = client.get("/en/dossier.pdf?slug=bologna-digital").data
    again = client.get("/en/dossier.pdf?slug=bologna-digital").data
    assert first == again
    assert made == [1]
    client.get("/fr/dossier.pdf?slug=bologna-digital")  # another locale, another dossier
    assert made == [1, 1]


def test_the_practice_page_prints_its_qr_code_and_how_to_cite_it(client: FlaskClient) -> None:
    page = client.get("/ro/practices/lodz-conversation-club").get_data(as_text=True)
    printed = page[page.index('class="print-only printed-link"') :]
    assert "<svg" in printed[:3000]
    assert "Citați această practică" in printed
    assert "/ro/dossier.pdf?slug=lodz-conversation-club" in page
