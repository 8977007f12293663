"""The JSON API, through the test client: shapes, errors and safety of the contract."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import VALID_FIELDS

RESULT_KEYS = {
    "slug",
    "title",
    "summary",
    "lang",
    "country",
    "organisation",
    "target_groups",
    "activity_types",
    "languages",
    "added",
    "url",
    "highlight",
    # Beside the contract's: how a result in another language was found, what it reads in.
    "city",
    "matched_through",
    "original_lang",
    "readable_in",
}


def test_search_answers_in_the_contracts_shape(client: FlaskClient) -> None:
    response = client.get("/api/v1/search?q=conversation&country=PL&country=FR")
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == [
        "query",
        "total",
        "page",
        "per_page",
        "results",
        "facets",
        "suggestion",
        "simplified",
    ]
    assert (body["query"], body["total"], body["page"], body["per_page"]) == (
        "conversation",
        2,
        1,
        20,
    )
    assert all(set(result) == RESULT_KEYS for result in body["results"])
    assert list(body["facets"]) == ["country", "language", "target_group", "activity_type"]
    poland = next(v for v in body["facets"]["country"] if v["value"] == "PL")
    assert poland == {"value": "PL", "label": "Poland", "count": 1, "selected": True}


def test_per_page_and_locale_shape_the_page(client: FlaskClient) -> None:
    body = client.get("/api/v1/search?per_page=2&page=2&locale=lv&sort=title").get_json()
    assert (body["per_page"], body["page"], len(body["results"]), body["total"]) == (2, 2, 2, 7)
    assert all(r["url"].startswith("/lv/practices/") for r in body["results"])
    labels = {v["value"]: v["label"] for v in body["facets"]["country"]}
    assert labels["PL"] == "Polija"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=0", "page"),
        ("page=abc", "page"),
        ("per_page=0", "per_page"),
        ("per_page=101", "per_page"),
        ("country=Poland", "country"),
        ("language=xx", "language"),
        ("target_group=refugee", "target_group"),
        ("activity_type=reading", "activity_type"),
        ("lang=zz", "lang"),
        ("sort=best", "sort"),
        ("locale=de", "locale"),
        ("page=1000", "page"),
    ],
)
def test_bad_parameters_get_400_naming_the_parameter(
    client: FlaskClient, query: str, parameter: str
) -> None:
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["parameter"]) == ("bad_parameter", parameter)
    assert error["message"]


@pytest.mark.parametrize(
    "query", ['"unbalanced', "(open", "AND", "OR OR", "a) (b", "-", "*", "NOT"]
)
def test_broken_query_syntax_is_never_an_error(client: FlaskClient, query: str) -> None:
    assert client.get("/api/v1/search", query_string={"q": query}).status_code == 200


def test_practice_in_the_locales_translation_with_its_other_languages(client: FlaskClient) -> None:
    body = client.get("/api/v1/practices/lodz-conversation-club?locale=pl").get_json()
    assert (body["title"], body["lang"], body["original_lang"]) == (
        "Polski klub konwersacyjny dla Ukrainek",
        "pl",
        "en",
    )
    assert body["translations"] == ["pl"]
    assert (body["country"], body["city"], body["cost"]) == ("PL", "Łódź", "low")
    assert body["body_html"].startswith("<h2>Kontekst</h2>")
    assert 1 <= len(body["related"]) <= 5
    assert "lodz-conversation-club" not in body["related"]
    english = client.get("/api/v1/practices/lodz-conversation-club").get_json()
    assert (english["title"], english["lang"]) == (
        "Polish conversation club for Ukrainian women",
        "en",
    )


def test_related_practices_share_facets(client: FlaskClient) -> None:
    body = client.get("/api/v1/practices/krakow-homework-club").get_json()
    assert body["related"][0] in {"cluj-storytelling", "lodz-conversation-club"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/practices/unknown",
        "/api/v1/practices/Bad_Slug",
        "/api/v1/practices/draft-seniors",
        "/api/v1/nothing-here",
    ],
)
def test_unknown_practice_is_404_json(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_wrong_method_is_json_too(client: FlaskClient) -> None:
    response = client.delete("/api/v1/search")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"


HOSTILE_BODY = """## Safe heading

