"""The Whoosh schema: one document per practice, every language version inside it."""

from __future__ import annotations

import json
import zlib
from typing import Any

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from catalogue.content.model import Practice, Version
from catalogue.i18n import LOCALES
from catalogue.index.analysis import LANGUAGE_ANALYSERS, fold, folding_analyzer

#: The field every query searches: all the text of every language version.
TEXT_FIELD = "text"
#: The field of titles alone: matching words there lift a result's rank.
TITLE_FIELD = "title"

#: Facet name (as in URLs and the API) -> index field and the practice attribute.
FACET_FIELDS: dict[str, str] = {
    "country": "country",
    "language": "languages",
    "target_group": "target_groups",
    "activity_type": "activity_types",
}


def build_schema() -> Schema:
    """The schema, with per-language stemmed fields for ``LANGUAGE_ANALYSERS``."""
    analyzer = folding_analyzer()
    fields: dict[str, Any] = {
        "slug": ID(stored=True, unique=True),
        "card": STORED(),
        "blob": STORED(),
        "fingerprints": STORED(),
        "readable": KEYWORD(commas=True),
        "added": ID(sortable=True),
    }
    fields.update({name: KEYWORD(commas=True) for name in FACET_FIELDS})
    fields.update({f"sort_title_{locale}": ID(sortable=True) for locale in LOCALES})
    fields[TEXT_FIELD] = TEXT(analyzer=analyzer, phrase=True)
    fields[TITLE_FIELD] = TEXT(analyzer=analyzer, phrase=False)
    for lang, factory in LANGUAGE_ANALYSERS.items():
        fields[f"{TEXT_FIELD}_{lang}"] = TEXT(analyzer=factory(), phrase=True)
    return Schema(**fields)


def _versions(practice: Practice) -> list[Version]:
    return [practice.original, *practice.translations.values()]


def practice_document(practice: Practice, fingerprints: dict[str, str]) -> dict[str, Any]:
    """The Whoosh document of a practice (``fingerprints``: file -> content hash)."""
    versions = _versions(practice)
    document: dict[str, Any] = {
        "slug": practice.slug,
        "card": json.dumps(practice_card(practice), ensure_ascii=False),
        "blob": zlib.compress(json.dumps(practice.to_dict(), ensure_ascii=False).encode()),
        "fingerprints": json.dumps(fingerprints, sort_keys=True),
        "readable": ",".join(practice.readable_in()),
        "added": practice.added.isoformat(),
        "country": practice.country,
        "language": ",".join(practice.languages),
        "target_group": ",".join(practice.target_groups),
        "activity_type": ",".join(practice.activity_types),
        TITLE_FIELD: "\n".join(v.title for v in versions),
        TEXT_FIELD: "\n".join(
            [practice.organisation, practice.city or "", *practice.partners]
            + [_version_text(version) for version in versions]
        ),
    }
    for locale in LOCALES:
        document[f"sort_title_{locale}"] = fold(practice.version(locale).title)
    for version in versions:
        if version.lang in LANGUAGE_ANALYSERS:
            key = f"{TEXT_FIELD}_{version.lang}"
            document[key] = f"{document.get(key, '')}\n{_version_text(version)}".strip()
    return document


def _version_text(version: Version) -> str:
    return "\n".join([version.title, version.summary, " ".join(version.tags), version.body])


def practice_card(practice: Practice) -> dict[str, Any]:
    """The small stored record a search result is made from, without the bodies."""
    return {
        "slug": practice.slug,
        "lang": practice.lang,
        "versions": {
            v.lang: {"title": v.title, "summary": v.summary} for v in _versions(practice)
        },
        "country": practice.country,
        "organisation": practice.organisation,
        "target_groups": list(practice.target_groups),
        "activity_types": list(practice.activity_types),
        "languages": list(practice.languages),
        "added": practice.added.isoformat(),
    }


def load_blob(blob: bytes) -> dict[str, Any]:
    """The practice dictionary stored in a document's ``blob``."""
    data: dict[str, Any] = json.loads(zlib.decompress(blob))
    return data
