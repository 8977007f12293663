"""Serving media: the re-encoded images and the copies of materials from the media store
(read-only, cached for ever: a new content has a new address), and what templates need
to show them (``<picture>`` sources, material labels, result thumbnails, the map)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, g, send_file, url_for

from catalogue import i18n
from catalogue.media.europe import EuropeMap, europe_map
from catalogue.media.images import FORMATS, widths_for
from catalogue.media.materials import describe, download_name, size_text, type_of_download
from catalogue.media.probe import IMAGE_TYPES, TYPES
from catalogue.media.store import MediaStore
from catalogue.media.uploads import UploadStore, submission_files
from catalogue.settings import Settings
from catalogue.web.admin import signed_in
from catalogue.web.pages import search_params
from catalogue.web.resources import session, snapshot, visible_docnum

bp = Blueprint("media", __name__)

#: A year: every address names its content, so what it serves never changes.
FOREVER = 365 * 24 * 3600
#: The width a browser without srcset gets, and the default of a practice page's photo.
DEFAULT_WIDTH = 720


def store() -> MediaStore:
    """The media store of the configured settings."""
    settings: Settings = current_app.config["CATALOGUE_SETTINGS"]
    return MediaStore(settings.media)


@bp.get("/media/<digest>/<name>")
def media_file(digest: str, name: str) -> Any:
    """One width of an image (``720.webp``), or a material as a download
    (``plan-of-a-first-meeting.pdf``)."""
    stem, _, extension = name.partition(".")
    if stem.isdigit() and extension in FORMATS:
        path = store().served(digest, name)
        if path is None:
            abort(404)
        response = send_file(path, mimetype=FORMATS[extension][1], max_age=FOREVER)
    else:
        type_code = type_of_download(name)
        if type_code is None:
            abort(404)
        path = store().served(digest, f"material{TYPES[type_code].extension}")
        if path is None:
            abort(404)
        response = send_file(
            path,
            mimetype=TYPES[type_code].mime,
            as_attachment=True,
            download_name=name,
            max_age=FOREVER,
        )
        # Opened in a tab all the same, a document may run nothing of ours.
        response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return _forever(response)


def _forever(response: Response) -> Response:
    response.headers["Cache-Control"] = f"public, max-age={FOREVER}, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def picture(image: dict[str, Any]) -> dict[str, Any]:
    """What a ``<picture>`` of an image needs: a srcset per format, a fallback source,
    and the upright size (so the page does not jump while it loads)."""
    widths = widths_for(int(image["width"]))
    base = url_for("media.media_file", digest=image["digest"], name="0.jpg")[: -len("0.jpg")]
    fallback = min(widths, key=lambda width: abs(width - DEFAULT_WIDTH))
    return {
        "webp": ", ".join(f"{base}{width}.webp {width}w" for width in widths),
        "jpg": ", ".join(f"{base}{width}.jpg {width}w" for width in widths),
        "src": f"{base}{fallback}.jpg",
        "width": image["width"],
        "height": image["height"],
    }


def image_alt(practice: dict[str, Any], shown: dict[str, Any], number: int) -> tuple[str, str]:
    """(alt text, its language) of image ``number`` (from 0) in the version shown: the
    translation's own when it gives one for each image, else the original's."""
    alts = shown.get("image_alts") or []
    if len(alts) == len(practice.get("images", [])) and shown is not practice["original"]:
        return alts[number], shown["lang"]
    return practice["images"][number]["alt"], practice["original"]["lang"]


def material_link(material: dict[str, Any]) -> dict[str, str]:
    """A material's download address and its type and size in the reader's language."""
    name = download_name(material["title"], material["type"])
    return {
        "url": url_for("media.media_file", digest=material["digest"], name=name),
        "label": describe(material["type"], int(material["size"]), str(g.get("locale", "en"))),
    }


def thumbnail(slug: str) -> dict[str, Any] | None:
    """The first image of a practice (digest and size) for its result card, or None."""
    docnum = visible_docnum(slug)
    card = snapshot().card(docnum) if docnum is not None else {}
    image: dict[str, Any] | None = card.get("thumbnail")
    return image


@bp.get("/<locale>/admin/submissions/<submission_id>/files/<digest>.webp")
@signed_in()
def submission_preview(submission_id: str, digest: str) -> Any:
    """The re-encoded thumbnail of an image sent with a submission, for coordinators."""
    with session() as db:
        digests = {row.digest for row in submission_files(db, submission_id)}
    if digest not in digests:
        abort(404)
    settings: Settings = current_app.config["CATALOGUE_SETTINGS"]
    path = UploadStore(settings.uploads).preview(digest)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype="image/webp", max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


def files_for_review(submission_id: str) -> list[dict[str, Any]]:
    """The files of a submission as the review page lists them."""
    with session() as db:
        rows = submission_files(db, submission_id)
    locale = str(g.get("locale", "en"))
    return [
        {
            "field": row.field,
            "name": row.name,
            "label": describe(row.type, row.size, locale) if row.type in TYPES else row.type,
            "purged": row.purged_at is not None,
            "consent": row.consent,
            "preview": url_for(
                "media.submission_preview", submission_id=submission_id, digest=row.digest
            )
            if row.type in IMAGE_TYPES and row.purged_at is None
            else None,
        }
        for row in rows
    ]


def map_of(values: list[Any], *, on_search: bool = False) -> EuropeMap:
    """The map of Europe for a page's country facet values. From the home page a country
    leads to its search; on the search page it is added to (or, chosen, removed from) the
    current search, as the facet's boxes do."""
    locale = str(g.get("locale", "en"))

    def href(code: str, selected: bool) -> str:
        if not on_search:
            return url_for("pages.search_page", country=code)
        params: dict[str, Any] = search_params(page=None)
        chosen = [value for value in params.get("country", []) if value != code]
        params["country"] = chosen if selected else [*chosen, code]
        if not params["country"]:
            del params["country"]
        return url_for("pages.search_page", **params)

    triples = ((value.value, value.count, value.selected) for value in values)
    return europe_map(triples, lambda code: i18n.country_name(code, locale), href)


@bp.app_context_processor
def media_helpers() -> dict[str, Any]:
    """The helpers above, for every template."""
    return {
        "picture": picture,
        "image_alt": image_alt,
        "material_link": material_link,
        "thumbnail": thumbnail,
        "files_for_review": files_for_review,
        "map_of": map_of,
        "file_size": lambda size: size_text(int(size), str(g.get("locale", "en"))),
    }
