"""Files sent with contributions: streamed to disk under the uploads folder, keyed by
their content, recorded with their submission (nothing is ever lost), written beside
the practice when it is approved, and removed once their submission is decided and the
retention period has passed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from sqlmodel import Session, col, select

from catalogue.content.model import Material, PracticeImage
from catalogue.db import Submission, SubmissionFile, now
from catalogue.index.analysis import fold
from catalogue.media.probe import IMAGE_TYPES, KINDS, MB, TYPES, content_type

#: How long the files of a decided (or invalid) submission are kept after the decision.
RETENTION = timedelta(days=30)
#: Files a file nobody names (a preview's, say) are kept for before they are removed.
ORPHAN_RETENTION = timedelta(days=1)
#: A request with files may bring at most this much in all, and this many files.
MAX_REQUEST_BYTES = 100 * MB
MAX_FILES = sum(kind.max_count for kind in KINDS.values())
#: No single file may be larger than the largest any field allows.
MAX_FILE_BYTES = max(kind.max_bytes for kind in KINDS.values())
PREVIEW_WIDTH = 360
_BLOCK = 256 * 1024


class UploadTooLarge(Exception):
    """A file past ``MAX_FILE_BYTES``: nothing of it is kept."""


@dataclass(frozen=True)
class Upload:
    """A file received: the name it was sent under, and where its content is kept."""

    name: str
    digest: str
    path: Path
    size: int


@dataclass(frozen=True)
class UploadStore:
    """The uploads folder: ``<folder>/<two hex digits>/<sha256>``, and beside each image
    a small re-encoded preview for the review page."""

    folder: Path

    def path(self, digest: str) -> Path:
        """Where the content ``digest`` is kept."""
        if not re.match(r"^[0-9a-f]{64}$", digest):
            raise ValueError(f"not a content digest: {digest!r}")
        return self.folder / digest[:2] / digest

    def preview(self, digest: str) -> Path:
        """The review page's re-encoded thumbnail of an image."""
        return self.path(digest).with_name(f"{digest}.preview.webp")

    def keep(self, stream: IO[bytes], name: str, limit: int = MAX_FILE_BYTES) -> Upload:
        """Copy ``stream`` to the store block by block (memory stays flat), hashing it
        on the way; UploadTooLarge past ``limit`` bytes."""
        incoming = self.folder / ".incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        descriptor, temporary = tempfile.mkstemp(dir=incoming)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                while block := stream.read(_BLOCK):
                    size += len(block)
                    if size > limit:
                        raise UploadTooLarge(name)
                    digest.update(block)
                    handle.write(block)
            target = self.path(digest.hexdigest())
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temporary, target)  # the same content twice is the same file
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        upload = Upload(name, digest.hexdigest(), target, size)
        self._make_preview(upload)
        return upload

    def find(self, digest: str, name: str) -> Upload | None:
        """A file received earlier (kept across a form sent back for corrections)."""
        try:
            path = self.path(digest)
        except ValueError:
            return None
        return Upload(name, digest, path, path.stat().st_size) if path.is_file() else None

    def _make_preview(self, upload: Upload) -> None:
        if content_type(upload.path) not in IMAGE_TYPES or self.preview(upload.digest).exists():
            return
        from PIL import Image

        from catalogue.media.images import upright_srgb

        try:
            image = upright_srgb(upload.path)
        except (OSError, ValueError, SyntaxError, Warning):
            return  # not an image after all: the validator says so, at its entry
        image.thumbnail((PREVIEW_WIDTH, PREVIEW_WIDTH * 4), Image.Resampling.LANCZOS)
        image.info = {}
        image.save(self.preview(upload.digest), "WEBP", quality=75)


def safe_name(name: str) -> str:
    """A sent file name as a safe one: folded, lower case, no folders, ``[a-z0-9.-]``."""
    base = fold(name.replace("\\", "/").rsplit("/", 1)[-1])
    stem, dot, extension = base.rpartition(".")
    stem = re.sub(r"[^a-z0-9]+", "-", stem if dot else base).strip("-")[:60].strip("-")
    extension = re.sub(r"[^a-z0-9]+", "", extension)[:8] if dot else ""
    return f"{stem or 'file'}{'.' + extension if extension else ''}"


def record_files(
    session: Session,
    submission_id: str,
    uploads: Iterable[Upload],
    fields: Mapping[str, Any],
    consent: bool,
) -> None:
    """Keep a row for every file received with a submission (committed by the caller),
    under the field whose entry names it (``files`` when none does)."""
    named = {
        str(entry.get("file")): field
        for field in KINDS
        for entry in fields.get(field) or []
        if isinstance(entry, dict)
    }
    for upload in uploads:
        found = content_type(upload.path)
        width, height = _image_size(upload.path) if found in IMAGE_TYPES else (0, 0)
        field = named.get(upload.name, "files")
        session.add(
            SubmissionFile(
                submission_id=submission_id,
                field=field,
                name=upload.name[:255],
                digest=upload.digest,
                type=found[:8] if found in TYPES else "other",
                size=upload.size,
                width=width,
                height=height,
                consent=consent and field == "images",
            )
        )


