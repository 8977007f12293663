"""Fixtures build on one another: data folder -> settings -> index -> app -> client."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from catalogue import create_app
from catalogue.content.fields import Context
from catalogue.content.vocabularies import Vocabularies, load_vocabularies
from catalogue.indexing import IndexReport, context_fingerprint, update_index
from catalogue.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = Path(__file__).resolve().parent / "data"
TODAY = date(2026, 11, 25)

#: The fields of a valid original practice; tests change one thing at a time.
VALID_FIELDS: dict[str, Any] = {
    "title": "Polish conversation club for Ukrainian women",
    "summary": "Weekly conversation meetings in Polish, led by volunteers, with childcare.",
    "lang": "en",
    "country": "PL",
    "city": "Łódź",
    "organisation": "Municipal Public Library (example)",
    "target_groups": ["refugees", "women"],
    "activity_types": ["conversation-club", "language-learning"],
    "languages": ["pl", "uk"],
    "added": "2025-03-14",
}


def practice_text(fields: dict[str, Any], body: str = "## Context\n\nA body.\n") -> str:
    """A practice file with ``fields`` as front matter, one key per line, in order."""
    lines = [f"{key}: {_yaml_value(value)}" for key, value in fields.items()]
    return "---\n" + "".join(f"{line}\n" for line in lines) + f"---\n{body}"


def _yaml_value(value: Any) -> str:
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
    return dumped.strip().removesuffix("...").strip()


@pytest.fixture(scope="session")
def vocabularies() -> Vocabularies:
    return load_vocabularies(ROOT / "data" / "vocabularies")


@pytest.fixture
def context(vocabularies: Vocabularies) -> Context:
    return Context(vocabularies, TODAY)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A catalogue data folder with the real vocabularies and the small test corpus."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "vocabularies", data / "vocabularies")
    shutil.copytree(TEST_DATA / "corpus" / "practices", data / "practices")
    return data


@pytest.fixture
def write_practice(data_dir: Path) -> Callable[..., Path]:
    """Write ``practices/<name>`` from fields (or raw text) and return its path."""

    def write(
        name: str,
        fields: dict[str, Any] | None = None,
        *,
        text: str | None = None,
        body: str = "## Context\n\nA body.\n",
    ) -> Path:
        path = data_dir / "practices" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text if text is not None else practice_text(fields or {}, body))
        return path

    return write


#: When set (e.g. postgresql+psycopg://user:password@127.0.0.1:5432), the database tests
#: run against that PostgreSQL server instead of SQLite: .ci/run does it for a second pass.
POSTGRESQL = os.environ.get("CATALOGUE_TEST_POSTGRESQL", "").rstrip("/")


@pytest.fixture(scope="session")
def postgresql_url(worker_id: str) -> str | None:
    """A database of its own for this test worker on the PostgreSQL server, if one is set."""
    if not POSTGRESQL:
        return None
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"{make_url(POSTGRESQL).username}_{worker_id}"  # the role owns its databases
    server = POSTGRESQL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{POSTGRESQL}/{name}"


@pytest.fixture
def database_url(tmp_path: Path, postgresql_url: str | None) -> str:
    """SQLite in the test's folder, or the worker's PostgreSQL database emptied."""
    if postgresql_url is None:
        return f"sqlite:///{tmp_path / 'catalogue.sqlite3'}"
    from sqlalchemy import create_engine, text
    from sqlmodel import SQLModel

    engine = create_engine(postgresql_url)
    SQLModel.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    return postgresql_url


@pytest.fixture
def settings(data_dir: Path, tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        data=data_dir,
        index=tmp_path / "index",
        database_url=database_url,
        secret_key="test secret",
    )


@pytest.fixture
def reindex(settings: Settings, context: Context) -> Callable[..., IndexReport]:
    """Bring the test index up to date, as ``catalogue index`` does."""

    def run(**options: Any) -> IndexReport:
        options.setdefault("context_key", context_fingerprint(settings.vocabularies))
        return update_index(settings.practices, settings.index, context, **options)

    return run


@pytest.fixture
def indexed(settings: Settings, reindex: Callable[..., IndexReport]) -> Settings:
    report = reindex()
    assert not report.problems, report.problems
    return settings


@pytest.fixture
def app(indexed: Settings) -> Iterator[Flask]:
    application = create_app(
        {
            "TESTING": True,
            "CATALOGUE_SETTINGS": indexed,
            "SECRET_KEY": "test",
            "CATALOGUE_DOSSIER_FOLDER": indexed.index.parent / "dossiers",
        }
    )
    yield application
    application.extensions["catalogue.db"].dispose()  # PostgreSQL counts connections


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(settings: Settings) -> CliRunner:
    """A CLI runner whose environment points the catalogue at the test folders."""
    return CliRunner(
        env={
            "CATALOGUE_DATA": str(settings.data),
            "CATALOGUE_INDEX": str(settings.index),
            "CATALOGUE_DATABASE_URL": settings.database_url,
        }
    )


CATALOGUE = [sys.executable, "-m", "catalogue.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def server_env(settings: Settings) -> dict[str, str]:
    """The environment of a ``catalogue`` command working on ``settings``."""
    return {
        **os.environ,
        "CATALOGUE_DATA": str(settings.data),
        "CATALOGUE_INDEX": str(settings.index),
        "CATALOGUE_DATABASE_URL": settings.database_url,
        "CATALOGUE_SECRET_KEY": "test-" + "k" * 40,
    }


@contextmanager
def serving(env: dict[str, str], workers: int = 2) -> Iterator[str]:
    """Run ``catalogue serve`` until the block ends; yields its base address."""
    port = free_port()
    process = subprocess.Popen(
        [*CATALOGUE, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get_json(f"{base}/api/v1/search")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("catalogue serve did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def server(settings: Settings) -> Iterator[tuple[str, dict[str, str]]]:
    env = server_env(settings)
    with serving(env) as base:
        yield base, env
