"""The database is created and upgraded by migrations that match the tables."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlmodel import Session, SQLModel, select

from catalogue.db import (
    HEAD_REVISION,
    MIGRATIONS,
    Submission,
    is_current,
    make_engine,
    upgrade_database,
)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    made = make_engine(database_url)
    yield made
    made.dispose()


def add_submission(engine: object) -> None:
    with Session(engine) as session:  # type: ignore[call-overload]
        session.add(
            Submission(
                id="s1", token="t1", kind="new", fields="{}", body="b", source="api", sender="x"
            )
        )
        session.commit()


def test_a_new_database_gets_every_table(engine: Engine) -> None:
    upgrade_database(engine)
    tables = set(inspect(engine).get_table_names())
    assert {
        "submission",
        "account",
        "featured",
        "hidden",
        "auditentry",
        "oairecord",
        "submissionfile",
        "alembic_version",
    } <= tables


def test_the_migrations_describe_exactly_the_tables_of_the_code(engine: Engine) -> None:
    upgrade_database(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == [], "a table changed: add a migration (alembic revision --autogenerate)"


def test_upgrading_twice_keeps_the_data(engine: Engine) -> None:
    upgrade_database(engine)
    add_submission(engine)
    upgrade_database(engine)
    with Session(engine) as session:
        assert [s.id for s in session.exec(select(Submission))] == ["s1"]


def test_a_database_made_before_migrations_is_adopted_not_recreated(engine: Engine) -> None:
    # The first development versions made only this table, without migrations.
    SQLModel.metadata.create_all(engine, tables=[Submission.__table__])  # type: ignore[attr-defined]
    add_submission(engine)
    upgrade_database(engine)
    with Session(engine) as session:
        assert [s.id for s in session.exec(select(Submission))] == ["s1"]
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == HEAD_REVISION


def test_workers_know_the_newest_migration(engine: Engine) -> None:
    # A web worker skips loading Alembic when the database is already at this revision;
    # a new migration must move it, or workers would serve an old schema.
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION
    assert not is_current(engine)
    upgrade_database(engine)
    assert is_current(engine)
