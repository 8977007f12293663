"""The Whoosh schema: one document per practice, every language version inside it."""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from typing import Any

from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from catalogue.content.markdown import render_markdown
from catalogue.content.model import Practice, Version
from catalogue.i18n import LOCALES
from catalogue.index.analysis import (
    STEMMED_LANGUAGES,
    TermFrequency,
    TermPositions,
    fold,
    folding_analyzer,
    language_analyzer,
    lowercase_analyzer,
)
from catalogue.index.bridge import Bridge, Tagger

#: Facet name (as in URLs and the API) -> the practice attribute holding its values.
FACET_FIELDS: dict[str, str] = {
    "country": "country",
    "language": "languages",
    "target_group": "target_groups",
    "activity_type": "activity_types",
}

#: Prefix of the fields queries search: ``text_<lang>`` per stemmed language, and
#: ``text_other`` for versions in any other language (folded, not stemmed).
TEXT_PREFIX = "text_"
OTHER_LANGUAGES = "other"
#: Words as written (folded, not stemmed) in titles, summaries, tags and names: a match
#: there ranks above a stem-only match.
EXACT_FIELD = "exact"
#: The field of titles alone (folded): matching words there lift a result's rank most.
TITLE_FIELD = "title"
#: Real words, lower case with their diacritics, for "did you mean" and completions.
WORDS_FIELD = "words"
#: A column of each practice's titles (JSON), read in one pass to build completions.
TITLES_COLUMN = "titles"


def build_schema(
    languages: Sequence[str] = STEMMED_LANGUAGES, bridge: Bridge | None = None
) -> Schema:
    """The schema, with a stemmed text field for each of ``languages``, whose texts are
    tagged with the concepts of ``bridge`` they use."""
    folding = folding_analyzer()
    fields: dict[str, Any] = {
        "slug": ID(stored=True, unique=True),
        "card": STORED(),
        "blob": STORED(),
        "fingerprints": STORED(),
        "readable": KEYWORD(commas=True),
        "added": ID(sortable=True),
        EXACT_FIELD: _text(folding, phrase=False),
        TITLE_FIELD: _text(folding, phrase=False),
        WORDS_FIELD: _text(lowercase_analyzer(), phrase=False),
        f"{TEXT_PREFIX}{OTHER_LANGUAGES}": _text(folding, phrase=True),
        TITLES_COLUMN: COLUMN(VarBytesColumn()),
    }
    fields.update({name: KEYWORD(commas=True) for name in FACET_FIELDS})
    fields.update({f"sort_title_{locale}": ID(sortable=True) for locale in LOCALES})
    for lang in languages:
        tagger = Tagger(bridge, lang) if bridge else None
        fields[f"{TEXT_PREFIX}{lang}"] = _text(language_analyzer(lang, tagger), phrase=True)
    return Schema(**fields)


def schema_bridge(schema: Schema) -> Bridge:
    """The concepts an index was built with (none for an index without them)."""
    for name in text_fields(schema):
        tagger = getattr(schema[name].analyzer, "tagger", None)
        if tagger is not None:
            bridge: Bridge = tagger.bridge
            return bridge
    return Bridge([])


def _text(analyzer: Any, *, phrase: bool) -> TEXT:
    """A text field whose terms are made by ``analyzer``'s direct indexing path."""
    field = TEXT(analyzer=analyzer, phrase=phrase)
    field.format = TermPositions() if phrase else TermFrequency()
    return field


def text_fields(schema: Schema) -> list[str]:
    """The fields a query searches in an index with ``schema``."""
    return [name for name in schema.names() if name.startswith(TEXT_PREFIX)]


def _versions(practice: Practice) -> list[Version]:
    return [practice.original, *practice.translations.values()]


