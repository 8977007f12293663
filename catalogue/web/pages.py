"""The reader's pages: home, search and practice, in the locale of the URL."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Flask,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import Babel, format_date, format_number
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from catalogue import i18n
from catalogue.content.model import SLUG_PATTERN
from catalogue.index.schema import load_blob
from catalogue.index.search import related
from catalogue.insight import log_search
from catalogue.searching import FACETS, parse_search_request, search, shown_version
from catalogue.settings import ROOT
from catalogue.web.caching import conditional
from catalogue.web.curation import featured_cards
from catalogue.web.identity import may_curate
from catalogue.web.labels import CHOICES, FACET_TITLES, FIELD_LABELS, SORT_LABELS
from catalogue.web.resources import count_view, hidden, session, snapshot, visible_docnum
from catalogue.web.takeaway import dossier_link, search_slugs

bp = Blueprint("pages", __name__)
LOCALE_COOKIE = "locale"


def _select_locale() -> str:
    return str(getattr(g, "locale", None) or i18n.DEFAULT_LOCALE)


def init_app(app: Flask) -> None:
    """Set up Flask-Babel with the locale taken from the URL."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(ROOT / "translations"))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", i18n.DEFAULT_LOCALE)
    Babel(app, locale_selector=_select_locale)
    # App-wide: every blueprint's pages live under /<locale>/.
    app.url_value_preprocessor(take_locale)
    app.url_defaults(add_locale)

    @app.context_processor
    def page_context() -> dict[str, Any]:
        return {
            "locales": i18n.LOCALES,
            "locale": _select_locale(),
            "language_name": i18n.language_name,
            "country_name": i18n.country_name,
            "vocabularies": current_app.extensions["catalogue.vocabularies"],
            "field_labels": FIELD_LABELS,
            "facet_titles": FACET_TITLES,
            "sort_labels": SORT_LABELS,
            "choice_labels": {name: dict(options) for name, options in CHOICES.items()},
            "format_date": format_date,
            "format_number": format_number,
            "without_value": _without_value,
            "search_params": search_params,
        }


def take_locale(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Read the locale from the URL; an unknown one is a 404."""
    if values is not None and "locale" in values:
        locale = values.pop("locale")
        if locale not in i18n.LOCALES:
            raise NotFound()
        g.locale = locale


def add_locale(endpoint: str, values: dict[str, Any]) -> None:
    """Links keep the current locale unless told otherwise."""
    if "locale" not in values and current_app.url_map.is_endpoint_expecting(endpoint, "locale"):
        values["locale"] = _select_locale()


@bp.get("/")
def choose_locale() -> Any:
    """Send the reader to their language: cookie, then Accept-Language, then English."""
    locale = request.cookies.get(LOCALE_COOKIE)
    if locale not in i18n.LOCALES:
        locale = request.accept_languages.best_match(i18n.LOCALES) or i18n.DEFAULT_LOCALE
    return redirect(url_for("pages.home", locale=locale))


@bp.get("/favicon.ico")
@bp.get("/apple-touch-icon.png")
def site_icon() -> Any:
    """Browsers ask for these at the root whatever a page links: serve them from static/."""
    return current_app.send_static_file(request.path.lstrip("/"))


def _remember(response: Any) -> Any:
    response.set_cookie(
        LOCALE_COOKIE,
        _select_locale(),
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return response


@bp.get("/<locale>/")
def home() -> Any:
    """Newest practices and a way into each facet."""
    vocabularies = current_app.extensions["catalogue.vocabularies"]
    request_ = parse_search_request(MultiDict(), vocabularies, locale=_select_locale())
    page = search(snapshot(), request_, vocabularies, hidden())
    html = render_template(
        "pages/home.html", page=page, facets=FACETS, featured=featured_cards(_select_locale())
    )
    return _remember(current_app.make_response(html))


@bp.get("/<locale>/search")
@conditional
def search_page() -> Any:
    """The search page: the same search as the API, as HTML."""
    vocabularies = current_app.extensions["catalogue.vocabularies"]
    search_request = parse_search_request(request.args, vocabularies, locale=_select_locale())
    page = search(snapshot(), search_request, vocabularies, hidden())
    if search_request.query and search_request.page == 1:
        with session() as db:
            log_search(db, search_request.query, page.total, search_request.locale)
    # A facet without a value is an empty box: leave it out.
    facets = [facet for facet in FACETS if page.facets[facet.name]]
    dossier = dossier_link(search_slugs(request.args)) if page.total else None
    html = render_template(
        "pages/search.html", page=page, facets=facets, dossier=dossier, curating=may_curate()
    )
    return _remember(current_app.make_response(html))


@bp.get("/<locale>/practices/<slug>")
@conditional
def show_practice(slug: str) -> Any:
    """One practice, in the locale's translation when there is one. A coordinator also
    sees a hidden one, to show it again from its page."""
    current = snapshot()
    curating = may_curate()
    if not SLUG_PATTERN.match(slug):
        raise NotFound()
    docnum = current.docnum(slug) if curating else visible_docnum(slug)
    if docnum is None:
        raise NotFound()
    practice = load_blob(current.blob(docnum))
    locale = _select_locale()
    if not curating:
        count_view(slug, locale)
    shown = shown_version(practice, request.args.get("lang", locale), locale)
    return render_template(
        "pages/practice.html",
        practice=practice,
        shown=shown,
        added=date.fromisoformat(practice["added"]),
        schema=_schema_org(practice, shown, locale),
        body_html=shown["body_html"],
        related=[current.card(d) for d in _docnums(related(current, docnum, locale))],
        curating=curating,
        is_hidden=slug in hidden(),
    )


def _docnums(slugs: list[str]) -> list[int]:
    return [d for d in (visible_docnum(slug) for slug in slugs) if d is not None]


def _schema_org(practice: dict[str, Any], shown: dict[str, Any], locale: str) -> dict[str, Any]:
    """The practice as schema.org metadata, for search engines."""
    return {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": shown["title"],
        "abstract": shown["summary"],
        "inLanguage": shown["lang"],
        "dateCreated": practice["added"],
        "url": url_for("pages.show_practice", slug=practice["slug"], _external=True),
        "author": {"@type": "Organization", "name": practice["organisation"]},
        "spatialCoverage": {
            "@type": "Place",
            "name": ", ".join(
                filter(None, [practice.get("city"), i18n.country_name(practice["country"], locale)])
            ),
        },
        "keywords": shown.get("tags") or [],
    }


@bp.get("/<locale>/about")
@conditional
def about() -> Any:
    """What the catalogue is and how to take part."""
    return _remember(current_app.make_response(render_template("pages/about.html")))


#: The parameters of a search page, and the only ones its links carry on: anything else
#: (``_anchor``, ``_external``, ``endpoint`` …) would be read by url_for as an instruction.
SEARCH_PARAMETERS = (
    "q", *(facet.name for facet in FACETS), "lang", "slug", "sort", "per_page", "page",
)  # fmt: skip


def search_params(**changes: Any) -> dict[str, list[str]]:
    """The current search's known parameters (every value), with ``changes`` applied;
    a change to None removes that parameter."""
    params = {key: request.args.getlist(key) for key in SEARCH_PARAMETERS if key in request.args}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = [str(value)]
    return params


def _without_value(name: str, value: str) -> dict[str, Any]:
    """The current search's parameters without one filter value, and back to page 1."""
    params: dict[str, Any] = {}
    for key, values in search_params(page=None).items():
        kept = [v for v in values if not (key == name and v == value)]
        if kept:
            params[key] = kept
    return params
