"""The language bridge: a practice is found by what it is about, from any of six languages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from werkzeug.datastructures import MultiDict

from catalogue.content.thesaurus import Concept
from catalogue.content.vocabularies import Vocabularies
from catalogue.index.bridge import Bridge
from catalogue.index.reader import IndexReader
from catalogue.searching import SearchPage, parse_search_request, search
from catalogue.settings import Settings
from tests.conftest import VALID_FIELDS

Search = Callable[..., SearchPage]

#: Practices written for these tests, each in one language, none in the others.
PRACTICES: dict[str, tuple[dict[str, Any], str]] = {
    # Latvian, classified as a conversation club, its text never says "club".
    "riga-valodu-kafejnica": (
        {
            "title": "Valodu kafejnīca Rīgas bibliotēkā",
            "summary": "Reizi nedēļā brīvprātīgie sarunājas latviski ar jaunpienācējiem pie tējas.",
            "lang": "lv",
            "country": "LV",
            "city": "Rīga",
            "target_groups": ["newcomers"],
            "activity_types": ["conversation-club"],
        },
        "## Konteksts\n\nSarunas pie tējas, bez mācību grāmatām.\n",
    ),
    # French, for women; its text says "femmes".
    "lyon-femmes-numerique": (
        {
            "title": "Ateliers numériques pour les femmes à Lyon",
            "summary": "Des ateliers pour apprendre le smartphone, animés par des bénévoles.",
            "lang": "fr",
            "country": "FR",
            "target_groups": ["women"],
            "activity_types": ["digital-skills"],
        },
        "## Contexte\n\nDes femmes arrivées récemment apprennent à utiliser leur téléphone.\n",
    ),
    # Polish, not classified for homework, whose text speaks of it.
    "gdansk-swietlica": (
        {
            "title": "Świetlica w bibliotece w Gdańsku",
            "summary": "Popołudniowe spotkania dla dzieci z Ukrainy: gry i rozmowy po polsku.",
            "lang": "pl",
            "country": "PL",
            "target_groups": ["children"],
            "activity_types": ["intercultural-dialogue"],
        },
        "## Kontekst\n\nWolontariusze pomagają też w odrabianiu lekcji i wyrabiają dzieciom "
        "kartę biblioteczną.\n",
    ),
    # Romanian, classified as homework help.
    "iasi-teme": (
        {
            "title": "Sprijin la teme la Iași",
            "summary": "Voluntari ajută copiii refugiați să își facă lecțiile după școală.",
            "lang": "ro",
            "country": "RO",
            "target_groups": ["children", "refugees"],
            "activity_types": ["homework-help"],
        },
        "## Context\n\nÎntâlniri de două ori pe săptămână, ca la Cluj.\n",
    ),
    # English, whose own words are "homework" and "library card".
    "cork-homework": (
        {
            "title": "Homework help at Cork library",
            "summary": "Volunteers help children with their homework and their first library card.",
            "lang": "en",
            "country": "IE",
            "target_groups": ["children"],
            "activity_types": ["homework-help"],
        },
        "## Context\n\nTwice a week after school.\n",
    ),
}


@pytest.fixture
def run(
    settings: Settings,
    write_practice: Callable[..., Path],
    reindex: Callable[..., Any],
    vocabularies: Vocabularies,
) -> Search:
    for path in settings.practices.rglob("*.md"):
        path.unlink()  # only the practices above: every result is accounted for
    for slug, (fields, body) in PRACTICES.items():
        base = {key: VALID_FIELDS[key] for key in ("organisation", "languages", "added")}
        write_practice(f"{slug}.md", {**base, **fields}, body=body)
    report = reindex()
    assert report.problems == []
    reader = IndexReader(settings.index, check_interval=0)

    def run_search(q: str, locale: str = "en", **params: str) -> SearchPage:
        args = MultiDict({"q": q, "locale": locale, **params})
        return search(reader.snapshot(), parse_search_request(args, vocabularies), vocabularies)

    return run_search


def slugs(page: SearchPage) -> list[str]:
    return [result["slug"] for result in page.results]


@pytest.mark.parametrize(
    "query",
    ["club de conversation", "conversation club", "klub konwersacyjny", "caffè linguistico"],
)
def test_a_conversation_club_is_found_from_any_language(run: Search, query: str) -> None:
    assert "riga-valodu-kafejnica" in slugs(run(query))


@pytest.mark.parametrize("query", ["women", "kobietom", "donne", "sievietēm", "femei"])
def test_a_target_group_is_found_by_its_inflected_labels(run: Search, query: str) -> None:
    assert slugs(run(query)) == ["lyon-femmes-numerique"]


def test_the_result_says_what_it_was_found_through_in_the_readers_language(run: Search) -> None:
    page = run("klub konwersacyjny", locale="fr")
    # Riga is classified a conversation club; Gdańsk writes "rozmowy po polsku", one of
    # the Polish terms of it: classified first, then by its terms.
    assert slugs(page) == ["riga-valodu-kafejnica", "gdansk-swietlica"]
    result, gdansk = page.results
    assert gdansk["matched_through"][0]["classified"] is False
    assert result["matched_through"] == [
        {
            "kind": "activity_type",
            "value": "conversation-club",
            "label": "Ateliers de conversation",
            "classified": True,
        }
    ]
    assert (result["original_lang"], result["readable_in"]) == ("lv", ["lv"])


def test_own_words_rank_above_the_vocabularies_above_the_thesaurus(run: Search) -> None:
    page = run("homework")
    # Cork says "homework"; Iași is classified homework help; Gdańsk only writes
    # "odrabianie lekcji", a term of the concept in Polish.
    assert slugs(page) == ["cork-homework", "iasi-teme", "gdansk-swietlica"]
    through = [[m["classified"] for m in r["matched_through"]] for r in page.results]
    assert through == [[], [True], [False]]


def test_a_thesaurus_phrase_finds_its_terms_in_other_languages(run: Search) -> None:
    page = run("carte de lecteur", locale="fr")
    assert set(slugs(page)) == {"cork-homework", "gdansk-swietlica"}
    assert [r["matched_through"][0]["value"] for r in page.results] == ["library-card"] * 2
    [gdansk] = [r for r in page.results if r["slug"] == "gdansk-swietlica"]
    assert "<mark>kartę</mark> <mark>biblioteczną</mark>" in gdansk["highlight"]


def test_function_words_of_a_query_do_not_stop_a_translation(run: Search) -> None:
    # 'pentru' is Romanian for 'for': no Latvian or French text has it.
    assert "lyon-femmes-numerique" in slugs(run("ateliere pentru femei"))


def test_a_word_of_no_concept_stays_required(run: Search) -> None:
    # A conversation club in Riga, not every conversation club.
    assert slugs(run("conversation club Rīga")) == ["riga-valodu-kafejnica"]
    assert slugs(run("conversation club Cork")) == []


def test_a_word_a_concept_knows_is_never_corrected(run: Search) -> None:
    # No practice writes "club", but it is a word of "conversation club": no typo for Cluj.
    assert run("club").suggestion is None
    assert run("cluj").suggestion is None


def test_an_excluded_word_excludes_own_words_only(run: Search) -> None:
    # "-women" leaves out texts saying "women", not practices classified for women.
    assert "lyon-femmes-numerique" in slugs(run("ateliers -women"))


def test_without_the_bridge_only_own_words_match(
    settings: Settings, run: Search, reindex: Callable[..., Any]
) -> None:
    assert slugs(run("homework")) == ["cork-homework", "iasi-teme", "gdansk-swietlica"]
    reindex(bridge=False)
    assert slugs(run("homework")) == ["cork-homework"]


def test_a_change_of_the_thesaurus_rebuilds_the_index_with_it(
    settings: Settings, run: Search, reindex: Callable[..., Any]
) -> None:
    assert slugs(run("tea ceremony")) == []
    thesaurus = settings.vocabularies / "thesaurus.yml"
    thesaurus.write_text(
        thesaurus.read_text(encoding="utf-8")
        + "tea-ceremony:\n  en: [tea ceremony]\n  fr: [cérémonie du thé]\n"
        "  it: [cerimonia del tè]\n  lv: [pie tējas]\n  pl: [ceremonia herbaty]\n"
        "  ro: [ceremonia ceaiului]\n",
        encoding="utf-8",
    )
    from catalogue.content.fields import Context
    from catalogue.content.vocabularies import load_vocabularies
    from catalogue.indexing import update_index
    from tests.conftest import TODAY

    context = Context(load_vocabularies(settings.vocabularies), TODAY)
    report = update_index(settings.practices, settings.index, context, context_key="changed")
    assert report.repaired == "the vocabularies or the thesaurus changed"
    assert slugs(run("tea ceremony")) == ["riga-valodu-kafejnica"]


def test_the_numbers_of_a_term_are_not_marked_in_snippets() -> None:
    concept = Concept(kind="target_group", id="children", terms={"it": ("fascia 0-6 anni",)})
    marked = Bridge([concept]).highlighted_words(concept)["it"]
    assert "fasc" in {word[:4] for word in marked}
    assert not {"0", "6"} & marked
