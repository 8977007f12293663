"""Hostile input to every form and the submissions API: answers, never a server error."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from catalogue import create_app
from catalogue.settings import Settings

FORM_FIELDS = [
    "title", "summary", "lang", "country", "city", "organisation", "target_groups",
    "activity_types", "languages", "partners", "year_started", "year_ended", "status",
    "website", "contact", "funding", "tags", "cost", "evidence", "partner_types", "body",
    "submitter_email", "action", "homepage",
]  # fmt: skip
TEXT = st.text(max_size=40) | st.sampled_from(["", "¹", "٣", "2024", "<script>x</script>", "\x00"])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@pytest.fixture
def open_client(indexed: Settings) -> Iterator[FlaskClient]:
    app: Flask = create_app(
        {
            "TESTING": True,
            "CATALOGUE_SETTINGS": indexed,
            "SECRET_KEY": "x" * 40,
            "WTF_CSRF_ENABLED": False,
        }
    )
    yield app.test_client()
    app.extensions["catalogue.db"].dispose()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    form=st.lists(st.tuples(st.sampled_from(FORM_FIELDS), TEXT), max_size=12),
    path=st.sampled_from(
        [
            "/en/contribute",
            "/fr/contribute?edit=riga-welcome-desk",
            "/pl/contribute?translate=riga-welcome-desk",
        ]
    ),
)
def test_any_form_input_is_answered(
    open_client: FlaskClient, form: list[tuple[str, str]], path: str
) -> None:
    response = open_client.post(
        path, data=MultiDict(form), environ_base={"REMOTE_ADDR": "203.0.113.9"}
    )
    assert response.status_code in (200, 302, 400, 422, 429)
    assert "Traceback" not in response.get_data(as_text=True)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=JSON_VALUES)
def test_any_json_submission_is_answered(open_client: FlaskClient, payload: object) -> None:
    response = open_client.post(
        "/api/v1/submissions", json=payload, environ_base={"REMOTE_ADDR": "203.0.113.10"}
    )
    assert response.status_code in (201, 400, 404, 413, 422, 429)
    assert "error" in response.get_json() or response.status_code == 201


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(email=TEXT, password=TEXT)
def test_any_sign_in_is_answered(open_client: FlaskClient, email: str, password: str) -> None:
    response = open_client.post("/en/login", data={"email": email, "password": password})
    assert response.status_code in (401, 429)


@pytest.mark.parametrize(
    "body", [b"[" * 200_000, b'{"title": ' * 50_000, b"[" * 21 + b"]" * 21, b"{" * 100]
)
def test_deeply_nested_json_is_a_400_not_a_crash(open_client: FlaskClient, body: bytes) -> None:
    response = open_client.post("/api/v1/submissions", data=body, content_type="application/json")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "malformed_json"
    assert "20 levels" in error["message"]


#: Names url_for reads as instructions, not as parameters of the link.
URL_FOR_KEYWORDS = ["_method", "endpoint", "_anchor", "_external", "_scheme", "locale", "values"]
SEARCH_PARAMETERS = ["q", "country", "language", "sort", "page", "lang"]


@pytest.mark.parametrize("name", URL_FOR_KEYWORDS)
def test_url_for_keywords_in_a_search_do_not_reach_its_links(
    open_client: FlaskClient, name: str
) -> None:
    # Five pages of results, so that the page has paging, facet and export links.
    response = open_client.get(
        "/en/search", query_string={"q": "club", name: "x", "per_page": "1", "country": "PL"}
    )
    assert response.status_code == 200
    links = [
        unescape(link) for link in re.findall(r'href="([^"]*)"', response.get_data(as_text=True))
    ]
    search_links = [link for link in links if "/search" in link]
    assert len(search_links) > 3
    assert not [link for link in search_links if "#" in link]
    assert not [link for link in links if "//" in link and not link.startswith("http://localhost/")]
    paging = [link for link in search_links if "page=2" in link or "search.csv" in link]
    assert paging
    assert not [link for link in paging if name in link]


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.lists(
        st.tuples(st.sampled_from(URL_FOR_KEYWORDS + SEARCH_PARAMETERS), TEXT), max_size=6
    )
)
def test_any_search_parameters_are_answered(
    open_client: FlaskClient, params: list[tuple[str, str]]
) -> None:
    response = open_client.get("/en/search", query_string=MultiDict(params))
    assert response.status_code in (200, 400)
    html = response.get_data(as_text=True)
    assert "Traceback" not in html
    links = [unescape(link) for link in re.findall(r'href="([^"]*/search[^"]*)"', html)]
    assert not [link for link in links if "#" in link]
