"""What coordinators report on: coverage of the catalogue, and what readers search for."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, delete, func, select

from catalogue.db import SearchLog, now, storable
from catalogue.searching import SearchPage
from catalogue.spreadsheet import safe_cell

#: How far back the search statistics look.
SEARCH_WINDOW = timedelta(days=30)
#: How long a search is kept at all: older ones are deleted as new ones arrive.
SEARCH_KEPT = timedelta(days=90)
#: The longest query kept, in characters: enough for any real search, too short to carry
#: a message to coordinators.
QUERY_KEPT = 100


@dataclass(frozen=True)
class QueryCount:
    """A query readers typed, and how often."""

    query: str
    count: int


def log_search(session: Session, query: str, results: int, locale: str) -> None:
    """Remember that a search was made (its words and result count only)."""
    words = " ".join(storable(query).lower().split())[:QUERY_KEPT]
    if words:
        session.add(SearchLog(query=words, results=results, locale=locale))
        session.exec(delete(SearchLog).where(col(SearchLog.at) < now() - SEARCH_KEPT))
        session.commit()


def frequent_searches(
    session: Session, *, found_nothing: bool, limit: int = 20
) -> list[QueryCount]:
    """The most frequent searches of the last 30 days (or those that found nothing)."""
    since = now() - SEARCH_WINDOW
    count = func.count().label("n")
    statement = select(SearchLog.query, count).where(col(SearchLog.at) >= since)
    if found_nothing:
        statement = statement.where(SearchLog.results == 0)
    statement = statement.group_by(SearchLog.query).order_by(count.desc(), SearchLog.query)
    return [QueryCount(query, int(n)) for query, n in session.exec(statement.limit(limit))]


def coverage_csv(page: SearchPage) -> str:
    """The facet counts of the whole catalogue as CSV: facet, value, label, practices."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["facet", "value", "label", "practices"])
    for facet, values in page.facets.items():
        for value in values:
            writer.writerow(map(safe_cell, [facet, value.value, value.label, value.count]))
    return out.getvalue()
