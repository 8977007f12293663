"""Contributions: received and stored before anything else, checked by the one
validator, and written as practice files when a coordinator approves them.

Plain functions over a database session and the catalogue's folders; the web form, the
JSON API and the command line all call these.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import secrets
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, col, func, select

from catalogue.content.fields import N_, RULES, Context
from catalogue.content.markdown import markdown_problems
from catalogue.content.model import SLUG_MAX_LENGTH
from catalogue.content.tree import find_practice_files, group_by_slug
from catalogue.content.validate import FieldProblem, check_fields, check_slug, read_practice_file
from catalogue.db import Submission, now, storable
from catalogue.index.analysis import fold
from catalogue.mail import notify
from catalogue.media import uploads as media_uploads
from catalogue.media.rules import FolderFiles, UploadedFiles

#: Largest Markdown body accepted, in bytes.
MAX_BODY_BYTES = 256 * 1024
#: Submissions one address may send in ``RATE_WINDOW`` before being asked to wait.
RATE_LIMIT = 10
RATE_WINDOW = timedelta(hours=1)
KINDS = ("new", "edit", "translation")
STATUSES = ("pending", "approved", "rejected", "invalid")  # also in cli.py, kept light


class SubmissionRefused(Exception):
    """A submission that cannot be taken: ``code`` is the API error code."""

    def __init__(self, code: str, message: str, problems: list[FieldProblem] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.problems = problems or []


@dataclass(frozen=True)
class Incoming:
    """A contribution as received, before it is stored."""

    fields: dict[str, Any]
    body: str
    submitter_email: str | None = None
    kind: str = "new"
    target_slug: str | None = None
    target_version: str | None = None
    #: Files sent with it (``media/uploads.py``), named by its images and materials.
    files: tuple[media_uploads.Upload, ...] = ()
    #: The contributor said everyone shown in its photos agreed to be published.
    photo_consent: bool = False


def sender_key(address: str, secret: str) -> str:
    """A keyed hash of the sender's address: enough to count, not to identify."""
    return hashlib.sha256(f"{secret}\0{address}".encode()).hexdigest()


def check_incoming(incoming: Incoming, context: Context) -> list[FieldProblem]:
    """Every problem of a contribution, with the same rules as ``catalogue validate``."""
    problems: list[FieldProblem] = []
    if not incoming.body.strip():
        problems.append(FieldProblem("body", "describe the practice: the text is empty"))
    problems += [
        FieldProblem.of("body", problem.template, **problem.params)
        for problem in markdown_problems(incoming.body)
    ]
    fields = dict(incoming.fields)
    if incoming.kind != "translation":
        fields["added"] = context.today.isoformat()  # whatever was sent: set on approval
    if incoming.files and context.files is None:
        context = dataclasses.replace(
            context, files=UploadedFiles({upload.name: upload.path for upload in incoming.files})
        )
    problems += check_fields(fields, context, translation=incoming.kind == "translation")[1]
    return problems + _file_problems(incoming)


def _file_problems(incoming: Incoming) -> list[FieldProblem]:
    """Files nobody names, and photos sent without the contributor's word on consent."""
    named = {
        str(entry.get("file")): field
        for field in ("images", "materials")
        for entry in incoming.fields.get(field) or []
        if isinstance(entry, dict)
    }
    problems = [
        FieldProblem.of(
            "files",
            N_("the file '%(file)s' was sent, but no image or material names it"),
            file=upload.name,
        )
        for upload in incoming.files
        if upload.name not in named
    ]
    sent_images = any(named.get(upload.name) == "images" for upload in incoming.files)
    if sent_images and not incoming.photo_consent:
        problems.append(
            FieldProblem.of(
                "photo_consent",
                N_(
                    "confirm that everyone shown in the photos agreed to be published, and "
                    "that no child can be recognised without their parents' agreement"
                ),
            )
        )
    return problems


