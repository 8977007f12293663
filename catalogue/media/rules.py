"""The ``images``, ``materials`` and ``image_alts`` fields: each entry checked, its file
found and probed, every problem collected and placed at the line of its ``file`` key.

The same checks serve practice files (files beside the practice, ``FolderFiles``) and
contributions (files sent with them, ``UploadedFiles``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from catalogue.content import frontmatter
from catalogue.content.checks import N_, Context, FieldError, FieldErrors, text
from catalogue.content.model import Material, PracticeImage
from catalogue.content.suggest import did_you_mean
from catalogue.media.probe import KINDS, Kind, Probed, probe

MEDIA_FIELDS = ("images", "materials", "image_alts")


class MediaFiles(Protocol):
    """Where the files named by ``file`` keys are."""

    def locate(self, name: str) -> tuple[Path, str]:
        """(the file on this machine, its path under data/practices/ or '' if it has
        none yet); FieldError when there is no such file."""
        ...


@dataclass(frozen=True)
class FolderFiles:
    """Files beside a practice file: relative to its folder, never outside ``root``."""

    root: Path
    folder: Path

    @classmethod
    def beside(cls, practice_file: Path) -> FolderFiles:
        """The files of the practice file at ``practice_file``, inside the practices folder
        it is in (the nearest ``practices`` folder beside ``vocabularies``)."""
        folder = practice_file.parent
        root = next(
            (
                parent
                for parent in (folder, *folder.parents)
                if parent.name == "practices" and (parent.parent / "vocabularies").is_dir()
            ),
            folder,
        )
        return cls(root, folder)

    def locate(self, name: str) -> tuple[Path, str]:
        """The file, after following every symbolic link, if it stays inside ``root``."""
        root = self.root.resolve()
        resolved = (self.folder / name).resolve()
        if Path(name).is_absolute() or not resolved.is_relative_to(root):
            raise FieldError(
                N_(
                    "'%(file)s' leads outside data/practices/; "
                    "keep the file in the practices folder"
                ),
                file=name,
            )
        if not resolved.is_file():
            raise FieldError(
                N_(
                    "'%(file)s' does not exist; put it beside the practice file or correct the path"
                ),
                file=name,
            )
        return resolved, resolved.relative_to(root).as_posix()


@dataclass(frozen=True)
class UploadedFiles:
    """Files sent with a contribution, by the name they were sent under; an edit may also
    name the files its practice has (``existing``)."""

    files: Mapping[str, Path]
    existing: MediaFiles | None = None

    def locate(self, name: str) -> tuple[Path, str]:
        """The uploaded file named ``name``, else the practice's own file of that path."""
        if name in self.files:
            return self.files[name], ""
        if self.existing is not None:
            return self.existing.locate(name)
        raise FieldError(
            N_("no file named '%(file)s' was sent; send it with the practice or correct the name"),
            file=name,
        )


class EntryError(FieldError):
    """A problem of one entry of a media list: its English message says which entry,
    ``entry`` and ``key`` (in ``params``) say where it is."""

    def __init__(self, field: str, entry: int, key: str, inner: FieldError) -> None:
        super().__init__(inner.template, **{**inner.params, "entry": entry, "key": key})
        self.args = (f"{field} {entry}: {inner}",)


#: Known SPDX ids of licences that pictures and documents are published under.
LICENCES = (
    "CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0",
    "CC-BY-ND-4.0", "CC-BY-NC-ND-4.0", "CC-BY-3.0", "CC-BY-SA-3.0", "CC-BY-NC-3.0",
    "CC-BY-NC-SA-3.0", "CC-BY-ND-3.0", "CC-BY-NC-ND-3.0", "CC-BY-2.0", "CC-BY-SA-2.0",
    "CC-PDDC", "PDDL-1.0", "ODbL-1.0", "ODC-By-1.0", "OGL-UK-3.0", "etalab-2.0",
    "EUPL-1.2", "GFDL-1.3-or-later", "FAL-1.3",
)  # fmt: skip


def licence(name: str, value: Any, context: Context) -> str:
    """An SPDX licence id such as CC-BY-4.0 (or LicenseRef-… for another licence)."""
    raw: str = text(1, 100)(name, value, context)
    if raw in LICENCES or (raw.startswith("LicenseRef-") and " " not in raw):
        return raw
    by_case = {known.casefold(): known for known in LICENCES}
    near = by_case.get(raw.casefold().replace(" ", "-"))
    raise FieldError(
        N_("licence '%(value)s' is not an SPDX id such as CC-BY-4.0%(hint)s"),
        value=raw,
        hint=f" (did you mean '{near}'?)" if near else did_you_mean(raw, LICENCES),
    )


def _file_name(name: str, value: Any, context: Context) -> str:
    result: str = text(1, 300)(name, value, context)
    return result


Rule = Callable[[str, Any, Context], Any]

#: The keys of each kind's entries: rule and whether it is required, as in fields.py.
ENTRY_KEYS: dict[str, dict[str, tuple[Rule, bool]]] = {
    "images": {
        "file": (_file_name, True),
        "alt": (text(1, 300), True),
        "credit": (text(1, 300), False),
        "licence": (licence, False),
    },
    "materials": {"file": (_file_name, True), "title": (text(1, 200), True)},
}
_EXAMPLES = {
    "images": "{file: club/tea-table.jpg, alt: Six women talk around a table.}",
    "materials": "{file: club/first-meeting.pdf, title: Plan of a first meeting}",
}


