"""The search page when it finds nothing, and the snippets of what it finds."""

from __future__ import annotations

import re

from flask.testing import FlaskClient


def fieldsets(page: str) -> list[str]:
    return re.findall(r"<legend>([^<]*)</legend>", page)


def test_a_search_that_finds_nothing_shows_no_empty_facet_box(client: FlaskClient) -> None:
    page = client.get("/pl/search?q=zzyzxqwv").get_data(as_text=True)
    assert "Znaleziono 0 praktyk" in page
    assert fieldsets(page) == []
    assert 'class="facets"' not in page


def test_the_empty_state_suggests_what_to_change_in_the_readers_language(
    client: FlaskClient,
) -> None:
    page = client.get("/fr/search?q=zzyzxqwv&country=PL&country=LV").get_data(as_text=True)
    empty = page[page.index('class="empty"') :]
    assert "Rechercher «\xa0zzyzxqwv\xa0» sans filtres" in empty
    assert 'href="/fr/search?q=zzyzxqwv"' in empty
    assert "Retirer le filtre\xa0: Pologne" in empty
    assert "Retirer le filtre\xa0: Lettonie" in empty
    assert "Vérifiez l’orthographe" in empty  # noqa: RUF001
    assert fieldsets(page) == ["Pays"]  # the chosen countries, at zero, can be unticked


def test_with_one_filter_removing_it_is_the_one_suggestion(client: FlaskClient) -> None:
    page = client.get("/en/search?q=zzyzxqwv&country=PL").get_data(as_text=True)
    empty = page[page.index('class="empty"') :]
    empty = empty[: empty.index("</ul>")]  # the map below links to countries too
    assert empty.count('href="/en/search?q=zzyzxqwv"') == 1
    assert "Remove filter: Poland" in empty


def test_a_search_with_results_shows_its_facets_folded_on_phones_only_by_script(
    client: FlaskClient,
) -> None:
    page = client.get("/en/search?q=club").get_data(as_text=True)
    assert re.search(r'<details class="facets" open data-fold-on-phones>', page)
    assert fieldsets(page) == [
        "Country",
        "Languages of the activity",
        "Who it serves",
        "Type of activity",
    ]


def test_a_snippet_keeps_a_heading_apart_from_the_sentence_after_it(
    client: FlaskClient,
) -> None:
    page = client.get("/pl/search?q=Ukrainek+przyjecha%C5%82o").get_data(as_text=True)
    assert "Kontekst — Wiele <mark>Ukrainek</mark>" in page


def test_a_result_found_through_a_concept_says_so_in_the_readers_language(
    client: FlaskClient,
) -> None:
    # Lyon's workshops are written in French and English, classified a conversation club.
    page = client.get("/pl/search?q=klub+konwersacyjny").get_data(as_text=True)
    lyon = page[page.index('href="/pl/practices/lyon-ateliers"') :]
    lyon = lyon[: lyon.index("</li>")]
    assert "Znaleziona dzięki:" in lyon
    assert "<strong>Klub konwersacyjny</strong> (Rodzaj działań)" in lyon
    assert "Język tekstu: francuski" in lyon
    assert "jeszcze nie przetłumaczona na twój język" in lyon


def test_a_simplified_search_says_so(client: FlaskClient) -> None:
    words = " ".join(["women"] * 30)
    page = client.get(f"/ro/search?q={words}").get_data(as_text=True)
    assert "a fost simplificată" in page
    assert "a fost simplificată" not in client.get("/ro/search?q=women").get_data(as_text=True)