<script>alert("x")</script>
<img src="https://example.org/a.png" onerror="alert(1)">
<a href="javascript:alert(1)">click</a> [link](javascript:alert(2))
<p style="background:url(javascript:alert(3))" onclick="x()">styled</p>
<iframe src="https://evil.example"></iframe><object data="x.swf"></object>
<svg onload="alert(4)"><circle/></svg>
<a href="https://example.org/ok">fine link</a>
"""


def _elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collect().feed(html)
    return found


def test_body_html_is_sanitised(
    client: FlaskClient, write_practice: Callable[..., Path], reindex: Callable[..., Any]
) -> None:
    write_practice("hostile.md", VALID_FIELDS, body=HOSTILE_BODY)
    reindex()
    html = client.get("/api/v1/practices/hostile").get_json()["body_html"]
    # What a browser would act on: elements and attributes (the text may mention anything).
    elements = _elements(html)
    assert {tag for tag, _ in elements} <= {"h2", "p", "a", "img"}
    attributes = [(name, value or "") for _, attrs in elements for name, value in attrs]
    assert [name for name, _ in attributes if name.startswith("on") or name == "style"] == []
    assert [value for _, value in attributes if "javascript:" in value.lower()] == []
    assert "<h2>Safe heading</h2>" in html
    assert (
        '<a href="https://example.org/ok" rel="noopener noreferrer nofollow">fine link</a>' in html
    )


def test_missing_index_is_503_json(client: FlaskClient, indexed: Any) -> None:
    import shutil

    shutil.rmtree(indexed.index)
    response = client.get("/api/v1/search")
    assert response.status_code in (200, 503)  # a process may still hold the old files open
    fresh = client.application.extensions["catalogue.index"].__class__(indexed.index)
    client.application.extensions["catalogue.index"] = fresh
    response = client.get("/api/v1/search")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "unavailable"
    assert "Traceback" not in response.get_data(as_text=True)


PARAMETER_VALUES = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["PL", "pl", "refugees", "0", "-1", "100", "101", "title", "en", "", " "]),
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "q",
                    "country",
                    "language",
                    "target_group",
                    "activity_type",
                    "lang",
                    "sort",
                    "page",
                    "per_page",
                    "locale",
                    "other",
                ]
            ),
            PARAMETER_VALUES,
        ),
        max_size=6,
    )
)
def test_no_parameter_combination_gives_a_server_error(
    client: FlaskClient, params: list[tuple[str, str]]
) -> None:
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code in (200, 400)
    body = response.get_json()
    assert (
        ("results" in body)
        if response.status_code == 200
        else body["error"]["code"] == "bad_parameter"
    )


def test_a_repeated_request_is_answered_not_modified_until_the_index_changes(
    client: FlaskClient, write_practice: Callable[..., Path], reindex: Callable[..., Any]
) -> None:
    client.application.extensions["catalogue.index"].check_interval = 0
    first = client.get("/api/v1/search?q=club")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"
    again = client.get("/api/v1/search?q=club", headers={"If-None-Match": etag})
    assert (again.status_code, again.data) == (304, b"")
    other = client.get("/api/v1/search?q=clubs", headers={"If-None-Match": etag})
    assert other.status_code == 200
    write_practice("another-club.md", {**VALID_FIELDS, "title": "Another club"})
    reindex()
    changed = client.get("/api/v1/search?q=club", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_an_image_from_another_site_is_shown_as_a_link(
    client: FlaskClient, write_practice: Callable[..., Path], reindex: Callable[..., Any]
) -> None:
    write_practice("pixel.md", VALID_FIELDS, body="![poster](https://evil.example/pixel.png)\n")
    reindex()
    html = client.get("/api/v1/practices/pixel").get_json()["body_html"]
    assert "<img" not in html
    assert '<a href="https://evil.example/pixel.png" rel="noopener noreferrer nofollow">' in html
    page = client.get("/en/practices/pixel").get_data(as_text=True)
    assert '<img src="https://evil.example' not in page
