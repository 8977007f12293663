"""Where mail goes: an SMTP server (``CATALOGUE_SMTP_URL``), or a folder of ``.eml`` files
when none is set. Python's own ``smtplib`` and ``email`` packages speak the protocol and
build the headers; nothing here writes a header by hand."""

from __future__ import annotations

import os
import smtplib
import ssl
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

#: Seconds to wait for the mail server at each step before counting the attempt failed.
SMTP_TIMEOUT = 10


class BadSmtpUrl(ValueError):
    """A ``CATALOGUE_SMTP_URL`` that cannot be used, with what would be right."""


@dataclass(frozen=True)
class SmtpServer:
    """The mail server of ``CATALOGUE_SMTP_URL``."""

    host: str
    port: int
    username: str | None = None
    password: str | None = None
    #: ``smtps://``: TLS from the first byte (usually port 465).
    tls: bool = False
    #: ``?starttls=1``: plain connection upgraded with STARTTLS (usually port 587).
    starttls: bool = False

    def __repr__(self) -> str:  # never print the password, in a log or a traceback
        return f"SmtpServer({self.host}:{self.port}, tls={self.tls}, starttls={self.starttls})"


def parse_smtp_url(raw: str) -> SmtpServer:
    """``smtp://user:password@host:port``, ``smtps://…``, ``…?starttls=1`` as a server."""
    parts = urlsplit(raw)
    example = "smtp://user:password@mail.example.org:587?starttls=1"
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise BadSmtpUrl(f"CATALOGUE_SMTP_URL must look like {example}, not '{_masked(raw)}'")
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
    except ValueError:
        raise BadSmtpUrl(
            f"CATALOGUE_SMTP_URL has a port that is not a number: {_masked(raw)}"
        ) from None
    query = parse_qs(parts.query)
    unknown = set(query) - {"starttls"}
    if unknown or parts.path not in ("", "/"):
        raise BadSmtpUrl(
            f"CATALOGUE_SMTP_URL takes only ?starttls=1 after the address, like {example}"
        )
    starttls = query.get("starttls", ["0"])[-1].lower() in ("1", "true", "yes")
    if starttls and parts.scheme == "smtps":
        raise BadSmtpUrl("CATALOGUE_SMTP_URL: smtps:// is TLS already; drop ?starttls=1")
    return SmtpServer(
        host=parts.hostname,
        port=port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        tls=parts.scheme == "smtps",
        starttls=starttls,
    )


def _masked(raw: str) -> str:
    parts = urlsplit(raw)
    if parts.password is None:
        return raw
    return raw.replace(f":{parts.password}@", ":***@", 1)


class Transport(Protocol):
    """Delivers built messages; used as a context manager around a batch."""

    def __enter__(self) -> Transport: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def deliver(self, message: EmailMessage) -> None:
        """Hand one message over, or raise ``DeliveryFailed`` saying why not."""


class DeliveryFailed(Exception):
    """A message that did not go: ``reason`` is for the coordinators' failed-mail page;
    ``connection`` is true when the server could not be reached at all."""

    def __init__(self, reason: str, *, connection: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.connection = connection


class SmtpTransport:
    """One SMTP connection for a batch, opened at the first message."""

    def __init__(self, server: SmtpServer, context: ssl.SSLContext | None = None) -> None:
        self.server = server
        self.context = context or ssl.create_default_context()
        self.client: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except (smtplib.SMTPException, OSError):
                self.client.close()
            self.client = None

    def _connect(self) -> smtplib.SMTP:
        server = self.server
        where = f"{server.host}:{server.port}"
        try:
            if server.tls:
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    server.host, server.port, timeout=SMTP_TIMEOUT, context=self.context
                )
            else:
                client = smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT)
            if server.starttls:
                client.starttls(context=self.context)
            if server.username:
                client.login(server.username, server.password or "")
        except smtplib.SMTPAuthenticationError as error:
            raise DeliveryFailed(
                f"the mail server {where} refused the user name or password: {_smtp_reply(error)}",
                connection=True,
            ) from None
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryFailed(
                f"cannot reach the mail server {where}: {_reason(error)}", connection=True
            ) from None
        return client

    def deliver(self, message: EmailMessage) -> None:
        """Send ``message`` to the recipients in its To header."""
        if self.client is None:
            self.client = self._connect()
        try:
            refused = self.client.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            replies = "; ".join(
                f"{address}: {code} {text.decode(errors='replace')}"
                for address, (code, text) in error.recipients.items()
            )
            raise DeliveryFailed(f"the mail server refused the recipient: {replies}") from None
        except smtplib.SMTPResponseException as error:
            raise DeliveryFailed(
                f"the mail server refused the message: {_smtp_reply(error)}"
            ) from None
        except (smtplib.SMTPException, OSError) as error:
            self.client = None  # the connection is gone: the next message opens a new one
            raise DeliveryFailed(
                f"the connection to the mail server broke: {_reason(error)}", connection=True
            ) from None
        if refused:
            raise DeliveryFailed(f"the mail server refused some recipients: {refused}")


def _smtp_reply(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error
    reply = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    return f"{error.smtp_code} {reply}"


def _reason(error: BaseException) -> str:
    return str(error) or type(error).__name__


class FolderTransport:
    """Writes each message as an ``.eml`` file, for development and sites without a mail
    server: any mail program opens them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self) -> FolderTransport:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def deliver(self, message: EmailMessage) -> None:
        """Write ``message`` to ``<folder>/<time>-<outbox id>.eml``, whole or not at all."""
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        path = self.folder / f"{stamp}-{message['X-Catalogue-Outbox'] or 'message'}.eml"
        temporary: str | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(message.as_bytes())
            os.replace(temporary, path)
        except OSError as error:
            if temporary is not None and os.path.exists(temporary):
                os.unlink(temporary)
            raise DeliveryFailed(f"cannot write {path}: {error.strerror or error}") from None
