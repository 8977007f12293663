"""Search terms of the field: the vocabularies' labels and synonyms, and the thesaurus.

A *concept* is something readers search for in any of the six interface languages: a
target group or an activity type (its labels and synonyms), or an entry of
``thesaurus.yml``. Search uses the concepts to find practices written in another
language (``catalogue.index.bridge``); coordinators edit the files by hand, so
``check_search_terms`` reports every problem at its line, as ``catalogue validate`` does
for practices. Loading is lenient: a defect reported there never stops the site.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from catalogue.content.model import Problem
from catalogue.content.suggest import did_you_mean
from catalogue.i18n import LOCALES

THESAURUS_FILE = "thesaurus.yml"
#: The kind of a thesaurus concept; vocabulary concepts have their vocabulary's name.
THESAURUS = "thesaurus"
_CONCEPT_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_WORD = re.compile(r"\w")
_VOCABULARY_KEYS = ("label", "description", "synonyms")
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Concept:
    """Something searched for, with the terms each language uses for it (its name first)."""

    kind: str
    id: str
    terms: dict[str, tuple[str, ...]]
    #: Ids of wider concepts (a vocabulary value, or a thesaurus concept) and of related
    #: ones: practices about them are found too, after those about this one.
    broader: tuple[str, ...] = ()
    related: tuple[str, ...] = ()

    @property
    def links(self) -> tuple[str, ...]:
        """The ids of the broader and related concepts."""
        return (*self.broader, *self.related)

    def name(self, locale: str) -> str:
        """What the concept is called in ``locale`` (English when it has no term there)."""
        for lang in (locale, "en", *self.terms):
            if self.terms.get(lang):
                return self.terms[lang][0]
        return self.id


def load_thesaurus(path: Path) -> dict[str, Concept]:
    """The thesaurus's concepts; what cannot be read is left out (``check_search_terms``
    says what and where). No file, no concepts."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
    except (OSError, yaml.YAMLError):
        return {}
    if not isinstance(raw, dict):
        return {}
    concepts = {}
    for concept_id, entry in raw.items():
        if isinstance(entry, dict):
            terms = {lang: clean_terms(entry.get(lang)) for lang in LOCALES}
            links = {key: clean_ids(entry.get(key)) for key in LINKS}
            concept = Concept(THESAURUS, str(concept_id), terms, **links)
            concepts[concept.id] = concept
    return concepts


#: The keys of a thesaurus entry that name other concepts rather than give terms.
LINKS = ("broader", "related")


def clean_ids(value: object) -> tuple[str, ...]:
    """The concept ids of a YAML value: a list of ids, or one id."""
    items = value if isinstance(value, list) else [] if value is None else [value]
    return tuple(str(item) for item in items if isinstance(item, str) and item)


def clean_terms(value: object) -> tuple[str, ...]:
    """The usable terms of a YAML value: a list of terms, or one term."""
    items = value if isinstance(value, list) else [value]
    return tuple(
        " ".join(str(item).split())
        for item in items
        if isinstance(item, str | int) and _WORD.search(str(item))
    )


