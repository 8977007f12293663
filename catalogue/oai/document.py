"""Writing OAI-PMH answers as XML (with lxml): the envelope, headers, records, oai_dc.

Every text and attribute goes through lxml, which escapes it; characters XML cannot
carry at all (most control characters) are dropped first, so no text can break a
document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from lxml import etree

from catalogue.oai.mapping import Element

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC = "http://purl.org/dc/elements/1.1/"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = f"{{{XSI}}}schemaLocation"

#: What XML 1.0 cannot hold: C0 controls but tab and newlines, lone surrogates, U+FFFE/F.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters an XML document cannot contain."""
    return _NOT_XML.sub("", text)


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, tag)
    if text is not None:
        child.text = xml_text(text)
    return child


def answer_document(
    responded: datetime,
    base_url: str,
    arguments: Mapping[str, str] | None,
    body: etree._Element | Sequence[etree._Element],
) -> bytes:
    """The whole answer: responseDate, the request (its arguments, unless they were
    wrong), then the verb's element or the errors."""
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(SCHEMA_LOCATION, f"{OAI} {OAI_SCHEMA}")
    _sub(root, f"{{{OAI}}}responseDate", responded.strftime("%Y-%m-%dT%H:%M:%SZ"))
    request = _sub(root, f"{{{OAI}}}request", base_url)
    for name, value in (arguments or {}).items():
        request.set(name, xml_text(value))
    root.extend([body] if isinstance(body, etree._Element) else body)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8")


def element(name: str) -> etree._Element:
    """An empty element of the OAI-PMH namespace (a verb's container)."""
    return etree.Element(f"{{{OAI}}}{name}")


def error(code: str, message: str) -> etree._Element:
    """One ``<error code="…">``."""
    found = element("error")
    found.set("code", code)
    found.text = xml_text(message)
    return found


def header(
    identifier: str, datestamp: date, sets: Iterable[str], *, deleted: bool
) -> etree._Element:
    """A record's header; a deleted one says so."""
    made = element("header")
    if deleted:
        made.set("status", "deleted")
    _sub(made, f"{{{OAI}}}identifier", identifier)
    _sub(made, f"{{{OAI}}}datestamp", datestamp.isoformat())
    for spec in sets:
        _sub(made, f"{{{OAI}}}setSpec", spec)
    return made


def record(head: etree._Element, elements: Sequence[Element] | None) -> etree._Element:
    """A record: its header, and its oai_dc metadata unless it is deleted (None)."""
    made = element("record")
    made.append(head)
    if elements is not None:
        _sub(made, f"{{{OAI}}}metadata").append(dublin_core(elements))
    return made


def dublin_core(elements: Sequence[Element]) -> etree._Element:
    """An ``oai_dc:dc`` element with each (element, language, text)."""
    dc = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    dc.set(SCHEMA_LOCATION, f"{OAI_DC} {OAI_DC_SCHEMA}")
    for name, lang, text in elements:
        made = _sub(dc, f"{{{DC}}}{name}", text)
        if lang is not None:
            made.set(XML_LANG, lang)
    return dc


def resumption_token(token: str, size: int, cursor: int) -> etree._Element:
    """A ``resumptionToken``: empty on the last page of a list."""
    made = element("resumptionToken")
    made.set("completeListSize", str(size))
    made.set("cursor", str(cursor))
    made.text = token or None
    return made


def described(parent: etree._Element, tags: Sequence[tuple[str, str]]) -> etree._Element:
    """``parent`` with a child of the OAI-PMH namespace for each (tag, text), in order."""
    for tag, text in tags:
        _sub(parent, f"{{{OAI}}}{tag}", text)
    return parent


def identifier_description(host: str, sample: str) -> etree._Element:
    """Identify's ``description`` of the identifiers (the oai-identifier scheme)."""
    description = element("description")
    scheme = etree.SubElement(
        description, f"{{{OAI_IDENTIFIER}}}oai-identifier", nsmap={None: OAI_IDENTIFIER}
    )
    scheme.set(SCHEMA_LOCATION, f"{OAI_IDENTIFIER} {OAI_IDENTIFIER_SCHEMA}")
    for tag, text in (
        ("scheme", "oai"),
        ("repositoryIdentifier", host),
        ("delimiter", ":"),
        ("sampleIdentifier", sample),
    ):
        _sub(scheme, f"{{{OAI_IDENTIFIER}}}{tag}", text)
    return description
