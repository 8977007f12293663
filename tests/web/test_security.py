"""Headers, cookies and proxies: what every response promises a reader's browser."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from catalogue import create_app
from catalogue.cli import main
from catalogue.settings import Settings


@pytest.mark.parametrize(
    "path", ["/en/", "/en/search?q=club", "/api/v1/search", "/en/nothing", "/en/contribute"]
)
def test_every_response_carries_the_security_headers(client: FlaskClient, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
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
