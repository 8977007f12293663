"""A librarian gathers practices from a search, shares the list, and prints the dossier:
with JavaScript (in place) and without (the forms work alone)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect


@pytest.mark.parametrize("script", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_gather_share_and_print(browser: Browser, site: str, script: bool) -> None:
    context = browser.new_context(locale="fr-FR", java_script_enabled=script, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{site}/fr/search?q=&sort=title")
    added = []
    for number in range(3):
        result = page.locator("li.result").nth(number)
        added.append(result.locator("h3 a").get_attribute("href"))
        result.get_by_role("button", name="Ajouter à ma sélection").click()
        expect(page.locator("li.result").nth(number).get_by_role("button")).to_have_attribute(
            "aria-pressed", "true"
        )
    expect(page.locator("[data-shortlist-count]")).to_have_text("3")

    page.click("a.shortlist-link")
    expect(page.locator("h1")).to_have_text("Votre sélection")
    listed = page.locator("li.result h3 a").evaluate_all("links => links.map(l => l.pathname)")
    assert listed == [path.split("?")[0] for path in added]
    shared = page.input_value("#share-link")

    stranger = browser.new_context(locale="pl-PL", java_script_enabled=script)
    other = stranger.new_page()
    other.goto(shared.replace("/fr/", "/pl/"))
    expect(other.locator("h1")).to_have_text("Udostępniona lista wybranych")
    assert other.locator("li.result").count() == 3
    stranger.close()

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger en dossier (PDF)").click()
    pdf = download.value
    assert pdf.suggested_filename == "practices.pdf"
    with open(pdf.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
    context.close()
