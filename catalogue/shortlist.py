"""A reader's shortlist: the practices she collects to take to a meeting, kept without an
account in a cookie signed with the site's key (so nobody can slip a list into it), and
shared as an address listing the same practices."""

from __future__ import annotations

from collections.abc import Iterable

from itsdangerous import BadSignature, URLSafeSerializer

from catalogue.content.model import SLUG_PATTERN

#: The cookie holding the list.
COOKIE = "shortlist"
#: The most practices a list (and a dossier) holds.
MAX_PRACTICES = 50


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt="catalogue-shortlist")


def read_list(cookie: str | None, secret: str) -> list[str]:
    """The slugs a cookie holds; an empty list for none, a tampered or a damaged one."""
    if not cookie:
        return []
    try:
        slugs = _serializer(secret).loads(cookie)
    except BadSignature:
        return []
    if not isinstance(slugs, list):
        return []
    return clean(slugs)


def write_list(slugs: Iterable[str], secret: str) -> str:
    """The cookie value for a list."""
    return _serializer(secret).dumps(clean(slugs))


def clean(slugs: Iterable[object]) -> list[str]:
    """Slugs in order, each once, only well-formed ones, at most ``MAX_PRACTICES``."""
    found = [s for s in dict.fromkeys(slugs) if isinstance(s, str) and SLUG_PATTERN.match(s)]
    return found[:MAX_PRACTICES]


def toggled(slugs: list[str], slug: str, wanted: bool) -> list[str]:
    """The list with ``slug`` added (at the end) or removed. A full list stays as it is."""
    if not wanted:
        return [s for s in slugs if s != slug]
    if slug in slugs or len(slugs) >= MAX_PRACTICES:
        return slugs
    return [*slugs, slug]
