"""The field rules of a practice, declared once as a table and read by the validator.

Each rule turns a raw YAML (or JSON, or form) value into its normalised Python value, or
raises ``FieldError`` with a message that says what would be right; the checks they are made
of are in ``checks.py``.
"""

from __future__ import annotations

from typing import Any

from catalogue.content.checks import (
    N_,
    Check,
    Context,
    FieldError,
    FieldErrors,
    FieldRule,
    boolean,
    choice,
    country_code,
    free_text,
    iso_date,
    language_code,
    list_of,
    past_date,
    plain_text,
    text,
    vocabulary,
    web_address,
    year,
)

__all__ = [
    "COSTS",
    "EVIDENCE_LEVELS",
    "FIELD_NAMES",
    "N_",
    "PARTNER_TYPES",
    "RULES",
    "RULES_BY_NAME",
    "STATUSES",
    "Check",
    "Context",
    "FieldError",
    "FieldErrors",
    "FieldRule",
    "boolean",
    "choice",
    "country_code",
    "free_text",
    "iso_date",
    "language_code",
    "list_of",
    "media",
    "past_date",
    "plain_text",
    "text",
    "vocabulary",
    "web_address",
    "year",
]


def media(field: str) -> Check:
    """``images``, ``materials`` or ``image_alts``: checked by ``catalogue/media/rules.py``
    (imported when first needed: it reads files with Pillow)."""

    def check(name: str, value: Any, context: Context) -> Any:
        from catalogue.media import rules

        return getattr(rules, f"check_{field}")(name, value, context)

    return check


STATUSES = ("ongoing", "completed", "planned")
COSTS = ("none", "low", "medium", "high")
EVIDENCE_LEVELS = ("anecdotal", "monitored", "evaluated")
PARTNER_TYPES = ("library", "municipality", "ngo", "migrant-led", "school", "other")

RULES: tuple[FieldRule, ...] = (
    FieldRule(
        "title", text(3, 200), required=True, in_translation=True, required_in_translation=True
    ),
    FieldRule(
        "summary",
        plain_text(20, 600),
        required=True,
        in_translation=True,
        required_in_translation=True,
    ),
    FieldRule(
        "lang", language_code, required=True, in_translation=True, required_in_translation=True
    ),
    FieldRule("country", country_code, required=True),
    FieldRule("city", text(1, 200)),
    FieldRule("organisation", text(2, 300), required=True),
    FieldRule("target_groups", vocabulary("target_groups"), required=True),
    FieldRule("activity_types", vocabulary("activity_types"), required=True),
    FieldRule("languages", list_of(language_code, required=True), required=True),
    FieldRule("added", past_date, required=True),
    FieldRule("partners", list_of(text(1, 300))),
    FieldRule("year_started", year),
    FieldRule("year_ended", year),
    FieldRule("status", choice(*STATUSES)),
    FieldRule("website", web_address),
    FieldRule("contact", free_text),
    FieldRule("funding", free_text),
    FieldRule("tags", list_of(text(1, 60)), in_translation=True),
    FieldRule("updated", past_date, in_translation=True),
    FieldRule("cost", choice(*COSTS)),
    FieldRule("evidence", choice(*EVIDENCE_LEVELS)),
    FieldRule("partner_types", list_of(choice(*PARTNER_TYPES))),
    FieldRule("draft", boolean, in_translation=True),
    FieldRule("images", media("images")),
    FieldRule("materials", media("materials")),
    FieldRule("image_alts", media("image_alts"), in_translation=True, in_original=False),
)

RULES_BY_NAME: dict[str, FieldRule] = {rule.name: rule for rule in RULES}
FIELD_NAMES: tuple[str, ...] = tuple(RULES_BY_NAME)
