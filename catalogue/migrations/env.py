"""Alembic's environment: the catalogue's tables, on the connection given by db.py."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import catalogue.db  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
