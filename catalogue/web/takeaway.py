"""What a librarian takes away: her shortlist (a signed cookie, no account), shared as an
address, and printed as a dossier in her language."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.datastructures import MultiDict

from catalogue import shortlist
from catalogue.dossier import DossierCache, qr_svg, render_pdf
from catalogue.index.schema import load_blob
from catalogue.media.images import widths_for
from catalogue.media.materials import download_name
from catalogue.media.store import MediaStore
from catalogue.searching import SearchRequest, parse_search_request, search, shown_version
from catalogue.settings import ROOT, Settings
from catalogue.web.address import absolute, safe_next
from catalogue.web.errors import error_response
from catalogue.web.resources import hidden, snapshot, visible_docnum

bp = Blueprint("takeaway", __name__)
#: How long the shortlist cookie lasts (a year, like the locale's).
COOKIE_SECONDS = 365 * 24 * 3600


def init_app(app: Flask) -> None:
    """Every page knows the reader's shortlist; dossiers are kept under instance/."""
    app.extensions["catalogue.dossiers"] = DossierCache(
        app.config.get("CATALOGUE_DOSSIER_FOLDER") or (ROOT / "instance" / "dossiers")
    )

    @app.context_processor
    def shortlist_context() -> dict[str, Any]:
        return {"shortlisted": reader_list(), "qr_svg": qr_svg}


def reader_list() -> list[str]:
    """The slugs on this reader's shortlist (read once per request)."""
    if "shortlist" not in g:
        cookie = request.cookies.get(shortlist.COOKIE)
        g.shortlist = shortlist.read_list(cookie, current_app.config["SECRET_KEY"])
    return list(g.shortlist)


@bp.post("/<locale>/shortlist")
def change_shortlist() -> Any:
    """Add a practice to the shortlist, or remove it; back to the page it was done on
    (a form that works without JavaScript), or JSON for the script that enhances it."""
    slug = request.form.get("slug", "")
    wanted = request.form.get("action") != "remove"
    if wanted and visible_docnum(slug) is None:
        return error_response(404, f"there is no practice '{slug[:80]}'", code="not_found")
    before = reader_list()
    slugs = shortlist.toggled(before, slug, wanted)
    full = wanted and slug not in slugs
    response: Any
    if request.accept_mimetypes.best == "application/json":
        response = jsonify({"count": len(slugs), "listed": slug in slugs, "full": full})
    else:
        response = redirect(safe_next(request.form.get("next", ""), url_for(".show_shortlist")))
    response.set_cookie(
        shortlist.COOKIE,
        shortlist.write_list(slugs, current_app.config["SECRET_KEY"]),
        max_age=COOKIE_SECONDS,
        samesite="Lax",
        httponly=True,
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return response


def _named(slugs: list[str]) -> list[int]:
    return [d for d in (visible_docnum(slug) for slug in slugs) if d is not None]


@bp.get("/<locale>/shortlist")
def show_shortlist() -> Any:
    """The reader's shortlist, or a shared one (``?slug=a&slug=b``), with its exports."""
    shared = request.args.getlist("slug")
    slugs = shortlist.clean(shared) if shared else reader_list()
    current = snapshot()
    cards = [current.card(docnum) for docnum in _named(slugs)]
    return render_template(
        "pages/shortlist.html", cards=cards, shared=bool(shared), slugs=[c["slug"] for c in cards]
    )


@bp.get("/<locale>/dossier.pdf")
def dossier() -> Any:
    """The named practices (at most 50) as a PDF in the locale's translations."""
    slugs = request.args.getlist("slug")
    if not slugs:
        return error_response(
            400, "name the practices: slug=…", code="bad_parameter", parameter="slug"
        )
    if len(slugs) > shortlist.MAX_PRACTICES:
        return error_response(
            400,
            f"a dossier holds at most {shortlist.MAX_PRACTICES} practices, not {len(slugs)}",
            code="bad_parameter",
            parameter="slug",
        )
    current = snapshot()
    unknown = [slug for slug in slugs if current.docnum(slug) is None]
    if unknown:
        return error_response(
            400, f"no practice '{unknown[0][:80]}'", code="bad_parameter", parameter="slug"
        )
    slugs = [slug for slug in dict.fromkeys(slugs) if slug not in hidden()]
    cache: DossierCache = current_app.extensions["catalogue.dossiers"]
    key = cache.key(slugs, str(g.locale), current.generation, _site_version())
    pdf = cache.get(key)
    if pdf is None:
        settings: Settings = current_app.config["CATALOGUE_SETTINGS"]
        pdf = render_pdf(_dossier_html(slugs), ROOT / "static", settings.media)
        cache.put(key, pdf)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": 'attachment; filename="practices.pdf"',
            "Cache-Control": "no-cache",
        },
    )


def _site_version() -> str:
    return str(current_app.extensions.get("catalogue.site_version", ""))


#: The width of the picture a dossier prints (about 13 cm at 200 dpi).
PRINTED_WIDTH = 1200


def _printable(practice: dict[str, Any]) -> dict[str, Any]:
    """The practice with what paper needs: its first picture as a file of the media store
    (re-encoded, never the file as it came), its materials' addresses in full."""
    settings: Settings = current_app.config["CATALOGUE_SETTINGS"]
    images = practice.get("images") or []
    if images:
        first = images[0]
        width = min(widths_for(int(first["width"])), key=lambda w: abs(w - PRINTED_WIDTH))
        path = MediaStore(settings.media).served(first["digest"], f"{width}.jpg")
        first["dossier_src"] = path.as_uri() if path is not None else None
    for material in practice.get("materials") or []:
        name = download_name(material["title"], material["type"])
        address = url_for("media.media_file", digest=material["digest"], name=name)
        material["url"] = absolute(address)
    return practice


def _dossier_html(slugs: list[str]) -> str:
    locale = str(g.locale)
    current = snapshot()
    items = []
    for slug in slugs:
        docnum = current.docnum(slug)
        if docnum is None:
            continue
        practice = _printable(load_blob(current.blob(docnum)))
        link = absolute(url_for("pages.show_practice", slug=slug))
        items.append(
            {
                "practice": practice,
                "shown": shown_version(practice, locale),
                "added": date.fromisoformat(practice["added"]),
                "link": link,
                "qr": qr_svg(link),
            }
        )
    css = (ROOT / "static" / "dossier.css").read_text(encoding="utf-8")
    return render_template("dossier/dossier.html", items=items, css=css, today=date.today())


def dossier_link(slugs: list[str]) -> str:
    """The address of the dossier of ``slugs``."""
    return url_for("takeaway.dossier", slug=slugs[: shortlist.MAX_PRACTICES])


def search_slugs(args: MultiDict[str, str]) -> list[str]:
    """The first 50 practices of a search, in its order (for its "download as dossier")."""
    vocabularies = current_app.extensions["catalogue.vocabularies"]
    asked = parse_search_request(args, vocabularies, locale=str(g.locale))
    first = SearchRequest(
        asked.query, asked.filters, asked.lang, asked.sort, 1, shortlist.MAX_PRACTICES,
        asked.locale, asked.slugs,
    )  # fmt: skip
    return [result["slug"] for result in search(snapshot(), first, vocabularies, hidden()).results]
