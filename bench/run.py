"""``make bench``: the catalogue and the peers a user would otherwise pick, side by side.

For each size, one synthetic corpus and one list of search requests serve four systems,
measured one at a time with the same client: the catalogue (``serve --workers 2``,
``/api/v1/search``), a Flask app searching SQLite FTS5 directly (gunicorn, 2 sync
workers), Datasette serving the same SQLite database, and a bare Flask page as the
ceiling. Measured: index build and one-file update (process start included), time until
a search is answered, p50/p95 latency over distinct requests asked one after the other,
requests per second with 8 concurrent clients drawing from a repeating list, and
resident memory per worker. The peers run from their own virtual environment, which the
benchmark installs. Prints the figures, writes them to bench/out/results-N.json and to
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dossier
import hostile
import photo_indexing
from client import connect, fetch, free_port, get_json, latency, throughput
from corpus import write_corpus
from peers.environment import ensure_environment
from report import Results, section, write_section
from servers import Server, serving
from workload import (
    catalogue_path,
    completion_prefixes,
    datasette_path,
    fts5_path,
    queries,
)

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CATALOGUE = [str(ROOT / ".venv" / "bin" / "catalogue")]
DOCUMENT = ROOT / "docs" / "performance.md"
REQUESTS = 120
WARM_UP = 20  # requests asked before timing: each worker builds its caches
SAMPLE = 12  # requests whose totals are compared across systems
DATASETTE_SETTINGS = {
    "default_page_size": "20",
    "suggest_facets": "off",
    "sql_time_limit_ms": "20000",
    "facet_time_limit_ms": "20000",
    "max_returned_rows": "1000",
}


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def change_one_practice(data: Path) -> Path:
    """Change the body of the practice file in the middle of the corpus; each call differs."""
    files = sorted((data / "practices").glob("*.md"))
    changed = files[len(files) // 2]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("## ", "## Updated ", 1), encoding="utf-8")
    return changed


def searches(server: Server, paths: list[str]) -> dict[str, float]:
    """Latency, throughput and, after that load, memory per worker."""
    connection = connect(server.port)
    for path in paths[:WARM_UP]:
        fetch(connection, path)
    p50, p95 = latency(server.port, paths[WARM_UP:])
    rps = throughput(server.port, paths)
    workers = server.workers_mb()
    return {
        "ready_s": server.ready_s,
        "p50_ms": p50 * 1000,
        "p95_ms": p95 * 1000,
        "rps": rps,
        "worker_mb": max(resident for resident, _ in workers),
        "worker_private_mb": max(private for _, private in workers),
        "workers": len(workers),
    }


def totals(port: int, paths: list[str], key: str) -> list[int]:
    """How many practices each of the sample requests found (asked after the timing)."""
    return [int(get_json(port, path)[key]) for path in paths[:SAMPLE]]


def measure_catalogue(data: Path, out: Path, paths: list[str]) -> tuple[Results, list[int]]:
    index = out / "index"
    env = {
        **os.environ,
        "CATALOGUE_DATA": str(data),
        "CATALOGUE_INDEX": str(index),
        "CATALOGUE_DATABASE_URL": f"sqlite:///{out / 'bench.sqlite3'}",
        "CATALOGUE_SECRET_KEY": "bench-" + "k" * 40,
    }
    figures: Results = {"rebuild_s": timed([*CATALOGUE, "index", "--rebuild"], env)}
    change_one_practice(data)
    figures["update_s"] = timed([*CATALOGUE, "index"], env)
    figures["index_mb"] = sum(p.stat().st_size for p in index.rglob("*") if p.is_file()) / 1e6
    port = free_port()
    command = [*CATALOGUE, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    probe = "/api/v1/search?q=library"
    with serving(command, port, probe, out / "logs" / "catalogue.log", env) as server:
        figures |= searches(server, paths)
        p50, p95 = latency(port, completion_prefixes(100))
        figures["suggest_p50_ms"], figures["suggest_p95_ms"] = p50 * 1000, p95 * 1000
        figures["hostile"] = hostile.measure(port)
        figures |= dossier.measure(port)
        return figures, totals(port, paths, "total")


def build_peers_database(peers: Path, data: Path, database: Path) -> Results:
    """The peers' index: the SQLite database both serve, built and then updated."""
    command = [str(peers / "python"), str(BENCH / "peers" / "build_sqlite.py")]
    figures = {"rebuild_s": timed([*command, "build", str(data), str(database)])}
    changed = change_one_practice(data)
    figures["update_s"] = timed([*command, "update", str(database), str(changed)])
    figures["index_mb"] = database.stat().st_size / 1e6
    return figures


def gunicorn(peers: Path, port: int, app: str) -> list[str]:
    """The peers' gunicorn as the catalogue runs it: 2 sync workers, an access log.

    Without gunicorn's control socket, which serves no request and whose one path per
    user another gunicorn on the machine may be using.
    """
    return [
        str(peers / "gunicorn"),
        *("--chdir", str(BENCH), "--bind", f"127.0.0.1:{port}", "--no-control-socket"),
        *("--workers", "2", "--worker-class", "sync", "--access-logfile", "-", app),
    ]


