"""Answering each OAI-PMH verb from the records table: ``answer`` is the entry point."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree
from sqlmodel import Session

from catalogue.content.model import SLUG_PATTERN
from catalogue.content.vocabularies import Vocabularies
from catalogue.db import OaiRecord
from catalogue.oai import document
from catalogue.oai.mapping import REPOSITORY_NAME, permanent_link, set_name, vocabulary_sets
from catalogue.oai.protocol import (
    METADATA_PREFIX,
    Continuation,
    OaiError,
    Request,
    make_token,
    parse_request,
    read_token,
    selection_of,
)
from catalogue.oai.records import (
    Selection,
    count_records,
    earliest_datestamp,
    elements_of,
    find_record,
    record_sets,
    records_page,
    sets_of,
)

#: Records in one page of ListIdentifiers or ListRecords.
PAGE_SIZE = 100
#: What the oai-identifier scheme accepts as a repository's name: a domain name.
DOMAIN_PATTERN = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+")


@dataclass(frozen=True)
class Repository:
    """This repository as one request sees it."""

    #: The address of ``/oai`` (harvesters' base URL).
    base_url: str
    #: Scheme and host of the site, for the practices' permanent links.
    site: str
    #: The host in identifiers: ``oai:<host>:<slug>``.
    host: str
    admin_email: str
    secret: bytes
    vocabularies: Vocabularies
    today: date
    responded: datetime
    page_size: int = PAGE_SIZE

    def identifier(self, slug: str) -> str:
        """The OAI identifier of a practice."""
        return f"oai:{self.host}:{slug}"

    def slug_of(self, identifier: str) -> str | None:
        """The practice an identifier of this repository names, or None."""
        prefix = f"oai:{self.host}:"
        slug = identifier.removeprefix(prefix)
        return slug if identifier.startswith(prefix) and SLUG_PATTERN.fullmatch(slug) else None


def answer(pairs: Iterable[tuple[str, str]], repository: Repository, session: Session) -> bytes:
    """The XML answer to a request's (name, value) arguments: never an exception."""
    request: Request | None = None
    try:
        request = parse_request(pairs)
        body: etree._Element | list[etree._Element] = HANDLERS[request.verb](
            request, repository, session
        )
    except OaiError as problem:
        body = [document.error(problem.code, problem.message)]
        if not problem.echoes_arguments:
            request = None
    arguments = None if request is None else {"verb": request.verb, **request.arguments}
    return document.answer_document(repository.responded, repository.base_url, arguments, body)


def identify(request: Request, repository: Repository, session: Session) -> etree._Element:
    """Identify: the repository's name, address, dates and deletion policy."""
    earliest = earliest_datestamp(session) or repository.today
    made = document.described(
        document.element("Identify"),
        [
            ("repositoryName", REPOSITORY_NAME),
            ("baseURL", repository.base_url),
            ("protocolVersion", "2.0"),
            ("adminEmail", repository.admin_email),
            ("earliestDatestamp", earliest.isoformat()),
            ("deletedRecord", "persistent"),
            ("granularity", "YYYY-MM-DD"),
        ],
    )
    if DOMAIN_PATTERN.fullmatch(repository.host):
        first = records_page(session, Selection(), None, 1)
        sample = repository.identifier(first[0].slug if first else "a-practice")
        made.append(document.identifier_description(repository.host, sample))
    return made


def list_metadata_formats(
    request: Request, repository: Repository, session: Session
) -> etree._Element:
    """ListMetadataFormats: oai_dc, for every record (a deleted one too)."""
    identifier = request.get("identifier")
    if identifier is not None:
        _existing(identifier, repository, session)
    made = document.element("ListMetadataFormats")
    item = etree.SubElement(made, f"{{{document.OAI}}}metadataFormat")
    document.described(
        item,
        [
            ("metadataPrefix", METADATA_PREFIX),
            ("schema", document.OAI_DC_SCHEMA),
            ("metadataNamespace", document.OAI_DC),
        ],
    )
    return made


def list_sets(request: Request, repository: Repository, session: Session) -> etree._Element:
    """ListSets: each country that has records, each target group and activity type."""
    if request.get("resumptionToken") is not None:
        raise OaiError("badResumptionToken", "ListSets answers in one part: ask without a token")
    countries = [spec for spec in record_sets(session) if spec.startswith("country:")]
    made = document.element("ListSets")
    for spec in [*countries, *vocabulary_sets(repository.vocabularies)]:
        name = set_name(spec, repository.vocabularies)
        if name is not None:
            item = etree.SubElement(made, f"{{{document.OAI}}}set")
            document.described(item, [("setSpec", spec), ("setName", name)])
    return made


def get_record(request: Request, repository: Repository, session: Session) -> etree._Element:
    """GetRecord: one record, or the header of a deleted one."""
    found = _existing(request.arguments["identifier"], repository, session)
    _check_prefix(request.arguments["metadataPrefix"])
    made = document.element("GetRecord")
    made.append(_record(found, repository))
    return made


def list_identifiers(request: Request, repository: Repository, session: Session) -> etree._Element:
    """ListIdentifiers: the headers of the records asked for, a page at a time."""
    return _list(request, repository, session, "ListIdentifiers", _header)


def list_records(request: Request, repository: Repository, session: Session) -> etree._Element:
    """ListRecords: the records asked for, a page at a time."""
    return _list(request, repository, session, "ListRecords", _record)


def _list(
    request: Request,
    repository: Repository,
    session: Session,
    verb: str,
    write: Callable[[OaiRecord, Repository], etree._Element],
) -> etree._Element:
    token = request.get("resumptionToken")
    if token is not None:
        continuation = read_token(token, verb, repository.secret)
        selection, after = continuation.selection, continuation.after
    else:
        _check_prefix(request.arguments["metadataPrefix"])
        selection, after = selection_of(request), None
    rows = records_page(session, selection, after, repository.page_size + 1)
    if not rows:
        raise OaiError("noRecordsMatch", "no record matches these from, until and set")
    page = rows[: repository.page_size]
    made = document.element(verb)
    made.extend(write(row, repository) for row in page)
    if len(rows) > len(page) or after is not None:
        last = (page[-1].serial, page[-1].slug)
        following = make_token(Continuation(verb, selection, last), repository.secret)
        made.append(
            document.resumption_token(
                following if len(rows) > len(page) else "",
                count_records(session, selection),
                0 if after is None else count_records(session, selection, before=after),
            )
        )
    return made


def _existing(identifier: str, repository: Repository, session: Session) -> OaiRecord:
    slug = repository.slug_of(identifier)
    found = None if slug is None else find_record(session, slug)
    if found is None:
        raise OaiError(
            "idDoesNotExist",
            f"no record has this identifier; identifiers here are {repository.identifier('')}"
            "<practice>, as ListIdentifiers gives them",
        )
    return found


def _check_prefix(prefix: str) -> None:
    if prefix != METADATA_PREFIX:
        raise OaiError("cannotDisseminateFormat", f"records are given as {METADATA_PREFIX} only")


def _header(row: OaiRecord, repository: Repository) -> etree._Element:
    return document.header(
        repository.identifier(row.slug), row.datestamp, sets_of(row), deleted=row.deleted
    )


def _record(row: OaiRecord, repository: Repository) -> etree._Element:
    if row.deleted:
        return document.record(_header(row, repository), None)
    link = permanent_link(repository.site, row.slug)
    elements = [*elements_of(row), ("identifier", None, link)]
    return document.record(_header(row, repository), elements)


HANDLERS: dict[str, Callable[[Request, Repository, Session], etree._Element]] = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}
