"""``/oai`` as a harvester meets it: every answer valid against the OAI-PMH 2.0 and
oai_dc schemas (shipped in tests/data/oai/), lists in pages, updates, deletions, and the
protocol's error codes for every kind of wrong request."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from sqlmodel import Session
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from catalogue import create_app
from catalogue.curation import hidden_slugs, hide, unhide
from catalogue.index.reader import IndexReader
from catalogue.indexing import IndexReport
from catalogue.oai import utc_today
from catalogue.oai.protocol import Continuation, make_token
from catalogue.oai.records import Selection, synchronise
from catalogue.settings import Settings
from tests.conftest import TEST_DATA, VALID_FIELDS

PUBLIC = "https://practices.example.org"
NS = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/"}
SCHEMA = etree.XMLSchema(etree.parse(str(TEST_DATA / "oai" / "harvest.xsd")))
DAY_1, DAY_5, DAY_7 = date(2026, 11, 1), date(2026, 11, 5), date(2026, 11, 7)
ALL = 7  # practices published from the test corpus


def make_app(settings: Settings, **config: Any) -> Flask:
    app = create_app(
        {"TESTING": True, "CATALOGUE_SETTINGS": settings, "SECRET_KEY": "s" * 40, **config}
    )
    app.extensions["catalogue.index"].check_interval = 0  # sees each new index at once
    return app


@pytest.fixture
def oai_app(indexed: Settings) -> Iterator[Flask]:
    app = make_app(replace(indexed, base_url=PUBLIC), OAI_PAGE_SIZE=3)
    yield app
    app.extensions["catalogue.db"].dispose()


@pytest.fixture
def harvester(oai_app: Flask) -> FlaskClient:
    return oai_app.test_client()


def valid(response: TestResponse) -> etree._Element:
    """The answer's document, once checked against the schemas."""
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    assert response.mimetype_params["charset"] == "utf-8"
    assert response.data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = etree.fromstring(response.data)
    assert SCHEMA.validate(root), SCHEMA.error_log
    return root


def ask(client: FlaskClient, **arguments: str) -> etree._Element:
    return valid(client.get("/oai", query_string=arguments))


def error_code(root: etree._Element) -> str | None:
    found = root.find("o:error", NS)
    return None if found is None else found.get("code")


def texts(root: etree._Element, path: str) -> list[str]:
    return [str(found.text) for found in root.iterfind(path, NS)]


def sync_on(app: Flask, day: date) -> None:
    """Synchronise the records as ``catalogue index`` would on ``day``."""
    engine = app.extensions["catalogue.db"]
    with Session(engine) as session:
        hidden = hidden_slugs(session)
    settings: Settings = app.config["CATALOGUE_SETTINGS"]
    reader = IndexReader(settings.index)
    vocabularies = app.extensions["catalogue.vocabularies"]
    synchronise(engine, reader.snapshot(), settings.index, hidden, vocabularies, day)
    reader.close()


def headers(client: FlaskClient, **arguments: str) -> dict[str, tuple[str, str | None]]:
    """Identifier -> (datestamp, status) of every header of a whole list, page by page."""
    found: dict[str, tuple[str, str | None]] = {}
    root = ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **arguments)
    while True:
        if error_code(root) == "noRecordsMatch":
            return found
        for header in root.iterfind(".//o:header", NS):
            identifier = header.findtext("o:identifier", namespaces=NS)
            datestamp = str(header.findtext("o:datestamp", namespaces=NS))
            found[str(identifier)] = (datestamp, header.get("status"))
        token = root.find(".//o:resumptionToken", NS)
        if token is None or not token.text:
            return found
        root = ask(client, verb="ListIdentifiers", resumptionToken=token.text)


