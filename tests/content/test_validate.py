"""One validator for every path: files (PATH:LINE) and field mappings (field names)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from catalogue.content.fields import Context
from catalogue.content.validate import check_fields, read_practice_file
from tests.conftest import VALID_FIELDS, practice_text


def problems_of(context: Context, **changes: Any) -> list[str]:
    fields = {**VALID_FIELDS, **changes}
    fields = {key: value for key, value in fields.items() if value is not None}
    return [problem.message for problem in check_fields(fields, context)[1]]


def test_valid_practice_has_no_problem(context: Context) -> None:
    values, problems = check_fields(VALID_FIELDS, context)
    assert problems == []
    assert values["added"].isoformat() == "2025-03-14"
    assert values["target_groups"] == ("refugees", "women")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"title": "Hi"}, "title has 2 characters; it needs 3 to 200"),
        ({"title": "x" * 201}, "it needs 3 to 200"),
        ({"title": ["a", "b"]}, "title must be text, not a list"),
        ({"summary": "Too short"}, "summary has 9 characters; it needs 20 to 600"),
        ({"summary": "A <b>bold</b> summary that is long enough"}, "remove the HTML tag '<b>'"),
        ({"lang": "english"}, "lang 'english' is not an ISO 639-1 language code"),
        ({"lang": "EN"}, "(did you mean 'en'?)"),
        ({"country": "pl"}, "(did you mean 'PL'?)"),
        ({"country": "XX"}, "country 'XX' is not an ISO 3166-1 country code"),
        ({"country": "EU"}, "is not an ISO 3166-1 country code"),
        (
            {"target_groups": ["refugee"]},
            "unknown target group 'refugee' (did you mean 'refugees'?)",
        ),
        ({"target_groups": []}, "target_groups is empty"),
        ({"target_groups": "refugees"}, "target_groups must be a list, e.g. [refugees]"),
        ({"activity_types": ["storytime"]}, "unknown activity type 'storytime'"),
        ({"languages": []}, "languages is empty"),
        ({"languages": ["polish"]}, "'polish' is not an ISO 639-1 language code"),
        ({"added": "2025-02-30"}, "added 2025-02-30 is not a date that exists"),
        ({"added": "14/03/2025"}, "added must be a date written YYYY-MM-DD"),
        ({"updated": "2025-13-01"}, "updated 2025-13-01 is not a date that exists"),
        ({"added": "2099-12-31"}, "added 2099-12-31 is in the future; use the date it happened"),
        ({"updated": "2026-11-27"}, "updated 2026-11-27 is in the future"),
        ({"year_started": 1899}, "year_started 1899 must be between 1900 and 2027"),
        ({"year_ended": 2028}, "year_ended 2028 must be between 1900 and 2027"),
        ({"year_started": "2020"}, "year_started must be a year such as 2024, not text"),
        ({"year_started": 2024, "year_ended": 2020}, "year_ended 2020 is before year_started 2024"),
        ({"status": "running"}, "status 'running' must be one of ongoing, completed, planned"),
        ({"cost": "free"}, "cost 'free' must be one of none, low, medium, high"),
        ({"evidence": "evaluate"}, "(did you mean 'evaluated'?)"),
        ({"partner_types": ["ngos"]}, "(did you mean 'ngo'?)"),
        ({"website": "www.example.org"}, "website must be a web address starting with https://"),
        ({"website": "javascript:alert(1)"}, "must be a web address"),
        ({"draft": "yes"}, "draft must be true or false, not text"),
        ({"tittle": "x"}, "unknown field 'tittle' (did you mean 'title'?)"),
        ({"organisation": None}, "required field 'organisation' is missing"),
        ({"city": ""}, "city is empty; write a value or remove the field"),
    ],
)
def test_each_field_rule_says_what_would_be_right(
    context: Context, changes: dict[str, Any], expected: str
) -> None:
    assert any(expected in message for message in problems_of(context, **changes)), problems_of(
        context, **changes
    )


def test_every_problem_of_a_file_is_reported_at_once_at_its_key_line(
    context: Context, write_practice: Callable[..., Path]
) -> None:
    fields = {**VALID_FIELDS, "title": "No", "country": "Poland", "colour": "red"}
    del fields["organisation"]
    path = write_practice("several-problems.md", fields)
    result = read_practice_file(path, context)
    located = {(problem.line, problem.message.split(" ")[0]) for problem in result.problems}
    assert located == {(2, "title"), (5, "country"), (11, "unknown"), (1, "required")}
    assert str(result.problems[0]).startswith(f"{path}:2: ")


def test_translation_may_only_set_its_own_fields(
    context: Context, write_practice: Callable[..., Path]
) -> None:
    path = write_practice(
        "conversation-club.fr.md",
        {
            "title": "Club de conversation",
            "summary": "Des rencontres hebdomadaires en polonais.",
            "lang": "fr",
            "country": "PL",
            "tags": ["langue"],
        },
    )
    result = read_practice_file(path, context)
    assert [(p.line, p.field) for p in result.problems] == [(5, "country")]
    assert "belongs to the original practice" in result.problems[0].message


def test_translation_language_must_match_its_file_name(
    context: Context, write_practice: Callable[..., Path]
) -> None:
    path = write_practice(
        "conversation-club.fr.md",
        {
            "title": "Club de conversation",
            "summary": "Des rencontres hebdomadaires en polonais.",
            "lang": "it",
        },
    )
    [problem] = read_practice_file(path, context).problems
    assert problem.line == 4
    assert "differs from the file name's language 'fr'" in problem.message


def test_translation_needs_title_summary_and_lang(
    context: Context, write_practice: Callable[..., Path]
) -> None:
    path = write_practice("conversation-club.fr.md", {"tags": ["x"]})
    messages = [p.message for p in read_practice_file(path, context).problems]
    assert messages == [
        "required field 'title' is missing",
        "required field 'summary' is missing",
        "required field 'lang' is missing",
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Conversation_Club.md", "may only use lower-case letters"),
        ("club--riga.md", "may only use lower-case letters"),
        ("-club.md", "may only use lower-case letters"),
        (f"{'a' * 81}.md", "at most 80"),
        ("club.english.md", "must be <slug>.md or <slug>.<lang>.md"),
        ("club.fr.en.md", "must be <slug>.md or <slug>.<lang>.md"),
    ],
)
def test_file_names_must_carry_a_valid_slug(
    context: Context, write_practice: Callable[..., Path], name: str, message: str
) -> None:
    path = write_practice(name, VALID_FIELDS)
    [problem] = read_practice_file(path, context).problems
    assert (problem.line, message in problem.message) == (1, True)


def test_an_eighty_character_slug_is_fine(
    context: Context, write_practice: Callable[..., Path]
) -> None:
    path = write_practice(f"{'a' * 80}.md", VALID_FIELDS)
    assert read_practice_file(path, context).ok


def test_a_file_without_front_matter_gets_one_clear_problem(
    context: Context, write_practice: Callable[..., Path]
) -> None:
    path = write_practice("no-front-matter.md", text="# Just a title\n\nSome text.\n")
    [problem] = read_practice_file(path, context).problems
    assert (problem.line, "no front matter" in problem.message) == (1, True)


def test_body_html_is_kept_raw_in_the_model_and_practice_is_built(
    context: Context, write_practice: Callable[..., Path]
) -> None:
    path = write_practice("club.md", text=practice_text(VALID_FIELDS, "Hello <b>there</b>\n"))
    practice = read_practice_file(path, context).practice
    assert practice is not None
    assert (practice.slug, practice.lang, practice.original.body) == (
        "club",
        "en",
        "Hello <b>there</b>\n",
    )


def test_a_date_of_tomorrow_is_allowed_for_time_zones_ahead(context: Context) -> None:
    assert problems_of(context, added="2026-11-26", updated="2026-11-26") == []
