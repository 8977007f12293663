"""The reader's site: open formats, metadata, search page states, the practice card."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.conftest import ROOT, VALID_FIELDS

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_lists_newest_practices_in_the_locales_translation(client: FlaskClient) -> None:
    response = client.get("/fr/feed.xml")
    assert response.content_type.startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.data)
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert titles[0] == "Świetlica z pomocą w lekcjach dla dzieci z Ukrainy"  # newest first
    assert "Ateliers de conversation en français" in titles  # the original is French
    assert "Draft" not in " ".join(titles)
    assert len(titles) == 7


def test_the_sitemap_lists_every_page_in_every_language(client: FlaskClient) -> None:
    sitemap = ElementTree.fromstring(client.get("/sitemap.xml").data)
    urls = [
        loc.text or "" for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert "http://localhost/lv/practices/riga-welcome-desk" in urls
    assert "http://localhost/ro/about" in urls
    assert len(urls) == 6 * 3 + 6 * 7
    assert not any("draft-seniors" in url for url in urls)


def test_a_sitemap_past_the_limit_becomes_an_index_of_numbered_files(
    client: FlaskClient,
) -> None:
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    whole = ElementTree.fromstring(client.get("/sitemap.xml").data)
    everything = [loc.text for loc in whole.iter(f"{namespace}loc")]
    client.application.config["SITEMAP_URLS"] = 10
    index = ElementTree.fromstring(client.get("/sitemap.xml").data)
    assert index.tag == f"{namespace}sitemapindex"
    files = [loc.text or "" for loc in index.iter(f"{namespace}loc")]
    assert len(files) == (len(everything) + 9) // 10
    parts = []
    for address in files:
        part = ElementTree.fromstring(client.get(address).data)
        assert part.tag == f"{namespace}urlset"
        parts.append([loc.text for loc in part.iter(f"{namespace}loc")])
    assert all(len(part) <= 10 for part in parts)
    assert [url for part in parts for url in part] == everything
    assert client.get(f"/sitemap-{len(files) + 1}.xml").status_code == 404
    assert client.get("/sitemap-0.xml").status_code == 404


def test_robots_keep_crawlers_out_of_the_back_office(client: FlaskClient) -> None:
    text = client.get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /en/admin/" in text
    assert "Sitemap: http://localhost/sitemap.xml" in text


def test_any_search_downloads_as_csv(client: FlaskClient) -> None:
    response = client.get("/en/search.csv?country=PL&country=RO&sort=title")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [row["slug"] for row in rows] == [
        "cluj-storytelling",
        "timisoara-romanian-course",
        "lodz-conversation-club",
        "krakow-homework-club",
    ]
    assert rows[0]["url"] == "http://localhost/en/practices/cluj-storytelling"
    assert rows[2]["languages"] == "pl;uk"
    assert client.get("/en/search.csv?country=Narnia").status_code == 400


@pytest.fixture
def formula_practice(write_practice: Callable[..., Path]) -> Path:
    """A practice whose texts a spreadsheet would run as formulas."""
    fields = {
        **VALID_FIELDS,
        "title": '=HYPERLINK("http://evil.example","Org")',
        "summary": "+1 weekly conversation meetings in Polish, led by volunteers.",
        "organisation": "@SUM(A1:A9)",
        "city": "-Łódź",
    }
    return write_practice("formula-club.md", fields)


def test_the_csv_export_never_carries_a_live_formula(
    formula_practice: Path, client: FlaskClient
) -> None:
    response = client.get("/en/search.csv?country=PL")
    rows = {
        row["slug"]: row for row in csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")))
    }
    row = rows["formula-club"]
    assert row["title"] == '\'=HYPERLINK("http://evil.example","Org")'
    assert row["summary"].startswith("'+1 weekly")
    assert row["organisation"] == "'@SUM(A1:A9)"
    assert rows["lodz-conversation-club"]["title"][0] not in "'=+-@"


def test_every_page_names_its_other_language_versions(client: FlaskClient) -> None:
    html = client.get("/fr/practices/riga-welcome-desk").get_data(as_text=True)
    for code in ("en", "fr", "it", "lv", "pl", "ro"):
        assert (
            f'hreflang="{code}" href="http://localhost/{code}/practices/riga-welcome-desk"' in html
        )
    assert 'rel="canonical" href="http://localhost/fr/practices/riga-welcome-desk"' in html


def test_practice_pages_carry_schema_org_metadata(client: FlaskClient) -> None:
    html = client.get("/en/practices/lodz-conversation-club").get_data(as_text=True)
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    assert data["@type"] == "CreativeWork"
    assert data["name"] == "Polish conversation club for Ukrainian women"
    assert data["spatialCoverage"]["name"] == "Łódź, Poland"


def test_the_adopt_card_shows_what_it_takes(client: FlaskClient) -> None:
    html = client.get("/en/practices/lodz-conversation-club").get_data(as_text=True)
    card = html[html.index('class="card"') : html.index("</aside>")]
    assert " Cost to run it again</dt><dd>Low</dd>" in card
    assert " How results are known</dt><dd>Monitored: figures were kept</dd>" in card
    assert card.count("<dt>") == card.count("<dd>") == card.count('class="icon"')
    assert "March 14, 2025" in card
    polish = client.get("/pl/practices/lodz-conversation-club").get_data(as_text=True)
    assert "14 marca 2025" in polish  # dates in the reader's language


def test_selected_filters_are_chips_that_remove_themselves(client: FlaskClient) -> None:
    html = client.get("/en/search?q=club&country=PL&language=uk").get_data(as_text=True)
    assert 'href="/en/search?q=club&amp;language=uk" aria-label="Remove filter: Poland"' in html
    assert 'href="/en/search?q=club">Clear all filters</a>' in html


def test_long_facets_show_the_top_values_and_the_rest_on_demand(client: FlaskClient) -> None:
    html = client.get("/en/search").get_data(as_text=True)
    languages = html[html.index("<legend>Languages of the activity</legend>") :]
    languages = languages[: languages.index("</fieldset>")]
    assert "<summary>Show all (" in languages
    assert languages.count('type="checkbox"') > 8


def test_an_empty_result_says_what_to_try(client: FlaskClient) -> None:
    html = client.get("/en/search?q=zzzzzz").get_data(as_text=True)
    assert "Try fewer words, or remove a filter." in html
    assert 'href="/en/contribute"' in html


def test_a_search_page_stays_light(client: FlaskClient) -> None:
    html = client.get("/en/search?q=library&country=PL").data
    css = (ROOT / "static" / "site.css").read_bytes()
    assert len(html) + len(css) < 60 * 1024


def test_no_page_asks_for_anything_from_elsewhere(client: FlaskClient) -> None:
    for path in (
        "/en/",
        "/en/search?q=club",
        "/en/practices/riga-welcome-desk",
        "/en/about",
        "/en/contribute",
    ):
        html = client.get(path).get_data(as_text=True)
        sources = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
        external = [
            s
            for s in sources
            if not s.startswith("http://localhost/")
            and "example" not in s
            and "schema.org" not in s
        ]
        assert external == [], path


def test_numbers_are_written_the_readers_way(client: FlaskClient) -> None:
    from flask_babel import force_locale, format_number

    with client.application.test_request_context(), force_locale("fr"):
        assert format_number(10000) == "10\u202f000"  # what the templates use
    html = client.get("/pl/search?q=konwersacyjny").get_data(as_text=True)
    assert "Znaleziono 1 praktykę" in html


def test_the_search_page_is_light(client: FlaskClient) -> None:
    page = client.get("/lv/search?q=club").get_data(as_text=True)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    icons = re.findall(r'<use href="([^"#]+)#', page)
    assert set(icons) <= {"/static/icons.svg"}
    weight = 0
    for address in [*styles, "/static/icons.svg"]:
        with client.get(address) as response:
            weight += len(response.data)
    assert weight < 60_000
