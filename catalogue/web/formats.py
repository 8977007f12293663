"""Open formats: the Atom feed of new practices, sitemap.xml, robots.txt, a search as a
spreadsheet (CSV or XLSX)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

from feedgen.feed import FeedGenerator
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from catalogue import i18n
from catalogue.searching import SearchRequest, parse_search_request, practice_url, search
from catalogue.spreadsheet import Link, safe_cell, workbook_bytes
from catalogue.web.address import absolute
from catalogue.web.labels import FIELD_LABELS
from catalogue.web.resources import hidden, snapshot

bp = Blueprint("formats", __name__)

#: The most rows a CSV export holds.
CSV_ROW_LIMIT = 5000
FEED_ENTRIES = 30


@bp.get("/<locale>/feed.xml")
def feed() -> Any:
    """Atom feed of the newest practices, in the locale's translations where there are."""
    locale = str(g.locale)
    vocabularies = current_app.extensions["catalogue.vocabularies"]
    newest = parse_search_request(
        MultiDict({"sort": "newest", "per_page": str(FEED_ENTRIES)}), vocabularies, locale=locale
    )
    page = search(snapshot(), newest, vocabularies, hidden())
    generator = FeedGenerator()
    generator.id(url_for("formats.feed", _external=True))
    generator.title(gettext("Library practices for integration"))
    generator.subtitle(gettext("Newest practices"))
    generator.link(href=url_for("pages.home", _external=True), rel="alternate")
    generator.link(href=url_for("formats.feed", _external=True), rel="self")
    generator.language(locale)
    for result in reversed(page.results):  # feedgen prepends: add oldest first
        entry = generator.add_entry()
        link = absolute(result["url"])
        entry.id(link)
        entry.title(result["title"])
        entry.link(href=link)
        entry.summary(result["summary"])
        entry.author({"name": result["organisation"]})
        entry.updated(datetime.fromisoformat(result["added"]).replace(tzinfo=UTC))
    return Response(generator.atom_str(pretty=True), mimetype="application/atom+xml")


#: The most addresses one sitemap file may hold (the sitemaps.org protocol's limit).
SITEMAP_URLS = 50_000


@bp.get("/sitemap.xml")
def sitemap() -> Any:
    """Every public page in every interface language; past the protocol's limit, an
    index of numbered sitemap files."""
    urls, limit = _sitemap_urls(), _sitemap_limit()
    if len(urls) <= limit:
        xml = render_template("formats/sitemap.xml", urls=urls)
    else:
        parts = range(1, (len(urls) - 1) // limit + 2)
        xml = render_template(
            "formats/sitemap_index.xml",
            sitemaps=[url_for("formats.sitemap_part", number=n, _external=True) for n in parts],
        )
    return Response(xml, mimetype="application/xml")


@bp.get("/sitemap-<int:number>.xml")
def sitemap_part(number: int) -> Any:
    """One numbered file of a sitemap too long for one."""
    limit = _sitemap_limit()
    urls = _sitemap_urls()[(number - 1) * limit : number * limit] if number >= 1 else []
    if not urls:
        abort(404)
    return Response(render_template("formats/sitemap.xml", urls=urls), mimetype="application/xml")


def _sitemap_limit() -> int:
    return int(current_app.config.get("SITEMAP_URLS", SITEMAP_URLS))


def _sitemap_urls() -> list[str]:
    current = snapshot()
    slugs = sorted(
        {current.card(docnum)["slug"] for docnum in current.searcher.reader().all_doc_ids()}
        - hidden()
    )
    pages = [
        url_for(endpoint, locale=locale, _external=True)
        for locale in i18n.LOCALES
        for endpoint in ("pages.home", "pages.search_page", "pages.about")
    ]
    return pages + [
        absolute(practice_url(locale, slug)) for slug in slugs for locale in i18n.LOCALES
    ]


@bp.get("/robots.txt")
def robots() -> Any:
    """Crawlers are welcome on public pages, not in the back office or the API."""
    lines = ["User-agent: *", "Disallow: /api/"]
    lines += [f"Disallow: /{locale}/admin/" for locale in i18n.LOCALES]
    lines += [f"Disallow: /{locale}/login" for locale in i18n.LOCALES]
    lines += [f"Sitemap: {url_for('formats.sitemap', _external=True)}"]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


CSV_COLUMNS = (
    "slug", "title", "summary", "lang", "country", "organisation", "target_groups",
    "activity_types", "languages", "added", "url",
)  # fmt: skip
#: After the ids, their names in the locale (the ids stay for scripts that read them).
NAME_COLUMNS = (
    "lang_name", "country_name", "target_group_names", "activity_type_names", "language_names",
)  # fmt: skip
#: Spreadsheet programs read a CSV file as UTF-8 only when it starts with this mark.
BYTE_ORDER_MARK = "\ufeff"


def _all_results() -> list[dict[str, Any]]:
    """Every result of the search the request asks for (up to 5,000)."""
    vocabularies = current_app.extensions["catalogue.vocabularies"]
    asked = parse_search_request(request.args, vocabularies, locale=str(g.locale))
    everything = SearchRequest(
        asked.query,
        asked.filters,
        asked.lang,
        asked.sort,
        1,
        CSV_ROW_LIMIT,
        asked.locale,
        asked.slugs,
    )
    return list(search(snapshot(), everything, vocabularies, hidden()).results)


def _names(result: dict[str, Any]) -> dict[str, str]:
    """The result's codes and ids as the reader's language names them."""
    locale, vocabularies = str(g.locale), current_app.extensions["catalogue.vocabularies"]

    def labels(name: str, ids: list[str]) -> str:
        return "; ".join(vocabularies.label(name, value, locale) for value in ids)

    return {
        "lang_name": i18n.language_name(result["lang"], locale),
        "country_name": i18n.country_name(result["country"], locale),
        "target_group_names": labels("target_groups", result["target_groups"]),
        "activity_type_names": labels("activity_types", result["activity_types"]),
        "language_names": "; ".join(i18n.language_name(c, locale) for c in result["languages"]),
    }


@bp.get("/<locale>/search.csv")
def search_csv() -> Any:
    """Every result of a search (up to 5,000), one practice per row."""
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS + NAME_COLUMNS)
    for result in _all_results():
        row = {**result, "url": absolute(result["url"]), **_names(result)}
        writer.writerow(
            safe_cell(";".join(row[column]) if isinstance(row[column], list) else row[column])
            for column in CSV_COLUMNS + NAME_COLUMNS
        )
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=practices.csv"},
    )


@bp.get("/<locale>/search.xlsx")
def search_xlsx() -> Any:
    """The rows of the CSV export as a spreadsheet in the reader's language: names, not
    ids; the title links to the practice's page."""
    header = [
        *(str(FIELD_LABELS[name]) for name in ("title", "summary", "country", "organisation")),
        *(str(FIELD_LABELS[name]) for name in ("target_groups", "activity_types", "languages")),
        gettext("Language of the text"),
        str(FIELD_LABELS["added"]),
        gettext("Address"),
    ]
    rows = []
    for result in _all_results():
        names, url = _names(result), absolute(result["url"])
        rows.append(
            [
                Link(result["title"], url),
                result["summary"],
                names["country_name"],
                result["organisation"],
                names["target_group_names"],
                names["activity_type_names"],
                names["language_names"],
                names["lang_name"],
                date.fromisoformat(result["added"]),
                Link(url, url),
            ]
        )
    return Response(
        workbook_bytes([(gettext("Practices"), header, rows)]),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": "attachment; filename=practices.xlsx"},
    )
