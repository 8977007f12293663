"""Files with contributions over HTTP: the upload routes' own size limit, the
``multipart/form-data`` API (a ``practice`` part and ``files`` parts), and the form's
image and material slots (files kept across a form sent back for corrections).

Uploads stream to disk: Werkzeug spools each file part to a temporary file past 500 KB,
and ``UploadStore.keep`` copies it block by block; memory stays flat whatever the size.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app, request
from flask_babel import lazy_gettext
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge

from catalogue.content.tree import find_practice_files, group_by_slug
from catalogue.media.probe import KINDS
from catalogue.media.rules import LICENCES, FolderFiles, MediaFiles, UploadedFiles
from catalogue.media.uploads import (
    MAX_FILES,
    MAX_REQUEST_BYTES,
    Upload,
    UploadStore,
    UploadTooLarge,
    safe_name,
)
from catalogue.settings import Settings
from catalogue.submissions import SubmissionRefused
from catalogue.web.request_bodies import json_too_deep

#: The routes that take files; every other keeps the app's MAX_CONTENT_LENGTH (1 MiB).
UPLOAD_ENDPOINTS = frozenset({"contributions.submit_practice", "contributions.contribute"})
#: The largest ``practice`` part of the API.
MAX_PRACTICE_PART = 1024 * 1024
#: The form's prefixes of each field's slots, and the keys of an entry.
SLOTS = {"images": ("image", ("alt", "credit", "licence")), "materials": ("material", ("title",))}
#: Slots the form shows beyond those in use (a preview adds more, without JavaScript).
SPARE_SLOTS = {"images": 2, "materials": 2}


def init_app(app: Flask) -> None:
    """Raise the size limit for the upload routes only; call before CSRF's check, which
    reads the form (and would refuse it at 1 MiB)."""

    @app.before_request
    def allow_uploads() -> None:
        if request.endpoint not in UPLOAD_ENDPOINTS or request.method != "POST":
            return
        if request.mimetype != "multipart/form-data":
            return
        if (request.content_length or 0) > MAX_REQUEST_BYTES:
            raise RequestEntityTooLarge(_too_large())
        request.max_content_length = MAX_REQUEST_BYTES


def _too_large() -> str:
    return (
        f"the request is over {MAX_REQUEST_BYTES // 1_000_000} MB; send fewer or smaller "
        "files, and the others with a change to the practice once it is published"
    )


def store() -> UploadStore:
    """The uploads folder of the configured settings."""
    settings: Settings = current_app.config["CATALOGUE_SETTINGS"]
    return UploadStore(settings.uploads)


def keep(storage: FileStorage, name: str) -> Upload:
    """One uploaded part, kept in the store; SubmissionRefused when it is too large."""
    try:
        return store().keep(storage.stream, name)
    except UploadTooLarge:
        raise SubmissionRefused(
            "too_large", f"'{name}' is over {max(k.max_bytes for k in KINDS.values()) // 10**6} MB"
        ) from None


# --- The API -------------------------------------------------------------------------


def api_request() -> tuple[dict[str, Any], tuple[Upload, ...]]:
    """The ``practice`` JSON and the ``files`` of a multipart API request."""

    raw = _practice_part()
    if json_too_deep(raw):
        raise SubmissionRefused("malformed_json", "the practice part nests too deep")
    try:
        payload = json.loads(raw)
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        raise SubmissionRefused(
            "malformed_json", "the part 'practice' must be a JSON object of practice fields"
        )
    parts = request.files.getlist("files")
    if len(parts) > MAX_FILES:
        raise SubmissionRefused("too_large", f"at most {MAX_FILES} files may be sent at once")
    names = [part.filename or "" for part in parts]
    if "" in names or len(set(names)) != len(names):
        raise SubmissionRefused(
            "bad_parameter", "every part 'files' needs a file name of its own, as 'file' names it"
        )
    return payload, tuple(keep(part, name) for part, name in zip(parts, names, strict=True))


def _practice_part() -> bytes:
    if "practice" in request.files:
        return request.files["practice"].stream.read(MAX_PRACTICE_PART + 1)[:MAX_PRACTICE_PART]
    text = request.form.get("practice")
    if text is None:
        raise SubmissionRefused(
            "malformed_json", "a multipart request needs a part 'practice' holding the JSON"
        )
    return text.encode()


def existing_files(slug: str | None) -> MediaFiles | None:
    """The files beside a practice, which an edit may name as they are."""
    if slug is None:
        return None
    settings: Settings = current_app.config["CATALOGUE_SETTINGS"]
    groups, _ = group_by_slug(find_practice_files(settings.practices))
    group = groups.get(slug)
    return FolderFiles.beside(group.originals[0]) if group and group.originals else None


def files_of(uploads: tuple[Upload, ...], target: str | None) -> UploadedFiles:
    """What the validator reads ``file`` keys from: the files sent, then the practice's."""
    return UploadedFiles({upload.name: upload.path for upload in uploads}, existing_files(target))


