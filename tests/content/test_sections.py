"""The description as sections: joined under headings in the practice's language, split back."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.content.sections import MORE, SECTIONS, headings_in, join_sections, split_sections
from tests.conftest import ROOT


def test_sections_are_joined_under_headings_in_the_practices_language() -> None:
    joined = join_sections(
        {"context": "Po lutym 2022 roku.", "cost": "Niewielki.", "adopt": "  "},
        headings_in("pl"),
    )
    assert joined.body == "## Kontekst\n\nPo lutym 2022 roku.\n\n## Koszty\n\nNiewielki.\n"


def test_a_language_outside_the_six_gets_english_headings() -> None:
    assert join_sections({"context": "Seit 2015."}, headings_in("de")).body.startswith("## Context")


def test_a_line_of_the_body_is_found_in_its_section() -> None:
    joined = join_sections(
        {"context": "one\ntwo", "objectives": "three\nfour\nfive", MORE: "six"}, headings_in("en")
    )
    lines = joined.body.splitlines()
    assert lines[lines.index("four")] == "four"
    assert joined.locate(lines.index("four") + 1) == ("objectives", 2)
    assert joined.locate(lines.index("two") + 1) == ("context", 2)
    assert joined.locate(lines.index("six") + 1) == (MORE, 1)


def test_what_the_sections_do_not_know_is_kept_in_the_free_field() -> None:
    body = (
        "Intro.\n\n## Contexte\n\nEn 2023.\n\n## Déroulement\n\nLe mardi.\n\n## Anecdotes\n\nUne.\n"
    )
    assert split_sections(body) == {
        MORE: "Intro.\n\n## Anecdotes\n\nUne.",
        "context": "En 2023.",
        "activities": "Le mardi.",
    }


def _text_lines(body: str) -> list[str]:
    return sorted(line.strip() for line in body.splitlines() if line.strip())


@pytest.mark.parametrize("path", sorted((ROOT / "data" / "practices").glob("*.md")), ids=str)
def test_every_demo_body_keeps_every_line_through_split_and_join(path: Path) -> None:
    from catalogue.content.frontmatter import parse

    front = parse(path.read_text(encoding="utf-8"))
    lang = front.data.get("lang") or path.name.split(".")[1]
    again = join_sections(split_sections(front.body), headings_in(str(lang))).body
    # Headings may be renamed to the form's (one of their known names); text is kept.
    kept = [line for line in _text_lines(front.body) if not line.startswith("## ")]
    assert [line for line in _text_lines(again) if not line.startswith("## ")] == kept
    assert again.count("## ") == front.body.count("## ")  # no section lost, none made up


@given(st.dictionaries(st.sampled_from([*SECTIONS, MORE]), st.text(max_size=40)))
def test_join_then_split_gives_the_sections_back(texts: dict[str, str]) -> None:
    headings = headings_in("ro")
    cleaned = {k: v.strip().replace("\r\n", "\n") for k, v in texts.items()}
    # Text that itself looks like a heading is not a section's own text any more.
    cleaned = {
        k: v
        for k, v in cleaned.items()
        if v and not any(line.lstrip().startswith("#") for line in v.splitlines())
    }
    back = split_sections(join_sections(cleaned, headings).body)
    assert {k: " ".join(v.split()) for k, v in back.items()} == {
        k: " ".join(v.split()) for k, v in cleaned.items()
    }
