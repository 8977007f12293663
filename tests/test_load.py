"""Readers keep being answered while the index changes under them."""

from __future__ import annotations

import json
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from catalogue.settings import Settings
from tests.conftest import CATALOGUE, VALID_FIELDS, practice_text
from tests.test_submissions import NEW


def fetch(url: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, {}


@pytest.mark.slow
def test_every_request_is_answered_while_the_index_is_updated_and_rebuilt(
    server: tuple[str, dict[str, str]],
    settings: Settings,
) -> None:
    base, env = server
    statuses: list[int] = []
    stop = threading.Event()

    def read() -> None:
        queries = ["", "q=club", "q=conversation&country=PL", "q=biblioteka", "sort=title"]
        number = 0
        while not stop.is_set() and number < 400:
            statuses.append(fetch(f"{base}/api/v1/search?{queries[number % 5]}")[0])
            number += 1

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    try:
        for round_number in range(3):
            path = settings.practices / f"load-{round_number}.md"
            path.write_text(
                practice_text({**VALID_FIELDS, "title": f"Zanzibar round {round_number}"})
            )
            subprocess.run([*CATALOGUE, "index"], env=env, check=True, capture_output=True)
            subprocess.run(
                [*CATALOGUE, "index", "--rebuild"], env=env, check=True, capture_output=True
            )
        finished = time.monotonic()
        while fetch(f"{base}/api/v1/search?q=zanzibar")[1].get("total") != 3:
            assert time.monotonic() - finished < 2.0, "the last update was not served within 2 s"
            time.sleep(0.05)
    finally:
        stop.set()
        for reader in readers:
            reader.join(30)
    assert len(statuses) > 50
    assert set(statuses) == {200}


@pytest.mark.slow
def test_two_index_runs_and_an_approval_at_once_leave_a_consistent_index(
    server: tuple[str, dict[str, str]],
    settings: Settings,
) -> None:
    base, env = server
    request = urllib.request.Request(
        f"{base}/api/v1/submissions",
        data=json.dumps(NEW).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        submission_id = json.load(response)["id"]
    (settings.practices / "riga-welcome-desk.md").write_text(
        (settings.practices / "riga-welcome-desk.md")
        .read_text()
        .replace("Welcome desk", "Help desk")
    )
    runs = [
        subprocess.Popen(
            [*CATALOGUE, *arguments], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for arguments in (
            ["index"],
            ["index", "--rebuild"],
            ["submissions", "approve", submission_id],
        )
    ]
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    settled = subprocess.run([*CATALOGUE, "index"], env=env, capture_output=True, text=True)
    assert "0 added, 0 updated, 0 removed, 8 unchanged" in settled.stdout
    time.sleep(0.6)
    assert fetch(f"{base}/api/v1/search?q=thursday")[1]["total"] == 1
    assert fetch(f"{base}/api/v1/search?q=help+desk")[1]["total"] == 1
    assert Path(settings.practices / "tea-and-talk-for-newcomers-in-riga.md").exists()
