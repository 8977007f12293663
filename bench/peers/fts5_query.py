"""A reader's query in the catalogue's syntax as an FTS5 query that is never a syntax error.

Words are ANDed, "phrases" stay phrases, ``word*`` is a prefix, ``OR`` joins its
neighbours, ``-word`` and ``NOT word`` exclude. Every token is quoted, so punctuation and
FTS5's own keywords, typed by a reader, are searched as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r'"[^"]*"\*?|\S+')
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Fts5Query:
    """``match`` for FTS5's MATCH; ``exclude`` alone when nothing is asked for but exclusions.

    FTS5's NOT is binary (``a NOT b``), so a query of exclusions only cannot be one
    MATCH: the rows matching ``exclude`` are left out of all rows instead.
    """

    match: str | None
    exclude: str | None


def _quoted(token: str) -> str | None:
    """``token`` as an FTS5 string (a prefix when it ends in ``*``), None without a word."""
    prefix = token.endswith("*")
    text = token.rstrip("*").strip('"')
    if not _WORD.search(text):
        return None
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def to_fts5(text: str) -> Fts5Query:
    """Translate ``text``; both parts are None for a query without words."""
    groups: list[list[str]] = []  # ANDed groups of ORed strings
    excluded: list[str] = []
    join = negate = False
    for token in _TOKEN.findall(text):
        if token == "OR":
            join = bool(groups)
        elif token == "NOT":
            negate = True
        elif token != "AND":
            if token[0] in "+-" and len(token) > 1:
                negate = negate or token[0] == "-"
                token = token[1:]
            quoted = _quoted(token)
            if quoted is not None and negate:
                excluded.append(quoted)
            elif quoted is not None and join:
                groups[-1].append(quoted)
            elif quoted is not None:
                groups.append([quoted])
            join = negate = False
    match = " AND ".join(f"({' OR '.join(group)})" for group in groups)
    exclude = " OR ".join(excluded)
    if match and exclude:
        return Fts5Query(f"{match} NOT ({exclude})", None)
    return Fts5Query(match or None, exclude or None)
