"""Contributions: received and stored before anything else, checked by the one
validator, and written as practice files when a coordinator approves them.

Plain functions over a database session and the catalogue's folders; the web form, the
JSON API and the command line all call these.
"""

from __future__ import annotations

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

from catalogue.content.fields import RULES, Context
from catalogue.content.markdown import markdown_problems
from catalogue.content.model import SLUG_MAX_LENGTH
from catalogue.content.tree import find_practice_files, group_by_slug
from catalogue.content.validate import FieldProblem, check_fields, check_slug, read_practice_file
from catalogue.db import Submission, now, storable
from catalogue.index.analysis import fold

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
    problems += check_fields(fields, context, translation=incoming.kind == "translation")[1]
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
    return submission


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
    values, problems = check_fields(fields, context, translation=submission.kind == "translation")
    if problems:
        raise SubmissionRefused("invalid_practice", "the submission is not valid", problems)
    text = practice_file_text(values, submission.body)
    write_new(path, text, replace=submission.kind == "edit")
    result = read_practice_file(path, context)
    if not result.ok:  # cannot happen if both paths share the validator; never leave it
        path.unlink()
        raise SubmissionRefused("invalid_practice", "; ".join(map(str, result.problems)))
    submission.status, submission.decided_at = "approved", now()
    submission.slug = result.name.slug if result.name else None
    session.add(submission)
    session.commit()
    return path


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
