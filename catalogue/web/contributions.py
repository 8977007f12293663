"""Contributions over HTTP: ``POST /api/v1/submissions`` and the private status page."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Flask, current_app, jsonify, render_template, request
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from catalogue.content.fields import Context
from catalogue.db import Submission, create_database, make_engine
from catalogue.settings import Settings
from catalogue.submissions import (
    Incoming,
    SubmissionRefused,
    practice_version,
    receive,
    sender_key,
)
from catalogue.web.errors import error_response

bp = Blueprint("contributions", __name__)

#: Error code -> HTTP status of a refused submission.
REFUSAL_STATUS = {
    "invalid_practice": 422,
    "too_large": 413,
    "rate_limited": 429,
    "not_found": 404,
    "bad_parameter": 400,
}


def init_app(app: Flask) -> None:
    """Open the database (creating missing tables) for this process."""
    settings: Settings = app.config["CATALOGUE_SETTINGS"]
    engine = make_engine(settings.database_url)
    create_database(engine)
    app.extensions["catalogue.db"] = engine


def session() -> Session:
    """A database session for this request."""
    return Session(current_app.extensions["catalogue.db"])


def context() -> Context:
    """What field rules need: the vocabularies and today's date."""
    return Context(current_app.extensions["catalogue.vocabularies"], date.today())


def refusal_response(refused: SubmissionRefused) -> Any:
    """A refused submission in the contract's error shape."""
    extra: dict[str, Any] = {}
    if refused.code == "invalid_practice":
        extra["problems"] = [{"field": p.field, "message": p.message} for p in refused.problems]
    status = REFUSAL_STATUS.get(refused.code, 400)
    return error_response(status, refused.message, code=refused.code, **extra)


def incoming_from_json(payload: dict[str, Any]) -> Incoming:
    """The contribution in a JSON payload; ``edit_of`` / ``translation_of`` name a target."""
    fields = dict(payload)
    body = fields.pop("body", "")
    email = fields.pop("submitter_email", None)
    edit_of = fields.pop("edit_of", None)
    translation_of = fields.pop("translation_of", None)
    if not isinstance(body, str) or not (email is None or isinstance(email, str)):
        raise SubmissionRefused("bad_parameter", "body and submitter_email must be text")
    target = edit_of or translation_of
    if target is not None and not isinstance(target, str):
        raise SubmissionRefused("bad_parameter", "edit_of and translation_of name a practice slug")
    kind = "edit" if edit_of else "translation" if translation_of else "new"
    settings: Settings = current_app.config["CATALOGUE_SETTINGS"]
    version = practice_version(settings.practices, target) if target else None
    if target and version is None:
        raise SubmissionRefused("not_found", f"there is no practice '{target}' to change")
    return Incoming(fields, body, email or None, kind, target, version)


@bp.post("/api/v1/submissions")
def submit_practice() -> Any:
    """Take a contribution as JSON; 201 with its id, or the contract's errors."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return error_response(
            400, "the request body must be a JSON object of practice fields", code="malformed_json"
        )
    sender = sender_key(request.remote_addr or "", current_app.config["SECRET_KEY"])
    with session() as db:
        try:
            incoming = incoming_from_json(payload)
            submission = receive(db, incoming, context=context(), source="api", sender=sender)
        except SubmissionRefused as refused:
            return refusal_response(refused)
        body = {
            "id": submission.id,
            "status": submission.status,
            "status_url": f"/en/submissions/{submission.token}",
        }
    return jsonify(body), 201


@bp.get("/<locale>/submissions/<token>")
def show_submission(token: str) -> Any:
    """The contributor's private page: where their submission stands."""
    with session() as db:
        submission = db.exec(select(Submission).where(Submission.token == token)).first()
        if submission is None:
            raise NotFound()
        return render_template("contributions/status.html", submission=submission)
