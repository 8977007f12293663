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
    return Settings(
        data=Path(environ.get("CATALOGUE_DATA") or ROOT / "data"),
        index=Path(environ.get("CATALOGUE_INDEX") or ROOT / "index"),
        database_url=environ.get("CATALOGUE_DATABASE_URL")
        or f"sqlite:///{INSTANCE / 'catalogue.sqlite3'}",
        secret_key=environ.get("CATALOGUE_SECRET_KEY") or None,
        proxies=_whole_number(environ.get("CATALOGUE_PROXIES", "0"), "CATALOGUE_PROXIES"),
        https=environ.get("CATALOGUE_HTTPS", "0").strip().lower() in ("1", "true", "yes"),
        session_hours=_session_hours(environ.get("CATALOGUE_SESSION_HOURS") or "8"),
        base_url=_base_url(environ.get("CATALOGUE_BASE_URL", "").strip()),
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