def measure_fts5(
    peers: Path, database: Path, out: Path, paths: list[str]
) -> tuple[Results, list[int]]:
    port = free_port()
    env = {**os.environ, "PEERS_DATABASE": str(database)}
    log = out / "logs" / "fts5_flask.log"
    with serving(
        gunicorn(peers, port, "peers.fts5_app:app"), port, "/search?q=library", log, env
    ) as server:
        return searches(server, paths), totals(port, paths, "total")


def measure_datasette(
    peers: Path, database: Path, out: Path, paths: list[str]
) -> tuple[Results, list[int]]:
    """Datasette on an immutable database (``-i``), as a read-only deployment runs it."""
    port = free_port()
    command = [str(peers / "datasette"), "serve", "-i", str(database)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    for name, value in DATASETTE_SETTINGS.items():
        command += ["--setting", name, value]
    probe = datasette_path({"q": "library"})
    with serving(command, port, probe, out / "logs" / "datasette.log") as server:
        facets = get_json(port, probe)["facet_results"]
        if len(facets) != 4:
            raise RuntimeError(f"Datasette counted {sorted(facets)} only (a facet timed out?)")
        return searches(server, paths), totals(port, paths, "filtered_table_rows_count")


def measure_bare(peers: Path, out: Path) -> Results:
    port = free_port()
    log = out / "logs" / "bare_flask.log"
    with serving(gunicorn(peers, port, "peers.bare_app:app"), port, "/ping", log) as server:
        return searches(server, ["/ping"] * REQUESTS)


def compare_totals(requests: list[dict[str, Any]], found: list[tuple[int, ...]]) -> None:
    """Print the first totals, and every case where the two SQLite peers disagree.

    The peers search the same database with the same FTS5 query, so they must agree
    exactly; the catalogue stems words and the peers do not, so its totals differ.
    """
    print("Totals (catalogue / FTS5-Flask / Datasette):")
    for number, (request, row) in enumerate(zip(requests, found, strict=False)):
        disagree = row[1] != row[2]
        if number < 6 or disagree:
            flag = "  DISAGREE" if disagree else ""
            print(f"  {' / '.join(map(str, row))}  {json.dumps(request, ensure_ascii=False)}{flag}")


def measure_size(size: int, out: Path, peers: Path) -> Results:
    data = out / "data"
    print(f"\n{size} practices: writing the corpus…", flush=True)
    write_corpus(data, size)
    requests = queries(REQUESTS)
    results: Results = {"practices": size}
    print("Measuring the catalogue…", flush=True)
    results["catalogue"], ours = measure_catalogue(data, out, [catalogue_path(r) for r in requests])
    database = out / "practices.db"
    built = build_peers_database(peers, data, database)
    print("Measuring FTS5-Flask…", flush=True)
    figures, fts5 = measure_fts5(peers, database, out, [fts5_path(r) for r in requests])
    results["fts5_flask"] = built | figures
    print("Measuring Datasette…", flush=True)
    figures, datasette = measure_datasette(
        peers, database, out, [datasette_path(r) for r in requests]
    )
    results["datasette"] = built | figures
    print("Measuring the bare Flask page…", flush=True)
    results["bare_flask"] = measure_bare(peers, out)
    results["totals"] = list(zip(ours, fts5, datasette, strict=True))
    compare_totals(requests, results["totals"])
    return results


def measure_media(size: int, out: Path, photos: int, fresh: bool) -> dict[str, Any]:
    """Indexing with ``photos`` phone photos added to the corpus (written anew if ``fresh``)."""
    data = out / "data"
    if fresh:
        print(f"\n{size} practices: writing the corpus…", flush=True)
        write_corpus(data, size)
    print(f"Measuring indexing with {photos} photos…", flush=True)
    return photo_indexing.measure(CATALOGUE, data, out, photos)


def sizes(text: str) -> list[int]:
    return [int(size) for size in text.split(",")]


def stop_on_terminate(signum: int, frame: object) -> None:
    """SIGTERM ends the benchmark as Ctrl-C does: through ``finally``, stopping the servers."""
    raise SystemExit(128 + signum)


def main() -> None:
    signal.signal(signal.SIGTERM, stop_on_terminate)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=sizes, default=[1_000, 10_000, 50_000])
    parser.add_argument("--practices", type=int, help="one size only: the same as --sizes N")
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/performance.md")
    parser.add_argument("--photos", type=int, default=100, help="phone photos for indexing")
    parser.add_argument(
        "--media-only", action="store_true", help="measure indexing with photos only"
    )
    args = parser.parse_args()
    out = args.out.resolve()  # the servers run from other folders
    (out / "logs").mkdir(parents=True, exist_ok=True)
    chosen = [args.practices] if args.practices else args.sizes
    if not args.media_only:
        peers = ensure_environment(out / "peers-venv")
        for size in chosen:
            results = measure_size(size, out, peers)
            (out / f"results-{size}.json").write_text(json.dumps(results, indent=2))
            print(f"\n{section(results)}\n", flush=True)
            if not args.no_write:
                write_section(DOCUMENT, results)
    # Images once, at the size nearest 10,000 (the target's), after the searches.
    size = min(chosen, key=lambda n: abs(n - 10_000))
    figures = measure_media(size, out, args.photos, fresh=args.media_only or len(chosen) > 1)
    (out / f"results-media-{size}.json").write_text(json.dumps(figures, indent=2))
    print(f"\n{photo_indexing.section(size, figures)}\n", flush=True)
    if not args.no_write:
        photo_indexing.write_section(DOCUMENT, size, figures)


if __name__ == "__main__":
    main()
