"""Contributions with files: a photo straight from a phone and a PDF plan, through the
form and the API, kept with the submission, shown for review and published beside the
practice on approval, upright and without any metadata."""

from __future__ import annotations

import io
import json
import re
import tracemalloc
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlmodel import Session
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import EnvironBuilder, encode_multipart

from catalogue import submissions
from catalogue.cli import main
from catalogue.content.fields import Context
from catalogue.db import Submission, SubmissionFile, now
from catalogue.indexing import update_index
from catalogue.media.uploads import RETENTION, UploadStore, purge_expired, submission_files
from catalogue.settings import Settings
from tests.conftest import VALID_FIELDS
from tests.media import pictures
from tests.web.test_admin import db, sign_in  # noqa: F401  (db: the fixture)
from tests.web.test_contribute_form import FORM, token

PRACTICE = {key: value for key, value in VALID_FIELDS.items() if key != "added"}
PRACTICE_BODY = "## Context\n\nA club.\n"


def phone_photo_bytes(tmp_path: Path) -> bytes:
    return pictures.phone_photo(tmp_path / "IMG_0001.jpg", (1600, 1200)).read_bytes()


def pdf_bytes(tmp_path: Path) -> bytes:
    return pictures.pdf(tmp_path / "plan.pdf").read_bytes()


