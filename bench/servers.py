"""Servers under measurement: started one at a time, always stopped, memory read from /proc."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from client import connect, get

#: Datasette on an immutable database counts its rows before answering; at 50,000
#: practices every system is ready well within this.
READY_TIMEOUT_S = 120


@dataclass(frozen=True)
class Server:
    process: subprocess.Popen[bytes]
    port: int
    ready_s: float

    def workers_mb(self) -> list[tuple[float, float]]:
        """(resident, private) memory of each worker: gunicorn's children, else the process.

        Resident counts pages shared with other processes too: the index's memory-mapped
        files, which the operating system holds once for every worker. Private is what
        each further worker adds.
        """
        pid = self.process.pid
        children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        return [_memory_mb(child) for child in children or [pid]]


def _memory_mb(pid: int) -> tuple[float, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value) / 1024
    return fields["Rss"], fields["Private_Clean"] + fields["Private_Dirty"]


@contextmanager
def serving(
    command: list[str], port: int, probe: str, log: Path, env: dict[str, str] | None = None
) -> Iterator[Server]:
    """Start ``command``, wait until ``probe`` is answered, stop it (and its workers) after.

    The server runs in a session of its own so that Ctrl-C reaches only the benchmark,
    which then stops the server in order; its error output goes to ``log``.
    """
    started = time.perf_counter()
    with log.open("wb") as errors:
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True
        )
    try:
        _wait_until_answering(process, port, probe, log)
        yield Server(process, port, time.perf_counter() - started)
    finally:
        _stop(process)


def _wait_until_answering(
    process: subprocess.Popen[bytes], port: int, probe: str, log: Path
) -> None:
    deadline = time.perf_counter() + READY_TIMEOUT_S
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped ({log}):\n{log.read_text()[-2000:]}")
        try:
            get(connect(port), probe)
            return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"no answer to {probe} within {READY_TIMEOUT_S} s ({log})")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # its own session: the workers go too
        process.wait()
