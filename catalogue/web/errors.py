"""The one place that turns errors into responses: JSON for the API, HTML for pages."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, jsonify, render_template, request
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from catalogue import i18n
from catalogue.index.reader import IndexUnavailable
from catalogue.searching import BadParameter

#: HTTP status -> error code in the JSON body.
ERROR_CODES: dict[int, str] = {
    400: "bad_parameter",
    401: "unauthorised",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid_practice",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(
    status: int, message: str, *, code: str | None = None, **extra: Any
) -> tuple[Response, int]:
    """The contract's JSON error: ``{"error": {"code", "message", …}}``."""
    body = {"code": code or ERROR_CODES.get(status, "error"), "message": message, **extra}
    return jsonify({"error": body}), status


def _take_locale_from_path() -> None:
    """An address that matched no route still names its language: answer in it."""
    first = request.path.lstrip("/").split("/", 1)[0]
    if "locale" not in g and first in i18n.LOCALES:
        g.locale = first


def _respond(status: int, message: str, **extra: Any) -> Any:
    if _wants_json():
        return error_response(status, message, **extra)
    _take_locale_from_path()
    page = render_template(
        "error.html", status=status, message=message, parameter=extra.get("parameter")
    )
    return page, status


def init_app(app: Flask) -> None:
    """Register the handlers for every error a request can meet."""

    @app.errorhandler(BadParameter)
    def bad_parameter(error: BadParameter) -> Any:
        return _respond(400, error.message, parameter=error.parameter)

    @app.errorhandler(IndexUnavailable)
    def index_unavailable(error: IndexUnavailable) -> Any:
        app.logger.error("search index unavailable: %s", error)
        return _respond(503, "The catalogue's search index is being rebuilt; try again soon.")

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error: Exception) -> Any:
        app.logger.error("database unavailable: %s", error)
        return _respond(503, "The catalogue's database cannot be reached; please try again soon.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        status = error.code or 500
        return _respond(status, error.description or "")

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Any:
        app.logger.exception("unexpected error on %s", request.path)
        return _respond(500, "Something went wrong on our side; the error has been logged.")
