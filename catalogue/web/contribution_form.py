"""The contribution form: its fields read from a post, the description joined from its
sections, problems placed next to the fields they are about, and the page drawn."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import current_app, g, render_template
from flask_babel import gettext

from catalogue import i18n
from catalogue.content.sections import MORE, SECTIONS, Joined, headings_in, join_sections
from catalogue.web import contribution_media
from catalogue.web.labels import CHOICES, FIELD_HELP, FIELD_LABELS, SECTION_HELP, SECTION_LABELS

_SINGLE = (
    "title",
    "summary",
    "lang",
    "country",
    "city",
    "organisation",
    "website",
    "contact",
    "funding",
    "status",
    "cost",
    "evidence",
)
MULTIPLE = ("target_groups", "activity_types", "languages", "partner_types")
#: The form's fields of the description, one per section (``content/sections.py``).
SECTION_FIELDS = {section: f"section-{section}" for section in (*SECTIONS, MORE)}
_TRANSLATION_FIELDS = ("title", "summary", "lang", "tags")
TRAP = "homepage"


def fields_from_form(form: Any, kind: str) -> dict[str, Any]:
    """Practice fields from the form's inputs; what was left empty is left out."""
    fields: dict[str, Any] = {}
    for name in _SINGLE:
        if form.get(name, "").strip():
            fields[name] = form[name].strip()
    for name in MULTIPLE:
        if values := [v for v in form.getlist(name) if v.strip()]:
            fields[name] = values
    for name in ("year_started", "year_ended"):
        raw = form.get(name, "").strip()
        if raw:
            fields[name] = int(raw) if raw.isascii() and raw.isdigit() else raw
    if partners := [line.strip() for line in form.get("partners", "").splitlines() if line.strip()]:
        fields["partners"] = partners
    if tags := [tag.strip() for tag in form.get("tags", "").split(",") if tag.strip()]:
        fields["tags"] = tags
    if kind == "translation":
        fields = {key: value for key, value in fields.items() if key in _TRANSLATION_FIELDS}
    return fields


def problem_text(problem: Any) -> str:
    """A validator problem in the reader's language, naming fields by their labels."""
    if not problem.template:
        return str(problem.message)
    params = dict(problem.params)
    for key in ("field", "name"):
        if key in params:
            params[key] = FIELD_LABELS.get(str(params[key]).removesuffix(" value"), params[key])
    return str(gettext(problem.template) % params)


def body_from_form(form: Any) -> Joined | None:
    """The description joined from its sections, under headings in the language of the
    text; None when the form sent a single ``body`` instead."""
    if not any(name in form for name in SECTION_FIELDS.values()):
        return None
    texts = {section: form.get(name, "") for section, name in SECTION_FIELDS.items()}
    return join_sections(texts, headings_in(form.get("lang", "").strip()))


def by_field(problems: list[Any], joined: Joined | None = None) -> dict[str, list[str]]:
    """Problems by form field; a problem at a line of the description goes to the
    section that line is in, at its line there."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        name = contribution_media.slot_field(problem) or problem.field or ""
        if joined is not None and name == "body":
            name, problem = _in_section(problem, joined)
        errors.setdefault(name, []).append(problem_text(problem))
    return errors


def _in_section(problem: Any, joined: Joined) -> tuple[str, Any]:
    if "line" not in problem.params:
        # The whole description, e.g. empty: shown at its first section.
        return SECTION_FIELDS["context"], problem
    section, line = joined.locate(int(problem.params["line"]))
    moved = replace(problem, params={**problem.params, "line": line})
    return SECTION_FIELDS[section], moved


#: The languages of the activity offered as boxes to tick: the catalogue's six and those
#: newcomers to European libraries most often speak; every other one is in a list.
COMMON_LANGUAGES = (
    "en", "fr", "it", "lv", "pl", "ro", "uk", "ru", "ar", "fa", "ps", "ku", "tr", "so", "ti", "es",
)  # fmt: skip


def render_form(
    kind: str,
    target: str | None,
    values: dict[str, Any],
    errors: dict[str, list[str]],
    preview: str | None = None,
) -> str:
    """The form page, with ``values`` in its fields and ``errors`` next to them."""
    locale = str(g.get("locale", "en"))
    vocabularies = current_app.extensions["catalogue.vocabularies"]
    languages = sorted(
        ((c, i18n.language_name(c, locale)) for c in i18n.language_codes()), key=lambda x: x[1]
    )
    return render_template(
        "contributions/form.html",
        kind=kind,
        target=target,
        values=values,
        errors=errors,
        preview=preview,
        labels={**FIELD_LABELS, **contribution_media.slot_labels()},
        media_slots=values.get("_media_slots") or contribution_media.slots(values, ()),
        licences=contribution_media.FORM_LICENCES,
        help=FIELD_HELP,
        choices=CHOICES,
        trap=TRAP,
        countries=sorted(
            ((c, i18n.country_name(c, locale)) for c in i18n.country_codes()), key=lambda x: x[1]
        ),
        languages=languages,
        common_languages=[(c, i18n.language_name(c, locale)) for c in COMMON_LANGUAGES],
        other_languages=[(c, name) for c, name in languages if c not in COMMON_LANGUAGES],
        sections=[
            (SECTION_FIELDS[s], SECTION_LABELS[s], SECTION_HELP[s]) for s in (*SECTIONS, MORE)
        ],
        target_groups=[
            (
                t,
                vocabularies.label("target_groups", t, locale),
                vocabularies.terms["target_groups"][t].description(locale),
            )
            for t in vocabularies.ids("target_groups")
        ],
        activity_types=[
            (
                t,
                vocabularies.label("activity_types", t, locale),
                vocabularies.terms["activity_types"][t].description(locale),
            )
            for t in vocabularies.ids("activity_types")
        ],
    )