def form_with_files(tmp_path: Path, **changes: Any) -> dict[str, Any]:
    photo = tmp_path / "IMG_0001.jpg"
    if not photo.exists():  # made once: its ICC profile carries the time it was made
        pictures.phone_photo(photo, (1600, 1200))
    data: dict[str, Any] = {
        **FORM,
        "image-1-file": (io.BytesIO(photo.read_bytes()), "IMG_0001.JPG"),
        "image-1-alt": "Six women talk around a table with tea.",
        "image-1-credit": "Neighbourhood library (example)",
        "image-1-licence": "CC-BY-4.0",
        "photo_consent": "yes",
        "material-1-file": (io.BytesIO(pdf_bytes(tmp_path)), "Plan of a first meeting.pdf"),
        "material-1-title": "Plan of a first meeting",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post_form(client: FlaskClient, data: dict[str, Any]) -> Any:
    return client.post(
        "/en/contribute",
        data={"csrf_token": token(client), **data},
        content_type="multipart/form-data",
    )


def stored(app: Flask) -> list[Submission]:
    with Session(app.extensions["catalogue.db"]) as session:
        return submissions.list_submissions(session)


def files_of(app: Flask, submission_id: str) -> list[SubmissionFile]:
    with Session(app.extensions["catalogue.db"]) as session:
        return submission_files(session, submission_id)


def test_a_photo_from_a_phone_and_a_pdf_plan_go_through_the_form_to_the_page(
    client: FlaskClient, app: Flask, tmp_path: Path, context: Context
) -> None:
    settings: Settings = app.config["CATALOGUE_SETTINGS"]
    response = post_form(client, form_with_files(tmp_path))
    assert response.status_code == 302, response.get_data(as_text=True)
    [submission] = stored(app)
    assert submission.status == "pending"
    rows = files_of(app, submission.id)
    assert [(row.field, row.name, row.type, row.consent) for row in rows] == [
        ("images", "img-0001.jpg", "jpeg", True),
        ("materials", "plan-of-a-first-meeting.pdf", "pdf", False),
    ]
    assert all(UploadStore(settings.uploads).path(row.digest).is_file() for row in rows)

    with Session(app.extensions["catalogue.db"]) as session:
        checks = Context(context.vocabularies, context.today, uploads=settings.uploads)
        path = submissions.approve(session, submission.id, settings.practices, checks)
    text = path.read_text()
    slug = path.stem
    assert f"file: {slug}/img-0001.jpg" in text
    assert f"file: {slug}/plan-of-a-first-meeting.pdf" in text
    assert "digest" not in text  # only what a person wrote
    sent = (tmp_path / "IMG_0001.jpg").read_bytes()
    assert (settings.practices / slug / "img-0001.jpg").read_bytes() == sent
    update_index(settings.practices, settings.index, context)

    html = client.get(f"/en/practices/{slug}").get_data(as_text=True)
    assert 'alt="Six women talk around a table with tea."' in html
    assert "Credit: Neighbourhood library (example) · Licence: CC-BY-4.0" in html
    addresses = set(re.findall(r"(/media/[0-9a-f]{64}/\d+\.(?:webp|jpg))", html))
    assert len(addresses) == 8  # upright 1,200 wide: four widths, WebP and JPEG
    for address in addresses:
        served = client.get(address)
        data = served.get_data()
        served.close()
        for marker in (b"GPS", b"SERIAL-123456789", b"PhoneMaker", b"xmpmeta", b"ICC_PROFILE"):
            assert marker not in data, (address, marker)
        with Image.open(io.BytesIO(data)) as image:
            assert image.height > image.width  # stored sideways, shown upright
            assert not image.getexif()
            assert not {"exif", "icc_profile", "xmp"} & set(image.info), address
            rgb = image.convert("RGB")
            top = rgb.getpixel((image.width // 2, 5))
            bottom = rgb.getpixel((image.width // 2, image.height - 5))
            assert isinstance(top, tuple)
            assert isinstance(bottom, tuple)
            assert top[0] > 200 > top[2]  # the red half, stored on the left, is on top
            assert bottom[2] > 200 > bottom[0]

    [plan] = re.findall(r'href="(/media/[0-9a-f]{64}/plan-of-a-first-meeting\.pdf)"', html)
    download = client.get(plan)
    download.close()
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    size = len(pdf_bytes(tmp_path))
    assert f"(PDF, {round(size / 1000)} kB)" in html
    french = client.get(f"/fr/practices/{slug}").get_data(as_text=True)
    assert f"(PDF, {round(size / 1000)}\u202fko)" in french


def test_the_review_page_shows_the_files_as_reencoded_thumbnails(
    client: FlaskClient,
    app: Flask,
    tmp_path: Path,
    db: Session,  # noqa: F811
) -> None:
    post_form(client, form_with_files(tmp_path))
    [submission] = stored(app)
    sign_in(client, "coordinator@example.org")
    html = client.get(f"/en/admin/submissions/{submission.id}").get_data(as_text=True)
    assert "Files sent with it" in html
    assert "img-0001.jpg" in html
    assert "plan-of-a-first-meeting.pdf" in html
    assert "Consent of the people shown: confirmed" in html
    [preview] = re.findall(r'src="(/en/admin/submissions/[^"]+\.webp)"', html)
    response = client.get(preview)
    data = response.get_data()
    response.close()
    assert response.status_code == 200
    assert b"GPS" not in data
    client.post("/en/logout", data={"csrf_token": token(client, "/en/admin/")})
    assert client.get(preview).status_code in (302, 401)


def test_a_photo_without_consent_comes_back_with_the_file_kept(
    client: FlaskClient, app: Flask, tmp_path: Path
) -> None:
    response = post_form(client, form_with_files(tmp_path, photo_consent=None))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="photo_consent-error"' in html
    kept = re.search(r'name="image-1-kept" value="([^"]+)"', html)
    assert kept is not None
    assert "Received: img-0001.jpg" in html
    again = {
        key: value for key, value in form_with_files(tmp_path).items() if not key.endswith("-file")
    }
    again |= {
        "image-1-kept": kept.group(1),
        "material-1-kept": re.search(r'name="material-1-kept" value="([^"]+)"', html).group(1),
    }  # type: ignore[union-attr]
    assert post_form(client, again).status_code == 302
    statuses = sorted(submission.status for submission in stored(app))
    assert statuses == ["invalid", "pending"]  # the first try is kept too, with its files
    assert all(len(files_of(app, s.id)) == 2 for s in stored(app))


def test_an_html_page_renamed_pdf_is_refused_next_to_its_field(
    client: FlaskClient, app: Flask, tmp_path: Path
) -> None:
    page = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    response = post_form(
        client, form_with_files(tmp_path, **{"material-1-file": (io.BytesIO(page), "plan.pdf")})
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="material-1-file-error"' in html
    assert "its content is text/html" in html


def multipart(values: list[tuple[str, Any]]) -> tuple[bytes, str]:
    """A multipart body in memory (the test client would spool a large one to a
    temporary file it never closes), and its content type."""
    fields = MultiDict(
        [
            (name, FileStorage(value[0], filename=value[1]) if isinstance(value, tuple) else value)
            for name, value in values
        ]
    )
    boundary, body = encode_multipart(fields)
    return body, f"multipart/form-data; boundary={boundary}"


def multipart_api(client: FlaskClient, practice: dict[str, Any], files: list[Any]) -> Any:
    body, content_type = multipart(
        [("practice", json.dumps(practice)), *(("files", file) for file in files)]
    )
    return client.post("/api/v1/submissions", data=body, content_type=content_type)


def test_the_api_takes_a_practice_part_and_files_parts(
    client: FlaskClient, app: Flask, tmp_path: Path
) -> None:
    practice = {
        **PRACTICE,
        "body": PRACTICE_BODY,
        "photo_consent": True,
        "images": [{"file": "IMG_0001.jpg", "alt": "Tea on the table."}],
        "materials": [{"file": "plan.pdf", "title": "Plan"}],
    }
    files = [
        (io.BytesIO(phone_photo_bytes(tmp_path)), "IMG_0001.jpg"),
        (io.BytesIO(pdf_bytes(tmp_path)), "plan.pdf"),
    ]
    response = multipart_api(client, practice, files)
    assert response.status_code == 201, response.get_json()
    assert len(files_of(app, response.get_json()["id"])) == 2


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"photo_consent": False}, "photo_consent", "agreed to be published"),
        ({"images": [{"file": "other.jpg", "alt": "x"}]}, "images", "no file named 'other.jpg'"),
        ({"images": [{"file": "IMG_0001.jpg"}]}, "images", "alt is missing"),
        ({"materials": [{"file": "IMG_0001.jpg", "title": "A plan"}]}, "files", "plan.pdf"),
    ],
)
def test_the_api_answers_422_with_the_problem_under_images_or_materials(
    client: FlaskClient, tmp_path: Path, change: dict[str, Any], field: str, words: str
) -> None:
    practice = {
        **PRACTICE,
        "body": PRACTICE_BODY,
        "photo_consent": True,
        "images": [{"file": "IMG_0001.jpg", "alt": "Tea."}],
        "materials": [{"file": "plan.pdf", "title": "Plan"}],
        **change,
    }
    files = [
        (io.BytesIO(phone_photo_bytes(tmp_path)), "IMG_0001.jpg"),
        (io.BytesIO(pdf_bytes(tmp_path)), "plan.pdf"),
    ]
    response = multipart_api(client, practice, files)
    assert response.status_code == 422
    problems = response.get_json()["error"]["problems"]
    assert any(p["field"] == field and words in p["message"] for p in problems), problems


def test_a_script_renamed_pdf_is_refused_by_the_api(client: FlaskClient) -> None:
    materials = [{"file": "plan.pdf", "title": "P"}]
    practice = {**PRACTICE, "body": PRACTICE_BODY, "materials": materials}
    script = (io.BytesIO(b"<script>fetch('/en/admin/')</script>"), "plan.pdf")
    response = multipart_api(client, practice, [script])
    [problem] = response.get_json()["error"]["problems"]
    assert problem["field"] == "materials"
    assert "not one of the types" in problem["message"]


def test_json_submissions_work_as_before(client: FlaskClient) -> None:
    response = client.post("/api/v1/submissions", json={**PRACTICE, "body": PRACTICE_BODY})
    assert response.status_code == 201


def test_a_large_upload_is_allowed_only_on_the_upload_routes(
    client: FlaskClient, tmp_path: Path
) -> None:
    big = b"%PDF-1.4\n" + b"0" * 3_000_000
    practice = {**PRACTICE, "body": PRACTICE_BODY, "materials": [{"file": "p.pdf", "title": "P"}]}
    assert multipart_api(client, practice, [(io.BytesIO(big), "p.pdf")]).status_code == 201
    body, content_type = multipart([("email", "x"), ("password", (io.BytesIO(big), "x"))])
    response = client.post("/en/login", data=body, content_type=content_type)
    assert response.status_code == 413  # the rest of the site keeps its 1 MiB


def test_a_file_over_its_limit_gets_413(client: FlaskClient) -> None:
    huge = io.BytesIO(b"%PDF-1.4\n" + b"0" * 20_000_001)
    practice = {**PRACTICE, "body": PRACTICE_BODY, "materials": [{"file": "p.pdf", "title": "P"}]}
    response = multipart_api(client, practice, [(huge, "p.pdf")])
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_memory_stays_flat_for_a_20_mb_upload(app: Flask, tmp_path: Path) -> None:
    """The request body is built before measuring: what is counted is the site's own
    memory while it parses, stores and checks the file."""
    payload = b"%PDF-1.4\n" + b"0" * 19_900_000
    practice = {**PRACTICE, "body": PRACTICE_BODY, "materials": [{"file": "p.pdf", "title": "P"}]}
    builder = EnvironBuilder(
        path="/api/v1/submissions",
        method="POST",
        data={"practice": json.dumps(practice), "files": (io.BytesIO(payload), "p.pdf")},
        content_type="multipart/form-data",
    )
    environ = builder.get_environ()
    status: list[str] = []
    tracemalloc.start()
    try:
        body = b"".join(app(environ, lambda s, h, e=None: status.append(s)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        builder.close()
        environ["wsgi.input"].close()
    assert status == ["201 CREATED"], body
    print(f"peak memory while taking a 20 MB upload: {peak / 1e6:.2f} MB")
    assert peak < 4_000_000  # a fifth of the file; Werkzeug spools it to disk


def test_a_rejected_submissions_files_are_removed_after_the_retention_period(
    client: FlaskClient, app: Flask, tmp_path: Path
) -> None:
    settings: Settings = app.config["CATALOGUE_SETTINGS"]
    post_form(client, form_with_files(tmp_path))
    [submission] = stored(app)
    store = UploadStore(settings.uploads)
    with Session(app.extensions["catalogue.db"]) as session:
        submissions.reject(session, submission.id, "Not a library practice.")
        assert purge_expired(session, store) == 0  # within the retention period: kept
        later = now() + RETENTION + timedelta(days=1)
        assert purge_expired(session, store, later) == 2
        rows = submission_files(session, submission.id)
    assert all(row.purged_at is not None for row in rows)
    assert not any(store.path(row.digest).exists() for row in rows)


def test_the_purge_command_applies_the_retention_period_on_a_quiet_site(
    client: FlaskClient, app: Flask, tmp_path: Path, runner: CliRunner
) -> None:
    settings: Settings = app.config["CATALOGUE_SETTINGS"]
    post_form(client, form_with_files(tmp_path))
    [submission] = stored(app)
    with Session(app.extensions["catalogue.db"]) as session:
        submissions.reject(session, submission.id, "Not a library practice.")
        row = session.get(Submission, submission.id)
        assert row is not None
        row.decided_at = now() - RETENTION - timedelta(days=1)
        session.add(row)
        session.commit()
    runner.env["CATALOGUE_UPLOADS"] = str(settings.uploads)
    result = runner.invoke(main, ["submissions", "purge"])
    assert result.exit_code == 0, result.output
    assert "Removed 2 file(s) kept longer than 30 days after a decision." in result.output
    store = UploadStore(settings.uploads)
    assert not any(store.path(f.digest).exists() for f in files_of(app, submission.id))


def test_approval_never_writes_over_another_practices_files(
    client: FlaskClient, app: Flask, tmp_path: Path, context: Context
) -> None:
    settings: Settings = app.config["CATALOGUE_SETTINGS"]
    post_form(client, form_with_files(tmp_path))
    [submission] = stored(app)
    folder = settings.practices / "taken"
    folder.mkdir()
    (folder / "img-0001.jpg").write_bytes(b"another practice's photo")
    with Session(app.extensions["catalogue.db"]) as session:
        checks = Context(context.vocabularies, context.today, uploads=settings.uploads)
        path = submissions.approve(session, submission.id, settings.practices, checks, slug="taken")
    assert (folder / "img-0001.jpg").read_bytes() == b"another practice's photo"
    assert "file: taken/img-0001-2.jpg" in path.read_text()
