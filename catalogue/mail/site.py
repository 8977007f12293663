"""The one place where mail meets the web: where its links point and which settings
apply, and sending after the answer to a request.

Mail is caused by plain functions (``submissions.receive``, ``approve``…) that the web,
the API and the command line all call; inside a request the site's own settings and
address apply, and what was queued is sent once the answer has gone, from a short thread,
so that a slow or absent mail server never delays or fails what the reader did. Outside
a request (a command) mail waits in the outbox for the next ``catalogue mail send``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from catalogue.i18n import DEFAULT_LOCALE, LOCALES
from catalogue.mail.notices import Site
from catalogue.mail.sending import send_due, transport_for
from catalogue.settings import Settings, load_settings

logger = logging.getLogger(__name__)

#: Links in mail made by a command when CATALOGUE_BASE_URL is unset (development).
DEVELOPMENT_ADDRESS = "http://127.0.0.1:5000"


def current_site() -> Site:
    """The site as this request sees it, or as the environment's settings describe it."""
    from flask import current_app, g, has_request_context, request

    if not has_request_context():
        settings = load_settings()
        return Site(settings.base_url or DEVELOPMENT_ADDRESS, DEFAULT_LOCALE)
    settings = current_app.config["CATALOGUE_SETTINGS"]
    # The page's language (/<locale>/…); for the API, its ``locale`` parameter, else English.
    asked = g.get("locale") or request.args.get("locale")
    locale = asked if asked in LOCALES else DEFAULT_LOCALE
    return Site(settings.base_url or request.host_url.rstrip("/"), locale)


def send_after_response(ids: Sequence[int | None]) -> None:
    """Inside a request: send these messages once the answer has gone. Else nothing."""
    from flask import after_this_request, current_app, g, has_request_context

    wanted = [message_id for message_id in ids if message_id is not None]
    if not wanted or not has_request_context():
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    queued: list[int] = g.setdefault("catalogue_mail_queued", [])
    if not queued:

        @after_this_request
        def send_on_close(response: Any) -> Any:
            response.call_on_close(lambda: start_sending(app, list(queued)))
            return response

    queued.extend(wanted)


def start_sending(app: Any, ids: Sequence[int]) -> threading.Thread | None:
    """Send ``ids`` from a thread of the app's process; the thread is returned (and kept
    in ``app.extensions["catalogue.mail.threads"]`` for tests to wait on)."""
    settings: Settings = app.config["CATALOGUE_SETTINGS"]
    engine: Engine = app.extensions["catalogue.db"]
    thread = threading.Thread(
        target=_send, args=(engine, settings, list(ids)), name="catalogue-mail", daemon=True
    )
    threads: list[threading.Thread] = app.extensions.setdefault("catalogue.mail.threads", [])
    threads[:] = [running for running in threads if running.is_alive()]
    threads.append(thread)
    thread.start()
    return thread


def _send(engine: Engine, settings: Settings, ids: list[int]) -> None:
    transport = transport_for(settings)
    if transport is None:
        return
    try:
        with Session(engine) as session:
            report = send_due(session, transport, settings.mail_from, ids=ids)
    except Exception:  # a thread has nobody to tell: the outbox keeps the message queued
        logger.exception("mail could not be sent now; `catalogue mail send` will retry")
        return
    if report.unreachable:
        logger.warning("mail not sent now (%s); `catalogue mail send` retries", report.unreachable)
