"""What a harvester receives of a practice: its Dublin Core elements and its sets.

Made from the practice's stored result card only (titles, summaries, place, vocabularies,
languages, date added), so that a whole catalogue can be mapped without reading bodies.
``docs/operations.md`` ("Harvesting with OAI-PMH") shows the mapping as a table.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from catalogue import i18n
from catalogue.content.vocabularies import Vocabularies
from catalogue.searching import practice_url

#: The catalogue's name, as harvesters show it (Identify and dc:publisher).
REPOSITORY_NAME = "Library practices for integration"
#: No licence for the practices' texts is stated anywhere in the catalogue: say only
#: what is known, and where to ask.
RIGHTS = (
    "Rights in this description remain with its authors and with the organisation that "
    "runs the practice (dc:creator); ask them before reusing the text beyond quotation."
)
#: The DCMI Type of every record: the description of a practice is a text.
DCMI_TYPE = "Text"
#: Bump when the mapping below changes what it makes: every record is mapped again.
MAPPING_VERSION = "1"

#: An element of a record: (Dublin Core element, xml:lang or None, text).
Element = tuple[str, str | None, str]


@dataclass(frozen=True)
class SetKind:
    """One kind of set: ``<prefix>:<value>``, from a field of the card."""

    prefix: str
    field: str
    title: str


#: The kinds of sets, in the order ListSets gives them.
SET_KINDS: tuple[SetKind, ...] = (
    SetKind("country", "country", "Country"),
    SetKind("target_group", "target_groups", "Target group"),
    SetKind("activity_type", "activity_types", "Activity type"),
)
#: Card field -> vocabulary name, for the labels of subjects and set names.
VOCABULARY_OF = {"target_groups": "target_groups", "activity_types": "activity_types"}


@dataclass(frozen=True)
class Harvested:
    """A practice as harvesters see it."""

    slug: str
    elements: tuple[Element, ...]
    sets: tuple[str, ...]


class Mapper:
    """Maps cards to records with one set of vocabularies (their labels looked up once:
    a synchronisation maps thousands of cards)."""

    def __init__(self, vocabularies: Vocabularies) -> None:
        self.subjects: dict[tuple[str, str], list[Element]] = {
            (field, term.id): [("subject", locale, term.label(locale)) for locale in i18n.LOCALES]
            for field, vocabulary in VOCABULARY_OF.items()
            for term in vocabularies.terms[vocabulary].values()
        }

    def harvested(self, card: dict[str, Any]) -> Harvested:
        """The Dublin Core elements and the sets of a practice's stored card."""
        elements: list[Element] = []
        for make in ELEMENT_MAKERS:
            elements.extend(make(card, self))
        return Harvested(card["slug"], tuple(elements), practice_sets(card))

    def subject(self, field: str, term: str) -> list[Element]:
        """A vocabulary value's label in each interface language (its id if unknown)."""
        return self.subjects.get((field, term)) or [("subject", None, term)]


def _versions(card: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    """The language versions, the original first."""
    versions: dict[str, dict[str, str]] = card["versions"]
    original = card["lang"]
    return sorted(versions.items(), key=lambda item: (item[0] != original, item[0]))


def _titles(card: dict[str, Any], mapper: Mapper) -> list[Element]:
    return [("title", lang, version["title"]) for lang, version in _versions(card)]


def _descriptions(card: dict[str, Any], mapper: Mapper) -> list[Element]:
    return [("description", lang, version["summary"]) for lang, version in _versions(card)]


def _creator(card: dict[str, Any], mapper: Mapper) -> list[Element]:
    return [("creator", None, card["organisation"])]


def _subjects(card: dict[str, Any], mapper: Mapper) -> list[Element]:
    return [
        subject
        for field in VOCABULARY_OF
        for term in card[field]
        for subject in mapper.subject(field, term)
    ]


def _coverage(card: dict[str, Any], mapper: Mapper) -> list[Element]:
    city = [("coverage", None, card["city"])] if card.get("city") else []
    country = card["country"]
    return [
        *city,
        ("coverage", "en", i18n.country_name(country, "en")),
        ("coverage", None, country),
    ]


def _languages(card: dict[str, Any], mapper: Mapper) -> list[Element]:
    codes = dict.fromkeys([*card["languages"], *(lang for lang, _ in _versions(card))])
    return [("language", None, code) for code in codes]


def _fixed(card: dict[str, Any], mapper: Mapper) -> list[Element]:
    return [
        ("date", None, card["added"]),
        ("type", None, DCMI_TYPE),
        ("publisher", None, REPOSITORY_NAME),
        ("rights", "en", RIGHTS),
    ]


#: Each element of the mapping, in the order records give them (dc:identifier, made
#: from the public address, is added when a record is written).
ELEMENT_MAKERS: tuple[Callable[[dict[str, Any], Mapper], list[Element]], ...] = (
    _titles,
    _descriptions,
    _creator,
    _subjects,
    _coverage,
    _languages,
    _fixed,
)


def permanent_link(site: str, slug: str) -> str:
    """The practice's permanent page on ``site`` (scheme and host): dc:identifier."""
    return site.rstrip("/") + practice_url(i18n.DEFAULT_LOCALE, slug)


def practice_sets(card: dict[str, Any]) -> tuple[str, ...]:
    """The setSpecs of a practice: its country, target groups and activity types."""
    specs: list[str] = []
    for kind in SET_KINDS:
        values = card[kind.field]
        for value in [values] if isinstance(values, str) else values:
            specs.append(f"{kind.prefix}:{value}")
    return tuple(specs)


def set_name(spec: str, vocabularies: Vocabularies) -> str | None:
    """The English name of a set (``Country: Poland``), or None for no set we make."""
    prefix, _, value = spec.partition(":")
    kind = next((kind for kind in SET_KINDS if kind.prefix == prefix), None)
    if kind is None or not value:
        return None
    if kind.field in VOCABULARY_OF:
        terms = vocabularies.terms[VOCABULARY_OF[kind.field]]
        if value not in terms:
            return None
        return f"{kind.title}: {terms[value].label('en')}"
    return f"{kind.title}: {i18n.country_name(value, 'en')}"


def vocabulary_sets(vocabularies: Vocabularies) -> list[str]:
    """The sets of every vocabulary value, in file order (whether or not used yet)."""
    return [
        f"{kind.prefix}:{term}"
        for kind in SET_KINDS
        if kind.field in VOCABULARY_OF
        for term in vocabularies.ids(VOCABULARY_OF[kind.field])
    ]


def mapping_key(vocabularies: Vocabularies) -> str:
    """What besides a practice's files decides its record: the vocabularies' labels and
    this mapping's version. A change maps every practice again."""
    labels = {
        name: {term.id: term.labels for term in terms.values()}
        for name, terms in vocabularies.terms.items()
    }
    data = json.dumps([MAPPING_VERSION, labels], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()
