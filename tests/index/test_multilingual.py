"""Search across six languages: stems, exact forms first, typos, suggestions, completions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from catalogue.content.vocabularies import Vocabularies
from catalogue.index.reader import IndexReader
from catalogue.searching import SearchPage, parse_search_request, search
from catalogue.settings import Settings
from tests.conftest import VALID_FIELDS

Search = Callable[..., SearchPage]


@pytest.fixture
def run(indexed: Settings, vocabularies: Vocabularies) -> Search:
    reader = IndexReader(indexed.index, check_interval=0)

    def run_search(q: str, **params: str) -> SearchPage:
        args = MultiDict({"q": q, **params})
        return search(reader.snapshot(), parse_search_request(args, vocabularies), vocabularies)

    return run_search


def slugs(page: SearchPage) -> list[str]:
    return [result["slug"] for result in page.results]


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("biblioteka osiedlowa", "krakow-homework-club"),  # document: 'w bibliotece osiedlowej'
        ("refugiati adulti", "timisoara-romanian-course"),  # document: 'refugiați adulți'
        ("curs limba romana", "timisoara-romanian-course"),
        ("bénévole", "lyon-ateliers"),  # document: 'des bénévoles animent'
        ("smartphone comune", "bologna-digital"),  # document: 'servizi del comune'
        ("legal advisers", "riga-welcome-desk"),  # document: 'a legal adviser'
        ("storyteller", "cluj-storytelling"),
    ],
)
def test_a_query_finds_other_inflections_without_choosing_a_language(
    run: Search, query: str, slug: str
) -> None:
    assert slug in slugs(run(query))


def test_exact_form_ranks_above_a_stem_only_match(
    run: Search, write_practice: Callable[..., Path], reindex: Callable[..., Any]
) -> None:
    body = "## Context\n\nA weekly meeting in the library.\n"
    write_practice(
        "stem-only.md",
        {
            **VALID_FIELDS,
            "title": "Reading circle",
            "summary": "People volunteering their evenings for a reading circle.",
        },
        body=body,
    )
    write_practice(
        "exact-form.md",
        {
            **VALID_FIELDS,
            "title": "Reading circle",
            "summary": "People who volunteer their evenings for a reading circle.",
        },
        body=body,
    )
    reindex()
    assert slugs(run("volunteer evenings"))[:2] == ["exact-form", "stem-only"]
    assert slugs(run("volunteering evenings"))[:2] == ["stem-only", "exact-form"]


def test_title_match_ranks_above_body_match(
    run: Search, write_practice: Callable[..., Path], reindex: Callable[..., Any]
) -> None:
    write_practice(
        "in-title.md",
        {**VALID_FIELDS, "title": "Chess afternoons for newcomers"},
        body="## Context\n\nWe play every Friday.\n",
    )
    write_practice(
        "in-body.md",
        {**VALID_FIELDS, "title": "Board games for newcomers"},
        body="## Context\n\nWe play board games and sometimes chess, every Friday.\n",
    )
    reindex()
    assert slugs(run("chess"))[:2] == ["in-title", "in-body"]


def test_a_one_letter_slip_in_a_long_word_still_finds_results(run: Search) -> None:
    page = run("conversaton")
    assert {"lodz-conversation-club", "lyon-ateliers"} <= set(slugs(page))
    assert page.suggestion == "conversation"


def test_a_short_unknown_word_is_not_guessed(run: Search) -> None:
    assert run("clib").total == 0


def test_suggestions_are_real_words_with_their_diacritics(run: Search) -> None:
    page = run("swietlca")
    assert page.suggestion == "świetlica"
    assert slugs(page) == ["krakow-homework-club"]


def test_a_known_query_gets_no_suggestion(run: Search) -> None:
    assert run("świetlica dzieci").suggestion is None


def test_completions_offer_titles_then_words(client: FlaskClient) -> None:
    body = client.get("/api/v1/suggest?q=conv&locale=en").get_json()
    kinds = [s["kind"] for s in body["suggestions"]]
    assert kinds[0] == "practice"
    assert "term" in kinds
    assert len(body["suggestions"]) <= 8
    first = body["suggestions"][0]
    assert first["url"].startswith("/en/practices/")


def test_completions_use_the_locales_translation(client: FlaskClient) -> None:
    polish = client.get("/api/v1/suggest?q=konw&locale=pl").get_json()["suggestions"]
    assert polish[0]["text"] == "Polski klub konwersacyjny dla Ukrainek"
    english = client.get("/api/v1/suggest?q=konw&locale=en").get_json()["suggestions"]
    assert english[0]["text"] == "Polish conversation club for Ukrainian women"


@pytest.mark.parametrize(
    ("query", "status"), [("", 200), ("x" * 101, 400), ("(((", 200), ("łódź", 200)]
)
def test_completion_requests_never_fail(client: FlaskClient, query: str, status: int) -> None:
    assert client.get("/api/v1/suggest", query_string={"q": query}).status_code == status


def test_related_practices_prefer_the_readers_language(client: FlaskClient) -> None:
    related = client.get("/api/v1/practices/krakow-homework-club?locale=pl").get_json()["related"]
    assert (
        related[0] == "lodz-conversation-club"
    )  # shares refugees and Polish, has a Polish version
