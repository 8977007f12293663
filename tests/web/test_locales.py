"""Every page speaks its own locale, whatever locale the same worker served before.

One app serves every page type in all six locales, interleaved, with its template and label
caches warm; each page must show its labels in its locale and none of the other locales'.
"""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext
from sqlmodel import Session

from catalogue.accounts import add_account
from catalogue.i18n import LOCALES
from tests.test_submissions import NEW

PASSWORD = "a long enough password"
#: Labels every HTML page shows: the header and the skip link.
CHROME = ("Skip to content", "Search practices", "Share a practice", "Interface language")
FACETS = ("Country", "Languages of the activity", "Who it serves", "Type of activity")
SORTS = ("Best match", "Newest first", "Title A–Z")  # noqa: RUF001
#: Page type -> its address under /<locale>, and the interface labels it must show.
PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "home": ("/", (*CHROME, *FACETS, "Newest practices", "Browse")),
    "search": ("/search?q=club", (*CHROME, *FACETS, *SORTS, "Apply filters", "Sort")),
    "search without results": (
        "/search?q=zzyzxqwv",
        (*CHROME, "Nothing matches. Try fewer words, or remove a filter.", "See every practice"),
    ),
    "practice": (
        "/practices/lodz-conversation-club",
        (*CHROME, "Adopt this practice", "Organisation", "In the catalogue since"),
    ),
    "about": ("/about", (*CHROME, "About the catalogue", "Finding a practice")),
    "contribute": ("/contribute", (*CHROME, "Summary", "Description", "Keywords")),
    "status": ("/submissions/{token}", (*CHROME,)),
    "login": ("/login", (*CHROME, "For the coordinators of the catalogue.")),
    "admin": ("/admin/", (*CHROME, "What needs doing", "Translations readers ask for", "Sign out")),
    "queue": ("/admin/submissions", (*CHROME, "Title contains", "Waiting for", "Source")),
    "review": (
        "/admin/submissions/{id}",
        (
            *CHROME,
            "Approve and publish",
            "Ask for changes",
            "Adopt this practice",
            "Correct it before approving",
        ),
    ),
    "featured": ("/admin/featured", (*CHROME, "Featured practices")),
    "hidden": ("/admin/hidden", (*CHROME, "Hidden practices")),
    "import": ("/admin/import", (*CHROME, "Import a spreadsheet")),
    "mail": ("/admin/mail", (*CHROME, "Mail")),
    "insight": ("/admin/insight", (*CHROME, *FACETS, "Searches that found nothing, last 30 days")),
    "audit": ("/admin/audit", (*CHROME, "Audit log")),
    "accounts": ("/admin/accounts", (*CHROME, "Add an account")),
    "not found": ("/practices/no-such-practice", (*CHROME, "Page not found")),
    "unknown address": ("/no/such/page", (*CHROME, "Page not found")),
    "feed": ("/feed.xml", ("Library practices for integration", "Newest practices")),
}
#: The six locales twice, in two orders, so every locale follows a different one.
ROUNDS = (("fr", "en", "pl", "lv", "ro", "it"), ("it", "ro", "lv", "pl", "en", "fr"))


def translations(app: Flask, msgid: str) -> dict[str, str]:
    """The label in every locale, through the app's own catalogues."""
    found = {}
    for locale in LOCALES:
        with app.test_request_context(f"/{locale}/"), force_locale(locale):
            found[locale] = gettext(msgid)
    return found


def visible_text(page: str) -> str:
    """The page's text and the values of its labelling attributes, entities decoded."""
    attributes = re.findall(r'(?:aria-label|title|alt|content)="([^"]*)"', page)
    return html.unescape(" ".join([re.sub(r"<[^>]*>", " ", page), *attributes]))


@pytest.fixture
def signed_in_client(app: Flask, client: FlaskClient) -> FlaskClient:
    with Session(app.extensions["catalogue.db"]) as db:
        add_account(db, "admin@example.org", PASSWORD, "admin", "test")
    form = client.get("/en/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    response = client.post(
        "/en/login",
        data={"email": "admin@example.org", "password": PASSWORD, "csrf_token": token.group(1)},
    )
    assert response.status_code == 302
    return client


def test_every_page_speaks_its_locale_after_the_others(
    app: Flask, signed_in_client: FlaskClient
) -> None:
    submitted = signed_in_client.post("/api/v1/submissions", json=NEW).get_json()
    token = submitted["status_url"].rstrip("/").rsplit("/", 1)[1]
    labels = {msgid: translations(app, msgid) for _, wanted in PAGES.values() for msgid in wanted}
    wrong = []
    for locales in ROUNDS:
        for path, wanted in PAGES.values():
            for locale in locales:
                address = f"/{locale}" + path.format(id=submitted["id"], token=token)
                response = signed_in_client.get(address)
                text = visible_text(response.get_data(as_text=True))
                for msgid in wanted:
                    own = labels[msgid][locale]
                    if own not in text:
                        wrong.append(f"{address}: {own!r} missing")
                    others = {t for code, t in labels[msgid].items() if t not in own}
                    wrong += [f"{address}: {other!r} shown" for other in others if other in text]
    assert not wrong, "\n".join(wrong)


def test_the_labels_differ_between_locales(app: Flask) -> None:
    """The check above can fail: the facet titles are translated in every locale."""
    for msgid in FACETS + SORTS:
        assert len(set(translations(app, msgid).values())) == len(LOCALES), msgid
