"""The OAI-PMH 2.0 protocol's requests: which arguments each verb takes, how each is
checked, and the resumption tokens that continue a list.

Each problem is an ``OaiError`` with the protocol's code and a message that says what
to send instead.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from catalogue.content.model import SLUG_PATTERN
from catalogue.oai.records import Position, Selection

METADATA_PREFIX = "oai_dc"
#: The longest argument value read; anything longer is refused.
MAX_ARGUMENT = 1000
#: The patterns of the protocol's schema for these arguments.
PREFIX_PATTERN = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
SET_PATTERN = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")
DAY_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
SECONDS_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
#: An absolute URI (scheme, then characters URIs may hold): anything else is no identifier.
URI_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_XML_CHARACTERS = re.compile("[\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")


class OaiError(Exception):
    """A request the protocol refuses: an error code and what to do instead."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def echoes_arguments(self) -> bool:
        """Whether the answer repeats the request's arguments (not when they were wrong)."""
        return self.code not in ("badVerb", "badArgument")


@dataclass(frozen=True)
class Verb:
    """A verb and the arguments it takes."""

    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    #: An argument that must come alone (with the verb).
    exclusive: str | None = None

    def allows(self, name: str) -> bool:
        """Whether ``name`` is one of this verb's arguments."""
        return name in self.required or name in self.optional or name == self.exclusive


_LIST = Verb(frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"}), "resumptionToken")
VERBS: dict[str, Verb] = {
    "Identify": Verb(),
    "ListMetadataFormats": Verb(optional=frozenset({"identifier"})),
    "ListSets": Verb(exclusive="resumptionToken"),
    "GetRecord": Verb(required=frozenset({"identifier", "metadataPrefix"})),
    "ListIdentifiers": _LIST,
    "ListRecords": _LIST,
}


@dataclass(frozen=True)
class Request:
    """A request whose verb and arguments are each allowed."""

    verb: str
    arguments: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        """An argument's value, or None."""
        return self.arguments.get(name)


def parse_request(pairs: Iterable[tuple[str, str]]) -> Request:
    """Check a request's arguments against its verb (badVerb, badArgument)."""
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        values.setdefault(name, []).append(value)
    verbs = values.pop("verb", [])
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OaiError("badVerb", _verb_problem(verbs))
    verb = VERBS[verbs[0]]
    for name, given in values.items():
        _check_argument(verb, verbs[0], name, given)
    arguments = {name: given[0] for name, given in values.items()}
    if verb.exclusive in arguments and len(arguments) > 1:
        raise OaiError("badArgument", f"{verb.exclusive} must be the only argument besides verb")
    if verb.exclusive not in arguments:
        missing = sorted(verb.required - arguments.keys())
        if missing:
            raise OaiError("badArgument", f"{verbs[0]} needs the argument {', '.join(missing)}")
    _check_values(arguments)
    return Request(verbs[0], arguments)


def _verb_problem(verbs: list[str]) -> str:
    known = ", ".join(VERBS)
    if not verbs:
        return f"no verb: add verb=Identify (or another of {known})"
    if len(verbs) > 1:
        return "the verb is given more than once: give it once"
    return f"unknown verb: use one of {known} (verbs are case-sensitive)"


def _check_argument(verb: Verb, verb_name: str, name: str, given: list[str]) -> None:
    if not verb.allows(name):
        shown = name if _printable(name) and len(name) <= 40 else "an argument"
        allowed = sorted(verb.required | verb.optional | {verb.exclusive or ""} - {""})
        raise OaiError(
            "badArgument",
            f"{verb_name} does not take {shown}; it takes "
            + (", ".join(allowed) if allowed else "no argument besides verb"),
        )
    if len(given) > 1:
        raise OaiError("badArgument", f"{name} is given more than once: give it once")
    if len(given[0]) > MAX_ARGUMENT or not _printable(given[0]):
        raise OaiError(
            "badArgument",
            f"{name} must be at most {MAX_ARGUMENT} characters of text (no control characters)",
        )


def _printable(text: str) -> bool:
    return _XML_CHARACTERS.fullmatch(text) is not None


def _check_values(arguments: dict[str, str]) -> None:
    prefix = arguments.get("metadataPrefix")
    if prefix is not None and not PREFIX_PATTERN.fullmatch(prefix):
        raise OaiError("badArgument", "metadataPrefix is not a metadata prefix: use oai_dc")
    spec = arguments.get("set")
    if spec is not None and not SET_PATTERN.fullmatch(spec):
        raise OaiError(
            "badArgument", "set is not a setSpec such as country:PL (ListSets lists them)"
        )
    identifier = arguments.get("identifier")
    if identifier is not None and not URI_PATTERN.fullmatch(identifier):
        raise OaiError("badArgument", "identifier is not a URI such as oai:host:practice-slug")
    start, until = (_day(arguments, name) for name in ("from", "until"))
    if start is not None and until is not None and start > until:
        raise OaiError("badArgument", "from is later than until: swap them")


def _day(arguments: dict[str, str], name: str) -> date | None:
    text = arguments.get(name)
    if text is None:
        return None
    if SECONDS_PATTERN.fullmatch(text):
        raise OaiError(
            "badArgument",
            f"{name} has seconds, finer than this repository's granularity: give a day, YYYY-MM-DD",
        )
    try:
        if not DAY_PATTERN.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise OaiError(
            "badArgument", f"{name} must be a day that exists, written YYYY-MM-DD"
        ) from None


def selection_of(request: Request) -> Selection:
    """The records a list request asks for (its arguments already checked)."""
    arguments = request.arguments
    return Selection(_day(arguments, "from"), _day(arguments, "until"), arguments.get("set"))


@dataclass(frozen=True)
class Continuation:
    """What a resumption token carries: the list asked for and where it stopped."""

    verb: str
    selection: Selection
    after: Position


def make_token(continuation: Continuation, secret: bytes) -> str:
    """A signed token for the next page: it names the last record given, not a page
    number, so records that change meanwhile move to the end rather than shift pages."""
    selection, (serial, slug) = continuation.selection, continuation.after
    payload = [
        continuation.verb,
        _iso(selection.start),
        _iso(selection.until),
        selection.set_spec,
        serial,
        slug,
    ]
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    return f"{body}.{_b64(_signature(body, secret))}"


def read_token(token: str, verb: str, secret: bytes) -> Continuation:
    """The continuation a token carries; badResumptionToken for any other string."""
    body, _, signature = token.partition(".")
    bad = OaiError(
        "badResumptionToken",
        "this resumptionToken was not issued here for this verb, or was altered: "
        "start the list again without one",
    )
    try:
        if not hmac.compare_digest(_unb64(signature), _signature(body, secret)):
            raise bad
        given, start, until, spec, serial, slug = json.loads(_unb64(body))
        if given != verb or not SLUG_PATTERN.fullmatch(slug) or type(serial) is not int:
            raise bad
        if spec is not None and not SET_PATTERN.fullmatch(spec):
            raise bad
        selection = Selection(_date(start), _date(until), spec)
        return Continuation(verb, selection, (serial, slug))
    except (ValueError, TypeError):  # not base64, not JSON, not the fields above
        raise bad from None


def _signature(body: str, secret: bytes) -> bytes:
    return hmac.new(secret, body.encode(), hashlib.sha256).digest()[:16]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)
