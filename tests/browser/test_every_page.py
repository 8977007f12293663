"""Every page type in every locale, in Chromium: it fits a phone, and the console stays quiet.

The server has served every page in every other locale first, so a label or a layout that
only holds for the first locale a worker meets shows here.
"""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    expect,
)

from catalogue.i18n import LOCALES
from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD

#: Page type -> its address under /<locale>; the admin pages need a signed-in reader.
PAGES: dict[str, str] = {
    "home": "/",
    "search": "/search?q=club&country=PL",
    "search without results": "/search?q=zzyzxqwv&country=PL",
    "practice": "/practices/lodz-conversation-club",
    "translated practice": "/practices/lyon-ateliers",
    "about": "/about",
    "contribute": "/contribute",
    "login": "/login",
    "admin": "/admin/",
    "queue": "/admin/submissions?status=all",
    "featured": "/admin/featured?q=club",
    "hidden": "/admin/hidden",
    "import": "/admin/import",
    "mail": "/admin/mail",
    "insight": "/admin/insight",
    "accounts": "/admin/accounts",
    "shared shortlist": "/shortlist?slug=lodz-conversation-club&slug=riga-welcome-desk",
    "not found": "/practices/no-such-practice",
}
PHONE = {"width": 360, "height": 740}
ICONS = "link[rel~=icon], link[rel=apple-touch-icon]"

# Elements reaching past the right edge of the viewport, unless a scrolling box holds them.
OVERFLOWING = r"""() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll("*")].flatMap((el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5 || scrolls(el)) return [];
    const name = el.tagName.toLowerCase() + (el.className ? "." + el.className : "");
    const text = el.textContent.replace(/\s+/g, " ").trim().slice(0, 40);
    return [`${name} ends at ${Math.round(box.right)}px: ${text}`];
  });
}"""


@pytest.fixture(scope="module")
def warm_site(site: str) -> str:
    """The site after it served every page in every locale once."""
    for locale in LOCALES:
        for path in PAGES.values():
            # The admin pages send to the login page; the 404 is a 404.
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(f"{site}/{locale}{path}", timeout=10).read()
    return site


@pytest.fixture(scope="module")
def signed_in(browser: Browser, warm_site: str) -> Iterator[BrowserContext]:
    """A browser context signed in as an administrator, the size of a small phone."""
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.goto(f"{warm_site}/en/login")
    page.fill("#email", ADMIN_EMAIL)
    page.fill("#password", ADMIN_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/admin/")
    page.close()
    yield context
    context.close()


@pytest.fixture
def phone(signed_in: BrowserContext) -> Iterator[Page]:
    page = signed_in.new_page()
    yield page
    page.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_no_page_scrolls_sideways_on_a_small_phone(
    phone: Page, warm_site: str, locale: str
) -> None:
    wrong = []
    for name, path in PAGES.items():
        phone.goto(f"{warm_site}/{locale}{path}")
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wrong.append(f"{name} ({path}): {width}px wide")
        wrong += [f"{name}: {problem}" for problem in phone.evaluate(OVERFLOWING)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("locale", LOCALES)
def test_no_page_logs_an_error_or_fails_a_request(phone: Page, warm_site: str, locale: str) -> None:
    problems: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" and not expected_404(message.location):
            problems.append(f"console: {message.text} ({message.location.get('url')})")

    def failed(request: Request) -> None:
        problems.append(f"failed: {request.url} {request.failure}")

    def answered(response: Response) -> None:
        if response.status >= 400 and not expected_404({"url": response.url}):
            problems.append(f"{response.status}: {response.url}")

    def expected_404(where: dict[str, Any]) -> bool:
        return str(where.get("url", "")).endswith(PAGES["not found"])

    phone.on("console", console)
    phone.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    phone.on("requestfailed", failed)
    phone.on("response", answered)
    icons = {f"{warm_site}/favicon.ico"}
    for path in PAGES.values():
        phone.goto(f"{warm_site}/{locale}{path}")
        phone.wait_for_load_state("networkidle")
        icons.update(phone.eval_on_selector_all(ICONS, "links => links.map(link => link.href)"))
    # Headless Chromium does not fetch icons itself, so a missing one is asked for here.
    for icon in sorted(icons):
        answer = phone.request.get(icon)
        if not answer.ok or not answer.headers["content-type"].startswith("image/"):
            problems.append(f"icon {icon}: {answer.status} {answer.headers['content-type']}")
    assert not problems, "\n".join(problems)


#: The back office's pages, each checked with axe-core on a phone.
BACK_OFFICE = [name for name, path in PAGES.items() if path.startswith("/admin/")]


@pytest.fixture(scope="module")
def waiting(warm_site: str) -> str:
    """A submission waiting for review, for its review page."""
    payload = {
        "title": "Sewing café for newcomers",
        "summary": "Weekly sewing afternoons where women practise the local language.",
        "lang": "en",
        "country": "PL",
        "city": "Łódź",
        "organisation": "Example City Library",
        "target_groups": ["women"],
        "activity_types": ["conversation-club"],
        "languages": ["pl", "uk"],
        "body": "## Context\n\nEvery Wednesday, a sewing table and a conversation.\n",
    }
    request = urllib.request.Request(
        f"{warm_site}/api/v1/submissions",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return str(json.loads(answer.read())["id"])


@pytest.mark.parametrize("locale", ["lv", "ro", "fr"])
def test_every_back_office_page_passes_the_accessibility_checks(
    phone: Page, warm_site: str, waiting: str, locale: str
) -> None:
    wrong = []
    paths = [PAGES[name] for name in BACK_OFFICE] + [f"/admin/submissions/{waiting}"]
    for path in paths:
        phone.goto(f"{warm_site}/{locale}{path}")
        results = Axe().run(phone)
        if results.violations_count:
            wrong.append(f"{path}: {results.generate_report()}")
    assert not wrong, "\n".join(wrong)


def test_a_batch_is_decided_with_the_keyboard_alone(
    phone: Page, warm_site: str, waiting: str
) -> None:
    phone.goto(f"{warm_site}/en/admin/submissions")
    box = phone.locator(f"#pick-{waiting}")
    box.focus()
    phone.keyboard.press("Space")
    expect(box).to_be_checked()
    phone.locator("#batch-message").focus()
    phone.keyboard.type("A test entry, not a practice.")
    reject = phone.get_by_role("button", name="Reject")
    reject.focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("status").first).to_contain_text("1 submission rejected.")
