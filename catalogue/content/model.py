"""The practice model: what a validated practice file becomes."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = 80


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a practice, located at a file's line (and field, if any)."""

    path: Path
    line: int
    message: str
    field: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Version:
    """The readable text of a practice in one language: the original or a translation."""

    lang: str
    title: str
    summary: str
    body: str
    tags: tuple[str, ...] = ()
    updated: date | None = None
    draft: bool = False
    #: A translation's alt texts of the original's images, in the same order.
    image_alts: tuple[str, ...] = ()


@dataclass(frozen=True)
class PracticeImage:
    """A photo or drawing of a practice: the file as written, what it shows, and what
    its content turned out to be (``path`` is under data/practices/)."""

    file: str
    alt: str
    credit: str | None = None
    licence: str | None = None
    path: str = ""
    digest: str = ""
    type: str = ""
    size: int = 0
    width: int = 0
    height: int = 0


@dataclass(frozen=True)
class Material:
    """A document to adopt the practice with (a plan, a leaflet, a form)."""

    file: str
    title: str
    path: str = ""
    digest: str = ""
    type: str = ""
    size: int = 0


@dataclass(frozen=True)
class Practice:
    """A published practice: its facts, its original text and its translations."""

    slug: str
    original: Version
    country: str
    organisation: str
    target_groups: tuple[str, ...]
    activity_types: tuple[str, ...]
    languages: tuple[str, ...]
    added: date
    city: str | None = None
    partners: tuple[str, ...] = ()
    year_started: int | None = None
    year_ended: int | None = None
    status: str | None = None
    website: str | None = None
    contact: str | None = None
    funding: str | None = None
    cost: str | None = None
    evidence: str | None = None
    partner_types: tuple[str, ...] = ()
    draft: bool = False
    images: tuple[PracticeImage, ...] = ()
    materials: tuple[Material, ...] = ()
    translations: dict[str, Version] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        """The language the practice was written in."""
        return self.original.lang

    def readable_in(self) -> list[str]:
        """Languages the practice can be read in: the original's, then its translations'."""
        return [self.lang, *sorted(self.translations)]

    def version(self, locale: str) -> Version:
        """The text in ``locale`` when there is a translation, else the original."""
        return self.translations.get(locale, self.original)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary of every field (dates as ISO strings)."""
        data: dict[str, Any] = _jsonable(asdict(self))
        return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def version_from_dict(data: dict[str, Any]) -> Version:
    """Rebuild a Version from ``to_dict`` output."""
    return Version(
        lang=data["lang"],
        title=data["title"],
        summary=data["summary"],
        body=data["body"],
        tags=tuple(data.get("tags", ())),
        updated=date.fromisoformat(data["updated"]) if data.get("updated") else None,
        draft=bool(data.get("draft", False)),
        image_alts=tuple(data.get("image_alts", ())),
    )


def practice_from_dict(data: dict[str, Any]) -> Practice:
    """Rebuild a Practice from ``Practice.to_dict`` output."""
    values = dict(data)
    values["original"] = version_from_dict(values["original"])
    values["translations"] = {
        lang: version_from_dict(text) for lang, text in values.get("translations", {}).items()
    }
    values["added"] = date.fromisoformat(values["added"])
    for name in ("target_groups", "activity_types", "languages", "partners", "partner_types"):
        values[name] = tuple(values.get(name, ()))
    values["images"] = tuple(PracticeImage(**image) for image in values.get("images", ()))
    values["materials"] = tuple(Material(**item) for item in values.get("materials", ()))
    return Practice(**values)
