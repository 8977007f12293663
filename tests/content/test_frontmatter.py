"""Reading front matter: safe, strict YAML with the line of every key."""

from __future__ import annotations

import time

import pytest

from catalogue.content import frontmatter
from catalogue.content.frontmatter import FrontMatterError


def test_keys_keep_their_line_numbers() -> None:
    parsed = frontmatter.parse("---\ntitle: A\n\nsummary: B\n---\nBody\n")
    assert parsed.lines == {"title": 2, "summary": 4}
    assert parsed.body == "Body\n"


def test_norway_stays_a_country_code_and_yes_stays_text() -> None:
    parsed = frontmatter.parse("---\ncountry: NO\nlang: no\nnote: yes\ndraft: true\n---\n")
    assert parsed.data == {"country": "NO", "lang": "no", "note": "yes", "draft": True}


def test_dates_are_left_as_text_for_the_validator() -> None:
    parsed = frontmatter.parse("---\nadded: 2025-02-30\n---\n")
    assert parsed.data["added"] == "2025-02-30"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\na: &x [1]\nb: *x\n---\n", 2, "anchors"),
        ("---\na: 1\nb: !!python/object/apply:os.system [ls]\n---\n", 3, "tags"),
        ("---\na: !custom 1\n---\n", 2, "tags"),
        ("---\n- a\n- b\n---\n", 2, "field: value"),
        ("---\ntitle: [unclosed\nsummary: x\n---\n", 3, "not valid YAML"),
        ("---\ntitle: A\ntitle: B\n---\n", 3, "appears twice"),
        ("---\ntitle: A\n", 1, "not closed"),
        ("title: A\n", 1, "no front matter"),
        ("---\n---\nbody", 2, "front matter is empty"),
    ],
)
def test_unreadable_front_matter_is_refused_with_its_line(
    text: str, line: int, message: str
) -> None:
    with pytest.raises(FrontMatterError) as caught:
        frontmatter.parse(text)
    assert caught.value.line == line
    assert message in caught.value.message


def test_alias_bomb_is_refused_before_it_expands() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    pairs = zip("abcdefgh", "bcdefghi", strict=True)
    levels += [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in pairs]
    started = time.perf_counter()
    with pytest.raises(FrontMatterError, match="not allowed"):
        frontmatter.parse("---\n" + "\n".join(levels) + "\n---\n")
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"---\ntitle: caf\xe9\n---\n", "not valid UTF-8"),
        (b"x" * (frontmatter.MAX_FILE_BYTES + 1), "at most"),
    ],
)
def test_files_that_cannot_be_decoded_say_why(raw: bytes, message: str) -> None:
    with pytest.raises(FrontMatterError, match=message):
        frontmatter.decode(raw)


def test_byte_order_mark_is_ignored() -> None:
    text = frontmatter.decode("\ufeff---\ntitle: A\n---\n".encode())
    assert frontmatter.parse(text).data == {"title": "A"}
