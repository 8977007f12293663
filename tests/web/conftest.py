"""Fixtures of the back office's tests: the site's database with one coordinator, and a
client signed in as that coordinator (a module that needs other accounts defines its own
``db``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from catalogue.accounts import add_account
from tests.web.test_admin import PASSWORD, sign_in


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    with Session(app.extensions["catalogue.db"]) as session:
        add_account(session, "coordinator@example.org", PASSWORD, "coordinator", "test")
        yield session


@pytest.fixture
def coordinator(client: FlaskClient, db: Session) -> FlaskClient:
    assert sign_in(client, "coordinator@example.org").status_code == 302
    return client
