"""The database: what is not content (submissions now; accounts, featured entries, audit
log to come). SQLite by default, PostgreSQL through ``CATALOGUE_DATABASE_URL``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Column, Engine, Text
from sqlalchemy.engine import make_url
from sqlmodel import Field, SQLModel, create_engine


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


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created when missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    return create_engine(url, pool_pre_ping=True)


def create_database(engine: Engine) -> None:
    """Create every table that does not exist yet."""
    SQLModel.metadata.create_all(engine)
