"""Browser tests: a real `catalogue serve`, driven by Playwright in Debian's Chromium.

They never skip: without Chromium they fail, saying how to install it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import ROOT, TEST_DATA

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The closed network here refuses Chromium's own background connections; don't make them.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
#: The administrator account the served site has, for the back-office pages.
ADMIN_EMAIL, ADMIN_PASSWORD = "admin@example.org", "browser tests password"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test corpus served by `catalogue serve --workers 2` on a free port."""
    folder = tmp_path_factory.mktemp("site")
    shutil.copytree(ROOT / "data" / "vocabularies", folder / "data" / "vocabularies")
    shutil.copytree(TEST_DATA / "corpus" / "practices", folder / "data" / "practices")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "CATALOGUE_DATA": str(folder / "data"),
        "CATALOGUE_INDEX": str(folder / "index"),
        "CATALOGUE_DATABASE_URL": f"sqlite:///{folder / 'catalogue.sqlite3'}",
        "CATALOGUE_SECRET_KEY": "browser-tests-" + "k" * 40,
    }
    subprocess.run(
        [sys.executable, "-m", "catalogue.cli", "user", "add", ADMIN_EMAIL, "--role", "admin"],
        env=env,
        input=ADMIN_PASSWORD,
        text=True,
        check=True,
        capture_output=True,
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "catalogue.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/v1/search", timeout=2).read()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.terminate()
                raise RuntimeError("catalogue serve did not start") from None
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `apt-get install chromium` (make test does it as root)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB")
    opened = context.new_page()
    yield opened
    context.close()
