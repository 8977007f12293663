"""Readers' languages per practice: counted in memory, added to the database now and then."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlmodel import Session, select

from catalogue.db import Readership
from catalogue.readership import FLUSH_SECONDS, ReadershipCounter, wanted_translations


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    with Session(app.extensions["catalogue.db"]) as session:
        yield session


def test_views_are_added_up_when_the_time_comes(app: Flask, db: Session) -> None:
    now = [0.0]
    counter = ReadershipCounter(app.extensions["catalogue.db"], clock=lambda: now[0])
    counter.count("riga-welcome-desk", "pl")
    counter.count("riga-welcome-desk", "pl")
    assert db.exec(select(Readership)).all() == []  # not yet written
    now[0] = FLUSH_SECONDS + 1
    counter.count("riga-welcome-desk", "fr")
    counter.flush()
    counter.count("riga-welcome-desk", "pl")
    counter.flush()
    rows = {(r.slug, r.locale): r.views for r in db.exec(select(Readership))}
    assert rows == {("riga-welcome-desk", "pl"): 3, ("riga-welcome-desk", "fr"): 1}


def test_the_most_wanted_translations_are_those_read_without_a_version(
    app: Flask, db: Session
) -> None:
    counter = ReadershipCounter(app.extensions["catalogue.db"])
    for slug, locale, views in [
        ("a", "pl", 9),
        ("a", "en", 20),
        ("b", "lv", 5),
        ("gone", "ro", 50),
    ]:
        for _ in range(views):
            counter.count(slug, locale)
    counter.flush()
    readable = {"a": {"en"}, "b": {"en", "fr"}}.get
    found = [(w.slug, w.locale, w.views) for w in wanted_translations(db, readable)]
    assert found == [("a", "pl", 9), ("b", "lv", 5)]
