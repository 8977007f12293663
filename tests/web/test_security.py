"""Headers, cookies and proxies: what every response promises a reader's browser."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from catalogue import create_app
from catalogue.cli import main
from catalogue.settings import SettingError, Settings, load_settings


@pytest.mark.parametrize(
    "path", ["/en/", "/en/search?q=club", "/api/v1/search", "/en/nothing", "/en/contribute"]
)
def test_every_response_carries_the_security_headers(client: FlaskClient, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    # Images from the site only: a picture from elsewhere would tell its site who reads.
    assert "img-src 'self';" in policy
    assert "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers


def _app(indexed: Settings, **changes: object) -> Flask:
    settings = Settings(**{**indexed.__dict__, **changes})
    return create_app({"TESTING": True, "CATALOGUE_SETTINGS": settings, "SECRET_KEY": "x" * 40})


def test_behind_an_https_proxy_cookies_are_secure_and_addresses_right(
    indexed: Settings,
) -> None:
    client = _app(indexed, proxies=1, https=True).test_client()
    response = client.get(
        "/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "catalogue.example.org"}
    )
    assert response.headers["Location"] == "/en/"
    page = client.get(
        "/en/practices/riga-welcome-desk",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "catalogue.example.org"},
    )
    html = page.get_data(as_text=True)
    assert (
        'rel="canonical" href="https://catalogue.example.org/en/practices/riga-welcome-desk"'
        in html
    )
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    home = client.get("/en/", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in home.headers["Set-Cookie"]
    client.application.extensions["catalogue.db"].dispose()


def test_without_trusted_proxies_forwarded_headers_are_ignored(client: FlaskClient) -> None:
    page = client.get(
        "/en/practices/riga-welcome-desk", headers={"X-Forwarded-Host": "evil.example"}
    )
    assert "evil.example" not in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"CATALOGUE_SECRET_KEY": "changeme"}, "CATALOGUE_SECRET_KEY has 8 characters"),
        ({"CATALOGUE_PROXIES": "one"}, "CATALOGUE_PROXIES must be a whole number"),
    ],
)
def test_serve_refuses_to_start_with_a_weak_or_wrong_setting(
    runner: CliRunner, environment: dict[str, str], message: str
) -> None:
    result = runner.invoke(main, ["serve", "--port", "1"], env=environment)
    assert result.exit_code == 2
    assert message in result.output


PUBLIC = "https://practices.example.org"
#: Each page that writes absolute links, and what it writes them into.
ABSOLUTE_LINKS = [
    "/sitemap.xml",  # every <loc>
    "/en/feed.xml",  # feed, entry and alternate links
    "/robots.txt",  # the Sitemap line
    "/en/practices/riga-welcome-desk",  # canonical, hreflang, JSON-LD, permanent link
    "/en/search.csv?country=LV",  # the url column
]


@pytest.fixture
def public_app(indexed: Settings) -> Iterator[Flask]:
    app = _app(indexed, base_url=PUBLIC)
    yield app
    app.extensions["catalogue.db"].dispose()


@pytest.mark.parametrize("path", [*ABSOLUTE_LINKS, "/", "/en", "/en/", "/static/site.css"])
def test_a_request_for_another_host_is_refused(public_app: Flask, path: str) -> None:
    response = public_app.test_client().get(path, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "evil.example" not in response.get_data(as_text=True)
    assert "evil.example" not in response.headers.get("Location", "")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ABSOLUTE_LINKS)
def test_absolute_links_are_built_on_the_public_address(public_app: Flask, path: str) -> None:
    # The request reaches the server in plain HTTP (as from a proxy): links stay https.
    response = public_app.test_client().get(path, base_url="http://practices.example.org")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    links = re.findall(r"https?://[^\s\"'<>,]+", text)
    own = [link for link in links if "example.org" in link and "schema.org" not in link]
    assert own, text[:500]
    assert all(link.startswith(PUBLIC + "/") for link in own), own


def test_a_redirect_stays_on_the_public_address(public_app: Flask) -> None:
    client = public_app.test_client()
    response = client.get("/en", base_url="http://practices.example.org")
    assert response.status_code == 308
    assert response.headers["Location"] == PUBLIC + "/en/"
    assert client.get("/en", headers={"Host": "evil.example"}).status_code == 400


def test_a_forwarded_host_from_a_trusted_proxy_is_checked_too(indexed: Settings) -> None:
    app = _app(indexed, base_url=PUBLIC, proxies=1)
    client = app.test_client()
    forged = client.get(
        "/sitemap.xml",
        base_url="http://practices.example.org",
        headers={"X-Forwarded-Host": "evil.example"},
    )
    assert forged.status_code == 400
    app.extensions["catalogue.db"].dispose()


@pytest.mark.parametrize(
    "value", ["practices.example.org", "ftp://practices.example.org", "https://x.org/sub"]
)
def test_a_base_url_that_is_not_an_address_is_refused(value: str) -> None:
    with pytest.raises(SettingError, match="CATALOGUE_BASE_URL"):
        load_settings({"CATALOGUE_BASE_URL": value})
