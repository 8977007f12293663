"""Per-language analysis: stems conflate inflections, diacritics fold either way."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.index import latvian
from catalogue.index.analysis import (
    STEMMED_LANGUAGES,
    fold,
    folding_analyzer,
    language_analyzer,
    lowercase_analyzer,
)


def index_terms(lang: str, text: str) -> set[str]:
    return {token.text for token in language_analyzer(lang)(text)}


def query_terms(lang: str, text: str) -> list[str]:
    return [token.text for token in language_analyzer(lang)(text, mode="query")]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Łódź", "lodz"),
        ("Timișoara", "timisoara"),
        ("Timişoara", "timisoara"),
        ("ţară", "tara"),
        ("Rēzekne", "rezekne"),
        ("İstanbul", "istanbul"),
        ("naïve", "naive"),
        ("GDAŃSK", "gdansk"),
    ],
)
def test_fold_strips_diacritics_and_case(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("lang", "document", "query"),
    [
        ("pl", "w bibliotece", "biblioteka"),
        ("pl", "w placówce", "placówka"),
        ("pl", "w Pradze", "Praga"),
        ("pl", "bibliotekach", "bibliotek"),
        ("pl", "uchodźcy", "uchodźców"),
        ("pl", "w Łodzi", "Łódź"),
        ("ro", "refugiaților", "refugiați"),
        ("ro", "refugiaților", "refugiati"),  # typed without diacritics
        ("ro", "bibliotecile", "bibliotecă"),
        ("ro", "copiilor", "copii"),
        ("lv", "bērniem", "bērnu"),
        ("lv", "bērniem", "bernu"),  # typed without diacritics
        ("lv", "bibliotēkās", "bibliotēka"),
        ("lv", "bēgļiem", "bēgļu"),
        ("en", "volunteering", "volunteers"),
        ("en", "workshops", "workshop"),
        ("fr", "ateliers numériques", "atelier numérique"),
        ("fr", "réfugiés", "refugies"),
        ("it", "bambini", "bambino"),
        ("it", "biblioteche", "biblioteca"),
    ],
)
def test_inflected_forms_meet_in_one_term(lang: str, document: str, query: str) -> None:
    assert set(query_terms(lang, query)) <= index_terms(lang, document)


def test_folding_analyzer_does_not_stem() -> None:
    assert [t.text for t in folding_analyzer()("Bibliotekach Łódź")] == ["bibliotekach", "lodz"]


def test_language_analyzers_survive_pickling_into_the_index() -> None:
    analyzer = pickle.loads(pickle.dumps(language_analyzer("pl")))
    assert [t.text for t in analyzer("bibliotece", mode="query")] == ["bibliotek"]


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("bērniem", "bērn"),
        ("bērns", "bērn"),
        ("valodā", "valod"),
        ("valodas", "valod"),
        ("nodarbībās", "nodarbīb"),
        ("berniem", "bern"),
        ("māja", "māj"),
        ("un", "un"),
    ],
)
def test_latvian_light_stemmer(word: str, stem: str) -> None:
    assert latvian.stem(word) == stem


ANALYZERS = {
    **{lang: language_analyzer(lang) for lang in STEMMED_LANGUAGES},
    "folded": folding_analyzer(),
    "lower": lowercase_analyzer(),
}


@pytest.mark.parametrize("name", ANALYZERS)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_indexing_makes_the_terms_queries_look_up(name: str, text: str) -> None:
    # Indexing takes a direct path; it must give exactly the terms and positions of the
    # chain that analyses queries and that Whoosh would have indexed.
    analyzer = ANALYZERS[name]
    expected: dict[str, list[int]] = {}
    for token in analyzer(text, positions=True):
        expected.setdefault(token.text, []).append(token.pos)
    assert dict(analyzer.index_terms(text)) == expected


@given(text=st.text(max_size=300))
def test_folding_is_whooshs_accent_map_then_marks_removed(text: str) -> None:
    import unicodedata

    from whoosh.support.charset import accent_map

    expected = text.lower().translate(accent_map)
    if not expected.isascii():
        decomposed = unicodedata.normalize("NFKD", expected)
        expected = "".join(char for char in decomposed if not unicodedata.combining(char))
    assert fold(text) == expected