def receive(
    session: Session, incoming: Incoming, *, context: Context, source: str, sender: str
) -> Submission:
    """Store a contribution, then check it; raise SubmissionRefused if it cannot be taken.

    Whatever arrives is stored first (an invalid one with status ``invalid``), so that
    nothing anyone typed is lost, whatever fails next.
    """
    if _recent_from(session, sender) >= RATE_LIMIT:
        raise SubmissionRefused(
            "rate_limited",
            f"more than {RATE_LIMIT} submissions from your address in the last hour; "
            "please try again later",
        )
    if len(incoming.body.encode()) > MAX_BODY_BYTES:
        raise SubmissionRefused(
            "too_large", f"the text is over {MAX_BODY_BYTES // 1024} KiB; shorten it"
        )
    submission = Submission(
        id=secrets.token_hex(6),
        token=secrets.token_urlsafe(24),
        kind=incoming.kind,
        target_slug=incoming.target_slug,
        target_version=incoming.target_version,
        fields=storable(json.dumps(incoming.fields, ensure_ascii=False, default=str)),
        body=storable(incoming.body),
        submitter_email=storable(incoming.submitter_email) if incoming.submitter_email else None,
        source=source,
        sender=sender,
        status="invalid",
    )
    session.add(submission)
    session.commit()
    if incoming.files:  # kept with it before anything is checked: never lost
        media_uploads.record_files(
            session, submission.id, incoming.files, incoming.fields, incoming.photo_consent
        )
        session.commit()
    if context.uploads is not None:
        media_uploads.purge_expired(session, media_uploads.UploadStore(context.uploads))
    problems = check_incoming(incoming, context)
    submission.problems = json.dumps([p.__dict__ for p in problems], ensure_ascii=False)
    submission.status = "invalid" if problems else "pending"
    session.add(submission)
    session.commit()
    session.refresh(submission)
    if problems:
        raise SubmissionRefused(
            "invalid_practice",
            "the practice has problems; correct them and send it again",
            problems,
        )
    notify(session, "received", submission)
    return submission


def practice_version(practices: Path, slug: str) -> str | None:
    """The fingerprint of a practice's original file now, or None if there is none."""
    groups, _ = group_by_slug(find_practice_files(practices))
    group = groups.get(slug)
    if group is None or len(group.originals) != 1:
        return None
    return hashlib.sha256(group.originals[0].read_bytes()).hexdigest()


def _recent_from(session: Session, sender: str) -> int:
    since = now() - RATE_WINDOW
    statement = select(func.count()).where(
        Submission.sender == sender, col(Submission.created_at) >= since
    )
    return int(session.exec(statement).one())


def list_submissions(session: Session, status: str | None = None) -> list[Submission]:
    """Submissions, oldest first, optionally of one status."""
    statement = select(Submission).order_by(col(Submission.created_at))
    if status is not None:
        statement = statement.where(Submission.status == status)
    return list(session.exec(statement))


def find_submission(session: Session, submission_id: str) -> Submission:
    """The submission with this id; SubmissionRefused(``not_found``) otherwise."""
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise SubmissionRefused("not_found", f"there is no submission '{submission_id}'")
    return submission


def reject(session: Session, submission_id: str, reason: str) -> Submission:
    """Reject a pending submission, with a reason the contributor will see."""
    submission = _pending(session, submission_id)
    if not reason.strip():
        raise SubmissionRefused("bad_parameter", "give a reason: the contributor will read it")
    submission.status, submission.message = "rejected", storable(reason)
    submission.decided_at = now()
    session.add(submission)
    session.commit()
    notify(session, "rejected", submission)
    return submission


#: Fields a coordinator may correct on the review page (typos, a wrong city, a dead link);
#: what is classified stays the contributor's, or goes back to them with "ask for changes".
CORRECTABLE = ("title", "summary", "organisation", "city", "website", "contact", "funding")


@dataclass(frozen=True)
class Correction:
    """What a coordinator changed in a pending submission: (field, before, after)."""

    changes: tuple[tuple[str, str, str], ...]

    def describe(self) -> str:
        """One line for the audit log: each field with its value before and after."""
        return "; ".join(
            f"{name}: {before!r} -> {after!r}" if name != "body" else "body: text changed"
            for name, before, after in self.changes
        )


