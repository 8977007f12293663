"""A contributor on a phone sends a practice with a photo straight from the camera and a PDF
plan, through the real form in Chromium; a coordinator sees both on the review page and
approves it; the practice's page shows the photo upright and offers the plan."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.media import pictures


def test_a_photo_and_a_plan_are_sent_from_a_phone(
    browser: Browser, site: str, tmp_path: Path
) -> None:
    photo = pictures.phone_photo(tmp_path / "IMG_2041.JPG", (1600, 1200))
    plan = pictures.pdf(tmp_path / "Plan of a first meeting.pdf")
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="lv-LV")
    page = context.new_page()
    page.goto(f"{site}/lv/contribute")
    page.fill("#title", "Šūšanas kafejnīca jaunpienācējām")
    page.fill("#summary", "Katru trešdienu sievietes šuj un runā latviski ar brīvprātīgajām.")
    page.select_option("#lang", "lv")
    page.select_option("#country", "LV")
    page.fill("#organisation", "Apkaimes bibliotēka (piemērs)")
    page.check("#target_groups-women")
    page.check("#activity_types-conversation-club")
    page.check("#languages-lv")
    page.fill("#section-context", "Daudzas sievietes no Ukrainas dzīvo tuvumā.")
    page.set_input_files("#image-1-file", str(photo))
    page.fill("#image-1-alt", "Sešas sievietes pie galda ar šujmašīnām.")
    page.set_input_files("#material-1-file", str(plan))
    page.fill("#material-1-title", "Pirmās tikšanās plāns")
    page.check("#photo_consent")
    page.locator("button[name=action][value=send]").click()
    page.wait_for_url("**/lv/submissions/**")
    expect(page.locator("main")).to_contain_text("gaida koordinatora izskatīšanu")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    reference = page.locator("main dd").first.inner_text().strip()

    page.goto(f"{site}/lv/login")
    page.fill("#email", ADMIN_EMAIL)
    page.fill("#password", ADMIN_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(f"{site}/lv/admin/submissions/{reference}")
    sent = page.locator(".review-files img")
    expect(sent).to_have_count(1)  # the photo, re-encoded, never as it came
    expect(page.locator(".review-files")).to_contain_text("PDF")
    expect(page.locator(".as-published .card")).to_contain_text("Sievietes")  # adopt card
    page.locator("form.decide button[value=approve]").click()
    page.wait_for_url("**/admin/")

    page.goto(f"{site}/lv/practices/susanas-kafejnica-jaunpienacejam")
    image = page.locator(".practice-images img").first
    expect(image).to_have_attribute("alt", "Sešas sievietes pie galda ar šujmašīnām.")
    width, height = image.evaluate("(img) => [img.naturalWidth, img.naturalHeight]")
    assert height > width  # stored sideways with an orientation tag, shown upright
    expect(page.locator(".materials a")).to_contain_text("Pirmās tikšanās plāns")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
