"""Mail without a network: what each message says, its headers, the outbox's states and
retries, digests, and the SMTP setting."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlmodel import Session, select

from catalogue.accounts import add_account
from catalogue.db import Account, OutboxMessage, Submission, make_engine, now, upgrade_database
from catalogue.mail import letters, notices, outbox
from catalogue.mail.addresses import AddressRefused, recipient_address, sender_address
from catalogue.mail.language import Translator
from catalogue.mail.sending import envelope, send_due
from catalogue.mail.transport import BadSmtpUrl, FolderTransport, SmtpServer, parse_smtp_url
from catalogue.settings import SettingError, load_settings

SITE = notices.Site("https://practices.example.org", "en")
PASSWORD = "a long enough password"


@pytest.fixture
def db(database_url: str) -> Iterator[Session]:
    engine = make_engine(database_url)
    upgrade_database(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


def submission(db: Session, title: str = "Tea and talk in Riga", **values: object) -> Submission:
    fields = {"title": title, "lang": "en", "country": "LV"}
    identifier = str(values.pop("id", "s1"))
    made = Submission(
        id=identifier,
        token="private-token" if identifier == "s1" else f"token-{identifier}",
        kind="new",
        fields=json.dumps(fields),
        body="b",
        source="web",
        sender="x",
        status="pending",
        submitter_email=values.pop("email", "librarian@example.org"),  # type: ignore[arg-type]
        **values,  # type: ignore[arg-type]
    )
    db.add(made)
    db.commit()
    return made


@pytest.mark.parametrize(
    ("url", "server"),
    [
        ("smtp://mail.example.org", SmtpServer("mail.example.org", 25)),
        (
            "smtps://u:p%40ss@mail.example.org",
            SmtpServer("mail.example.org", 465, "u", "p@ss", True),
        ),
        (
            "smtp://u:pw@mail.example.org:587?starttls=1",
            SmtpServer("mail.example.org", 587, "u", "pw", starttls=True),
        ),
    ],
)
def test_the_smtp_url_names_server_port_account_and_encryption(
    url: str, server: SmtpServer
) -> None:
    assert parse_smtp_url(url) == server


@pytest.mark.parametrize(
    "url",
    [
        "http://mail.example.org",
        "smtp://",
        "smtp://mail.example.org:port",
        "smtps://mail.example.org?starttls=1",
        "smtp://mail.example.org/path",
        "smtp://mail.example.org?tls=1",
    ],
)
def test_a_wrong_smtp_url_stops_the_catalogue_saying_what_is_right(url: str) -> None:
    with pytest.raises(SettingError, match="CATALOGUE_SMTP_URL"):
        load_settings({"CATALOGUE_SMTP_URL": url})


def test_an_smtp_password_is_never_shown() -> None:
    with pytest.raises(BadSmtpUrl) as refused:
        parse_smtp_url("smtp://user:s3cret@mail.example.org:x")
    assert "s3cret" not in str(refused.value)
    assert "s3cret" not in repr(parse_smtp_url("smtp://user:s3cret@mail.example.org"))


def test_the_sender_defaults_to_the_public_host_and_a_wrong_one_is_refused() -> None:
    settings = load_settings({"CATALOGUE_BASE_URL": "https://practices.example.org"})
    assert settings.mail_from == "catalogue@practices.example.org"
    assert load_settings({"CATALOGUE_MAIL_FROM": "Catalogue <c@example.org>"}).mail_from == (
        "Catalogue <c@example.org>"
    )
    with pytest.raises(SettingError, match="CATALOGUE_MAIL_FROM"):
        load_settings({"CATALOGUE_MAIL_FROM": "c@example.org\r\nBcc: x@evil.example"})


@pytest.mark.parametrize(
    "address",
    [
        "librarian@example.org\r\nBcc: x@evil.example",
        "librarian@example.org\nBcc: x@evil.example",
        "librarian@example.org, x@evil.example",
        "Librarian <librarian@example.org>",
        "not an address",
        "librarian@localhost",
    ],
)
def test_only_a_plain_address_can_be_a_recipient(address: str) -> None:
    with pytest.raises(AddressRefused):
        recipient_address(address)
    assert recipient_address(" Librarian@Example.ORG ") == "Librarian@example.org"
    assert sender_address("Łódź library <library@example.org>") == (
        "Łódź library <library@example.org>"
    )


def test_a_message_has_both_parts_with_the_same_words_and_the_html_escaped() -> None:
    letter = letters.receipt(Translator("en"), "Club <script>x</script> & tea", "https://s/1")
    message = OutboxMessage(
        id=7,
        event="received",
        recipient="librarian@example.org",
        subject=letter.subject,
        text_body=outbox.plain_text(letter),
        html_body=outbox.html(letter),
        locale="en",
        created_at=now(),
    )
    built = message_from_bytes(
        envelope(message, "Catalogue <c@example.org>").as_bytes(), policy=policy.default
    )
    assert isinstance(built, EmailMessage)
    assert built["Subject"] == "We received your contribution: Club <script>x</script> & tea"
    plain = built.get_body(("plain",))
    rich = built.get_body(("html",))
    assert plain is not None
    assert rich is not None
    assert "https://s/1" in plain.get_content()
    assert '<a href="https://s/1">' in rich.get_content()
    assert "<script>" not in rich.get_content()
    assert "Club &lt;script&gt;x&lt;/script&gt; &amp; tea" in rich.get_content()
    assert built["Message-ID"].endswith("@example.org>")
    assert built["Auto-Submitted"] == "auto-generated"


def test_a_title_with_line_breaks_stays_in_one_subject_line(db: Session) -> None:
    made = submission(db, title="Club\r\nBcc: x@evil.example\r\n\r\nbody")
    (message,) = notices.received(db, made, SITE)
    db.commit()
    raw = envelope(message, "c@example.org").as_bytes()
    headers = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\r\nBcc:" not in headers
    assert b"Subject: We received your contribution: Club Bcc: x@evil.example body" in headers
    assert message_from_bytes(raw)["To"] == "librarian@example.org"


def test_an_address_that_cannot_receive_is_kept_failed_with_why_and_never_tried(
    db: Session, tmp_path: Path
) -> None:
    made = submission(db, email="librarian@example.org\r\nBcc: x@evil.example")
    (message,) = notices.received(db, made, SITE)
    db.commit()
    assert (message.state, message.attempts, message.next_attempt_at) == ("failed", 0, None)
    assert "line break" in (message.last_error or "")
    report = send_due(db, FolderTransport(tmp_path / "mail"), "c@example.org")
    assert (report.sent, report.failed) == (0, 0)
    assert not (tmp_path / "mail").exists()


def test_failures_wait_longer_each_time_and_stop_after_two_days() -> None:
    delays = [outbox.retry_delay(attempt) for attempt in range(1, outbox.MAX_ATTEMPTS + 1)]
    assert delays[:4] == [timedelta(minutes=minutes) for minutes in (5, 10, 20, 40)]
    assert max(delays) == timedelta(hours=6)
    assert timedelta(days=1) < sum(delays[:-1], timedelta()) < timedelta(days=3)


def test_a_message_is_taken_by_one_sender_only(db: Session) -> None:
    (message,) = notices.received(db, submission(db), SITE)
    db.commit()
    assert message.id is not None
    taken = outbox.claim(db, message.id, now())
    assert taken is not None
    assert taken.attempts == 1
    assert outbox.claim(db, message.id, now()) is None  # the first holds it
    later = now() + outbox.LEASE + timedelta(seconds=1)
    assert outbox.claim(db, message.id, later) is not None  # its sender died: due again


def test_a_message_given_up_goes_again_when_a_coordinator_retries_it(db: Session) -> None:
    (message,) = notices.received(db, submission(db), SITE)
    db.commit()
    message.attempts = outbox.MAX_ATTEMPTS - 1
    taken = outbox.claim(db, message.id or 0, now())
    assert taken is not None
    outbox.record_failure(db, taken, "550 no", now())
    assert (taken.state, taken.next_attempt_at) == ("failed", None)
    assert outbox.due(db, now() + timedelta(days=30), 10) == []
    outbox.retry_now(db, taken.id or 0)
    assert outbox.due(db, now(), 10) == [taken.id]


def test_written_mail_is_a_whole_eml_file(db: Session, tmp_path: Path) -> None:
    (message,) = notices.received(db, submission(db), SITE)
    db.commit()
    report = send_due(db, FolderTransport(tmp_path / "mail"), "c@example.org")
    assert report.sent == 1
    (written,) = (tmp_path / "mail").iterdir()
    assert written.suffix == ".eml"
    assert written.stat().st_mode & 0o077 == 0
    parsed = message_from_bytes(written.read_bytes(), policy=policy.default)
    assert parsed["To"] == "librarian@example.org"
    db.refresh(message)
    assert (message.state, message.attempts, message.last_error) == ("sent", 1, None)


def coordinator(db: Session, email: str, notices_choice: str, **values: object) -> Account:
    account = add_account(db, email, PASSWORD, "coordinator", "test")
    account.mail_notices = notices_choice
    for name, value in values.items():
        setattr(account, name, value)
    db.add(account)
    db.commit()
    return account


def test_each_coordinator_hears_of_a_contribution_as_they_chose(db: Session) -> None:
    coordinator(db, "each@example.org", "each", mail_locale="fr")
    coordinator(db, "daily@example.org", "daily")
    coordinator(db, "off@example.org", "off")
    coordinator(db, "stopped@example.org", "each", active=False)
    messages = notices.received(db, submission(db), SITE)
    db.commit()
    sent_to = {message.recipient: message for message in messages}
    assert set(sent_to) == {"librarian@example.org", "each@example.org"}
    notice = sent_to["each@example.org"]
    assert "https://practices.example.org/fr/admin/submissions/s1" in notice.text_body
    assert "https://practices.example.org/fr/admin/mail/preferences" in notice.text_body
    assert notice.locale == "fr"


def test_a_daily_coordinator_gets_one_summary_a_day_of_what_waits(db: Session) -> None:
    start = now() - timedelta(days=1, minutes=1)
    coordinator(db, "daily@example.org", "daily", digest_at=start)
    submission(db, "First practice", id="s1")
    submission(db, "Second practice", id="s2")
    (digest,) = notices.digests(db, SITE, now())
    db.commit()
    assert digest.subject == "2 contributions to review"
    assert "First practice\nhttps://practices.example.org/en/admin/submissions/s1" in (
        digest.text_body
    )
    assert "Second practice\nhttps://practices.example.org/en/admin/submissions/s2" in (
        digest.text_body
    )
    assert notices.digests(db, SITE, now()) == []  # not again the same day
    later = now() + timedelta(days=1, minutes=1)
    assert notices.digests(db, SITE, later) == []  # nothing new arrived: no empty summary


def test_the_contributor_reads_the_decision_in_the_language_of_the_contribution(
    db: Session,
) -> None:
    made = submission(db, locale="fr", message="Merci d'ajouter le coût.")
    made.slug = "tea-in-riga"
    (approved,) = notices.decided(db, "approved", made, SITE)
    (changes,) = notices.decided(db, "changes", made, SITE)
    assert "https://practices.example.org/fr/practices/tea-in-riga" in approved.text_body
    assert "> Merci d'ajouter le coût." in changes.text_body
    assert "https://practices.example.org/fr/submissions/private-token" in changes.text_body
    assert approved.locale == changes.locale == "fr"
    # The closing line is in the French catalogue already.
    assert Translator("fr")("Library practices for integration") in approved.text_body
    assert Translator("fr")("Library practices for integration") != (
        "Library practices for integration"
    )


def test_without_an_address_the_contributor_gets_nothing(db: Session) -> None:
    made = submission(db, email=None)
    assert notices.decided(db, "rejected", made, SITE) == []
    assert db.exec(select(OutboxMessage)).all() == []


def test_an_import_is_told_once_with_a_link_to_the_imported_rows(db: Session) -> None:
    coordinator(db, "each@example.org", "each", mail_locale="lv")
    coordinator(db, "importer@example.org", "each")
    (notice,) = notices.imported(db, 3, "partners.xlsx", SITE, by="importer@example.org")
    db.commit()
    assert notice.recipient == "each@example.org"  # not the coordinator who imported it
    link = "https://practices.example.org/lv/admin/submissions?source=import"
    assert link in notice.text_body
