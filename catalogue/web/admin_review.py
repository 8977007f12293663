"""The review queue as coordinators work it: filtered by status, kind and source, searched
by title, decided several at a time (each still validated), and a submission's typos
corrected in place before approval, with the correction in the audit log. Routes of the
``admin`` blueprint."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import format_timedelta, gettext
from sqlmodel import col, select

from catalogue.content.fields import FieldError
from catalogue.db import Submission, audit, storable
from catalogue.index.analysis import fold
from catalogue.settings import Settings
from catalogue.submissions import (
    CORRECTABLE,
    KINDS,
    STATUSES,
    SubmissionRefused,
    approve,
    correct,
    reject,
)
from catalogue.web.admin import _actor, _reindex, _review_page, bp, signed_in
from catalogue.web.contribution_form import problem_text
from catalogue.web.contributions import context
from catalogue.web.resources import session

#: Where a submission came from: the web form, the JSON API, a spreadsheet import.
SOURCES = ("web", "api", "import")
#: Rows one queue page shows; a filter or a search narrows the rest.
QUEUE_ROWS = 200
#: Submissions one batch decides, so that a batch ends well within a worker's timeout.
BATCH_LIMIT = 50


def waiting_for(created: datetime) -> str:
    """How long ago ``created`` was, in the reader's language ("3 days")."""
    aware = created if created.tzinfo else created.replace(tzinfo=UTC)  # SQLite drops it
    return str(format_timedelta(datetime.now(UTC) - aware, threshold=1))


@dataclass(frozen=True)
class QueueFilter:
    status: str
    kind: str
    source: str
    query: str

    @classmethod
    def from_args(cls, args: Any) -> QueueFilter:
        """The filter the page's form asks for; a value it does not know is ignored."""
        status = args.get("status", "pending")
        kind, source = args.get("kind", ""), args.get("source", "")
        return cls(
            status=status if status in (*STATUSES, "all") else "pending",
            kind=kind if kind in KINDS else "",
            source=source if source in SOURCES else "",
            query=args.get("q", "").strip()[:100],
        )


def queue_rows(flt: QueueFilter) -> tuple[list[dict[str, Any]], int]:
    """The submissions the filter selects (at most QUEUE_ROWS), oldest first, with the
    count of all it selects."""
    statement = select(Submission).order_by(col(Submission.created_at))
    if flt.status != "all":
        statement = statement.where(Submission.status == flt.status)
    if flt.kind:
        statement = statement.where(Submission.kind == flt.kind)
    if flt.source:
        statement = statement.where(Submission.source == flt.source)
    wanted = fold(flt.query)
    rows: list[dict[str, Any]] = []
    total = 0
    with session() as db:
        for submission in db.exec(statement):
            fields = json.loads(submission.fields)
            title = str(fields.get("title", ""))
            if wanted and wanted not in fold(title):
                continue
            total += 1
            if len(rows) < QUEUE_ROWS:
                rows.append(
                    {
                        "submission": submission,
                        "title": title,
                        "age": waiting_for(submission.created_at),
                        "problems": len(json.loads(submission.problems)),
                    }
                )
    return rows, total


@bp.get("/<locale>/admin/submissions")
@signed_in()
def queue() -> Any:
    """Every submission the filter selects, to open one or to decide several."""
    return _queue_page(QueueFilter.from_args(request.args))


def _queue_page(flt: QueueFilter, outcome: dict[str, Any] | None = None, status: int = 200) -> Any:
    rows, total = queue_rows(flt)
    return render_template(
        "admin/queue.html",
        rows=rows,
        total=total,
        filter=flt,
        statuses=STATUSES,
        kinds=KINDS,
        sources=SOURCES,
        outcome=outcome,
        batch_limit=BATCH_LIMIT,
    ), status


@bp.post("/<locale>/admin/submissions/batch")
@signed_in()
def decide_batch() -> Any:
    """Approve or reject the selected submissions, each checked as if decided alone: one
    that cannot be approved stays pending, with the reason shown, and the others go on."""
    settings: Settings = current_app.config["CATALOGUE_SETTINGS"]
    flt = QueueFilter.from_args(request.form)
    action = request.form.get("action")
    ids = list(dict.fromkeys(request.form.getlist("id")))
    reason = storable(request.form.get("message", "")).strip()
    if action not in ("approve", "reject"):
        abort(400)
    if not ids:
        return _queue_page(flt, {"error": gettext("Select the submissions to decide first.")}, 422)
    if len(ids) > BATCH_LIMIT:
        message = gettext("Decide at most %(limit)d submissions at once.", limit=BATCH_LIMIT)
        return _queue_page(flt, {"error": message}, 422)
    if action == "reject" and not reason:
        message = gettext("Give a reason for rejecting: each contributor will read it.")
        return _queue_page(flt, {"error": message}, 422)
    done: list[str] = []
    refused: list[tuple[str, str]] = []
    with session() as db:
        for submission_id in ids:
            try:
                if action == "approve":
                    approve(db, submission_id, settings.practices, context())
                else:
                    reject(db, submission_id, reason)
                audit(db, _actor(), f"submission.{action}", submission_id, reason or None)
                db.commit()
                done.append(submission_id)
            except (SubmissionRefused, FieldError, OSError) as error:
                db.rollback()
                refused.append((submission_id, _why(error)))
    if action == "approve" and done:
        _reindex(settings)
    outcome = {"action": action, "done": done, "refused": refused}
    return _queue_page(flt, outcome)


def _why(error: Exception) -> str:
    if isinstance(error, SubmissionRefused):
        details = [problem_text(problem) for problem in error.problems]
        return "; ".join(details) if details else error.message
    if isinstance(error, OSError):
        return str(
            gettext(
                "The practice file could not be written (%(reason)s); the submission is "
                "still pending.",
                reason=error.strerror or str(error),
            )
        )
    return str(error)


@bp.post("/<locale>/admin/submissions/<submission_id>/correct")
@signed_in()
def correct_submission(submission_id: str) -> Any:
    """Save a coordinator's corrections to a pending submission, when they are valid."""
    settings: Settings = current_app.config["CATALOGUE_SETTINGS"]
    values = {name: request.form[name] for name in CORRECTABLE if name in request.form}
    body = request.form.get("body")
    with session() as db:
        try:
            correction = correct(db, submission_id, values, body, settings.practices, context())
        except SubmissionRefused as refused:
            db.rollback()
            if refused.code in ("not_found",):
                abort(404)
            status = 409 if refused.code == "not_pending" else 422
            typed = {"values": values, "body": body, "problems": _why(refused)}
            return _review_page(submission_id, correction=typed), status
        if correction.changes:
            audit(db, _actor(), "submission.correct", submission_id, correction.describe())
            db.commit()
    return redirect(url_for("admin.review", submission_id=submission_id, corrected=1))
