"""Values as partners write them in spreadsheets: a vocabulary id or its label, a country
or language code or its name, in any of the six interface languages, in any case, with or
without diacritics ('polska', 'Pologne', 'PL' and 'Poland' are all Poland)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cache

from babel import Locale

from catalogue import i18n
from catalogue.content.fields import N_
from catalogue.content.vocabularies import Vocabularies
from catalogue.index.analysis import fold
from catalogue.mail.language import Translator

#: The labels of the fixed choices, as the forms show them (``web.labels.CHOICES``; a
#: test keeps the two the same): here for the command line, which has no request.
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "status": {
        "ongoing": N_("Ongoing"),
        "completed": N_("Completed"),
        "planned": N_("Planned"),
    },
    "cost": {"none": N_("No cost"), "low": N_("Low"), "medium": N_("Medium"), "high": N_("High")},
    "evidence": {
        "anecdotal": N_("Anecdotal: what people said"),
        "monitored": N_("Monitored: figures were kept"),
        "evaluated": N_("Evaluated: a structured evaluation"),
    },
    "partner_types": {
        "library": N_("Library"),
        "municipality": N_("Municipality"),
        "ngo": N_("NGO"),
        "migrant-led": N_("Migrant-led organisation"),
        "school": N_("School"),
        "other": N_("Other"),
    },
}

#: Field -> the kind of value it holds (the fields not named here are taken as written).
FIELD_KINDS: dict[str, str] = {
    "country": "country",
    "lang": "language",
    "languages": "language",
    "target_groups": "target_groups",
    "activity_types": "activity_types",
    "status": "status",
    "cost": "cost",
    "evidence": "evidence",
    "partner_types": "partner_types",
}

_PUNCTUATION = re.compile(r"[\W_]+")


def key(text: str) -> str:
    """What two spellings of one value share: folded, punctuation as single spaces."""
    return _PUNCTUATION.sub(" ", fold(text)).strip()


class ValueMiss(ValueError):
    """A value that names nothing of its kind: an English template and its values."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template % params)
        self.template = template
        self.params = params


@dataclass(frozen=True)
class Names:
    """Every way of writing the values of one kind: key -> ids, key -> a name to show."""

    ids: dict[str, frozenset[str]]
    shown: dict[str, str]
    #: Synonyms (the searches' own, for vocabularies): asked only when no name matches.
    synonyms: dict[str, frozenset[str]] | None = None


class Lexicon:
    """Finds the id of a value written any of the ways partners write it."""

    def __init__(self, vocabularies: Vocabularies) -> None:
        self.kinds: dict[str, Names] = {
            "country": _countries(),
            "language": _languages(),
            **{name: _vocabulary(vocabularies, name) for name in vocabularies.terms},
            **{name: _choices(name) for name in CHOICE_LABELS},
        }

    def find(self, field: str, raw: str) -> str:
        """The id (or code) ``raw`` names in ``field``; ValueMiss says what was meant."""
        names = self.kinds[FIELD_KINDS[field]]
        found = names.ids.get(key(raw)) or (names.synonyms or {}).get(key(raw))
        if found is not None and len(found) == 1:
            return next(iter(found))
        if found:
            return _ambiguous(field, raw, found)
        close = get_close_matches(key(raw), list(names.ids), n=1, cutoff=0.8)
        hint = ""
        if close:
            ids, shown = sorted(names.ids[close[0]]), names.shown[close[0]]
            hint = f" (did you mean '{shown}'?)"
            if ids != [shown]:
                hint = f" (did you mean '{shown}', {', '.join(ids)}?)"
        raise ValueMiss(_MISSES[FIELD_KINDS[field]], field=field, value=raw, hint=hint)


_MISSES = {
    "country": N_(
        "%(field)s '%(value)s' is not a country: write its code (PL) or its name in one of "
        "the six languages%(hint)s"
    ),
    "language": N_(
        "%(field)s '%(value)s' is not a language: write its code (uk) or its name in one of "
        "the six languages%(hint)s"
    ),
}
for _kind in ("target_groups", "activity_types", *CHOICE_LABELS):
    _MISSES[_kind] = N_(
        "%(field)s '%(value)s' is not one of its values%(hint)s; the template's second sheet "
        "lists them"
    )


def _ambiguous(field: str, raw: str, ids: frozenset[str]) -> str:
    raise ValueMiss(
        N_("%(field)s '%(value)s' could name %(choices)s: write the one you mean"),
        field=field,
        value=raw,
        choices=" or ".join(sorted(ids)),
    )


def _names(pairs: list[tuple[str, str]]) -> Names:
    """From (id, a way of writing it) pairs."""
    ids: dict[str, set[str]] = {}
    shown: dict[str, str] = {}
    for value_id, written in pairs:
        if not key(written):
            continue
        ids.setdefault(key(written), set()).add(value_id)
        shown.setdefault(key(written), written)
    return Names({name: frozenset(found) for name, found in ids.items()}, shown)


@cache
def _countries() -> Names:
    codes = i18n.country_codes()
    pairs = [(code, code) for code in codes]
    for locale in i18n.LOCALES:
        territories = Locale.parse(locale).territories
        pairs += [(code, str(territories[code])) for code in codes if code in territories]
    return _names(pairs)


@cache
def _languages() -> Names:
    codes = i18n.language_codes()
    pairs = [(code, code) for code in codes]
    for locale in i18n.LOCALES:
        languages = Locale.parse(locale).languages
        pairs += [(code, str(languages[code])) for code in codes if code in languages]
    return _names(pairs)


def _vocabulary(vocabularies: Vocabularies, name: str) -> Names:
    pairs, synonyms = [], []
    for term in vocabularies.terms[name].values():
        pairs.append((term.id, term.id))
        pairs += [(term.id, label) for label in term.labels.values()]
        synonyms += [(term.id, word) for words in term.synonyms.values() for word in words]
    names = _names(pairs)
    return Names(names.ids, names.shown, _names(synonyms).ids)


@cache
def _choices(name: str) -> Names:
    pairs = []
    for value, label in CHOICE_LABELS[name].items():
        pairs.append((value, value))
        pairs += [(value, Translator(locale)(label)) for locale in i18n.LOCALES]
    return _names(pairs)
