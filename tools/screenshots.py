"""Take the screenshots of the guides in docs/images/ from the demo catalogue, served for real
and seen in Debian's Chromium: the public pages in Latvian and Romanian at 360 and 1280 px,
and the back office with a few waiting submissions.

    .venv/bin/python tools/screenshots.py            # every screenshot
    .venv/bin/python tools/screenshots.py admin      # only those whose name starts so
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
EMAIL, PASSWORD = "coordinator@example.org", "screenshots password"
PHONE, DESKTOP = {"width": 360, "height": 780}, {"width": 1280, "height": 900}
#: Name -> address under /<locale>; each in Latvian and Romanian, on a phone and a desktop.
PUBLIC = {
    "home": "/",
    "search": "/search?q={word}",
    "practice": "/practices/lv-riga-latviesu-valodas-klubs-jaunpienacejiem",
    "contribute": "/contribute",
}
#: What a reader of each language types to find practices for children.
CHILDREN = {"lv": "b%C4%93rni", "ro": "copii"}
#: The English pictures of the guides, on a desktop screen.
ENGLISH = {
    "home": "/",
    "search": "/search?q=conversation+club&country=PL&country=LV",
    "practice": "/practices/pl-lodz-klub-konwersacyjny-dla-ukrainek",
    "contribute-form": "/contribute",
}
#: Name -> (locale, address, viewport) of the back office, signed in as a coordinator.
ADMIN = {
    "admin-dashboard": ("en", "/admin/", DESKTOP),
    "admin-queue": ("en", "/admin/submissions", DESKTOP),
    "admin-review": ("en", "/admin/submissions/{id}", DESKTOP),
    "admin-featured": ("en", "/admin/featured?q=caf", DESKTOP),
    "admin-dashboard-phone": ("lv", "/admin/", PHONE),
}
SUBMISSIONS = [
    {
        "title": "Sewing café for newcomers",
        "summary": "Weekly sewing afternoons where women practise the local language.",
        "lang": "en",
        "country": "BE",
        "city": "Gent",
        "organisation": "Example City Library",
        "target_groups": ["women", "newcomers"],
        "activity_types": ["conversation-club"],
        "languages": ["nl", "ar", "uk"],
        "cost": "low",
        "body": "## Context\n\nEvery Wednesday, a sewing table and a conversation in Dutch.\n",
    },
    {
        "title": "Homework help in Ukrainian and Polish",
        "summary": "Volunteers help pupils with their homework after school, twice a week.",
        "lang": "en",
        "country": "PL",
        "city": "Wrocław",
        "organisation": "Example District Library",
        "target_groups": ["children"],
        "activity_types": ["homework-help"],
        "languages": ["pl", "uk"],
        "body": "## Context\n\nTwice a week, homework help in the children's room.\n",
    },
]


def serve(folder: Path) -> tuple[subprocess.Popen[bytes], str, dict[str, str]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "CATALOGUE_INDEX": str(folder / "index"),
        "CATALOGUE_MEDIA": str(folder / "media"),
        "CATALOGUE_DATABASE_URL": f"sqlite:///{folder / 'catalogue.sqlite3'}",
        "CATALOGUE_SECRET_KEY": "screenshots-" + "k" * 40,
        "CATALOGUE_MAIL_FOLDER": str(folder / "mail"),
    }
    cli = [sys.executable, "-m", "catalogue.cli"]
    subprocess.run(
        [*cli, "user", "add", EMAIL, "--role", "coordinator"],
        env=env,
        input=PASSWORD,
        text=True,
        check=True,
        capture_output=True,
    )
    featured = (
        ("lv-riga-latviesu-valodas-klubs-jaunpienacejiem", []),
        ("pl-lodz-klub-konwersacyjny-dla-ukrainek", ["--locale", "pl"]),
        ("it-bologna-biblioteca-vivente", []),
    )
    subprocess.run([*cli, "index"], env=env, check=True, capture_output=True)
    for slug, options in featured:
        subprocess.run(
            [*cli, "featured", "add", slug, *options], env=env, check=True, capture_output=True
        )
    process = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/v1/search", timeout=2).read()
            return process, base, env
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.terminate()
                raise SystemExit("catalogue serve did not start") from None
            time.sleep(0.3)


def submit(base: str) -> list[str]:
    ids = []
    for payload in SUBMISSIONS:
        request = urllib.request.Request(
            f"{base}/api/v1/submissions",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request) as answer:
            ids.append(json.loads(answer.read())["id"])
    return ids


def shoot(page: Page, url: str, name: str, height: int = 2400) -> None:
    """The page from its top, at most ``height`` pixels of it, in 256 colours (a guide
    needs to show the page, not to weigh a megabyte)."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    width = page.viewport_size["width"] if page.viewport_size else 1280
    total = page.evaluate("document.documentElement.scrollHeight")
    path = IMAGES / f"{name}.png"
    clip = {"x": 0, "y": 0, "width": width, "height": min(total, height)}
    page.screenshot(path=str(path), full_page=True, clip=clip)
    Image.open(path).convert("RGB").quantize(colors=256).save(path, optimize=True)
    print(f"docs/images/{name}.png")


def main(only: str = "") -> None:
    folder = Path(tempfile.mkdtemp(prefix="screenshots-"))
    process, base, _env = serve(folder)
    try:
        ids = submit(base)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                args=CHROMIUM_ARGS,
            )
            for locale in ("en", "fr"):  # other locales first, as a worker would have
                browser.new_page().goto(f"{base}/{locale}/search?q=club")
            for name, path in PUBLIC.items():
                for locale in ("lv", "ro"):
                    for kind, size in (("phone", PHONE), ("desktop", DESKTOP)):
                        shot = f"{kind}-{name}-{locale}"
                        if shot.startswith(only):
                            page = browser.new_page(viewport=size)
                            address = path.format(word=CHILDREN[locale])
                            shoot(page, f"{base}/{locale}{address}", shot)
                            page.close()
            for name, path in ENGLISH.items():
                if name.startswith(only):
                    page = browser.new_page(viewport=DESKTOP)
                    shoot(page, f"{base}/en{path}", name, height=1600)
                    page.close()
            context = browser.new_context(viewport=DESKTOP)
            page = context.new_page()
            page.goto(f"{base}/en/login")
            page.fill("input[name=email]", EMAIL)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/admin/")
            for name, (locale, path, size) in ADMIN.items():
                if name.startswith(only):
                    page.set_viewport_size(size)
                    shoot(page, f"{base}/{locale}{path.format(id=ids[0])}", name)
            browser.close()
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")
