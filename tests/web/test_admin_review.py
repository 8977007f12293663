"""Review as coordinators work it: the queue filtered and searched, several submissions
decided at once (each still validated), typos corrected in place with the audit log
keeping what changed, the submission shown as its page will look, and a dashboard that
says what needs doing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from catalogue.db import AuditEntry, Readership, Submission
from tests.test_submissions import NEW
from tests.web.test_admin import csrf

ACTIONS = [
    ("get", "/en/admin/submissions"),
    ("post", "/en/admin/submissions/batch"),
    ("post", "/en/admin/submissions/0123456789ab/correct"),
]


def submit(client: FlaskClient, address: str = "192.0.2.1", **fields: Any) -> str:
    response = client.post(
        "/api/v1/submissions", json={**NEW, **fields}, environ_base={"REMOTE_ADDR": address}
    )
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["id"])


def post(client: FlaskClient, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, data={"csrf_token": csrf(client, "/en/admin/submissions"), **data})


@pytest.mark.parametrize(("method", "path"), ACTIONS)
def test_the_queue_and_its_actions_need_a_coordinator(
    app: Flask, db: Session, method: str, path: str
) -> None:
    anonymous = app.test_client()
    answer = getattr(anonymous, method)(path)
    assert answer.status_code in (302, 400)  # to the sign-in page, or refused without a token
    if answer.status_code == 302:
        assert "/en/login" in answer.headers["Location"]


def test_a_batch_needs_the_forms_token(coordinator: FlaskClient) -> None:
    pending = submit(coordinator)
    answer = coordinator.post(
        "/en/admin/submissions/batch", data={"id": pending, "action": "approve"}
    )
    assert answer.status_code == 400
    assert coordinator.get("/en/admin/submissions").get_data(as_text=True).count("pick-") == 1


def test_the_queue_filters_by_kind_and_source_and_finds_titles_without_accents(
    coordinator: FlaskClient, db: Session
) -> None:
    submit(coordinator, title="Café des langues à Lyon")
    submit(coordinator, title="Homework club in Kraków")
    imported = db.exec(select(Submission).where(Submission.status == "pending")).all()[1]
    imported.source, imported.import_source, imported.import_row = "import", "partners.xlsx", 7
    db.add(imported)
    db.commit()

    page = coordinator.get("/en/admin/submissions?q=cafe+des").get_data(as_text=True)
    assert "Café des langues à Lyon" in page
    assert "Homework club" not in page
    page = coordinator.get("/en/admin/submissions?source=import").get_data(as_text=True)
    assert "Homework club in Kraków" in page
    assert "partners.xlsx:7" in page
    assert "Café des langues" not in page
    assert "Café" not in coordinator.get("/en/admin/submissions?kind=edit").get_data(as_text=True)
    rejected = coordinator.get("/en/admin/submissions?status=rejected").get_data(as_text=True)
    assert "No submission matches this filter." in rejected
    # a value the page does not know is ignored, never an error
    assert coordinator.get("/en/admin/submissions?status=<x>&kind=1").status_code == 200


def test_a_batch_approves_the_valid_ones_and_says_why_another_waits(
    coordinator: FlaskClient, db: Session, indexed: Any
) -> None:
    first = submit(coordinator, title="Tea and talk in Riga")
    second = submit(coordinator, title="Board games evening in Riga")
    broken = submit(coordinator, title="Sewing circle in Riga")
    stale = db.get(Submission, broken)
    assert stale is not None  # the vocabulary changed since it arrived: no longer valid
    stale.fields = json.dumps({**json.loads(stale.fields), "target_groups": ["martians"]})
    db.add(stale)
    db.commit()

    page = post(
        coordinator,
        "/en/admin/submissions/batch",
        {"id": [first, second, broken], "action": "approve"},
    ).get_data(as_text=True)

    assert "2 submissions approved and published." in page
    assert "1 submission was not decided, and waits as it was:" in page
    assert "martians" in page
    db.expire_all()
    statuses = {s.id: s.status for s in db.exec(select(Submission))}
    assert (statuses[first], statuses[second], statuses[broken]) == (
        "approved",
        "approved",
        "pending",
    )
    assert (indexed.practices / "tea-and-talk-in-riga.md").is_file()
    search = coordinator.get("/en/search?q=board+games+evening").get_data(as_text=True)
    assert "Board games evening in Riga" in search  # published at once
    actions = [e.action for e in db.exec(select(AuditEntry)) if e.subject in (first, second)]
    assert actions == ["submission.approve", "submission.approve"]


def test_a_batch_rejection_needs_one_reason_every_contributor_reads(
    coordinator: FlaskClient, db: Session
) -> None:
    ids = [submit(coordinator, title=f"Duplicate {n}") for n in range(3)]
    refused = post(coordinator, "/en/admin/submissions/batch", {"id": ids, "action": "reject"})
    assert refused.status_code == 422
    assert "Give a reason for rejecting" in refused.get_data(as_text=True)
    reason = "Already in the catalogue as riga-welcome-desk."
    done = post(
        coordinator,
        "/en/admin/submissions/batch",
        {"id": ids, "action": "reject", "message": reason},
    )
    assert "3 submissions rejected." in done.get_data(as_text=True)
    db.expire_all()
    assert {(s.status, s.message) for s in db.exec(select(Submission))} == {("rejected", reason)}


def test_nothing_selected_or_too_many_is_said_and_nothing_changes(
    coordinator: FlaskClient, db: Session
) -> None:
    submit(coordinator)
    nothing = post(coordinator, "/en/admin/submissions/batch", {"action": "approve"})
    assert nothing.status_code == 422
    assert "Select the submissions to decide first." in nothing.get_data(as_text=True)
    many = [f"{n:012x}" for n in range(51)]
    too_many = post(coordinator, "/en/admin/submissions/batch", {"id": many, "action": "approve"})
    assert too_many.status_code == 422
    assert "at most 50" in too_many.get_data(as_text=True)
    assert [s.status for s in db.exec(select(Submission))] == ["pending"]


def test_a_typo_is_corrected_in_place_and_the_audit_log_keeps_it(
    coordinator: FlaskClient, db: Session
) -> None:
    pending = submit(coordinator, title="Tea and tlak for newcomers", city="Rgia")
    answer = post(
        coordinator,
        f"/en/admin/submissions/{pending}/correct",
        {
            "title": "Tea and talk for newcomers",
            "city": "Riga",
            "summary": NEW["summary"],
            "body": NEW["body"],
        },
    )
    assert answer.status_code == 302
    page = coordinator.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Your corrections are saved" in page
    assert "<h1>Tea and talk for newcomers</h1>" in page
    db.expire_all()
    stored = db.get(Submission, pending)
    assert stored is not None
    assert json.loads(stored.fields)["city"] == "Riga"
    (entry,) = db.exec(select(AuditEntry).where(AuditEntry.action == "submission.correct"))
    assert entry.subject == pending
    assert entry.actor == "coordinator@example.org"
    assert entry.detail == (
        "title: 'Tea and tlak for newcomers' -> 'Tea and talk for newcomers'; "
        "city: 'Rgia' -> 'Riga'"
    )


def test_a_wrong_correction_is_refused_whole_and_what_was_typed_stays(
    coordinator: FlaskClient, db: Session
) -> None:
    pending = submit(coordinator)
    answer = post(
        coordinator,
        f"/en/admin/submissions/{pending}/correct",
        {"title": "A better title", "website": "javascript:alert(1)"},
    )
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert "Nothing was saved:" in page
    assert 'value="javascript:alert(1)"' in page  # kept in the form, to be corrected
    assert 'value="A better title"' in page
    db.expire_all()
    stored = db.get(Submission, pending)
    assert stored is not None
    assert json.loads(stored.fields)["title"] == NEW["title"]
    assert not db.exec(select(AuditEntry).where(AuditEntry.action == "submission.correct")).all()


def test_a_decided_submission_cannot_be_corrected(coordinator: FlaskClient, db: Session) -> None:
    pending = submit(coordinator)
    post(
        coordinator,
        "/en/admin/submissions/batch",
        {"id": pending, "action": "reject", "message": "A duplicate."},
    )
    answer = post(coordinator, f"/en/admin/submissions/{pending}/correct", {"title": "New"})
    assert answer.status_code == 409


def test_the_review_page_shows_the_adopt_card_in_the_coordinators_language(
    coordinator: FlaskClient,
) -> None:
    pending = submit(coordinator, cost="low", partners=["Ukrainian House (example)"])
    page = coordinator.get(f"/fr/admin/submissions/{pending}").get_data(as_text=True)
    card = page[page.index('id="as-published"') :]
    assert "Reproduire cette pratique" in card
    assert "Łódź, Pologne" in card  # city and the country's name in French
    assert "Personnes réfugiées, Femmes" in card  # target groups by their French labels
    assert "Ateliers de conversation" in card
    assert "ukrainien" in card  # the languages of the activity
    assert "Ukrainian House (example)" in card
    assert "<h2>Context</h2>" in card  # the body rendered as its page will show it


def test_the_dashboard_says_what_needs_doing_with_links(
    coordinator: FlaskClient, db: Session
) -> None:
    submit(coordinator, title="Tea and talk in Riga")
    db.add(Readership(slug="cluj-storytelling", locale="pl", views=42))
    db.add(Readership(slug="cluj-storytelling", locale="en", views=99))  # readable in English
    db.commit()
    page = coordinator.get("/en/admin/").get_data(as_text=True)
    assert '<a href="/en/admin/submissions"><strong>1</strong> submission waits for review' in page
    assert "Tea and talk in Riga" in page
    wanted = page[page.index('id="wanted"') : page.index('id="stale"')]
    assert "Polish" in wanted
    assert "42" in wanted
    assert "/en/contribute?translate=cluj-storytelling&amp;lang=pl" in wanted
    assert "English" not in wanted
    stale = page[page.index('id="stale"') :]
    assert "/en/contribute?edit=cluj-storytelling" in stale  # added 2023-09-01
    assert "/en/contribute?edit=lodz-conversation-club" not in stale  # added 2025-03-14


def test_the_review_page_lists_navigation_to_every_back_office_page(
    coordinator: FlaskClient,
) -> None:
    page = coordinator.get("/en/admin/").get_data(as_text=True)
    for path in (
        "/en/admin/submissions",
        "/en/admin/featured",
        "/en/admin/hidden",
        "/en/admin/import",
        "/en/admin/mail",
    ):
        assert f'href="{path}"' in page
