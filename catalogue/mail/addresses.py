"""Mail addresses: checked before anything is written into a header, so that an address
typed into a form can never add a recipient or a header of its own."""

from __future__ import annotations

import re
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.utils import parseaddr

from email_validator import EmailNotValidError, validate_email

#: Line breaks of any kind, and the other control characters: none belongs in a header.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


class AddressRefused(ValueError):
    """An address that cannot be used, with the reason."""


def recipient_address(raw: str) -> str:
    """``raw`` as a deliverable address (domain normalised), or AddressRefused.

    Syntax only: no DNS look-up, so checking never waits on the network.
    """
    if _CONTROL.search(raw):
        raise AddressRefused(f"'{_shown(raw)}' holds a line break or a control character")
    try:
        checked = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise AddressRefused(f"'{_shown(raw)}' is not an email address: {error}") from None
    return str(checked.normalized)


def sender_address(raw: str) -> str:
    """``address`` or ``Name <address>`` for the From header, or AddressRefused."""
    if _CONTROL.search(raw):
        raise AddressRefused(f"'{_shown(raw)}' holds a line break or a control character")
    name, address = parseaddr(raw.strip())
    try:
        parsed = Address(display_name=name, addr_spec=address)
    except (HeaderParseError, ValueError, IndexError):
        parsed = None
    if parsed is None or not address or "@" not in address or not parsed.domain:
        raise AddressRefused(
            f"'{_shown(raw)}' is not an address like catalogue@example.org "
            "or Catalogue <catalogue@example.org>"
        )
    return str(parsed)


def _shown(raw: str) -> str:
    """``raw`` safe to print in one line of a message."""
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", raw)[:320]
