"""The outbox: every message is recorded before anything tries to send it, and keeps its
state, its attempts and its last error. Sending claims a message first, so that two
senders (a web worker after an answer, and the timer's ``catalogue mail send``) never
send the same message twice."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from catalogue.db import OutboxMessage, now
from catalogue.mail.addresses import AddressRefused, recipient_address
from catalogue.mail.compose import html, plain_text
from catalogue.mail.letters import Letter

STATES = ("queued", "sent", "failed")
#: The delay after the first failure; it doubles with each failure, up to ``MAX_DELAY``.
FIRST_DELAY = timedelta(minutes=5)
MAX_DELAY = timedelta(hours=6)
#: After this many attempts (about two days of retries) a message is left failed until a
#: coordinator retries it.
MAX_ATTEMPTS = 12
#: How long a sender owns a message it took; past that (its process died) it is due again.
LEASE = timedelta(minutes=10)


def queue(
    session: Session,
    letter: Letter,
    recipient: str,
    event: str,
    submission_id: str | None = None,
) -> OutboxMessage:
    """Record a message for ``recipient`` (added to the session, not committed).

    An address that cannot receive mail is recorded all the same, as failed with the
    reason and never tried, so that coordinators see why nobody heard from them.
    """
    message = OutboxMessage(
        event=event,
        submission_id=submission_id,
        recipient=recipient[:320],
        subject=letter.subject,
        text_body=plain_text(letter),
        html_body=html(letter),
        locale=letter.locale,
        next_attempt_at=now(),
    )
    try:
        message.recipient = recipient_address(recipient)
    except AddressRefused as refused:
        message.state, message.last_error, message.next_attempt_at = "failed", str(refused), None
    session.add(message)
    return message


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: 5 min, 10, 20 … up to 6 h."""
    delay: timedelta = FIRST_DELAY * 2 ** max(attempts - 1, 0)
    return min(delay, MAX_DELAY)


def due(session: Session, at: datetime, limit: int, ids: Iterable[int] | None = None) -> list[int]:
    """Ids of the messages to try at ``at``, the longest waiting first."""
    statement = (
        select(OutboxMessage.id)
        .where(col(OutboxMessage.state) != "sent", col(OutboxMessage.next_attempt_at) <= at)
        .order_by(col(OutboxMessage.next_attempt_at), col(OutboxMessage.id))
        .limit(limit)
    )
    if ids is not None:
        statement = statement.where(col(OutboxMessage.id).in_(list(ids)))
    return [int(found) for found in session.exec(statement) if found is not None]


def claim(session: Session, message_id: int, at: datetime) -> OutboxMessage | None:
    """Take a due message for one attempt, or None if another sender has it or sent it."""
    taken = session.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.id) == message_id,
            col(OutboxMessage.state) != "sent",
            col(OutboxMessage.next_attempt_at) <= at,
        )
        .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=at + LEASE)
    )
    session.commit()
    if taken.rowcount != 1:
        return None
    return session.get(OutboxMessage, message_id, populate_existing=True)


def record_sent(session: Session, message: OutboxMessage, at: datetime) -> None:
    """The message went."""
    message.state, message.sent_at, message.next_attempt_at = "sent", at, None
    message.last_error = None
    session.add(message)
    session.commit()


def record_failure(
    session: Session, message: OutboxMessage, reason: str, at: datetime, *, final: bool = False
) -> None:
    """The attempt failed: try again later, or never (``final``, or too many attempts)."""
    message.state, message.last_error = "failed", reason
    retry = not final and message.attempts < MAX_ATTEMPTS
    message.next_attempt_at = at + retry_delay(message.attempts) if retry else None
    session.add(message)
    session.commit()


def retry_now(session: Session, message_id: int) -> OutboxMessage | None:
    """Make a message that was not sent due at once (a coordinator's "retry now")."""
    message = session.get(OutboxMessage, message_id)
    if message is None or message.state == "sent":
        return None
    message.next_attempt_at = now()
    session.add(message)
    session.commit()
    return message


def unsent(session: Session, limit: int = 200) -> list[OutboxMessage]:
    """Messages not sent yet, failed first, then the newest."""
    statement = (
        select(OutboxMessage)
        .where(col(OutboxMessage.state) != "sent")
        .order_by(col(OutboxMessage.state) != "failed", col(OutboxMessage.created_at).desc())
        .limit(limit)
    )
    return list(session.exec(statement))


def count_by_state(session: Session) -> dict[str, int]:
    """How many messages are in each state."""
    statement = select(OutboxMessage.state, func.count()).group_by(col(OutboxMessage.state))
    counts = dict.fromkeys(STATES, 0)
    counts.update({str(state): int(number) for state, number in session.exec(statement)})
    return counts
