"""What a media file is, read from its content (never from its name): type, size,
pixels and fingerprint, against the limits of the contract (section 8)."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ElementTree
import zipfile
from dataclasses import dataclass
from pathlib import Path

import puremagic

from catalogue.content.checks import N_, FieldError

MB = 1_000_000


@dataclass(frozen=True)
class FileType:
    """A type a media file may have: the name readers see, its MIME type, its extension."""

    name: str
    mime: str
    extension: str


TYPES: dict[str, FileType] = {
    "jpeg": FileType("JPEG", "image/jpeg", ".jpg"),
    "png": FileType("PNG", "image/png", ".png"),
    "webp": FileType("WebP", "image/webp", ".webp"),
    "pdf": FileType("PDF", "application/pdf", ".pdf"),
    "odt": FileType("ODT", "application/vnd.oasis.opendocument.text", ".odt"),
    "ods": FileType("ODS", "application/vnd.oasis.opendocument.spreadsheet", ".ods"),
    "odp": FileType("ODP", "application/vnd.oasis.opendocument.presentation", ".odp"),
    "docx": FileType(
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "xlsx": FileType(
        "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"
    ),
    "pptx": FileType(
        "PPTX",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pptx",
    ),
}
IMAGE_TYPES = frozenset({"jpeg", "png", "webp"})


@dataclass(frozen=True)
class Kind:
    """The rules of one media field: which types, how large, how many."""

    field: str
    types: tuple[str, ...]
    max_bytes: int
    max_count: int
    max_pixels: int = 40_000_000

    def type_names(self) -> str:
        """The allowed types, as a reader reads them: 'JPEG, PNG, WebP'."""
        return ", ".join(TYPES[code].name for code in self.types)


KINDS: dict[str, Kind] = {
    "images": Kind("images", ("jpeg", "png", "webp"), 10 * MB, 10),
    "materials": Kind(
        "materials",
        ("pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "png", "jpeg"),
        20 * MB,
        20,
    ),
}


@dataclass(frozen=True)
class Probed:
    """What a file turned out to be. ``width`` and ``height`` are an image's, upright."""

    type: str
    size: int
    digest: str
    width: int = 0
    height: int = 0


#: MIME types puremagic reports -> our type; a ZIP is opened to see which office file.
_MAGIC_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpeg",
    "image/webp": "webp",
}
_ZIP_MAGIC = ("application/zip", "application/vnd.openxmlformats", "application/vnd.oasis")
#: The ``mimetype`` entry of an OpenDocument file -> our type.
_ODF_TYPES = {TYPES[code].mime: code for code in ("odt", "ods", "odp")}
#: The content type of an Office Open XML file's main part -> our type.
_OOXML_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
#: How much of a file's beginning its type is read from.
_HEAD_BYTES = 64 * 1024
#: What a file whose content no known type matches is said to be.
UNKNOWN = "unknown"
#: Largest ``[Content_Types].xml`` read (a real one is a few KB).
_CONTENT_TYPES_LIMIT = 256 * 1024


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's content, read in blocks (memory stays flat)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def probe(path: Path, kind: Kind, name: str) -> Probed:
    """Read ``path``'s type from its content and check it against ``kind``'s limits;
    FieldError says what is wrong (``name`` is the file as the contributor wrote it)."""
    size = path.stat().st_size
    if size == 0:
        raise FieldError(N_("'%(file)s' is empty"), file=name)
    if size > kind.max_bytes:
        raise FieldError(
            N_("'%(file)s' is %(size)s MB; a file here may be at most %(limit)d MB"),
            file=name,
            size=f"{size / MB:.1f}",
            limit=kind.max_bytes // MB,
        )
    found = content_type(path)
    if found not in kind.types:
        raise FieldError(
            N_(
                "'%(file)s' is not one of the types allowed here (%(types)s): "
                "its content is %(found)s"
            ),
            file=name,
            types=kind.type_names(),
            found=TYPES[found].name if found in TYPES else found,
        )
    width = height = 0
    if found in IMAGE_TYPES:
        from catalogue.media.images import check_image

        width, height = check_image(path, found, kind.max_pixels, name)
    return Probed(found, size, file_digest(path), width, height)


def content_type(path: Path) -> str:
    """Our type code for the file's content, or a description of what it is instead."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    try:
        # The content only: given a file name, puremagic would guess from its extension.
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return UNKNOWN
    mimes = [match.mime_type for match in matches if match.mime_type and match.confidence >= 0.2]
    for mime in mimes:
        if mime in _MAGIC_TYPES:
            return _MAGIC_TYPES[mime]
    if any(mime.startswith(_ZIP_MAGIC) for mime in mimes):
        return office_type(path) or "application/zip"
    return mimes[0] if mimes else UNKNOWN


def office_type(path: Path) -> str | None:
    """The office type of a ZIP file, read from the container as its format defines it:
    the ``mimetype`` entry of OpenDocument, ``[Content_Types].xml`` and the main part it
    names for Office Open XML. Nothing is extracted beyond those small entries."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return _ODF_TYPES.get(_small_entry(archive, "mimetype", 200).decode().strip())
            if "[Content_Types].xml" in names:
                return _ooxml_type(archive, names)
    except (zipfile.BadZipFile, OSError, ValueError, UnicodeDecodeError):
        return None
    return None


def _small_entry(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    if archive.getinfo(name).file_size > limit:
        raise ValueError(f"{name} is larger than a real one")
    return archive.read(name)


def _ooxml_type(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    raw = _small_entry(archive, "[Content_Types].xml", _CONTENT_TYPES_LIMIT)
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        return None  # entities have no business here, and could expand without end
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError:
        return None
    for element in root:
        if not element.tag.endswith("Override"):
            continue
        found = _OOXML_TYPES.get(element.get("ContentType", ""))
        if found and element.get("PartName", "").lstrip("/") in names:
            return found
    return None
