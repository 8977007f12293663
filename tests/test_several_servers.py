"""Several app servers on one database and one index, as behind a load balancer."""

from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import pytest

from catalogue.settings import Settings
from tests.conftest import CATALOGUE, get_json, server_env, serving
from tests.test_submissions import NEW

PASSWORD = "a long enough password"


class Browser:
    """A coordinator's browser: keeps its cookies, reads the form's CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> str:
        with self._opener.open(self.base + path, timeout=10) as response:
            return str(response.read().decode("utf-8"))

    def post_form(self, path: str, fields: dict[str, str]) -> int:
        found = re.search(r'name="csrf_token" value="([^"]+)"', self.get(path))
        assert found is not None, f"no form on {path}"
        data = urlencode({**fields, "csrf_token": found.group(1)}).encode()
        with self._opener.open(self.base + path, data=data, timeout=10) as response:
            return int(response.status)


def submit(base: str) -> str:
    payload = {**NEW, "title": "Quokka reading circle for newcomers"}
    request = urllib.request.Request(
        f"{base}/api/v1/submissions",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(json.load(response)["id"])


@pytest.mark.slow
def test_an_approval_through_one_server_is_found_through_the_other(settings: Settings) -> None:
    env = server_env(settings)
    subprocess.run(
        [*CATALOGUE, "user", "add", "coordinator@example.org", "--role", "coordinator"],
        input=PASSWORD + "\n",
        text=True,
        env=env,
        check=True,
        capture_output=True,
    )
    with serving(env, workers=1) as first, serving(env, workers=1) as second:
        submission = submit(first)
        coordinator = Browser(first)
        coordinator.post_form(
            "/en/login", {"email": "coordinator@example.org", "password": PASSWORD}
        )
        assert submission in coordinator.get("/en/admin/")  # waiting for review
        assert get_json(f"{second}/api/v1/search?q=quokka")["total"] == 0
        status = coordinator.post_form(f"/en/admin/submissions/{submission}", {"action": "approve"})
        approved = time.monotonic()
        assert status == 200  # the dashboard, after the redirect
        while get_json(f"{second}/api/v1/search?q=quokka")["total"] != 1:
            assert time.monotonic() - approved < 2.0, "not searchable on the other server in 2 s"
            time.sleep(0.05)
        found = get_json(f"{second}/api/v1/search?q=quokka")["results"][0]
        assert found["title"] == "Quokka reading circle for newcomers"
        # Without sticky sessions, the coordinator's next request may reach the other
        # server: still signed in there, and the submission is no longer waiting.
        coordinator.base = second
        dashboard = coordinator.get("/en/admin/")
        assert 'action="/en/logout"' in dashboard
        assert submission not in dashboard