def _image_size(path: Path) -> tuple[int, int]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, Warning):
        return 0, 0


def submission_files(session: Session, submission_id: str) -> list[SubmissionFile]:
    """The files of a submission, in the order they arrived."""
    statement = select(SubmissionFile).where(SubmissionFile.submission_id == submission_id)
    return list(session.exec(statement.order_by(col(SubmissionFile.id))))


def kept_uploads(rows: Iterable[SubmissionFile], store: UploadStore) -> dict[str, Path]:
    """Name -> file of every file of a submission still in the store."""
    found = {}
    for row in rows:
        path = store.path(row.digest)
        if row.purged_at is None and path.is_file():
            found[row.name] = path
    return found


def place_files(
    values: dict[str, Any], uploads: Mapping[str, Path], practice_file: Path, slug: str
) -> tuple[dict[str, Any], list[Path]]:
    """Write the files sent with an approved submission into a folder named after the
    slug, beside the practice file; return the values with each entry's ``file``
    pointing there, and the files written (to remove them if the approval fails).

    A file never replaces another: a name already taken by other content gets a number.
    """
    folder = practice_file.parent / slug
    written: list[Path] = []
    placed = dict(values)
    for field in KINDS:
        entries = []
        for entry in values.get(field, ()):
            if entry.file in uploads and not entry.path:
                name = _write_beside(uploads[entry.file], folder, entry, written)
                entry = dataclasses.replace(entry, file=f"{slug}/{name}")
            entries.append(entry)
        if field in values:
            placed[field] = tuple(entries)
    return placed, written


def _write_beside(
    source: Path, folder: Path, entry: PracticeImage | Material, written: list[Path]
) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    stem = safe_name(entry.file).rsplit(".", 1)[0]
    extension = TYPES[entry.type].extension
    for number in range(1, 1000):
        name = f"{stem}{extension}" if number == 1 else f"{stem}-{number}{extension}"
        target = folder / name
        if target.exists():
            if _digest(target) == entry.digest:
                return name  # this very file is there already
            continue
        try:
            os.link(source, target)  # atomic, refuses a name taken meanwhile
        except FileExistsError:
            continue
        except OSError:  # another file system: copy, still refusing to overwrite
            with source.open("rb") as reading, open(target, "xb") as writing:
                while block := reading.read(_BLOCK):
                    writing.write(block)
        written.append(target)
        return name
    raise FileExistsError(f"no free name for {entry.file} in {folder}")


def _digest(path: Path) -> str:
    from catalogue.media.probe import file_digest

    return file_digest(path)


def file_entries(values: Mapping[str, Any]) -> dict[str, Any]:
    """The media fields as a practice file writes them: only what a person wrote
    (``file``, ``alt``, ``credit``, ``licence``, ``title``), never the probed facts."""
    authored = {"images": ("file", "alt", "credit", "licence"), "materials": ("file", "title")}
    result = dict(values)
    for field, keys in authored.items():
        if field in values:
            result[field] = [
                {key: getattr(entry, key) for key in keys if getattr(entry, key) is not None}
                for entry in values[field]
            ]
    return result


def purge_expired(session: Session, store: UploadStore, moment: datetime | None = None) -> int:
    """Remove the files of submissions decided (or invalid) more than ``RETENTION`` ago,
    unless a live submission has the same content; return how many were removed."""
    moment = moment or now()
    cutoff = moment - RETENTION
    rows = session.exec(
        select(SubmissionFile, Submission)
        .where(col(SubmissionFile.purged_at).is_(None))
        .where(SubmissionFile.submission_id == Submission.id)
    ).all()
    expired = [file for file, submission in rows if _expired(submission, cutoff)]
    live = {file.digest for file, submission in rows if not _expired(submission, cutoff)}
    removed = 0
    for file in expired:
        if file.digest not in live:
            for path in (store.path(file.digest), store.preview(file.digest)):
                if path.exists():
                    path.unlink()
                    removed += path.suffix != ".webp"
        file.purged_at = moment
        session.add(file)
    session.commit()
    return removed + _purge_orphans(store, {file.digest for file, _ in rows}, moment)


def _purge_orphans(store: UploadStore, named: set[str], moment: datetime) -> int:
    """Files no submission names (sent with a preview, or by a request that failed)."""
    removed = 0
    oldest = (moment - ORPHAN_RETENTION).timestamp()
    for path in store.folder.glob("??/*"):
        digest = path.name.split(".", 1)[0]
        if digest not in named and path.stat().st_mtime < oldest:
            path.unlink()
            removed += path.suffix != ".webp"
    return removed


def _expired(submission: Submission, cutoff: datetime) -> bool:
    if submission.status == "pending":
        return False
    decided = submission.decided_at or submission.created_at
    if decided.tzinfo is None:  # SQLite gives back naive times, stored as UTC
        decided = decided.replace(tzinfo=cutoff.tzinfo)
    return decided < cutoff
