"""Session version of each account, so that signing out ends every copy of a session

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database adopted from before migrations (only `submission`) has no account table.
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table("account"):
        return
    if "session_version" in {column["name"] for column in inspector.get_columns("account")}:
        return
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("session_version")