# --- The form ------------------------------------------------------------------------


def media_from_form(form: Any, files: Any) -> tuple[dict[str, Any], tuple[Upload, ...]]:
    """The ``images`` and ``materials`` entries of the form, and the files they name:
    sent now, kept from an earlier try (``…-kept``: digest and name), or already the
    practice's (``…-existing``, for a change)."""
    fields: dict[str, Any] = {}
    uploads: dict[str, Upload] = {}
    for field, (prefix, keys) in SLOTS.items():
        entries = []
        for number in range(1, KINDS[field].max_count + 1):
            slot = f"{prefix}-{number}"
            name = _slot_file(form, files, slot, uploads)
            entry = {key: form.get(f"{slot}-{key}", "").strip() for key in keys}
            entry = {key: value for key, value in entry.items() if value}
            if name is None and not entry:
                continue
            entries.append({"file": name or "", **entry} if name else entry)
        if entries:
            fields[field] = entries
    return fields, tuple(uploads.values())


def _slot_file(form: Any, files: Any, slot: str, uploads: dict[str, Upload]) -> str | None:
    sent = files.get(f"{slot}-file")
    if sent is not None and sent.filename:
        return _unique(keep(sent, safe_name(sent.filename)), uploads)
    digest, _, kept_name = form.get(f"{slot}-kept", "").partition("/")
    kept = store().find(digest, safe_name(kept_name)) if kept_name else None
    if kept is not None:
        return _unique(kept, uploads)
    existing = form.get(f"{slot}-existing", "").strip()
    return existing or None


def _unique(upload: Upload, uploads: dict[str, Upload]) -> str:
    """The name a file is known by in this contribution: two photos both called
    ``image.jpg`` (as phones name them) become ``image.jpg`` and ``image-2.jpg``."""
    stem, dot, extension = upload.name.rpartition(".")
    name, number = upload.name, 2
    while name in uploads and uploads[name].digest != upload.digest:
        name = f"{stem}-{number}.{extension}" if dot else f"{upload.name}-{number}"
        number += 1
    uploads[name] = Upload(name, upload.digest, upload.path, upload.size)
    return name


def slots(values: Mapping[str, Any], uploads: tuple[Upload, ...]) -> dict[str, list[Any]]:
    """The form's image and material slots: those in use, then a few empty ones."""
    by_name = {upload.name: upload for upload in uploads}
    shown: dict[str, list[Any]] = {}
    for field, (prefix, _keys) in SLOTS.items():
        entries = [entry for entry in values.get(field) or [] if isinstance(entry, dict)]
        count = min(len(entries) + SPARE_SLOTS[field], KINDS[field].max_count)
        shown[field] = []
        for number in range(1, count + 1):
            entry = entries[number - 1] if number <= len(entries) else {}
            upload = by_name.get(str(entry.get("file", "")))
            shown[field].append(
                {
                    "id": f"{prefix}-{number}",
                    "number": number,
                    "entry": entry,
                    "kept": f"{upload.digest}/{upload.name}" if upload else "",
                    "existing": "" if upload else str(entry.get("file", "")),
                    "size": upload.size if upload else 0,
                }
            )
    return shown


def slot_field(problem: Any) -> str | None:
    """The form field a media problem belongs next to (``image-2-alt``), if any."""
    entry = problem.params.get("entry") if problem.params else None
    if problem.field not in SLOTS or not isinstance(entry, int):
        return None
    prefix, keys = SLOTS[problem.field]
    key = problem.params.get("key") or "file"
    return f"{prefix}-{entry}-{key if key in keys else 'file'}"


def slot_labels() -> dict[str, Any]:
    """Labels of the slots' fields, for the list of problems at the top of the form."""
    labels: dict[str, Any] = {}
    for field, (prefix, keys) in SLOTS.items():
        for number in range(1, KINDS[field].max_count + 1):
            noun = _PHOTO if field == "images" else _MATERIAL
            for key in ("file", *keys):
                labels[f"{prefix}-{number}-{key}"] = _SlotLabel(noun, number)
    labels["photo_consent"] = lazy_gettext("Consent of the people shown")
    labels["files"] = lazy_gettext("Files")
    return labels


_PHOTO = lazy_gettext("Photo %(number)d")
_MATERIAL = lazy_gettext("Material %(number)d")


class _SlotLabel:
    """``Photo 2``, translated when shown."""

    def __init__(self, template: Any, number: int) -> None:
        self.template, self.number = template, number

    def __str__(self) -> str:
        return str(self.template) % {"number": self.number}

    def __html__(self) -> str:
        from markupsafe import escape

        return str(escape(str(self)))


#: The licences the form offers (any SPDX id is accepted through the API and files).
FORM_LICENCES = ("CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0")
assert set(FORM_LICENCES) <= set(LICENCES)
