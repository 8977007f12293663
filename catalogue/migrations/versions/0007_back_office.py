"""The back office: a first day for featured entries, and readers' languages per practice

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if inspector.has_table("featured") and "starts" not in {
        column["name"] for column in inspector.get_columns("featured")
    }:
        with op.batch_alter_table("featured", schema=None) as batch_op:
            batch_op.add_column(sa.Column("starts", sa.Date(), nullable=True))
    if not inspector.has_table("readership"):
        op.create_table(
            "readership",
            sa.Column("slug", sa.String(length=80), nullable=False),
            sa.Column("locale", sa.String(length=8), nullable=False),
            sa.Column("views", sa.Integer(), nullable=False, server_default="0"),
            sa.PrimaryKeyConstraint("slug", "locale"),
        )


def downgrade() -> None:
    op.drop_table("readership")
    with op.batch_alter_table("featured", schema=None) as batch_op:
        batch_op.drop_column("starts")
