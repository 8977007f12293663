"""`catalogue new`: a practice file from answers to questions."""

from __future__ import annotations

import click

from catalogue.cli import Fatal, _context, _display, main
from catalogue.content.fields import FieldError
from catalogue.content.tree import find_practice_files, group_by_slug
from catalogue.settings import Settings

#: What ``catalogue new`` asks, in order: field, question, whether it may be skipped.
QUESTIONS: tuple[tuple[str, str, bool], ...] = (
    ("title", "Title (3-200 characters)", False),
    ("summary", "Summary: one or two plain sentences (20-600 characters)", False),
    ("lang", "Language of your text (ISO 639-1, e.g. en, pl)", False),
    ("country", "Country (ISO 3166-1, e.g. PL, LV)", False),
    ("city", "City or town", True),
    ("organisation", "Organisation that runs it", False),
    ("target_groups", "Who it serves (ids, comma-separated)", False),
    ("activity_types", "Types of activity (ids, comma-separated)", False),
    ("languages", "Languages the activity runs in (codes, comma-separated)", False),
    ("partners", "Partners (comma-separated)", True),
    ("year_started", "Year started", True),
    ("year_ended", "Year ended", True),
    ("status", "Status (ongoing, completed, planned)", True),
    ("website", "Website (https://…)", True),
    ("contact", "Contact", True),
    ("tags", "Keywords (comma-separated)", True),
    ("cost", "Cost to run it again (none, low, medium, high)", True),
    ("evidence", "How results are known (anecdotal, monitored, evaluated)", True),
    (
        "partner_types",
        "Kinds of partners (library, municipality, ngo, migrant-led, school, other)",
        True,
    ),
)
_LIST_FIELDS = frozenset(
    {"target_groups", "activity_types", "languages", "partners", "tags", "partner_types"}
)
BODY_TEMPLATE = """## Context

## Objectives

## Activities

## Partners

## Resources and cost

## Results

## What we learned

## How to adopt it
"""


@main.command()
@click.pass_obj
def new(settings: Settings) -> None:
    """Write a new practice file from answers to questions, each checked as it is given."""
    from datetime import date

    from catalogue.content.fields import RULES_BY_NAME
    from catalogue.submissions import (
        SubmissionRefused,
        practice_file_text,
        slug_from_title,
        write_new,
    )

    context = _context(settings)
    for name in ("target_groups", "activity_types"):
        click.echo(f"{name} ids: {', '.join(context.vocabularies.ids(name))}")
    values: dict[str, object] = {}
    for name, question, optional in QUESTIONS:
        while True:
            answer = click.prompt(question, default="" if optional else None, show_default=False)
            raw = _answer_value(name, answer.strip())
            if optional and raw in ("", []):
                break
            try:
                values[name] = RULES_BY_NAME[name].check(name, raw, context)
                break
            except FieldError as error:
                click.echo(f"  {error}", err=True)
    values["added"] = date.today()
    groups, _ = group_by_slug(find_practice_files(settings.practices))
    slug = click.prompt("Slug (file name)", default=slug_from_title(str(values["title"])))
    while slug in groups or not _valid_slug(slug):
        click.echo(f"  '{slug}' is taken or not a valid slug (a-z, 0-9, single hyphens)", err=True)
        slug = click.prompt("Slug (file name)")
    path = settings.practices / f"{slug}.md"
    try:
        write_new(path, practice_file_text(values, BODY_TEMPLATE), replace=False)
    except SubmissionRefused as refused:
        raise Fatal(str(refused)) from None
    click.echo(f"Wrote {_display(path)}: describe the practice under each heading, then run")
    click.echo(f"  catalogue validate {_display(path)}")


def _answer_value(name: str, answer: str) -> object:
    if name in _LIST_FIELDS:
        return [item.strip() for item in answer.split(",") if item.strip()]
    if name.startswith("year_") and answer.isascii() and answer.isdigit():
        return int(answer)
    return answer


def _valid_slug(slug: str) -> bool:
    from catalogue.content.validate import check_slug

    try:
        check_slug(slug)
    except FieldError:
        return False
    return True
