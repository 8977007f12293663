"""Who hears of what: the contributor of each step of their contribution, coordinators of
each new one (or once a day, or never, as each chooses)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from catalogue.db import Account, OutboxMessage, Submission
from catalogue.i18n import LOCALES
from catalogue.mail import letters
from catalogue.mail.language import Translator
from catalogue.mail.outbox import queue

#: What causes mail, as recorded in the outbox.
EVENTS = ("received", "approved", "rejected", "changes", "new", "digest", "imported")
#: A coordinator's choice: a message for ``each`` new contribution, one ``daily``, or none.
NOTICE_CHOICES = ("each", "daily", "off")
DIGEST_EVERY = timedelta(days=1)


@dataclass(frozen=True)
class Site:
    """Where the links in mail point, and the interface language of the request (or
    command) that caused it."""

    base_url: str
    locale: str

    def url(self, path: str) -> str:
        """``path`` on the public address."""
        return self.base_url.rstrip("/") + path


def coordinators(session: Session) -> list[Account]:
    """Every active account that reviews contributions (administrators too)."""
    statement = select(Account).where(
        col(Account.active), col(Account.role).in_(("coordinator", "admin"))
    )
    return list(session.exec(statement.order_by(col(Account.id))))


def _title(submission: Submission) -> str:
    return str(json.loads(submission.fields).get("title") or submission.id)


def _kind(_: Translator, submission: Submission) -> str:
    if submission.kind == "edit":
        return _("Change to %(slug)s", slug=submission.target_slug)
    if submission.kind == "translation":
        return _("Translation of %(slug)s", slug=submission.target_slug)
    return _("New practice")


def _status_url(site: Site, submission: Submission) -> str:
    return site.url(f"/{submission.locale}/submissions/{submission.token}")


def _preferences_url(site: Site, account: Account) -> str:
    return site.url(f"/{account.mail_locale}/admin/mail/preferences")


def received(session: Session, submission: Submission, site: Site) -> list[OutboxMessage]:
    """A receipt for the contributor; a notice for each coordinator who wants one.

    The submission keeps the interface language it came in (for an imported row, its
    text's language when the site speaks it): everything later is written in it.
    """
    lang = str(json.loads(submission.fields).get("lang", ""))
    imported = submission.source == "import"
    submission.locale = lang if imported and lang in LOCALES else site.locale
    session.add(submission)
    title, messages = _title(submission), []
    if submission.submitter_email:
        letter = letters.receipt(
            Translator(submission.locale), title, _status_url(site, submission)
        )
        messages.append(
            queue(session, letter, submission.submitter_email, "received", submission.id)
        )
    if imported:
        return messages  # coordinators hear of an import once (``imported``), not per row
    for account in coordinators(session):
        if account.mail_notices != "each":
            continue
        _ = Translator(account.mail_locale)
        review = site.url(f"/{account.mail_locale}/admin/submissions/{submission.id}")
        letter = letters.new_submission(
            _, title, _kind(_, submission), review, _preferences_url(site, account)
        )
        messages.append(queue(session, letter, account.email, "new", submission.id))
    return messages


def decided(
    session: Session, event: str, submission: Submission, site: Site
) -> list[OutboxMessage]:
    """The contributor hears that it was approved, rejected, or sent back for changes."""
    if not submission.submitter_email:
        return []
    _ = Translator(submission.locale)
    title, status = _title(submission), _status_url(site, submission)
    if event == "approved":
        slug = submission.slug or submission.target_slug
        letter = letters.approved(_, title, site.url(f"/{submission.locale}/practices/{slug}"))
    elif event == "rejected":
        letter = letters.rejected(_, title, submission.message or "", status)
    else:
        letter = letters.changes_requested(_, title, submission.message or "", status)
    return [queue(session, letter, submission.submitter_email, event, submission.id)]


def imported(
    session: Session, count: int, file_name: str, site: Site, *, by: str | None = None
) -> list[OutboxMessage]:
    """Coordinators who want each notice hear once of an import (not who made it)."""
    messages = []
    for account in coordinators(session):
        if account.mail_notices != "each" or account.email == by or count == 0:
            continue
        queue_of_imports = site.url(f"/{account.mail_locale}/admin/submissions?source=import")
        letter = letters.imported(
            Translator(account.mail_locale),
            count,
            file_name,
            queue_of_imports,
            _preferences_url(site, account),
        )
        messages.append(queue(session, letter, account.email, "imported"))
    return messages


def digests(session: Session, site: Site, at: datetime) -> list[OutboxMessage]:
    """A summary for each coordinator who chose one a day and whose last is a day old:
    the contributions received since that still wait (none is sent when none does)."""
    messages = []
    for account in coordinators(session):
        if account.mail_notices != "daily":
            continue
        since = account.digest_at
        if since is not None and at - since < DIGEST_EVERY:
            continue
        if not _take_digest(session, account, since, at) or since is None:
            continue  # another run made it; or the first run only starts the clock
        items = _received_between(session, since, at)
        if items:
            _ = Translator(account.mail_locale)
            links = [
                (_title(s), site.url(f"/{account.mail_locale}/admin/submissions/{s.id}"))
                for s in items
            ]
            dashboard = site.url(f"/{account.mail_locale}/admin/submissions")
            letter = letters.digest(_, links, dashboard, _preferences_url(site, account))
            messages.append(queue(session, letter, account.email, "digest"))
    return messages


def _take_digest(session: Session, account: Account, since: datetime | None, at: datetime) -> bool:
    """Move the account's digest time from ``since`` to ``at``, unless another run did."""
    statement = update(Account).where(col(Account.id) == account.id).values(digest_at=at)
    if since is None:
        statement = statement.where(col(Account.digest_at).is_(None))
    else:
        statement = statement.where(col(Account.digest_at) == since)
    taken = session.exec(statement).rowcount == 1
    session.commit()
    return taken


def _received_between(session: Session, since: datetime, until: datetime) -> list[Submission]:
    statement = (
        select(Submission)
        .where(
            col(Submission.created_at) > since,
            col(Submission.created_at) <= until,
            col(Submission.status) == "pending",
        )
        .order_by(col(Submission.created_at))
    )
    return list(session.exec(statement))
