"""Materials as readers see them: a download name made from the title, and the type and
size in the reader's language ("PDF, 1.2 MB", "PDF, 1,2 Mo")."""

from __future__ import annotations

import re

from babel.units import format_unit

from catalogue.index.analysis import fold
from catalogue.media.probe import TYPES

#: A material's address ends in its download name: words of its title and its extension.
DOWNLOAD_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.(?P<extension>[a-z]+)$")
_EXTENSIONS = {file_type.extension.lstrip("."): code for code, file_type in TYPES.items()}


def download_name(title: str, type_code: str) -> str:
    """``Plan of a first meeting`` as a PDF -> ``plan-of-a-first-meeting.pdf``."""
    words = re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")[:60].strip("-") or "material"
    return f"{words}{TYPES[type_code].extension}"


def type_of_download(name: str) -> str | None:
    """The type code a download name's extension stands for, or None."""
    match = DOWNLOAD_NAME.match(name)
    return _EXTENSIONS.get(match.group("extension")) if match else None


def size_text(size: int, locale: str) -> str:
    """A file size in the reader's language, in kB below a megabyte, else in MB."""
    if size < 1_000_000:
        kilobytes = max(round(size / 1000), 1)
        return str(format_unit(kilobytes, "digital-kilobyte", length="short", locale=locale))
    return str(
        format_unit(
            round(size / 1_000_000, 1),
            "digital-megabyte",
            length="short",
            format="#,##0.#",
            locale=locale,
        )
    )


def describe(type_code: str, size: int, locale: str) -> str:
    """``PDF, 1.2 MB``: the type and size a reader sees before downloading."""
    return f"{TYPES[type_code].name}, {size_text(size, locale)}"
