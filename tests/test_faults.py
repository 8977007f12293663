"""Faults: a lost or damaged index, a full disk, an unreachable database."""

from __future__ import annotations

import errno
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlmodel import Session

from catalogue import submissions
from catalogue.cli import main
from catalogue.db import make_engine
from catalogue.index.reader import IndexReader
from catalogue.index.writer import IndexWriter
from catalogue.indexing import IndexReport
from catalogue.settings import Settings
from tests.test_submissions import NEW

Reindex = Callable[..., IndexReport]


def disk_full(*args: Any, **kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_deleted_index_gives_503_until_it_is_rebuilt_without_a_restart(
    client: FlaskClient, indexed: Settings, reindex: Reindex
) -> None:
    client.application.extensions["catalogue.index"].check_interval = 0
    assert client.get("/api/v1/search").status_code == 200
    shutil.rmtree(indexed.index)
    api = client.get("/api/v1/search")
    assert (api.status_code, api.get_json()["error"]["code"]) == (503, "unavailable")
    page = client.get("/en/search?q=club")
    assert page.status_code == 503
    assert "Traceback" not in page.get_data(as_text=True)
    reindex()
    assert client.get("/api/v1/search").get_json()["total"] == 7


# Whoosh leaves the damaged file open when it fails to read it; that is its leak, not ours.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_a_damaged_index_is_refused_by_new_workers_and_repaired_by_index(
    client: FlaskClient, indexed: Settings, reindex: Reindex
) -> None:
    assert client.get("/api/v1/search").status_code == 200
    for toc in indexed.index.glob("*.toc"):
        toc.write_bytes(b"not an index")
    # A worker that has it open keeps serving; a new one answers 503, not a stack trace.
    assert client.get("/api/v1/search").status_code == 200
    fresh = IndexReader(indexed.index, check_interval=0)
    client.application.extensions["catalogue.index"] = fresh
    assert client.get("/api/v1/search").status_code == 503
    assert reindex().repaired is not None
    assert client.get("/api/v1/search").get_json()["total"] == 7


def test_a_full_disk_while_indexing_keeps_the_previous_index(
    runner: CliRunner,
    indexed: Settings,
    client: FlaskClient,
    monkeypatch: pytest.MonkeyPatch,
    write_practice: Callable[..., Path],
) -> None:
    fields = {k: v for k, v in NEW.items() if k not in ("body", "submitter_email")}
    write_practice("new-one.md", {**fields, "added": "2025-01-01"})
    monkeypatch.setattr(IndexWriter, "commit", disk_full)
    result = runner.invoke(main, ["index"])
    assert result.exit_code == 2
    assert "No space left on device" in result.output
    client.application.extensions["catalogue.index"].check_interval = 0
    assert client.get("/api/v1/search").get_json()["total"] == 7  # the old index, intact


def test_a_full_disk_during_approval_keeps_the_submission_pending(
    client: FlaskClient, runner: CliRunner, indexed: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    submission_id = client.post("/api/v1/submissions", json=NEW).get_json()["id"]
    monkeypatch.setattr(submissions.os, "fsync", disk_full)
    result = runner.invoke(main, ["submissions", "approve", submission_id])
    assert result.exit_code == 2
    assert "still pending" in result.output
    with Session(client.application.extensions["catalogue.db"]) as db:
        assert submissions.find_submission(db, submission_id).status == "pending"
    assert not list(indexed.practices.glob("tea-and-talk*"))
    assert not list(indexed.practices.glob(".submission-*"))  # no half-written file left


def test_an_unreachable_database_answers_503_and_stores_nothing_half(
    client: FlaskClient, tmp_path: Path
) -> None:
    client.application.extensions["catalogue.db"].dispose()
    client.application.extensions["catalogue.db"] = make_engine(
        f"sqlite:///{tmp_path / 'gone' / 'nowhere' / 'catalogue.sqlite3'}"
    )
    shutil.rmtree(tmp_path / "gone")
    response = client.post("/api/v1/submissions", json=NEW)
    assert (response.status_code, response.get_json()["error"]["code"]) == (503, "unavailable")
    assert client.get("/api/v1/search").status_code == 200  # reading the catalogue still works
