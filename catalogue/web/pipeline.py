"""The coordinators' pipeline in the back office: mail that did not go (and retrying it),
each coordinator's mail preferences, and importing a spreadsheet with a preview first."""

from __future__ import annotations

import secrets
import time
from datetime import timedelta
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
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext
from flask_wtf.csrf import ValidationError, validate_csrf
from sqlalchemy import delete, update
from sqlmodel import col
from werkzeug.exceptions import RequestEntityTooLarge

from catalogue import i18n
from catalogue.db import Account, PendingImport, audit, now
from catalogue.importing import ImportPlan, plan_import, run_import
from catalogue.importing.reading import FORMATS, MAX_FILE_BYTES, MAX_ROWS
from catalogue.importing.template import template_workbook
from catalogue.importing.values import Lexicon
from catalogue.mail.notices import NOTICE_CHOICES
from catalogue.mail.outbox import count_by_state, retry_now, unsent
from catalogue.mail.site import send_after_response
from catalogue.web.admin import signed_in
from catalogue.web.contribution_form import problem_text
from catalogue.web.contributions import context
from catalogue.web.labels import FIELD_LABELS
from catalogue.web.resources import session

bp = Blueprint("pipeline", __name__)

#: How long an uploaded file waits for the coordinator's "import" after its preview.
UPLOAD_KEPT = timedelta(days=1)
#: The longest an "import" request works (the server ends a request at 30 s); rows
#: left are imported by the next click, which the page offers.
IMPORT_SECONDS = 20.0
#: Room for the form's other fields around an upload of the largest file.
FORM_OVERHEAD = 64 * 1024


@bp.record_once
def _exempt_upload(state: BlueprintSetupState) -> None:
    # The upload checks its CSRF token itself, once it has allowed a larger body than
    # the site's other forms (the app-wide check would read the form under 1 MB).
    state.app.extensions["csrf"].exempt(upload)


@bp.after_request
def never_store(response: Response) -> Response:
    """Back-office pages hold private data: no cache may keep them."""
    response.headers["Cache-Control"] = "no-store"
    return response


# --- Mail ------------------------------------------------------------------------------


@bp.get("/<locale>/admin/mail")
@signed_in()
def mail() -> Any:
    """Messages not sent yet: the failed ones with their error, then those queued."""
    with session() as db:
        messages, counts = unsent(db), count_by_state(db)
    return render_template("admin/mail.html", messages=messages, counts=counts)


@bp.post("/<locale>/admin/mail/<int:message_id>/retry")
@signed_in()
def retry(message_id: int) -> Any:
    """Try a message again now (after this answer), whatever its retry delay."""
    with session() as db:
        message = retry_now(db, message_id)
        if message is None:
            abort(404)
        audit(db, str(g.account.email), "mail.retry", str(message_id), message.recipient)
        db.commit()
    send_after_response([message_id])
    return redirect(url_for("pipeline.mail"))


@bp.route("/<locale>/admin/mail/preferences", methods=["GET", "POST"])
@signed_in()
def preferences() -> Any:
    """A coordinator's own choice: mail for each new contribution, one a day, or none."""
    saved = False
    if request.method == "POST":
        notices = request.form.get("notices", "")
        language = request.form.get("language", "")
        if notices not in NOTICE_CHOICES or language not in i18n.LOCALES:
            abort(400)
        with session() as db:
            account = db.get(Account, g.account.id)
            assert account is not None  # signed_in found it a moment ago
            if notices == "daily" and account.mail_notices != "daily":
                account.digest_at = now()  # the first summary covers what arrives from now
            account.mail_notices, account.mail_locale = notices, language
            db.add(account)
            db.commit()
            db.refresh(account)  # the page shows it after the session has closed
            g.account = account
        saved = True
    return render_template("admin/mail_preferences.html", saved=saved, choices=NOTICE_CHOICES)


# --- Import ----------------------------------------------------------------------------


def _lexicon() -> Lexicon:
    """One per worker: the names of every value in six languages take a moment to list."""
    found = current_app.extensions.get("catalogue.lexicon")
    if found is None:
        found = Lexicon(current_app.extensions["catalogue.vocabularies"])
        current_app.extensions["catalogue.lexicon"] = found
    return found


