"""Split a practice file into its YAML front matter and Markdown body, safely.

The YAML loader here is deliberately stricter than PyYAML's safe loader:

* only ``true``/``false`` are booleans, so ``country: NO`` stays Norway (YAML 1.1 would
  read it as ``False``);
* dates are left as strings, so that ``2025-02-30`` becomes a validation message
  instead of a ``ValueError`` inside the parser;
* anchors, aliases and tags are refused before anything is constructed, which rules out
  alias bombs and any tag that could build an object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

MAX_FILE_BYTES = 512 * 1024
MAX_FRONT_MATTER_BYTES = 32 * 1024

_DELIMITER = re.compile(r"^---[ \t]*$")


class FrontMatterError(Exception):
    """A file whose front matter cannot be read at all; ``line`` is 1-based."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class FrontMatter:
    """The parsed front matter of one file, with the line of each top-level key."""

    data: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int


# libyaml's parser when PyYAML was built with it: several times faster, same results.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """Safe loader with YAML 1.2-like booleans and no implicit timestamps."""


_DROPPED_RESOLVERS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_RESOLVERS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false|True|False|TRUE|FALSE)$"), list("tTfF")
)


def decode(raw: bytes) -> str:
    """Decode a practice file, refusing what is too large or not UTF-8."""
    if len(raw) > MAX_FILE_BYTES:
        raise FrontMatterError(
            f"file is {len(raw) // 1024} KiB; a practice file may be at most "
            f"{MAX_FILE_BYTES // 1024} KiB"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise FrontMatterError(
            f"file is not valid UTF-8 (byte {error.start}); save it with UTF-8 encoding", line
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise FrontMatterError("file is empty; a practice starts with a '---' front matter block")
    return text


def split(text: str) -> tuple[str, int, str, int]:
    """Return (front matter, its first line, body, the body's first line)."""
    lines = text.splitlines(keepends=True)
    if not _DELIMITER.match(lines[0].rstrip("\r\n")):
        raise FrontMatterError(
            "no front matter: the file must start with a line '---', then the fields, "
            "then another '---'"
        )
    for index, line in enumerate(lines[1:], start=1):
        if _DELIMITER.match(line.rstrip("\r\n")):
            front = "".join(lines[1:index])
            return front, 2, "".join(lines[index + 1 :]), index + 2
    raise FrontMatterError("front matter is not closed: add a line '---' after the last field")


def _refuse_unsafe_events(front: str, first_line: int) -> None:
    """Refuse anchors, aliases and explicit tags before any object is built."""
    for event in yaml.parse(front, Loader=_StrictLoader):
        line = first_line + (event.start_mark.line if event.start_mark else 0)
        if isinstance(event, yaml.AliasEvent):
            raise FrontMatterError("YAML aliases (*name) are not allowed in front matter", line)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise FrontMatterError("YAML anchors (&name) are not allowed in front matter", line)
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        plain = implicit[0] if isinstance(implicit, tuple) else implicit
        if tag is not None and tag != "!" and not plain:
            raise FrontMatterError(
                f"YAML tags such as '{tag}' are not allowed in front matter", line
            )


def parse(text: str) -> FrontMatter:
    """Parse a whole practice file into front matter data, key lines and body."""
    front, first_line, body, body_line = split(text)
    if len(front.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise FrontMatterError(
            f"front matter is longer than {MAX_FRONT_MATTER_BYTES // 1024} KiB; "
            "move long text into the body"
        )
    try:
        _refuse_unsafe_events(front, first_line)
        node = yaml.compose(front, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark is not None else 0)
        raise FrontMatterError(f"front matter is not valid YAML: {error.problem}", line) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(f"front matter is not valid YAML: {error}", first_line) from None
    if node is None:
        raise FrontMatterError("front matter is empty: add the required fields", first_line)
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(
            "front matter must be a list of 'field: value' lines", first_line + node.start_mark.line
        )
    return _construct(node, first_line, body, body_line)


def _construct(node: yaml.MappingNode, first_line: int, body: str, body_line: int) -> FrontMatter:
    loader = _StrictLoader("")
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode):
            raise FrontMatterError("a field name must be plain text", line)
        key = str(key_node.value)
        if key in data:
            raise FrontMatterError(f"field '{key}' appears twice; keep one", line)
        try:
            data[key] = loader.construct_object(value_node, deep=True)
        except yaml.YAMLError as error:
            raise FrontMatterError(f"field '{key}' cannot be read: {error}", line) from None
        lines[key] = line
    return FrontMatter(data=data, lines=lines, body=body, body_line=body_line)
