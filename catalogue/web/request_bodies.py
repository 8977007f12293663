"""Request bodies looked at before they are parsed, so that a hostile one costs nothing."""

from __future__ import annotations

import re

#: The deepest nesting of arrays and objects a JSON body may have (a practice needs 2).
MAX_JSON_DEPTH = 20
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def json_too_deep(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when ``raw`` nests arrays or objects deeper than ``limit``: checked before
    parsing, because Python's parser recurses and a body of ``[[[[…`` would exhaust it."""
    depth = 0
    for bracket in _JSON_BRACKET.finditer(_JSON_STRING.sub(b"", raw)):
        depth += 1 if bracket.group() in (b"[", b"{") else -1
        if depth > limit:
            return True
    return False
