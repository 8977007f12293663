"""Configuration, declared once: each setting's variable, default and meaning."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

#: The checkout: where ``data/``, ``index/``, ``templates/`` … live.
ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


@dataclass(frozen=True)
class Setting:
    """One environment variable the catalogue reads."""

    variable: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "CATALOGUE_DATA", "data in the checkout", "folder holding practices/ and vocabularies/"
    ),
    Setting("CATALOGUE_INDEX", "index in the checkout", "folder of the Whoosh index"),
    Setting(
        "CATALOGUE_DATABASE_URL",
        "a SQLite file under instance/",
        "SQLAlchemy URL of the database (SQLite or PostgreSQL)",
    ),
    Setting(
        "CATALOGUE_SECRET_KEY",
        "generated once and kept under instance/",
        "session signing key",
    ),
    Setting(
        "CATALOGUE_PROXIES",
        "0",
        "how many reverse proxies in front of the site to trust for X-Forwarded-* headers",
    ),
    Setting(
        "CATALOGUE_HTTPS",
        "0",
        "1 when readers reach the site over HTTPS: Secure cookies and HSTS",
    ),
    Setting(
        "CATALOGUE_BASE_URL",
        "unset: the request's own host, for development",
        "the public address (https://practices.example.org): every absolute link is built "
        "from it, and a request for another host is refused",
    ),
    Setting(
        "CATALOGUE_SESSION_HOURS",
        "8",
        "hours a coordinator's sign-in lasts before they must sign in again",
    ),
    Setting(
        "CATALOGUE_SMTP_URL",
        "unset: mail is written as .eml files to CATALOGUE_MAIL_FOLDER instead of being sent",
        "the mail server: smtp://user:password@host:port, smtps://… for TLS, ?starttls=1 "
        "for STARTTLS",
    ),
    Setting(
        "CATALOGUE_MAIL_FROM",
        "catalogue@ the host of CATALOGUE_BASE_URL (catalogue@localhost without one)",
        "the sender of every message, an address or Name <address>",
    ),
    Setting(
        "CATALOGUE_MAIL_FOLDER",
        "mail under instance/",
        "where messages are written as .eml files when CATALOGUE_SMTP_URL is unset",
    ),
    Setting(
        "CATALOGUE_MEDIA",
        "media beside the index folder (media in the checkout)",
        "folder of what readers are served of images and materials: re-encoded images and "
        "copies of materials, made by catalogue index, keyed by content",
    ),
    Setting(
        "CATALOGUE_UPLOADS",
        "uploads under instance/",
        "folder of the files sent with contributions, kept until they are approved or, "
        "for rejected ones, until their retention period ends",
    ),
)

#: The shortest secret key `catalogue serve` accepts from the environment.
MIN_SECRET_KEY_LENGTH = 32


@dataclass(frozen=True)
class Settings:
    """The configuration in force."""

    data: Path
    index: Path
    database_url: str
    secret_key: str | None
    proxies: int = 0
    https: bool = False
    session_hours: int = 8
    base_url: str | None = None
    smtp_url: str | None = None
    mail_from: str = "catalogue@localhost"
    #: None (settings made in code, as tests do): mail is queued, never written or sent.
    mail_folder: Path | None = None
    #: None: ``media`` beside the index folder, as ``default_media_folder`` says.
    media_folder: Path | None = None
    #: None (settings made in code, as tests do): ``uploads`` beside the index folder.
    upload_folder: Path | None = None

    @property
    def media(self) -> Path:
        """The folder of served images and materials."""
        return self.media_folder or self.index.parent / "media"

    @property
    def uploads(self) -> Path:
        """The folder of files sent with contributions."""
        return self.upload_folder or self.index.parent / "uploads"

    @property
    def practices(self) -> Path:
        """The folder of practice files."""
        return self.data / "practices"

    @property
    def vocabularies(self) -> Path:
        """The folder of vocabulary files."""
        return self.data / "vocabularies"


def load_settings(environ: Mapping[str, str] = os.environ) -> Settings:
    """Read the settings from the environment, with the documented defaults."""
    base_url = _base_url(environ.get("CATALOGUE_BASE_URL", "").strip())
    return Settings(
        data=Path(environ.get("CATALOGUE_DATA") or ROOT / "data"),
        index=Path(environ.get("CATALOGUE_INDEX") or ROOT / "index"),
        database_url=environ.get("CATALOGUE_DATABASE_URL")
        or f"sqlite:///{INSTANCE / 'catalogue.sqlite3'}",
        secret_key=environ.get("CATALOGUE_SECRET_KEY") or None,
        proxies=_whole_number(environ.get("CATALOGUE_PROXIES", "0"), "CATALOGUE_PROXIES"),
        https=environ.get("CATALOGUE_HTTPS", "0").strip().lower() in ("1", "true", "yes"),
        session_hours=_session_hours(environ.get("CATALOGUE_SESSION_HOURS") or "8"),
        base_url=base_url,
        smtp_url=_smtp_url(environ.get("CATALOGUE_SMTP_URL", "").strip()),
        mail_from=_mail_from(environ.get("CATALOGUE_MAIL_FROM", "").strip(), base_url),
        mail_folder=Path(environ.get("CATALOGUE_MAIL_FOLDER") or INSTANCE / "mail"),
        media_folder=Path(environ["CATALOGUE_MEDIA"]) if environ.get("CATALOGUE_MEDIA") else None,
        upload_folder=Path(environ.get("CATALOGUE_UPLOADS") or INSTANCE / "uploads"),
    )


class SettingError(ValueError):
    """A setting whose value cannot be used, with the reason."""


def _whole_number(raw: str, name: str) -> int:
    value = raw.strip() or "0"
    if not (value.isascii() and value.isdigit()):
        raise SettingError(f"{name} must be a whole number, not '{raw}'")
    return int(value)


def _session_hours(raw: str) -> int:
    hours = _whole_number(raw, "CATALOGUE_SESSION_HOURS")
    if hours < 1:
        raise SettingError("CATALOGUE_SESSION_HOURS must be at least 1")
    return hours


def _base_url(raw: str) -> str | None:
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise SettingError(
            f"CATALOGUE_BASE_URL must be an address like https://practices.example.org "
            f"(scheme and host, no path), not '{raw}'"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise SettingError(f"CATALOGUE_BASE_URL must be only a scheme and a host, not '{raw}'")
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _smtp_url(raw: str) -> str | None:
    from catalogue.mail.transport import BadSmtpUrl, parse_smtp_url

    if not raw:
        return None
    try:
        parse_smtp_url(raw)
    except BadSmtpUrl as error:
        raise SettingError(str(error)) from None
    return raw


def _mail_from(raw: str, base_url: str | None) -> str:
    from catalogue.mail.addresses import AddressRefused, sender_address

    if not raw:
        host = urlsplit(base_url).hostname if base_url else None
        return f"catalogue@{host or 'localhost'}"
    try:
        return sender_address(raw)
    except AddressRefused as error:
        raise SettingError(f"CATALOGUE_MAIL_FROM: {error}") from None


def weak_secret_key(key: str | None) -> str | None:
    """Why ``key`` (from the environment) is not fit for a public site, or None."""
    if key is None:
        return None  # one is generated and kept under instance/
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return (
            f"CATALOGUE_SECRET_KEY has {len(key)} characters; use at least "
            f"{MIN_SECRET_KEY_LENGTH} random ones (python3 -c 'import secrets; "
            "print(secrets.token_hex(32))'), or unset it to have one generated"
        )
    return None


def instance_secret_key(instance: Path = INSTANCE) -> str:
    """The key kept under ``instance/``, made on first use (safe for parallel workers)."""
    path = instance / "secret_key"
    instance.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def default_media_folder(index: Path, environ: Mapping[str, str] = os.environ) -> Path:
    """The media folder an index update writes to when it is not told one: the
    configured one, else ``media`` beside the index folder (``Settings.media`` agrees)."""
    configured = environ.get("CATALOGUE_MEDIA")
    return Path(configured) if configured else index.parent / "media"
