"""Search log for coordinators' insight

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "searchlog",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("query", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("results", sa.Integer(), nullable=False),
        sa.Column("locale", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("searchlog", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_searchlog_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_searchlog_query"), ["query"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("searchlog", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_searchlog_query"))
        batch_op.drop_index(batch_op.f("ix_searchlog_at"))

    op.drop_table("searchlog")
