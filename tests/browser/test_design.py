"""The design in a real browser: the dark scheme stays readable, the form keeps a draft."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect

DARK_PAGES = [
    "/lv/",
    "/ro/search?q=club&country=PL",
    "/fr/practices/lodz-conversation-club",
    "/pl/contribute",
]


@pytest.mark.parametrize("path", DARK_PAGES)
def test_the_dark_scheme_is_dark_and_passes_the_accessibility_checks(
    browser: Browser, site: str, path: str
) -> None:
    context = browser.new_context(color_scheme="dark", locale="en-GB")
    page = context.new_page()
    page.goto(site + path)
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    red, green, blue = (int(x) for x in background.removeprefix("rgb(").rstrip(")").split(","))
    assert max(red, green, blue) < 60, background
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    context.close()


def test_the_contribution_form_comes_back_after_the_tab_was_closed(
    browser: Browser, site: str
) -> None:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{site}/en/contribute")
    page.fill("#title", "Bilingual story hour in Lyon")
    page.check("#target_groups-families")
    page.fill("#section-context", "Many Arabic-speaking families live nearby.")
    page.wait_for_timeout(700)  # the form is saved a moment after typing stops
    page.close()

    again = context.new_page()
    again.goto(f"{site}/en/contribute")
    expect(again.locator("#title")).to_have_value("Bilingual story hour in Lyon")
    expect(again.locator("#section-context")).to_have_value(
        "Many Arabic-speaking families live nearby."
    )
    expect(again.locator("#target_groups-families")).to_be_checked()
    expect(again.locator("[data-draft-notice]")).to_be_visible()
    again.click("[data-draft-discard]")
    expect(again.locator("#title")).to_have_value("")
    again.reload()
    expect(again.locator("#title")).to_have_value("")
    context.close()


def test_the_list_of_other_languages_can_be_searched(browser: Browser, site: str) -> None:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{site}/en/contribute")
    page.fill("input[data-filter-for=languages-other]", "yor")
    visible = page.eval_on_selector_all(
        "#languages-other option", "options => options.filter(o => !o.hidden).map(o => o.text)"
    )
    assert visible == ["Yoruba"]
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_each_filter_reads_on_one_line_beside_its_box(
    browser: Browser, site: str, width: int
) -> None:
    """A style meant for another form once stretched the facets' boxes across the column,
    leaving one letter of each country a line: every filter must read as a line of text."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{site}/lv/search?q=club&country=PL")
    if width == 360:
        page.click("details.facets > summary")
    choices = page.evaluate(
        """() => [...document.querySelectorAll('.facets .choice')].map((choice) => {
          const box = choice.querySelector('input').getBoundingClientRect();
          const label = choice.querySelector('label').getBoundingClientRect();
          const line = parseFloat(getComputedStyle(choice.querySelector('label')).lineHeight);
          return {text: choice.textContent.trim(), box: box.width, lines: label.height / line};
        })"""
    )
    assert len(choices) >= 5
    for choice in choices:
        assert choice["box"] < 32, choice
        assert choice["lines"] < 2.5, choice
    page.close()
