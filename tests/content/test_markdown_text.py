"""Markdown reduced to plain text for snippets: headings stay apart from the next sentence."""

from __future__ import annotations

import pytest

from catalogue.content.markdown import markdown_to_text


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("## Kontekst\n\nPo lutym 2022 roku.\n", "Kontekst — Po lutym 2022 roku."),
        ("# Context #\nAfter 2022.", "Context — After 2022."),
        ("Objectifs\n=========\n\nApprendre.", "Objectifs — Apprendre."),
        ("Rezultāti\n---------\nDivdesmit.", "Rezultāti — Divdesmit."),
        ("## Why?\n\nBecause.", "Why? Because."),
        ("## Ce a mers:\n\n- nimic", "Ce a mers: nimic"),
        ("### A **bold** [link](https://example.org)\ntext", "A bold link — text"),
    ],
)
def test_a_heading_ends_before_the_text_that_follows(body: str, text: str) -> None:
    assert markdown_to_text(body) == text


def test_a_rule_and_a_table_are_not_headings() -> None:
    assert markdown_to_text("one\n\n---\n\ntwo\n\n| a | b |\n|---|---|\n| 1 | 2 |") == (
        "one two a b 1 2"
    )


@pytest.mark.parametrize("body", ["[" * 20_000, "![" * 20_000, "[a](" * 20_000, "<a" * 20_000])
def test_runs_of_brackets_are_reduced_at_once(body: str) -> None:
    from tests.content.test_markdown import deadline

    with deadline(2):  # quadratic patterns took 10 s on "![" * 20,000
        assert markdown_to_text(body)


def test_links_keep_their_words_and_lose_their_addresses() -> None:
    text = markdown_to_text("See [the plan](https://x.org/a_(b)) and ![a poster](/a.png).")
    assert text == "See the plan and a poster."
