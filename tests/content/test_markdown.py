"""Rendering bodies: hostile Markdown is shown as text or refused at its line, never a hang."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from catalogue.content.fields import Context
from catalogue.content.markdown import MAX_NESTING, markdown_problems, render_markdown
from catalogue.content.validate import read_practice_file
from tests.conftest import VALID_FIELDS, practice_text


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: Python-Markdown took 20 s or more on these bodies."""

    def expire(*_: object) -> None:
        raise AssertionError(f"rendering took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


#: Bodies the security review (issue 18) found quadratic or crashing in Python-Markdown.
HOSTILE = {
    "a run of brackets": "[" * 20_000,
    "a run of links": "[link](x)" * 8192,
    "brackets and images": "[![" * 30_000,
    "emphasis": "*a" * 20_000,
    "backticks": "a`" * 20_000,
    "entities": "&#" * 50_000,
    "unclosed tags": '<a x="' * 30_000,
}


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_body_is_rendered_as_text_at_once(body: str) -> None:
    with deadline(5):
        html = render_markdown(body)
        assert markdown_problems(body) == []
    assert "<script" not in html
    assert len(html) >= len(body) // 4  # the text is shown, not dropped


NESTED = {
    "lists": "".join("  " * depth + "- item\n" for depth in range(300)),
    "quotes": ">" * 20_000 + " quoted",
    "ordered lists": "".join("1. " * depth + "x\n" for depth in range(1, 200)),
    "HTML elements": "<div>" * 20_000,
}


@pytest.mark.parametrize("body", NESTED.values(), ids=NESTED.keys())
def test_a_body_nested_too_deep_is_a_problem_not_a_crash(body: str) -> None:
    with deadline(5):
        problems = markdown_problems(body)
    assert len(problems) == 1
    assert f"more than {MAX_NESTING} levels deep" in problems[0].message


def test_a_body_nested_as_real_texts_are_is_shown() -> None:
    body = "".join("  " * depth + "- item\n" for depth in range(8)) + "\n> > quoted\n"
    assert markdown_problems(body) == []
    assert render_markdown(body).count("<ul>") == 8


def test_the_validator_names_the_line_of_the_nesting(tmp_path: Path, context: Context) -> None:
    body = "## Context\n\nFine so far.\n\n" + "".join(
        "  " * depth + "- step\n" for depth in range(60)
    )
    path = tmp_path / "nested-lists.md"
    path.write_text(practice_text(VALID_FIELDS, body), encoding="utf-8")
    result = read_practice_file(path, context)
    front_matter_lines = len(VALID_FIELDS) + 2
    [problem] = result.problems
    assert problem.field == "body"
    # The 33rd level of the list: the body's fifth line is its first item.
    assert problem.line == front_matter_lines + 5 + MAX_NESTING
    assert "flatten it" in problem.message


def test_an_image_from_another_site_becomes_a_link() -> None:
    html = render_markdown(
        "![tracking pixel](https://evil.example/pixel.png) "
        "![slash slash](//evil.example/p.png) ![backslash](/\\evil.example/p.png) "
        "![ours](/media/plan.png) ![beside](images/room.jpg)"
    )
    images = [part.split(">")[0] for part in html.split("<img ")[1:]]
    # A backslash reaches the page percent-encoded: a path on this site, like the others.
    assert images == [
        'src="/%5Cevil.example/p.png" alt="backslash"',
        'src="/media/plan.png" alt="ours"',
        'src="images/room.jpg" alt="beside"',
    ]
    assert '<a href="//evil.example/p.png" rel="noopener noreferrer nofollow">' in html
    assert '<a href="https://evil.example/pixel.png" rel="noopener noreferrer nofollow">' in html
    assert ">tracking pixel</a>" in html