def _import_page(status: int = 200, **values: Any) -> Any:
    limits = {"size": f"{MAX_FILE_BYTES // (1024 * 1024)} MB", "rows": MAX_ROWS}
    page = render_template(
        "admin/import.html", formats=FORMATS, limits=limits, problem_text=problem_text, **values
    )
    return page, status


@bp.get("/<locale>/admin/import")
@signed_in()
def import_form() -> Any:
    """Choose a spreadsheet to import; download the template."""
    return _import_page()


@bp.post("/<locale>/admin/import")
@signed_in()
def upload() -> Any:
    """Read the uploaded file and show what each row would become; nothing is created."""
    request.max_content_length = MAX_FILE_BYTES + FORM_OVERHEAD
    try:
        token, sent = request.form.get("csrf_token", ""), request.files.get("file")
    except RequestEntityTooLarge:
        message = gettext(
            "The file is larger than %(size)s: split it into smaller files.",
            size=f"{MAX_FILE_BYTES // (1024 * 1024)} MB",
        )
        return _import_page(413, error=message)
    try:
        validate_csrf(token)
    except ValidationError:
        return _import_page(400, error=gettext("The form has expired: please send it again."))
    if sent is None or not sent.filename:
        return _import_page(422, error=gettext("Choose a .csv or .xlsx file to import."))
    content = sent.read(MAX_FILE_BYTES + 1)
    with session() as db:
        plan = plan_import(db, sent.filename, content, context(), _lexicon())
        kept = _keep_upload(db, plan, content) if plan.importable else None
    return _import_page(plan=plan, token=kept)


def _keep_upload(db: Any, plan: ImportPlan, content: bytes) -> str:
    """Keep the file until the coordinator imports it; forget those a day old."""
    db.exec(delete(PendingImport).where(col(PendingImport.created_at) < now() - UPLOAD_KEPT))
    token = secrets.token_urlsafe(18)
    db.add(
        PendingImport(id=token, account_id=g.account.id, file_name=plan.file_name, content=content)
    )
    db.commit()
    return token


@bp.post("/<locale>/admin/import/<token>")
@signed_in()
def confirm_import(token: str) -> Any:
    """Import the valid rows of a file previewed before, once: a second click finds it
    done, and the rows are checked again (another import may have taken some)."""
    with session() as db:
        taken = db.exec(
            update(PendingImport)
            .where(
                col(PendingImport.id) == token,
                col(PendingImport.account_id) == g.account.id,
                col(PendingImport.imported_at).is_(None),
                col(PendingImport.created_at) >= now() - UPLOAD_KEPT,
            )
            .values(imported_at=now())
        )
        db.commit()
        kept = db.get(PendingImport, token) if taken.rowcount == 1 else None
        if kept is None:
            message = gettext(
                "This file was imported already, or its preview is more than a day old: "
                "upload it again to see what is left to import."
            )
            return _import_page(409, error=message)
        plan = plan_import(db, kept.file_name, kept.content, context(), _lexicon())
        until = time.monotonic() + IMPORT_SECONDS
        made = run_import(db, plan, context(), actor=str(g.account.email), until=until)
        if plan.importable:  # out of time: the same button imports the rest
            kept.imported_at = None
        else:
            kept.content = b""  # the partner's file is not kept once imported
        db.add(kept)
        audit(db, str(g.account.email), "import", plan.file_name, f"{len(made)} submissions")
        db.commit()
    return _import_page(plan=plan, imported=True, token=token if plan.importable else None)


@bp.get("/<locale>/admin/import/template.xlsx")
@signed_in()
def import_template() -> Any:
    """The template spreadsheet, with the allowed values in the reader's language."""
    labels = {name: str(label) for name, label in FIELD_LABELS.items()}
    vocabularies = current_app.extensions["catalogue.vocabularies"]
    content = template_workbook(vocabularies, str(g.locale), labels)
    return Response(
        content,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": "attachment; filename=catalogue-import-template.xlsx"},
    )
