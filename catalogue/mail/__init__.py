"""Mail about contributions: queued in the outbox by the action that causes it, sent
after the answer (or by ``catalogue mail send``), retried when it fails, and visible to
coordinators when it does. One module per concern: ``letters`` (what each says),
``compose`` (its text and HTML), ``outbox`` (the table), ``notices`` (who hears of
what), ``sending`` and ``transport`` (how it leaves), ``site`` (the web's side)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from catalogue.db import Submission

logger = logging.getLogger(__name__)


def notify(session: Session, event: str, submission: Submission) -> None:
    """Queue the mail that ``event`` (``received``, ``approved``, ``rejected`` or
    ``changes``) on ``submission`` causes, and send it after the answer to this request.

    Called once the action has succeeded, and never raises: mail that cannot even be
    queued is logged, and must not undo what the coordinator or contributor did.
    """
    from catalogue.mail import notices
    from catalogue.mail.site import current_site, send_after_response

    try:
        site = current_site()
        if event == "received":
            messages = notices.received(session, submission, site)
        else:
            messages = notices.decided(session, event, submission, site)
        session.commit()
    except Exception:
        logger.exception("mail about submission %s (%s) was not queued", submission.id, event)
        session.rollback()
        return
    send_after_response([message.id for message in messages])


def notify_import(session: Session, count: int, file_name: str, *, by: str | None) -> None:
    """Tell coordinators (but ``by``, who made it) that ``count`` rows were imported from
    ``file_name``; like ``notify``, never raises."""
    from catalogue.mail import notices
    from catalogue.mail.site import current_site, send_after_response

    try:
        messages = notices.imported(session, count, file_name, current_site(), by=by)
        session.commit()
    except Exception:
        logger.exception("mail about the import of %s was not queued", file_name)
        session.rollback()
        return
    send_after_response([message.id for message in messages])
