"""Hostile searches: the queries a stranger could send to make a search expensive.

Each is asked of the catalogue's API twice (the second finds the terms' postings read),
and the worst one also as CSV; its slowest answer is reported beside whether the
catalogue said it simplified the query. The time budget per search
(catalogue/index/budget.py) caps what the bounds on words and terms leave.
"""

from __future__ import annotations

import itertools
import json
import string
import time
from urllib.parse import urlencode

from client import connect, get

COMMON = (
    "library", "children", "women", "refugees", "language", "club", "reading", "books",
    "families", "volunteers", "biblioteca", "bibliothèque", "bibliotēka", "biblioteka",
    "bibliotecă", "dzieci", "copii", "enfants", "bambini", "bērni", "kobiety", "femmes",
    "donne", "sievietes",
)  # fmt: skip

#: Name -> query (cut at 500 characters, what the API accepts).
QUERIES: dict[str, str] = {
    "a* OR b* … z*": " OR ".join(f"{c}*" for c in string.ascii_lowercase),
    "25 two-letter prefixes OR-ed": " OR ".join(f"{a}{b}*" for a in "aeiou" for b in "lnrst"),
    "24 common words OR-ed": " OR ".join(COMMON),
    "24 common words": " ".join(COMMON),
    "24 three-letter prefixes OR-ed": " OR ".join(f"{w[:3]}*" for w in COMMON),
    "20 phrases OR-ed": " OR ".join(f'"{a} {b}"' for a, b in list(itertools.pairwise(COMMON))[:20]),
    "100 nested brackets": "(" * 100 + "library" + ")" * 100,
    "26 excluded prefixes": " ".join(f"-{c}*" for c in string.ascii_lowercase),
    "60 misspelt words": " ".join(["librari", "clubb", "womenn", "childran", "refugess"] * 12),
    "unbalanced syntax": '"club (women OR -"' * 20,
}


def measure(port: int) -> list[dict[str, object]]:
    """Each hostile query's slowest answer in milliseconds, its total, and whether the
    catalogue said it had simplified it."""
    connection = connect(port)
    rows: list[dict[str, object]] = []
    for name, query in QUERIES.items():
        path = "/api/v1/search?" + urlencode({"q": query[:500]})
        times, body = [], {}
        for _ in range(2):
            started = time.perf_counter()
            body = json.loads(get(connection, path))
            times.append((time.perf_counter() - started) * 1000)
        rows.append(
            {
                "name": name,
                "length": len(query[:500]),
                "worst_ms": max(times),
                "again_ms": times[-1],
                "total": body.get("total"),
                "simplified": body.get("simplified"),
            }
        )
    worst = max(rows, key=lambda row: float(str(row["worst_ms"])))
    started = time.perf_counter()
    get(connection, "/en/search.csv?" + urlencode({"q": QUERIES[str(worst["name"])][:500]}))
    worst["csv_ms"] = (time.perf_counter() - started) * 1000
    return rows


def table(rows: list[dict[str, object]]) -> str:
    """The hostile queries as a Markdown table."""
    lines = [
        "| query | characters | slowest answer | again | found | simplified |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        csv = f" (CSV: {float(str(row['csv_ms'])):.0f} ms)" if "csv_ms" in row else ""
        lines.append(
            f"| {row['name']} | {row['length']} | {float(str(row['worst_ms'])):.0f} ms{csv} "
            f"| {float(str(row['again_ms'])):.0f} ms | {row['total']} "
            f"| {'yes' if row['simplified'] else 'no'} |"
        )
    return "\n".join(lines)
