"""Contributions over HTTP: ``POST /api/v1/submissions`` and the private status page."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Flask,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import lazy_gettext
from flask_wtf.csrf import CSRFProtect
from limits import parse as parse_limit
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from sqlmodel import select
from werkzeug.exceptions import NotFound

from catalogue.content.fields import Context
from catalogue.content.markdown import render_markdown
from catalogue.content.sections import MORE, Joined, split_sections
from catalogue.db import Submission
from catalogue.index.schema import load_blob
from catalogue.settings import Settings
from catalogue.submissions import (
    MAX_BODY_BYTES,
    Incoming,
    SubmissionRefused,
    check_incoming,
    practice_version,
    receive,
    sender_key,
)
from catalogue.web import contribution_media
from catalogue.web.contribution_form import (
    MULTIPLE,
    SECTION_FIELDS,
    TRAP,
    body_from_form,
    by_field,
    fields_from_form,
    render_form,
)
from catalogue.web.errors import error_response
from catalogue.web.request_bodies import MAX_JSON_DEPTH, json_too_deep
from catalogue.web.resources import session, snapshot, visible_docnum

bp = Blueprint("contributions", __name__)

#: Error code -> HTTP status of a refused submission.
REFUSAL_STATUS = {
    "invalid_practice": 422,
    "too_large": 413,
    "rate_limited": 429,
    "not_found": 404,
    "bad_parameter": 400,
    "malformed_json": 400,
}


def init_app(app: Flask) -> None:
    """Protect every form with a CSRF token, except the JSON API's."""
    contribution_media.init_app(app)  # first: CSRF's check reads the form
    csrf = CSRFProtect(app)
    csrf.exempt(submit_practice)  # API clients send JSON, not a form from our pages
    # In each process's memory: the limit bounds what one address costs a worker.
    app.extensions["catalogue.previews"] = MovingWindowRateLimiter(MemoryStorage())


#: Previews an address may ask for (each renders and checks a whole practice).
PREVIEW_LIMIT = parse_limit("30/minute")


def _preview_allowed() -> bool:
    limiter: MovingWindowRateLimiter = current_app.extensions["catalogue.previews"]
    return limiter.hit(PREVIEW_LIMIT, "preview", request.remote_addr or "")


def context() -> Context:
    """What field rules need: the vocabularies, today's date, the uploads folder."""
    settings: Settings = current_app.config["CATALOGUE_SETTINGS"]
    vocabularies = current_app.extensions["catalogue.vocabularies"]
    return Context(vocabularies, date.today(), uploads=settings.uploads)


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
    version = _published_version(target) if target else None
    if target and version is None:
        raise SubmissionRefused("not_found", f"there is no practice '{target}' to change")
    return Incoming(fields, body, email or None, kind, target, version)


def _published_version(slug: str) -> str | None:
    """The file fingerprint of a published practice; None for an unknown slug and for a
    draft or hidden one alike, so that an answer never tells that it exists."""
    if visible_docnum(slug) is None:
        return None
    settings: Settings = current_app.config["CATALOGUE_SETTINGS"]
    return practice_version(settings.practices, slug)


@bp.post("/api/v1/submissions")
def submit_practice() -> Any:
    """Take a contribution as JSON, or as multipart/form-data with files; 201 with its
    id, or the contract's errors."""
    if request.mimetype == "multipart/form-data":
        return _submit_with_files()
    if json_too_deep(request.get_data(cache=True)):
        return error_response(
            400,
            f"the JSON body nests deeper than {MAX_JSON_DEPTH} levels",
            code="malformed_json",
        )
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
        return _created(submission)


def _created(submission: Submission) -> Any:
    """The contract's 201 answer to a stored submission."""
    body = {
        "id": submission.id,
        "status": submission.status,
        "status_url": f"/en/submissions/{submission.token}",
    }
    return jsonify(body), 201


def _submit_with_files() -> Any:
    """The multipart API: a part ``practice`` (the JSON) and parts ``files``."""
    sender = sender_key(request.remote_addr or "", current_app.config["SECRET_KEY"])
    with session() as db:
        try:
            payload, uploads = contribution_media.api_request()
            consent = payload.pop("photo_consent", False) is True
            incoming = dataclasses.replace(
                incoming_from_json(payload), files=uploads, photo_consent=consent
            )
            files = contribution_media.files_of(uploads, incoming.target_slug)
            checks = dataclasses.replace(context(), files=files)
            submission = receive(db, incoming, context=checks, source="api", sender=sender)
        except SubmissionRefused as refused:
            return refusal_response(refused)
        return _created(submission)


