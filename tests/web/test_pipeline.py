"""The pipeline in the back office and on the search page: importing a spreadsheet with a
preview first, the template, failed mail and retrying it, mail preferences, and search
results as a spreadsheet in the reader's language."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from catalogue import create_app
from catalogue.accounts import add_account
from catalogue.db import Account, AuditEntry, OutboxMessage, Submission
from catalogue.importing.reading import MAX_FILE_BYTES
from catalogue.importing.template import TEMPLATE_COLUMNS
from catalogue.settings import Settings
from tests.conftest import TEST_DATA, VALID_FIELDS
from tests.test_mail_smtp import SmtpServer, smtp, wait_for_mail  # noqa: F401
from tests.test_submissions import NEW
from tests.web.test_admin import PASSWORD, csrf, sign_in

PARTNERS = TEST_DATA / "import" / "partners_semicolons_with_bom.csv"
PROBLEMS = TEST_DATA / "import" / "rows_with_problems.csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    with Session(app.extensions["catalogue.db"]) as session:
        add_account(session, "coordinator@example.org", PASSWORD, "coordinator", "test")
        yield session


@pytest.fixture
def signed_in(client: FlaskClient, db: Session) -> FlaskClient:
    sign_in(client, "coordinator@example.org")
    return client


def upload(client: FlaskClient, name: str, content: bytes, locale: str = "en") -> Any:
    token = csrf(client, f"/{locale}/admin/import")
    # Encoded here, in memory: the test client spools a large form to a file it never closes.
    boundary, body = encode_multipart(
        MultiDict({"csrf_token": token, "file": FileStorage(io.BytesIO(content), name)})
    )
    return client.post(
        f"/{locale}/admin/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def confirm_path(html: str) -> str:
    found = re.search(r'action="(/en/admin/import/[^"]+)"', html)
    assert found is not None
    return found.group(1)


def imported(db: Session) -> list[Submission]:
    db.expire_all()
    return list(db.exec(select(Submission).where(Submission.source == "import")))


def test_an_upload_shows_every_row_before_anything_is_created(
    signed_in: FlaskClient, db: Session
) -> None:
    response = upload(signed_in, PROBLEMS.name, PROBLEMS.read_bytes())
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Riga welcome desk" in html
    assert "Latvia" in html
    assert "A new submission for review" in html
    assert "&#39;Narnia&#39; is not a country" in html
    assert "is a formula; an import takes values only" in html
    assert "Nothing: the same practice as row 2" in html
    assert "Import 1 valid row" in html
    assert imported(db) == []


def test_confirming_imports_the_valid_rows_once(signed_in: FlaskClient, db: Session) -> None:
    html = upload(signed_in, PARTNERS.name, PARTNERS.read_bytes()).get_data(as_text=True)
    action = confirm_path(html)
    token = csrf(signed_in, "/en/admin/import")
    response = signed_in.post(action, data={"csrf_token": token})
    assert response.status_code == 200
    assert "3 practices were imported into the review queue." in response.get_data(as_text=True)
    assert sorted(s.import_row or 0 for s in imported(db)) == [2, 3, 4]
    again = signed_in.post(action, data={"csrf_token": token})  # a second click
    assert again.status_code == 409
    assert len(imported(db)) == 3
    html = upload(signed_in, PARTNERS.name, PARTNERS.read_bytes()).get_data(as_text=True)
    assert html.count("Already imported:") == 3
    assert "No row of this file can be imported as it is." in html
    actions = [entry.action for entry in db.exec(select(AuditEntry))]
    assert "import" in actions
    dashboard = signed_in.get("/en/admin/").get_data(as_text=True)
    assert "Klub konwersacyjny dla kobiet z Ukrainy" in dashboard  # in the review queue


def test_an_upload_needs_a_coordinator_and_its_form_token(client: FlaskClient, db: Session) -> None:
    page = client.post("/en/admin/import", data={"file": (io.BytesIO(b"x"), "a.csv")})
    assert page.status_code == 302
    assert "/en/login" in page.headers["Location"]
    sign_in(client, "coordinator@example.org")
    forged = client.post(
        "/en/admin/import",
        data={"file": (io.BytesIO(PARTNERS.read_bytes()), PARTNERS.name)},
        content_type="multipart/form-data",
    )
    assert forged.status_code == 400
    assert "The form has expired" in forged.get_data(as_text=True)
    token = csrf(client, "/en/admin/import")
    other = client.post("/en/admin/import/not-a-preview", data={"csrf_token": token})
    assert other.status_code == 409
    assert imported(db) == []


def test_a_file_over_the_limit_is_refused_with_a_message(signed_in: FlaskClient) -> None:
    response = upload(signed_in, "huge.csv", b"x" * (MAX_FILE_BYTES + 100 * 1024))
    assert response.status_code == 413
    assert "The file is larger than 5 MB" in response.get_data(as_text=True)
    just_over = upload(signed_in, "huge.csv", b"title\n" + b"x" * MAX_FILE_BYTES)
    assert just_over.status_code == 200  # read, and refused by the import's own check
    assert "the file has 5.0 MB; an import reads at most 5.0 MB" in just_over.get_data(as_text=True)


def test_the_template_names_the_allowed_values_in_the_readers_language(
    signed_in: FlaskClient,
) -> None:
    response = signed_in.get("/fr/admin/import/template.xlsx")
    assert response.mimetype == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    practices, values = book.worksheets
    assert [cell.value for cell in practices[1]] == list(TEMPLATE_COLUMNS)
    rows = list(values.iter_rows(min_row=2, values_only=True))
    assert ("country", "Pays", "PL", "Pologne") in rows
    assert response.headers["Cache-Control"] == "no-store"


def test_coordinators_set_their_own_mail_preferences(signed_in: FlaskClient, db: Session) -> None:
    token = csrf(signed_in, "/en/admin/mail/preferences")
    response = signed_in.post(
        "/en/admin/mail/preferences",
        data={"csrf_token": token, "notices": "daily", "language": "lv"},
    )
    assert response.status_code == 200
    account = db.exec(select(Account).where(Account.email == "coordinator@example.org")).one()
    db.refresh(account)
    assert (account.mail_notices, account.mail_locale) == ("daily", "lv")
    assert account.digest_at is not None
    wrong = signed_in.post(
        "/en/admin/mail/preferences", data={"csrf_token": token, "notices": "hourly"}
    )
    assert wrong.status_code == 400


@pytest.fixture
def down_app(indexed: Settings, smtp: SmtpServer) -> Iterator[Flask]:  # noqa: F811
    """The site, with a mail server that refuses everything for now."""
    smtp.mailbox.refusal = "550 5.1.1 No such mailbox"
    settings = dataclasses.replace(indexed, smtp_url=smtp.url, mail_from="c@example.org")
    app = create_app({"TESTING": True, "CATALOGUE_SETTINGS": settings, "SECRET_KEY": "test"})
    yield app
    app.extensions["catalogue.db"].dispose()


def test_failed_mail_is_shown_with_its_error_and_goes_when_retried(
    down_app: Flask,
    smtp: SmtpServer,  # noqa: F811
) -> None:
    client = down_app.test_client()
    with Session(down_app.extensions["catalogue.db"]) as db:
        add_account(db, "coordinator@example.org", PASSWORD, "coordinator", "test")
        db.exec(select(Account)).one().mail_notices = "off"
        db.commit()
        client.post("/api/v1/submissions", json=NEW).close()
        wait_for_mail(down_app)
        sign_in(client, "coordinator@example.org")
        dashboard = client.get("/en/admin/").get_data(as_text=True)
        failed = '<a href="/en/admin/mail"><strong>1</strong> message could not be sent</a>'
        assert f'class="alarm">{failed}' in dashboard
        page = client.get("/en/admin/mail").get_data(as_text=True)
        assert "librarian@example.org" in page
        assert "550 5.1.1 No such mailbox" in page
        (message,) = db.exec(select(OutboxMessage)).all()
        smtp.mailbox.refusal = None
        token = csrf(client, "/en/admin/mail")
        response = client.post(f"/en/admin/mail/{message.id}/retry", data={"csrf_token": token})
        assert response.status_code == 302
        response.close()
        wait_for_mail(down_app)
        db.refresh(message)
        assert message.state == "sent"
        assert [e.rcpt_tos for e in smtp.mailbox.received] == [["librarian@example.org"]]
        assert "Every message has been sent." in client.get("/en/admin/mail").get_data(as_text=True)


def test_the_search_page_offers_its_results_as_a_spreadsheet(client: FlaskClient) -> None:
    html = client.get("/fr/search?country=PL").get_data(as_text=True)
    assert 'href="/fr/search.xlsx?country=PL"' in html
    assert 'href="/fr/search.csv?country=PL"' in html


def test_the_csv_starts_with_a_byte_order_mark_and_names_values_in_the_locale(
    client: FlaskClient,
) -> None:
    data = client.get("/pl/search.csv?country=PL&sort=title").data
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    lodz = next(row for row in rows if row["slug"] == "lodz-conversation-club")
    assert (lodz["country"], lodz["country_name"]) == ("PL", "Polska")
    assert lodz["languages"] == "pl;uk"
    assert lodz["language_names"] == "polski; ukraiński"
    assert lodz["activity_type_names"].startswith("Klub konwersacyjny")


def xlsx_rows(client: FlaskClient, path: str) -> tuple[Any, list[list[Any]]]:
    response = client.get(path)
    assert response.mimetype == XLSX
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]
    return sheet, [list(row) for row in sheet.iter_rows()]


def test_the_spreadsheet_has_the_rows_of_the_csv_named_in_the_locale(
    client: FlaskClient,
) -> None:
    sheet, rows = xlsx_rows(client, "/fr/search.xlsx?country=PL&country=RO&sort=title")
    header = [cell.value for cell in rows[0]]
    assert header[:4] == ["Titre", "Résumé", "Pays", "Organisme"]
    csv_slugs = [
        row["slug"]
        for row in csv.DictReader(
            io.StringIO(
                client.get("/fr/search.csv?country=PL&country=RO&sort=title").data.decode(
                    "utf-8-sig"
                )
            )
        )
    ]
    links = [row[0].hyperlink.target for row in rows[1:]]
    assert links == [f"http://localhost/fr/practices/{slug}" for slug in csv_slugs]
    lodz = next(row for row in rows[1:] if "lodz-conversation-club" in row[0].hyperlink.target)
    assert lodz[2].value == "Pologne"
    assert lodz[6].value == "polonais; ukrainien"
    assert lodz[8].is_date
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == sheet.dimensions
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["C"].width


@pytest.fixture
def formula_practice(write_practice: Callable[..., Path]) -> Path:
    fields = {
        **VALID_FIELDS,
        "title": '=HYPERLINK("http://evil.example","Org")',
        "summary": "+1 weekly conversation meetings in Polish, led by volunteers.",
        "organisation": "@SUM(A1:A9)",
    }
    return write_practice("formula-club.md", fields)


def test_the_spreadsheet_never_carries_a_live_formula(
    formula_practice: Path, client: FlaskClient
) -> None:
    _, rows = xlsx_rows(client, "/en/search.xlsx?country=PL")
    cells = [cell for row in rows for cell in row]
    assert [cell for cell in cells if cell.data_type == "f"] == []
    evil = next(row for row in rows[1:] if "formula-club" in row[0].hyperlink.target)
    assert evil[0].value == '\'=HYPERLINK("http://evil.example","Org")'
    assert evil[1].value.startswith("'+1 weekly")
    assert evil[3].value == "'@SUM(A1:A9)"


def test_coordinators_get_the_new_pages_in_their_navigation(signed_in: FlaskClient) -> None:
    html = signed_in.get("/en/admin/").get_data(as_text=True)
    assert 'href="/en/admin/import"' in html
    assert 'href="/en/admin/mail"' in html
    assert signed_in.get("/en/admin/mail/preferences").status_code == 200


def test_a_long_import_stops_in_time_and_the_same_button_imports_the_rest(
    signed_in: FlaskClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("catalogue.web.pipeline.IMPORT_SECONDS", 0.0)
    html = upload(signed_in, PARTNERS.name, PARTNERS.read_bytes()).get_data(as_text=True)
    action, token = confirm_path(html), csrf(signed_in, "/en/admin/import")
    for made in (1, 2, 3):
        html = signed_in.post(action, data={"csrf_token": token}).get_data(as_text=True)
        assert len(imported(db)) == made
        assert ("The rest of the file is not imported yet" in html) == (made < 3)
    assert signed_in.post(action, data={"csrf_token": token}).status_code == 409
