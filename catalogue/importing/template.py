"""The import template: a sheet whose header row names every column an import reads,
with an example row, and a second sheet of the values each field allows, named in the
reader's language."""

from __future__ import annotations

from collections.abc import Mapping

from babel import Locale

from catalogue import i18n
from catalogue.content.vocabularies import Vocabularies
from catalogue.importing.rows import COLUMNS, SEPARATOR
from catalogue.importing.values import CHOICE_LABELS
from catalogue.mail.language import Translator
from catalogue.spreadsheet import workbook_bytes

#: The template's header: every column an import reads but ``added`` (set on approval).
TEMPLATE_COLUMNS = tuple(column for column in COLUMNS if column != "added")


def example_row(vocabularies: Vocabularies, locale: str) -> dict[str, object]:
    """A practice that imports as it is, written with names in ``locale`` as partners
    write them (any id, code or name in the six languages would do as well)."""
    _ = Translator(locale)
    label = vocabularies.label

    def choice(name: str, value: str) -> str:
        return _(CHOICE_LABELS[name][value])

    return {
        "title": _("Example: conversation club for newcomers"),
        "summary": _(
            "Example: weekly conversation meetings led by volunteers, with childcare. "
            "Replace this row with your practices."
        ),
        "lang": i18n.language_name(locale, locale),
        "country": i18n.country_name("PL", locale),
        "city": "Łódź",
        "organisation": _("Example: Municipal Public Library"),
        "target_groups": f"{SEPARATOR} ".join(
            label("target_groups", value, locale) for value in ("refugees", "women")
        ),
        "activity_types": label("activity_types", "conversation-club", locale),
        "languages": f"{SEPARATOR} ".join(
            i18n.language_name(code, locale) for code in ("pl", "uk")
        ),
        "year_started": 2023,
        "status": choice("status", "ongoing"),
        "cost": choice("cost", "low"),
        "partner_types": f"{SEPARATOR} ".join(
            choice("partner_types", value) for value in ("library", "ngo")
        ),
        "body": _("## Context\n\nWhy the library started it, for whom, and what happens."),
    }


def allowed_values(vocabularies: Vocabularies, locale: str) -> list[tuple[str, str, str]]:
    """(field, id or code, name in ``locale``) for every field with fixed values."""
    _ = Translator(locale)
    rows: list[tuple[str, str, str]] = []
    cldr = Locale.parse(locale)
    countries = sorted(i18n.country_codes(), key=lambda code: i18n.country_name(code, locale))
    rows += [("country", code, i18n.country_name(code, locale)) for code in countries]
    languages = sorted(
        (code for code in i18n.language_codes() if code in cldr.languages),
        key=lambda code: i18n.language_name(code, locale),
    )
    rows += [("languages", code, i18n.language_name(code, locale)) for code in languages]
    for name in vocabularies.terms:
        rows += [
            (name, term_id, vocabularies.label(name, term_id, locale))
            for term_id in vocabularies.ids(name)
        ]
    for name, labels in CHOICE_LABELS.items():
        rows += [(name, value, _(label)) for value, label in labels.items()]
    return rows


def template_workbook(
    vocabularies: Vocabularies, locale: str, field_labels: Mapping[str, str]
) -> bytes:
    """The template as an .xlsx file; ``field_labels`` name the fields in ``locale``."""
    _ = Translator(locale)
    example = example_row(vocabularies, locale)
    values = [
        (field, field_labels.get(field, field), value, name)
        for field, value, name in allowed_values(vocabularies, locale)
    ]
    return workbook_bytes(
        [
            (
                _("Practices"),
                TEMPLATE_COLUMNS,
                [[example.get(column, "") for column in TEMPLATE_COLUMNS]],
            ),
            (
                _("Allowed values"),
                (_("Column"), _("Field"), _("Value"), _("Name")),
                values,
            ),
        ]
    )
