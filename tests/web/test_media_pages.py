"""Practice pages show photos with captions and offer materials as downloads; result
cards show a thumbnail. Everything is served from the media store, re-encoded."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from PIL import Image

from catalogue import create_app
from catalogue.indexing import IndexReport
from catalogue.settings import Settings
from tests.conftest import practice_text
from tests.media import pictures
from tests.media.test_validate import with_media

MEDIA = (
    "images:\n"
    "  - file: club/IMG_0001.jpg\n"
    "    alt: Six women and a volunteer talk around a table with tea.\n"
    "    credit: Municipal Public Library (example)\n"
    "    licence: CC-BY-4.0\n"
    "materials:\n"
    "  - file: club/plan.pdf\n"
    "    title: Plan of a first meeting\n"
)


@pytest.fixture
def client(
    settings: Settings, write_practice: Callable[..., Path], reindex: Callable[..., IndexReport]
) -> Iterator[FlaskClient]:
    folder = settings.practices / "club"
    folder.mkdir()
    pictures.phone_photo(folder / "IMG_0001.jpg", (1600, 1200))
    pdf = pictures.pdf(folder / "plan.pdf")
    with pdf.open("ab") as handle:
        handle.write(b"%" + b"0" * 1_234_000)  # 1.2 MB
    write_practice("club.md", text=with_media(MEDIA))
    translation = {
        "title": "Club de conversation polonaise",
        "summary": "Des rencontres de conversation en polonais chaque semaine, avec garde.",
        "lang": "fr",
        "image_alts": ["Six femmes et une bénévole parlent autour d'une table avec du thé."],
    }
    write_practice("club.fr.md", text=practice_text(translation))
    report = reindex()
    assert not report.problems, report.problems
    app = create_app({"TESTING": True, "CATALOGUE_SETTINGS": settings, "SECRET_KEY": "test"})
    yield app.test_client()
    app.extensions["catalogue.db"].dispose()


def test_the_practice_page_shows_the_photo_with_its_caption(client: FlaskClient) -> None:
    html = client.get("/en/practices/club").get_data(as_text=True)
    assert '<source type="image/webp" srcset="/media/' in html
    assert 'alt="Six women and a volunteer talk around a table with tea."' in html
    assert re.search(r'width="1200" height="1600"', html)  # upright
    assert "Credit: Municipal Public Library (example) · Licence: CC-BY-4.0" in html


def test_a_translation_gives_the_alt_text_in_its_language(client: FlaskClient) -> None:
    html = client.get("/fr/practices/club").get_data(as_text=True)
    assert 'alt="Six femmes et une bénévole parlent autour d&#39;une table' in html


def test_every_image_address_serves_a_reencoded_upright_picture(client: FlaskClient) -> None:
    html = client.get("/en/practices/club").get_data(as_text=True)
    addresses = set(re.findall(r"(/media/[0-9a-f]{64}/\d+\.(?:webp|jpg))", html))
    assert len(addresses) == 8  # 1,200 px wide upright: four widths, two formats
    for address in addresses:
        response = client.get(address)
        data = response.get_data()
        response.close()  # send_file's stream
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert b"GPS" not in data
        assert b"SERIAL-123456789" not in data
        with Image.open(io.BytesIO(data)) as image:
            assert image.height > image.width
            assert not image.getexif()


def test_materials_to_adopt_are_downloads_with_type_and_size_in_the_locale(
    client: FlaskClient,
) -> None:
    html = client.get("/en/practices/club").get_data(as_text=True)
    assert "Materials to adopt" in html
    assert "(PDF, 1.2 MB)" in html
    assert "(PDF, 1,2\u202fMo)" in client.get("/fr/practices/club").get_data(as_text=True)
    [address] = re.findall(r'href="(/media/[0-9a-f]{64}/[a-z0-9.-]+\.pdf)"', html)
    assert address.endswith("/plan-of-a-first-meeting.pdf")
    response = client.get(address)
    data = response.get_data()
    response.close()
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=plan-of-a-first-meeting.pdf"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert data.startswith(b"%PDF")


@pytest.mark.parametrize(
    "address",
    [
        "/media/" + "0" * 64 + "/720.webp",
        "/media/not-a-digest/720.webp",
        "/media/" + "0" * 64 + "/..%2F..%2Fsecret.pdf",
        "/media/" + "0" * 64 + "/plan.exe",
    ],
)
def test_nothing_outside_the_store_is_served(client: FlaskClient, address: str) -> None:
    assert client.get(address).status_code == 404


def test_results_and_the_home_page_show_a_thumbnail(client: FlaskClient) -> None:
    for page in ("/en/search?q=club", "/en/"):
        html = client.get(page).get_data(as_text=True)
        assert '<picture class="thumb">' in html, page
        assert 'alt=""' in html  # decorative: the title beside it names the practice


def test_the_dossier_prints_the_first_photo_and_the_materials_addresses(
    client: FlaskClient,
) -> None:
    from pypdf import PdfReader

    answer = client.get("/fr/dossier.pdf?slug=club")
    assert answer.status_code == 200
    pdf = PdfReader(io.BytesIO(answer.get_data()))
    pictures_printed = {image.data for page in pdf.pages for image in page.images}
    assert len(pictures_printed) == 1  # the re-encoded photo
    with Image.open(io.BytesIO(pictures_printed.pop())) as printed:
        assert printed.height > printed.width  # upright, as on the page
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Six femmes et une bénévole" in text  # the translation's alt text, as caption
    assert "Plan of a first meeting" in text
    address = r"http://localhost/media/[0-9a-f]{64}/plan-of-a-first-meeting\.pdf"
    assert re.search(address, text.replace("\n", ""))  # a long address wraps
