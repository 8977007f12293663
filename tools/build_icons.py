"""Build static/icons.svg, the site's icon sprite, from Lucide's SVG files.

The icons are Lucide's (ISC licence, https://lucide.dev), taken from the npm package
``lucide-static`` at build time, never at run time: ``make icons`` downloads the pinned
version with ``npm pack`` and runs this script on it. Each icon becomes a ``<symbol>``
that pages use as ``<svg class="icon"><use href="/static/icons.svg#name"/></svg>``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

#: The icons the site uses, by Lucide's names.
ICONS = (
    "arrow-right", "bookmark", "bookmark-check", "building-2", "calendar", "chart-column",
    "check", "circle-alert", "clock", "coins", "download", "external-link", "file-text",
    "globe", "handshake", "info", "languages", "link", "list-filter", "mail", "map-pin",
    "plus", "printer", "search", "shapes", "share-2", "sparkles", "users", "x",
)  # fmt: skip

_BODY = re.compile(r"<svg[^>]*>(.*)</svg>", re.S)


def symbol(name: str, svg: str) -> str:
    """One icon as a symbol of the sprite, drawn with the current text colour."""
    found = _BODY.search(svg)
    if found is None:
        raise ValueError(f"{name}: not an SVG file")
    body = " ".join(found.group(1).split())
    return (
        f'<symbol id="{name}" viewBox="0 0 24 24" fill="none" stroke="currentColor" '
        f'stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{body}</symbol>'
    )


def main(package: Path, output: Path) -> None:
    version = re.search(r'"version":\s*"([^"]+)"', (package / "package.json").read_text())
    symbols = [symbol(name, (package / "icons" / f"{name}.svg").read_text()) for name in ICONS]
    output.write_text(
        f"<!-- Lucide icons (lucide-static {version.group(1) if version else '?'}), ISC licence: "
        "static/icons-LICENSE.txt. Made by tools/build_icons.py; do not edit. -->\n"
        '<svg xmlns="http://www.w3.org/2000/svg">\n' + "\n".join(symbols) + "\n</svg>\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
