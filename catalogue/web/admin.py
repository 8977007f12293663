"""The coordinators' back office: sign-in, review queue, featured entries, hiding, audit."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import (
    session as cookie,
)
from flask_babel import gettext
from sqlmodel import col, select
from werkzeug.datastructures import MultiDict

from catalogue.accounts import (
    AccountError,
    SignInPaused,
    add_account,
    end_sessions,
    list_accounts,
    set_active,
    sign_in,
)
from catalogue.content.fields import RULES, RULES_BY_NAME, FieldError
from catalogue.content.validate import FieldProblem
from catalogue.curation import (
    CurationError,
    add_featured,
    hide,
    remove_featured,
    unhide,
)
from catalogue.db import AuditEntry, audit, storable
from catalogue.index.writer import IndexBusy
from catalogue.indexing import context_fingerprint, update_index
from catalogue.insight import coverage_csv, frequent_searches
from catalogue.mail import notify
from catalogue.searching import FACETS, SearchPage, parse_search_request, search
from catalogue.settings import Settings
from catalogue.submissions import (
    CORRECTABLE,
    SubmissionRefused,
    approve,
    find_submission,
    proposed_change,
    reject,
    sender_key,
)
from catalogue.web.address import safe_next
from catalogue.web.contribution_form import problem_text
from catalogue.web.contributions import context
from catalogue.web.errors import error_response
from catalogue.web.identity import current_account
from catalogue.web.labels import FIELD_LABELS
from catalogue.web.resources import hidden, session, snapshot, visible_docnum
from catalogue.web.review_view import published_view

bp = Blueprint("admin", __name__)


@bp.after_request
def never_store(response: Response) -> Response:
    """Back-office pages and the sign-in page hold private data: no cache may keep them."""
    response.headers["Cache-Control"] = "no-store"
    return response


def signed_in(role: str = "coordinator") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Require a signed-in account (of ``role`` or higher): else 401 (JSON) or sign-in page."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            account = current_account()
            if account is None:
                if request.accept_mimetypes.best == "application/json" or request.is_json:
                    return error_response(401, "sign in to use the coordinators' pages")
                return redirect(url_for("admin.login", next=request.full_path))
            if role == "admin" and account.role != "admin":
                abort(403)
            g.account = account
            return view(*args, **kwargs)

        return guarded

    return decorate


def _actor() -> str:
    return str(g.account.email)


@bp.route("/<locale>/login", methods=["GET", "POST"])
def login() -> Any:
    """Sign in with email and password."""
    error = None
    status = 200
    if request.method == "POST":
        sender = sender_key(request.remote_addr or "", current_app.config["SECRET_KEY"])
        with session() as db:
            try:
                account = sign_in(
                    db, request.form.get("email", ""), request.form.get("password", ""), sender
                )
            except SignInPaused:
                account, status = None, 429
                error = gettext("Too many failed attempts. Please wait 15 minutes and try again.")
        if account is not None:
            cookie.clear()
            cookie.permanent = True  # expires after CATALOGUE_SESSION_HOURS
            cookie["account"] = account.id
            cookie["version"] = account.session_version
            return redirect(safe_next(request.args.get("next", ""), url_for("admin.dashboard")))
        if error is None:
            error, status = gettext("The email address or the password is not right."), 401
    return render_template("admin/login.html", error=error), status


@bp.post("/<locale>/logout")
def logout() -> Any:
    """Sign out, here and in every other copy of this session."""
    account = current_account()
    if account is not None and account.id is not None:
        with session() as db:
            end_sessions(db, account.id)
    cookie.clear()
    return redirect(url_for("pages.home"))


@bp.get("/<locale>/admin/submissions/<submission_id>")
@signed_in()
def review(submission_id: str) -> Any:
    """One submission as it would be published, with what an edit changes."""
    return _review_page(submission_id)


def _review_page(
    submission_id: str, error: str | None = None, correction: dict[str, Any] | None = None
) -> str:
    """The review page; ``correction`` is what a coordinator typed that could not be saved
    (kept in the form, with its problems)."""
    settings: Settings = current_app.config["CATALOGUE_SETTINGS"]
    with session() as db:
        try:
            submission = find_submission(db, submission_id)
        except SubmissionRefused:
            abort(404)
        problems = [problem_text(FieldProblem(**p)) for p in json.loads(submission.problems)]
        change = proposed_change(submission, settings.practices)
    fields = json.loads(submission.fields)
    return render_template(
        "admin/review.html",
        submission=submission,
        fields=fields,
        submitted=submitted_fields(fields),
        problems=problems,
        published=published_view(submission, fields, snapshot(), context()),
        # A translation has only its own words: the facts are the original's.
        correctable=("title", "summary") if submission.kind == "translation" else CORRECTABLE,
        correction=correction,
        corrected=request.args.get("corrected") == "1",
        change=change,
        error=error,
    )


def submitted_fields(fields: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """Every field of a submission as (name, label, text), in the contract's order, then
    any unknown ones: a coordinator approves nothing they were not shown."""
    names = [rule.name for rule in RULES if rule.name in fields]
    names += [name for name in fields if name not in RULES_BY_NAME]
    return [(name, FIELD_LABELS.get(name, name), _as_text(fields[name])) for name in names]


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return str(gettext("Yes") if value else gettext("No"))
    if isinstance(value, list):
        return ", ".join(map(_as_text, value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@bp.post("/<locale>/admin/submissions/<submission_id>")
@signed_in()
def decide(submission_id: str) -> Any:
    """Approve (with a slug), reject (with a reason) or ask for changes (with a message)."""
    settings: Settings = current_app.config["CATALOGUE_SETTINGS"]
    action = request.form.get("action")
    text = storable(request.form.get("message", "")).strip()
    with session() as db:
        try:
            if action == "approve":
                slug = request.form.get("slug", "").strip() or None
                approve(db, submission_id, settings.practices, context(), slug=slug)
            elif action == "reject":
                reject(db, submission_id, text)
            elif action == "changes" and text:
                submission = find_submission(db, submission_id)
                submission.message = text
                db.add(submission)
            else:
                abort(400)
            audit(db, _actor(), f"submission.{action}", submission_id, text or None)
            db.commit()
            if action == "changes":
                notify(db, "changes", find_submission(db, submission_id))
        except SubmissionRefused as refused:
            return _back_to_review(submission_id, refused)
        except FieldError as wrong:  # a slug that breaks the slug rules
            return _review_page(submission_id, str(wrong)), 422
        except OSError as error:
            db.rollback()
            message = gettext(
                "The practice file could not be written (%(reason)s); the submission is "
                "still pending.",
                reason=error.strerror or str(error),
            )
            return _review_page(submission_id, message), 503
    if action == "approve":
        _reindex(settings)
    return redirect(url_for("admin.dashboard"))


def _back_to_review(submission_id: str, refused: SubmissionRefused) -> Any:
    status = 409 if refused.code in ("exists", "not_pending") else 422
    return _review_page(submission_id, refused.message), status


def _reindex(settings: Settings) -> None:
    """Publish an approved practice now; if the index cannot be written, the file is
    there and the next `catalogue index` publishes it."""
    try:
        update_index(
            settings.practices,
            settings.index,
            context(),
            context_key=context_fingerprint(settings.vocabularies),
        )
    except (OSError, IndexBusy) as error:
        current_app.logger.error("approved, but the index was not updated: %s", error)


@bp.post("/<locale>/admin/featured")
@signed_in()
def feature() -> Any:
    """Add (or move) a featured entry, or remove one."""
    slug = request.form.get("slug", "").strip()
    with session() as db:
        try:
            if request.form.get("action") == "remove":
                remove_featured(db, slug, _actor())
            else:
                if visible_docnum(slug) is None:
                    raise CurationError(slug)
                position = request.form.get("position", "").strip()
                until = request.form.get("until", "").strip()
                add_featured(
                    db,
                    slug,
                    _actor(),
                    position=int(position) if position.isascii() and position.isdigit() else None,
                    locale=request.form.get("locale") or None,
                    until=date.fromisoformat(until) if until else None,
                    note=request.form.get("note") or None,
                )
        except (CurationError, ValueError):
            abort(400)
    return redirect(url_for("admin.dashboard"))


@bp.post("/<locale>/admin/practices/<slug>/visibility")
@signed_in()
def visibility(slug: str) -> Any:
    """Hide a practice while its facts are checked, or show it again."""
    with session() as db:
        if request.form.get("action") == "show":
            try:
                unhide(db, slug, _actor())
            except CurationError:
                abort(404)
        else:
            hide(db, slug, _actor(), request.form.get("reason") or None)
    current_app.extensions["catalogue.hidden"] = (0.0, frozenset())
    return redirect(safe_next(request.form.get("next", ""), url_for("admin.dashboard")))


@bp.post("/<locale>/admin/hidden")
@signed_in()
def hide_practice() -> Any:
    """Hide the practice named in the form."""
    slug = request.form.get("slug", "").strip()
    if visible_docnum(slug) is None:
        abort(404)
    return visibility(slug)


@bp.get("/<locale>/admin/audit")
@signed_in("admin")
def audit_log() -> Any:
    """Who did what, when (administrators only)."""
    with session() as db:
        entries = list(db.exec(select(AuditEntry).order_by(col(AuditEntry.at).desc()).limit(500)))
    return render_template("admin/audit.html", entries=entries)


@bp.get("/<locale>/admin/insight")
@signed_in()
def insight() -> Any:
    """Practices per country, activity type, target group and language; what readers
    searched for, and what found nothing, in the last 30 days."""
    with session() as db:
        frequent = frequent_searches(db, found_nothing=False)
        nothing = frequent_searches(db, found_nothing=True)
    return render_template(
        "admin/insight.html", page=_coverage(), frequent=frequent, nothing=nothing, facets=FACETS
    )


@bp.get("/<locale>/admin/insight.csv")
@signed_in()
def insight_csv() -> Any:
    """The coverage counts as CSV, for reports."""
    return Response(
        coverage_csv(_coverage()),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=catalogue-coverage.csv"},
    )


def _coverage() -> SearchPage:
    vocabularies = current_app.extensions["catalogue.vocabularies"]
    everything = parse_search_request(MultiDict(), vocabularies, locale=str(g.locale))
    return search(snapshot(), everything, vocabularies, hidden())


@bp.route("/<locale>/admin/accounts", methods=["GET", "POST"])
@signed_in("admin")
def accounts() -> Any:
    """Administrators add coordinators and administrators, and stop or restore accounts."""
    error, status = None, 200
    if request.method == "POST":
        with session() as db:
            try:
                if request.form.get("action") == "add":
                    add_account(
                        db,
                        request.form.get("email", ""),
                        request.form.get("password", ""),
                        request.form.get("role", ""),
                        _actor(),
                    )
                else:
                    set_active(
                        db,
                        request.form.get("email", ""),
                        request.form.get("action") == "activate",
                        _actor(),
                    )
            except AccountError as refused:
                error, status = str(refused), 422
        if error is None:
            return redirect(url_for("admin.accounts"))
    with session() as db:
        people = list_accounts(db)
    return render_template("admin/accounts.html", accounts=people, error=error), status
