"""Dossiers: the PDF of 10 and of 50 practices, made (first request) and read from the
cache (second), as a librarian downloading a shortlist or a search would wait for it."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from client import connect, get, get_json


def measure(port: int) -> dict[str, float]:
    """Seconds to make a dossier of 10 and of 50 practices, and to get one made before."""
    slugs = [r["slug"] for r in get_json(port, "/api/v1/search?per_page=50&sort=title")["results"]]
    figures: dict[str, float] = {}
    connection = connect(port)
    for count in (10, 50):
        path = "/fr/dossier.pdf?" + urlencode([("slug", slug) for slug in slugs[:count]])
        for label in ("", "_cached"):
            started = time.perf_counter()
            get(connection, path)
            figures[f"dossier_{count}_s{label}"] = time.perf_counter() - started
    return figures
