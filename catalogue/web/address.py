"""The public address (``CATALOGUE_BASE_URL``): every absolute link is built from it, and
a request for another host is refused, so a forged ``Host`` header never reaches a page,
a feed or a redirect."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request
from werkzeug.sansio.utils import host_is_trusted

from catalogue.settings import Settings


def init_app(app: Flask) -> None:
    """Build links on the public address and refuse other hosts (nothing when unset)."""
    settings: Settings = app.config["CATALOGUE_SETTINGS"]
    if settings.base_url is None:
        return
    public = urlsplit(settings.base_url)
    app.config["SERVER_NAME"] = public.netloc
    app.config["PREFERRED_URL_SCHEME"] = public.scheme
    app.wsgi_app = _PublicScheme(app.wsgi_app, public.scheme)  # type: ignore[method-assign]

    @app.before_request
    def refuse_other_hosts() -> None:
        if not host_is_trusted(request.host, [public.hostname or ""]):
            abort(400, "This site answers only at its public address.")


class _PublicScheme:
    """Links carry the public address's scheme even when a proxy speaks plain HTTP to us."""

    def __init__(self, wsgi_app: Any, scheme: str) -> None:
        self.wsgi_app = wsgi_app
        self.scheme = scheme

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        environ["wsgi.url_scheme"] = self.scheme
        return self.wsgi_app(environ, start_response)  # type: ignore[no-any-return]


def absolute(path: str) -> str:
    """``path`` (starting with ``/``) on the public address, or on the request's host
    when no public address is set (development)."""
    settings: Settings = current_app.config["CATALOGUE_SETTINGS"]
    root = settings.base_url or request.host_url
    return root.rstrip("/") + path


#: ASCII whitespace and control characters: browsers drop some of them anywhere in a URL
#: (so ``/\t/evil.example`` becomes ``//evil.example``) and others break the header.
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def safe_next(target: str, default: str) -> str:
    """``target`` if it is a path on this site as a browser would read it, else ``default``.

    Browsers treat a backslash as a slash, drop tabs and newlines, and read ``//host`` or
    ``/\\host`` as another site: such a target would be an open redirect.
    """
    if not target or _CONTROL.search(target):
        return default
    target = target.replace("\\", "/")
    if not target.startswith("/") or target.startswith("//"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
