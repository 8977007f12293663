"""Mail through a real SMTP server on this machine (aiosmtpd): what arrives, and what
happens when the server refuses, is slow, or is down. The action that causes mail always
succeeds at once; the mail is kept, shown, retried, and arrives when the server is back."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, col, select, update

from catalogue import create_app
from catalogue.accounts import add_account
from catalogue.cli import main
from catalogue.db import OutboxMessage, Submission, now
from catalogue.settings import Settings
from tests.conftest import free_port
from tests.test_submissions import NEW

PASSWORD = "a long enough password"


class Mailbox:
    """An SMTP server's handler that keeps what it accepts, or refuses as told."""

    def __init__(self) -> None:
        self.received: list[Any] = []
        self.refusal: str | None = None
        self.delay = 0.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refusal:
            return self.refusal
        self.received.append(envelope)
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        """What arrived, parsed as a mail program reads it."""
        return [
            message_from_bytes(envelope.original_content, policy=policy.default)  # type: ignore[misc]
            for envelope in self.received
        ]


@dataclasses.dataclass
class SmtpServer:
    mailbox: Mailbox
    port: int
    controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A mail server listening on loopback."""
    server = SmtpServer(Mailbox(), free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def down() -> SmtpServer:
    """A mail server that is not running (nothing listens on its port) until started."""
    return SmtpServer(Mailbox(), free_port())


def mail_app(indexed: Settings, smtp_url: str) -> Flask:
    settings = dataclasses.replace(
        indexed, smtp_url=smtp_url, mail_from="Catalogue <catalogue@example.org>"
    )
    return create_app({"TESTING": True, "CATALOGUE_SETTINGS": settings, "SECRET_KEY": "test"})


@pytest.fixture
def app(indexed: Settings, smtp: SmtpServer) -> Iterator[Flask]:
    application = mail_app(indexed, smtp.url)
    yield application
    application.extensions["catalogue.db"].dispose()


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    with Session(app.extensions["catalogue.db"]) as session:
        yield session


def wait_for_mail(app: Flask) -> None:
    """Wait for the threads that send after an answer (the answer itself never waits)."""
    for thread in list(app.extensions.get("catalogue.mail.threads", [])):
        thread.join(timeout=30)
        assert not thread.is_alive()


def submit(client: FlaskClient, app: Flask, payload: Any, path: str = "/api/v1/submissions") -> Any:
    response = client.post(path, json=payload)
    response.close()  # a server closes the answer once sent: mail goes from then on
    wait_for_mail(app)
    return response


def outbox(db: Session) -> list[OutboxMessage]:
    db.expire_all()
    return list(db.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))))


def parts(message: EmailMessage) -> tuple[str, str]:
    plain, rich = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None
    assert rich is not None
    return plain.get_content(), rich.get_content()


def test_a_contributor_gets_a_receipt_with_the_link_to_its_private_page(
    client: FlaskClient, app: Flask, smtp: SmtpServer, db: Session
) -> None:
    response = submit(client, app, NEW, "/api/v1/submissions?locale=fr")
    assert response.status_code == 201
    (message,) = smtp.mailbox.messages()
    submission = db.get(Submission, response.get_json()["id"])
    assert submission is not None
    assert submission.locale == "fr"
    assert message["From"] == "Catalogue <catalogue@example.org>"
    assert message["To"] == "librarian@example.org"
    assert message["Content-Language"] == "fr"
    assert NEW["title"] in message["Subject"]
    link = f"http://localhost/fr/submissions/{submission.token}"
    text, html = parts(message)
    assert link in text
    assert f'<a href="{link}">' in html
    assert smtp.mailbox.received[0].rcpt_tos == ["librarian@example.org"]
    assert [m.state for m in outbox(db)] == ["sent"]


def coordinators(db: Session) -> None:
    for email, choice in (("each@example.org", "each"), ("quiet@example.org", "off")):
        account = add_account(db, email, PASSWORD, "coordinator", "test")
        account.mail_notices = choice
        db.add(account)
    db.commit()


def test_coordinators_who_want_it_hear_of_each_contribution_from_the_web_form(
    client: FlaskClient, app: Flask, smtp: SmtpServer, db: Session
) -> None:
    coordinators(db)
    form = client.get("/pl/contribute").get_data(as_text=True)
    token = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    fields = {k: v for k, v in NEW.items() if k not in ("body", "target_groups")}
    data = {
        **fields,
        "target_groups": NEW["target_groups"],
        "activity_types": NEW["activity_types"],
        "languages": NEW["languages"],
        "body": NEW["body"],
        "csrf_token": token,
    }
    response = client.post("/pl/contribute", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    response.close()
    wait_for_mail(app)
    recipients = sorted(envelope.rcpt_tos[0] for envelope in smtp.mailbox.received)
    assert recipients == ["each@example.org", "librarian@example.org"]
    receipt = next(m for m in smtp.mailbox.messages() if m["To"] == "librarian@example.org")
    assert receipt["Content-Language"] == "pl"  # the form's language
    notice = next(m for m in smtp.mailbox.messages() if m["To"] == "each@example.org")
    assert "/en/admin/submissions/" in parts(notice)[0]


def sign_in(client: FlaskClient, email: str) -> None:
    page = client.get("/en/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    client.post("/en/login", data={"email": email, "password": PASSWORD, "csrf_token": token})


def decide(client: FlaskClient, app: Flask, submission_id: str, **data: str) -> Any:
    page = client.get(f"/en/admin/submissions/{submission_id}").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        f"/en/admin/submissions/{submission_id}", data={**data, "csrf_token": token}
    )
    response.close()
    wait_for_mail(app)
    return response


@pytest.mark.parametrize(
    ("data", "subject", "says"),
    [
        ({"action": "approve", "slug": "tea-in-riga"}, "Pubblicato: ", "/it/practices/tea-in-riga"),
        ({"action": "reject", "message": "Not a library."}, "Non pubblicato: ", "> Not a library."),
        ({"action": "changes", "message": "Add the cost."}, "Modifiche richieste", "> Add the"),
    ],
)
def test_the_contributor_hears_of_the_decision_in_the_language_of_the_contribution(
    client: FlaskClient,
    app: Flask,
    smtp: SmtpServer,
    db: Session,
    data: dict[str, str],
    subject: str,
    says: str,
) -> None:
    submission_id = submit(client, app, NEW, "/api/v1/submissions?locale=it").get_json()["id"]
    add_account(db, "coordinator@example.org", PASSWORD, "coordinator", "test").mail_notices = "off"
    db.commit()
    db.exec(update(OutboxMessage).values(state="sent"))  # the receipt, already checked
    db.commit()
    smtp.mailbox.received.clear()
    sign_in(client, "coordinator@example.org")
    assert decide(client, app, submission_id, **data).status_code == 302
    mine = [m for m in smtp.mailbox.messages() if m["To"] == "librarian@example.org"]
    (message,) = mine
    assert message["Subject"].startswith(subject)  # in Italian, the contribution's language
    assert message["Content-Language"] == "it"
    assert says in parts(message)[0]


def test_a_title_or_an_address_never_adds_a_recipient_or_a_header(
    client: FlaskClient, app: Flask, smtp: SmtpServer, db: Session
) -> None:
    hostile = {**NEW, "title": "Tea and talk\r\nBcc: x@evil.example"}
    assert submit(client, app, hostile).status_code == 201
    evil_address = {**NEW, "submitter_email": "librarian@example.org\r\nBcc: x@evil.example"}
    evil_address["title"] = "Another tea and talk in Riga"
    assert submit(client, app, evil_address).status_code == 201
    (envelope,) = smtp.mailbox.received  # the second was never sent
    assert envelope.rcpt_tos == ["librarian@example.org"]
    headers = envelope.original_content.split(b"\r\n\r\n", 1)[0]
    assert not [line for line in headers.split(b"\r\n") if line.lower().startswith(b"bcc")]
    (message,) = smtp.mailbox.messages()
    assert message["Subject"] == "We received your contribution: Tea and talk Bcc: x@evil.example"
    assert message.get_all("Bcc") is None
    refused = outbox(db)[1]
    assert (refused.state, refused.attempts) == ("failed", 0)
    assert "line break" in (refused.last_error or "")


def test_a_slow_mail_server_never_delays_the_answer(
    client: FlaskClient, app: Flask, smtp: SmtpServer
) -> None:
    smtp.mailbox.delay = 3.0
    started = time.monotonic()
    response = client.post("/api/v1/submissions", json=NEW)
    response.close()
    answered = time.monotonic() - started
    wait_for_mail(app)
    assert response.status_code == 201
    assert answered < 1.5, answered
    assert len(smtp.mailbox.received) == 1


def run_mail_send(indexed: Settings, smtp_url: str) -> Any:
    runner = CliRunner(
        env={
            "CATALOGUE_DATA": str(indexed.data),
            "CATALOGUE_INDEX": str(indexed.index),
            "CATALOGUE_DATABASE_URL": indexed.database_url,
            "CATALOGUE_SMTP_URL": smtp_url,
            "CATALOGUE_MAIL_FROM": "catalogue@example.org",
        }
    )
    return runner.invoke(main, ["mail", "send"])


def later(db: Session) -> None:
    """As if the retry delay had passed."""
    db.exec(update(OutboxMessage).values(next_attempt_at=now() - timedelta(seconds=1)))
    db.commit()


def test_mail_a_server_refuses_is_kept_failed_and_arrives_when_it_accepts_again(
    client: FlaskClient, app: Flask, smtp: SmtpServer, db: Session, indexed: Settings
) -> None:
    smtp.mailbox.refusal = "451 4.3.0 Try again later"
    response = submit(client, app, NEW)
    assert response.status_code == 201
    (message,) = outbox(db)
    assert (message.state, message.attempts) == ("failed", 1)
    assert "451 4.3.0 Try again later" in (message.last_error or "")
    assert message.next_attempt_at is not None
    assert message.next_attempt_at > now()
    result = run_mail_send(indexed, smtp.url)
    assert "Sent 0 messages" in result.output  # not before its retry delay
    smtp.mailbox.refusal = "550 5.7.1 Refused"
    later(db)
    result = run_mail_send(indexed, smtp.url)
    assert result.exit_code == 1
    assert "1 failed" in result.output
    assert "550 5.7.1 Refused" in (outbox(db)[0].last_error or "")
    smtp.mailbox.refusal = None
    later(db)
    result = run_mail_send(indexed, smtp.url)
    assert result.exit_code == 0, result.output
    assert "Sent 1 message to the mail server." in result.output
    (arrived,) = smtp.mailbox.messages()
    assert arrived["To"] == "librarian@example.org"
    (message,) = outbox(db)
    assert (message.state, message.attempts, message.last_error) == ("sent", 3, None)


def test_mail_while_the_server_is_down_arrives_when_it_is_back(
    indexed: Settings, down: SmtpServer
) -> None:
    app = mail_app(indexed, down.url)
    client = app.test_client()
    with Session(app.extensions["catalogue.db"]) as db:
        response = submit(client, app, NEW)
        assert response.status_code == 201  # the contribution is safe
        (message,) = outbox(db)
        assert message.state == "failed"
        assert f"cannot reach the mail server 127.0.0.1:{down.port}" in (message.last_error or "")
        result = run_mail_send(indexed, down.url)
        assert result.exit_code == 0  # nothing was due yet
        down.start()
        try:
            later(db)
            result = run_mail_send(indexed, down.url)
            assert result.exit_code == 0, result.output
            assert [m["To"] for m in down.mailbox.messages()] == ["librarian@example.org"]
            assert outbox(db)[0].state == "sent"
        finally:
            down.stop()
    app.extensions["catalogue.db"].dispose()


def test_without_a_mail_server_mail_is_written_as_eml_files(
    indexed: Settings, tmp_path: Path
) -> None:
    settings = dataclasses.replace(indexed, mail_folder=tmp_path / "mail")
    app = create_app({"TESTING": True, "CATALOGUE_SETTINGS": settings, "SECRET_KEY": "test"})
    client = app.test_client()
    submit(client, app, NEW)
    (written,) = (tmp_path / "mail").glob("*.eml")
    parsed = message_from_bytes(written.read_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    assert parsed["To"] == "librarian@example.org"
    assert "/en/submissions/" in parts(parsed)[0]
    app.extensions["catalogue.db"].dispose()
