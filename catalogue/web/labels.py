"""Names of practice fields, facets and their choices, in the reader's language.

Shared by the contribution form, its error messages and the pages. Every label is lazy:
it is translated each time it is shown, in the locale of the request that shows it.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext

#: Field -> its label on the form (also used in error messages).
FIELD_LABELS: dict[str, Any] = {
    "title": lazy_gettext("Title"),
    "summary": lazy_gettext("Summary"),
    "lang": lazy_gettext("Language of your text"),
    "country": lazy_gettext("Country"),
    "city": lazy_gettext("City or town"),
    "organisation": lazy_gettext("Organisation"),
    "target_groups": lazy_gettext("Who it serves"),
    "activity_types": lazy_gettext("Type of activity"),
    "languages": lazy_gettext("Languages of the activity"),
    "partners": lazy_gettext("Partners"),
    "year_started": lazy_gettext("Year started"),
    "year_ended": lazy_gettext("Year ended"),
    "status": lazy_gettext("Status"),
    "website": lazy_gettext("Website"),
    "contact": lazy_gettext("Contact"),
    "funding": lazy_gettext("Funding"),
    "tags": lazy_gettext("Keywords"),
    "cost": lazy_gettext("Cost to run it again"),
    "evidence": lazy_gettext("How results are known"),
    "partner_types": lazy_gettext("Kinds of partners"),
    "added": lazy_gettext("Date added"),
    "updated": lazy_gettext("Last updated"),
    "draft": lazy_gettext("Draft"),
    "body": lazy_gettext("Description"),
    "submitter_email": lazy_gettext("Your email address"),
}
#: Field -> the guidance shown under it.
FIELD_HELP: dict[str, Any] = {
    "title": lazy_gettext("What the practice is, where: 3 to 200 characters."),
    "summary": lazy_gettext(
        "One or two plain sentences a busy librarian reads first (20 to 600 characters)."
    ),
    "lang": lazy_gettext("The language you are writing this description in."),
    "organisation": lazy_gettext("The library or organisation that runs it."),
    "languages": lazy_gettext("The languages the activity is run in or offers materials in."),
    "partners": lazy_gettext("One partner per line."),
    "tags": lazy_gettext("A few keywords, separated by commas."),
    "body": lazy_gettext(
        "Use headings for context, objectives, activities, partners, resources and cost, "
        "results, what went wrong, and how to adopt it. Markdown: ## heading, "
        "- list item, **bold**, [link](https://…)."
    ),
    "submitter_email": lazy_gettext(
        "Optional. Never published; coordinators may write to you about your contribution."
    ),
}
#: Section of the description -> its name on the form (the headings written into the
#: practice, in its own language, are ``content.sections.HEADINGS``).
SECTION_LABELS: dict[str, Any] = {
    "context": lazy_gettext("Context"),
    "objectives": lazy_gettext("Objectives"),
    "activities": lazy_gettext("Activities"),
    "partners_resources": lazy_gettext("Partners and resources"),
    "cost": lazy_gettext("Cost"),
    "results": lazy_gettext("Results and evidence"),
    "lessons": lazy_gettext("What did not work"),
    "adopt": lazy_gettext("How to adopt it"),
    "more": lazy_gettext("Anything else"),
}
#: Section -> the line of guidance under its field.
SECTION_HELP: dict[str, Any] = {
    "context": lazy_gettext(
        "Why the library started it: the place, the people who arrived, the need you saw."
    ),
    "objectives": lazy_gettext(
        "What you wanted to change, for whom. Two or three aims are enough."
    ),
    "activities": lazy_gettext(
        "What happens, how often, where, who leads it: what a visitor would see on the day."
    ),
    "partners_resources": lazy_gettext(
        "Who you work with and what each brings; staff, volunteers, rooms and materials."
    ),
    "cost": lazy_gettext("What it costs to run, in money and in hours, and who pays."),
    "results": lazy_gettext(
        "What changed and how you know: numbers, feedback, an evaluation if there was one."
    ),
    "lessons": lazy_gettext("What went wrong or was harder than expected, and what you changed."),
    "adopt": lazy_gettext(
        "Advice for a library that wants to start the same: first steps, pitfalls."
    ),
    "more": lazy_gettext(
        "Optional: anything that fits none of the above. Markdown works everywhere: ## heading, "
        "- list item, **bold**, [link](https://…)."
    ),
}
#: Facet (as named in ``searching.FACETS``) -> its title on the search and home pages.
FACET_TITLES: dict[str, Any] = {
    "country": lazy_gettext("Country"),
    "language": lazy_gettext("Languages of the activity"),
    "target_group": lazy_gettext("Who it serves"),
    "activity_type": lazy_gettext("Type of activity"),
}
#: Sort order -> its name in the sort menu.
SORT_LABELS: dict[str, Any] = {
    "relevance": lazy_gettext("Best match"),
    "newest": lazy_gettext("Newest first"),
    "title": lazy_gettext("Title A–Z"),  # noqa: RUF001  (the msgid has an en dash)
}
CHOICES: dict[str, tuple[tuple[str, Any], ...]] = {
    "status": (
        ("ongoing", lazy_gettext("Ongoing")),
        ("completed", lazy_gettext("Completed")),
        ("planned", lazy_gettext("Planned")),
    ),
    "cost": (
        ("none", lazy_gettext("No cost")),
        ("low", lazy_gettext("Low")),
        ("medium", lazy_gettext("Medium")),
        ("high", lazy_gettext("High")),
    ),
    "evidence": (
        ("anecdotal", lazy_gettext("Anecdotal: what people said")),
        ("monitored", lazy_gettext("Monitored: figures were kept")),
        ("evaluated", lazy_gettext("Evaluated: a structured evaluation")),
    ),
    "partner_types": (
        ("library", lazy_gettext("Library")),
        ("municipality", lazy_gettext("Municipality")),
        ("ngo", lazy_gettext("NGO")),
        ("migrant-led", lazy_gettext("Migrant-led organisation")),
        ("school", lazy_gettext("School")),
        ("other", lazy_gettext("Other")),
    ),
}
