"""Markdown bodies: rendered to HTML that is safe to show, or reduced to plain text.

Bodies are rendered with cmark-gfm (GitHub's C implementation of CommonMark, through
``cmarkgfm``), whose time grows linearly with its input: Python-Markdown took 16 s for
8,000 ``[`` and 18 s for a long table, and any request rendering such a body held a
worker. What cmark makes is then sanitised with nh3, whose HTML parser slows down with
nesting depth (20,000 nested quotes took 3 s, 200,000 crashed the process): a body
nested deeper than ``MAX_NESTING`` is refused, at its line, before it reaches nh3.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

from catalogue.content.fields import N_

#: Smart punctuation as Python-Markdown's "smarty" gave; raw HTML kept for nh3 to clean;
#: each block element says which line it starts on, for problems.
_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_SMART | Options.CMARK_OPT_SOURCEPOS

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

#: How deeply lists, quotes and HTML elements may nest in a body. Real texts stay under
#: ten levels; the limit keeps sanitising linear.
MAX_NESTING = 32

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
_SOURCE_LINE = re.compile(r'data-sourcepos="(\d+):')
_NOT_NESTING = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
    | {"li"}
)


class MarkdownProblem(ValueError):
    """A body that cannot be shown; ``params["line"]`` counts from the body's first line.

    ``template`` and ``params`` let an interface translate the English message.
    """

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template % params)
        self.line: int = params["line"]
        self.template = template
        self.params = params

    @property
    def message(self) -> str:
        """The problem in English."""
        return str(self)


@lru_cache(maxsize=32)  # a body is checked, then rendered to be stored: rendered once
def render_markdown(body: str) -> str:
    """HTML for a practice body: no script, event handler, style or javascript: URL, and
    no image from another site (shown as a link instead, so no reader is tracked).

    Raises MarkdownProblem for a body nested too deeply to be shown.
    """
    html = cmarkgfm.github_flavored_markdown_to_html(body, options=_OPTIONS)
    _check_nesting(html)
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return _IMAGE.sub(_image_or_link, clean)


def markdown_problems(body: str) -> list[MarkdownProblem]:
    """What stops ``body`` from being shown (nothing for almost every text)."""
    try:
        render_markdown(body)
    except MarkdownProblem as problem:
        return [problem]
    return []


def _check_nesting(html: str) -> None:
    depth = 0
    line = 1
    for match in _TAG.finditer(html):
        closing, name, attributes = match.groups()
        # An item is always inside its list: a level of list counts once, not twice.
        if name.lower() in _NOT_NESTING or attributes.endswith("/"):
            continue
        if closing:
            depth = max(depth - 1, 0)
            continue
        depth += 1
        found = _SOURCE_LINE.search(attributes)
        if found:
            line = int(found.group(1))
        if depth > MAX_NESTING:
            raise MarkdownProblem(
                N_(
                    "line %(line)s of the text nests lists, quotes or HTML elements more "
                    "than %(limit)s levels deep; flatten it"
                ),
                line=line,
                limit=MAX_NESTING,
            )


# nh3 writes attributes in double quotes, escaped: a plain pattern reads them reliably.
_IMAGE = re.compile(r"<img ([^>]*)>")
_ATTRIBUTE = re.compile(r'([a-z]+)="([^"]*)"')
#: An address on this site: a path, or a relative address with no scheme. Browsers read
#: a backslash as a slash, so ``/\\host`` leads elsewhere like ``//host``.
_LOCAL = re.compile(r"^(?:/(?![/\\])|[^:/\\\s]+(?:/|$))")


def _image_or_link(match: re.Match[str]) -> str:
    attributes = dict(_ATTRIBUTE.findall(match.group(1)))
    source = attributes.get("src", "")
    if _LOCAL.match(source):
        return match.group()
    label = attributes.get("alt") or source or "image"
    if not source:
        return label
    return f'<a href="{source}" rel="noopener noreferrer nofollow">{label}</a>'


# Each pattern stops at the next opening bracket it could start on, so that a run of
# brackets costs linear time, not quadratic ("![" * 20,000 took 10 s before).
_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_TAGS_IN_TEXT = re.compile(r"<[^<>]*>")
# An ATX heading (``## Context``) or a setext one (a line underlined with = or -).
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$|^(\S.*)\n {0,3}(?:=+|-+)[ \t]*$", re.M)
#: What ends a heading in a snippet, so that it does not run into the sentence after it.
HEADING_END = " —"
_SYNTAX = re.compile(r"^[-:| ]+$|^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)|[*_`|]+", re.M)


def markdown_to_text(body: str) -> str:
    """The readable words of a Markdown body, for snippets (no HTML, no syntax)."""
    text = _HEADING.sub(_end_heading, _LINK.sub(r"\1", body))
    text = _SYNTAX.sub(" ", text)
    text = _TAGS_IN_TEXT.sub(" ", text)
    return " ".join(text.split())


def _end_heading(match: re.Match[str]) -> str:
    heading = (match.group(1) or match.group(2) or "").strip()
    if not heading or heading[-1] in ".:;!?…—":
        return heading
    return heading + HEADING_END
