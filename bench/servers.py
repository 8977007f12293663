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

    def workers_mb(self) -> list[float]:
        """Resident memory of each worker: gunicorn's children, else the process itself."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [_resident_mb(int(child)) for child in children] or [_resident_mb(pid)]


def _resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


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
