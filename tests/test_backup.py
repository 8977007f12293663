"""A backup round-trips: files, vocabularies and the database come back as they were."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url
from sqlmodel import Session

from catalogue import create_app, submissions
from catalogue.cli import main
from catalogue.settings import Settings
from tests.test_submissions import NEW


def restored_database_url(settings: Settings, folder: Path) -> str:
    """An empty database of the same kind as the catalogue's, to restore into."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{folder / 'catalogue.sqlite3'}"
    import psycopg

    name = f"{url.database}_restored"  # the test role owns the databases it creates
    server = url.set(drivername="postgresql", database="postgres")
    with psycopg.connect(server.render_as_string(hide_password=False), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def test_backup_and_restore_round_trip(
    client: FlaskClient, runner: CliRunner, settings: Settings, tmp_path: Path
) -> None:
    # With SQLite (the online backup API) and, in the PostgreSQL pass, pg_dump/pg_restore.
    submission_id = client.post("/api/v1/submissions", json=NEW).get_json()["id"]
    archive = tmp_path / "backup.tar.gz"
    made = runner.invoke(main, ["backup", str(archive)])
    assert made.exit_code == 0, made.output
    assert "10 practice files" in made.output
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "data/practices/riga-welcome-desk.md" in names
    sqlite = make_url(settings.database_url).get_backend_name() == "sqlite"
    assert ("database.sqlite3" if sqlite else "database.pgdump") in names

    elsewhere = tmp_path / "restored"
    environment = {
        "CATALOGUE_DATA": str(elsewhere / "data"),
        "CATALOGUE_INDEX": str(elsewhere / "index"),
        "CATALOGUE_DATABASE_URL": restored_database_url(settings, elsewhere),
    }
    restored = runner.invoke(main, ["restore", str(archive)], env=environment)
    assert restored.exit_code == 0, restored.output
    assert "7 added" in restored.output
    original = (settings.practices / "pl" / "krakow-homework-club.md").read_bytes()
    assert (
        elsewhere / "data" / "practices" / "pl" / "krakow-homework-club.md"
    ).read_bytes() == original
    copy = Settings(
        data=elsewhere / "data",
        index=elsewhere / "index",
        database_url=environment["CATALOGUE_DATABASE_URL"],
        secret_key="x" * 40,
    )
    app = create_app({"TESTING": True, "CATALOGUE_SETTINGS": copy})
    with Session(app.extensions["catalogue.db"]) as db:
        assert submissions.find_submission(db, submission_id).status == "pending"
    assert app.test_client().get("/api/v1/search").get_json()["total"] == 7
    app.extensions["catalogue.db"].dispose()


def test_restore_never_overwrites_a_catalogue(
    runner: CliRunner, tmp_path: Path, settings: Settings
) -> None:
    archive = tmp_path / "backup.tar.gz"
    assert runner.invoke(main, ["backup", str(archive)]).exit_code == 0
    again = runner.invoke(main, ["restore", str(archive)])
    assert again.exit_code == 2
    assert "holds practices already" in again.output
    assert runner.invoke(main, ["backup", str(archive)]).exit_code == 2  # nor a backup


def test_a_backup_keeps_the_practices_media_and_the_files_sent_for_review(
    runner: CliRunner, settings: Settings, tmp_path: Path
) -> None:
    from catalogue.media.uploads import UploadStore
    from tests.media import pictures

    (settings.practices / "club").mkdir()
    photo = pictures.phone_photo(settings.practices / "club" / "table.jpg")
    sent = UploadStore(tmp_path / "uploads").keep(io.BytesIO(b"%PDF-1.4 plan"), "plan.pdf")
    archive = tmp_path / "backup.tar.gz"
    uploads = {"CATALOGUE_UPLOADS": str(tmp_path / "uploads")}
    assert runner.invoke(main, ["backup", str(archive)], env=uploads).exit_code == 0
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "data/practices/club/table.jpg" in names
    assert f"uploads/{sent.digest[:2]}/{sent.digest}" in names

    elsewhere = tmp_path / "restored"
    environment = {
        "CATALOGUE_DATA": str(elsewhere / "data"),
        "CATALOGUE_INDEX": str(elsewhere / "index"),
        "CATALOGUE_UPLOADS": str(elsewhere / "uploads"),
        "CATALOGUE_DATABASE_URL": restored_database_url(settings, elsewhere),
    }
    assert runner.invoke(main, ["restore", str(archive)], env=environment).exit_code == 0
    restored = elsewhere / "data" / "practices" / "club" / "table.jpg"
    assert restored.read_bytes() == photo.read_bytes()
    kept = elsewhere / "uploads" / sent.digest[:2] / sent.digest
    assert kept.read_bytes() == b"%PDF-1.4 plan"
