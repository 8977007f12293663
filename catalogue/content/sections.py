"""A practice's description as sections: what the contribution form asks for one by one.

The form has a field per section (context, objectives, activities, ...); they are joined
into the Markdown body under ``##`` headings written in the practice's language, and a
body is split back into them when a practice is edited. What the sections do not hold
(text under another heading) stays in a last, free field, so nothing is lost either way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

#: The sections in order, by id.
SECTIONS = (
    "context",
    "objectives",
    "activities",
    "partners_resources",
    "cost",
    "results",
    "lessons",
    "adopt",
)
#: The free field for everything else.
MORE = "more"

#: Each section's heading in a practice written in each of the six languages, first the
#: one the form writes, then others practices use for it (read back when editing).
#: Content in the practice's language, like the vocabularies' labels; a practice in
#: another language gets the English headings.
HEADINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "context": {
        "en": ("Context",), "fr": ("Contexte",), "it": ("Contesto",),
        "lv": ("Konteksts",), "pl": ("Kontekst",), "ro": ("Context",),
    },
    "objectives": {
        "en": ("Objectives", "Aims"), "fr": ("Objectifs",), "it": ("Obiettivi",),
        "lv": ("Mērķi",), "pl": ("Cele",), "ro": ("Obiective",),
    },
    "activities": {
        "en": ("Activities", "What happens in a session"),
        "fr": ("Activités", "Déroulement", "Déroulement d'une séance", "Déroulement d'un atelier"),
        "it": ("Attività",), "lv": ("Aktivitātes",), "pl": ("Działania",),
        "ro": ("Activități",),
    },
    "partners_resources": {
        "en": ("Partners and resources", "Partners"),
        "fr": ("Partenaires et moyens", "Partenaires"),
        "it": ("Partner e risorse", "Partner"), "lv": ("Partneri un resursi", "Partneri"),
        "pl": ("Partnerzy i zasoby", "Partnerzy"), "ro": ("Parteneri și resurse", "Parteneri"),
    },
    "cost": {
        "en": ("Cost", "Resources and cost"),
        "fr": ("Coût", "Moyens et coût", "Ressources et coûts"),
        "it": ("Costi", "Risorse e costi"), "lv": ("Izmaksas", "Resursi un izmaksas"),
        "pl": ("Koszty", "Zasoby i koszty"), "ro": ("Costuri", "Resurse și costuri"),
    },
    "results": {
        "en": ("Results and evidence", "Results"), "fr": ("Résultats et preuves", "Résultats"),
        "it": ("Risultati e riscontri", "Risultati"),
        "lv": ("Rezultāti un pierādījumi", "Rezultāti"),
        "pl": ("Rezultaty i dowody", "Rezultaty"), "ro": ("Rezultate și dovezi", "Rezultate"),
    },
    "lessons": {
        "en": (
            "What did not work", "What went wrong and lessons learned", "What went wrong",
            "Challenges and lessons learned",
        ),
        "fr": ("Ce qui n'a pas marché",),
        "it": (
            "Cosa non ha funzionato", "Criticità e lezioni apprese",
            "Cosa non ha funzionato e cosa abbiamo imparato",
        ),
        "lv": ("Kas neizdevās", "Kas neizdevās un ko mēs mācījāmies"),
        "pl": ("Co nie zadziałało", "Co nie zadziałało i czego się nauczyliśmy"),
        "ro": (
            "Ce nu a funcționat", "Ce nu a funcționat și ce am învățat",
            "Ce nu a funcționat și lecții învățate",
        ),
    },
    "adopt": {
        "en": ("How to adopt it", "How to adopt it elsewhere"),
        "fr": ("Comment l'adapter ailleurs",), "it": ("Come replicarla",),
        "lv": ("Kā to ieviest citur",), "pl": ("Jak wdrożyć to gdzie indziej",),
        "ro": ("Cum poate fi preluată în altă parte",),
    },
    MORE: {
        "en": ("Other information",), "fr": ("Autres informations",),
        "it": ("Altre informazioni",), "lv": ("Cita informācija",),
        "pl": ("Inne informacje",), "ro": ("Alte informații",),
    },
}  # fmt: skip


def headings_in(lang: str) -> dict[str, str]:
    """The headings the form writes in a practice written in ``lang``."""
    return {
        section: (by_lang.get(lang) or by_lang["en"])[0] for section, by_lang in HEADINGS.items()
    }


_HEADING = re.compile(r"^#{1,3}[ \t]+(.+?)[ \t#]*$")


def _key(heading: str) -> str:
    return " ".join(heading.casefold().split()).rstrip(":")


@dataclass(frozen=True)
class Joined:
    """A body made of sections, and the line each section's text starts on in it."""

    body: str
    starts: dict[str, int] = field(default_factory=dict)

    def locate(self, line: int) -> tuple[str, int]:
        """The section (and its line) of a line of the body; ``more`` when in no section."""
        found, start = MORE, 1
        for section, first in self.starts.items():
            if first <= line and first >= start:
                found, start = section, first
        return found, line - start + 1


def join_sections(texts: Mapping[str, str], headings: Mapping[str, str]) -> Joined:
    """The Markdown body of the non-empty sections, each under its heading, then the rest.

    ``headings`` are the sections' headings in the practice's language.
    """
    parts: list[str] = []
    starts: dict[str, int] = {}
    line = 1
    for section in (*SECTIONS, MORE):
        text = texts.get(section, "").strip().replace("\r\n", "\n")
        if not text:
            continue
        # The free field under a heading of its own, unless it starts with one: else it
        # would be read back as part of the section before it.
        titled = section != MORE or not _HEADING.match(text.split("\n", 1)[0])
        block = f"## {headings[section]}\n\n{text}" if titled else text
        starts[section] = line + (2 if titled else 0)
        parts.append(block)
        line += block.count("\n") + 2  # the block, and the empty line after it
    body = "\n\n".join(parts)
    return Joined(body + "\n" if body else "", starts)


def split_sections(body: str) -> dict[str, str]:
    """A body's text per section, recognising the headings of ``HEADINGS`` in any of the
    six languages. Text before the first heading is the context (when there is no
    section of that name); text under any other heading goes to ``more``, with it."""
    known = {
        _key(text): section
        for section, by_lang in HEADINGS.items()
        for texts in by_lang.values()
        for text in texts
    }
    found: dict[str, list[str]] = {}
    current = _INTRO
    for line in body.replace("\r\n", "\n").split("\n"):
        match = _HEADING.match(line)
        if match and _key(match.group(1)) in known and known[_key(match.group(1))] not in found:
            current = known[_key(match.group(1))]
            found[current] = []
            continue
        if match and current != MORE:
            current = MORE  # another heading: what follows is kept as written
        found.setdefault(current, []).append(line)
    texts = {section: "\n".join(lines).strip() for section, lines in found.items()}
    intro = texts.pop(_INTRO, "")
    if intro and not texts.get("context"):
        texts["context"] = intro
    elif intro:
        texts[MORE] = f"{intro}\n\n{texts.get(MORE, '')}".strip()
    return {section: text for section, text in texts.items() if text}


_INTRO = "\0intro"
