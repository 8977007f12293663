"""Coordinators' curation: accounts, featured entries, hidden practices, the audit log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from catalogue import curation
from catalogue.accounts import MAX_FAILURES, SignInPaused, add_account, sign_in
from catalogue.cli import main
from catalogue.db import Account, AuditEntry


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    with Session(app.extensions["catalogue.db"]) as session:
        yield session


def test_user_add_reads_the_password_from_standard_input(
    runner: CliRunner, app: Flask, db: Session
) -> None:
    result = runner.invoke(
        main,
        ["user", "add", "Coordinator@Example.org", "--role", "coordinator"],
        input="correct horse battery\n",
    )
    assert result.exit_code == 0, result.output
    account = db.exec(select(Account)).one()
    assert (account.email, account.role) == ("coordinator@example.org", "coordinator")
    assert "correct horse battery" not in account.password_hash
    assert account.password_hash.startswith("scrypt:")


@pytest.mark.parametrize(
    ("arguments", "password", "message"),
    [
        (["not-an-email", "--role", "admin"], "long enough password", "is not an email address"),
        (["a@example.org", "--role", "admin"], "short", "at least 12 characters"),
    ],
)
def test_user_add_refuses_bad_accounts(
    runner: CliRunner, arguments: list[str], password: str, message: str
) -> None:
    result = runner.invoke(main, ["user", "add", *arguments], input=password + "\n")
    assert (result.exit_code, message in result.output) == (2, True)


def test_a_second_account_for_one_email_is_refused(runner: CliRunner) -> None:
    command = ["user", "add", "a@example.org", "--role", "admin"]
    assert runner.invoke(main, command, input="a long enough password\n").exit_code == 0
    again = runner.invoke(main, command, input="a long enough password\n")
    assert (again.exit_code, "already" in again.output) == (2, True)


def test_sign_in_checks_the_password_and_pauses_after_failures(db: Session) -> None:
    add_account(db, "c@example.org", "a long enough password", "coordinator", "test")
    assert sign_in(db, "C@example.org", "a long enough password", "addr") is not None
    for _ in range(MAX_FAILURES):
        assert sign_in(db, "c@example.org", "wrong", "addr") is None
    with pytest.raises(SignInPaused):
        sign_in(db, "c@example.org", "a long enough password", "addr")


def test_featured_cli_adds_orders_lists_and_removes(runner: CliRunner, app: Flask) -> None:
    assert runner.invoke(main, ["featured", "add", "riga-welcome-desk"]).exit_code == 0
    assert (
        runner.invoke(main, ["featured", "add", "cluj-storytelling", "--position", "1"]).exit_code
        == 0
    )
    added = runner.invoke(
        main, ["featured", "add", "lyon-ateliers", "--locale", "fr", "--until", "2030-01-31"]
    )
    assert added.exit_code == 0
    listing = runner.invoke(main, ["featured", "list"]).output.splitlines()
    assert listing == [
        "1\tcluj-storytelling\t*\t-",
        "2\triga-welcome-desk\t*\t-",
        "3\tlyon-ateliers\tfr\t2030-01-31",
    ]
    assert runner.invoke(main, ["featured", "remove", "riga-welcome-desk"]).exit_code == 0
    assert (
        runner.invoke(main, ["featured", "list"]).output.splitlines()[1]
        == "2\tlyon-ateliers\tfr\t2030-01-31"
    )
    unknown = runner.invoke(main, ["featured", "add", "draft-seniors"])
    assert (unknown.exit_code, "no published practice" in unknown.output) == (2, True)


def test_featured_api_shows_todays_entries_for_the_locale(client: FlaskClient, db: Session) -> None:
    curation.add_featured(db, "lyon-ateliers", "test")
    curation.add_featured(db, "riga-welcome-desk", "test", locale="lv")
    curation.add_featured(db, "cluj-storytelling", "test", until=date.today() - timedelta(days=1))
    curation.add_featured(db, "bologna-digital", "test", position=1, until=date.today())
    english = client.get("/api/v1/featured?locale=en").get_json()["featured"]
    assert [(e["slug"], e["position"]) for e in english] == [
        ("bologna-digital", 1),
        ("lyon-ateliers", 2),
    ]
    assert english[1] == {
        "slug": "lyon-ateliers",
        "title": "French conversation workshops",
        "summary": (
            "Free weekly workshops where volunteers lead conversation in French for adult learners."
        ),
        "url": "/en/practices/lyon-ateliers",
        "position": 2,
    }
    latvian = client.get("/api/v1/featured?locale=lv").get_json()["featured"]
    assert [e["slug"] for e in latvian] == ["bologna-digital", "lyon-ateliers", "riga-welcome-desk"]
    assert client.get("/api/v1/featured?locale=xx").status_code == 400


def test_the_home_page_shows_featured_practices_first(client: FlaskClient, db: Session) -> None:
    curation.add_featured(db, "cluj-storytelling", "test")
    html = client.get("/en/").get_data(as_text=True)
    assert html.index("Featured practices") < html.index("Bilingual story hour in Cluj-Napoca")


def test_a_hidden_practice_leaves_search_pages_api_and_featured(
    client: FlaskClient, db: Session
) -> None:
    curation.add_featured(db, "cluj-storytelling", "test")
    curation.hide(db, "cluj-storytelling", "coordinator@example.org", "checking the dates")
    client.application.extensions["catalogue.hidden"] = (0.0, frozenset())  # no 1 s wait
    assert client.get("/api/v1/search?q=storytellers").get_json()["total"] == 0
    assert client.get("/api/v1/search").get_json()["total"] == 6
    assert client.get("/api/v1/practices/cluj-storytelling").status_code == 404
    assert client.get("/en/practices/cluj-storytelling").status_code == 404
    assert client.get("/api/v1/featured").get_json()["featured"] == []
    curation.unhide(db, "cluj-storytelling", "coordinator@example.org")
    client.application.extensions["catalogue.hidden"] = (0.0, frozenset())
    assert client.get("/api/v1/practices/cluj-storytelling").status_code == 200


def test_curation_is_in_the_audit_log(db: Session) -> None:
    curation.add_featured(db, "lyon-ateliers", "alice@example.org")
    curation.hide(db, "riga-welcome-desk", "bob@example.org", "outdated")
    entries = [(e.actor, e.action, e.subject) for e in db.exec(select(AuditEntry))]
    assert entries == [
        ("alice@example.org", "featured.add", "lyon-ateliers"),
        ("bob@example.org", "practice.hide", "riga-welcome-desk"),
    ]


def _slugs(db: Session) -> list[str]:
    return [entry.slug for entry in curation.list_featured(db)]


def test_featured_entries_move_up_and_down_and_are_reordered(db: Session) -> None:
    for slug in ("riga-welcome-desk", "cluj-storytelling", "lyon-ateliers"):
        curation.add_featured(db, slug, "test")
    lyon = curation.list_featured(db)[2]
    assert lyon.id is not None
    curation.move_featured(db, lyon.id, -1, "test")
    assert _slugs(db) == ["riga-welcome-desk", "lyon-ateliers", "cluj-storytelling"]
    curation.move_featured(db, lyon.id, -5, "test")  # as far as it goes, no further
    assert _slugs(db) == ["lyon-ateliers", "riga-welcome-desk", "cluj-storytelling"]
    ids = [entry.id for entry in curation.list_featured(db)]
    curation.reorder_featured(db, [ids[2], ids[0]], "test")  # as dragged
    assert _slugs(db) == ["cluj-storytelling", "lyon-ateliers", "riga-welcome-desk"]
    assert [e.position for e in curation.list_featured(db)] == [1, 2, 3]
    actions = db.exec(select(AuditEntry.action)).all()
    assert actions.count("featured.move") == 2
    assert "featured.reorder" in actions


def test_a_featured_entry_is_scheduled_and_edited(db: Session) -> None:
    today = date(2026, 12, 3)
    entry = curation.add_featured(db, "riga-welcome-desk", "test")
    assert entry.id is not None
    curation.update_featured(
        db, entry.id, "test", locale="lv", starts=today + timedelta(days=1), until=None, note="x"
    )
    assert curation.current_featured(db, "lv", today) == []  # not started yet
    assert [e.slug for e in curation.current_featured(db, "lv", today + timedelta(1))] == [
        "riga-welcome-desk"
    ]
    assert curation.current_featured(db, "fr", today + timedelta(1)) == []
    with pytest.raises(curation.CurationError, match="before the first"):
        curation.update_featured(
            db, entry.id, "test", locale=None, starts=today, until=today - timedelta(1), note=None
        )
    curation.remove_featured_entry(db, entry.id, "test")
    assert _slugs(db) == []
    with pytest.raises(curation.CurationError):
        curation.remove_featured_entry(db, entry.id, "test")


def test_hidden_practices_are_listed_with_reason_who_and_when(db: Session) -> None:
    curation.hide(db, "riga-welcome-desk", "coordinator@example.org", "address changed")
    [hidden] = curation.list_hidden(db)
    assert (hidden.slug, hidden.reason, hidden.hidden_by) == (
        "riga-welcome-desk",
        "address changed",
        "coordinator@example.org",
    )
    assert hidden.at is not None
