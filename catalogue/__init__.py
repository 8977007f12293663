"""A searchable, multilingual catalogue of public-library integration practices."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from flask import Flask

from catalogue.settings import ROOT, instance_secret_key, load_settings


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the web application: configuration first, then each concern, then blueprints."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    settings = load_settings()
    app.config.from_mapping(
        CATALOGUE_SETTINGS=settings,
        SECRET_KEY=settings.secret_key,
        JSON_SORT_KEYS=False,
        MAX_CONTENT_LENGTH=1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
    # Also the age past which a signed session cookie is refused, whatever the browser keeps.
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(
        hours=app.config["CATALOGUE_SETTINGS"].session_hours
    )
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = instance_secret_key()
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.jinja_env.filters["fromjson"] = json.loads
    app.jinja_env.filters["isodate"] = date.fromisoformat

    from catalogue.web import (  # admin_* add their pages to admin's blueprint
        address,
        admin,
        admin_curation,  # noqa: F401
        admin_dashboard,  # noqa: F401
        admin_review,  # noqa: F401
        api,
        caching,
        contributions,
        curation,
        errors,
        formats,
        media,
        oai,
        pages,
        pipeline,
        resources,
        security,
        takeaway,
    )

    address.init_app(app)  # inside the proxy fix: it sees the address the reader used
    security.init_app(app)
    resources.init_app(app)
    caching.init_app(app)
    contributions.init_app(app)
    errors.init_app(app)
    pages.init_app(app)
    takeaway.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(contributions.bp)
    app.register_blueprint(curation.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(formats.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(takeaway.bp)
    app.register_blueprint(oai.bp)
    app.register_blueprint(pipeline.bp)
    app.register_blueprint(media.bp)
    return app
