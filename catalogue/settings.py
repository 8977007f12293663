"""Configuration, declared once: each setting's variable, default and meaning."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

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
)


@dataclass(frozen=True)
class Settings:
    """The configuration in force."""

    data: Path
    index: Path
    database_url: str
    secret_key: str | None

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
    )


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