def correct(
    session: Session,
    submission_id: str,
    values: Mapping[str, str],
    body: str | None,
    practices: Path,
    context: Context,
) -> Correction:
    """Apply a coordinator's corrections to a pending submission, checked by the same
    validator as everything else. Nothing is saved when the result has a problem: the
    SubmissionRefused carries the problems, and the submission stays as it was."""
    submission = _pending(session, submission_id)
    fields = json.loads(submission.fields)
    changes: list[tuple[str, str, str]] = []
    for name in CORRECTABLE:
        if name not in values:
            continue
        after = storable(values[name]).strip()
        before = fields.get(name)
        if after == (before if isinstance(before, str) else "" if before is None else None):
            continue
        changes.append((name, "" if before is None else str(before), after))
        if after:
            fields[name] = after
        else:
            fields.pop(name, None)
    new_body = submission.body if body is None else storable(body.replace("\r\n", "\n"))
    if new_body != submission.body:
        changes.append(("body", submission.body, new_body))
    if not changes:
        return Correction(())
    if len(new_body.encode()) > MAX_BODY_BYTES:
        raise SubmissionRefused(
            "too_large", f"the text is over {MAX_BODY_BYTES // 1024} KiB; shorten it"
        )
    sent = _sent_files(session, submission, context)
    existing = None  # an edit may name its practice's own files
    if submission.kind == "edit":
        existing = FolderFiles.beside(_target_path(submission, fields, practices, None))
    checks = dataclasses.replace(context, files=UploadedFiles(sent, existing=existing))
    incoming = Incoming(
        fields=fields, body=new_body, kind=submission.kind, target_slug=submission.target_slug
    )
    problems = check_incoming(incoming, checks)
    if problems:
        raise SubmissionRefused("invalid_practice", "the correction has problems", problems)
    submission.fields = json.dumps(fields, ensure_ascii=False, default=str)
    submission.body = new_body
    session.add(submission)
    return Correction(tuple(changes))


def _pending(session: Session, submission_id: str) -> Submission:
    submission = find_submission(session, submission_id)
    if submission.status != "pending":
        raise SubmissionRefused(
            "not_pending", f"submission {submission_id} is {submission.status}, not pending"
        )
    return submission


