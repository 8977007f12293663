"""OAI-PMH: every published practice's datestamp, and tombstones of those deleted, hidden or drafted

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("oairecord"):
        return
    op.create_table(
        "oairecord",
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("datestamp", sa.Date(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("sets", sa.Text(), nullable=False),
        sa.Column("elements", sa.Text(), nullable=False),
        sa.Column("fingerprint", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("slug"),
    )
    with op.batch_alter_table("oairecord", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_oairecord_datestamp"), ["datestamp"], unique=False)
        batch_op.create_index(batch_op.f("ix_oairecord_serial"), ["serial"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("oairecord", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oairecord_serial"))
        batch_op.drop_index(batch_op.f("ix_oairecord_datestamp"))

    op.drop_table("oairecord")
