"""The database: what is not content (submissions, accounts, featured entries, hidden
practices, the audit log). SQLite by default, PostgreSQL through ``CATALOGUE_DATABASE_URL``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Engine, LargeBinary, Text, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Field, SQLModel, create_engine


def storable(text: str) -> str:
    """``text`` without NUL characters, which PostgreSQL refuses in any text column and
    which never mean anything in a practice, a message or an address."""
    return text.replace("\x00", "")


def now() -> datetime:
    """The current time, in UTC."""
    return datetime.now(UTC)


class Submission(SQLModel, table=True):
    """A contribution as it arrived: stored before anything else can fail, never deleted."""

    id: str = Field(primary_key=True, max_length=32)
    #: The contributor's private link to the status page: unguessable, never listed.
    token: str = Field(index=True, unique=True, max_length=64)
    #: ``new`` practice, ``edit`` of a practice, or ``translation`` of one.
    kind: str = Field(max_length=16)
    target_slug: str | None = Field(default=None, max_length=80)
    #: The target practice's file fingerprint when the edit was made, to show the change.
    target_version: str | None = Field(default=None, max_length=64)
    #: The submitted fields, as JSON, exactly as received.
    fields: str = Field(sa_column=Column(Text, nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    #: Never published, never written to a practice file.
    submitter_email: str | None = Field(default=None, max_length=320)
    #: ``pending``, ``approved``, ``rejected``, or ``invalid`` (kept, not in the queue).
    status: str = Field(default="pending", index=True, max_length=16)
    #: What the coordinator said (a rejection's reason), shown on the status page.
    message: str | None = Field(default=None, sa_column=Column(Text))
    #: The problems found on arrival, as JSON (empty for a valid submission).
    problems: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    slug: str | None = Field(default=None, max_length=80)
    source: str = Field(max_length=8)
    #: A keyed hash of the sender's address, for rate limits; the address is not kept.
    sender: str = Field(index=True, max_length=64)
    created_at: datetime = Field(default_factory=now, index=True)
    decided_at: datetime | None = None
    #: The interface language the contributor used: mail about it is written in it.
    locale: str = Field(default="en", max_length=8)
    #: An imported row's file name and row number, and a fingerprint of its content by
    #: which a second import of the same row is recognised.
    import_source: str | None = Field(default=None, max_length=255)
    import_row: int | None = None
    import_key: str | None = Field(default=None, index=True, max_length=64)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created when missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    return create_engine(url, pool_pre_ping=True)


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The newest migration. A test checks it is Alembic's head.
HEAD_REVISION = "0007"


def is_current(engine: Engine) -> bool:
    """True when the database is at the newest migration.

    Cheap, without Alembic (which takes half a second to load): each web worker asks
    this at start, and only upgrades when ``serve`` has not already done it.
    """
    try:
        with engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version"))
            return version.scalar() == HEAD_REVISION
    except DBAPIError:  # no table yet (or no database): the upgrade will say what is wrong
        return False


def upgrade_database(engine: Engine) -> None:
    """Create the database or bring it to the latest schema, with Alembic's migrations.

    Migrations only add: an upgrade never drops a table or a column that holds data.
    """
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import inspect

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        current = MigrationContext.configure(connection).get_current_revision()
        if current is None and inspect(connection).has_table("submission"):
            # Made by the first development versions, before there were migrations.
            command.stamp(config, "0001")
        command.upgrade(config, "head")


class Account(SQLModel, table=True):
    """A coordinator or an administrator who signs in to the back office."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, unique=True, max_length=320)
    password_hash: str = Field(max_length=255)
    #: ``coordinator`` or ``admin`` (admins also manage accounts).
    role: str = Field(max_length=16)
    active: bool = True
    created_at: datetime = Field(default_factory=now)
    #: Kept in the session at sign-in; signing out or a new password moves it on, which
    #: ends every session of the account, even a copy of its cookie.
    session_version: int = 0
    #: Mail about new submissions: ``each`` one, a ``daily`` digest, or ``off``.
    mail_notices: str = Field(default="each", max_length=8)
    #: The language of that mail.
    mail_locale: str = Field(default="en", max_length=8)
    #: When the last daily digest was made: the next one lists what arrived since.
    digest_at: datetime | None = None


class SignInFailure(SQLModel, table=True):
    """A failed sign-in, counted to slow down password guessing."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, max_length=320)
    sender: str = Field(index=True, max_length=64)
    at: datetime = Field(default_factory=now, index=True)


class Featured(SQLModel, table=True):
    """A practice shown first on the home page, in order, optionally for one locale
    and until a date."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, max_length=80)
    position: int = Field(index=True)
    locale: str | None = Field(default=None, max_length=8)
    #: The first day shown (None: from now on) and the last (None: until removed).
    starts: date | None = None
    until: date | None = None
    note: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=now)