def check_media(kind_name: str, name: str, value: Any, context: Context) -> tuple[Any, ...]:
    """Every entry of ``images`` or ``materials``, checked and probed; all problems are
    raised together (FieldErrors), each at its entry."""
    kind = KINDS[kind_name]
    if not isinstance(value, list):
        raise FieldError(
            N_("%(field)s must be a list of entries such as %(example)s"),
            field=name,
            example=_EXAMPLES[kind_name],
        )
    errors: list[FieldError] = []
    if len(value) > kind.max_count:
        errors.append(
            FieldError(
                N_("%(field)s has %(count)d entries; at most %(limit)d are allowed"),
                field=name,
                count=len(value),
                limit=kind.max_count,
            )
        )
    entries = []
    for number, entry in enumerate(value, start=1):
        checked = _entry(kind, name, number, entry, context, errors)
        if checked is not None:
            entries.append(checked)
    if errors:
        raise FieldErrors(errors)
    return tuple(entries)


def _entry(
    kind: Kind, name: str, number: int, entry: Any, context: Context, errors: list[FieldError]
) -> PracticeImage | Material | None:
    if not isinstance(entry, dict):
        inner = FieldError(
            N_("each entry must be a mapping such as %(example)s"), example=_EXAMPLES[kind.field]
        )
        errors.append(EntryError(name, number, "", inner))
        return None
    keys = ENTRY_KEYS[kind.field]
    values: dict[str, Any] = {}
    found = len(errors)
    for key, raw in entry.items():
        if key not in keys:
            inner = FieldError(
                N_("unknown key '%(name)s'%(hint)s; an entry has %(keys)s"),
                name=key,
                hint=did_you_mean(str(key), keys),
                keys=", ".join(keys),
            )
            errors.append(EntryError(name, number, str(key), inner))
            continue
        try:
            values[key] = keys[key][0](key, raw, context)
        except FieldError as error:
            errors.append(EntryError(name, number, key, error))
    for key, (_rule, required) in keys.items():
        if required and key not in entry:
            inner = FieldError(_MISSING.get(key, N_("%(name)s is missing")), name=key)
            errors.append(EntryError(name, number, key, inner))
    if "file" in values and context.files is not None:
        try:
            values["path"], probed = _probe(kind, values["file"], context.files)
        except FieldError as error:
            errors.append(EntryError(name, number, "file", error))
        else:
            values |= _facts(probed, with_size=kind.field == "images")
    if len(errors) > found:
        return None
    if kind.field == "images":
        return PracticeImage(**values)
    return Material(**values)


_MISSING = {
    "file": N_("%(name)s is missing: name the file, relative to the practice file's folder"),
    "alt": N_(
        "%(name)s is missing: describe the image in a sentence for readers who cannot see it"
    ),
    "title": N_("%(name)s is missing: give the material a title readers will recognise"),
}


def _probe(kind: Kind, name: str, files: MediaFiles) -> tuple[str, Probed]:
    local, published = files.locate(name)
    try:
        return published, probe(local, kind, name)
    except OSError as error:
        raise FieldError(
            N_("'%(file)s' cannot be read: %(reason)s"), file=name, reason=error.strerror
        ) from None


def _facts(probed: Probed, *, with_size: bool) -> dict[str, Any]:
    facts: dict[str, Any] = {"digest": probed.digest, "type": probed.type, "size": probed.size}
    if with_size:
        facts |= {"width": probed.width, "height": probed.height}
    return facts


def check_images(name: str, value: Any, context: Context) -> tuple[Any, ...]:
    """The ``images`` field."""
    return check_media("images", name, value, context)


def check_materials(name: str, value: Any, context: Context) -> tuple[Any, ...]:
    """The ``materials`` field."""
    return check_media("materials", name, value, context)


def check_image_alts(name: str, value: Any, context: Context) -> tuple[str, ...]:
    """A translation's alt texts, one per image of the original, in order (not merged
    when two are alike: their places matter)."""
    if not isinstance(value, list):
        raise FieldError(N_("%(field)s must be a list of texts, one per image"), field=name)
    errors: list[FieldError] = []
    texts = []
    for number, raw in enumerate(value, start=1):
        try:
            texts.append(text(1, 300)("alt", raw, context))
        except FieldError as error:
            errors.append(EntryError(name, number, "", error))
    if errors:
        raise FieldErrors(errors)
    return tuple(texts)


def entry_lines(text_of_file: str) -> dict[tuple[str, int, str], int]:
    """(field, entry number, key) -> line, for the media fields of a practice file; the
    entry's own line under key ''. Only read when a media problem is to be placed."""
    try:
        front, first_line, _body, _line = frontmatter.split(text_of_file)
        node = yaml.compose(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (frontmatter.FrontMatterError, yaml.YAMLError):
        return {}
    lines: dict[tuple[str, int, str], int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key_node, value_node in node.value:
        if key_node.value not in MEDIA_FIELDS or not isinstance(value_node, yaml.SequenceNode):
            continue
        for number, item in enumerate(value_node.value, start=1):
            lines[(key_node.value, number, "")] = first_line + item.start_mark.line
            if isinstance(item, yaml.MappingNode):
                for sub_key, _sub_value in item.value:
                    line = first_line + sub_key.start_mark.line
                    lines[(key_node.value, number, str(sub_key.value))] = line
    return lines


def problem_line(
    lines: Mapping[tuple[str, int, str], int], field: str, params: Mapping[str, Any]
) -> int | None:
    """The line of a media problem: its key's, else its entry's ``file`` key's, else the
    entry's; None when the problem is not about one entry."""
    entry = params.get("entry")
    if not isinstance(entry, int):
        return None
    for key in (str(params.get("key", "")), "file", ""):
        if (field, entry, key) in lines:
            return lines[(field, entry, key)]
    return None
