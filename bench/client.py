"""The one HTTP client every system is measured with: http.client on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import random
import socket
import statistics
import threading
import time
from typing import Any

#: No answer measured here takes a minute; a server that hangs must not hang the benchmark.
TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def connect(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)


def get(connection: http.client.HTTPConnection, path: str) -> bytes:
    """The body of a 200 answer to ``path``; anything else is an error."""
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}: {body[:300]!r}")
    return body


def get_json(port: int, path: str) -> Any:
    return json.loads(get(connect(port), path))


def fetch(connection: http.client.HTTPConnection, path: str) -> float:
    """Seconds from sending the request to having read the whole answer."""
    started = time.perf_counter()
    get(connection, path)
    return time.perf_counter() - started


def latency(port: int, paths: list[str]) -> tuple[float, float]:
    """p50 and p95 seconds of ``paths`` asked one after the other."""
    connection = connect(port)
    times = sorted(fetch(connection, path) for path in paths)
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def throughput(port: int, paths: list[str], clients: int = 8, seconds: float = 10.0) -> float:
    """Answers per second to ``clients`` keep-alive clients each drawing from ``paths``."""
    done = [0] * clients
    failures: list[Exception] = []
    stop = time.perf_counter() + seconds

    def client(index: int) -> None:
        rng = random.Random(index)
        connection = connect(port)
        try:
            while time.perf_counter() < stop:
                fetch(connection, rng.choice(paths))
                done[index] += 1
        except (OSError, RuntimeError) as failure:  # a failing server must not look slow
            failures.append(failure)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return sum(done) / (time.perf_counter() - started)
