"""Markdown bodies: rendered to HTML that is safe to show, or reduced to plain text."""

from __future__ import annotations

import re

import markdown as python_markdown
import nh3

_EXTENSIONS = ["tables", "sane_lists", "fenced_code", "smarty"]

# What a practice body may use once rendered: text structure, links, images, tables.
_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "abbr": {"title"},
    "ol": {"start"},
}


def render_markdown(body: str) -> str:
    """HTML for a practice body: no script, event handler, style or javascript: URL."""
    html = python_markdown.markdown(body, extensions=_EXTENSIONS, output_format="html")
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# An ATX heading (``## Context``) or a setext one (a line underlined with = or -).
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$|^(\S.*)\n {0,3}(?:=+|-+)[ \t]*$", re.M)
#: What ends a heading in a snippet, so that it does not run into the sentence after it.
HEADING_END = " —"
_SYNTAX = re.compile(r"^[-:| ]+$|^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)|[*_`|]+", re.M)


def markdown_to_text(body: str) -> str:
    """The readable words of a Markdown body, for snippets (no HTML, no syntax)."""
    text = _HEADING.sub(_end_heading, _LINK.sub(r"\1", body))
    text = _SYNTAX.sub(" ", text)
    text = re.sub(r"<[^>]*>", " ", text)
    return " ".join(text.split())


def _end_heading(match: re.Match[str]) -> str:
    heading = (match.group(1) or match.group(2) or "").strip()
    if not heading or heading[-1] in ".:;!?…—":
        return heading
    return heading + HEADING_END
