"""Backups: one archive with the practice files (and their images and materials), the
vocabularies, the files sent with contributions, and the database."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from catalogue.settings import Settings

MANIFEST = "catalogue-backup.json"
SQLITE_FILE = "database.sqlite3"
PG_DUMP_FILE = "database.pgdump"
UPLOADS = "uploads"


class BackupError(Exception):
    """A backup or restore that cannot be made, with the reason."""


def backup(settings: Settings, archive: Path) -> dict[str, object]:
    """Write ``archive`` (.tar.gz): data/ as it is and a consistent copy of the database."""
    if archive.exists():
        raise BackupError(f"{archive} exists; choose a new name (a backup never overwrites)")
    url = make_url(settings.database_url)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        database = _dump_database(url, folder)
        manifest = {
            "made": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": database,
            "practices": sum(1 for _ in settings.practices.rglob("*.md")),
            "uploads": _upload_count(settings.uploads),
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(folder / MANIFEST, arcname=MANIFEST)
            tar.add(settings.practices, arcname="data/practices")
            tar.add(settings.vocabularies, arcname="data/vocabularies")
            if settings.uploads.is_dir():  # kept by content: what waits for review
                tar.add(settings.uploads, arcname=UPLOADS, filter=_settled)
            if database:
                tar.add(folder / database, arcname=database)
        partial.rename(archive)  # only a complete archive ever has the name asked for
    return manifest


def _dump_database(url: URL, folder: Path) -> str:
    backend = url.get_backend_name()
    if backend == "sqlite":
        source = Path(url.database or "")
        if not source.exists():
            return ""
        # SQLite's online backup: a consistent copy even while the site writes.
        with sqlite3.connect(source) as live, sqlite3.connect(folder / SQLITE_FILE) as copy:
            live.backup(copy)
        return SQLITE_FILE
    if backend == "postgresql":
        _run(["pg_dump", "--format=custom", f"--file={folder / PG_DUMP_FILE}", _libpq(url)])
        return PG_DUMP_FILE
    raise BackupError(f"cannot back up a {backend} database")


def restore(settings: Settings, archive: Path) -> dict[str, object]:
    """Put back the files and the database of ``archive``; data/ must be empty or absent."""
    if any(settings.practices.rglob("*.md")):
        raise BackupError(
            f"{settings.practices} holds practices already; restore into an empty data folder "
            "(set CATALOGUE_DATA), so that nothing is overwritten"
        )
    with tempfile.TemporaryDirectory() as temporary, tarfile.open(archive, "r:gz") as tar:
        folder = Path(temporary)
        tar.extractall(folder, filter="data")  # refuses absolute paths and ../ escapes
        manifest = json.loads((folder / MANIFEST).read_text())
        for name in ("practices", "vocabularies"):
            target = settings.data / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(folder / "data" / name, target)
        if (folder / UPLOADS).is_dir():  # named by content: merging never replaces a file
            shutil.copytree(folder / UPLOADS, settings.uploads, dirs_exist_ok=True)
        if manifest["database"]:
            _restore_database(make_url(settings.database_url), folder / manifest["database"])
    return dict(manifest)


def _upload_count(folder: Path) -> int:
    return sum(1 for path in folder.glob("??/*") if path.suffix != ".webp")


def _settled(member: tarfile.TarInfo) -> tarfile.TarInfo | None:
    """Leave out files still arriving (``.incoming``)."""
    return None if "/.incoming" in f"/{member.name}" else member


def _restore_database(url: URL, dump: Path) -> None:
    backend = url.get_backend_name()
    if backend == "sqlite" and dump.name == SQLITE_FILE:
        target = Path(url.database or "")
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(dump) as saved, sqlite3.connect(target) as live:
            saved.backup(live)
    elif backend == "postgresql" and dump.name == PG_DUMP_FILE:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                f"--dbname={_libpq(url)}",
                str(dump),
            ]
        )
    else:
        raise BackupError(
            f"the archive holds {dump.name}, which cannot go into a {backend} database"
        )


def _libpq(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL's client tools)") from None
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from None


def summary(manifest: dict[str, object]) -> str:
    """One line describing a backup."""
    database = "with the database" if manifest["database"] else "no database yet"
    return f"{manifest['practices']} practice files, made {manifest['made']}, {database}"
