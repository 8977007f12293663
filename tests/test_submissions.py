"""Contributions: stored on arrival, checked by the one validator, approved into files."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from unittest.mock import ANY

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from catalogue import curation, submissions
from catalogue.cli import main, review
from catalogue.content.fields import Context
from catalogue.content.validate import read_practice_file
from catalogue.db import Submission
from catalogue.settings import Settings
from tests.conftest import TODAY, VALID_FIELDS

NEW = {
    **{key: value for key, value in VALID_FIELDS.items() if key != "added"},
    "title": "Tea and talk for newcomers in Riga",
    "body": "## Context\n\nEvery Thursday, tea and conversation in Latvian.\n",
    "submitter_email": "librarian@example.org",
}


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    with Session(app.extensions["catalogue.db"]) as session:
        yield session


def submit(client: FlaskClient, payload: Any, address: str = "192.0.2.1") -> Any:
    return client.post("/api/v1/submissions", json=payload, environ_base={"REMOTE_ADDR": address})


def test_a_valid_submission_is_stored_pending(client: FlaskClient, db: Session) -> None:
    response = submit(client, NEW)
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "pending"
    stored = db.get(Submission, body["id"])
    assert stored is not None
    assert (stored.status, stored.submitter_email) == ("pending", "librarian@example.org")
    assert json.loads(stored.fields)["title"] == NEW["title"]
    assert len(stored.token) >= 32


def test_the_private_page_shows_where_it_stands(client: FlaskClient) -> None:
    url = submit(client, NEW).get_json()["status_url"]
    page = client.get(url)
    assert page.status_code == 200
    assert "Waiting for a coordinator's review" in page.get_data(as_text=True)
    assert client.get("/en/submissions/not-a-token").status_code == 404


def test_an_invalid_submission_says_what_to_fix_and_is_kept(
    client: FlaskClient, db: Session
) -> None:
    response = submit(client, {**NEW, "title": "Hi", "country": "Latvia", "colour": "red"})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_practice"
    assert {p["field"] for p in error["problems"]} == {"title", "country", "colour"}
    [kept] = submissions.list_submissions(db, "invalid")
    assert json.loads(kept.fields)["country"] == "Latvia"


def test_missing_fields_are_named(client: FlaskClient) -> None:
    error = submit(client, {"body": "text"}).get_json()["error"]
    fields = {p["field"] for p in error["problems"]}
    assert {"title", "summary", "lang", "country", "organisation"} <= fields
    assert "added" not in fields  # set on approval


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({**NEW, "body": "x" * (256 * 1024 + 1)}, 413, "too_large"),
        (["a", "list"], 400, "malformed_json"),
        ("text", 400, "malformed_json"),
        ({**NEW, "body": 42}, 400, "bad_parameter"),
        ({**NEW, "edit_of": "no-such-practice"}, 404, "not_found"),
    ],
)
def test_bad_requests_get_the_contracts_errors(
    client: FlaskClient, payload: Any, status: int, code: str
) -> None:
    response = submit(client, payload)
    assert (response.status_code, response.get_json()["error"]["code"]) == (status, code)


def test_malformed_json_is_400(client: FlaskClient) -> None:
    response = client.post("/api/v1/submissions", data="{not json", content_type="application/json")
    assert response.status_code == 400


def test_a_request_over_the_size_limit_is_413(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/submissions", data=b"x" * (2 * 1024 * 1024), content_type="application/json"
    )
    assert (response.status_code, response.get_json()["error"]["code"]) == (413, "too_large")


def test_too_many_submissions_from_one_address_are_refused(client: FlaskClient) -> None:
    for _ in range(submissions.RATE_LIMIT):
        assert submit(client, NEW, "198.51.100.7").status_code == 201
    refused = submit(client, NEW, "198.51.100.7")
    assert (refused.status_code, refused.get_json()["error"]["code"]) == (429, "rate_limited")
    assert submit(client, NEW, "198.51.100.8").status_code == 201


@pytest.fixture
def approve(db: Session, indexed: Settings, context: Context) -> Callable[..., Path]:
    def run(submission_id: str, **options: Any) -> Path:
        return submissions.approve(db, submission_id, indexed.practices, context, **options)

    return run


def test_approval_writes_a_valid_file_without_the_email(
    client: FlaskClient, approve: Callable[..., Path], context: Context, db: Session
) -> None:
    submission_id = submit(client, NEW).get_json()["id"]
    path = approve(submission_id)
    assert path.name == "tea-and-talk-for-newcomers-in-riga.md"
    result = read_practice_file(path, context)
    assert result.ok
    assert result.practice is not None
    assert result.practice.added.isoformat() == TODAY.isoformat()
    assert "librarian@example.org" not in path.read_text()
    stored = db.get(Submission, submission_id)
    assert stored is not None
    assert (stored.status, stored.slug) == ("approved", path.stem)


@pytest.mark.parametrize("added", ["2099-12-31", "1999-01-01", "not a date", 7])
def test_a_submitted_added_date_is_ignored_on_approval(
    client: FlaskClient,
    approve: Callable[..., Path],
    context: Context,
    runner: CliRunner,
    indexed: Settings,
    added: object,
) -> None:
    by_api = submit(client, {**NEW, "added": added})
    assert by_api.status_code == 201  # optional, and set on approval
    practice = read_practice_file(approve(by_api.get_json()["id"]), context).practice
    assert practice is not None
    assert practice.added == TODAY  # the approving context's today
    by_cli = submit(client, {**NEW, "title": "Another tea", "added": added}).get_json()["id"]
    result = runner.invoke(main, ["submissions", "approve", by_cli, "--slug", "another-tea"])
    assert result.exit_code == 0, result.output
    approved_on = date.today().isoformat()  # the command's own clock
    assert f"added: {approved_on}" in (indexed.practices / "another-tea.md").read_text()


def test_an_edit_keeps_the_date_its_practice_was_added(
    client: FlaskClient, approve: Callable[..., Path], context: Context
) -> None:
    payload = {**NEW, "edit_of": "riga-welcome-desk", "added": "2099-12-31"}
    path = approve(submit(client, payload).get_json()["id"])
    practice = read_practice_file(path, context).practice
    assert practice is not None
    assert practice.added.isoformat() != "2099-12-31"
    assert practice.added < TODAY


@pytest.fixture
def draft_practice(write_practice: Callable[..., Path]) -> Path:
    return write_practice("secret-plan.md", {**VALID_FIELDS, "draft": True})


@pytest.mark.parametrize("field", ["edit_of", "translation_of"])
def test_a_draft_or_hidden_practice_is_answered_like_an_unknown_one(
    draft_practice: Path, client: FlaskClient, db: Session, field: str
) -> None:
    curation.hide(db, "riga-welcome-desk", "test")
    client.application.extensions["catalogue.hidden"] = (0.0, frozenset())
    answers = {}
    for slug in ("no-such-practice", "secret-plan", "riga-welcome-desk"):
        response = submit(client, {**NEW, field: slug})
        error = response.get_json()["error"]
        answers[slug] = (response.status_code, error["code"], error["message"].replace(slug, "X"))
    assert answers["secret-plan"] == answers["no-such-practice"] == (404, "not_found", ANY)
    assert answers["riga-welcome-desk"] == answers["no-such-practice"]


def test_approval_never_overwrites_another_practice(
    client: FlaskClient, approve: Callable[..., Path], indexed: Settings
) -> None:
    taken = indexed.practices / "tea-and-talk-for-newcomers-in-riga.md"
    taken.write_text("something else")
    path = approve(submit(client, NEW).get_json()["id"])
    assert path.name == "tea-and-talk-for-newcomers-in-riga-2.md"
    assert taken.read_text() == "something else"
    with pytest.raises(submissions.SubmissionRefused, match="taken"):
        approve(submit(client, NEW).get_json()["id"], slug="riga-welcome-desk")


def test_an_edit_replaces_its_practice_and_records_the_version(
    client: FlaskClient, approve: Callable[..., Path], indexed: Settings, db: Session
) -> None:
    target = indexed.practices / "riga-welcome-desk.md"
    before = target.read_bytes()
    payload = {
        **NEW,
        "title": "Welcome desk for newcomers in Rīga, now daily",
        "edit_of": "riga-welcome-desk",
    }
    submission_id = submit(client, payload).get_json()["id"]
    stored = db.get(Submission, submission_id)
    assert stored is not None
    assert (stored.kind, stored.target_slug) == ("edit", "riga-welcome-desk")
    assert stored.target_version == __import__("hashlib").sha256(before).hexdigest()
    assert approve(submission_id) == target
    assert "now daily" in target.read_text()


def test_a_translation_becomes_its_own_file(
    client: FlaskClient, approve: Callable[..., Path], indexed: Settings
) -> None:
    payload = {
        "title": "Sagaidīšanas punkts Rīgā",
        "summary": "Bibliotēkas darbinieki palīdz jaunpienācējiem reģistrēties un atrast kursus.",
        "lang": "lv",
        "body": "## Kas notiek\n\nJaunpienācēji saņem lasītāja karti.\n",
        "translation_of": "riga-welcome-desk",
    }
    path = approve(submit(client, payload).get_json()["id"])
    assert path == indexed.practices / "riga-welcome-desk.lv.md"
    again = submit(client, payload).get_json()["id"]
    with pytest.raises(submissions.SubmissionRefused, match="translation into 'lv' already"):
        approve(again)


def test_a_translation_may_not_carry_original_fields(client: FlaskClient) -> None:
    payload = {
        "title": "Titre",
        "summary": "Un résumé assez long pour passer.",
        "lang": "fr",
        "country": "FR",
        "body": "Texte.",
        "translation_of": "riga-welcome-desk",
    }
    problems = submit(client, payload).get_json()["error"]["problems"]
    assert [p["field"] for p in problems] == ["country"]


def test_rejection_keeps_the_reason_for_the_contributor(client: FlaskClient, db: Session) -> None:
    body = submit(client, NEW).get_json()
    submissions.reject(db, body["id"], "Please add who runs it with you.")
    page = client.get(body["status_url"]).get_data(as_text=True)
    assert "Please add who runs it with you." in page
    with pytest.raises(submissions.SubmissionRefused, match="is rejected, not pending"):
        submissions.reject(db, body["id"], "again")


def test_cli_lists_approves_and_rejects(
    client: FlaskClient, runner: CliRunner, indexed: Settings
) -> None:
    first = submit(client, NEW).get_json()["id"]
    second = submit(client, {**NEW, "title": "Second practice"}).get_json()["id"]
    listing = runner.invoke(main, ["submissions", "list", "--status", "pending"])
    assert listing.output.splitlines() == [
        f"{first}\tpending\tTea and talk for newcomers in Riga",
        f"{second}\tpending\tSecond practice",
    ]
    approved = runner.invoke(main, ["submissions", "approve", first, "--slug", "tea-in-riga"])
    assert approved.exit_code == 0, approved.output
    assert (indexed.practices / "tea-in-riga.md").exists()
    assert "1 added" in approved.output
    rejected = runner.invoke(main, ["submissions", "reject", second, "--reason", "Duplicate."])
    assert rejected.exit_code == 0
    assert runner.invoke(main, ["submissions", "approve", second]).exit_code == 2
    assert runner.invoke(main, ["submissions", "list", "--status", "rejected"]).output.startswith(
        f"{second}\trejected"
    )


def test_an_approved_practice_is_searchable(client: FlaskClient, runner: CliRunner) -> None:
    submission_id = submit(client, NEW).get_json()["id"]
    runner.invoke(main, ["submissions", "approve", submission_id])
    client.application.extensions["catalogue.index"].check_interval = 0
    found = client.get("/api/v1/search?q=thursday").get_json()
    assert [r["slug"] for r in found["results"]] == ["tea-and-talk-for-newcomers-in-riga"]


def test_the_cli_knows_the_same_statuses() -> None:
    assert review.STATUSES == submissions.STATUSES


def test_a_coordinator_sees_what_an_edit_changes(client: FlaskClient, runner: CliRunner) -> None:
    page = client.get("/en/contribute?edit=riga-welcome-desk").get_data(as_text=True)
    assert 'value="Welcome desk for newcomers in Rīga"' in page
    payload = {
        **NEW,
        "title": "Welcome desk for newcomers in Rīga",
        "summary": "A staffed desk at the central library helps newcomers register, every day.",
        "country": "LV",
        "city": "Rīga",
        "target_groups": ["newcomers", "migrants"],
        "activity_types": ["welcome-services", "information-services"],
        "languages": ["lv", "en", "ru"],
        "body": "## What happens\n\nNewcomers get a library card and a map of services.\n",
        "edit_of": "riga-welcome-desk",
    }
    submission_id = submit(client, payload).get_json()["id"]
    shown = runner.invoke(main, ["submissions", "show", submission_id])
    assert shown.exit_code == 0, shown.output
    assert f"{submission_id}: edit of riga-welcome-desk, pending" in shown.output
    assert (
        "-summary: A staffed desk at the central library helps newcomers register, find"
        in shown.output
    )
    assert (
        "+summary: A staffed desk at the central library helps newcomers register, every day."
        in shown.output
    )
    assert "-organisation: City Library of Rīga (example)" in shown.output
    assert "added: 2024-11-02" in shown.output  # kept from the practice, unchanged


def test_showing_an_unknown_submission_fails_clearly(runner: CliRunner) -> None:
    result = runner.invoke(main, ["submissions", "show", "nope"])
    assert (result.exit_code, "there is no submission 'nope'" in result.output) == (2, True)
