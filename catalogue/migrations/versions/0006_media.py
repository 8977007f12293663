"""Media: the files kept with a submission until it is approved

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Idempotent: a run stopped halfway, or a table made by an earlier build, is kept.
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table("submissionfile"):
        op.create_table(
            "submissionfile",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("submission_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
            sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
            sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
            sa.Column("digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
            sa.Column("type", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
            sa.Column("size", sa.Integer(), nullable=False),
            sa.Column("width", sa.Integer(), nullable=False),
            sa.Column("height", sa.Integer(), nullable=False),
            sa.Column("consent", sa.Boolean(), nullable=False),
            sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
            sa.Column("purged_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
            sa.PrimaryKeyConstraint("id"),
        )
    indexes = {index["name"] for index in sa.inspect(op.get_bind()).get_indexes("submissionfile")}
    with op.batch_alter_table("submissionfile", schema=None) as batch_op:
        for column in ("submission_id", "digest"):
            name = batch_op.f(f"ix_submissionfile_{column}")
            if name not in indexes:
                batch_op.create_index(name, [column], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("submissionfile", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submissionfile_digest"))
        batch_op.drop_index(batch_op.f("ix_submissionfile_submission_id"))
    op.drop_table("submissionfile")