EVERY_ANSWER = [
    {"verb": "Identify"},
    {"verb": "ListMetadataFormats"},
    {"verb": "ListMetadataFormats", "identifier": "oai:practices.example.org:riga-welcome-desk"},
    {"verb": "ListSets"},
    {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"},
    {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "country:PL"},
    {"verb": "ListRecords", "metadataPrefix": "oai_dc"},
    {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2000-01-01"},
    {
        "verb": "GetRecord",
        "identifier": "oai:practices.example.org:lodz-conversation-club",
        "metadataPrefix": "oai_dc",
    },
]


@pytest.mark.parametrize("arguments", EVERY_ANSWER, ids=lambda a: "&".join(a.values()))
def test_every_verb_answers_a_document_valid_against_the_protocols_schemas(
    harvester: FlaskClient, arguments: dict[str, str]
) -> None:
    root = ask(harvester, **arguments)
    assert error_code(root) is None
    assert root.find(f"o:{arguments['verb']}", NS) is not None
    request = root.find("o:request", NS)
    assert request is not None
    assert (request.text, dict(request.attrib)) == (f"{PUBLIC}/oai", arguments)


def test_the_schemas_would_catch_a_wrong_record(harvester: FlaskClient) -> None:
    # Evidence that validation reaches into the records: a misnamed element fails it.
    response = harvester.get("/oai?verb=ListRecords&metadataPrefix=oai_dc")
    misnamed = response.data.replace(b"dc:creator>", b"dc:author>")
    assert SCHEMA.validate(etree.fromstring(response.data))
    assert not SCHEMA.validate(etree.fromstring(misnamed))


def test_identify_describes_the_repository(harvester: FlaskClient) -> None:
    sync_on(harvester.application, DAY_1)
    identify = ask(harvester, verb="Identify").find("o:Identify", NS)
    assert identify is not None
    assert identify.findtext("o:repositoryName", namespaces=NS) == (
        "Library practices for integration"
    )
    assert identify.findtext("o:baseURL", namespaces=NS) == f"{PUBLIC}/oai"
    assert identify.findtext("o:earliestDatestamp", namespaces=NS) == "2026-11-01"
    assert identify.findtext("o:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DD"
    assert identify.findtext("o:adminEmail", namespaces=NS) == "catalogue@practices.example.org"
    assert texts(identify, ".//{*}repositoryIdentifier") == ["practices.example.org"]


def test_a_record_carries_the_practice_in_dublin_core_with_its_permanent_link(
    harvester: FlaskClient,
) -> None:
    root = ask(
        harvester,
        verb="GetRecord",
        identifier="oai:practices.example.org:lodz-conversation-club",
        metadataPrefix="oai_dc",
    )
    dc = root.find(".//o:metadata/{*}dc", NS)
    assert dc is not None
    assert texts(dc, "dc:identifier") == [f"{PUBLIC}/en/practices/lodz-conversation-club"]
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    titles = {title.get(lang): title.text for title in dc.iterfind("dc:title", NS)}
    assert titles == {
        "en": "Polish conversation club for Ukrainian women",
        "pl": "Polski klub konwersacyjny dla Ukrainek",
    }
    assert "Kobiety" in texts(dc, "dc:subject")
    assert texts(dc, "dc:coverage") == ["Łódź", "Poland", "PL"]
    assert texts(root, ".//o:header/o:setSpec")[0] == "country:PL"


def test_identifiers_name_the_request_host_when_no_public_address_is_set(
    indexed: Settings,
) -> None:
    app = make_app(indexed)
    root = ask(app.test_client(), verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert texts(root, ".//o:identifier")[0] == "oai:localhost:bologna-digital"
    assert "oai:localhost:riga-welcome-desk" in texts(root, ".//o:identifier")
    app.extensions["catalogue.db"].dispose()


def test_a_harvester_gets_the_whole_list_in_pages(harvester: FlaskClient) -> None:
    pages, cursors = [], []
    root = ask(harvester, verb="ListRecords", metadataPrefix="oai_dc")
    while True:
        pages.append(texts(root, ".//o:header/o:identifier"))
        token = root.find(".//o:resumptionToken", NS)
        assert token is not None
        assert token.get("completeListSize") == str(ALL)
        cursors.append(token.get("cursor"))
        if not token.text:
            break
        root = ask(harvester, verb="ListRecords", resumptionToken=token.text)
    assert [len(page) for page in pages] == [3, 3, 1]
    assert cursors == ["0", "3", "6"]
    assert len({identifier for page in pages for identifier in page}) == ALL


def test_a_list_that_fits_in_one_page_has_no_token(harvester: FlaskClient) -> None:
    root = ask(harvester, verb="ListIdentifiers", metadataPrefix="oai_dc", set="country:PL")
    assert len(texts(root, ".//o:identifier")) == 2
    assert root.find(".//o:resumptionToken", NS) is None


def test_a_token_still_works_after_the_index_changes_and_misses_nothing(
    harvester: FlaskClient,
    settings: Settings,
    write_practice: Callable[..., Path],
    reindex: Callable[..., IndexReport],
) -> None:
    first = ask(harvester, verb="ListIdentifiers", metadataPrefix="oai_dc")
    seen = texts(first, ".//o:identifier")
    token = first.findtext(".//o:resumptionToken", namespaces=NS)
    # Meanwhile a practice of the first page changes, one of a later page is deleted and
    # a new one arrives: a new index generation.
    write_practice("bologna-digital.md", {**VALID_FIELDS, "country": "IT", "city": "Bologna"})
    (settings.practices / "riga-welcome-desk.md").unlink()
    write_practice("gdansk-new.md", {**VALID_FIELDS, "title": "A new practice in Gdańsk"})
    reindex()
    root = ask(harvester, verb="ListIdentifiers", resumptionToken=str(token))
    while True:
        seen += texts(root, ".//o:identifier")
        token = root.findtext(".//o:resumptionToken", namespaces=NS)
        if not token:
            break
        root = ask(harvester, verb="ListIdentifiers", resumptionToken=token)
    ids = {identifier.rpartition(":")[2] for identifier in seen}
    assert ids >= {"bologna-digital", "riga-welcome-desk", "gdansk-new", "krakow-homework-club"}
    assert len(ids) == ALL + 1


def test_a_harvesters_life_lists_updates_and_deletions_with_their_dates(
    harvester: FlaskClient,
    oai_app: Flask,
    settings: Settings,
    write_practice: Callable[..., Path],
    reindex: Callable[..., IndexReport],
) -> None:
    sync_on(oai_app, DAY_1)
    assert set(headers(harvester).values()) == {("2026-11-01", None)}
    # Day 5: one practice is edited, one file deleted, one hidden by a coordinator.
    write_practice("lyon-ateliers.md", {**VALID_FIELDS, "title": "Ateliers, nouvelle formule"})
    (settings.practices / "bologna-digital.md").unlink()
    with Session(oai_app.extensions["catalogue.db"]) as db:
        hide(db, "riga-welcome-desk", "coordinator@example.org", "checking the facts")
    reindex()
    sync_on(oai_app, DAY_5)
    host = "oai:practices.example.org:"
    assert headers(harvester, **{"from": "2026-11-05"}) == {
        f"{host}bologna-digital": ("2026-11-05", "deleted"),
        f"{host}lyon-ateliers": ("2026-11-05", None),
        f"{host}riga-welcome-desk": ("2026-11-05", "deleted"),
    }
    assert len(headers(harvester, until="2026-11-04")) == ALL - 3
    deleted = ask(
        harvester, verb="GetRecord", identifier=f"{host}riga-welcome-desk", metadataPrefix="oai_dc"
    )
    record = deleted.find(".//o:record", NS)
    assert record is not None
    assert record.find("o:header", NS).get("status") == "deleted"  # type: ignore[union-attr]
    assert record.find("o:metadata", NS) is None
    # Day 7: the hidden practice is shown again; a harvest from day 6 gets only it.
    with Session(oai_app.extensions["catalogue.db"]) as db:
        unhide(db, "riga-welcome-desk", "coordinator@example.org")
    sync_on(oai_app, DAY_7)
    assert headers(harvester, **{"from": "2026-11-06"}) == {
        f"{host}riga-welcome-desk": ("2026-11-07", None)
    }


def test_the_site_notices_a_hidden_practice_without_catalogue_index(
    harvester: FlaskClient, oai_app: Flask
) -> None:
    ask(harvester, verb="Identify")  # the records are made
    with Session(oai_app.extensions["catalogue.db"]) as db:
        hide(db, "cluj-storytelling", "coordinator@example.org")
    root = ask(
        harvester,
        verb="GetRecord",
        identifier="oai:practices.example.org:cluj-storytelling",
        metadataPrefix="oai_dc",
    )
    header = root.find(".//o:header", NS)
    assert header is not None
    assert header.get("status") == "deleted"
    assert header.findtext("o:datestamp", namespaces=NS) == utc_today().isoformat()


#: A well-made token, signed with another key than this site's.
TOKEN = make_token(
    Continuation("ListRecords", Selection(), (12, "riga-welcome-desk")), b"another key"
)
WRONG_REQUESTS = [
    ({}, "badVerb"),
    ({"verb": "identify"}, "badVerb"),
    ({"verb": ["Identify", "Identify"]}, "badVerb"),
    ({"verb": "Identify", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
    (
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2026-11-05",
            "until": "2026-11-01",
        },
        "badArgument",
    ),
    (
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-11-05T00:00:00Z"},
        "badArgument",
    ),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "2026-02-30"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "5 Nov 2026"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "no such set!"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "<oai_dc>"}, "badArgument"),
    (
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": TOKEN},
        "badArgument",
    ),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc\x01"}, "badArgument"),
    ({"verb": "GetRecord", "identifier": "not a uri", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords", "resumptionToken": TOKEN}, "badResumptionToken"),
    ({"verb": "ListIdentifiers", "resumptionToken": "nonsense"}, "badResumptionToken"),
    ({"verb": "ListSets", "resumptionToken": TOKEN}, "badResumptionToken"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    (
        {
            "verb": "GetRecord",
            "identifier": "oai:practices.example.org:riga-welcome-desk",
            "metadataPrefix": "mods",
        },
        "cannotDisseminateFormat",
    ),
    (
        {
            "verb": "GetRecord",
            "identifier": "oai:practices.example.org:no-such-practice",
            "metadataPrefix": "oai_dc",
        },
        "idDoesNotExist",
    ),
    (
        {
            "verb": "GetRecord",
            "identifier": "oai:elsewhere.org:riga-welcome-desk",
            "metadataPrefix": "oai_dc",
        },
        "idDoesNotExist",
    ),
    (
        {"verb": "ListMetadataFormats", "identifier": "oai:practices.example.org:nope"},
        "idDoesNotExist",
    ),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "country:ZZ"}, "noRecordsMatch"),
    (
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "target_group:nobody"},
        "noRecordsMatch",
    ),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "1999-12-31"}, "noRecordsMatch"),
]


@pytest.mark.parametrize(("arguments", "code"), WRONG_REQUESTS)
def test_each_wrong_request_gets_the_protocols_error_code(
    harvester: FlaskClient, arguments: dict[str, Any], code: str
) -> None:
    root = ask(harvester, **arguments)
    assert error_code(root) == code
    message = root.findtext("o:error", namespaces=NS)
    assert len(message or "") > 20
    request = root.find("o:request", NS)
    assert request is not None
    # The arguments are repeated, unless they were the problem.
    assert bool(request.attrib) is (code not in ("badVerb", "badArgument"))


def test_a_harvester_may_post_its_request_as_a_form(harvester: FlaskClient) -> None:
    # No CSRF token: harvesters send forms of their own.
    response = harvester.post(
        "/oai", data={"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "country:PL"}
    )
    assert len(texts(valid(response), ".//o:identifier")) == 2


def test_text_that_looks_like_markup_is_escaped(
    harvester: FlaskClient, write_practice: Callable[..., Path], reindex: Callable[..., IndexReport]
) -> None:
    title = 'Tom & Jerry <script>alert("x")</script> ]]> club'
    write_practice("markup.md", {**VALID_FIELDS, "title": title, "organisation": "A < B & C"})
    reindex()
    identifier = "oai:practices.example.org:markup"
    root = ask(harvester, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    assert texts(root, ".//dc:title") == [title]
    assert texts(root, ".//dc:creator") == ["A < B & C"]
    assert root.find(".//{*}script") is None


ARGUMENT_NAMES = st.sampled_from(
    ["verb", "metadataPrefix", "from", "until", "set", "identifier", "resumptionToken", "x"]
)
VALUES = st.text(max_size=30) | st.sampled_from(
    ["Identify", "ListRecords", "ListIdentifiers", "GetRecord", "ListSets", "oai_dc",
     "ListMetadataFormats", "2026-11-05", "country:PL", "\x00", "oai:practices.example.org:x",
     TOKEN, "é" * 1200]
)  # fmt: skip


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(arguments=st.lists(st.tuples(ARGUMENT_NAMES, VALUES), max_size=6), post=st.booleans())
def test_any_request_gets_a_valid_answer_never_a_server_error(
    harvester: FlaskClient, arguments: list[tuple[str, str]], post: bool
) -> None:
    if post:
        response = harvester.post("/oai", data=MultiDict(arguments))
    else:
        response = harvester.get("/oai", query_string=arguments)
    valid(response)