def slug_from_title(title: str) -> str:
    """A slug made from a title: folded, lower case, hyphens, at most 80 characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")
    while len(slug) > SLUG_MAX_LENGTH:
        slug = slug.rsplit("-", 1)[0] if "-" in slug else slug[:SLUG_MAX_LENGTH]
    return slug


def approve(
    session: Session,
    submission_id: str,
    practices: Path,
    context: Context,
    *,
    slug: str | None = None,
) -> Path:
    """Write the practice file of a pending submission (never over another practice)
    and mark it approved. The caller brings the index up to date.

    ``added`` is never taken from the submission (contract, section 6): a new practice
    joins the catalogue on the day it is approved, an edited one keeps its date.
    """
    submission = _pending(session, submission_id)
    fields = json.loads(submission.fields)
    path = _target_path(submission, fields, practices, slug)
    if submission.kind == "edit":
        current = read_practice_file(path, context).practice
        fields["added"] = current.added.isoformat() if current else None
    elif submission.kind == "new":
        fields["added"] = context.today.isoformat()
    sent = _sent_files(session, submission, context)
    with_files = dataclasses.replace(
        context, files=UploadedFiles(sent, existing=FolderFiles.beside(path))
    )
    translation = submission.kind == "translation"
    values, problems = check_fields(fields, with_files, translation=translation)
    if problems:
        raise SubmissionRefused("invalid_practice", "the submission is not valid", problems)
    slug_of_file = path.name.split(".", 1)[0]
    values, written = media_uploads.place_files(values, sent, path, slug_of_file)
    text = practice_file_text(media_uploads.file_entries(values), submission.body)
    try:
        write_new(path, text, replace=submission.kind == "edit")
    except BaseException:
        _remove(written)
        raise
    result = read_practice_file(path, context)
    if not result.ok:  # cannot happen if both paths share the validator; never leave it
        path.unlink()
        _remove(written)
        raise SubmissionRefused("invalid_practice", "; ".join(map(str, result.problems)))
    submission.status, submission.decided_at = "approved", now()
    submission.slug = result.name.slug if result.name else None
    session.add(submission)
    session.commit()
    notify(session, "approved", submission)
    return path


def _sent_files(session: Session, submission: Submission, context: Context) -> dict[str, Path]:
    """Name -> file of the files kept with a submission."""
    rows = media_uploads.submission_files(session, submission.id)
    if not rows:
        return {}
    folder = context.uploads
    if folder is None:  # the command line: the uploads folder of its configuration
        from catalogue.settings import load_settings

        folder = load_settings().uploads
    return media_uploads.kept_uploads(rows, media_uploads.UploadStore(folder))


def _remove(paths: list[Path]) -> None:
    for written in paths:
        written.unlink(missing_ok=True)


def _target_path(
    submission: Submission, values: Mapping[str, Any], practices: Path, slug: str | None
) -> Path:
    groups, _ = group_by_slug(find_practice_files(practices))
    if submission.kind in ("edit", "translation"):
        target = groups.get(submission.target_slug or "")
        if target is None or not target.originals:
            raise SubmissionRefused(
                "not_found", f"the practice '{submission.target_slug}' no longer exists"
            )
        original = target.originals[0]
        if submission.kind == "edit":
            return original
        lang = str(values.get("lang", ""))
        if lang in target.translations:
            raise SubmissionRefused(
                "exists", f"'{submission.target_slug}' has a translation into '{lang}' already"
            )
        return original.with_name(f"{submission.target_slug}.{lang}.md")
    if slug is not None:
        check_slug(slug)
        if slug in groups:
            raise SubmissionRefused("exists", f"the slug '{slug}' is taken by another practice")
        return practices / f"{slug}.md"
    base = slug_from_title(str(values.get("title", ""))) or f"practice-{submission.id}"
    candidate, number = base, 2
    while candidate in groups:
        suffix = f"-{number}"
        candidate, number = f"{base[: SLUG_MAX_LENGTH - len(suffix)]}{suffix}", number + 1
    return practices / f"{candidate}.md"


def practice_file_text(values: Mapping[str, Any], body: str) -> str:
    """A practice file: the fields in the contract's order, then the Markdown body."""
    ordered = {rule.name: _plain(values[rule.name]) for rule in RULES if rule.name in values}
    front = yaml.safe_dump(
        ordered, sort_keys=False, allow_unicode=True, default_flow_style=None, width=10_000
    )
    return f"---\n{front}---\n{body.rstrip()}\n"


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def write_new(path: Path, text: str, *, replace: bool) -> None:
    """Write ``path`` atomically; unless ``replace``, fail if it exists meanwhile."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".submission-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)  # atomic, and refuses an existing name
            except FileExistsError:
                raise SubmissionRefused(
                    "exists", f"{path.name} appeared meanwhile; approve again to pick a new slug"
                ) from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def proposed_change(submission: Submission, practices: Path) -> str:
    """For an edit: a unified diff from the practice file as it is to what was proposed.

    For a new practice or a translation: the file as it would be written.
    """
    import difflib

    fields = json.loads(submission.fields)
    groups, _ = group_by_slug(find_practice_files(practices))
    target = groups.get(submission.target_slug or "")
    current = (
        target.originals[0] if submission.kind == "edit" and target and target.originals else None
    )
    if current is not None:
        match = re.search(r"^added:\s*(\S+)", current.read_text(encoding="utf-8"), re.M)
        fields["added"] = match.group(1) if match else None
    elif submission.kind == "new":
        fields["added"] = now().date().isoformat()  # the day of approval, if approved today
    ordered = {rule.name: fields[rule.name] for rule in RULES if rule.name in fields}
    proposed = practice_file_text(ordered, submission.body)
    if current is None:
        return proposed
    before = current.read_text(encoding="utf-8").splitlines(keepends=True)
    after = proposed.splitlines(keepends=True)
    return "".join(
        difflib.unified_diff(before, after, f"{current.name} (now)", f"{current.name} (proposed)")
    )
