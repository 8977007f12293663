"""A letter as the two bodies of a message: plain text, and an HTML alternative with the
same words, escaped."""

from __future__ import annotations

import textwrap
from functools import cache

from jinja2 import Environment, FileSystemLoader, select_autoescape

from catalogue.mail.letters import Letter
from catalogue.settings import ROOT

#: Plain text is wrapped at this width; links are never cut.
TEXT_WIDTH = 72


def plain_text(letter: Letter) -> str:
    """The letter as plain text: paragraphs, links on their own lines, quotes with ``>``."""
    parts: list[str] = []
    for block in letter.blocks:
        lines: list[str] = []
        if block.quote:
            lines = [f"> {line}".rstrip() for line in block.text.splitlines() or [""]]
        elif block.text:
            lines = textwrap.wrap(block.text, TEXT_WIDTH, break_long_words=False) or [""]
        if block.link:
            lines.append(block.link)
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


@cache
def _templates() -> Environment:
    # Not Flask's environment: mail is also written by commands, outside any app.
    return Environment(
        loader=FileSystemLoader(ROOT / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def html(letter: Letter) -> str:
    """The letter as an HTML document; every text in it is escaped."""
    return _templates().get_template("mail/message.html").render(letter=letter)
