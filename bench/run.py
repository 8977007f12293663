"""``make bench``: index and search figures on a synthetic catalogue of N practices.

Measures full rebuild, one-file update, index size, time until ``serve`` answers, search
API latency (p50/p95, sequential, 120 distinct requests with and without filters) and
requests per second with 8 concurrent clients against ``serve --workers 2``. Prints the
figures and writes them to docs/performance.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import LANGUAGES, word_pools, write_corpus

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = [str(ROOT / ".venv" / "bin" / "catalogue")]
FACET_VALUES = {
    "country": ["PL", "LV", "RO", "FR", "IT", "DE"],
    "language": ["uk", "ar", "pl", "fr", "en"],
    "target_group": ["refugees", "women", "children", "youth", "seniors"],
    "activity_type": ["language-learning", "storytelling", "digital-skills", "outreach"],
}


def queries(count: int, seed: int = 7) -> list[dict[str, str | list[str]]]:
    """Varied search requests: words, phrases, prefixes, OR, exclusions, filters, sorts."""
    rng = random.Random(seed)
    pools = word_pools()
    common = {lang: [w for w in pools[lang] if len(w) > 5] for lang in LANGUAGES}
    requests: list[dict[str, str | list[str]]] = []
    for number in range(count):
        lang = LANGUAGES[number % len(LANGUAGES)]
        words = [rng.choice(common[lang]) for _ in range(3)]
        shape = number % 6
        q = [
            words[0],
            f"{words[0]} {words[1]}",
            f'"{words[0]} {words[1]}"',
            f"{words[0][:4]}*",
            f"{words[0]} OR {words[1]}",
            f"{words[0]} -{words[2]}",
        ][shape]
        request: dict[str, str | list[str]] = {"q": q, "locale": rng.choice(LANGUAGES)}
        if number % 3 == 1:
            facet = rng.choice(list(FACET_VALUES))
            request[facet] = rng.sample(FACET_VALUES[facet], rng.randint(1, 2))
        if number % 5 == 4:
            request = {
                facet: [rng.choice(values)]
                for facet, values in FACET_VALUES.items()
                if rng.random() < 0.5
            }
            request["sort"] = rng.choice(["newest", "title"])
        requests.append(request)
    return requests


def completion_prefixes(count: int, seed: int = 11) -> list[str]:
    """As-you-type requests: the first 2 to 6 letters of words of the corpus."""
    rng = random.Random(seed)
    pools = word_pools()
    requests = []
    for number in range(count):
        lang = LANGUAGES[number % len(LANGUAGES)]
        prefix = rng.choice(pools[lang])[: rng.randint(2, 6)]
        requests.append("/api/v1/suggest?" + urlencode({"q": prefix, "locale": lang}))
    return requests


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=False, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def path_of(request: dict[str, str | list[str]]) -> str:
    return "/api/v1/search?" + urlencode(request, doseq=True)


def fetch(connection: http.client.HTTPConnection, path: str) -> float:
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return time.perf_counter() - started


def latency(port: int, paths: list[str]) -> tuple[float, float]:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    fetch(connection, paths[0])  # the worker's first answer of a kind builds its tables
    times = sorted(fetch(connection, path) for path in paths)
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def throughput(port: int, paths: list[str], clients: int = 8, seconds: float = 10.0) -> float:
    done = [0] * clients
    stop = time.perf_counter() + seconds

    def client(index: int) -> None:
        rng = random.Random(index)
        connection = http.client.HTTPConnection("127.0.0.1", port)
        while time.perf_counter() < stop:
            fetch(connection, rng.choice(paths))
            done[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started)


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--practices", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/performance.md")
    args = parser.parse_args()
    data, index = args.out / "data", args.out / "index"
    env = {
        **os.environ,
        "CATALOGUE_DATA": str(data),
        "CATALOGUE_INDEX": str(index),
        "CATALOGUE_DATABASE_URL": f"sqlite:///{args.out / 'bench.sqlite3'}",
        "CATALOGUE_SECRET_KEY": "bench-" + "k" * 40,
    }
    print(f"Writing a synthetic catalogue of {args.practices} practices…", flush=True)
    write_corpus(data, args.practices)
    results: dict[str, float] = {}
    results["rebuild_s"] = timed([*CATALOGUE, "index", "--rebuild"], env)
    one = sorted((data / "practices").glob("*.md"))[
        len(list((data / "practices").glob("*.md"))) // 2
    ]
    one.write_text(
        one.read_text(encoding="utf-8").replace("## ", "## Updated ", 1), encoding="utf-8"
    )
    results["update_s"] = timed([*CATALOGUE, "index"], env)
    results["index_mb"] = folder_size(index) / 1e6
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [*CATALOGUE, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request(
                    "GET", "/api/v1/search"
                )
                break
            except OSError:
                time.sleep(0.02)
        connection = http.client.HTTPConnection("127.0.0.1", port)
        fetch(connection, "/api/v1/search?q=library")
        results["ready_s"] = time.perf_counter() - started
        paths = [path_of(request) for request in queries(120)]
        for path in paths[:20]:  # each worker builds its caches once
            fetch(connection, path)
        results["p50_ms"], results["p95_ms"] = (x * 1000 for x in latency(port, paths[20:]))
        results["rps"] = throughput(port, paths)
        prefixes = completion_prefixes(100)
        results["suggest_p50_ms"], results["suggest_p95_ms"] = (
            x * 1000 for x in latency(port, prefixes)
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(15)
    report(args.practices, results, write=not args.no_write)


TARGETS = {"rebuild_s": 35, "update_s": 1.5, "ready_s": 3, "p50_ms": 25, "p95_ms": 80}


def report(size: int, results: dict[str, float], *, write: bool) -> None:
    rows = [
        ("Full rebuild (`catalogue index --rebuild`)", f"{results['rebuild_s']:.1f} s", "≤ 35 s"),
        ("One-file update (`catalogue index`)", f"{results['update_s']:.2f} s", "≤ 1.5 s"),
        ("Index size", f"{results['index_mb']:.0f} MB", ""),
        ("`serve` answering", f"{results['ready_s']:.2f} s", "≤ 3 s"),
        ("Search latency p50 (sequential)", f"{results['p50_ms']:.1f} ms", "≤ 25 ms"),
        ("Search latency p95 (sequential)", f"{results['p95_ms']:.1f} ms", "≤ 80 ms"),
        ("Requests per second, 8 clients", f"{results['rps']:.0f}", ""),
        (
            "Completions p50 / p95 (`/api/v1/suggest`)",
            f"{results['suggest_p50_ms']:.1f} / {results['suggest_p95_ms']:.1f} ms",
            "< 20 ms",
        ),
    ]
    table = "| measure | result | target |\n|---|---|---|\n" + "\n".join(
        f"| {name} | {value} | {target} |" for name, value, target in rows
    )
    print(f"\n{size} practices\n{table}\n")
    print(json.dumps(results))
    if write:
        path = ROOT / "docs" / "performance.md"
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        marker = f"<!-- bench:{size} -->"
        section = (
            f"{marker}\n### {size:,} practices ({time.strftime('%Y-%m-%d')})\n\n{table}\n{marker}"
        )
        if marker in text:
            before, _, rest = text.partition(marker)
            _, _, after = rest.partition(marker)
            text = before + section + after
        else:
            text = text.rstrip() + "\n\n" + section + "\n"
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
