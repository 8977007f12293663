"""OAI-PMH without HTTP: the Dublin Core mapping, the records' datestamps and tombstones,
resumption tokens, and the synchronisation at the end of ``catalogue index``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine
from sqlmodel import Session, select

from catalogue.cli import main
from catalogue.content.vocabularies import Term, Vocabularies
from catalogue.db import OaiRecord, make_engine, upgrade_database
from catalogue.index.reader import IndexReader
from catalogue.indexing import IndexReport
from catalogue.oai.mapping import RIGHTS, Mapper
from catalogue.oai.protocol import Continuation, OaiError, make_token, read_token
from catalogue.oai.records import Selection, SyncReport, synchronise
from catalogue.settings import Settings
from tests.conftest import VALID_FIELDS

DAY_1, DAY_2, DAY_3 = date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)
SECRET = b"k" * 32


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    made = make_engine(database_url)
    upgrade_database(made)
    yield made
    made.dispose()


@pytest.fixture
def sync(
    engine: Engine, indexed: Settings, vocabularies: Vocabularies
) -> Callable[..., SyncReport]:
    """Synchronise the records with the index as it is now, on ``day``."""

    def run(
        day: date, hidden: frozenset[str] = frozenset(), words: Vocabularies = vocabularies
    ) -> SyncReport:
        reader = IndexReader(indexed.index)
        try:
            return synchronise(engine, reader.snapshot(), indexed.index, hidden, words, day)
        finally:
            reader.close()

    return run


def records(engine: Engine) -> dict[str, tuple[date, bool]]:
    with Session(engine) as session:
        return {row.slug: (row.datestamp, row.deleted) for row in session.exec(select(OaiRecord))}


def card_of(settings: Settings, slug: str) -> dict[str, Any]:
    reader = IndexReader(settings.index)
    try:
        snapshot = reader.snapshot()
        docnum = snapshot.docnum(slug)
        assert docnum is not None
        return snapshot.card(docnum)
    finally:
        reader.close()


def test_a_practice_is_described_in_dublin_core_in_each_of_its_languages(
    indexed: Settings, vocabularies: Vocabularies
) -> None:
    made = Mapper(vocabularies).harvested(card_of(indexed, "lodz-conversation-club"))
    by_element: dict[str, list[tuple[str | None, str]]] = {}
    for element, lang, text in made.elements:
        by_element.setdefault(element, []).append((lang, text))
    assert by_element["title"] == [
        ("en", "Polish conversation club for Ukrainian women"),
        ("pl", "Polski klub konwersacyjny dla Ukrainek"),
    ]
    assert [lang for lang, _ in by_element["description"]] == ["en", "pl"]
    assert by_element["creator"] == [(None, "Municipal Public Library (example)")]
    # Two target groups and two activity types, each in the six interface languages.
    assert len(by_element["subject"]) == 4 * 6
    assert ("pl", "Uchodźcy") in by_element["subject"]
    assert ("fr", "Ateliers de conversation") in by_element["subject"]
    assert by_element["coverage"] == [(None, "Łódź"), ("en", "Poland"), (None, "PL")]
    # The languages of the activity, then those of the texts not among them.
    assert by_element["language"] == [(None, "pl"), (None, "uk"), (None, "en")]
    assert by_element["date"] == [(None, "2025-03-14")]
    assert by_element["rights"] == [("en", RIGHTS)]
    assert by_element["publisher"] == [(None, "Library practices for integration")]
    assert made.sets == (
        "country:PL",
        "target_group:refugees",
        "target_group:women",
        "activity_type:conversation-club",
        "activity_type:language-learning",
    )


def test_records_keep_the_day_they_were_first_published_while_nothing_changes(
    engine: Engine, sync: Callable[..., SyncReport]
) -> None:
    first = sync(DAY_1)
    assert (first.published, first.changed, first.deleted) == (7, 7, 0)
    again = sync(DAY_2)
    assert (again.changed, again.deleted) == (0, 0)
    assert set(records(engine).values()) == {(DAY_1, False)}


def test_a_change_harvesters_see_moves_the_datestamp_and_one_they_do_not_leaves_it(
    engine: Engine,
    sync: Callable[..., SyncReport],
    write_practice: Callable[..., Path],
    reindex: Callable[..., IndexReport],
) -> None:
    sync(DAY_1)
    fields = {**VALID_FIELDS, "title": "Welcome desk for newcomers in Rīga", "country": "LV"}
    write_practice("riga-welcome-desk.md", fields, body="## Context\n\nOnly the body.\n")
    reindex()
    # Its summary, place and organisation changed: harvested again.
    assert sync(DAY_2).changed == 1
    assert records(engine)["riga-welcome-desk"] == (DAY_2, False)
    write_practice("riga-welcome-desk.md", fields, body="## Context\n\nAnother body.\n")
    reindex()
    # Only the body changed: Dublin Core does not carry it, the record is the same.
    assert sync(DAY_3).changed == 0
    assert records(engine)["riga-welcome-desk"] == (DAY_2, False)


def test_deleted_drafted_and_hidden_practices_become_tombstones_with_their_day(
    engine: Engine,
    sync: Callable[..., SyncReport],
    settings: Settings,
    write_practice: Callable[..., Path],
    reindex: Callable[..., IndexReport],
) -> None:
    sync(DAY_1)
    (settings.practices / "bologna-digital.md").unlink()
    draft = (settings.practices / "cluj-storytelling.md").read_text()
    (settings.practices / "cluj-storytelling.md").write_text(
        draft.replace("---\n", "---\ndraft: true\n", 1)
    )
    reindex()
    report = sync(DAY_2, hidden=frozenset({"riga-welcome-desk"}))
    assert (report.published, report.deleted) == (4, 3)
    found = records(engine)
    assert found["bologna-digital"] == (DAY_2, True)
    assert found["cluj-storytelling"] == (DAY_2, True)
    assert found["riga-welcome-desk"] == (DAY_2, True)
    assert found["lodz-conversation-club"] == (DAY_1, False)
    # Tombstones stay, undated again, however often the records are synchronised.
    sync(DAY_3, hidden=frozenset({"riga-welcome-desk"}))
    assert records(engine)["bologna-digital"] == (DAY_2, True)


def test_a_practice_that_comes_back_is_a_record_again_dated_its_return(
    engine: Engine, sync: Callable[..., SyncReport]
) -> None:
    sync(DAY_1)
    sync(DAY_2, hidden=frozenset({"riga-welcome-desk"}))
    assert sync(DAY_3).changed == 1
    assert records(engine)["riga-welcome-desk"] == (DAY_3, False)


def test_a_new_vocabulary_label_dates_again_the_records_that_use_it(
    engine: Engine, sync: Callable[..., SyncReport], vocabularies: Vocabularies
) -> None:
    sync(DAY_1)
    women = vocabularies.terms["target_groups"]["women"]
    relabelled = replace(women, labels={**women.labels, "lv": "Sievietes un meitenes"})
    terms: dict[str, dict[str, Term]] = {
        **vocabularies.terms,
        "target_groups": {**vocabularies.terms["target_groups"], "women": relabelled},
    }
    report = sync(DAY_2, words=Vocabularies(terms, vocabularies.thesaurus))
    changed = {slug for slug, (day, _) in records(engine).items() if day == DAY_2}
    assert changed == {"lodz-conversation-club", "bologna-digital"}
    assert report.changed == 2


def test_a_resumption_token_comes_back_as_it_was_made() -> None:
    continuation = Continuation(
        "ListRecords", Selection(DAY_1, DAY_3, "country:PL"), (41, "riga-welcome-desk")
    )
    assert read_token(make_token(continuation, SECRET), "ListRecords", SECRET) == continuation


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda token: token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), id="sig"),
        pytest.param(lambda token: "x" + token, id="payload"),
        pytest.param(lambda token: token.partition(".")[0], id="unsigned"),
        pytest.param(lambda token: "", id="empty"),
        pytest.param(lambda token: "a.b.c", id="garbage"),
    ],
)
def test_an_altered_token_is_a_bad_resumption_token(change: Callable[[str], str]) -> None:
    token = make_token(
        Continuation("ListIdentifiers", Selection(), (12, "riga-welcome-desk")), SECRET
    )
    with pytest.raises(OaiError) as raised:
        read_token(change(token), "ListIdentifiers", SECRET)
    assert raised.value.code == "badResumptionToken"


def test_a_token_of_one_verb_or_another_key_does_not_serve_another() -> None:
    token = make_token(Continuation("ListIdentifiers", Selection(), (3, "a-b")), SECRET)
    for verb, secret in (("ListRecords", SECRET), ("ListIdentifiers", b"other key")):
        with pytest.raises(OaiError, match="not issued here"):
            read_token(token, verb, secret)


def test_catalogue_index_brings_the_records_up_to_date(
    runner: CliRunner, settings: Settings
) -> None:
    assert runner.invoke(main, ["index"]).exit_code == 0
    engine = make_engine(settings.database_url)
    try:
        assert len(records(engine)) == 7
        (settings.practices / "bologna-digital.md").unlink()
        assert runner.invoke(main, ["index"]).exit_code == 0
        assert records(engine)["bologna-digital"][1] is True
    finally:
        engine.dispose()


def test_catalogue_index_still_indexes_when_the_database_is_down(runner: CliRunner) -> None:
    down = "postgresql+psycopg://nobody@127.0.0.1:1/catalogue"
    result = runner.invoke(main, ["index"], env={"CATALOGUE_DATABASE_URL": down})
    assert result.exit_code == 0
    assert "7 added" in result.output
    assert "OAI-PMH records not updated" in result.output
    assert "the site updates them at its next harvest" in result.output
