"""Every search is bounded: words, prefix expansions, terms and time; a cut query says so."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from catalogue.content.vocabularies import Vocabularies
from catalogue.index import budget
from catalogue.index.query import MAX_TERMS, MAX_WORDS
from catalogue.index.reader import IndexReader, Snapshot
from catalogue.index.search import _fallback
from catalogue.searching import SearchPage, parse_search_request, search
from catalogue.settings import Settings


@pytest.fixture
def snapshot(indexed: Settings) -> Snapshot:
    return IndexReader(indexed.index).snapshot()


def run(snapshot: Snapshot, vocabularies: Vocabularies, query: str) -> SearchPage:
    args = MultiDict({"q": query})
    return search(snapshot, parse_search_request(args, vocabularies), vocabularies)


def test_a_plain_search_is_not_simplified(snapshot: Snapshot, vocabularies: Vocabularies) -> None:
    page = run(snapshot, vocabularies, "conversation club")
    assert page.total > 0
    assert page.to_json()["simplified"] is False


def test_words_past_the_limit_are_left_out_and_the_answer_says_so(
    snapshot: Snapshot, vocabularies: Vocabularies
) -> None:
    words = ["women"] * MAX_WORDS + ["xyzzy"]  # the last word alone would match nothing
    page = run(snapshot, vocabularies, " ".join(words))
    assert page.simplified
    assert page.total == run(snapshot, vocabularies, "women").total


def test_a_prefix_stands_for_a_bounded_number_of_words(
    snapshot: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from catalogue.index import query

    monkeypatch.setattr(query, "MAX_EXPANSIONS", 2)  # the test catalogue is small
    parsed = snapshot.parse("a*")
    assert parsed is not None
    per_field: dict[str, int] = {}
    for leaf in parsed.tiers[0].leaves():
        per_field[leaf.fieldname] = per_field.get(leaf.fieldname, 0) + 1
    assert max(per_field.values()) == 2
    assert parsed.simplified  # 'a' begins more words than that


def test_a_query_of_many_prefixes_stays_within_the_term_limit(snapshot: Snapshot) -> None:
    text = " OR ".join(f"{letter}*" for letter in "abcdefghijklmnopqrstuvwxyz")
    parsed = snapshot.parse(text)
    assert parsed is not None
    assert sum(1 for _ in parsed.match.leaves()) <= MAX_TERMS + 50
    assert parsed.simplified


def test_a_search_past_its_time_is_answered_simply_and_not_remembered(
    snapshot: Snapshot, vocabularies: Vocabularies, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = run(snapshot, vocabularies, "conversation club women")
    snapshot.answers = type(snapshot.answers)(256)
    monkeypatch.setattr(budget, "SEARCH_SECONDS", -1.0)  # every search is past its time
    cut = run(snapshot, vocabularies, "conversation OR club OR women OR refugees")
    assert cut.simplified
    assert cut.request.query == "conversation OR club OR women OR refugees"
    monkeypatch.setattr(budget, "SEARCH_SECONDS", 10.0)
    again = run(snapshot, vocabularies, "conversation OR club OR women OR refugees")
    assert not again.simplified  # the cut answer was not kept
    assert again.total >= full.total


@pytest.mark.parametrize(
    ("query", "simpler"),
    [
        ("conversation OR club OR women OR refugees", "conversation OR club OR women"),
        ("club -women", "club -women"),
        ('"conversation club" (women OR refug*)', "conversation club women"),
        ("a* OR b* OR c* OR d*", "a OR b OR c"),
        ("fascia 0-6 anni", "fascia 0 6"),
    ],
)
def test_a_search_past_its_time_keeps_its_ors_and_exclusions(
    snapshot: Snapshot,
    vocabularies: Vocabularies,
    monkeypatch: pytest.MonkeyPatch,
    query: str,
    simpler: str,
) -> None:
    monkeypatch.setattr(budget, "SEARCH_SECONDS", 10.0)
    expected = run(snapshot, vocabularies, simpler).total
    snapshot.answers = type(snapshot.answers)(256)
    monkeypatch.setattr(budget, "SEARCH_SECONDS", -1.0)  # every search is past its time
    cut = run(snapshot, vocabularies, query)
    assert cut.simplified
    assert _fallback(query) == simpler
    assert cut.total <= expected  # the simpler query, in the practices' own words only
    if query.startswith("conversation OR"):
        alone = run(snapshot, vocabularies, "club").total
        assert cut.total >= alone > 0  # an OR stays an OR: never fewer than one of its words