class Hidden(SQLModel, table=True):
    """A practice taken off the site without deleting its file (while facts are checked)."""

    slug: str = Field(primary_key=True, max_length=80)
    reason: str | None = Field(default=None, sa_column=Column(Text))
    hidden_by: str = Field(max_length=320)
    at: datetime = Field(default_factory=now)


class AuditEntry(SQLModel, table=True):
    """Who did what, when: approvals, rejections, featuring, hiding, account changes."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=now, index=True)
    actor: str = Field(max_length=320)
    action: str = Field(index=True, max_length=32)
    subject: str = Field(max_length=320)
    detail: str | None = Field(default=None, sa_column=Column(Text))


def audit(session: Any, actor: str, action: str, subject: str, detail: str | None = None) -> None:
    """Record an action in the audit log (committed with the caller's transaction)."""
    session.add(AuditEntry(actor=actor, action=action, subject=subject, detail=detail))


class SearchLog(SQLModel, table=True):
    """A search made on the site: the words and how many practices it found, nothing
    about who searched."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=now, index=True)
    query: str = Field(index=True, max_length=200)
    results: int
    locale: str = Field(max_length=8)


class OutboxMessage(SQLModel, table=True):
    """A mail message, kept from the moment an action causes it: sent after the answer to
    that action, retried with a growing delay when it fails, never deleted."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=now, index=True)
    #: What caused it (``received``, ``approved``, ``new`` …: ``mail.notices.EVENTS``).
    event: str = Field(max_length=16)
    submission_id: str | None = Field(default=None, index=True, max_length=32)
    recipient: str = Field(max_length=320)
    subject: str = Field(sa_column=Column(Text, nullable=False))
    text_body: str = Field(sa_column=Column(Text, nullable=False))
    html_body: str = Field(sa_column=Column(Text, nullable=False))
    locale: str = Field(max_length=8)
    #: ``queued`` (not tried yet), ``sent``, or ``failed`` (tried again at
    #: ``next_attempt_at``; never again when that is empty).
    state: str = Field(default="queued", index=True, max_length=8)
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, index=True)
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    sent_at: datetime | None = None


class PendingImport(SQLModel, table=True):
    """A spreadsheet uploaded in the back office, kept between its preview and the
    coordinator's "import" (for a day at most), so that the file is not sent twice."""

    id: str = Field(primary_key=True, max_length=32)
    account_id: int = Field(index=True)
    file_name: str = Field(max_length=255)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(default_factory=now, index=True)
    imported_at: datetime | None = None


class Readership(SQLModel, table=True):
    """How often readers of each interface language opened each practice (counts only:
    no reader, address or time is kept), to see which translations are most wanted."""

    slug: str = Field(primary_key=True, max_length=80)
    locale: str = Field(primary_key=True, max_length=8)
    views: int = 0


class OaiRecord(SQLModel, table=True):
    """A practice as OAI-PMH harvesters see it, kept when it is deleted, hidden or made a
    draft (then ``deleted``, a tombstone, forever), so that harvesters learn it is gone."""

    slug: str = Field(primary_key=True, max_length=80)
    #: The UTC day the record last changed: first published, changed, deleted, or back.
    datestamp: date = Field(index=True)
    #: The order of changes: each change takes a number above all before it, so a list
    #: resumed after a record misses nothing that changed meanwhile (a day is too coarse).
    serial: int = Field(index=True)
    deleted: bool = False
    #: Its setSpecs, separated by spaces, with a space at each end (for ``LIKE``).
    sets: str = Field(sa_column=Column(Text, nullable=False))
    #: Its Dublin Core elements (``oai/mapping.py``), as JSON.
    elements: str = Field(sa_column=Column(Text, nullable=False))
    #: A hash of the elements and the sets: a new one is a change harvesters must see.
    fingerprint: str = Field(max_length=64)
    #: A hash of what the record was made from (the practice's files as indexed, the
    #: vocabularies): while it is the same, the record is not made again.
    source: str = Field(max_length=64)


class SubmissionFile(SQLModel, table=True):
    """A file sent with a contribution (an image or a material), kept on disk under the
    uploads folder by its content's SHA-256 until its submission is decided and the
    retention period has passed (``media/uploads.py``)."""

    id: int | None = Field(default=None, primary_key=True)
    submission_id: str = Field(index=True, max_length=32)
    #: ``images`` or ``materials``: the field whose entry names the file.
    field: str = Field(max_length=16)
    #: The name it was sent under, which the entry's ``file`` gives.
    name: str = Field(max_length=255)
    digest: str = Field(index=True, max_length=64)
    #: The type read from its content (``media/probe.py``), its size, an image's size.
    type: str = Field(max_length=8)
    size: int
    width: int = 0
    height: int = 0
    #: For an image: the contributor said everyone shown agreed to be published.
    consent: bool = False
    created_at: datetime = Field(default_factory=now)
    #: When the file was removed from the uploads folder (after the retention period).
    purged_at: datetime | None = None
