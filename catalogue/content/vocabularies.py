"""Controlled vocabularies: target groups and activity types, with their six labels and
the synonyms searches use; and the thesaurus of the field beside them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from catalogue.content.thesaurus import THESAURUS_FILE, Concept, clean_terms, load_thesaurus
from catalogue.i18n import DEFAULT_LOCALE, LOCALES

#: Vocabulary name -> file name under ``vocabularies/``.
VOCABULARY_FILES: dict[str, str] = {
    "target_groups": "target_groups.yml",
    "activity_types": "activity_types.yml",
}


class VocabularyError(Exception):
    """A vocabulary file that cannot be used; the catalogue cannot run without it."""


@dataclass(frozen=True)
class Term:
    """One id of a vocabulary with its label per locale and its description."""

    id: str
    labels: dict[str, str]
    descriptions: dict[str, str]
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def label(self, locale: str) -> str:
        """The label in ``locale``, falling back to English."""
        return self.labels.get(locale) or self.labels[DEFAULT_LOCALE]

    def description(self, locale: str) -> str:
        """The description in ``locale``, falling back to English."""
        return self.descriptions.get(locale) or self.descriptions[DEFAULT_LOCALE]


@dataclass(frozen=True)
class Vocabularies:
    """All vocabularies of a catalogue, by name (``target_groups``, ``activity_types``)."""

    terms: dict[str, dict[str, Term]]
    thesaurus: dict[str, Concept] = field(default_factory=dict)

    def concepts(self) -> list[Concept]:
        """Every concept searches know: each vocabulary value (its labels, then its
        synonyms, per language), then the thesaurus's."""
        found = [
            Concept(name, term.id, _search_terms(term))
            for name, terms in self.terms.items()
            for term in terms.values()
        ]
        return found + list(self.thesaurus.values())

    def ids(self, name: str) -> list[str]:
        """The ids of vocabulary ``name`` in file order."""
        return list(self.terms[name])

    def label(self, name: str, term_id: str, locale: str) -> str:
        """The label of ``term_id`` in ``locale``, or the id itself if unknown."""
        term = self.terms[name].get(term_id)
        return term.label(locale) if term else term_id


SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_vocabularies(folder: Path) -> Vocabularies:
    """Read every vocabulary file in ``folder``; raise VocabularyError on any defect."""
    return Vocabularies(
        {name: _load(folder / file) for name, file in VOCABULARY_FILES.items()},
        load_thesaurus(folder / THESAURUS_FILE),
    )


def _search_terms(term: Term) -> dict[str, tuple[str, ...]]:
    return {
        locale: tuple(dict.fromkeys([term.labels[locale], *term.synonyms.get(locale, ())]))
        for locale in LOCALES
        if locale in term.labels
    }


def _load(path: Path) -> dict[str, Term]:
    try:
        # libyaml's safe loader where PyYAML has it: ten times faster, same result.
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except OSError as error:
        raise VocabularyError(f"{path}: cannot read vocabulary: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise VocabularyError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(raw, dict) or not raw:
        raise VocabularyError(f"{path}: expected a mapping of ids to labels")
    return {str(term_id): _term(path, str(term_id), entry) for term_id, entry in raw.items()}


def _term(path: Path, term_id: str, entry: object) -> Term:
    if not isinstance(entry, dict):
        raise VocabularyError(f"{path}: '{term_id}' needs 'label' and 'description' mappings")
    labels = entry.get("label")
    descriptions = entry.get("description")
    if not isinstance(labels, dict) or not isinstance(descriptions, dict):
        raise VocabularyError(f"{path}: '{term_id}' needs 'label' and 'description' mappings")
    missing = [locale for locale in LOCALES if not labels.get(locale)]
    if missing:
        raise VocabularyError(f"{path}: '{term_id}' has no label in {', '.join(missing)}")
    if not descriptions.get(DEFAULT_LOCALE):
        raise VocabularyError(f"{path}: '{term_id}' has no English description")
    synonyms = entry.get("synonyms")
    return Term(
        id=term_id,
        labels={str(k): str(v) for k, v in labels.items()},
        descriptions={str(k): str(v) for k, v in descriptions.items()},
        # Checked, with lines, by check_search_terms; here only what can be used.
        synonyms={
            str(lang): clean_terms(words)
            for lang, words in (synonyms if isinstance(synonyms, dict) else {}).items()
            if lang in LOCALES
        },
    )