def practice_document(
    practice: Practice, fingerprints: dict[str, str], schema: Schema
) -> dict[str, Any]:
    """The Whoosh document of a practice (``fingerprints``: file -> content hash)."""
    versions = _versions(practice)
    names = [practice.organisation, practice.city or "", *practice.partners]
    short = [text for v in versions for text in (v.title, v.summary, *v.tags)]
    document: dict[str, Any] = {
        "slug": practice.slug,
        "card": json.dumps(practice_card(practice), ensure_ascii=False),
        "blob": zlib.compress(json.dumps(_stored(practice), ensure_ascii=False).encode()),
        "fingerprints": json.dumps(fingerprints, sort_keys=True),
        "readable": ",".join(practice.readable_in()),
        "added": practice.added.isoformat(),
        "country": practice.country,
        "language": ",".join(practice.languages),
        "target_group": ",".join(practice.target_groups),
        "activity_type": ",".join(practice.activity_types),
        TITLE_FIELD: "\n".join(v.title for v in versions),
        EXACT_FIELD: "\n".join([*names, *short]),
        WORDS_FIELD: "\n".join(short),
        TITLES_COLUMN: json.dumps(
            {
                "slug": practice.slug,
                "lang": practice.lang,
                "titles": {v.lang: v.title for v in versions},
            },
            ensure_ascii=False,
        ).encode(),
    }
    for locale in LOCALES:
        document[f"sort_title_{locale}"] = fold(practice.version(locale).title)
    for lang, text in version_texts(practice):
        field = text_field_for(lang, schema)
        document[field] = f"{document[field]}\n{text}" if field in document else text
    return document


def version_texts(practice: Practice) -> list[tuple[str, str]]:
    """(language, text) of each version as its language's field indexes it: the
    original with the names of its organisation, city and partners."""
    names = [practice.organisation, practice.city or "", *practice.partners]
    texts = [(practice.lang, "\n".join([*names, version_text(practice.original)]).strip())]
    return texts + [(v.lang, version_text(v).strip()) for v in practice.translations.values()]


def text_field_for(lang: str, schema: Schema) -> str:
    """The field that text written in ``lang`` is indexed in."""
    name = f"{TEXT_PREFIX}{lang}"
    return name if name in schema.names() else f"{TEXT_PREFIX}{OTHER_LANGUAGES}"


def version_text(version: Version) -> str:
    """The words of a version that search reads: title, summary, tags and body."""
    return "\n".join([version.title, version.summary, " ".join(version.tags), version.body])


def practice_card(practice: Practice) -> dict[str, Any]:
    """The small stored record a search result is made from, without the bodies."""
    return {
        "slug": practice.slug,
        "lang": practice.lang,
        "versions": {v.lang: {"title": v.title, "summary": v.summary} for v in _versions(practice)},
        "country": practice.country,
        "city": practice.city,
        "organisation": practice.organisation,
        "target_groups": list(practice.target_groups),
        "activity_types": list(practice.activity_types),
        "languages": list(practice.languages),
        "added": practice.added.isoformat(),
        #: When its facts or text last changed: the latest of ``added`` and ``updated``.
        "changed": max(
            [practice.added, *(v.updated for v in _versions(practice) if v.updated)]
        ).isoformat(),
        "thumbnail": _thumbnail(practice),
    }


def _thumbnail(practice: Practice) -> dict[str, Any] | None:
    """The first image of a practice, for its result card (its alt text is not needed:
    the card's title names it)."""
    if not practice.images:
        return None
    image = practice.images[0]
    return {"digest": image.digest, "width": image.width, "height": image.height}


def _stored(practice: Practice) -> dict[str, Any]:
    """The whole practice, each version with its body rendered once, here, for every view."""
    data = practice.to_dict()
    for version in [data["original"], *data["translations"].values()]:
        version["body_html"] = render_markdown(version["body"])
    return data


def load_blob(blob: bytes) -> dict[str, Any]:
    """The practice dictionary stored in a document's ``blob``."""
    data: dict[str, Any] = json.loads(zlib.decompress(blob))
    return data