def term_key(term: str) -> str:
    """What makes two terms the same: case, spacing and (combining) diacritics aside."""
    decomposed = unicodedata.normalize("NFKD", term.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass(frozen=True)
class _Entry:
    """One term as written in a file, with where it is."""

    path: Path
    line: int
    kind: str
    concept: str
    lang: str
    term: str


def check_search_terms(folder: Path, vocabulary_files: dict[str, str]) -> list[Problem]:
    """Every problem of the vocabularies' labels and synonyms and of the thesaurus, each at
    its line: unknown languages, empty terms, and a term under two concepts."""
    problems: list[Problem] = []
    entries: list[_Entry] = []
    vocabulary_ids: dict[str, str] = {}
    for kind, name in vocabulary_files.items():
        path = folder / name
        for concept, node, line in _concepts(path, problems):
            vocabulary_ids.setdefault(concept, kind)
            entries += _vocabulary_terms(path, kind, concept, node, line, problems)
    path = folder / THESAURUS_FILE
    links: list[tuple[int, str, str, str]] = []
    thesaurus_ids: set[str] = set()
    if path.exists():
        for concept, node, line in _concepts(path, problems):
            thesaurus_ids.add(concept)
            entries += _thesaurus_terms(path, concept, node, line, vocabulary_ids, problems)
            links += _links(concept, node)
    known = thesaurus_ids | vocabulary_ids.keys()
    for line, concept, key, target in links:
        if target not in known:
            hint = did_you_mean(target, sorted(known))
            problems.append(
                Problem(
                    path,
                    line,
                    f"'{concept}' {key}: no concept or vocabulary value '{target}'{hint}",
                )
            )
    return problems + _duplicates(entries)


def _links(concept: str, node: Any) -> list[tuple[int, str, str, str]]:
    """(line, concept, key, target) of each concept a thesaurus entry names."""
    if not isinstance(node, yaml.MappingNode):
        return []
    found = []
    for key, value in node.value:
        if key.value in LINKS:
            items = value.value if isinstance(value, yaml.SequenceNode) else [value]
            found += [
                (item.start_mark.line + 1, concept, str(key.value), str(item.value))
                for item in items
                if isinstance(item, yaml.ScalarNode)
            ]
    return found


def _concepts(path: Path, problems: list[Problem]) -> Iterator[tuple[str, Any, int]]:
    """(id, node, line) of each entry of a vocabulary or thesaurus file."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
    except OSError as error:
        problems.append(Problem(path, 1, f"cannot read file: {error.strerror}"))
        return
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        problems.append(Problem(path, line, f"not valid YAML: {error.problem}"))
        return
    if not isinstance(root, yaml.MappingNode):
        problems.append(Problem(path, 1, "expected a mapping of ids to their terms"))
        return
    for key, value in root.value:
        yield str(key.value), value, key.start_mark.line + 1


def _vocabulary_terms(
    path: Path, kind: str, concept: str, node: Any, line: int, problems: list[Problem]
) -> list[_Entry]:
    if not isinstance(node, yaml.MappingNode):
        return []  # load_vocabularies refuses such a file with its own message
    entries = []
    for key, value in node.value:
        if key.value == "label":
            entries += _language_terms(path, kind, concept, value, problems, single=True)
        elif key.value == "synonyms":
            entries += _language_terms(path, kind, concept, value, problems, single=False)
        elif key.value != "description":
            hint = did_you_mean(str(key.value), _VOCABULARY_KEYS)
            problems.append(
                Problem(
                    path,
                    key.start_mark.line + 1,
                    f"unknown key '{key.value}' under '{concept}': use label, description "
                    f"or synonyms{hint}",
                )
            )
    return entries


def _thesaurus_terms(
    path: Path,
    concept: str,
    node: Any,
    line: int,
    vocabulary_ids: dict[str, str],
    problems: list[Problem],
) -> list[_Entry]:
    if not _CONCEPT_ID.match(concept):
        problems.append(
            Problem(
                path, line, f"concept id '{concept}' must be lower-case words joined by hyphens"
            )
        )
    if concept in vocabulary_ids:
        kind = vocabulary_ids[concept].replace("_", " ").removesuffix("s")
        problems.append(
            Problem(
                path,
                line,
                f"'{concept}' is already {'an' if kind[0] in 'aeiou' else 'a'} {kind}; add its "
                "words as synonyms there instead",
            )
        )
    if not isinstance(node, yaml.MappingNode):
        problems.append(
            Problem(path, line, f"'{concept}' needs its terms per language, e.g. en: [a, b]")
        )
        return []
    languages = yaml.MappingNode(
        node.tag, [(k, v) for k, v in node.value if k.value not in LINKS], node.start_mark
    )
    entries = _language_terms(path, THESAURUS, concept, languages, problems, single=False)
    missing = [lang for lang in LOCALES if lang not in {e.lang for e in entries}]
    if missing:
        problems.append(
            Problem(
                path,
                line,
                f"'{concept}' has no terms in {', '.join(missing)}; give each concept its "
                "terms in the six languages",
            )
        )
    return entries


def _language_terms(
    path: Path, kind: str, concept: str, node: Any, problems: list[Problem], *, single: bool
) -> list[_Entry]:
    """The terms of a ``lang: [terms]`` (or ``lang: label``) mapping, checked."""
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1
        problems.append(Problem(path, line, f"'{concept}': expected one line per language"))
        return []
    entries = []
    for key, value in node.value:
        lang, line = str(key.value), key.start_mark.line + 1
        if lang not in LOCALES:
            problems.append(
                Problem(
                    path,
                    line,
                    f"unknown language '{lang}' under '{concept}': use one of "
                    f"{', '.join(LOCALES)}{did_you_mean(lang, LOCALES)}",
                )
            )
            continue
        items = [value] if single or isinstance(value, yaml.ScalarNode) else value.value
        if not isinstance(value, yaml.ScalarNode | yaml.SequenceNode):
            problems.append(Problem(path, line, f"'{concept}' ({lang}): expected a list of terms"))
            continue
        for item in items:
            term = " ".join(str(getattr(item, "value", "")).split())
            item_line = item.start_mark.line + 1
            if not isinstance(item, yaml.ScalarNode) or not _WORD.search(term):
                problems.append(
                    Problem(
                        path,
                        item_line,
                        f"an empty term under '{concept}' ({lang}); write the term or remove it",
                    )
                )
                continue
            entries.append(_Entry(path, item_line, kind, concept, lang, term))
    return entries


def _duplicates(entries: list[_Entry]) -> list[Problem]:
    """A problem for each term written under a second concept (in the same language)."""
    first: dict[tuple[str, str], _Entry] = {}
    problems = []
    for entry in entries:
        key = (entry.lang, term_key(entry.term))
        seen = first.setdefault(key, entry)
        if (seen.kind, seen.concept) == (entry.kind, entry.concept):
            continue
        problems.append(
            Problem(
                entry.path,
                entry.line,
                f"'{entry.term}' ({entry.lang}) is under '{entry.concept}' and already under "
                f"'{seen.concept}' ({seen.path.name}, line {seen.line}); a term may belong to "
                "one concept only",
            )
        )
    return problems
