"""Sending what the outbox holds: each message claimed, built with the standard library's
header handling, handed to the transport, and its outcome recorded."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from sqlmodel import Session

from catalogue.db import OutboxMessage, now
from catalogue.mail import outbox
from catalogue.mail.addresses import AddressRefused, recipient_address
from catalogue.mail.letters import one_line
from catalogue.mail.transport import (
    DeliveryFailed,
    FolderTransport,
    SmtpTransport,
    Transport,
    parse_smtp_url,
)
from catalogue.settings import Settings

#: The most messages one run sends: a long outage's backlog drains over a few runs.
BATCH = 200


@dataclass
class SendReport:
    """What a run did."""

    sent: int = 0
    failed: int = 0
    #: Why the mail server could not be reached, when it could not (the run stopped).
    unreachable: str | None = None


def transport_for(settings: Settings) -> Transport | None:
    """The SMTP server of the settings, else their mail folder; None when neither is set
    (settings made in code): then mail stays queued."""
    if settings.smtp_url:
        return SmtpTransport(parse_smtp_url(settings.smtp_url))
    if settings.mail_folder is not None:
        return FolderTransport(Path(settings.mail_folder))
    return None


def envelope(message: OutboxMessage, sender: str) -> EmailMessage:
    """The message as it is sent. Raises AddressRefused for a recipient that is not an
    address; every header value is one line, so nothing typed can add a header."""
    built = EmailMessage(policy=policy.SMTP)
    built["From"] = sender
    built["To"] = recipient_address(message.recipient)
    built["Subject"] = one_line(message.subject)
    built["Date"] = format_datetime(message.created_at)
    built["Message-ID"] = make_msgid(f"outbox.{message.id}", domain=_domain(sender))
    built["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies, please
    built["X-Catalogue-Outbox"] = str(message.id)
    built.set_content(message.text_body)
    built.add_alternative(message.html_body, subtype="html")
    built["Content-Language"] = message.locale  # after the bodies: set_content drops it
    return built


def _domain(sender: str) -> str:
    # make_msgid would otherwise ask the network for this machine's name.
    return Address(addr_spec=parseaddr(sender)[1]).domain or "localhost"


def send_due(
    session: Session,
    transport: Transport,
    sender: str,
    *,
    ids: Iterable[int] | None = None,
    limit: int = BATCH,
) -> SendReport:
    """Send the messages that are due (or those of ``ids`` among them), oldest first.

    When the mail server cannot be reached the run stops after recording that on the
    message it was sending; the others keep their turn for the next run.
    """
    report = SendReport()
    with transport:
        for message_id in outbox.due(session, now(), limit, ids):
            message = outbox.claim(session, message_id, now())
            if message is None:
                continue  # another sender took it
            try:
                transport.deliver(envelope(message, sender))
            except AddressRefused as refused:
                outbox.record_failure(session, message, str(refused), now(), final=True)
                report.failed += 1
            except DeliveryFailed as failure:
                outbox.record_failure(session, message, failure.reason, now())
                report.failed += 1
                if failure.connection:
                    report.unreachable = failure.reason
                    break
            else:
                outbox.record_sent(session, message, now())
                report.sent += 1
    return report
