"""The back office: sign-in, and every page and action behind its permission."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from catalogue import create_app, curation, insight
from catalogue.accounts import MAX_ADDRESS_FAILURES, MAX_FAILURES, add_account
from catalogue.cli import main
from catalogue.db import AuditEntry, SearchLog, Submission
from catalogue.settings import Settings
from catalogue.web.admin import safe_next
from tests.test_submissions import NEW

PASSWORD = "a long enough password"


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    with Session(app.extensions["catalogue.db"]) as session:
        add_account(session, "coordinator@example.org", PASSWORD, "coordinator", "test")
        add_account(session, "admin@example.org", PASSWORD, "admin", "test")
        yield session


def csrf(client: FlaskClient, path: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert found is not None
    return found.group(1)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    token = csrf(client, "/en/login")
    return client.post(
        "/en/login", data={"email": email, "password": password, "csrf_token": token}
    )


@pytest.fixture
def pending(client: FlaskClient, db: Session) -> str:
    response = client.post("/api/v1/submissions", json=NEW)
    return str(response.get_json()["id"])


PAGES = [
    ("get", "/en/admin/", "coordinator"),
    ("get", "/en/admin/submissions/{id}", "coordinator"),
    ("post", "/en/admin/submissions/{id}", "coordinator"),
    ("post", "/en/admin/featured", "coordinator"),
    ("post", "/en/admin/hidden", "coordinator"),
    ("post", "/en/admin/practices/riga-welcome-desk/visibility", "coordinator"),
    ("get", "/en/admin/audit", "admin"),
    ("get", "/en/admin/insight", "coordinator"),
    ("get", "/en/admin/insight.csv", "coordinator"),
    ("get", "/en/admin/accounts", "admin"),
    ("post", "/en/admin/accounts", "admin"),
]


@pytest.mark.parametrize(("method", "path", "role"), PAGES)
def test_without_a_session_pages_redirect_and_json_gets_401(
    client: FlaskClient, pending: str, method: str, path: str, role: str
) -> None:
    url = path.format(id=pending)
    response = getattr(client, method)(url)
    assert response.status_code in (302, 400)  # POSTs without a token stop at CSRF
    if method == "get":
        assert response.headers["Location"].startswith("/en/login?next=")
        json_response = client.get(url, headers={"Accept": "application/json"})
        assert json_response.status_code == 401
        assert json_response.get_json()["error"]["code"] == "unauthorised"


@pytest.mark.parametrize(("method", "path", "role"), [p for p in PAGES if p[0] == "post"])
def test_each_action_without_a_session_goes_to_sign_in(
    client: FlaskClient, pending: str, method: str, path: str, role: str
) -> None:
    token = csrf(client, "/en/login")
    response = client.post(path.format(id=pending), data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/login?next=")


def test_no_cache_keeps_a_back_office_or_sign_in_page(client: FlaskClient, pending: str) -> None:
    assert client.get("/en/login").headers["Cache-Control"] == "no-store"
    assert client.get("/en/admin/").headers["Cache-Control"] == "no-store"  # the redirect
    sign_in(client, "coordinator@example.org")
    for method, path, role in PAGES:
        if method == "get" and role == "coordinator":
            response = client.get(path.format(id=pending))
            assert response.status_code == 200
            assert response.headers["Cache-Control"] == "no-store", path
    assert "no-store" not in client.get("/en/").headers.get("Cache-Control", "")


def test_coordinators_may_not_manage_accounts(client: FlaskClient, db: Session) -> None:
    sign_in(client, "coordinator@example.org")
    token = csrf(client, "/en/admin/")
    response = client.post(
        "/en/admin/accounts",
        data={
            "action": "add",
            "email": "x@example.org",
            "role": "admin",
            "password": PASSWORD,
            "csrf_token": token,
        },
    )
    assert response.status_code == 403


@pytest.mark.parametrize(("method", "path", "role"), [p for p in PAGES if p[0] == "get"])
def test_each_page_is_open_to_its_role_only(
    client: FlaskClient, pending: str, method: str, path: str, role: str
) -> None:
    url = path.format(id=pending)
    sign_in(client, "coordinator@example.org")
    assert client.get(url).status_code == (200 if role == "coordinator" else 403)
    sign_in(client, "admin@example.org")
    assert client.get(url).status_code == 200


def test_a_wrong_password_is_refused_and_many_pause_sign_in(
    client: FlaskClient, db: Session
) -> None:
    response = sign_in(client, "coordinator@example.org", "wrong password")
    assert response.status_code == 401
    assert client.get("/en/admin/").status_code == 302
    for _ in range(5):
        sign_in(client, "coordinator@example.org", "wrong password")
    assert sign_in(client, "coordinator@example.org").status_code == 429


def _sign_in_from(client: FlaskClient, address: str, email: str, password: str) -> int:
    response = client.post(
        "/en/login",
        data={"email": email, "password": password, "csrf_token": csrf(client, "/en/login")},
        environ_base={"REMOTE_ADDR": address},
    )
    return int(response.status_code)


def test_failures_from_many_addresses_do_not_lock_the_coordinator_out(
    client: FlaskClient, db: Session
) -> None:
    for number in range(1, 4 * MAX_FAILURES):
        wrong = _sign_in_from(
            client, f"198.51.100.{number}", "coordinator@example.org", "wrong password"
        )
        assert wrong == 401
    assert _sign_in_from(client, "192.0.2.1", "coordinator@example.org", PASSWORD) == 302


def test_repeated_failures_from_one_address_pause_that_address_only(
    client: FlaskClient, db: Session
) -> None:
    guesser = "198.51.100.7"
    for _ in range(MAX_FAILURES):
        assert _sign_in_from(client, guesser, "coordinator@example.org", "wrong password") == 401
    assert _sign_in_from(client, guesser, "coordinator@example.org", PASSWORD) == 429
    assert _sign_in_from(client, "192.0.2.1", "coordinator@example.org", PASSWORD) == 302
    # Spraying many accounts from one address pauses the address for every account.
    for number in range(MAX_ADDRESS_FAILURES):
        _sign_in_from(client, guesser, f"nobody{number}@example.org", "wrong password")
    assert _sign_in_from(client, guesser, "admin@example.org", PASSWORD) == 429
    assert _sign_in_from(client, "192.0.2.2", "admin@example.org", PASSWORD) == 302


def test_sign_in_goes_back_where_the_coordinator_was_going(
    client: FlaskClient, pending: str
) -> None:
    token = csrf(client, "/en/login")
    response = client.post(
        f"/en/login?next=/en/admin/submissions/{pending}",
        data={"email": "coordinator@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == f"/en/admin/submissions/{pending}"
    outside = client.post(
        "/en/login?next=//evil.example/",
        data={
            "email": "coordinator@example.org",
            "password": PASSWORD,
            "csrf_token": csrf(client, "/en/login"),  # a new session has a new token
        },
    )
    assert outside.headers["Location"] == "/en/admin/"


HOSTILE_NEXT = [
    "/\t/evil.example/phish",
    "/\r\n/x",
    "/\n/evil.example",
    "\t//evil.example",
    "//evil.example\t",
    " //evil.example",
    "//evil.example/",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "https://evil.example/",
    "http:evil.example",
    "https:/evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "/\x00/evil.example",
    "/\x0b/evil.example",
    "\x7f//evil.example",
    "/ /evil.example",
    "",
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_sign_in_never_sends_the_coordinator_to_another_site(
    client: FlaskClient, db: Session, target: str
) -> None:
    response = client.post(
        "/en/login",
        query_string={"next": target},
        data={
            "email": "coordinator@example.org",
            "password": PASSWORD,
            "csrf_token": csrf(client, "/en/login"),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/admin/"


@pytest.mark.parametrize(
    ("target", "kept"),
    [
        ("/en/admin/insight", "/en/admin/insight"),
        ("/fr/admin/submissions/abc?x=1", "/fr/admin/submissions/abc?x=1"),
        ("/en\\admin/", "/en/admin/"),  # a browser reads the backslash as a slash
    ],
)
def test_a_path_on_this_site_is_kept(target: str, kept: str) -> None:
    assert safe_next(target, "/default") == kept


def _as_a_browser_reads(location: str) -> tuple[str, str]:
    """The scheme and host a browser would go to for ``Location: location``."""
    cleaned = location.strip("".join(map(chr, range(0x21)))).replace("\\", "/")
    parts = urlsplit(cleaned.replace("\t", "").replace("\n", "").replace("\r", ""))
    return parts.scheme, parts.netloc


@pytest.fixture
def open_client(indexed: Settings) -> Iterator[FlaskClient]:
    app = create_app(
        {
            "TESTING": True,
            "CATALOGUE_SETTINGS": indexed,
            "SECRET_KEY": "x" * 40,
            "WTF_CSRF_ENABLED": False,
        }
    )
    with Session(app.extensions["catalogue.db"]) as session:
        add_account(session, "coordinator@example.org", PASSWORD, "coordinator", "test")
    yield app.test_client()
    app.extensions["catalogue.db"].dispose()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    target=st.text(max_size=30)
    | st.lists(st.sampled_from(["/", "\\", "\t", "\r\n", " ", "evil.example", ":", "%", "@"])).map(
        "".join
    )
)
def test_any_next_is_a_path_here_or_the_dashboard(open_client: FlaskClient, target: str) -> None:
    response = open_client.post(
        "/en/login",
        query_string={"next": target},
        data={"email": "coordinator@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/")
    assert _as_a_browser_reads(location) == ("", "")


def test_the_session_cookie_is_http_only_and_same_site(client: FlaskClient, db: Session) -> None:
    response = sign_in(client, "coordinator@example.org")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_signing_out_ends_the_session(client: FlaskClient, db: Session) -> None:
    sign_in(client, "coordinator@example.org")
    client.post("/en/logout", data={"csrf_token": csrf(client, "/en/admin/")})
    assert client.get("/en/admin/").status_code == 302


def _saved_session(client: FlaskClient) -> str:
    """The session cookie as a thief (or a shared computer's cache) would keep it."""
    saved = client.get_cookie("session")
    assert saved is not None
    return saved.value


def test_a_session_cookie_saved_before_sign_out_opens_nothing_after(
    client: FlaskClient, db: Session
) -> None:
    sign_in(client, "coordinator@example.org")
    saved = _saved_session(client)
    client.post("/en/logout", data={"csrf_token": csrf(client, "/en/admin/")})
    replay = client.application.test_client()
    replay.set_cookie("session", saved)
    assert replay.get("/en/admin/").status_code == 302
    assert replay.get("/en/admin/", headers={"Accept": "application/json"}).status_code == 401


def test_a_new_password_ends_every_session_of_the_account(
    client: FlaskClient, db: Session, runner: CliRunner
) -> None:
    sign_in(client, "coordinator@example.org")
    assert client.get("/en/admin/").status_code == 200
    result = runner.invoke(
        main, ["user", "password", "coordinator@example.org"], input="another long password\n"
    )
    assert result.exit_code == 0, result.output
    assert client.get("/en/admin/").status_code == 302
    assert sign_in(client, "coordinator@example.org").status_code == 401
    assert sign_in(client, "coordinator@example.org", "another long password").status_code == 302


def test_a_session_ends_after_the_configured_hours(indexed: Settings, db: Session) -> None:
    app = create_app(
        {
            "TESTING": True,
            "CATALOGUE_SETTINGS": Settings(**{**indexed.__dict__, "session_hours": 1}),
            "SECRET_KEY": "test",
        }
    )
    client = app.test_client()
    sign_in(client, "coordinator@example.org")
    assert client.get("/en/admin/").status_code == 200
    later = time.time() + 3601
    with mock.patch("itsdangerous.timed.time.time", return_value=later):
        assert client.get("/en/admin/").status_code == 302
    app.extensions["catalogue.db"].dispose()


def test_the_queue_shows_pending_submissions_and_approval_publishes(
    client: FlaskClient, pending: str, db: Session, indexed: Settings
) -> None:
    sign_in(client, "coordinator@example.org")
    dashboard = client.get("/en/admin/").get_data(as_text=True)
    assert pending in dashboard
    review = client.get(f"/en/admin/submissions/{pending}").get_data(as_text=True)
    assert "<h2>Context</h2>" in review  # rendered as it will be published
    token = csrf(client, f"/en/admin/submissions/{pending}")
    response = client.post(
        f"/en/admin/submissions/{pending}",
        data={"action": "approve", "slug": "tea-in-riga", "csrf_token": token},
    )
    assert response.status_code == 302
    assert (indexed.practices / "tea-in-riga.md").exists()
    client.application.extensions["catalogue.index"].check_interval = 0
    assert client.get("/api/v1/practices/tea-in-riga").status_code == 200
    actions = [(e.actor, e.action) for e in db.exec(select(AuditEntry))]
    assert ("coordinator@example.org", "submission.approve") in actions


def test_the_review_page_shows_every_field_and_approval_sets_the_date(
    client: FlaskClient, db: Session, indexed: Settings
) -> None:
    submitted = {
        **NEW,
        "website": "https://evil.example/phish",
        "contact": "Call +371 0000 0000",
        "funding": "City grant",
        "year_started": 2024,
        "status": "ongoing",
        "tags": ["tea", "talk"],
        "partners": ["Riga Red Cross"],
        "added": "2099-12-31",
    }
    pending = client.post("/api/v1/submissions", json=submitted).get_json()["id"]
    sign_in(client, "coordinator@example.org")
    page = client.get(f"/en/admin/submissions/{pending}").get_data(as_text=True)
    for label, value in [
        ("Website", "https://evil.example/phish"),
        ("Contact", "Call +371 0000 0000"),
        ("Funding", "City grant"),
        ("Year started", "2024"),
        ("Keywords", "tea, talk"),
        ("Partners", "Riga Red Cross"),
        ("Date added", "2099-12-31"),
        ("City or town", "Łódź"),
        ("Contributor's email (never published)", "librarian@example.org"),
    ]:
        assert f'<th scope="row">{label}</th><td>{value}' in page, label
    assert "Ignored: set when the practice is approved." in page
    french = client.get(f"/fr/admin/submissions/{pending}").get_data(as_text=True)
    assert '<th scope="row">Site web</th><td>https://evil.example/phish' in french
    client.post(
        f"/en/admin/submissions/{pending}",
        data={"action": "approve", "slug": "tea", "csrf_token": csrf(client, "/en/admin/")},
    )
    written = (indexed.practices / "tea.md").read_text()
    assert f"added: {date.today().isoformat()}" in written
    assert "2099" not in written


def test_asking_for_changes_shows_the_message_to_the_contributor(
    client: FlaskClient, pending: str, db: Session
) -> None:
    sign_in(client, "coordinator@example.org")
    token = csrf(client, f"/en/admin/submissions/{pending}")
    client.post(
        f"/en/admin/submissions/{pending}",
        data={"action": "changes", "message": "Please add the cost.", "csrf_token": token},
    )
    submission = db.exec(select(Submission).where(Submission.id == pending)).one()
    db.refresh(submission)
    page = client.get(f"/en/submissions/{submission.token}").get_data(as_text=True)
    assert "Please add the cost." in page
    assert submission.status == "pending"


def test_coordinators_feature_and_hide_from_the_web(client: FlaskClient, db: Session) -> None:
    sign_in(client, "coordinator@example.org")
    token = csrf(client, "/en/admin/")
    client.post("/en/admin/featured", data={"slug": "lyon-ateliers", "csrf_token": token})
    assert [e.slug for e in curation.list_featured(db)] == ["lyon-ateliers"]
    assert (
        client.post("/en/admin/featured", data={"slug": "nope", "csrf_token": token}).status_code
        == 400
    )
    client.post("/en/admin/hidden", data={"slug": "riga-welcome-desk", "csrf_token": token})
    assert curation.hidden_slugs(db) == {"riga-welcome-desk"}
    assert client.get("/api/v1/practices/riga-welcome-desk").status_code == 404


def test_admins_add_stop_and_restore_accounts(client: FlaskClient, db: Session) -> None:
    sign_in(client, "admin@example.org")
    token = csrf(client, "/en/admin/accounts")
    client.post(
        "/en/admin/accounts",
        data={
            "action": "add",
            "email": "new@example.org",
            "role": "coordinator",
            "password": PASSWORD,
            "csrf_token": token,
        },
    )
    refused = client.post(
        "/en/admin/accounts",
        data={
            "action": "add",
            "email": "bad@example.org",
            "role": "coordinator",
            "password": "short",
            "csrf_token": token,
        },
    )
    assert refused.status_code == 422
    client.post(
        "/en/admin/accounts",
        data={"action": "deactivate", "email": "new@example.org", "csrf_token": token},
    )
    other = client.application.test_client()
    assert sign_in(other, "new@example.org").status_code == 401  # stopped
    client.post(
        "/en/admin/accounts",
        data={"action": "activate", "email": "new@example.org", "csrf_token": token},
    )
    assert sign_in(other, "new@example.org").status_code == 302
    actions = [e.action for e in db.exec(select(AuditEntry))]
    assert actions.count("account.add") == 3  # two in the fixture, one here
    assert "account.deactivate" in actions


def test_insight_counts_practices_and_shows_searches_that_found_nothing(
    client: FlaskClient, db: Session
) -> None:
    client.get("/en/search?q=chess+tournament")
    client.get("/en/search?q=Chess+Tournament")
    client.get("/en/search?q=storytellers")
    sign_in(client, "coordinator@example.org")
    html = client.get("/en/admin/insight").get_data(as_text=True)
    assert "7 practices are published." in html
    assert '<svg role="img" aria-label="Country"' in html
    nothing = html[html.index("Searches that found nothing") :]
    assert "<td>chess tournament</td><td>2</td>" in nothing
    assert "storytellers" not in nothing
    csv_text = client.get("/en/admin/insight.csv").get_data(as_text=True)
    assert csv_text.splitlines()[0] == "facet,value,label,practices"
    assert "country,PL,Poland,2" in csv_text.splitlines()


def test_searches_are_kept_short_and_not_for_ever(client: FlaskClient, db: Session) -> None:
    client.get("/en/search", query_string={"q": "word " * 90})
    old = SearchLog(query="from long ago", results=1, locale="en")
    old.at = insight.now() - insight.SEARCH_KEPT - timedelta(days=1)
    db.add(old)
    db.commit()
    client.get("/en/search?q=storytellers")
    kept = [entry.query for entry in db.exec(select(SearchLog))]
    assert "from long ago" not in kept
    assert "storytellers" in kept
    assert max(map(len, kept)) == insight.QUERY_KEPT


def test_a_slug_that_breaks_the_rules_is_explained_not_a_crash(
    client: FlaskClient, pending: str, db: Session
) -> None:
    sign_in(client, "coordinator@example.org")
    token = csrf(client, f"/en/admin/submissions/{pending}")
    response = client.post(
        f"/en/admin/submissions/{pending}",
        data={"action": "approve", "slug": "Not A Slug", "csrf_token": token},
    )
    assert response.status_code == 422
    assert "may only use lower-case letters" in response.get_data(as_text=True)
