"""The site in a real browser: accessibility, searching, filtering, languages, printing."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from catalogue.i18n import LOCALES

PAGES = [
    "/{locale}/",
    "/{locale}/search?q=club&country=PL&target_group=refugees",
    "/{locale}/practices/lodz-conversation-club",
    "/{locale}/about",
]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_accessibility_violations(
    page: Page, site: str, path: str, locale: str
) -> None:
    page.goto(site + path.format(locale=locale))
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_search_filter_unfilter_and_paginate(page: Page, site: str) -> None:
    page.goto(f"{site}/en/")
    page.get_by_label("Search practices").fill("library")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(f"{site}/en/search?q=library")
    total = page.locator("#total").inner_text()
    page.get_by_label("Poland (").check()  # the filters apply on change
    page.wait_for_url("**country=PL**")
    assert page.locator("#total").inner_text() != total
    page.get_by_role("link", name="Remove filter: Poland").click()
    page.wait_for_url("**/en/search?q=library*")
    assert "country" not in page.url
    assert page.locator("#total").inner_text() == total
    page.goto(f"{site}/en/search?per_page=3")
    page.get_by_role("link", name="Next").click()
    expect(page.locator(".pages span")).to_have_text("Page 2 of 3")


def test_switching_language_keeps_the_page_and_the_query(page: Page, site: str) -> None:
    page.goto(f"{site}/en/search?q=konwersacyjny")
    page.get_by_role("link", name="polski").click()
    expect(page).to_have_url(f"{site}/pl/search?q=konwersacyjny")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    page.get_by_role("link", name="Polski klub konwersacyjny dla Ukrainek").click()
    expect(page.locator("h1")).to_have_text("Polski klub konwersacyjny dla Ukrainek")
    page.goto(f"{site}/")  # the choice is remembered
    expect(page).to_have_url(f"{site}/pl/")


def test_the_first_tab_reaches_the_skip_link(page: Page, site: str) -> None:
    page.goto(f"{site}/en/search?q=club")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_a_practice_prints_as_a_clean_handout(page: Page, site: str) -> None:
    page.goto(f"{site}/en/practices/lodz-conversation-club")
    page.emulate_media(media="print")
    expect(page.locator(".card")).to_be_visible()
    expect(page.locator(".improve")).to_be_hidden()
    expect(page.locator("header.site")).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
