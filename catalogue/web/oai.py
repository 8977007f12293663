"""``/oai``: the OAI-PMH 2.0 repository, for library aggregators (``catalogue/oai/``)."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, request, url_for
from flask.blueprints import BlueprintSetupState

from catalogue.curation import hidden_slugs
from catalogue.index.reader import IndexUnavailable
from catalogue.oai import RecordKeeper, utc_today
from catalogue.oai.verbs import PAGE_SIZE, Repository, answer
from catalogue.settings import Settings
from catalogue.web.address import absolute
from catalogue.web.resources import session, snapshot

bp = Blueprint("oai", __name__)

#: Identify's adminEmail must look like this (the protocol's schema).
EMAIL_PATTERN = re.compile(r"\S+@(\S+\.)+\S+")


@bp.record_once
def _set_up(state: BlueprintSetupState) -> None:
    state.app.extensions["catalogue.oai"] = RecordKeeper()
    csrf = state.app.extensions.get("csrf")
    if csrf is not None:  # harvesters POST forms of their own, without our CSRF token
        csrf.exempt(bp)


@bp.route("/oai", methods=["GET", "POST"])
def harvest() -> Any:
    """Answer an OAI-PMH request, sent as a query string or as a POSTed form."""
    arguments = request.form if request.method == "POST" else request.args
    with session() as db:
        # Read now, not the worker's list of the last second: a worker that knew of a
        # practice hidden elsewhere only later would bring its record back meanwhile.
        _keep_records_current(hidden_slugs(db))
        xml = answer(arguments.items(multi=True), _repository(), db)
    return Response(xml, mimetype="text/xml")


def _keep_records_current(hidden: frozenset[str]) -> None:
    settings: Settings = current_app.config["CATALOGUE_SETTINGS"]
    keeper: RecordKeeper = current_app.extensions["catalogue.oai"]
    try:
        current = snapshot()
    except IndexUnavailable as error:  # the records as last known are still right
        current_app.logger.error("OAI-PMH answers without the index: %s", error)
        return
    report = keeper.keep_current(
        current_app.extensions["catalogue.db"],
        current,
        settings.index,
        hidden,
        current_app.extensions["catalogue.vocabularies"],
    )
    if report is not None and (report.changed or report.deleted):
        current_app.logger.info(
            "OAI-PMH records: %d changed, %d deleted (%.2f s)",
            report.changed,
            report.deleted,
            report.seconds,
        )


def _repository() -> Repository:
    settings: Settings = current_app.config["CATALOGUE_SETTINGS"]
    site = settings.base_url or request.host_url.rstrip("/")
    host = urlsplit(site).hostname or "localhost"
    key = str(current_app.config["SECRET_KEY"]).encode()
    return Repository(
        base_url=absolute(url_for("oai.harvest")),
        site=site,
        host=host,
        admin_email=_admin_email(settings, host),
        secret=hashlib.sha256(b"OAI-PMH resumption tokens|" + key).digest(),
        vocabularies=current_app.extensions["catalogue.vocabularies"],
        today=utc_today(),
        responded=datetime.now(UTC),
        page_size=int(current_app.config.get("OAI_PAGE_SIZE", PAGE_SIZE)),
    )


def _admin_email(settings: Settings, host: str) -> str:
    """The catalogue's mail sender (CATALOGUE_MAIL_FROM), else catalogue@ the public host."""
    address = parseaddr(settings.mail_from)[1]
    if EMAIL_PATTERN.fullmatch(address):
        return address
    # A development host without a dot ("localhost") is no mail domain to the protocol.
    return f"catalogue@{host}" if "." in host else f"catalogue@{host}.localdomain"
