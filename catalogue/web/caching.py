"""Conditional requests: an answer the reader already has costs a hash, not a search.

A search page, a practice page or an API answer depends only on the index generation,
the hidden practices, the request and the version of the site that renders it, so its
ETag is known before any work is done. Answers say ``Cache-Control: no-cache``: a
browser or a cache may keep them, but asks again (cheaply) each time, because a new
index can change them at any moment.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, Response, current_app, request
from flask import session as cookie

from catalogue.settings import ROOT
from catalogue.shortlist import COOKIE as SHORTLIST_COOKIE
from catalogue.web.resources import hidden, snapshot

#: What an HTML page is made from besides the index: a new deployment changes these.
SITE_FOLDERS = ("templates", "translations", "static")


def init_app(app: Flask) -> None:
    """Fingerprint this deployment of the site, once per worker."""
    digest = hashlib.sha256()
    for folder in SITE_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix != ".po":
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(ROOT)}|{stat.st_size}|{stat.st_mtime_ns}".encode()
                )
    app.extensions["catalogue.site_version"] = digest.hexdigest()


def conditional(view: Callable[..., Any]) -> Callable[..., Any]:
    """Answer ``304 Not Modified`` when the reader has this very answer already."""

    @wraps(view)
    def answer(*args: Any, **kwargs: Any) -> Any:
        if cookie.get("account") is not None:
            # A coordinator's page carries her controls: never kept, never shared.
            response = current_app.make_response(view(*args, **kwargs))
            response.headers["Cache-Control"] = "private, no-store"
            return response
        state = "|".join(
            [
                current_app.extensions["catalogue.site_version"],
                str(snapshot().generation),
                ",".join(sorted(hidden())),
                request.full_path,
                # Pages show the reader's shortlist: another list, another answer.
                request.cookies.get(SHORTLIST_COOKIE, ""),
            ]
        )
        etag = hashlib.sha256(state.encode()).hexdigest()[:32]
        if request.if_none_match.contains(etag):
            response = Response(status=304)
        else:
            response = current_app.make_response(view(*args, **kwargs))
        response.set_etag(etag)
        response.headers["Cache-Control"] = "no-cache"
        response.vary.add("Cookie")
        return response

    return answer
