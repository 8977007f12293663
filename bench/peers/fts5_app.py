"""The search a developer would write with Flask and SQLite FTS5: the catalogue's API, minimal.

``GET /search`` takes the catalogue's parameters (q, country, language, target_group,
activity_type, sort, page, per_page) and answers with the page of results, highlights,
the total and the four facets' counts, disjunctive as the catalogue's: each facet is
counted over the matches filtered by the other facets only. Served by gunicorn with sync
workers, each with one read-only connection to the database named by PEERS_DATABASE.
"""

from __future__ import annotations

import html
import json
import os
import sqlite3
from functools import cache
from typing import Any

from flask import Flask, abort, jsonify, request
from flask.typing import ResponseReturnValue

from peers.fts5_query import to_fts5

#: API parameter -> column; the last three hold JSON arrays.
FACETS = {
    "country": "country",
    "language": "languages",
    "target_group": "target_groups",
    "activity_type": "activity_types",
}
ORDERS = {
    # Titles count most, as in the catalogue's ranking; the columns are those of the FTS table.
    "relevance": "bm25(practices_fts, 5.0, 2.0, 1.0, 1.0)",
    "newest": "p.added DESC",
    "title": "p.title",
}
CARD = "p.slug, p.title, p.summary, p.lang, p.country, p.organisation, p.languages, "
CARD += "p.target_groups, p.activity_types, p.added"
# Control characters cannot be in a practice, so they mark highlights safely through escaping.
START, END = "\x02", "\x03"

app = Flask(__name__)


@cache
def connection() -> sqlite3.Connection:
    """This worker's connection, opened on its first request (after gunicorn's fork)."""
    database = sqlite3.connect(f"file:{os.environ['PEERS_DATABASE']}?mode=ro", uri=True)
    database.row_factory = sqlite3.Row
    return database


def where(
    query: str | None, exclude: str | None, filters: dict[str, list[str]], skip: str = ""
) -> tuple[str, list[str]]:
    """SQL conditions on ``p`` for the query and every filter but ``skip``'s, and parameters."""
    clauses, parameters = ["1"], []
    if query is not None:
        clauses.append("p.id IN (SELECT rowid FROM practices_fts WHERE practices_fts MATCH ?)")
        parameters.append(query)
    if exclude is not None:
        clauses.append("p.id NOT IN (SELECT rowid FROM practices_fts WHERE practices_fts MATCH ?)")
        parameters.append(exclude)
    for facet, values in filters.items():
        if facet != skip:
            column, marks = FACETS[facet], ", ".join("?" * len(values))
            clauses.append(
                f"p.{column} IN ({marks})"
                if facet == "country"
                else f"EXISTS (SELECT 1 FROM json_each(p.{column}) WHERE value IN ({marks}))"
            )
            parameters += values
    return " AND ".join(clauses), parameters


def facet_counts(
    query: str | None, exclude: str | None, filters: dict[str, list[str]]
) -> dict[str, list[dict[str, Any]]]:
    """Each facet's values and counts over the matches filtered by the other facets."""
    counts = {}
    for facet, column in FACETS.items():
        conditions, parameters = where(query, exclude, filters, skip=facet)
        source = (
            "p.country, count(*) FROM practices p"
            if facet == "country"
            else f"j.value, count(*) FROM practices p, json_each(p.{column}) j"
        )
        found = dict(
            connection()
            .execute(f"SELECT {source} WHERE {conditions} GROUP BY 1", parameters)
            .fetchall()
        )
        for value in filters.get(facet, []):
            found.setdefault(value, 0)
        counts[facet] = [
            {"value": value, "count": count, "selected": value in filters.get(facet, [])}
            for value, count in sorted(found.items(), key=lambda item: (-item[1], item[0]))
        ]
    return counts


def page(
    query: str | None,
    exclude: str | None,
    filters: dict[str, list[str]],
    order: str,
    limit: int,
    offset: int,
) -> list[dict[str, Any]]:
    """The results of one page, with FTS5's snippet as the highlight when there is a query."""
    conditions, parameters = where(None, exclude, filters)
    if query is None:
        sql = f"SELECT {CARD}, '' AS highlight FROM practices p WHERE {conditions}"
    else:
        snippet = f"snippet(practices_fts, -1, '{START}', '{END}', '…', 16)"
        sql = (
            f"SELECT {CARD}, {snippet} AS highlight FROM practices_fts "
            f"JOIN practices p ON p.id = practices_fts.rowid "
            f"WHERE practices_fts MATCH ? AND {conditions}"
        )
        parameters = [query, *parameters]
    rows = connection().execute(
        f"{sql} ORDER BY {ORDERS[order]}, p.id LIMIT ? OFFSET ?", [*parameters, limit, offset]
    )
    return [result(dict(found)) for found in rows]


def result(found: dict[str, Any]) -> dict[str, Any]:
    for column in ("languages", "target_groups", "activity_types"):
        found[column] = json.loads(found[column])
    escaped = html.escape(found["highlight"])
    found["highlight"] = escaped.replace(START, "<mark>").replace(END, "</mark>")
    return found


def number(name: str, default: int, high: int) -> int:
    value = request.args.get(name, str(default))
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= high):
        abort(400, f"{name} must be a whole number from 1 to {high}")
    return int(value)


@app.get("/search")
def search() -> ResponseReturnValue:
    text = " ".join(request.args.getlist("q"))
    fts5 = to_fts5(text)
    filters = {facet: values for facet in FACETS if (values := request.args.getlist(facet))}
    order = request.args.get("sort", "relevance" if fts5.match else "newest")
    if order not in ORDERS:
        abort(400, f"sort must be one of {', '.join(ORDERS)}")
    if order == "relevance" and fts5.match is None:
        order = "newest"  # nothing to rank by
    per_page = number("per_page", 20, 100)
    page_number = number("page", 1, 10_000 // per_page)
    conditions, parameters = where(fts5.match, fts5.exclude, filters)
    total = (
        connection()
        .execute(f"SELECT count(*) FROM practices p WHERE {conditions}", parameters)
        .fetchone()[0]
    )
    return jsonify(
        {
            "query": text,
            "total": total,
            "page": page_number,
            "per_page": per_page,
            "results": page(
                fts5.match, fts5.exclude, filters, order, per_page, (page_number - 1) * per_page
            ),
            "facets": facet_counts(fts5.match, fts5.exclude, filters),
        }
    )
