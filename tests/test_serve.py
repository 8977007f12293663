"""``catalogue serve`` for real: gunicorn workers, and a new index served without restart."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from catalogue.settings import Settings
from tests.conftest import CATALOGUE, VALID_FIELDS, get_json, practice_text


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
