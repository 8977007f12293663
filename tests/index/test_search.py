"""Search without Flask: query syntax, folding, filters, facets, sort, paging, snippets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from catalogue.content.vocabularies import Vocabularies
from catalogue.index.analysis import fold
from catalogue.index.reader import IndexReader
from catalogue.searching import BadParameter, SearchPage, parse_search_request, search
from catalogue.settings import Settings
from tests.conftest import VALID_FIELDS

Search = Callable[..., SearchPage]


@pytest.fixture
def run(indexed: Settings, vocabularies: Vocabularies) -> Search:
    reader = IndexReader(indexed.index, check_interval=0)

    def run_search(**params: Any) -> SearchPage:
        args = MultiDict(
            [
                (key, str(value))
                for key, values in params.items()
                for value in (values if isinstance(values, list) else [values])
            ]
        )
        return search(reader.snapshot(), parse_search_request(args, vocabularies), vocabularies)

    return run_search


def slugs(page: SearchPage) -> list[str]:
    return [result["slug"] for result in page.results]


def test_words_must_all_match(run: Search) -> None:
    page = run(q="conversation club")
    # The one practice with both words; then, through the vocabulary, the French
    # practice classified as a conversation club (ateliers de conversation).
    assert slugs(page) == ["lodz-conversation-club", "lyon-ateliers"]
    assert page.results[0]["matched_through"] == []
    assert page.results[1]["matched_through"][0]["value"] == "conversation-club"


def test_or_widens_and_not_narrows(run: Search) -> None:
    assert set(slugs(run(q="storytellers OR smartphone"))) == {
        "cluj-storytelling",
        "bologna-digital",
    }
    assert "lodz-conversation-club" not in slugs(run(q="conversation NOT Ukrainian"))
    assert "lodz-conversation-club" not in slugs(run(q="conversation -ukrainian"))


def test_exclusion_alone_means_everything_else(run: Search) -> None:
    page = run(q="-children")
    assert page.total == 5
    assert "cluj-storytelling" not in slugs(page)


def test_phrase_keeps_word_order(run: Search) -> None:
    assert slugs(run(q='"story hour"')) == ["cluj-storytelling"]
    assert slugs(run(q='"hour story"')) == []


def test_prefix_finds_word_beginnings(run: Search) -> None:
    assert set(slugs(run(q="storytel*"))) == {"cluj-storytelling"}


@pytest.mark.parametrize(
    "query", ['club "open', "(club", "club AND", "OR club", "club )(", "- club"]
)
def test_broken_syntax_is_searched_as_plain_words(run: Search, query: str) -> None:
    page = run(q=query)
    assert page.request.query == query
    assert all(
        "club" in r["title"].lower() or "klub" in r["title"].lower() or r for r in page.results
    )


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("lodz", "lodz-conversation-club"),
        ("Łódź", "lodz-conversation-club"),
        ("LODZ", "lodz-conversation-club"),
        ("riga", "riga-welcome-desk"),
        ("timisoara", "timisoara-romanian-course"),
        ("Timişoara", "timisoara-romanian-course"),  # s-cedilla finds s-comma
        ("romana", "timisoara-romanian-course"),
        ("swietlica", "krakow-homework-club"),
        ("mediatheque", "lyon-ateliers"),
    ],
)
def test_diacritics_are_folded_both_ways(run: Search, query: str, slug: str) -> None:
    assert slug in slugs(run(q=query))


def test_hyphenated_place_names_are_one_search(run: Search) -> None:
    assert slugs(run(q="Cluj-Napoca")) == ["cluj-storytelling"]


def test_each_practice_appears_once_in_the_locales_translation(run: Search) -> None:
    english = run(q="conversation", locale="en")
    assert slugs(english).count("lyon-ateliers") == 1
    [lyon] = [r for r in english.results if r["slug"] == "lyon-ateliers"]
    assert (lyon["title"], lyon["lang"]) == ("French conversation workshops", "en")
    polish = run(q="conversation", locale="pl")
    [lodz] = [r for r in polish.results if r["slug"] == "lodz-conversation-club"]
    assert (lodz["title"], lodz["lang"], lodz["url"]) == (
        "Polski klub konwersacyjny dla Ukrainek",
        "pl",
        "/pl/practices/lodz-conversation-club",
    )
    french = run(q="conversation", locale="fr")
    [lyon_fr] = [r for r in french.results if r["slug"] == "lyon-ateliers"]
    assert lyon_fr["lang"] == "fr"


def test_a_translation_makes_its_practice_findable_in_that_language(run: Search) -> None:
    assert slugs(run(q="konwersacyjny")) == ["lodz-conversation-club"]


def test_lang_keeps_practices_readable_in_that_language(run: Search) -> None:
    assert set(slugs(run(lang="pl"))) == {"lodz-conversation-club", "krakow-homework-club"}
    assert set(slugs(run(lang="en"))) >= {"lyon-ateliers", "riga-welcome-desk"}


def test_filters_or_within_and_across(run: Search) -> None:
    page = run(country=["PL", "RO"])
    assert page.total == 4
    page = run(country=["PL", "RO"], target_group="children")
    assert set(slugs(page)) == {"krakow-homework-club", "cluj-storytelling"}


def test_facet_counts_are_disjunctive(run: Search) -> None:
    page = run(country="PL")
    countries = {v.value: (v.count, v.selected) for v in page.facets["country"]}
    assert countries == {
        "PL": (2, True),
        "RO": (2, False),
        "LV": (1, False),
        "FR": (1, False),
        "IT": (1, False),
    }
    groups = {v.value: v.count for v in page.facets["target_group"]}
    assert groups == {"refugees": 2, "women": 1, "children": 1}


def test_a_selected_value_with_no_result_is_still_listed(run: Search) -> None:
    page = run(q="smartphone", country="LV")
    assert page.total == 0
    assert [(v.value, v.count, v.selected) for v in page.facets["country"]] == [
        ("IT", 1, False),
        ("LV", 0, True),
    ]


def test_facet_labels_are_in_the_readers_language(run: Search) -> None:
    labels = {v.value: v.label for v in run(locale="pl").facets["country"]}
    assert labels["LV"] == "Łotwa"
    languages = {v.value: v.label for v in run(locale="fr").facets["language"]}
    assert languages["uk"] == "ukrainien"


def test_newest_is_the_default_without_a_query(run: Search) -> None:
    page = run()
    assert page.request.sort == "newest"
    assert slugs(page)[:3] == ["krakow-homework-club", "lodz-conversation-club", "lyon-ateliers"]


def test_title_sort_follows_the_shown_titles(run: Search) -> None:
    titles = [r["title"] for r in run(sort="title", locale="en").results]
    assert titles == sorted(titles, key=fold)
    assert titles[-1] == "Welcome desk for newcomers in Rīga"  # Ś sorts with S, not after W


def test_relevance_ranks_title_matches_first(run: Search) -> None:
    page = run(q="storytelling OR story")
    assert page.request.sort == "relevance"
    assert slugs(page)[0] == "cluj-storytelling"


def test_pages_split_the_results_without_overlap(run: Search) -> None:
    first, second, third = (run(per_page=3, page=n) for n in (1, 2, 3))
    assert (first.total, len(first.results), len(second.results), len(third.results)) == (
        7,
        3,
        3,
        1,
    )
    assert not set(slugs(first)) & set(slugs(second))
    assert run(per_page=3, page=4).results == []


def test_highlights_mark_matches_and_escape_everything_else(
    indexed: Settings, write_practice: Callable[..., Path], reindex: Callable[..., Any], run: Search
) -> None:
    write_practice(
        "markup.md",
        {**VALID_FIELDS, "summary": "Tea & talk, <3 for all > every friday evening"},
    )
    reindex()
    [result] = run(q="friday").results
    assert result["highlight"] == (
        "Tea &amp; talk, &lt;3 for all &gt; every <mark>friday</mark> evening"
    )


def test_highlight_comes_from_the_body_when_the_summary_has_no_match(run: Search) -> None:
    [result] = run(q="craft").results
    assert "<mark>craft</mark>" in result["highlight"]
    assert "#" not in result["highlight"]


def test_misspelt_query_gets_a_suggestion_of_real_words(run: Search) -> None:
    assert run(q="conversaton club").suggestion == "conversation club"
    assert run(q="conversation club").suggestion is None


def test_drafts_are_never_found(run: Search) -> None:
    assert run(q="draft").results == []
    assert run(q="seniors").total == 0


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"country": "XX"}, "country"),
        ({"country": "pl"}, "country"),
        ({"language": "ukrainian"}, "language"),
        ({"target_group": "refugee"}, "target_group"),
        ({"activity_type": "nope"}, "activity_type"),
        ({"lang": "english"}, "lang"),
        ({"sort": "oldest"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"page": "¹"}, "page"),
        ({"per_page": "٣"}, "per_page"),
        ({"page": "501"}, "page"),
        ({"per_page": "101"}, "per_page"),
        ({"per_page": "-1"}, "per_page"),
        ({"locale": "de"}, "locale"),
        ({"q": "x" * 501}, "q"),
        ({"sort": ["title", "newest"]}, "sort"),
    ],
)
def test_bad_parameters_name_themselves(
    vocabularies: Vocabularies, params: dict[str, Any], parameter: str
) -> None:
    args = MultiDict(
        [(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])]
    )
    with pytest.raises(BadParameter) as caught:
        parse_search_request(args, vocabularies)
    assert caught.value.parameter == parameter


@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=60))
def test_any_query_text_is_answered(run: Search, query: str) -> None:
    page = run(q=query)
    assert page.total >= len(page.results)


@hypothesis_settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(alphabet=st.sampled_from(list('ab "()-+*:OR AND NOT clubśł')), max_size=30))
def test_any_query_syntax_is_answered(run: Search, query: str) -> None:
    page = run(q=query)
    assert page.total >= len(page.results)


def test_words_in_bold_or_italics_are_found(
    settings: Settings,
    write_practice: Callable[..., Path],
    reindex: Callable[..., Any],
    vocabularies: Vocabularies,
) -> None:
    # Bodies are Markdown: '**Tandem**' is the word 'tandem' in bold, not a word of its own.
    write_practice("emphasis.md", VALID_FIELDS, body="## Context\n\n**Tandem** pairs, *gratis*.\n")
    reindex()
    reader = IndexReader(settings.index)
    for query in ("tandem", "gratis", '"tandem pairs"'):
        args = MultiDict({"q": query})
        page = search(reader.snapshot(), parse_search_request(args, vocabularies), vocabularies)
        own = [r["slug"] for r in page.results if not r["matched_through"]]
        assert own == ["emphasis"], query  # 'tandem' also names conversation clubs
