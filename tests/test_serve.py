"""``catalogue serve`` for real: gunicorn workers, and a new index served without restart."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from catalogue.settings import Settings
from tests.conftest import VALID_FIELDS, practice_text

CATALOGUE = [sys.executable, "-m", "catalogue.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


@pytest.fixture
def server(settings: Settings, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    env = {
        **os.environ,
        "CATALOGUE_DATA": str(settings.data),
        "CATALOGUE_INDEX": str(settings.index),
        "CATALOGUE_DATABASE_URL": settings.database_url,
        "CATALOGUE_SECRET_KEY": "test-" + "k" * 40,
    }
    port = free_port()
    process = subprocess.Popen(
        [*CATALOGUE, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get_json(f"{base}/api/v1/search")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("catalogue serve did not start") from None
                time.sleep(0.1)
        yield base, env
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.slow
def test_serve_indexes_creates_the_database_and_answers(
    server: tuple[str, dict[str, str]], settings: Settings
) -> None:
    base, _ = server
    assert get_json(f"{base}/api/v1/search")["total"] == 7
    assert Path(settings.database_url.removeprefix("sqlite:///")).exists()


@pytest.mark.slow
def test_a_running_site_serves_a_new_index_within_two_seconds(
    server: tuple[str, dict[str, str]], settings: Settings
) -> None:
    base, env = server
    (settings.practices / "brand-new.md").write_text(
        practice_text({**VALID_FIELDS, "title": "Zanzibar reading circle"})
    )
    subprocess.run([*CATALOGUE, "index"], env=env, check=True, capture_output=True)
    finished = time.monotonic()
    while get_json(f"{base}/api/v1/search?q=zanzibar")["total"] != 1:
        assert time.monotonic() - finished < 2.0, "the new index was not served within 2 s"
        time.sleep(0.05)
    # Every worker has its own searcher: after 2 s, all of them serve the new index.
    time.sleep(max(0.0, 2.0 - (time.monotonic() - finished)))
    assert [get_json(f"{base}/api/v1/search?q=zanzibar")["total"] for _ in range(8)] == [1] * 8