@bp.get("/<locale>/submissions/<token>")
def show_submission(token: str) -> Any:
    """The contributor's private page: where their submission stands."""
    with session() as db:
        submission = db.exec(select(Submission).where(Submission.token == token)).first()
        if submission is None:
            raise NotFound()
        return render_template("contributions/status.html", submission=submission)


# --- The web form ------------------------------------------------------------------


def _form_target() -> tuple[str, str | None]:
    if request.values.get("edit"):
        return "edit", request.values["edit"]
    if request.values.get("translate"):
        return "translation", request.values["translate"]
    return "new", None


def _prefill(kind: str, target: str | None) -> dict[str, Any]:
    if target is None:
        return {}
    docnum = visible_docnum(target)
    if docnum is None:
        raise NotFound()
    practice = load_blob(snapshot().blob(docnum))
    if kind == "translation":
        return {"lang": request.values.get("lang", "")}
    original = practice.pop("original")
    sections = split_sections(original.get("body") or "")
    return {
        **practice,
        **original,
        "partners": "\n".join(practice.get("partners") or []),
        "tags": ", ".join(original.get("tags") or []),
        **{SECTION_FIELDS[section]: text for section, text in sections.items()},
    }


@bp.route("/<locale>/contribute", methods=["GET", "POST"])
def contribute() -> Any:
    """The contribution form: guidance, pickers, a preview, errors next to each field."""
    kind, target = _form_target()
    if target is not None and visible_docnum(target) is None:
        raise NotFound()  # unknown, draft or hidden: the same answer
    if request.method == "GET":
        return render_form(kind, target, _prefill(kind, target), {})
    if request.form.get(TRAP):  # filled in by a robot; a person never sees this field
        return render_template("contributions/thanks_trap.html"), 200
    fields = fields_from_form(request.form, kind)
    joined = body_from_form(request.form)
    body = joined.body if joined else request.form.get("body", "")
    email = request.form.get("submitter_email", "").strip() or None
    values = {**request.form.to_dict(), **{k: v for k, v in fields.items() if k in MULTIPLE}}
    if joined is None and body:
        values[SECTION_FIELDS[MORE]] = body  # sent as one text: it comes back as one
    try:
        media, uploads = contribution_media.media_from_form(request.form, request.files)
    except SubmissionRefused as refused:
        return render_form(kind, target, values, {"files": [refused.message]}), 413
    if kind != "translation":
        fields |= media
    values |= media | {"_media_slots": contribution_media.slots(media, uploads)}
    consent = request.form.get("photo_consent") == "yes"
    if request.form.get("action") == "preview":
        incoming = Incoming(fields, body, email, kind, target, None, uploads, consent)
        return _preview(kind, target, values, incoming, joined)
    version = _published_version(target) if target else None
    incoming = Incoming(fields, body, email, kind, target, version, uploads, consent)
    sender = sender_key(request.remote_addr or "", current_app.config["SECRET_KEY"])
    with session() as db:
        try:
            checks = _checks(incoming)
            submission = receive(db, incoming, context=checks, source="web", sender=sender)
        except SubmissionRefused as refused:
            status = REFUSAL_STATUS.get(refused.code, 400)
            errors = by_field(refused.problems, joined) or {
                "": [str(_REFUSALS.get(refused.code, refused.message))]
            }
            return render_form(kind, target, values, errors), status
        token = submission.token
    return redirect(url_for("contributions.show_submission", token=token, received=1))


def _preview(
    kind: str,
    target: str | None,
    values: dict[str, Any],
    incoming: Incoming,
    joined: Joined | None = None,
) -> Any:
    """The form again, with the text as it will look and its problems, if any."""
    if not _preview_allowed():
        errors = {"": [str(_REFUSALS["previews_limited"])]}
        return render_form(kind, target, values, errors), 429
    if len(incoming.body.encode()) > MAX_BODY_BYTES:
        return render_form(kind, target, values, {"body": [str(_REFUSALS["too_large"])]}), 413
    problems = check_incoming(incoming, _checks(incoming))
    errors = by_field(problems, joined)
    body_errors = [name for name in errors if name == "body" or name.startswith("section-")]
    preview = None if body_errors else render_markdown(incoming.body)
    return render_form(kind, target, values, errors, preview=preview)


def _checks(incoming: Incoming) -> Context:
    """The rules' context for a contribution: its files, then its practice's."""
    files = contribution_media.files_of(incoming.files, incoming.target_slug)
    return dataclasses.replace(context(), files=files)


_REFUSALS = {
    "rate_limited": lazy_gettext(
        "You have sent many contributions in the last hour. Please try again later."
    ),
    "too_large": lazy_gettext("The description is too long: shorten it to under 256 KiB."),
    "previews_limited": lazy_gettext(
        "You have asked for many previews in the last minute. Please wait a minute, then "
        "preview again: nothing you typed is lost."
    ),
}
