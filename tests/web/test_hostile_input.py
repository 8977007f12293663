"""Hostile input to every form and the submissions API: answers, never a server error."""

from __future__ import annotations

from collections.abc import Iterator

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
