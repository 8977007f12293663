"""The coordinators' pipeline: the mail outbox, mail preferences, imported submissions

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _submission_columns() -> list[sa.Column]:
    return [
        sa.Column(
            "locale",
            sqlmodel.sql.sqltypes.AutoString(length=8),
            nullable=False,
            server_default="en",
        ),
        sa.Column("import_source", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("import_row", sa.Integer(), nullable=True),
        sa.Column("import_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    ]


def _account_columns() -> list[sa.Column]:
    return [
        sa.Column(
            "mail_notices",
            sqlmodel.sql.sqltypes.AutoString(length=8),
            nullable=False,
            server_default="each",
        ),
        sa.Column(
            "mail_locale",
            sqlmodel.sql.sqltypes.AutoString(length=8),
            nullable=False,
            server_default="en",
        ),
        sa.Column("digest_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    ]


def _add_missing_columns(inspector, table, columns) -> None:
    """Add the columns ``table`` lacks (none when a run stopped halfway is run again)."""
    if not inspector.has_table(table):
        return  # adopted from before migrations: 0001 made what it made
    present = {column["name"] for column in inspector.get_columns(table)}
    missing = [column for column in columns if column.name not in present]
    if not missing:
        return
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in missing:
            batch_op.add_column(column)


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    _add_missing_columns(inspector, "submission", _submission_columns())
    _add_missing_columns(inspector, "account", _account_columns())
    inspector = sa.inspect(op.get_bind())
    indexes = {index["name"] for index in inspector.get_indexes("submission")}
    if "ix_submission_import_key" not in indexes:
        with op.batch_alter_table("submission", schema=None) as batch_op:
            batch_op.create_index("ix_submission_import_key", ["import_key"], unique=False)
    if not inspector.has_table("outboxmessage"):
        _create_outbox()
    if not inspector.has_table("pendingimport"):
        _create_pending_import()


def _create_outbox() -> None:
    op.create_table(
        "outboxmessage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("event", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("submission_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("recipient", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text(), nullable=False),
        sa.Column("locale", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        for name in ("created_at", "submission_id", "state", "next_attempt_at"):
            batch_op.create_index(f"ix_outboxmessage_{name}", [name], unique=False)


def _create_pending_import() -> None:
    op.create_table(
        "pendingimport",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("imported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pendingimport", schema=None) as batch_op:
        for name in ("account_id", "created_at"):
            batch_op.create_index(f"ix_pendingimport_{name}", [name], unique=False)


def downgrade() -> None:
    op.drop_table("pendingimport")
    op.drop_table("outboxmessage")
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.drop_index("ix_submission_import_key")
        for name in ("import_key", "import_row", "import_source", "locale"):
            batch_op.drop_column(name)
    with op.batch_alter_table("account", schema=None) as batch_op:
        for name in ("digest_at", "mail_locale", "mail_notices"):
            batch_op.drop_column(name)
